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

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code this SDK has no variant for, kept as it came (the same type every crate's open enums
/// use).
pub use hint_core::UnknownValue;

/// What every code list can do (all of it from hint-core's [`OpenEnum`](hint_core::OpenEnum);
/// each list's `label` is the standard's `kodenavn`) plus the list's Noark name.
pub trait Kodeliste: hint_core::OpenEnum {
    /// The code list's Noark name (`journalstatus`), as in `metadata/{kodeliste}`.
    const KODELISTE: &'static str;

    /// The standard's name for the code (`Journalført`); `None` for unknown codes.
    fn standard_kodenavn(&self) -> Option<&'static str> {
        self.label()
    }

    /// Reads a code; unknown codes are kept.
    fn from_kode(kode: &str) -> Self {
        Self::from_wire(kode)
    }
}

impl<T: Kodeliste> From<T> for Kode<T> {
    fn from(kode: T) -> Self {
        Kode::new(kode)
    }
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
        with = "hint_core::lenient::datetime_opt"
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

hint_core::open_enum! {
    /// Saksstatus (M052).
    pub enum Saksstatus {
        /// `B` Under behandling
        UnderBehandling => "B" ("Under behandling"),
        /// `A` Avsluttet
        Avsluttet => "A" ("Avsluttet"),
        /// `U` Utgår
        Utgaar => "U" ("Utgår"),
        /// `R` Opprettet av saksbehandler
        OpprettetAvSaksbehandler => "R" ("Opprettet av saksbehandler"),
        /// `S` Avsluttet av saksbehandler
        AvsluttetAvSaksbehandler => "S" ("Avsluttet av saksbehandler"),
        /// `P` Unntatt prosesstyring
        UnntattProsesstyring => "P" ("Unntatt prosesstyring"),
        /// `F` Ferdig fra saksbehandler
        FerdigFraSaksbehandler => "F" ("Ferdig fra saksbehandler"),
    }
}

impl Kodeliste for Saksstatus {
    const KODELISTE: &'static str = "saksstatus";
}

hint_core::open_enum! {
    /// Journalposttype (M082).
    pub enum Journalposttype {
        /// `I` Inngående dokument
        InngaaendeDokument => "I" ("Inngående dokument"),
        /// `U` Utgående dokument
        UtgaaendeDokument => "U" ("Utgående dokument"),
        /// `N` Organinternt dokument for oppfølging
        OrganinterntMedOppfoelging => "N" ("Organinternt dokument for oppfølging"),
        /// `X` Organinternt dokument uten oppfølging
        OrganinterntUtenOppfoelging => "X" ("Organinternt dokument uten oppfølging"),
        /// `S` Saksframlegg
        Saksframlegg => "S" ("Saksframlegg"),
    }
}

impl Kodeliste for Journalposttype {
    const KODELISTE: &'static str = "journalposttype";
}

hint_core::open_enum! {
    /// Journalstatus (M053).
    pub enum Journalstatus {
        /// `J` Journalført
        Journalfoert => "J" ("Journalført"),
        /// `F` Ferdigstilt fra saksbehandler
        FerdigstiltFraSaksbehandler => "F" ("Ferdigstilt fra saksbehandler"),
        /// `G` Godkjent av leder
        GodkjentAvLeder => "G" ("Godkjent av leder"),
        /// `E` Ekspedert
        Ekspedert => "E" ("Ekspedert"),
        /// `A` Arkivert
        Arkivert => "A" ("Arkivert"),
        /// `U` Utgår
        Utgaar => "U" ("Utgår"),
        /// `M` Midlertidig registrering av innkommet dokument
        MidlertidigRegistrering => "M" ("Midlertidig registrering av innkommet dokument"),
        /// `S` Saksbehandler har registrert innkommet dokument
        RegistrertAvSaksbehandler => "S" ("Saksbehandler har registrert innkommet dokument"),
        /// `R` Reservert dokument
        Reservert => "R" ("Reservert dokument"),
    }
}

impl Kodeliste for Journalstatus {
    const KODELISTE: &'static str = "journalstatus";
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

hint_core::open_enum! {
    /// Dokumentstatus (M054).
    pub enum Dokumentstatus {
        /// `B` Dokumentet er under redigering
        UnderRedigering => "B" ("Dokumentet er under redigering"),
        /// `F` Dokumentet er ferdigstilt
        Ferdigstilt => "F" ("Dokumentet er ferdigstilt"),
    }
}

impl Kodeliste for Dokumentstatus {
    const KODELISTE: &'static str = "dokumentstatus";
}

hint_core::open_enum! {
    /// Dokumenttype (M083).
    pub enum Dokumenttype {
        /// `B` Brev
        Brev => "B" ("Brev"),
        /// `R` Rundskriv
        Rundskriv => "R" ("Rundskriv"),
        /// `F` Faktura
        Faktura => "F" ("Faktura"),
        /// `O` Ordrebekreftelse
        Ordrebekreftelse => "O" ("Ordrebekreftelse"),
    }
}

impl Kodeliste for Dokumenttype {
    const KODELISTE: &'static str = "dokumenttype";
}

hint_core::open_enum! {
    /// TilknyttetRegistreringSom (M217).
    pub enum TilknyttetRegistreringSom {
        /// `H` Hoveddokument
        Hoveddokument => "H" ("Hoveddokument"),
        /// `V` Vedlegg
        Vedlegg => "V" ("Vedlegg"),
    }
}

impl Kodeliste for TilknyttetRegistreringSom {
    const KODELISTE: &'static str = "tilknyttetregistreringsom";
}

hint_core::open_enum! {
    /// Variantformat (M700).
    pub enum Variantformat {
        /// `P` Produksjonsformat
        Produksjonsformat => "P" ("Produksjonsformat"),
        /// `A` Arkivformat
        Arkivformat => "A" ("Arkivformat"),
        /// `O` Dokument hvor deler av innholdet er skjermet
        SkjermetVariant => "O" ("Dokument hvor deler av innholdet er skjermet"),
    }
}

impl Kodeliste for Variantformat {
    const KODELISTE: &'static str = "variantformat";
}

hint_core::open_enum! {
    /// Korrespondanseparttype (M087).
    pub enum Korrespondanseparttype {
        /// `EA` Avsender
        Avsender => "EA" ("Avsender"),
        /// `EM` Mottaker
        Mottaker => "EM" ("Mottaker"),
        /// `EK` Kopimottaker
        Kopimottaker => "EK" ("Kopimottaker"),
        /// `GM` Gruppemottaker
        Gruppemottaker => "GM" ("Gruppemottaker"),
        /// `IA` Intern avsender
        InternAvsender => "IA" ("Intern avsender"),
        /// `IM` Intern mottaker
        InternMottaker => "IM" ("Intern mottaker"),
        /// `IK` Intern kopimottaker
        InternKopimottaker => "IK" ("Intern kopimottaker"),
        /// `IS` Medavsender
        Medavsender => "IS" ("Medavsender"),
    }
}

impl Kodeliste for Korrespondanseparttype {
    const KODELISTE: &'static str = "korrespondanseparttype";
}

hint_core::open_enum! {
    /// Tilgangsrestriksjon (M500).
    pub enum Tilgangsrestriksjon {
        /// `B` Begrenset etter sikkerhetsinstruksen
        Begrenset => "B" ("Begrenset etter sikkerhetsinstruksen"),
        /// `K` Konfidensielt etter sikkerhetsinstruksen
        Konfidensielt => "K" ("Konfidensielt etter sikkerhetsinstruksen"),
        /// `H` Hemmelig etter sikkerhetsinstruksen
        Hemmelig => "H" ("Hemmelig etter sikkerhetsinstruksen"),
        /// `F` Fortrolig etter beskyttelsesinstruksen
        Fortrolig => "F" ("Fortrolig etter beskyttelsesinstruksen"),
        /// `SF` Strengt fortrolig etter beskyttelsesinstruksen
        StrengtFortrolig => "SF" ("Strengt fortrolig etter beskyttelsesinstruksen"),
        /// `5` Unntatt etter offentlighetsloven § 5
        Offl5 => "5" ("Unntatt etter offentlighetsloven § 5"),
        /// `5a` Unntatt etter offentlighetsloven § 5a
        Offl5a => "5a" ("Unntatt etter offentlighetsloven § 5a"),
        /// `6` Unntatt etter offentlighetsloven § 6
        Offl6 => "6" ("Unntatt etter offentlighetsloven § 6"),
        /// `11` Unntatt etter offentlighetsloven § 11
        Offl11 => "11" ("Unntatt etter offentlighetsloven § 11"),
        /// `XX` Midlertidig sperret
        MidlertidigSperret => "XX" ("Midlertidig sperret"),
        /// `P` Personalsaker
        Personalsaker => "P" ("Personalsaker"),
        /// `KL` Klientsaker
        Klientsaker => "KL" ("Klientsaker"),
    }
}

impl Kodeliste for Tilgangsrestriksjon {
    const KODELISTE: &'static str = "tilgangsrestriksjon";
}

hint_core::open_enum! {
    /// SkjermingMetadata (M502).
    pub enum SkjermingMetadata {
        /// `KID` Skjerming klasseID
        KlasseId => "KID" ("Skjerming klasseID"),
        /// `TKL` Skjerming tittel klasse
        TittelKlasse => "TKL" ("Skjerming tittel klasse"),
        /// `TM1` Skjerming tittel mappe - unntatt første linje
        TittelMappeUnntattFoersteLinje => "TM1" ("Skjerming tittel mappe - unntatt første linje"),
        /// `TMO` Skjerming tittel mappe - utvalgte ord
        TittelMappeUtvalgteOrd => "TMO" ("Skjerming tittel mappe - utvalgte ord"),
        /// `NPS` Skjerming navn part i sak
        NavnPartISak => "NPS" ("Skjerming navn part i sak"),
        /// `TR1` Skjerming tittel registrering - unntatt første linje
        TittelRegistreringUnntattFoersteLinje => "TR1" ("Skjerming tittel registrering - unntatt første linje"),
        /// `TRO` Skjerming tittel registrering - utvalgte ord
        TittelRegistreringUtvalgteOrd => "TRO" ("Skjerming tittel registrering - utvalgte ord"),
        /// `NA` Skjerming navn avsender
        NavnAvsender => "NA" ("Skjerming navn avsender"),
        /// `NM` Skjerming navn mottaker
        NavnMottaker => "NM" ("Skjerming navn mottaker"),
        /// `TD` Skjerming tittel dokumentbeskrivelse
        TittelDokumentbeskrivelse => "TD" ("Skjerming tittel dokumentbeskrivelse"),
        /// `MT` Skjerming merknadstekst
        Merknadstekst => "MT" ("Skjerming merknadstekst"),
        /// `M` Midlertidig skjerming
        Midlertidig => "M" ("Midlertidig skjerming"),
    }
}

impl Kodeliste for SkjermingMetadata {
    const KODELISTE: &'static str = "skjermingmetadata";
}

hint_core::open_enum! {
    /// SkjermingDokument (M503).
    pub enum SkjermingDokument {
        /// `H` Skjerming av hele dokumentet
        Hele => "H" ("Skjerming av hele dokumentet"),
        /// `D` Skjerming av deler av dokumentet
        Deler => "D" ("Skjerming av deler av dokumentet"),
    }
}

impl Kodeliste for SkjermingDokument {
    const KODELISTE: &'static str = "skjermingdokument";
}

hint_core::open_enum! {
    /// Dokumentmedium (M300).
    pub enum Dokumentmedium {
        /// `F` Fysisk medium
        Fysisk => "F" ("Fysisk medium"),
        /// `E` Elektronisk arkiv
        Elektronisk => "E" ("Elektronisk arkiv"),
        /// `B` Blandet fysisk og elektronisk arkiv
        Blandet => "B" ("Blandet fysisk og elektronisk arkiv"),
    }
}

impl Kodeliste for Dokumentmedium {
    const KODELISTE: &'static str = "dokumentmedium";
}

hint_core::open_enum! {
    /// Format (M701): PRONOM codes, or the standard's temporary `av/…` and `vnd/…` codes. The
    /// standard lists these as examples; any other code is kept.
    pub enum Format {
        /// `av/0` Ukjent format
        Ukjent => "av/0" ("Ukjent format"),
        /// `x-fmt/111` Ren tekst
        RenTekst => "x-fmt/111" ("Ren tekst"),
        /// `fmt/353` TIFF versjon 6
        Tiff6 => "fmt/353" ("TIFF versjon 6"),
        /// `fmt/95` PDF/A 1a - ISO 19005-1:2005
        PdfA1a => "fmt/95" ("PDF/A 1a - ISO 19005-1:2005"),
        /// `fmt/354` PDF/A 1b - ISO 19005-1:2005
        PdfA1b => "fmt/354" ("PDF/A 1b - ISO 19005-1:2005"),
        /// `fmt/101` XML
        Xml => "fmt/101" ("XML"),
        /// `fmt/42` JPEG
        Jpeg => "fmt/42" ("JPEG"),
        /// `av/1` SOSI
        Sosi => "av/1" ("SOSI"),
        /// `x-fmt/386` MPEG-2
        Mpeg2 => "x-fmt/386" ("MPEG-2"),
        /// `fmt/134` MP3
        Mp3 => "fmt/134" ("MP3"),
        /// `fmt/11` PNG
        Png => "fmt/11" ("PNG"),
    }
}

impl Kodeliste for Format {
    const KODELISTE: &'static str = "format";
}

hint_core::open_enum! {
    /// Land: ISO 3166 alpha-2 country codes (the standard names no list of its own; the Nordic
    /// codes are variants, any other is kept).
    pub enum Land {
        /// `NO` Norge
        Norge => "NO" ("Norge"),
        /// `SE` Sverige
        Sverige => "SE" ("Sverige"),
        /// `DK` Danmark
        Danmark => "DK" ("Danmark"),
        /// `FI` Finland
        Finland => "FI" ("Finland"),
        /// `IS` Island
        Island => "IS" ("Island"),
    }
}

impl Kodeliste for Land {
    const KODELISTE: &'static str = "land";
}

hint_core::open_enum! {
    /// Arkivdelstatus (M051).
    pub enum Arkivdelstatus {
        /// `A` Aktiv periode
        AktivPeriode => "A" ("Aktiv periode"),
        /// `O` Overlappingsperiode
        Overlappingsperiode => "O" ("Overlappingsperiode"),
        /// `P` Avsluttet periode
        AvsluttetPeriode => "P" ("Avsluttet periode"),
        /// `U` Uaktuelle mapper
        UaktuelleMapper => "U" ("Uaktuelle mapper"),
    }
}

impl Kodeliste for Arkivdelstatus {
    const KODELISTE: &'static str = "arkivdelstatus";
}

hint_core::open_enum! {
    /// Graderingskode (M506).
    pub enum Graderingskode {
        /// `SH` Strengt hemmelig (sikkerhetsgrad)
        StrengtHemmelig => "SH" ("Strengt hemmelig (sikkerhetsgrad)"),
        /// `H` Hemmelig (sikkerhetsgrad)
        Hemmelig => "H" ("Hemmelig (sikkerhetsgrad)"),
        /// `K` Konfidensielt (sikkerhetsgrad)
        Konfidensielt => "K" ("Konfidensielt (sikkerhetsgrad)"),
        /// `B` Begrenset (sikkerhetsgrad)
        Begrenset => "B" ("Begrenset (sikkerhetsgrad)"),
        /// `F` Fortrolig (beskyttelsesgrad)
        Fortrolig => "F" ("Fortrolig (beskyttelsesgrad)"),
        /// `SF` Strengt fortrolig (beskyttelsesgrad)
        StrengtFortrolig => "SF" ("Strengt fortrolig (beskyttelsesgrad)"),
    }
}

impl Kodeliste for Graderingskode {
    const KODELISTE: &'static str = "graderingskode";
}

hint_core::open_enum! {
    /// Kassasjonsvedtak (M450).
    pub enum Kassasjonsvedtak {
        /// `B` Bevares
        Bevares => "B" ("Bevares"),
        /// `K` Kasseres
        Kasseres => "K" ("Kasseres"),
        /// `G` Vurderes senere
        VurderesSenere => "G" ("Vurderes senere"),
    }
}

impl Kodeliste for Kassasjonsvedtak {
    const KODELISTE: &'static str = "kassasjonsvedtak";
}

hint_core::open_enum! {
    /// Slettingstype (M089).
    pub enum Slettingstype {
        /// `SP` Sletting av produksjonsformat
        Produksjonsformat => "SP" ("Sletting av produksjonsformat"),
        /// `SV` Sletting av tidligere versjon
        TidligereVersjon => "SV" ("Sletting av tidligere versjon"),
        /// `SS` Sletting av variant med sladdet informasjon
        SladdetVariant => "SS" ("Sletting av variant med sladdet informasjon"),
        /// `SA` Sletting av hele innholdet i arkivdelen
        HeleArkivdelen => "SA" ("Sletting av hele innholdet i arkivdelen"),
    }
}

impl Kodeliste for Slettingstype {
    const KODELISTE: &'static str = "slettingstype";
}

hint_core::open_enum! {
    /// ElektroniskSignaturSikkerhetsnivaa (M507).
    pub enum ElektroniskSignaturSikkerhetsnivaa {
        /// `SK` Symmetrisk kryptert
        SymmetriskKryptert => "SK" ("Symmetrisk kryptert"),
        /// `V` Sendt med PKI/virksomhetssertifikat
        Virksomhetssertifikat => "V" ("Sendt med PKI/virksomhetssertifikat"),
        /// `PS` Sendt med PKI/"person standard"-sertifikat
        PersonStandard => "PS" ("Sendt med PKI/\"person standard\"-sertifikat"),
        /// `PH` Sendt med PKI/"person høy"-sertifikat
        PersonHoey => "PH" ("Sendt med PKI/\"person høy\"-sertifikat"),
    }
}

impl Kodeliste for ElektroniskSignaturSikkerhetsnivaa {
    const KODELISTE: &'static str = "elektronisksignatursikkerhetsnivaa";
}

hint_core::open_enum! {
    /// ElektroniskSignaturVerifisert (M508).
    pub enum ElektroniskSignaturVerifisert {
        /// `I` Signatur påført, ikke verifisert
        IkkeVerifisert => "I" ("Signatur påført, ikke verifisert"),
        /// `V` Signatur påført og verifisert
        Verifisert => "V" ("Signatur påført og verifisert"),
    }
}

impl Kodeliste for ElektroniskSignaturVerifisert {
    const KODELISTE: &'static str = "elektronisksignaturverifisert";
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
        for v in Journalstatus::KNOWN {
            assert_eq!(&Journalstatus::from(v.as_str()), v);
        }
        assert!(Journalstatus::Journalfoert.is_finished());
        assert!(!Journalstatus::Reservert.is_finished());
    }
}
