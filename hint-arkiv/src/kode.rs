//! Noark 5 code lists (kodelister).
//!
//! On the wire a code is an object, `{"kode": "J", "kodenavn": "Journalført"}`, where `kodenavn`
//! may be left out on input. Every Noark code list can be extended by the archive, so each list is
//! an *open* enum here: the values the standard names, plus `Unknown(UnknownValue)` that keeps any
//! other code as it came.
//!
//! ```
//! use hint_arkiv::{Journalstatus, Kode};
//!
//! let kode: Kode<Journalstatus> = serde_json::from_str(r#"{"kode":"J","kodenavn":"Journalført"}"#)?;
//! assert_eq!(kode.kode, Journalstatus::Journalfoert);
//!
//! // A code this SDK does not know is kept, not refused.
//! let lokal: Kode<Journalstatus> = serde_json::from_str(r#"{"kode":"Q","kodenavn":"Lokal"}"#)?;
//! assert_eq!(lokal.kode.as_str(), "Q");
//! assert!(matches!(lokal.kode, Journalstatus::Unknown(_)));
//! assert_eq!(serde_json::to_value(&lokal)?, serde_json::json!({"kode":"Q","kodenavn":"Lokal"}));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code this SDK has no variant for, kept as it came (the same type every crate's open enums
/// use).
pub use hint_core::UnknownValue;

/// Implemented by every code list enum.
pub trait Kodeliste: Clone + fmt::Debug + PartialEq + Send + Sync + 'static {
    /// The code list's Noark name (`journalstatus`), as in `metadata/{kodeliste}`.
    const KODELISTE: &'static str;
    /// The code (`J`).
    fn as_str(&self) -> &str;
    /// The standard's name for the code (`Journalført`); `None` for unknown codes.
    fn standard_kodenavn(&self) -> Option<&'static str>;
    /// Reads a code; unknown codes are kept.
    fn from_kode(kode: &str) -> Self;
}

/// Declares a code list on hint-core's [`open_enum!`](hint_core::open_enum!) (the wire code, the
/// `Unknown` variant, serde, `Display`, `FromStr`) and adds the standard's names (`kodenavn`).
macro_rules! kodeliste {
    (
        $(#[$meta:meta])*
        $name:ident = $liste:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $kode:literal, $navn:literal; )*
        }
    ) => {
        hint_core::open_enum! {
            $(#[$meta])*
            pub enum $name {
                $( $(#[$vmeta])* #[doc = concat!("`", $kode, "` ", $navn)] $variant => $kode, )*
            }
        }

        impl $name {
            /// Every value the standard names.
            pub const ALL: &'static [$name] = $name::KNOWN;
        }

        impl Kodeliste for $name {
            const KODELISTE: &'static str = $liste;
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
            fn standard_kodenavn(&self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => Some($navn), )*
                    $name::Unknown(_) => None,
                }
            }
            fn from_kode(kode: &str) -> Self {
                $name::from_wire(kode)
            }
        }

        impl From<$name> for Kode<$name> {
            fn from(kode: $name) -> Self {
                Kode::new(kode)
            }
        }
    };
}

/// A code as it travels: the code, its name, and when the archive marked it outdated (`utdatert`;
/// outdated codes must not be used on new or changed entities, and the SDK refuses them).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Kode<T> {
    /// The code.
    pub kode: T,
    /// The code's name; filled in with the standard's name when made from a known variant.
    pub kodenavn: Option<String>,
    /// When the code was marked outdated, if it was.
    pub utdatert: Option<DateTime<FixedOffset>>,
}

impl<T: Kodeliste> Kode<T> {
    /// A code with the standard's name.
    pub fn new(kode: T) -> Self {
        let kodenavn = kode.standard_kodenavn().map(str::to_owned);
        Kode {
            kode,
            kodenavn,
            utdatert: None,
        }
    }

    /// A code with the archive's own name (for extended code lists).
    pub fn with_kodenavn(kode: T, kodenavn: impl Into<String>) -> Self {
        Kode {
            kode,
            kodenavn: Some(kodenavn.into()),
            utdatert: None,
        }
    }

    /// Whether the code is outdated now.
    pub fn is_utdatert(&self) -> bool {
        self.utdatert.is_some_and(|t| t <= Utc::now())
    }

