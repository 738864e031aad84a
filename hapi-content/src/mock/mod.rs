//! A fake hAPI for your tests (feature `mock`).
//!
//! [`MockHapi`] is a stateful fake of the content API on a loopback wiremock server behind
//! hint-core's fault proxy. It demands the API key like the real gateway (401 with the APIM body
//! otherwise), serves every document as JSON, Markdown or HTML by `Accept` (consistently: the
//! Markdown and HTML are rendered from the same document), builds `links` (`barn`, `forelder`,
//! `root`) from the tree you seed, pages the `skip`/`take` routes, answers 500 to `skip`/`take`
//! on `/innhold` and ignores a hyphenated `kodeverk` (empty list) as the real API does.
//!
//! It starts seeded with illustrative Norwegian content ([`seed`]): a guideline with chapters
//! and recommendations, a faglig råd with a råd, a pakkeforløp, a rundskriv, grant announcements, reports, a quality
//! indicator and medicines. The seed text is written for tests; it is not Helsedirektoratet's
//! text and must not be shown as such.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), hapi_content::Error> {
//! use hapi_content::mock::{MockHapi, seed};
//! use hapi_content::{Format, Infobit, InfobitId, InfoType};
//!
//! let mock = MockHapi::start().await;
//! let client = mock.client();
//! let guideline = client.get(seed::DIABETES_RETNINGSLINJE).await?;
//! assert_eq!(client.children(&guideline).await?.len(), 2);
//!
//! // Your own documents, with links built for you:
//! let mut rundskriv = Infobit::new(InfobitId::new("0006-0011-min-egen")?, InfoType::Rundskriv, "Mitt rundskriv");
//! rundskriv.tekst = Some("<p>Gjelder fra 1. januar.</p>".into());
//! mock.add(rundskriv);
//! let md = client.get_as("0006-0011-min-egen", Format::Markdown).await?;
//! assert!(md.body.contains("Gjelder fra 1. januar."));
//! # Ok(()) }
//! ```

pub mod seed;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use hint_core::ClientBuilder;
use hint_core::Url;
use hint_core::mock::wiremock::{Mock, Request, Respond, ResponseTemplate};
use hint_core::mock::{MockServer, MockServerBuilder, ReceivedRequest};
use serde_json::{Value, json};

use crate::client::HapiClient;
use crate::format::{render_html, render_markdown};
use crate::model::{InfoType, Infobit, InfobitId, Link, LinkRel};
use crate::routes::{ContentKind, Paging};

/// The API key the mock demands (sent by [`MockHapi::client`]).
pub const MOCK_API_KEY: &str = "hapi-mock-subscription-key";

#[derive(Default)]
struct State {
    /// Documents in insertion order.
    order: Vec<String>,
    docs: BTreeMap<String, Node>,
    honour_accept: bool,
    by_id_as_list: bool,
    legemidler: Vec<Value>,
    nki_data: BTreeMap<String, Value>,
}

struct Node {
    doc: Infobit,
    parent: Option<String>,
    children: Vec<String>,
}

/// A fake hAPI. See the [module docs](self).
pub struct MockHapi {
    server: MockServer,
    state: Arc<Mutex<State>>,
    base: Url,
}

