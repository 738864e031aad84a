//! The `budsjett` example (being written).

fn main() {}
