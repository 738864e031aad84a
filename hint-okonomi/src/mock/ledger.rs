//! The mock's state and its transitions: the ledger of payments, invoice payments, deductions
//! and receipts. Request bodies reach it already checked against the wire contract
//! (`handlers`); what is left here are the service's own rules.

use chrono::{DateTime, NaiveDate, Utc};
use hint_core::mock::{ErrorShape, Reply};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::beloep::to_wire as amount;
use crate::felles::{Betalingsstatus as Status, Betalingstype as Kind};
use crate::routes::wire;

/// A refusal in the service's shape (Microsoft REST guidelines).
pub(super) fn refuse(status: u16, code: &str, message: &str, target: Option<&str>) -> Reply {
    ErrorShape::MicrosoftRest.error(status, code, message, target)
}

fn invalid(target: &str, message: &str) -> Reply {
    refuse(400, "ValidationFailed", message, Some(target))
}

/// An amount or a date of a body the contract has checked.
fn decimal(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_default()
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| s.parse().ok())
}

/// Who a body's payee is: `org:<nr>` or `fnr:<nr>` (what deductions are matched on).
fn party(v: &Value, field: &str) -> Result<String, Reply> {
    match (
        v[wire::ORGANISASJONSNUMMER].as_str(),
        v[wire::FOEDSELSNUMMER].as_str(),
    ) {
        (Some(o), _) => Ok(format!("org:{o}")),
        (None, Some(f)) => Ok(format!("fnr:{f}")),
        _ => Err(invalid(
            field,
            "needs an organisasjonsnummer or a foedselsnummer",
        )),
    }
}

/// A payment or an invoice payment: the body as sent, and what the ledger added.
pub(super) struct Betaling {
    pub(super) kind: Kind,
    pub(super) id: String,
    pub(super) body: Value,
    pub(super) status: Status,
    historikk: Vec<Value>,
    pub(super) beloep: Decimal,
    pub(super) forfallsdato: NaiveDate,
    pub(super) egen_referanse: Option<String>,
    pub(super) mottaker: String,
    avregnet: Option<(NaiveDate, Decimal)>,
    trekk: Vec<(String, Decimal)>,
    opprettet: DateTime<Utc>,
    /// Set by the test: settle with this amount instead of the expected one.
    pub(super) settle_override: Option<Decimal>,
}

impl Betaling {
    pub(super) fn render(&self) -> Value {
        let mut v = self.body.clone();
        v["id"] = json!(self.id);
        v["status"] = json!(self.status);
        v["statushistorikk"] = json!(self.historikk);
        v["opprettet"] = json!(self.opprettet);
        if let Some((dato, beloep)) = self.avregnet {
            v["avregnetDato"] = json!(dato);
            v["avregnetBeloep"] = json!(amount(beloep));
        }
        let trekk = self.trekk.iter();
        v["trekk"] = trekk
            .map(|(id, b)| json!({"trekkId": id, "beloep": amount(*b)}))
            .collect();
        v
    }

    /// Ordered less deducted: what the bank should pay.
    fn expected(&self) -> Decimal {
        self.beloep - self.trekk.iter().map(|(_, b)| *b).sum::<Decimal>()
    }
}

/// A deduction.
pub(super) struct Trekk {
    pub(super) id: String,
    body: Value,
    pub(super) status: &'static str,
    gjenstaaende: Decimal,
    pub(super) mottaker: String,
    fra: NaiveDate,
    til: Option<NaiveDate>,
    stoppet: Option<DateTime<Utc>>,
    opprettet: DateTime<Utc>,
}

impl Trekk {
    pub(super) fn render(&self) -> Value {
        let mut v = self.body.clone();
        v["id"] = json!(self.id);
        v["status"] = json!(self.status);
        v["gjenstaaendeBeloep"] = json!(amount(self.gjenstaaende));
        v["opprettet"] = json!(self.opprettet);
        if let Some(s) = self.stoppet {
            v["stoppet"] = json!(s);
        }
        v
    }

    /// Stops an active deduction; stopping a stopped one changes nothing.
    pub(super) fn stop(&mut self) -> Result<Value, Reply> {
        match self.status {
            "aktiv" => (self.status, self.stoppet) = ("stoppet", Some(Utc::now())),
            "stoppet" => {}
            other => {
                let message = format!("a deduction in status {other} cannot be stopped");
                return Err(refuse(409, "InvalidState", &message, None));
            }
        }
        Ok(self.render())
    }
}

/// The ledger: everything the fake holds.
#[derive(Default)]
pub(super) struct Ledger {
    pub(super) today: Option<NaiveDate>,
    next_id: u64,
    pub(super) betalinger: Vec<Betaling>,
    pub(super) trekk: Vec<Trekk>,
    pub(super) kvitteringer: Vec<Value>,
}

