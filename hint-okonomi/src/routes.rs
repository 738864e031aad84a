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

macro_rules! routes {
    ($($(#[$doc:meta])* $id:ident = $name:literal, $template:literal;)+) => {
        $( $(#[$doc])* pub const $id: Route = Route { name: $name, template: $template }; )+
        /// All routes, for documentation and tests.
        pub const ALL: &[Route] = &[$($id),+];
    };
}

routes! {
    /// `POST utbetalinger`: create a payment order (201, with `Idempotency-Key`).
    CREATE_UTBETALING = "Okonomi.createUtbetaling", "utbetalinger";
    /// `GET utbetalinger/{id}`.
    GET_UTBETALING = "Okonomi.getUtbetaling", "utbetalinger/{id}";
    /// `GET utbetalinger`: list, filtered, paged by `nextLink`.
    LIST_UTBETALINGER = "Okonomi.listUtbetalinger", "utbetalinger";
    /// `POST utbetalinger/{id}/kanseller`: cancel while still possible.
    CANCEL_UTBETALING = "Okonomi.cancelUtbetaling", "utbetalinger/{id}/kanseller";
    /// `GET utbetalinger/{id}/kvitteringer`: the receipts of one payment.
    UTBETALING_KVITTERINGER = "Okonomi.listUtbetalingKvitteringer", "utbetalinger/{id}/kvitteringer";

    /// `POST fakturautbetalinger`: pay an incoming invoice (201, with `Idempotency-Key`).
    CREATE_FAKTURAUTBETALING = "Okonomi.createFakturautbetaling", "fakturautbetalinger";
    /// `GET fakturautbetalinger/{id}`.
    GET_FAKTURAUTBETALING = "Okonomi.getFakturautbetaling", "fakturautbetalinger/{id}";
    /// `GET fakturautbetalinger`.
    LIST_FAKTURAUTBETALINGER = "Okonomi.listFakturautbetalinger", "fakturautbetalinger";
    /// `POST fakturautbetalinger/{id}/kanseller`.
    CANCEL_FAKTURAUTBETALING = "Okonomi.cancelFakturautbetaling", "fakturautbetalinger/{id}/kanseller";
    /// `GET fakturautbetalinger/{id}/kvitteringer`.
    FAKTURAUTBETALING_KVITTERINGER = "Okonomi.listFakturautbetalingKvitteringer", "fakturautbetalinger/{id}/kvitteringer";

    /// `GET avstemminger?fraDato=&tilDato=`: reconciliation computed for a period.
    GET_AVSTEMMING = "Okonomi.getAvstemming", "avstemminger";

    /// `POST trekk`: register a deduction (201, with `Idempotency-Key`).
    CREATE_TREKK = "Okonomi.createTrekk", "trekk";
    /// `GET trekk/{id}`.
    GET_TREKK = "Okonomi.getTrekk", "trekk/{id}";
    /// `GET trekk`.
    LIST_TREKK = "Okonomi.listTrekk", "trekk";
    /// `POST trekk/{id}/stopp`: stop a deduction.
    STOP_TREKK = "Okonomi.stopTrekk", "trekk/{id}/stopp";

    /// `GET kvitteringer?etter=`: the receipt feed after a cursor.
    LIST_KVITTERINGER = "Okonomi.listKvitteringer", "kvitteringer";
}

/// The one currency this service pays in.
pub const VALUTA_NOK: &str = "NOK";

/// Default HelseID scope. **Assumption**: the real scope name is issued by Helsedirektoratet with
/// the HelseID client; override per operation if yours differs.
pub const DEFAULT_SCOPE: &str = "nhn:hint/okonomi";

/// Production base URL. **Assumption**, following the public gateway `api.helsedirektoratet.no`.
pub const PRODUCTION_URL: &str = "https://api.helsedirektoratet.no/hint/okonomi/v1/";

/// Test (QA) base URL. **Assumption**, as [`PRODUCTION_URL`].
pub const TEST_URL: &str = "https://api-qa.helsedirektoratet.no/hint/okonomi/v1/";
