//! The archive the mock holds and its rules, the same for both faces: entities as the JSON the
//! standard writes, their versions and parents, the counters, the files.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Utc};
use hint_core::mock::upload::ChunkedUploads;
use hint_core::mock::{ErrorShape, Reply};
use serde_json::{Map, Value, json};

use crate::kode::{Dokumentmedium, Journalstatus, Kodeliste, Saksstatus, Variantformat};
use crate::links::rel;

/// What a transition answers when the archive refuses.
pub(super) type Res<T> = Result<T, Reply>;

/// A refusal in Noark's shape, `{"feil": {"kode": "<status>", "beskrivelse"}}`.
pub(super) fn feil(status: u16, beskrivelse: impl Into<String>) -> Reply {
    ErrorShape::Noark.error(status, "", beskrivelse, None)
}

/// The entities the archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Arkivdel,
    Klasse,
    Saksmappe,
    Journalpost,
    Dokumentbeskrivelse,
    Dokumentobjekt,
}

/// Each kind, in [`Kind`]'s order: its collection in the Noark face, its relation, what it links
/// to below itself (templates, child lists, its file), and the kinds it is made under.
#[rustfmt::skip]
const KINDS: [(&str, &str, &[&str], &[Kind]); 6] = [
    ("arkivstruktur/arkivdel", rel::ARKIVDEL, &[rel::NY_SAKSMAPPE], &[]),
    ("arkivstruktur/klasse", rel::KLASSE, &[rel::NY_SAKSMAPPE], &[]),
    ("sakarkiv/saksmappe", rel::SAKSMAPPE, &[rel::NY_JOURNALPOST, rel::JOURNALPOST], &[Kind::Arkivdel, Kind::Klasse]),
    ("sakarkiv/journalpost", rel::JOURNALPOST, &[rel::NY_DOKUMENTBESKRIVELSE, rel::DOKUMENTBESKRIVELSE,
        rel::NY_KORRESPONDANSEPARTPERSON, rel::NY_KORRESPONDANSEPARTENHET, rel::NY_KORRESPONDANSEPARTINTERN,
        rel::KORRESPONDANSEPART], &[Kind::Saksmappe]),
    ("arkivstruktur/dokumentbeskrivelse", rel::DOKUMENTBESKRIVELSE, &[rel::NY_DOKUMENTOBJEKT, rel::DOKUMENTOBJEKT],
        &[Kind::Journalpost]),
    ("arkivstruktur/dokumentobjekt", rel::DOKUMENTOBJEKT, &[rel::FIL], &[Kind::Dokumentbeskrivelse]),
];

impl Kind {
    pub(super) const ALL: [Kind; 6] = [
        Kind::Arkivdel,
        Kind::Klasse,
        Kind::Saksmappe,
        Kind::Journalpost,
        Kind::Dokumentbeskrivelse,
        Kind::Dokumentobjekt,
    ];

    /// The Noark face's collection (`sakarkiv/saksmappe`).
    pub(super) fn noark(self) -> &'static str {
        KINDS[self as usize].0
    }

    pub(super) fn rel(self) -> &'static str {
        KINDS[self as usize].1
    }

    pub(super) fn below(self) -> &'static [&'static str] {
        KINDS[self as usize].2
    }

    pub(super) fn parents(self) -> &'static [Kind] {
        KINDS[self as usize].3
    }

    /// The kind by its name in the standard (`saksmappe`).
    pub(super) fn named(name: &str) -> Option<Kind> {
        let found = |k: &Kind| k.noark().rsplit('/').next() == Some(name);
        Kind::ALL.into_iter().find(found)
    }
}

/// The last segment of a relation (`ny-journalpost`), where the Noark face serves it.
pub(super) fn segment(relation: &str) -> &str {
    match relation {
        rel::FIL => "referanseFil",
        _ => relation
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default(),
    }
}

/// One entity: the JSON the archive answers with, its version (the `ETag`), its parent.
#[derive(Debug, Clone)]
pub(super) struct Entity {
    pub(super) kind: Kind,
    pub(super) id: String,
    pub(super) value: Value,
    pub(super) version: u64,
    pub(super) parent: Option<String>,
}

