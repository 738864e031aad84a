//! The routes: filters, pages and formats over the state. Query parameters are checked against
//! the API definition as [`routes::query`] names them, never parsed with the SDK's own types.

use hint_core::mock::contract::{Contract, Field, Type, optional, required};
use hint_core::mock::paging::SkipTakePaging;
use hint_core::mock::{Answer, MockRequest, Reply, Router};
use serde_json::{Value, json};

use super::{State, docs, info_type_of, linked};
use crate::format::{render_html, render_markdown};
use crate::model::{InfoType, Infobit};
use crate::routes::{self, ContentKind, Paging, query};

const PAGING: SkipTakePaging = SkipTakePaging::new(query::SKIP, query::TAKE).default_take(100);
const SKIP_TAKE: &[Field] = &[
    optional(query::SKIP, Type::Integer),
    optional(query::TAKE, Type::Integer),
];
const CODE: [Field; 2] = [
    optional(query::KODEVERK, Type::String),
    optional(query::KODE, Type::String),
];
const INNHOLD: Contract = Contract::new(&[
    optional(query::INFO_TYPER, Type::String),
    CODE[0],
    CODE[1],
    optional(query::MAAL_GRUPPE, Type::String),
]);
const ANBEFALINGER: Contract = Contract::new(&[
    CODE[0],
    CODE[1],
    optional(query::ANBEFALINGSTYPE, Type::String),
]);
const SEARCH_MODE: Type = Type::StringWhere(|v| matches!(v, "Any" | "All"), "Any or All");
const QUERY_TYPE: Type = Type::StringWhere(|v| matches!(v, "Simple" | "Full"), "Simple or Full");
const SOK: Contract = Contract::new(&[
    required(query::SOK_QUERY_TEXT, Type::String),
    optional(query::SOK_FILTER, Type::String),
    optional(query::SEARCH_MODE, SEARCH_MODE),
    optional(query::QUERY_TYPE, QUERY_TYPE),
    optional(query::GET_FULL_INFOBITS, Type::Bool),
]);
const CHANGES: Contract = Contract::new(&[
    required(
        query::SINCE,
        Type::StringWhere(
            |v| hint_core::lenient::parse_local_time(v).is_some(),
            "a local time, YYYY-MM-DDTHH:MM:SS",
        ),
    ),
    optional(query::PRODUCER_ID, Type::Digits(4, 4)),
]);
const NKI_DATA: Contract = Contract::new(&[optional(
    query::CONTENT_TYPE,
    Type::StringWhere(
        |v| {
            let types = ["application/json", "text/csv", "text/xml"];
            types.contains(&v) || v == "application/javascript"
        },
        "application/json, text/csv, text/xml or application/javascript",
    ),
)]);
const PRODUKT_SOK: Contract = Contract::new(&[
    required(query::PRODUKT_QUERY_TEXT, Type::String),
    optional(query::PRODUKT_TOP, Type::Integer),
    optional(query::SEARCH_MODE, SEARCH_MODE),
    optional(query::QUERY_TYPE, QUERY_TYPE),
]);
const AUTOFULLFOR: Contract = Contract::new(&[
    required(query::PRODUKT_QUERY_TEXT, Type::String),
    optional(query::AUTOFULLFOR_TOP, Type::Integer),
]);

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
        .route(routes::VIRKESTOFF_SOK, legemiddel_sok)
        .route(routes::VIRKESTOFF_AUTOFULLFOR, autofullfor)
        .route(routes::LEGEMIDLER_AUTOFULLFOR, autofullfor)
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
    req.check_query(&INNHOLD)?;
    let list = |name| -> Vec<&str> {
        let values = req
            .query(name)
            .map(|v| v.split(',').filter(|s| !s.is_empty()));
        values.into_iter().flatten().collect()
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
    req.check_query(&ANBEFALINGER)?;
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
    req.check_query(&SOK)?;
    let text = req
        .query(query::SOK_QUERY_TEXT)
        .unwrap_or_default()
        .to_lowercase();
    let only = req
        .query(query::SOK_FILTER)
        .and_then(|f| f.strip_prefix("infoType eq '")?.strip_suffix('\''))
        .map(InfoType::from);
    let found: Vec<Infobit> = docs(state)
        .filter(|d| only.as_ref().is_none_or(|t| info_type_of(d) == *t))
        .filter(|d| {
            let texts = [d.tittel.as_deref(), d.intro.as_deref(), d.tekst.as_deref()];
            texts
                .iter()
                .flatten()
                .any(|s| s.to_lowercase().contains(&text))
        })
        .collect();
    json_reply(&found)
}

/// `GET GetChanges?since=&producerId=`.
fn changes(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&CHANGES)?;
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
    req.check_query(&Contract::new(if paged { SKIP_TAKE } else { &[] }))?;
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
    const FULL: &[Field] = &[optional(query::FULL, Type::Bool)];
    let anbefaling = kind == Some(ContentKind::Anbefalinger);
    req.check_query(&Contract::new(if anbefaling { FULL } else { &[] }))?;
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
    req.check_query(&NKI_DATA)?;
    let Some(data) = state.nki_data.get(req.param("id")) else {
        return Ok(Reply::empty(204));
    };
    if req.query(query::CONTENT_TYPE) != Some("text/csv") {
        return json_reply(data);
    }
    let column_names = data.get("ColumnNames").and_then(Value::as_array);
    let columns: Vec<&str> = column_names
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut csv = columns.join(";") + "\n";
    let rows = data.get("AttachmentDataRows").and_then(Value::as_array);
    for row in rows.into_iter().flatten() {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match row.get(*c) {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            })
            .collect();
        csv.push_str(&(cells.join(";") + "\n"));
    }
    Ok(Reply::bytes(200, "text/csv; charset=utf-8", csv))
}

fn varenavn(legemiddel: &Value) -> Option<&str> {
    legemiddel.get("varenavn").and_then(Value::as_str)
}

/// `GET legemiddelvirkestoff`, `GET legemidler`: `skip`/`take` pages.
fn legemidler(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&Contract::new(SKIP_TAKE))?;
    PAGING.page(req, &state.legemidler)
}

/// `GET legemiddelvirkestoff/{id}`, `GET legemidler/{id}`: the real API answers 204 for an
/// unknown id.
fn legemiddel(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&Contract::new(&[]))?;
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

/// `GET legemiddelvirkestoff/sok?queryText=`: names containing the text.
fn legemiddel_sok(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&PRODUKT_SOK)?;
    let text = req.query(query::PRODUKT_QUERY_TEXT).unwrap_or_default();
    let text = text.to_lowercase();
    let hits: Vec<&Value> = state
        .legemidler
        .iter()
        .filter(|l| varenavn(l).is_some_and(|n| n.to_lowercase().contains(&text)))
        .collect();
    json_reply(&hits)
}

/// `GET …/autofullfor?queryText=&top=`: names starting with the text.
fn autofullfor(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&AUTOFULLFOR)?;
    let text = req.query(query::PRODUKT_QUERY_TEXT).unwrap_or_default();
    let text = text.to_lowercase();
    let names: Vec<&str> = state
        .legemidler
        .iter()
        .filter_map(varenavn)
        .filter(|n| n.to_lowercase().starts_with(&text))
        .collect();
    json_reply(&names)
}
