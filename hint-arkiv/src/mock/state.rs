//! The mock archive's state and rules, independent of HTTP.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Utc};
use serde_json::{Map, Value, json};

use crate::dokument::sha256_hex;
use crate::kode::{Journalstatus, Kodeliste, Saksstatus};
use crate::korrespondansepart::Korrespondanseparter;

/// An answer: status, JSON or raw body, extra headers.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Body,
    pub(crate) headers: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) enum Body {
    None,
    Json(Value),
    Raw { bytes: Vec<u8>, mime: String },
}

impl Answer {
    pub(crate) fn json(status: u16, value: Value) -> Self {
        Answer {
            status,
            body: Body::Json(value),
            headers: Vec::new(),
        }
    }

    pub(crate) fn feil(status: u16, beskrivelse: impl Into<String>) -> Self {
        Answer::json(
            status,
            json!({"feil": {"kode": status.to_string(), "beskrivelse": beskrivelse.into()}}),
        )
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    fn etag(self, version: u64) -> Self {
        self.header("etag", format!("\"{version}\""))
    }
}

type Res<T> = Result<T, Answer>;

#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub(crate) value: Value,
    pub(crate) version: u64,
    pub(crate) parent: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredFile {
    pub(crate) bytes: Vec<u8>,
    pub(crate) mime: String,
}

#[derive(Debug)]
struct Session {
    objekt: String,
    total: u64,
    mime: String,
    filnavn: Option<String>,
    data: Vec<u8>,
}

/// One entity collection with its insertion order.
#[derive(Debug, Default)]
pub(crate) struct Collection {
    pub(crate) order: Vec<String>,
    pub(crate) items: HashMap<String, Entity>,
}

impl Collection {
    fn insert(&mut self, id: String, entity: Entity) {
        self.order.push(id.clone());
        self.items.insert(id, entity);
    }

    pub(crate) fn children(&self, parent: &str) -> Vec<&Entity> {
        self.order
            .iter()
            .filter_map(|id| self.items.get(id))
            .filter(|e| e.parent.as_deref() == Some(parent))
            .collect()
    }

    pub(crate) fn all(&self) -> Vec<&Entity> {
        self.order
            .iter()
            .filter_map(|id| self.items.get(id))
            .collect()
    }
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) saker: Collection,
    pub(crate) journalposter: Collection,
    pub(crate) dokumentbeskrivelser: Collection,
    pub(crate) dokumentobjekter: Collection,
    pub(crate) files: HashMap<String, StoredFile>,
    sessions: HashMap<String, Session>,
    idempotent: HashMap<String, Answer>,
    sak_seq: HashMap<i32, u64>,
    journal_seq: HashMap<i32, u64>,
    pub(crate) utdatert: HashSet<(String, String)>,
    pub(crate) page_size: usize,
    pub(crate) user: String,
}

impl Default for State {
    fn default() -> Self {
        State {
            saker: Collection::default(),
            journalposter: Collection::default(),
            dokumentbeskrivelser: Collection::default(),
            dokumentobjekter: Collection::default(),
            files: HashMap::new(),
            sessions: HashMap::new(),
            idempotent: HashMap::new(),
            sak_seq: HashMap::new(),
            journal_seq: HashMap::new(),
            utdatert: HashSet::new(),
            page_size: 25,
            user: "HINT mock-klient".to_owned(),
        }
    }
}

/// A request as the state machine sees it.
pub(crate) struct Req<'a> {
    pub(crate) method: &'a str,
    pub(crate) segments: Vec<String>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) header: &'a dyn Fn(&str) -> Option<String>,
    pub(crate) body: &'a [u8],
}

fn now() -> String {
    Utc::now().to_rfc3339()
}

fn today() -> String {
    Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn parse_json(body: &[u8]) -> Res<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Answer::feil(400, "the body must be a JSON object")),
    }
}

fn str_of<'a>(map: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    map.get(field).and_then(Value::as_str)
}

fn kode_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("kode").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn kode<T: Kodeliste>(code: &T) -> Value {
    let mut v = json!({"kode": code.as_str()});
    if let Some(navn) = code.standard_kodenavn() {
        v["kodenavn"] = json!(navn);
    }
    v
}

fn require_tittel(map: &Map<String, Value>) -> Res<()> {
    if str_of(map, "tittel").is_none_or(|t| t.trim().is_empty()) {
        return Err(Answer::feil(
            400,
            "tittel is required and must not be blank",
        ));
    }
    Ok(())
}

