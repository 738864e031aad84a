//! Archive a grant application in HINT Arkiv (Noark 5): open a sak, register the incoming
//! application as a journalpost with its PDF, read it back (checksum verified), close the sak.
//!
//! ```text
//! cargo run -p hint-examples --example arkiv
//! ```
//!
//! By default it runs against the embedded mock archive (no network, no configuration). To talk to
//! a real environment, set `HINT_ENVIRONMENT` (`test` or `production`), `HINT_API_KEY`,
//! `HELSEID_CLIENT_ID` and `HELSEID_JWK_FILE` (see `hint_examples::settings`), and optionally:
//!
//! - `HINT_ARKIV_BASE_URL`   the gateway base URL, where it differs from the crate's default
//! - `ARKIV_PDF`             the PDF to archive (a small sample otherwise)

#![allow(clippy::print_stdout)]

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use hint_arkiv::hint_core::helseid_auth::TokenType;
use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::{
    ArkivClient, Journalposttype, Journalstatus, Kontaktinformasjon, KorrespondansepartEnhet,
    KorrespondansepartIntern, Korrespondanseparttype, NyDokumentbeskrivelse, NyJournalpost,
    NySaksmappe, TilknyttetRegistreringSom, Upload,
};
use hint_examples::settings;

#[tokio::main]
async fn main() -> ExitCode {
    hint_examples::exit_status("arkiv", Box::pin(run()).await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    settings::init_tracing()?;
    // Keep the mock alive for the whole run when we use it.
    let (arkiv, _mock) = match settings::environment(settings::HINT_ENVIRONMENT)? {
        Some(environment) => {
            let helseid = settings::helseid_client(settings::NEEDED_FOR_HINT, TokenType::DPoP)?;
            let client: ArkivClient =
                settings::hint_client(&environment, &helseid, "HINT_ARKIV_BASE_URL")?;
            println!("Talking to {}", client.core().base_url());
            (client, None)
        }
        None => {
            let mock = MockArkiv::start().await;
            let client = mock.client().await?;
            println!(
                "Talking to the embedded mock archive at {}",
                mock.server().uri()
            );
            (client, Some(mock))
        }
    };

    // 1. A sak for the application.
    let sak = arkiv
        .create_sak(
            &NySaksmappe::new("Søknad om tilskudd 2025 – Frisklivssentral Bergen")
                .administrativ_enhet("Avdeling for tilskudd")
                .saksansvarlig("Kari Nordmann")
                .noekkelord("tilskudd")
                .noekkelord("folkehelse"),
        )
        .await?;
    println!(
        "\n1. Opened sak {} «{}» (status {})",
        sak.mappe_id.as_ref().map_or("?", |m| m.as_str()),
        sak.tittel,
        sak.saksstatus.as_ref().map_or("?", |s| s.kode.as_str())
    );

    // 2. The incoming application as a journalpost, sender and internal receiver.
    let avsender = KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, "Bergen kommune")
        .parse_organisasjonsnummer("964338531")?
        .kontaktperson("Ola Nordmann")
        .kontaktinformasjon(Kontaktinformasjon::epost("postmottak@bergen.kommune.no"));
    let mottaker = KorrespondansepartIntern::new(Korrespondanseparttype::InternMottaker)
        .administrativ_enhet("Avdeling for tilskudd")
        .saksbehandler("Kari Nordmann");
    let jp = arkiv
        .create_journalpost(
            sak.id()?,
            &NyJournalpost::new(
                "Søknad om tilskudd til frisklivssentral",
                Journalposttype::InngaaendeDokument,
            )
            .journalstatus(Journalstatus::MidlertidigRegistrering)
            .dokumentets_dato(chrono::Utc::now().fixed_offset())
            .korrespondansepart(avsender)
            .korrespondansepart(mottaker),
        )
        .await?;
    println!(
        "2. Registered journalpost {} (nr {} in the sak, status {})",
        jp.registrerings_id.as_ref().map_or("?", |r| r.as_str()),
        jp.journalpostnummer.unwrap_or_default(),
        jp.journalstatus.as_ref().map_or("?", |s| s.kode.as_str())
    );

    // 3. The PDF, streamed from disk and checked against the archive's SHA-256.
    let (path, temporary) = match std::env::var("ARKIV_PDF") {
        Ok(p) => (PathBuf::from(p), false),
        Err(_) => {
            let p = std::env::temp_dir().join(format!("soknad-{}.pdf", uuid_like(sak.id()?)));
            std::fs::write(&p, SAMPLE_PDF)?;
            (p, true)
        }
    };
    let upload = arkiv
        .create_dokumentbeskrivelse_from_file(
            jp.id()?,
            NyDokumentbeskrivelse::new("Søknadsskjema", TilknyttetRegistreringSom::Hoveddokument),
            &path,
            &Upload::new("application/pdf").filnavn("søknad.pdf"),
        )
        .await;
    if temporary {
        let _ = std::fs::remove_file(&path);
    }
    let (dokument, fil) = upload?;
    println!(
        "3. Attached «{}» as dokument {}: {} bytes, SHA-256 {}",
        dokument.tittel,
        dokument.dokumentnummer.unwrap_or_default(),
        fil.filstoerrelse.unwrap_or_default(),
        fil.sjekksum.as_deref().unwrap_or("?")
    );

    // 4. Read everything back.
    let jp = arkiv.get_journalpost(jp.id()?).await?;
    let dokumenter = arkiv
        .list_dokumentbeskrivelser(jp.id()?)?
        .collect_all()
        .await?;
    let target = std::env::temp_dir().join(format!("soknad-kopi-{}.pdf", uuid_like(sak.id()?)));
    let nedlasting = arkiv.download_to_file(fil.id()?, &target).await?;
    println!(
        "4. Read back «{}» with {} dokument(er) and {} korrespondansepart(er); downloaded {} bytes to {} (checksum verified)",
        jp.tittel,
        dokumenter.len(),
        jp.korrespondanseparter.len(),
        nedlasting.bytes,
        target.display()
    );
    let _ = std::fs::remove_file(&target);

    // 5. Journalføre the entry (the archive will not close a sak with open entries), then close.
    let etag = jp
        .etag
        .clone()
        .ok_or("the archive sent no ETag for the journalpost")?;
    let jp = arkiv
        .set_journalstatus(jp.id()?, Journalstatus::Journalfoert, &etag)
        .await?;
    let sak = arkiv.get_sak(sak.id()?).await?;
    let etag = sak
        .etag
        .clone()
        .ok_or("the archive sent no ETag for the sak")?;
    let sak = arkiv.close_sak(sak.id()?, &etag).await?;
    println!(
        "5. Journalpost now {}; sak {} closed at {}",
        jp.journalstatus.as_ref().map_or("?", |s| s.kode.as_str()),
        sak.mappe_id.as_ref().map_or("?", |m| m.as_str()),
        sak.avsluttet_dato
            .map_or_else(|| "?".to_owned(), |d| d.to_rfc3339())
    );
    Ok(())
}

/// A file-name-safe form of an id.
fn uuid_like(id: &hint_arkiv::SystemId) -> String {
    id.as_str()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}
