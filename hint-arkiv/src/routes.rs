//! Every route, operation name, header and media type of the HINT Arkiv contract, in one place.
//!
//! Helsedirektoratet's API document for HINT Arkiv (`API–HINT-ARKIV.pdf`) is not public. This
//! contract is modelled from the **Noark 5 tjenestegrensesnitt v1.1** (Arkivverket, 2023): field
//! names, code lists, occurrences, file transfer, ETag and errors; with the **Microsoft REST API
//! guidelines** HINT says it follows for the shape of the routes (plural resource collections,
//! PATCH as JSON merge patch, `If-Match`). If the real service differs, this file (and the serde
//! names in the model modules) is the only place to change.
//!
//! Each route is a [`Route`]: the operation name traces and errors show, the method, and the path
//! template under the base URL; [`ALL`] is the table the mock serves. Two operations share a
//! route where the service has one path for both ([`UPDATE_SAK`] and [`CLOSE_SAK`],
//! [`UPLOAD_FIL`] and [`START_OPPLASTING`]); [`UPLOAD_DEL`] goes to the `Location` the archive
//! gives. In Noark mode ([`crate::Protocol::Noark`]) the same operations go to hrefs the archive
//! gives ([`NOARK_HREF`]), under the same operation names.

use hint_core::Route;

// ---- Routes ---------------------------------------------------------------------------------

/// Create a saksmappe: `POST saker` (the archive decides where it is filed).
pub const CREATE_SAK: Route = Route::post("Arkiv.createSak", "saker");
/// Create a saksmappe filed in an arkivdel (a new sak with [`crate::Plassering::Arkivdel`]).
pub const CREATE_SAK_I_ARKIVDEL: Route =
    Route::post("Arkiv.createSak", "arkivdeler/{systemID}/saker");
/// Create a saksmappe filed in a klasse (a new sak with [`crate::Plassering::Klasse`]).
pub const CREATE_SAK_I_KLASSE: Route = Route::post("Arkiv.createSak", "klasser/{systemID}/saker");
/// List or search saksmapper: `GET saker?$filter=&$top=&$skip=&$orderby=`.
pub const LIST_SAKER: Route = Route::get("Arkiv.listSaker", "saker");
/// Get a saksmappe.
pub const GET_SAK: Route = Route::get("Arkiv.getSak", "saker/{systemID}");
/// Change a saksmappe (merge patch).
pub const UPDATE_SAK: Route = Route::patch("Arkiv.updateSak", "saker/{systemID}");
/// Close a saksmappe (merge patch of `saksstatus` to `A`; the same route as [`UPDATE_SAK`]).
pub const CLOSE_SAK: Route = UPDATE_SAK.named("Arkiv.closeSak");
/// Create a journalpost in a saksmappe.
pub const CREATE_JOURNALPOST: Route =
    Route::post("Arkiv.createJournalpost", "saker/{systemID}/journalposter");
/// List the journalposter of a saksmappe.
pub const LIST_JOURNALPOSTER: Route =
    Route::get("Arkiv.listJournalposter", "saker/{systemID}/journalposter");
/// Get a journalpost.
pub const GET_JOURNALPOST: Route = Route::get("Arkiv.getJournalpost", "journalposter/{systemID}");
/// Change a journalpost (merge patch).
pub const UPDATE_JOURNALPOST: Route =
    Route::patch("Arkiv.updateJournalpost", "journalposter/{systemID}");
