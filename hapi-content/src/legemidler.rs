//! Medicines (legemidler, FEST-derived) and medical devices: typed read access to what the API
//! definition and public samples document.
//!
//! Quirks handled: an unknown id answers 204 (→ not found); `atcKode` and `varenavn` query
//! parameters are ignored by the API, so filter the results yourself; lists page with
//! `skip`/`take`.

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat};
use hint_core::{Error, Operation, Pager, Result, Route};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{DEFAULT_TAKE, HapiClient, Marked};
use crate::innhold::{QueryType, SearchMode};
use crate::model::{InfobitId, Origin};
use crate::routes::{self, query};

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

/// A product search (`legemiddelvirkestoff/sok`, `medisinskutstyr/sok`).
///
/// ```
/// use hapi_content::ProduktSokFilter;
/// let filter = ProduktSokFilter::new("metformin").top(10);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ProduktSokFilter {
    /// `queryText`.
    pub text: String,
    /// `Top`: at most this many hits.
    pub top: Option<u32>,
    /// `SearchMode`.
    pub mode: Option<SearchMode>,
    /// `QueryType`.
    pub query_type: Option<QueryType>,
}

impl ProduktSokFilter {
    /// A search for `text`.
    pub fn new(text: impl Into<String>) -> Self {
        ProduktSokFilter {
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

    /// Query syntax.
    pub fn query_type(mut self, query_type: QueryType) -> Self {
        self.query_type = Some(query_type);
        self
    }

    fn to_operation(&self, route: Route) -> Result<Operation> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid_input(
                query::PRODUKT_QUERY_TEXT,
                "must not be empty",
            ));
        }
        if self.top == Some(0) {
            return Err(Error::invalid_input(
                query::PRODUKT_TOP,
                "must be at least 1",
            ));
        }
        Ok(route
            .op()
            .accept("application/json")
            .query(query::PRODUKT_QUERY_TEXT, self.text.trim())
            .query_opt(query::PRODUKT_TOP, self.top)
            .query_opt(query::SEARCH_MODE, self.mode.map(SearchMode::wire))
            .query_opt(query::QUERY_TYPE, self.query_type.map(QueryType::wire)))
    }
}

/// Filters for the product lists ([`HapiClient::list_legemidler`],
/// [`HapiClient::list_legemiddelvirkestoff`], [`HapiClient::list_medisinsk_utstyr`]): paged with
/// `skip`/`take`, and by date where the API has a route for it.
///
/// ```
/// use hapi_content::ProduktFilter;
/// use hapi_content::chrono::DateTime;
/// let after = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+01:00").unwrap();
/// let filter = ProduktFilter::new().etter(after).page_size(500);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProduktFilter {
    /// `etterDato`: medicines with packages dated after (`legemidler/EtterPakningsDato`), devices
    /// registered after (`medisinskutstyr/RegistrertEtter`). Active ingredients have no such
    /// route: refused there.
    pub etter: Option<DateTime<FixedOffset>>,
    /// `take` (default [`DEFAULT_TAKE`]).
    pub page_size: Option<u32>,
}

impl ProduktFilter {
    /// Every product, [`DEFAULT_TAKE`] at a time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only those dated after a time (sent as RFC 3339 with its offset).
    pub fn etter(mut self, etter: impl Into<DateTime<FixedOffset>>) -> Self {
        self.etter = Some(etter.into());
        self
    }

    /// How many per page (at least 1).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// The list route, or the by-date one when [`ProduktFilter::etter`] is set (`None`: the
    /// product has none).
    fn to_operation(&self, list: Route, by_date: Option<Route>) -> Result<(Operation, u32)> {
        let take = match self.page_size {
            Some(0) => return Err(Error::invalid_input(query::TAKE, "must be at least 1")),
            size => size.unwrap_or(DEFAULT_TAKE),
        };
        let op = match (self.etter, by_date) {
            (None, _) => list.op(),
            (Some(etter), Some(route)) => route.op().query(
                query::ETTER_DATO,
                etter.to_rfc3339_opts(SecondsFormat::Secs, true),
            ),
            (Some(_), None) => {
                return Err(Error::invalid_input(
                    query::ETTER_DATO,
                    format!("/{} has no list by date", list.template),
                ));
            }
        };
        Ok((op.accept("application/json"), take))
    }
}

/// Name suggestions: `queryText` and `top`.
fn autocomplete_op(route: Route, text: &str, top: Option<u32>) -> Result<Operation> {
    if text.trim().is_empty() {
        return Err(Error::invalid_input(
            query::PRODUKT_QUERY_TEXT,
            "must not be empty",
        ));
    }
    Ok(route
        .op()
        .accept("application/json")
        .query(query::PRODUKT_QUERY_TEXT, text.trim())
        .query_opt(query::AUTOFULLFOR_TOP, top))
}

