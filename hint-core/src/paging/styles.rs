//! The paging styles services use, and the client's pagers over them: how the next page is asked
//! for, and where a page's items and its next page are found.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::{Page, PageToken, Pager};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::request::Operation;
use crate::response::Response;

/// The paging styles of the services.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PageStyle {
    /// Microsoft REST guidelines: `{"value": [...], "nextLink": "…"}` (also `@odata.nextLink`).
    NextLink,
    /// Noark 5: `{"results": [...], "_links": {"next": {"href": "…"}}}` or `_links` as a list of
    /// `{"rel", "href"}` whose rel ends in `next`.
    Noark,
    /// Page numbers: the query parameters for the page index and size, the first index (0 or 1)
    /// and the page size. The last page is the first one shorter than the page size.
    PageNumber {
        /// Name of the page index parameter.
        page_param: &'static str,
        /// Name of the page size parameter.
        size_param: &'static str,
        /// The first page's index.
        first: u64,
        /// Items per page.
        size: u32,
    },
    /// Offsets: the query parameters for how many items to skip and how many to take, and the
    /// page size. The last page is the first one shorter than the page size.
    SkipTake {
        /// Name of the offset parameter (`skip`).
        skip_param: &'static str,
        /// Name of the page size parameter (`take`).
        take_param: &'static str,
        /// Items per page.
        take: u32,
    },
    /// No paging: one answer holds the whole list. The pager gives the list the same shape as
    /// every other.
    Unpaged,
}

/// How a service crate reads the items of one page from its answer, where the built-in reading
/// (see [`Client::pager`]) does not fit the service's bodies.
pub type ItemsOf<T> = fn(&Response) -> Result<Vec<T>>;

type FirstUrl = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Url>> + Send>> + Send + Sync>;

/// A page's items and its next link, if any, read from the answer.
type ReadPage<T> = fn(&Response, &PageStyle) -> Result<(Vec<T>, Option<String>)>;

/// How a listing reads a page: the built-in reading of its style, or the service's own items.
enum Reader<T> {
    Builtin(ReadPage<T>),
    Items(ItemsOf<T>),
}

impl<T> Clone for Reader<T> {
    fn clone(&self) -> Self {
        match self {
            Reader::Builtin(read) => Reader::Builtin(*read),
            Reader::Items(read) => Reader::Items(*read),
        }
    }
}

/// Everything one listing needs to fetch any of its pages.
struct Listing<T> {
    client: Client,
    op: Operation,
    style: PageStyle,
    reader: Reader<T>,
    first_url: Option<FirstUrl>,
}

impl<T> Clone for Listing<T> {
    fn clone(&self) -> Self {
        Listing {
            client: self.client.clone(),
            op: self.op.clone(),
            style: self.style.clone(),
            reader: self.reader.clone(),
            first_url: self.first_url.clone(),
        }
    }
}

impl Client {
    /// A pager over a list operation in one of the [`PageStyle`]s.
    ///
    /// Items are decoded straight from the body. A link style reads its own page shape; the
    /// counting styles ([`PageStyle::PageNumber`], [`PageStyle::SkipTake`],
    /// [`PageStyle::Unpaged`]) read a bare array, or the array under `value`, `results` or
    /// `items`; an empty body or `204` is an empty page.
    pub fn pager<T: DeserializeOwned + Send + 'static>(
        &self,
        op: Operation,
        style: PageStyle,
    ) -> Pager<T> {
        self.listing(op, style, Reader::Builtin(read_builtin::<T>), None)
    }

    /// A pager like [`Client::pager`] whose items are read from each answer by `items`: for
    /// services whose list bodies take another shape. In the link styles the next page is still
    /// read from the body's link.
    pub fn pager_with<T: Send + 'static>(
        &self,
        op: Operation,
        style: PageStyle,
        items: ItemsOf<T>,
    ) -> Pager<T> {
        self.listing(op, style, Reader::Items(items), None)
    }

    /// A pager whose first page is at a URL found only when it is fetched (a Noark 5 archive
    /// names its lists in the `_links` of the entities): `first_url` finds it, and the query
    /// parameters of `op` are added to it. Later pages follow the style's links as usual, with
    /// `op`'s name and headers.
    pub fn pager_discovering<T, F, Fut>(
        &self,
        op: Operation,
        style: PageStyle,
        first_url: F,
    ) -> Pager<T>
    where
        T: DeserializeOwned + Send + 'static,
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Url>> + Send + 'static,
    {
        let first_url: FirstUrl = Arc::new(move || Box::pin(first_url()));
        self.listing(
            op,
            style,
            Reader::Builtin(read_builtin::<T>),
            Some(first_url),
        )
    }

    fn listing<T: Send + 'static>(
        &self,
        op: Operation,
        style: PageStyle,
        reader: Reader<T>,
        first_url: Option<FirstUrl>,
    ) -> Pager<T> {
        let listing = Listing {
            client: self.clone(),
            op,
            style,
            reader,
            first_url,
        };
        Pager::new(move |token| {
            let listing = listing.clone();
            async move { listing.fetch(token).await }
        })
    }
}

