//! The `utbetaling` example (being written).

fn main() {}
