//! Both faces' routes over the one archive, HINT Arkiv's ([`routes::ALL`]) and Noark 5's
//! ([`routes::noark`]); bodies are held to [`routes::contract`] before the state sees them.

use hint_core::mock::contract::Contract;
use hint_core::mock::paging::NoarkPaging;
use hint_core::mock::upload::Uploaded;
use hint_core::mock::version::etag;
use hint_core::mock::{Answer, ErrorShape, MockRequest, Reply, Router, Shared};
use hint_core::{Method, Route};
use serde_json::{Map, Value, json};

use super::state::{Res, State, feil, kode, now, refuse};
use crate::kode::{Dokumentmedium, Saksstatus, Variantformat};
use crate::links::rel;
use crate::routes::contract::{self as c, KORRESPONDANSEPARTER};
use crate::routes::noark::{
    BELOW, CREATE, GET, KINDS, KODELISTER, Kind, KindRow, LIST, PAKKE, PARTS, PATCH, PUT, ROOT,
    segment,
};
use crate::routes::{self, MEDIA_MERGE_PATCH, MEDIA_NOARK};
use hint_core::mock::wire::new_id;

/// Every route of both faces.
pub(super) fn router(state: Shared<State>) -> Router<State> {
    let mut router = Router::new(state, ErrorShape::Noark);
    // HINT Arkiv's entity routes, each serving the kind of the collection its path ends in.
    for (route, kind) in routes::ALL.iter().filter_map(|r| Some((*r, hint_kind(r)?))) {
        router = match (route.method, route.template.ends_with('}')) {
            (Method::Get, true) => router.route(route, move |req, st| read(req, st, kind, false)),
            (Method::Get, false) => router.route(route, move |req, st| {
                children(req, st, kind, parent(req, st, kind)?, false)
            }),
            (Method::Post, _) => router.idempotent(route, move |req, st| {
                make(req, st, kind, parent(req, st, kind)?, false)
            }),
            _ => router.route(route, move |req, st| {
                apply(req, st, kind, c::of(kind, false), false)
            }),
        };
    }
    router
        .idempotent(routes::UPLOAD_FIL, |req, st| upload(req, st, false))
        .idempotent(routes::START_OPPLASTING, |req, st| upload(req, st, false))
        .route(routes::UPLOAD_DEL, |req, st| {
            let uploaded = st.uploads.chunk(req, req.param("id"))?;
            stored(st, uploaded)
        })
        .route(routes::DOWNLOAD_FIL, download)
        .route(routes::GET_KODELISTE, |req, st| {
            page(req, st, st.kodeliste(req.param("kodeliste"))?)
        })
        .route(ROOT, |_, st| {
            let packages = [rel::ARKIVSTRUKTUR, rel::SAKARKIV, rel::METADATA];
            let pairs = packages.map(|r| (r.to_owned(), segment(r).to_owned()));
            Ok(noark_json(200, &links(st, pairs)))
        })
        .route(PAKKE, pakke)
        .route(LIST, |req, st| children(req, st, kind(req)?, None, true))
        .route(GET, |req, st| read(req, st, kind(req)?, true))
        .route(PATCH, |req, st| noark_change(req, st, MEDIA_MERGE_PATCH))
        .route(PUT, |req, st| noark_change(req, st, MEDIA_NOARK))
        .route(BELOW, below)
        .idempotent(CREATE, noark_create)
}

/// A JSON answer in the Noark media type.
fn noark_json(status: u16, value: &Value) -> Reply {
    Reply::bytes(status, MEDIA_NOARK, value.to_string())
}

/// An entity with its version as the `ETag`, as either face answers it.
fn answer(st: &State, kind: Kind, id: &str, noark: bool, status: u16) -> Answer {
    let e = st.get(kind, id)?;
    Ok(noark_json(status, &st.render(e, noark)).header("etag", etag(e.version)))
}

fn read(req: &MockRequest, st: &State, kind: Kind, noark: bool) -> Answer {
    answer(st, kind, req.param("systemID"), noark, 200)
}

fn page(req: &MockRequest, st: &State, items: Vec<Value>) -> Answer {
    NoarkPaging::new().page_size(st.page_size).page(req, items)
}

/// The entities of a kind (under `parent`), a page of them as either face answers them.
fn children(req: &MockRequest, st: &State, k: Kind, parent: Option<&str>, noark: bool) -> Answer {
    let items = st.all(k, parent).into_iter().map(|e| st.render(e, noark));
    page(req, st, items.collect())
}

/// The body as an object that keeps to the contract (a 400 naming the field otherwise).
fn body(req: &MockRequest, contract: &Contract) -> Res<Map<String, Value>> {
    match req.json_checked(contract)? {
        Value::Object(map) => Ok(map),
        _ => refuse(400, "the body must be a JSON object"),
    }
}

