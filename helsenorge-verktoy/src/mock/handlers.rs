//! The routes: state transitions and answers. Bodies and query strings are checked against
//! [`contract`], never decoded with the SDK's own types; refusals carry the API's codes.

use chrono::{Duration, Local};
use hint_core::ident::{Fodselsnummer as Fnr, HprNummer as Hpr};
use hint_core::lenient::parse_local_time;
use hint_core::mock::contract::{Contract, Violation};
use hint_core::mock::paging::PageNumberPaging;
use hint_core::mock::{Answer, MockRequest, Reply};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{MottattForskrivning as Mottatt, State};
use crate::behandler::Behandler;
use crate::error::ErrorCode::{self, *};
use crate::forskrivning::ForskrivendeBehandler::{Fnr as MedFnr, Hpr as MedHpr};
use crate::katalog::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SokeTreff};
use crate::routes::contract::{self, FIELD_CODES};
use crate::routes::{query, wire};
use crate::verktoy::Verktoy;

const PAGING: PageNumberPaging = PageNumberPaging::new(query::SIDEREFERANSE, query::ANTALL_VERKTOY)
    .default_size(DEFAULT_PAGE_SIZE as usize)
    .max_size(MAX_PAGE_SIZE as usize);

/// An error answer with the API's code, its status and its description (and what was at fault).
fn fail(req: &MockRequest, code: ErrorCode, at: Option<&str>) -> Reply {
    let text = code.beskrivelse().unwrap_or_default();
    let message = at.map_or_else(|| text.to_owned(), |at| format!("{text} ({at})"));
    req.error(code.http_status().unwrap_or(400), code.as_str(), message)
}

/// A contract violation, answered with the code [`FIELD_CODES`] gives its field (by the end of
/// its path).
fn refuse(req: &MockRequest) -> impl Fn(Violation) -> Reply {
    move |v| match FIELD_CODES.iter().find(|(f, _)| v.field.ends_with(f)) {
        Some((_, None)) => req.error(400, "", v.to_string()),
        Some((_, Some(code))) => fail(req, code.clone(), Some(&v.to_string())),
        None => fail(req, UgyldigId, Some(&v.to_string())),
    }
}

/// The query string checked against the contract.
fn query(req: &MockRequest, contract: Contract) -> Result<(), Reply> {
    contract.check_query(req.query_pairs()).map_err(refuse(req))
}

/// The body as a JSON object checked against the contract; anything else is `VER-000202`.
fn body(req: &MockRequest, contract: Contract) -> Result<Value, Reply> {
    let body = req.json().ok().filter(Value::is_object);
    let body = body.ok_or_else(|| fail(req, RequestErNull, None))?;
    contract.check(&body).map_err(refuse(req))?;
    Ok(body)
}

/// Whether a tool has one of the values a repeated filter asks for (any tool, when none).
fn hit(req: &MockRequest, name: &str, has: Vec<Option<String>>) -> bool {
    let wanted = req.query_all(name);
    wanted.is_empty() || has.iter().flatten().any(|h| wanted.contains(&h.as_str()))
}

/// Whether a tool passes the list's filters.
fn listed(req: &MockRequest, v: &Verktoy, anonym: bool) -> bool {
    let id = |id: Option<i64>| id.map(|i| i.to_string());
    let fag = v.fagomrader.iter().map(|f| id(f.fagomrade.id()));
    let mal = v.malgrupper.iter().map(|m| id(m.malgruppe.id()));
    let sprak = v.sprak.iter().map(|s| id(s.sprak.id()));
    let kl = v.klassifiseringer.iter().map(|k| k.kode.clone());
    let flag = |name| req.query(name).map(|v| v == "true");
    let selv = flag(query::KAN_LEGGES_TIL_AV_INNBYGGER);
    let krever = v.krever_forskrivning.unwrap_or(false);
    hit(req, query::FAGOMRADER, fag.collect())
        && hit(req, query::MALGRUPPER, mal.collect())
        && hit(req, query::SPRAK, sprak.collect())
        && hit(req, query::KLASSIFISERINGER, kl.collect())
        && selv.is_none_or(|s| s != krever)
        && flag(query::KUN_ANONYM_TILGANG).is_none_or(|a| a == anonym)
}

