//! The mock archive's state and rules, independent of HTTP.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Utc};
use serde_json::{Map, Value, json};

use super::contract::{self, Entity as Kind};
use crate::kode::{Journalstatus, Kodeliste, Saksstatus};

/// The korrespondansepart lists HINT Arkiv embeds in a journalpost, and what each holds.
const PARTS: [(&str, Kind); 3] = [
    ("korrespondansepartPerson", Kind::KorrespondansepartPerson),
    ("korrespondansepartEnhet", Kind::KorrespondansepartEnhet),
    ("korrespondansepartIntern", Kind::KorrespondansepartIntern),
];

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

    pub(crate) fn etag(self, version: u64) -> Self {
        self.header("etag", format!("\"{version}\""))
    }
}

pub(crate) type Res<T> = Result<T, Answer>;

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
    pub(crate) arkivdeler: Collection,
    pub(crate) klasser: Collection,
    pub(crate) files: HashMap<String, StoredFile>,
    pub(crate) sessions: HashMap<String, super::files::Session>,
    idempotent: HashMap<String, Answer>,
    sak_seq: HashMap<i32, u64>,
    journal_seq: HashMap<i32, u64>,
    pub(crate) utdatert: HashSet<(String, String)>,
    pub(crate) page_size: usize,
    pub(crate) user: String,
    /// The server's public base URL, for the absolute hrefs of the Noark face.
    pub(crate) base: String,
}

impl Default for State {
    fn default() -> Self {
        State {
            saker: Collection::default(),
            journalposter: Collection::default(),
            dokumentbeskrivelser: Collection::default(),
            dokumentobjekter: Collection::default(),
            arkivdeler: Collection::default(),
            klasser: Collection::default(),
            files: HashMap::new(),
            sessions: HashMap::new(),
            idempotent: HashMap::new(),
            sak_seq: HashMap::new(),
            journal_seq: HashMap::new(),
            utdatert: HashSet::new(),
            page_size: 25,
            user: "HINT mock-klient".to_owned(),
            base: String::new(),
        }
    }
}

impl State {
    /// A state with one arkivdel (where new saksmapper go unless told otherwise).
    pub(crate) fn new(base: String) -> Self {
        let mut state = State {
            base,
            ..State::default()
        };
        state.add_arkivdel("Saksarkiv HINT");
        state
    }

    pub(crate) fn add_arkivdel(&mut self, tittel: &str) -> String {
        let id = new_id();
        let value = json!({
            "systemID": id, "tittel": tittel,
            "arkivdelstatus": {"kode": "A", "kodenavn": "Aktiv periode"},
            "dokumentmedium": kode_value(&crate::kode::Dokumentmedium::Elektronisk),
            "arkivperiodeStartDato": now(), "opprettetDato": now(), "opprettetAv": self.user,
        });
        self.arkivdeler.insert(
            id.clone(),
            Entity {
                value,
                version: 1,
                parent: None,
            },
        );
        id
    }

