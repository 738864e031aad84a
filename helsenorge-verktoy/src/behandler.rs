//! The Behandler service: which practitioner sent a tool to the citizen. Called by the tool with
//! the signed-in citizen's own token (Helsenorge "Innbygger OIDC"), not with a system token.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use hint_core::ident::{Fodselsnummer, HprNummer};
use hint_core::{AuthHeaders, AuthRequest, Credential, Error, ErrorKind, Result, Secret};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::client::VerktoyClient;
use crate::enums::BehandlerIdType;
use crate::routes::{self, query};
use crate::wire::list_items;

/// A citizen's access token from Helsenorge's OIDC provider, passed per call to
/// [`VerktoyClient::get_behandlere`]. Never shown in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct InnbyggerToken(Secret);

impl InnbyggerToken {
    /// Wraps a citizen's access token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        InnbyggerToken(Secret::new(token.into()))
    }

    /// The token. Use it only to put it on the wire.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for InnbyggerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InnbyggerToken(***)")
    }
}

/// The practitioner who sent a tool to the citizen.
///
/// `Id` is an HPR-nummer or a fødselsnummer (see [`Behandler::id_type`]); `Debug` shows an
/// HPR-nummer but never a fødselsnummer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Behandler {
    /// `Id`.
    #[serde(rename = "Id", alias = "id")]
    id: String,
    /// `IdType`: `HPR` or `FNR`.
    #[serde(rename = "IdType", alias = "idType", default)]
    id_type: Option<BehandlerIdType>,
    /// `Navn`: the practitioner's full name.
    #[serde(rename = "Navn", alias = "navn", default)]
    navn: Option<String>,
    /// Fields this version of the SDK does not model, kept as sent (never shown in `Debug`: the
    /// server may add personal data).
    #[serde(flatten)]
    extra: crate::ExtraFields,
}

impl fmt::Debug for Behandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Behandler");
        // The id is shown only when it is an HPR-nummer, by its label and by its form: the label
        // is the server's, and a fødselsnummer labelled HPR must not be shown.
        match self.id_type {
            Some(BehandlerIdType::Hpr) if self.hpr_nummer().is_some() => d.field("id", &self.id),
            _ => d.field("id", &"***"),
        };
        d.field("id_type", &self.id_type)
            .field("navn", &self.navn)
            .field("extra", &self.extra)
            .finish()
    }
}

impl Behandler {
    /// A practitioner known by HPR-nummer.
    pub fn med_hpr(hpr: &HprNummer, navn: impl Into<String>) -> Self {
        Behandler {
            id: hpr.as_str().to_owned(),
            id_type: Some(BehandlerIdType::Hpr),
            navn: Some(navn.into()),
            extra: crate::ExtraFields::default(),
        }
    }

    /// A practitioner known by fødselsnummer.
    pub fn med_fnr(fnr: &Fodselsnummer, navn: impl Into<String>) -> Self {
        Behandler {
            id: fnr.expose_digits().to_owned(),
            id_type: Some(BehandlerIdType::Fnr),
            navn: Some(navn.into()),
            extra: crate::ExtraFields::default(),
        }
    }

    /// `IdType`.
    pub fn id_type(&self) -> Option<&BehandlerIdType> {
        self.id_type.as_ref()
    }

    /// `Navn`.
    pub fn navn(&self) -> Option<&str> {
        self.navn.as_deref()
    }

    /// Fields this version of the SDK does not model, kept as sent.
    pub fn extra(&self) -> &crate::ExtraFields {
        &self.extra
    }

    /// The HPR-nummer, when `IdType` is `HPR` and the id is one.
    pub fn hpr_nummer(&self) -> Option<HprNummer> {
        match self.id_type {
            Some(BehandlerIdType::Hpr) => HprNummer::parse(&self.id).ok(),
            _ => None,
        }
    }

    /// The fødselsnummer, when `IdType` is `FNR` and the id is one.
    pub fn fodselsnummer(&self) -> Option<Fodselsnummer> {
        match self.id_type {
            Some(BehandlerIdType::Fnr) => Fodselsnummer::parse(&self.id).ok(),
            _ => None,
        }
    }

    /// The raw `Id` as the server sent it (may be a fødselsnummer: personal data).
    pub fn expose_id(&self) -> &str {
        &self.id
    }
}

tokio::task_local! {
    static CITIZEN_TOKEN: InnbyggerToken;
}

/// Authorizes Behandler calls with the citizen token of the call in progress.
#[derive(Debug)]
pub(crate) struct CitizenCredential;

#[async_trait]
impl Credential for CitizenCredential {
    async fn authorize(&self, _request: &AuthRequest<'_>) -> Result<AuthHeaders> {
        let token = CITIZEN_TOKEN.try_with(|t| t.clone()).map_err(|_| {
            Error::with_kind(
                ErrorKind::Auth,
                "the Behandler service needs the citizen's token",
            )
        })?;
        Ok(AuthHeaders {
            authorization: Secret::new(format!("Bearer {}", token.expose())),
            dpop: None,
        })
    }
}

pub(crate) fn citizen_credential() -> Arc<dyn Credential> {
    Arc::new(CitizenCredential)
}

impl VerktoyClient {
    /// Which practitioner(s) sent the tool to the signed-in citizen (`GET Behandler`), called with
    /// that citizen's token, not the client's own credentials. Errors to expect: `VER-000260`
    /// (the citizen added the tool without a practitioner), `VER-000261` (the tool is not linked
    /// to the citizen).
    ///
    /// The call goes through a second, credential-less pipeline to the same base URL, so the
    /// client's HelseID or STS token is never sent along with the citizen's.
    pub async fn get_behandlere(
        &self,
        verktoy_id: Uuid,
        token: &InnbyggerToken,
    ) -> Result<Vec<Behandler>> {
        if token.expose().trim().is_empty() {
            return Err(Error::invalid_input(
                "Authorization",
                "the citizen token must not be empty",
            ));
        }
        if token.expose().bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(Error::invalid_input(
                "Authorization",
                "the citizen token must be visible ASCII",
            ));
        }
        let op = routes::GET_BEHANDLERE
            .op()
            .query(query::VERKTOY_ID, verktoy_id);
        let citizen = self.citizen_core()?;
        let response = CITIZEN_TOKEN.scope(token.clone(), citizen.send(op)).await?;
        if response.is_empty() {
            return Ok(Vec::new());
        }
        let value: serde_json::Value = response.json()?;
        let items = match value {
            serde_json::Value::Object(ref map) if crate::wire::Obj(map).has("Id") => vec![value],
            other => list_items(other),
        };
        items
            .into_iter()
            .map(|item| response.decode_part(&item))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn debug_masks_fnr_but_shows_hpr() {
        let b: Behandler = serde_json::from_value(
            json!({"Id": "12877210047", "IdType": "FNR", "Navn": "Kari Lege"}),
        )
        .unwrap();
        assert!(!format!("{b:?}").contains("12877210047"));
        assert!(b.fodselsnummer().is_some());
        assert!(b.hpr_nummer().is_none());
        let h: Behandler = serde_json::from_value(
            json!({"id": "9144889", "idType": "HPR", "navn": "Ola Psykolog"}),
        )
        .unwrap();
        assert!(format!("{h:?}").contains("9144889"));
        assert_eq!(h.hpr_nummer().unwrap().as_str(), "9144889");
        let t = InnbyggerToken::new("eyJsecret");
        assert!(!format!("{t:?}").contains("eyJ"));
    }
}
