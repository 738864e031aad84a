//! The mock's seed: four departments of Helsedirektoratet, eleven grant schemes with two or
//! three chapter/posts each, budgets for 2024, 2025 and 2026, and a prepared mid-year revision.
//!
//! The names and chapters follow the state budget's shape (Helse- og omsorgsdepartementet's
//! chapters 700–799, posts 21 for special operating costs and 60–79 for grants); the amounts
//! are invented but of a realistic size, in whole kroner.

use rust_decimal::Decimal;

use super::State;
use crate::budsjett::BudsjettRad;
use crate::tilskuddsordning::Tilskuddsordning;
use crate::types::{Kapittelpost, Koststed, KoststedKode, TilskuddsordningKode};

/// The budget years the seed holds.
pub const SEEDED_PERIODER: [i32; 3] = [2024, 2025, 2026];

/// The year the seed treats as the current one (its budget is the adopted one, before the
/// revision [`Revision::revidert_nasjonalbudsjett_2026`]).
pub const CURRENT_PERIODE: i32 = 2026;

/// Departments: cost centre (one six-digit, as in the service description's budget example),
/// short code, description.
const AVDELINGER: &[(&str, &str, &str)] = &[
    ("5030", "SPPR", "Avdeling psykisk helsevern og rus"),
    ("870314", "FOLK", "Avdeling folkehelse og levekår"),
    (
        "5040",
        "KOHO",
        "Avdeling kommunale helse- og omsorgstjenester",
    ),
    ("5120", "SPES", "Avdeling spesialisthelsetjenester"),
];

/// Scheme code; name; department; first year; the 2026 amount per chapter/post.
const SCHEMES: &str = "
870021;Skadeforebyggende forum;SPPR;2024;719.21=1850000 719.70=6400000
870045;Kommunalt rusarbeid;SPPR;2024;765.21=12500000 765.62=412300000
870052;Frivillig arbeid på rus- og psykisk helsefeltet;SPPR;2024;765.21=3200000 765.71=118750000 765.75=24600000
870108;Fysisk aktivitet og gode levevaner;FOLK;2024;714.21=8900000 714.70=31450000 714.79=5300000
870115;Program for folkehelsearbeid i kommunene;FOLK;2024;714.21=4100000 714.60=96800000
870122;Tiltak mot ensomhet;FOLK;2025;714.21=1200000 714.79=18900000
870201;Kompetanseløftet – kompetanse og innovasjon;KOHO;2024;761.21=22400000 761.68=187650000
870208;Utviklingsprogram for helsestasjons- og skolehelsetjenesten;KOHO;2024;762.21=6750000 762.60=402000000 762.73=14200000
870215;Øyeblikkelig hjelp døgnopphold i kommunene;KOHO;2024;762.21=2100000 762.63=58300000
870301;Behandlingsreiser til utlandet;SPES;2024;732.21=3450000 732.70=141900000
870308;Tilskudd til LIS1-stillinger;SPES;2024;783.21=5600000 783.79=73250000";

fn seed<T, E: std::fmt::Display>(value: Result<T, E>) -> T {
    value.unwrap_or_else(|e| panic!("seed data: {e}"))
}

/// The schemes, each with its department's fields and the years and posts of its rows.
fn table() -> impl Iterator<Item = (Tilskuddsordning, i32, Vec<(Kapittelpost, i64)>)> {
    SCHEMES.lines().filter(|l| !l.is_empty()).map(|line| {
        let f: Vec<&str> = line.split(';').collect();
        let (koststed, kode, beskrivelse) = seed(
            AVDELINGER
                .iter()
                .find(|a| a.1 == f[2])
                .ok_or("unknown department"),
        );
        let ordning = seed(Tilskuddsordning::new(
            seed(TilskuddsordningKode::new(f[0])),
            f[1],
        ))
        .with_avdeling(
            seed(Koststed::new(koststed)),
            seed(KoststedKode::new(kode)),
            *beskrivelse,
        );
        let posts = f[4].split(' ').map(|p| {
            let (post, amount) = seed(p.split_once('=').ok_or("post=amount"));
            (seed(post.parse()), seed(amount.parse()))
        });
        (seed(ordning), seed(f[3].parse()), posts.collect())
    })
}

pub(super) fn schemes() -> Vec<Tilskuddsordning> {
    table().map(|(ordning, ..)| ordning).collect()
}