/// Change a journalpost's `journalstatus` (the same route as [`UPDATE_JOURNALPOST`]).
pub const SET_JOURNALSTATUS: Route = UPDATE_JOURNALPOST.named("Arkiv.setJournalstatus");
/// Create a dokumentbeskrivelse (with its dokumentobjekter) on a journalpost.
pub const CREATE_DOKUMENTBESKRIVELSE: Route = Route::post(
    "Arkiv.createDokumentbeskrivelse",
    "journalposter/{systemID}/dokumentbeskrivelser",
);
/// List the dokumentbeskrivelser of a journalpost.
pub const LIST_DOKUMENTBESKRIVELSER: Route = Route::get(
    "Arkiv.listDokumentbeskrivelser",
    "journalposter/{systemID}/dokumentbeskrivelser",
);
/// Get a dokumentbeskrivelse.
pub const GET_DOKUMENTBESKRIVELSE: Route = Route::get(
    "Arkiv.getDokumentbeskrivelse",
    "dokumentbeskrivelser/{systemID}",
);
/// Create a dokumentobjekt on a dokumentbeskrivelse.
pub const CREATE_DOKUMENTOBJEKT: Route = Route::post(
    "Arkiv.createDokumentobjekt",
    "dokumentbeskrivelser/{systemID}/dokumentobjekter",
);
/// List the dokumentobjekter of a dokumentbeskrivelse.
pub const LIST_DOKUMENTOBJEKTER: Route = Route::get(
    "Arkiv.listDokumentobjekter",
    "dokumentbeskrivelser/{systemID}/dokumentobjekter",
);
/// Get a dokumentobjekt.
pub const GET_DOKUMENTOBJEKT: Route =
    Route::get("Arkiv.getDokumentobjekt", "dokumentobjekter/{systemID}");
/// Upload a whole file in one request (Noark rel `arkivstruktur/fil/`, href `…/referanseFil`).
pub const UPLOAD_FIL: Route = Route::post(
    "Arkiv.uploadFil",
    "dokumentobjekter/{systemID}/referanseFil",
);
/// Start a chunked upload (the same route as [`UPLOAD_FIL`], with the upload headers).
pub const START_OPPLASTING: Route = UPLOAD_FIL.named("Arkiv.startOpplasting");
/// Upload one chunk. The SDK follows the server's `Location`; this is where the mock sends it.
pub const UPLOAD_DEL: Route = Route::put("Arkiv.uploadDel", "opplastinger/{id}");
/// Download a file.
pub const DOWNLOAD_FIL: Route = Route::get(
    "Arkiv.downloadFil",
    "dokumentobjekter/{systemID}/referanseFil",
);
/// Get a code list with its values (Noark `metadata/{kodeliste}`).
pub const GET_KODELISTE: Route = Route::get("Arkiv.getKodeliste", "metadata/{kodeliste}");

/// Every route of HINT Arkiv's contract (the mock serves exactly these, and its Noark face).
pub const ALL: &[Route] = &[
    CREATE_SAK,
    CREATE_SAK_I_ARKIVDEL,
    CREATE_SAK_I_KLASSE,
    LIST_SAKER,
    GET_SAK,
    UPDATE_SAK,
    CLOSE_SAK,
    CREATE_JOURNALPOST,
    LIST_JOURNALPOSTER,
    GET_JOURNALPOST,
    UPDATE_JOURNALPOST,
    SET_JOURNALSTATUS,
    CREATE_DOKUMENTBESKRIVELSE,
    LIST_DOKUMENTBESKRIVELSER,
    GET_DOKUMENTBESKRIVELSE,
    CREATE_DOKUMENTOBJEKT,
    LIST_DOKUMENTOBJEKTER,
    GET_DOKUMENTOBJEKT,
    UPLOAD_FIL,
    START_OPPLASTING,
    UPLOAD_DEL,
    DOWNLOAD_FIL,
    GET_KODELISTE,
];

/// Noark mode: every request goes to an href the archive gave, shown in traces as this template
/// (with the operation's own name).
pub const NOARK_HREF: &str = "{href}";

