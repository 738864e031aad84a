//! Budget rows (*budsjett*): the model, the list filter, the operations and the helpers that
//! sum one scheme's budget or take a snapshot of a whole year.
//!
//! **The service keeps no history.** A budget changes during the year (first the proposal, then
//! revised budgets), and HINT Budsjett always answers with the newest version. What was there
//! before is gone. To see what changed, keep an earlier fetch ([`Periodebudsjett`],
//! [`Ordningsbudsjett`]) and compare it with a new one ([`Periodebudsjett::changes_since`]).

use std::fmt;

use chrono::{DateTime, Utc};
use hint_core::{Error, Operation, Pager, Result};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::client::BudsjettClient;
use crate::diff::Budsjettendringer;
use crate::routes::{self, query, wire};
use crate::tilskuddsordning::check_page_size;
use crate::types::{Kapittelpost, Koststed, TilskuddsordningKode, check_periode, exact};

/// One budget row: the amount a scheme has on one chapter/post in one year, as HINT Budsjett
/// returns it. A scheme normally has two or three rows per year.
///
/// The amount is the **newest version** of the budget: the service keeps no history (see
/// [`Periodebudsjett::changes_since`] to see what a revision changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BudsjettRad {
    /// The budget year (`Periode`), such as 2026.
    #[serde(rename = "periode", alias = "Periode", deserialize_with = "year")]
    pub periode: i32,
    /// The scheme the row belongs to (`kode`). The service description's table does not list
    /// it, so it is optional; rows filtered by scheme code always belong to that scheme.
    #[serde(
        rename = "kode",
        alias = "Kode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kode: Option<TilskuddsordningKode>,
    /// The owning department's cost centre (`Koststed`), such as `870314`.
    #[serde(
        rename = "koststed",
        alias = "Koststed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub koststed: Option<Koststed>,
    /// The chapter and post (`KapittelPost`), such as `719.21`.
    #[serde(rename = "kapittelPost", alias = "KapittelPost")]
    pub kapittel_post: Kapittelpost,
    /// The amount in kroner (`Budsjett`), exact: read from the JSON text, never through `f64`.
    #[serde(rename = "budsjett", alias = "Budsjett", with = "exact")]
    pub budsjett: Decimal,
}

impl BudsjettRad {
    /// A row, for seeding a mock or building test data. The year is checked like a filter.
    pub fn new(periode: i32, kapittel_post: Kapittelpost, budsjett: Decimal) -> Result<Self> {
        Ok(BudsjettRad {
            periode: check_periode(periode)?,
            kode: None,
            koststed: None,
            kapittel_post,
            budsjett,
        })
    }

    /// Sets the scheme the row belongs to.
    pub fn with_kode(mut self, kode: TilskuddsordningKode) -> Self {
        self.kode = Some(kode);
        self
    }

    /// Sets the cost centre.
    pub fn with_koststed(mut self, koststed: Koststed) -> Self {
        self.koststed = Some(koststed);
        self
    }
}

fn year<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = i32;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a year such as 2026")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
            i32::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
            i32::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i32, E> {
            v.trim()
                .parse()
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
    d.deserialize_any(V)
}

/// Filters for [`BudsjettClient::list_budsjett`]. All optional; combine as you like.
///
/// ```
/// use hint_budsjett::{BudsjettFilter, TilskuddsordningKode};
/// let query = BudsjettFilter::new()
///     .periode(2026)
///     .kode(TilskuddsordningKode::new("870021")?)
///     .kapittel_post("719.21".parse()?);
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudsjettFilter {
    periode: Option<i32>,
    koststed: Option<Koststed>,
    kode: Option<TilskuddsordningKode>,
    kapittel_post: Option<Kapittelpost>,
    page_size: Option<u32>,
}

impl BudsjettFilter {
    /// No filters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only this budget year ([`crate::MIN_PERIODE`] to [`crate::MAX_PERIODE`], checked when the
    /// list is requested).
    pub fn periode(mut self, periode: i32) -> Self {
        self.periode = Some(periode);
        self
    }

    /// Only rows of this cost centre.
    pub fn koststed(mut self, koststed: Koststed) -> Self {
        self.koststed = Some(koststed);
        self
    }

    /// Only rows of this scheme.
    pub fn kode(mut self, kode: TilskuddsordningKode) -> Self {
        self.kode = Some(kode);
        self
    }

    /// Only rows on this chapter and post.
    pub fn kapittel_post(mut self, kapittel_post: Kapittelpost) -> Self {
        self.kapittel_post = Some(kapittel_post);
        self
    }

    /// How many rows per page (1 to 1000); the service's default otherwise.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    fn to_operation(&self) -> Result<Operation> {
        if let Some(periode) = self.periode {
            check_periode(periode)?;
        }
        check_page_size(self.page_size)?;
        Ok(routes::LIST_BUDSJETT
            .op()
            .query_opt(query::PERIODE, self.periode)
            .query_opt(query::KOSTSTED, self.koststed.as_ref())
            .query_opt(query::KODE, self.kode.as_ref())
            .query_opt(query::KAPITTEL_POST, self.kapittel_post)
            .query_opt(query::MAX_PAGE_SIZE, self.page_size))
    }
}