impl Ledger {
    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{:06}", self.next_id)
    }

    pub(super) fn find(&self, id: &str) -> Option<usize> {
        self.betalinger.iter().position(|b| b.id == id)
    }

    /// Registers a payment or invoice payment from its checked body, as `registrert`.
    pub(super) fn create_betaling(&mut self, kind: Kind, body: Value) -> Result<Value, Reply> {
        let mottaker = match kind {
            Kind::Fakturautbetaling => party(&body[wire::LEVERANDOER], wire::LEVERANDOER)?,
            _ => party(&body[wire::MOTTAKER], wire::MOTTAKER)?,
        };
        let konto = &body[wire::KONTO];
        if konto[wire::KONTONUMMER].is_null()
            && (konto[wire::IBAN].is_null() || konto[wire::BIC].is_null())
        {
            let rule = "needs a kontonummer, or an iban with a bic";
            return Err(invalid(wire::KONTO, rule));
        }
        if !body[wire::KID].is_null() && !body[wire::MELDING].is_null() {
            let rule = "a payment carries a KID or a melding, not both";
            return Err(invalid(wire::KID, rule));
        }
        let egen_referanse = body[wire::EGEN_REFERANSE].as_str().map(str::to_owned);
        let taken = |b: &Betaling| {
            b.kind == kind
                && b.egen_referanse == egen_referanse
                && !matches!(b.status, Status::Kansellert | Status::Avvist)
        };
        if egen_referanse.is_some() && self.betalinger.iter().any(taken) {
            let message = "another active payment has this egenReferanse";
            return Err(refuse(
                409,
                "DuplicateReference",
                message,
                Some(wire::EGEN_REFERANSE),
            ));
        }
        let prefix = if kind == Kind::Fakturautbetaling {
            "FU"
        } else {
            "UT"
        };
        let now = Utc::now();
        let betaling = Betaling {
            id: self.new_id(prefix),
            kind,
            status: Status::Registrert,
            historikk: vec![json!({"status": Status::Registrert, "tidspunkt": now})],
            beloep: decimal(&body[wire::BELOEP]),
            forfallsdato: date(&body[wire::FORFALLSDATO]).unwrap_or_default(),
            egen_referanse,
            mottaker,
            avregnet: None,
            trekk: Vec::new(),
            opprettet: now,
            settle_override: None,
            body,
        };
        let rendered = betaling.render();
        self.betalinger.push(betaling);
        Ok(rendered)
    }

    /// Registers a deduction from its checked body, as `aktiv`.
    pub(super) fn create_trekk(&mut self, body: Value) -> Result<Value, Reply> {
        let periode = &body[wire::PERIODE];
        let trekk = Trekk {
            id: self.new_id("TR"),
            status: "aktiv",
            gjenstaaende: decimal(&body[wire::BELOEP]),
            mottaker: party(&body[wire::MOTTAKER], wire::MOTTAKER)?,
            fra: date(&periode[wire::FRA_DATO]).unwrap_or_default(),
            til: date(&periode[wire::TIL_DATO]),
            stoppet: None,
            opprettet: Utc::now(),
            body,
        };
        let rendered = trekk.render();
        self.trekk.push(trekk);
        Ok(rendered)
    }

    fn receipt(&mut self, i: usize, kind: &str, statuskode: &str, extra: Value) {
        let seq = self.kvitteringer.len() + 1;
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

    fn enter(&mut self, i: usize, status: Status, reason: Option<(&str, &str)>) {
        let mut h = json!({"status": status, "tidspunkt": Utc::now()});
        if let Some((code, text)) = reason {
            (h["aarsakskode"], h["aarsak"]) = (json!(code), json!(text));
        }
        let b = &mut self.betalinger[i];
        b.status = status;
        b.historikk.push(h);
    }

    /// Moves a payment one step: registrert → mottatt → avregnet.
    pub(super) fn advance(&mut self, i: usize) -> Option<Status> {
        match self.betalinger[i].status {
            Status::Registrert => {
                self.enter(i, Status::Mottatt, None);
                self.receipt(i, "mottaksretur", "ACTC", json!({}));
                Some(Status::Mottatt)
            }
            Status::Mottatt => {
                self.settle(i);
                Some(Status::Avregnet)
            }
            _ => None,
        }
    }

    /// Settles a payment: the payee's active deductions in their period take what they can,
    /// the bank pays the rest (or what the test set), and an avregningsretur is written.
    fn settle(&mut self, i: usize) {
        let today = self.today.unwrap_or_else(|| Utc::now().date_naive());
        let b = &self.betalinger[i];
        let (payee, forfall, mut rest) = (b.mottaker.clone(), b.forfallsdato, b.beloep);
        let mut applied = Vec::new();
        for t in &mut self.trekk {
            let in_period = t.fra <= forfall && t.til.is_none_or(|til| forfall <= til);
            let open = t.status == "aktiv" && t.gjenstaaende > Decimal::ZERO;
            if rest.is_zero() || !(open && in_period && t.mottaker == payee) {
                continue;
            }
            let take = t.gjenstaaende.min(rest);
            (t.gjenstaaende, rest) = (t.gjenstaaende - take, rest - take);
            if t.gjenstaaende.is_zero() {
                t.status = "fullfoert";
            }
            applied.push((t.id.clone(), take));
        }
        let dato = today.max(forfall);
        let b = &mut self.betalinger[i];
        b.trekk = applied;
        let paid = b.settle_override.take().unwrap_or(b.expected());
        b.avregnet = Some((dato, paid));
        self.enter(i, Status::Avregnet, None);
        let extra = json!({"beloep": amount(paid), "avregnetDato": dato});
        self.receipt(i, "avregningsretur", "ACSC", extra);
    }

    /// Rejects a payment that is not final yet.
    pub(super) fn reject(&mut self, i: usize, code: &str, text: &str) -> bool {
        if !self.betalinger[i].status.can_cancel() {
            return false;
        }
        self.enter(i, Status::Avvist, Some((code, text)));
        let extra = json!({"aarsakskode": code, "aarsak": text});
        self.receipt(i, "avvisningsretur", "RJCT", extra);
        true
    }

    /// Cancels a payment while it can be; cancelling a cancelled one changes nothing.
    pub(super) fn cancel(&mut self, i: usize) -> Result<Value, Reply> {
        match self.betalinger[i].status.clone() {
            Status::Kansellert => {}
            s if s.can_cancel() => self.enter(i, Status::Kansellert, None),
            s => {
                let message = format!("a payment in status {s} can no longer be cancelled");
                return Err(refuse(409, "InvalidState", &message, None));
            }
        }
        Ok(self.betalinger[i].render())
    }

    /// Reconciles the payments due from `fra` to `til`.
    pub(super) fn avstemming(&self, fra: NaiveDate, til: NaiveDate) -> Value {
        let today = self.today.unwrap_or_else(|| Utc::now().date_naive());
        let order = ["registrert", "mottatt", "avvist", "avregnet", "kansellert"];
        let mut per: Vec<(&str, u64, Decimal)> = Vec::new();
        let [mut bestilt, mut avregnet, mut trukket] = [Decimal::ZERO; 3];
        let mut avvik = Vec::new();
        let due = self.betalinger.iter();
        let due: Vec<_> = due
            .filter(|b| (fra..=til).contains(&b.forfallsdato))
            .collect();
        for b in &due {
            match per.iter_mut().find(|(s, ..)| *s == b.status.as_str()) {
                Some(entry) => (entry.1, entry.2) = (entry.1 + 1, entry.2 + b.beloep),
                None => per.push((b.status.as_str(), 1, b.beloep)),
            }
            if b.status != Status::Kansellert {
                bestilt += b.beloep;
            }
            trukket += b.beloep - b.expected();
            let settled = b.avregnet.map(|(_, a)| a);
            avregnet += settled.unwrap_or_default();
            let (kind, beskrivelse) = match b.status {
                Status::Registrert | Status::Mottatt if b.forfallsdato < today => (
                    "ikkeAvregnet",
                    format!("due {} but not settled", b.forfallsdato),
                ),
                Status::Avvist => ("avvist", "rejected by the bank; nothing was paid".into()),
                Status::Avregnet if settled != Some(b.expected()) => {
                    let why = "settled amount differs from the ordered amount less deductions";
                    ("beloepsavvik", why.into())
                }
                _ => continue,
            };
            let mut v = json!({
                "type": kind,
                "betalingstype": b.kind,
                "betalingId": b.id,
                "forventetBeloep": amount(b.expected()),
                "beskrivelse": beskrivelse,
                "egenReferanse": b.egen_referanse,
                "avregnetBeloep": settled.map(amount),
            });
            if let Value::Object(map) = &mut v {
                map.retain(|_, v| !v.is_null());
            }
            avvik.push(v);
        }
        per.sort_by_key(|(s, ..)| order.iter().position(|o| o == s).unwrap_or(order.len()));
        let per = per
            .iter()
            .map(|(s, n, sum)| json!({"status": s, "antall": n, "sum": amount(*sum)}));
        json!({
            "periode": {"fraDato": fra, "tilDato": til},
            "perStatus": per.collect::<Vec<_>>(),
            "antall": due.len(),
            "sumBestilt": amount(bestilt),
            "sumAvregnet": amount(avregnet),
            "sumTrukket": amount(trukket),
            "avvik": avvik,
        })
    }
}
