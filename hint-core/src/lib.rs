#![doc = include_str!("../README.md")]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): the test kit every service crate's mock builds on: a wiremock server behind a loopback fault proxy, `Fault` injection, a mock HelseID, and the kit service mocks are built from (a router over the crate's route table, scopes, idempotency, responders, paging, wire-contract checks).
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
mod client;
pub mod error;
mod error_body;
pub mod ident;
pub mod lenient;
pub mod open_enum;
mod options;
pub mod paging;
mod pipeline;
mod request;
mod request_id;
mod response;
pub mod retry;
pub mod route;
mod scrub;
mod secret;
mod string_id;
pub mod tilskudd;
pub mod transport;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use auth::{
    AuthHeaders, AuthRequest, AuthResponse, Challenge, Credential, HelseIdCredential, StaticBearer,
};
pub use client::{Client, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER};
pub use error::{Error, ErrorKind, MAX_TEXT_BYTES, Result};
pub use open_enum::{OpenEnum, UnknownValue};
pub use options::{
    ClientBuilder, DEFAULT_API_KEY_HEADER, DEFAULT_MAX_BUFFERED_BYTES, Environment, Service,
    ServiceInfo,
};
pub use paging::{Page, PageStyle, PageToken, Pager};
pub use request::{Body, ByteStream, Operation, StreamFactory, new_idempotency_key};
pub use response::{Response, StreamingResponse, decode_json};
pub use retry::RetryOptions;
pub use route::{Method, Route};
pub use secret::Secret;
pub use transport::Transport;

/// The date and time library of every model's dates, re-exported so users need not depend on it.
pub use chrono;
/// The HelseID client, re-exported so a service crate is all a user needs to depend on.
pub use helseid_auth;
/// Re-exported for building base URLs.
pub use url::Url;