/// RFC 7396 merge patch.
fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(t) = target {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        merge(t.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

impl State {
    /// Codes the archive considers outdated, checked on everything that is created or changed.
    fn check_codes(&self, value: &Value) -> Res<()> {
        const LISTS: &[(&str, &str)] = &[
            ("saksstatus", "saksstatus"),
            ("journalposttype", "journalposttype"),
            ("journalstatus", "journalstatus"),
            ("dokumentstatus", "dokumentstatus"),
            ("dokumenttype", "dokumenttype"),
            ("tilknyttetRegistreringSom", "tilknyttetregistreringsom"),
            ("variantformat", "variantformat"),
            ("korrespondanseparttype", "korrespondanseparttype"),
            ("tilgangsrestriksjon", "tilgangsrestriksjon"),
        ];
        match value {
            Value::Object(map) => {
                for (field, v) in map {
                    if let Some((_, liste)) = LISTS.iter().find(|(f, _)| f == field)
                        && let Some(code) = kode_of(Some(v))
                        && self.utdatert.contains(&(liste.to_string(), code.clone()))
                    {
                        return Err(Answer::feil(
                            400,
                            format!("{field}: code `{code}` is outdated (utdatert)"),
                        ));
                    }
                    self.check_codes(v)?;
                }
                Ok(())
            }
            Value::Array(items) => items.iter().try_for_each(|v| self.check_codes(v)),
            _ => Ok(()),
        }
    }

    pub(crate) fn handle(&mut self, req: &Req<'_>) -> Answer {
        let key = (req.method == "POST")
            .then(|| (req.header)("idempotency-key"))
            .flatten();
        if let Some(key) = &key {
            let stored = format!("{}|{}", req.segments.join("/"), key);
            if let Some(answer) = self.idempotent.get(&stored) {
                return answer.clone();
            }
            let answer = self.route(req).unwrap_or_else(|e| e);
            if (200..300).contains(&answer.status) {
                self.idempotent.insert(stored, answer.clone());
            }
            return answer;
        }
        self.route(req).unwrap_or_else(|e| e)
    }

    fn route(&mut self, req: &Req<'_>) -> Res<Answer> {
        let s: Vec<&str> = req.segments.iter().map(String::as_str).collect();
        match (req.method, s.as_slice()) {
            ("POST", ["saker"]) => {
                let map = parse_json(req.body)?;
                let value = self.create_sak(map)?;
                Ok(self.created(&value, "saker", 1))
            }
            ("GET", ["saker"]) => self.list(
                req,
                |st| {
                    st.saker
                        .all()
                        .into_iter()
                        .map(|e| e.value.clone())
                        .collect()
                },
                "saker",
            ),
            ("GET", ["saker", id]) => get(&self.saker, id),
            ("PATCH", ["saker", id]) => self.patch_sak(id, req),
            ("POST", ["saker", id, "journalposter"]) => {
                let map = parse_json(req.body)?;
                let value = self.create_journalpost(id, map)?;
                Ok(self.created(&value, "journalposter", 1))
            }
            ("GET", ["saker", id, "journalposter"]) => {
                exists(&self.saker, id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| {
                        st.journalposter
                            .children(&id)
                            .into_iter()
                            .map(|e| e.value.clone())
                            .collect()
                    },
                    &format!("saker/{}/journalposter", s[1]),
                )
            }
            ("GET", ["journalposter", id]) => get(&self.journalposter, id),
            ("PATCH", ["journalposter", id]) => self.patch_journalpost(id, req),
            ("POST", ["journalposter", id, "dokumentbeskrivelser"]) => {
                let map = parse_json(req.body)?;
                let value = self.create_dokumentbeskrivelse(id, map)?;
                Ok(self.created(&value, "dokumentbeskrivelser", 1))
            }
            ("GET", ["journalposter", id, "dokumentbeskrivelser"]) => {
                exists(&self.journalposter, id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| {
                        st.dokumentbeskrivelser
                            .children(&id)
                            .into_iter()
                            .map(|e| st.with_objekter(&e.value))
                            .collect()
                    },
                    &format!("journalposter/{}/dokumentbeskrivelser", s[1]),
                )
            }
            ("GET", ["dokumentbeskrivelser", id]) => {
                let e = self
                    .dokumentbeskrivelser
                    .items
                    .get(*id)
                    .ok_or_else(not_found)?;
                Ok(Answer::json(200, self.with_objekter(&e.value)).etag(e.version))
            }
            ("POST", ["dokumentbeskrivelser", id, "dokumentobjekter"]) => {
                exists(&self.dokumentbeskrivelser, id)?;
                let map = parse_json(req.body)?;
                let value = self.create_dokumentobjekt(id, map)?;
                Ok(self.created(&value, "dokumentobjekter", 1))
            }
            ("GET", ["dokumentbeskrivelser", id, "dokumentobjekter"]) => {
                exists(&self.dokumentbeskrivelser, id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| {
                        st.dokumentobjekter
                            .children(&id)
                            .into_iter()
                            .map(|e| e.value.clone())
                            .collect()
                    },
                    &format!("dokumentbeskrivelser/{}/dokumentobjekter", s[1]),
                )
            }
            ("GET", ["dokumentobjekter", id]) => get(&self.dokumentobjekter, id),
            ("POST", ["dokumentobjekter", id, "referanseFil"]) => self.upload(id, req),
            ("GET", ["dokumentobjekter", id, "referanseFil"]) => {
                exists(&self.dokumentobjekter, id)?;
                let file = self.files.get(*id).ok_or_else(|| {
                    Answer::feil(404, "no file has been uploaded to this dokumentobjekt")
                })?;
                Ok(Answer {
                    status: 200,
                    body: Body::Raw {
                        bytes: file.bytes.clone(),
                        mime: file.mime.clone(),
                    },
                    headers: Vec::new(),
                })
            }
            ("PUT", ["opplastinger", sid]) => self.upload_chunk(sid, req),
            ("GET", ["metadata", liste]) => self.kodeliste(liste),
            _ => Err(Answer::feil(
                404,
                format!("no route for {} /{}", req.method, s.join("/")),
            )),
        }
    }

    fn created(&self, value: &Value, collection: &str, version: u64) -> Answer {
        let id = value["systemID"].as_str().unwrap_or_default();
        Answer::json(201, value.clone())
            .etag(version)
            .header("location", format!("{collection}/{id}"))
    }

    // ---- Saker ----------------------------------------------------------------------------------

    pub(crate) fn create_sak(&mut self, mut map: Map<String, Value>) -> Res<Value> {
        require_tittel(&map)?;
        self.check_codes(&Value::Object(map.clone()))?;
        let year = Utc::now().year();
        let seq = self.sak_seq.entry(year).or_insert(0);
        *seq += 1;
        let seq = *seq;
        let id = new_id();
        map.insert("systemID".into(), json!(id));
        map.insert("mappeID".into(), json!(format!("{year}/{seq}")));
        map.insert("saksaar".into(), json!(year));
        map.insert("sakssekvensnummer".into(), json!(seq));
        map.entry("saksdato").or_insert_with(|| json!(today()));
        map.entry("saksstatus")
            .or_insert_with(|| kode(&Saksstatus::UnderBehandling));
        map.entry("dokumentmedium")
            .or_insert_with(|| json!({"kode": "E", "kodenavn": "Elektronisk arkiv"}));
        map.insert("opprettetDato".into(), json!(now()));
        map.insert("opprettetAv".into(), json!(self.user));
        if kode_of(map.get("saksstatus")).as_deref() == Some("A") {
            return Err(Answer::feil(
                400,
                "a new saksmappe cannot be created closed (saksstatus A)",
            ));
        }
        let value = Value::Object(map);
        self.saker.insert(
            id,
            Entity {
                value: value.clone(),
                version: 1,
                parent: None,
            },
        );
        Ok(value)
    }

    fn patch_sak(&mut self, id: &str, req: &Req<'_>) -> Res<Answer> {
        let patch = Value::Object(parse_json(req.body)?);
        let entity = self.saker.items.get(id).ok_or_else(not_found)?;
        check_if_match(req, entity.version)?;
        self.check_codes(&patch)?;
        for field in [
            "systemID",
            "mappeID",
            "saksaar",
            "sakssekvensnummer",
            "opprettetDato",
            "opprettetAv",
        ] {
            if patch
                .get(field)
                .is_some_and(|v| Some(v) != entity.value.get(field))
            {
                return Err(Answer::feil(400, format!("{field} cannot be changed")));
            }
        }
        if patch
            .get("tittel")
            .is_some_and(|t| t.as_str().is_none_or(|t| t.trim().is_empty()))
        {
            return Err(Answer::feil(400, "tittel must not be blank"));
        }
        let closed = kode_of(entity.value.get("saksstatus")).as_deref() == Some("A");
        if closed {
            for field in ["saksdato", "administrativEnhet", "saksansvarlig"] {
                if patch.get(field).is_some() {
                    return Err(Answer::feil(
                        409,
                        format!("the saksmappe is closed; {field} can no longer change"),
                    ));
                }
            }
        }
        let closing = !closed && kode_of(patch.get("saksstatus")).as_deref() == Some("A");
        if closing {
            let open: Vec<String> = self
                .journalposter
                .children(id)
                .into_iter()
                .filter(|jp| {
                    !Journalstatus::from(
                        kode_of(jp.value.get("journalstatus"))
                            .unwrap_or_default()
                            .as_str(),
                    )
                    .is_finished()
                })
                .filter_map(|jp| {
                    jp.value
                        .get("registreringsID")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .collect();
            if !open.is_empty() {
                return Err(Answer::feil(
                    409,
                    format!(
                        "the saksmappe cannot be closed while journalposter are open (not J, E, A or U): {}",
                        open.join(", ")
                    ),
                ));
            }
        }
        let user = self.user.clone();
        let entity = self.saker.items.get_mut(id).ok_or_else(not_found)?;
        merge(&mut entity.value, &patch);
        if let Some(Value::Object(s)) = entity.value.get_mut("saksstatus")
            && s.get("kode").and_then(Value::as_str) == Some("A")
            && !s.contains_key("kodenavn")
        {
            s.insert("kodenavn".into(), json!("Avsluttet"));
        }
        if closing {
            entity.value["avsluttetDato"] = json!(now());
            entity.value["avsluttetAv"] = json!(user);
        }
        entity.value["endretDato"] = json!(now());
        entity.value["endretAv"] = json!(user);
        entity.version += 1;
        Ok(Answer::json(200, entity.value.clone()).etag(entity.version))
    }

    // ---- Journalposter --------------------------------------------------------------------------

    pub(crate) fn create_journalpost(
        &mut self,
        sak: &str,
        mut map: Map<String, Value>,
    ) -> Res<Value> {
        let parent = self.saker.items.get(sak).ok_or_else(not_found)?;
        if kode_of(parent.value.get("saksstatus")).as_deref() == Some("A") {
            return Err(Answer::feil(
                409,
                "the saksmappe is closed; no new journalposter",
            ));
        }
        let mappe_id = parent
            .value
            .get("mappeID")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        require_tittel(&map)?;
        if kode_of(map.get("journalposttype")).is_none() {
            return Err(Answer::feil(400, "journalposttype is required"));
        }
        let value = Value::Object(map.clone());
        self.check_codes(&value)?;
        let parts: Korrespondanseparter = serde_json::from_value(value).map_err(|e| {
            Answer::feil(
                400,
                format!(
                    "korrespondansepart: {}",
                    crate::mock::strip_digits(&e.to_string())
                ),
            )
        })?;
        if parts.is_empty() {
            return Err(Answer::feil(
                400,
                "a journalpost needs at least one korrespondansepart",
            ));
        }
        for list in [
            "korrespondansepartPerson",
            "korrespondansepartEnhet",
            "korrespondansepartIntern",
        ] {
            if let Some(Value::Array(items)) = map.get_mut(list) {
                for item in items {
                    item["systemID"] = json!(new_id());
                }
            }
        }
        let year = Utc::now().year();
        let seq = self.journal_seq.entry(year).or_insert(0);
        *seq += 1;
        let journalsekvensnummer = *seq;
        let nummer = self.journalposter.children(sak).len() as u64 + 1;
        let id = new_id();
        map.insert("systemID".into(), json!(id));
        map.insert(
            "registreringsID".into(),
            json!(format!("{mappe_id}-{nummer}")),
        );
        map.insert("journalaar".into(), json!(year));
        map.insert("journalsekvensnummer".into(), json!(journalsekvensnummer));
        map.insert("journalpostnummer".into(), json!(nummer));
        map.entry("journalstatus")
            .or_insert_with(|| kode(&Journalstatus::Journalfoert));
        map.insert("journaldato".into(), json!(today()));
        map.insert("opprettetDato".into(), json!(now()));
        map.insert("opprettetAv".into(), json!(self.user));
        let value = Value::Object(map);
        self.journalposter.insert(
            id,
            Entity {
                value: value.clone(),
                version: 1,
                parent: Some(sak.to_owned()),
            },
        );
        Ok(value)
    }

    fn patch_journalpost(&mut self, id: &str, req: &Req<'_>) -> Res<Answer> {
        let patch = Value::Object(parse_json(req.body)?);
        let entity = self.journalposter.items.get(id).ok_or_else(not_found)?;
        check_if_match(req, entity.version)?;
        self.check_codes(&patch)?;
        for field in [
            "systemID",
            "registreringsID",
            "journalaar",
            "journalsekvensnummer",
            "journalpostnummer",
            "opprettetDato",
            "opprettetAv",
        ] {
            if patch
                .get(field)
                .is_some_and(|v| Some(v) != entity.value.get(field))
            {
                return Err(Answer::feil(400, format!("{field} cannot be changed")));
            }
        }
        if kode_of(entity.value.get("journalstatus")).as_deref() == Some("A") {
            return Err(Answer::feil(
                409,
                "the journalpost is archived (journalstatus A) and cannot change",
            ));
        }
        if patch
            .get("tittel")
            .is_some_and(|t| t.as_str().is_none_or(|t| t.trim().is_empty()))
        {
            return Err(Answer::feil(400, "tittel must not be blank"));
        }
        let archiving = kode_of(patch.get("journalstatus")).as_deref() == Some("A");
        let user = self.user.clone();
        let entity = self.journalposter.items.get_mut(id).ok_or_else(not_found)?;
        merge(&mut entity.value, &patch);
        if let Some(code) = kode_of(entity.value.get("journalstatus")) {
            entity.value["journalstatus"] = kode(&Journalstatus::from(code.as_str()));
        }
        if archiving {
            entity.value["arkivertDato"] = json!(now());
            entity.value["arkivertAv"] = json!(user);
        }
        entity.value["endretDato"] = json!(now());
        entity.value["endretAv"] = json!(user);
        entity.version += 1;
        Ok(Answer::json(200, entity.value.clone()).etag(entity.version))
    }

    // ---- Dokumenter -----------------------------------------------------------------------------

    pub(crate) fn create_dokumentbeskrivelse(
        &mut self,
        journalpost: &str,
        mut map: Map<String, Value>,
    ) -> Res<Value> {
        exists(&self.journalposter, journalpost)?;
        require_tittel(&map)?;
        if kode_of(map.get("tilknyttetRegistreringSom")).is_none() {
            return Err(Answer::feil(400, "tilknyttetRegistreringSom is required"));
        }
        self.check_codes(&Value::Object(map.clone()))?;
        let objekter = match map.remove("dokumentobjekt") {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Err(Answer::feil(400, "dokumentobjekt must be a list")),
        };
        let nummer = self.dokumentbeskrivelser.children(journalpost).len() as u64 + 1;
        let id = new_id();
        map.insert("systemID".into(), json!(id));
        map.insert("dokumentnummer".into(), json!(nummer));
        map.entry("dokumentstatus")
            .or_insert_with(|| json!({"kode": "F", "kodenavn": "Dokumentet er ferdigstilt"}));
        map.insert("tilknyttetDato".into(), json!(now()));
        map.insert("tilknyttetAv".into(), json!(self.user));
        map.insert("opprettetDato".into(), json!(now()));
        map.insert("opprettetAv".into(), json!(self.user));
        self.dokumentbeskrivelser.insert(
            id.clone(),
            Entity {
                value: Value::Object(map),
                version: 1,
                parent: Some(journalpost.to_owned()),
            },
        );
        for objekt in objekter {
            let Value::Object(o) = objekt else {
                return Err(Answer::feil(400, "each dokumentobjekt must be an object"));
            };
            self.create_dokumentobjekt(&id, o)?;
        }
        let value = self
            .dokumentbeskrivelser
            .items
            .get(&id)
            .map(|e| self.with_objekter(&e.value))
            .unwrap_or_default();
        Ok(value)
    }

    fn with_objekter(&self, beskrivelse: &Value) -> Value {
        let mut value = beskrivelse.clone();
        let id = beskrivelse["systemID"].as_str().unwrap_or_default();
        value["dokumentobjekt"] = Value::Array(
            self.dokumentobjekter
                .children(id)
                .into_iter()
                .map(|e| e.value.clone())
                .collect(),
        );
        value
    }

    pub(crate) fn create_dokumentobjekt(
        &mut self,
        beskrivelse: &str,
        mut map: Map<String, Value>,
    ) -> Res<Value> {
        self.check_codes(&Value::Object(map.clone()))?;
        for server_field in ["sjekksum", "filstoerrelse", "referanseDokumentfil"] {
            map.remove(server_field);
        }
        let versjon = self.dokumentobjekter.children(beskrivelse).len() as u64 + 1;
        let id = new_id();
        map.insert("systemID".into(), json!(id));
        map.entry("versjonsnummer")
            .or_insert_with(|| json!(versjon));
        map.entry("variantformat")
            .or_insert_with(|| json!({"kode": "P", "kodenavn": "Produksjonsformat"}));
        map.insert("opprettetDato".into(), json!(now()));
        map.insert("opprettetAv".into(), json!(self.user));
        let value = Value::Object(map);
        self.dokumentobjekter.insert(
            id,
            Entity {
                value: value.clone(),
                version: 1,
                parent: Some(beskrivelse.to_owned()),
            },
        );
        Ok(value)
    }

    fn upload(&mut self, id: &str, req: &Req<'_>) -> Res<Answer> {
        exists(&self.dokumentobjekter, id)?;
        if self.files.contains_key(id) {
            return Err(Answer::feil(
                409,
                "the dokumentobjekt already has a file; a file is never overwritten (delete the dokumentobjekt and upload anew)",
            ));
        }
        let filnavn =
            (req.header)("content-disposition").and_then(|d| filename_from_disposition(&d));
        if let Some(total) = (req.header)("x-upload-content-length") {
            let total: u64 = total
                .trim()
                .parse()
                .map_err(|_| Answer::feil(400, "X-Upload-Content-Length must be a number"))?;
            let mime = (req.header)("x-upload-content-type")
                .ok_or_else(|| Answer::feil(400, "X-Upload-Content-Type is required"))?;
            let sid = new_id();
            self.sessions.insert(
                sid.clone(),
                Session {
                    objekt: id.to_owned(),
                    total,
                    mime,
                    filnavn,
                    data: Vec::new(),
                },
            );
            return Ok(Answer {
                status: 200,
                body: Body::None,
                headers: vec![("location".into(), format!("opplastinger/{sid}"))],
            });
        }
        let mime =
            (req.header)("content-type").unwrap_or_else(|| "application/octet-stream".to_owned());
        self.store_file(id, req.body.to_vec(), mime, filnavn)
    }

    fn upload_chunk(&mut self, sid: &str, req: &Req<'_>) -> Res<Answer> {
        let range = (req.header)("content-range")
            .ok_or_else(|| Answer::feil(400, "Content-Range is required"))?;
        let (lo, hi, total) = parse_content_range(&range)
            .ok_or_else(|| Answer::feil(400, "Content-Range must be <first>-<last>/<total>"))?;
        let session = self.sessions.get_mut(sid).ok_or_else(not_found)?;
        if total != session.total || hi < lo || hi - lo + 1 != req.body.len() as u64 {
            return Err(Answer::feil(
                400,
                "Content-Range does not match the session or the body",
            ));
        }
        let have = session.data.len() as u64;
        if lo == have {
            session.data.extend_from_slice(req.body);
        } else if hi >= have {
            return Err(Answer::feil(
                400,
                format!("expected the chunk starting at {have}"),
            ));
        }
        // A chunk we already have (a retry) is acknowledged again.
        if session.data.len() as u64 == session.total {
            let Some(session) = self.sessions.remove(sid) else {
                return Err(not_found());
            };
            return self.store_file(&session.objekt, session.data, session.mime, session.filnavn);
        }
        let have = session.data.len() as u64;
        Ok(Answer {
            status: 200,
            body: Body::None,
            headers: vec![
                ("range".into(), format!("0-{}", have.saturating_sub(1))),
                ("location".into(), format!("opplastinger/{sid}")),
            ],
        })
    }

    pub(crate) fn store_file(
        &mut self,
        id: &str,
        bytes: Vec<u8>,
        mime: String,
        filnavn: Option<String>,
    ) -> Res<Answer> {
        let entity = self
            .dokumentobjekter
            .items
            .get_mut(id)
            .ok_or_else(not_found)?;
        let mime = mime.split(';').next().unwrap_or_default().trim().to_owned();
        if let Some(declared) = entity.value.get("mimeType").and_then(Value::as_str)
            && !declared.eq_ignore_ascii_case(&mime)
        {
            return Err(Answer::feil(
                400,
                format!("Content-Type {mime} does not match the declared mimeType {declared}"),
            ));
        }
        let sjekksum = sha256_hex(&bytes);
        entity.value["sjekksum"] = json!(sjekksum);
        entity.value["sjekksumAlgoritme"] = json!("SHA-256");
        entity.value["filstoerrelse"] = json!(bytes.len());
        entity.value["mimeType"] = json!(mime);
        entity.value["format"] = json!(if mime == "application/pdf" {
            "fmt/276"
        } else {
            "av/0"
        });
        entity.value["referanseDokumentfil"] = json!(format!("dokumentobjekter/{id}/referanseFil"));
        if entity.value.get("filnavn").is_none()
            && let Some(name) = filnavn
        {
            entity.value["filnavn"] = json!(name);
        }
        entity.version += 1;
        let answer = Answer::json(201, entity.value.clone()).etag(entity.version);
        self.files.insert(id.to_owned(), StoredFile { bytes, mime });
        Ok(answer)
    }

    fn kodeliste(&self, liste: &str) -> Res<Answer> {
        fn values<T: Kodeliste>(all: &[T]) -> Vec<(String, Option<&'static str>)> {
            all.iter()
                .map(|v| (v.as_str().to_owned(), v.standard_kodenavn()))
                .collect()
        }
        use crate::kode::*;
        let codes = match liste {
            "saksstatus" => values(Saksstatus::ALL),
            "journalposttype" => values(Journalposttype::ALL),
            "journalstatus" => values(Journalstatus::ALL),
            "dokumentstatus" => values(Dokumentstatus::ALL),
            "dokumenttype" => values(Dokumenttype::ALL),
            "tilknyttetregistreringsom" => values(TilknyttetRegistreringSom::ALL),
            "variantformat" => values(Variantformat::ALL),
            "korrespondanseparttype" => values(Korrespondanseparttype::ALL),
            "tilgangsrestriksjon" => values(Tilgangsrestriksjon::ALL),
            _ => return Err(not_found()),
        };
        let results: Vec<Value> = codes
            .into_iter()
            .map(|(code, navn)| {
                let mut v = json!({"kode": code, "kodenavn": navn});
                if self.utdatert.contains(&(liste.to_owned(), code)) {
                    v["utdatert"] = json!("2024-01-01T00:00:00+01:00");
                }
                v
            })
            .collect();
        Ok(Answer::json(
            200,
            json!({"count": results.len(), "results": results}),
        ))
    }

    // ---- Lists ----------------------------------------------------------------------------------

    fn list(&self, req: &Req<'_>, items: impl Fn(&State) -> Vec<Value>, path: &str) -> Res<Answer> {
        let q = |name: &str| {
            req.query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let mut items = items(self);
        if let Some(filter) = q("$filter") {
            let terms = parse_filter(&filter).ok_or_else(|| Answer::feil(400, format!("$filter: `{filter}` is not supported by the mock (use `field eq 'v'`, `contains(field,'v')`, `and`)")))?;
            items.retain(|item| terms.iter().all(|t| t.matches(item)));
        }
        if let Some(orderby) = q("$orderby") {
            let mut parts = orderby.split_whitespace();
            let field = parts.next().unwrap_or_default().to_owned();
            let desc = match parts.next() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => {
                    return Err(Answer::feil(400, "$orderby: direction must be asc or desc"));
                }
            };
            items.sort_by(|a, b| {
                let ord = compare(lookup(a, &field), lookup(b, &field));
                if desc { ord.reverse() } else { ord }
            });
        }
        let number = |name: &str| -> Res<Option<usize>> {
            q(name)
                .map(|v| {
                    v.parse::<usize>()
                        .map_err(|_| Answer::feil(400, format!("{name} must be a whole number")))
                })
                .transpose()
        };
        let skip = number("$skip")?.unwrap_or(0);
        let top = number("$top")?;
        let count = items.len();
        let available = count.saturating_sub(skip);
        let wanted = top.map_or(available, |t| t.min(available));
        let take = wanted.min(self.page_size.max(1));
        let page: Vec<Value> = items.into_iter().skip(skip).take(take).collect();
        let mut body = json!({"count": count});
        if !page.is_empty() {
            body["results"] = Value::Array(page);
        }
        let mut links = json!({"self": {"href": path}});
        if wanted > take {
            let mut next = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in &req.query {
                if k != "$skip" && k != "$top" {
                    next.append_pair(k, v);
                }
            }
            next.append_pair("$skip", &(skip + take).to_string());
            next.append_pair("$top", &(wanted - take).to_string());
            links["next"] = json!({"href": format!("{path}?{}", next.finish())});
        }
        body["_links"] = links;
        Ok(Answer::json(200, body))
    }
}

fn get(c: &Collection, id: &str) -> Res<Answer> {
    let e = c.items.get(id).ok_or_else(not_found)?;
    Ok(Answer::json(200, e.value.clone()).etag(e.version))
}

fn exists(c: &Collection, id: &str) -> Res<()> {
    c.items.contains_key(id).then_some(()).ok_or_else(not_found)
}

fn not_found() -> Answer {
    Answer::feil(404, "no such entity")
}

fn check_if_match(req: &Req<'_>, version: u64) -> Res<()> {
    let Some(tag) = (req.header)("if-match").or_else(|| (req.header)("etag")) else {
        return Err(Answer::feil(
            428,
            "If-Match is required for changes (optimistic concurrency)",
        ));
    };
    let tag = tag.trim().trim_start_matches("W/").trim_matches('"');
    if tag != "*" && tag != version.to_string() {
        return Err(Answer::feil(
            412,
            format!("the entity was changed by someone else (now version {version}); get it again"),
        ));
    }
    Ok(())
}

fn parse_content_range(v: &str) -> Option<(u64, u64, u64)> {
    let v = v.trim().trim_start_matches("bytes").trim();
    let (range, total) = v.split_once('/')?;
    let (lo, hi) = range.split_once('-')?;
    Some((
        lo.trim().parse().ok()?,
        hi.trim().parse().ok()?,
        total.trim().parse().ok()?,
    ))
}

fn filename_from_disposition(d: &str) -> Option<String> {
    for part in d.split(';') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("filename*=UTF-8''") {
            let bytes = v.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' && i + 2 < bytes.len() {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                    out.push(u8::from_str_radix(hex, 16).ok()?);
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            return String::from_utf8(out).ok();
        }
    }
    d.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("filename=")
            .map(|v| v.trim_matches('"').to_owned())
    })
}

fn lookup<'a>(item: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').try_fold(item, |v, key| v.get(key))
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(x), Some(y)) => text(x).cmp(&text(y)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

enum Term {
    Eq(String, String),
    Contains(String, String),
}

impl Term {
    fn matches(&self, item: &Value) -> bool {
        match self {
            Term::Eq(field, want) => lookup(item, field).is_some_and(|v| text(v) == *want),
            Term::Contains(field, want) => lookup(item, field)
                .is_some_and(|v| text(v).to_lowercase().contains(&want.to_lowercase())),
        }
    }
}

/// `a eq 'x' and contains(b,'y') and c eq 3` (quotes doubled inside literals).
fn parse_filter(filter: &str) -> Option<Vec<Term>> {
    let mut terms = Vec::new();
    let mut rest = filter.trim();
    loop {
        let (term, tail) = if let Some(r) = rest.strip_prefix("contains(") {
            let (field, r) = r.split_once(',')?;
            let (value, r) = literal(r.trim_start())?;
            let r = r.trim_start().strip_prefix(')')?;
            (Term::Contains(field.trim().to_owned(), value), r)
        } else {
            let (field, r) = rest.split_once(" eq ")?;
            let r = r.trim_start();
            let (value, r) = if r.starts_with('\'') {
                literal(r)?
            } else {
                let end = r.find(' ').unwrap_or(r.len());
                (r[..end].to_owned(), &r[end..])
            };
            (Term::Eq(field.trim().to_owned(), value), r)
        };
        terms.push(term);
        let tail = tail.trim_start();
        if tail.is_empty() {
            return Some(terms);
        }
        rest = tail.strip_prefix("and ")?.trim_start();
    }
}

fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                out.push('\'');
            } else {
                return Some((out, &s[i + 1..]));
            }
        } else {
            out.push(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        let t = parse_filter(
            "saksstatus/kode eq 'B' and contains(tittel,'O''Brien') and saksaar eq 2025",
        )
        .unwrap();
        assert_eq!(t.len(), 3);
        let item =
            json!({"saksstatus": {"kode": "B"}, "tittel": "Søknad fra O'Brien", "saksaar": 2025});
        assert!(t.iter().all(|t| t.matches(&item)));
        assert!(parse_filter("tittel gt 'x'").is_none());
    }

    #[test]
    fn merge_patch_follows_rfc7396() {
        let mut v = json!({"a": 1, "b": {"c": 2, "d": 3}});
        merge(&mut v, &json!({"a": null, "b": {"c": 4}, "e": "x"}));
        assert_eq!(v, json!({"b": {"c": 4, "d": 3}, "e": "x"}));
    }

    #[test]
    fn content_range_and_disposition() {
        assert_eq!(parse_content_range("0-99/1000"), Some((0, 99, 1000)));
        assert_eq!(
            parse_content_range("bytes 100-199/1000"),
            Some((100, 199, 1000))
        );
        assert_eq!(
            filename_from_disposition(
                "attachment; filename=\"s_knad.pdf\"; filename*=UTF-8''s%C3%B8knad.pdf"
            )
            .as_deref(),
            Some("søknad.pdf")
        );
    }
}
