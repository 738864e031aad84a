// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockHelseId`, a strict mock HelseID on loopback (discovery, JWKS, token endpoint, DPoP nonces) for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cache;
mod client;
mod der;
mod dpop;
mod error;
mod exchange;
mod http;
mod key;
mod orgnr;
pub mod privacy;
mod secret;
mod selvbetjening;
mod token;
mod util;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use client::{
    Authorization, ChallengeAction, Environment, HelseIdClient, HelseIdClientBuilder,
    MAX_ASSERTION_LIFETIME,
};
pub use error::{Error, ErrorKind};
pub use exchange::MAX_API_SENDS;
pub use key::{Algorithm, SigningKey, jwk_thumbprint};
pub use orgnr::{
    ENHETSREGISTERET_SYSTEM, ISO_6523_SYSTEM, InvalidOrganisasjonsnummer, Organisasjonsnummer,
    OrganizationNumbers,
};
pub use secret::SecretString;
pub use selvbetjening::{ClientSecret, RotatedKey, SELVBETJENING_SCOPE, Selvbetjening};
pub use token::{AccessToken, TokenRequest, TokenType};

/// The HTTP client `execute` sends with, re-exported so its version is the one this crate uses.
pub use reqwest;
/// `url::Url`, re-exported so callers need not add the `url` crate for [`HelseIdClient::authorize`].
pub use url::Url;
