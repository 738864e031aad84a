//! Skjerming: screening of an entity from public access (a datatype embedded in saksmappe,
//! journalpost and dokumentbeskrivelse).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::kode::{Kode, SkjermingDokument, SkjermingMetadata, Tilgangsrestriksjon};

/// Skjerming (Noark 5 M500–M505). The same type is sent and returned.
///
/// ```
/// use hint_arkiv::{Skjerming, SkjermingMetadata, Tilgangsrestriksjon};
/// let skjerming = Skjerming::new(Tilgangsrestriksjon::Offl11.into(), "Offl. § 13 jf. fvl. § 13 første ledd nr. 1")
///     .metadata(SkjermingMetadata::NavnAvsender.into());
/// assert_eq!(serde_json::to_value(&skjerming)?["tilgangsrestriksjon"]["kode"], "11");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Skjerming {
    /// `tilgangsrestriksjon` [1..1]: why access is restricted (required on write; a server's
    /// skjerming without one is still read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tilgangsrestriksjon: Option<Kode<Tilgangsrestriksjon>>,
    /// `skjermingshjemmel` [1..1]: the legal basis as free text ("Offl. § 13 jf. fvl. § 13").
    #[serde(default)]
    pub skjermingshjemmel: String,
    /// `skjermingMetadata` [1..*]: which metadata are screened.
    #[serde(default, deserialize_with = "hint_core::lenient::null_default")]
    pub skjerming_metadata: Vec<Kode<SkjermingMetadata>>,
    /// `skjermingDokument`: whether the whole document or parts of it are screened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skjerming_dokument: Option<Kode<SkjermingDokument>>,
    /// `skjermingsvarighet`: years the screening lasts.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub skjermingsvarighet: Option<u64>,
    /// `skjermingOpphoererDato`: when the screening ends.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub skjerming_opphoerer_dato: Option<DateTime<FixedOffset>>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: crate::links::Extra,
}

impl Skjerming {
    /// A skjerming with its two required fields; add at least one [`Skjerming::metadata`].
    pub fn new(
        tilgangsrestriksjon: Kode<Tilgangsrestriksjon>,
        skjermingshjemmel: impl Into<String>,
    ) -> Self {
        Skjerming {
            tilgangsrestriksjon: Some(tilgangsrestriksjon),
            skjermingshjemmel: skjermingshjemmel.into(),
            skjerming_metadata: Vec::new(),
            skjerming_dokument: None,
            skjermingsvarighet: None,
            skjerming_opphoerer_dato: None,
            extra: crate::links::Extra::new(),
        }
    }

    /// Adds a screened metadata element (`skjermingMetadata`).
    pub fn metadata(mut self, metadata: Kode<SkjermingMetadata>) -> Self {
        self.skjerming_metadata.push(metadata);
        self
    }

    /// Sets `skjermingDokument`.
    pub fn dokument(mut self, dokument: Kode<SkjermingDokument>) -> Self {
        self.skjerming_dokument = Some(dokument);
        self
    }

    /// Sets `skjermingsvarighet` in years.
    pub fn varighet_aar(mut self, years: u64) -> Self {
        self.skjermingsvarighet = Some(years);
        self
    }

    /// Sets `skjermingOpphoererDato`.
    pub fn opphoerer(mut self, date: DateTime<FixedOffset>) -> Self {
        self.skjerming_opphoerer_dato = Some(date);
        self
    }

    pub(crate) fn validate(&self, prefix: &str) -> hint_core::Result<()> {
        match &self.tilgangsrestriksjon {
            Some(t) => t.check(&format!("{prefix}.tilgangsrestriksjon"))?,
            None => {
                return Err(hint_core::Error::invalid_input(
                    format!("{prefix}.tilgangsrestriksjon"),
                    "is required (occurrence 1..1)",
                ));
            }
        }
        crate::wire::non_blank(
            &format!("{prefix}.skjermingshjemmel"),
            &self.skjermingshjemmel,
        )?;
        if self.skjerming_metadata.is_empty() {
            return Err(hint_core::Error::invalid_input(
                format!("{prefix}.skjermingMetadata"),
                "needs at least one value (occurrence 1..*)",
            ));
        }
        for m in &self.skjerming_metadata {
            m.check(&format!("{prefix}.skjermingMetadata"))?;
        }
        if let Some(d) = &self.skjerming_dokument {
            d.check(&format!("{prefix}.skjermingDokument"))?;
        }
        Ok(())
    }
}