/// The archive, in creation order.
#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) entities: Vec<Entity>,
    /// Files by dokumentobjekt: bytes and media type.
    pub(super) files: HashMap<String, (Vec<u8>, String)>,
    /// Chunked uploads under way, for a dokumentobjekt through one face (`true`: Noark).
    pub(super) uploads: ChunkedUploads<(String, bool)>,
    /// Sequences per year: saksmapper, then journalposter.
    seq: HashMap<(bool, i32), u64>,
    /// Outdated codes, `(kodeliste, kode)`.
    pub(super) utdatert: HashSet<(String, String)>,
    pub(super) page_size: usize,
    /// The server's public URL: the Noark face's hrefs are absolute.
    pub(super) base: String,
}

/// Who the mock says changed things.
const USER: &str = "HINT mock-klient";

/// The code lists the archive serves and checks, by their Noark names.
pub(super) const KODELISTER: &str = "saksstatus journalposttype journalstatus dokumentstatus
    dokumenttype tilknyttetregistreringsom variantformat korrespondanseparttype tilgangsrestriksjon";

pub(super) fn now() -> Value {
    json!(Utc::now().to_rfc3339())
}

pub(super) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(super) fn kode<T: Kodeliste>(code: T) -> Value {
    let mut v = json!({"kode": code.as_str()});
    if let Some(navn) = code.standard_kodenavn() {
        v["kodenavn"] = json!(navn);
    }
    v
}

fn kode_of(value: Option<&Value>) -> Option<&str> {
    value?.get("kode").and_then(Value::as_str)
}

