//! Shared helpers for the runnable examples.
//!
//! The workspace README is compiled here so that its code runs as doc tests.
#![doc = include_str!("../README.md")]
