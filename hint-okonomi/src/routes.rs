//! Every route, operation name, query parameter and header this crate uses, in one place.
//!
//! HINT Økonomi's API documents (API-HINT-OKONOMI.pdf, Bruk-av-HINT-Okonomi.pdf) are not public.
//! This contract is **modelled from public standards** — the Microsoft REST API guidelines that
//! HINT says it follows (collections as `{"value": [...], "nextLink": "..."}`, errors as
//! `{"error": {"code", "message", "target"}}`, actions as sub-resources), ISO 20022 pain.001 /
//! pain.002 / camt.054 for the payment fields, and DFØ's receipt vocabulary (mottaksretur,
//! avvisningsretur, avregningsretur). When the real contract differs, this file and the serde
//! names in the model modules are the only places to change.
//!
//! Path templates are relative to the base URL and are what traces show (never a concrete path).

/// Wire names of query parameters.
pub mod query {
    /// Page size (Microsoft REST guidelines).
    pub const MAX_PAGE_SIZE: &str = "maxpagesize";
    /// Filter on status.
    pub const STATUS: &str = "status";
    /// Filter: due date on or after.
    pub const FORFALL_FRA: &str = "forfallFra";
    /// Filter: due date on or before.
    pub const FORFALL_TIL: &str = "forfallTil";
    /// Filter: the caller's own reference.
    pub const EGEN_REFERANSE: &str = "egenReferanse";
    /// Filter: grant scheme code.
    pub const TILSKUDDSORDNING: &str = "tilskuddsordning";
    /// Filter: the payee's or supplier's organisasjonsnummer.
    pub const ORGANISASJONSNUMMER: &str = "organisasjonsnummer";
    /// Filter: invoice number.
    pub const FAKTURANUMMER: &str = "fakturanummer";
    /// Reconciliation period start (inclusive).
    pub const FRA_DATO: &str = "fraDato";
    /// Reconciliation period end (inclusive).
    pub const TIL_DATO: &str = "tilDato";
    /// Receipt feed: receipts after this cursor.
    pub const ETTER: &str = "etter";
    /// Continuation token inside `nextLink` (the mock's; the SDK follows links as given).
    pub const SKIP_TOKEN: &str = "skipToken";
}

/// A route: operation name and path template.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// Operation name for traces and errors.
    pub name: &'static str,
    /// Path template under the base URL.
    pub template: &'static str,
}

/// `POST utbetalinger`: create a payment order (201, with `Idempotency-Key`).
pub const CREATE_UTBETALING: Route = Route {
    name: "Okonomi.createUtbetaling",
    template: "utbetalinger",
};
/// `GET utbetalinger/{id}`.
pub const GET_UTBETALING: Route = Route {
    name: "Okonomi.getUtbetaling",
    template: "utbetalinger/{id}",
};
/// `GET utbetalinger`: list, filtered, paged by `nextLink`.
pub const LIST_UTBETALINGER: Route = Route {
    name: "Okonomi.listUtbetalinger",
    template: "utbetalinger",
};
/// `POST utbetalinger/{id}/kanseller`: cancel while still possible.
pub const CANCEL_UTBETALING: Route = Route {
    name: "Okonomi.cancelUtbetaling",
    template: "utbetalinger/{id}/kanseller",
};
/// `GET utbetalinger/{id}/kvitteringer`: the receipts of one payment.
pub const UTBETALING_KVITTERINGER: Route = Route {
    name: "Okonomi.listUtbetalingKvitteringer",
    template: "utbetalinger/{id}/kvitteringer",
};

/// `POST fakturautbetalinger`: pay an incoming invoice (201, with `Idempotency-Key`).
pub const CREATE_FAKTURAUTBETALING: Route = Route {
    name: "Okonomi.createFakturautbetaling",
    template: "fakturautbetalinger",
};
/// `GET fakturautbetalinger/{id}`.
pub const GET_FAKTURAUTBETALING: Route = Route {
    name: "Okonomi.getFakturautbetaling",
    template: "fakturautbetalinger/{id}",
};
/// `GET fakturautbetalinger`.
pub const LIST_FAKTURAUTBETALINGER: Route = Route {
    name: "Okonomi.listFakturautbetalinger",
    template: "fakturautbetalinger",
};
/// `POST fakturautbetalinger/{id}/kanseller`.
pub const CANCEL_FAKTURAUTBETALING: Route = Route {
    name: "Okonomi.cancelFakturautbetaling",
    template: "fakturautbetalinger/{id}/kanseller",
};
/// `GET fakturautbetalinger/{id}/kvitteringer`.
pub const FAKTURAUTBETALING_KVITTERINGER: Route = Route {
    name: "Okonomi.listFakturautbetalingKvitteringer",
    template: "fakturautbetalinger/{id}/kvitteringer",
};

/// `GET avstemminger?fraDato=&tilDato=`: reconciliation computed for a period.
pub const GET_AVSTEMMING: Route = Route {
    name: "Okonomi.getAvstemming",
    template: "avstemminger",
};

/// `POST trekk`: register a deduction (201, with `Idempotency-Key`).
pub const CREATE_TREKK: Route = Route {
    name: "Okonomi.createTrekk",
    template: "trekk",
};
/// `GET trekk/{id}`.
pub const GET_TREKK: Route = Route {
    name: "Okonomi.getTrekk",
    template: "trekk/{id}",
};
/// `GET trekk`.
pub const LIST_TREKK: Route = Route {
    name: "Okonomi.listTrekk",
    template: "trekk",
};
/// `POST trekk/{id}/stopp`: stop a deduction.
pub const STOP_TREKK: Route = Route {
    name: "Okonomi.stopTrekk",
    template: "trekk/{id}/stopp",
};

/// `GET kvitteringer?etter=`: the receipt feed after a cursor.
pub const LIST_KVITTERINGER: Route = Route {
    name: "Okonomi.listKvitteringer",
    template: "kvitteringer",
};

/// All routes, for documentation and tests.
pub const ALL: &[Route] = &[
    CREATE_UTBETALING,
    GET_UTBETALING,
    LIST_UTBETALINGER,
    CANCEL_UTBETALING,
    UTBETALING_KVITTERINGER,
    CREATE_FAKTURAUTBETALING,
    GET_FAKTURAUTBETALING,
    LIST_FAKTURAUTBETALINGER,
    CANCEL_FAKTURAUTBETALING,
    FAKTURAUTBETALING_KVITTERINGER,
    GET_AVSTEMMING,
    CREATE_TREKK,
    GET_TREKK,
    LIST_TREKK,
    STOP_TREKK,
    LIST_KVITTERINGER,
];

/// The one currency this service pays in.
pub const VALUTA_NOK: &str = "NOK";

/// Default HelseID scope. **Assumption**: the real scope name is issued by Helsedirektoratet with
/// the HelseID client; override per operation if yours differs.
pub const DEFAULT_SCOPE: &str = "nhn:hint/okonomi";

/// Production base URL. **Assumption**, following the public gateway `api.helsedirektoratet.no`.
pub const PRODUCTION_URL: &str = "https://api.helsedirektoratet.no/hint/okonomi/v1/";

/// Test (QA) base URL. **Assumption**, as [`PRODUCTION_URL`].
pub const TEST_URL: &str = "https://api-qa.helsedirektoratet.no/hint/okonomi/v1/";
