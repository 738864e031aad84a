//! Every route template and operation name of the client, in one place.
//!
//! Templates are relative to the content API's base URL (`https://api.helsedirektoratet.no/innhold/`
//! in production); traces show them instead of concrete paths. The paths are the ASCII forms the
//! API's own links use (`rad`, `faglig-rad`, `malsider`, `pakkeforlop`), not the export's
//! `råd`/`målsider` display names.

use hint_core::Route;

use crate::model::InfoType;

/// `/innhold`: every document, filtered by type, code or target group. Not paged.
pub const INNHOLD: Route = Route::get("Hapi.innhold.list", "innhold");
/// `/innhold/{id}`: any document by id.
pub const INNHOLD_ID: Route = Route::get("Hapi.innhold.get", "innhold/{id}");
/// `/Infobit/{id}`: the generic by-id route.
pub const INFOBIT_ID: Route = Route::get("Hapi.infobit.get", "Infobit/{id}");
/// `/innhold/{id}` asked for Markdown or HTML.
pub const INNHOLD_ID_FORMAT: Route = Route::get("Hapi.innhold.getFormatted", "innhold/{id}");
/// A link followed (`links[].href`); the template is never filled, the link's URL is used.
pub const FOLLOW: Route = Route::get("Hapi.link.follow", "{link}");
/// `/anbefalinger` with filters.
pub const ANBEFALINGER_QUERY: Route = Route::get("Hapi.anbefalinger.query", "anbefalinger");
/// `/anbefalinger/{id}?full=`.
pub const ANBEFALING_FULL: Route = Route::get("Hapi.anbefalinger.getFull", "anbefalinger/{id}");
/// `/sok/infobit`: search.
pub const SOK: Route = Route::get("Hapi.sok.infobit", "sok/infobit");
/// `/GetChanges`: ids changed since a time.
pub const GET_CHANGES: Route = Route::get("Hapi.getChanges", "GetChanges");
/// `/vedlegg/{id}`: an attachment's data.
pub const VEDLEGG: Route = Route::get("Hapi.vedlegg.get", "vedlegg/{id}");
/// `/kvalitetsindikatorer/{id}/data`: an indicator's dataset.
pub const NKI_DATA: Route = Route::get(
    "Hapi.kvalitetsindikatorer.data",
    "kvalitetsindikatorer/{id}/data",
);

/// `/legemiddelvirkestoff` (skip/take).
pub const VIRKESTOFF_LIST: Route =
    Route::get("Hapi.legemiddelvirkestoff.list", "legemiddelvirkestoff");
/// `/legemiddelvirkestoff/{id}` (unknown id → 204).
pub const VIRKESTOFF_ID: Route =
    Route::get("Hapi.legemiddelvirkestoff.get", "legemiddelvirkestoff/{id}");
/// `/legemiddelvirkestoff/autofullfor`.
pub const VIRKESTOFF_AUTOFULLFOR: Route = Route::get(
    "Hapi.legemiddelvirkestoff.autofullfor",
    "legemiddelvirkestoff/autofullfor",
);
/// `/legemiddelvirkestoff/sok`.
pub const VIRKESTOFF_SOK: Route =
    Route::get("Hapi.legemiddelvirkestoff.sok", "legemiddelvirkestoff/sok");
/// `/legemidler` (skip/take).
pub const LEGEMIDLER_LIST: Route = Route::get("Hapi.legemidler.list", "legemidler");
/// `/legemidler/{id}`.
pub const LEGEMIDLER_ID: Route = Route::get("Hapi.legemidler.get", "legemidler/{id}");
/// `/legemidler/autofullfor`.
pub const LEGEMIDLER_AUTOFULLFOR: Route =
    Route::get("Hapi.legemidler.autofullfor", "legemidler/autofullfor");
