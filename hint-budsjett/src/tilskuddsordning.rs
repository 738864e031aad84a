//! Grant schemes (*tilskuddsordninger*): the model, the list filter and the operations.

use hint_core::{Error, Operation, Pager, Result};
use serde::{Deserialize, Serialize};

use crate::client::BudsjettClient;
use crate::routes::{self, query, wire};
use crate::types::{Koststed, KoststedKode, TilskuddsordningKode};

/// The longest `KoststedFullBeskrivelse` the service holds (255 characters).
pub const MAX_BESKRIVELSE_CHARS: usize = 255;

/// A grant scheme, as HINT Budsjett returns it.
///
/// Unknown fields in the response are ignored; the department fields are `None` when the
/// service leaves them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tilskuddsordning {
    /// The six-digit ordningsnummer, unique per scheme (`Kode`).
    #[serde(rename = "kode", alias = "Kode")]
    pub kode: TilskuddsordningKode,
    /// The scheme's name (`Navn`), such as "Skadeforebyggende forum". Empty if the service
    /// left it out.
    #[serde(rename = "navn", alias = "Navn", default)]
    pub navn: String,
    /// The owning department's cost centre (`Koststed`), such as `5030`.
    #[serde(
        rename = "koststed",
        alias = "Koststed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub koststed: Option<Koststed>,
    /// The owning department's short code (`KoststedKode`), such as `SPPR`.
    #[serde(
        rename = "koststedKode",
        alias = "KoststedKode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub koststed_kode: Option<KoststedKode>,
    /// The owning department's name (`KoststedFullBeskrivelse`, at most 255 characters), such
    /// as "Avdeling psykisk helsevern og rus".
    #[serde(
        rename = "koststedFullBeskrivelse",
        alias = "KoststedFullBeskrivelse",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub koststed_full_beskrivelse: Option<String>,
}

impl Tilskuddsordning {
    /// A scheme with a code and a name, for seeding a mock or building test data. The name must
    /// not be blank.
    pub fn new(kode: TilskuddsordningKode, navn: impl Into<String>) -> Result<Self> {
        let navn = navn.into();
        if navn.trim().is_empty() {
            return Err(Error::invalid_input(wire::NAVN, "must not be blank"));
        }
        Ok(Tilskuddsordning {
            kode,
            navn,
            koststed: None,
            koststed_kode: None,
            koststed_full_beskrivelse: None,
        })
    }

    /// Sets the owning department: cost centre, short code and full description (at most 255
    /// characters, not blank).
    pub fn with_avdeling(
        mut self,
        koststed: Koststed,
        kode: KoststedKode,
        beskrivelse: impl Into<String>,
    ) -> Result<Self> {
        let beskrivelse = beskrivelse.into();
        check_beskrivelse(&beskrivelse)?;
        self.koststed = Some(koststed);
        self.koststed_kode = Some(kode);
        self.koststed_full_beskrivelse = Some(beskrivelse);
        Ok(self)
    }
}

fn check_beskrivelse(beskrivelse: &str) -> Result<()> {
    if beskrivelse.trim().is_empty() {
        return Err(Error::invalid_input(
            wire::KOSTSTED_FULL_BESKRIVELSE,
            "must not be blank",
        ));
    }
    let chars = beskrivelse.chars().count();
    if chars > MAX_BESKRIVELSE_CHARS {
        return Err(Error::invalid_input(
            wire::KOSTSTED_FULL_BESKRIVELSE,
            format!("must be at most {MAX_BESKRIVELSE_CHARS} characters, not {chars}"),
        ));
    }
    Ok(())
}

/// Filters for [`BudsjettClient::list_tilskuddsordninger`]. All optional; no filter lists
/// every scheme.
///
/// ```
/// use hint_budsjett::{Koststed, TilskuddsordningFilter};
/// let query = TilskuddsordningFilter::new().koststed(Koststed::new("5030")?).navn("rus");
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TilskuddsordningFilter {
    koststed: Option<Koststed>,
    navn: Option<String>,
    page_size: Option<u32>,
}

impl TilskuddsordningFilter {
    /// No filters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only schemes owned by this cost centre.
    pub fn koststed(mut self, koststed: Koststed) -> Self {
        self.koststed = Some(koststed);
        self
    }

    /// Only schemes whose name contains this text (case-insensitive). At most 255 characters,
    /// not blank.
    pub fn navn(mut self, navn: impl Into<String>) -> Self {
        self.navn = Some(navn.into());
        self
    }

