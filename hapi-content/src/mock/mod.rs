//! A fake hAPI for your tests (feature `mock`): [`MockHapi`] serves
//! [`routes`](crate::routes::ALL) under `innhold/` of its server on hint-core's mock kit, demands
//! the API key (401 with the APIM body), serves each document as JSON, Markdown or HTML by
//! `Accept` (rendered from the same document), builds `links` (`barn`, `forelder`, `root`) from the
//! tree you seed, pages the `skip`/`take` routes and keeps the real API's quirks (500 to
//! `skip`/`take` on `/innhold`, a hyphenated `kodeverk` finds nothing). Queries are checked
//! against [`routes::contract`]. It starts with [`seed`] (written for
//! tests, not Helsedirektoratet's text) unless built with `MockHapi::builder().empty()`; the
//! crate's README shows it at work. Received requests and faults come from [`ServiceMock`].

mod handlers;
pub mod seed;

use std::collections::BTreeMap;

use hint_core::Url;
use hint_core::mock::{ErrorShape, MockBuilder, MockServer, MockServerBuilder, Router};
use hint_core::mock::{ServiceMock, Shared, StartMock};
use serde_json::Value;

pub use hint_core::mock::MOCK_API_KEY;

use crate::client::HapiClient;
use crate::model::{InfoType, Infobit, InfobitId, Link, LinkRel};
use crate::routes::{self, ContentKind};

/// What the fake holds: the document tree, the medicines and the indicator datasets.
#[derive(Debug)]
struct State {
    /// The content API's public URL, which links point into.
    base: Url,
    /// Document ids in the order they were first seeded.
    order: Vec<String>,
    docs: BTreeMap<String, Node>,
    honour_accept: bool,
    by_id_as_list: bool,
    legemidler: Vec<Value>,
    nki_data: BTreeMap<String, Value>,
}

#[derive(Debug)]
struct Node {
    doc: Infobit,
    parent: Option<String>,
    children: Vec<String>,
}

/// A fake hAPI. See the [module docs](self).
#[derive(Debug)]
pub struct MockHapi {
    mock: ServiceMock<HapiClient>,
    state: Shared<State>,
}

hint_core::service_mock!(MockHapi: HapiClient);

/// Options for [`MockHapi`]: `.empty()`, `.server(..)`. Start with [`MockHapi::builder`].
pub type MockHapiBuilder = MockBuilder<MockHapi>;

impl StartMock for MockHapi {
    /// The gateway's API key ([`MOCK_API_KEY`]); hAPI takes no HelseID token.
    fn default_server() -> MockServerBuilder {
        MockServer::builder().api_key(MOCK_API_KEY)
    }

    async fn start_on(server: MockServer, empty: bool) -> Self {
        let mock = ServiceMock::new(server).with_base_path("innhold");
        let state = Shared::new(State {
            base: mock.base_url(),
            order: Vec::new(),
            docs: BTreeMap::new(),
            honour_accept: true,
            by_id_as_list: false,
            legemidler: Vec::new(),
            nki_data: BTreeMap::new(),
        });
        let mut router = handlers::routes(Router::new(state.clone(), ErrorShape::Apim))
            .prefix("innhold")
            // hAPI runs on ASP.NET, whose routes ignore case (`/Infobit/{id}`, `/infobit/{id}`).
            .case_insensitive();
        for kind in ContentKind::ALL.iter().copied() {
            router = router
                .route(kind.list_route(), move |req, s| {
                    handlers::list(req, s, kind)
                })
                .route(kind.get_route(), move |req, s| {
                    handlers::by_id(req, s, Some(kind))
                });
        }
        router.mount(mock.server()).await;
        let mock = MockHapi { mock, state };
        if !empty {
            seed::seed(&mock);
        }
        mock
    }
}

impl MockHapi {
    /// Adds (or replaces) a top-level document. Its `links` are built by the mock.
    pub fn seed_infobit(&self, doc: Infobit) {
        insert(&mut self.state.lock(), doc, None);
    }

    /// Adds (or replaces) a document as the last child (`barn`) of `parent`. Returns `false` (and
    /// adds nothing) when the parent is unknown.
    pub fn seed_barn(&self, parent: &InfobitId, doc: Infobit) -> bool {
        let mut state = self.state.lock();
        if !state.docs.contains_key(parent.as_str()) {
            return false;
        }
        insert(&mut state, doc, Some(parent.as_str().to_owned()));
        true
    }

