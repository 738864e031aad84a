//! The `verktoy` example (being written).

fn main() {}
