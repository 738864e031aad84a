//! Medicines (legemidler, FEST-derived) and medical devices: typed read access to what the API
//! definition and public samples document.
//!
//! Quirks handled: an unknown id answers 204 (→ not found); `atcKode` and `varenavn` query
//! parameters are ignored by the API, so filter the results yourself; lists page with
//! `skip`/`take`.

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat};
use hint_core::{Error, Operation, Pager, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{DEFAULT_TAKE, HapiClient, Marked};
use crate::innhold::{QueryType, SearchMode};
use crate::model::{InfobitId, Origin};
use crate::routes;

/// An active ingredient with strength (`virkestoffMedStyrke[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VirkestoffMedStyrke {
    /// Name.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub navn: Option<String>,
    /// English name.
    #[serde(
        rename = "navnEngelsk",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub navn_engelsk: Option<String>,
    /// Strength value (as text: the register mixes formats).
    #[serde(
        rename = "styrkeVerdi",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub styrke_verdi: Option<String>,
    /// Strength unit.
    #[serde(
        rename = "styrkeEnhet",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub styrke_enhet: Option<String>,
}

/// A package (`pakninger[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pakning {
    /// Package id.
    #[serde(
        rename = "legemiddelPakningId",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub legemiddel_pakning_id: Option<String>,
    /// Name, form, strength.
    #[serde(
        rename = "navnFormStyrke",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub navn_form_styrke: Option<String>,
    /// Nordic article number (varenummer).
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub varenummer: Option<String>,
    /// Reimbursement application type.
    #[serde(
        rename = "typeSoknadSlv",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub type_soknad_slv: Option<String>,
    /// Marketing date.
    #[serde(
        rename = "markedsforingsdato",
        default,
        with = "hint_core::lenient::local_time_opt"
    )]
    pub markedsforingsdato: Option<NaiveDateTime>,
    /// Fields not modelled, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A medicine (brand product) or a search hit for one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Legemiddel {
    /// hAPI id (`0004-0012-ID_…`), on search hits.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub id: Option<String>,
    /// The FEST brand product id (`ID_<GUID>`).
    #[serde(
        rename = "legemiddelMerkevareId",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub legemiddel_merkevare_id: Option<String>,
    /// Trade name.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub varenavn: Option<String>,
    /// Name, form and strength.
    #[serde(
        rename = "navnFormStyrke",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub navn_form_styrke: Option<String>,
    /// ATC code.
    #[serde(
        rename = "atcKode",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub atc_kode: Option<String>,
    /// ATC name.
    #[serde(
        rename = "atcNavn",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub atc_navn: Option<String>,
    /// Pharmaceutical form.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub form: Option<String>,
    /// Form code.
    #[serde(
        rename = "formKode",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub form_kode: Option<String>,
    /// Preparation type.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub preparattype: Option<String>,
    /// Registration time.
    #[serde(default, with = "hint_core::lenient::local_time_opt")]
    pub registreringstidspunkt: Option<NaiveDateTime>,
    /// Registration status.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub registreringsstatus: Option<String>,
    /// Routes of administration.
    #[serde(
        rename = "administrasjonsmåter",
        default,
        deserialize_with = "hint_core::lenient::string_list"
    )]
    pub administrasjonsmater: Vec<String>,
    /// Active ingredients with strength.
    #[serde(
        rename = "virkestoffMedStyrke",
        default,
        deserialize_with = "hint_core::lenient::list"
    )]
    pub virkestoff_med_styrke: Vec<VirkestoffMedStyrke>,
    /// Packages.
    #[serde(default, deserialize_with = "hint_core::lenient::list")]
    pub pakninger: Vec<Pakning>,
    /// Fields not modelled, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Marked for Legemiddel {
    fn marked(self, _origin: Origin) -> Self {
        self
    }
}

