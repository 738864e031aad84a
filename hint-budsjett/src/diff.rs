//! What changed between two fetches of the same budget year.
//!
//! HINT Budsjett keeps no revisions: it always answers with the newest budget. Comparing a kept
//! fetch with a new one is the only way to see what a revised budget changed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use hint_core::{Error, Result};
use rust_decimal::Decimal;

use crate::budsjett::{BudsjettRad, sum_saturating};
use crate::routes::wire;
use crate::types::{Kapittelpost, Koststed, TilskuddsordningKode};

/// How a budget line changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endringstype {
    /// The line is new in the later fetch.
    Ny,
    /// The line is gone from the later fetch.
    Fjernet,
    /// The amount changed.
    Endret,
}

/// One budget line that differs between two fetches. A line is identified by scheme, cost
/// centre and chapter/post.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Budsjettendring {
    /// The scheme, if the rows carried it.
    pub kode: Option<TilskuddsordningKode>,
    /// The cost centre, if the rows carried it.
    pub koststed: Option<Koststed>,
    /// The chapter and post.
    pub kapittel_post: Kapittelpost,
    /// The amount in the earlier fetch (`None` if the line is new).
    pub before: Option<Decimal>,
    /// The amount in the later fetch (`None` if the line is gone).
    pub after: Option<Decimal>,
}

impl Budsjettendring {
    /// New, removed or changed.
    pub fn kind(&self) -> Endringstype {
        match (self.before, self.after) {
            (None, _) => Endringstype::Ny,
            (_, None) => Endringstype::Fjernet,
            _ => Endringstype::Endret,
        }
    }

    /// After minus before (a missing side counts as zero).
    pub fn difference(&self) -> Decimal {
        // Saturating: amounts come from the service and may be anywhere in `Decimal`'s range.
        self.after
            .unwrap_or_default()
            .saturating_sub(self.before.unwrap_or_default())
    }
}

/// The differences between two fetches of one budget year. Made by
/// [`crate::Periodebudsjett::changes_since`] or [`crate::Ordningsbudsjett::changes_since`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Budsjettendringer {
    /// The budget year.
    pub periode: i32,
    /// When the earlier fetch was made.
    pub before_fetched_at: DateTime<Utc>,
    /// When the later fetch was made.
    pub after_fetched_at: DateTime<Utc>,
    /// The lines that differ, sorted by scheme, cost centre and chapter/post.
    pub changes: Vec<Budsjettendring>,
    /// The total of the earlier fetch.
    pub total_before: Decimal,
    /// The total of the later fetch.
    pub total_after: Decimal,
}

type Key = (Option<TilskuddsordningKode>, Option<Koststed>, Kapittelpost);

impl Budsjettendringer {
    pub(crate) fn between(
        periode: i32,
        earlier_periode: i32,
        before_fetched_at: DateTime<Utc>,
        before: &[BudsjettRad],
        after_fetched_at: DateTime<Utc>,
        after: &[BudsjettRad],
    ) -> Result<Budsjettendringer> {
        if periode != earlier_periode {
            return Err(Error::invalid_input(
                wire::PERIODE,
                format!(
                    "both fetches must be of the same year ({earlier_periode} and {periode} differ)"
                ),
            ));
        }
        let sum = |rows: &[BudsjettRad]| {
            let mut lines: BTreeMap<Key, Decimal> = BTreeMap::new();
            for row in rows.iter().filter(|r| r.periode == periode) {
                let line = lines
                    .entry((row.kode.clone(), row.koststed.clone(), row.kapittel_post))
                    .or_default();
                *line = line.saturating_add(row.budsjett);
            }
            lines
        };
        let mut old = sum(before);
        let new = sum(after);
        let total_before = sum_saturating(old.values().copied());
        let total_after = sum_saturating(new.values().copied());
        let mut changes: BTreeMap<Key, Budsjettendring> = BTreeMap::new();
        for (key, amount) in new {
            let previous = old.remove(&key);
            if previous != Some(amount) {
                let (kode, koststed, kapittel_post) = key.clone();
                changes.insert(
                    key,
                    Budsjettendring {
                        kode,
                        koststed,
                        kapittel_post,
                        before: previous,
                        after: Some(amount),
                    },
                );
            }
        }
        for (key, amount) in old {
            let (kode, koststed, kapittel_post) = key.clone();
            changes.insert(
                key,
                Budsjettendring {
                    kode,
                    koststed,
                    kapittel_post,
                    before: Some(amount),
                    after: None,
                },
            );
        }
        Ok(Budsjettendringer {
            periode,
            before_fetched_at,
            after_fetched_at,
            changes: changes.into_values().collect(),
            total_before,
            total_after,
        })
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The change of the total (after minus before).
    pub fn net_change(&self) -> Decimal {
        self.total_after.saturating_sub(self.total_before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Periodebudsjett;

    fn row(kode: &str, kp: &str, amount: &str) -> BudsjettRad {
        BudsjettRad::new(2026, kp.parse().unwrap(), amount.parse().unwrap())
            .unwrap()
            .with_kode(TilskuddsordningKode::new(kode).unwrap())
            .with_koststed(Koststed::new("5030").unwrap())
    }

    #[test]
    fn added_removed_changed_and_unchanged() {
        let t0 = Utc::now();
        let before = Periodebudsjett::from_rows(
            2026,
            t0,
            [
                row("870021", "719.21", "1000"),
                row("870021", "719.70", "2000"),
                row("870045", "765.62", "500.50"),
            ],
        );
        let after = Periodebudsjett::from_rows(
            2026,
            t0,
            [
                row("870021", "719.21", "1000.00"), // same value, other scale: unchanged
                row("870021", "719.70", "2500"),
                row("870045", "765.21", "10"),
            ],
        );
        let diff = after.changes_since(&before).unwrap();
        let kinds: Vec<(String, Endringstype, String)> = diff
            .changes
            .iter()
            .map(|c| {
                (
                    c.kapittel_post.to_string(),
                    c.kind(),
                    c.difference().to_string(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("719.70".to_owned(), Endringstype::Endret, "500".to_owned()),
                ("765.21".to_owned(), Endringstype::Ny, "10".to_owned()),
                (
                    "765.62".to_owned(),
                    Endringstype::Fjernet,
                    "-500.50".to_owned()
                ),
            ]
        );
        assert_eq!(diff.total_before.to_string(), "3500.50");
        assert_eq!(diff.net_change().to_string(), "9.50");
        assert!(after.changes_since(&after).unwrap().is_empty());
    }

    #[test]
    fn refuses_other_years_and_schemes() {
        let a = Periodebudsjett::from_rows(2026, Utc::now(), []);
        let b = Periodebudsjett::from_rows(2025, Utc::now(), []);
        assert_eq!(a.changes_since(&b).unwrap_err().field(), Some("periode"));
        let x = a.for_ordning(&TilskuddsordningKode::new("870021").unwrap());
        let y = a.for_ordning(&TilskuddsordningKode::new("870045").unwrap());
        assert_eq!(x.changes_since(&y).unwrap_err().field(), Some("kode"));
        assert!(x.changes_since(&x).unwrap().is_empty());
    }
}
