//! Paged answers in the styles the services use: a `value`/`nextLink` collection with an opaque
//! skip token (Microsoft REST guidelines), a page number and size, `skip`/`take`, or a Noark 5
//! list narrowed with OData ([`NoarkPaging`]). Each reads
//! its parameters from the request, refuses bad ones naming the parameter, and answers one page.
//!
//! ```
//! use hint_core::mock::paging::{NextLinkPaging, PageNumberPaging, SkipTakePaging};
//! // HINT Budsjett: `maxpagesize` (1–1000, default 20) and `$skiptoken` in the nextLink.
//! const BUDSJETT: NextLinkPaging = NextLinkPaging::new().max_size(1000);
//! // Helsenorge: `Sidereferanse` from 1, `AntallVerktoy` up to 50; the answer is a bare list.
//! const VERKTOY: PageNumberPaging = PageNumberPaging::new("Sidereferanse", "AntallVerktoy")
//!     .default_size(10)
//!     .max_size(50);
//! // hAPI: `skip`/`take`, a bare list.
//! const HAPI: SkipTakePaging = SkipTakePaging::new("skip", "take").default_take(100);
//! # let _ = (BUDSJETT, VERKTOY, HAPI);
//! ```

mod noark;

use std::ops::Range;

use serde::Serialize;

use super::{Answer, MockRequest, Reply};

pub use noark::NoarkPaging;

/// `{"value": [...], "nextLink": "..."}`; `nextLink` is the request's own URL with the skip
/// token set, absent on the last page.
#[derive(Debug, Clone, Copy)]
pub struct NextLinkPaging {
    size_param: &'static str,
    token_param: &'static str,
    default_size: usize,
    max_size: usize,
    items_field: &'static str,
    next_field: &'static str,
}

impl Default for NextLinkPaging {
    fn default() -> Self {
        NextLinkPaging::new()
    }
}

impl NextLinkPaging {
    /// `maxpagesize` (default 20, at most 1000), `$skiptoken`, `value`, `nextLink`.
    pub const fn new() -> Self {
        NextLinkPaging {
            size_param: "maxpagesize",
            token_param: "$skiptoken",
            default_size: 20,
            max_size: 1000,
            items_field: "value",
            next_field: "nextLink",
        }
    }

    /// The page size parameter.
    pub const fn size_param(self, name: &'static str) -> Self {
        NextLinkPaging {
            size_param: name,
            ..self
        }
    }

    /// The continuation parameter the mock puts in `nextLink`.
    pub const fn token_param(self, name: &'static str) -> Self {
        NextLinkPaging {
            token_param: name,
            ..self
        }
    }

    /// The page size when the request gives none (at least 1).
    pub const fn default_size(self, size: usize) -> Self {
        NextLinkPaging {
            default_size: if size == 0 { 1 } else { size },
            ..self
        }
    }

    /// The largest page size a request may ask for.
    pub const fn max_size(self, size: usize) -> Self {
        NextLinkPaging {
            max_size: size,
            ..self
        }
    }

    /// The names of the items and the link fields (`value`, `nextLink`).
    pub const fn fields(self, items: &'static str, next: &'static str) -> Self {
        NextLinkPaging {
            items_field: items,
            next_field: next,
            ..self
        }
    }

    /// The page of `items` the request asks for.
    pub fn page<T: Serialize>(&self, req: &MockRequest, items: &[T]) -> Answer {
        let size = match req.query(self.size_param) {
            None => self.default_size,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if (1..=self.max_size).contains(&n) => n,
                _ => {
                    return Err(
                        req.invalid(self.size_param, format!("must be 1 to {}", self.max_size))
                    );
                }
            },
        };
        let skip = match req.query(self.token_param) {
            None => 0,
            Some(s) => s.parse::<usize>().map_err(|_| {
                req.invalid(self.token_param, "is not a continuation this service gave")
            })?,
        };
        let start = skip.min(items.len());
        let end = start.saturating_add(size).min(items.len());
        let mut next = None;
        if end < items.len() {
            let mut url = req.url().clone();
            url.set_query(None);
            {
                let mut pairs = url.query_pairs_mut();
                for (name, value) in req
                    .query_pairs()
                    .iter()
                    .filter(|(n, _)| n != self.token_param)
                {
                    pairs.append_pair(name, value);
                }
                pairs.append_pair(self.token_param, &end.to_string());
            }
            next = Some(url.to_string());
        }
        Ok(Reply::json(
            200,
            &PageBody {
                fields: (self.items_field, self.next_field),
                items: &items[start..end],
                next,
            },
        ))
    }
}

