//! The wire contract the mock holds request bodies to, as JSON: field names and shapes from the
//! standard's attribute tables (chapter 7). Written out here on purpose, never by decoding with
//! the SDK's own models, so a mistake in a model shows up as a refused request.

use serde_json::{Map, Value};

use super::state::Answer;

/// Fields that are code lists: `{"kode": "…", "kodenavn"?: "…"}`.
const CODES: &[&str] = &[
    "saksstatus",
    "journalposttype",
    "journalstatus",
    "dokumentstatus",
    "dokumenttype",
    "dokumentmedium",
    "tilknyttetRegistreringSom",
    "variantformat",
    "format",
    "korrespondanseparttype",
    "tilgangsrestriksjon",
    "skjermingMetadata",
    "skjermingDokument",
    "graderingskode",
    "kassasjonsvedtak",
    "slettingstype",
    "landkode",
    "elektroniskSignaturSikkerhetsnivaa",
    "elektroniskSignaturVerifisert",
];

/// Fields of type `datetime`: text with a time-zone offset (chapter 6, Overføringsformat).
const DATETIMES: &[&str] = &[
    "saksdato",
    "journaldato",
    "dokumentetsDato",
    "mottattDato",
    "sendtDato",
    "forfallsdato",
    "offentlighetsvurdertDato",
    "utlaantDato",
    "skjermingOpphoererDato",
    "graderingsdato",
    "nedgraderingsdato",
    "kassasjonsdato",
    "verifisertDato",
];

/// Fields of type `integer`: JSON numbers.
const INTEGERS: &[&str] = &[
    "antallVedlegg",
    "versjonsnummer",
    "skjermingsvarighet",
    "bevaringstid",
];

/// Fields of type string `[0..*]`: lists of text.
const TEXT_LISTS: &[&str] = &["noekkelord", "forfatter", "oppbevaringssted"];

const MAPPE: &[&str] = &[
    "tittel",
    "offentligTittel",
    "beskrivelse",
    "noekkelord",
    "dokumentmedium",
    "oppbevaringssted",
    "kassasjon",
    "skjerming",
    "gradering",
    "virksomhetsspesifikkeMetadata",
    "saksdato",
    "administrativEnhet",
    "referanseAdministrativEnhet",
    "saksansvarlig",
    "referanseSaksansvarlig",
    "journalenhet",
    "saksstatus",
];

const JOURNALPOST: &[&str] = &[
    "tittel",
    "offentligTittel",
    "beskrivelse",
    "noekkelord",
    "forfatter",
    "dokumentmedium",
    "oppbevaringssted",
    "kassasjon",
    "skjerming",
    "gradering",
    "referanseArkivdel",
    "virksomhetsspesifikkeMetadata",
    "journalposttype",
    "journalstatus",
    "journaldato",
    "dokumentetsDato",
    "mottattDato",
    "sendtDato",
    "forfallsdato",
    "offentlighetsvurdertDato",
    "antallVedlegg",
    "journalenhet",
    "elektroniskSignatur",
];

const DOKUMENTBESKRIVELSE: &[&str] = &[
    "tittel",
    "beskrivelse",
    "dokumenttype",
    "dokumentstatus",
    "forfatter",
    "dokumentmedium",
    "oppbevaringssted",
    "tilknyttetRegistreringSom",
    "eksternReferanse",
    "kassasjon",
    "skjerming",
    "gradering",
    "elektroniskSignatur",
    "virksomhetsspesifikkeMetadata",
];

const DOKUMENTOBJEKT: &[&str] = &[
    "versjonsnummer",
    "variantformat",
    "format",
    "formatDetaljer",
    "filnavn",
    "mimeType",
    "elektroniskSignatur",
];

const PERSON: &[&str] = &[
    "korrespondanseparttype",
    "navn",
    "personidentifikator",
    "postadresse",
    "bostedsadresse",
    "kontaktinformasjon",
    "virksomhetsspesifikkeMetadata",
];

const ENHET: &[&str] = &[
    "korrespondanseparttype",
    "navn",
    "enhetsidentifikator",
    "forretningsadresse",
    "postadresse",
    "kontaktinformasjon",
    "kontaktperson",
    "virksomhetsspesifikkeMetadata",
];

const INTERN: &[&str] = &[
    "korrespondanseparttype",
    "administrativEnhet",
    "referanseAdministrativEnhet",
    "saksbehandler",
    "referanseSaksbehandler",
    "virksomhetsspesifikkeMetadata",
];

