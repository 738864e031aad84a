//! Property tests for every decoder, parser and converter in `hapi-content`, through the public
//! API: nothing panics (or overflows the stack) on arbitrary bytes, JSON, HTML or text.
//!
//! - Every public model and open enum decodes arbitrary bytes and arbitrary JSON without
//!   panicking; the mock's own documents (fetched over HTTP, as a client sees them) and a real
//!   production document decode, and so do they after fields are swapped, dropped, added or made
//!   extreme. What decodes writes out the same after one round trip, and its accessors and the
//!   renderers ([`render_markdown`], [`render_html`], [`render`], the attribution texts, the
//!   grant and dataset accessors) run; the HTML renderer escapes the title.
//! - [`html_to_markdown`] on arbitrary HTML, deeply nested HTML included; [`parse_local_time`]
//!   and [`InfobitId::new`] on any text; the open enums parse any text and round-trip.
//! - What only a server sends (documents in any format and content type, lists, searches,
//!   changes, datasets, attachments, links to follow) from a loopback mock with arbitrary statuses,
//!   content types and bodies: a typed error or a value.

use hapi_content::{EndringFilter, InnholdFilter, TilskuddFilter};
use std::fmt;
use std::sync::OnceLock;

use chrono::NaiveDate;
use hapi_content::mock::MockHapi;
use hapi_content::{
    Attachment, ContentKind, Data, Endring, Fagansvarlig, Format, HapiClient, InfoType, Infobit,
    InfobitId, Koder, Kodeverk, Legemiddel, Link, LinkRel, MedisinskUtstyr, NkiDataset, NkiFormat,
    Pakning, SokFilter, TekniskeData, Tilskudd, VirkestoffMedStyrke, html_to_markdown,
    parse_local_time, render, render_html, render_markdown,
};
use hint_core::Operation;
use hint_testkit::http::*;
use hint_testkit::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Not used by this crate's documents; `check_error` looks for it all the same.
const FNR: &str = "31129956715";

// ---------------------------------------------------------------------------------------------
// Sample documents: what the mock sends, and a real production document
// ---------------------------------------------------------------------------------------------

async fn raw(
    client: &HapiClient,
    template: &'static str,
    id: &str,
    query: &[(&str, &str)],
) -> Value {
    let mut op = Operation::get("Prop.raw", template)
        .path_param("id", id)
        .accept("application/json");
    for (k, v) in query {
        op = op.query(*k, v);
    }
    let response = client.core().send(op).await.expect("the mock answers");
    response.json::<Value>().expect("the mock sends JSON")
}

/// The first element of a list, or the value itself.
fn first(v: &Value) -> Value {
    match v {
        Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    }
}

