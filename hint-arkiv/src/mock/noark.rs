//! The mock's Noark 5 face: the same archive as the HINT routes, answered the way the standard's
//! examples are (chapter 6): a root whose `_links` lead to the packages, entities with `_links`
//! (absolute hrefs), `ny-*` templates, korrespondanseparter and dokumentobjekter as entities of
//! their own, codes as objects and dates with offsets.
//!
//! The hrefs are this mock's own (a client must not build them): `arkivstruktur/arkivdel/{id}`,
//! `sakarkiv/saksmappe/{id}`, `sakarkiv/journalpost/{id}`, `arkivstruktur/dokumentbeskrivelse/{id}`,
//! `arkivstruktur/dokumentobjekt/{id}` and their children.

use serde_json::{Map, Value, json};

use super::contract::{self, Entity as Kind};
use super::state::{Answer, Req, Res, State, kode_value, new_id, not_found, now, parse_json};
use crate::kode::{Dokumentmedium, Saksstatus, Variantformat};
use crate::links::rel;

const KORRESPONDANSEPARTER: [(&str, &str, Kind); 3] = [
    (
        "korrespondansepartperson",
        "korrespondansepartPerson",
        Kind::KorrespondansepartPerson,
    ),
    (
        "korrespondansepartenhet",
        "korrespondansepartEnhet",
        Kind::KorrespondansepartEnhet,
    ),
    (
        "korrespondansepartintern",
        "korrespondansepartIntern",
        Kind::KorrespondansepartIntern,
    ),
];

impl State {
    fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn links(&self, pairs: &[(&str, String)]) -> Value {
        let mut links = Map::new();
        for (relation, path) in pairs {
            links.insert((*relation).to_owned(), json!({"href": self.href(path)}));
        }
        Value::Object(links)
    }

    fn with_links(&self, value: &Value, pairs: &[(&str, String)]) -> Value {
        let mut v = value.clone();
        v["_links"] = self.links(pairs);
        v
    }

    fn n_arkivdel(&self, value: &Value, kind: &str) -> Value {
        let id = value["systemID"].as_str().unwrap_or_default();
        let me = format!("arkivstruktur/{kind}/{id}");
        let relation = if kind == "arkivdel" {
            rel::ARKIVDEL
        } else {
            rel::KLASSE
        };
        self.with_links(
            value,
            &[
                (rel::SELF, me.clone()),
                (relation, me.clone()),
                (rel::NY_SAKSMAPPE, format!("{me}/ny-saksmappe")),
            ],
        )
    }

    fn n_sak(&self, value: &Value) -> Value {
        let id = value["systemID"].as_str().unwrap_or_default();
        let me = format!("sakarkiv/saksmappe/{id}");
        self.with_links(
            value,
            &[
                (rel::SELF, me.clone()),
                (rel::SAKSMAPPE, me.clone()),
                (rel::NY_JOURNALPOST, format!("{me}/ny-journalpost")),
                (rel::JOURNALPOST, format!("{me}/journalpost")),
            ],
        )
    }

    fn n_journalpost(&self, value: &Value, sak: Option<&str>) -> Value {
        let id = value["systemID"].as_str().unwrap_or_default();
        let me = format!("sakarkiv/journalpost/{id}");
        let mut pairs = vec![
            (rel::SELF, me.clone()),
            (rel::JOURNALPOST, me.clone()),
            (
                rel::NY_DOKUMENTBESKRIVELSE,
                format!("{me}/ny-dokumentbeskrivelse"),
            ),
            (
                rel::DOKUMENTBESKRIVELSE,
                format!("{me}/dokumentbeskrivelse"),
            ),
            (
                rel::NY_KORRESPONDANSEPARTPERSON,
                format!("{me}/ny-korrespondansepartperson"),
            ),
            (
                rel::NY_KORRESPONDANSEPARTENHET,
                format!("{me}/ny-korrespondansepartenhet"),
            ),
            (
                rel::NY_KORRESPONDANSEPARTINTERN,
                format!("{me}/ny-korrespondansepartintern"),
            ),
            (rel::KORRESPONDANSEPART, format!("{me}/korrespondansepart")),
        ];
        if let Some(sak) = sak {
            pairs.push((rel::SAKSMAPPE, format!("sakarkiv/saksmappe/{sak}")));
        }
        let mut v = self.with_links(value, &pairs);
        // Korrespondanseparter are entities of their own in the standard, not embedded.
        if let Some(map) = v.as_object_mut() {
            for (_, list, _) in KORRESPONDANSEPARTER {
                map.remove(list);
            }
        }
        v
    }