impl<T> Listing<T> {
    /// The operation that fetches the page `token` names (`None`: the first).
    async fn page_op(&self, token: Option<&PageToken>) -> Result<Operation> {
        let op = self.op.clone();
        let counted = |position: u64| match &self.style {
            PageStyle::PageNumber {
                page_param,
                size_param,
                size,
                ..
            } => Some(
                op.clone()
                    .query(*page_param, position)
                    .query(*size_param, size),
            ),
            PageStyle::SkipTake {
                skip_param,
                take_param,
                take,
            } => Some(
                op.clone()
                    .query(*skip_param, position)
                    .query(*take_param, take),
            ),
            _ => None,
        };
        match token {
            None => {
                let first = match self.style {
                    PageStyle::PageNumber { first, .. } => counted(first),
                    PageStyle::SkipTake { .. } => counted(0),
                    _ => None,
                };
                let op = first.unwrap_or(op);
                match &self.first_url {
                    Some(find) => {
                        let mut url = find().await?;
                        crate::request::append_query(&mut url, &op.query);
                        Ok(op.absolute_url(url))
                    }
                    None => Ok(op),
                }
            }
            Some(token) => match &self.style {
                PageStyle::PageNumber { .. } | PageStyle::SkipTake { .. } => {
                    let position = token.as_page().ok_or_else(|| {
                        Error::invalid_input("page_token", "is not a position in this listing")
                    })?;
                    Ok(counted(position).unwrap_or(op))
                }
                _ => {
                    let link = token
                        .as_link()
                        .and_then(|link| Url::parse(link).ok())
                        .ok_or_else(|| Error::invalid_input("page_token", "is not a link"))?;
                    Ok(op.absolute_url(link))
                }
            },
        }
    }
}

impl<T> Listing<T> {
    async fn fetch(&self, token: Option<PageToken>) -> Result<Page<T>> {
        let op = self.page_op(token.as_ref()).await?;
        let name = op.name;
        let response = self.client.send(op).await?;
        let (items, link) = match &self.reader {
            Reader::Items(items) => {
                let items = items(&response)?;
                let link = match self.style {
                    PageStyle::NextLink | PageStyle::Noark => {
                        let links: LinksOnly = decode_or_empty(&response)?;
                        links.next(&self.style)
                    }
                    _ => None,
                };
                (items, link)
            }
            Reader::Builtin(read) => read(&response, &self.style)?,
        };
        // Checked: a resumed token is the caller's text, and may be `page:u64::MAX`.
        let full = |size: u32| size > 0 && items.len() >= size as usize;
        let next = match &self.style {
            PageStyle::Unpaged => None,
            PageStyle::PageNumber { first, size, .. } => {
                let current = token
                    .as_ref()
                    .and_then(PageToken::as_page)
                    .unwrap_or(*first);
                current
                    .checked_add(1)
                    .filter(|_| full(*size))
                    .map(PageToken::page)
            }
            PageStyle::SkipTake { take, .. } => {
                let skipped = token.as_ref().and_then(PageToken::as_page).unwrap_or(0);
                skipped
                    .checked_add(items.len() as u64)
                    .filter(|_| full(*take))
                    .map(PageToken::page)
            }
            PageStyle::NextLink | PageStyle::Noark => match link.filter(|l| !l.is_empty()) {
                Some(link) => Some(PageToken::link(
                    &self.client.base_url().join(&link).map_err(|_| {
                        Error::with_kind(ErrorKind::Decode, "the next-page link is not a URL")
                            .in_context(name, Some(response.request_id()))
                    })?,
                )),
                None => None,
            },
        };
        Ok(Page { items, next })
    }
}

