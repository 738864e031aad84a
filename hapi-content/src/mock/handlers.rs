//! The routes: filters, pages and formats over the state. Query parameters are checked against
//! [`routes::contract`], never parsed with the SDK's own types.

use hint_core::mock::paging::SkipTakePaging;
use hint_core::mock::{Answer, MockRequest, Reply, Router};
use serde_json::{Value, json};

use super::{State, docs, info_type_of, linked};
use crate::format::{render_html, render_markdown};
use crate::model::{InfoType, Infobit};
use crate::routes::contract as c;
use crate::routes::{self, ContentKind, Paging, query};

const PAGING: SkipTakePaging = SkipTakePaging::new(query::SKIP, query::TAKE).default_take(100);

/// The fixed routes. `anbefalinger` and `anbefalinger/{id}` come before the content types' own
/// routes of the same paths, so these (which take the filters and `full`) answer them.
pub(super) fn routes(router: Router<State>) -> Router<State> {
    router
        .route(routes::INNHOLD, innhold)
        .route(routes::INNHOLD_ID, |req, s| by_id(req, s, None))
        .route(routes::INFOBIT_ID, |req, s| by_id(req, s, None))
        .route(routes::ANBEFALINGER_QUERY, anbefalinger)
        .route(routes::ANBEFALING_FULL, |req, s| {
            by_id(req, s, Some(ContentKind::Anbefalinger))
        })
        .route(routes::SOK, search)
        .route(routes::GET_CHANGES, changes)
        .route(routes::NKI_DATA, nki_data)
        .route(routes::VIRKESTOFF_LIST, legemidler)
        .route(routes::LEGEMIDLER_LIST, legemidler)
        .route(routes::VIRKESTOFF_ID, legemiddel)
        .route(routes::LEGEMIDLER_ID, legemiddel)
        .route(routes::VIRKESTOFF_SOK, produkt_sok)
        .route(routes::VIRKESTOFF_AUTOFULLFOR, produkt_sok)
        .route(routes::LEGEMIDLER_AUTOFULLFOR, produkt_sok)
}

fn json_reply(value: &impl serde::Serialize) -> Answer {
    Ok(Reply::json(200, value))
}

fn not_found(req: &MockRequest) -> Reply {
    req.error(404, "NotFound", "Resource not found")
}

/// `GET innhold?infoTyper=&kodeverk=&kode=&maalGruppe=`: not paged.
fn innhold(req: &MockRequest, state: &mut State) -> Answer {
    if req.query(query::SKIP).is_some() || req.query(query::TAKE).is_some() {
        // Observed on the real /innhold: skip/take give a 500.
        return Err(req.error(500, "InternalServerError", "Internal server error"));
    }
    req.check_query(&c::INNHOLD)?;
    let list = |name| -> Vec<&str> {
        let values = req.query(name).unwrap_or_default().split(',');
        values.filter(|s| !s.is_empty()).collect()
    };
    let (types, groups) = (list(query::INFO_TYPER), list(query::MAAL_GRUPPE));
    let found: Vec<Infobit> = docs(state)
        .filter(|d| types.is_empty() || types.contains(&info_type_of(d).as_str()))
        .filter(|d| groups.is_empty() || d.maalgruppe.iter().any(|m| groups.contains(&&**m)))
        .filter(|d| code_matches(d, req))
        .collect();
    json_reply(&found)
}

/// `GET anbefalinger?kodeverk=&kode=&anbefalingstype=`.
fn anbefalinger(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&c::ANBEFALINGER)?;
    let wanted = req.query(query::ANBEFALINGSTYPE);
    let found: Vec<Infobit> = docs(state)
        .filter(|d| info_type_of(d) == InfoType::Anbefaling && code_matches(d, req))
        .filter(|d| wanted.is_none_or(|t| d.data.text("anbefalingstype").as_deref() == Some(t)))
        .collect();
    json_reply(&found)
}

/// The real API matches the code system's key exactly: `ICPC-2` finds nothing.
fn code_matches(doc: &Infobit, req: &MockRequest) -> bool {
    match (req.query(query::KODEVERK), req.query(query::KODE)) {
        (Some(kodeverk), Some(kode)) => {
            let codes = doc.koder.0.get(kodeverk);
            codes.is_some_and(|codes| codes.iter().any(|c| c.eq_ignore_ascii_case(kode)))
        }
        (None, None) => true,
        _ => false,
    }
}

/// `GET sok/infobit?QueryText=&Filter=infoType eq '…'`.
fn search(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&c::SOK)?;
    let text = req.query(query::SOK_QUERY_TEXT).unwrap_or_default();
    let hit = |s: &String| s.to_lowercase().contains(&text.to_lowercase());
    let only = req
        .query(query::SOK_FILTER)
        .and_then(|f| f.strip_prefix("infoType eq '")?.strip_suffix('\''))
        .map(InfoType::from);
    let found: Vec<Infobit> = docs(state)
        .filter(|d| only.as_ref().is_none_or(|t| info_type_of(d) == *t))
        .filter(|d| {
            let texts = [&d.tittel, &d.intro, &d.tekst];
            texts.into_iter().flatten().any(hit)
        })
        .collect();
    json_reply(&found)
}

