//! The catalogue's code lists as open enums.
//!
//! Every enum here is declared with [`hint_core::open_enum!`] (or, for [`Sprak`], read the same
//! way): the values the API documents plus `Unknown(UnknownValue)`, which keeps a
//! value this version of the SDK does not know, so a new fagområde or innholdstype on the server
//! never breaks deserialization. An unknown value is written back exactly as it arrived.
//!
//! ```
//! use helsenorge_verktoy::{Fagomrade, Innholdstype, Sprak};
//!
//! let f: Fagomrade = serde_json::from_str("1")?;
//! assert_eq!(f, Fagomrade::PsykiskHelse);
//! assert_eq!(f.id(), Some(1));
//!
//! let s: Sprak = serde_json::from_str(r#""nn-NO""#)?;
//! assert_eq!(s, Sprak::Nynorsk);
//! assert_eq!(s.id(), Some(2));
//!
//! let new: Innholdstype = serde_json::from_str("11")?;
//! assert!(new.is_unknown());
//! assert_eq!(serde_json::to_string(&new)?, "11");
//! // A number written as text finds a known value, and an unknown one stays text.
//! assert_eq!(serde_json::from_str::<Fagomrade>(r#""1""#)?, Fagomrade::PsykiskHelse);
//! let new_text: Innholdstype = serde_json::from_str(r#""11""#)?;
//! assert_eq!(serde_json::to_string(&new_text)?, r#""11""#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use hint_core::UnknownValue;
use hint_core::open_enum::{WireValue, deserialize_wire};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

hint_core::open_enum! {
    /// Fagområde (`Fagomrader`, `FagomradeType`): the field a tool belongs to.
    pub enum Fagomrade: id {
        /// Psykisk helse (1).
        PsykiskHelse => 1 ("Psykisk helse"),
        /// Fysisk helse (2).
        FysiskHelse => 2 ("Fysisk helse"),
        /// Livsstil (3).
        Livsstil => 3 ("Livsstil"),
    }
}

hint_core::open_enum! {
    /// Målgruppe (`Malgrupper`, `MalgruppeTypeId`): who a tool is for.
    pub enum Malgruppe: id {
        /// Barn (1).
        Barn => 1 ("Barn"),
        /// Ungdom (2).
        Ungdom => 2 ("Ungdom"),
        /// Voksne (3).
        Voksne => 3 ("Voksne"),
        /// Eldre (4).
        Eldre => 4 ("Eldre"),
    }
}

hint_core::open_enum! {
    /// Formål (`VerktoyFormalTypeId`): what a tool is for. The API uses the ids 2, 4 and 5.
    pub enum VerktoyFormal: id {
        /// Læring (2).
        Laering => 2 ("Læring" | "Laering"),
        /// Behandling (4).
        Behandling => 4 ("Behandling"),
        /// Kartlegging (5).
        Kartlegging => 5 ("Kartlegging"),
    }
}

hint_core::open_enum! {
    /// Innholdstype (`InnholdstypeId`): what kind of content a tool has.
    pub enum Innholdstype: id {
        /// Video (1).
        Video => 1 ("Video"),
        /// Podcast (2).
        Podcast => 2 ("Podcast"),
        /// Informasjon (3).
        Informasjon => 3 ("Informasjon"),
        /// Oppgaver (4).
        Oppgaver => 4 ("Oppgaver"),
        /// Spill (5).
        Spill => 5 ("Spill"),
        /// Chat (6).
        Chat => 6 ("Chat"),
        /// Forum (7).
        Forum => 7 ("Forum"),
        /// Egenregistreringer (8).
        Egenregistreringer => 8 ("Egenregistreringer"),
        /// Måleverktøy (9).
        Maleverktoy => 9 ("Måleverktøy" | "Maleverktoy"),
        /// Anbefalinger og råd (10).
        AnbefalingerOgRad => 10 ("Anbefalinger og råd" | "Anbefalinger og rad"),
    }
}

hint_core::open_enum! {
    /// Lenketype (`LenkeType`). The catalogue's metadata only returns 50, "Lenke til verktøy".
    pub enum LenkeType: id {
        /// Lenke til verktøy (50): the link that opens the tool.
        LenkeTilVerktoy => 50 ("Lenke til verktøy" | "Lenke til verktoy"),
    }
}

