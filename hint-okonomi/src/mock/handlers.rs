//! The routes: request bodies and query strings checked against the wire contract as
//! [`routes`](crate::routes) names it (written out here, never read through the SDK's own
//! models, so a model that sends the wrong shape fails a test), then handed to the ledger.

use chrono::NaiveDate;
use hint_core::mock::contract::Contract;
use hint_core::mock::paging::NextLinkPaging;
use hint_core::mock::{Answer, MockRequest, Reply};
use serde_json::{Value, json};

use super::ledger::{Betaling, Ledger, refuse};
use crate::felles::Betalingstype as Kind;
use crate::routes::{contract, query, wire};

const PAGING: NextLinkPaging = NextLinkPaging::new()
    .size_param(query::MAX_PAGE_SIZE)
    .token_param(query::SKIP_TOKEN)
    .default_size(50);

/// The body contract of a create.
pub(super) fn body_contract(kind: &Kind) -> &'static Contract {
    match kind {
        Kind::Fakturautbetaling => &contract::NY_FAKTURAUTBETALING,
        _ => &contract::NY_UTBETALING,
    }
}

/// A filter: passes when the request does not give it, or gives the item's value.
fn is(value: Option<&str>, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|w| value == Some(w))
}

/// The payment of this kind the path names.
fn find(req: &MockRequest, ledger: &Ledger, kind: &Kind) -> Result<usize, Reply> {
    req.check_query(&contract::NO_QUERY)?;
    let i = ledger.find(req.param("id"));
    i.filter(|i| ledger.betalinger[*i].kind == *kind)
        .ok_or_else(|| refuse(404, "NotFound", "no payment with that id", None))
}

/// `POST utbetalinger`, `POST fakturautbetalinger`.
pub(super) fn create(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let body = req.json_checked(body_contract(&kind))?;
    Ok(Reply::json(201, &ledger.create_betaling(kind, body)?))
}

/// `GET utbetalinger/{id}`, `GET fakturautbetalinger/{id}`.
pub(super) fn get(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let i = find(req, ledger, &kind)?;
    Ok(Reply::json(200, &ledger.betalinger[i].render()))
}

/// `POST utbetalinger/{id}/kanseller`, `POST fakturautbetalinger/{id}/kanseller`.
pub(super) fn cancel(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let i = find(req, ledger, &kind)?;
    Ok(Reply::json(200, &ledger.cancel(i)?))
}

/// `GET utbetalinger/{id}/kvitteringer`, `GET fakturautbetalinger/{id}/kvitteringer`.
pub(super) fn kvitteringer(req: &MockRequest, ledger: &mut Ledger, kind: Kind) -> Answer {
    let id = json!(ledger.betalinger[find(req, ledger, &kind)?].id);
    let receipts = ledger.kvitteringer.iter().filter(|k| k["betalingId"] == id);
    Ok(Reply::json(
        200,
        &json!({"value": receipts.collect::<Vec<_>>()}),
    ))
}

fn tilskuddsordning(b: &Betaling) -> Option<&str> {
    b.body[wire::KONTERING][wire::TILSKUDDSORDNING].as_str()
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
    let org = req
        .query(query::ORGANISASJONSNUMMER)
        .map(|o| format!("org:{o}"));
    let items: Vec<Value> = (ledger.betalinger.iter().rev())
        .filter(|b| b.kind == kind && is(Some(b.status.as_str()), req.query(query::STATUS)))
        .filter(|b| {
            fra.is_none_or(|d| b.forfallsdato >= d) && til.is_none_or(|d| b.forfallsdato <= d)
        })
        .filter(|b| {
            is(
                b.egen_referanse.as_deref(),
                req.query(query::EGEN_REFERANSE),
            )
        })
        .filter(|b| is(tilskuddsordning(b), req.query(query::TILSKUDDSORDNING)))
        .filter(|b| is(Some(&b.mottaker), org.as_deref()))
        .filter(|b| {
            is(
                b.body[wire::FAKTURANUMMER].as_str(),
                req.query(query::FAKTURANUMMER),
            )
        })
        .map(Betaling::render)
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

fn find_trekk<'a>(
    req: &MockRequest,
    ledger: &'a mut Ledger,
) -> Result<&'a mut super::ledger::Trekk, Reply> {
    req.check_query(&contract::NO_QUERY)?;
    let id = req.param("id");
    let found = ledger.trekk.iter_mut().find(|t| t.id == id);
    found.ok_or_else(|| refuse(404, "NotFound", "no deduction with that id", None))
}

/// `GET trekk/{id}`.
pub(super) fn get_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    Ok(Reply::json(200, &find_trekk(req, ledger)?.render()))
}

/// `POST trekk/{id}/stopp`.
pub(super) fn stop_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    Ok(Reply::json(200, &find_trekk(req, ledger)?.stop()?))
}

/// `GET trekk`: newest first.
pub(super) fn list_trekk(req: &MockRequest, ledger: &mut Ledger) -> Answer {
    req.check_query(&contract::LIST_TREKK)?;
    let org = req
        .query(query::ORGANISASJONSNUMMER)
        .map(|o| format!("org:{o}"));
    let items: Vec<Value> = (ledger.trekk.iter().rev())
        .filter(|t| is(Some(t.status), req.query(query::STATUS)))
        .filter(|t| is(Some(&t.mottaker), org.as_deref()))
        .map(super::ledger::Trekk::render)
        .collect();
    PAGING.page(req, &items)
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