impl fmt::Debug for MockHapi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockHapi")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl MockHapi {
    /// A mock seeded with the content in [`seed`].
    pub async fn start() -> MockHapi {
        let mock = MockHapi::empty().await;
        seed::seed(&mock);
        mock
    }

    /// A mock with no content.
    pub async fn empty() -> MockHapi {
        MockHapi::empty_with(MockServer::builder().api_key(MOCK_API_KEY)).await
    }

    /// A mock seeded with the content in [`seed`], on a test-kit server set up your way (another
    /// API key, a public URL behind a router). The content API lives under `innhold/` of the
    /// server's URL.
    pub async fn start_with(builder: MockServerBuilder) -> MockHapi {
        let mock = MockHapi::empty_with(builder).await;
        seed::seed(&mock);
        mock
    }

    /// A mock with no content on a test-kit server set up your way.
    pub async fn empty_with(builder: MockServerBuilder) -> MockHapi {
        let server = builder.start().await;
        let base = server
            .uri()
            .join("innhold/")
            .unwrap_or_else(|e| panic!("mock base URL: {e}"));
        let state = Arc::new(Mutex::new(State {
            honour_accept: true,
            ..State::default()
        }));
        server
            .mount(
                Mock::given(|_: &Request| true)
                    .respond_with(Responder {
                        state: state.clone(),
                        base: base.clone(),
                    })
                    .with_priority(10)
                    .named("hAPI fake"),
            )
            .await;
        MockHapi {
            server,
            state,
            base,
        }
    }

    /// A client wired to the mock (base URL, API key, quick retries).
    pub async fn client_builder(&self) -> ClientBuilder<HapiClient> {
        self.server
            .client_builder::<HapiClient>()
            .await
            .base_url(self.base.clone())
    }

    /// A ready client.
    ///
    /// # Panics
    /// If the client cannot be built (it always can for the mock's loopback URL).
    pub fn client(&self) -> HapiClient {
        HapiClient::builder()
            .base_url(self.base.clone())
            .api_key(MOCK_API_KEY)
            .request_timeout(std::time::Duration::from_secs(5))
            .retry(
                hint_core::RetryOptions::default()
                    .with_initial_backoff(std::time::Duration::from_millis(5))
                    .with_max_backoff(std::time::Duration::from_millis(50))
                    .with_deadline(std::time::Duration::from_secs(10)),
            )
            .build()
            .unwrap_or_else(|e| panic!("mock client: {e}"))
    }

    /// The server underneath, for faults ([`hint_core::mock::Fault`]) and inspection.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The content API's base URL on the mock (`http://127.0.0.1:…/innhold/`).
    pub fn base_url(&self) -> Url {
        self.base.clone()
    }

    /// Requests the fake received (not those a fault answered first).
    pub async fn received(&self) -> Vec<ReceivedRequest> {
        self.server.received_requests().await
    }

    /// Adds (or replaces) a top-level document. Its `links` are built by the mock.
    pub fn add(&self, doc: Infobit) {
        self.insert(doc, None);
    }

    /// Adds (or replaces) a document as the last child of `parent`. Returns `false` (and adds
    /// nothing) when the parent is unknown.
    pub fn add_child(&self, parent: &InfobitId, doc: Infobit) -> bool {
        if !lock(&self.state).docs.contains_key(parent.as_str()) {
            return false;
        }
        self.insert(doc, Some(parent.as_str().to_owned()));
        true
    }

    fn insert(&self, mut doc: Infobit, parent: Option<String>) {
        doc.links.clear();
        let id = doc.id.as_str().to_owned();
        let mut state = lock(&self.state);
        // A replaced document keeps its children; it moves to the new parent.
        let mut children = Vec::new();
        if let Some(old) = state.docs.remove(&id) {
            children = old.children;
            if let Some(p) = old.parent
                && let Some(pn) = state.docs.get_mut(&p)
            {
                pn.children.retain(|c| *c != id);
            }
        } else {
            state.order.push(id.clone());
        }
        if let Some(p) = &parent
            && let Some(pn) = state.docs.get_mut(p)
        {
            pn.children.push(id.clone());
        }
        state.docs.insert(
            id,
            Node {
                doc,
                parent,
                children,
            },
        );
    }

    /// Removes a document (its children stay, without a parent).
    pub fn remove(&self, id: &InfobitId) -> Option<Infobit> {
        let mut state = lock(&self.state);
        let node = state.docs.remove(id.as_str())?;
        state.order.retain(|i| i != id.as_str());
        for n in state.docs.values_mut() {
            n.children.retain(|c| c != id.as_str());
            if n.parent.as_deref() == Some(id.as_str()) {
                n.parent = None;
            }
        }
        Some(node.doc)
    }

    /// A document as the mock serves it (links included).
    pub fn document(&self, id: &str) -> Option<Infobit> {
        let state = lock(&self.state);
        linked(&state, &self.base, id)
    }

    /// How many documents the mock holds.
    pub fn len(&self) -> usize {
        lock(&self.state).docs.len()
    }

    /// Whether the mock holds no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `Accept: text/markdown` / `text/html` get those formats (default `true`). With
    /// `false` the mock answers JSON to everything, as the real API may: the client then renders
    /// the format itself.
    pub fn honour_accept(&self, honour: bool) {
        lock(&self.state).honour_accept = honour;
    }

    /// Answer by-id calls with a one-element list, as some hAPI routes do.
    pub fn serve_by_id_as_list(&self, as_list: bool) {
        lock(&self.state).by_id_as_list = as_list;
    }

    /// Adds a medicine (`legemiddelvirkestoff`, `legemidler`) as JSON; its
    /// `legemiddelMerkevareId` is its id.
    pub fn add_legemiddel(&self, legemiddel: Value) {
        lock(&self.state).legemidler.push(legemiddel);
    }

    /// Sets the dataset of a quality indicator (`kvalitetsindikatorer/{id}/data`).
    pub fn set_nki_data(&self, id: &str, dataset: Value) {
        lock(&self.state).nki_data.insert(id.to_owned(), dataset);
    }
}

