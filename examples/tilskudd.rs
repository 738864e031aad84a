//! A grant (tilskudd) handled end to end: the announcement and its rules from hAPI, the
//! scheme's money from HINT Budsjett, the application and the decision archived in HINT Arkiv,
//! the payment through HINT Økonomi — each step on DPoP-bound HelseID tokens.
//!
//! ```text
//! cargo run --example tilskudd
//! ```
//!
//! By default it starts embedded mock servers (HelseID, hAPI, Budsjett, Arkiv, Økonomi) on
//! 127.0.0.1: no configuration, no network. `RUST_LOG=debug` (or `trace`) shows the SDK's
//! tracing on stderr.
//!
//! Against the real test (or production) environments, set:
//!
//! | variable | meaning |
//! |---|---|
//! | `HINT_ENVIRONMENT` | `test` or `production`: the switch away from the mocks |
//! | `HINT_API_KEY` | the API gateway subscription key for Arkiv, Økonomi and Budsjett |
//! | `HAPI_KEY` | the hAPI subscription key (a separate product on the developer portal) |
//! | `HELSEID_CLIENT_ID`, `HELSEID_JWK_FILE` | your HelseID client and its private JWK |
//! | `HELSEID_ENVIRONMENT` | `test` (default) or `production` |
//! | `TILSKUDD_MOTTAKER_ORGNR`, `TILSKUDD_MOTTAKER_NAVN`, `TILSKUDD_MOTTAKER_KONTO` | the payee |
//! | `TILSKUDD_BELOP` | the amount to pay, such as `1.00` |
//! | `TILSKUDD_CONFIRM=yes` | required: this archives records and orders a real payment |
//!
//! and optionally `HINT_ARKIV_BASE_URL`, `HINT_OKONOMI_BASE_URL`, `HINT_BUDSJETT_BASE_URL` and
//! `HAPI_BASE_URL` where the gateway's paths differ from the crates' defaults. A missing setting is named in
//! the error.

#![allow(clippy::print_stdout)]

use std::error::Error;
use std::process::ExitCode;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, Utc};
use hapi_content::mock::MockHapi;
use hapi_content::{Format, HapiClient, TilskuddFilter};
use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::{
    ArkivClient, Journalposttype, Journalstatus, KorrespondansepartEnhet, KorrespondansepartIntern,
    Korrespondanseparttype, NyDokumentbeskrivelse, NyJournalpost, NySaksmappe,
    TilknyttetRegistreringSom, Upload,
};
use hint_budsjett::mock::{CURRENT_PERIODE, MockBudsjett};
use hint_budsjett::{BudsjettClient, BudsjettFilter, Kapittelpost};
use hint_core::Environment;
use hint_core::helseid_auth::mock::MockHelseId;
use hint_core::helseid_auth::{HelseIdClient, TokenRequest, TokenType};
use hint_examples::settings::{self, invalid, optional, required};
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{Betalingsstatus, NyUtbetaling, OkonomiClient};
use rust_decimal::Decimal;

#[tokio::main]
async fn main() -> ExitCode {
    hint_examples::exit_status("tilskudd", Box::pin(run()).await)
}

fn step(n: u32, text: &str) {
    println!("\n[{n}/6] {text}");
}

/// The grant recipient and the amount.
struct Payee {
    orgnr: String,
    navn: String,
    konto: String,
    /// `None`: a thousandth of the scheme's frame (the mock story).
    beloep: Option<Decimal>,
}

/// The five clients, and the mocks behind them when no real environment is configured.
struct Services {
    helseid: HelseIdClient,
    hapi: HapiClient,
    budsjett: BudsjettClient,
    arkiv: ArkivClient,
    okonomi: OkonomiClient,
    payee: Payee,
    /// `Some` against the embedded mocks: keeps them alive and lets the story play DFØ.
    mocks: Option<Mocks>,
}

struct Mocks {
    _helseid: MockHelseId,
    _hapi: MockHapi,
    _budsjett: MockBudsjett,
    _arkiv: MockArkiv,
    okonomi: MockOkonomi,
}

impl Services {
    async fn mocks(today: NaiveDate) -> Result<Self, Box<dyn Error>> {
        let helseid = MockHelseId::start().await;
        let hapi = MockHapi::start().await;
        let budsjett = MockBudsjett::start().await;
        let arkiv = MockArkiv::start().await;
        let okonomi = MockOkonomi::builder().empty().start().await;
        okonomi.set_today(today);
        Ok(Self {
            helseid: helseid.client("tilskudd-saksbehandling").await,
            hapi: hapi.client().await?,
            budsjett: budsjett.client().await?,
            arkiv: arkiv.client().await?,
            okonomi: okonomi.client().await?,
            payee: Payee {
                orgnr: "987654325".into(),
                navn: "Frisklivssentralen i Vik".into(),
                konto: "1503.12.34562".into(),
                beloep: None,
            },
            mocks: Some(Mocks {
                _helseid: helseid,
                _hapi: hapi,
                _budsjett: budsjett,
                _arkiv: arkiv,
                okonomi,
            }),
        })
    }

