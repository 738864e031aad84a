//! The mock's lists: OData `$filter` (`eq`, `contains`, `and`), `$orderby`, `$top`, `$skip`,
//! and pages with a `next` link.

use serde_json::{Value, json};

use super::state::{Answer, Req, Res, State};

impl State {
    // ---- Lists ----------------------------------------------------------------------------------

    pub(crate) fn list(
        &self,
        req: &Req<'_>,
        items: impl Fn(&State) -> Vec<Value>,
        path: &str,
    ) -> Res<Answer> {
        let q = |name: &str| {
            req.query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let mut items = items(self);
        if let Some(filter) = q("$filter") {
            let terms = parse_filter(&filter).ok_or_else(|| Answer::feil(400, format!("$filter: `{filter}` is not supported by the mock (use `field eq 'v'`, `contains(field,'v')`, `and`)")))?;
            items.retain(|item| terms.iter().all(|t| t.matches(item)));
        }
        if let Some(orderby) = q("$orderby") {
            let mut parts = orderby.split_whitespace();
            let field = parts.next().unwrap_or_default().to_owned();
            let desc = match parts.next() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => {
                    return Err(Answer::feil(400, "$orderby: direction must be asc or desc"));
                }
            };
            items.sort_by(|a, b| {
                let ord = compare(lookup(a, &field), lookup(b, &field));
                if desc { ord.reverse() } else { ord }
            });
        }
        let number = |name: &str| -> Res<Option<usize>> {
            q(name)
                .map(|v| {
                    v.parse::<usize>()
                        .map_err(|_| Answer::feil(400, format!("{name} must be a whole number")))
                })
                .transpose()
        };
        let skip = number("$skip")?.unwrap_or(0);
        let top = number("$top")?;
        let count = items.len();
        let available = count.saturating_sub(skip);
        let wanted = top.map_or(available, |t| t.min(available));
        let take = wanted.min(self.page_size.max(1));
        let page: Vec<Value> = items.into_iter().skip(skip).take(take).collect();
        let mut body = json!({"count": count});
        if !page.is_empty() {
            body["results"] = Value::Array(page);
        }
        let mut links = json!({"self": {"href": path}});
        if wanted > take {
            let mut next = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in &req.query {
                if k != "$skip" && k != "$top" {
                    next.append_pair(k, v);
                }
            }
            next.append_pair("$skip", &(skip + take).to_string());
            next.append_pair("$top", &(wanted - take).to_string());
            links["next"] = json!({"href": format!("{path}?{}", next.finish())});
        }
        body["_links"] = links;
        Ok(Answer::json(200, body))
    }
}

fn lookup<'a>(item: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').try_fold(item, |v, key| v.get(key))
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(x), Some(y)) => text(x).cmp(&text(y)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
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

/// `a eq 'x' and contains(b,'y') and c eq 3` (quotes doubled inside literals).
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

fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                out.push('\'');
            } else {
                return Some((out, &s[i + 1..]));
            }
        } else {
            out.push(c);
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