fn info_type_of(doc: &Infobit) -> InfoType {
    doc.info_type().unwrap_or_else(|| InfoType::from("ukjent"))
}

fn href(base: &Url, doc: &Infobit) -> String {
    let path = ContentKind::for_info_type(&info_type_of(doc)).map_or("innhold", ContentKind::path);
    base.join(&format!("{path}/{}", doc.id))
        .map(|u| u.to_string())
        .unwrap_or_default()
}

fn link(base: &Url, rel: LinkRel, doc: &Infobit) -> Link {
    let mut link = Link::new(rel, href(base, doc));
    link.info_type = Some(info_type_of(doc).as_str().to_owned());
    link.tittel = Some(doc.title().to_owned());
    link
}

/// The document with its links built from the tree.
fn linked(state: &State, base: &Url, id: &str) -> Option<Infobit> {
    let node = state.docs.get(id)?;
    let mut doc = node.doc.clone();
    if let Some(parent) = node.parent.as_deref().and_then(|p| state.docs.get(p)) {
        doc.links.push(link(base, LinkRel::Forelder, &parent.doc));
        let mut top = parent;
        let mut hops = 0;
        while let Some(up) = top.parent.as_deref().and_then(|p| state.docs.get(p)) {
            top = up;
            hops += 1;
            if hops > 64 {
                break;
            }
        }
        doc.links.push(link(base, LinkRel::Root, &top.doc));
    }
    for child in node.children.iter().filter_map(|c| state.docs.get(c)) {
        doc.links.push(link(base, LinkRel::Barn, &child.doc));
    }
    Some(doc)
}

struct Responder {
    state: Arc<Mutex<State>>,
    base: Url,
}

fn apim(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "statusCode": status, "message": message }))
}

