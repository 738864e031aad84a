//! Grant announcements (tilskudd): deadlines, amounts and rules.
//!
//! hAPI does not document the `data` fields of a grant announcement, and no public sample shows
//! them. [`Tilskudd`] keeps `data` as structured JSON and reads the fields a grant system needs
//! under the names below, trying the spellings one would expect. Until they are confirmed
//! against the live API, treat the accessors as best effort: the mock serves these names, and
//! everything else stays reachable through [`Infobit::data`].
//!
//! | accessor | `data` keys tried |
//! |---|---|
//! | [`Tilskudd::soknadsfrist`] | `soknadsfrist`, `søknadsfrist`, `frist`, `soknadsfristDato` |
//! | [`Tilskudd::soknadsfrist_tekst`] | `soknadsfristTekst` (e.g. «Løpende») |
//! | [`Tilskudd::ramme`] | `ramme`, `tilskuddsramme`, `belop`, `beløp`, `totalramme` |
//! | [`Tilskudd::regelverk`] | `regelverk`, `regelverkTekst` (HTML) |
//! | [`Tilskudd::regelverk_url`] | `regelverkUrl`, `regelverkLenke` |
//! | [`Tilskudd::kapittel_post`] | `kapittelPost`, `budsjettpost` (statsbudsjettet, e.g. `0714.70`) |
//! | [`Tilskudd::ordning`] | `ordning`, `tilskuddsordning` |
//! | [`Tilskudd::soknad_url`] | `soknadUrl`, `soknadsskjema` |

use std::ops::Deref;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use hint_core::{Error, Pager, Result};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::client::HapiClient;
use crate::innhold::InnholdFilter;
use crate::model::{Infobit, InfobitId};
use crate::routes::ContentKind;

/// A grant announcement: an [`Infobit`] with typed accessors for its `data`. Derefs to the
/// [`Infobit`] (title, text, source, links).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Tilskudd {
    /// The document.
    pub infobit: Infobit,
}

impl Deref for Tilskudd {
    type Target = Infobit;
    fn deref(&self) -> &Infobit {
        &self.infobit
    }
}

impl From<Infobit> for Tilskudd {
    fn from(infobit: Infobit) -> Self {
        Tilskudd { infobit }
    }
}

impl Tilskudd {
    /// The application deadline, when it is a date.
    pub fn soknadsfrist(&self) -> Option<NaiveDateTime> {
        ["soknadsfrist", "søknadsfrist", "frist", "soknadsfristDato"]
            .iter()
            .find_map(|k| self.data.time(k))
    }

    /// The deadline as text, for deadlines that are not a date (`Løpende`).
    pub fn soknadsfrist_tekst(&self) -> Option<String> {
        self.data.text_any(&["soknadsfristTekst", "fristTekst"])
    }

    /// The total amount available, in NOK, read exactly (a number or a text such as
    /// `"12 500 000,50"`).
    pub fn ramme(&self) -> Option<Decimal> {
        ["ramme", "tilskuddsramme", "belop", "beløp", "totalramme"]
            .iter()
            .find_map(|k| decimal(self.data.get(k)?))
    }

    /// The rules (regelverk) as HTML.
    pub fn regelverk(&self) -> Option<String> {
        self.data.text_any(&["regelverk", "regelverkTekst"])
    }

    /// Where the rules are published.
    pub fn regelverk_url(&self) -> Option<String> {
        self.data.text_any(&["regelverkUrl", "regelverkLenke"])
    }

    /// The state budget chapter and post (`0714.70`), which links the announcement to a grant
    /// scheme in a budget system.
    pub fn kapittel_post(&self) -> Option<String> {
        self.data.text_any(&["kapittelPost", "budsjettpost"])
    }

    /// The grant scheme's name or id.
    pub fn ordning(&self) -> Option<String> {
        self.data.text_any(&["ordning", "tilskuddsordning"])
    }

    /// Where to apply.
    pub fn soknad_url(&self) -> Option<String> {
        self.data.text_any(&["soknadUrl", "soknadsskjema"])
    }

    /// Open for applications on `today`: the deadline (end of its day) is today or later, or the
    /// deadline is not a date (`Løpende`); and the status, if any, is not closed.
    pub fn is_open_on(&self, today: NaiveDate) -> bool {
        let closed_status = self
            .status
            .as_deref()
            .map(|s| {
                let s = s.to_lowercase();
                s.contains("stengt")
                    || s.contains("avsluttet")
                    || s.contains("utløpt")
                    || s.contains("arkivert")
            })
            .unwrap_or(false);
        if closed_status {
            return false;
        }
        match self.soknadsfrist() {
            Some(deadline) => deadline.date() >= today,
            None => true,
        }
    }
}

fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        // serde_json keeps a number's shortest round-trip text, so amounts such as 0.1 or
        // 12500000.50 come back exactly.
        Value::Number(n) => Decimal::from_str(&n.to_string())
            .or_else(|_| Decimal::from_scientific(&n.to_string()))
            .ok(),
        Value::String(s) => {
            let cleaned: String = s
                .trim()
                .trim_start_matches("kr")
                .trim_end_matches("kr")
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
                .collect();
            let cleaned = if cleaned.contains(',') {
                cleaned.replace('.', "").replace(',', ".")
            } else {
                cleaned
            };
            Decimal::from_str(&cleaned).ok()
        }
        _ => None,
    }
}

/// Filters for [`HapiClient::list_tilskudd`] (`/tilskudd`). The route has no filters of its own:
/// these are applied to the announcements it answers (one page, the whole list).
///
/// ```
/// use hapi_content::TilskuddFilter;
/// use hapi_content::chrono::NaiveDate;
/// let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
/// let filter = TilskuddFilter::new().open_on(today).kapittel_post("0714.70");
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TilskuddFilter {
    /// Only those open for applications on this day ([`Tilskudd::is_open_on`]), soonest deadline
    /// first (those without a date last).
    pub open_on: Option<NaiveDate>,
    /// Only those for this state budget chapter and post (`kapittelPost`, such as `0714.70`).
    pub kapittel_post: Option<String>,
}

impl TilskuddFilter {
    /// Every announcement.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only those open on `today`, soonest deadline first.
    pub fn open_on(mut self, today: NaiveDate) -> Self {
        self.open_on = Some(today);
        self
    }

    /// Only those for a state budget chapter and post (`0714.70`): links a grant scheme in a
    /// budget system to its published text.
    pub fn kapittel_post(mut self, kapittel_post: impl Into<String>) -> Self {
        self.kapittel_post = Some(kapittel_post.into());
        self
    }

    /// The announcements of one answer that pass, in the order the filter asks for.
    fn apply(&self, mut grants: Vec<Tilskudd>) -> Vec<Tilskudd> {
        if let Some(wanted) = &self.kapittel_post {
            grants.retain(|g| g.kapittel_post().as_deref().map(str::trim) == Some(wanted));
        }
        if let Some(today) = self.open_on {
            grants.retain(|g| g.is_open_on(today));
            grants.sort_by_key(|g| (g.soknadsfrist().is_none(), g.soknadsfrist()));
        }
        grants
    }
}

impl HapiClient {
    /// Grant announcements (`/tilskudd`), with deadlines, amounts and rules, filtered as
    /// [`TilskuddFilter`] says. The filter is checked first; nothing is sent for a bad one.
    pub fn list_tilskudd(&self, filter: &TilskuddFilter) -> Result<Pager<Tilskudd>> {
        let mut filter = filter.clone();
        if let Some(kp) = &mut filter.kapittel_post {
            *kp = kp.trim().to_owned();
            if kp.is_empty() {
                return Err(Error::invalid_input("kapittelPost", "must not be empty"));
            }
        }
        let all = self.list_innhold(&InnholdFilter::new().kind(ContentKind::Tilskudd))?;
        Ok(all
            .map(Tilskudd::from)
            .map_pages(move |page| filter.apply(page)))
    }

    /// One grant announcement by id (`/tilskudd/{id}`).
    pub async fn get_tilskudd<I>(&self, id: I) -> Result<Tilskudd>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        Ok(self.get_kind(ContentKind::Tilskudd, id).await?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_are_exact() {
        assert_eq!(
            decimal(&json!(0.1)),
            Some(Decimal::from_str("0.1").unwrap())
        );
        let sum = decimal(&json!(0.1)).unwrap() + decimal(&json!(0.2)).unwrap();
        assert_eq!(sum, Decimal::from_str("0.3").unwrap());
        assert_eq!(
            decimal(&json!(12500000.5)),
            Some(Decimal::from_str("12500000.5").unwrap())
        );
        assert_eq!(
            decimal(&json!("12 500 000,50")),
            Some(Decimal::from_str("12500000.50").unwrap())
        );
        assert_eq!(
            decimal(&json!("kr 1.250.000,00")),
            Some(Decimal::from_str("1250000.00").unwrap())
        );
        assert_eq!(decimal(&json!("mye")), None);
    }
}