/// `/legemidler/EtterPakningsDato`.
pub const LEGEMIDLER_ETTER_PAKNINGSDATO: Route = Route::get(
    "Hapi.legemidler.etterPakningsDato",
    "legemidler/EtterPakningsDato",
);
/// `/legemidler/pakningerEtter`.
pub const LEGEMIDLER_PAKNINGER_ETTER: Route = Route::get(
    "Hapi.legemidler.pakningerEtter",
    "legemidler/pakningerEtter",
);
/// `/legemidler/refusjonsinformasjon/{id}`.
pub const LEGEMIDLER_REFUSJON: Route = Route::get(
    "Hapi.legemidler.refusjonsinformasjon",
    "legemidler/refusjonsinformasjon/{id}",
);
/// `/medisinskutstyr` (skip/take).
pub const UTSTYR_LIST: Route = Route::get("Hapi.medisinskutstyr.list", "medisinskutstyr");
/// `/medisinskutstyr/{id}`.
pub const UTSTYR_ID: Route = Route::get("Hapi.medisinskutstyr.get", "medisinskutstyr/{id}");
/// `/medisinskutstyr/autofullfor`.
pub const UTSTYR_AUTOFULLFOR: Route = Route::get(
    "Hapi.medisinskutstyr.autofullfor",
    "medisinskutstyr/autofullfor",
);
/// `/medisinskutstyr/RegistrertEtter`.
pub const UTSTYR_REGISTRERT_ETTER: Route = Route::get(
    "Hapi.medisinskutstyr.registrertEtter",
    "medisinskutstyr/RegistrertEtter",
);
/// `/medisinskutstyr/sok`.
pub const UTSTYR_SOK: Route = Route::get("Hapi.medisinskutstyr.sok", "medisinskutstyr/sok");

/// Every fixed route of the content API (the content types' own routes are
/// [`ContentKind::list_route`] and [`ContentKind::get_route`]); [`FOLLOW`] is not a route of the
/// server but a link it gave. The mock serves those of them it models.
pub const ALL: &[Route] = &[
    INNHOLD,
    INNHOLD_ID,
    INFOBIT_ID,
    INNHOLD_ID_FORMAT,
    ANBEFALINGER_QUERY,
    ANBEFALING_FULL,
    SOK,
    GET_CHANGES,
    VEDLEGG,
    NKI_DATA,
    VIRKESTOFF_LIST,
    VIRKESTOFF_ID,
    VIRKESTOFF_AUTOFULLFOR,
    VIRKESTOFF_SOK,
    LEGEMIDLER_LIST,
    LEGEMIDLER_ID,
    LEGEMIDLER_AUTOFULLFOR,
    LEGEMIDLER_ETTER_PAKNINGSDATO,
    LEGEMIDLER_PAKNINGER_ETTER,
    LEGEMIDLER_REFUSJON,
    UTSTYR_LIST,
    UTSTYR_ID,
    UTSTYR_AUTOFULLFOR,
    UTSTYR_REGISTRERT_ETTER,
    UTSTYR_SOK,
];

