//! Every route template and operation name of the client, in one place.
//!
//! Templates are relative to the content API's base URL (`https://api.helsedirektoratet.no/innhold/`
//! in production); traces show them instead of concrete paths. The paths are the ASCII forms the
//! API's own links use (`rad`, `faglig-rad`, `malsider`, `pakkeforlop`), not the export's
//! `råd`/`målsider` display names.

use crate::model::InfoType;

/// `/innhold`: every document, filtered by type, code or target group. Not paged.
pub(crate) const INNHOLD: (&str, &str) = ("Hapi.innhold.list", "innhold");
/// `/innhold/{id}`: any document by id.
pub(crate) const INNHOLD_ID: (&str, &str) = ("Hapi.innhold.get", "innhold/{id}");
/// `/Infobit/{id}`: the generic by-id route.
pub(crate) const INFOBIT_ID: (&str, &str) = ("Hapi.infobit.get", "Infobit/{id}");
/// `/innhold/{id}` asked for Markdown or HTML.
pub(crate) const INNHOLD_ID_FORMAT: (&str, &str) = ("Hapi.innhold.getFormatted", "innhold/{id}");
/// A link followed (`links[].href`); the template is never filled, the link's URL is used.
pub(crate) const FOLLOW: (&str, &str) = ("Hapi.link.follow", "{link}");
/// `/anbefalinger` with filters.
pub(crate) const ANBEFALINGER_QUERY: (&str, &str) = ("Hapi.anbefalinger.query", "anbefalinger");
/// `/anbefalinger/{id}?full=`.
pub(crate) const ANBEFALING_FULL: (&str, &str) = ("Hapi.anbefalinger.getFull", "anbefalinger/{id}");
/// `/sok/infobit`: search.
pub(crate) const SOK: (&str, &str) = ("Hapi.sok.infobit", "sok/infobit");
/// `/GetChanges`: ids changed since a time.
pub(crate) const GET_CHANGES: (&str, &str) = ("Hapi.getChanges", "GetChanges");
/// `/vedlegg/{id}`: an attachment's data.
pub(crate) const VEDLEGG: (&str, &str) = ("Hapi.vedlegg.get", "vedlegg/{id}");
/// `/kvalitetsindikatorer/{id}/data`: an indicator's dataset.
pub(crate) const NKI_DATA: (&str, &str) = (
    "Hapi.kvalitetsindikatorer.data",
    "kvalitetsindikatorer/{id}/data",
);

/// `/legemiddelvirkestoff` (skip/take).
pub(crate) const VIRKESTOFF_LIST: (&str, &str) =
    ("Hapi.legemiddelvirkestoff.list", "legemiddelvirkestoff");
/// `/legemiddelvirkestoff/{id}` (unknown id → 204).
pub(crate) const VIRKESTOFF_ID: (&str, &str) =
    ("Hapi.legemiddelvirkestoff.get", "legemiddelvirkestoff/{id}");
/// `/legemiddelvirkestoff/autofullfor`.
pub(crate) const VIRKESTOFF_AUTOFULLFOR: (&str, &str) = (
    "Hapi.legemiddelvirkestoff.autofullfor",
    "legemiddelvirkestoff/autofullfor",
);
/// `/legemiddelvirkestoff/sok`.
pub(crate) const VIRKESTOFF_SOK: (&str, &str) =
    ("Hapi.legemiddelvirkestoff.sok", "legemiddelvirkestoff/sok");
/// `/legemidler` (skip/take).
pub(crate) const LEGEMIDLER_LIST: (&str, &str) = ("Hapi.legemidler.list", "legemidler");
/// `/legemidler/{id}`.
pub(crate) const LEGEMIDLER_ID: (&str, &str) = ("Hapi.legemidler.get", "legemidler/{id}");
/// `/legemidler/autofullfor`.
pub(crate) const LEGEMIDLER_AUTOFULLFOR: (&str, &str) =
    ("Hapi.legemidler.autofullfor", "legemidler/autofullfor");