/// Creates an entity from the body under `parent`: 201 with the entity (and, from HINT Arkiv's
/// routes, its `Location`).
fn make(req: &MockRequest, st: &mut State, kind: Kind, at: Option<&str>, noark: bool) -> Answer {
    let id = st.create(kind, at, body(req, c::of(kind, !noark))?, !noark)?;
    let reply = answer(st, kind, &id, noark, 201)?;
    let location = kind.get_route().template.replace("{systemID}", &id);
    match noark {
        true => Ok(reply),
        false => Ok(reply.header("location", location)),
    }
}

/// Changes an entity with the body (held to `contract`), against the version it names in
/// `If-Match` or (as some cores read it) `ETag`.
fn apply(req: &MockRequest, st: &mut State, kind: Kind, to: &Contract, noark: bool) -> Answer {
    let (id, patch) = (req.param("systemID"), Value::Object(body(req, to)?));
    let tag = req.header("if-match").or(req.header("etag"));
    st.change(kind, id, &patch, tag)?;
    answer(st, kind, id, noark, 200)
}

// ---- HINT Arkiv ---------------------------------------------------------------------------------

/// The entity kind a HINT route serves: the one got at the collection its path ends in.
fn hint_kind(route: &Route) -> Option<Kind> {
    let collection = route.template.split('/').rfind(|s| !s.starts_with('{'))?;
    // Arkivdeler and klasser (the first two rows) have no HINT routes of their own.
    let got_at = |k: &&KindRow| k.0.get_route().template.split('/').next() == Some(collection);
    KINDS[2..].iter().find(got_at).map(|k| k.0)
}

/// The parent a HINT route names (`{systemID}`), which must exist: a sak is filed in the
/// arkivdel or the klasse its route names.
fn parent<'r>(req: &'r MockRequest, st: &State, kind: Kind) -> Res<Option<&'r str>> {
    let kinds = match req.route().template.split('/').next() {
        Some("arkivdeler") => &[Kind::Arkivdel][..],
        Some("klasser") => &[Kind::Klasse],
        _ => kind.parents(),
    };
    let parent = Some(req.param("systemID")).filter(|p| !p.is_empty());
    parent.map(|p| st.find(kinds, p).map(|_| p)).transpose()
}

// ---- Files ------------------------------------------------------------------------------------

/// A whole file, or (with `X-Upload-Content-Length`) the start of a chunked upload. A file is
/// never overwritten.
fn upload(req: &MockRequest, st: &mut State, noark: bool) -> Answer {
    let id = req.param("systemID");
    st.get(Kind::Dokumentobjekt, id)?;
    if st.files.contains_key(id) {
        let why = "a file is never overwritten (delete the dokumentobjekt and upload anew)";
        return refuse(409, format!("the dokumentobjekt already has a file; {why}"));
    }
    let location = routes::UPLOAD_DEL.template.replace("{id}", "");
    let uploaded = st.uploads.start(req, (id.to_owned(), noark), &location)?;
    stored(st, uploaded)
}

/// Stores a file once its last part is in.
fn stored(st: &mut State, uploaded: Uploaded<(String, bool)>) -> Answer {
    let file = match uploaded {
        Uploaded::Reply(reply) => return Ok(reply),
        Uploaded::File(file) => file,
    };
    let (id, noark) = file.target;
    st.store_file(&id, file.bytes, &file.media_type, file.filename)?;
    answer(st, Kind::Dokumentobjekt, &id, noark, 201)
}

fn download(req: &MockRequest, st: &mut State) -> Answer {
    let id = req.param("systemID");
    st.get(Kind::Dokumentobjekt, id)?;
    let missing = || feil(404, "no file has been uploaded to this dokumentobjekt");
    let (bytes, mime) = st.files.get(id).ok_or_else(missing)?;
    Ok(Reply::bytes(200, mime, bytes.clone()))
}

// ---- The Noark 5 face -------------------------------------------------------------------------

fn kind(req: &MockRequest) -> Res<Kind> {
    let path = format!("{}/{}", req.param("pakke"), req.param("kind"));
    Kind::find(|k| k == path).ok_or_else(|| feil(404, format!("no collection {path}")))
}

/// `{"_links": {rel: {"href": base + path}}}`.
fn links(st: &State, pairs: impl IntoIterator<Item = (String, String)>) -> Value {
    let href = |path| json!({"href": format!("{}{path}", st.base)});
    let links: Map<String, Value> = pairs.into_iter().map(|(r, p)| (r, href(p))).collect();
    json!({"_links": links})
}

