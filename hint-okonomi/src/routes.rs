//! Every route, operation name, query parameter and header this crate uses, in one place.
//!
//! HINT Økonomi's API documents (API-HINT-OKONOMI.pdf, Bruk-av-HINT-Okonomi.pdf) are not public.
//! This contract is **modelled from public standards** — the Microsoft REST API guidelines that
//! HINT says it follows (collections as `{"value": [...], "nextLink": "..."}`, errors as
//! `{"error": {"code", "message", "target"}}`, actions as sub-resources), ISO 20022 pain.001 /
//! pain.002 / camt.054 for the payment fields, and DFØ's receipt vocabulary (mottaksretur,
//! avvisningsretur, avregningsretur). When the real contract differs, this file (routes, query
//! parameters, wire names and the request `contract` the mock checks) and the serde names in
//! the model modules are the only places to change.
//!
//! Path templates are relative to the base URL and are what traces show (never a concrete path).

use hint_core::Route;

/// Wire names of query parameters.
pub mod query {
    /// The list filters that match a text field of the document: the parameter and the field
    /// (a JSON pointer). The mock filters with these.
    pub const FILTERS: [(&str, &str); 4] = [
        (STATUS, "/status"),
        (EGEN_REFERANSE, "/egenReferanse"),
        (TILSKUDDSORDNING, "/kontering/tilskuddsordning"),
        (FAKTURANUMMER, "/fakturanummer"),
    ];

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

/// `POST utbetalinger`: create a payment order (201, with `Idempotency-Key`).
pub const CREATE_UTBETALING: Route = Route::post("Okonomi.createUtbetaling", "utbetalinger");
/// `GET utbetalinger/{id}`.
pub const GET_UTBETALING: Route = Route::get("Okonomi.getUtbetaling", "utbetalinger/{id}");
/// `GET utbetalinger`: list, filtered, paged by `nextLink`.
pub const LIST_UTBETALINGER: Route = Route::get("Okonomi.listUtbetalinger", "utbetalinger");
/// `POST utbetalinger/{id}/kanseller`: cancel while still possible.
pub const CANCEL_UTBETALING: Route =
    Route::post("Okonomi.cancelUtbetaling", "utbetalinger/{id}/kanseller");
/// `GET utbetalinger/{id}/kvitteringer`: the receipts of one payment.
pub const LIST_UTBETALING_KVITTERINGER: Route = Route::get(
    "Okonomi.listUtbetalingKvitteringer",
    "utbetalinger/{id}/kvitteringer",
);

/// `POST fakturautbetalinger`: pay an incoming invoice (201, with `Idempotency-Key`).
pub const CREATE_FAKTURAUTBETALING: Route =
    Route::post("Okonomi.createFakturautbetaling", "fakturautbetalinger");
/// `GET fakturautbetalinger/{id}`.
pub const GET_FAKTURAUTBETALING: Route =
    Route::get("Okonomi.getFakturautbetaling", "fakturautbetalinger/{id}");
/// `GET fakturautbetalinger`.
pub const LIST_FAKTURAUTBETALINGER: Route =
    Route::get("Okonomi.listFakturautbetalinger", "fakturautbetalinger");
/// `POST fakturautbetalinger/{id}/kanseller`.
pub const CANCEL_FAKTURAUTBETALING: Route = Route::post(
    "Okonomi.cancelFakturautbetaling",
    "fakturautbetalinger/{id}/kanseller",
);
/// `GET fakturautbetalinger/{id}/kvitteringer`.
pub const LIST_FAKTURAUTBETALING_KVITTERINGER: Route = Route::get(
    "Okonomi.listFakturautbetalingKvitteringer",
    "fakturautbetalinger/{id}/kvitteringer",
);

/// `GET avstemminger?fraDato=&tilDato=`: reconciliation computed for a period.
pub const GET_AVSTEMMING: Route = Route::get("Okonomi.getAvstemming", "avstemminger");

/// `POST trekk`: register a deduction (201, with `Idempotency-Key`).
pub const CREATE_TREKK: Route = Route::post("Okonomi.createTrekk", "trekk");
/// `GET trekk/{id}`.
pub const GET_TREKK: Route = Route::get("Okonomi.getTrekk", "trekk/{id}");
/// `GET trekk`.
pub const LIST_TREKK: Route = Route::get("Okonomi.listTrekk", "trekk");

/// `POST trekk/{id}/stopp`: stop a deduction.
pub const STOP_TREKK: Route = Route::post("Okonomi.stopTrekk", "trekk/{id}/stopp");
/// `GET kvitteringer?etter=`: the receipt feed after a cursor.
pub const LIST_KVITTERINGER: Route = Route::get("Okonomi.listKvitteringer", "kvitteringer");

/// JSON field names of the request bodies (also the names [`hint_core::Error::field`] reports
/// for bad input, and the names the mock checks bodies against).
pub mod wire {
    /// The payee (an object: `navn` and `organisasjonsnummer` or `foedselsnummer`).
    pub const MOTTAKER: &str = "mottaker";
    /// A name.
    pub const NAVN: &str = "navn";
    /// An organisation's number (9 digits).
    pub const ORGANISASJONSNUMMER: &str = "organisasjonsnummer";
    /// A person's fødselsnummer or D-nummer (11 digits).
    pub const FOEDSELSNUMMER: &str = "foedselsnummer";
    /// The account paid to (an object: `kontonummer`, or `iban` and `bic`).
    pub const KONTO: &str = "konto";
    /// A Norwegian account number (11 digits).
    pub const KONTONUMMER: &str = "kontonummer";
    /// A foreign account.
    pub const IBAN: &str = "iban";
    /// The foreign account's bank.
    pub const BIC: &str = "bic";
    /// An amount: text with two decimals (`"1250.00"`).
    pub const BELOEP: &str = "beloep";
    /// The currency, `NOK`.
    pub const VALUTA: &str = "valuta";
    /// The due date.
    pub const FORFALLSDATO: &str = "forfallsdato";
    /// The KID.
    pub const KID: &str = "kid";
    /// A free-text message to the payee.
    pub const MELDING: &str = "melding";
    /// The caller's own reference.
    pub const EGEN_REFERANSE: &str = "egenReferanse";
    /// Accounting dimensions (an object).
    pub const KONTERING: &str = "kontering";
    /// The grant scheme's code.
    pub const TILSKUDDSORDNING: &str = "tilskuddsordning";
    /// The budget chapter and post (`719.21`).
    pub const KAPITTELPOST: &str = "kapittelpost";
    /// The cost centre (4–6 digits).
    pub const KOSTSTED: &str = "koststed";
    /// An invoice's number.
    pub const FAKTURANUMMER: &str = "fakturanummer";
    /// An invoice's date.
    pub const FAKTURADATO: &str = "fakturadato";
    /// The supplier of an invoice (an object: `organisasjonsnummer`, `navn`).
    pub const LEVERANDOER: &str = "leverandoer";
    /// The kind of a deduction.
    pub const TYPE: &str = "type";
    /// A deduction's period (an object: `fraDato`, `tilDato`).
    pub const PERIODE: &str = "periode";
    /// A period's first day.
    pub const FRA_DATO: &str = "fraDato";
    /// A period's last day.
    pub const TIL_DATO: &str = "tilDato";
    /// The reference of the decision behind a deduction.
    pub const REFERANSE: &str = "referanse";
}

/// The wire contract of request bodies and query strings, as the mock checks them (feature
/// `mock`). Written out from the names above, never derived from the models: a model that sends
/// another shape is refused by the mock, naming the field.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod contract {
    use hint_core::mock::contract::{Contract, Field, Type, optional, required};
    use rust_decimal::Decimal;