/// Query parameters, as the API definition spells them (its casing varies by route).
pub mod query {
    /// `/innhold`: comma-separated technical types.
    pub const INFO_TYPER: &str = "infoTyper";
    /// `/innhold`, `/anbefalinger`: the code system (`ICPC2`, `ICD10`, …).
    pub const KODEVERK: &str = "kodeverk";
    /// `/innhold`, `/anbefalinger`: the code in [`KODEVERK`].
    pub const KODE: &str = "kode";
    /// `/innhold`: comma-separated target groups.
    pub const MAAL_GRUPPE: &str = "maalGruppe";
    /// `/anbefalinger`: the recommendation type.
    pub const ANBEFALINGSTYPE: &str = "anbefalingstype";
    /// `/anbefalinger/{id}`: the full structure.
    pub const FULL: &str = "full";
    /// Paged routes: items to skip.
    pub const SKIP: &str = "skip";
    /// Paged routes: items to take.
    pub const TAKE: &str = "take";
    /// `/sok/infobit`: the search text.
    pub const SOK_QUERY_TEXT: &str = "QueryText";
    /// `/sok/infobit`: an OData filter.
    pub const SOK_FILTER: &str = "Filter";
    /// Searches: `Any` or `All`.
    pub const SEARCH_MODE: &str = "SearchMode";
    /// Searches: `Simple` or `Full`.
    pub const QUERY_TYPE: &str = "QueryType";
    /// `/sok/infobit`: whole documents instead of hits.
    pub const GET_FULL_INFOBITS: &str = "getFullInfobits";
    /// `/GetChanges`: changed since (`YYYY-MM-DDTHH:MM:SS`).
    pub const SINCE: &str = "since";
    /// `/GetChanges`: the producer (`0006`).
    pub const PRODUCER_ID: &str = "producerId";
    /// `/vedlegg/{id}`, `/kvalitetsindikatorer/{id}/data`: the format asked for.
    pub const CONTENT_TYPE: &str = "contentType";
    /// Product searches and suggestions: the text.
    pub const PRODUKT_QUERY_TEXT: &str = "queryText";
    /// Product searches: at most this many hits.
    pub const PRODUKT_TOP: &str = "Top";
    /// Product suggestions: at most this many.
    pub const AUTOFULLFOR_TOP: &str = "top";
    /// Medicines and devices by date: after this time (RFC 3339).
    pub const ETTER_DATO: &str = "etterDato";
}

/// The wire contract of query strings, as the mock checks them (feature `mock`): names and
/// types as the API definition states them, written out from [`query`], never derived from the
/// SDK's own types. A misspelt or badly written parameter is a 400 naming it.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod contract {
    use hint_core::mock::contract::{Contract, Field, Type, optional, required};

    use super::query;

    const CODE: [Field; 2] = [
        optional(query::KODEVERK, Type::String),
        optional(query::KODE, Type::String),
    ];
    const SEARCH_MODE: Type = Type::StringWhere(|v| matches!(v, "Any" | "All"), "Any or All");
    const QUERY_TYPE: Type =
        Type::StringWhere(|v| matches!(v, "Simple" | "Full"), "Simple or Full");

    /// Routes that take no query parameters.
    pub const NO_QUERY: Contract = Contract::new(&[]);
    /// `skip`/`take` list routes.
    pub const SKIP_TAKE: Contract = Contract::new(&[
        optional(query::SKIP, Type::Integer),
        optional(query::TAKE, Type::Integer),
    ]);
    /// `GET innhold`.
    pub const INNHOLD: Contract = Contract::new(&[
        optional(query::INFO_TYPER, Type::String),
        CODE[0],
        CODE[1],
        optional(query::MAAL_GRUPPE, Type::String),
    ]);
    /// `GET anbefalinger`.
    pub const ANBEFALINGER: Contract = Contract::new(&[
        CODE[0],
        CODE[1],
        optional(query::ANBEFALINGSTYPE, Type::String),
    ]);
    /// `GET anbefalinger/{id}`.
    pub const ANBEFALING_FULL: Contract = Contract::new(&[optional(query::FULL, Type::Bool)]);
    /// `GET sok/infobit`.
    pub const SOK: Contract = Contract::new(&[
        required(query::SOK_QUERY_TEXT, Type::String),
        optional(query::SOK_FILTER, Type::String),
        optional(query::SEARCH_MODE, SEARCH_MODE),
        optional(query::QUERY_TYPE, QUERY_TYPE),
        optional(query::GET_FULL_INFOBITS, Type::Bool),
    ]);
    /// `GET GetChanges`.
    pub const GET_CHANGES: Contract = Contract::new(&[
        required(
            query::SINCE,
            Type::StringWhere(
                |v| hint_core::lenient::parse_local_time(v).is_some(),
                "a local time, YYYY-MM-DDTHH:MM:SS",
            ),
        ),
        optional(query::PRODUCER_ID, Type::Digits(4, 4)),
    ]);
    /// `GET kvalitetsindikatorer/{id}/data`.
    pub const NKI_DATA: Contract = Contract::new(&[optional(
        query::CONTENT_TYPE,
        Type::StringWhere(
            |v| {
                let types = ["application/json", "text/csv", "text/xml"];
                types.contains(&v) || v == "application/javascript"
            },
            "application/json, text/csv, text/xml or application/javascript",
        ),
    )]);
    /// `GET legemiddelvirkestoff/sok`.
    pub const PRODUKT_SOK: Contract = Contract::new(&[
        required(query::PRODUKT_QUERY_TEXT, Type::String),
        optional(query::PRODUKT_TOP, Type::Integer),
        optional(query::SEARCH_MODE, SEARCH_MODE),
        optional(query::QUERY_TYPE, QUERY_TYPE),
    ]);
    /// `GET legemiddelvirkestoff/autofullfor`, `GET legemidler/autofullfor`.
    pub const AUTOFULLFOR: Contract = Contract::new(&[
        required(query::PRODUKT_QUERY_TEXT, Type::String),
        optional(query::AUTOFULLFOR_TOP, Type::Integer),
    ]);
}