/// `GET SelvstendigVerktoy` with filters, a page by `Sidereferanse` and `AntallVerktoy`.
pub(super) fn list_verktoy(req: &MockRequest, state: &mut State) -> Answer {
    query(req, contract::LIST_VERKTOY)?;
    let tools = state.verktoy.values();
    let hits = tools.filter(|(v, anonym)| listed(req, v, *anonym));
    let hits: Vec<&Verktoy> = hits.map(|(v, _)| v).collect();
    let page = PAGING.window(req, hits.len());
    let page = page.map_err(|_| fail(req, UgyldigSidestorrelse, None))?;
    Ok(Reply::json(200, &hits[page]))
}

/// `GET SelvstendigVerktoy/{id}`
pub(super) fn get_verktoy(req: &MockRequest, state: &mut State) -> Answer {
    query(req, contract::NO_QUERY)?;
    let verktoy = state.verktoy.get(&req.param_as("id")?).map(|(v, _)| v);
    let verktoy = verktoy.ok_or_else(|| fail(req, VerktoyIkkeFunnet, None))?;
    Ok(Reply::json(200, verktoy))
}

/// `GET SelvstendigVerktoy/SokSelvstendigVerktoy`: tools with a word in the name or the søkeord
/// that begins with `SokeOrd`, by name.
pub(super) fn search_verktoy(req: &MockRequest, state: &mut State) -> Answer {
    query(req, contract::SEARCH_VERKTOY)?;
    let word = req.query(query::SOKEORD).unwrap_or_default();
    let word = word.trim().to_lowercase();
    match word.chars().count() {
        0 => return Err(fail(req, SokeordMangler, None)),
        3..=256 => {}
        _ => return Err(fail(req, SokeordUgyldigLengde, None)),
    }
    let begins = |text: &String| starts_a_word(text, &word);
    let tools = state.verktoy.values().map(|(v, _)| v);
    let found = tools.filter(|v| v.navn.iter().chain(&v.sokeord).any(begins));
    let mut hits: Vec<_> = found
        .map(|v| SokeTreff::new(v.verktoy_id, v.navn()))
        .collect();
    hits.sort_by(|a, b| a.navn.cmp(&b.navn));
    hits.truncate(req.query_as(query::ROW_COUNT)?.unwrap_or(50));
    Ok(Reply::json(200, &hits))
}

/// Whether `word` (lower case) begins a word in `text`.
fn starts_a_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let after = |i: usize| text[..i].chars().next_back();
    let mut found = text.match_indices(word).map(|(i, _)| after(i));
    found.any(|before| before.is_none_or(|c| !c.is_alphanumeric()))
}

/// `GET GrafiskElement/{id}`: the bytes as stored.
pub(super) fn get_grafisk_element(req: &MockRequest, state: &mut State) -> Answer {
    match state.bilder.get(&req.param_as("id")?) {
        Some((content_type, bytes)) => Ok(Reply::bytes(200, content_type, bytes.clone())),
        None => Err(req.error(404, "", "Fant ikke grafisk element")),
    }
}

/// `PUT Veiledningstjeneste/{id}`: the body replaces the service's metadata.
pub(super) fn update_veiledning(req: &MockRequest, state: &mut State) -> Answer {
    let id: Uuid = req.param_as("id")?;
    let body = body(req, contract::UPDATE_VEILEDNINGSTJENESTE)?;
    let entry = state.veiledning.get_mut(&id);
    *entry.ok_or_else(|| fail(req, VerktoyIkkeFunnet, None))? = body;
    Ok(Reply::empty(204))
}