/// Noark mode: the calls that have no HINT route. Every other call keeps its HINT route's name
/// and goes to an href the archive gave ([`NOARK_HREF`]).
pub const NOARK: &[Route] = &[NOARK_ENTRY, CREATE_KORRESPONDANSEPART];
/// Noark mode: read the root and the package entry points.
pub const NOARK_ENTRY: Route = Route::get("Arkiv.noarkEntry", NOARK_HREF);
/// Noark mode: add a korrespondansepart to a journalpost.
pub const CREATE_KORRESPONDANSEPART: Route =
    Route::post("Arkiv.createKorrespondansepart", NOARK_HREF);

// ---- Media types and headers ---------------------------------------------------------------

/// The Noark 5 JSON media type (requests and responses).
pub const MEDIA_NOARK: &str = "application/vnd.noark5+json";
/// JSON merge patch (RFC 7396), for PATCH.
pub const MEDIA_MERGE_PATCH: &str = "application/merge-patch+json";
/// Starts a chunked upload: the file's media type.
pub const HEADER_UPLOAD_CONTENT_TYPE: &str = "X-Upload-Content-Type";
/// Starts a chunked upload: the file's total size in bytes.
pub const HEADER_UPLOAD_CONTENT_LENGTH: &str = "X-Upload-Content-Length";
/// A chunk's place in the file: `<first>-<last>/<total>` (no `bytes ` prefix, as in Noark).
pub const HEADER_CONTENT_RANGE: &str = "Content-Range";
/// Where the next chunk of an upload goes.
pub const HEADER_LOCATION: &str = "Location";
/// The file name of an upload (`attachment; filename*=UTF-8''…`).
pub const HEADER_CONTENT_DISPOSITION: &str = "Content-Disposition";

// ---- OData query parameters and preferences ----------------------------------------------------

/// OData query parameters (Noark 5 lists).
pub mod query {
    /// OData filter.
    pub const FILTER: &str = "$filter";
    /// OData: at most this many items in all.
    pub const TOP: &str = "$top";
    /// OData: skip this many items.
    pub const SKIP: &str = "$skip";
    /// OData: sort order.
    pub const ORDERBY: &str = "$orderby";
}

/// The request header a list's page size is asked for in (OData 4.0 `Prefer`).
pub const HEADER_PREFER: &str = "Prefer";
/// The `Prefer` value that asks for at most this many items per page (followed by the number).
pub const PREFER_MAX_PAGE_SIZE: &str = "odata.maxpagesize=";

// ---- HelseID ---------------------------------------------------------------------------------

/// The HelseID scope the client asks for by default. **Assumption**: Helsedirektoratet issues the
/// real scope with the API access; override it per client with a [`HelseIdCredential`](::hint_core::HelseIdCredential)
/// of your own if it differs.
pub const DEFAULT_SCOPE: &str = "nhn:hint/arkiv";

// ---- The Noark 5 face and structure -----------------------------------------------------------