/// How a list route pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// The whole list in one answer.
    None,
    /// `skip` and `take` (the client pages until a short page).
    SkipTake,
}

/// A content type with its own list and by-id routes (`/retningslinjer`,
/// `/retningslinjer/{id}`, …). Every one the API offers is here; what each one's routes are is
/// in one table in this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContentKind {
    /// Aktiviteter (pakkeforløp activities).
    Aktiviteter,
    /// Anbefalinger (recommendations).
    Anbefalinger,
    /// Artikler (articles).
    Artikler,
    /// Nasjonale faglige råd.
    FagligRad,
    /// Filer (files).
    Filer,
    /// Generiske normerende enheter.
    GeneriskNormerendeEnheter,
    /// Generiske produkter.
    GeneriskProdukt,
    /// Høringer (consultations).
    Horinger,
    /// Informasjoner (pakkeforløp information).
    Informasjoner,
    /// Kapitler (chapters). Heavy: may answer 503 intermittently (retried).
    Kapitler,
    /// Konferanser.
    Konferanser,
    /// Nasjonale kvalitetsindikatorer (NKI).
    Kvalitetsindikatorer,
    /// LIS front pages.
    LisForsider,
    /// LIS learning activities.
    LisLaeringsaktiviteter,
    /// LIS learning goals.
    LisLaeringsmal,
    /// LIS learning goal categories.
    LisLaeringsmalkategorier,
    /// LIS learning notes.
    LisLaeringsnotater,
    /// LIS specialties.
    LisSpesialiteter,
    /// LIS specialty folders.
    LisSpesialitetsmapper,
    /// Lov- eller forskriftstekst med kommentar.
    LovEllerForskriftstekstMedKommentar,
    /// Lovtekst med merknad.
    LovtekstMedMerknad,
    /// Målsider (target pages; the export labels them "tilskudd").
    Malsider,
    /// Nasjonale veiledere.
    NasjonalVeileder,
    /// Nasjonale forløp.
    NasjonaltForlop,
    /// Nyheter (news).
    Nyheter,
    /// Pakkeforløp (cancer patient pathways).
    Pakkeforlop,
    /// Pakkeforløp recommendations (being phased out).
    PakkeforlopAnbefalinger,
    /// Paragrafer med kommentar.
    ParagrafMedKommentar,
    /// PICOer.
    Picoer,
    /// Prioriteringsveiledere.
    Prioriteringsveiledere,
    /// Publikasjoner (publication structures).
    Publikasjoner,
    /// Råd (advice).
    Rad,
    /// Rapporter (reports).
    Rapporter,
    /// Referanser (references).
    Referanser,
    /// Regelverk (lov eller forskrift).
    RegelverkLovEllerForskrift,
    /// Nasjonale faglige retningslinjer (guidelines).
    Retningslinjer,
    /// Rundskriv (circulars).
    Rundskriv,
    /// Seksjoner.
    Seksjoner,
    /// Statistikkelementer.
    Statistikkelementer,
    /// Takster med merknad.
    TakstMedMerknad,
    /// Tilskudd (grant announcements).
    Tilskudd,
    /// Veiledere til lov og forskrift.
    VeilederLovForskrift,
    /// Veiledere.
    Veiledere,
    /// Veiledninger.
    Veiledninger,
}