impl HapiClient {
    /// Active ingredients (`/legemiddelvirkestoff`), paged with `skip`/`take`.
    pub fn list_legemiddelvirkestoff(&self, filter: &ProduktFilter) -> Result<Pager<Legemiddel>> {
        let (op, take) = filter.to_operation(routes::VIRKESTOFF_LIST, None)?;
        Ok(self.skip_take(op, take))
    }

    /// One brand product by its `legemiddelMerkevareId` (unknown id → not found; the API
    /// answers 204).
    pub async fn get_legemiddelvirkestoff<I>(&self, id: I) -> Result<Legemiddel>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::VIRKESTOFF_ID, id).await
    }

    /// Name suggestions for active ingredients, in one page.
    pub fn autocomplete_legemiddelvirkestoff(
        &self,
        text: &str,
        top: Option<u32>,
    ) -> Result<Pager<Value>> {
        let op = autocomplete_op(routes::VIRKESTOFF_AUTOFULLFOR, text, top)?;
        Ok(self.single_page(op))
    }

    /// Searches active ingredients: the hits in one page.
    pub fn search_legemiddelvirkestoff(
        &self,
        filter: &ProduktSokFilter,
    ) -> Result<Pager<Legemiddel>> {
        Ok(self.single_page(filter.to_operation(routes::VIRKESTOFF_SOK)?))
    }

    /// Medicines (`/legemidler`, or `/legemidler/EtterPakningsDato` with
    /// [`ProduktFilter::etter`]), paged with `skip`/`take`.
    pub fn list_legemidler(&self, filter: &ProduktFilter) -> Result<Pager<Legemiddel>> {
        let (op, take) = filter.to_operation(
            routes::LEGEMIDLER_LIST,
            Some(routes::LEGEMIDLER_ETTER_PAKNINGSDATO),
        )?;
        Ok(self.skip_take(op, take))
    }

    /// One medicine by id.
    pub async fn get_legemiddel<I>(&self, id: I) -> Result<Legemiddel>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::LEGEMIDLER_ID, id).await
    }

    /// Name suggestions for medicines, in one page.
    pub fn autocomplete_legemidler(&self, text: &str, top: Option<u32>) -> Result<Pager<Value>> {
        let op = autocomplete_op(routes::LEGEMIDLER_AUTOFULLFOR, text, top)?;
        Ok(self.single_page(op))
    }

    /// Packages registered after a date (`/legemidler/pakningerEtter`), paged; the filter's
    /// [`ProduktFilter::etter`] is required here.
    pub fn list_pakninger(&self, filter: &ProduktFilter) -> Result<Pager<Value>> {
        if filter.etter.is_none() {
            return Err(Error::invalid_input(query::ETTER_DATO, "is required here"));
        }
        let (op, take) = filter.to_operation(
            routes::LEGEMIDLER_PAKNINGER_ETTER,
            Some(routes::LEGEMIDLER_PAKNINGER_ETTER),
        )?;
        Ok(self.skip_take(op, take))
    }

    /// Reimbursement information for a medicine, as JSON (undocumented shape).
    pub async fn get_refusjonsinformasjon<I>(&self, id: I) -> Result<Value>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::LEGEMIDLER_REFUSJON, id).await
    }

    /// Medical devices (`/medisinskutstyr`, or `/medisinskutstyr/RegistrertEtter` with
    /// [`ProduktFilter::etter`]), paged.
    pub fn list_medisinsk_utstyr(&self, filter: &ProduktFilter) -> Result<Pager<MedisinskUtstyr>> {
        let (op, take) =
            filter.to_operation(routes::UTSTYR_LIST, Some(routes::UTSTYR_REGISTRERT_ETTER))?;
        Ok(self.skip_take(op, take))
    }

    /// One medical device by id.
    pub async fn get_medisinsk_utstyr<I>(&self, id: I) -> Result<MedisinskUtstyr>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::UTSTYR_ID, id).await
    }

    /// Name suggestions for medical devices, in one page.
    pub fn autocomplete_medisinsk_utstyr(
        &self,
        text: &str,
        top: Option<u32>,
    ) -> Result<Pager<Value>> {
        let op = autocomplete_op(routes::UTSTYR_AUTOFULLFOR, text, top)?;
        Ok(self.single_page(op))
    }

    /// Searches medical devices: the hits in one page.
    pub fn search_medisinsk_utstyr(
        &self,
        filter: &ProduktSokFilter,
    ) -> Result<Pager<MedisinskUtstyr>> {
        Ok(self.single_page(filter.to_operation(routes::UTSTYR_SOK)?))
    }
}
