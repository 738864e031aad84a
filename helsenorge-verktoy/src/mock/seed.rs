//! The mock's seed catalogue: realistic (invented) tools covering every fagområde, målgruppe,
//! language, formål, innholdstype and behandlerinnsyn, plus pictures as real PNG bytes.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::enums::{
    Behandlerinnsyn, Fagomrade, GrafiskElementType, Innholdstype, Malgruppe, Sprak, VerktoyFormal,
};
use crate::verktoy::{GrafiskElementInfo, InnholdstypeInfo, Klassifisering, Lenke, Verktoy};

/// A 2×2 PNG picture (the mock's `Bilde`).
pub const PNG_BILDE: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x14, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x88, 0x5e, 0x55,
    0xb1, 0xef, 0x19, 0x03, 0x08, 0x47, 0xaf, 0x02, 0x00, 0x29, 0xac, 0x06, 0x43, 0x77, 0x1e, 0x69,
    0xa7, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A 1×1 PNG icon (the mock's `Ikon`).
pub const PNG_IKON: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x78, 0xcc, 0x26, 0x0c,
    0x00, 0x02, 0xcc, 0x00, 0xfd, 0xf3, 0xb7, 0xc8, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The seed's "Søvnskolen" (the id is the API documentation's own prescription example).
pub const SOVNSKOLEN: Uuid = Uuid::from_u128(0x68ce99fd_6243_4ab0_b5bc_3ca81dbd53ba);
/// The seed's "Bra mat for bedre helse" (the id is the API documentation's metadata example).
pub const BRA_MAT: Uuid = Uuid::from_u128(0x08ead360_0d65_448c_ba9e_8a08f0921c90);
/// The seed's guidance service (the id is the API documentation's example).
pub const VEILEDNINGSTJENESTE: Uuid = Uuid::from_u128(0x3fa85f64_5717_4562_b3fc_2c963f66afa6);

/// A synthetic (Tenor) citizen who is digitally active.
pub const INNBYGGER_FNR: &str = "05896310056";
/// A second synthetic citizen who is digitally active.
pub const INNBYGGER_2_FNR: &str = "01899010031";
/// A synthetic citizen who is not digitally active (prescribing gives `VER-000228`).
pub const IKKE_DIGITALT_AKTIV_FNR: &str = "24088010007";
/// A practitioner in the mock's health personnel register.
pub const BEHANDLER_HPR: &str = "9144889";
/// The name of [`BEHANDLER_HPR`].
pub const BEHANDLER_HPR_NAVN: &str = "Ingrid Hansen";
/// A second practitioner in the register.
pub const BEHANDLER_2_HPR: &str = "4512389";
/// The name of [`BEHANDLER_2_HPR`].
pub const BEHANDLER_2_HPR_NAVN: &str = "Lars Johansen";
/// A synthetic practitioner fødselsnummer (for `BehandlerFnr`).
pub const BEHANDLER_FNR: &str = "12877210047";

struct Spec {
    id: Uuid,
    navn: &'static str,
    ingress: &'static str,
    formal: VerktoyFormal,
    fag: &'static [Fagomrade],
    mal: &'static [Malgruppe],
    sprak: &'static [Sprak],
    innhold: &'static [Innholdstype],
    innsyn: Behandlerinnsyn,
    sokeord: &'static [&'static str],
    krever_forskrivning: bool,
    anonym: bool,
    org: (&'static str, &'static str),
    minutter: Option<u32>,
    snomed: (&'static str, &'static str),
    bilde: i64,
}

