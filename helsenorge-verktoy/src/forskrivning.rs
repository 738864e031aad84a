//! Prescribing (sending) a tool to a citizen: `POST Verktoy`.

use std::fmt;

use chrono::NaiveDate;
use hint_core::ident::{Fodselsnummer, HprNummer};
use hint_core::{Error, ErrorKind, Operation, Result};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::client::VerktoyClient;
use crate::error::ErrorCode;
use crate::routes;

/// The longest `Melding` the API takes, in characters.
pub const MAX_MELDING_CHARS: usize = 1500;

/// Who prescribes: by HPR-nummer (`BehandlerHprNr`) when the system knows it, otherwise by
/// fødselsnummer (`BehandlerFnr`).
#[derive(Clone, PartialEq, Eq)]
pub enum ForskrivendeBehandler {
    /// `BehandlerHprNr`.
    Hpr(HprNummer),
    /// `BehandlerFnr`.
    Fnr(Fodselsnummer),
}

impl fmt::Debug for ForskrivendeBehandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForskrivendeBehandler::Hpr(hpr) => f.debug_tuple("Hpr").field(hpr).finish(),
            ForskrivendeBehandler::Fnr(fnr) => f.debug_tuple("Fnr").field(fnr).finish(),
        }
    }
}

/// A prescription: which tool, to whom, from whom, by when, with what message.
///
/// Built with [`NyForskrivning::builder`], which checks everything the API's documentation states
/// before anything is sent: a valid fødselsnummer (`InnbyggerFnr`, `BehandlerFnr`), a valid
/// HPR-nummer, exactly one of `BehandlerHprNr` and `BehandlerFnr`, a `Melding` of at most 1,500
/// characters. It serializes to exactly the API's documented body: the fields in the documented
/// order, `FristDato` as a date (`2024-09-11`), optional fields left out when not set.
///
/// `Debug` never shows the fødselsnummer.
///
/// ```
/// use chrono::NaiveDate;
/// use helsenorge_verktoy::NyForskrivning;
///
/// let forskrivning = NyForskrivning::builder("68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba".parse()?)
///     .innbygger_fnr("31129956715")
///     .behandler_hpr_nr("9144889")
///     .frist_dato(NaiveDate::from_ymd_opt(2024, 9, 11).unwrap())
///     .melding("Spesifikk info om å ta i bruk verktøyet.")
///     .build()?;
/// assert!(!format!("{forskrivning:?}").contains("31129956715"));
///
/// let neither = NyForskrivning::builder(uuid::Uuid::nil()).innbygger_fnr("31129956715").build();
/// assert_eq!(neither.unwrap_err().field(), Some("BehandlerHprNr/BehandlerFnr"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct NyForskrivning {
    verktoy_id: Uuid,
    innbygger: Fodselsnummer,
    behandler: ForskrivendeBehandler,
    frist_dato: Option<NaiveDate>,
    melding: Option<String>,
    idempotency_key: Option<String>,
    retry_if_unsure: bool,
}

impl fmt::Debug for NyForskrivning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NyForskrivning")
            .field("verktoy_id", &self.verktoy_id)
            .field("innbygger", &self.innbygger)
            .field("behandler", &self.behandler)
            .field("frist_dato", &self.frist_dato)
            .field(
                "melding_chars",
                &self.melding.as_ref().map(|m| m.chars().count()),
            )
            .finish()
    }
}

impl NyForskrivning {
    /// Starts a prescription of the tool with this id (`VerktoyId`).
    pub fn builder(verktoy_id: Uuid) -> NyForskrivningBuilder {
        NyForskrivningBuilder {
            verktoy_id,
            innbygger: None,
            behandler_hpr: None,
            behandler_fnr: None,
            frist_dato: None,
            melding: None,
            idempotency_key: None,
            retry_if_unsure: false,
        }
    }

    /// `VerktoyId`.
    pub fn verktoy_id(&self) -> Uuid {
        self.verktoy_id
    }

    /// `InnbyggerFnr`.
    pub fn innbygger(&self) -> &Fodselsnummer {
        &self.innbygger
    }