/// The Noark 5 face the mock serves beside [`ALL`] (feature `mock`; a client reaches it only
/// through `_links`), and the standard's structure of entities by their wire names.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod noark {
    use hint_core::Route;

    use crate::links::rel;

    /// The root: links to the packages.
    pub const ROOT: Route = Route::get("Noark.root", "");
    /// A package's entry point: links to its collections (`metadata`: its code lists).
    pub const PAKKE: Route = Route::get("Noark.pakke", "{pakke}");
    /// A collection (`sakarkiv/saksmappe`).
    pub const LIST: Route = Route::get("Noark.list", "{pakke}/{kind}");
    /// One entity.
    pub const GET: Route = Route::get("Noark.get", "{pakke}/{kind}/{systemID}");
    /// Change an entity (merge patch).
    pub const PATCH: Route = Route::patch("Noark.update", "{pakke}/{kind}/{systemID}");
    /// Replace an entity (the whole of it).
    pub const PUT: Route = Route::put("Noark.replace", "{pakke}/{kind}/{systemID}");
    /// What an entity links to below itself: a `ny-*` template, a child list, its file.
    pub const BELOW: Route = Route::get("Noark.below", "{pakke}/{kind}/{systemID}/{rel}");
    /// Create below an entity (a `ny-*` href), or upload its file (`referanseFil`).
    pub const CREATE: Route = Route::post("Noark.create", "{pakke}/{kind}/{systemID}/{rel}");
    /// Every route of the Noark face.
    pub const FACE: &[Route] = &[ROOT, PAKKE, LIST, GET, PATCH, PUT, BELOW, CREATE];

    /// The entities of the structure.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        /// `arkivstruktur/arkivdel`.
        Arkivdel,
        /// `arkivstruktur/klasse`.
        Klasse,
        /// `sakarkiv/saksmappe`.
        Saksmappe,
        /// `sakarkiv/journalpost`.
        Journalpost,
        /// `arkivstruktur/dokumentbeskrivelse`.
        Dokumentbeskrivelse,
        /// `arkivstruktur/dokumentobjekt`.
        Dokumentobjekt,
    }

    /// A row of [`KINDS`]: the kind, its collection, its relation, what it links to below
    /// itself (templates, child lists, its file), and the kinds it is made under.
    pub type KindRow = (
        Kind,
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [Kind],
    );

    /// The structure, one row per [`Kind`] in its order.
    #[rustfmt::skip]
    pub const KINDS: [KindRow; 6] = [
        (Kind::Arkivdel, "arkivstruktur/arkivdel", rel::ARKIVDEL, &[rel::NY_SAKSMAPPE], &[]),
        (Kind::Klasse, "arkivstruktur/klasse", rel::KLASSE, &[rel::NY_SAKSMAPPE], &[]),
        (Kind::Saksmappe, "sakarkiv/saksmappe", rel::SAKSMAPPE, &[rel::NY_JOURNALPOST, rel::JOURNALPOST],
            &[Kind::Arkivdel, Kind::Klasse]),
        (Kind::Journalpost, "sakarkiv/journalpost", rel::JOURNALPOST, &[rel::NY_DOKUMENTBESKRIVELSE,
            rel::DOKUMENTBESKRIVELSE, rel::NY_KORRESPONDANSEPARTPERSON, rel::NY_KORRESPONDANSEPARTENHET,
            rel::NY_KORRESPONDANSEPARTINTERN, rel::KORRESPONDANSEPART], &[Kind::Saksmappe]),
        (Kind::Dokumentbeskrivelse, "arkivstruktur/dokumentbeskrivelse", rel::DOKUMENTBESKRIVELSE,
            &[rel::NY_DOKUMENTOBJEKT, rel::DOKUMENTOBJEKT], &[Kind::Journalpost]),
        (Kind::Dokumentobjekt, "arkivstruktur/dokumentobjekt", rel::DOKUMENTOBJEKT, &[rel::FIL],
            &[Kind::Dokumentbeskrivelse]),
    ];

    impl Kind {
        /// Its collection (`sakarkiv/saksmappe`).
        pub fn noark(self) -> &'static str {
            KINDS[self as usize].1
        }

        /// Its relation.
        pub fn rel(self) -> &'static str {
            KINDS[self as usize].2
        }

        /// Whether it links to this below itself, by the segment it is served at.
        pub fn has_below(self, segment: &str) -> bool {
            KINDS[self as usize]
                .3
                .iter()
                .any(|r| self::segment(r) == segment)
        }

        /// The kinds it is made under.
        pub fn parents(self) -> &'static [Kind] {
            KINDS[self as usize].4
        }

        /// The kind named `name` (`journalpost`: its collection's last segment).
        pub fn named(name: &str) -> Option<Kind> {
            Kind::find(|k| k.rsplit('/').next() == Some(name))
        }

        /// The kind whose collection `matches`.
        pub fn find(matches: impl Fn(&str) -> bool) -> Option<Kind> {
            KINDS.iter().find(|k| matches(k.1)).map(|k| k.0)
        }
    }

    impl Kind {
        /// Where HINT Arkiv serves one entity of this kind.
        pub fn get_route(self) -> Route {
            match self {
                Kind::Saksmappe => super::GET_SAK,
                Kind::Journalpost => super::GET_JOURNALPOST,
                Kind::Dokumentbeskrivelse => super::GET_DOKUMENTBESKRIVELSE,
                _ => super::GET_DOKUMENTOBJEKT,
            }
        }
    }

    /// The last segment of a relation (`ny-journalpost`), where the face serves it.
    pub fn segment(relation: &str) -> &str {
        match relation {
            rel::FIL => "referanseFil",
            _ => relation
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default(),
        }
    }

    /// A journalpost's korrespondansepart lists and the relation each part is linked under.
    pub const PARTS: [(&str, &str); 3] = [
        ("korrespondansepartPerson", rel::KORRESPONDANSEPARTPERSON),
        ("korrespondansepartEnhet", rel::KORRESPONDANSEPARTENHET),
        ("korrespondansepartIntern", rel::KORRESPONDANSEPARTINTERN),
    ];

    /// The code lists the archive serves and checks, by their Noark names.
    pub const KODELISTER: &str = "saksstatus journalposttype journalstatus dokumentstatus
        dokumenttype tilknyttetregistreringsom variantformat korrespondanseparttype
        tilgangsrestriksjon";

    /// Fields the archive sets on a new entity, whatever the client sent.
    pub const SERVER_SET: &str = "mappeID saksaar sakssekvensnummer registreringsID journalaar
        journalsekvensnummer journalpostnummer journaldato dokumentnummer tilknyttetDato
        tilknyttetAv";

    /// Fields no change may touch.
    pub const FIXED: &str = "systemID mappeID saksaar sakssekvensnummer registreringsID
        journalaar journalsekvensnummer journalpostnummer opprettetDato opprettetAv";
}