/// A package's entry point: links to its collections (or, for `metadata`, its code lists).
fn pakke(req: &MockRequest, st: &mut State) -> Answer {
    let name = req.param("pakke");
    let kinds = KINDS
        .iter()
        .filter(|k| k.1.starts_with(&format!("{name}/")));
    let mut found: Vec<_> = kinds.map(|k| (k.2.to_owned(), k.1.to_owned())).collect();
    if name == "metadata" {
        let list = |l: &str| (format!("{}{l}/", rel::METADATA), format!("metadata/{l}"));
        found = KODELISTER.split_whitespace().map(list).collect();
    }
    if found.is_empty() {
        return refuse(404, format!("no package {name}"));
    }
    Ok(noark_json(200, &links(st, found)))
}

/// A merge patch (`PATCH`) or the whole entity (`PUT`, whose server fields make only the shapes
/// checkable).
fn noark_change(req: &MockRequest, st: &mut State, media: &str) -> Answer {
    req.require_content_type(media)?;
    let kind = kind(req)?;
    let contract = match (kind, media == MEDIA_NOARK) {
        (Kind::Saksmappe, true) => &c::SAKSMAPPE_PUT,
        (Kind::Journalpost, true) => &c::JOURNALPOST_PUT,
        (Kind::Saksmappe | Kind::Journalpost, false) => c::of(kind, false),
        _ => return refuse(405, format!("a {kind:?} does not change")),
    };
    apply(req, st, kind, contract, true)
}

/// The href of a korrespondansepart of a journalpost.
fn part_href(st: &State, jp: &str, list: &str, part: &str) -> String {
    let journalposter = Kind::Journalpost.noark();
    format!("{}{journalposter}/{jp}/{list}/{part}", st.base)
}

/// What an entity links to below itself: a `ny-*` template, a child list, its file.
fn below(req: &MockRequest, st: &mut State) -> Answer {
    let (kind, id, relation) = (kind(req)?, req.param("systemID"), req.param("rel"));
    let parent = st.get(kind, id)?;
    if !kind.has_below(relation) {
        return refuse(404, format!("a {kind:?} has no {relation}"));
    }
    let medium = kode(Dokumentmedium::Elektronisk);
    let mut template = match relation {
        "referanseFil" => return download(req, st),
        "ny-saksmappe" => json!({"saksstatus": kode(Saksstatus::UnderBehandling),
            "dokumentmedium": medium, "saksdato": now()}),
        "ny-journalpost" => json!({"dokumentmedium": medium, "journaldato": now()}),
        "ny-dokumentbeskrivelse" => json!({"dokumentmedium": medium}),
        "ny-dokumentobjekt" => json!({"variantformat": kode(Variantformat::Produksjonsformat)}),
        _ if relation.starts_with("ny-") => json!({}),
        "korrespondansepart" => {
            let mut parts = Vec::new();
            for (list, relation) in PARTS {
                for part in parent.value[list].as_array().into_iter().flatten() {
                    let me = part_href(st, id, list, part["systemID"].as_str().unwrap_or_default());
                    let mut part = part.clone();
                    part["_links"] = json!({"self": {"href": me}, relation: {"href": me}});
                    parts.push(part);
                }
            }
            return page(req, st, parts);
        }
        _ => {
            let child = Kind::named(relation).ok_or_else(|| feil(404, "no such list"))?;
            return children(req, st, child, Some(id), true);
        }
    };
    template["_links"] = json!({});
    Ok(noark_json(200, &template))
}

/// A POST to a `ny-*` href (the body held to the standard's fields for the entity, nothing
/// embedded), or a file to the `fil` link.
fn noark_create(req: &MockRequest, st: &mut State) -> Answer {
    let (kind, id, relation) = (kind(req)?, req.param("systemID"), req.param("rel"));
    st.get(kind, id)?;
    let creates = relation == "referanseFil" || relation.starts_with("ny-");
    if !creates || !kind.has_below(relation) {
        return refuse(405, format!("nothing is created at {relation}"));
    }
    if relation == "referanseFil" {
        return upload(req, st, true);
    }
    req.require_content_type(MEDIA_NOARK)?;
    let name = relation.trim_start_matches("ny-");
    let mut parts = KORRESPONDANSEPARTER.iter();
    let Some((list, contract)) = parts.find(|(l, _)| l.to_lowercase() == name) else {
        let child = Kind::named(name).ok_or_else(|| feil(404, "no such entity kind"))?;
        return make(req, st, child, Some(id), true);
    };
    let mut part = body(req, contract)?;
    st.check_codes(&Value::Object(part.clone()))?;
    let part_id = new_id();
    part.insert("systemID".into(), json!(part_id));
    let me = part_href(st, id, list, &part_id);
    let jp = st.get_mut(Kind::Journalpost, id)?;
    match jp.value.get_mut(*list).and_then(Value::as_array_mut) {
        Some(items) => items.push(Value::Object(part.clone())),
        None => jp.value[*list] = json!([part.clone()]),
    }
    let mut answer = Value::Object(part);
    answer["_links"] = json!({"self": {"href": me}});
    Ok(noark_json(201, &answer).header("etag", etag(1)))
}
