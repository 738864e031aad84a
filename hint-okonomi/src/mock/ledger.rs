//! The ledger: each entry kept as the wire document the service answers with. Bodies arrive
//! checked against the contract, so what is left here are the service's rules.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use hint_core::mock::wire::strip_nulls;
use hint_core::mock::{ErrorShape, Reply};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::Betalingsstatus as Status;
use crate::beloep::to_wire as amount;
use crate::routes::wire;

/// A refusal in the service's shape (Microsoft REST guidelines).
pub(super) fn refuse(status: u16, code: &str, message: &str, target: Option<&str>) -> Reply {
    ErrorShape::MicrosoftRest.error(status, code, message, target)
}

/// An amount or a date of a checked document.
fn decimal(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_default()
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| s.parse().ok())
}

/// What the service registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Utbetaling,
    Fakturautbetaling,
    Trekk,
}

impl Kind {
    /// The id prefix, the `betalingstype` receipts and reconciliation name it by, and the
    /// field that names the payee.
    pub(super) fn wire(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Utbetaling => ("UT", "utbetaling", wire::MOTTAKER),
            Kind::Fakturautbetaling => ("FU", "fakturautbetaling", wire::LEVERANDOER),
            Kind::Trekk => ("TR", "trekk", wire::MOTTAKER),
        }
    }
}

/// An entry: its wire document and its payee (`org:<nr>` or `fnr:<nr>`, what deductions and
/// filters match on).
pub(super) struct Entry {
    pub(super) kind: Kind,
    pub(super) doc: Value,
    pub(super) payee: String,
}

impl Entry {
    pub(super) fn status(&self) -> Status {
        Status::from_wire(self.doc["status"].as_str().unwrap_or_default())
    }