/// One scheme's budget for one year: its rows (sorted by chapter/post) and their total, as the
/// service had it at [`Ordningsbudsjett::fetched_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Ordningsbudsjett {
    /// The scheme.
    pub kode: TilskuddsordningKode,
    /// The budget year.
    pub periode: i32,
    /// When this was fetched (the service's budget may have changed since).
    pub fetched_at: DateTime<Utc>,
    /// The rows, sorted by chapter/post.
    pub rader: Vec<BudsjettRad>,
    /// The sum of the rows.
    pub total: Decimal,
}

impl Ordningsbudsjett {
    fn from_rows(
        kode: TilskuddsordningKode,
        periode: i32,
        fetched_at: DateTime<Utc>,
        mut rader: Vec<BudsjettRad>,
    ) -> Self {
        rader.sort_by(|a, b| {
            a.kapittel_post
                .cmp(&b.kapittel_post)
                .then_with(|| a.koststed.cmp(&b.koststed))
        });
        let total = sum_saturating(rader.iter().map(|r| r.budsjett));
        Ordningsbudsjett {
            kode,
            periode,
            fetched_at,
            rader,
            total,
        }
    }

    /// What changed between an earlier fetch of the same scheme and year and this one. Refuses
    /// fetches of another scheme or year.
    pub fn changes_since(&self, earlier: &Ordningsbudsjett) -> Result<Budsjettendringer> {
        if earlier.kode != self.kode {
            return Err(Error::invalid_input(
                wire::KODE,
                "both fetches must be of the same scheme",
            ));
        }
        Budsjettendringer::between(
            self.periode,
            earlier.periode,
            earlier.fetched_at,
            &earlier.rader,
            self.fetched_at,
            &self.rader,
        )
    }
}

/// Every budget row of one year as the service had it at [`Periodebudsjett::fetched_at`]:
/// keep one, fetch again later, and [`Periodebudsjett::changes_since`] says what a revision
/// changed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Periodebudsjett {
    /// The budget year.
    pub periode: i32,
    /// When this was fetched.
    pub fetched_at: DateTime<Utc>,
    /// The rows, sorted by scheme, cost centre and chapter/post.
    pub rader: Vec<BudsjettRad>,
}

impl Periodebudsjett {
    /// A snapshot from rows you already have (for tests, or rows kept from earlier). Rows of
    /// other years are left out.
    pub fn from_rows(
        periode: i32,
        fetched_at: DateTime<Utc>,
        rader: impl IntoIterator<Item = BudsjettRad>,
    ) -> Self {
        let mut rader: Vec<BudsjettRad> =
            rader.into_iter().filter(|r| r.periode == periode).collect();
        rader.sort_by(|a, b| {
            (&a.kode, &a.koststed, a.kapittel_post).cmp(&(&b.kode, &b.koststed, b.kapittel_post))
        });
        Periodebudsjett {
            periode,
            fetched_at,
            rader,
        }
    }

    /// The sum of all rows.
    pub fn total(&self) -> Decimal {
        sum_saturating(self.rader.iter().map(|r| r.budsjett))
    }

    /// One scheme's part of the snapshot (no rows and a zero total if it has none).
    pub fn for_ordning(&self, kode: &TilskuddsordningKode) -> Ordningsbudsjett {
        let rader = self
            .rader
            .iter()
            .filter(|r| r.kode.as_ref() == Some(kode))
            .cloned()
            .collect();
        Ordningsbudsjett::from_rows(kode.clone(), self.periode, self.fetched_at, rader)
    }

    /// What changed between an earlier snapshot of the same year and this one. Refuses a
    /// snapshot of another year.
    pub fn changes_since(&self, earlier: &Periodebudsjett) -> Result<Budsjettendringer> {
        Budsjettendringer::between(
            self.periode,
            earlier.periode,
            earlier.fetched_at,
            &earlier.rader,
            self.fetched_at,
            &self.rader,
        )
    }
}

/// Adds amounts up, stopping at the largest `Decimal` instead of panicking: amounts come from
/// the service, and one near `Decimal::MAX` (which decodes) must not bring the caller down.
pub(crate) fn sum_saturating(amounts: impl IntoIterator<Item = Decimal>) -> Decimal {
    amounts
        .into_iter()
        .fold(Decimal::ZERO, Decimal::saturating_add)
}

impl BudsjettClient {
    /// Lists budget rows, a page at a time (`GET budsjett`).
    ///
    /// The filter is checked first (a year outside [`crate::MIN_PERIODE`]..=
    /// [`crate::MAX_PERIODE`] is refused, naming `periode`), and nothing is sent for a bad one.
    /// Amounts are the newest version of the budget.
    pub fn list_budsjett(&self, query: &BudsjettFilter) -> Result<Pager<BudsjettRad>> {
        Ok(self
            .core()
            .pager(query.to_operation()?, hint_core::PageStyle::NextLink))
    }

