//! The routes of both faces over the one archive: HINT Arkiv's table ([`routes::ALL`]) and the
//! Noark 5 face (`{pakke}/{entitet}/{systemID}/{relasjon}`, reached only through `_links`).
//! Bodies are held to the wire contract ([`super::contract`]) before the state sees them.

use hint_core::Route;
use hint_core::mock::contract::Contract;
use hint_core::mock::paging::NoarkPaging;
use hint_core::mock::upload::Uploaded;
use hint_core::mock::{Answer, ErrorShape, MockRequest, Reply, Router, Shared};
use serde_json::{Map, Value, json};

use super::state::{Kind, Res, State, feil, kode, new_id, now, segment};
use crate::kode::{Dokumentmedium, Saksstatus, Variantformat};
use crate::links::rel;
use crate::routes::contract::{self as c, KORRESPONDANSEPARTER};
use crate::routes::{self, MEDIA_MERGE_PATCH, MEDIA_NOARK};

const ROOT: Route = Route::get("Noark.root", "");
const PAKKE: Route = Route::get("Noark.pakke", "{pakke}");
const LIST: Route = Route::get("Noark.list", "{pakke}/{kind}");
const GET: Route = Route::get("Noark.get", "{pakke}/{kind}/{systemID}");
const PATCH: Route = Route::patch("Noark.update", "{pakke}/{kind}/{systemID}");
const PUT: Route = Route::put("Noark.replace", "{pakke}/{kind}/{systemID}");
const BELOW: Route = Route::get("Noark.below", "{pakke}/{kind}/{systemID}/{rel}");
const CREATE: Route = Route::post("Noark.create", "{pakke}/{kind}/{systemID}/{rel}");

/// The korrespondansepart lists and the relation each part is linked under.
const PARTS: [(&str, &str); 3] = [
    ("korrespondansepartPerson", rel::KORRESPONDANSEPARTPERSON),
    ("korrespondansepartEnhet", rel::KORRESPONDANSEPARTENHET),
    ("korrespondansepartIntern", rel::KORRESPONDANSEPARTINTERN),
];

type Handler = Box<dyn Fn(&MockRequest, &mut State) -> Answer + Send + Sync>;