/// The entities a client creates, with the fields the standard lets it send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Saksmappe,
    Journalpost,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    KorrespondansepartPerson,
    KorrespondansepartEnhet,
    KorrespondansepartIntern,
}

impl Entity {
    fn fields(self) -> &'static [&'static str] {
        match self {
            Entity::Saksmappe => MAPPE,
            Entity::Journalpost => JOURNALPOST,
            Entity::Dokumentbeskrivelse => DOKUMENTBESKRIVELSE,
            Entity::Dokumentobjekt => DOKUMENTOBJEKT,
            Entity::KorrespondansepartPerson => PERSON,
            Entity::KorrespondansepartEnhet => ENHET,
            Entity::KorrespondansepartIntern => INTERN,
        }
    }
}

/// Checks a body in the standard's shapes. `extra` names the fields beyond the standard's table
/// the caller accepts (HINT Arkiv embeds korrespondanseparter and dokumentobjekter); in Noark
/// mode it is empty, and any other field is refused.
pub(crate) fn check(
    entity: Entity,
    body: &Map<String, Value>,
    extra: &[&str],
) -> Result<(), Answer> {
    for key in body.keys() {
        if !entity.fields().contains(&key.as_str()) && !extra.contains(&key.as_str()) {
            return Err(Answer::feil(
                400,
                format!(
                    "{key}: not a field a client sends on a {entity:?} (Noark 5 v1.1, chapter 7)"
                ),
            ));
        }
    }
    shapes("", &Value::Object(body.clone()))
}

/// Checks only the shapes (a PUT carries the whole entity, server fields included).
pub(crate) fn shapes_only(body: &Map<String, Value>) -> Result<(), Answer> {
    shapes("", &Value::Object(body.clone()))
}

fn shapes(path: &str, value: &Value) -> Result<(), Answer> {
    let bad = |field: &str, rule: &str| Err(Answer::feil(400, format!("{field}: {rule}")));
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let name = key.as_str();
                if CODES.contains(&name) {
                    let items: Vec<&Value> = match v {
                        Value::Array(list) if name == "skjermingMetadata" => list.iter().collect(),
                        other => vec![other],
                    };
                    for item in items {
                        let ok = item.get("kode").is_some_and(Value::is_string)
                            && item.get("kodenavn").is_none_or(Value::is_string)
                            && item
                                .as_object()
                                .is_some_and(|o| o.keys().all(|k| k == "kode" || k == "kodenavn"));
                        if !ok {
                            return bad(
                                &here,
                                "a code is an object {\"kode\": text, \"kodenavn\"?: text}",
                            );
                        }
                    }
                } else if DATETIMES.contains(&name) {
                    let ok = v
                        .as_str()
                        .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok());
                    if !ok {
                        return bad(
                            &here,
                            "a datetime is text with a time zone offset (RFC 3339)",
                        );
                    }
                } else if INTEGERS.contains(&name) {
                    if !v.is_u64() {
                        return bad(&here, "an integer is a JSON number");
                    }
                } else if TEXT_LISTS.contains(&name) {
                    if !v.as_array().is_some_and(|l| l.iter().all(Value::is_string)) {
                        return bad(&here, "a [0..*] text field is a list of text");
                    }
                } else if name == "tittel" || name == "navn" {
                    if v.as_str().is_none_or(|t| t.trim().is_empty()) {
                        return bad(&here, "must be non-blank text");
                    }
                } else {
                    shapes(&here, v)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(|v| shapes(path, v)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn names_and_shapes() {
        let ok = map(
            json!({"tittel": "T", "saksdato": "2025-03-01T00:00:00+01:00",
            "dokumentmedium": {"kode": "E"}, "noekkelord": ["a"]}),
        );
        assert!(check(Entity::Saksmappe, &ok, &[]).is_ok());
        for bad in [
            json!({"tittel": "T", "ukjent": 1}),
            json!({"tittel": "T", "saksdato": "2025-03-01"}),
            json!({"tittel": "T", "dokumentmedium": "E"}),
            json!({"tittel": " "}),
        ] {
            assert!(
                check(Entity::Saksmappe, &map(bad.clone()), &[]).is_err(),
                "{bad}"
            );
        }
        let fmt = map(json!({"format": "fmt/95"}));
        assert!(check(Entity::Dokumentobjekt, &fmt, &[]).is_err());
    }
}
