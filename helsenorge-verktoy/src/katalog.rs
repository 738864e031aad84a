//! The catalogue's calls: the tool list with filters and paging, one tool, search, pictures.

use hint_core::{Error, Operation, PageStyle, Pager, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::client::VerktoyClient;
use crate::enums::{Fagomrade, Malgruppe, Sprak};
use crate::routes::{self, query};
use crate::verktoy::Verktoy;
use crate::wire::{ExtraFields, list_items};

/// The largest page the tool list and search give (`AntallVerktoy`, `RowCount`).
pub const MAX_PAGE_SIZE: u32 = 50;
/// The tool list's default page size.
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// Filters for the tool list (`GET SelvstendigVerktoy`). Empty filters match every tool.
///
/// ```
/// use helsenorge_verktoy::{Fagomrade, Malgruppe, Sprak, VerktoyFilter};
/// let filter = VerktoyFilter::new()
///     .fagomrade(Fagomrade::FysiskHelse)
///     .malgruppe(Malgruppe::Ungdom)
///     .sprak(Sprak::Bokmal)
///     .kun_anonym_tilgang(true)
///     .page_size(20);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerktoyFilter {
    fagomrader: Vec<Fagomrade>,
    klassifiseringer: Vec<String>,
    malgrupper: Vec<Malgruppe>,
    sprak: Vec<Sprak>,
    kan_legges_til_av_innbygger: Option<bool>,
    kun_anonym_tilgang: Option<bool>,
    antall_verktoy: Option<u32>,
}

impl VerktoyFilter {
    /// No filters; the server's default page size (10).
    pub fn new() -> Self {
        Self::default()
    }

    /// `Fagomrader`: only tools in this fagområde (repeat for several).
    pub fn fagomrade(mut self, fagomrade: Fagomrade) -> Self {
        self.fagomrader.push(fagomrade);
        self
    }

    /// `Klassifiseringer`: only tools with this SNOMED CT classification (repeat for several).
    pub fn klassifisering(mut self, kode: impl Into<String>) -> Self {
        self.klassifiseringer.push(kode.into());
        self
    }

    /// `Malgrupper`: only tools for this målgruppe (repeat for several).
    pub fn malgruppe(mut self, malgruppe: Malgruppe) -> Self {
        self.malgrupper.push(malgruppe);
        self
    }

    /// `Sprak`: only tools in this language (repeat for several).
    pub fn sprak(mut self, sprak: Sprak) -> Self {
        self.sprak.push(sprak);
        self
    }

    /// `KanLeggesTilAvInnbygger`: whether citizens can add the tool themselves (`true`) or only
    /// get it from a practitioner (`false`).
    pub fn kan_legges_til_av_innbygger(mut self, yes: bool) -> Self {
        self.kan_legges_til_av_innbygger = Some(yes);
        self
    }

    /// `KunAnonymTilgang`: only tools open without login (`true`), or only tools that need one.
    pub fn kun_anonym_tilgang(mut self, yes: bool) -> Self {
        self.kun_anonym_tilgang = Some(yes);
        self
    }

    /// `AntallVerktoy`: tools per page, 1 to 50 (default 10).
    pub fn page_size(mut self, size: u32) -> Self {
        self.antall_verktoy = Some(size);
        self
    }

    /// The page size the filter asks for.
    fn size(&self) -> u32 {
        self.antall_verktoy.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// Checks the filter and builds the operation without paging parameters.
    fn operation(&self) -> Result<Operation> {
        let size = self.size();
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(Error::invalid_input(
                query::ANTALL_VERKTOY,
                format!("must be between 1 and {MAX_PAGE_SIZE}, was {size}"),
            ));
        }
        let mut op = routes::LIST_VERKTOY.op();
        for f in &self.fagomrader {
            op = op.query(query::FAGOMRADER, enum_id(query::FAGOMRADER, f.id())?);
        }
        for k in &self.klassifiseringer {
            if k.trim().is_empty() {
                return Err(Error::invalid_input(
                    query::KLASSIFISERINGER,
                    "must not be blank",
                ));
            }
            op = op.query(query::KLASSIFISERINGER, k.trim());
        }
        for m in &self.malgrupper {
            op = op.query(query::MALGRUPPER, enum_id(query::MALGRUPPER, m.id())?);
        }
        for s in &self.sprak {
            op = op.query(query::SPRAK, enum_id(query::SPRAK, s.id())?);
        }
        Ok(op
            .query_opt(
                query::KAN_LEGGES_TIL_AV_INNBYGGER,
                self.kan_legges_til_av_innbygger,
            )
            .query_opt(query::KUN_ANONYM_TILGANG, self.kun_anonym_tilgang))
    }
}

