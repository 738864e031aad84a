//! Noark mode: the operations the way a standard Noark 5 client performs them (chapter 6).
//!
//! Nothing here knows a path. The client starts at the root (the base URL), whose `_links` name
//! the packages (`arkivstruktur/`, `sakarkiv/`, `metadata/`); their links name the collections.
//! An entity is found by filtering its collection on `systemID` and then read from its `self`
//! link (which gives its `ETag`); children, templates and files are reached through the entity's
//! `_links`. A new entity is made by GETting the `ny-*` template, filling it in and POSTing it to
//! the same href.

use std::future::Future;
use std::pin::Pin;
use std::sync::PoisonError;

use hint_core::{Error, ErrorKind, Operation, PageStyle, Pager, Result, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::arkivenhet::{Arkivenhet, Resultatliste};
use crate::client::{ArkivClient, Versioned, merge_patch_body, noark_body};
use crate::links::{Links, rel};
use crate::protocol::UpdateMethod;
use crate::routes;
use crate::wire::{Etag, SystemId};

/// A future giving the href of a list (resolved when the first page is fetched).
pub(crate) type HrefFuture = Pin<Box<dyn Future<Output = Result<String>> + Send>>;

/// A link the archive should have given and did not.
pub(crate) fn missing(relation: &str, on: &str) -> Error {
    Error::with_kind(
        ErrorKind::Decode,
        format!(
            "the archive gave no link `{relation}` on {on}; it is not a Noark 5 core this client can navigate"
        ),
    )
}

impl ArkivClient {
    /// An href from the archive as a URL (hrefs are absolute in the standard; a relative one is
    /// read against the base URL).
    pub(crate) fn resolve(&self, href: &str) -> Result<Url> {
        self.core().base_url().join(href).map_err(|_| {
            Error::with_kind(
                ErrorKind::Decode,
                format!("the archive's link `{href}` is not a URL"),
            )
        })
    }

    async fn n_value<T: DeserializeOwned>(&self, name: &'static str, url: Url) -> Result<T> {
        let op = Operation::get(name, routes::NOARK_HREF)
            .absolute_url(url)
            .accept(routes::MEDIA_NOARK);
        self.core().send(op).await?.json()
    }

    /// GETs an entity at an href, with its `ETag`.
    pub(crate) async fn n_get<T: DeserializeOwned + Versioned>(
        &self,
        name: &'static str,
        href: &str,
    ) -> Result<T> {
        let op = Operation::get(name, routes::NOARK_HREF).absolute_url(self.resolve(href)?);
        self.send_entity(op).await
    }

    /// The root's links and those of the packages it names, fetched once per client.
    pub(crate) async fn entry_links(&self) -> Result<Links> {
        if let Some(links) = self
            .entry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Ok(links);
        }
        let base = self.core().base_url().clone();
        let root: Arkivenhet = self.n_value(routes::NOARK_ENTRY.name, base).await?;
        let mut links = root.links.clone();
        for package in [rel::ARKIVSTRUKTUR, rel::SAKARKIV, rel::METADATA] {
            if let Some(href) = root.links.href(package) {
                let page: Arkivenhet = self
                    .n_value(routes::NOARK_ENTRY.name, self.resolve(href)?)
                    .await?;
                for (r, l) in page.links.iter() {
                    links.insert(r, l.clone());
                }
            }
        }
        *self.entry.lock().unwrap_or_else(PoisonError::into_inner) = Some(links.clone());
        Ok(links)
    }

    /// The href of a collection the entry points name (`sakarkiv/saksmappe/`, …).
    pub(crate) async fn collection(&self, relation: &str) -> Result<String> {
        let links = self.entry_links().await?;
        links
            .href(relation)
            .map(str::to_owned)
            .ok_or_else(|| missing(relation, "the archive's entry points"))
    }

    /// Finds an entity by `systemID`: its collection filtered on it, then its `self` link.
    pub(crate) async fn n_find<T: DeserializeOwned + Versioned>(
        &self,
        name: &'static str,
        collection: &str,
        id: &SystemId,
    ) -> Result<T> {
        let mut url = self.resolve(&self.collection(collection).await?)?;
        url.query_pairs_mut().append_pair(
            routes::query::FILTER,
            &format!("systemID eq '{}'", id.as_str().replace('\'', "''")),
        );
        let page: Resultatliste<Arkivenhet> = self.n_value(name, url).await?;
        let item = page.results.into_iter().next().ok_or_else(|| {
            Error::service(
                404,
                None,
                format!("the archive has no entity with systemID {id} under {collection}"),
            )
        })?;
        let href = item
            .links
            .self_href()
            .ok_or_else(|| missing(rel::SELF, "a list item"))?
            .to_owned();
        self.n_get(name, &href).await
    }

    /// Creates an entity the standard way: GET the `ny-*` template from the parent's link, fill
    /// in what the caller gave, POST it to the same href (with an idempotency key).
    pub(crate) async fn n_create<T: DeserializeOwned + Versioned, B: Serialize + ?Sized>(
        &self,
        name: &'static str,
        parent: &Links,
        ny: &str,
        body: &B,
    ) -> Result<T> {
        let href = parent
            .href(ny)
            .ok_or_else(|| missing(ny, "the parent entity"))?;
        let url = self.resolve(href)?;
        // The template holds the core's defaults; what the caller sets wins.
        let mut fields = match self.n_value::<Value>(name, url.clone()).await? {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        fields.remove("_links");
        if let Value::Object(given) = to_value(body)? {
            fields.extend(given);
        }
        let op = Operation::post(name, routes::NOARK_HREF)
            .absolute_url(url)
            .body(noark_body(&fields)?)
            .idempotency_key(None);
        self.send_entity(op).await
    }

    /// Changes an entity at its `self` link: a merge patch, or the whole entity with the change
    /// applied (PUT), carrying its version in the configured header.
    pub(crate) async fn n_update<T: DeserializeOwned + Versioned, B: Serialize + ?Sized>(
        &self,
        name: &'static str,
        links: &Links,
        endring: &B,
        etag: &Etag,
    ) -> Result<T> {
        let options = self.noark_options().cloned().unwrap_or_default();
        let href = links
            .self_href()
            .ok_or_else(|| missing(rel::SELF, "the entity"))?;
        let url = self.resolve(href)?;
        let op = match options.update_method {
            UpdateMethod::MergePatch => Operation::patch(name, routes::NOARK_HREF)
                .absolute_url(url)
                .body(merge_patch_body(endring)?),
            UpdateMethod::Put => {
                let mut whole: Value = self.n_value(name, url.clone()).await?;
                if let Value::Object(map) = &mut whole {
                    map.remove("_links");
                }
                merge(&mut whole, &to_value(endring)?);
                Operation::put(name, routes::NOARK_HREF)
                    .absolute_url(url)
                    .body(noark_body(&whole)?)
            }
        };
        let op = op.header(options.concurrency_header.name(), etag.as_str())?;
        self.send_entity(op).await
    }

    /// A pager over a Noark list whose href is found when the first page is fetched.
    pub(crate) fn n_pager<T: DeserializeOwned + Send + 'static>(
        &self,
        name: &'static str,
        filter: Option<&crate::SakFilter>,
        href: impl Fn(ArkivClient) -> HrefFuture + Send + Sync + 'static,
    ) -> Result<Pager<T>> {
        let mut op = Operation::get(name, routes::NOARK_HREF).accept(routes::MEDIA_NOARK);
        if let Some(filter) = filter {
            op = filter.apply(op)?;
        }
        let client = self.clone();
        Ok(self
            .core()
            .pager_discovering(op, PageStyle::Noark, move || {
                let found = href(client.clone());
                let client = client.clone();
                async move { client.resolve(&found.await?) }
            }))
    }

    /// The href of a child list an entity links to (`sakarkiv/journalpost/` on a saksmappe, …).
    pub(crate) async fn child_href<P: DeserializeOwned + Versioned + HasLinks>(
        &self,
        name: &'static str,
        collection: &str,
        id: &SystemId,
        children: &[&str],
    ) -> Result<String> {
        let parent: P = self.n_find(name, collection, id).await?;
        children
            .iter()
            .find_map(|r| parent.links().href(r))
            .map(str::to_owned)
            .ok_or_else(|| missing(children[0], "the parent entity"))
    }
}

