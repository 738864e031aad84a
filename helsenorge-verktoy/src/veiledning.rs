//! Guidance services (veiledningstjenester): `PUT Veiledningstjeneste/{id}`.

use chrono::NaiveTime;
use hint_core::{Error, Result, Url};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::client::VerktoyClient;
use crate::enums::Ukedag;
use crate::routes;

/// New metadata for a guidance service: phone, web address and opening hours.
///
/// ```
/// use chrono::NaiveTime;
/// use helsenorge_verktoy::{Apningstid, Ukedag, Veiledningstjeneste};
/// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
/// let update = Veiledningstjeneste::new()
///     .telefon("+47 800 12 345")
///     .url("https://veiledning.example.no/")
///     .apningstid(Apningstid::mellom(Ukedag::Mandag, t(8), t(16)))
///     .apningstid(Apningstid::hele_dagen(Ukedag::Lordag));
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Veiledningstjeneste {
    /// `Telefon`: the service's phone number.
    #[serde(
        rename = "Telefon",
        alias = "telefon",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub telefon: Option<String>,
    /// `Url`: the service's web address.
    #[serde(
        rename = "Url",
        alias = "url",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    /// `Apningstider`: opening hours.
    #[serde(rename = "Apningstider", alias = "apningstider", default)]
    pub apningstider: Vec<Apningstid>,
}

impl Veiledningstjeneste {
    /// Empty metadata; add what to set.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Telefon`.
    pub fn telefon(mut self, telefon: impl Into<String>) -> Self {
        self.telefon = Some(telefon.into());
        self
    }

    /// `Url` (an absolute `https://` or `http://` address).
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Adds an opening-hours entry.
    pub fn apningstid(mut self, apningstid: Apningstid) -> Self {
        self.apningstider.push(apningstid);
        self
    }

    /// Checks the metadata; errors name the wire field.
    pub fn validate(&self) -> Result<()> {
        if let Some(telefon) = &self.telefon {
            let digits = telefon.chars().filter(char::is_ascii_digit).count();
            let allowed = telefon
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c));
            if !allowed || !(3..=15).contains(&digits) {
                return Err(Error::invalid_input(
                    "Telefon",
                    "must be a phone number: 3 to 15 digits, optionally with +, spaces, dashes, parentheses",
                ));
            }
        }
        if let Some(url) = &self.url {
            match Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => {}
                _ => {
                    return Err(Error::invalid_input(
                        "Url",
                        "must be an absolute https:// or http:// address",
                    ));
                }
            }
        }
        for (i, a) in self.apningstider.iter().enumerate() {
            if a.dag.id().is_none() {
                return Err(Error::invalid_input(
                    format!("Apningstider[{i}].Dag"),
                    "must be a weekday Monday to Sunday",
                ));
            }
            if let (Some(fra), Some(til)) = (a.fra_kl, a.til_kl)
                && fra >= til
            {
                return Err(Error::invalid_input(
                    format!("Apningstider[{i}].FraKl"),
                    "must be before TilKl",
                ));
            }
            if a.apen_hele_dagen != Some(true) && (a.fra_kl.is_none() || a.til_kl.is_none()) {
                return Err(Error::invalid_input(
                    format!("Apningstider[{i}]"),
                    "needs FraKl and TilKl unless ApenHeleDagen is true",
                ));
            }
        }
        Ok(())
    }
}

/// Opening hours for one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Apningstid {
    /// `Dag`.
    #[serde(rename = "Dag", alias = "dag")]
    pub dag: Ukedag,
    /// `FraKl`: opens at (a .NET `TimeSpan`, written `08:00:00`).
    #[serde(rename = "FraKl", alias = "fraKl", with = "timespan", default)]
    pub fra_kl: Option<NaiveTime>,
    /// `TilKl`: closes at.
    #[serde(rename = "TilKl", alias = "tilKl", with = "timespan", default)]
    pub til_kl: Option<NaiveTime>,
    /// `ApenHeleDagen`: open all day.
    #[serde(rename = "ApenHeleDagen", alias = "apenHeleDagen", default)]
    pub apen_hele_dagen: Option<bool>,
}