/// One content type's routes: where its list and by-id operations go, what they are called,
/// how the list pages and the technical type of its documents.
struct KindRoutes {
    kind: ContentKind,
    path: &'static str,
    item_template: &'static str,
    list_name: &'static str,
    get_name: &'static str,
    info_type: &'static str,
    paging: Paging,
}

/// The table, in the order of [`ContentKind`]'s variants (a test holds the order).
const KIND_ROUTES: &[KindRoutes] = &[
    KindRoutes {
        kind: ContentKind::Aktiviteter,
        path: "aktiviteter",
        item_template: "aktiviteter/{id}",
        list_name: "Hapi.aktiviteter.list",
        get_name: "Hapi.aktiviteter.get",
        info_type: "aktivitet",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Anbefalinger,
        path: "anbefalinger",
        item_template: "anbefalinger/{id}",
        list_name: "Hapi.anbefalinger.list",
        get_name: "Hapi.anbefalinger.get",
        info_type: "anbefaling",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Artikler,
        path: "artikler",
        item_template: "artikler/{id}",
        list_name: "Hapi.artikler.list",
        get_name: "Hapi.artikler.get",
        info_type: "artikkel",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::FagligRad,
        path: "faglig-rad",
        item_template: "faglig-rad/{id}",
        list_name: "Hapi.faglig-rad.list",
        get_name: "Hapi.faglig-rad.get",
        info_type: "faglig-rad",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::Filer,
        path: "filer",
        item_template: "filer/{id}",
        list_name: "Hapi.filer.list",
        get_name: "Hapi.filer.get",
        info_type: "fil",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::GeneriskNormerendeEnheter,
        path: "generisk-normerende-enheter",
        item_template: "generisk-normerende-enheter/{id}",
        list_name: "Hapi.generisk-normerende-enheter.list",
        get_name: "Hapi.generisk-normerende-enheter.get",
        info_type: "generisk-normerende-enhet",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::GeneriskProdukt,
        path: "generisk-produkt",
        item_template: "generisk-produkt/{id}",
        list_name: "Hapi.generisk-produkt.list",
        get_name: "Hapi.generisk-produkt.get",
        info_type: "generisk-produkt",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Horinger,
        path: "horinger",
        item_template: "horinger/{id}",
        list_name: "Hapi.horinger.list",
        get_name: "Hapi.horinger.get",
        info_type: "horing",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::Informasjoner,
        path: "informasjoner",
        item_template: "informasjoner/{id}",
        list_name: "Hapi.informasjoner.list",
        get_name: "Hapi.informasjoner.get",
        info_type: "informasjon",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Kapitler,
        path: "kapitler",
        item_template: "kapitler/{id}",
        list_name: "Hapi.kapitler.list",
        get_name: "Hapi.kapitler.get",
        info_type: "kapittel",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Konferanser,
        path: "konferanser",
        item_template: "konferanser/{id}",
        list_name: "Hapi.konferanser.list",
        get_name: "Hapi.konferanser.get",
        info_type: "konferanse",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Kvalitetsindikatorer,
        path: "kvalitetsindikatorer",
        item_template: "kvalitetsindikatorer/{id}",
        list_name: "Hapi.kvalitetsindikatorer.list",
        get_name: "Hapi.kvalitetsindikatorer.get",
        info_type: "NKI",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::LisForsider,
        path: "lis-forsider",
        item_template: "lis-forsider/{id}",
        list_name: "Hapi.lis-forsider.list",
        get_name: "Hapi.lis-forsider.get",
        info_type: "lis-forside",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LisLaeringsaktiviteter,
        path: "lis-laeringsaktiviteter",
        item_template: "lis-laeringsaktiviteter/{id}",
        list_name: "Hapi.lis-laeringsaktiviteter.list",
        get_name: "Hapi.lis-laeringsaktiviteter.get",
        info_type: "lis-laeringsaktivitet",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LisLaeringsmal,
        path: "lis-laeringsmal",
        item_template: "lis-laeringsmal/{id}",
        list_name: "Hapi.lis-laeringsmal.list",
        get_name: "Hapi.lis-laeringsmal.get",
        info_type: "lis-laeringsmal",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LisLaeringsmalkategorier,
        path: "lis-laeringsmalkategorier",
        item_template: "lis-laeringsmalkategorier/{id}",
        list_name: "Hapi.lis-laeringsmalkategorier.list",
        get_name: "Hapi.lis-laeringsmalkategorier.get",
        info_type: "lis-laeringsmalkategori",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LisLaeringsnotater,
        path: "lis-laeringsnotater",
        item_template: "lis-laeringsnotater/{id}",
        list_name: "Hapi.lis-laeringsnotater.list",
        get_name: "Hapi.lis-laeringsnotater.get",
        info_type: "lis-laeringsnotat",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LisSpesialiteter,
        path: "lis-spesialiteter",
        item_template: "lis-spesialiteter/{id}",
        list_name: "Hapi.lis-spesialiteter.list",
        get_name: "Hapi.lis-spesialiteter.get",
        info_type: "lis-spesialitet",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LisSpesialitetsmapper,
        path: "lis-spesialitetsmapper",
        item_template: "lis-spesialitetsmapper/{id}",
        list_name: "Hapi.lis-spesialitetsmapper.list",
        get_name: "Hapi.lis-spesialitetsmapper.get",
        info_type: "lis-spesialitetsmappe",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::LovEllerForskriftstekstMedKommentar,
        path: "lov-eller-forskriftstekst-med-kommentar",
        item_template: "lov-eller-forskriftstekst-med-kommentar/{id}",
        list_name: "Hapi.lov-eller-forskriftstekst-med-kommentar.list",
        get_name: "Hapi.lov-eller-forskriftstekst-med-kommentar.get",
        info_type: "lov-eller-forskriftstekst-med-kommentar",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::LovtekstMedMerknad,
        path: "lovtekst-med-merknad",
        item_template: "lovtekst-med-merknad/{id}",
        list_name: "Hapi.lovtekst-med-merknad.list",
        get_name: "Hapi.lovtekst-med-merknad.get",
        info_type: "lovtekst-med-merknad",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Malsider,
        path: "malsider",
        item_template: "malsider/{id}",
        list_name: "Hapi.malsider.list",
        get_name: "Hapi.malsider.get",
        info_type: "malside",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::NasjonalVeileder,
        path: "nasjonal-veileder",
        item_template: "nasjonal-veileder/{id}",
        list_name: "Hapi.nasjonal-veileder.list",
        get_name: "Hapi.nasjonal-veileder.get",
        info_type: "nasjonal-veileder",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::NasjonaltForlop,
        path: "nasjonalt-forlop",
        item_template: "nasjonalt-forlop/{id}",
        list_name: "Hapi.nasjonalt-forlop.list",
        get_name: "Hapi.nasjonalt-forlop.get",
        info_type: "nasjonalt-forlop",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Nyheter,
        path: "nyheter",
        item_template: "nyheter/{id}",
        list_name: "Hapi.nyheter.list",
        get_name: "Hapi.nyheter.get",
        info_type: "nyhet",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Pakkeforlop,
        path: "pakkeforlop",
        item_template: "pakkeforlop/{id}",
        list_name: "Hapi.pakkeforlop.list",
        get_name: "Hapi.pakkeforlop.get",
        info_type: "pakkeforlop",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::PakkeforlopAnbefalinger,
        path: "pakkeforlop-anbefalinger",
        item_template: "pakkeforlop-anbefalinger/{id}",
        list_name: "Hapi.pakkeforlop-anbefalinger.list",
        get_name: "Hapi.pakkeforlop-anbefalinger.get",
        info_type: "pakkeforlop-anbefaling",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::ParagrafMedKommentar,
        path: "paragraf-med-kommentar",
        item_template: "paragraf-med-kommentar/{id}",
        list_name: "Hapi.paragraf-med-kommentar.list",
        get_name: "Hapi.paragraf-med-kommentar.get",
        info_type: "paragraf-med-kommentar",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::Picoer,
        path: "picoer",
        item_template: "picoer/{id}",
        list_name: "Hapi.picoer.list",
        get_name: "Hapi.picoer.get",
        info_type: "pico",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Prioriteringsveiledere,
        path: "prioriteringsveiledere",
        item_template: "prioriteringsveiledere/{id}",
        list_name: "Hapi.prioriteringsveiledere.list",
        get_name: "Hapi.prioriteringsveiledere.get",
        info_type: "prioriteringsveileder",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Publikasjoner,
        path: "publikasjoner",
        item_template: "publikasjoner/{id}",
        list_name: "Hapi.publikasjoner.list",
        get_name: "Hapi.publikasjoner.get",
        info_type: "publikasjon",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Rad,
        path: "rad",
        item_template: "rad/{id}",
        list_name: "Hapi.rad.list",
        get_name: "Hapi.rad.get",
        info_type: "rad",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::Rapporter,
        path: "rapporter",
        item_template: "rapporter/{id}",
        list_name: "Hapi.rapporter.list",
        get_name: "Hapi.rapporter.get",
        info_type: "rapport",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::Referanser,
        path: "referanser",
        item_template: "referanser/{id}",
        list_name: "Hapi.referanser.list",
        get_name: "Hapi.referanser.get",
        info_type: "referanse",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::RegelverkLovEllerForskrift,
        path: "regelverk-lov-eller-forskrift",
        item_template: "regelverk-lov-eller-forskrift/{id}",
        list_name: "Hapi.regelverk-lov-eller-forskrift.list",
        get_name: "Hapi.regelverk-lov-eller-forskrift.get",
        info_type: "regelverk-lov-eller-forskrift",
        paging: Paging::SkipTake,
    },
    KindRoutes {
        kind: ContentKind::Retningslinjer,
        path: "retningslinjer",
        item_template: "retningslinjer/{id}",
        list_name: "Hapi.retningslinjer.list",
        get_name: "Hapi.retningslinjer.get",
        info_type: "retningslinje",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Rundskriv,
        path: "rundskriv",
        item_template: "rundskriv/{id}",
        list_name: "Hapi.rundskriv.list",
        get_name: "Hapi.rundskriv.get",
        info_type: "rundskriv",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Seksjoner,
        path: "seksjoner",
        item_template: "seksjoner/{id}",
        list_name: "Hapi.seksjoner.list",
        get_name: "Hapi.seksjoner.get",
        info_type: "seksjon",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Statistikkelementer,
        path: "statistikkelementer",
        item_template: "statistikkelementer/{id}",
        list_name: "Hapi.statistikkelementer.list",
        get_name: "Hapi.statistikkelementer.get",
        info_type: "statistikkelement",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::TakstMedMerknad,
        path: "takst-med-merknad",
        item_template: "takst-med-merknad/{id}",
        list_name: "Hapi.takst-med-merknad.list",
        get_name: "Hapi.takst-med-merknad.get",
        info_type: "takst-med-merknad",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Tilskudd,
        path: "tilskudd",
        item_template: "tilskudd/{id}",
        list_name: "Hapi.tilskudd.list",
        get_name: "Hapi.tilskudd.get",
        info_type: "tilskudd",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::VeilederLovForskrift,
        path: "veileder-lov-forskrift",
        item_template: "veileder-lov-forskrift/{id}",
        list_name: "Hapi.veileder-lov-forskrift.list",
        get_name: "Hapi.veileder-lov-forskrift.get",
        info_type: "veileder-lov-forskrift",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Veiledere,
        path: "veiledere",
        item_template: "veiledere/{id}",
        list_name: "Hapi.veiledere.list",
        get_name: "Hapi.veiledere.get",
        info_type: "veileder",
        paging: Paging::None,
    },
    KindRoutes {
        kind: ContentKind::Veiledninger,
        path: "veiledninger",
        item_template: "veiledninger/{id}",
        list_name: "Hapi.veiledninger.list",
        get_name: "Hapi.veiledninger.get",
        info_type: "veiledning",
        paging: Paging::None,
    },
];

