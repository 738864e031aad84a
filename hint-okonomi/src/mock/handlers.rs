//! The routes: bodies and query strings checked against the wire contract
//! ([`routes::contract`](crate::routes::contract), written out from the wire names, never read
//! through the SDK's own models), then handed to the ledger.

use chrono::NaiveDate;
use hint_core::mock::contract::Contract;
use hint_core::mock::paging::NextLinkPaging;
use hint_core::mock::{Answer, MockRequest, Reply};
use serde_json::{Value, json};

use super::ledger::{Ledger, Trekk, refuse};
use crate::felles::Betalingstype as Kind;
use crate::routes::{contract, query};

const PAGING: NextLinkPaging = NextLinkPaging::new()
    .size_param(query::MAX_PAGE_SIZE)
    .token_param(query::SKIP_TOKEN)
    .default_size(50);

/// Filters that match a text field of the document (a JSON pointer).
const FILTERS: [(&str, &str); 4] = [
    (query::STATUS, "/status"),
    (query::EGEN_REFERANSE, "/egenReferanse"),
    (query::TILSKUDDSORDNING, "/kontering/tilskuddsordning"),
    (query::FAKTURANUMMER, "/fakturanummer"),
];

/// Whether a document passes the request's filters (those of `FILTERS` it gives, and the
/// payee's organisasjonsnummer).
fn wanted(req: &MockRequest, doc: &Value, payee: &str) -> bool {
    let field = |pointer| doc.pointer(pointer).and_then(Value::as_str);
    let org = req.query(query::ORGANISASJONSNUMMER);
    FILTERS
        .iter()
        .all(|(name, pointer)| req.query(name).is_none_or(|w| field(pointer) == Some(w)))
        && org.is_none_or(|o| payee == format!("org:{o}"))
}

/// The body contract of a create.
pub(super) fn body_contract(kind: &Kind) -> &'static Contract {
    match kind {
        Kind::Fakturautbetaling => &contract::NY_FAKTURAUTBETALING,
        _ => &contract::NY_UTBETALING,
    }
}

/// The payment of this kind the path names.
fn find(req: &MockRequest, ledger: &Ledger, kind: &Kind) -> Result<usize, Reply> {
    req.check_query(&contract::NO_QUERY)?;
    let i = ledger
        .find(req.param("id"))
        .filter(|i| ledger.betalinger[*i].kind == *kind);
    i.ok_or_else(|| refuse(404, "NotFound", "no payment with that id", None))
}

/// `POST utbetalinger`, `POST fakturautbetalinger`.
pub(super) fn create(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let body = req.json_checked(body_contract(&kind))?;
    Ok(Reply::json(201, &ledger.create_betaling(kind, body)?))
}

/// `GET utbetalinger/{id}`, `GET fakturautbetalinger/{id}`.
pub(super) fn get(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    Ok(Reply::json(
        200,
        &ledger.betalinger[find(req, ledger, &kind)?].doc,
    ))
}

/// `POST utbetalinger/{id}/kanseller`, `POST fakturautbetalinger/{id}/kanseller`.
pub(super) fn cancel(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let i = find(req, ledger, &kind)?;
    Ok(Reply::json(200, &ledger.cancel(i)?))
}

/// `GET utbetalinger/{id}/kvitteringer`, `GET fakturautbetalinger/{id}/kvitteringer`.
pub(super) fn kvitteringer(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let id = &ledger.betalinger[find(req, ledger, &kind)?].doc["id"];
    let value: Vec<_> = ledger
        .kvitteringer
        .iter()
        .filter(|k| k["betalingId"] == *id)
        .collect();
    Ok(Reply::json(200, &json!({ "value": value })))
}

/// `GET utbetalinger`, `GET fakturautbetalinger`: newest first.
pub(super) fn list(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let faktura = kind == Kind::Fakturautbetaling;
    req.check_query(if faktura {
        &contract::LIST_FAKTURAUTBETALINGER
    } else {
        &contract::LIST_UTBETALINGER
    })?;
    let fra: Option<NaiveDate> = req.query_as(query::FORFALL_FRA)?;
    let til: Option<NaiveDate> = req.query_as(query::FORFALL_TIL)?;
    let items: Vec<&Value> = (ledger.betalinger.iter().rev())
        .filter(|b| b.kind == kind && wanted(req, &b.doc, &b.payee))
        .filter(|b| fra.is_none_or(|d| b.forfall() >= d) && til.is_none_or(|d| b.forfall() <= d))
        .map(|b| &b.doc)
        .collect();
    PAGING.page(req, &items)
}

/// `GET avstemminger?fraDato=&tilDato=`.
pub(super) fn avstemming(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    req.check_query(&contract::GET_AVSTEMMING)?;
    let fra: Option<NaiveDate> = req.query_as(query::FRA_DATO)?;
    let til: Option<NaiveDate> = req.query_as(query::TIL_DATO)?;
    match fra.zip(til) {
        Some((fra, til)) if fra <= til => Ok(Reply::json(200, &ledger.avstemming(fra, til))),
        _ => Err(req.invalid(query::TIL_DATO, "tilDato must not be before fraDato")),
    }
}

/// `POST trekk`.
pub(super) fn create_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    let body = req.json_checked(&contract::NY_TREKK)?;
    Ok(Reply::json(201, &ledger.create_trekk(body)?))
}

fn find_trekk<'a>(req: &MockRequest, ledger: &'a mut Ledger) -> Result<&'a mut Trekk, Reply> {
    req.check_query(&contract::NO_QUERY)?;
    let found = ledger
        .trekk
        .iter_mut()
        .find(|t| t.doc["id"] == req.param("id"));
    found.ok_or_else(|| refuse(404, "NotFound", "no deduction with that id", None))
}

/// `GET trekk/{id}`.
pub(super) fn get_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    Ok(Reply::json(200, &find_trekk(req, ledger)?.doc))
}

/// `POST trekk/{id}/stopp`.
pub(super) fn stop_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    Ok(Reply::json(200, &find_trekk(req, ledger)?.stop()?))
}

/// `GET trekk`: newest first.
pub(super) fn list_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    req.check_query(&contract::LIST_TREKK)?;
    let trekk = ledger
        .trekk
        .iter()
        .rev()
        .filter(|t| wanted(req, &t.doc, &t.payee));
    PAGING.page(req, &trekk.map(|t| &t.doc).collect::<Vec<_>>())
}

/// `GET kvitteringer?etter=`: the feed after a cursor (the cursor is the position, 1-based),
/// with the position reached and a `nextLink` while more are waiting.
pub(super) fn feed(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    req.check_query(&contract::LIST_KVITTERINGER)?;
    let etter = req.query(query::ETTER).map(str::parse::<usize>).transpose();
    let message = "etter is not a cursor this service issued";
    let after = etter.map_err(|_| refuse(400, "InvalidCursor", message, Some(query::ETTER)))?;
    let after = after.unwrap_or(0);
    let size = req.query_as::<usize>(query::MAX_PAGE_SIZE)?.unwrap_or(100);
    let value: Vec<&Value> = ledger.kvitteringer.iter().skip(after).take(size).collect();
    let last = after + value.len();
    let mut out = json!({ "value": value });
    if last > 0 {
        out["posisjon"] = json!(format!("{last:08}"));
    }
    if last < ledger.kvitteringer.len() {
        let mut next = req.url().clone();
        next.query_pairs_mut()
            .clear()
            .append_pair(query::ETTER, &format!("{last:08}"))
            .append_pair(query::MAX_PAGE_SIZE, &size.to_string());
        out["nextLink"] = json!(next.as_str());
    }
    Ok(Reply::json(200, &out))
}
