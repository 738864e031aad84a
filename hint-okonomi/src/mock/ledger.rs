//! The mock's state: a ledger of payments, invoice payments, deductions and receipts, and the
//! HTTP handling on top of it.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{NaiveDate, Utc};
use hint_core::Url;
use hint_core::mock::wiremock::{Request, ResponseTemplate};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::felles::{Betalingsstatus, Betalingstype};
use crate::{Fakturautbetaling, Kvittering, Trekk, Utbetaling, belop, routes};

/// A service error, rendered Microsoft-style.
#[derive(Debug)]
pub(crate) struct Fail {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) target: Option<&'static str>,
}

pub(crate) fn fail(status: u16, code: &'static str, message: impl Into<String>) -> Fail {
    Fail {
        status,
        code,
        message: message.into(),
        target: None,
    }
}

fn invalid(target: &'static str, message: impl Into<String>) -> Fail {
    Fail {
        status: 400,
        code: "ValidationFailed",
        message: message.into(),
        target: Some(target),
    }
}

impl Fail {
    fn into_response(self) -> ResponseTemplate {
        let mut error = json!({"code": self.code, "message": self.message});
        if let Some(target) = self.target {
            error["target"] = json!(target);
        }
        ResponseTemplate::new(self.status)
            .insert_header("x-ms-error-code", self.code)
            .set_body_json(json!({ "error": error }))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Betaling {
    pub(crate) kind: Betalingstype,
    pub(crate) id: String,
    pub(crate) body: Value,
    pub(crate) status: Betalingsstatus,
    pub(crate) historikk: Vec<Value>,
    pub(crate) belop: Decimal,
    pub(crate) forfallsdato: NaiveDate,
    pub(crate) egen_referanse: Option<String>,
    pub(crate) mottaker_key: String,
    pub(crate) avregnet_dato: Option<NaiveDate>,
    pub(crate) avregnet_belop: Option<Decimal>,
    pub(crate) trekk: Vec<(String, Decimal)>,
    pub(crate) opprettet: chrono::DateTime<Utc>,
    /// Set by the test: settle with this amount instead of the expected one.
    pub(crate) settle_override: Option<Decimal>,
}

impl Betaling {
    pub(crate) fn render(&self) -> Value {
        let mut v = self.body.clone();
        v["id"] = json!(self.id);
        v["status"] = json!(self.status);
        v["statushistorikk"] = json!(self.historikk);
        v["opprettet"] = json!(self.opprettet);
        if let Some(d) = self.avregnet_dato {
            v["avregnetDato"] = json!(d);
        }
        if let Some(b) = self.avregnet_belop {
            v["avregnetBeloep"] = json!(belop::to_wire(b));
        }
        v["trekk"] = Value::Array(
            self.trekk
                .iter()
                .map(|(id, b)| json!({"trekkId": id, "beloep": belop::to_wire(*b)}))
                .collect(),
        );
        v
    }

    fn trukket(&self) -> Decimal {
        self.trekk.iter().map(|(_, b)| *b).sum()
    }

    fn expected(&self) -> Decimal {
        self.belop - self.trukket()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TrekkRec {
    pub(crate) id: String,
    pub(crate) body: Value,
    pub(crate) status: &'static str,
    pub(crate) gjenstaaende: Decimal,
    pub(crate) mottaker_key: String,
    pub(crate) fra: NaiveDate,
    pub(crate) til: Option<NaiveDate>,
    pub(crate) stoppet: Option<chrono::DateTime<Utc>>,
    pub(crate) opprettet: chrono::DateTime<Utc>,
}

impl TrekkRec {
    pub(crate) fn render(&self) -> Value {
        let mut v = self.body.clone();
        v["id"] = json!(self.id);
        v["status"] = json!(self.status);
        v["gjenstaaendeBeloep"] = json!(belop::to_wire(self.gjenstaaende));
        v["opprettet"] = json!(self.opprettet);
        if let Some(s) = self.stoppet {
            v["stoppet"] = json!(s);
        }
        v
    }
}

/// The ledger.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    pub(crate) today: Option<NaiveDate>,
    next_id: u64,
    pub(crate) betalinger: Vec<Betaling>,
    pub(crate) trekk: Vec<TrekkRec>,
    pub(crate) kvitteringer: Vec<Value>,
    /// (route, key) → (request body, entity id).
    idempotency: HashMap<(&'static str, String), (Value, String)>,
}

fn mottaker_key(v: &Value) -> Option<String> {
    if let Some(o) = v.get("organisasjonsnummer").and_then(Value::as_str) {
        return Some(format!("org:{o}"));
    }
    v.get("foedselsnummer")
        .and_then(Value::as_str)
        .map(|f| format!("fnr:{f}"))
}

fn parse_belop(v: &Value, field: &'static str) -> Result<Decimal, Fail> {
    let text = match v.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(invalid(field, format!("{field} is required"))),
    };
    let d = Decimal::from_str(&text)
        .map_err(|_| invalid(field, format!("{field} is not a decimal amount")))?;
    if d <= Decimal::ZERO {
        return Err(invalid(field, format!("{field} must be greater than zero")));
    }
    if d.normalize().scale() > 2 {
        return Err(invalid(
            field,
            format!("{field} must have at most two decimals"),
        ));
    }
    Ok(d)
}

impl Ledger {
    pub(crate) fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| Utc::now().date_naive())
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{:06}", self.next_id)
    }

    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.betalinger.iter().position(|b| b.id == id)
    }

