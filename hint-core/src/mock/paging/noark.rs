//! Noark 5 lists: OData `$filter`, `$orderby`, `$top` and `$skip` over JSON items, answered as
//! the tjenestegrensesnitt pages them.

use std::cmp::Ordering;

use serde_json::{Value, json};

use crate::mock::{Answer, MockRequest, Reply};

/// A Noark 5 list (tjenestegrensesnitt chapter 6): `{"count": n, "results": [...], "_links":
/// {"self": …, "next": …}}`, `results` left out when empty, `next` (an absolute href) only when
/// more items follow. The request narrows the items with OData:
///
/// - `$filter`: `field eq 'text'`, `field eq 2025`, `contains(field,'text')` (case-insensitive),
///   joined with `and`; a field may be a path (`saksstatus/kode`); quotes doubled inside text;
/// - `$orderby`: one field, `asc` (the default) or `desc`;
/// - `$top`: at most this many items in all; `$skip`: leave out this many first;
/// - the page size: the list's own ([`NoarkPaging::page_size`]), or smaller when the request
///   asks with `Prefer: odata.maxpagesize=n` (OData 4.0, 8.2.8.3).
///
/// An expression it does not understand is a 400 naming the parameter.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hint_core::Route;
/// use hint_core::mock::paging::NoarkPaging;
/// use hint_core::mock::{ErrorShape, MockServer, Router, Shared};
///
/// const SAKER: Route = Route::get("Arkiv.listSaker", "saker");
/// let saker: Vec<_> = (1..=5).map(|n| serde_json::json!({"tittel": format!("Sak {n}"), "nr": n})).collect();
/// let server = MockServer::start().await;
/// Router::new(Shared::new(saker), ErrorShape::Noark)
///     .route(SAKER, |req, saker| NoarkPaging::new().page_size(2).page(req, saker.clone()))
///     .mount(&server)
///     .await;
/// let url = server.uri().join("saker?$filter=nr%20eq%203%20and%20contains(tittel,'sak')").unwrap();
/// let page: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
/// assert_eq!(page["count"], 1);
/// assert_eq!(page["results"][0]["tittel"], "Sak 3");
/// let url = server.uri().join("saker?$orderby=nr%20desc").unwrap();
/// let page: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
/// assert_eq!(page["results"][0]["nr"], 5);
/// assert!(page["_links"]["next"]["href"].as_str().unwrap().contains("%24skip=2"));
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct NoarkPaging {
    page_size: usize,
}

impl Default for NoarkPaging {
    fn default() -> Self {
        NoarkPaging::new()
    }
}

impl NoarkPaging {
    /// Pages of 25 items.
    pub const fn new() -> Self {
        NoarkPaging { page_size: 25 }
    }

    /// The most items one page holds (at least 1).
    pub const fn page_size(self, size: usize) -> Self {
        NoarkPaging {
            page_size: if size == 0 { 1 } else { size },
        }
    }

    /// The page of `items` the request asks for.
    pub fn page(&self, req: &MockRequest, mut items: Vec<Value>) -> Answer {
        if let Some(filter) = req.query("$filter") {
            let terms = parse_filter(filter).ok_or_else(|| {
                req.invalid(
                    "$filter",
                    format!("$filter: `{filter}` is not supported (use `field eq 'v'`, `contains(field,'v')`, `and`)"),
                )
            })?;
            items.retain(|item| terms.iter().all(|t| t.matches(item)));
        }
        if let Some(orderby) = req.query("$orderby") {
            let mut parts = orderby.split_whitespace();
            let field = parts.next().unwrap_or_default();
            let desc = match parts.next() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => {
                    return Err(req.invalid("$orderby", "$orderby: the direction is asc or desc"));
                }
            };
            items.sort_by(|a, b| {
                let ord = compare(lookup(a, field), lookup(b, field));
                if desc { ord.reverse() } else { ord }
            });
        }
        let skip = req.query_as::<usize>("$skip")?.unwrap_or(0);
        let top = req.query_as::<usize>("$top")?;
        let preferred = req
            .header("prefer")
            .into_iter()
            .flat_map(|p| p.split(','))
            .find_map(|p| p.trim().strip_prefix("odata.maxpagesize="))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|n| *n > 0);
        let count = items.len();
        let available = count.saturating_sub(skip);
        let wanted = top.map_or(available, |t| t.min(available));
        let take = wanted.min(preferred.map_or(self.page_size, |p| p.min(self.page_size)));
        let page: Vec<Value> = items.into_iter().skip(skip).take(take).collect();
        let mut body = json!({"count": count});
        if !page.is_empty() {
            body["results"] = Value::Array(page);
        }
        let mut links = json!({"self": {"href": req.url().as_str()}});
        if wanted > take {
            let mut next = req.url().clone();
            next.set_query(None);
            {
                let mut pairs = next.query_pairs_mut();
                for (k, v) in req.query_pairs() {
                    if k != "$skip" && k != "$top" {
                        pairs.append_pair(k, v);
                    }
                }
                pairs.append_pair("$skip", &(skip + take).to_string());
                pairs.append_pair("$top", &(wanted - take).to_string());
            }
            links["next"] = json!({"href": next.as_str()});
        }
        body["_links"] = links;
        Ok(Reply::json(200, &body))
    }
}

fn lookup<'a>(item: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').try_fold(item, |v, key| v.get(key))
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => text(x).cmp(&text(y)),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

enum Term {
    Eq(String, String),
    Contains(String, String),
}

impl Term {
    fn matches(&self, item: &Value) -> bool {
        match self {
            Term::Eq(field, want) => lookup(item, field).is_some_and(|v| text(v) == *want),
            Term::Contains(field, want) => lookup(item, field)
                .is_some_and(|v| text(v).to_lowercase().contains(&want.to_lowercase())),
        }
    }
}

/// `a eq 'x' and contains(b,'y') and c eq 3`.
fn parse_filter(filter: &str) -> Option<Vec<Term>> {
    let mut terms = Vec::new();
    let mut rest = filter.trim();
    loop {
        let (term, tail) = if let Some(r) = rest.strip_prefix("contains(") {
            let (field, r) = r.split_once(',')?;
            let (value, r) = literal(r.trim_start())?;
            let r = r.trim_start().strip_prefix(')')?;
            (Term::Contains(field.trim().to_owned(), value), r)
        } else {
            let (field, r) = rest.split_once(" eq ")?;
            let r = r.trim_start();
            let (value, r) = if r.starts_with('\'') {
                literal(r)?
            } else {
                let end = r.find(' ').unwrap_or(r.len());
                (r[..end].to_owned(), &r[end..])
            };
            (Term::Eq(field.trim().to_owned(), value), r)
        };
        terms.push(term);
        let tail = tail.trim_start();
        if tail.is_empty() {
            return Some(terms);
        }
        rest = tail.strip_prefix("and ")?.trim_start();
    }
}

/// A quoted OData literal (`'O''Brien'`) and what follows it.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            out.push(c);
        } else if chars.peek().is_some_and(|(_, n)| *n == '\'') {
            chars.next();
            out.push('\'');
        } else {
            return Some((out, &s[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        let t = parse_filter(
            "saksstatus/kode eq 'B' and contains(tittel,'O''Brien') and saksaar eq 2025",
        )
        .unwrap();
        assert_eq!(t.len(), 3);
        let item =
            json!({"saksstatus": {"kode": "B"}, "tittel": "Søknad fra O'Brien", "saksaar": 2025});
        assert!(t.iter().all(|t| t.matches(&item)));
        assert!(parse_filter("tittel gt 'x'").is_none());
    }
}
