//! Placeholder: filled in by the ratios bench work.
fn main() {}