    pub(crate) fn add_klasse(&mut self, klasse_id: &str, tittel: &str) -> String {
        let id = new_id();
        let value = json!({
            "systemID": id, "klasseID": klasse_id, "tittel": tittel,
            "opprettetDato": now(), "opprettetAv": self.user,
        });
        self.klasser.insert(
            id.clone(),
            Entity {
                value,
                version: 1,
                parent: None,
            },
        );
        id
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

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339()
}

/// Today at midnight, with its offset (the standard's datetime always carries one).
fn today() -> String {
    format!(
        "{}T00:00:00+00:00",
        Utc::now().date_naive().format("%Y-%m-%d")
    )
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn parse_json(body: &[u8]) -> Res<Map<String, Value>> {
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

pub(crate) fn kode_value<T: Kodeliste>(code: &T) -> Value {
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
    pub(crate) fn check_codes(&self, value: &Value) -> Res<()> {
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
        if let Some(answer) = self.route_noark(req) {
            return answer;
        }
        let s: Vec<&str> = req.segments.iter().map(String::as_str).collect();
        match (req.method, s.as_slice()) {
            ("POST", ["saker"]) => {
                let map = parse_json(req.body)?;
                contract::check(Kind::Saksmappe, &map, &[])?;
                let value = self.create_sak(map, None)?;
                Ok(self.created(&value, "saker", 1))
            }
            ("POST", [kind @ ("arkivdeler" | "klasser"), id, "saker"]) => {
                let c = if *kind == "arkivdeler" {
                    &self.arkivdeler
                } else {
                    &self.klasser
                };
                exists(c, id)?;
                let map = parse_json(req.body)?;
                contract::check(Kind::Saksmappe, &map, &[])?;
                let value = self.create_sak(map, Some(id.to_string()))?;
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
            ("PATCH", ["saker", id]) => {
                contract::check(Kind::Saksmappe, &parse_json(req.body)?, &[])?;
                self.patch_sak(id, req)
            }
            ("POST", ["saker", id, "journalposter"]) => {
                let map = parse_json(req.body)?;
                contract::check(Kind::Journalpost, &map, &PARTS.map(|(l, _)| l))?;
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
            ("PATCH", ["journalposter", id]) => {
                contract::check(Kind::Journalpost, &parse_json(req.body)?, &[])?;
                self.patch_journalpost(id, req)
            }
            ("POST", ["journalposter", id, "dokumentbeskrivelser"]) => {
                let map = parse_json(req.body)?;
                contract::check(Kind::Dokumentbeskrivelse, &map, &["dokumentobjekt"])?;
                if let Some(Value::Array(items)) = map.get("dokumentobjekt") {
                    for item in items {
                        let o = item.as_object().cloned().unwrap_or_default();
                        contract::check(Kind::Dokumentobjekt, &o, &[])?;
                    }
                }
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
                contract::check(Kind::Dokumentobjekt, &map, &[])?;
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
            ("POST", ["dokumentobjekter", id, "referanseFil"]) => self.upload(id, req, false),
            ("GET", ["dokumentobjekter", id, "referanseFil"]) => self.download(id),
            ("PUT", ["opplastinger", sid]) => self.upload_chunk(sid, req),
            ("GET", ["metadata", liste]) => self.kodeliste(liste),
            _ => Err(Answer::feil(
                404,
                format!("no route for {} /{}", req.method, s.join("/")),
            )),
        }
    }

    pub(crate) fn download(&self, id: &str) -> Res<Answer> {
        exists(&self.dokumentobjekter, id)?;
        let file = self
            .files
            .get(id)
            .ok_or_else(|| Answer::feil(404, "no file has been uploaded to this dokumentobjekt"))?;
        Ok(Answer {
            status: 200,
            body: Body::Raw {
                bytes: file.bytes.clone(),
                mime: file.mime.clone(),
            },
            headers: Vec::new(),
        })
    }

    fn created(&self, value: &Value, collection: &str, version: u64) -> Answer {
        let id = value["systemID"].as_str().unwrap_or_default();
        Answer::json(201, value.clone())
            .etag(version)
            .header("location", format!("{collection}/{id}"))
    }

    // ---- Saker ----------------------------------------------------------------------------------

    pub(crate) fn create_sak(
        &mut self,
        mut map: Map<String, Value>,
        parent: Option<String>,
    ) -> Res<Value> {
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
            .or_insert_with(|| kode_value(&Saksstatus::UnderBehandling));
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
                parent,
            },
        );
        Ok(value)
    }

    pub(crate) fn patch_sak(&mut self, id: &str, req: &Req<'_>) -> Res<Answer> {
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

    pub(crate) fn create_journalpost(&mut self, sak: &str, map: Map<String, Value>) -> Res<Value> {
        self.create_journalpost_in(sak, map, true)
    }

    /// HINT Arkiv takes the korrespondanseparter with the journalpost (`with_parts`); a Noark 5
    /// core takes them after it, as entities of their own.
    pub(crate) fn create_journalpost_in(
        &mut self,
        sak: &str,
        mut map: Map<String, Value>,
        with_parts: bool,
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
        let mut parts = 0;
        for (list, kind) in PARTS {
            match map.get(list) {
                None => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        let part = item.as_object().cloned().unwrap_or_default();
                        contract::check(kind, &part, &[])?;
                        parts += 1;
                    }
                }
                Some(_) => return Err(Answer::feil(400, format!("{list} must be a list"))),
            }
        }
        if with_parts && parts == 0 {
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
            .or_insert_with(|| kode_value(&Journalstatus::Journalfoert));
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

    pub(crate) fn patch_journalpost(&mut self, id: &str, req: &Req<'_>) -> Res<Answer> {
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
            entity.value["journalstatus"] = kode_value(&Journalstatus::from(code.as_str()));
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

    fn kodeliste(&self, liste: &str) -> Res<Answer> {
        fn values<T: Kodeliste>(all: &[T]) -> Vec<(String, Option<&'static str>)> {
            all.iter()
                .map(|v| (v.as_str().to_owned(), v.standard_kodenavn()))
                .collect()
        }
        use crate::kode::*;
        let codes = match liste {
            "saksstatus" => values(Saksstatus::KNOWN),
            "journalposttype" => values(Journalposttype::KNOWN),
            "journalstatus" => values(Journalstatus::KNOWN),
            "dokumentstatus" => values(Dokumentstatus::KNOWN),
            "dokumenttype" => values(Dokumenttype::KNOWN),
            "tilknyttetregistreringsom" => values(TilknyttetRegistreringSom::KNOWN),
            "variantformat" => values(Variantformat::KNOWN),
            "korrespondanseparttype" => values(Korrespondanseparttype::KNOWN),
            "tilgangsrestriksjon" => values(Tilgangsrestriksjon::KNOWN),
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
}

fn get(c: &Collection, id: &str) -> Res<Answer> {
    let e = c.items.get(id).ok_or_else(not_found)?;
    Ok(Answer::json(200, e.value.clone()).etag(e.version))
}

pub(crate) fn exists(c: &Collection, id: &str) -> Res<()> {
    c.items.contains_key(id).then_some(()).ok_or_else(not_found)
}

pub(crate) fn not_found() -> Answer {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_follows_rfc7396() {
        let mut v = json!({"a": 1, "b": {"c": 2, "d": 3}});
        merge(&mut v, &json!({"a": null, "b": {"c": 4}, "e": "x"}));
        assert_eq!(v, json!({"b": {"c": 4, "d": 3}, "e": "x"}));
    }
}