/// A medical device (`medisinskutstyr`). The API does not document its fields: kept as JSON
/// with accessors for the id and name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MedisinskUtstyr(pub Map<String, Value>);

impl MedisinskUtstyr {
    /// The id.
    pub fn id(&self) -> Option<&str> {
        ["id", "medisinskUtstyrId", "produktId"]
            .iter()
            .find_map(|k| self.0.get(*k)?.as_str())
    }

    /// The name.
    pub fn navn(&self) -> Option<&str> {
        ["navn", "varenavn", "produktnavn", "tittel"]
            .iter()
            .find_map(|k| self.0.get(*k)?.as_str())
    }
}

impl Marked for MedisinskUtstyr {
    fn marked(self, _origin: Origin) -> Self {
        self
    }
}

/// A product search (`…/sok`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ProductSearch {
    /// `queryText`.
    pub text: String,
    /// `Top`: at most this many hits.
    pub top: Option<u32>,
    /// `SearchMode`.
    pub mode: Option<SearchMode>,
    /// `QueryType`.
    pub query_type: Option<QueryType>,
}

impl ProductSearch {
    /// A search for `text`.
    pub fn new(text: impl Into<String>) -> Self {
        ProductSearch {
            text: text.into(),
            top: None,
            mode: None,
            query_type: None,
        }
    }

    /// At most `top` hits.
    pub fn top(mut self, top: u32) -> Self {
        self.top = Some(top);
        self
    }

    /// Search mode.
    pub fn mode(mut self, mode: SearchMode) -> Self {
        self.mode = Some(mode);
        self
    }

    fn apply(&self, op: Operation) -> Result<Operation> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid_input("queryText", "must not be empty"));
        }
        if self.top == Some(0) {
            return Err(Error::invalid_input("Top", "must be at least 1"));
        }
        Ok(op
            .query("queryText", self.text.trim())
            .query_opt("Top", self.top)
            .query_opt(
                "SearchMode",
                self.mode.map(|m| match m {
                    SearchMode::All => "All",
                    _ => "Any",
                }),
            )
            .query_opt(
                "QueryType",
                self.query_type.map(|q| match q {
                    QueryType::Full => "Full",
                    _ => "Simple",
                }),
            ))
    }
}

fn autocomplete_op(
    (name, template): (&'static str, &'static str),
    text: &str,
    top: Option<u32>,
) -> Result<Operation> {
    if text.trim().is_empty() {
        return Err(Error::invalid_input("queryText", "must not be empty"));
    }
    Ok(Operation::get(name, template)
        .accept("application/json")
        .query("queryText", text.trim())
        .query_opt("top", top))
}

/// `etterDato` is a date-time in the API definition: sent as RFC 3339 with its offset.
fn date_op(
    (name, template): (&'static str, &'static str),
    after: DateTime<FixedOffset>,
) -> Operation {
    Operation::get(name, template)
        .accept("application/json")
        .query(
            "etterDato",
            after.to_rfc3339_opts(SecondsFormat::Secs, true),
        )
}

impl HapiClient {
    /// Active ingredients (`/legemiddelvirkestoff`), paged with `skip`/`take`.
    pub fn legemiddelvirkestoff(&self) -> Pager<Legemiddel> {
        let (name, template) = routes::VIRKESTOFF_LIST;
        self.skip_take(
            Operation::get(name, template).accept("application/json"),
            DEFAULT_TAKE,
        )
    }