impl Apningstid {
    /// Open from `fra` to `til` on `dag`.
    pub fn mellom(dag: Ukedag, fra: NaiveTime, til: NaiveTime) -> Self {
        Apningstid {
            dag,
            fra_kl: Some(fra),
            til_kl: Some(til),
            apen_hele_dagen: Some(false),
        }
    }

    /// Open all day on `dag`.
    pub fn hele_dagen(dag: Ukedag) -> Self {
        Apningstid {
            dag,
            fra_kl: None,
            til_kl: None,
            apen_hele_dagen: Some(true),
        }
    }
}

/// .NET `TimeSpan` as `HH:MM:SS` (reads `HH:MM` and fractions too).
mod timespan {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Option<NaiveTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => s.serialize_str(&t.format("%H:%M:%S").to_string()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveTime>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        Ok(text.and_then(|t| {
            let t = t.trim();
            NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                .ok()
        }))
    }
}

#[derive(Serialize)]
struct VeiledningstjenesteWire<'a> {
    #[serde(rename = "Id")]
    id: &'a Uuid,
    #[serde(flatten)]
    data: &'a Veiledningstjeneste,
}

impl VerktoyClient {
    /// Updates a guidance service's metadata (`PUT Veiledningstjeneste/{id}`, scope
    /// `verktoyadminveiledning`). The id in the path decides; the body's `Id` is the same.
    pub async fn update_veiledningstjeneste(
        &self,
        id: Uuid,
        data: &Veiledningstjeneste,
    ) -> Result<()> {
        data.validate()?;
        let op = routes::UPDATE_VEILEDNINGSTJENESTE
            .op()
            .path_param("id", id)
            .json(&VeiledningstjenesteWire { id: &id, data })?
            .scopes(self.scopes().admin_veiledning());
        self.core().send(op).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn wire_shape() {
        let id = Uuid::nil();
        let v = Veiledningstjeneste::new()
            .telefon("800 12 345")
            .url("https://x.no/")
            .apningstid(Apningstid::mellom(Ukedag::Mandag, t(8, 0), t(15, 30)))
            .apningstid(Apningstid::hele_dagen(Ukedag::Sondag));
        let wire = serde_json::to_value(VeiledningstjenesteWire { id: &id, data: &v }).unwrap();
        assert_eq!(
            wire,
            json!({"Id": id, "Telefon": "800 12 345", "Url": "https://x.no/", "Apningstider": [
                {"Dag": 1, "FraKl": "08:00:00", "TilKl": "15:30:00", "ApenHeleDagen": false},
                {"Dag": 7, "FraKl": null, "TilKl": null, "ApenHeleDagen": true}
            ]})
        );
        let back: Veiledningstjeneste = serde_json::from_value(wire).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn validation() {
        assert!(Veiledningstjeneste::new().validate().is_ok());
        assert_eq!(
            Veiledningstjeneste::new()
                .url("ftp://x")
                .validate()
                .unwrap_err()
                .field(),
            Some("Url")
        );
        assert_eq!(
            Veiledningstjeneste::new()
                .telefon("ring oss")
                .validate()
                .unwrap_err()
                .field(),
            Some("Telefon")
        );
        let bad = Veiledningstjeneste::new().apningstid(Apningstid::mellom(
            Ukedag::Fredag,
            t(16, 0),
            t(8, 0),
        ));
        assert_eq!(
            bad.validate().unwrap_err().field(),
            Some("Apningstider[0].FraKl")
        );
        let mut open = Apningstid::hele_dagen(Ukedag::Fredag);
        open.apen_hele_dagen = None;
        assert!(
            Veiledningstjeneste::new()
                .apningstid(open)
                .validate()
                .is_err()
        );
    }
}