async fn collect() -> Samples {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let retningslinjer = raw(&client, "retningslinjer", "", &[]).await;
    let anbefalinger = raw(&client, "anbefalinger", "", &[]).await;
    let tilskudd = raw(&client, "tilskudd", "", &[]).await;
    let kvalitetsindikatorer = raw(&client, "kvalitetsindikatorer", "", &[]).await;
    let nki_id = first(&kvalitetsindikatorer)["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let nki = raw(&client, "kvalitetsindikatorer/{id}/data", &nki_id, &[]).await;
    let legemidler = raw(&client, "legemidler", "", &[]).await;
    let changes = raw(
        &client,
        "GetChanges",
        "",
        &[("since", "2000-01-01T00:00:00")],
    )
    .await;
    let production: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/anbefaling-produksjon.json"
        ))
        .expect("the production fixture"),
    )
    .expect("the production fixture is JSON");
    let anbefaling = first(&anbefalinger);
    let legemiddel = first(&legemidler);
    let docs = vec![
        ("retningslinjer", retningslinjer.clone()),
        ("Infobit", first(&retningslinjer)),
        ("anbefaling", anbefaling.clone()),
        ("tilskudd", first(&tilskudd)),
        ("produksjon", production.clone()),
        ("NkiDataset", nki),
        ("Legemiddel", legemiddel.clone()),
        ("Pakning", legemiddel["pakninger"][0].clone()),
        (
            "VirkestoffMedStyrke",
            legemiddel["virkestoffMedStyrke"][0].clone(),
        ),
        (
            "MedisinskUtstyr",
            json!({"id": "MU-1", "navn": "Blodsukkermåler", "registrert": "2024-01-01"}),
        ),
        ("Endring", first(&changes)),
        ("endringer", changes),
        ("Link", production["links"][0].clone()),
        ("TekniskeData", production["tekniskeData"].clone()),
        (
            "Attachment",
            json!({"title": "Vedlegg", "fileName": "a.pdf", "fileType": "pdf",
                               "fileUri": "https://example.no/a.pdf", "url": "https://example.no/a.pdf"}),
        ),
        (
            "Fagansvarlig",
            json!({"navn": "Avdeling for allmennhelsetjenester", "avdeling": "Divisjon primærhelsetjenester"}),
        ),
        ("Data", anbefaling["data"].clone()),
        ("Koder", json!({"ICD10": ["N10"], "ICPC2": ["U70"]})),
        ("InfobitId", production["id"].clone()),
        ("InfoType", json!("anbefaling")),
        ("LinkRel", json!("barn")),
        ("Kodeverk", json!("ICPC-2")),
    ];
    Samples { docs }
}

fn samples() -> &'static Samples {
    static SAMPLES: OnceLock<Samples> = OnceLock::new();
    samples_once(&SAMPLES, collect)
}

// ---------------------------------------------------------------------------------------------
// Every public type that decodes
// ---------------------------------------------------------------------------------------------

/// Decodes `bytes` (and `value`) as `T`. What decodes runs its accessors, and writes out the
/// same after one round trip (the SDK's own output reads back as itself).
fn check<T>(bytes: &[u8], value: Option<&Value>) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug + Accessors,
{
    check_decode::<T>(bytes, value, RoundTrip::Stable(as_written), &[], |t| {
        t.accessors().map(|()| String::new())
    })
}

/// Runs the accessors and renderers of a decoded value.
trait Accessors {
    fn accessors(&self) -> Result<(), TestCaseError> {
        Ok(())
    }
}

fn infobit_accessors(doc: &Infobit) -> Result<(), TestCaseError> {
    let _ = (
        doc.title(),
        doc.info_type(),
        doc.origin(),
        doc.id.source_code(),
        doc.id.type_code(),
    );
    let links: Vec<_> = doc
        .child_links()
        .chain(doc.parent_link())
        .chain(doc.root_link())
        .chain(doc.links_with(LinkRel::Publikasjon))
        .map(|l| (l.target_type(), l.target_id()))
        .collect();
    let _ = links;
    if let Some(rec) = doc.anbefaling() {
        let _ = (
            rec.styrke(),
            rec.praktisk(),
            rec.rasjonale(),
            rec.nokkel_info(),
        );
    }
    let source = doc.source();
    let _ = (
        source.text(),
        source.text_en(),
        source.markdown(),
        source.html(),
    );
    let _ = source.converted().markdown();
    let _ = render_markdown(doc);
    let html = render_html(doc);
    // The title is text: the heading holds no markup of its own.
    let heading = html
        .split_once("<h1>")
        .and_then(|(_, rest)| rest.split_once("</h1>"))
        .map(|(h, _)| h.to_owned())
        .unwrap_or_default();
    prop_assert!(
        !heading.contains('<') && !heading.contains('>'),
        "{}",
        heading
    );
    for format in [Format::Markdown, Format::Html, Format::Json] {
        let d = render(doc, format);
        let _ = (
            d.with_attribution(),
            format.media_type(),
            format.to_string(),
        );
    }
    for (k, _) in doc.data.0.iter().take(8) {
        let _ = (doc.data.text(k), doc.data.time(k), doc.data.get(k));
    }
    for kodeverk in doc.koder.systems().collect::<Vec<_>>() {
        let _ = doc.koder.get(&kodeverk);
    }
    let grant = Tilskudd::from(doc.clone());
    let _ = (
        grant.soknadsfrist(),
        grant.soknadsfrist_tekst(),
        grant.ramme(),
        grant.regelverk(),
    );
    let _ = (
        grant.regelverk_url(),
        grant.kapittel_post(),
        grant.ordning(),
        grant.soknad_url(),
    );
    let _ = grant.is_open_on(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default());
    if let Some(info_type) = doc.info_type() {
        let _ = ContentKind::for_info_type(&info_type);
    }
    Ok(())
}

