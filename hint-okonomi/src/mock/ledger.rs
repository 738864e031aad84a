//! The mock's state and its transitions: the ledger of payments, invoice payments, deductions
//! and receipts. Each entry is kept as the wire document the service answers with; bodies reach
//! the ledger already checked against the contract, so what is left here are the service's rules.

use chrono::{NaiveDate, Utc};
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

/// An amount, a date, a text of a checked document.
fn decimal(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_default()
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| s.parse().ok())
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The document without its `null` fields (absent rather than null, as the service writes).
fn without_nulls(mut v: Value) -> Value {
    if let Some(map) = v.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    v
}

/// Who a payee is: `org:<nr>` or `fnr:<nr>` (what deductions and filters match on).
fn party(v: &Value, field: &str) -> Result<String, Reply> {
    let (org, fnr) = (&v[wire::ORGANISASJONSNUMMER], &v[wire::FOEDSELSNUMMER]);
    match (org.as_str(), fnr.as_str()) {
        (Some(o), _) => Ok(format!("org:{o}")),
        (None, Some(f)) => Ok(format!("fnr:{f}")),
        _ => Err(invalid(
            field,
            "needs an organisasjonsnummer or a foedselsnummer",
        )),
    }
}

/// A payment or invoice payment: its document, and what the ledger keeps beside it.
pub(super) struct Betaling {
    pub(super) kind: Kind,
    pub(super) doc: Value,
    pub(super) payee: String,
    /// Set by the test: the bank pays this instead of the expected amount.
    pub(super) settle_with: Option<Decimal>,
}

impl Betaling {
    pub(super) fn status(&self) -> Status {
        Status::from_wire(text(&self.doc["status"]))
    }

    pub(super) fn forfall(&self) -> NaiveDate {
        date(&self.doc[wire::FORFALLSDATO]).unwrap_or_default()
    }

    fn beloep(&self) -> Decimal {
        decimal(&self.doc[wire::BELOEP])
    }

    /// Ordered less deducted: what the bank should pay.
    fn expected(&self) -> Decimal {
        let trekk = self.doc["trekk"].as_array().into_iter().flatten();
        self.beloep() - trekk.map(|t| decimal(&t["beloep"])).sum::<Decimal>()
    }
}

/// A deduction: its document and its payee.
pub(super) struct Trekk {
    pub(super) doc: Value,
    pub(super) payee: String,
}

