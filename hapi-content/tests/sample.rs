//! A production hAPI answer (an anbefaling from «Veileder om oppfølging av personer med store og
//! sammensatte behov», shortened to two of its sections): the model reads it, and the Markdown
//! rendering keeps every sentence, heading and link.
//!
//! Kilde: Helsedirektoratet (https://www.helsedirektoratet.no). Inneholder data under Norsk lisens
//! for offentlige data (NLOD) tilgjengeliggjort av Helsedirektoratet. Shortened for the test.

use hapi_content::{InfoType, Infobit, LinkRel, render_markdown};

const SAMPLE: &str = include_str!("fixtures/anbefaling-produksjon.json");

fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reader-visible text of Markdown: link targets, `[`, `#` and escapes removed.
fn markdown_text(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    let out = out.replace(['[', '#', '\\'], "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn production_sample_is_read_fully() {
    let doc: Infobit = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(doc.info_type(), Some(InfoType::Anbefaling));
    assert_eq!(doc.id.type_code(), Some("0002"));
    assert_eq!(
        doc.sist_faglig_oppdatert.unwrap().to_string(),
        "2018-01-17 11:36:00"
    );
    assert_eq!(
        doc.sist_importert_til_hapi.unwrap().to_rfc3339(),
        "2025-09-13T12:48:44.659988100+00:00"
    );
    assert!(doc.koder.is_empty());
    assert!(doc.maalgruppe.is_empty());
    assert_eq!(
        doc.fagansvarlig_med_avdeling[0].avdeling.as_deref(),
        Some("For helse- og omsorgstjenester")
    );
    assert_eq!(
        doc.parent_link().unwrap().target_id(),
        Some("0006-0041-d5b62800-d5c8-4f1e-b90c-ecae262f162e")
    );
    assert_eq!(
        doc.root_link().unwrap().target_type(),
        Some(InfoType::NasjonalVeileder)
    );
    assert_eq!(doc.links_with(LinkRel::Publikasjon).count(), 1);
    assert!(doc.anbefaling().unwrap().nokkel_info().is_some());
    assert!(
        doc.extra.is_empty(),
        "every field of the sample is modelled: {:?}",
        doc.extra.keys().collect::<Vec<_>>()
    );
    let source = doc.source();
    assert!(source.text().contains("sist faglig oppdatert 17.01.2018"));
    assert!(
        source
            .url
            .unwrap()
            .starts_with("https://www.helsedirektoratet.no/veiledere/")
    );
}

#[test]
fn markdown_keeps_the_professional_content() {
    let doc: Infobit = serde_json::from_str(SAMPLE).unwrap();
    let md = render_markdown(&doc);
    let html = doc.tekst.as_deref().unwrap();
    // Every sentence of the HTML is in the Markdown, word for word.
    let md_flat = markdown_text(&md);
    for sentence in visible_text(html)
        .split(". ")
        .map(str::trim)
        .filter(|s| s.len() > 3)
    {
        let sentence = sentence.trim_end_matches('.');
        assert!(
            md_flat.contains(sentence),
            "lost: «{sentence}»\n--- markdown ---\n{md}"
        );
    }
    // Structure and links survive.
    assert!(
        md.contains("### Øverste leder skal sikre systematisk kvalitetsforbedring i tjenestene"),
        "{md}"
    );
    assert!(md.contains("[kapitlet om systematisk kvalitetsforbedring](https://www.helsedirektoratet.no/veiledere/"), "{md}");
    assert!(md.contains("(https://api.helsedirektoratet.no/innhold/kapitler/0006-0041-c0796e68-fb39-4e38-8165-67be5e0ccaac)"), "{md}");
    assert!(md.starts_with("# Sentrale ledergrep"));
}
