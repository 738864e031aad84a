//! Search Helsenorge's tools catalogue, show a tool's metadata and prescribe it to a citizen.
//!
//! By default this runs against the embedded mock (no network, no configuration):
//!
//! ```text
//! cargo run -p hint-examples --example verktoy
//! ```
//!
//! To talk to a real environment, set:
//! - `VERKTOY_MILJO`: `test1`, `test2`, `qa`, `prodkopi` or `prod`; or `VERKTOY_BASE_URL` (any
//!   `https://…/verktoy/v1/`);
//! - credentials, one of:
//!   - `HELSEID_CLIENT_ID` + `HELSEID_JWK_FILE` (a private JWK) and optionally
//!     `HELSEID_ENVIRONMENT` (`test`, the default, or `prod`) and `HELSEID_TOKEN_TYPE`
//!     (`bearer`, the default, or `dpop`);
//!   - `VERKTOY_TOKEN`: a token from Helsenorge's STS.
//! - optionally `VERKTOY_SOKEORD` (default `søvn`).
//! - to prescribe for real: `VERKTOY_INNBYGGER_FNR` and `VERKTOY_BEHANDLER_HPR` (a test citizen
//!   and practitioner in that environment). Without them the example only reads.
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::process::ExitCode;

use helsenorge_verktoy::helseid_auth::TokenType;
use helsenorge_verktoy::mock::{MockVerktoy, seed};
use helsenorge_verktoy::{ErrorCode, Miljo, NyForskrivning, Verktoy, VerktoyClient};
use hint_examples::settings;

/// A client for the configured real environment, or `None` when nothing is configured.
fn real_client() -> Result<Option<VerktoyClient>, Box<dyn Error>> {
    let base_url = match (
        settings::optional("VERKTOY_BASE_URL")?,
        settings::optional("VERKTOY_MILJO")?,
    ) {
        (Some(url), _) => url.parse()?,
        (None, Some(miljo)) => match miljo.to_lowercase().as_str() {
            "test1" => Miljo::Test1.base_url(),
            "test2" | "test" => Miljo::Test2.base_url(),
            "qa" => Miljo::Qa.base_url(),
            "prodkopi" => Miljo::Prodkopi.base_url(),
            "prod" | "produksjon" => Miljo::Produksjon.base_url(),
            other => {
                return Err(format!(
                    "VERKTOY_MILJO={other} is not one of test1, test2, qa, prodkopi, prod"
                )
                .into());
            }
        },
        (None, None) => return Ok(None),
    };
    let builder = if let Some(token) = settings::optional("VERKTOY_TOKEN")? {
        VerktoyClient::builder().bearer_token(token)
    } else {
        let helseid = settings::helseid_client(
            "with VERKTOY_MILJO or VERKTOY_BASE_URL (see the example's header)",
            TokenType::Bearer,
        )?;
        VerktoyClient::builder().helseid(helseid)
    };
    Ok(Some(builder.base_url(base_url).build()?))
}