fn enum_id(field: &str, id: Option<i64>) -> Result<i64> {
    id.ok_or_else(|| {
        Error::invalid_input(
            field,
            "must be a value with a numeric id (an unknown text value cannot be sent)",
        )
    })
}

/// A search (`GET SelvstendigVerktoy/SokSelvstendigVerktoy`): words in tool names and søkeord
/// that begin with `SokeOrd`.
///
/// ```
/// use helsenorge_verktoy::Sok;
/// let sok = Sok::new("søvn").row_count(10);
/// # let _ = sok;
/// let from_str: Sok = "angst".into();
/// # let _ = from_str;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sok {
    sokeord: String,
    row_count: Option<u32>,
}

impl Sok {
    /// A search for words beginning with `sokeord` (3 to 256 characters).
    pub fn new(sokeord: impl Into<String>) -> Self {
        Sok {
            sokeord: sokeord.into(),
            row_count: None,
        }
    }

    /// `RowCount`: at most this many hits, 1 to 50 (the server's default is 50).
    pub fn row_count(mut self, row_count: u32) -> Self {
        self.row_count = Some(row_count);
        self
    }

    fn operation(&self) -> Result<Operation> {
        let word = self.sokeord.trim();
        if word.is_empty() {
            return Err(Error::invalid_input(query::SOKEORD, "must not be empty"));
        }
        let chars = word.chars().count();
        if !(3..=256).contains(&chars) {
            return Err(Error::invalid_input(
                query::SOKEORD,
                format!("must be 3 to 256 characters long, was {chars}"),
            ));
        }
        if let Some(n) = self.row_count
            && !(1..=MAX_PAGE_SIZE).contains(&n)
        {
            return Err(Error::invalid_input(
                query::ROW_COUNT,
                format!("must be between 1 and {MAX_PAGE_SIZE}, was {n}"),
            ));
        }
        Ok(routes::SEARCH_VERKTOY
            .op()
            .query(query::SOKEORD, word)
            .query_opt(query::ROW_COUNT, self.row_count))
    }
}

impl From<&str> for Sok {
    fn from(sokeord: &str) -> Self {
        Sok::new(sokeord)
    }
}

impl From<String> for Sok {
    fn from(sokeord: String) -> Self {
        Sok::new(sokeord)
    }
}

/// A search hit: the tool's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SokeTreff {
    /// `VerktoyId`.
    #[serde(rename = "VerktoyId", alias = "verktoyId", alias = "verktoyid")]
    pub verktoy_id: Uuid,
    /// `Navn`.
    #[serde(rename = "Navn", alias = "navn", default)]
    pub navn: Option<String>,
    /// Fields this version of the SDK does not model, kept as sent.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

impl SokeTreff {
    /// A hit (for tests and the mock).
    pub fn new(verktoy_id: Uuid, navn: impl Into<String>) -> Self {
        SokeTreff {
            verktoy_id,
            navn: Some(navn.into()),
            extra: ExtraFields::default(),
        }
    }
}

/// A picture or icon: its bytes and content type.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GrafiskElement {
    /// The `Content-Type` the server gave (`image/png`, …); `application/octet-stream` if none.
    pub content_type: String,
    /// The image bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for GrafiskElement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GrafiskElement")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

fn decode_items<T: serde::de::DeserializeOwned>(response: &hint_core::Response) -> Result<Vec<T>> {
    if response.is_empty() {
        return Ok(Vec::new());
    }
    let value: Value = response.json()?;
    list_items(value)
        .into_iter()
        .map(|item| response.decode_part(&item))
        .collect()
}