    /// `BehandlerHprNr` or `BehandlerFnr`.
    pub fn behandler(&self) -> &ForskrivendeBehandler {
        &self.behandler
    }

    /// `FristDato`: when the task is due. The server sets two weeks ahead when it is not given,
    /// and the citizen can still do it for three months after.
    pub fn frist_dato(&self) -> Option<NaiveDate> {
        self.frist_dato
    }

    /// `Melding`: a message shown to the citizen.
    pub fn melding(&self) -> Option<&str> {
        self.melding.as_deref()
    }

    /// Whether the caller opted in to sending the prescription again after a try that may have
    /// reached the service ([`NyForskrivningBuilder::retry_if_unsure`]).
    pub fn retries_if_unsure(&self) -> bool {
        self.retry_if_unsure
    }
}

#[derive(Serialize)]
struct ForskrivningWire<'a> {
    #[serde(rename = "VerktoyId")]
    verktoy_id: &'a Uuid,
    #[serde(rename = "InnbyggerFnr")]
    innbygger_fnr: &'a str,
    #[serde(rename = "BehandlerHprNr", skip_serializing_if = "Option::is_none")]
    behandler_hpr_nr: Option<&'a str>,
    #[serde(rename = "BehandlerFnr", skip_serializing_if = "Option::is_none")]
    behandler_fnr: Option<&'a str>,
    #[serde(rename = "FristDato", skip_serializing_if = "Option::is_none")]
    frist_dato: Option<String>,
    #[serde(rename = "Melding", skip_serializing_if = "Option::is_none")]
    melding: Option<&'a str>,
}

impl Serialize for NyForskrivning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (hpr, fnr) = match &self.behandler {
            ForskrivendeBehandler::Hpr(hpr) => (Some(hpr.as_str()), None),
            ForskrivendeBehandler::Fnr(fnr) => (None, Some(fnr.expose_digits())),
        };
        ForskrivningWire {
            verktoy_id: &self.verktoy_id,
            innbygger_fnr: self.innbygger.expose_digits(),
            behandler_hpr_nr: hpr,
            behandler_fnr: fnr,
            frist_dato: self.frist_dato.map(|d| d.format("%Y-%m-%d").to_string()),
            melding: self.melding.as_deref(),
        }
        .serialize(s)
    }
}

/// Builds a [`NyForskrivning`]; [`NyForskrivningBuilder::build`] checks it.
#[derive(Clone)]
pub struct NyForskrivningBuilder {
    verktoy_id: Uuid,
    innbygger: Option<std::result::Result<Fodselsnummer, String>>,
    behandler_hpr: Option<std::result::Result<HprNummer, String>>,
    behandler_fnr: Option<std::result::Result<Fodselsnummer, String>>,
    frist_dato: Option<NaiveDate>,
    melding: Option<String>,
    idempotency_key: Option<String>,
    retry_if_unsure: bool,
}

impl fmt::Debug for NyForskrivningBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NyForskrivningBuilder")
            .field("verktoy_id", &self.verktoy_id)
            .finish_non_exhaustive()
    }
}

impl NyForskrivningBuilder {
    /// `InnbyggerFnr` as digits (checked in [`build`](Self::build)).
    pub fn innbygger_fnr(mut self, fnr: &str) -> Self {
        self.innbygger = Some(Fodselsnummer::parse(fnr).map_err(|e| e.to_string()));
        self
    }

    /// `InnbyggerFnr`, already parsed.
    pub fn innbygger(mut self, fnr: Fodselsnummer) -> Self {
        self.innbygger = Some(Ok(fnr));
        self
    }

    /// `BehandlerHprNr` as digits (checked in [`build`](Self::build)).
    pub fn behandler_hpr_nr(mut self, hpr: &str) -> Self {
        self.behandler_hpr = Some(HprNummer::parse(hpr).map_err(|e| e.to_string()));
        self
    }

    /// `BehandlerHprNr`, already parsed.
    pub fn behandler_hpr(mut self, hpr: HprNummer) -> Self {
        self.behandler_hpr = Some(Ok(hpr));
        self
    }

