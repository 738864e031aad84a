//! A grant (tilskudd) handled end to end: the announcement and its rules from hAPI, the
//! scheme's money from HINT Budsjett, the application and the decision archived in HINT Arkiv,
//! the payment through HINT Økonomi — each step on DPoP-bound HelseID tokens.
//!
//! ```text
//! cargo run --example tilskudd
//! ```
//!
//! It starts embedded mock servers (HelseID, hAPI, Budsjett, Arkiv, Økonomi) on 127.0.0.1: no
//! configuration, no network. Each service crate's own example (`innhold`, `budsjett`, `arkiv`,
//! `utbetaling`, `helseid-token`) shows how to point that service at a real environment with
//! environment variables; this program strings the services together.

#![allow(clippy::print_stdout)]

use std::error::Error;
use std::time::Duration;

use chrono::{Datelike, Utc};
use hapi_content::Format;
use hapi_content::mock::MockHapi;
use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::{
    Journalposttype, Journalstatus, KorrespondansepartEnhet, KorrespondansepartIntern,
    Korrespondanseparttype, NyDokumentbeskrivelse, NyJournalpost, NySaksmappe,
    TilknyttetRegistreringSom, Upload,
};
use hint_budsjett::mock::{CURRENT_PERIODE, MockBudsjett};
use hint_budsjett::{BudsjettQuery, KapittelPost};
use hint_core::helseid_auth::TokenRequest;
use hint_core::helseid_auth::mock::MockHelseId;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{Betalingsstatus, NyUtbetaling};

/// The grant recipient in this story (synthetic organisation number, valid check digit).
const MOTTAKER_ORGNR: &str = "987654325";
const MOTTAKER_NAVN: &str = "Frisklivssentralen i Vik";
const MOTTAKER_KONTO: &str = "1503.12.34562";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // Errors print as their message (status, service code, request id), not as a struct.
    run().await.map_err(|e| e.to_string().into())
}

fn step(n: u32, text: &str) {
    println!("\n[{n}/6] {text}");
}