impl VerktoyClient {
    /// The tool list with filters, as a [`Pager`] that walks every page
    /// (`GET SelvstendigVerktoy`, pages by `Sidereferanse` from 1 and `AntallVerktoy`). Use
    /// [`Pager::next`] item by item, [`Pager::next_page`], or [`Pager::into_stream`] for a
    /// `Stream`; [`Pager::continuation`] and [`Pager::resume_from`] save and resume the place.
    ///
    /// Refused before sending: a page size outside 1–50, an unknown enum value without an id.
    pub fn list_verktoy(&self, filter: &VerktoyFilter) -> Result<Pager<Verktoy>> {
        let op = filter.operation()?.scopes(self.scopes().katalog_read());
        let size = filter.size();
        let style = PageStyle::PageNumber {
            page_param: query::SIDEREFERANSE,
            size_param: query::ANTALL_VERKTOY,
            first: 1,
            size,
        };
        Ok(self.core().pager_with(op, style, decode_items::<Verktoy>))
    }

    /// One tool's metadata (`GET SelvstendigVerktoy/{id}`). An unknown id is `VK-001126` (404,
    /// [`hint_core::Error::is_not_found`]).
    pub async fn get_verktoy(&self, verktoy_id: Uuid) -> Result<Verktoy> {
        let op = routes::GET_VERKTOY
            .op()
            .path_param("id", verktoy_id)
            .scopes(self.scopes().katalog_read());
        let response = self.core().send(op).await?;
        // Accept a one-element list too.
        let value: Value = response.json()?;
        let object = match value {
            Value::Array(mut items) if !items.is_empty() => items.swap_remove(0),
            other => other,
        };
        response.decode_part(&object)
    }

    /// Searches tool names and søkeord for words beginning with the search word
    /// (`GET SelvstendigVerktoy/SokSelvstendigVerktoy`).
    ///
    /// Refused before sending: a search word shorter than 3 or longer than 256 characters (after
    /// trimming), a `RowCount` outside 1–50.
    pub async fn search_verktoy(&self, sok: impl Into<Sok>) -> Result<Vec<SokeTreff>> {
        let op = sok.into().operation()?.scopes(self.scopes().katalog_read());
        decode_items(&self.core().send(op).await?)
    }

    /// A picture or icon (`GET GrafiskElement/{id}`), with its content type.
    pub async fn get_grafisk_element(&self, id: i64) -> Result<GrafiskElement> {
        let op = routes::GET_GRAFISK_ELEMENT
            .op()
            .path_param("id", id)
            .accept("image/*, application/octet-stream;q=0.8")
            .scopes(self.scopes().katalog_read());
        let response = self.core().send(op).await?;
        Ok(GrafiskElement {
            content_type: response
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned(),
            bytes: response.body().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_validation_and_query() {
        let err = VerktoyFilter::new().page_size(51).operation().unwrap_err();
        assert_eq!(err.field(), Some("AntallVerktoy"));
        assert!(VerktoyFilter::new().page_size(0).operation().is_err());
        let err = VerktoyFilter::new()
            .fagomrade(Fagomrade::from_wire("Tannhelse"))
            .operation()
            .unwrap_err();
        assert_eq!(err.field(), Some("Fagomrader"));
        assert!(VerktoyFilter::new().page_size(50).operation().is_ok());
    }

    #[test]
    fn search_validation() {
        assert_eq!(
            Sok::new("  ").operation().unwrap_err().field(),
            Some("SokeOrd")
        );
        assert!(
            Sok::new("ab")
                .operation()
                .unwrap_err()
                .to_string()
                .contains("3 to 256")
        );
        assert!(Sok::new("abc").operation().is_ok());
        assert!(Sok::new("å".repeat(256)).operation().is_ok());
        assert!(Sok::new("a".repeat(257)).operation().is_err());
        assert_eq!(
            Sok::new("abc")
                .row_count(51)
                .operation()
                .unwrap_err()
                .field(),
            Some("RowCount")
        );
    }
}