/// Every route of both faces.
pub(super) fn router(state: Shared<State>) -> Router<State> {
    use Kind::{
        Dokumentbeskrivelse as Db, Dokumentobjekt as Do, Journalpost as Jp, Saksmappe as Sak,
    };
    let mut router = Router::new(state, ErrorShape::Noark);
    for kind in [Sak, Jp, Db, Do] {
        router = router.route(get_route(kind), read(kind));
    }
    router
        .idempotent(routes::CREATE_SAK, create(Sak))
        .idempotent(routes::CREATE_SAK_I_ARKIVDEL, create(Sak))
        .idempotent(routes::CREATE_SAK_I_KLASSE, create(Sak))
        .route(routes::LIST_SAKER, list(Sak))
        .route(routes::UPDATE_SAK, change(Sak))
        .route(routes::CLOSE_SAK, change(Sak))
        .route(routes::LIST_JOURNALPOSTER, list(Jp))
        .route(routes::UPDATE_JOURNALPOST, change(Jp))
        .route(routes::SET_JOURNALSTATUS, change(Jp))
        .route(routes::LIST_DOKUMENTBESKRIVELSER, list(Db))
        .route(routes::LIST_DOKUMENTOBJEKTER, list(Do))
        .idempotent(routes::CREATE_JOURNALPOST, create(Jp))
        .idempotent(routes::CREATE_DOKUMENTBESKRIVELSE, create(Db))
        .idempotent(routes::CREATE_DOKUMENTOBJEKT, create(Do))
        .idempotent(routes::UPLOAD_FIL, |req, st| upload(req, st, false))
        .idempotent(routes::START_OPPLASTING, |req, st| upload(req, st, false))
        .route(routes::UPLOAD_DEL, chunk)
        .route(routes::DOWNLOAD_FIL, download)
        .route(routes::GET_KODELISTE, |req, st| {
            page(req, st, st.kodeliste(req.param("kodeliste"))?)
        })
        .route(ROOT, |_, st| Ok(noark_json(200, &root(st))))
        .route(PAKKE, pakke)
        .route(LIST, |req, st| {
            let items = st.all(kind(req)?, None).into_iter().map(|e| st.noark(e));
            page(req, st, items.collect())
        })
        .route(GET, |req, st| {
            entity(st, st.get(kind(req)?, req.param("systemID"))?, true)
        })
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
fn entity(st: &State, e: &super::state::Entity, noark: bool) -> Answer {
    let value = if noark { st.noark(e) } else { st.hint(e) };
    Ok(noark_json(200, &value).header("etag", format!("\"{}\"", e.version)))
}

fn created(st: &State, kind: Kind, id: &str, noark: bool) -> Answer {
    let e = st.get(kind, id)?;
    let reply = entity(st, e, noark)?;
    Ok(Reply::bytes(201, MEDIA_NOARK, reply.body().to_vec())
        .header("etag", format!("\"{}\"", e.version)))
}

fn page(req: &MockRequest, st: &State, items: Vec<Value>) -> Answer {
    NoarkPaging::new().page_size(st.page_size).page(req, items)
}

/// The body as an object that keeps to the contract (a 400 naming the field otherwise).
fn body(req: &MockRequest, contract: &Contract) -> Res<Map<String, Value>> {
    match req.json_checked(contract)? {
        Value::Object(map) => Ok(map),
        _ => Err(feil(400, "the body must be a JSON object")),
    }
}

/// The version a change is made against: `If-Match`, or `ETag` as some cores read it.
fn version(req: &MockRequest) -> Option<&str> {
    req.header("if-match").or(req.header("etag"))
}

fn parent_exists(st: &State, kinds: &[Kind], id: &str) -> Res<()> {
    let found = kinds.iter().any(|k| st.get(*k, id).is_ok());
    found
        .then_some(())
        .ok_or_else(|| feil(404, "no such entity"))
}

// ---- HINT Arkiv ---------------------------------------------------------------------------------

/// Where HINT Arkiv serves one entity of a kind.
fn get_route(kind: Kind) -> Route {
    match kind {
        Kind::Saksmappe => routes::GET_SAK,
        Kind::Journalpost => routes::GET_JOURNALPOST,
        Kind::Dokumentbeskrivelse => routes::GET_DOKUMENTBESKRIVELSE,
        _ => routes::GET_DOKUMENTOBJEKT,
    }
}

fn create(kind: Kind) -> Handler {
    Box::new(move |req, st| {
        // A sak is filed in the arkivdel or the klasse its route names.
        let parents = match req.route().template.split('/').next() {
            Some("arkivdeler") => &[Kind::Arkivdel][..],
            Some("klasser") => &[Kind::Klasse],
            _ => kind.parents(),
        };
        let parent = Some(req.param("systemID")).filter(|p| !p.is_empty());
        if let Some(p) = parent {
            parent_exists(st, parents, p)?;
        }
        let id = st.create(kind, parent, body(req, contract(kind, true))?, true)?;
        let location = get_route(kind).template.replace("{systemID}", &id);
        Ok(created(st, kind, &id, false)?.header("location", location))
    })
}

fn read(kind: Kind) -> Handler {
    Box::new(move |req, st| entity(st, st.get(kind, req.param("systemID"))?, false))
}

fn list(kind: Kind) -> Handler {
    Box::new(move |req, st| {
        let parent = Some(req.param("systemID")).filter(|p| !p.is_empty());
        if let Some(p) = parent {
            parent_exists(st, kind.parents(), p)?;
        }
        let items = st.all(kind, parent).into_iter().map(|e| st.hint(e));
        page(req, st, items.collect())
    })
}

fn change(kind: Kind) -> Handler {
    Box::new(move |req, st| {
        let patch = Value::Object(body(req, contract(kind, false))?);
        st.change(kind, req.param("systemID"), &patch, version(req))?;
        entity(st, st.get(kind, req.param("systemID"))?, false)
    })
}

// ---- Files ------------------------------------------------------------------------------------

/// A whole file, or (with `X-Upload-Content-Length`) the start of a chunked upload. A file is
/// never overwritten.
fn upload(req: &MockRequest, st: &mut State, noark: bool) -> Answer {
    let id = req.param("systemID");
    st.get(Kind::Dokumentobjekt, id)?;
    if st.files.contains_key(id) {
        let why = "a file is never overwritten (delete the dokumentobjekt and upload anew)";
        return Err(feil(
            409,
            format!("the dokumentobjekt already has a file; {why}"),
        ));
    }
    let location = routes::UPLOAD_DEL.template.replace("{id}", "");
    let uploaded = st.uploads.start(req, (id.to_owned(), noark), &location)?;
    stored(st, uploaded)
}

/// One chunk of a chunked upload; the last one stores the file.
fn chunk(req: &MockRequest, st: &mut State) -> Answer {
    let uploaded = st.uploads.chunk(req, req.param("id"))?;
    stored(st, uploaded)
}

fn stored(st: &mut State, uploaded: Uploaded<(String, bool)>) -> Answer {
    let file = match uploaded {
        Uploaded::Reply(reply) => return Ok(reply),
        Uploaded::File(file) => file,
    };
    let (id, noark) = file.target;
    st.store_file(&id, file.bytes, &file.media_type, file.filename)?;
    created(st, Kind::Dokumentobjekt, &id, noark)
}

fn download(req: &MockRequest, st: &mut State) -> Answer {
    let id = req.param("systemID");
    st.get(Kind::Dokumentobjekt, id)?;
    let (bytes, mime) = st
        .files
        .get(id)
        .ok_or_else(|| feil(404, "no file has been uploaded to this dokumentobjekt"))?;
    Ok(Reply::bytes(200, mime, bytes.clone()))
}

// ---- The Noark 5 face -------------------------------------------------------------------------

fn kind(req: &MockRequest) -> Res<Kind> {
    let path = format!("{}/{}", req.param("pakke"), req.param("kind"));
    Kind::ALL
        .into_iter()
        .find(|k| k.noark() == path)
        .ok_or_else(|| feil(404, format!("no collection {path}")))
}

fn links(st: &State, pairs: impl IntoIterator<Item = (String, String)>) -> Value {
    let links: Map<String, Value> = pairs
        .into_iter()
        .map(|(r, p)| (r, json!({"href": format!("{}{p}", st.base)})))
        .collect();
    json!({"_links": links})
}

fn root(st: &State) -> Value {
    let packages = [
        (rel::ARKIVSTRUKTUR, "arkivstruktur"),
        (rel::SAKARKIV, "sakarkiv"),
        (rel::METADATA, "metadata"),
    ];
    links(st, packages.map(|(r, p)| (r.to_owned(), p.to_owned())))
}

/// A package's entry point: links to its collections (or, for `metadata`, its code lists).
fn pakke(req: &MockRequest, st: &mut State) -> Answer {
    let name = req.param("pakke");
    let found: Vec<(String, String)> = match name {
        "metadata" => super::state::KODELISTER
            .split_whitespace()
            .map(|l| (format!("{}{l}/", rel::METADATA), format!("metadata/{l}")))
            .collect(),
        _ => Kind::ALL
            .iter()
            .filter(|k| k.noark().starts_with(&format!("{name}/")))
            .map(|k| (k.rel().to_owned(), k.noark().to_owned()))
            .collect(),
    };
    if found.is_empty() {
        return Err(feil(404, format!("no package {name}")));
    }
    Ok(noark_json(200, &links(st, found)))
}

/// A merge patch (`PATCH`) or the whole entity (`PUT`, whose server fields make only the shapes
/// checkable), carrying its version in `If-Match` or (as some cores read it) `ETag`.
fn noark_change(req: &MockRequest, st: &mut State, media: &str) -> Answer {
    req.require_content_type(media)?;
    let kind = kind(req)?;
    let contract = match (kind, media == MEDIA_NOARK) {
        (Kind::Saksmappe, true) => &c::SAKSMAPPE_PUT,
        (Kind::Journalpost, true) => &c::JOURNALPOST_PUT,
        (Kind::Saksmappe | Kind::Journalpost, false) => contract(kind, false),
        _ => return Err(feil(405, format!("a {kind:?} does not change"))),
    };
    let patch = Value::Object(body(req, contract)?);
    st.change(kind, req.param("systemID"), &patch, version(req))?;
    entity(st, st.get(kind, req.param("systemID"))?, true)
}

/// What an entity links to below itself: a `ny-*` template, a child list, its file.
fn below(req: &MockRequest, st: &mut State) -> Answer {
    let (kind, id, relation) = (kind(req)?, req.param("systemID"), req.param("rel"));
    st.get(kind, id)?;
    if !kind.below().iter().any(|r| segment(r) == relation) {
        return Err(feil(404, format!("a {kind:?} has no {relation}")));
    }
    if relation == "referanseFil" {
        return download(req, st);
    }
    let medium = kode(Dokumentmedium::Elektronisk);
    let template = match relation {
        "ny-saksmappe" => {
            json!({"saksstatus": kode(Saksstatus::UnderBehandling), "dokumentmedium": medium, "saksdato": now()})
        }
        "ny-journalpost" => json!({"dokumentmedium": medium, "journaldato": now()}),
        "ny-dokumentbeskrivelse" => json!({"dokumentmedium": medium}),
        "ny-dokumentobjekt" => json!({"variantformat": kode(Variantformat::Produksjonsformat)}),
        _ if relation.starts_with("ny-") => json!({}),
        "korrespondansepart" => {
            let (mut parts, parent) = (Vec::new(), st.get(kind, id)?);
            for (list, relation) in PARTS {
                for part in parent.value[list].as_array().into_iter().flatten() {
                    let me = format!(
                        "{}{}/{id}/{list}/{}",
                        st.base,
                        kind.noark(),
                        part["systemID"].as_str().unwrap_or_default()
                    );
                    let mut part = part.clone();
                    part["_links"] = json!({"self": {"href": me}, relation: {"href": me}});
                    parts.push(part);
                }
            }
            return page(req, st, parts);
        }
        _ => {
            let child = Kind::named(relation).ok_or_else(|| feil(404, "no such list"))?;
            let items = st.all(child, Some(id)).into_iter().map(|e| st.noark(e));
            return page(req, st, items.collect());
        }
    };
    let mut template = template;
    template["_links"] = json!({});
    Ok(noark_json(200, &template))
}

/// A POST to a `ny-*` href (the body held to the standard's fields for the entity, nothing
/// embedded), or a file to the `fil` link.
fn noark_create(req: &MockRequest, st: &mut State) -> Answer {
    let (kind, id, relation) = (kind(req)?, req.param("systemID"), req.param("rel"));
    st.get(kind, id)?;
    let creates = relation == "referanseFil" || relation.starts_with("ny-");
    if !creates || !kind.below().iter().any(|r| segment(r) == relation) {
        return Err(feil(405, format!("nothing is created at {relation}")));
    }
    if relation == "referanseFil" {
        return upload(req, st, true);
    }
    req.require_content_type(MEDIA_NOARK)?;
    let name = relation.trim_start_matches("ny-");
    if let Some((list, contract)) = KORRESPONDANSEPARTER
        .iter()
        .find(|(l, _)| l.to_lowercase() == name)
    {
        let mut part = body(req, contract)?;
        st.check_codes(&Value::Object(part.clone()))?;
        let part_id = new_id();
        part.insert("systemID".into(), json!(part_id));
        let me = format!("{}{}/{id}/{list}/{part_id}", st.base, kind.noark());
        let jp = st.get_mut(Kind::Journalpost, id)?;
        match jp.value.get_mut(*list).and_then(Value::as_array_mut) {
            Some(items) => items.push(Value::Object(part.clone())),
            None => jp.value[*list] = json!([part.clone()]),
        }
        let mut answer = Value::Object(part);
        answer["_links"] = json!({"self": {"href": me}});
        return Ok(Reply::bytes(201, MEDIA_NOARK, answer.to_string()).header("etag", "\"1\""));
    }
    let child = Kind::named(name).ok_or_else(|| feil(404, "no such entity kind"))?;
    let new = st.create(child, Some(id), body(req, contract(child, false))?, false)?;
    created(st, child, &new, true)
}

/// What a new or changed entity of a kind is held to; HINT Arkiv (`hint`) takes a new
/// journalpost's korrespondanseparter and a new dokumentbeskrivelse's dokumentobjekter with it.
fn contract(kind: Kind, hint: bool) -> &'static Contract {
    match (kind, hint) {
        (Kind::Saksmappe, _) => &c::SAKSMAPPE,
        (Kind::Journalpost, true) => &c::JOURNALPOST_HINT,
        (Kind::Journalpost, false) => &c::JOURNALPOST,
        (Kind::Dokumentbeskrivelse, true) => &c::DOKUMENTBESKRIVELSE_HINT,
        (Kind::Dokumentbeskrivelse, false) => &c::DOKUMENTBESKRIVELSE,
        _ => &c::DOKUMENTOBJEKT,
    }
}
