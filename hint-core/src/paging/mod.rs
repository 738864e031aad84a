//! Paging through lists, a page at a time, with flat memory.
//!
//! A [`Pager`] holds one page. [`Pager::next`] hands out items and fetches the next page when the
//! current one runs out; [`Pager::next_page`] hands out whole pages. [`Pager::continuation`] gives
//! a [`PageToken`] that a later [`Pager::resume_from`] (in another process, say) starts from, and
//! [`Pager::into_stream`] turns the pager into a `Stream` of items.
//!
//! Every paging style of the services is built in ([`PageStyle`]): Microsoft's
//! `value`/`nextLink`, Noark 5's `results` with a `next` link under `_links`, page numbers,
//! skip/take offsets, and unpaged lists; [`Client::pager`](crate::Client::pager) and its
//! variants make the pager. A service crate never writes its own: where its bodies differ, it
//! supplies how a page's items are read ([`Client::pager_with`](crate::Client::pager_with)).
//!
//! A listing always ends. A pager ends with an error, after handing on every item it got, when
//! the service names a page it already sent, after [`DEFAULT_MAX_EMPTY_PAGES`] empty pages in a
//! row that each name a next one, and after [`DEFAULT_MAX_PAGES`] pages; both caps are set per
//! listing with [`Pager::max_pages`] and [`Pager::max_empty_pages`].

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use futures_core::Stream;
use url::Url;

use crate::error::{Error, ErrorKind, Result};

mod styles;

pub use styles::{ItemsOf, PageStyle, decode_items};

/// Where the next page starts. Opaque; save it with `to_string()` and read it back with
/// `parse()`.
///
/// ```
/// let token: hint_core::PageToken = "page:3".parse().unwrap();
/// assert_eq!(token.to_string(), "page:3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageToken(TokenInner);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TokenInner {
    Link(String),
    Page(u64),
    Opaque(String),
}

impl PageToken {
    /// A token that is a link to the next page.
    pub fn link(url: &Url) -> Self {
        PageToken(TokenInner::Link(url.to_string()))
    }

    /// A token for a page number.
    pub fn page(index: u64) -> Self {
        PageToken(TokenInner::Page(index))
    }

    /// A service's own continuation value (Helsenorge's `Sidereferanse`, a cursor).
    pub fn opaque(value: impl Into<String>) -> Self {
        PageToken(TokenInner::Opaque(value.into()))
    }

    /// The link, when the token is one.
    pub fn as_link(&self) -> Option<&str> {
        match &self.0 {
            TokenInner::Link(link) => Some(link),
            _ => None,
        }
    }

    /// The page number, when the token is one.
    pub fn as_page(&self) -> Option<u64> {
        match self.0 {
            TokenInner::Page(page) => Some(page),
            _ => None,
        }
    }

    /// The service's own value, when the token is one.
    pub fn as_opaque(&self) -> Option<&str> {
        match &self.0 {
            TokenInner::Opaque(value) => Some(value),
            _ => None,
        }
    }
}

impl fmt::Display for PageToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            TokenInner::Link(link) => write!(f, "link:{link}"),
            TokenInner::Page(page) => write!(f, "page:{page}"),
            TokenInner::Opaque(value) => write!(f, "token:{value}"),
        }
    }
}

impl FromStr for PageToken {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::invalid_input("page_token", "is not a token this SDK produced");
        let (kind, value) = s.split_once(':').ok_or_else(bad)?;
        Ok(PageToken(match kind {
            "link" => TokenInner::Link(Url::parse(value).map_err(|_| bad())?.to_string()),
            "page" => TokenInner::Page(value.parse().map_err(|_| bad())?),
            "token" => TokenInner::Opaque(value.to_owned()),
            _ => return Err(bad()),
        }))
    }
}

/// One page: its items and where the next one starts (`None` on the last page).
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The next page, if any.
    pub next: Option<PageToken>,
}