// What only reads links (or is a part of a journalpost) has no version to keep.
impl Versioned for Arkivenhet {}
impl Versioned for crate::Arkivdel {}
impl Versioned for crate::KorrespondansepartPerson {}
impl Versioned for crate::KorrespondansepartEnhet {}
impl Versioned for crate::KorrespondansepartIntern {}

impl ArkivClient {
    /// Noark mode: a dokumentbeskrivelse, then each of its dokumentobjekter as an entity of its
    /// own; the dokumentbeskrivelse returned lists them.
    pub(crate) async fn noark_create_dokumentbeskrivelse(
        &self,
        journalpost: &SystemId,
        dokument: &crate::NyDokumentbeskrivelse,
    ) -> Result<crate::Dokumentbeskrivelse> {
        let name = routes::CREATE_DOKUMENTBESKRIVELSE.name;
        let parent: crate::Journalpost = self.n_find(name, rel::JOURNALPOST, journalpost).await?;
        let mut body = to_value(dokument)?;
        if let Some(map) = body.as_object_mut() {
            map.remove("dokumentobjekt");
        }
        let mut created: crate::Dokumentbeskrivelse = self
            .n_create(name, &parent.links, rel::NY_DOKUMENTBESKRIVELSE, &body)
            .await?;
        for objekt in &dokument.dokumentobjekt {
            let made = self
                .n_create(
                    routes::CREATE_DOKUMENTOBJEKT.name,
                    &created.links,
                    rel::NY_DOKUMENTOBJEKT,
                    objekt,
                )
                .await?;
            created.dokumentobjekt.push(made);
        }
        Ok(created)
    }