fn json_response(value: &impl serde::Serialize) -> ResponseTemplate {
    let body = serde_json::to_vec(value).unwrap_or_default();
    ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8")
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        if req.method.as_str() != "GET" {
            return apim(405, "Method not allowed");
        }
        let path = req.url.path();
        let Some(rest) = path.strip_prefix(self.base.path()) else {
            return apim(404, "Resource not found");
        };
        let segments: Vec<String> = rest
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let query: BTreeMap<String, String> = req.url.query_pairs().into_owned().collect();
        let accept = req
            .headers
            .get("accept")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        let state = lock(&self.state);
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segs.as_slice() {
            ["innhold"] => self.innhold(&state, &query),
            ["innhold", id] | ["Infobit", id] | ["infobit", id] => {
                self.by_id(&state, id, None, accept)
            }
            ["anbefalinger"]
                if query.contains_key("kodeverk") || query.contains_key("anbefalingstype") =>
            {
                self.anbefalinger(&state, &query)
            }
            ["sok", "infobit"] => self.search(&state, &query),
            ["GetChanges"] => self.changes(&state, &query),
            ["kvalitetsindikatorer", id, "data"] => match state.nki_data.get(*id) {
                None => ResponseTemplate::new(204),
                Some(data) if query.get("contentType").map(String::as_str) == Some("text/csv") => {
                    ResponseTemplate::new(200).set_body_raw(csv(data), "text/csv; charset=utf-8")
                }
                Some(data) => json_response(data),
            },
            ["legemiddelvirkestoff" | "legemidler", "sok"] => {
                let text = query
                    .get("queryText")
                    .map(|s| s.to_lowercase())
                    .unwrap_or_default();
                let hits: Vec<&Value> = state
                    .legemidler
                    .iter()
                    .filter(|l| {
                        l.get("varenavn")
                            .and_then(Value::as_str)
                            .is_some_and(|n| n.to_lowercase().contains(&text))
                    })
                    .collect();
                json_response(&hits)
            }
            ["legemiddelvirkestoff" | "legemidler", "autofullfor"] => {
                let text = query
                    .get("queryText")
                    .map(|s| s.to_lowercase())
                    .unwrap_or_default();
                let names: Vec<&str> = state
                    .legemidler
                    .iter()
                    .filter_map(|l| l.get("varenavn").and_then(Value::as_str))
                    .filter(|n| n.to_lowercase().starts_with(&text))
                    .collect();
                json_response(&names)
            }
            ["legemiddelvirkestoff" | "legemidler"] => match skip_take(&query) {
                Ok((skip, take)) => json_response(
                    &state
                        .legemidler
                        .iter()
                        .skip(skip)
                        .take(take)
                        .collect::<Vec<_>>(),
                ),
                Err(r) => *r,
            },
            ["legemiddelvirkestoff" | "legemidler", id] => {
                // The real API answers 204 for an unknown id here.
                match state
                    .legemidler
                    .iter()
                    .find(|l| l.get("legemiddelMerkevareId").and_then(Value::as_str) == Some(*id))
                {
                    Some(l) if state.by_id_as_list => json_response(&[l]),
                    Some(l) => json_response(l),
                    None => ResponseTemplate::new(204),
                }
            }
            [kind_path] => match kind_of(kind_path) {
                Some(kind) => self.list(&state, kind, &query),
                None => apim(404, "Resource not found"),
            },
            [kind_path, id] => match kind_of(kind_path) {
                Some(kind) => self.by_id(&state, id, Some(kind), accept),
                None => apim(404, "Resource not found"),
            },
            _ => apim(404, "Resource not found"),
        }
    }
}

fn kind_of(path: &str) -> Option<ContentKind> {
    ContentKind::ALL.iter().copied().find(|k| k.path() == path)
}

/// `skip`/`take`, or the 400 answer for a value that is not a number.
fn skip_take(query: &BTreeMap<String, String>) -> Result<(usize, usize), Box<ResponseTemplate>> {
    let parse = |name: &str, default: usize| match query.get(name) {
        None => Ok(default),
        Some(v) => v.parse::<usize>().map_err(|_| {
            Box::new(apim(
                400,
                &format!("The value '{v}' is not valid for {name}."),
            ))
        }),
    };
    Ok((parse("skip", 0)?, parse("take", 100)?))
}

fn csv(data: &Value) -> String {
    let columns: Vec<String> = data
        .get("ColumnNames")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut out = columns.join(";");
    out.push('\n');
    for row in data
        .get("AttachmentDataRows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match row.get(c) {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push('\n');
    }
    out
}