// ---- The wire contract ------------------------------------------------------------------------

/// The wire contract of request bodies as the mock checks them (feature `mock`), from the
/// standard's attribute tables (Noark 5 tjenestegrensesnitt v1.1, chapter 7): which fields a
/// client may send on each entity and the shapes of their types. Chapter 7 gives a field one type
/// wherever it appears (`saksdato` is always a `datetime`), so types are stated once, by name.
/// Written from the wire names, never derived from the models: a mistake in a model is refused.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod contract {
    use std::sync::LazyLock;

    use hint_core::mock::contract::{Contract, Field, Type, optional, required};

    use super::noark::Kind;

    /// A code: `{"kode": text, "kodenavn"?: text}`.
    const KODE: Type = Type::Object(&[
        required("kode", Type::String),
        optional("kodenavn", Type::String),
    ]);

    const CODES: &str = "saksstatus journalposttype journalstatus dokumentstatus dokumenttype
        dokumentmedium tilknyttetRegistreringSom variantformat format korrespondanseparttype
        tilgangsrestriksjon skjermingDokument graderingskode kassasjonsvedtak slettingstype landkode
        elektroniskSignaturSikkerhetsnivaa elektroniskSignaturVerifisert";
    /// `datetime` fields: text with a time-zone offset (chapter 6, Overføringsformat).
    const DATETIMES: &str =
        "saksdato journaldato dokumentetsDato mottattDato sendtDato forfallsdato
        offentlighetsvurdertDato utlaantDato skjermingOpphoererDato graderingsdato nedgraderingsdato
        kassasjonsdato verifisertDato";

    const MAPPE_FIELDS: &str =
        "tittel offentligTittel beskrivelse noekkelord dokumentmedium oppbevaringssted
        kassasjon skjerming gradering virksomhetsspesifikkeMetadata saksdato administrativEnhet
        referanseAdministrativEnhet saksansvarlig referanseSaksansvarlig journalenhet saksstatus";
    const JOURNALPOST_FIELDS: &str =
        "tittel offentligTittel beskrivelse noekkelord forfatter dokumentmedium
        oppbevaringssted kassasjon skjerming gradering referanseArkivdel virksomhetsspesifikkeMetadata
        journalposttype journalstatus journaldato dokumentetsDato mottattDato sendtDato forfallsdato
        offentlighetsvurdertDato antallVedlegg journalenhet elektroniskSignatur";
    const DOKUMENTBESKRIVELSE_FIELDS: &str = "tittel beskrivelse dokumenttype dokumentstatus forfatter
        dokumentmedium oppbevaringssted tilknyttetRegistreringSom eksternReferanse kassasjon skjerming
        gradering elektroniskSignatur virksomhetsspesifikkeMetadata";
    const DOKUMENTOBJEKT_FIELDS: &str =
        "versjonsnummer variantformat format formatDetaljer filnavn mimeType elektroniskSignatur";
    const PERSON_FIELDS: &str =
        "korrespondanseparttype navn personidentifikator postadresse bostedsadresse
        kontaktinformasjon virksomhetsspesifikkeMetadata";
    const ENHET_FIELDS: &str = "korrespondanseparttype navn enhetsidentifikator forretningsadresse
        postadresse kontaktinformasjon kontaktperson virksomhetsspesifikkeMetadata";
    const INTERN_FIELDS: &str =
        "korrespondanseparttype administrativEnhet referanseAdministrativEnhet
        saksbehandler referanseSaksbehandler virksomhetsspesifikkeMetadata";
    /// HINT Arkiv takes a journalpost's korrespondanseparter with it.
    const PARTS: &str = "korrespondansepartPerson korrespondansepartEnhet korrespondansepartIntern";

    /// The standard's type of a field.
    fn ty(name: &'static str) -> Type {
        let listed = |list: &str| list.split_whitespace().any(|n| n == name);
        match name {
            "tittel" | "navn" => Type::StringWhere(|t| !t.trim().is_empty(), "non-blank text"),
            "noekkelord" | "forfatter" | "oppbevaringssted" => Type::Array(&Type::String),
            "antallVedlegg" | "versjonsnummer" | "skjermingsvarighet" | "bevaringstid" => {
                Type::IntegerIn(0, i64::MAX)
            }
            "skjermingMetadata" => Type::Array(&KODE),
            "virksomhetsspesifikkeMetadata" => Type::Any,
            "skjerming" => object(
                "tilgangsrestriksjon skjermingshjemmel skjermingMetadata skjermingDokument
                skjermingsvarighet skjermingOpphoererDato",
            ),
            "gradering" => object(
                "graderingskode graderingsdato gradertAv referanseGradertAv nedgraderingsdato
                nedgradertAv referanseNedgradertAv",
            ),
            "kassasjon" => object("kassasjonsvedtak kassasjonshjemmel bevaringstid kassasjonsdato"),
            "elektroniskSignatur" => object(
                "elektroniskSignaturSikkerhetsnivaa elektroniskSignaturVerifisert verifisertDato
                verifisertAv referanseVerifisertAv",
            ),
            "postadresse" | "bostedsadresse" | "forretningsadresse" => {
                object("adresselinje1 adresselinje2 adresselinje3 postnr poststed landkode")
            }
            "kontaktinformasjon" => object("epostadresse mobiltelefon telefon"),
            "personidentifikator" => list(object("foedselsnummer dNummer")),
            "enhetsidentifikator" => object("organisasjonsnummer"),
            "korrespondansepartPerson" => list(object(PERSON_FIELDS)),
            "korrespondansepartEnhet" => list(object(ENHET_FIELDS)),
            "korrespondansepartIntern" => list(object(INTERN_FIELDS)),
            "dokumentobjekt" => list(object(DOKUMENTOBJEKT_FIELDS)),
            _ if listed(CODES) => KODE,
            _ if listed(DATETIMES) => Type::DateTime,
            _ => Type::String,
        }
    }

    /// The fields, all optional (what is required depends on the call; the state checks that).
    /// Built once per contract (the statics below), so leaking them costs a few kilobytes in all.
    fn fields(names: &'static str) -> &'static [Field] {
        let fields = names.split_whitespace().map(|n| optional(n, ty(n)));
        Vec::leak(fields.collect())
    }

    fn object(names: &'static str) -> Type {
        Type::Object(fields(names))
    }

    fn list(item: Type) -> Type {
        Type::Array(Box::leak(Box::new(item)))
    }

    fn closed(names: &'static str) -> Contract {
        Contract::new(fields(names))
    }

    fn with_parts(names: &'static str, parts: &str) -> Contract {
        closed(format!("{names} {parts}").leak())
    }

    /// A new or changed saksmappe.
    pub static SAKSMAPPE: LazyLock<Contract> = LazyLock::new(|| closed(MAPPE_FIELDS));
    /// A journalpost as a Noark 5 core takes it (korrespondanseparter come after, one by one).
    pub static JOURNALPOST: LazyLock<Contract> = LazyLock::new(|| closed(JOURNALPOST_FIELDS));
    /// A new journalpost as HINT Arkiv takes it, with its korrespondanseparter.
    pub static JOURNALPOST_HINT: LazyLock<Contract> =
        LazyLock::new(|| with_parts(JOURNALPOST_FIELDS, PARTS));
    /// A dokumentbeskrivelse as a Noark 5 core takes it (dokumentobjekter come after).
    pub static DOKUMENTBESKRIVELSE: LazyLock<Contract> =
        LazyLock::new(|| closed(DOKUMENTBESKRIVELSE_FIELDS));
    /// A new dokumentbeskrivelse as HINT Arkiv takes it, with its dokumentobjekter.
    pub static DOKUMENTBESKRIVELSE_HINT: LazyLock<Contract> =
        LazyLock::new(|| with_parts(DOKUMENTBESKRIVELSE_FIELDS, "dokumentobjekt"));
    /// A new dokumentobjekt.
    pub static DOKUMENTOBJEKT: LazyLock<Contract> = LazyLock::new(|| closed(DOKUMENTOBJEKT_FIELDS));
    /// The korrespondanseparter a Noark 5 core takes as entities of their own, by their lists.
    pub static KORRESPONDANSEPARTER: LazyLock<[(&str, Contract); 3]> = LazyLock::new(|| {
        [
            ("korrespondansepartPerson", closed(PERSON_FIELDS)),
            ("korrespondansepartEnhet", closed(ENHET_FIELDS)),
            ("korrespondansepartIntern", closed(INTERN_FIELDS)),
        ]
    });
    /// What a new or changed entity of a kind is held to; HINT Arkiv (`hint`) takes a new
    /// journalpost's korrespondanseparter and a new dokumentbeskrivelse's dokumentobjekter with
    /// it.
    pub fn of(kind: Kind, hint: bool) -> &'static Contract {
        match (kind, hint) {
            (Kind::Saksmappe, _) => &SAKSMAPPE,
            (Kind::Journalpost, true) => &JOURNALPOST_HINT,
            (Kind::Journalpost, false) => &JOURNALPOST,
            (Kind::Dokumentbeskrivelse, true) => &DOKUMENTBESKRIVELSE_HINT,
            (Kind::Dokumentbeskrivelse, false) => &DOKUMENTBESKRIVELSE,
            _ => &DOKUMENTOBJEKT,
        }
    }

    /// A whole saksmappe sent back with PUT: server fields too, so only the shapes are checked.
    pub static SAKSMAPPE_PUT: LazyLock<Contract> = LazyLock::new(|| closed(MAPPE_FIELDS).open());
    /// A whole journalpost sent back with PUT.
    pub static JOURNALPOST_PUT: LazyLock<Contract> =
        LazyLock::new(|| closed(JOURNALPOST_FIELDS).open());
}