hint_core::open_enum! {
    /// A weekday in a guidance service's opening hours (`Dag`), Monday to Sunday.
    ///
    /// The numbers sent are an assumption (the API gives none): see
    /// [`routes::body::DAG`](crate::routes::body::DAG), where it is stated.
    pub enum Ukedag: id {
        /// Mandag (1).
        Mandag => 1 ("Mandag" | "Monday"),
        /// Tirsdag (2).
        Tirsdag => 2 ("Tirsdag" | "Tuesday"),
        /// Onsdag (3).
        Onsdag => 3 ("Onsdag" | "Wednesday"),
        /// Torsdag (4).
        Torsdag => 4 ("Torsdag" | "Thursday"),
        /// Fredag (5).
        Fredag => 5 ("Fredag" | "Friday"),
        /// Lørdag (6).
        Lordag => 6 ("Lørdag" | "Lordag" | "Saturday"),
        /// Søndag (7).
        Sondag => 7 ("Søndag" | "Sondag" | "Sunday"),
    }
}

/// Språk: a language a tool supports. The filter `Sprak` takes the ids 1–3; metadata says
/// `SprakKode` (`nb-NO`, `nn-NO`, `en-GB`). This type reads both and writes the code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Sprak {
    /// Norsk bokmål: id 1, `nb-NO`.
    Bokmal,
    /// Norsk nynorsk: id 2, `nn-NO`.
    Nynorsk,
    /// Engelsk: id 3, `en-GB`.
    Engelsk,
    /// A value this version of the SDK does not know, kept as it arrived.
    Unknown(UnknownValue),
}

impl Sprak {
    /// Every language the API documents.
    pub const KNOWN: &'static [Sprak] = &[Sprak::Bokmal, Sprak::Nynorsk, Sprak::Engelsk];

    /// The filter id (1–3).
    pub fn id(&self) -> Option<i64> {
        match self {
            Sprak::Bokmal => Some(1),
            Sprak::Nynorsk => Some(2),
            Sprak::Engelsk => Some(3),
            Sprak::Unknown(v) => v.as_i64(),
        }
    }

    /// The language code (`SprakKode`): `nb-NO`, `nn-NO`, `en-GB`.
    pub fn as_str(&self) -> &str {
        match self {
            Sprak::Bokmal => "nb-NO",
            Sprak::Nynorsk => "nn-NO",
            Sprak::Engelsk => "en-GB",
            Sprak::Unknown(v) => v.as_str(),
        }
    }

    /// The name the API uses (`SprakNavn`); `None` for an unknown language.
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Sprak::Bokmal => Some("Norsk Bokmål"),
            Sprak::Nynorsk => Some("Norsk Nynorsk"),
            Sprak::Engelsk => Some("Engelsk"),
            Sprak::Unknown(_) => None,
        }
    }

    /// Whether the value is one this SDK does not know.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Sprak::Unknown(_))
    }

    /// The value for a language code, name or id written as text.
    pub fn from_wire(kode: &str) -> Self {
        Self::from_wire_value(WireValue::from_text(kode))
    }

    fn from_wire_value(value: WireValue<'_>) -> Self {
        match value {
            WireValue::Number(1) => Sprak::Bokmal,
            WireValue::Number(2) => Sprak::Nynorsk,
            WireValue::Number(3) => Sprak::Engelsk,
            WireValue::Number(n) => Sprak::Unknown(UnknownValue::number(n)),
            WireValue::NumberText(n, _) => match Self::from_wire_value(WireValue::Number(n)) {
                Sprak::Unknown(_) => Sprak::Unknown(UnknownValue::quoted_number(n)),
                known => known,
            },
            WireValue::Text(t) => {
                let t = t.trim();
                let is = |names: &[&str]| names.iter().any(|n| t.eq_ignore_ascii_case(n));
                if is(&["nb-NO", "nb", "Norsk Bokmål", "Bokmål", "Bokmal"]) {
                    Sprak::Bokmal
                } else if is(&["nn-NO", "nn", "Norsk Nynorsk", "Nynorsk"]) {
                    Sprak::Nynorsk
                } else if is(&["en-GB", "en", "Engelsk", "English"]) {
                    Sprak::Engelsk
                } else {
                    Sprak::Unknown(UnknownValue::new(t))
                }
            }
        }
    }
}

impl hint_core::OpenEnum for Sprak {
    const KNOWN: &'static [Self] = Sprak::KNOWN;
    fn as_str(&self) -> &str {
        Sprak::as_str(self)
    }
    fn from_wire(wire: &str) -> Self {
        Sprak::from_wire(wire)
    }
    fn label(&self) -> Option<&'static str> {
        Sprak::label(self)
    }
    fn is_unknown(&self) -> bool {
        Sprak::is_unknown(self)
    }
}

impl From<&str> for Sprak {
    fn from(wire: &str) -> Self {
        Sprak::from_wire(wire)
    }
}

impl std::str::FromStr for Sprak {
    type Err = std::convert::Infallible;
    fn from_str(wire: &str) -> Result<Self, Self::Err> {
        Ok(Sprak::from_wire(wire))
    }
}