    /// Refuses an outdated code, naming the field.
    pub(crate) fn check(&self, field: &str) -> hint_core::Result<()> {
        if self.is_utdatert() {
            return Err(hint_core::Error::invalid_input(
                field,
                format!(
                    "code `{}` in kodeliste {} is outdated (utdatert) and must not be used on new or changed entities",
                    self.kode.as_str(),
                    T::KODELISTE
                ),
            ));
        }
        if self.kode.as_str().trim().is_empty() {
            return Err(hint_core::Error::invalid_input(
                field,
                "kode must not be blank",
            ));
        }
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct KodeWire {
    kode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kodenavn: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::wire::datetime_opt"
    )]
    utdatert: Option<DateTime<FixedOffset>>,
}

impl<T: Kodeliste> Serialize for Kode<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        KodeWire {
            kode: self.kode.as_str().to_owned(),
            kodenavn: self.kodenavn.clone(),
            utdatert: self.utdatert,
        }
        .serialize(s)
    }
}

impl<'de, T: Kodeliste> Deserialize<'de> for Kode<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Lenient: a bare string code is accepted too.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Obj(KodeWire),
            Bare(String),
        }
        Ok(match Either::deserialize(d)? {
            Either::Obj(w) => Kode {
                kode: T::from_kode(&w.kode),
                kodenavn: w.kodenavn,
                utdatert: w.utdatert,
            },
            Either::Bare(kode) => Kode {
                kode: T::from_kode(&kode),
                kodenavn: None,
                utdatert: None,
            },
        })
    }
}

kodeliste! {
    /// Saksstatus (M052).
    Saksstatus = "saksstatus" {
        UnderBehandling = "B", "Under behandling";
        Avsluttet = "A", "Avsluttet";
        Utgaar = "U", "Utgår";
        OpprettetAvSaksbehandler = "R", "Opprettet av saksbehandler";
        AvsluttetAvSaksbehandler = "S", "Avsluttet av saksbehandler";
        UnntattProsesstyring = "P", "Unntatt prosesstyring";
        FerdigFraSaksbehandler = "F", "Ferdig fra saksbehandler";
    }
}

kodeliste! {
    /// Journalposttype (M082).
    Journalposttype = "journalposttype" {
        InngaaendeDokument = "I", "Inngående dokument";
        UtgaaendeDokument = "U", "Utgående dokument";
        OrganinterntMedOppfoelging = "N", "Organinternt dokument for oppfølging";
        OrganinterntUtenOppfoelging = "X", "Organinternt dokument uten oppfølging";
        Saksframlegg = "S", "Saksframlegg";
    }
}

kodeliste! {
    /// Journalstatus (M053).
    Journalstatus = "journalstatus" {
        Journalfoert = "J", "Journalført";
        FerdigstiltFraSaksbehandler = "F", "Ferdigstilt fra saksbehandler";
        GodkjentAvLeder = "G", "Godkjent av leder";
        Ekspedert = "E", "Ekspedert";
        Arkivert = "A", "Arkivert";
        Utgaar = "U", "Utgår";
        MidlertidigRegistrering = "M", "Midlertidig registrering av innkommet dokument";
        RegistrertAvSaksbehandler = "S", "Saksbehandler har registrert innkommet dokument";
        Reservert = "R", "Reservert dokument";
    }
}

impl Journalstatus {
    /// Whether a journalpost in this status is finished (journalført, ekspedert, arkivert or
    /// utgått). A saksmappe can be closed only when all its journalposter are.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Journalstatus::Journalfoert
                | Journalstatus::Ekspedert
                | Journalstatus::Arkivert
                | Journalstatus::Utgaar
        )
    }
}

kodeliste! {
    /// Dokumentstatus (M054).
    Dokumentstatus = "dokumentstatus" {
        UnderRedigering = "B", "Dokumentet er under redigering";
        Ferdigstilt = "F", "Dokumentet er ferdigstilt";
    }
}

kodeliste! {
    /// Dokumenttype (M083).
    Dokumenttype = "dokumenttype" {
        Brev = "B", "Brev";
        Rundskriv = "R", "Rundskriv";
        Faktura = "F", "Faktura";
        Ordrebekreftelse = "O", "Ordrebekreftelse";
    }
}

kodeliste! {
    /// TilknyttetRegistreringSom (M217).
    TilknyttetRegistreringSom = "tilknyttetregistreringsom" {
        Hoveddokument = "H", "Hoveddokument";
        Vedlegg = "V", "Vedlegg";
    }
}

kodeliste! {
    /// Variantformat (M700).
    Variantformat = "variantformat" {
        Produksjonsformat = "P", "Produksjonsformat";
        Arkivformat = "A", "Arkivformat";
        SkjermetVariant = "O", "Dokument hvor deler av innholdet er skjermet";
    }
}

