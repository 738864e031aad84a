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
