//! Every word of the professional content reaches the Markdown and the HTML (hAPI's terms forbid
//! changing it), for every document type the mock serves and for the råd and anbefaling shapes
//! of real production replies (`tests/fixtures/shapes/`, see its README); dates in the
//! attribution are labelled as what they are; `children()` returns each child once; headings
//! without text are dropped.

use hapi_content::mock::{MockHapi, seed};
use hapi_content::{
    Format, InfoType, Infobit, InfobitId, InnholdFilter, Part, render_html, render_markdown,
};
use serde_json::Value;

const RAD: &str = include_str!("fixtures/shapes/rad.json");
const ANBEFALING: &str = include_str!("fixtures/shapes/anbefaling-nokkelinfo.json");
const REGELVERK: &str = include_str!("fixtures/shapes/regelverk-uten-faglig-dato.json");
const RUNDSKRIV: &str = include_str!("fixtures/shapes/rundskriv-doble-barn.json");
const PRODUKSJON: &str = include_str!("fixtures/anbefaling-produksjon.json");

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&#160;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The visible text runs of HTML (or the text itself when it is plain), each squashed.
fn text_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => {
                in_tag = true;
                runs.push(std::mem::take(&mut current));
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => current.push(c),
            _ => {}
        }
    }
    runs.push(current);
    runs.iter()
        .map(|r| squash(&decode_entities(r)))
        .filter(|r| !r.is_empty())
        .collect()
}

/// The reader-visible text of rendered HTML.
fn html_visible(html: &str) -> String {
    text_runs(html).join(" ")
}

/// The reader-visible text of Markdown: escapes removed (link targets stay; they do no harm).
fn markdown_visible(md: &str) -> String {
    squash(&md.replace('\\', ""))
}

/// Every non-empty text a document carries for its reader: title, introduction, body, and every
/// string, number and boolean anywhere in `data`.
fn texts_of(json: &Value) -> Vec<(String, String)> {
    fn walk(path: String, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::String(s) if !s.trim().is_empty() => out.push((path, s.clone())),
            Value::Number(n) => out.push((path, n.to_string())),
            Value::Bool(b) => out.push((path, b.to_string())),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(format!("{path}[{i}]"), item, out);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    walk(format!("{path}.{k}"), item, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for key in ["tittel", "intro", "tekst", "data"] {
        if let Some(v) = json.get(key) {
            walk(key.to_owned(), v, &mut out);
        }
    }
    out
}

/// Asserts that every text run of every text of the JSON document appears in both renderings.
fn assert_every_text_appears(json: &Value, markdown: &str, html: &str) {
    let md = markdown_visible(markdown);
    let visible = html_visible(html);
    let texts = texts_of(json);
    assert!(!texts.is_empty(), "no text in {json}");
    for (path, text) in texts {
        for run in text_runs(&text) {
            assert!(
                md.contains(&run),
                "{path}: «{run}» is missing from the Markdown of {}:\n{markdown}",
                json["id"]
            );
            assert!(
                visible.contains(&run),
                "{path}: «{run}» is missing from the HTML of {}:\n{html}",
                json["id"]
            );
        }
    }
}

#[tokio::test]
async fn every_text_of_every_mock_document_appears_in_markdown_and_html() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let everything = client
        .list_innhold(&InnholdFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(everything.len(), mock.infobiter().len());
    let mut types = std::collections::BTreeSet::new();
    for honour in [true, false] {
        // Served by the mock as asked, then rendered by the SDK from the JSON.
        mock.honour_accept(honour);
        for doc in &everything {
            types.insert(doc.info_type().unwrap().to_string());
            let json: Value = serde_json::from_str(
                &client
                    .get_innhold_as(&doc.id, Format::Json)
                    .await
                    .unwrap()
                    .body,
            )
            .unwrap();
            let md = client.get_markdown(&doc.id).await.unwrap();
            let html = client.get_html(&doc.id).await.unwrap();
            assert_eq!(md.rendered_by_sdk, !honour);
            assert_every_text_appears(&json, &md.body, &html.body);
        }
    }
    for expected in [
        "anbefaling",
        "rad",
        "faglig-rad",
        "tilskudd",
        "kapittel",
        "rundskriv",
    ] {
        assert!(types.contains(expected), "{types:?}");
    }
}

#[test]
fn every_text_of_the_rad_and_anbefaling_shapes_appears_in_markdown_and_html() {
    for sample in [RAD, ANBEFALING, REGELVERK, PRODUKSJON] {
        let json: Value = serde_json::from_str(sample).unwrap();
        let doc: Infobit = serde_json::from_str(sample).unwrap();
        assert_every_text_appears(&json, &render_markdown(&doc), &render_html(&doc));
    }
}

fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("«{needle}» not found in:\n{haystack}"))
}