kodeliste! {
    /// Korrespondanseparttype (M087).
    Korrespondanseparttype = "korrespondanseparttype" {
        Avsender = "EA", "Avsender";
        Mottaker = "EM", "Mottaker";
        Kopimottaker = "EK", "Kopimottaker";
        Gruppemottaker = "GM", "Gruppemottaker";
        InternAvsender = "IA", "Intern avsender";
        InternMottaker = "IM", "Intern mottaker";
        InternKopimottaker = "IK", "Intern kopimottaker";
        Medavsender = "IS", "Medavsender";
    }
}

kodeliste! {
    /// Tilgangsrestriksjon (M500).
    Tilgangsrestriksjon = "tilgangsrestriksjon" {
        Begrenset = "B", "Begrenset etter sikkerhetsinstruksen";
        Konfidensielt = "K", "Konfidensielt etter sikkerhetsinstruksen";
        Hemmelig = "H", "Hemmelig etter sikkerhetsinstruksen";
        Fortrolig = "F", "Fortrolig etter beskyttelsesinstruksen";
        StrengtFortrolig = "SF", "Strengt fortrolig etter beskyttelsesinstruksen";
        Offl5 = "5", "Unntatt etter offentlighetsloven § 5";
        Offl5a = "5a", "Unntatt etter offentlighetsloven § 5a";
        Offl6 = "6", "Unntatt etter offentlighetsloven § 6";
        Offl11 = "11", "Unntatt etter offentlighetsloven § 11";
        MidlertidigSperret = "XX", "Midlertidig sperret";
        Personalsaker = "P", "Personalsaker";
        Klientsaker = "KL", "Klientsaker";
    }
}

kodeliste! {
    /// SkjermingMetadata (M502).
    SkjermingMetadata = "skjermingmetadata" {
        KlasseId = "KID", "Skjerming klasseID";
        TittelKlasse = "TKL", "Skjerming tittel klasse";
        TittelMappeUnntattFoersteLinje = "TM1", "Skjerming tittel mappe - unntatt første linje";
        TittelMappeUtvalgteOrd = "TMO", "Skjerming tittel mappe - utvalgte ord";
        NavnPartISak = "NPS", "Skjerming navn part i sak";
        TittelRegistreringUnntattFoersteLinje = "TR1", "Skjerming tittel registrering - unntatt første linje";
        TittelRegistreringUtvalgteOrd = "TRO", "Skjerming tittel registrering - utvalgte ord";
        NavnAvsender = "NA", "Skjerming navn avsender";
        NavnMottaker = "NM", "Skjerming navn mottaker";
        TittelDokumentbeskrivelse = "TD", "Skjerming tittel dokumentbeskrivelse";
        Merknadstekst = "MT", "Skjerming merknadstekst";
        Midlertidig = "M", "Midlertidig skjerming";
    }
}

kodeliste! {
    /// SkjermingDokument (M503).
    SkjermingDokument = "skjermingdokument" {
        Hele = "H", "Skjerming av hele dokumentet";
        Deler = "D", "Skjerming av deler av dokumentet";
    }
}

kodeliste! {
    /// Dokumentmedium (M300).
    Dokumentmedium = "dokumentmedium" {
        Fysisk = "F", "Fysisk medium";
        Elektronisk = "E", "Elektronisk arkiv";
        Blandet = "B", "Blandet fysisk og elektronisk arkiv";
    }
}

kodeliste! {
    /// Format (M701): PRONOM codes, or the standard's temporary `av/…` and `vnd/…` codes. The
    /// standard lists these as examples; any other code is kept.
    Format = "format" {
        Ukjent = "av/0", "Ukjent format";
        RenTekst = "x-fmt/111", "Ren tekst";
        Tiff6 = "fmt/353", "TIFF versjon 6";
        PdfA1a = "fmt/95", "PDF/A 1a - ISO 19005-1:2005";
        PdfA1b = "fmt/354", "PDF/A 1b - ISO 19005-1:2005";
        Xml = "fmt/101", "XML";
        Jpeg = "fmt/42", "JPEG";
        Sosi = "av/1", "SOSI";
        Mpeg2 = "x-fmt/386", "MPEG-2";
        Mp3 = "fmt/134", "MP3";
        Png = "fmt/11", "PNG";
    }
}

kodeliste! {
    /// Land: ISO 3166 alpha-2 country codes (the standard names no list of its own; the Nordic
    /// codes are variants, any other is kept).
    Land = "land" {
        Norge = "NO", "Norge";
        Sverige = "SE", "Sverige";
        Danmark = "DK", "Danmark";
        Finland = "FI", "Finland";
        Island = "IS", "Island";
    }
}

