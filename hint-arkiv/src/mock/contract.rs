//! The wire contract request bodies are held to, from the standard's attribute tables (Noark 5
//! tjenestegrensesnitt v1.1, chapter 7): which fields a client may send on each entity, and the
//! shapes its types have. Chapter 7 gives a field one type wherever it appears (`saksdato` is
//! always a `datetime`, `journalstatus` always a code), so the types are stated once, by name.
//! Written out here, never derived from this crate's models: a mistake in a model is refused.

use std::sync::LazyLock;

use hint_core::mock::contract::{Contract, Field, Type, optional, required};

use super::state::Kind;

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
const DATETIMES: &str = "saksdato journaldato dokumentetsDato mottattDato sendtDato forfallsdato
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
const INTERN_FIELDS: &str = "korrespondanseparttype administrativEnhet referanseAdministrativEnhet
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
static SAKSMAPPE: LazyLock<Contract> = LazyLock::new(|| closed(MAPPE_FIELDS));
/// A journalpost as a Noark 5 core takes it (korrespondanseparter come after, one by one).
static JOURNALPOST: LazyLock<Contract> = LazyLock::new(|| closed(JOURNALPOST_FIELDS));
/// A new journalpost as HINT Arkiv takes it, with its korrespondanseparter.
static JOURNALPOST_HINT: LazyLock<Contract> =
    LazyLock::new(|| with_parts(JOURNALPOST_FIELDS, PARTS));
/// A dokumentbeskrivelse as a Noark 5 core takes it (dokumentobjekter come after).
static DOKUMENTBESKRIVELSE: LazyLock<Contract> =
    LazyLock::new(|| closed(DOKUMENTBESKRIVELSE_FIELDS));
/// A new dokumentbeskrivelse as HINT Arkiv takes it, with its dokumentobjekter.
static DOKUMENTBESKRIVELSE_HINT: LazyLock<Contract> =
    LazyLock::new(|| with_parts(DOKUMENTBESKRIVELSE_FIELDS, "dokumentobjekt"));
/// A new dokumentobjekt.
static DOKUMENTOBJEKT: LazyLock<Contract> = LazyLock::new(|| closed(DOKUMENTOBJEKT_FIELDS));
/// The korrespondanseparter a Noark 5 core takes as entities of their own, by their lists.
pub(super) static KORRESPONDANSEPARTER: LazyLock<[(&str, Contract); 3]> = LazyLock::new(|| {
    [
        ("korrespondansepartPerson", closed(PERSON_FIELDS)),
        ("korrespondansepartEnhet", closed(ENHET_FIELDS)),
        ("korrespondansepartIntern", closed(INTERN_FIELDS)),
    ]
});
/// A whole saksmappe sent back with PUT: server fields too, so only the shapes are checked.
pub(super) static SAKSMAPPE_PUT: LazyLock<Contract> = LazyLock::new(|| closed(MAPPE_FIELDS).open());
/// A whole journalpost sent back with PUT.
pub(super) static JOURNALPOST_PUT: LazyLock<Contract> =
    LazyLock::new(|| closed(JOURNALPOST_FIELDS).open());

/// What a new (`new`) or changed entity of a kind is held to; HINT Arkiv (`hint`) takes a new
/// journalpost's korrespondanseparter and a new dokumentbeskrivelse's dokumentobjekter with it.
pub(super) fn new(kind: Kind, hint: bool) -> &'static Contract {
    match (kind, hint) {
        (Kind::Saksmappe, _) => &SAKSMAPPE,
        (Kind::Journalpost, true) => &JOURNALPOST_HINT,
        (Kind::Journalpost, false) => &JOURNALPOST,
        (Kind::Dokumentbeskrivelse, true) => &DOKUMENTBESKRIVELSE_HINT,
        (Kind::Dokumentbeskrivelse, false) => &DOKUMENTBESKRIVELSE,
        _ => &DOKUMENTOBJEKT,
    }
}