/// The seed tools and whether each is open without login (`KunAnonymTilgang`).
pub(crate) fn catalogue() -> Vec<(Verktoy, bool)> {
    use Fagomrade::*;
    use Innholdstype::*;
    use Malgruppe::*;
    use Sprak::*;
    const HDIR: (&str, &str) = ("983544622", "Helsedirektoratet");
    const NHN: (&str, &str) = ("994598759", "Norsk helsenett SF");
    const OUS: (&str, &str) = ("974707152", "Oslo universitetssykehus HF");
    let specs = [
        Spec {
            id: SOVNSKOLEN,
            navn: "Søvnskolen",
            ingress: "Et digitalt kurs i bedre søvn, med søvndagbok og øvelser.",
            formal: VerktoyFormal::Behandling,
            fag: &[PsykiskHelse],
            mal: &[Voksne, Eldre],
            sprak: &[Bokmal, Nynorsk],
            innhold: &[Video, Oppgaver, Egenregistreringer],
            innsyn: Behandlerinnsyn::TilbysIVerktoyet,
            sokeord: &["søvn", "insomni", "søvnvansker"],
            krever_forskrivning: true,
            anonym: false,
            org: OUS,
            minutter: Some(30),
            snomed: ("193462001", "Insomnia"),
            bilde: 5,
        },
        Spec {
            id: BRA_MAT,
            navn: "Bra mat for bedre helse",
            ingress: "Råd og oppskrifter for et sunnere kosthold i hverdagen.",
            formal: VerktoyFormal::Laering,
            fag: &[Livsstil, FysiskHelse],
            mal: &[Voksne],
            sprak: &[Bokmal, Engelsk],
            innhold: &[Informasjon, AnbefalingerOgRad],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["kosthold", "mat", "ernæring"],
            krever_forskrivning: false,
            anonym: true,
            org: HDIR,
            minutter: Some(15),
            snomed: ("226234005", "Healthy diet"),
            bilde: 6,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f01),
            navn: "Angstmestring for ungdom",
            ingress: "Lær å kjenne igjen og håndtere angst, i ditt eget tempo.",
            formal: VerktoyFormal::Behandling,
            fag: &[PsykiskHelse],
            mal: &[Ungdom],
            sprak: &[Bokmal, Nynorsk, Engelsk],
            innhold: &[Video, Oppgaver, Chat],
            innsyn: Behandlerinnsyn::Krever,
            sokeord: &["angst", "bekymring", "mestring"],
            krever_forskrivning: true,
            anonym: false,
            org: OUS,
            minutter: Some(20),
            snomed: ("197480006", "Anxiety disorder"),
            bilde: 7,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f02),
            navn: "Slutta",
            ingress: "Røykeslutt og snusslutt med daglige meldinger og premier.",
            formal: VerktoyFormal::Behandling,
            fag: &[Livsstil],
            mal: &[Ungdom, Voksne],
            sprak: &[Bokmal],
            innhold: &[Egenregistreringer, Maleverktoy, AnbefalingerOgRad],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["røykeslutt", "snus", "tobakk"],
            krever_forskrivning: false,
            anonym: false,
            org: HDIR,
            minutter: Some(5),
            snomed: ("225323000", "Smoking cessation education"),
            bilde: 8,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f03),
            navn: "Aktiv hverdag for eldre",
            ingress: "Enkle styrke- og balanseøvelser du kan gjøre hjemme.",
            formal: VerktoyFormal::Laering,
            fag: &[FysiskHelse],
            mal: &[Eldre],
            sprak: &[Bokmal, Nynorsk],
            innhold: &[Video, Informasjon],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["trening", "balanse", "fallforebygging"],
            krever_forskrivning: false,
            anonym: true,
            org: HDIR,
            minutter: Some(25),
            snomed: ("229065009", "Exercise therapy"),
            bilde: 9,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f04),
            navn: "Skjermvett for barn",
            ingress: "Spill og fortellinger om skjermtid, søvn og lek.",
            formal: VerktoyFormal::Laering,
            fag: &[Livsstil, PsykiskHelse],
            mal: &[Barn],
            sprak: &[Bokmal, Nynorsk],
            innhold: &[Spill, Podcast],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["skjermtid", "barn", "lek"],
            krever_forskrivning: false,
            anonym: true,
            org: NHN,
            minutter: Some(10),
            snomed: ("408289007", "Lifestyle education"),
            bilde: 10,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f05),
            navn: "Smertedagbok",
            ingress: "Registrer smerte, søvn og aktivitet og del oversikten med behandleren din.",
            formal: VerktoyFormal::Kartlegging,
            fag: &[FysiskHelse],
            mal: &[Voksne, Eldre],
            sprak: &[Bokmal, Engelsk],
            innhold: &[Egenregistreringer, Maleverktoy],
            innsyn: Behandlerinnsyn::Krever,
            sokeord: &["smerte", "kroniske smerter", "dagbok"],
            krever_forskrivning: true,
            anonym: false,
            org: OUS,
            minutter: Some(5),
            snomed: ("82423001", "Chronic pain"),
            bilde: 11,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f06),
            navn: "Mood Check",
            ingress: "A short screening of mood and wellbeing, in English.",
            formal: VerktoyFormal::Kartlegging,
            fag: &[PsykiskHelse],
            mal: &[Ungdom, Voksne],
            sprak: &[Engelsk],
            innhold: &[Maleverktoy, Informasjon],
            innsyn: Behandlerinnsyn::TilbysIVerktoyet,
            sokeord: &["depression", "mood", "screening"],
            krever_forskrivning: false,
            anonym: true,
            org: NHN,
            minutter: Some(10),
            snomed: ("35489007", "Depressive disorder"),
            bilde: 12,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f07),
            navn: "Alkoholvett",
            ingress: "Test vanene dine og få råd om å drikke mindre.",
            formal: VerktoyFormal::Kartlegging,
            fag: &[Livsstil],
            mal: &[Voksne, Eldre],
            sprak: &[Bokmal, Nynorsk],
            innhold: &[Maleverktoy, AnbefalingerOgRad, Forum],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["alkohol", "rus", "drikkevaner"],
            krever_forskrivning: false,
            anonym: true,
            org: HDIR,
            minutter: Some(10),
            snomed: ("413473000", "Counseling about alcohol consumption"),
            bilde: 13,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f08),
            navn: "Pusteøvelser ved KOLS",
            ingress: "Pusteteknikker og egenregistrering for deg med KOLS.",
            formal: VerktoyFormal::Behandling,
            fag: &[FysiskHelse],
            mal: &[Eldre],
            sprak: &[Bokmal],
            innhold: &[Video, Egenregistreringer, Chat],
            innsyn: Behandlerinnsyn::Krever,
            sokeord: &["kols", "pust", "lungesykdom"],
            krever_forskrivning: true,
            anonym: false,
            org: OUS,
            minutter: Some(15),
            snomed: ("13645005", "Chronic obstructive lung disease"),
            bilde: 14,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f09),
            navn: "Foreldrestøtte i hverdagen",
            ingress: "Podkast og forum for foreldre til barn med psykiske plager.",
            formal: VerktoyFormal::Laering,
            fag: &[PsykiskHelse],
            mal: &[Barn, Voksne],
            sprak: &[Bokmal, Nynorsk],
            innhold: &[Podcast, Forum, Informasjon],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["foreldre", "barn", "psykisk helse"],
            krever_forskrivning: false,
            anonym: false,
            org: NHN,
            minutter: None,
            snomed: ("386053000", "Evaluation procedure"),
            bilde: 15,
        },
        Spec {
            id: Uuid::from_u128(0x5e1f0c2a_7a4d_4a51_9a8e_2d3c4b5a6f0a),
            navn: "Sleep Well",
            ingress: "Sleep hygiene advice and a two-week sleep diary.",
            formal: VerktoyFormal::Laering,
            fag: &[PsykiskHelse, Livsstil],
            mal: &[Ungdom, Voksne],
            sprak: &[Engelsk],
            innhold: &[Informasjon, Egenregistreringer],
            innsyn: Behandlerinnsyn::Ingen,
            sokeord: &["sleep", "insomnia", "søvn"],
            krever_forskrivning: false,
            anonym: true,
            org: NHN,
            minutter: Some(10),
            snomed: ("193462001", "Insomnia"),
            bilde: 16,
        },
    ];
    let opprettet = NaiveDate::from_ymd_opt(2023, 5, 11).and_then(|d| d.and_hms_opt(8, 0, 0));
    let endret = NaiveDate::from_ymd_opt(2024, 6, 27).and_then(|d| d.and_hms_opt(12, 30, 0));
    specs
        .into_iter()
        .map(|s| {
            let mut v = Verktoy::new(s.id, s.navn).with_formal(s.formal);
            v.ingress = Some(s.ingress.to_owned());
            v.beskrivelse = Some(format!(
                "{} Verktøyet er kvalitetssikret og publisert i Verktøykatalogen på Helsenorge.",
                s.ingress
            ));
            v.opprettet_dato = opprettet;
            v.endret_dato = endret;
            v.faglig_ansvarlig = Some(s.org.1.to_owned());
            v.utviklet_av = Some("Norsk helsenett SF".to_owned());
            for f in s.fag {
                v = v.with_fagomrade(f.clone());
            }
            for m in s.mal {
                v = v.with_malgruppe(m.clone());
            }
            for l in s.sprak {
                v = v.with_sprak(l.clone());
            }
            for o in s.sokeord {
                v = v.with_sokeord(*o);
            }
            v.innholdstyper = s
                .innhold
                .iter()
                .cloned()
                .map(InnholdstypeInfo::new)
                .collect();
            v.lenker = vec![Lenke::til_verktoy(format!(
                "https://www.helsenorge.no/verktoy/{}",
                slug(s.navn)
            ))];
            v.grafiske_elementer = vec![
                GrafiskElementInfo::new(s.bilde, GrafiskElementType::Bilde),
                GrafiskElementInfo::new(100 + s.bilde, GrafiskElementType::Ikon),
            ];
            v.behandlerinnsyn = Some(s.innsyn);
            v.klassifiseringer = vec![Klassifisering::new(s.snomed.0, s.snomed.1)];
            v.krever_forskrivning = Some(s.krever_forskrivning);
            v.organisasjonsnummer = s.org.0.parse().ok();
            v.organisasjonsnavn = Some(s.org.1.to_owned());
            v.antatt_tid_minutter = s.minutter;
            (v, s.anonym)
        })
        .collect()
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'æ' => 'e',
            'ø' => 'o',
            'å' => 'a',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect()
}