/// `/legemidler/EtterPakningsDato`.
pub(crate) const LEGEMIDLER_ETTER_PAKNINGSDATO: (&str, &str) = (
    "Hapi.legemidler.etterPakningsDato",
    "legemidler/EtterPakningsDato",
);
/// `/legemidler/pakningerEtter`.
pub(crate) const LEGEMIDLER_PAKNINGER_ETTER: (&str, &str) = (
    "Hapi.legemidler.pakningerEtter",
    "legemidler/pakningerEtter",
);
/// `/legemidler/refusjonsinformasjon/{id}`.
pub(crate) const LEGEMIDLER_REFUSJON: (&str, &str) = (
    "Hapi.legemidler.refusjonsinformasjon",
    "legemidler/refusjonsinformasjon/{id}",
);
/// `/medisinskutstyr` (skip/take).
pub(crate) const UTSTYR_LIST: (&str, &str) = ("Hapi.medisinskutstyr.list", "medisinskutstyr");
/// `/medisinskutstyr/{id}`.
pub(crate) const UTSTYR_ID: (&str, &str) = ("Hapi.medisinskutstyr.get", "medisinskutstyr/{id}");
/// `/medisinskutstyr/autofullfor`.
pub(crate) const UTSTYR_AUTOFULLFOR: (&str, &str) = (
    "Hapi.medisinskutstyr.autofullfor",
    "medisinskutstyr/autofullfor",
);
/// `/medisinskutstyr/RegistrertEtter`.
pub(crate) const UTSTYR_REGISTRERT_ETTER: (&str, &str) = (
    "Hapi.medisinskutstyr.registrertEtter",
    "medisinskutstyr/RegistrertEtter",
);
/// `/medisinskutstyr/sok`.
pub(crate) const UTSTYR_SOK: (&str, &str) = ("Hapi.medisinskutstyr.sok", "medisinskutstyr/sok");

/// How a list route pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// The whole list in one answer.
    None,
    /// `skip` and `take` (the client pages until a short page).
    SkipTake,
}

macro_rules! content_kinds {
    ( $( $(#[$meta:meta])* $variant:ident => $path:literal, $info:literal, $paging:ident; )* ) => {
        /// A content type with its own list and by-id routes (`/retningslinjer`,
        /// `/retningslinjer/{id}`, …). Every one the API offers is here.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ContentKind {
            $( $(#[$meta])* $variant, )*
        }

        impl ContentKind {
            /// Every content type.
            pub const ALL: &'static [ContentKind] = &[ $( ContentKind::$variant, )* ];

            /// The list route (`retningslinjer`).
            pub fn path(self) -> &'static str {
                match self { $( ContentKind::$variant => $path, )* }
            }

            pub(crate) fn item_template(self) -> &'static str {
                match self { $( ContentKind::$variant => concat!($path, "/{id}"), )* }
            }

            pub(crate) fn list_name(self) -> &'static str {
                match self { $( ContentKind::$variant => concat!("Hapi.", $path, ".list"), )* }
            }

            pub(crate) fn get_name(self) -> &'static str {
                match self { $( ContentKind::$variant => concat!("Hapi.", $path, ".get"), )* }
            }

            /// How the list route pages.
            pub fn paging(self) -> Paging {
                match self { $( ContentKind::$variant => Paging::$paging, )* }
            }

            /// The technical type of the documents the route serves.
            pub fn info_type(self) -> InfoType {
                match self { $( ContentKind::$variant => InfoType::from($info), )* }
            }
        }
    };
}

