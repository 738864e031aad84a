#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cache;
mod client;
mod der;
mod dpop;
mod error;
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
pub use key::{Algorithm, SigningKey, jwk_thumbprint};
pub use orgnr::{
    ENHETSREGISTERET_SYSTEM, ISO_6523_SYSTEM, InvalidOrganisasjonsnummer, Organisasjonsnummer,
    OrganizationNumbers,
};
pub use secret::SecretString;
pub use selvbetjening::{ClientSecret, RotatedKey, SELVBETJENING_SCOPE, Selvbetjening};
pub use token::{AccessToken, TokenRequest, TokenType};

/// `url::Url`, re-exported so callers need not add the `url` crate for [`HelseIdClient::authorize`].
pub use url::Url;