    /// The real environments; every missing or malformed setting is named.
    fn real(environment: Environment) -> Result<Self, Box<dyn Error>> {
        if optional("TILSKUDD_CONFIRM")?.as_deref() != Some("yes") {
            return Err(invalid(
                "TILSKUDD_CONFIRM",
                "must be `yes`: against a real environment this archives records and orders a payment",
            )
            .into());
        }
        // Read in the order the example's header lists them, so the first missing one is named.
        let needed_for = settings::NEEDED_FOR_HINT;
        let helseid = settings::helseid_client(needed_for, TokenType::DPoP)?;
        let budsjett = settings::hint_client(&environment, &helseid, "HINT_BUDSJETT_BASE_URL")?;
        let arkiv = settings::hint_client(&environment, &helseid, "HINT_ARKIV_BASE_URL")?;
        let okonomi = settings::hint_client(&environment, &helseid, "HINT_OKONOMI_BASE_URL")?;
        let hapi = settings::with_base_url(
            HapiClient::builder()
                .environment(environment)
                .api_key(required("HAPI_KEY", needed_for)?),
            "HAPI_BASE_URL",
        )?
        .build()?;
        let payee = Payee {
            orgnr: required("TILSKUDD_MOTTAKER_ORGNR", needed_for)?,
            navn: required("TILSKUDD_MOTTAKER_NAVN", needed_for)?,
            konto: required("TILSKUDD_MOTTAKER_KONTO", needed_for)?,
            beloep: Some(
                required("TILSKUDD_BELOP", needed_for)?
                    .parse()
                    .map_err(|_| invalid("TILSKUDD_BELOP", "must be an amount such as 1250.00"))?,
            ),
        };
        Ok(Self {
            hapi,
            budsjett,
            arkiv,
            okonomi,
            payee,
            helseid,
            mocks: None,
        })
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    settings::init_tracing()?;
    let today = Utc::now().date_naive();
    let services = match settings::environment(settings::HINT_ENVIRONMENT)? {
        Some(environment) => {
            println!("Tilskudd end to end, against the real {environment:?} environments");
            Services::real(environment)?
        }
        None => {
            println!(
                "Tilskudd end to end, against embedded mock servers on 127.0.0.1 \
                 (set HINT_ENVIRONMENT to use the real test environments)"
            );
            Services::mocks(today).await?
        }
    };
    let Services {
        helseid,
        hapi: innhold,
        budsjett: budget,
        arkiv,
        okonomi,
        payee,
        mocks,
    } = &services;

    step(1, "HelseID: a DPoP-bound token");
    let token = helseid
        .access_token(&TokenRequest::new([hint_arkiv::routes::DEFAULT_SCOPE]))
        .await?;
    let claims = token.unverified_claims().unwrap_or_default();
    println!(
        "      {:?} token for scope {}, bound to key {} (cnf.jkt), valid until {}",
        token.token_type(),
        token.scope().unwrap_or("?"),
        claims["cnf"]["jkt"].as_str().unwrap_or("?"),
        token.expires_at().format("%H:%M:%S"),
    );
    if mocks.is_some() {
        println!(
            "      (each service mock below runs its own HelseID and checks every DPoP proof)"
        );
    }

    step(2, "hAPI: the grant announcement and its rules");
    let grants = innhold
        .list_tilskudd(&TilskuddFilter::new().open_on(today))?
        .collect_all()
        .await?;
    let grant = grants
        .iter()
        .find(|g| g.kapittel_post().is_some())
        .ok_or("hAPI lists no open grant with a budget post")?;
    let frist = grant.soknadsfrist().map_or_else(
        || "løpende".to_owned(),
        |d| d.format("%d.%m.%Y").to_string(),
    );
    println!("      «{}» — søknadsfrist {frist}", grant.title());
    let doc = innhold.get_innhold_as(&grant.id, Format::Markdown).await?;
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
    let post_text = grant.kapittel_post().unwrap_or_default();
    let post: Kapittelpost = post_text.parse()?;
    // The mock's budget is seeded for one year; a real service has this year's.
    let periode = if mocks.is_some() {
        CURRENT_PERIODE
    } else {
        today.year()
    };
    let rows = budget
        .list_budsjett(&BudsjettFilter::new().periode(periode).kapittel_post(post))?
        .collect_all()
        .await?;
    let kode = rows
        .iter()
        .find_map(|r| r.kode.clone())
        .ok_or_else(|| format!("no scheme in Budsjett carries kapittel/post {post}"))?;
    let ordning = budget.get_tilskuddsordning(&kode).await?;
    let scheme = budget.get_ordningsbudsjett(&kode, periode).await?;
    println!("      Tilskuddsordning {} «{}»", ordning.kode, ordning.navn);
    for row in &scheme.rader {
        println!("        {}  kr {:>16.2}", row.kapittel_post, row.budsjett);
    }
    println!(
        "        total kr {:>16.2} for {periode} (the newest budget version)",
        scheme.total
    );
    step(4, "Arkiv: a sak, the application in, the decision out");
    let sak = arkiv
        .create_sak(
            &NySaksmappe::new(format!(
                "Søknad om tilskudd – {} – {}",
                ordning.navn, payee.navn
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
            sak.id()?,
            &NyJournalpost::new("Søknad om tilskudd", Journalposttype::InngaaendeDokument)
                .journalstatus(Journalstatus::MidlertidigRegistrering)
                .dokumentets_dato(
                    today
                        .and_time(chrono::NaiveTime::MIN)
                        .and_utc()
                        .fixed_offset(),
                )
                .korrespondansepart(
                    KorrespondansepartEnhet::new(
                        Korrespondanseparttype::Avsender,
                        payee.navn.as_str(),
                    )
                    .parse_organisasjonsnummer(&payee.orgnr)?,
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
        .create_dokumentbeskrivelse_from_file(
            soknad.id()?,
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
            sak.id()?,
            &NyJournalpost::new("Vedtak om tilskudd", Journalposttype::UtgaaendeDokument)
                .journalstatus(Journalstatus::MidlertidigRegistrering)
                .dokumentets_dato(
                    today
                        .and_time(chrono::NaiveTime::MIN)
                        .and_utc()
                        .fixed_offset(),
                )
                .korrespondansepart(
                    KorrespondansepartEnhet::new(
                        Korrespondanseparttype::Mottaker,
                        payee.navn.as_str(),
                    )
                    .parse_organisasjonsnummer(&payee.orgnr)?,
                ),
        )
        .await?;
    println!(
        "      sak {sak_nr}: journalpost {} (utgående) with the decision",
        vedtak.journalpostnummer.unwrap_or_default()
    );

    step(5, "Økonomi: pay the grant out and wait for DFØ's receipts");
    let beloep = payee.beloep.unwrap_or_else(|| {
        grant
            .ramme()
            .map(|r| (r / Decimal::from(1000)).round_dp(2))
            .unwrap_or_else(|| Decimal::from(250_000))
    });
    let referanse = format!("TS-{sak_nr}").replace('/', "-");
    let utbetaling = okonomi
        .create_utbetaling(
            &NyUtbetaling::til_organisasjon(
                payee.orgnr.as_str(),
                payee.navn.as_str(),
                beloep,
                today,
            )
            .kontonummer(payee.konto.as_str())
            .melding(format!("Tilskudd {}", ordning.navn))
            .egen_referanse(referanse.as_str())
            .tilskuddsordning(ordning.kode.to_string())
            .kapittelpost(post.to_string()),
        )
        .await?;
    println!(
        "      utbetaling {}: kr {} to {}, status {}",
        utbetaling.id, utbetaling.beloep, payee.navn, utbetaling.status
    );
    // DFØ answers over hours; the mock moves on when told, so both loops are bounded: five
    // quick polls against the mock, six polls ten seconds apart against a real service.
    let (polls, pause) = match mocks {
        Some(_) => (5, Duration::from_millis(10)),
        None => (6, Duration::from_secs(10)),
    };
    let mut cursor = None;
    let mut status = utbetaling.status.clone();
    for _ in 0..polls {
        let batch = okonomi.poll_kvitteringer(cursor.as_ref()).await?;
        for kvittering in &batch.kvitteringer {
            println!("      receipt: {}", kvittering.kind);
        }
        cursor = batch.cursor.or(cursor);
        status = okonomi.get_utbetaling(&utbetaling.id).await?.status;
        if status == Betalingsstatus::Avregnet {
            break;
        }
        if let Some(mocks) = mocks {
            mocks.okonomi.advance(utbetaling.id.as_str());
        }
        tokio::time::sleep(pause).await;
    }
    let settled = status == Betalingsstatus::Avregnet;
    if !settled && mocks.is_some() {
        return Err("the mock payment was not settled after five polls".into());
    }

    step(6, "Summary");
    println!("      grant      «{}» (hAPI, frist {frist})", grant.title());
    println!(
        "      scheme     {} «{}», budget {periode} kr {:.2}",
        ordning.kode, ordning.navn, scheme.total
    );
    println!("      archive    sak {sak_nr} with the application (in) and the decision (out)");
    println!(
        "      payment    {} kr {} to {}, {}",
        utbetaling.id,
        utbetaling.beloep,
        payee.navn,
        if settled {
            "settled".to_owned()
        } else {
            format!("{status} (DFØ has not settled it yet; poll its receipts later)")
        }
    );
    Ok(())
}