    // ---------- creates ----------

    /// Creates a payment or invoice payment from its request body (validated as the service
    /// would), honouring the idempotency key.
    pub(crate) fn create_betaling(
        &mut self,
        kind: Betalingstype,
        body: Value,
        key: Option<&str>,
    ) -> Result<(u16, Value), Fail> {
        let route = match kind {
            Betalingstype::Fakturautbetaling => routes::CREATE_FAKTURAUTBETALING.name,
            _ => routes::CREATE_UTBETALING.name,
        };
        if let Some(key) = key
            && let Some((seen, id)) = self.idempotency.get(&(route, key.to_owned()))
        {
            if seen != &body {
                return Err(fail(
                    422,
                    "IdempotencyKeyReused",
                    "the idempotency key was used before with another request body",
                ));
            }
            let i = self
                .find(id)
                .ok_or_else(|| fail(500, "InternalError", "lost entity"))?;
            return Ok((201, self.betalinger[i].render()));
        }
        let belop = parse_belop(&body, "beloep")?;
        let forfallsdato: NaiveDate = body
            .get("forfallsdato")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| invalid("forfallsdato", "forfallsdato is required (YYYY-MM-DD)"))?;
        if body.get("kid").is_some_and(|v| !v.is_null())
            && body.get("melding").is_some_and(|v| !v.is_null())
        {
            return Err(invalid(
                "kid",
                "a payment carries a KID or a melding, not both",
            ));
        }
        let mottaker_key = match kind {
            Betalingstype::Fakturautbetaling => body.get("leverandoer").and_then(mottaker_key),
            _ => body.get("mottaker").and_then(mottaker_key),
        }
        .ok_or_else(|| {
            invalid(
                "mottaker",
                "mottaker needs an organisasjonsnummer or a foedselsnummer",
            )
        })?;
        let egen_referanse = body
            .get("egenReferanse")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(r) = &egen_referanse {
            let taken = self.betalinger.iter().any(|b| {
                b.kind == kind
                    && b.egen_referanse.as_ref() == Some(r)
                    && !matches!(
                        b.status,
                        Betalingsstatus::Kansellert | Betalingsstatus::Avvist
                    )
            });
            if taken {
                return Err(Fail {
                    status: 409,
                    code: "DuplicateReference",
                    message: "another active payment has this egenReferanse".into(),
                    target: Some("egenReferanse"),
                });
            }
        }
        let id = self.new_id(match kind {
            Betalingstype::Fakturautbetaling => "FU",
            _ => "UT",
        });
        let now = Utc::now();
        let betaling = Betaling {
            kind: kind.clone(),
            id: id.clone(),
            body: body.clone(),
            status: Betalingsstatus::Registrert,
            historikk: vec![json!({"status": "registrert", "tidspunkt": now})],
            belop,
            forfallsdato,
            egen_referanse,
            mottaker_key,
            avregnet_dato: None,
            avregnet_belop: None,
            trekk: Vec::new(),
            opprettet: now,
            settle_override: None,
        };
        let rendered = betaling.render();
        // The service checks the whole shape the way a client reads it.
        let shape_ok = match kind {
            Betalingstype::Fakturautbetaling => {
                serde_json::from_value::<Fakturautbetaling>(rendered.clone()).map(|_| ())
            }
            _ => serde_json::from_value::<Utbetaling>(rendered.clone()).map(|_| ()),
        };
        if let Err(e) = shape_ok {
            return Err(fail(
                400,
                "ValidationFailed",
                format!("the request body is not valid: {e}"),
            ));
        }
        self.betalinger.push(betaling);
        if let Some(key) = key {
            self.idempotency.insert((route, key.to_owned()), (body, id));
        }
        Ok((201, rendered))
    }

    pub(crate) fn create_trekk(
        &mut self,
        body: Value,
        key: Option<&str>,
    ) -> Result<(u16, Value), Fail> {
        let route = routes::CREATE_TREKK.name;
        if let Some(key) = key
            && let Some((seen, id)) = self.idempotency.get(&(route, key.to_owned()))
        {
            if seen != &body {
                return Err(fail(
                    422,
                    "IdempotencyKeyReused",
                    "the idempotency key was used before with another request body",
                ));
            }
            let t = self
                .trekk
                .iter()
                .find(|t| &t.id == id)
                .ok_or_else(|| fail(500, "InternalError", "lost entity"))?;
            return Ok((201, t.render()));
        }
        let belop = parse_belop(&body, "beloep")?;
        let mottaker_key = body.get("mottaker").and_then(mottaker_key).ok_or_else(|| {
            invalid(
                "mottaker",
                "mottaker needs an organisasjonsnummer or a foedselsnummer",
            )
        })?;
        let periode = body.get("periode").cloned().unwrap_or(Value::Null);
        let date = |name: &str| {
            periode
                .get(name)
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<NaiveDate>().ok())
        };
        let fra = date("fraDato")
            .ok_or_else(|| invalid("periode.fraDato", "periode.fraDato is required"))?;
        let id = self.new_id("TR");
        let rec = TrekkRec {
            id: id.clone(),
            body: body.clone(),
            status: "aktiv",
            gjenstaaende: belop,
            mottaker_key,
            fra,
            til: date("tilDato"),
            stoppet: None,
            opprettet: Utc::now(),
        };
        let rendered = rec.render();
        if let Err(e) = serde_json::from_value::<Trekk>(rendered.clone()) {
            return Err(fail(
                400,
                "ValidationFailed",
                format!("the request body is not valid: {e}"),
            ));
        }
        self.trekk.push(rec);
        if let Some(key) = key {
            self.idempotency.insert((route, key.to_owned()), (body, id));
        }
        Ok((201, rendered))
    }

    // ---------- life cycle ----------

    fn receipt(&mut self, i: usize, kind: &str, statuskode: &str, extra: Value) {
        let seq = self.kvitteringer.len() as u64 + 1;
        let b = &self.betalinger[i];
        let mut k = json!({
            "id": format!("KV-{seq:06}"),
            "posisjon": format!("{seq:08}"),
            "type": kind,
            "betalingstype": b.kind,
            "betalingId": b.id,
            "tidspunkt": Utc::now(),
            "statuskode": statuskode,
        });
        if let Some(r) = &b.egen_referanse {
            k["egenReferanse"] = json!(r);
        }
        if let (Value::Object(k), Value::Object(extra)) = (&mut k, extra) {
            k.extend(extra);
        }
        self.kvitteringer.push(k);
    }

    fn enter(&mut self, i: usize, status: Betalingsstatus, reason: Option<(&str, &str)>) {
        let mut h = json!({"status": status, "tidspunkt": Utc::now()});
        if let Some((code, text)) = reason {
            h["aarsakskode"] = json!(code);
            h["aarsak"] = json!(text);
        }
        let b = &mut self.betalinger[i];
        b.status = status;
        b.historikk.push(h);
    }

    /// Moves a payment one step: registrert → mottatt → avregnet.
    pub(crate) fn advance(&mut self, i: usize) -> Option<Betalingsstatus> {
        match self.betalinger[i].status {
            Betalingsstatus::Registrert => {
                self.enter(i, Betalingsstatus::Mottatt, None);
                self.receipt(i, "mottaksretur", "ACTC", json!({}));
                Some(Betalingsstatus::Mottatt)
            }
            Betalingsstatus::Mottatt => {
                self.settle(i);
                Some(Betalingsstatus::Avregnet)
            }
            _ => None,
        }
    }

    fn settle(&mut self, i: usize) {
        let today = self.today();
        let (key, forfall, mut rest) = {
            let b = &self.betalinger[i];
            (b.mottaker_key.clone(), b.forfallsdato, b.belop)
        };
        let mut applied = Vec::new();
        for t in self.trekk.iter_mut() {
            if rest.is_zero() {
                break;
            }
            let in_period = t.fra <= forfall && t.til.is_none_or(|til| forfall <= til);
            if t.status == "aktiv"
                && t.mottaker_key == key
                && in_period
                && t.gjenstaaende > Decimal::ZERO
            {
                let take = t.gjenstaaende.min(rest);
                t.gjenstaaende -= take;
                rest -= take;
                if t.gjenstaaende.is_zero() {
                    t.status = "fullfoert";
                }
                applied.push((t.id.clone(), take));
            }
        }
        let dato = today.max(forfall);
        let b = &mut self.betalinger[i];
        b.trekk = applied;
        let amount = b.settle_override.take().unwrap_or(b.expected());
        b.avregnet_belop = Some(amount);
        b.avregnet_dato = Some(dato);
        self.enter(i, Betalingsstatus::Avregnet, None);
        self.receipt(
            i,
            "avregningsretur",
            "ACSC",
            json!({"beloep": belop::to_wire(amount), "avregnetDato": dato}),
        );
    }

    /// Rejects a payment that is not final yet.
    pub(crate) fn reject(&mut self, i: usize, code: &str, text: &str) -> bool {
        if !self.betalinger[i].status.can_cancel() {
            return false;
        }
        self.enter(i, Betalingsstatus::Avvist, Some((code, text)));
        self.receipt(
            i,
            "avvisningsretur",
            "RJCT",
            json!({"aarsakskode": code, "aarsak": text}),
        );
        true
    }

    fn cancel(&mut self, i: usize) -> Result<Value, Fail> {
        match self.betalinger[i].status.clone() {
            Betalingsstatus::Kansellert => {}
            s if s.can_cancel() => self.enter(i, Betalingsstatus::Kansellert, None),
            s => {
                return Err(fail(
                    409,
                    "InvalidState",
                    format!("a payment in status {s} can no longer be cancelled"),
                ));
            }
        }
        Ok(self.betalinger[i].render())
    }

    // ---------- reconciliation ----------

    fn avstemming(&self, fra: NaiveDate, til: NaiveDate) -> Value {
        let today = self.today();
        let order = ["registrert", "mottatt", "avvist", "avregnet", "kansellert"];
        let mut per: Vec<(String, u64, Decimal)> = Vec::new();
        let (mut antall, mut bestilt, mut avregnet, mut trukket) =
            (0u64, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let mut avvik = Vec::new();
        for b in self
            .betalinger
            .iter()
            .filter(|b| fra <= b.forfallsdato && b.forfallsdato <= til)
        {
            antall += 1;
            let status = b.status.as_str().to_owned();
            match per.iter_mut().find(|(s, _, _)| *s == status) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += b.belop;
                }
                None => per.push((status, 1, b.belop)),
            }
            if b.status != Betalingsstatus::Kansellert {
                bestilt += b.belop;
            }
            trukket += b.trukket();
            if let Some(a) = b.avregnet_belop {
                avregnet += a;
            }
            let entry = |kind: &str, beskrivelse: String| {
                let mut v = json!({
                    "type": kind,
                    "betalingstype": b.kind,
                    "betalingId": b.id,
                    "forventetBeloep": belop::to_wire(b.expected()),
                    "beskrivelse": beskrivelse,
                });
                if let Some(r) = &b.egen_referanse {
                    v["egenReferanse"] = json!(r);
                }
                if let Some(a) = b.avregnet_belop {
                    v["avregnetBeloep"] = json!(belop::to_wire(a));
                }
                v
            };
            match b.status {
                Betalingsstatus::Registrert | Betalingsstatus::Mottatt
                    if b.forfallsdato < today =>
                {
                    avvik.push(entry(
                        "ikkeAvregnet",
                        format!("due {} but not settled", b.forfallsdato),
                    ));
                }
                Betalingsstatus::Avvist => avvik.push(entry(
                    "avvist",
                    "rejected by the bank; nothing was paid".into(),
                )),
                Betalingsstatus::Avregnet if b.avregnet_belop != Some(b.expected()) => {
                    avvik.push(entry(
                        "beloepsavvik",
                        "settled amount differs from the ordered amount less deductions".into(),
                    ));
                }
                _ => {}
            }
        }
        per.sort_by_key(|(s, _, _)| order.iter().position(|o| o == s).unwrap_or(order.len()));
        json!({
            "periode": {"fraDato": fra, "tilDato": til},
            "perStatus": per.iter().map(|(s, n, sum)| json!({"status": s, "antall": n, "sum": belop::to_wire(*sum)})).collect::<Vec<_>>(),
            "antall": antall,
            "sumBestilt": belop::to_wire(bestilt),
            "sumAvregnet": belop::to_wire(avregnet),
            "sumTrukket": belop::to_wire(trukket),
            "avvik": avvik,
        })
    }

    // ---------- HTTP ----------

    pub(crate) fn handle(&mut self, base: &Url, req: &Request) -> ResponseTemplate {
        match self.route(base, req) {
            Ok((status, body)) => ResponseTemplate::new(status).set_body_json(body),
            Err(fail) => fail.into_response(),
        }
    }

    fn route(&mut self, base: &Url, req: &Request) -> Result<(u16, Value), Fail> {
        let method = req.method.as_str().to_owned();
        let path = req
            .url
            .path()
            .trim_start_matches('/')
            .trim_end_matches('/')
            .to_owned();
        let segments: Vec<&str> = path.split('/').collect();
        let query: HashMap<String, String> = req.url.query_pairs().into_owned().collect();
        let key = req
            .headers
            .get(hint_core::IDEMPOTENCY_KEY_HEADER)
            .and_then(|v| v.to_str().ok());
        let body = || -> Result<Value, Fail> {
            serde_json::from_slice(&req.body)
                .map_err(|_| fail(400, "ValidationFailed", "the body is not JSON"))
        };
        let kind_of = |s: &str| match s {
            "utbetalinger" => Some(Betalingstype::Utbetaling),
            "fakturautbetalinger" => Some(Betalingstype::Fakturautbetaling),
            _ => None,
        };
        match (method.as_str(), segments.as_slice()) {
            ("POST", [res]) if kind_of(res).is_some() => self.create_betaling(
                kind_of(res).unwrap_or(Betalingstype::Utbetaling),
                body()?,
                key,
            ),
            ("GET", [res]) if kind_of(res).is_some() => {
                let kind = kind_of(res).unwrap_or(Betalingstype::Utbetaling);
                self.list_betalinger(base, res, kind, &query)
            }
            ("GET", [res, id]) if kind_of(res).is_some() => {
                let i = self.find_kind(id, kind_of(res))?;
                Ok((200, self.betalinger[i].render()))
            }
            ("POST", [res, id, "kanseller"]) if kind_of(res).is_some() => {
                let i = self.find_kind(id, kind_of(res))?;
                Ok((200, self.cancel(i)?))
            }
            ("GET", [res, id, "kvitteringer"]) if kind_of(res).is_some() => {
                let i = self.find_kind(id, kind_of(res))?;
                let id = self.betalinger[i].id.clone();
                let value: Vec<Value> = self
                    .kvitteringer
                    .iter()
                    .filter(|k| k["betalingId"] == json!(id))
                    .cloned()
                    .collect();
                Ok((200, json!({ "value": value })))
            }
            ("GET", ["avstemminger"]) => {
                let date = |name: &'static str| -> Result<NaiveDate, Fail> {
                    query
                        .get(name)
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(|| invalid(name, format!("{name} is required (YYYY-MM-DD)")))
                };
                let (fra, til) = (
                    date(routes::query::FRA_DATO)?,
                    date(routes::query::TIL_DATO)?,
                );
                if til < fra {
                    return Err(invalid(
                        routes::query::TIL_DATO,
                        "tilDato must not be before fraDato",
                    ));
                }
                Ok((200, self.avstemming(fra, til)))
            }
            ("POST", ["trekk"]) => self.create_trekk(body()?, key),
            ("GET", ["trekk"]) => self.list_trekk(base, &query),
            ("GET", ["trekk", id]) => {
                let t = self
                    .trekk
                    .iter()
                    .find(|t| t.id == *id)
                    .ok_or_else(|| fail(404, "NotFound", "no deduction with that id"))?;
                Ok((200, t.render()))
            }
            ("POST", ["trekk", id, "stopp"]) => {
                let t = self
                    .trekk
                    .iter_mut()
                    .find(|t| t.id == *id)
                    .ok_or_else(|| fail(404, "NotFound", "no deduction with that id"))?;
                match t.status {
                    "aktiv" => {
                        t.status = "stoppet";
                        t.stoppet = Some(Utc::now());
                    }
                    "stoppet" => {}
                    other => {
                        return Err(fail(
                            409,
                            "InvalidState",
                            format!("a deduction in status {other} cannot be stopped"),
                        ));
                    }
                }
                Ok((200, t.render()))
            }
            ("GET", ["kvitteringer"]) => self.feed(base, &query),
            _ => Err(fail(404, "NotFound", format!("no route {method} /{path}"))),
        }
    }

    fn find_kind(&self, id: &str, kind: Option<Betalingstype>) -> Result<usize, Fail> {
        self.find(id)
            .filter(|i| Some(&self.betalinger[*i].kind) == kind.as_ref())
            .ok_or_else(|| fail(404, "NotFound", "no payment with that id"))
    }

    fn page_size(query: &HashMap<String, String>, default: usize) -> Result<usize, Fail> {
        match query.get(routes::query::MAX_PAGE_SIZE) {
            None => Ok(default),
            Some(s) => s
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    invalid(
                        routes::query::MAX_PAGE_SIZE,
                        "maxpagesize must be 1 to 1000",
                    )
                }),
        }
    }

    fn page(
        base: &Url,
        path: &str,
        query: &HashMap<String, String>,
        items: Vec<Value>,
        default_size: usize,
    ) -> Result<(u16, Value), Fail> {
        let size = Self::page_size(query, default_size)?;
        let skip: usize = query
            .get(routes::query::SKIP_TOKEN)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let total = items.len();
        let value: Vec<Value> = items.into_iter().skip(skip).take(size).collect();
        let mut page = json!({ "value": value });
        if skip + size < total {
            let mut next = base
                .join(path)
                .map_err(|_| fail(500, "InternalError", "bad base URL"))?;
            {
                let mut pairs = next.query_pairs_mut();
                let mut sorted: Vec<_> = query
                    .iter()
                    .filter(|(k, _)| k.as_str() != routes::query::SKIP_TOKEN)
                    .collect();
                sorted.sort();
                for (k, v) in sorted {
                    pairs.append_pair(k, v);
                }
                pairs.append_pair(routes::query::SKIP_TOKEN, &(skip + size).to_string());
            }
            page["nextLink"] = json!(next.as_str());
        }
        Ok((200, page))
    }

    fn list_betalinger(
        &self,
        base: &Url,
        path: &str,
        kind: Betalingstype,
        q: &HashMap<String, String>,
    ) -> Result<(u16, Value), Fail> {
        let date = |name: &'static str| -> Result<Option<NaiveDate>, Fail> {
            q.get(name)
                .map(|s| {
                    s.parse()
                        .map_err(|_| invalid(name, format!("{name} must be YYYY-MM-DD")))
                })
                .transpose()
        };
        let (fra, til) = (
            date(routes::query::FORFALL_FRA)?,
            date(routes::query::FORFALL_TIL)?,
        );
        let items: Vec<Value> = self
            .betalinger
            .iter()
            .rev()
            .filter(|b| b.kind == kind)
            .filter(|b| {
                q.get(routes::query::STATUS)
                    .is_none_or(|s| b.status.as_str() == s)
            })
            .filter(|b| {
                fra.is_none_or(|d| b.forfallsdato >= d) && til.is_none_or(|d| b.forfallsdato <= d)
            })
            .filter(|b| {
                q.get(routes::query::EGEN_REFERANSE)
                    .is_none_or(|r| b.egen_referanse.as_ref() == Some(r))
            })
            .filter(|b| {
                q.get(routes::query::TILSKUDDSORDNING)
                    .is_none_or(|t| b.body["kontering"]["tilskuddsordning"].as_str() == Some(t))
            })
            .filter(|b| {
                q.get(routes::query::ORGANISASJONSNUMMER)
                    .is_none_or(|o| b.mottaker_key == format!("org:{o}"))
            })
            .filter(|b| {
                q.get(routes::query::FAKTURANUMMER)
                    .is_none_or(|f| b.body["fakturanummer"].as_str() == Some(f))
            })
            .map(Betaling::render)
            .collect();
        Self::page(base, path, q, items, 50)
    }

    fn list_trekk(&self, base: &Url, q: &HashMap<String, String>) -> Result<(u16, Value), Fail> {
        let items: Vec<Value> = self
            .trekk
            .iter()
            .rev()
            .filter(|t| q.get(routes::query::STATUS).is_none_or(|s| t.status == s))
            .filter(|t| {
                q.get(routes::query::ORGANISASJONSNUMMER)
                    .is_none_or(|o| t.mottaker_key == format!("org:{o}"))
            })
            .map(TrekkRec::render)
            .collect();
        Self::page(base, "trekk", q, items, 50)
    }

    fn feed(&self, base: &Url, q: &HashMap<String, String>) -> Result<(u16, Value), Fail> {
        let after: usize = match q.get(routes::query::ETTER) {
            None => 0,
            Some(s) => s.parse().map_err(|_| Fail {
                status: 400,
                code: "InvalidCursor",
                message: "etter is not a cursor this service issued".into(),
                target: Some(routes::query::ETTER),
            })?,
        };
        let size = Self::page_size(q, 100)?;
        let value: Vec<Value> = self
            .kvitteringer
            .iter()
            .skip(after)
            .take(size)
            .cloned()
            .collect();
        let last = after + value.len();
        let mut out = json!({ "value": value });
        if after > 0 || last > 0 {
            out["posisjon"] = json!(format!("{last:08}"));
        }
        if last < self.kvitteringer.len() {
            let mut next = base
                .join("kvitteringer")
                .map_err(|_| fail(500, "InternalError", "bad base URL"))?;
            next.query_pairs_mut()
                .append_pair(routes::query::ETTER, &format!("{last:08}"))
                .append_pair(routes::query::MAX_PAGE_SIZE, &size.to_string());
            out["nextLink"] = json!(next.as_str());
        }
        Ok((200, out))
    }

    // ---------- inspection ----------

    pub(crate) fn kvittering_models(&self) -> Vec<Kvittering> {
        self.kvitteringer
            .iter()
            .filter_map(|k| serde_json::from_value(k.clone()).ok())
            .collect()
    }
}
