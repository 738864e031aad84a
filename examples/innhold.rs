//! The `innhold` example (being written).

fn main() {}