impl Accessors for Infobit {
    fn accessors(&self) -> Result<(), TestCaseError> {
        infobit_accessors(self)
    }
}

impl Accessors for Vec<Infobit> {
    fn accessors(&self) -> Result<(), TestCaseError> {
        self.iter().try_for_each(infobit_accessors)
    }
}

impl Accessors for NkiDataset {
    fn accessors(&self) -> Result<(), TestCaseError> {
        for row in 0..self.rows.len().min(4) {
            for column in self.column_names.iter().take(4) {
                let _ = self.cell(row, column);
            }
            let _ = self.cell(row, "x");
        }
        let _ = self.cell(usize::MAX, "x");
        Ok(())
    }
}

impl Accessors for Legemiddel {}
impl Accessors for Pakning {}
impl Accessors for VirkestoffMedStyrke {}

impl Accessors for MedisinskUtstyr {
    fn accessors(&self) -> Result<(), TestCaseError> {
        let _ = (self.id(), self.navn());
        Ok(())
    }
}

impl Accessors for Endring {
    fn accessors(&self) -> Result<(), TestCaseError> {
        let _ = (self.id(), self.tidspunkt());
        Ok(())
    }
}

impl Accessors for Vec<Endring> {
    fn accessors(&self) -> Result<(), TestCaseError> {
        self.iter().try_for_each(Accessors::accessors)
    }
}

impl Accessors for Link {
    fn accessors(&self) -> Result<(), TestCaseError> {
        let _ = (self.target_type(), self.target_id());
        Ok(())
    }
}

impl Accessors for Data {
    fn accessors(&self) -> Result<(), TestCaseError> {
        for (k, _) in self.0.iter().take(8) {
            let _ = (
                self.text(k),
                self.time(k),
                self.text_any(&[k.as_str(), "x"]),
            );
        }
        Ok(())
    }
}

impl Accessors for Koder {
    fn accessors(&self) -> Result<(), TestCaseError> {
        for k in self.systems().collect::<Vec<_>>() {
            let _ = self.get(&k);
        }
        let _ = self.is_empty();
        Ok(())
    }
}

impl Accessors for InfobitId {
    fn accessors(&self) -> Result<(), TestCaseError> {
        let _ = (self.source_code(), self.type_code());
        Ok(())
    }
}

impl Accessors for TekniskeData {}
impl Accessors for Attachment {}
impl Accessors for Fagansvarlig {}
impl Accessors for InfoType {}
impl Accessors for LinkRel {}
impl Accessors for Kodeverk {}

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: Types = &[
    ("Infobit", "Infobit", check::<Infobit>),
    ("Infobit", "anbefaling", check::<Infobit>),
    ("Infobit", "tilskudd", check::<Infobit>),
    ("Infobit", "produksjon", check::<Infobit>),
    ("Vec<Infobit>", "retningslinjer", check::<Vec<Infobit>>),
    ("NkiDataset", "NkiDataset", check::<NkiDataset>),
    ("Legemiddel", "Legemiddel", check::<Legemiddel>),
    ("Pakning", "Pakning", check::<Pakning>),
    (
        "VirkestoffMedStyrke",
        "VirkestoffMedStyrke",
        check::<VirkestoffMedStyrke>,
    ),
    (
        "MedisinskUtstyr",
        "MedisinskUtstyr",
        check::<MedisinskUtstyr>,
    ),
    ("Endring", "Endring", check::<Endring>),
    ("Vec<Endring>", "endringer", check::<Vec<Endring>>),
    ("Link", "Link", check::<Link>),
    ("TekniskeData", "TekniskeData", check::<TekniskeData>),
    ("Attachment", "Attachment", check::<Attachment>),
    ("Fagansvarlig", "Fagansvarlig", check::<Fagansvarlig>),
    ("Data", "Data", check::<Data>),
    ("Koder", "Koder", check::<Koder>),
    ("InfobitId", "InfobitId", check::<InfobitId>),
    ("InfoType", "InfoType", check::<InfoType>),
    ("LinkRel", "LinkRel", check::<LinkRel>),
    ("Kodeverk", "Kodeverk", check::<Kodeverk>),
];