/// The most pages one listing fetches by default.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;
/// The most empty pages in a row (each naming a next page) a listing accepts by default.
pub const DEFAULT_MAX_EMPTY_PAGES: u32 = 3;

type Fetch<T> = Box<
    dyn FnMut(Option<PageToken>) -> Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>> + Send,
>;

/// A pager over the items of a list. See the [module docs](self).
pub struct Pager<T> {
    fetch: Fetch<T>,
    buffer: VecDeque<T>,
    next: Option<PageToken>,
    started: bool,
    /// Every page token fetched so far: a service whose links go round in a circle would
    /// otherwise be paged forever (and `collect_all` would never return).
    seen: std::collections::HashSet<PageToken>,
    pages: u64,
    max_pages: u64,
    empty_in_a_row: u32,
    max_empty: u32,
}

impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("buffered", &self.buffer.len())
            .field("next", &self.next)
            .field("done", &self.is_done())
            .finish()
    }
}

impl<T> Pager<T> {
    /// The last page has been fetched: a page was, and it named no next one.
    fn is_done(&self) -> bool {
        self.started && self.next.is_none()
    }
}

impl<T: Send + 'static> Pager<T> {
    /// A pager from a fetch function: given the token of the page to get (`None` for the first),
    /// it returns that page.
    pub fn new<F, Fut>(mut fetch: F) -> Self
    where
        F: FnMut(Option<PageToken>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>>> + Send + 'static,
    {
        Pager {
            fetch: Box::new(move |token| Box::pin(fetch(token))),
            buffer: VecDeque::new(),
            next: None,
            started: false,
            seen: std::collections::HashSet::new(),
            pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            empty_in_a_row: 0,
            max_empty: DEFAULT_MAX_EMPTY_PAGES,
        }
    }

    /// Fetches at most `pages` pages (default [`DEFAULT_MAX_PAGES`]); a listing that names
    /// more ends with an error after the items of the last page allowed.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Accepts at most `pages` empty pages in a row that each name a next page (default
    /// [`DEFAULT_MAX_EMPTY_PAGES`]); one more ends the listing with an error.
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.max_empty = pages;
        self
    }

    /// A pager over the same listing whose items are `f(item)`: for a service crate that
    /// completes its models after decoding (marks where they came from, say).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> hint_core::Result<()> {
    /// use hint_core::{Page, Pager};
    /// let pager = Pager::new(|_| async { Ok(Page { items: vec![1, 2], next: None }) });
    /// assert_eq!(pager.map(|n| n * 10).collect_all().await?, vec![10, 20]);
    /// # Ok(()) }
    /// ```
    pub fn map<U, F>(self, f: F) -> Pager<U>
    where
        U: Send + 'static,
        F: Fn(T) -> U + Send + Sync + 'static,
    {
        self.map_pages(move |items| items.into_iter().map(&f).collect())
    }

    /// A pager over the same listing whose every page is `f(page)`: for a service crate that
    /// filters or orders what a service answers in one page (a list the service does not page
    /// is one page, so the whole list). Items already buffered count as one page.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> hint_core::Result<()> {
    /// use hint_core::{Page, Pager};
    /// let pager = Pager::new(|_| async { Ok(Page { items: vec![3, 1, 2], next: None }) });
    /// let odd_sorted = pager.map_pages(|mut page: Vec<i32>| {
    ///     page.retain(|n| n % 2 == 1);
    ///     page.sort();
    ///     page
    /// });
    /// assert_eq!(odd_sorted.collect_all().await?, vec![1, 3]);
    /// # Ok(()) }
    /// ```
    pub fn map_pages<U, F>(self, f: F) -> Pager<U>
    where
        U: Send + 'static,
        F: Fn(Vec<T>) -> Vec<U> + Send + Sync + 'static,
    {
        let f = std::sync::Arc::new(f);
        let mut fetch = self.fetch;
        let page_f = f.clone();
        Pager {
            fetch: Box::new(move |token| {
                let page = fetch(token);
                let f = page_f.clone();
                Box::pin(async move {
                    let page = page.await?;
                    Ok(Page {
                        items: f(page.items),
                        next: page.next,
                    })
                })
            }),
            buffer: f(self.buffer.into_iter().collect()).into(),
            next: self.next,
            started: self.started,
            seen: self.seen,
            pages: self.pages,
            max_pages: self.max_pages,
            empty_in_a_row: self.empty_in_a_row,
            max_empty: self.max_empty,
        }
    }

    /// A pager over the same listing whose errors are `f(error)`: for a service crate that
    /// explains a service's answers in its own words.
    pub fn map_err<F>(self, f: F) -> Pager<T>
    where
        F: Fn(Error) -> Error + Send + Sync + 'static,
    {
        let f = std::sync::Arc::new(f);
        let mut fetch = self.fetch;
        Pager {
            fetch: Box::new(move |token| {
                let page = fetch(token);
                let f = f.clone();
                Box::pin(async move { page.await.map_err(|err| f(err)) })
            }),
            ..self
        }
    }

    /// Starts from a saved [`Pager::continuation`] instead of the first page.
    pub fn resume_from(mut self, token: PageToken) -> Self {
        self.next = Some(token);
        self.started = true;
        self
    }

    /// The next item, fetching the next page when needed; `None` after the last item. After an
    /// error, calling again retries the same page.
    pub async fn next(&mut self) -> Option<Result<T>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.fetch_page().await? {
                Ok(items) => self.buffer.extend(items),
                Err(err) => return Some(Err(err)),
            }
        }
    }

    /// The next whole page (the rest of the current one, if [`Pager::next`] was used); `None`
    /// after the last.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>>> {
        if !self.buffer.is_empty() {
            return Some(Ok(self.buffer.drain(..).collect()));
        }
        self.fetch_page().await
    }

    /// Where the pager would continue after the items it has handed out, when the current page
    /// has been used up: a token for [`Pager::resume_from`]. `None` when the list is done (or
    /// items of the current page are still buffered and no token can express that).
    pub fn continuation(&self) -> Option<PageToken> {
        if self.buffer.is_empty() {
            self.next.clone()
        } else {
            None
        }
    }

    /// Gets all remaining items into a `Vec` (for short lists).
    pub async fn collect_all(mut self) -> Result<Vec<T>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    /// The items as a `Stream`.
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> + Send + Unpin {
        Box::pin(futures_util::stream::unfold(self, |mut pager| async move {
            let item = pager.next().await?;
            Some((item, pager))
        }))
    }

    async fn fetch_page(&mut self) -> Option<Result<Vec<T>>> {
        if self.is_done() {
            return None;
        }
        let token = self.next.clone();
        if token.as_ref().is_some_and(|t| self.seen.contains(t)) {
            // The previous page named one already fetched. End the listing with an error rather
            // than loop, or stop silently short; every item sent so far has been handed on.
            tracing::debug!("paging went round in a circle");
            self.next = None;
            return Some(Err(Error::with_kind(
                ErrorKind::Decode,
                "the service named a page it already sent as the next page; the listing cannot \
                 go on",
            )));
        }
        if self.pages >= self.max_pages {
            self.next = None;
            return Some(Err(Error::with_kind(
                ErrorKind::Decode,
                format!(
                    "the listing went on past {} pages, the most one listing fetches \
                     (see Pager::max_pages); every item of those pages was handed on",
                    self.max_pages
                ),
            )));
        }
        match (self.fetch)(token.clone()).await {
            Ok(page) => {
                self.started = true;
                self.pages += 1;
                if let Some(token) = token {
                    self.seen.insert(token);
                }
                self.next = page.next;
                if page.items.is_empty() && self.next.is_some() {
                    self.empty_in_a_row += 1;
                    if self.empty_in_a_row > self.max_empty {
                        self.next = None;
                        return Some(Err(Error::with_kind(
                            ErrorKind::Decode,
                            format!(
                                "the service sent {} empty pages in a row, each naming another \
                                 next page; the listing was ended (see Pager::max_empty_pages)",
                                self.empty_in_a_row
                            ),
                        )));
                    }
                } else {
                    self.empty_in_a_row = 0;
                }
                Some(Ok(page.items))
            }
            Err(err) => Some(Err(err)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trip() {
        for t in [
            PageToken::page(7),
            PageToken::opaque("abc:def"),
            PageToken::link(&Url::parse("https://x.no/a?b=1").unwrap()),
        ] {
            assert_eq!(t.to_string().parse::<PageToken>().unwrap(), t);
        }
        assert!("nonsense".parse::<PageToken>().is_err());
        assert!("page:x".parse::<PageToken>().is_err());
    }

    #[tokio::test]
    async fn pages_that_go_round_in_a_circle_end_with_an_error() {
        // 0 -> 1 -> 2 -> 1 -> ...: the third page names one already fetched.
        let pages = |token: Option<PageToken>| async move {
            let n = token.and_then(|t| t.as_page()).unwrap_or(0);
            Ok(Page {
                items: vec![n],
                next: Some(PageToken::page(if n == 2 { 1 } else { n + 1 })),
            })
        };
        let err = Pager::new(pages).collect_all().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert!(err.to_string().contains("already sent"), "{err}");
        let mut pager = Pager::new(pages);
        let mut seen = Vec::new();
        for _ in 0..10 {
            match pager.next().await {
                Some(Ok(n)) => seen.push(n),
                Some(Err(_)) => break,
                None => panic!("ended without saying why"),
            }
        }
        assert_eq!(seen, vec![0, 1, 2], "every item sent is handed on");
        assert!(pager.next().await.is_none());
    }

    #[tokio::test]
    async fn empty_pages_in_a_row_and_too_many_pages_end_the_listing() {
        let empty = |token: Option<PageToken>| async move {
            let n = token.and_then(|t| t.as_page()).unwrap_or(0);
            Ok(Page::<u64> {
                items: Vec::new(),
                next: Some(PageToken::page(n + 1)),
            })
        };
        let err = Pager::new(empty).collect_all().await.unwrap_err();
        assert!(err.to_string().contains("4 empty pages in a row"), "{err}");
        let one_each = |token: Option<PageToken>| async move {
            let n = token.and_then(|t| t.as_page()).unwrap_or(0);
            Ok(Page {
                items: vec![n],
                next: Some(PageToken::page(n + 1)),
            })
        };
        let mut pager = Pager::new(one_each).max_pages(5);
        let mut got = Vec::new();
        let err = loop {
            match pager.next().await {
                Some(Ok(n)) => got.push(n),
                Some(Err(err)) => break err,
                None => panic!("ended without saying why"),
            }
        };
        assert_eq!(got, vec![0, 1, 2, 3, 4]);
        assert!(err.to_string().contains("past 5 pages"), "{err}");
        assert!(pager.next().await.is_none());
    }

    #[tokio::test]
    async fn pager_walks_pages_and_resumes() {
        let pages = |token: Option<PageToken>| async move {
            let n = token.and_then(|t| t.as_page()).unwrap_or(0);
            Ok(Page {
                items: vec![n * 10, n * 10 + 1],
                next: (n < 2).then(|| PageToken::page(n + 1)),
            })
        };
        let all = Pager::new(pages).collect_all().await.unwrap();
        assert_eq!(all, vec![0, 1, 10, 11, 20, 21]);
        let mut pager = Pager::new(pages);
        assert_eq!(pager.next_page().await.unwrap().unwrap(), vec![0, 1]);
        let token = pager.continuation().unwrap();
        let rest = Pager::new(pages)
            .resume_from(token)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(rest, vec![10, 11, 20, 21]);
        let mut done = Pager::new(pages);
        while done.next().await.is_some() {}
        assert!(done.continuation().is_none());
        assert!(done.next().await.is_none());
    }
}
