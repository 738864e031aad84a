//! The mock's seed: four departments of Helsedirektoratet, eleven grant schemes with two or
//! three chapter/posts each, budgets for 2024, 2025 and 2026, and a prepared mid-year revision.
//!
//! The names and chapters follow the state budget's shape (Helse- og omsorgsdepartementet's
//! chapters 700–799, posts 21 for special operating costs and 60–79 for grants); the amounts
//! are invented but of a realistic size, in whole kroner.

use rust_decimal::Decimal;

use crate::budsjett::BudsjettRad;
use crate::tilskuddsordning::Tilskuddsordning;
use crate::types::{KapittelPost, Koststed, KoststedKode, TilskuddsordningKode};

use super::Revision;

/// The budget years the seed holds.
pub const SEEDED_PERIODER: [i32; 3] = [2024, 2025, 2026];

/// The year the seed treats as the current one (its budget is the adopted one, before the
/// revision [`Revision::revidert_nasjonalbudsjett_2026`]).
pub const CURRENT_PERIODE: i32 = 2026;

struct Avdeling {
    koststed: &'static str,
    kode: &'static str,
    beskrivelse: &'static str,
}

const PSYKISK_HELSE_RUS: Avdeling = Avdeling {
    koststed: "5030",
    kode: "SPPR",
    beskrivelse: "Avdeling psykisk helsevern og rus",
};
// A six-digit cost centre, as in the service description's budget example.
const FOLKEHELSE: Avdeling = Avdeling {
    koststed: "870314",
    kode: "FOLK",
    beskrivelse: "Avdeling folkehelse og levekår",
};
const KOMMUNALE_TJENESTER: Avdeling = Avdeling {
    koststed: "5040",
    kode: "KOHO",
    beskrivelse: "Avdeling kommunale helse- og omsorgstjenester",
};
const SPESIALIST: Avdeling = Avdeling {
    koststed: "5120",
    kode: "SPES",
    beskrivelse: "Avdeling spesialisthelsetjenester",
};

/// Scheme code, name, department, first year, and the 2026 amount per chapter/post.
type SchemeSeed = (
    &'static str,
    &'static str,
    &'static Avdeling,
    i32,
    &'static [(&'static str, i64)],
);

const SCHEMES: &[SchemeSeed] = &[
    (
        "870021",
        "Skadeforebyggende forum",
        &PSYKISK_HELSE_RUS,
        2024,
        &[("719.21", 1_850_000), ("719.70", 6_400_000)],
    ),
    (
        "870045",
        "Kommunalt rusarbeid",
        &PSYKISK_HELSE_RUS,
        2024,
        &[("765.21", 12_500_000), ("765.62", 412_300_000)],
    ),
    (
        "870052",
        "Frivillig arbeid på rus- og psykisk helsefeltet",
        &PSYKISK_HELSE_RUS,
        2024,
        &[
            ("765.21", 3_200_000),
            ("765.71", 118_750_000),
            ("765.75", 24_600_000),
        ],
    ),
    (
        "870108",
        "Fysisk aktivitet og gode levevaner",
        &FOLKEHELSE,
        2024,
        &[
            ("714.21", 8_900_000),
            ("714.70", 31_450_000),
            ("714.79", 5_300_000),
        ],
    ),
    (
        "870115",
        "Program for folkehelsearbeid i kommunene",
        &FOLKEHELSE,
        2024,
        &[("714.21", 4_100_000), ("714.60", 96_800_000)],
    ),
    (
        "870122",
        "Tiltak mot ensomhet",
        &FOLKEHELSE,
        2025,
        &[("714.21", 1_200_000), ("714.79", 18_900_000)],
    ),
    (
        "870201",
        "Kompetanseløftet – kompetanse og innovasjon",
        &KOMMUNALE_TJENESTER,
        2024,
        &[("761.21", 22_400_000), ("761.68", 187_650_000)],
    ),
    (
        "870208",
        "Utviklingsprogram for helsestasjons- og skolehelsetjenesten",
        &KOMMUNALE_TJENESTER,
        2024,
        &[
            ("762.21", 6_750_000),
            ("762.60", 402_000_000),
            ("762.73", 14_200_000),
        ],
    ),
    (
        "870215",
        "Øyeblikkelig hjelp døgnopphold i kommunene",
        &KOMMUNALE_TJENESTER,
        2024,
        &[("762.21", 2_100_000), ("762.63", 58_300_000)],
    ),
    (
        "870301",
        "Behandlingsreiser til utlandet",
        &SPESIALIST,
        2024,
        &[("732.21", 3_450_000), ("732.70", 141_900_000)],
    ),
    (
        "870308",
        "Tilskudd til LIS1-stillinger",
        &SPESIALIST,
        2024,
        &[("783.21", 5_600_000), ("783.79", 73_250_000)],
    ),
];

fn kode(s: &str) -> TilskuddsordningKode {
    TilskuddsordningKode::new(s).unwrap_or_else(|e| panic!("seed data: {e}"))
}

fn kp(s: &str) -> KapittelPost {
    s.parse().unwrap_or_else(|e| panic!("seed data: {e}"))
}

/// An amount scaled by `per_mille` and rounded to whole thousands, as budgets are written.
fn scaled(amount: i64, per_mille: i64) -> Decimal {
    let thousands = (amount * per_mille + 500_000) / 1_000_000;
    Decimal::from(thousands * 1000)
}

pub(super) fn schemes() -> Vec<Tilskuddsordning> {
    SCHEMES
        .iter()
        .map(|(k, navn, avd, _, _)| {
            Tilskuddsordning::new(kode(k), *navn)
                .and_then(|o| {
                    o.with_avdeling(
                        Koststed::new(avd.koststed)?,
                        KoststedKode::new(avd.kode)?,
                        avd.beskrivelse,
                    )
                })
                .unwrap_or_else(|e| panic!("seed data: {e}"))
        })
        .collect()
}

pub(super) fn rows() -> Vec<BudsjettRad> {
    let mut out = Vec::new();
    for (k, _, avd, first_year, posts) in SCHEMES {
        for (post, amount_2026) in posts.iter() {
            // 2026 as adopted; 2025 about 3.8 % lower; 2024 another 4.2 % lower.
            for (periode, per_mille) in [(2024, 962 * 958 / 1000), (2025, 962), (2026, 1000)] {
                if periode < *first_year {
                    continue;
                }
                let row = BudsjettRad::new(periode, kp(post), scaled(*amount_2026, per_mille))
                    .unwrap_or_else(|e| panic!("seed data: {e}"))
                    .with_kode(kode(k))
                    .with_koststed(
                        Koststed::new(avd.koststed).unwrap_or_else(|e| panic!("seed data: {e}")),
                    );
                out.push(row);
            }
        }
    }
    out
}

pub(super) fn revidert_nasjonalbudsjett_2026() -> Revision {
    Revision::new(CURRENT_PERIODE, "Revidert nasjonalbudsjett 2026")
        .set(kode("870045"), kp("765.62"), Decimal::from(437_300_000))
        .set(kode("870208"), kp("762.60"), Decimal::from(389_500_000))
        .set(kode("870122"), kp("714.70"), Decimal::from(10_000_000))
        .remove(kode("870052"), kp("765.75"))
}
