//! Every route of the Verktøy API in one place: operation names (as traces and errors show them)
//! and path templates, relative to the base URL `https://<host>/verktoy/v1/`.
//!
//! The API description (Helsenorge's Confluence page "Verktøy API", version of 2024-06-27) writes
//! most paths as `/v1/<Tjeneste>` and the picture route as `/verktoy/v1/GrafiskElement/{id}`;
//! both are the same routes under the base URL above. The Behandler service's path is not
//! written out there; it is the service name under the same base, with `VerktoyId` as a query
//! parameter.

use hint_core::Route;

/// `POST Verktoy`: prescribe (send) a tool to a citizen. Scope `verktoysendtilinnbygger`.
pub const CREATE_FORSKRIVNING: Route = Route::post("Verktoy.forskriv", "Verktoy");

/// `GET SelvstendigVerktoy`: the tool list with filters and paging. Scope `verktoykatalog_read`.
pub const LIST_VERKTOY: Route = Route::get("Verktoy.listSelvstendigVerktoy", "SelvstendigVerktoy");

/// `GET SelvstendigVerktoy/{id}`: one tool's metadata. Scope `verktoykatalog_read`.
pub const GET_VERKTOY: Route =
    Route::get("Verktoy.getSelvstendigVerktoy", "SelvstendigVerktoy/{id}");

/// `GET SelvstendigVerktoy/SokSelvstendigVerktoy`: search by name and søkeord. Scope
/// `verktoykatalog_read`.
pub const SEARCH_VERKTOY: Route = Route::get(
    "Verktoy.sokSelvstendigVerktoy",
    "SelvstendigVerktoy/SokSelvstendigVerktoy",
);

/// `GET GrafiskElement/{id}`: a picture or icon as bytes. Scope `verktoykatalog_read`.
pub const GET_GRAFISK_ELEMENT: Route =
    Route::get("Verktoy.getGrafiskElement", "GrafiskElement/{id}");

/// `PUT Veiledningstjeneste/{id}`: update a guidance service. Scope `verktoyadminveiledning`.
pub const UPDATE_VEILEDNINGSTJENESTE: Route = Route::put(
    "Verktoy.oppdaterVeiledningstjeneste",
    "Veiledningstjeneste/{id}",
);

/// `GET Behandler?VerktoyId=…`: which practitioner sent the tool to the citizen. Called with the
/// citizen's own token (Innbygger OIDC), not a system token.
pub const GET_BEHANDLERE: Route = Route::get("Verktoy.getBehandler", "Behandler");

/// Every route of the service (the mock serves exactly these).
pub const ALL: &[Route] = &[
    CREATE_FORSKRIVNING,
    LIST_VERKTOY,
    GET_VERKTOY,
    SEARCH_VERKTOY,
    GET_GRAFISK_ELEMENT,
    UPDATE_VEILEDNINGSTJENESTE,
    GET_BEHANDLERE,
];

/// Query parameter names as the API spells them.
pub mod query {
    /// Filter: fagområder (repeated).
    pub const FAGOMRADER: &str = "Fagomrader";
    /// Filter: SNOMED CT classifications (repeated).
    pub const KLASSIFISERINGER: &str = "Klassifiseringer";
    /// Filter: målgrupper (repeated).
    pub const MALGRUPPER: &str = "Malgrupper";
    /// Filter: languages (repeated).
    pub const SPRAK: &str = "Sprak";
    /// Filter: whether citizens can add the tool themselves.
    pub const KAN_LEGGES_TIL_AV_INNBYGGER: &str = "KanLeggesTilAvInnbygger";
    /// Filter: only tools that need no login.
    pub const KUN_ANONYM_TILGANG: &str = "KunAnonymTilgang";
    /// Paging: the page number, from 1. (The API's own example misspells it `Siderefereanse`;
    /// its parameter table says `Sidereferanse`.)
    pub const SIDEREFERANSE: &str = "Sidereferanse";
    /// Paging: tools per page (default 10, at most 50).
    pub const ANTALL_VERKTOY: &str = "AntallVerktoy";
    /// Search: the search word.
    pub const SOKEORD: &str = "SokeOrd";
    /// Search: how many hits (at most 50).
    pub const ROW_COUNT: &str = "RowCount";
    /// Behandler: the tool id.
    pub const VERKTOY_ID: &str = "VerktoyId";
}