#[test]
fn every_sample_decodes_as_its_type() {
    let s = samples();
    check_samples(TYPES, s);
    // The grant and the recommendation have their typed fields, so the accessors run on data.
    let grant =
        Tilskudd::from(serde_json::from_value::<Infobit>(s.get("tilskudd")).expect("a grant"));
    assert!(grant.ramme().is_some());
    let rec: Infobit = serde_json::from_value(s.get("anbefaling")).expect("a recommendation");
    assert!(rec.anbefaling().is_some());
}

hint_testkit::decoder_properties!(TYPES, samples());

// ---------------------------------------------------------------------------------------------
// HTML, times, ids and open enums
// ---------------------------------------------------------------------------------------------

const TAGS: &[&str] = &[
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "strong",
    "em",
    "b",
    "a href=\"x\"",
    "h2",
    "span",
    "pre",
    "code",
    "dl",
    "dt",
    "dd",
    "section",
    "br",
    "img src=x",
    "div/",
    "svg",
    "math",
    "template",
    "script",
    "style",
    "select",
    "option",
    "button",
    "font",
];

/// HTML: arbitrary text, tag soup built from real tags (unclosed, misnested, deep), and the
/// samples' own HTML cut or changed.
fn html() -> impl Strategy<Value = String> {
    let tag = prop::sample::select(TAGS);
    let piece = prop_oneof![
        4 => tag.clone().prop_map(|t| format!("<{t}>")),
        3 => tag.prop_map(|t| format!("</{}>", t.split(' ').next().unwrap_or(t))),
        3 => "[^<>]{0,12}",
        1 => Just("<!--".to_owned()),
        1 => Just("-->".to_owned()),
        1 => Just("&amp;&lt;&#0;&#x110000;&".to_owned()),
        1 => weird_string(),
    ];
    prop_oneof![
        2 => any::<String>(),
        4 => prop::collection::vec(piece, 0..80).prop_map(|p| p.concat()),
        2 => (prop::sample::select(TAGS), 1usize..3000, "[a-z]{0,5}").prop_map(|(t, n, x)| {
            let name = t.split(' ').next().unwrap_or(t);
            format!("{}{x}{}", format!("<{t}>").repeat(n), format!("</{name}>").repeat(n))
        }),
        1 => (prop::collection::vec(prop::sample::select(TAGS), 1..4), 1usize..1500).prop_map(|(ts, n)| {
            ts.iter().map(|t| format!("<{t}>")).collect::<String>().repeat(n)
        }),
        2 => (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(cut, flip)| {
            let text = samples().get("produksjon")["tekst"].as_str().unwrap_or_default().to_owned();
            let mut bytes = text.into_bytes();
            let at = flip.index(bytes.len().max(1));
            if let Some(b) = bytes.get_mut(at) {
                *b = b'<';
            }
            bytes.truncate(cut.index(bytes.len() + 1));
            String::from_utf8_lossy(&bytes).into_owned()
        }),
    ]
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn html_to_markdown_never_panics_or_overflows(html in html()) {
        let md = html_to_markdown(&html);
        // Text without markup comes through (trimmed) as it is.
        if !html.contains(['<', '>', '&', '\\', '*', '_', '#', '`', '[', ']', '-', '+', '.', '!', '|', '~', '=']) {
            prop_assert_eq!(md.as_str(), html.trim());
        }
        // And inside a document, through both renderers.
        let mut doc: Infobit = serde_json::from_value(samples().get("anbefaling")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        doc.tekst = Some(html.clone());
        doc.intro = Some(html.clone());
        doc.data.0.insert("praktisk".into(), Value::String(html.clone()));
        let _ = (render_markdown(&doc), render_html(&doc));
    }

    #[test]
    fn times_ids_and_open_enums_take_any_text(
        s in prop_oneof![
            "[0-9]{1,6}[-./][0-9]{1,2}[-./][0-9]{1,4}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,12})?)?)?( ?[+-][0-9]{2}:?[0-9]{2}|Z)?",
            "[0-9]{4}-[0-9]{4}-[0-9a-f\\-]{0,40}",
            "[A-Za-z\\- _.0-9]{0,16}",
            prop::sample::select(vec!["ICPC-2", "icd-10", "SNOMED CT", "Retningslinje", "BARN", "anbefaling", "NKI"]).prop_map(str::to_owned),
            weird_string(),
        ],
    ) {
        let _ = parse_local_time(&s);
        match InfobitId::new(s.clone()) {
            Ok(id) => {
                prop_assert_eq!(InfobitId::new(id.as_str()).ok(), Some(id.clone()));
                prop_assert_eq!(InfobitId::try_from(s.as_str()).ok(), Some(id.clone()));
                let _ = (id.source_code(), id.type_code(), id.to_string(), format!("{id:?}"));
            }
            Err(e) => prop_assert_eq!(e.field(), Some("id")),
        }
        let info = InfoType::from(s.as_str());
        prop_assert_eq!(InfoType::from(info.as_str()), info.clone());
        prop_assert_eq!(serde_json::from_value::<InfoType>(json!(info.as_str())).ok(), Some(info.clone()));
        let rel = LinkRel::from(s.as_str());
        prop_assert_eq!(LinkRel::from(rel.as_str()), rel.clone());
        let kodeverk = Kodeverk::from(s.as_str());
        prop_assert_eq!(Kodeverk::from(kodeverk.as_str()), kodeverk.clone());
        prop_assert_eq!(serde_json::from_value::<Kodeverk>(json!(kodeverk.to_string())).ok(), Some(kodeverk));
        let custom = Kodeverk::custom(s.clone());
        prop_assert_eq!(custom.as_str(), s.as_str());
        let link = Link::new(rel, s.clone());
        let _ = (link.target_id(), link.target_type());
    }
}

#[test]
fn regression_deeply_nested_html_does_not_overflow_the_stack() {
    // A few hundred nested elements overflowed the converter's recursion and aborted the
    // process. Such HTML is now kept as it is.
    for (open, close) in [
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<blockquote>", "</blockquote>"),
        ("<div/>", ""),
    ] {
        let html = format!("{}x{}", open.repeat(5000), close.repeat(5000));
        assert_eq!(html_to_markdown(&html), html);
    }
    // Ordinary nesting is still converted.
    let html = format!(
        "{}x{}",
        "<blockquote>".repeat(20),
        "</blockquote>".repeat(20)
    );
    assert!(html_to_markdown(&html).starts_with('>'));
    let html = "<p>a<p>b<p>c".repeat(500);
    assert!(!html_to_markdown(&html).contains('<'));
}
// ---------------------------------------------------------------------------------------------
// What only a server sends
// ---------------------------------------------------------------------------------------------

fn content_type() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "application/json",
        "application/json; charset=utf-8",
        "text/markdown",
        "text/html; charset=utf-8",
        "application/xhtml+xml",
        "application/problem+json",
        "text/plain",
        "application/octet-stream",
        "text/csv",
    ])
}