    fn n_beskrivelse(&self, value: &Value) -> Value {
        let id = value["systemID"].as_str().unwrap_or_default();
        let me = format!("arkivstruktur/dokumentbeskrivelse/{id}");
        self.with_links(
            value,
            &[
                (rel::SELF, me.clone()),
                (rel::DOKUMENTBESKRIVELSE, me.clone()),
                (rel::NY_DOKUMENTOBJEKT, format!("{me}/ny-dokumentobjekt")),
                (rel::DOKUMENTOBJEKT, format!("{me}/dokumentobjekt")),
            ],
        )
    }

    pub(crate) fn n_objekt(&self, value: &Value) -> Value {
        let id = value["systemID"].as_str().unwrap_or_default();
        let me = format!("arkivstruktur/dokumentobjekt/{id}");
        let fil = format!("{me}/referanseFil");
        let mut v = self.with_links(
            value,
            &[
                (rel::SELF, me.clone()),
                (rel::DOKUMENTOBJEKT, me),
                (rel::FIL, fil.clone()),
            ],
        );
        if v.get("referanseDokumentfil").is_some() {
            v["referanseDokumentfil"] = json!(self.href(&fil));
        }
        v
    }

    pub(crate) fn n_answer(
        &self,
        answer: Answer,
        present: impl Fn(&State, &Value) -> Value,
    ) -> Answer {
        match answer.body {
            super::state::Body::Json(ref v) if (200..300).contains(&answer.status) => {
                let body = present(self, v);
                Answer {
                    body: super::state::Body::Json(body),
                    ..answer
                }
            }
            _ => answer,
        }
    }