impl Responder {
    fn docs<'a>(&self, state: &'a State) -> impl Iterator<Item = Infobit> + 'a {
        let base = self.base.clone();
        state
            .order
            .iter()
            .filter_map(move |id| linked(state, &base, id))
    }

    fn innhold(&self, state: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
        if query.contains_key("skip") || query.contains_key("take") {
            // Observed on the real /innhold: skip/take give a 500.
            return apim(500, "Internal server error");
        }
        let types: Vec<InfoType> = query
            .get("infoTyper")
            .map(|t| {
                t.split(',')
                    .filter(|s| !s.is_empty())
                    .map(InfoType::from)
                    .collect()
            })
            .unwrap_or_default();
        let groups: Vec<&str> = query
            .get("maalGruppe")
            .map(|g| g.split(',').collect())
            .unwrap_or_default();
        let docs: Vec<Infobit> = self
            .docs(state)
            .filter(|d| types.is_empty() || types.contains(&info_type_of(d)))
            .filter(|d| {
                groups.is_empty() || d.maalgruppe.iter().any(|m| groups.contains(&m.as_str()))
            })
            .filter(|d| code_matches(d, query))
            .collect();
        json_response(&docs)
    }

    fn anbefalinger(&self, state: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
        let docs: Vec<Infobit> = self
            .docs(state)
            .filter(|d| info_type_of(d) == InfoType::Anbefaling)
            .filter(|d| code_matches(d, query))
            .filter(|d| {
                query
                    .get("anbefalingstype")
                    .is_none_or(|t| d.data.text("anbefalingstype").as_deref() == Some(t.as_str()))
            })
            .collect();
        json_response(&docs)
    }

    fn search(&self, state: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
        let text = query
            .get("QueryText")
            .map(|s| s.to_lowercase())
            .unwrap_or_default();
        let only = query
            .get("Filter")
            .and_then(|f| f.strip_prefix("infoType eq '"))
            .and_then(|f| f.strip_suffix('\''))
            .map(InfoType::from);
        let docs: Vec<Infobit> = self
            .docs(state)
            .filter(|d| only.as_ref().is_none_or(|t| info_type_of(d) == *t))
            .filter(|d| {
                [d.tittel.as_deref(), d.intro.as_deref(), d.tekst.as_deref()]
                    .iter()
                    .flatten()
                    .any(|s| s.to_lowercase().contains(&text))
            })
            .collect();
        json_response(&docs)
    }

    fn changes(&self, state: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
        let Some(since) = query
            .get("since")
            .and_then(|s| hint_core::lenient::parse_local_time(s))
        else {
            return apim(
                400,
                "The since parameter is required (YYYY-MM-DDTHH:MM:SS).",
            );
        };
        let changes: Vec<Value> = self
            .docs(state)
            .filter_map(|d| {
                let changed = d.sist_oppdatert.or(d.sist_faglig_oppdatert)?;
                (changed >= since)
                    .then(|| json!({ "id": d.id, "endret": hint_core::lenient::format_local_time(&changed) }))
            })
            .collect();
        json_response(&changes)
    }

    fn list(
        &self,
        state: &State,
        kind: ContentKind,
        query: &BTreeMap<String, String>,
    ) -> ResponseTemplate {
        let wanted = kind.info_type();
        let all = self.docs(state).filter(|d| info_type_of(d) == wanted);
        if kind.paging() == Paging::SkipTake {
            match skip_take(query) {
                Ok((skip, take)) => json_response(&all.skip(skip).take(take).collect::<Vec<_>>()),
                Err(r) => *r,
            }
        } else {
            json_response(&all.collect::<Vec<_>>())
        }
    }

    fn by_id(
        &self,
        state: &State,
        id: &str,
        kind: Option<ContentKind>,
        accept: &str,
    ) -> ResponseTemplate {
        let Some(doc) = linked(state, &self.base, id) else {
            return apim(404, "Resource not found");
        };
        if let Some(kind) = kind
            && info_type_of(&doc) != kind.info_type()
        {
            return apim(404, "Resource not found");
        }
        let preferred = accept
            .split(',')
            .next()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if state.honour_accept {
            match preferred.as_str() {
                "text/markdown" => {
                    return ResponseTemplate::new(200)
                        .set_body_raw(render_markdown(&doc), "text/markdown; charset=utf-8");
                }
                "text/html" => {
                    return ResponseTemplate::new(200)
                        .set_body_raw(render_html(&doc), "text/html; charset=utf-8");
                }
                _ => {}
            }
        }
        if state.by_id_as_list {
            json_response(&[doc])
        } else {
            json_response(&doc)
        }
    }
}

fn code_matches(doc: &Infobit, query: &BTreeMap<String, String>) -> bool {
    match (query.get("kodeverk"), query.get("kode")) {
        // The real API matches the code system's key exactly: `ICPC-2` finds nothing.
        (Some(kodeverk), Some(kode)) => doc
            .koder
            .0
            .get(kodeverk)
            .is_some_and(|codes| codes.iter().any(|c| c.eq_ignore_ascii_case(kode))),
        (None, None) => true,
        _ => false,
    }
}
