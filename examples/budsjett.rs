//! Every grant scheme's budget for a year, grouped by department, with totals.
//!
//! ```text
//! cargo run -p hint-examples --example budsjett            # against the embedded mock
//! BUDSJETT_PERIODE=2025 cargo run -p hint-examples --example budsjett
//! ```
//!
//! Against a real environment, set `HINT_ENVIRONMENT` (`test` or `production`), `HINT_API_KEY`,
//! `HELSEID_CLIENT_ID` and `HELSEID_JWK_FILE` (see `hint_examples::settings`; optionally
//! `HINT_BUDSJETT_BASE_URL`), and optionally `BUDSJETT_PERIODE` (default: this year). Against the mock, the example also
//! applies the seeded mid-year revision and shows what it changed, the way you would compare
//! two fetches of the real service (which keeps no history).
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::error::Error;
use std::process::ExitCode;

use chrono::Datelike;
use hint_budsjett::hint_core::helseid_auth::TokenType;
use hint_budsjett::mock::{CURRENT_PERIODE, MockBudsjett, Revision};
use hint_budsjett::{
    BudsjettClient, Decimal, Endringstype, Koststed, Ordningsbudsjett, Periodebudsjett,
    Tilskuddsordning, TilskuddsordningFilter, TilskuddsordningKode, kroner,
};
use hint_examples::settings;

const NAME_WIDTH: usize = 62;
const AMOUNT_WIDTH: usize = 15;