#[test]
fn every_operation_survives_any_answer() {
    let h = http::<HapiClient>();
    let s = samples();
    let id = "0006-0002-2422fdad-c242-4175-921d-a7218670bbb4";

    // The production document renders, so the property is not vacuous.
    h.slots.set_all(json_answer(200, &s.get("produksjon")));
    let doc = h.rt.block_on(h.client.get_markdown(id));
    assert!(
        doc.as_ref()
            .is_ok_and(|d| d.rendered_by_sdk && d.body.starts_with("# ")),
        "{doc:?}"
    );

    let docs = [
        s.get("produksjon"),
        s.get("retningslinjer"),
        s.get("anbefaling"),
        s.get("tilskudd"),
        s.get("NkiDataset"),
        s.get("Legemiddel"),
        s.get("endringer"),
    ];
    let strategy = (0usize..12, status(), content_type(), body(&docs));
    run(SERVER_CASES, strategy, |(which, status, ct, body)| {
        h.slots.set_all(answer(status, ct, &[], body));
        let c = &h.client;
        let link = Link::new(
            LinkRel::Barn,
            format!("{}/innhold/{id}", c.core().base_url()),
        );
        let outcome = h.outcome(async {
            Ok(match which {
                0 => format!("{:?}", c.get_innhold(id).await?),
                1 => format!(
                    "{:?}",
                    c.get_innhold_as(id, Format::Markdown)
                        .await?
                        .with_attribution()
                ),
                2 => format!(
                    "{:?}",
                    c.get_innhold_as(id, Format::Html).await?.with_attribution()
                ),
                3 => format!("{:?}", c.get_innhold_as(id, Format::Json).await?),
                4 => format!(
                    "{:?}",
                    c.search_innhold(&SokFilter::new("diabetes"))
                        .unwrap()
                        .collect_all()
                        .await?
                ),
                5 => format!(
                    "{:?}",
                    c.list_endringer(
                        &EndringFilter::new(chrono::NaiveDateTime::default()).producer_id("0006")
                    )
                    .unwrap()
                    .collect_all()
                    .await?
                ),
                6 => format!("{:?}", c.get_kvalitetsindikator_data(id).await?),
                7 => c.get_kvalitetsindikator_data_as(id, NkiFormat::Csv).await?,
                8 => format!(
                    "{:?}",
                    c.download_vedlegg(id, Some("application/pdf")).await?.len()
                ),
                9 => format!("{:?}", c.follow(&link).await?),
                10 => format!(
                    "{:?}",
                    c.list_tilskudd(&TilskuddFilter::new())
                        .unwrap()
                        .collect_all()
                        .await?
                ),
                _ => {
                    let mut pager = c
                        .list_innhold(&InnholdFilter::new().kind(ContentKind::Rapporter))
                        .unwrap();
                    first_items(&mut pager, 4).await?
                }
            })
        })?;
        check_outcome(status, &outcome, &[FNR])?;
        Ok(())
    });
}

#[test]
fn a_page_token_at_the_end_of_the_numbers_ends_the_listing() {
    // A saved continuation is the caller's text: `page:18446744073709551615` with a full page
    // behind it overflowed the next skip.
    let h = http::<HapiClient>();
    let page = json!([samples().get("Infobit"), samples().get("Infobit")]);
    h.slots.set_all(json_answer(200, &page));
    let token: hint_core::PageToken = format!("page:{}", u64::MAX).parse().expect("a page token");
    let mut pager = h
        .client
        .list_innhold(
            &InnholdFilter::new()
                .kind(ContentKind::Rapporter)
                .page_size(2),
        )
        .unwrap()
        .resume_from(token);
    let first = h.rt.block_on(pager.next_page());
    assert_eq!(first.and_then(Result::ok).map(|p| p.len()), Some(2));
    assert!(pager.continuation().is_none());
}