    use super::{query, wire};

    const AMOUNT: Type = Type::StringWhere(
        |v| {
            crate::beloep::parse_exact(v)
                .is_ok_and(|d| d > Decimal::ZERO && d.normalize().scale() <= 2)
        },
        "a positive amount as text with at most two decimals (\"1250.00\")",
    );
    const NOK: Type = Type::StringWhere(|v| v == "NOK", "NOK");
    const KID: Type = Type::StringWhere(
        |v| (2..=25).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit() || b == b'-'),
        "2 to 25 digits (a MOD11 check digit may be `-`)",
    );
    const KAPITTELPOST: Type = Type::StringWhere(
        |v| v.parse::<crate::Kapittelpost>().is_ok(),
        "a chapter and post such as 719.21",
    );
    const TREKKTYPE: Type = Type::StringWhere(
        |v| {
            matches!(
                v,
                "motregning" | "tilbakekreving" | "utleggstrekk" | "forskuddstrekk"
            )
        },
        "motregning, tilbakekreving, utleggstrekk or forskuddstrekk",
    );

    const MOTTAKER: &[Field] = &[
        required(wire::NAVN, Type::String),
        optional(wire::ORGANISASJONSNUMMER, Type::Digits(9, 9)),
        optional(wire::FOEDSELSNUMMER, Type::Digits(11, 11)),
    ];
    const LEVERANDOER: &[Field] = &[
        required(wire::ORGANISASJONSNUMMER, Type::Digits(9, 9)),
        optional(wire::NAVN, Type::String),
    ];
    const KONTO: &[Field] = &[
        optional(wire::KONTONUMMER, Type::Digits(11, 11)),
        optional(wire::IBAN, Type::String),
        optional(wire::BIC, Type::String),
    ];
    const KONTERING: &[Field] = &[
        optional(wire::TILSKUDDSORDNING, Type::String),
        optional(wire::KAPITTELPOST, KAPITTELPOST),
        optional(wire::KOSTSTED, Type::Digits(4, 6)),
    ];
    const PERIODE: &[Field] = &[
        required(wire::FRA_DATO, Type::Date),
        optional(wire::TIL_DATO, Type::Date),
    ];

    /// `POST utbetalinger`.
    pub const NY_UTBETALING: Contract = Contract::new(&[
        required(wire::MOTTAKER, Type::Object(MOTTAKER)),
        required(wire::KONTO, Type::Object(KONTO)),
        required(wire::BELOEP, AMOUNT),
        required(wire::VALUTA, NOK),
        required(wire::FORFALLSDATO, Type::Date),
        optional(wire::KID, KID),
        optional(wire::MELDING, Type::String),
        optional(wire::EGEN_REFERANSE, Type::String),
        optional(wire::KONTERING, Type::Object(KONTERING)),
    ]);

    /// `POST fakturautbetalinger`.
    pub const NY_FAKTURAUTBETALING: Contract = Contract::new(&[
        required(wire::FAKTURANUMMER, Type::String),
        required(wire::FAKTURADATO, Type::Date),
        required(wire::FORFALLSDATO, Type::Date),
        required(wire::LEVERANDOER, Type::Object(LEVERANDOER)),
        required(wire::KONTO, Type::Object(KONTO)),
        required(wire::BELOEP, AMOUNT),
        required(wire::VALUTA, NOK),
        optional(wire::KID, KID),
        optional(wire::EGEN_REFERANSE, Type::String),
        optional(wire::KONTERING, Type::Object(KONTERING)),
    ]);

    /// `POST trekk`.
    pub const NY_TREKK: Contract = Contract::new(&[
        required(wire::TYPE, TREKKTYPE),
        required(wire::MOTTAKER, Type::Object(MOTTAKER)),
        required(wire::BELOEP, AMOUNT),
        required(wire::PERIODE, Type::Object(PERIODE)),
        optional(wire::REFERANSE, Type::String),
    ]);

    const fn list_query(fakturanummer: Type) -> [Field; 9] {
        [
            optional(query::STATUS, Type::String),
            optional(query::FORFALL_FRA, Type::Date),
            optional(query::FORFALL_TIL, Type::Date),
            optional(query::EGEN_REFERANSE, Type::String),
            optional(query::TILSKUDDSORDNING, Type::String),
            optional(query::ORGANISASJONSNUMMER, Type::Digits(9, 9)),
            optional(query::MAX_PAGE_SIZE, Type::Integer),
            optional(query::SKIP_TOKEN, Type::String),
            // Only invoice payments are filtered by invoice number.
            optional(query::FAKTURANUMMER, fakturanummer),
        ]
    }
    const NOT_HERE: Type = Type::StringWhere(|_| false, "not a filter of payment orders");
    /// `GET utbetalinger`.
    pub const LIST_UTBETALINGER: Contract = Contract::new(&list_query(NOT_HERE));
    /// `GET fakturautbetalinger`.
    pub const LIST_FAKTURAUTBETALINGER: Contract = Contract::new(&list_query(Type::String));
    /// `GET trekk`.
    pub const LIST_TREKK: Contract = Contract::new(&[
        optional(query::STATUS, Type::String),
        optional(query::ORGANISASJONSNUMMER, Type::Digits(9, 9)),
        optional(query::MAX_PAGE_SIZE, Type::Integer),
        optional(query::SKIP_TOKEN, Type::String),
    ]);
    /// `GET avstemminger`.
    pub const GET_AVSTEMMING: Contract = Contract::new(&[
        required(query::FRA_DATO, Type::Date),
        required(query::TIL_DATO, Type::Date),
    ]);
    /// `GET kvitteringer`.
    pub const LIST_KVITTERINGER: Contract = Contract::new(&[
        optional(query::ETTER, Type::String),
        optional(query::MAX_PAGE_SIZE, Type::IntegerIn(1, 1000)),
    ]);
    /// Routes that take no query parameters.
    pub const NO_QUERY: Contract = Contract::new(&[]);
}

/// The create, get, list and cancel (for trekk: stop) routes of utbetalinger,
/// fakturautbetalinger and trekk, in that order: the three registrations share their shape.
#[rustfmt::skip]
pub const BY_KIND: [[Route; 4]; 3] = [
    [CREATE_UTBETALING, GET_UTBETALING, LIST_UTBETALINGER, CANCEL_UTBETALING],
    [CREATE_FAKTURAUTBETALING, GET_FAKTURAUTBETALING, LIST_FAKTURAUTBETALINGER, CANCEL_FAKTURAUTBETALING],
    [CREATE_TREKK, GET_TREKK, LIST_TREKK, STOP_TREKK],
];

/// Every route of the service (the mock serves exactly these).
pub const ALL: &[Route] = &[
    CREATE_UTBETALING,
    GET_UTBETALING,
    LIST_UTBETALINGER,
    CANCEL_UTBETALING,
    LIST_UTBETALING_KVITTERINGER,
    CREATE_FAKTURAUTBETALING,
    GET_FAKTURAUTBETALING,
    LIST_FAKTURAUTBETALINGER,
    CANCEL_FAKTURAUTBETALING,
    LIST_FAKTURAUTBETALING_KVITTERINGER,
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