/// JSON field names of request and answer bodies, as the API spells them (also the names
/// [`hint_core::Error::field`] reports for bad input).
pub mod wire {
    /// The tool's id (prescription body, tool metadata, search hits).
    pub const VERKTOY_ID: &str = "VerktoyId";
    /// The citizen's fødselsnummer (prescription).
    pub const INNBYGGER_FNR: &str = "InnbyggerFnr";
    /// The practitioner's HPR-nummer (prescription).
    pub const BEHANDLER_HPR_NR: &str = "BehandlerHprNr";
    /// The practitioner's fødselsnummer (prescription).
    pub const BEHANDLER_FNR: &str = "BehandlerFnr";
    /// The deadline (prescription).
    pub const FRIST_DATO: &str = "FristDato";
    /// The message to the citizen (prescription).
    pub const MELDING: &str = "Melding";
    /// The receipt's id (prescription answer).
    pub const PSEUDO_ID: &str = "PseudoId";
    /// The guidance service's id (update body).
    pub const ID: &str = "Id";
    /// Phone (guidance service).
    pub const TELEFON: &str = "Telefon";
    /// Web address (guidance service).
    pub const URL: &str = "Url";
    /// Opening hours (guidance service).
    pub const APNINGSTIDER: &str = "Apningstider";
    /// The day of an opening-hours entry.
    pub const DAG: &str = "Dag";
    /// Opens at.
    pub const FRA_KL: &str = "FraKl";
    /// Closes at.
    pub const TIL_KL: &str = "TilKl";
    /// Open all day.
    pub const APEN_HELE_DAGEN: &str = "ApenHeleDagen";
}

/// Values in request bodies that the API description names without giving their wire numbers,
/// with the assumption the SDK makes. This is the one place each assumption is stated.
pub mod body {
    /// `Apningstider[].Dag` on `PUT Veiledningstjeneste/{id}` ([`crate::Ukedag`]).
    ///
    /// **Assumption.** The description says only "enumverdier mandag–søndag". The SDK sends
    /// Mandag = 1 … Søndag = 7 (ISO 8601's order, and like the catalogue's other code lists,
    /// which start at 1). If the service's enum is .NET's `System.DayOfWeek`, it counts
    /// Søndag = 0, Mandag = 1 … Lørdag = 6: Monday to Saturday would still be right, and
    /// Sunday (7) would be refused (`VER-000204`) or misread. Check the service's Swagger in the
    /// test environment before relying on Sunday. Names (Norwegian or English) are read as well.
    pub const DAG: [(&str, i64); 7] = [
        ("Mandag", 1),
        ("Tirsdag", 2),
        ("Onsdag", 3),
        ("Torsdag", 4),
        ("Fredag", 5),
        ("Lørdag", 6),
        ("Søndag", 7),
    ];
}

