//! Shared helpers for the runnable examples: reading their settings from the environment.
//!
//! The workspace README is compiled here so that its code runs as doc tests.
#![doc = include_str!("../README.md")]

pub mod settings;

use std::process::ExitCode;

/// How an example ends: an error is printed as its message (status, service code, request id;
/// never a struct dump) after the example's name, and the process fails.
pub fn exit_status<E: std::fmt::Display>(example: &str, result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{example}: {error}");
            ExitCode::FAILURE
        }
    }
}