    /// One brand product by its `legemiddelMerkevareId` (unknown id → not found; the API
    /// answers 204).
    pub async fn legemiddelvirkestoff_by_id<I>(&self, id: I) -> Result<Legemiddel>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::VIRKESTOFF_ID, id).await
    }

    /// Name suggestions for active ingredients.
    pub async fn legemiddelvirkestoff_autocomplete(
        &self,
        text: &str,
        top: Option<u32>,
    ) -> Result<Vec<Value>> {
        self.fetch_list(autocomplete_op(routes::VIRKESTOFF_AUTOFULLFOR, text, top)?)
            .await
    }

    /// Searches active ingredients.
    pub async fn legemiddelvirkestoff_search(
        &self,
        search: &ProductSearch,
    ) -> Result<Vec<Legemiddel>> {
        let (name, template) = routes::VIRKESTOFF_SOK;
        self.fetch_list(search.apply(Operation::get(name, template).accept("application/json"))?)
            .await
    }

    /// Medicines (`/legemidler`), paged with `skip`/`take`.
    pub fn legemidler(&self) -> Pager<Legemiddel> {
        let (name, template) = routes::LEGEMIDLER_LIST;
        self.skip_take(
            Operation::get(name, template).accept("application/json"),
            DEFAULT_TAKE,
        )
    }

    /// One medicine by id.
    pub async fn legemiddel<I>(&self, id: I) -> Result<Legemiddel>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::LEGEMIDLER_ID, id).await
    }

    /// Name suggestions for medicines.
    pub async fn legemidler_autocomplete(
        &self,
        text: &str,
        top: Option<u32>,
    ) -> Result<Vec<Value>> {
        self.fetch_list(autocomplete_op(routes::LEGEMIDLER_AUTOFULLFOR, text, top)?)
            .await
    }

    /// Medicines with packages dated after a date (`/legemidler/EtterPakningsDato`), paged.
    pub fn legemidler_etter_pakningsdato(
        &self,
        after: impl Into<DateTime<FixedOffset>>,
    ) -> Pager<Legemiddel> {
        self.skip_take(
            date_op(routes::LEGEMIDLER_ETTER_PAKNINGSDATO, after.into()),
            DEFAULT_TAKE,
        )
    }

    /// Packages registered after a date (`/legemidler/pakningerEtter`), paged.
    pub fn legemiddelpakninger_etter(
        &self,
        after: impl Into<DateTime<FixedOffset>>,
    ) -> Pager<Value> {
        self.skip_take(
            date_op(routes::LEGEMIDLER_PAKNINGER_ETTER, after.into()),
            DEFAULT_TAKE,
        )
    }

    /// Reimbursement information for a medicine, as JSON (undocumented shape).
    pub async fn refusjonsinformasjon<I>(&self, id: I) -> Result<Value>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::LEGEMIDLER_REFUSJON, id).await
    }

    /// Medical devices (`/medisinskutstyr`), paged.
    pub fn medisinsk_utstyr(&self) -> Pager<MedisinskUtstyr> {
        let (name, template) = routes::UTSTYR_LIST;
        self.skip_take(
            Operation::get(name, template).accept("application/json"),
            DEFAULT_TAKE,
        )
    }

    /// One medical device by id.
    pub async fn medisinsk_utstyr_by_id<I>(&self, id: I) -> Result<MedisinskUtstyr>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::UTSTYR_ID, id).await
    }

    /// Name suggestions for medical devices.
    pub async fn medisinsk_utstyr_autocomplete(
        &self,
        text: &str,
        top: Option<u32>,
    ) -> Result<Vec<Value>> {
        self.fetch_list(autocomplete_op(routes::UTSTYR_AUTOFULLFOR, text, top)?)
            .await
    }

    /// Medical devices registered after a date, paged.
    pub fn medisinsk_utstyr_registrert_etter(
        &self,
        after: impl Into<DateTime<FixedOffset>>,
    ) -> Pager<MedisinskUtstyr> {
        self.skip_take(
            date_op(routes::UTSTYR_REGISTRERT_ETTER, after.into()),
            DEFAULT_TAKE,
        )
    }

    /// Searches medical devices.
    pub async fn medisinsk_utstyr_search(
        &self,
        search: &ProductSearch,
    ) -> Result<Vec<MedisinskUtstyr>> {
        let (name, template) = routes::UTSTYR_SOK;
        self.fetch_list(search.apply(Operation::get(name, template).accept("application/json"))?)
            .await
    }
}
