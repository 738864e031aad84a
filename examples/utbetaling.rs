//! `utbetaling`: pay out a grant to an organisation through HINT Økonomi, wait for DFØ's receipts
//! by polling the receipt cursor, and reconcile the day.
//!
//! ```text
//! cargo run -p hint-examples --example utbetaling
//! ```
//!
//! By default it runs against the embedded mock (`hint_okonomi::mock::MockOkonomi`); the example
//! itself plays DFØ and the bank by moving the mock's ledger on between polls. No network, no
//! configuration.
//!
//! Against a real environment (this creates a REAL payment order), set:
//!
//! | variable | meaning |
//! |---|---|
//! | `HINT_ENVIRONMENT` | `test` or `production` |
//! | `HINT_API_KEY` | your subscription key from utvikler.helsedirektoratet.no |
//! | `HELSEID_CLIENT_ID`, `HELSEID_JWK_FILE` | your HelseID client and its private JWK |
//! | `HELSEID_ENVIRONMENT` | `test` (default) or `production` |
//! | `HINT_OKONOMI_BASE_URL` | optional: where the gateway's path differs from the crate's default |
//! | `UTBETALING_ORGNR`, `UTBETALING_NAVN`, `UTBETALING_KONTONUMMER` | the payee |
//! | `UTBETALING_BELOP` | amount in NOK, e.g. `1.00` (default `1.00`) |
//! | `UTBETALING_CURSOR` | where to start polling receipts (optional) |
//! | `UTBETALING_CONFIRM=yes` | required: you mean it |
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use hint_core::helseid_auth::TokenType;
use hint_examples::settings;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{
    Betalingsstatus, Decimal, KvitteringCursor, Kvitteringstype, NyUtbetaling, OkonomiClient,
    UtbetalingId,
};

/// What to pay, and to whom.
struct Payee {
    orgnr: String,
    navn: String,
    kontonummer: String,
    beloep: Decimal,
}