/// The built-in reading of a page of `style`: its items and its next link, if any.
fn read_builtin<T: DeserializeOwned>(
    response: &Response,
    style: &PageStyle,
) -> Result<(Vec<T>, Option<String>)> {
    {
        // Each item is decoded straight from the body into `T` in one pass: no intermediate
        // `serde_json::Value` per item (twice as fast for large listings, and amounts never
        // pass through a float).
        Ok(match style {
            PageStyle::NextLink => {
                let page: NextLinkPage<T> = decode_or_empty(response)?;
                (
                    page.value.unwrap_or_default(),
                    page.next_link.or(page.odata_next_link),
                )
            }
            PageStyle::Noark => {
                let page: NoarkPage<T> = decode_or_empty(response)?;
                let link = page.links.as_ref().and_then(noark_next).map(str::to_owned);
                (page.results.unwrap_or_default(), link)
            }
            _ => (decode_items(response)?, None),
        })
    }
}

/// The items of a counted page: a bare array, or the array under `value`, `results` or `items`;
/// `204`, an empty body or `null` is no items.
pub fn decode_items<T: DeserializeOwned>(response: &Response) -> Result<Vec<T>> {
    if response.status() == 204 || response.is_empty() {
        return Ok(Vec::new());
    }
    if starts_with_array(response.body()) {
        return response.json::<Vec<T>>();
    }
    let page: Option<ItemsPage<T>> = response.json()?;
    Ok(page
        .and_then(|page| page.value.or(page.results).or(page.items))
        .unwrap_or_default())
}

/// A body decoded as `P`, or `P`'s default when the body is empty (`204`).
fn decode_or_empty<P: DeserializeOwned + Default>(response: &Response) -> Result<P> {
    if response.status() == 204 || response.is_empty() {
        return Ok(P::default());
    }
    response.json()
}

/// A page in the Microsoft REST guidelines' shape: `{"value": [...], "nextLink": "..."}`.
#[derive(serde::Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct NextLinkPage<T> {
    #[serde(default)]
    value: Option<Vec<T>>,
    #[serde(default, rename = "nextLink", alias = "@nextLink")]
    next_link: Option<String>,
    #[serde(default, rename = "@odata.nextLink")]
    odata_next_link: Option<String>,
}

impl<T> Default for NextLinkPage<T> {
    fn default() -> Self {
        NextLinkPage {
            value: None,
            next_link: None,
            odata_next_link: None,
        }
    }
}

/// A Noark 5 page: `{"results": [...], "_links": ...}`; the links are few and small.
#[derive(serde::Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct NoarkPage<T> {
    #[serde(default)]
    results: Option<Vec<T>>,
    #[serde(default, rename = "_links")]
    links: Option<Value>,
}

impl<T> Default for NoarkPage<T> {
    fn default() -> Self {
        NoarkPage {
            results: None,
            links: None,
        }
    }
}

/// The next-page links of a page whose items a service crate reads itself.
#[derive(serde::Deserialize, Default)]
struct LinksOnly {
    #[serde(default, rename = "nextLink", alias = "@nextLink")]
    next_link: Option<String>,
    #[serde(default, rename = "@odata.nextLink")]
    odata_next_link: Option<String>,
    #[serde(default, rename = "_links")]
    links: Option<Value>,
}

impl LinksOnly {
    fn next(self, style: &PageStyle) -> Option<String> {
        match style {
            PageStyle::Noark => self.links.as_ref().and_then(noark_next).map(str::to_owned),
            _ => self.next_link.or(self.odata_next_link),
        }
    }
}

/// A counted page that is an object: the list under `value`, `results` or `items`.
#[derive(serde::Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct ItemsPage<T> {
    #[serde(default)]
    value: Option<Vec<T>>,
    #[serde(default)]
    results: Option<Vec<T>>,
    #[serde(default)]
    items: Option<Vec<T>>,
}

fn starts_with_array(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
}

/// The `next` link among Noark's `_links` (an object keyed by relation, or a list of links).
fn noark_next(links: &Value) -> Option<&str> {
    fn href(v: &Value) -> Option<&str> {
        v.get("href").and_then(Value::as_str)
    }
    match links {
        Value::Object(map) => map
            .iter()
            .find(|(rel, _)| rel.ends_with("next"))
            .and_then(|(_, v)| href(v)),
        Value::Array(list) => list
            .iter()
            .find(|l| {
                l.get("rel")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.ends_with("next"))
            })
            .and_then(href),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn noark_next_link_in_both_shapes() {
        let object = json!({"self": {"href": "a"}, "next": {"href": "saker?side=2"}});
        assert_eq!(noark_next(&object), Some("saker?side=2"));
        let list = json!([{"rel": "https://rel.arkivverket.no/noark5/v5/api/next", "href": "n"}]);
        assert_eq!(noark_next(&list), Some("n"));
        assert_eq!(noark_next(&json!({"self": {"href": "a"}})), None);
        assert!(starts_with_array(b"  \n [1]"));
        assert!(!starts_with_array(b"{}"));
    }
}
