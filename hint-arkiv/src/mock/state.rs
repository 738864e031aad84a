//! The archive and its rules, the same for both faces: entities as the JSON the standard writes,
//! with their versions and parents; the counters; the files.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Utc};
use hint_core::mock::upload::ChunkedUploads;
use hint_core::mock::version::{check_if_match, merge_patch};
use hint_core::mock::wire::{new_id, strip_nulls};
use hint_core::mock::{ErrorShape, Reply};
use serde_json::{Map, Value, json};

use crate::kode::{Dokumentmedium, Journalstatus, Kodeliste, Saksstatus, Variantformat};
use crate::links::rel;
use crate::routes::noark::{FIXED, KINDS, KODELISTER, Kind, SERVER_SET, segment};

/// What a transition answers when the archive refuses.
pub(super) type Res<T> = Result<T, Reply>;

/// A refusal in Noark's shape, `{"feil": {"kode": "<status>", "beskrivelse"}}`.
pub(super) fn feil(status: u16, beskrivelse: impl Into<String>) -> Reply {
    ErrorShape::Noark.error(status, "", beskrivelse, None)
}

/// [`feil`] as a refused transition.
pub(super) fn refuse<T>(status: u16, beskrivelse: impl Into<String>) -> Res<T> {
    Err(feil(status, beskrivelse))
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

pub(super) fn now() -> Value {
    json!(Utc::now().to_rfc3339())
}

fn today() -> Value {
    json!(format!("{}T00:00:00+00:00", Utc::now().date_naive()))
}

pub(super) fn kode<T: Kodeliste>(code: T) -> Value {
    strip_nulls(json!({"kode": code.as_str(), "kodenavn": code.standard_kodenavn()}))
}

fn kode_of(value: Option<&Value>) -> Option<&str> {
    value?.get("kode").and_then(Value::as_str)
}

impl State {
    pub(super) fn new(base: String) -> State {
        let mut state = State {
            page_size: 25,
            base,
            ..State::default()
        };
        let arkivdel = json!({"tittel": "Saksarkiv HINT",
            "arkivdelstatus": {"kode": "A", "kodenavn": "Aktiv periode"},
            "dokumentmedium": kode(Dokumentmedium::Elektronisk), "arkivperiodeStartDato": now()});
        state.insert(Kind::Arkivdel, None, arkivdel);
        state
    }

    /// The entity with this `systemID`, if it is of one of the kinds.
    pub(super) fn find(&self, kinds: &[Kind], id: &str) -> Res<&Entity> {
        let mut all = self.entities.iter();
        let found = all.find(|e| e.id == id && kinds.contains(&e.kind));
        found.ok_or_else(|| feil(404, "no such entity"))
    }

    pub(super) fn get(&self, kind: Kind, id: &str) -> Res<&Entity> {
        self.find(&[kind], id)
    }

    pub(super) fn get_mut(&mut self, kind: Kind, id: &str) -> Res<&mut Entity> {
        let mut all = self.entities.iter_mut();
        let found = all.find(|e| e.kind == kind && e.id == id);
        found.ok_or_else(|| feil(404, "no such entity"))
    }

    /// Every entity of a kind, or those under one parent.
    pub(super) fn all(&self, kind: Kind, parent: Option<&str>) -> Vec<&Entity> {
        let under = |e: &&Entity| parent.is_none_or(|p| e.parent.as_deref() == Some(p));
        let of_kind = self.entities.iter().filter(|e| e.kind == kind);
        of_kind.filter(under).collect()
    }

    /// Stores a new entity with its server fields; its `systemID`.
    pub(super) fn insert(&mut self, kind: Kind, parent: Option<&str>, mut value: Value) -> String {
        let id = new_id();
        value["systemID"] = json!(id);
        value["opprettetDato"] = now();
        value["opprettetAv"] = json!(USER);
        let parent = parent.map(str::to_owned);
        let entity = Entity {
            kind,
            id: id.clone(),
            value,
            version: 1,
            parent,
        };
        self.entities.push(entity);
        id
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
                    let why = format!("{field}: code `{code}` is outdated (utdatert)");
                    return refuse(400, why);
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
        let found = parent.map(|p| self.find(kind.parents(), p)).transpose()?;
        let parent_value = found.map(|e| e.value.clone()).unwrap_or_default();
        self.check_codes(&Value::Object(map.clone()))?;
        let tittel = map.get("tittel").and_then(Value::as_str);
        if kind != Kind::Dokumentobjekt && tittel.is_none_or(|t| t.trim().is_empty()) {
            return refuse(400, "tittel is required and must not be blank");
        }
        let required = match kind {
            Kind::Journalpost => Some("journalposttype"),
            Kind::Dokumentbeskrivelse => Some("tilknyttetRegistreringSom"),
            _ => None,
        };
        if let Some(field) = required.filter(|f| kode_of(map.get(*f)).is_none()) {
            return refuse(400, format!("{field} is required"));
        }
        let number = self.all(kind, parent).len() as u64 + 1;
        let defaults = match kind {
            Kind::Saksmappe => {
                if kode_of(map.get("saksstatus")) == Some("A") {
                    let why = "a new saksmappe cannot be created closed (saksstatus A)";
                    return refuse(400, why);
                }
                let (year, seq) = self.next(false);
                json!({"mappeID": format!("{year}/{seq}"), "saksaar": year, "sakssekvensnummer": seq,
                    "saksdato": today(), "saksstatus": kode(Saksstatus::UnderBehandling),
                    "dokumentmedium": kode(Dokumentmedium::Elektronisk)})
            }
            Kind::Journalpost => {
                if kode_of(parent_value.get("saksstatus")) == Some("A") {
                    return refuse(409, "the saksmappe is closed; no new journalposter");
                }
                let part_list = |(k, _): &(&String, _)| k.starts_with("korrespondansepart");
                let lists = map.iter_mut().filter(part_list);
                let parts = lists.flat_map(|(_, v)| v.as_array_mut().into_iter().flatten());
                let mut count = 0;
                for part in parts {
                    part["systemID"] = json!(new_id());
                    count += 1;
                }
                if with_parts && count == 0 {
                    return refuse(400, "a journalpost needs at least one korrespondansepart");
                }
                let (year, seq) = self.next(true);
                let mappe_id = parent_value["mappeID"].as_str().unwrap_or_default();
                json!({"registreringsID": format!("{mappe_id}-{number}"), "journalaar": year,
                    "journalsekvensnummer": seq, "journalpostnummer": number,
                    "journalstatus": kode(Journalstatus::Journalfoert), "journaldato": today()})
            }
            Kind::Dokumentbeskrivelse => json!({"dokumentnummer": number,
                "dokumentstatus": {"kode": "F", "kodenavn": "Dokumentet er ferdigstilt"},
                "tilknyttetDato": now(), "tilknyttetAv": USER}),
            Kind::Dokumentobjekt => {
                let server = ["sjekksum", "filstoerrelse", "referanseDokumentfil"];
                map.retain(|f, _| !server.contains(&f.as_str()));
                json!({"versjonsnummer": number, "variantformat": kode(Variantformat::Produksjonsformat)})
            }
            Kind::Arkivdel | Kind::Klasse => json!({}),
        };
        let objekter = map.remove("dokumentobjekt").unwrap_or_default();
        for (field, value) in defaults.as_object().into_iter().flatten() {
            let server_set = SERVER_SET.split_whitespace().any(|f| f == field);
            if server_set || !map.contains_key(field) {
                map.insert(field.clone(), value.clone());
            }
        }
        let id = self.insert(kind, parent, Value::Object(map));
        let objekter = objekter.as_array().into_iter().flatten();
        for o in objekter.filter_map(Value::as_object) {
            self.create(Kind::Dokumentobjekt, Some(&id), o.clone(), false)?;
        }
        Ok(id)
    }

    /// Changes a saksmappe or journalpost, if still at the version `tag` (`If-Match`) names.
    pub(super) fn change(
        &mut self,
        kind: Kind,
        id: &str,
        patch: &Value,
        tag: Option<&str>,
    ) -> Res<()> {
        let entity = self.get(kind, id)?;
        check_if_match(ErrorShape::Noark, tag, entity.version)?;
        self.check_codes(patch)?;
        let changes =
            |f: &&str| matches!(patch.get(*f), Some(v) if Some(v) != entity.value.get(*f));
        if let Some(field) = FIXED.split_whitespace().find(changes) {
            return refuse(400, format!("{field} cannot be changed"));
        }
        let blank = |t: &Value| t.as_str().is_none_or(|t| t.trim().is_empty());
        if patch.get("tittel").is_some_and(blank) {
            return refuse(400, "tittel must not be blank");
        }
        let status = |v: &Value, field| kode_of(v.get(field)).map(str::to_owned);
        let (field, done) = match kind {
            Kind::Saksmappe => ("saksstatus", ("avsluttetDato", "avsluttetAv")),
            _ => ("journalstatus", ("arkivertDato", "arkivertAv")),
        };
        let was_final = status(&entity.value, field).as_deref() == Some("A");
        let to_final = !was_final && status(patch, field).as_deref() == Some("A");
        if kind == Kind::Journalpost && was_final {
            let why = "the journalpost is archived (journalstatus A) and cannot change";
            return refuse(409, why);
        }
        let locked = ["saksdato", "administrativEnhet", "saksansvarlig"];
        let touched = |f: &&str| was_final && patch.get(*f).is_some();
        if let Some(f) = locked.into_iter().find(touched) {
            let why = format!("the saksmappe is closed; {f} can no longer change");
            return refuse(409, why);
        }
        if kind == Kind::Saksmappe && to_final {
            let open = |jp: &&&Entity| {
                let code = kode_of(jp.value.get("journalstatus")).unwrap_or_default();
                !Journalstatus::from_kode(code).is_finished()
            };
            let journalposter = self.all(Kind::Journalpost, Some(id));
            let open = journalposter.iter().filter(open);
            let open: Vec<&str> = open
                .filter_map(|jp| jp.value["registreringsID"].as_str())
                .collect();
            if !open.is_empty() {
                let why = "the saksmappe cannot be closed while journalposter are open (not J, E, A or U)";
                return refuse(409, format!("{why}: {}", open.join(", ")));
            }
        }
        let entity = self.get_mut(kind, id)?;
        merge_patch(&mut entity.value, patch);
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
        let v = &mut entity.value;
        let declared = v["mimeType"].as_str();
        if let Some(declared) = declared.filter(|d| !d.eq_ignore_ascii_case(&mime)) {
            let why = "does not match the declared mimeType";
            return refuse(400, format!("Content-Type {mime} {why} {declared}"));
        }
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
            _ => return refuse(404, format!("no code list {liste}")),
        };
        for v in &mut values {
            let code = v["kode"].as_str().unwrap_or_default().to_owned();
            if self.utdatert.contains(&(liste.to_owned(), code)) {
                v["utdatert"] = json!("2024-01-01T00:00:00+01:00");
            }
        }
        Ok(values)
    }

    /// An entity as the Noark face (`noark`) or HINT Arkiv answers it.
    pub(super) fn render(&self, e: &Entity, noark: bool) -> Value {
        [Self::hint, Self::noark][usize::from(noark)](self, e)
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
        for relation in KINDS[e.kind as usize].3 {
            links[*relation] = json!({"href": format!("{me}/{}", segment(relation))});
        }
        if let (Kind::Journalpost, Some(sak)) = (e.kind, &e.parent) {
            let href = format!("{}{}/{sak}", self.base, Kind::Saksmappe.noark());
            links[rel::SAKSMAPPE] = json!({"href": href});
        }
        let mut v = e.value.clone();
        if let Some(map) = v.as_object_mut() {
            map.retain(|k, _| !k.starts_with("korrespondansepart"));
            if map.contains_key("referanseDokumentfil") {
                let href = json!(format!("{me}/referanseFil"));
                map.insert("referanseDokumentfil".into(), href);
            }
        }
        v["_links"] = links;
        v
    }
}
