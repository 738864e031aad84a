//! The routes: state transitions and answers. Bodies and query strings are checked against the
//! wire contract as [`routes`] names it, never decoded with the SDK's own types, so a client that
//! misspells a field or writes a value badly fails its test; refusals carry the API's codes.

use chrono::{Duration, Local};
use hint_core::OpenEnum;
use hint_core::ident::{Fodselsnummer, HprNummer};
use hint_core::lenient::parse_local_time;
use hint_core::mock::contract::{Contract, Field, Type, Violation, optional, required};
use hint_core::mock::paging::PageNumberPaging;
use hint_core::mock::{Answer, MockRequest, Reply};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{MottattForskrivning as Mottatt, State};
use crate::behandler::Behandler;
use crate::enums::{Fagomrade, Malgruppe, Sprak};
use crate::error::ErrorCode::{self, *};
use crate::forskrivning::ForskrivendeBehandler;
use crate::katalog::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SokeTreff};
use crate::routes::{query, wire};

/// Fields and the code a bad value of each gets (`None`: a 400 without a code).
type Codes = &'static [(&'static str, Option<ErrorCode>)];

const UUID: Type = Type::StringWhere(|s| s.parse::<Uuid>().is_ok(), "a UUID");
const FNR: Type = Type::StringWhere(|s| Fodselsnummer::parse(s).is_ok(), "a fødselsnummer");
const HPR: Type = Type::StringWhere(|s| HprNummer::parse(s).is_ok(), "an HPR-nummer");
const ID: Type = Type::Array(&Type::Integer);

const LIST_QUERY: Contract = Contract::new(&[
    optional(query::FAGOMRADER, ID),
    optional(query::KLASSIFISERINGER, Type::Array(&Type::String)),
    optional(query::MALGRUPPER, ID),
    optional(query::SPRAK, ID),
    optional(query::KAN_LEGGES_TIL_AV_INNBYGGER, Type::Bool),
    optional(query::KUN_ANONYM_TILGANG, Type::Bool),
    optional(query::SIDEREFERANSE, Type::Integer),
    optional(query::ANTALL_VERKTOY, Type::Integer),
]);

const PAGING: PageNumberPaging = PageNumberPaging::new(query::SIDEREFERANSE, query::ANTALL_VERKTOY)
    .default_size(DEFAULT_PAGE_SIZE as usize)
    .max_size(MAX_PAGE_SIZE as usize);
/// The codes the list answers bad parameters with (`VER-000209` for the others).
const LIST_CODES: Codes = &[
    (query::SIDEREFERANSE, Some(UgyldigSidestorrelse)),
    (query::ANTALL_VERKTOY, Some(UgyldigSidestorrelse)),
    (query::FAGOMRADER, Some(UdefinertEnumverdi)),
    (query::MALGRUPPER, Some(UdefinertEnumverdi)),
    (query::SPRAK, Some(UdefinertEnumverdi)),
];

const SEARCH_QUERY: Contract = Contract::new(&[
    optional(query::SOKEORD, Type::String),
    optional(query::ROW_COUNT, Type::IntegerIn(1, MAX_PAGE_SIZE as i64)),
]);

const BEHANDLER_QUERY: Contract = Contract::new(&[required(query::VERKTOY_ID, UUID)]);

const FORSKRIVNING: Contract = Contract::new(&[
    required(wire::VERKTOY_ID, UUID),
    required(wire::INNBYGGER_FNR, FNR),
    optional(wire::BEHANDLER_HPR_NR, HPR),
    optional(wire::BEHANDLER_FNR, FNR),
    optional(
        wire::FRIST_DATO,
        Type::StringWhere(|s| parse_local_time(s).is_some(), "a date"),
    ),
    optional(
        wire::MELDING,
        Type::StringWhere(|s| s.chars().count() <= 1500, "1500 or fewer"),
    ),
]);

const TIME: Type = Type::StringWhere(
    |s| chrono::NaiveTime::parse_from_str(s, "%H:%M:%S%.f").is_ok(),
    "a time (HH:MM:SS)",
);
const APNINGSTID: &[Field] = &[
    required(wire::DAG, Type::IntegerIn(1, 7)),
    optional(wire::FRA_KL, TIME),
    optional(wire::TIL_KL, TIME),
    optional(wire::APEN_HELE_DAGEN, Type::Bool),
];
const VEILEDNINGSTJENESTE: Contract = Contract::new(&[
    required(wire::ID, UUID),
    optional(wire::TELEFON, Type::String),
    optional(wire::URL, Type::String),
    optional(wire::APNINGSTIDER, Type::Array(&Type::Object(APNINGSTID))),
]);

/// An error answer with the API's code, its status and its description (and what was at fault).
fn fail(req: &MockRequest, code: ErrorCode, at: Option<&str>) -> Reply {
    let text = code.beskrivelse().unwrap_or_default();
    let message = at.map_or_else(|| text.to_owned(), |at| format!("{text} ({at})"));
    req.error(code.http_status().unwrap_or(400), code.as_str(), message)
}

