//! The mock's seed content: illustrative Norwegian documents of each kind, written for tests.
//! They follow hAPI's shapes (ids, links, `data`), not Helsedirektoratet's actual text.
//!
//! Grant deadlines are set relative to the day the mock starts, so "current grants" stay
//! current: two open with dates, one open continuously (`Løpende`), one closed.

use chrono::{Duration, Local, NaiveDateTime};
use serde_json::json;

use super::MockHapi;
use crate::model::{Data, InfoType, Infobit, InfobitId, Koder};

/// The diabetes guideline (retningslinje) with two chapters and three recommendations.
pub const DIABETES_RETNINGSLINJE: &str = "0006-0001-5b0c3f52-7d7e-4b4e-9a51-2f1f0d6a1c01";
/// Chapter «Diagnostikk av diabetes».
pub const KAPITTEL_DIAGNOSTIKK: &str = "0006-0041-9f1e2a10-3c5d-4e8b-8b41-6a0b2c1d7e02";
/// Chapter «Blodsukkersenkende behandling».
pub const KAPITTEL_BEHANDLING: &str = "0006-0041-1d2c3b4a-5e6f-4a7b-9c8d-0e1f2a3b4c03";
/// Recommendation «HbA1c som diagnostisk test».
pub const ANBEFALING_HBA1C: &str = "0006-0002-7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c04";
/// Recommendation «Glukosebelastning ved usikker diagnose».
pub const ANBEFALING_GLUKOSEBELASTNING: &str = "0006-0002-2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d05";
/// Recommendation «Metformin som førstevalg ved diabetes type 2».
pub const ANBEFALING_METFORMIN: &str = "0006-0002-3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e06";
/// The nasjonalt faglig råd on dose-packed medicines, with one chapter and one råd.
pub const FAGLIG_RAD_DOSEPAKKING: &str = "0006-0020-2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182";
/// Råd «Skriftlige rutiner for dosepakkede legemidler» (with `praktisk` and `rasjonale`).
pub const RAD_RUTINER: &str = "0006-0023-5a1c9e20-7b3d-4f61-9c2e-8d4f0a6b1e37";
/// The pakkeforløp for lung cancer.
pub const PAKKEFORLOP_LUNGEKREFT: &str = "0006-0003-4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f07";
/// The circular on the Patient and User Rights Act.
pub const RUNDSKRIV_PASIENTRETTIGHETER: &str = "0006-0011-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a08";
/// Grant: municipal substance abuse work (open).
pub const TILSKUDD_RUSARBEID: &str = "0006-0030-6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b09";
/// Grant: recruiting GPs (open).
pub const TILSKUDD_FASTLEGER: &str = "0006-0030-7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c10";
/// Grant: voluntary work against loneliness (open continuously).
pub const TILSKUDD_ENSOMHET: &str = "0006-0030-8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d11";
/// Grant: digital home follow-up (closed).
pub const TILSKUDD_HJEMMEOPPFOLGING: &str = "0006-0030-9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e12";
/// A quality indicator with a dataset.
pub const NKI_HJERNESLAG: &str = "0003-0050-0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f13";
/// A medicine (`legemiddelMerkevareId`).
pub const LEGEMIDDEL_METFORMIN: &str = "ID_3F2504E0-4F89-11D3-9A0C-0305E82C3301";

fn id(s: &str) -> InfobitId {
    InfobitId(s.to_owned())
}

fn t(s: &str) -> Option<NaiveDateTime> {
    hint_core::lenient::parse_local_time(s)
}

fn doc(id_: &str, info_type: InfoType, tittel: &str, url: &str) -> Infobit {
    let mut d = Infobit::new(id(id_), info_type, tittel);
    d.url = Some(format!("https://www.helsedirektoratet.no{url}"));
    d.forst_publisert = t("2016-09-01T00:00");
    d.sist_faglig_oppdatert = t("2024-03-14T00:00");
    d.sist_oppdatert = t("2025-01-20T10:15:00");
    d.sist_importert_til_hapi =
        hint_core::lenient::parse_offset_datetime("2025-05-16T13:37:44.0938482+00:00");
    d.tekniske_data.info_id = Some(
        id_.rsplit_once("-0")
            .map(|(_, r)| r.to_owned())
            .unwrap_or_default(),
    );
    d
}