    /// One scheme's budget for a year: every row (all pages) and the total.
    ///
    /// A scheme without rows that year gives an empty budget with a zero total, not an error.
    pub async fn get_ordningsbudsjett(
        &self,
        kode: &TilskuddsordningKode,
        periode: i32,
    ) -> Result<Ordningsbudsjett> {
        let query = BudsjettFilter::new().periode(periode).kode(kode.clone());
        let rader = self.list_budsjett(&query)?.collect_all().await?;
        Ok(Ordningsbudsjett::from_rows(
            kode.clone(),
            periode,
            Utc::now(),
            rader,
        ))
    }

    /// Every budget row of a year (all pages), as a snapshot to keep and compare later.
    pub async fn get_periodebudsjett(&self, periode: i32) -> Result<Periodebudsjett> {
        let query = BudsjettFilter::new()
            .periode(periode)
            .page_size(routes::MAX_PAGE_SIZE);
        let rader = self.list_budsjett(&query)?.collect_all().await?;
        Ok(Periodebudsjett::from_rows(periode, Utc::now(), rader))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_decodes_exactly_in_both_spellings() {
        let camel: BudsjettRad =
            serde_json::from_str(r#"{"periode":2017,"kode":"870021","koststed":870314,"kapittelPost":"719.21","budsjett":99999,"ekstra":true}"#)
                .unwrap();
        let pascal: BudsjettRad =
            serde_json::from_str(r#"{"Periode":"2017","Kode":"870021","Koststed":"870314","KapittelPost":"719.21","Budsjett":"99999"}"#).unwrap();
        assert_eq!(camel, pascal);
        assert_eq!(camel.budsjett, Decimal::from(99_999));
        assert_eq!(camel.kapittel_post.to_string(), "719.21");

        let a: BudsjettRad =
            serde_json::from_str(r#"{"periode":2026,"kapittelPost":"719.21","budsjett":0.1}"#)
                .unwrap();
        let b: BudsjettRad =
            serde_json::from_str(r#"{"periode":2026,"kapittelPost":"719.21","budsjett":0.2}"#)
                .unwrap();
        assert_eq!((a.budsjett + b.budsjett).to_string(), "0.3");
        let big: BudsjettRad = serde_json::from_str(
            r#"{"periode":2026,"kapittelPost":"765.72","budsjett":12345678901234567.89}"#,
        )
        .unwrap();
        assert_eq!(big.budsjett.to_string(), "12345678901234567.89");
        // Written back as a JSON number with the same digits.
        let json = serde_json::to_string(&big).unwrap();
        assert!(
            json.contains(r#""budsjett":12345678901234567.89"#),
            "{json}"
        );
        // Through serde_json::Value too (precision as far as the Value kept it).
        let value =
            serde_json::json!({"periode": 2026, "kapittelPost": "765.72", "budsjett": 412300000});
        let row: BudsjettRad = serde_json::from_value(value).unwrap();
        assert_eq!(row.budsjett, Decimal::from(412_300_000));
    }

    #[test]
    fn a_broken_amount_names_the_field() {
        let err = serde_json::from_str::<BudsjettRad>(
            r#"{"periode":2026,"kapittelPost":"719.21","budsjett":"mye"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("not an amount"), "{err}");
    }

    #[test]
    fn query_refuses_bad_years() {
        for year in [1999, 2101, 26] {
            assert_eq!(
                BudsjettFilter::new()
                    .periode(year)
                    .to_operation()
                    .unwrap_err()
                    .field(),
                Some("periode")
            );
        }
        assert!(BudsjettFilter::new().periode(2026).to_operation().is_ok());
    }

    #[test]
    fn snapshot_totals_and_scheme_view() {
        let kode = TilskuddsordningKode::new("870021").unwrap();
        let row = |kp: &str, amount: i64| {
            BudsjettRad::new(2026, kp.parse().unwrap(), Decimal::from(amount))
                .unwrap()
                .with_kode(kode.clone())
        };
        let other = BudsjettRad::new(2026, "765.21".parse().unwrap(), Decimal::from(5))
            .unwrap()
            .with_kode(TilskuddsordningKode::new("870045").unwrap());
        let old_year = BudsjettRad::new(2025, "719.21".parse().unwrap(), Decimal::from(7)).unwrap();
        let snap = Periodebudsjett::from_rows(
            2026,
            Utc::now(),
            [row("719.70", 300), row("719.21", 200), other, old_year],
        );
        assert_eq!(snap.rader.len(), 3);
        assert_eq!(snap.total(), Decimal::from(505));
        let scheme = snap.for_ordning(&kode);
        assert_eq!(scheme.total, Decimal::from(500));
        let posts: Vec<String> = scheme
            .rader
            .iter()
            .map(|r| r.kapittel_post.to_string())
            .collect();
        assert_eq!(posts, ["719.21", "719.70"]);
    }
}