    /// Noark mode: the children a parent links to, page by page.
    pub(crate) fn noark_children<P, T>(
        &self,
        name: &'static str,
        collection: &'static str,
        parent: &SystemId,
        children: &'static str,
    ) -> Result<Pager<T>>
    where
        P: DeserializeOwned + Versioned + HasLinks + Send + 'static,
        T: DeserializeOwned + Send + 'static,
    {
        let parent = parent.clone();
        self.n_pager(name, None, move |c| {
            let parent = parent.clone();
            Box::pin(async move {
                c.child_href::<P>(name, collection, &parent, &[children])
                    .await
            })
        })
    }

    /// Points a file operation at the dokumentobjekt's file: HINT's route, or (Noark) the
    /// dokumentobjekt's `arkivstruktur/fil/` link.
    pub(crate) async fn file_target(&self, op: Operation, id: &SystemId) -> Result<Operation> {
        if self.noark_options().is_none() {
            return Ok(op.path_param("systemID", id));
        }
        let objekt = self.get_dokumentobjekt(id).await?;
        self.file_of(op, id, &objekt)
    }

    /// [`ArkivClient::file_target`] for a dokumentobjekt already read.
    pub(crate) fn file_of(
        &self,
        op: Operation,
        id: &SystemId,
        objekt: &crate::Dokumentobjekt,
    ) -> Result<Operation> {
        if self.noark_options().is_none() {
            return Ok(op.path_param("systemID", id));
        }
        let href = objekt
            .links
            .href(rel::FIL)
            .or(objekt.referanse_dokumentfil.as_deref())
            .ok_or_else(|| missing(rel::FIL, "the dokumentobjekt"))?;
        Ok(op.absolute_url(self.resolve(href)?))
    }
}

/// Entities with `_links`.
pub(crate) trait HasLinks {
    fn links(&self) -> &Links;
}

impl HasLinks for crate::Saksmappe {
    fn links(&self) -> &Links {
        &self.links
    }
}

impl HasLinks for crate::Journalpost {
    fn links(&self) -> &Links {
        &self.links
    }
}

impl HasLinks for crate::Dokumentbeskrivelse {
    fn links(&self) -> &Links {
        &self.links
    }
}

impl HasLinks for crate::Dokumentobjekt {
    fn links(&self) -> &Links {
        &self.links
    }
}

fn to_value<B: Serialize + ?Sized>(body: &B) -> Result<Value> {
    serde_json::to_value(body)
        .map_err(|e| Error::invalid_input("body", format!("cannot be written as JSON: {e}")))
}

/// RFC 7396: applies a merge patch.
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