fn data(value: serde_json::Value) -> Data {
    match value {
        serde_json::Value::Object(map) => Data(map),
        _ => Data::default(),
    }
}

fn koder(pairs: &[(&str, &[&str])]) -> Koder {
    Koder(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
            .collect(),
    )
}

/// Loads the seed into a mock.
pub fn seed(mock: &MockHapi) {
    // A guideline with chapters and recommendations.
    let mut g = doc(
        DIABETES_RETNINGSLINJE,
        InfoType::Retningslinje,
        "Diabetes",
        "/retningslinjer/diabetes",
    );
    g.kort_tittel = Some("Diabetes".into());
    g.intro = Some(
        "Nasjonal faglig retningslinje for forebygging, diagnostikk og behandling av diabetes."
            .into(),
    );
    g.tekst = Some(String::new());
    g.maalgruppe = vec!["helsepersonell".into(), "fastleger".into()];
    g.tema = vec!["Diabetes".into()];
    mock.add(g);

    let mut k1 = doc(
        KAPITTEL_DIAGNOSTIKK,
        InfoType::Kapittel,
        "Diagnostikk av diabetes",
        "/retningslinjer/diabetes/diagnostikk-av-diabetes",
    );
    k1.tekst = Some("<p>Diabetes diagnostiseres med HbA1c eller glukosemålinger. Kapittelet gjelder voksne.</p>".into());
    mock.add_child(&id(DIABETES_RETNINGSLINJE), k1);

    let mut a1 = doc(
        ANBEFALING_HBA1C,
        InfoType::Anbefaling,
        "HbA1c som diagnostisk test for diabetes",
        "/retningslinjer/diabetes/diagnostikk-av-diabetes/hba1c-som-diagnostisk-test",
    );
    a1.tekst = Some(
        "<p>Bruk HbA1c ≥ 48 mmol/mol som diagnostisk kriterium for diabetes hos voksne.</p>\
         <ul><li>Ved HbA1c mellom 42 og 47 mmol/mol: gi råd om levevaner og kontroller årlig.</li>\
         <li>HbA1c er <strong>ikke</strong> egnet ved graviditet, hemoglobinopatier eller nylig blodtap.</li></ul>"
            .into(),
    );
    a1.koder = koder(&[("ICPC2", &["T90"]), ("ICD10", &["E11"])]);
    a1.data = data(json!({
        "styrke": "sterk",
        "praktisk": "<p>Ta ny prøve for å bekrefte diagnosen hos personer uten symptomer.</p>",
        "rasjonale": "<p>HbA1c krever ikke faste og gir et mål på blodsukkeret over 2–3 måneder.</p>",
        "nokkelInfo": {
            "fordelerogulemper": "<p>Enkel prøvetaking; påvirkes av tilstander som endrer erytrocyttenes levetid.</p>",
            "kvalitetdokumentasjon": "<p>Moderat.</p>",
            "verdierogpreferanser": "<p>De fleste foretrekker en prøve uten faste.</p>",
            "ressurshensyn": "<p>Analysen er rimelig og tilgjengelig i allmennpraksis.</p>"
        },
        "anbefalingstype": "diagnostikk"
    }));
    mock.add_child(&id(KAPITTEL_DIAGNOSTIKK), a1);

    let mut a2 = doc(
        ANBEFALING_GLUKOSEBELASTNING,
        InfoType::Anbefaling,
        "Glukosebelastning ved usikker diagnose",
        "/retningslinjer/diabetes/diagnostikk-av-diabetes/glukosebelastning",
    );
    a2.tekst = Some(
        "<p>Vurder glukosebelastning (2-timers verdi ≥ 11,1 mmol/l) når HbA1c ikke kan brukes.</p>"
            .into(),
    );
    a2.koder = koder(&[("ICPC2", &["T90"]), ("ICD10", &["E11", "O24"])]);
    a2.data = data(
        json!({ "styrke": "svak", "rasjonale": "<p>Glukosebelastning er mer ressurskrevende, men påvirkes ikke av hemoglobinvarianter.</p>", "anbefalingstype": "diagnostikk" }),
    );
    mock.add_child(&id(KAPITTEL_DIAGNOSTIKK), a2);

    let mut k2 = doc(
        KAPITTEL_BEHANDLING,
        InfoType::Kapittel,
        "Blodsukkersenkende behandling ved diabetes type 2",
        "/retningslinjer/diabetes/blodsukkersenkende-behandling",
    );
    k2.tekst = Some("<p>Behandlingsmål og valg av legemidler ved diabetes type 2.</p>".into());
    mock.add_child(&id(DIABETES_RETNINGSLINJE), k2);

    let mut a3 = doc(
        ANBEFALING_METFORMIN,
        InfoType::Anbefaling,
        "Metformin som førstevalg ved diabetes type 2",
        "/retningslinjer/diabetes/blodsukkersenkende-behandling/metformin",
    );
    a3.tekst = Some(
        "<p>Bruk metformin som førstevalg når levevaneendringer ikke gir tilstrekkelig effekt.</p>\
         <table><thead><tr><th>eGFR (ml/min/1,73 m²)</th><th>Maks døgndose</th></tr></thead>\
         <tbody><tr><td>≥ 45</td><td>3000 mg</td></tr><tr><td>30–44</td><td>1000 mg</td></tr></tbody></table>"
            .into(),
    );
    a3.koder = koder(&[
        ("ICPC2", &["T90"]),
        ("ICD10", &["E11"]),
        ("ATC", &["A10BA02"]),
    ]);
    a3.data = data(
        json!({ "styrke": "sterk", "praktisk": "<p>Start med 500 mg daglig og øk gradvis.</p>", "anbefalingstype": "legemiddel" }),
    );
    mock.add_child(&id(KAPITTEL_BEHANDLING), a3);

    // A faglig råd with a chapter and a råd: the råd's longest texts are in `data`.
    let mut fr = doc(
        FAGLIG_RAD_DOSEPAKKING,
        InfoType::FagligRad,
        "Nasjonale faglige råd for dosepakking",
        "/faglige-rad/dosepakking",
    );
    fr.intro = Some("Rådene gjelder kommunens arbeid med dosepakkede legemidler.".into());
    mock.add(fr);
    let mut frk = doc(
        "0006-0041-6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        InfoType::Kapittel,
        "Samhandling og rutiner",
        "/faglige-rad/dosepakking/samhandling-og-rutiner",
    );
    frk.tekst = Some(String::new());
    mock.add_child(&id(FAGLIG_RAD_DOSEPAKKING), frk);
    let mut rad = doc(
        RAD_RUTINER,
        InfoType::Rad,
        "Kommunen bør ha skriftlige rutiner for dosepakkede legemidler",
        "/faglige-rad/dosepakking/samhandling-og-rutiner/skriftlige-rutiner",
    );
    rad.tekst = Some(
        "<p>Rutinene bør beskrive både&nbsp;praktiske og medisinske forhold.</p>\n\n\
         <p>Rutinene bør gjennomgås&nbsp;med faste mellomrom.</p>\n"
            .into(),
    );
    rad.data = data(json!({
        "nokkelInfo": {},
        "praktisk": "<p>Dosepakking kan gi tryggere legemiddelhåndtering for pasienter som:</p>\n<ul>\n\t<li>bruker flere legemidler fast</li>\n\t<li>har vansker med å åpne pakninger</li>\n</ul>\n<p>Kommunen melder pasienter inn og ut hos apoteket.</p>",
        "rasjonale": "<p>Høringsinnspill viste ulik praksis mellom kommunene. Ordningen pakkes for 2-4 uker om gangen og passer dårlig ved hyppige dosejusteringer.</p>"
    }));
    mock.add_child(&id("0006-0041-6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), rad);

    // A pakkeforløp with an activity.
    let mut p = doc(
        PAKKEFORLOP_LUNGEKREFT,
        InfoType::Pakkeforlop,
        "Pakkeforløp for lungekreft",
        "/nasjonale-forlop/lungekreft",
    );
    p.intro = Some("Pakkeforløpet skal sikre at pasienter med mistanke om lungekreft får rask utredning og behandling.".into());
    p.tekst = Some("<h2>Forløpstider</h2><p>Fra henvisning mottatt til første fremmøte utredende avdeling: 7 kalenderdager.</p>".into());
    p.koder = koder(&[("ICD10", &["C34"])]);
    mock.add(p);
    let mut akt = doc(
        "0006-0043-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c14",
        InfoType::Aktivitet,
        "Inngang til pakkeforløp",
        "/nasjonale-forlop/lungekreft/inngang",
    );
    akt.tekst =
        Some("<p>Begrunnet mistanke: funn på CT thorax som gir mistanke om lungekreft.</p>".into());
    mock.add_child(&id(PAKKEFORLOP_LUNGEKREFT), akt);

    // A rundskriv with a chapter.
    let mut r = doc(
        RUNDSKRIV_PASIENTRETTIGHETER,
        InfoType::Rundskriv,
        "Pasient- og brukerrettighetsloven med kommentarer",
        "/rundskriv/pasient-og-brukerrettighetsloven-med-kommentarer",
    );
    r.intro = Some(
        "Rundskrivet gir Helsedirektoratets tolkning av pasient- og brukerrettighetsloven.".into(),
    );
    r.tekst = Some(
        "<p>Kommentarene er ment som en veiledning for helse- og omsorgstjenesten.</p>".into(),
    );
    mock.add(r);
    let mut rk = doc(
        "0006-0041-3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d15",
        InfoType::Kapittel,
        "Kapittel 2 Rett til helse- og omsorgstjenester",
        "/rundskriv/pasient-og-brukerrettighetsloven-med-kommentarer/kapittel-2",
    );
    rk.tekst = Some("<h3>§ 2-1 b Rett til nødvendig helsehjelp fra spesialisthelsetjenesten</h3><p>Pasienten har rett til nødvendig helsehjelp …</p>".into());
    mock.add_child(&id(RUNDSKRIV_PASIENTRETTIGHETER), rk);

    // Grant announcements.
    let today = Local::now().naive_local().date();
    let at = |days: i64| {
        (today + Duration::days(days))
            .and_hms_opt(12, 0, 0)
            .map(|d| hint_core::lenient::format_local_time(&d))
    };
    let grants = [
        (
            TILSKUDD_RUSARBEID,
            "Kommunalt rusarbeid",
            "/tilskudd/kommunalt-rusarbeid",
            json!({ "soknadsfrist": at(30), "ramme": 412500000.5, "kapittelPost": "0765.62", "ordning": "Kommunalt rusarbeid",
                    "regelverk": "<h2>Formål</h2><p>Styrke og videreutvikle kommunenes tjenester til personer med rusproblemer.</p><h2>Hvem kan søke</h2><p>Kommuner.</p>",
                    "soknadUrl": "https://www.helsedirektoratet.no/tilskudd/kommunalt-rusarbeid#soknad" }),
        ),
        (
            TILSKUDD_FASTLEGER,
            "Rekruttering og stabilisering av fastleger",
            "/tilskudd/rekruttering-av-fastleger",
            json!({ "soknadsfrist": at(75), "ramme": "120 000 000,00", "kapittelPost": "0762.60", "ordning": "Fastlegeordningen",
                    "regelverk": "<p>Tilskuddet skal bidra til å rekruttere og beholde fastleger i kommunene.</p>" }),
        ),
        (
            TILSKUDD_ENSOMHET,
            "Frivillig arbeid mot ensomhet",
            "/tilskudd/frivillig-arbeid-mot-ensomhet",
            json!({ "soknadsfristTekst": "Løpende", "ramme": 25000000, "kapittelPost": "0714.70", "ordning": "Tiltak mot ensomhet",
                    "regelverk": "<p>Frivillige organisasjoner kan søke om midler til aktiviteter som motvirker ensomhet.</p>" }),
        ),
        (
            TILSKUDD_HJEMMEOPPFOLGING,
            "Digital hjemmeoppfølging",
            "/tilskudd/digital-hjemmeoppfolging",
            json!({ "soknadsfrist": at(-20), "ramme": 30000000, "kapittelPost": "0701.21", "ordning": "Digital hjemmeoppfølging",
                    "regelverk": "<p>Utprøving av digital hjemmeoppfølging i kommuner og helseforetak.</p>" }),
        ),
    ];
    for (gid, tittel, url, d) in grants {
        let mut grant = doc(gid, InfoType::Tilskudd, tittel, url);
        grant.intro = Some(format!(
            "Helsedirektoratet lyser ut midler til {}.",
            tittel.to_lowercase()
        ));
        grant.tekst = d
            .get("regelverk")
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        grant.data = data(d);
        mock.add(grant);
    }

    // Reports (a skip/take route), for paging.
    for n in 1..=5 {
        let mut rep = doc(
            &format!("0006-0015-00000000-0000-4000-8000-00000000000{n}"),
            InfoType::Rapport,
            &format!("Årsrapport for tilskuddsforvaltning {}", 2019 + n),
            &format!("/rapporter/arsrapport-tilskudd-{}", 2019 + n),
        );
        rep.tekst = Some(format!(
            "<p>Rapporten oppsummerer tilskuddsforvaltningen i {}.</p>",
            2019 + n
        ));
        mock.add(rep);
    }

    // A quality indicator with its dataset.
    let mut nki = doc(
        NKI_HJERNESLAG,
        InfoType::Nki,
        "Overlevelse 30 dager etter innleggelse for hjerneslag",
        "/statistikk/kvalitetsindikatorer/hjerneslag/overlevelse",
    );
    nki.attachments = vec![crate::model::Attachment {
        title: Some("Datasett".into()),
        file_name: Some("hjerneslag-overlevelse.json".into()),
        file_type: Some("application/json".into()),
        file_uri: None,
        url: None,
    }];
    mock.add(nki);
    mock.set_nki_data(
        NKI_HJERNESLAG,
        json!({
            "ColumnNames": ["LocationName", "ParentName", "PeriodType", "TimeFrom", "TimeTo", "Value"],
            "AttachmentDataRows": [
                { "LocationName": "Hele landet", "ParentName": "Hele landet", "PeriodType": "Årlig", "TimeFrom": "2023-01-01", "TimeTo": "2023-12-31", "Value": 88.4 },
                { "LocationName": "Helse Vest", "ParentName": "Hele landet", "PeriodType": "Årlig", "TimeFrom": "2023-01-01", "TimeTo": "2023-12-31", "Value": 89.1 }
            ]
        }),
    );

    mock.add_legemiddel(json!({
        "legemiddelMerkevareId": LEGEMIDDEL_METFORMIN,
        "varenavn": "Metformin Orion",
        "navnFormStyrke": "Metformin Orion tab 500 mg",
        "atcKode": "A10BA02",
        "atcNavn": "Metformin",
        "form": "Tablett, filmdrasjert",
        "registreringsstatus": "Godkjent",
        "administrasjonsmåter": ["Oral bruk"],
        "virkestoffMedStyrke": [{ "navn": "Metforminhydroklorid", "navnEngelsk": "Metformin hydrochloride", "styrkeVerdi": "500", "styrkeEnhet": "mg" }],
        "pakninger": [{ "legemiddelPakningId": "ID_PAK-1", "navnFormStyrke": "Metformin Orion tab 500 mg, 100 stk", "varenummer": "123456" }]
    }));
    mock.add_legemiddel(json!({
        "legemiddelMerkevareId": "ID_7A1E9C2B-0000-4000-8000-000000000002",
        "varenavn": "Paracet",
        "navnFormStyrke": "Paracet tab 500 mg",
        "atcKode": "N02BE01",
        "atcNavn": "Paracetamol"
    }));
}