content_kinds! {
    /// Aktiviteter (pakkeforløp activities).
    Aktiviteter => "aktiviteter", "aktivitet", None;
    /// Anbefalinger (recommendations).
    Anbefalinger => "anbefalinger", "anbefaling", None;
    /// Artikler (articles).
    Artikler => "artikler", "artikkel", None;
    /// Nasjonale faglige råd.
    FagligRad => "faglig-rad", "faglig-rad", SkipTake;
    /// Filer (files).
    Filer => "filer", "fil", SkipTake;
    /// Generiske normerende enheter.
    GeneriskNormerendeEnheter => "generisk-normerende-enheter", "generisk-normerende-enhet", SkipTake;
    /// Generiske produkter.
    GeneriskProdukt => "generisk-produkt", "generisk-produkt", None;
    /// Høringer (consultations).
    Horinger => "horinger", "horing", SkipTake;
    /// Informasjoner (pakkeforløp information).
    Informasjoner => "informasjoner", "informasjon", None;
    /// Kapitler (chapters). Heavy: may answer 503 intermittently (retried).
    Kapitler => "kapitler", "kapittel", None;
    /// Konferanser.
    Konferanser => "konferanser", "konferanse", None;
    /// Nasjonale kvalitetsindikatorer (NKI).
    Kvalitetsindikatorer => "kvalitetsindikatorer", "NKI", None;
    /// LIS front pages.
    LisForsider => "lis-forsider", "lis-forside", SkipTake;
    /// LIS learning activities.
    LisLaeringsaktiviteter => "lis-laeringsaktiviteter", "lis-laeringsaktivitet", SkipTake;
    /// LIS learning goals.
    LisLaeringsmal => "lis-laeringsmal", "lis-laeringsmal", SkipTake;
    /// LIS learning goal categories.
    LisLaeringsmalkategorier => "lis-laeringsmalkategorier", "lis-laeringsmalkategori", SkipTake;
    /// LIS learning notes.
    LisLaeringsnotater => "lis-laeringsnotater", "lis-laeringsnotat", SkipTake;
    /// LIS specialties.
    LisSpesialiteter => "lis-spesialiteter", "lis-spesialitet", SkipTake;
    /// LIS specialty folders.
    LisSpesialitetsmapper => "lis-spesialitetsmapper", "lis-spesialitetsmappe", SkipTake;
    /// Lov- eller forskriftstekst med kommentar.
    LovEllerForskriftstekstMedKommentar => "lov-eller-forskriftstekst-med-kommentar", "lov-eller-forskriftstekst-med-kommentar", None;
    /// Lovtekst med merknad.
    LovtekstMedMerknad => "lovtekst-med-merknad", "lovtekst-med-merknad", None;
    /// Målsider (target pages; the export labels them "tilskudd").
    Malsider => "malsider", "malside", None;
    /// Nasjonale veiledere.
    NasjonalVeileder => "nasjonal-veileder", "nasjonal-veileder", SkipTake;
    /// Nasjonale forløp.
    NasjonaltForlop => "nasjonalt-forlop", "nasjonalt-forlop", None;
    /// Nyheter (news).
    Nyheter => "nyheter", "nyhet", None;
    /// Pakkeforløp (cancer patient pathways).
    Pakkeforlop => "pakkeforlop", "pakkeforlop", None;
    /// Pakkeforløp recommendations (being phased out).
    PakkeforlopAnbefalinger => "pakkeforlop-anbefalinger", "pakkeforlop-anbefaling", None;
    /// Paragrafer med kommentar.
    ParagrafMedKommentar => "paragraf-med-kommentar", "paragraf-med-kommentar", SkipTake;
    /// PICOer.
    Picoer => "picoer", "pico", None;
    /// Prioriteringsveiledere.
    Prioriteringsveiledere => "prioriteringsveiledere", "prioriteringsveileder", None;
    /// Publikasjoner (publication structures).
    Publikasjoner => "publikasjoner", "publikasjon", None;
    /// Råd (advice).
    Rad => "rad", "rad", SkipTake;
    /// Rapporter (reports).
    Rapporter => "rapporter", "rapport", SkipTake;
    /// Referanser (references).
    Referanser => "referanser", "referanse", None;
    /// Regelverk (lov eller forskrift).
    RegelverkLovEllerForskrift => "regelverk-lov-eller-forskrift", "regelverk-lov-eller-forskrift", SkipTake;
    /// Nasjonale faglige retningslinjer (guidelines).
    Retningslinjer => "retningslinjer", "retningslinje", None;
    /// Rundskriv (circulars).
    Rundskriv => "rundskriv", "rundskriv", None;
    /// Seksjoner.
    Seksjoner => "seksjoner", "seksjon", None;
    /// Statistikkelementer.
    Statistikkelementer => "statistikkelementer", "statistikkelement", None;
    /// Takster med merknad.
    TakstMedMerknad => "takst-med-merknad", "takst-med-merknad", None;
    /// Tilskudd (grant announcements).
    Tilskudd => "tilskudd", "tilskudd", None;
    /// Veiledere til lov og forskrift.
    VeilederLovForskrift => "veileder-lov-forskrift", "veileder-lov-forskrift", None;
    /// Veiledere.
    Veiledere => "veiledere", "veileder", None;
    /// Veiledninger.
    Veiledninger => "veiledninger", "veiledning", None;
}

impl ContentKind {
    /// The content type whose documents have this technical type, if one route serves them.
    pub fn for_info_type(info_type: &InfoType) -> Option<ContentKind> {
        ContentKind::ALL
            .iter()
            .copied()
            .find(|k| k.info_type() == *info_type)
    }
}