fn real_client(
    environment: &hint_core::Environment,
) -> Result<(OkonomiClient, Payee, Option<KvitteringCursor>), Box<dyn Error>> {
    if settings::optional("UTBETALING_CONFIRM")?.as_deref() != Some("yes") {
        return Err(settings::invalid(
            "UTBETALING_CONFIRM",
            "must be `yes`: this would create a real payment order",
        )
        .into());
    }
    let helseid = settings::helseid_client(settings::NEEDED_FOR_HINT, TokenType::DPoP)?;
    let client = settings::hint_client(environment, &helseid, "HINT_OKONOMI_BASE_URL")?;
    let required = |name| settings::required(name, settings::NEEDED_FOR_HINT);
    let beloep = settings::optional("UTBETALING_BELOP")?.unwrap_or_else(|| "1.00".into());
    let payee = Payee {
        orgnr: required("UTBETALING_ORGNR")?,
        navn: required("UTBETALING_NAVN")?,
        kontonummer: required("UTBETALING_KONTONUMMER")?,
        beloep: Decimal::from_str(&beloep)
            .map_err(|_| settings::invalid("UTBETALING_BELOP", "must be an amount like 1250.00"))?,
    };
    let cursor = match settings::optional("UTBETALING_CURSOR")? {
        Some(c) => Some(c.parse()?),
        None => None,
    };
    Ok((client, payee, cursor))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    hint_examples::exit_status("utbetaling", run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    settings::init_tracing()?;
    let today: NaiveDate = Utc::now().date_naive();
    // Either a real environment, or the mock (kept alive for the whole run).
    let environment = settings::environment(settings::HINT_ENVIRONMENT)?;
    let (client, payee, mut cursor, mock) = if let Some(environment) = environment {
        let (client, payee, cursor) = real_client(&environment)?;
        println!("Using HINT Økonomi at {}", client.core().base_url());
        (client, payee, cursor, None)
    } else {
        let mock = MockOkonomi::start().await;
        mock.set_today(today);
        let client = mock.client().await?;
        println!(
            "Using the embedded HINT Økonomi mock at {}",
            mock.server().uri()
        );
        let payee = Payee {
            orgnr: "987654325".into(),
            navn: "Frisklivssentralen i Vik".into(),
            kontonummer: "1503.12.34562".into(),
            beloep: Decimal::from(250_000),
        };
        (client, payee, None, Some(mock))
    };

    // 1. Pay out the grant. The idempotency key is derived from our own reference, so running
    //    this again (or a retry after a lost answer) never pays twice.
    let referanse = format!("TS-{}-0042", today.format("%Y%m%d"));
    let ny = NyUtbetaling::til_organisasjon(
        payee.orgnr.as_str(),
        payee.navn.as_str(),
        payee.beloep,
        today,
    )
    .kontonummer(payee.kontonummer.as_str())
    .melding("Tilskudd til frisklivstilbud 2026")
    .egen_referanse(referanse.as_str())
    .tilskuddsordning("TS0714")
    .kapittelpost("714.70")
    .koststed("8703")
    .idempotency_key(format!("utbetaling-example-{referanse}"));
    let utbetaling = client.create_utbetaling(&ny).await?;
    println!(
        "\nCreated utbetaling {}: {} NOK to {} ({}), due {}, status {}",
        utbetaling.id,
        utbetaling.beloep,
        utbetaling.mottaker.navn,
        payee.orgnr,
        utbetaling.forfallsdato,
        utbetaling.status
    );

    // 2. Wait for DFØ's receipts by polling the feed from a cursor. A real consumer stores the
    //    cursor after each batch and starts from it next time.
    println!("\nPolling receipts:");
    let done = wait_for_receipts(&client, &utbetaling.id, &mut cursor, mock.as_ref()).await?;
    let now = client.get_utbetaling(&utbetaling.id).await?;
    match (&done, &now.status) {
        (true, Betalingsstatus::Avregnet) => println!(
            "  settled on {} for {} NOK",
            now.avregnet_dato
                .map(|d| d.to_string())
                .unwrap_or_else(|| "?".into()),
            now.avregnet_beloep
                .map(|b| b.to_string())
                .unwrap_or_else(|| "?".into())
        ),
        (true, Betalingsstatus::Avvist) => {
            let why = now.avvisning();
            println!(
                "  rejected: {} {}",
                why.as_ref()
                    .and_then(|w| w.aarsakskode.as_ref())
                    .map(|c| c.as_str())
                    .unwrap_or("?"),
                why.as_ref()
                    .and_then(|w| w.aarsak.clone())
                    .unwrap_or_default()
            );
        }
        (_, status) => {
            println!("  not final yet (status {status}); run again later from the stored cursor")
        }
    }
    if let Some(c) = &cursor {
        println!("  cursor to store for the next run: {c}");
    }

    // 3. Reconcile the day.
    let avstemming = client.get_avstemming_for_day(today).await?;
    println!("\nReconciliation for {today}:");
    for s in &avstemming.per_status {
        println!(
            "  {:<11} {:>3} payment(s) {:>16} NOK",
            s.status.as_str(),
            s.antall,
            s.sum
        );
    }
    println!(
        "  ordered {} NOK, settled {} NOK, deducted {} NOK",
        avstemming.sum_bestilt, avstemming.sum_avregnet, avstemming.sum_trukket
    );
    if avstemming.is_balanced() {
        println!("  everything reconciles");
    } else {
        for a in &avstemming.avvik {
            println!(
                "  mismatch {} on {}: {}",
                a.kind,
                a.betaling_id,
                a.beskrivelse.as_deref().unwrap_or("")
            );
        }
    }
    Ok(())
}

/// Polls the receipt feed until a final receipt for `id` arrives (bounded). Against the mock, the
/// example moves the payment on before each poll, standing in for DFØ and the bank.
async fn wait_for_receipts(
    client: &OkonomiClient,
    id: &UtbetalingId,
    cursor: &mut Option<KvitteringCursor>,
    mock: Option<&MockOkonomi>,
) -> Result<bool, Box<dyn Error>> {
    const MAX_POLLS: u32 = 30;
    for _ in 0..MAX_POLLS {
        match mock {
            Some(mock) => {
                mock.advance(id);
            }
            None => tokio::time::sleep(Duration::from_secs(10)).await,
        }
        loop {
            let batch = client.poll_kvitteringer(cursor.as_ref()).await?;
            let mut finished = false;
            for k in &batch.kvitteringer {
                let ours = k.betaling_id == id.as_str();
                println!(
                    "  [{}] {:<15} {:<18} {} {}",
                    k.cursor(),
                    k.kind.as_str(),
                    k.betalingstype.as_str(),
                    k.betaling_id,
                    if ours { "<- ours" } else { "" }
                );
                if ours
                    && matches!(
                        k.kind,
                        Kvitteringstype::Avregningsretur | Kvitteringstype::Avvisningsretur
                    )
                {
                    finished = true;
                }
            }
            if batch.cursor.is_some() {
                *cursor = batch.cursor;
            }
            if finished {
                return Ok(true);
            }
            if !batch.more {
                break;
            }
        }
    }
    Ok(false)
}
