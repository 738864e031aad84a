//! `innhold`: hAPI content — current grant announcements, one printed as Markdown with its
//! source attribution, and a guideline walked chapter by chapter.
//!
//! Runs against the embedded mock by default (no network, no configuration):
//!
//! ```sh
//! cargo run -p hint-examples --example innhold
//! ```
//!
//! Against the real API, set `HAPI_KEY` (a key from utvikler.helsedirektoratet.no) and optionally
//! `HAPI_ENV=production` (the free self-service key works only on QA, the default) and
//! `HAPI_GUIDELINE_ID` (a guideline id; default: the first guideline the API lists).
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::process::ExitCode;

use hapi_content::mock::{MockHapi, seed};
use hapi_content::{
    ContentKind, Environment, Format, HapiClient, Infobit, InnholdFilter, Tilskudd, TilskuddFilter,
};
use hint_examples::settings;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    hint_examples::exit_status("innhold", run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    settings::init_tracing()?;
    // Keep the mock alive for the whole run when we use it.
    let (client, _mock, guideline_id) = match settings::optional("HAPI_KEY")? {
        Some(key) => {
            let environment = settings::environment("HAPI_ENV")?.unwrap_or(Environment::Test);
            println!("Using the real hAPI ({environment:?}).");
            let client = HapiClient::builder()
                .environment(environment)
                .api_key(key)
                .build()?;
            (client, None, settings::optional("HAPI_GUIDELINE_ID")?)
        }
        None => {
            println!("HAPI_KEY is not set: using the embedded mock hAPI (illustrative content).");
            let mock = MockHapi::start().await;
            let client = mock.client().await?;
            (
                client,
                Some(mock),
                Some(seed::DIABETES_RETNINGSLINJE.to_owned()),
            )
        }
    };

    // 1. Current grant announcements.
    let today = chrono::Local::now().date_naive();
    let grants: Vec<Tilskudd> = client
        .list_tilskudd(&TilskuddFilter::new().open_on(today))?
        .collect_all()
        .await?;
    println!(
        "\n== Open grant announcements on {today} ({}) ==",
        grants.len()
    );
    for grant in &grants {
        let deadline = match (grant.soknadsfrist(), grant.soknadsfrist_tekst()) {
            (Some(date), _) => date.format("%d.%m.%Y").to_string(),
            (None, Some(text)) => text,
            (None, None) => "ikke oppgitt".to_owned(),
        };
        let amount = grant
            .ramme()
            .map_or_else(|| "ikke oppgitt".to_owned(), |r| format!("kr {r:.2}"));
        let post = grant.kapittel_post().unwrap_or_else(|| "–".to_owned());
        println!(
            "- {}\n    søknadsfrist: {deadline}, ramme: {amount}, kap./post: {post}",
            grant.title()
        );
    }

    // 2. One announcement as Markdown, with the attribution next to it (NLOD).
    if let Some(first) = grants.first() {
        let doc = client.get_innhold_as(&first.id, Format::Markdown).await?;
        println!(
            "\n== «{}» as Markdown ({}) ==\n",
            first.title(),
            if doc.rendered_by_sdk {
                "rendered by the SDK from the API's HTML"
            } else {
                "as served by the API"
            }
        );
        println!("{}", doc.with_attribution());
    }

    // 3. A guideline and its chapters, by the document's links.
    let guideline: Infobit = match guideline_id {
        Some(id) => {
            client
                .get_kind(ContentKind::Retningslinjer, id.as_str())
                .await?
        }
        None => {
            let mut pager =
                client.list_innhold(&InnholdFilter::new().kind(ContentKind::Retningslinjer))?;
            match pager.next().await {
                Some(first) => first?,
                None => return Err("the API lists no guidelines".into()),
            }
        }
    };
    println!("== Guideline «{}» ==", guideline.title());
    for node in client.walk(&guideline, 2).await?.iter().skip(1) {
        let indent = "  ".repeat(node.depth);
        let doc = &node.infobit;
        let kind = doc
            .info_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default();
        let strength = doc
            .anbefaling()
            .and_then(|r| r.styrke())
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        println!("{indent}- {} ({kind}){strength}", doc.title());
    }
    println!("\n{}", guideline.source().text());
    Ok(())
}