    /// The Noark routes; `None` for a path that is not one of them.
    pub(crate) fn route_noark(&mut self, req: &Req<'_>) -> Option<Res<Answer>> {
        let s: Vec<&str> = req.segments.iter().map(String::as_str).collect();
        let answer = match (req.method, s.as_slice()) {
            ("GET", []) => Ok(Answer::json(
                200,
                json!({"_links": self.links(&[
                    (rel::ARKIVSTRUKTUR, "arkivstruktur".to_owned()),
                    (rel::SAKARKIV, "sakarkiv".to_owned()),
                    (rel::METADATA, "metadata".to_owned()),
                ])}),
            )),
            ("GET", ["arkivstruktur"]) => Ok(Answer::json(
                200,
                json!({"_links": self.links(&[
                    (rel::ARKIVDEL, "arkivstruktur/arkivdel".to_owned()),
                    (rel::KLASSE, "arkivstruktur/klasse".to_owned()),
                    (rel::DOKUMENTBESKRIVELSE, "arkivstruktur/dokumentbeskrivelse".to_owned()),
                    (rel::DOKUMENTOBJEKT, "arkivstruktur/dokumentobjekt".to_owned()),
                ])}),
            )),
            ("GET", ["sakarkiv"]) => Ok(Answer::json(
                200,
                json!({"_links": self.links(&[
                    (rel::SAKSMAPPE, "sakarkiv/saksmappe".to_owned()),
                    (rel::JOURNALPOST, "sakarkiv/journalpost".to_owned()),
                ])}),
            )),
            ("GET", ["metadata"]) => {
                let lists = [
                    "saksstatus",
                    "journalposttype",
                    "journalstatus",
                    "dokumentstatus",
                    "dokumenttype",
                    "tilknyttetregistreringsom",
                    "variantformat",
                    "korrespondanseparttype",
                    "tilgangsrestriksjon",
                ];
                let pairs: Vec<(String, String)> = lists
                    .iter()
                    .map(|l| (format!("{}{l}/", rel::METADATA), format!("metadata/{l}")))
                    .collect();
                let pairs: Vec<(&str, String)> =
                    pairs.iter().map(|(r, p)| (r.as_str(), p.clone())).collect();
                Ok(Answer::json(200, json!({"_links": self.links(&pairs)})))
            }
            // Arkivdeler and klasser.
            ("GET", ["arkivstruktur", kind @ ("arkivdel" | "klasse")]) => {
                let kind = kind.to_string();
                self.list(
                    req,
                    move |st| {
                        let c = if kind == "arkivdel" {
                            &st.arkivdeler
                        } else {
                            &st.klasser
                        };
                        c.all()
                            .into_iter()
                            .map(|e| st.n_arkivdel(&e.value, &kind))
                            .collect()
                    },
                    &format!("arkivstruktur/{}", s[1]),
                )
            }
            ("GET", ["arkivstruktur", kind @ ("arkivdel" | "klasse"), id]) => {
                let c = if *kind == "arkivdel" {
                    &self.arkivdeler
                } else {
                    &self.klasser
                };
                c.items
                    .get(*id)
                    .map(|e| Answer::json(200, self.n_arkivdel(&e.value, kind)))
                    .ok_or_else(not_found)
            }
            ("GET", ["arkivstruktur", "arkivdel" | "klasse", _, "ny-saksmappe"]) => {
                Ok(Answer::json(
                    200,
                    json!({
                        "saksstatus": kode_value(&Saksstatus::UnderBehandling),
                        "dokumentmedium": kode_value(&Dokumentmedium::Elektronisk),
                        "saksdato": now(),
                        "_links": {}
                    }),
                ))
            }
            (
                "POST",
                [
                    "arkivstruktur",
                    kind @ ("arkivdel" | "klasse"),
                    id,
                    "ny-saksmappe",
                ],
            ) => {
                let c = if *kind == "arkivdel" {
                    &self.arkivdeler
                } else {
                    &self.klasser
                };
                if !c.items.contains_key(*id) {
                    return Some(Err(not_found()));
                }
                let parent = id.to_string();
                self.n_create(
                    req,
                    Kind::Saksmappe,
                    |st, map| st.create_sak(map, Some(parent)),
                    State::n_sak,
                )
            }
            // Saksmapper.
            ("GET", ["sakarkiv", "saksmappe"]) => self.list(
                req,
                |st| {
                    st.saker
                        .all()
                        .into_iter()
                        .map(|e| st.n_sak(&e.value))
                        .collect()
                },
                "sakarkiv/saksmappe",
            ),
            ("GET", ["sakarkiv", "saksmappe", id]) => {
                let e = self.saker.items.get(*id)?;
                Ok(Answer::json(200, self.n_sak(&e.value)).etag(e.version))
            }
            ("PATCH" | "PUT", ["sakarkiv", "saksmappe", id]) => {
                if let Err(e) = self.check_change(req, Kind::Saksmappe) {
                    return Some(Err(e));
                }
                self.patch_sak(id, req)
                    .map(|a| self.n_answer(a, State::n_sak))
            }
            ("GET", ["sakarkiv", "saksmappe", _, "ny-journalpost"]) => Ok(Answer::json(
                200,
                json!({"dokumentmedium": kode_value(&Dokumentmedium::Elektronisk), "journaldato": now(), "_links": {}}),
            )),
            ("POST", ["sakarkiv", "saksmappe", id, "ny-journalpost"]) => {
                let sak = id.to_string();
                let present_sak = sak.clone();
                self.n_create(
                    req,
                    Kind::Journalpost,
                    |st, map| st.create_journalpost_in(&sak, map, false),
                    move |st, v| st.n_journalpost(v, Some(&present_sak)),
                )
            }
            ("GET", ["sakarkiv", "saksmappe", id, "journalpost"]) => {
                self.saker.items.get(*id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| {
                        st.journalposter
                            .children(&id)
                            .into_iter()
                            .map(|e| st.n_journalpost(&e.value, Some(&id)))
                            .collect()
                    },
                    &format!("sakarkiv/saksmappe/{}/journalpost", s[2]),
                )
            }
            // Journalposter.
            ("GET", ["sakarkiv", "journalpost"]) => self.list(
                req,
                |st| {
                    st.journalposter
                        .all()
                        .into_iter()
                        .map(|e| st.n_journalpost(&e.value, e.parent.as_deref()))
                        .collect()
                },
                "sakarkiv/journalpost",
            ),
            ("GET", ["sakarkiv", "journalpost", id]) => {
                let e = self.journalposter.items.get(*id)?;
                Ok(
                    Answer::json(200, self.n_journalpost(&e.value, e.parent.as_deref()))
                        .etag(e.version),
                )
            }
            ("PATCH" | "PUT", ["sakarkiv", "journalpost", id]) => {
                if let Err(e) = self.check_change(req, Kind::Journalpost) {
                    return Some(Err(e));
                }
                self.patch_journalpost(id, req)
                    .map(|a| self.n_answer(a, |st, v| st.n_journalpost(v, None)))
            }
            ("GET", ["sakarkiv", "journalpost", _, part])
                if KORRESPONDANSEPARTER
                    .iter()
                    .any(|(p, _, _)| part.strip_prefix("ny-") == Some(p)) =>
            {
                Ok(Answer::json(200, json!({"_links": {}})))
            }
            ("POST", ["sakarkiv", "journalpost", id, part])
                if part.starts_with("ny-korrespondansepart") =>
            {
                let Some((_, list, kind)) = KORRESPONDANSEPARTER
                    .iter()
                    .find(|(p, _, _)| part.strip_prefix("ny-") == Some(p))
                else {
                    return Some(Err(not_found()));
                };
                self.add_korrespondansepart(id, req, list, *kind)
            }
            ("GET", ["sakarkiv", "journalpost", id, "korrespondansepart"]) => {
                self.journalposter.items.get(*id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| st.n_parts(&id),
                    &format!("sakarkiv/journalpost/{}/korrespondansepart", s[2]),
                )
            }
            ("GET", ["sakarkiv", "journalpost", _, "ny-dokumentbeskrivelse"]) => Ok(Answer::json(
                200,
                json!({"dokumentmedium": kode_value(&Dokumentmedium::Elektronisk), "_links": {}}),
            )),
            ("POST", ["sakarkiv", "journalpost", id, "ny-dokumentbeskrivelse"]) => {
                let jp = id.to_string();
                self.n_create(
                    req,
                    Kind::Dokumentbeskrivelse,
                    |st, map| st.create_dokumentbeskrivelse(&jp, map),
                    State::n_beskrivelse,
                )
            }
            ("GET", ["sakarkiv", "journalpost", id, "dokumentbeskrivelse"]) => {
                self.journalposter.items.get(*id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| {
                        st.dokumentbeskrivelser
                            .children(&id)
                            .into_iter()
                            .map(|e| st.n_beskrivelse(&e.value))
                            .collect()
                    },
                    &format!("sakarkiv/journalpost/{}/dokumentbeskrivelse", s[2]),
                )
            }
            // Dokumentbeskrivelser and dokumentobjekter.
            ("GET", ["arkivstruktur", "dokumentbeskrivelse"]) => self.list(
                req,
                |st| {
                    st.dokumentbeskrivelser
                        .all()
                        .into_iter()
                        .map(|e| st.n_beskrivelse(&e.value))
                        .collect()
                },
                "arkivstruktur/dokumentbeskrivelse",
            ),
            ("GET", ["arkivstruktur", "dokumentbeskrivelse", id]) => {
                let e = self.dokumentbeskrivelser.items.get(*id)?;
                Ok(Answer::json(200, self.n_beskrivelse(&e.value)).etag(e.version))
            }
            (
                "GET",
                [
                    "arkivstruktur",
                    "dokumentbeskrivelse",
                    _,
                    "ny-dokumentobjekt",
                ],
            ) => Ok(Answer::json(
                200,
                json!({"variantformat": kode_value(&Variantformat::Produksjonsformat), "_links": {}}),
            )),
            (
                "POST",
                [
                    "arkivstruktur",
                    "dokumentbeskrivelse",
                    id,
                    "ny-dokumentobjekt",
                ],
            ) => {
                if !self.dokumentbeskrivelser.items.contains_key(*id) {
                    return Some(Err(not_found()));
                }
                let db = id.to_string();
                self.n_create(
                    req,
                    Kind::Dokumentobjekt,
                    |st, map| st.create_dokumentobjekt(&db, map),
                    State::n_objekt,
                )
            }
            ("GET", ["arkivstruktur", "dokumentbeskrivelse", id, "dokumentobjekt"]) => {
                self.dokumentbeskrivelser.items.get(*id)?;
                let id = id.to_string();
                self.list(
                    req,
                    move |st| {
                        st.dokumentobjekter
                            .children(&id)
                            .into_iter()
                            .map(|e| st.n_objekt(&e.value))
                            .collect()
                    },
                    &format!("arkivstruktur/dokumentbeskrivelse/{}/dokumentobjekt", s[2]),
                )
            }
            ("GET", ["arkivstruktur", "dokumentobjekt"]) => self.list(
                req,
                |st| {
                    st.dokumentobjekter
                        .all()
                        .into_iter()
                        .map(|e| st.n_objekt(&e.value))
                        .collect()
                },
                "arkivstruktur/dokumentobjekt",
            ),
            ("GET", ["arkivstruktur", "dokumentobjekt", id]) => {
                let e = self.dokumentobjekter.items.get(*id)?;
                Ok(Answer::json(200, self.n_objekt(&e.value)).etag(e.version))
            }
            ("POST", ["arkivstruktur", "dokumentobjekt", id, "referanseFil"]) => self
                .upload(id, req, true)
                .map(|a| self.n_answer(a, State::n_objekt)),
            ("GET", ["arkivstruktur", "dokumentobjekt", id, "referanseFil"]) => self.download(id),
            _ => return None,
        };
        Some(answer)
    }