#[tokio::main]
async fn main() -> ExitCode {
    hint_examples::exit_status("budsjett", run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    settings::init_tracing()?;
    let periode_setting = settings::optional("BUDSJETT_PERIODE")?;
    match settings::environment(settings::HINT_ENVIRONMENT)? {
        Some(environment) => {
            let helseid = settings::helseid_client(settings::NEEDED_FOR_HINT, TokenType::DPoP)?;
            let client: BudsjettClient =
                settings::hint_client(&environment, &helseid, "HINT_BUDSJETT_BASE_URL")?;
            let periode = periode(periode_setting, chrono::Utc::now().year())?;
            println!("HINT Budsjett ({environment:?})");
            let snapshot = print_budget(&client, periode).await?;
            println!(
                "\nKeep fetches like this one ({} rows) to see later what a revision changed.",
                snapshot.rader.len()
            );
        }
        None => {
            let periode = periode(periode_setting, CURRENT_PERIODE)?;
            let mock = MockBudsjett::start().await;
            let client = mock.client().await?;
            println!(
                "HINT Budsjett (embedded mock; set HINT_ENVIRONMENT to use a real environment)"
            );
            let before = print_budget(&client, periode).await?;
            if periode == CURRENT_PERIODE {
                show_revision(&mock, &client, &before).await?;
            }
        }
    }
    Ok(())
}

fn periode(setting: Option<String>, default: i32) -> Result<i32, Box<dyn Error>> {
    let periode = match setting {
        Some(text) => text
            .parse()
            .map_err(|_| format!("BUDSJETT_PERIODE must be a year such as 2026, not `{text}`"))?,
        None => default,
    };
    Ok(hint_budsjett::check_periode(periode)?)
}

/// One department: its description and its schemes (each with its budget rows).
#[derive(Default)]
struct Department {
    label: String,
    schemes: Vec<(Tilskuddsordning, Ordningsbudsjett)>,
    total: Decimal,
}

async fn print_budget(
    client: &BudsjettClient,
    periode: i32,
) -> Result<Periodebudsjett, Box<dyn Error>> {
    let schemes = client
        .list_tilskuddsordninger(&TilskuddsordningFilter::new())?
        .collect_all()
        .await?;
    let snapshot = client.get_periodebudsjett(periode).await?;

    let no_koststed = "(uten koststed)".to_owned();
    let mut departments: BTreeMap<String, Department> = BTreeMap::new();
    let mut known: Vec<&TilskuddsordningKode> = Vec::new();
    for scheme in &schemes {
        let key = scheme
            .koststed
            .as_ref()
            .map(Koststed::to_string)
            .unwrap_or_else(|| no_koststed.clone());
        let department = departments.entry(key.clone()).or_default();
        if department.label.is_empty() {
            department.label = [
                Some(key),
                scheme.koststed_kode.as_ref().map(ToString::to_string),
                scheme.koststed_full_beskrivelse.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("  ");
        }
        let budget = snapshot.for_ordning(&scheme.kode);
        department.total += budget.total;
        department.schemes.push((scheme.clone(), budget));
        known.push(&scheme.kode);
    }
    // Rows whose scheme the list did not hold are shown too, so the totals add up.
    let orphans: Vec<_> = snapshot
        .rader
        .iter()
        .filter(|r| r.kode.as_ref().is_none_or(|k| !known.contains(&k)))
        .collect();

    println!(
        "\nBudsjett {periode}: the newest version, fetched {}\n",
        snapshot.fetched_at.format("%Y-%m-%d %H:%M UTC")
    );
    let rule = "─".repeat(8 + NAME_WIDTH + AMOUNT_WIDTH + 2);
    for department in departments.values() {
        println!("{}", department.label);
        println!("{rule}");
        for (scheme, budget) in &department.schemes {
            let name: String = scheme.navn.chars().take(NAME_WIDTH - 1).collect();
            println!(
                "  {:<6}  {:<NAME_WIDTH$}{:>AMOUNT_WIDTH$}",
                scheme.kode,
                name,
                kroner(budget.total)
            );
            if budget.rader.is_empty() {
                println!("          (no budget this year)");
            }
            for row in &budget.rader {
                println!(
                    "          kap./post {:<w$}{:>AMOUNT_WIDTH$}",
                    row.kapittel_post,
                    kroner(row.budsjett),
                    w = NAME_WIDTH - 10 - AMOUNT_WIDTH + 6
                );
            }
        }
        println!(
            "{:>w$}{:>AMOUNT_WIDTH$}\n",
            "Department total",
            kroner(department.total),
            w = 8 + NAME_WIDTH
        );
    }
    if !orphans.is_empty() {
        println!("Rows without a known scheme");
        println!("{rule}");
        for row in &orphans {
            let kode = row
                .kode
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_else(|| "?".to_owned());
            println!(
                "  {:<6}  kap./post {:<w$}{:>AMOUNT_WIDTH$}",
                kode,
                row.kapittel_post,
                kroner(row.budsjett),
                w = NAME_WIDTH - 10
            );
        }
        println!();
    }
    println!(
        "{:>w$}{:>AMOUNT_WIDTH$}",
        format!(
            "Total {periode} ({} schemes, {} departments)",
            schemes.len(),
            departments.len()
        ),
        kroner(snapshot.total()),
        w = 8 + NAME_WIDTH
    );
    Ok(snapshot)
}

async fn show_revision(
    mock: &MockBudsjett,
    client: &BudsjettClient,
    before: &Periodebudsjett,
) -> Result<(), Box<dyn Error>> {
    let revision = Revision::revidert_nasjonalbudsjett_2026();
    mock.apply_revision(&revision);
    let after = client.get_periodebudsjett(before.periode).await?;
    let diff = after.changes_since(before)?;
    println!(
        "\nAfter «{}» the service answers with the new amounts only; comparing with the fetch above:",
        revision.navn()
    );
    for change in &diff.changes {
        let what = match change.kind() {
            Endringstype::Ny => "new line",
            Endringstype::Fjernet => "removed",
            Endringstype::Endret => "changed",
        };
        let kode = change
            .kode
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| "?".to_owned());
        let amount = |a: Option<Decimal>| {
            a.map(|a| kroner(a).to_string())
                .unwrap_or_else(|| "–".to_owned())
        };
        println!(
            "  {kode}  {}  {what:<8} {:>AMOUNT_WIDTH$} → {:<AMOUNT_WIDTH$} ({})",
            change.kapittel_post,
            amount(change.before),
            amount(change.after),
            SignedKroner(change.difference())
        );
    }
    println!(
        "  net change {} kr; total now {} kr",
        SignedKroner(diff.net_change()),
        kroner(diff.total_after)
    );
    Ok(())
}

/// Kroner with an explicit sign for changes.
struct SignedKroner(Decimal);

impl std::fmt::Display for SignedKroner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_sign_positive() && !self.0.is_zero() {
            write!(f, "+{}", kroner(self.0))
        } else {
            write!(f, "{}", kroner(self.0))
        }
    }
}
