//! The `tilskudd` example (being written).

fn main() {}