/// RFC 7396 merge patch.
fn merge(target: &mut Value, patch: &Value) {
    let (Value::Object(t), Value::Object(p)) = (&mut *target, patch) else {
        *target = patch.clone();
        return;
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

impl State {
    pub(super) fn new(base: String) -> State {
        let mut state = State {
            page_size: 25,
            base,
            ..State::default()
        };
        state.insert(
            Kind::Arkivdel,
            None,
            json!({"tittel": "Saksarkiv HINT",
            "arkivdelstatus": {"kode": "A", "kodenavn": "Aktiv periode"},
            "dokumentmedium": kode(Dokumentmedium::Elektronisk), "arkivperiodeStartDato": now()}),
        );
        state
    }

    pub(super) fn get(&self, kind: Kind, id: &str) -> Res<&Entity> {
        let found = self.entities.iter().find(|e| e.kind == kind && e.id == id);
        found.ok_or_else(|| feil(404, "no such entity"))
    }

    pub(super) fn get_mut(&mut self, kind: Kind, id: &str) -> Res<&mut Entity> {
        let found = self
            .entities
            .iter_mut()
            .find(|e| e.kind == kind && e.id == id);
        found.ok_or_else(|| feil(404, "no such entity"))
    }

    /// Every entity of a kind, or those under one parent.
    pub(super) fn all(&self, kind: Kind, parent: Option<&str>) -> Vec<&Entity> {
        let under = |e: &&Entity| parent.is_none_or(|p| e.parent.as_deref() == Some(p));
        self.entities
            .iter()
            .filter(|e| e.kind == kind)
            .filter(under)
            .collect()
    }

    /// Stores a new entity with its server fields; its `systemID`.
    pub(super) fn insert(&mut self, kind: Kind, parent: Option<&str>, mut value: Value) -> String {
        let id = new_id();
        value["systemID"] = json!(id);
        value["opprettetDato"] = now();
        value["opprettetAv"] = json!(USER);
        let parent = parent.map(str::to_owned);
        let (version, id2) = (1, id.clone());
        self.entities.push(Entity {
            kind,
            id,
            value,
            version,
            parent,
        });
        id2
    }

    fn next(&mut self, journal: bool) -> (i32, u64) {
        let year = Utc::now().year();
        let seq = self.seq.entry((journal, year)).or_insert(0);
        *seq += 1;
        (year, *seq)
    }

    /// Codes marked outdated are refused anywhere in what is created or changed.
    pub(super) fn check_codes(&self, value: &Value) -> Res<()> {
        match value {
            Value::Object(map) => map.iter().try_for_each(|(field, v)| {
                let liste = field.to_lowercase();
                if let Some(code) = kode_of(Some(v))
                    && KODELISTER.split_whitespace().any(|l| l == liste)
                    && self.utdatert.contains(&(liste, code.to_owned()))
                {
                    return Err(feil(
                        400,
                        format!("{field}: code `{code}` is outdated (utdatert)"),
                    ));
                }
                self.check_codes(v)
            }),
            Value::Array(items) => items.iter().try_for_each(|v| self.check_codes(v)),
            _ => Ok(()),
        }
    }

    /// Creates an entity under `parent` from a body already held to the contract. HINT Arkiv
    /// takes a journalpost's korrespondanseparter with it (`with_parts`), and demands one.
    pub(super) fn create(
        &mut self,
        kind: Kind,
        parent: Option<&str>,
        mut map: Map<String, Value>,
        with_parts: bool,
    ) -> Res<String> {
        let parent_value = match parent {
            Some(p) => kind
                .parents()
                .iter()
                .find_map(|k| self.get(*k, p).ok())
                .map(|e| e.value.clone()),
            None => None,
        };
        if parent.is_some() && parent_value.is_none() {
            return Err(feil(404, "no such entity"));
        }
        self.check_codes(&Value::Object(map.clone()))?;
        let tittel = map.get("tittel").and_then(Value::as_str);
        if kind != Kind::Dokumentobjekt && tittel.is_none_or(|t| t.trim().is_empty()) {
            return Err(feil(400, "tittel is required and must not be blank"));
        }
        let required = match kind {
            Kind::Journalpost => Some("journalposttype"),
            Kind::Dokumentbeskrivelse => Some("tilknyttetRegistreringSom"),
            _ => None,
        };
        if let Some(field) = required.filter(|f| kode_of(map.get(*f)).is_none()) {
            return Err(feil(400, format!("{field} is required")));
        }
        let siblings = self.all(kind, parent).len() as u64;
        let defaults = match kind {
            Kind::Saksmappe => {
                if kode_of(map.get("saksstatus")) == Some("A") {
                    return Err(feil(
                        400,
                        "a new saksmappe cannot be created closed (saksstatus A)",
                    ));
                }
                let (year, seq) = self.next(false);
                json!({"mappeID": format!("{year}/{seq}"), "saksaar": year, "sakssekvensnummer": seq,
                    "saksdato": format!("{}T00:00:00+00:00", Utc::now().date_naive()),
                    "saksstatus": kode(Saksstatus::UnderBehandling), "dokumentmedium": kode(Dokumentmedium::Elektronisk)})
            }
            Kind::Journalpost => {
                let sak = parent_value.unwrap_or_default();
                if kode_of(sak.get("saksstatus")) == Some("A") {
                    return Err(feil(409, "the saksmappe is closed; no new journalposter"));
                }
                let parts =
                    "korrespondansepartPerson korrespondansepartEnhet korrespondansepartIntern";
                let mut count = 0;
                let lists = map.iter_mut().filter(|(k, _)| parts.contains(k.as_str()));
                for part in lists.flat_map(|(_, v)| v.as_array_mut().into_iter().flatten()) {
                    part["systemID"] = json!(new_id());
                    count += 1;
                }
                if with_parts && count == 0 {
                    return Err(feil(
                        400,
                        "a journalpost needs at least one korrespondansepart",
                    ));
                }
                let (year, seq) = self.next(true);
                let mappe_id = sak["mappeID"].as_str().unwrap_or_default();
                json!({"registreringsID": format!("{mappe_id}-{}", siblings + 1), "journalaar": year,
                    "journalsekvensnummer": seq, "journalpostnummer": siblings + 1,
                    "journalstatus": kode(Journalstatus::Journalfoert),
                    "journaldato": format!("{}T00:00:00+00:00", Utc::now().date_naive())})
            }
            Kind::Dokumentbeskrivelse => json!({"dokumentnummer": siblings + 1,
                "dokumentstatus": {"kode": "F", "kodenavn": "Dokumentet er ferdigstilt"},
                "tilknyttetDato": now(), "tilknyttetAv": USER}),
            Kind::Dokumentobjekt => {
                for server_field in ["sjekksum", "filstoerrelse", "referanseDokumentfil"] {
                    map.remove(server_field);
                }
                json!({"versjonsnummer": siblings + 1, "variantformat": kode(Variantformat::Produksjonsformat)})
            }
            Kind::Arkivdel | Kind::Klasse => json!({}),
        };
        let objekter = match map.remove("dokumentobjekt") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let server =
            "mappeID saksaar sakssekvensnummer registreringsID journalaar journalsekvensnummer
            journalpostnummer journaldato dokumentnummer tilknyttetDato tilknyttetAv";
        for (field, value) in defaults.as_object().into_iter().flatten() {
            if server.split_whitespace().any(|f| f == field) {
                map.insert(field.clone(), value.clone());
            } else {
                map.entry(field.clone()).or_insert_with(|| value.clone());
            }
        }
        let id = self.insert(kind, parent, Value::Object(map));
        for objekt in objekter {
            let Value::Object(o) = objekt else { continue };
            self.create(Kind::Dokumentobjekt, Some(&id), o, false)?;
        }
        Ok(id)
    }

    /// Changes a saksmappe or journalpost, if still at the version `if_match` names.
    pub(super) fn change(
        &mut self,
        kind: Kind,
        id: &str,
        patch: &Value,
        if_match: Option<&str>,
    ) -> Res<()> {
        let entity = self.get(kind, id)?;
        let Some(tag) = if_match else {
            return Err(feil(
                428,
                "If-Match is required for changes (optimistic concurrency)",
            ));
        };
        let tag = tag.trim().trim_start_matches("W/").trim_matches('"');
        if tag != "*" && tag != entity.version.to_string() {
            let now = entity.version;
            return Err(feil(
                412,
                format!("the entity was changed by someone else (now version {now}); get it again"),
            ));
        }
        self.check_codes(patch)?;
        let fixed = "systemID mappeID saksaar sakssekvensnummer registreringsID journalaar journalsekvensnummer journalpostnummer opprettetDato opprettetAv";
        if let Some(field) = fixed.split(' ').find(|f| {
            patch
                .get(*f)
                .is_some_and(|v| Some(v) != entity.value.get(*f))
        }) {
            return Err(feil(400, format!("{field} cannot be changed")));
        }
        if patch
            .get("tittel")
            .is_some_and(|t| t.as_str().is_none_or(|t| t.trim().is_empty()))
        {
            return Err(feil(400, "tittel must not be blank"));
        }
        let status = |v: &Value, field| kode_of(v.get(field)).map(str::to_owned);
        let (field, done) = match kind {
            Kind::Saksmappe => ("saksstatus", ("avsluttetDato", "avsluttetAv")),
            _ => ("journalstatus", ("arkivertDato", "arkivertAv")),
        };
        let was_final = status(&entity.value, field).as_deref() == Some("A");
        let to_final = !was_final && status(patch, field).as_deref() == Some("A");
        if kind == Kind::Journalpost && was_final {
            return Err(feil(
                409,
                "the journalpost is archived (journalstatus A) and cannot change",
            ));
        }
        if let Some(f) = ["saksdato", "administrativEnhet", "saksansvarlig"]
            .into_iter()
            .find(|f| was_final && patch.get(*f).is_some())
        {
            return Err(feil(
                409,
                format!("the saksmappe is closed; {f} can no longer change"),
            ));
        }
        if kind == Kind::Saksmappe && to_final {
            let open: Vec<&str> = self
                .all(Kind::Journalpost, Some(id))
                .into_iter()
                .filter(|jp| {
                    !Journalstatus::from_kode(
                        kode_of(jp.value.get("journalstatus")).unwrap_or_default(),
                    )
                    .is_finished()
                })
                .filter_map(|jp| jp.value["registreringsID"].as_str())
                .collect();
            if !open.is_empty() {
                let open = open.join(", ");
                return Err(feil(
                    409,
                    format!(
                        "the saksmappe cannot be closed while journalposter are open (not J, E, A or U): {open}"
                    ),
                ));
            }
        }
        let entity = self.get_mut(kind, id)?;
        merge(&mut entity.value, patch);
        if let Some(code) = status(&entity.value, field) {
            entity.value[field] = match kind {
                Kind::Saksmappe => kode(Saksstatus::from_kode(&code)),
                _ => kode(Journalstatus::from_kode(&code)),
            };
        }
        if to_final {
            entity.value[done.0] = now();
            entity.value[done.1] = json!(USER);
        }
        entity.value["endretDato"] = now();
        entity.value["endretAv"] = json!(USER);
        entity.version += 1;
        Ok(())
    }

    /// Stores a dokumentobjekt's file: its `sjekksum`, size, media type and format.
    pub(super) fn store_file(
        &mut self,
        id: &str,
        bytes: Vec<u8>,
        mime: &str,
        filnavn: Option<String>,
    ) -> Res<()> {
        let entity = self.get_mut(Kind::Dokumentobjekt, id)?;
        let mime = mime.split(';').next().unwrap_or_default().trim().to_owned();
        if let Some(declared) = entity.value["mimeType"]
            .as_str()
            .filter(|d| !d.eq_ignore_ascii_case(&mime))
        {
            return Err(feil(
                400,
                format!("Content-Type {mime} does not match the declared mimeType {declared}"),
            ));
        }
        let v = &mut entity.value;
        v["sjekksum"] = json!(crate::dokument::sha256_hex(&bytes));
        v["sjekksumAlgoritme"] = json!(crate::SJEKKSUM_ALGORITME);
        v["filstoerrelse"] = json!(bytes.len());
        v["format"] = match mime.as_str() {
            "application/pdf" => json!({"kode": "fmt/276", "kodenavn": "PDF 1.7"}),
            _ => kode(crate::kode::Format::Ukjent),
        };
        v["mimeType"] = json!(mime);
        v["referanseDokumentfil"] = json!(format!("dokumentobjekter/{id}/referanseFil"));
        if let Some(name) = filnavn.filter(|_| v.get("filnavn").is_none()) {
            v["filnavn"] = json!(name);
        }
        entity.version += 1;
        self.files.insert(id.to_owned(), (bytes, mime));
        Ok(())
    }

    /// A code list with the codes this archive marks outdated.
    pub(super) fn kodeliste(&self, liste: &str) -> Res<Vec<Value>> {
        fn codes<T: Kodeliste>(all: &[T]) -> Vec<Value> {
            all.iter().map(|c| kode(c.clone())).collect()
        }
        use crate::kode::*;
        let mut values = match liste {
            "saksstatus" => codes(Saksstatus::KNOWN),
            "journalposttype" => codes(Journalposttype::KNOWN),
            "journalstatus" => codes(Journalstatus::KNOWN),
            "dokumentstatus" => codes(Dokumentstatus::KNOWN),
            "dokumenttype" => codes(Dokumenttype::KNOWN),
            "tilknyttetregistreringsom" => codes(TilknyttetRegistreringSom::KNOWN),
            "variantformat" => codes(Variantformat::KNOWN),
            "korrespondanseparttype" => codes(Korrespondanseparttype::KNOWN),
            "tilgangsrestriksjon" => codes(Tilgangsrestriksjon::KNOWN),
            _ => return Err(feil(404, format!("no code list {liste}"))),
        };
        for v in &mut values {
            let code = v["kode"].as_str().unwrap_or_default().to_owned();
            if self.utdatert.contains(&(liste.to_owned(), code)) {
                v["utdatert"] = json!("2024-01-01T00:00:00+01:00");
            }
        }
        Ok(values)
    }

    /// An entity as HINT Arkiv answers it: a dokumentbeskrivelse with its dokumentobjekter.
    pub(super) fn hint(&self, e: &Entity) -> Value {
        let mut v = e.value.clone();
        if e.kind == Kind::Dokumentbeskrivelse {
            let objekter = self.all(Kind::Dokumentobjekt, Some(&e.id));
            v["dokumentobjekt"] = objekter.into_iter().map(|o| o.value.clone()).collect();
        }
        v
    }

    /// An entity as the Noark face answers it: with `_links` (absolute hrefs), the
    /// korrespondanseparter as entities of their own (not embedded), the file at its link.
    pub(super) fn noark(&self, e: &Entity) -> Value {
        let me = format!("{}{}/{}", self.base, e.kind.noark(), e.id);
        let mut links = json!({"self": {"href": me}, e.kind.rel(): {"href": me}});
        for relation in e.kind.below() {
            links[*relation] = json!({"href": format!("{me}/{}", segment(relation))});
        }
        let mut v = e.value.clone();
        if let (Kind::Journalpost, Some(sak)) = (e.kind, &e.parent) {
            let href = format!("{}{}/{sak}", self.base, Kind::Saksmappe.noark());
            links[rel::SAKSMAPPE] = json!({"href": href});
        }
        if let Some(map) = v.as_object_mut() {
            map.retain(|k, _| !k.starts_with("korrespondansepart"));
            if map.contains_key("referanseDokumentfil") {
                map.insert(
                    "referanseDokumentfil".into(),
                    json!(format!("{me}/referanseFil")),
                );
            }
        }
        v["_links"] = links;
        v
    }
}