/// `POST Verktoy`: records the prescription, or refuses it as the API does.
pub(super) fn create_forskrivning(req: &MockRequest, state: &mut State) -> Answer {
    let body = body(req, contract::CREATE_FORSKRIVNING)?;
    // The contract has checked the values: they parse.
    let text = |name| body.get(name).and_then(Value::as_str).map(str::trim);
    let fnr = |name| text(name).and_then(|s| Fnr::parse(s).ok());
    let verktoy_id = text(wire::VERKTOY_ID).and_then(|s| s.parse().ok());
    let verktoy_id: Uuid = verktoy_id.unwrap_or_default();
    let hpr = text(wire::BEHANDLER_HPR_NR).and_then(|s| Hpr::parse(s).ok());
    let innbygger = fnr(wire::INNBYGGER_FNR);
    let unknown = |h: &Hpr| !state.register.contains_key(h.as_str());
    let behandler = match (hpr, fnr(wire::BEHANDLER_FNR)) {
        (Some(hpr), None) if unknown(&hpr) => {
            return Err(fail(req, HelsepersonellIkkeFunnet, None));
        }
        (Some(hpr), None) => MedHpr(hpr),
        (None, Some(fnr)) => MedFnr(fnr),
        _ => return Err(req.error(400, "", "Oppgi enten BehandlerHprNr eller BehandlerFnr")),
    };
    let innbygger = innbygger.ok_or_else(|| fail(req, UgyldigId, Some(wire::INNBYGGER_FNR)))?;
    let this = (verktoy_id, &innbygger, &behandler);
    let same = |f: &Mottatt| (f.verktoy_id, &f.innbygger, &f.behandler) == this;
    if !state.verktoy.contains_key(&verktoy_id) {
        return Err(fail(req, VerktoyIdIkkeFunnet, None));
    } else if state.ikke_aktive.contains(innbygger.expose_digits()) {
        return Err(fail(req, InnbyggerIkkeDigitaltAktiv, None));
    } else if state.forskrivninger.iter().any(same) {
        return Err(fail(req, AlleredeForskrevetAvSammeBehandler, None));
    }
    let now = Local::now().naive_local();
    let frist = text(wire::FRIST_DATO).and_then(parse_local_time);
    let melding = text(wire::MELDING).filter(|m| !m.is_empty());
    state.forskrivninger.push(Mottatt {
        verktoy_id,
        innbygger,
        behandler,
        frist_dato: frist.map_or(now.date() + Duration::days(14), |f| f.date()),
        frist_oppgitt: frist.is_some(),
        melding: melding.map(str::to_owned),
        mottatt: now,
    });
    Ok(Reply::json(200, &json!({ wire::PSEUDO_ID: "" })))
}

/// `GET Behandler?VerktoyId=`, with the citizen's token: who sent the tool to them.
pub(super) fn get_behandlere(req: &MockRequest, state: &mut State) -> Answer {
    let token = req.header("authorization");
    let token = token.and_then(|v| v.strip_prefix("Bearer "));
    let Some(fnr) = token.and_then(|t| state.innbygger_tokens.get(t)).cloned() else {
        return Err(req.error(401, "", "Krever innbyggers token (Innbygger OIDC)"));
    };
    query(req, contract::GET_BEHANDLERE)?;
    let verktoy_id: Uuid = req.query_as(query::VERKTOY_ID)?.unwrap_or_default();
    let mut sent = state.forskrivninger.iter().rev();
    let latest = sent.find(|f| f.verktoy_id == verktoy_id && f.innbygger.expose_digits() == fnr);
    let behandler = match latest.map(|f| &f.behandler) {
        Some(MedHpr(hpr)) => {
            let navn = state.register.get(hpr.as_str()).cloned();
            Behandler::med_hpr(hpr, navn.unwrap_or_default())
        }
        Some(MedFnr(fnr)) => Behandler::med_fnr(fnr, "Behandler (fødselsnummer)"),
        None if state.selvvalgte.contains(&(fnr, verktoy_id)) => {
            return Err(fail(req, IkkeSendtFraBehandler, None));
        }
        None => return Err(fail(req, IngenKoblingVerktoyInnbygger, None)),
    };
    Ok(Reply::json(200, &behandler))
}