async fn run() -> Result<(), Box<dyn Error>> {
    println!("Tilskudd end to end, against embedded mock servers on 127.0.0.1");
    let today = Utc::now().date_naive();

    step(1, "HelseID: a DPoP-bound token");
    let helseid = MockHelseId::start().await;
    let client = helseid.client("tilskudd-saksbehandling").await;
    let token = client
        .access_token(&TokenRequest::new(["nhn:hint/arkiv"]))
        .await?;
    let claims = token.unverified_claims().unwrap_or_default();
    println!(
        "      {:?} token for scope {}, bound to key {} (cnf.jkt), valid until {}",
        token.token_type(),
        token.scope().unwrap_or("?"),
        claims["cnf"]["jkt"].as_str().unwrap_or("?"),
        token.expires_at().format("%H:%M:%S"),
    );
    println!("      (each service mock below runs its own HelseID and checks every DPoP proof)");

    step(2, "hAPI: the grant announcement and its rules");
    let hapi = MockHapi::start().await;
    let innhold = hapi.client();
    let grants = innhold.current_grants(today).await?;
    let grant = grants
        .iter()
        .find(|g| g.kapittel_post().is_some())
        .ok_or("hAPI lists no open grant with a budget post")?;
    let frist = grant.soknadsfrist().map_or_else(
        || "løpende".to_owned(),
        |d| d.format("%d.%m.%Y").to_string(),
    );
    println!("      «{}» — søknadsfrist {frist}", grant.title());
    let doc = innhold.get_as(&grant.id, Format::Markdown).await?;
    for line in doc
        .with_attribution()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
    {
        println!("      > {line}");
    }
    let source = &doc.source;
    println!("      > ...\n      {}", source.text());

    step(3, "Budsjett: the scheme and this year's money");
    let budsjett = MockBudsjett::start().await;
    let budget = budsjett.client().await;
    let post_text = grant.kapittel_post().unwrap_or_default();
    let post: KapittelPost = post_text.parse()?;
    let periode = if today.year() == CURRENT_PERIODE {
        today.year()
    } else {
        CURRENT_PERIODE
    };
    let rows = budget
        .list_budsjett(&BudsjettQuery::new().periode(periode).kapittel_post(post))?
        .collect_all()
        .await?;
    let kode = rows
        .iter()
        .find_map(|r| r.kode.clone())
        .ok_or_else(|| format!("no scheme in Budsjett carries kapittel/post {post}"))?;
    let ordning = budget.get_tilskuddsordning(&kode).await?;
    let scheme = budget.budsjett_for_ordning(&kode, periode).await?;
    println!("      Tilskuddsordning {} «{}»", ordning.kode, ordning.navn);
    for row in &scheme.rader {
        println!("        {}  kr {:>16.2}", row.kapittel_post, row.budsjett);
    }
    println!(
        "        total kr {:>16.2} for {periode} (the newest budget version)",
        scheme.total
    );

    step(4, "Arkiv: a sak, the application in, the decision out");
    let arkiv_mock = MockArkiv::start().await;
    let arkiv = arkiv_mock.client().await?;
    let sak = arkiv
        .create_sak(
            &NySaksmappe::new(format!(
                "Søknad om tilskudd – {} – {MOTTAKER_NAVN}",
                ordning.navn
            ))
            .administrativ_enhet("Avdeling for tilskudd")
            .saksansvarlig("Kari Nordmann")
            .noekkelord("tilskudd"),
        )
        .await?;
    let sak_nr = sak
        .mappe_id
        .as_ref()
        .map_or("?".to_owned(), |m| m.as_str().to_owned());
    let soknad = arkiv
        .create_journalpost(
            &sak.system_id,
            &NyJournalpost::new("Søknad om tilskudd", Journalposttype::InngaaendeDokument)
                .journalstatus(Journalstatus::MidlertidigRegistrering)
                .dokumentets_dato(today)
                .korrespondansepart(
                    KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, MOTTAKER_NAVN)
                        .parse_organisasjonsnummer(MOTTAKER_ORGNR)?,
                )
                .korrespondansepart(
                    KorrespondansepartIntern::new(Korrespondanseparttype::InternMottaker)
                        .administrativ_enhet("Avdeling for tilskudd"),
                ),
        )
        .await?;
    let pdf = std::env::temp_dir().join(format!("tilskudd-soknad-{}.pdf", std::process::id()));
    std::fs::write(&pdf, SAMPLE_PDF)?;
    let uploaded = arkiv
        .add_document_file(
            &soknad.system_id,
            NyDokumentbeskrivelse::new("Søknadsskjema", TilknyttetRegistreringSom::Hoveddokument),
            &pdf,
            &Upload::new("application/pdf").filnavn("soknad.pdf"),
        )
        .await;
    let _ = std::fs::remove_file(&pdf);
    let (_, fil) = uploaded?;
    println!(
        "      sak {sak_nr}: journalpost {} (inngående) with the application, {} bytes, SHA-256 checked",
        soknad.journalpostnummer.unwrap_or_default(),
        fil.filstoerrelse.unwrap_or_default()
    );
    let vedtak = arkiv
        .create_journalpost(
            &sak.system_id,
            &NyJournalpost::new("Vedtak om tilskudd", Journalposttype::UtgaaendeDokument)
                .journalstatus(Journalstatus::MidlertidigRegistrering)
                .dokumentets_dato(today)
                .korrespondansepart(
                    KorrespondansepartEnhet::new(Korrespondanseparttype::Mottaker, MOTTAKER_NAVN)
                        .parse_organisasjonsnummer(MOTTAKER_ORGNR)?,
                ),
        )
        .await?;
    println!(
        "      sak {sak_nr}: journalpost {} (utgående) with the decision",
        vedtak.journalpostnummer.unwrap_or_default()
    );

    step(5, "Økonomi: pay the grant out and wait for DFØ's receipts");
    let okonomi_mock = MockOkonomi::start().await;
    okonomi_mock.set_today(today);
    let okonomi = okonomi_mock.client().await?;
    let belop = grant
        .ramme()
        .map(|r| (r / rust_decimal::Decimal::from(1000)).round_dp(2))
        .unwrap_or_else(|| rust_decimal::Decimal::from(250_000));
    let referanse = format!("TS-{sak_nr}").replace('/', "-");
    let utbetaling = okonomi
        .utbetalinger()
        .create(
            &NyUtbetaling::til_organisasjon(MOTTAKER_ORGNR, MOTTAKER_NAVN, belop, today)
                .kontonummer(MOTTAKER_KONTO)
                .melding(format!("Tilskudd {}", ordning.navn))
                .egen_referanse(referanse.as_str())
                .tilskuddsordning(ordning.kode.to_string())
                .kapittelpost(post.to_string()),
        )
        .await?;
    println!(
        "      utbetaling {}: kr {} to {MOTTAKER_NAVN}, status {}",
        utbetaling.id, utbetaling.belop, utbetaling.status
    );
    let mut cursor = None;
    let mut settled = false;
    // DFØ answers over time; the mock moves on when told, so the loop is bounded and quick.
    for _ in 0..5 {
        let batch = okonomi.kvitteringer().poll(cursor.as_ref()).await?;
        for kvittering in &batch.kvitteringer {
            println!("      receipt: {}", kvittering.kind);
        }
        cursor = batch.cursor.or(cursor);
        let now = okonomi.utbetalinger().get(&utbetaling.id).await?;
        if now.status == Betalingsstatus::Avregnet {
            settled = true;
            break;
        }
        okonomi_mock.advance(utbetaling.id.as_str());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    if !settled {
        return Err("the payment was not settled after five polls".into());
    }

    step(6, "Summary");
    println!("      grant      «{}» (hAPI, frist {frist})", grant.title());
    println!(
        "      scheme     {} «{}», budget {periode} kr {:.2}",
        ordning.kode, ordning.navn, scheme.total
    );
    println!("      archive    sak {sak_nr} with the application (in) and the decision (out)");
    println!(
        "      payment    {} kr {} to {MOTTAKER_NAVN}, settled",
        utbetaling.id, utbetaling.belop
    );
    Ok(())
}