/// A contract violation, answered with the code `codes` gives its field (matched by the end of
/// its path), `VER-000209` for the rest.
fn refuse(req: &MockRequest, v: Violation, codes: Codes) -> Reply {
    let code = codes.iter().find(|(f, _)| v.field.ends_with(f));
    match code.map_or(Some(UgyldigId), |(_, c)| c.clone()) {
        Some(code) => fail(req, code, Some(&v.to_string())),
        None => req.error(400, "", v.to_string()),
    }
}

fn check_query(req: &MockRequest, contract: Contract, codes: Codes) -> Result<(), Reply> {
    contract
        .check_query(req.query_pairs())
        .map_err(|v| refuse(req, v, codes))
}

/// The body as a JSON object checked against the contract; anything else is `VER-000202`.
fn body(req: &MockRequest, contract: Contract, codes: Codes) -> Result<Value, Reply> {
    let body = req.json().ok().filter(Value::is_object);
    let body = body.ok_or_else(|| fail(req, RequestErNull, None))?;
    contract.check(&body).map_err(|v| refuse(req, v, codes))?;
    Ok(body)
}

/// A repeated id parameter's values; one the code list does not know is `VER-000204`.
fn ids<T: OpenEnum>(req: &MockRequest, name: &str) -> Result<Vec<T>, Reply> {
    let known = |t: T| (!t.is_unknown()).then_some(t);
    let mut values = req
        .query_all(name)
        .into_iter()
        .map(|v| known(T::from_wire(v)));
    values.try_fold(Vec::new(), |mut all, t| {
        all.push(t.ok_or_else(|| fail(req, UdefinertEnumverdi, Some(name)))?);
        Ok(all)
    })
}

/// Whether a tool has one of the wanted values (any tool, when none are wanted).
fn hit<T: PartialEq>(wanted: &[T], mut has: impl Iterator<Item = T>) -> bool {
    wanted.is_empty() || has.any(|t| wanted.contains(&t))
}

/// `GET SelvstendigVerktoy` with filters, a page by `Sidereferanse` and `AntallVerktoy`.
pub(super) fn list_verktoy(req: &MockRequest, state: &mut State) -> Answer {
    check_query(req, LIST_QUERY, LIST_CODES)?;
    let fag: Vec<Fagomrade> = ids(req, query::FAGOMRADER)?;
    let mal: Vec<Malgruppe> = ids(req, query::MALGRUPPER)?;
    let sprak: Vec<Sprak> = ids(req, query::SPRAK)?;
    let klass = req.query_all(query::KLASSIFISERINGER);
    let flag = |name: &str| req.query(name).map(|v| v == "true");
    let selv = flag(query::KAN_LEGGES_TIL_AV_INNBYGGER);
    let anonym = flag(query::KUN_ANONYM_TILGANG);
    let hits: Vec<_> = (state.verktoy.values())
        .filter(|v| hit(&fag, v.fagomrader.iter().map(|f| f.fagomrade.clone())))
        .filter(|v| hit(&mal, v.malgrupper.iter().map(|m| m.malgruppe.clone())))
        .filter(|v| hit(&sprak, v.sprak.iter().map(|s| s.sprak.clone())))
        .filter(|v| {
            hit(
                &klass,
                v.klassifiseringer.iter().filter_map(|k| k.kode.as_deref()),
            )
        })
        .filter(|v| selv.is_none_or(|s| s != v.krever_forskrivning.unwrap_or(false)))
        .filter(|v| anonym.is_none_or(|a| a == state.anonyme.contains(&v.verktoy_id)))
        .collect();
    let page = PAGING.window(req, hits.len());
    let page = page.map_err(|_| fail(req, UgyldigSidestorrelse, None))?;
    Ok(Reply::json(200, &hits[page]))
}

/// `GET SelvstendigVerktoy/{id}`
pub(super) fn get_verktoy(req: &MockRequest, state: &mut State) -> Answer {
    check_query(req, Contract::new(&[]), &[])?;
    let verktoy = state.verktoy.get(&req.param_as("id")?);
    Ok(Reply::json(
        200,
        verktoy.ok_or_else(|| fail(req, VerktoyIkkeFunnet, None))?,
    ))
}

/// `GET SelvstendigVerktoy/SokSelvstendigVerktoy`: words in names and søkeord beginning with
/// `SokeOrd`, by name.
pub(super) fn search_verktoy(req: &MockRequest, state: &mut State) -> Answer {
    check_query(
        req,
        SEARCH_QUERY,
        &[(query::ROW_COUNT, Some(UgyldigSidestorrelse))],
    )?;
    let word = req
        .query(query::SOKEORD)
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    match word.chars().count() {
        0 => return Err(fail(req, SokeordMangler, None)),
        3..=256 => {}
        _ => return Err(fail(req, SokeordUgyldigLengde, None)),
    }
    let begins = |text: &str| starts_a_word(text, &word);
    let mut hits: Vec<SokeTreff> = (state.verktoy.values())
        .filter(|v| begins(v.navn()) || v.sokeord.iter().any(|s| begins(s)))
        .map(|v| SokeTreff::new(v.verktoy_id, v.navn()))
        .collect();
    hits.sort_by(|a, b| a.navn.cmp(&b.navn));
    hits.truncate(req.query_as(query::ROW_COUNT)?.unwrap_or(50));
    Ok(Reply::json(200, &hits))
}