#[test]
fn a_rad_is_rendered_in_the_order_helsedirektoratet_no_shows_it() {
    let doc: Infobit = serde_json::from_str(RAD).unwrap();
    let rad = doc
        .anbefaling()
        .expect("a råd has the recommendation fields");
    assert!(rad.praktisk().unwrap().len() > 500);
    assert!(rad.rasjonale().unwrap().len() > 500);
    let md = render_markdown(&doc);
    let body = position(&md, "Rutinene bør beskrive");
    let praktisk = position(&md, "## Praktisk – slik kan rådet følges");
    let tiltak = position(&md, "legemidler fast");
    let begrunnelse = position(&md, "## Begrunnelse – dette er rådet basert på");
    let rapport = position(&md, "foreslås felles kriterier");
    assert!(body < praktisk && praktisk < tiltak && tiltak < begrunnelse && begrunnelse < rapport);
    let html = render_html(&doc);
    assert!(
        position(&html, "<h2>Praktisk – slik kan rådet følges</h2>")
            < position(&html, "<h2>Begrunnelse – dette er rådet basert på</h2>")
    );
    // The empty `nokkelInfo` adds no empty «Vurdering» heading.
    assert!(
        !md.contains("Vurdering") && !html.contains("Vurdering"),
        "{md}"
    );
}