    pub(super) fn forfall(&self) -> Option<NaiveDate> {
        date(&self.doc[wire::FORFALLSDATO])
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

/// The ledger: everything the fake holds, entries oldest first, receipts in feed order.
#[derive(Default)]
pub(super) struct Ledger {
    pub(super) today: Option<NaiveDate>,
    pub(super) entries: Vec<Entry>,
    pub(super) kvitteringer: Vec<Value>,
    /// By entry: the amount a test makes the bank pay instead of the expected one.
    pub(super) settle_with: HashMap<usize, Decimal>,
}

impl Ledger {
    pub(super) fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        (self.entries.iter()).position(|e| e.kind == kind && e.doc["id"] == id)
    }

    fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| Utc::now().date_naive())
    }

    /// Registers a checked body: a payment or invoice payment as `registrert`, a deduction as
    /// `aktiv`, after the rules the contract cannot state.
    pub(super) fn create(&mut self, kind: Kind, mut doc: Value) -> Result<Value, Reply> {
        let invalid = |field, rule| Err(refuse(400, "ValidationFailed", rule, Some(field)));
        let (prefix, _, field) = kind.wire();
        let (party, konto) = (&doc[field], &doc[wire::KONTO]);
        let id = |name| party[name].as_str();
        let payee = match (id(wire::ORGANISASJONSNUMMER), id(wire::FOEDSELSNUMMER)) {
            (Some(o), _) => format!("org:{o}"),
            (_, Some(f)) => format!("fnr:{f}"),
            _ => return invalid(field, "needs an organisasjonsnummer or a foedselsnummer"),
        };
        let iban = !konto[wire::IBAN].is_null() && !konto[wire::BIC].is_null();
        if kind != Kind::Trekk && konto[wire::KONTONUMMER].is_null() && !iban {
            return invalid(wire::KONTO, "needs a kontonummer, or an iban with a bic");
        }
        if !doc[wire::KID].is_null() && !doc[wire::MELDING].is_null() {
            return invalid(wire::KID, "a payment carries a KID or a melding, not both");
        }
        let reference = &doc[wire::EGEN_REFERANSE];
        let holds = |e: &Entry| !matches!(e.status(), Status::Kansellert | Status::Avvist);
        let taken = |e: &&Entry| e.kind == kind && e.doc[wire::EGEN_REFERANSE] == *reference;
        if !reference.is_null() && self.entries.iter().filter(taken).any(holds) {
            let message = "another active payment has this egenReferanse";
            let target = Some(wire::EGEN_REFERANSE);
            return Err(refuse(409, "DuplicateReference", message, target));
        }
        let now = json!(Utc::now());
        // Ids count the entries (nothing is ever removed).
        doc["id"] = json!(format!("{prefix}-{:06}", self.entries.len() + 1));
        doc["opprettet"] = now.clone();
        if kind == Kind::Trekk {
            doc["status"] = json!("aktiv");
            doc["gjenstaaendeBeloep"] = doc[wire::BELOEP].clone();
        } else {
            doc["status"] = json!(Status::Registrert);
            doc["statushistorikk"] = json!([{"status": Status::Registrert, "tidspunkt": now}]);
            doc["trekk"] = json!([]);
        }
        let created = doc.clone();
        self.entries.push(Entry { kind, doc, payee });
        Ok(created)
    }

    /// Enters a status, and writes the receipt DFØ sends for it (with `extra` fields).
    fn enter(&mut self, i: usize, status: Status, extra: Value) {
        let (e, now, seq) = (&self.entries[i], Utc::now(), self.kvitteringer.len() + 1);
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
                "betalingstype": e.kind.wire().1, "betalingId": e.doc["id"], "tidspunkt": now,
                "egenReferanse": e.doc[wire::EGEN_REFERANSE], "statuskode": statuskode,
            });
            for (name, value) in extra.as_object().into_iter().flatten() {
                k[name] = value.clone();
                if name.starts_with("aarsak") {
                    step[name] = value.clone();
                }
            }
            self.kvitteringer.push(strip_nulls(k));
        }
        let doc = &mut self.entries[i].doc;
        doc["status"] = json!(status);
        if let Some(history) = doc["statushistorikk"].as_array_mut() {
            history.push(step);
        }
    }

    /// Moves a payment one step: registrert → mottatt → avregnet.
    pub(super) fn advance(&mut self, i: usize) -> Option<Status> {
        match self.entries[i].status() {
            Status::Registrert => self.enter(i, Status::Mottatt, json!({})),
            Status::Mottatt => self.settle(i),
            _ => return None,
        }
        Some(self.entries[i].status())
    }

    /// Settles a payment: the payee's active deductions in their period take what they can,
    /// the bank pays the rest (or what the test set), and an avregningsretur is written.
    fn settle(&mut self, i: usize) {
        let e = &self.entries[i];
        let (payee, forfall, mut rest) = (e.payee.clone(), e.forfall(), e.beloep());
        let mut applied = Vec::new();
        for t in self.entries.iter_mut().filter(|t| t.kind == Kind::Trekk) {
            let periode = &t.doc[wire::PERIODE];
            // Open-ended when it has no last day. (Option orders `None` first; `fraDato` is
            // required, so the range starts at a date.)
            let til = date(&periode[wire::TIL_DATO]).or(forfall);
            let in_period = (date(&periode[wire::FRA_DATO])..=til).contains(&forfall);
            let left = decimal(&t.doc["gjenstaaendeBeloep"]);
            let take = left.min(rest);
            if t.payee != payee || t.doc["status"] != "aktiv" || !in_period || take.is_zero() {
                continue;
            }
            rest -= take;
            t.doc["gjenstaaendeBeloep"] = json!(amount(left - take));
            if take == left {
                t.doc["status"] = json!("fullfoert");
            }
            applied.push(json!({"trekkId": t.doc["id"], "beloep": amount(take)}));
        }
        let dato = forfall.map_or(self.today(), |f| f.max(self.today()));
        let e = &mut self.entries[i];
        e.doc["trekk"] = json!(applied);
        let paid = json!(amount(self.settle_with.remove(&i).unwrap_or(e.expected())));
        (e.doc["avregnetDato"], e.doc["avregnetBeloep"]) = (json!(dato), paid.clone());
        let extra = json!({"beloep": paid, "avregnetDato": dato});
        self.enter(i, Status::Avregnet, extra);
    }

    /// Rejects a payment that is not final yet.
    pub(super) fn reject(&mut self, i: usize, aarsakskode: &str, aarsak: &str) -> bool {
        let open = self.entries[i].status().can_cancel();
        if open {
            let extra = json!({"aarsakskode": aarsakskode, "aarsak": aarsak});
            self.enter(i, Status::Avvist, extra);
        }
        open
    }

    /// Cancels a payment, or stops a deduction, while it can be; doing it again changes
    /// nothing.
    pub(super) fn cancel(&mut self, i: usize) -> Result<Value, Reply> {
        let trekk = self.entries[i].kind == Kind::Trekk;
        let status = self.entries[i].doc["status"].as_str().unwrap_or_default();
        match (trekk, status) {
            (true, "stoppet") | (false, "kansellert") => {}
            (true, "aktiv") => {
                let doc = &mut self.entries[i].doc;
                (doc["status"], doc["stoppet"]) = (json!("stoppet"), json!(Utc::now()));
            }
            (false, _) if self.entries[i].status().can_cancel() => {
                self.enter(i, Status::Kansellert, json!({}));
            }
            _ => {
                let why = format!("in status {status} it can no longer be cancelled or stopped");
                return Err(refuse(409, "InvalidState", &why, None));
            }
        }
        Ok(self.entries[i].doc.clone())
    }

    /// Reconciles the payments due from `fra` to `til`: counts and sums per status, and the
    /// payments that do not match (past due, rejected, settled with another amount).
    pub(super) fn avstemming(&self, fra: NaiveDate, til: NaiveDate) -> Value {
        let due = |e: &&Entry| e.forfall().is_some_and(|f| (fra..=til).contains(&f));
        let due: Vec<&Entry> = self.entries.iter().filter(due).collect();
        let count = |keep: &dyn Fn(&Entry) -> bool| due.iter().filter(|e| keep(e)).count();
        let sum = |keep: &dyn Fn(&Entry) -> bool| {
            amount(due.iter().filter(|e| keep(e)).map(|e| e.beloep()).sum())
        };
        let per = ["registrert", "mottatt", "avvist", "avregnet", "kansellert"].map(|s| {
            let of = |e: &Entry| e.doc["status"] == s;
            json!({"status": s, "antall": count(&of), "sum": sum(&of)})
        });
        let mut avvik = Vec::new();
        for e in &due {
            let settled = e.doc.get("avregnetBeloep").map(decimal);
            let (kind, beskrivelse) = match e.status() {
                Status::Registrert | Status::Mottatt if e.forfall() < Some(self.today()) => {
                    let due = e.doc[wire::FORFALLSDATO].as_str().unwrap_or_default();
                    ("ikkeAvregnet", format!("due {due} but not settled"))
                }
                Status::Avvist => ("avvist", "rejected by the bank; nothing was paid".into()),
                Status::Avregnet if settled != Some(e.expected()) => {
                    let why = "settled amount differs from the ordered amount less deductions";
                    ("beloepsavvik", why.into())
                }
                _ => continue,
            };
            avvik.push(strip_nulls(json!({
                "type": kind, "betalingstype": e.kind.wire().1, "betalingId": e.doc["id"],
                "egenReferanse": e.doc[wire::EGEN_REFERANSE], "beskrivelse": beskrivelse,
                "forventetBeloep": amount(e.expected()), "avregnetBeloep": e.doc["avregnetBeloep"],
            })));
        }
        let settled = due.iter().map(|e| e.doc.get("avregnetBeloep").map(decimal));
        let trukket = due.iter().map(|e| e.beloep() - e.expected());
        json!({
            "periode": {"fraDato": fra, "tilDato": til}, "antall": due.len(), "avvik": avvik,
            "perStatus": per.into_iter().filter(|p| p["antall"] != 0).collect::<Vec<_>>(),
            "sumBestilt": sum(&|e| e.status() != Status::Kansellert),
            "sumAvregnet": amount(settled.flatten().sum()),
            "sumTrukket": amount(trukket.sum()),
        })
    }
}