/// Whether `word` (lower case) begins a word in `text`.
fn starts_a_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let after = |i: usize| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    let mut starts = text
        .char_indices()
        .filter(|(i, c)| c.is_alphanumeric() && after(*i));
    starts.any(|(i, _)| text[i..].starts_with(word))
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
    let body = body(
        req,
        VEILEDNINGSTJENESTE,
        &[(wire::DAG, Some(UdefinertEnumverdi))],
    )?;
    let entry = state.veiledning.get_mut(&id);
    *entry.ok_or_else(|| fail(req, VerktoyIkkeFunnet, None))? = body;
    Ok(Reply::empty(204))
}

/// `POST Verktoy`: records the prescription, or refuses it as the API does.
pub(super) fn create_forskrivning(req: &MockRequest, state: &mut State) -> Answer {
    let body = body(
        req,
        FORSKRIVNING,
        &[(wire::FRIST_DATO, None), (wire::MELDING, None)],
    )?;
    let text = |name| body.get(name).and_then(Value::as_str).map(str::trim);
    // The contract has checked these values: they parse.
    let verktoy_id: Uuid = text(wire::VERKTOY_ID)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let fnr = |name| text(name).and_then(|s| Fodselsnummer::parse(s).ok());
    let hpr = text(wire::BEHANDLER_HPR_NR).and_then(|s| HprNummer::parse(s).ok());
    let Some(innbygger) = fnr(wire::INNBYGGER_FNR) else {
        return Err(fail(req, UgyldigId, Some(wire::INNBYGGER_FNR)));
    };
    let behandler = match (hpr, fnr(wire::BEHANDLER_FNR)) {
        (Some(hpr), None) if !state.register.contains_key(hpr.as_str()) => {
            return Err(fail(req, HelsepersonellIkkeFunnet, None));
        }
        (Some(hpr), None) => ForskrivendeBehandler::Hpr(hpr),
        (None, Some(fnr)) => ForskrivendeBehandler::Fnr(fnr),
        _ => return Err(req.error(400, "", "Oppgi enten BehandlerHprNr eller BehandlerFnr")),
    };
    let refused = if !state.verktoy.contains_key(&verktoy_id) {
        Some(VerktoyIdIkkeFunnet)
    } else if state.ikke_aktive.contains(innbygger.expose_digits()) {
        Some(InnbyggerIkkeDigitaltAktiv)
    } else {
        let this = (verktoy_id, &innbygger, &behandler);
        let same = |f: &Mottatt| (f.verktoy_id, &f.innbygger, &f.behandler) == this;
        state
            .forskrivninger
            .iter()
            .any(same)
            .then_some(AlleredeForskrevetAvSammeBehandler)
    };
    if let Some(code) = refused {
        return Err(fail(req, code, None));
    }
    let now = Local::now().naive_local();
    let frist = text(wire::FRIST_DATO).and_then(parse_local_time);
    let melding = text(wire::MELDING)
        .filter(|m| !m.is_empty())
        .map(str::to_owned);
    state.forskrivninger.push(Mottatt {
        verktoy_id,
        innbygger,
        behandler,
        frist_dato: frist.map_or(now.date() + Duration::days(14), |f| f.date()),
        frist_oppgitt: frist.is_some(),
        melding,
        mottatt: now,
    });
    Ok(Reply::json(200, &json!({ wire::PSEUDO_ID: "" })))
}

/// `GET Behandler?VerktoyId=`, with the citizen's token: who sent the tool to them.
pub(super) fn get_behandlere(req: &MockRequest, state: &mut State) -> Answer {
    let token = req
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(fnr) = token.and_then(|t| state.innbygger_tokens.get(t)).cloned() else {
        return Err(req.error(401, "", "Krever innbyggers token (Innbygger OIDC)"));
    };
    check_query(req, BEHANDLER_QUERY, &[])?;
    let verktoy_id: Uuid = req.query_as(query::VERKTOY_ID)?.unwrap_or_default();
    let mut sent = state.forskrivninger.iter().rev();
    let latest = sent.find(|f| f.verktoy_id == verktoy_id && f.innbygger.expose_digits() == fnr);
    let behandler = match latest.map(|f| &f.behandler) {
        Some(ForskrivendeBehandler::Hpr(hpr)) => {
            let navn = state.register.get(hpr.as_str()).cloned();
            Behandler::med_hpr(hpr, navn.unwrap_or_default())
        }
        Some(ForskrivendeBehandler::Fnr(fnr)) => {
            Behandler::med_fnr(fnr, "Behandler (fødselsnummer)")
        }
        None if state.selvvalgte.contains(&(fnr, verktoy_id)) => {
            return Err(fail(req, IkkeSendtFraBehandler, None));
        }
        None => return Err(fail(req, IngenKoblingVerktoyInnbygger, None)),
    };
    Ok(Reply::json(200, &behandler))
}
