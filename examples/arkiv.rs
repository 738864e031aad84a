//! The `arkiv` example (being written).

fn main() {}