/// A page number (from 1) and a page size; the answer is a bare JSON list.
#[derive(Debug, Clone, Copy)]
pub struct PageNumberPaging {
    page_param: &'static str,
    size_param: &'static str,
    default_size: usize,
    max_size: usize,
}

impl PageNumberPaging {
    /// Paging by these parameters (default size 20, at most 1000).
    pub const fn new(page_param: &'static str, size_param: &'static str) -> Self {
        PageNumberPaging {
            page_param,
            size_param,
            default_size: 20,
            max_size: 1000,
        }
    }

    /// The page size when the request gives none.
    pub const fn default_size(self, size: usize) -> Self {
        PageNumberPaging {
            default_size: size,
            ..self
        }
    }

    /// The largest page size a request may ask for.
    pub const fn max_size(self, size: usize) -> Self {
        PageNumberPaging {
            max_size: size,
            ..self
        }
    }

    /// The range of `len` items the request asks for; bad parameters are a 400 naming them.
    pub fn window(&self, req: &MockRequest, len: usize) -> Result<Range<usize>, Reply> {
        let size = req
            .query_as::<usize>(self.size_param)?
            .unwrap_or(self.default_size);
        if !(1..=self.max_size).contains(&size) {
            return Err(req.invalid(self.size_param, format!("must be 1 to {}", self.max_size)));
        }
        let page = req.query_as::<usize>(self.page_param)?.unwrap_or(1);
        if page == 0 {
            return Err(req.invalid(self.page_param, "pages count from 1"));
        }
        let start = (page - 1).saturating_mul(size).min(len);
        Ok(start..start.saturating_add(size).min(len))
    }

    /// The page of `items` the request asks for, as a bare list.
    pub fn page<T: Serialize>(&self, req: &MockRequest, items: &[T]) -> Answer {
        let window = self.window(req, items.len())?;
        Ok(Reply::json(200, &items[window]))
    }
}

/// `skip` items, then at most `take`; the answer is a bare JSON list.
#[derive(Debug, Clone, Copy)]
pub struct SkipTakePaging {
    skip_param: &'static str,
    take_param: &'static str,
    default_take: usize,
}

impl SkipTakePaging {
    /// Paging by these parameters (default take 100).
    pub const fn new(skip_param: &'static str, take_param: &'static str) -> Self {
        SkipTakePaging {
            skip_param,
            take_param,
            default_take: 100,
        }
    }

    /// How many items when the request does not say.
    pub const fn default_take(self, take: usize) -> Self {
        SkipTakePaging {
            default_take: take,
            ..self
        }
    }

    /// The range of `len` items the request asks for; bad parameters are a 400 naming them.
    pub fn window(&self, req: &MockRequest, len: usize) -> Result<Range<usize>, Reply> {
        let skip = req
            .query_as::<usize>(self.skip_param)?
            .unwrap_or(0)
            .min(len);
        let take = req
            .query_as::<usize>(self.take_param)?
            .unwrap_or(self.default_take);
        Ok(skip..skip.saturating_add(take).min(len))
    }

    /// The items the request asks for, as a bare list.
    pub fn page<T: Serialize>(&self, req: &MockRequest, items: &[T]) -> Answer {
        let window = self.window(req, items.len())?;
        Ok(Reply::json(200, &items[window]))
    }
}

/// A page written straight from the items (never through `serde_json::Value`, which would turn
/// exact amounts into `f64`).
struct PageBody<'a, T> {
    fields: (&'static str, &'static str),
    items: &'a [T],
    next: Option<String>,
}

impl<T: Serialize> Serialize for PageBody<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(self.fields.0, self.items)?;
        if let Some(next) = &self.next {
            map.serialize_entry(self.fields.1, next)?;
        }
        map.end()
    }
}