kodeliste! {
    /// Arkivdelstatus (M051).
    Arkivdelstatus = "arkivdelstatus" {
        AktivPeriode = "A", "Aktiv periode";
        Overlappingsperiode = "O", "Overlappingsperiode";
        AvsluttetPeriode = "P", "Avsluttet periode";
        UaktuelleMapper = "U", "Uaktuelle mapper";
    }
}

kodeliste! {
    /// Graderingskode (M506).
    Graderingskode = "graderingskode" {
        StrengtHemmelig = "SH", "Strengt hemmelig (sikkerhetsgrad)";
        Hemmelig = "H", "Hemmelig (sikkerhetsgrad)";
        Konfidensielt = "K", "Konfidensielt (sikkerhetsgrad)";
        Begrenset = "B", "Begrenset (sikkerhetsgrad)";
        Fortrolig = "F", "Fortrolig (beskyttelsesgrad)";
        StrengtFortrolig = "SF", "Strengt fortrolig (beskyttelsesgrad)";
    }
}

kodeliste! {
    /// Kassasjonsvedtak (M450).
    Kassasjonsvedtak = "kassasjonsvedtak" {
        Bevares = "B", "Bevares";
        Kasseres = "K", "Kasseres";
        VurderesSenere = "G", "Vurderes senere";
    }
}

kodeliste! {
    /// Slettingstype (M089).
    Slettingstype = "slettingstype" {
        Produksjonsformat = "SP", "Sletting av produksjonsformat";
        TidligereVersjon = "SV", "Sletting av tidligere versjon";
        SladdetVariant = "SS", "Sletting av variant med sladdet informasjon";
        HeleArkivdelen = "SA", "Sletting av hele innholdet i arkivdelen";
    }
}

kodeliste! {
    /// ElektroniskSignaturSikkerhetsnivaa (M507).
    ElektroniskSignaturSikkerhetsnivaa = "elektronisksignatursikkerhetsnivaa" {
        SymmetriskKryptert = "SK", "Symmetrisk kryptert";
        Virksomhetssertifikat = "V", "Sendt med PKI/virksomhetssertifikat";
        PersonStandard = "PS", "Sendt med PKI/\"person standard\"-sertifikat";
        PersonHoey = "PH", "Sendt med PKI/\"person høy\"-sertifikat";
    }
}

kodeliste! {
    /// ElektroniskSignaturVerifisert (M508).
    ElektroniskSignaturVerifisert = "elektronisksignaturverifisert" {
        IkkeVerifisert = "I", "Signatur påført, ikke verifisert";
        Verifisert = "V", "Signatur påført og verifisert";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_unknown_and_bare_codes() {
        let k: Kode<Saksstatus> = serde_json::from_value(
            json!({"kode": "B", "kodenavn": "Under behandling", "ekstra": 1}),
        )
        .unwrap();
        assert_eq!(k.kode, Saksstatus::UnderBehandling);
        let k: Kode<Saksstatus> = serde_json::from_value(json!("A")).unwrap();
        assert_eq!(k.kode, Saksstatus::Avsluttet);
        let k: Kode<Tilgangsrestriksjon> = serde_json::from_value(json!({"kode": "13"})).unwrap();
        assert_eq!(k.kode.as_str(), "13");
        assert_eq!(format!("{:?}", k.kode), "Unknown(\"13\")");
        assert_eq!(serde_json::to_value(&k).unwrap(), json!({"kode": "13"}));
    }

    #[test]
    fn new_fills_standard_name_and_outdated_is_refused() {
        let k = Kode::new(Journalposttype::InngaaendeDokument);
        assert_eq!(
            serde_json::to_value(&k).unwrap(),
            json!({"kode": "I", "kodenavn": "Inngående dokument"})
        );
        assert!(k.check("journalposttype").is_ok());
        let old: Kode<Dokumenttype> =
            serde_json::from_value(json!({"kode": "O", "utdatert": "2020-01-01T00:00:00+01:00"}))
                .unwrap();
        let err = old.check("dokumenttype").unwrap_err();
        assert_eq!(err.field(), Some("dokumenttype"));
        assert!(err.to_string().contains("outdated"), "{err}");
        let future: Kode<Dokumenttype> =
            serde_json::from_value(json!({"kode": "O", "utdatert": "2999-01-01"})).unwrap();
        assert!(future.check("dokumenttype").is_ok());
    }

    #[test]
    fn all_codes_round_trip() {
        for v in Journalstatus::ALL {
            assert_eq!(&Journalstatus::from(v.as_str()), v);
        }
        assert!(Journalstatus::Journalfoert.is_finished());
        assert!(!Journalstatus::Reservert.is_finished());
    }
}