    /// `BehandlerFnr` as digits (checked in [`build`](Self::build)); for when the HPR-nummer is
    /// not known.
    pub fn behandler_fnr(mut self, fnr: &str) -> Self {
        self.behandler_fnr = Some(Fodselsnummer::parse(fnr).map_err(|e| e.to_string()));
        self
    }

    /// `BehandlerFnr`, already parsed.
    pub fn behandler(mut self, behandler: ForskrivendeBehandler) -> Self {
        match behandler {
            ForskrivendeBehandler::Hpr(hpr) => self.behandler_hpr = Some(Ok(hpr)),
            ForskrivendeBehandler::Fnr(fnr) => self.behandler_fnr = Some(Ok(fnr)),
        }
        self
    }

    /// `FristDato` (a date; the API ignores any time of day).
    pub fn frist_dato(mut self, date: NaiveDate) -> Self {
        self.frist_dato = Some(date);
        self
    }

    /// `Melding`: at most 1,500 characters, shown to the citizen with the standard text.
    pub fn melding(mut self, melding: impl Into<String>) -> Self {
        self.melding = Some(melding.into());
        self
    }

    /// Opts in to sending the prescription again when a try may have reached the service but
    /// got no clear answer (a lost connection, a timeout, a 5xx), with one `Idempotency-Key` on
    /// every try.
    ///
    /// Off by default: Helsenorge does not document that it honours `Idempotency-Key`, and a
    /// service that ignores it prescribes on the first try and answers the second with
    /// `VER-000218` (already prescribed by the same practitioner). Without this, a prescription
    /// is sent again only when the connection failed before anything was sent, and a lost
    /// answer comes back as an error that says the server may have acted on the request. With it, a
    /// `VER-000218` met by a repeated try is reported as such: the first try may have succeeded.
    pub fn retry_if_unsure(mut self) -> Self {
        self.retry_if_unsure = true;
        self
    }

    /// Your own idempotency key for the tries of this prescription; opts in as
    /// [`retry_if_unsure`](Self::retry_if_unsure) does (by default the SDK makes a key per call).
    /// Reuse it when your process retries the same prescription after a crash.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self.retry_if_unsure = true;
        self
    }

    /// Checks the prescription. Errors name the wire field and the rule.
    pub fn build(self) -> Result<NyForskrivning> {
        let innbygger = match self.innbygger {
            None => return Err(Error::invalid_input("InnbyggerFnr", "is required")),
            Some(Err(e)) => {
                return Err(Error::invalid_input(
                    "InnbyggerFnr",
                    format!("is not a valid fødselsnummer ({e})"),
                ));
            }
            Some(Ok(fnr)) => fnr,
        };
        let behandler = match (self.behandler_hpr, self.behandler_fnr) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_input(
                    "BehandlerHprNr/BehandlerFnr",
                    "give exactly one, not both",
                ));
            }
            (None, None) => {
                return Err(Error::invalid_input(
                    "BehandlerHprNr/BehandlerFnr",
                    "give exactly one; neither was given",
                ));
            }
            (Some(Err(e)), None) => {
                return Err(Error::invalid_input(
                    "BehandlerHprNr",
                    format!("is not a valid HPR-nummer ({e})"),
                ));
            }
            (None, Some(Err(e))) => {
                return Err(Error::invalid_input(
                    "BehandlerFnr",
                    format!("is not a valid fødselsnummer ({e})"),
                ));
            }
            (Some(Ok(hpr)), None) => ForskrivendeBehandler::Hpr(hpr),
            (None, Some(Ok(fnr))) => ForskrivendeBehandler::Fnr(fnr),
        };
        let melding = match self.melding {
            Some(m) if m.trim().is_empty() => None,
            Some(m) => {
                let chars = m.chars().count();
                if chars > MAX_MELDING_CHARS {
                    return Err(Error::invalid_input(
                        "Melding",
                        format!("must be at most {MAX_MELDING_CHARS} characters, was {chars}"),
                    ));
                }
                Some(m)
            }
            None => None,
        };
        if let Some(key) = &self.idempotency_key
            && (key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(Error::invalid_input(
                "idempotency_key",
                "must be visible ASCII, not empty",
            ));
        }
        Ok(NyForskrivning {
            verktoy_id: self.verktoy_id,
            innbygger,
            behandler,
            frist_dato: self.frist_dato,
            melding,
            idempotency_key: self.idempotency_key,
            retry_if_unsure: self.retry_if_unsure,
        })
    }
}

