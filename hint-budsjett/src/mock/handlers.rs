//! The routes: filters and pages over the state. Query parameters are checked against the
//! contract as [`routes`] states it, never parsed with the SDK's own types, so a client that
//! sends a misspelt parameter or a badly written value fails its test.

use hint_core::mock::contract::{Contract, Type, optional};
use hint_core::mock::paging::NextLinkPaging;
use hint_core::mock::{Answer, MockRequest, Reply};

use super::State;
use crate::routes::{self, query, wire};

const PAGING: NextLinkPaging = NextLinkPaging::new()
    .size_param(query::MAX_PAGE_SIZE)
    .token_param(query::SKIP_TOKEN)
    .max_size(routes::MAX_PAGE_SIZE as usize);

const TILSKUDDSORDNINGER_QUERY: Contract = Contract::new(&[
    optional(query::KOSTSTED, Type::Digits(4, 6)),
    optional(query::NAVN, Type::String),
    optional(query::MAX_PAGE_SIZE, Type::Integer),
    optional(query::SKIP_TOKEN, Type::String),
]);

const KAPITTEL_POST: Type = Type::StringWhere(
    |v| kapittel_post(v).is_some(),
    "a chapter of 1 to 4 digits, a dot and a two-digit post (719.21)",
);

const BUDSJETT_QUERY: Contract = Contract::new(&[
    optional(query::PERIODE, Type::IntegerIn(2000, 2100)),
    optional(query::KOSTSTED, Type::Digits(4, 6)),
    optional(query::KODE, Type::Digits(6, 6)),
    optional(query::KAPITTEL_POST, KAPITTEL_POST),
    optional(query::MAX_PAGE_SIZE, Type::Integer),
    optional(query::SKIP_TOKEN, Type::String),
]);

/// `719.21` or `0719.21` as the service writes it (`719.21`).
fn kapittel_post(v: &str) -> Option<String> {
    let (kapittel, post) = v.split_once('.')?;
    let digits = |s: &str, n| (1..=n).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(kapittel, 4)
        && digits(post, 2)
        && post.len() == 2
        && kapittel.parse::<u16>().ok()? > 0;
    ok.then(|| format!("{}.{post}", kapittel.trim_start_matches('0')))
}

/// A filter: passes when the request does not give it, or gives the row's value.
fn is(value: Option<&str>, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|w| value == Some(w))
}

/// `GET tilskuddsordninger?koststed=&navn=`
pub(super) fn list_ordninger(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&TILSKUDDSORDNINGER_QUERY)?;
    let navn = req.query(query::NAVN).map(str::to_lowercase);
    let items: Vec<_> = state
        .ordninger
        .values()
        .filter(|o| {
            is(
                o.koststed.as_ref().map(|k| k.as_str()),
                req.query(query::KOSTSTED),
            )
        })
        .filter(|o| {
            navn.as_deref()
                .is_none_or(|n| o.navn.to_lowercase().contains(n))
        })
        .collect();
    PAGING
        .default_size(super::DEFAULT_PAGE_SIZE)
        .page(req, &items)
}

/// `GET tilskuddsordninger/{kode}`
pub(super) fn get_ordning(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&Contract::new(&[]))?;
    let kode = req.param("kode");
    if kode.len() != 6 || !kode.bytes().all(|b| b.is_ascii_digit()) {
        return Err(req.invalid(wire::KODE, format!("must be six digits, not `{kode}`")));
    }
    match state.ordninger.get(kode) {
        Some(ordning) => Ok(Reply::json(200, ordning)),
        None => Err(req.shape().error(
            404,
            "NotFound",
            format!("no tilskuddsordning with kode {kode}"),
            Some(wire::KODE),
        )),
    }
}

/// `GET budsjett?periode=&koststed=&kode=&kapittelPost=`
pub(super) fn list_budsjett(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&BUDSJETT_QUERY)?;
    let periode = req
        .query(query::PERIODE)
        .and_then(|p| p.parse::<i32>().ok());
    let kp = req.query(query::KAPITTEL_POST).and_then(kapittel_post);
    let items: Vec<_> = state
        .rader
        .values()
        .filter(|r| periode.is_none_or(|p| r.periode == p))
        .filter(|r| {
            is(
                r.koststed.as_ref().map(|k| k.as_str()),
                req.query(query::KOSTSTED),
            )
        })
        .filter(|r| is(r.kode.as_ref().map(|k| k.as_str()), req.query(query::KODE)))
        .filter(|r| is(Some(&r.kapittel_post.to_string()), kp.as_deref()))
        .collect();
    PAGING
        .default_size(super::DEFAULT_PAGE_SIZE)
        .page(req, &items)
}