impl fmt::Display for Sprak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Sprak {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Sprak::Unknown(v) => v.serialize(s),
            known => s.serialize_str(known.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Sprak {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_wire(
            d,
            "a language code (nb-NO, nn-NO, en-GB) or id (1–3)",
            Sprak::from_wire_value,
        )
    }
}

hint_core::open_enum! {
    /// Grafisk element type (`GrafiskElementTypeNavn`): a picture or an icon.
    pub enum GrafiskElementType (ignore_case) {
        /// Bilde: a picture.
        Bilde => "Bilde",
        /// Ikon: an icon.
        Ikon => "Ikon",
    }
}

hint_core::open_enum! {
    /// Behandlerinnsyn: whether a practitioner can see what the citizen does in the tool.
    pub enum Behandlerinnsyn (ignore_case) {
        /// Ingen: no practitioner insight.
        Ingen => "Ingen",
        /// Krever: the tool requires practitioner insight.
        Krever => "Krever",
        /// Tilbys i verktøyet: the tool offers practitioner insight.
        TilbysIVerktoyet => "Tilbys i verktøyet" | "Tilbys i verktoyet",
    }
}

hint_core::open_enum! {
    /// The kind of id a practitioner has in the Behandler service (`IdType`).
    pub enum BehandlerIdType (ignore_case) {
        /// HPR-nummer.
        Hpr => "HPR",
        /// Fødselsnummer.
        Fnr => "FNR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id_enums_round_trip_and_keep_unknown() {
        for f in Fagomrade::KNOWN {
            let v = serde_json::to_value(f).unwrap();
            assert_eq!(serde_json::from_value::<Fagomrade>(v).unwrap(), *f);
        }
        assert_eq!(
            serde_json::from_value::<Malgruppe>(json!(4)).unwrap(),
            Malgruppe::Eldre
        );
        assert_eq!(
            serde_json::from_value::<Malgruppe>(json!("3")).unwrap(),
            Malgruppe::Voksne
        );
        assert_eq!(
            serde_json::from_value::<Innholdstype>(json!("Måleverktøy")).unwrap(),
            Innholdstype::Maleverktoy
        );
        assert_eq!(Innholdstype::KNOWN.len(), 10);
        assert_eq!(
            serde_json::from_value::<VerktoyFormal>(json!(5)).unwrap(),
            VerktoyFormal::Kartlegging
        );
        let unknown = serde_json::from_value::<VerktoyFormal>(json!(3)).unwrap();
        assert!(unknown.is_unknown());
        assert_eq!(serde_json::to_value(&unknown).unwrap(), json!(3));
        let text = serde_json::from_value::<Fagomrade>(json!("Tannhelse")).unwrap();
        assert_eq!(text.as_str(), "Tannhelse");
        assert_eq!(serde_json::to_value(&text).unwrap(), json!("Tannhelse"));
        assert_eq!(
            serde_json::from_value::<LenkeType>(json!(50)).unwrap(),
            LenkeType::LenkeTilVerktoy
        );
        assert_eq!(
            serde_json::from_value::<Ukedag>(json!("Sunday")).unwrap(),
            Ukedag::Sondag
        );
        assert_eq!(serde_json::to_value(Ukedag::Mandag).unwrap(), json!(1));
    }

    #[test]
    fn sprak_reads_ids_and_codes() {
        assert_eq!(
            serde_json::from_value::<Sprak>(json!("nb-NO")).unwrap(),
            Sprak::Bokmal
        );
        assert_eq!(
            serde_json::from_value::<Sprak>(json!(3)).unwrap(),
            Sprak::Engelsk
        );
        assert_eq!(
            serde_json::to_value(Sprak::Nynorsk).unwrap(),
            json!("nn-NO")
        );
        let se = serde_json::from_value::<Sprak>(json!("se-NO")).unwrap();
        assert_eq!(se.as_str(), "se-NO");
        assert_eq!(se.id(), None);
    }

    #[test]
    fn text_enums() {
        assert_eq!(
            serde_json::from_value::<Behandlerinnsyn>(json!("Tilbys i verktøyet")).unwrap(),
            Behandlerinnsyn::TilbysIVerktoyet
        );
        assert_eq!(
            serde_json::from_value::<GrafiskElementType>(json!("ikon")).unwrap(),
            GrafiskElementType::Ikon
        );
        let other = serde_json::from_value::<BehandlerIdType>(json!("DNR")).unwrap();
        assert!(other.is_unknown());
        assert_eq!(serde_json::to_value(&other).unwrap(), json!("DNR"));
    }
}