    /// How many schemes per page (1 to 1000); the service's default otherwise.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    fn to_operation(&self) -> Result<Operation> {
        if let Some(navn) = &self.navn {
            if navn.trim().is_empty() {
                return Err(Error::invalid_input(
                    wire::NAVN,
                    "must not be blank when given",
                ));
            }
            if navn.chars().count() > MAX_BESKRIVELSE_CHARS {
                return Err(Error::invalid_input(
                    wire::NAVN,
                    format!("must be at most {MAX_BESKRIVELSE_CHARS} characters"),
                ));
            }
        }
        check_page_size(self.page_size)?;
        Ok(routes::LIST_TILSKUDDSORDNINGER
            .op()
            .query_opt(query::KOSTSTED, self.koststed.as_ref())
            .query_opt(query::NAVN, self.navn.as_deref().map(str::trim))
            .query_opt(query::MAX_PAGE_SIZE, self.page_size))
    }
}

pub(crate) fn check_page_size(size: Option<u32>) -> Result<()> {
    match size {
        Some(size) if !(1..=routes::MAX_PAGE_SIZE).contains(&size) => Err(Error::invalid_input(
            query::MAX_PAGE_SIZE,
            format!("must be 1 to {}, not {size}", routes::MAX_PAGE_SIZE),
        )),
        _ => Ok(()),
    }
}

impl BudsjettClient {
    /// Lists grant schemes, a page at a time (`GET tilskuddsordninger`).
    ///
    /// The filter is checked first: a bad one is an [`hint_core::ErrorKind::InvalidInput`]
    /// error and nothing is sent. The pager fetches lazily; see [`hint_core::Pager`].
    pub fn list_tilskuddsordninger(
        &self,
        query: &TilskuddsordningFilter,
    ) -> Result<Pager<Tilskuddsordning>> {
        Ok(self
            .core()
            .pager(query.to_operation()?, hint_core::PageStyle::NextLink))
    }

    /// One grant scheme by its code (`GET tilskuddsordninger/{kode}`). An unknown code is an
    /// error for which [`hint_core::Error::is_not_found`] is true.
    pub async fn get_tilskuddsordning(
        &self,
        kode: &TilskuddsordningKode,
    ) -> Result<Tilskuddsordning> {
        let op = routes::GET_TILSKUDDSORDNING.op().path_param("kode", kode);
        self.core().send_json(op).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_camel_and_pascal_case_and_ignores_unknown_fields() {
        let camel: Tilskuddsordning = serde_json::from_str(
            r#"{"kode":"870021","koststed":5030,"koststedKode":"SPPR","koststedFullBeskrivelse":"Avdeling psykisk helsevern og rus","navn":"Skadeforebyggende forum","nyttFelt":{"x":1}}"#,
        )
        .unwrap();
        let pascal: Tilskuddsordning = serde_json::from_str(
            r#"{"Kode":870021,"Koststed":"5030","KoststedKode":"SPPR","KoststedFullBeskrivelse":"Avdeling psykisk helsevern og rus","Navn":"Skadeforebyggende forum"}"#,
        )
        .unwrap();
        assert_eq!(camel, pascal);
        assert_eq!(camel.koststed.as_ref().map(Koststed::as_str), Some("5030"));
        let minimal: Tilskuddsordning = serde_json::from_str(r#"{"kode":"870021"}"#).unwrap();
        assert_eq!(minimal.koststed, None);
        assert_eq!(minimal.navn, "");
    }

    #[test]
    fn beskrivelse_limit_counts_characters() {
        let kode = TilskuddsordningKode::new("870021").unwrap();
        let base = Tilskuddsordning::new(kode, "Skadeforebyggende forum").unwrap();
        let ok = "ø".repeat(255);
        assert!(
            base.clone()
                .with_avdeling(
                    Koststed::new("5030").unwrap(),
                    KoststedKode::new("SPPR").unwrap(),
                    ok
                )
                .is_ok()
        );
        let err = base
            .with_avdeling(
                Koststed::new("5030").unwrap(),
                KoststedKode::new("SPPR").unwrap(),
                "x".repeat(256),
            )
            .unwrap_err();
        assert_eq!(err.field(), Some("koststedFullBeskrivelse"));
    }

    #[test]
    fn query_checks() {
        assert_eq!(
            TilskuddsordningFilter::new()
                .navn("  ")
                .to_operation()
                .unwrap_err()
                .field(),
            Some("navn")
        );
        assert_eq!(
            TilskuddsordningFilter::new()
                .page_size(0)
                .to_operation()
                .unwrap_err()
                .field(),
            Some("maxpagesize")
        );
        assert_eq!(
            TilskuddsordningFilter::new()
                .page_size(1001)
                .to_operation()
                .unwrap_err()
                .field(),
            Some("maxpagesize")
        );
        assert!(
            TilskuddsordningFilter::new()
                .navn("rus")
                .page_size(1000)
                .to_operation()
                .is_ok()
        );
    }
}