    /// A journalpost's korrespondanseparter as entities, each linked under its kind's relation.
    fn n_parts(&self, journalpost: &str) -> Vec<Value> {
        let Some(e) = self.journalposter.items.get(journalpost) else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        for (kind, list, _) in KORRESPONDANSEPARTER {
            let relation = match kind {
                "korrespondansepartperson" => rel::KORRESPONDANSEPARTPERSON,
                "korrespondansepartenhet" => rel::KORRESPONDANSEPARTENHET,
                _ => rel::KORRESPONDANSEPARTINTERN,
            };
            for part in e
                .value
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let id = part["systemID"].as_str().unwrap_or_default();
                let me = format!("sakarkiv/journalpost/{journalpost}/{list}/{id}");
                parts.push(self.with_links(part, &[(rel::SELF, me.clone()), (relation, me)]));
            }
        }
        parts
    }

    /// A POST to a `ny-*` href: the body checked against the wire contract (only the standard's
    /// fields, in the standard's shapes), the entity made, the answer given with links.
    fn n_create(
        &mut self,
        req: &Req<'_>,
        kind: Kind,
        create: impl FnOnce(&mut State, Map<String, Value>) -> Res<Value>,
        present: impl Fn(&State, &Value) -> Value,
    ) -> Res<Answer> {
        check_media_type(req, crate::routes::MEDIA_NOARK)?;
        let map = parse_json(req.body)?;
        contract::check(kind, &map, &[])?;
        let value = create(self, map)?;
        Ok(Answer::json(201, present(self, &value)).etag(1))
    }

    /// A PATCH (merge patch of standard fields) or PUT (the whole entity, in the standard's
    /// shapes) checked against the wire contract.
    fn check_change(&self, req: &Req<'_>, kind: Kind) -> Res<()> {
        let map = parse_json(req.body)?;
        if req.method == "PATCH" {
            check_media_type(req, crate::routes::MEDIA_MERGE_PATCH)?;
            contract::check(kind, &map, &[])
        } else {
            check_media_type(req, crate::routes::MEDIA_NOARK)?;
            contract::shapes_only(&map)
        }
    }

    fn add_korrespondansepart(
        &mut self,
        journalpost: &str,
        req: &Req<'_>,
        list: &str,
        kind: Kind,
    ) -> Res<Answer> {
        check_media_type(req, crate::routes::MEDIA_NOARK)?;
        let mut map = parse_json(req.body)?;
        contract::check(kind, &map, &[])?;
        self.check_codes(&Value::Object(map.clone()))?;
        let id = new_id();
        map.insert("systemID".into(), json!(id));
        let part = Value::Object(map);
        let entity = self
            .journalposter
            .items
            .get_mut(journalpost)
            .ok_or_else(not_found)?;
        match entity.value.get_mut(list) {
            Some(Value::Array(items)) => items.push(part.clone()),
            _ => entity.value[list] = json!([part.clone()]),
        }
        let me = format!("sakarkiv/journalpost/{journalpost}/{list}/{id}");
        Ok(Answer::json(201, self.with_links(&part, &[(rel::SELF, me)])).etag(1))
    }
}

fn check_media_type(req: &Req<'_>, want: &str) -> Res<()> {
    let got = (req.header)("content-type").unwrap_or_default();
    if got
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(want))
    {
        Ok(())
    } else {
        Err(Answer::feil(
            415,
            format!("Content-Type must be {want}, not `{got}`"),
        ))
    }
}