impl ContentKind {
    /// Every content type.
    pub const ALL: &'static [ContentKind] = &[
        ContentKind::Aktiviteter,
        ContentKind::Anbefalinger,
        ContentKind::Artikler,
        ContentKind::FagligRad,
        ContentKind::Filer,
        ContentKind::GeneriskNormerendeEnheter,
        ContentKind::GeneriskProdukt,
        ContentKind::Horinger,
        ContentKind::Informasjoner,
        ContentKind::Kapitler,
        ContentKind::Konferanser,
        ContentKind::Kvalitetsindikatorer,
        ContentKind::LisForsider,
        ContentKind::LisLaeringsaktiviteter,
        ContentKind::LisLaeringsmal,
        ContentKind::LisLaeringsmalkategorier,
        ContentKind::LisLaeringsnotater,
        ContentKind::LisSpesialiteter,
        ContentKind::LisSpesialitetsmapper,
        ContentKind::LovEllerForskriftstekstMedKommentar,
        ContentKind::LovtekstMedMerknad,
        ContentKind::Malsider,
        ContentKind::NasjonalVeileder,
        ContentKind::NasjonaltForlop,
        ContentKind::Nyheter,
        ContentKind::Pakkeforlop,
        ContentKind::PakkeforlopAnbefalinger,
        ContentKind::ParagrafMedKommentar,
        ContentKind::Picoer,
        ContentKind::Prioriteringsveiledere,
        ContentKind::Publikasjoner,
        ContentKind::Rad,
        ContentKind::Rapporter,
        ContentKind::Referanser,
        ContentKind::RegelverkLovEllerForskrift,
        ContentKind::Retningslinjer,
        ContentKind::Rundskriv,
        ContentKind::Seksjoner,
        ContentKind::Statistikkelementer,
        ContentKind::TakstMedMerknad,
        ContentKind::Tilskudd,
        ContentKind::VeilederLovForskrift,
        ContentKind::Veiledere,
        ContentKind::Veiledninger,
    ];

    fn routes(self) -> &'static KindRoutes {
        let row = &KIND_ROUTES[self as usize];
        debug_assert_eq!(row.kind, self, "KIND_ROUTES follows the variants' order");
        row
    }

    /// The list route (`retningslinjer`).
    pub fn path(self) -> &'static str {
        self.routes().path
    }

    /// The list route (`GET retningslinjer`).
    pub fn list_route(self) -> Route {
        Route::get(self.routes().list_name, self.routes().path)
    }

    /// The by-id route (`GET retningslinjer/{id}`).
    pub fn get_route(self) -> Route {
        Route::get(self.routes().get_name, self.routes().item_template)
    }

    /// How the list route pages.
    pub fn paging(self) -> Paging {
        self.routes().paging
    }

    /// The technical type of the documents the route serves.
    pub fn info_type(self) -> InfoType {
        InfoType::from(self.routes().info_type)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_table_follows_the_variants() {
        assert_eq!(KIND_ROUTES.len(), ContentKind::ALL.len());
        for (i, kind) in ContentKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
            assert_eq!(KIND_ROUTES[i].kind, *kind);
            let path = kind.path();
            assert_eq!(kind.get_route().template, format!("{path}/{{id}}"));
            assert_eq!(kind.list_route().template, path);
            assert_eq!(kind.list_route().name, format!("Hapi.{path}.list"));
            assert_eq!(kind.get_route().name, format!("Hapi.{path}.get"));
        }
    }
}
