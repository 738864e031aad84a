//! The routes: bodies and queries held to the contract ([`c`]), then handed to the ledger.

use chrono::NaiveDate;
use hint_core::mock::contract::Contract;
use hint_core::mock::paging::NextLinkPaging;
use hint_core::mock::wire::strip_nulls;
use hint_core::mock::{Answer, MockRequest, Reply};
use serde_json::{Value, json};

use super::ledger::{Kind, Ledger, refuse};
use crate::routes::{contract as c, query};

const PAGING: NextLinkPaging = NextLinkPaging::new()
    .size_param(query::MAX_PAGE_SIZE)
    .token_param(query::SKIP_TOKEN)
    .default_size(50);

/// The contracts of a kind's create body and list query.
pub(super) fn contracts(kind: Kind) -> (&'static Contract, &'static Contract) {
    match kind {
        Kind::Utbetaling => (&c::NY_UTBETALING, &c::LIST_UTBETALINGER),
        Kind::Fakturautbetaling => (&c::NY_FAKTURAUTBETALING, &c::LIST_FAKTURAUTBETALINGER),
        Kind::Trekk => (&c::NY_TREKK, &c::LIST_TREKK),
    }
}

/// The entry of this kind the path names.
fn find(req: &MockRequest, ledger: &Ledger, kind: Kind) -> Result<usize, Reply> {
    req.check_query(&c::NO_QUERY)?;
    let found = ledger.find(kind, req.param("id"));
    found.ok_or_else(|| refuse(404, "NotFound", &format!("no {kind:?} with that id"), None))
}

/// `POST utbetalinger`, `fakturautbetalinger`, `trekk`.
pub(super) fn create(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let body = req.json_checked(contracts(kind).0)?;
    Ok(Reply::json(201, &ledger.create(kind, body)?))
}

/// `GET utbetalinger/{id}`, `fakturautbetalinger/{id}`, `trekk/{id}`.
pub(super) fn get(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let i = find(req, ledger, kind)?;
    Ok(Reply::json(200, &ledger.entries[i].doc))
}

/// `POST utbetalinger/{id}/kanseller`, `fakturautbetalinger/{id}/kanseller`, `trekk/{id}/stopp`.
pub(super) fn cancel(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    Ok(Reply::json(200, &ledger.cancel(find(req, ledger, kind)?)?))
}

/// `GET utbetalinger/{id}/kvitteringer`, `GET fakturautbetalinger/{id}/kvitteringer`.
pub(super) fn kvitteringer(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let id = &ledger.entries[find(req, ledger, kind)?].doc["id"];
    let of_id = |k: &&Value| k["betalingId"] == *id;
    let value: Vec<&Value> = ledger.kvitteringer.iter().filter(of_id).collect();
    Ok(Reply::json(200, &json!({ "value": value })))
}

/// `GET utbetalinger`, `fakturautbetalinger`, `trekk`: newest first.
pub(super) fn list(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    req.check_query(contracts(kind).1)?;
    let fra: Option<NaiveDate> = req.query_as(query::FORFALL_FRA)?;
    let til: Option<NaiveDate> = req.query_as(query::FORFALL_TIL)?;
    let org = req.query(query::ORGANISASJONSNUMMER);
    let org = org.map(|o| format!("org:{o}"));
    let items: Vec<&Value> = (ledger.entries.iter().rev())
        .filter(|e| e.kind == kind && org.as_ref().is_none_or(|o| *o == e.payee))
        .filter(|e| fra.is_none_or(|d| e.forfall() >= Some(d)))
        .filter(|e| til.is_none_or(|d| e.forfall() <= Some(d)))
        .filter(|e| req.filters_match(&e.doc, &query::FILTERS))
        .map(|e| &e.doc)
        .collect();
    PAGING.page(req, &items)
}

/// `GET avstemminger?fraDato=&tilDato=`.
pub(super) fn avstemming(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    req.check_query(&c::GET_AVSTEMMING)?;
    let fra: Option<NaiveDate> = req.query_as(query::FRA_DATO)?;
    let til: Option<NaiveDate> = req.query_as(query::TIL_DATO)?;
    match fra.zip(til) {
        Some((fra, til)) if fra <= til => Ok(Reply::json(200, &ledger.avstemming(fra, til))),
        _ => Err(req.invalid(query::TIL_DATO, "tilDato must not be before fraDato")),
    }
}

/// `GET kvitteringer?etter=`: the feed after a cursor (the cursor is the position, 1-based),
/// with the position reached and a `nextLink` while more are waiting.
pub(super) fn feed(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    req.check_query(&c::LIST_KVITTERINGER)?;
    let etter = req.query(query::ETTER).unwrap_or("0").parse::<usize>();
    let message = "etter is not a cursor this service issued";
    let after = etter.map_err(|_| refuse(400, "InvalidCursor", message, Some(query::ETTER)))?;
    let size = req.query_as::<usize>(query::MAX_PAGE_SIZE)?.unwrap_or(100);
    let value: Vec<&Value> = ledger.kvitteringer.iter().skip(after).take(size).collect();
    let last = after + value.len();
    let posisjon = (last > 0).then(|| format!("{last:08}"));
    let mut out = strip_nulls(json!({ "value": value, "posisjon": posisjon }));
    if last < ledger.kvitteringer.len() {
        let mut next = req.url().clone();
        let (etter, max) = (query::ETTER, query::MAX_PAGE_SIZE);
        next.set_query(Some(&format!("{etter}={last:08}&{max}={size}")));
        out["nextLink"] = json!(next.as_str());
    }
    Ok(Reply::json(200, &out))
}