/// `GET GetChanges?since=&producerId=`.
fn changes(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&c::GET_CHANGES)?;
    let since = req.query(query::SINCE);
    let since = since.and_then(hint_core::lenient::parse_local_time);
    let changed: Vec<Value> = docs(state)
        .filter_map(|d| {
            let changed = d.sist_oppdatert.or(d.sist_faglig_oppdatert)?;
            let endret = hint_core::lenient::format_local_time(&changed);
            (Some(changed) >= since).then(|| json!({ "id": d.id, "endret": endret }))
        })
        .collect();
    json_reply(&changed)
}

/// `GET {kind}`: the whole list, or a `skip`/`take` page where the route pages.
pub(super) fn list(req: &MockRequest, state: &mut State, kind: ContentKind) -> Answer {
    let paged = kind.paging() == Paging::SkipTake;
    req.check_query(if paged { &c::SKIP_TAKE } else { &c::NO_QUERY })?;
    let wanted = kind.info_type();
    let all: Vec<Infobit> = docs(state).filter(|d| info_type_of(d) == wanted).collect();
    if paged {
        PAGING.page(req, &all)
    } else {
        json_reply(&all)
    }
}

/// `GET innhold/{id}`, `GET Infobit/{id}`, `GET {kind}/{id}`: JSON, or Markdown or HTML by
/// `Accept`; `anbefalinger/{id}` takes `full`.
pub(super) fn by_id(req: &MockRequest, state: &mut State, kind: Option<ContentKind>) -> Answer {
    let anbefaling = kind == Some(ContentKind::Anbefalinger);
    let full = &c::ANBEFALING_FULL;
    req.check_query(if anbefaling { full } else { &c::NO_QUERY })?;
    let doc = linked(state, req.param("id")).ok_or_else(|| not_found(req))?;
    if kind.is_some_and(|k| info_type_of(&doc) != k.info_type()) {
        return Err(not_found(req));
    }
    let accept = req.header("accept").unwrap_or("application/json");
    let preferred = accept.split([',', ';']).next().unwrap_or("").trim();
    let text = match preferred.to_ascii_lowercase().as_str() {
        _ if !state.honour_accept => None,
        "text/markdown" => Some(("text/markdown; charset=utf-8", render_markdown(&doc))),
        "text/html" => Some(("text/html; charset=utf-8", render_html(&doc))),
        _ => None,
    };
    match text {
        Some((content_type, body)) => Ok(Reply::bytes(200, content_type, body)),
        None if state.by_id_as_list => json_reply(&[doc]),
        None => json_reply(&doc),
    }
}

/// `GET kvalitetsindikatorer/{id}/data?contentType=`: 204 without a dataset.
fn nki_data(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&c::NKI_DATA)?;
    let Some(data) = state.nki_data.get(req.param("id")) else {
        return Ok(Reply::empty(204));
    };
    if req.query(query::CONTENT_TYPE) != Some("text/csv") {
        return json_reply(data);
    }
    let cell = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        v => v.map(Value::to_string).unwrap_or_default(),
    };
    let names = data.get("ColumnNames").and_then(Value::as_array).cloned();
    let columns: Vec<String> = names
        .unwrap_or_default()
        .iter()
        .map(|c| cell(Some(c)))
        .collect();
    let mut csv = columns.join(";") + "\n";
    let rows = data.get("AttachmentDataRows").and_then(Value::as_array);
    for row in rows.into_iter().flatten() {
        let cells: Vec<String> = columns.iter().map(|c| cell(row.get(c))).collect();
        csv.push_str(&(cells.join(";") + "\n"));
    }
    Ok(Reply::bytes(200, "text/csv; charset=utf-8", csv))
}

fn varenavn(legemiddel: &Value) -> Option<&str> {
    legemiddel.get("varenavn").and_then(Value::as_str)
}

/// `GET legemiddelvirkestoff`, `GET legemidler`: `skip`/`take` pages.
fn legemidler(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&c::SKIP_TAKE)?;
    PAGING.page(req, &state.legemidler)
}

/// `GET legemiddelvirkestoff/{id}`, `GET legemidler/{id}`: the real API answers 204 for an
/// unknown id.
fn legemiddel(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&c::NO_QUERY)?;
    let id = Some(req.param("id"));
    let found = state
        .legemidler
        .iter()
        .find(|l| l.get("legemiddelMerkevareId").and_then(Value::as_str) == id);
    match found {
        Some(l) if state.by_id_as_list => json_reply(&[l]),
        Some(l) => json_reply(l),
        None => Ok(Reply::empty(204)),
    }
}

/// `GET legemiddelvirkestoff/sok?queryText=` (the medicines whose names contain the text) and
/// `GET …/autofullfor?queryText=&top=` (the names that start with it).
fn produkt_sok(req: &MockRequest, state: &mut State) -> Answer {
    let (suggest, sok) = (
        req.route().template.ends_with("autofullfor"),
        &c::PRODUKT_SOK,
    );
    req.check_query(if suggest { &c::AUTOFULLFOR } else { sok })?;
    let text = req.query(query::PRODUKT_QUERY_TEXT).unwrap_or_default();
    let (text, names) = (text.to_lowercase(), state.legemidler.iter());
    let hits = names.filter_map(|l| Some((l, varenavn(l)?)));
    let hits: Vec<_> = (hits.map(|(l, n)| (l, n, n.to_lowercase())))
        .filter(|(.., n)| n.starts_with(&text) || !suggest && n.contains(&text))
        .collect();
    match suggest {
        true => json_reply(&hits.iter().map(|(_, n, _)| n).collect::<Vec<_>>()),
        false => json_reply(&hits.iter().map(|(l, ..)| l).collect::<Vec<_>>()),
    }
}