    /// Adds a medicine (`legemiddelvirkestoff`, `legemidler`) as JSON; its
    /// `legemiddelMerkevareId` is its id.
    pub fn seed_legemiddel(&self, legemiddel: Value) {
        self.state.lock().legemidler.push(legemiddel);
    }

    /// Sets the dataset of a quality indicator (`kvalitetsindikatorer/{id}/data`).
    pub fn seed_nki_data(&self, id: &str, dataset: Value) {
        let mut state = self.state.lock();
        state.nki_data.insert(id.to_owned(), dataset);
    }

    /// Removes a document (its children stay, without a parent).
    pub fn remove_infobit(&self, id: &InfobitId) -> Option<Infobit> {
        let mut state = self.state.lock();
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
    pub fn infobit(&self, id: &str) -> Option<Infobit> {
        linked(&self.state.lock(), id)
    }

    /// Every document as the mock serves it, in the order first seeded.
    pub fn infobiter(&self) -> Vec<Infobit> {
        docs(&self.state.lock()).collect()
    }

    /// Whether `Accept: text/markdown` / `text/html` get those formats (default `true`). With
    /// `false` the mock answers JSON to everything, as the real API may: the client then renders
    /// the format itself.
    pub fn honour_accept(&self, honour: bool) {
        self.state.lock().honour_accept = honour;
    }

    /// Answer by-id calls with a one-element list, as some hAPI routes do.
    pub fn serve_by_id_as_list(&self, as_list: bool) {
        self.state.lock().by_id_as_list = as_list;
    }
}

/// Puts a document into the tree. A replaced document keeps its children and moves to the new
/// parent.
fn insert(state: &mut State, mut doc: Infobit, parent: Option<String>) {
    doc.links.clear();
    let id = doc.id.as_str().to_owned();
    let mut children = Vec::new();
    match state.docs.remove(&id) {
        Some(old) => {
            children = old.children;
            let old_parent = old.parent.and_then(|p| state.docs.get_mut(&p));
            if let Some(p) = old_parent {
                p.children.retain(|c| *c != id);
            }
        }
        None => state.order.push(id.clone()),
    }
    if let Some(p) = parent.as_ref().and_then(|p| state.docs.get_mut(p)) {
        p.children.push(id.clone());
    }
    let node = Node {
        doc,
        parent,
        children,
    };
    state.docs.insert(id, node);
}

fn info_type_of(doc: &Infobit) -> InfoType {
    doc.info_type().unwrap_or_else(|| InfoType::from("ukjent"))
}

fn link(base: &Url, rel: LinkRel, doc: &Infobit) -> Link {
    let kind = ContentKind::for_info_type(&info_type_of(doc));
    let path = kind.map_or(routes::INNHOLD.template, ContentKind::path);
    let href = base.join(&format!("{path}/{}", doc.id));
    let mut link = Link::new(rel, href.map(String::from).unwrap_or_default());
    link.info_type = Some(info_type_of(doc).as_str().to_owned());
    link.tittel = Some(doc.title().to_owned());
    link
}

/// The document with its links built from the tree.
fn linked(state: &State, id: &str) -> Option<Infobit> {
    let node = state.docs.get(id)?;
    let mut doc = node.doc.clone();
    let up = |n: &Node| n.parent.as_deref().and_then(|p| state.docs.get(p));
    if let Some(parent) = up(node) {
        doc.links
            .push(link(&state.base, LinkRel::Forelder, &parent.doc));
        let mut top = parent;
        // Bounded: a tree seeded into a cycle must not hang the mock.
        for _ in 0..64 {
            match up(top) {
                Some(next) => top = next,
                None => break,
            }
        }
        doc.links.push(link(&state.base, LinkRel::Root, &top.doc));
    }
    for child in node.children.iter().filter_map(|c| state.docs.get(c)) {
        doc.links.push(link(&state.base, LinkRel::Barn, &child.doc));
    }
    Some(doc)
}

/// Every document with its links, in the order first seeded.
fn docs(state: &State) -> impl Iterator<Item = Infobit> + '_ {
    state.order.iter().filter_map(|id| linked(state, id))
}
