//! Every route, operation name, query parameter and wire field of HINT Budsjett, in one place.
//!
//! **HINT Budsjett has no public API document.** This contract is modelled on what is known:
//! the fields from Helsedirektoratet's service description (Tilskuddsordning: `Kode`,
//! `Koststed`, `KoststedKode`, `KoststedFullBeskrivelse`, `Navn`; Budsjett: `Periode`,
//! `Koststed`, `KapittelPost`, `Budsjett`), and the Microsoft REST API guidelines the
//! description says the API follows:
//!
//! - collections are `{"value": [...], "nextLink": "..."}`, `nextLink` absent on the last page;
//! - page size with `maxpagesize`, server-driven continuation with an opaque link;
//! - errors are `{"error": {"code", "message", "target"}}`;
//! - JSON field names in camelCase (the ASP.NET default). The PascalCase spelling of the
//!   service description (`KapittelPost`) is accepted too when reading.
//!
//! Two further assumptions: a budget row carries the scheme's `kode` (the description's table
//! does not list it, yet budgets are per scheme, so the field is optional in the model), and the
//! filters are plain query parameters named like the fields. When the real contract is known,
//! this file and the serde names in the models are what changes.

use hint_core::Route;

/// List grant schemes: `GET tilskuddsordninger?koststed=&navn=&maxpagesize=`.
pub const LIST_TILSKUDDSORDNINGER: Route =
    Route::get("Budsjett.listTilskuddsordninger", "tilskuddsordninger");

/// One grant scheme by its code: `GET tilskuddsordninger/{kode}`.
pub const GET_TILSKUDDSORDNING: Route =
    Route::get("Budsjett.getTilskuddsordning", "tilskuddsordninger/{kode}");

/// List budget rows: `GET budsjett?periode=&koststed=&kode=&kapittelPost=&maxpagesize=`.
pub const LIST_BUDSJETT: Route = Route::get("Budsjett.listBudsjett", "budsjett");

/// Every route of the service (the mock serves exactly these).
pub const ALL: &[Route] = &[LIST_TILSKUDDSORDNINGER, GET_TILSKUDDSORDNING, LIST_BUDSJETT];

/// Base URL of the test environment (an assumption: Helsedirektoratet's API gateway in QA).
pub const TEST_URL: &str = "https://api-qa.helsedirektoratet.no/hint/budsjett/v1/";
/// Base URL of production (an assumption: Helsedirektoratet's API gateway).
pub const PRODUCTION_URL: &str = "https://api.helsedirektoratet.no/hint/budsjett/v1/";

/// The HelseID scope requested by default (an assumption; no public scope list exists). Use
/// another with `ClientBuilder::credential(Arc::new(HelseIdCredential::new(client, [scope])))`.
pub const DEFAULT_SCOPE: &str = "nhn:hint/budsjett.read";

/// Query parameters.
pub mod query {
    /// Page size (Microsoft REST guidelines' `maxpagesize`).
    pub const MAX_PAGE_SIZE: &str = "maxpagesize";
    /// Filter: budget year.
    pub const PERIODE: &str = super::wire::PERIODE;
    /// Filter: cost centre.
    pub const KOSTSTED: &str = super::wire::KOSTSTED;
    /// Filter: scheme code.
    pub const KODE: &str = super::wire::KODE;
    /// Filter: chapter and post.
    pub const KAPITTEL_POST: &str = super::wire::KAPITTEL_POST;
    /// Filter: part of a scheme's name, case-insensitive.
    pub const NAVN: &str = super::wire::NAVN;
    /// The continuation the service puts in `nextLink` (the mock uses it; clients follow the
    /// link as it is).
    pub const SKIP_TOKEN: &str = "$skiptoken";
}

/// The largest page size the SDK asks for.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// The wire contract of query strings, as the mock checks them (feature `mock`). Written out
/// from the names above, never derived from the SDK's filters: a client that sends a misspelt
/// parameter or a badly written value is refused by the mock, naming the parameter.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod contract {
    use hint_core::mock::contract::{Contract, Type, optional};

    use super::query;

    /// A chapter/post as the service writes it (`719.21`), from `719.21` or `0719.21`: a
    /// chapter of 1 to 4 digits (not 0), a dot and a two-digit post. `None` when it is not one.
    pub fn kapittel_post(v: &str) -> Option<String> {
        let (kapittel, post) = v.split_once('.')?;
        let digits =
            |s: &str, n| (1..=n).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        let ok = digits(kapittel, 4) && digits(post, 2) && post.len() == 2;
        (ok && kapittel.parse::<u16>().ok()? > 0)
            .then(|| format!("{}.{post}", kapittel.trim_start_matches('0')))
    }

    /// `GET tilskuddsordninger`.
    pub const LIST_TILSKUDDSORDNINGER: Contract = Contract::new(&[
        optional(query::KOSTSTED, Type::Digits(4, 6)),
        optional(query::NAVN, Type::String),
        optional(query::MAX_PAGE_SIZE, Type::Integer),
        optional(query::SKIP_TOKEN, Type::String),
    ]);

    /// `GET budsjett`.
    pub const LIST_BUDSJETT: Contract = Contract::new(&[
        optional(query::PERIODE, Type::IntegerIn(2000, 2100)),
        optional(query::KOSTSTED, Type::Digits(4, 6)),
        optional(query::KODE, Type::Digits(6, 6)),
        optional(
            query::KAPITTEL_POST,
            Type::StringWhere(
                |v| kapittel_post(v).is_some(),
                "a chapter of 1 to 4 digits, a dot and a two-digit post (719.21)",
            ),
        ),
        optional(query::MAX_PAGE_SIZE, Type::Integer),
        optional(query::SKIP_TOKEN, Type::String),
    ]);

    /// Routes that take no query parameters.
    pub const NO_QUERY: Contract = Contract::new(&[]);
}

/// JSON field names (also the names [`hint_core::Error::field`] reports for bad input).
pub mod wire {
    /// Scheme code (ordningsnummer).
    pub const KODE: &str = "kode";
    /// Scheme name.
    pub const NAVN: &str = "navn";
    /// Cost centre.
    pub const KOSTSTED: &str = "koststed";
    /// Department short code.
    pub const KOSTSTED_KODE: &str = "koststedKode";
    /// Department description.
    pub const KOSTSTED_FULL_BESKRIVELSE: &str = "koststedFullBeskrivelse";
    /// Budget year.
    pub const PERIODE: &str = "periode";
    /// Chapter and post.
    pub const KAPITTEL_POST: &str = "kapittelPost";
    /// The amount.
    pub const BUDSJETT: &str = "budsjett";
    /// A page's items.
    pub const VALUE: &str = "value";
    /// A page's continuation link.
    pub const NEXT_LINK: &str = "nextLink";
}