#[test]
fn an_anbefaling_shows_strength_body_practice_rationale_and_assessment_in_order() {
    let doc: Infobit = serde_json::from_str(ANBEFALING).unwrap();
    let rec = doc.anbefaling().unwrap();
    assert_eq!(rec.styrke().as_deref(), Some("sterk"));
    assert!(rec.fordeler_og_ulemper().unwrap().contains("senker HbA1c"));
    assert!(rec.kvalitet_dokumentasjon().unwrap().contains("Moderat"));
    assert!(
        rec.verdier_og_preferanser()
            .unwrap()
            .contains("motivasjonen")
    );
    assert!(rec.ressurshensyn().unwrap().contains("lite ressurser"));
    let md = render_markdown(&doc);
    let order = [
        "**Styrke:** sterk",
        "minst 150 minutter",
        "## Praktisk – slik kan anbefalingen følges",
        "## Begrunnelse – dette er anbefalingen basert på",
        "## Vurdering",
        "### Fordeler og ulemper",
        "### Kvalitet på dokumentasjonen",
        "### Verdier og preferanser",
        "### Ressurshensyn",
    ];
    let at: Vec<usize> = order.iter().map(|s| position(&md, s)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{md}");
    // The parts are the same list for both formats, and name where each text comes from.
    let keys: Vec<String> = doc
        .parts()
        .into_iter()
        .filter_map(|p| match p {
            Part::Block { key, .. } | Part::Field { key, .. } => Some(key),
            _ => None,
        })
        .collect();
    assert_eq!(
        keys,
        [
            "data.styrke",
            "tekst",
            "data.praktisk",
            "data.rasjonale",
            "data.nokkelInfo.fordelerogulemper",
            "data.nokkelInfo.kvalitetdokumentasjon",
            "data.nokkelInfo.verdierogpreferanser",
            "data.nokkelInfo.ressurshensyn",
        ]
    );
}

#[test]
fn a_data_field_the_sdk_does_not_know_is_shown_not_dropped() {
    let mut doc = Infobit::new(
        InfobitId::new("0006-0099-ny").unwrap(),
        InfoType::from("ny-type"),
        "Ny type",
    );
    doc.data = serde_json::from_value(serde_json::json!({
        "nyttFelt": "<p>Tekst i et felt som kom etter denne versjonen.</p>",
        "liste": [{ "overskrift": "Første", "tekst": "<p>Innhold i lista.</p>" }],
        "antall": 3
    }))
    .unwrap();
    let md = render_markdown(&doc);
    assert!(
        md.contains("## Nytt felt\n\nTekst i et felt som kom etter denne versjonen."),
        "{md}"
    );
    assert!(md.contains("Innhold i lista."), "{md}");
    assert!(md.contains("**Overskrift:** Første"), "{md}");
    assert!(md.contains("**Antall:** 3"), "{md}");
}

#[test]
fn headings_without_text_are_dropped() {
    for sample in [ANBEFALING, REGELVERK] {
        let doc: Infobit = serde_json::from_str(sample).unwrap();
        let md = render_markdown(&doc);
        assert!(
            md.lines()
                .all(|l| !l.trim().chars().all(|c| c == '#') || l.trim().is_empty()),
            "a stray heading line:\n{md}"
        );
        let html = render_html(&doc);
        assert!(!html.contains("<h3>&nbsp;</h3>"), "{html}");
    }
    let doc: Infobit = serde_json::from_str(REGELVERK).unwrap();
    assert!(render_markdown(&doc).contains("### Kommentar"));
}

#[test]
fn the_attribution_labels_each_date_as_what_it_is() {
    // `sistFagligOppdatert` is empty: the date shown is the last edit, and says so.
    let doc: Infobit = serde_json::from_str(REGELVERK).unwrap();
    let source = doc.source();
    assert_eq!(source.last_professional_update, None);
    assert!(
        source.text().contains(", sist oppdatert 21.10.2024."),
        "{}",
        source.text()
    );
    assert!(!source.text().contains("faglig"), "{}", source.text());
    assert!(source.markdown().contains(", sist oppdatert 21.10.2024."));
    assert!(source.html().contains(", sist oppdatert 21.10.2024."));
    assert!(
        source.text_en().contains(", last updated 2024-10-21."),
        "{}",
        source.text_en()
    );
    // Both set: the professional update is the one shown.
    let doc: Infobit = serde_json::from_str(RAD).unwrap();
    let text = doc.source().text();
    assert!(
        text.contains(", sist faglig oppdatert 03.03.2020."),
        "{text}"
    );
    assert!(!text.contains("04.04.2024"), "{text}");
    assert!(
        doc.source()
            .text_en()
            .contains("last professionally updated 2020-03-03")
    );
}

#[tokio::test]
async fn children_are_returned_once_each_in_link_order() {
    let doc: Infobit = serde_json::from_str(RUNDSKRIV).unwrap();
    assert_eq!(doc.child_links().count(), 10);
    let mock = MockHapi::builder().empty().start().await;
    let mut ids = Vec::new();
    for link in doc.child_links().take(5) {
        let id = link.target_id().unwrap().to_owned();
        mock.seed_infobit(Infobit::new(
            InfobitId::new(id.as_str()).unwrap(),
            InfoType::Kapittel,
            link.tittel.clone().unwrap(),
        ));
        ids.push(id);
    }
    let client = mock.client().await.unwrap();
    let children = client.get_barn(&doc).await.unwrap();
    let got: Vec<&str> = children.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(got, ids);
    let fetched = mock
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.path.contains("/kapitler/"))
        .count();
    assert_eq!(fetched, 5, "each child is fetched once");
    // The seed's guideline still has its two chapters.
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let guideline = client
        .get_innhold(seed::DIABETES_RETNINGSLINJE)
        .await
        .unwrap();
    assert_eq!(client.get_barn(&guideline).await.unwrap().len(), 2);
}