/// The wire contract of request bodies and query strings, as the mock checks them (feature
/// `mock`), and the API's code for a bad value of each field. Written out from the wire names
/// above, never derived from the models: a model that sends another shape is refused by the
/// mock, naming the field.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod contract {
    use hint_core::ident::{Fodselsnummer, HprNummer};
    use hint_core::lenient::parse_local_time;
    use hint_core::mock::contract::{Contract, Field, Type, optional, required};
    use uuid::Uuid;

    use super::{query, wire};
    use crate::ErrorCode::{self, *};
    use crate::enums::{Fagomrade, Malgruppe, Sprak};
    use crate::katalog::MAX_PAGE_SIZE;

    /// The code a bad value of each field gets (`None`: a 400 without a code); `VER-000209` for
    /// the others. The routes' fields have names of their own, so one table serves them all.
    pub const FIELD_CODES: &[(&str, Option<ErrorCode>)] = &[
        (query::SIDEREFERANSE, Some(UgyldigSidestorrelse)),
        (query::ANTALL_VERKTOY, Some(UgyldigSidestorrelse)),
        (query::ROW_COUNT, Some(UgyldigSidestorrelse)),
        (query::FAGOMRADER, Some(UdefinertEnumverdi)),
        (query::MALGRUPPER, Some(UdefinertEnumverdi)),
        (query::SPRAK, Some(UdefinertEnumverdi)),
        (wire::DAG, Some(UdefinertEnumverdi)),
        (wire::FRIST_DATO, None),
        (wire::MELDING, None),
    ];

    const UUID: Type = Type::StringWhere(|s| s.parse::<Uuid>().is_ok(), "a UUID");
    const FNR: Type = Type::StringWhere(|s| Fodselsnummer::parse(s).is_ok(), "a fødselsnummer");
    const HPR: Type = Type::StringWhere(|s| HprNummer::parse(s).is_ok(), "an HPR-nummer");
    const DATE: Type = Type::StringWhere(|s| parse_local_time(s).is_some(), "a date");
    const MELDING: Type =
        Type::StringWhere(|s| s.chars().count() <= 1500, "1,500 characters at most");
    const TIME: Type = Type::StringWhere(|s| s.parse::<chrono::NaiveTime>().is_ok(), "HH:MM:SS");
    // Ids the code lists know (`Sprak` too is sent by id).
    const FAG: Type = Type::StringWhere(|s| known(s, Fagomrade::from_id), "a fagområde's id");
    const MAL: Type = Type::StringWhere(|s| known(s, Malgruppe::from_id), "a målgruppe's id");
    const SPRAK: Type = Type::StringWhere(
        |s| known(s, |n| Sprak::from_wire(&n.to_string())),
        "a language's id",
    );

    fn known<T: hint_core::OpenEnum>(id: &str, from_id: fn(i64) -> T) -> bool {
        id.parse().is_ok_and(|id| !from_id(id).is_unknown())
    }

    /// `GET SelvstendigVerktoy`.
    pub const LIST_VERKTOY: Contract = Contract::new(&[
        optional(query::FAGOMRADER, Type::Array(&FAG)),
        optional(query::KLASSIFISERINGER, Type::Array(&Type::String)),
        optional(query::MALGRUPPER, Type::Array(&MAL)),
        optional(query::SPRAK, Type::Array(&SPRAK)),
        optional(query::KAN_LEGGES_TIL_AV_INNBYGGER, Type::Bool),
        optional(query::KUN_ANONYM_TILGANG, Type::Bool),
        optional(query::SIDEREFERANSE, Type::Integer),
        optional(query::ANTALL_VERKTOY, Type::Integer),
    ]);
    /// `GET SelvstendigVerktoy/SokSelvstendigVerktoy`.
    pub const SEARCH_VERKTOY: Contract = Contract::new(&[
        optional(query::SOKEORD, Type::String),
        optional(query::ROW_COUNT, Type::IntegerIn(1, MAX_PAGE_SIZE as i64)),
    ]);
    /// `GET Behandler`.
    pub const GET_BEHANDLERE: Contract = Contract::new(&[required(query::VERKTOY_ID, UUID)]);
    /// Routes that take no query parameters.
    pub const NO_QUERY: Contract = Contract::new(&[]);

    /// `POST Verktoy`.
    pub const CREATE_FORSKRIVNING: Contract = Contract::new(&[
        required(wire::VERKTOY_ID, UUID),
        required(wire::INNBYGGER_FNR, FNR),
        optional(wire::BEHANDLER_HPR_NR, HPR),
        optional(wire::BEHANDLER_FNR, FNR),
        optional(wire::FRIST_DATO, DATE),
        optional(wire::MELDING, MELDING),
    ]);

    const APNINGSTID: &[Field] = &[
        required(wire::DAG, Type::IntegerIn(1, 7)),
        optional(wire::FRA_KL, TIME),
        optional(wire::TIL_KL, TIME),
        optional(wire::APEN_HELE_DAGEN, Type::Bool),
    ];
    /// `PUT Veiledningstjeneste/{id}`.
    pub const UPDATE_VEILEDNINGSTJENESTE: Contract = Contract::new(&[
        required(wire::ID, UUID),
        optional(wire::TELEFON, Type::String),
        optional(wire::URL, Type::String),
        optional(wire::APNINGSTIDER, Type::Array(&Type::Object(APNINGSTID))),
    ]);
}

#[cfg(test)]
mod tests {
    use crate::Ukedag;

    #[test]
    fn the_dag_table_is_what_ukedag_sends() {
        assert_eq!(Ukedag::KNOWN.len(), super::body::DAG.len());
        for (dag, (navn, id)) in Ukedag::KNOWN.iter().zip(super::body::DAG) {
            assert_eq!(dag.id(), Some(id), "{navn}");
            assert_eq!(dag.as_str(), navn);
        }
    }
}