/// The answer to a prescription. `PseudoId` is only used by older integrations and is now an
/// empty string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ForskrivningKvittering {
    /// `PseudoId` (empty in current versions of the API).
    #[serde(rename = "PseudoId", alias = "pseudoId", default)]
    pub pseudo_id: Option<String>,
    /// Fields this version of the SDK does not model, kept as sent.
    #[serde(flatten)]
    pub extra: crate::ExtraFields,
}

impl VerktoyClient {
    /// Prescribes (sends) a tool to a citizen (`POST Verktoy`, scope `verktoysendtilinnbygger`).
    /// The citizen gets a task with a deadline on Helsenorge.
    ///
    /// **Sent once.** Helsenorge does not document an idempotency key, so by default a
    /// prescription is sent again only when the connection failed before anything was sent. A
    /// try that may have reached the service (a lost answer, a timeout, a 5xx) ends the call with
    /// that error (`kind()` `Transport` or `Timeout`: the prescription may have been made; look
    /// before you send it again). [`NyForskrivningBuilder::retry_if_unsure`] opts in to trying
    /// again with one `Idempotency-Key` on every try, up to [`FORSKRIVNING_TRIES_IF_UNSURE`] tries;
    /// a `VER-000218` met by such a repeated try says that the first try may have succeeded.
    ///
    /// Errors to expect: `VER-000228` (the citizen is not digitally active), `VER-000218`
    /// (already prescribed by the same practitioner), `VER-000207` (no tool with that id),
    /// `PVF-000239` (unknown HPR-nummer); see [`crate::ErrorCode`].
    pub async fn create_forskrivning(
        &self,
        forskrivning: &NyForskrivning,
    ) -> Result<ForskrivningKvittering> {
        let op = routes::CREATE_FORSKRIVNING
            .op()
            .json(forskrivning)?
            .scopes(self.scopes().send_til_innbygger());
        if !forskrivning.retry_if_unsure {
            // No idempotency key: hint-core repeats a POST only when nothing was sent.
            return self.send_forskrivning(op).await;
        }
        // The key goes on as a plain header, so hint-core does not repeat the POST itself: the
        // tries are made here, where a repeated try is known and its answer can say so.
        let key = forskrivning
            .idempotency_key
            .clone()
            .unwrap_or_else(hint_core::new_idempotency_key);
        let op = op.header("Idempotency-Key", &key)?;
        let mut tries = 1;
        loop {
            match self.send_forskrivning(op.clone()).await {
                Err(e)
                    if tries > 1
                        && e.code_as::<ErrorCode>()
                            == Some(ErrorCode::AlleredeForskrevetAvSammeBehandler) =>
                {
                    return Err(already_prescribed_by_an_earlier_try(&e, tries));
                }
                Err(e) if tries < FORSKRIVNING_TRIES_IF_UNSURE && may_have_been_sent(&e) => {
                    tokio::time::sleep(UNSURE_BACKOFF * 2u32.pow(tries - 1)).await;
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_forskrivning(&self, op: Operation) -> Result<ForskrivningKvittering> {
        let response = self.core().send(op).await?;
        if response.is_empty() {
            return Ok(ForskrivningKvittering::default());
        }
        response.json()
    }
}

/// How many tries [`VerktoyClient::create_forskrivning`] makes of one prescription when the caller opted in
/// with [`NyForskrivningBuilder::retry_if_unsure`].
pub const FORSKRIVNING_TRIES_IF_UNSURE: u32 = 3;

/// The wait before the second try of an opted-in prescription (doubled before the third).
const UNSURE_BACKOFF: std::time::Duration = std::time::Duration::from_millis(200);

/// A try that ended this way may have reached the service. (A failed connection sent nothing,
/// and hint-core has already tried it again.)
fn may_have_been_sent(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Timeout | ErrorKind::Transport => true,
        ErrorKind::Service => e.is_retryable(),
        _ => false,
    }
}

/// `VER-000218` on a repeated try: the tool was already prescribed by this practitioner, very
/// likely by this call's own first try, whose answer was lost.
fn already_prescribed_by_an_earlier_try(e: &Error, tries: u32) -> Error {
    let message = format!(
        "{} — answered on try {tries} of this prescription, after an earlier try got no clear          answer: that earlier try may have succeeded, so the tool may already be prescribed by          this call (the service does not honour Idempotency-Key)",
        e.message().trim_end_matches('.')
    );
    Error::service(e.status().unwrap_or(400), e.code(), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Synthetic (Tenor, month + 80) numbers that pass both control digits.
    const INNBYGGER: &str = "05896310056";
    const BEHANDLER_FNR: &str = "12877210047";

    fn id() -> Uuid {
        "68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba".parse().unwrap()
    }

    #[test]
    fn synthetic_numbers_are_valid() {
        for n in [INNBYGGER, BEHANDLER_FNR] {
            let fnr = Fodselsnummer::parse(n).unwrap();
            assert!(fnr.is_synthetic(), "{n}");
        }
    }

    #[test]
    fn body_has_exactly_the_seed_shape_with_hpr() {
        let f = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_hpr_nr("1234567")
            .frist_dato(NaiveDate::from_ymd_opt(2024, 9, 11).unwrap())
            .melding("Spesifikk info om å ta i bruk verktøyet.")
            .build()
            .unwrap();
        let text = serde_json::to_string(&f).unwrap();
        assert_eq!(
            text,
            format!(
                r#"{{"VerktoyId":"68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba","InnbyggerFnr":"{INNBYGGER}","BehandlerHprNr":"1234567","FristDato":"2024-09-11","Melding":"Spesifikk info om å ta i bruk verktøyet."}}"#
            )
        );
    }

    #[test]
    fn body_has_exactly_the_seed_shape_with_fnr() {
        let f = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_fnr(BEHANDLER_FNR)
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"VerktoyId": "68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba", "InnbyggerFnr": INNBYGGER, "BehandlerFnr": BEHANDLER_FNR})
        );
    }

    #[test]
    fn the_seeds_own_numbers_are_refused() {
        // 0506634187 has ten digits; 12067231456 fails mod 11.
        let err = NyForskrivning::builder(id())
            .innbygger_fnr("0506634187")
            .behandler_hpr_nr("1234567")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), Some("InnbyggerFnr"));
        assert!(!err.to_string().contains("0506634187"));
        let err = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_fnr("12067231456")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), Some("BehandlerFnr"));
        assert!(!err.to_string().contains("12067231456"));
    }

    #[test]
    fn exactly_one_practitioner_and_message_length() {
        let both = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_hpr_nr("1234567")
            .behandler_fnr(BEHANDLER_FNR)
            .build();
        assert!(both.unwrap_err().to_string().contains("not both"));
        let ok = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_hpr_nr("1234567")
            .melding("ø".repeat(1500))
            .build();
        assert!(ok.is_ok());
        let long = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_hpr_nr("1234567")
            .melding("a".repeat(1501))
            .build();
        assert_eq!(long.unwrap_err().field(), Some("Melding"));
        assert_eq!(
            NyForskrivning::builder(id())
                .behandler_hpr_nr("1234567")
                .build()
                .unwrap_err()
                .field(),
            Some("InnbyggerFnr")
        );
    }

    #[test]
    fn debug_masks_personal_numbers() {
        let f = NyForskrivning::builder(id())
            .innbygger_fnr(INNBYGGER)
            .behandler_fnr(BEHANDLER_FNR)
            .melding("hemmelig")
            .build()
            .unwrap();
        let debug = format!("{f:?}");
        assert!(
            !debug.contains(INNBYGGER)
                && !debug.contains(BEHANDLER_FNR)
                && !debug.contains("hemmelig"),
            "{debug}"
        );
    }
}