impl Trekk {
    /// Stops an active deduction; stopping a stopped one changes nothing.
    pub(super) fn stop(&mut self) -> Result<Value, Reply> {
        match text(&self.doc["status"]) {
            "aktiv" => {
                (self.doc["status"], self.doc["stoppet"]) = ("stoppet".into(), json!(Utc::now()))
            }
            "stoppet" => {}
            other => {
                let message = format!("a deduction in status {other} cannot be stopped");
                return Err(refuse(409, "InvalidState", &message, None));
            }
        }
        Ok(self.doc.clone())
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
    /// Gives a checked body its id and creation time.
    fn register(&mut self, prefix: &str, mut doc: Value) -> Value {
        self.next_id += 1;
        doc["id"] = json!(format!("{prefix}-{:06}", self.next_id));
        doc["opprettet"] = json!(Utc::now());
        doc
    }

    pub(super) fn find(&self, id: &str) -> Option<usize> {
        self.betalinger.iter().position(|b| b.doc["id"] == id)
    }

    fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| Utc::now().date_naive())
    }

    /// Registers a payment or invoice payment from its checked body, as `registrert`.
    pub(super) fn create_betaling(&mut self, kind: Kind, body: Value) -> Result<Value, Reply> {
        let (field, prefix) = match kind {
            Kind::Fakturautbetaling => (wire::LEVERANDOER, "FU"),
            _ => (wire::MOTTAKER, "UT"),
        };
        let payee = party(&body[field], field)?;
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
        let reference = &body[wire::EGEN_REFERANSE];
        let taken = |b: &Betaling| {
            b.kind == kind
                && b.doc[wire::EGEN_REFERANSE] == *reference
                && !matches!(b.status(), Status::Kansellert | Status::Avvist)
        };
        if !reference.is_null() && self.betalinger.iter().any(taken) {
            let (code, target) = ("DuplicateReference", Some(wire::EGEN_REFERANSE));
            return Err(refuse(
                409,
                code,
                "another active payment has this egenReferanse",
                target,
            ));
        }
        let mut doc = self.register(prefix, body);
        doc["status"] = json!(Status::Registrert);
        doc["statushistorikk"] =
            json!([{"status": Status::Registrert, "tidspunkt": doc["opprettet"]}]);
        doc["trekk"] = json!([]);
        let (entry, settle_with) = (doc.clone(), None);
        self.betalinger.push(Betaling {
            kind,
            doc: entry,
            payee,
            settle_with,
        });
        Ok(doc)
    }

    /// Registers a deduction from its checked body, as `aktiv`.
    pub(super) fn create_trekk(&mut self, body: Value) -> Result<Value, Reply> {
        let payee = party(&body[wire::MOTTAKER], wire::MOTTAKER)?;
        let mut doc = self.register("TR", body);
        doc["status"] = json!("aktiv");
        doc["gjenstaaendeBeloep"] = doc[wire::BELOEP].clone();
        let entry = doc.clone();
        self.trekk.push(Trekk { doc: entry, payee });
        Ok(doc)
    }

    /// Enters a status, and writes the receipt DFØ sends for it (with `extra` fields).
    fn enter(&mut self, i: usize, status: Status, extra: Value) {
        let (b, now, seq) = (&self.betalinger[i], Utc::now(), self.kvitteringer.len() + 1);
        let mut step = json!({"status": status, "tidspunkt": now});
        let receipt = match status {
            Status::Mottatt => Some(("mottaksretur", "ACTC")),
            Status::Avvist => Some(("avvisningsretur", "RJCT")),
            Status::Avregnet => Some(("avregningsretur", "ACSC")),
            _ => None,
        };
        if let Some((kind, statuskode)) = receipt {
            let mut k = json!({
                "id": format!("KV-{seq:06}"), "posisjon": format!("{seq:08}"), "type": kind,
                "betalingstype": b.kind, "betalingId": b.doc["id"], "tidspunkt": now,
                "egenReferanse": b.doc[wire::EGEN_REFERANSE], "statuskode": statuskode,
            });
            for (name, value) in extra.as_object().into_iter().flatten() {
                k[name] = value.clone();
                if name.starts_with("aarsak") {
                    step[name] = value.clone();
                }
            }
            self.kvitteringer.push(without_nulls(k));
        }
        let doc = &mut self.betalinger[i].doc;
        doc["status"] = json!(status);
        if let Some(history) = doc["statushistorikk"].as_array_mut() {
            history.push(step);
        }
    }

    /// Moves a payment one step: registrert → mottatt → avregnet.
    pub(super) fn advance(&mut self, i: usize) -> Option<Status> {
        match self.betalinger[i].status() {
            Status::Registrert => {
                self.enter(i, Status::Mottatt, json!({}));
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
        let b = &self.betalinger[i];
        let (forfall, mut rest) = (b.forfall(), b.beloep());
        let mut applied = Vec::new();
        for t in self
            .trekk
            .iter_mut()
            .filter(|t| t.payee == b.payee && t.doc["status"] == "aktiv")
        {
            let periode = &t.doc[wire::PERIODE];
            let til = date(&periode[wire::TIL_DATO]);
            let from = date(&periode[wire::FRA_DATO]).is_some_and(|fra| fra <= forfall);
            let in_period = from && til.is_none_or(|til| forfall <= til);
            let left = decimal(&t.doc["gjenstaaendeBeloep"]);
            let take = left.min(rest);
            if in_period && !take.is_zero() {
                rest -= take;
                t.doc["gjenstaaendeBeloep"] = json!(amount(left - take));
                if take == left {
                    t.doc["status"] = json!("fullfoert");
                }
                applied.push(json!({"trekkId": t.doc["id"], "beloep": amount(take)}));
            }
        }
        let dato = self.today().max(forfall);
        let b = &mut self.betalinger[i];
        b.doc["trekk"] = json!(applied);
        let paid = amount(b.settle_with.take().unwrap_or(b.expected()));
        (b.doc["avregnetDato"], b.doc["avregnetBeloep"]) = (json!(dato), json!(paid));
        let extra = json!({"beloep": paid, "avregnetDato": dato});
        self.enter(i, Status::Avregnet, extra);
    }

    /// Rejects a payment that is not final yet.
    pub(super) fn reject(&mut self, i: usize, aarsakskode: &str, aarsak: &str) -> bool {
        let open = self.betalinger[i].status().can_cancel();
        if open {
            let extra = json!({"aarsakskode": aarsakskode, "aarsak": aarsak});
            self.enter(i, Status::Avvist, extra);
        }
        open
    }

    /// Cancels a payment while it can be; cancelling a cancelled one changes nothing.
    pub(super) fn cancel(&mut self, i: usize) -> Result<Value, Reply> {
        match self.betalinger[i].status() {
            Status::Kansellert => {}
            s if s.can_cancel() => self.enter(i, Status::Kansellert, json!({})),
            s => {
                let message = format!("a payment in status {s} can no longer be cancelled");
                return Err(refuse(409, "InvalidState", &message, None));
            }
        }
        Ok(self.betalinger[i].doc.clone())
    }

    /// Reconciles the payments due from `fra` to `til`: counts and sums per status, and the
    /// payments that do not match (past due, rejected, settled with another amount).
    pub(super) fn avstemming(&self, fra: NaiveDate, til: NaiveDate) -> Value {
        let due = self
            .betalinger
            .iter()
            .filter(|b| (fra..=til).contains(&b.forfall()));
        let due: Vec<_> = due.collect();
        let sum =
            |of: &mut dyn Iterator<Item = &&Betaling>| -> Decimal { of.map(|b| b.beloep()).sum() };
        let per = ["registrert", "mottatt", "avvist", "avregnet", "kansellert"].map(|s| {
            let of: Vec<_> = due.iter().filter(|b| b.doc["status"] == s).collect();
            json!({"status": s, "antall": of.len(), "sum": amount(sum(&mut of.iter().copied()))})
        });
        let mut avvik = Vec::new();
        for b in &due {
            let settled = b.doc.get("avregnetBeloep").map(decimal);
            let (kind, beskrivelse) = match b.status() {
                Status::Registrert | Status::Mottatt if b.forfall() < self.today() => (
                    "ikkeAvregnet",
                    format!("due {} but not settled", b.forfall()),
                ),
                Status::Avvist => ("avvist", "rejected by the bank; nothing was paid".into()),
                Status::Avregnet if settled != Some(b.expected()) => {
                    let why = "settled amount differs from the ordered amount less deductions";
                    ("beloepsavvik", why.into())
                }
                _ => continue,
            };
            avvik.push(without_nulls(json!({
                "type": kind, "betalingstype": b.kind, "betalingId": b.doc["id"],
                "egenReferanse": b.doc[wire::EGEN_REFERANSE], "beskrivelse": beskrivelse,
                "forventetBeloep": amount(b.expected()), "avregnetBeloep": b.doc["avregnetBeloep"],
            })));
        }
        let open = |b: &&&Betaling| b.status() != Status::Kansellert;
        let settled = due
            .iter()
            .filter_map(|b| b.doc.get("avregnetBeloep").map(decimal));
        let trukket = due.iter().map(|b| b.beloep() - b.expected());
        json!({
            "periode": {"fraDato": fra, "tilDato": til}, "antall": due.len(), "avvik": avvik,
            "perStatus": per.into_iter().filter(|p| p["antall"] != 0).collect::<Vec<_>>(),
            "sumBestilt": amount(sum(&mut due.iter().filter(open))),
            "sumAvregnet": amount(settled.sum()),
            "sumTrukket": amount(trukket.sum()),
        })
    }
}