pub(super) fn rows() -> Vec<BudsjettRad> {
    let mut out = Vec::new();
    for (ordning, first_year, posts) in table() {
        for (post, amount_2026) in posts {
            // 2026 as adopted; 2025 about 3.8 % lower; 2024 another 4.2 % lower. Rounded to
            // whole thousands, as budgets are written.
            for (periode, per_mille) in [(2024, 962 * 958 / 1000), (2025, 962), (2026, 1000)] {
                if periode >= first_year {
                    let amount =
                        Decimal::from((amount_2026 * per_mille + 500_000) / 1_000_000 * 1000);
                    let row = seed(BudsjettRad::new(periode, post, amount))
                        .with_kode(ordning.kode.clone());
                    out.push(row.with_koststed(seed(ordning.koststed.clone().ok_or("koststed"))));
                }
            }
        }
    }
    out
}

/// A budget revision for [`MockBudsjett::apply_revision`](super::MockBudsjett::apply_revision):
/// amounts set (or lines added) and lines removed on one year's budget, as a revised national
/// budget does.
///
/// ```
/// use hint_budsjett::{Decimal, TilskuddsordningKode};
/// use hint_budsjett::mock::Revision;
/// let revision = Revision::new(2026, "Nysaldering 2026")
///     .set(TilskuddsordningKode::new("870021")?, "719.70".parse()?, Decimal::from(7_000_000));
/// # Ok::<(), hint_budsjett::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    periode: i32,
    navn: String,
    /// Scheme, chapter/post, and the new amount (`None`: the line is removed).
    lines: Vec<(TilskuddsordningKode, Kapittelpost, Option<Decimal>)>,
}

impl Revision {
    /// An empty revision of one year's budget, with a name for messages.
    pub fn new(periode: i32, navn: impl Into<String>) -> Self {
        let navn = navn.into();
        Revision {
            periode,
            navn,
            lines: Vec::new(),
        }
    }

    /// Sets a scheme's amount on a chapter/post; adds the line if the scheme has none there
    /// (with the scheme's cost centre, when the mock knows the scheme).
    pub fn set(
        mut self,
        kode: TilskuddsordningKode,
        kapittel_post: Kapittelpost,
        budsjett: Decimal,
    ) -> Self {
        self.lines.push((kode, kapittel_post, Some(budsjett)));
        self
    }

    /// Removes a scheme's line on a chapter/post.
    pub fn remove(mut self, kode: TilskuddsordningKode, kapittel_post: Kapittelpost) -> Self {
        self.lines.push((kode, kapittel_post, None));
        self
    }

    /// The name.
    pub fn navn(&self) -> &str {
        &self.navn
    }

    /// The prepared mid-year revision of the seeded 2026 budget: "Kommunalt rusarbeid" gets
    /// 25 million more on 765.62, the health-station programme is cut on 762.60, "Tiltak mot
    /// ensomhet" gets a new post 714.70, and 765.75 of "Frivillig arbeid på rus- og psykisk
    /// helsefeltet" is removed.
    pub fn revidert_nasjonalbudsjett_2026() -> Self {
        let kode = |s| seed(TilskuddsordningKode::new(s));
        let kp = |s: &str| seed(s.parse());
        Revision::new(CURRENT_PERIODE, "Revidert nasjonalbudsjett 2026")
            .set(kode("870045"), kp("765.62"), Decimal::from(437_300_000))
            .set(kode("870208"), kp("762.60"), Decimal::from(389_500_000))
            .set(kode("870122"), kp("714.70"), Decimal::from(10_000_000))
            .remove(kode("870052"), kp("765.75"))
    }

    /// Applies the lines to the state; how many changed anything.
    pub(super) fn apply(&self, state: &mut State) -> usize {
        let mut changed = 0;
        for (kode, kp, amount) in &self.lines {
            let row = state.row(self.periode, kode, *kp);
            match (row, amount) {
                (Some(k), Some(amount)) if state.rader[&k].budsjett != *amount => {
                    state.rader.entry(k).and_modify(|r| r.budsjett = *amount);
                }
                (Some(k), None) => drop(state.rader.remove(&k)),
                (None, Some(amount)) => {
                    let ordning = state.ordninger.get(kode.as_str());
                    let mut rad = seed(BudsjettRad::new(self.periode, *kp, *amount));
                    rad.kode = Some(kode.clone());
                    rad.koststed = ordning.and_then(|o| o.koststed.clone());
                    state.rader.insert(super::key(&rad), rad);
                }
                _ => continue,
            }
            changed += 1;
        }
        changed
    }
}