fn show(tool: &Verktoy) {
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "-".to_owned()
        } else {
            items.join(", ")
        }
    };
    println!("  {} ({})", tool.navn(), tool.verktoy_id);
    if let Some(ingress) = &tool.ingress {
        println!("    {ingress}");
    }
    println!(
        "    formål:        {}",
        tool.formal
            .as_ref()
            .map(|f| f.as_str().to_owned())
            .unwrap_or_else(|| "-".into())
    );
    println!(
        "    fagområder:    {}",
        list(
            tool.fagomrader
                .iter()
                .map(|f| f.fagomrade.as_str().to_owned())
                .collect()
        )
    );
    println!(
        "    målgrupper:    {}",
        list(
            tool.malgrupper
                .iter()
                .map(|m| m.malgruppe.as_str().to_owned())
                .collect()
        )
    );
    println!(
        "    språk:         {}",
        list(
            tool.sprak
                .iter()
                .map(|s| s.sprak.as_str().to_owned())
                .collect()
        )
    );
    println!(
        "    innhold:       {}",
        list(
            tool.innholdstyper
                .iter()
                .map(|i| i.innholdstype.as_str().to_owned())
                .collect()
        )
    );
    println!("    søkeord:       {}", list(tool.sokeord.clone()));
    println!(
        "    forskrivning:  {}",
        match tool.krever_forskrivning {
            Some(true) => "må forskrives av behandler",
            Some(false) => "kan legges til av innbygger",
            None => "-",
        }
    );
    println!(
        "    innsyn:        {}",
        tool.behandlerinnsyn
            .as_ref()
            .map(|b| b.as_str().to_owned())
            .unwrap_or_else(|| "-".into())
    );
    if let Some(minutter) = tool.antatt_tid_minutter {
        println!("    antatt tid:    {minutter} min");
    }
    if let Some(org) = &tool.organisasjonsnavn {
        println!("    dataansvarlig: {org}");
    }
    if let Some(url) = tool.url() {
        println!("    lenke:         {url}");
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    hint_examples::exit_status("verktoy", run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    settings::init_tracing()?;
    let real = real_client()?;
    // Keep the mock alive for the whole run when it is used.
    let mock = if real.is_none() {
        Some(MockVerktoy::start().await)
    } else {
        None
    };
    let (client, innbygger, behandler) = match (real, &mock) {
        (Some(client), _) => {
            println!("Verktøy API at {}", client.base_url());
            (
                client,
                settings::optional("VERKTOY_INNBYGGER_FNR")?,
                settings::optional("VERKTOY_BEHANDLER_HPR")?,
            )
        }
        (None, Some(mock)) => {
            println!(
                "Verktøy API: the embedded mock at {} (set VERKTOY_MILJO to use a real environment)",
                mock.base_url()
            );
            (
                mock.client().await?,
                Some(seed::INNBYGGER_FNR.to_owned()),
                Some(seed::BEHANDLER_HPR.to_owned()),
            )
        }
        (None, None) => return Err("no client".into()),
    };

    let sokeord = settings::optional("VERKTOY_SOKEORD")?.unwrap_or_else(|| "søvn".to_owned());
    println!("\nSøk etter «{sokeord}»:");
    let hits = client.search_verktoy(sokeord.as_str()).await?;
    for hit in &hits {
        println!(
            "  {}  {}",
            hit.verktoy_id,
            hit.navn.as_deref().unwrap_or("(uten navn)")
        );
    }
    let Some(first) = hits.first() else {
        println!("  ingen treff");
        return Ok(());
    };

    println!("\nMetadata:");
    let tool = client.get_verktoy(first.verktoy_id).await?;
    show(&tool);
    if let Some(id) = tool.grafiske_elementer.iter().find_map(|g| g.id) {
        let picture = client.get_grafisk_element(id).await?;
        println!(
            "    bilde {id}:     {} bytes {}",
            picture.bytes.len(),
            picture.content_type
        );
    }

    let (Some(innbygger), Some(behandler)) = (innbygger, behandler) else {
        println!(
            "\nSet VERKTOY_INNBYGGER_FNR and VERKTOY_BEHANDLER_HPR to prescribe in this environment."
        );
        return Ok(());
    };
    println!(
        "\nForskriver «{}» til en (syntetisk) innbygger:",
        tool.navn()
    );
    let forskrivning = NyForskrivning::builder(tool.verktoy_id)
        .innbygger_fnr(&innbygger)
        .behandler_hpr_nr(&behandler)
        .melding("Prøv dette verktøyet før neste time.")
        .build()?;
    println!("  {forskrivning:?}");
    match client.create_forskrivning(&forskrivning).await {
        Ok(_) => println!("  sendt: innbygger får en oppgave på Helsenorge"),
        Err(e) => match e.code_as::<ErrorCode>() {
            Some(ErrorCode::AlleredeForskrevetAvSammeBehandler) => {
                println!("  allerede sendt av samme behandler")
            }
            Some(ErrorCode::InnbyggerIkkeDigitaltAktiv) => {
                println!("  innbygger er ikke digitalt aktiv på Helsenorge")
            }
            _ => return Err(e.into()),
        },
    }
    if mock.is_some() {
        // Sending again gives the service's own code.
        if let Err(e) = client.create_forskrivning(&forskrivning).await {
            println!(
                "  på nytt: {} ({})",
                e.code_as::<ErrorCode>()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                e.message()
            );
        }
    }
    if let Some(mock) = &mock {
        println!(
            "  mocken har mottatt {} forskrivning(er)",
            mock.forskrivninger().len()
        );
    }
    Ok(())
}
