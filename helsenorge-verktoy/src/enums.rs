//! The catalogue's code lists as open enums.
//!
//! Every enum here has the values the API documents plus `Unknown(UnknownValue)`, which keeps a
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

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A value an enum does not know, kept as it arrived (number or text).
#[derive(Clone)]
pub struct UnknownValue {
    text: String,
    number: Option<i64>,
    /// A number that arrived as text (`"11"`) is written back as text. Not part of equality:
    /// `"11"` and `11` are the same unknown id.
    quoted: bool,
}

impl PartialEq for UnknownValue {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.number == other.number
    }
}

impl Eq for UnknownValue {}

impl std::hash::Hash for UnknownValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.number.hash(state);
    }
}

impl UnknownValue {
    pub(crate) fn number(n: i64) -> Self {
        UnknownValue {
            text: n.to_string(),
            number: Some(n),
            quoted: false,
        }
    }

    pub(crate) fn text(s: &str) -> Self {
        UnknownValue {
            text: s.to_owned(),
            number: None,
            quoted: false,
        }
    }

    /// A number that arrived as text.
    fn quoted_number(n: i64) -> Self {
        UnknownValue {
            quoted: true,
            ..Self::number(n)
        }
    }

    /// The value as text (a number is written in decimal).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value as a number, when it arrived as one.
    pub fn as_i64(&self) -> Option<i64> {
        self.number
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnknownValue({})", self.text)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for UnknownValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.number {
            Some(n) if !self.quoted => s.serialize_i64(n),
            _ => s.serialize_str(&self.text),
        }
    }
}

/// A wire value: a number, a number written as text, or text.
pub(crate) enum Raw<'a> {
    Number(i64),
    /// Read as its number to find a known value; an unknown one is kept as the text it was.
    NumberText(i64, &'a str),
    Text(&'a str),
}

pub(crate) fn raw_of(text: &str) -> Raw<'_> {
    match text.trim().parse::<i64>() {
        Ok(n) => Raw::NumberText(n, text),
        Err(_) => Raw::Text(text),
    }
}

/// Deserializes a number or a string into `T` through `from_raw`.
struct RawVisitor<T>(fn(Raw<'_>) -> T, &'static str);

impl<T> Visitor<'_> for RawVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok((self.0)(Raw::Number(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        match i64::try_from(v) {
            Ok(n) => Ok((self.0)(Raw::Number(n))),
            Err(_) => Ok((self.0)(Raw::Text(&v.to_string()))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(raw_of(v)))
    }
}

pub(crate) fn deserialize_raw<'de, D: Deserializer<'de>, T>(
    d: D,
    from_raw: fn(Raw<'_>) -> T,
    what: &'static str,
) -> Result<T, D::Error> {
    d.deserialize_any(RawVisitor(from_raw, what))
}

/// An open enum whose wire value is an integer id, with a display name.
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal, $label:literal $(| $alias:literal)* ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as it arrived.
            Unknown(UnknownValue),
        }

        impl $name {
            /// Every value the API documents, in id order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire id, when known (or when an unknown value arrived as a number).
            pub fn id(&self) -> Option<i64> {
                match self {
                    $( $name::$variant => Some($id), )+
                    $name::Unknown(v) => v.as_i64(),
                }
            }

            /// The Norwegian name the API uses.
            pub fn navn(&self) -> &str {
                match self {
                    $( $name::$variant => $label, )+
                    $name::Unknown(v) => v.as_str(),
                }
            }

            /// The value for an id.
            pub fn from_id(id: i64) -> Self {
                match id {
                    $( $id => $name::$variant, )+
                    other => $name::Unknown(UnknownValue::number(other)),
                }
            }

            /// The value for a name the API uses (case-insensitive), or an id written as text.
            pub fn from_navn(navn: &str) -> Self {
                Self::from_raw(raw_of(navn))
            }

            /// Whether the value is one this SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            fn from_raw(raw: Raw<'_>) -> Self {
                match raw {
                    Raw::Number(n) => Self::from_id(n),
                    Raw::NumberText(n, _) => match Self::from_id(n) {
                        $name::Unknown(_) => $name::Unknown(UnknownValue::quoted_number(n)),
                        known => known,
                    },
                    Raw::Text(t) => {
                        let t = t.trim();
                        $(
                            if t.eq_ignore_ascii_case($label) $(|| t.eq_ignore_ascii_case($alias))* {
                                return $name::$variant;
                            }
                        )+
                        $name::Unknown(UnknownValue::text(t))
                    }
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.navn())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::Unknown(v) => v.serialize(s),
                    known => s.serialize_i64(known.id().unwrap_or_default()),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_raw(d, $name::from_raw, $what)
            }
        }
    };
}

id_enum! {
    /// Fagområde (`Fagomrader`, `FagomradeType`): the field a tool belongs to.
    Fagomrade, "a fagområde id (1–3) or name" {
        /// Psykisk helse (1).
        PsykiskHelse = 1, "Psykisk helse";
        /// Fysisk helse (2).
        FysiskHelse = 2, "Fysisk helse";
        /// Livsstil (3).
        Livsstil = 3, "Livsstil";
    }
}

id_enum! {
    /// Målgruppe (`Malgrupper`, `MalgruppeTypeId`): who a tool is for.
    Malgruppe, "a målgruppe id (1–4) or name" {
        /// Barn (1).
        Barn = 1, "Barn";
        /// Ungdom (2).
        Ungdom = 2, "Ungdom";
        /// Voksne (3).
        Voksne = 3, "Voksne";
        /// Eldre (4).
        Eldre = 4, "Eldre";
    }
}

id_enum! {
    /// Formål (`VerktoyFormalTypeId`): what a tool is for. The API uses the ids 2, 4 and 5.
    VerktoyFormal, "a formål id (2, 4, 5) or name" {
        /// Læring (2).
        Laering = 2, "Læring" | "Laering";
        /// Behandling (4).
        Behandling = 4, "Behandling";
        /// Kartlegging (5).
        Kartlegging = 5, "Kartlegging";
    }
}

id_enum! {
    /// Innholdstype (`InnholdstypeId`): what kind of content a tool has.
    Innholdstype, "an innholdstype id (1–10) or name" {
        /// Video (1).
        Video = 1, "Video";
        /// Podcast (2).
        Podcast = 2, "Podcast";
        /// Informasjon (3).
        Informasjon = 3, "Informasjon";
        /// Oppgaver (4).
        Oppgaver = 4, "Oppgaver";
        /// Spill (5).
        Spill = 5, "Spill";
        /// Chat (6).
        Chat = 6, "Chat";
        /// Forum (7).
        Forum = 7, "Forum";
        /// Egenregistreringer (8).
        Egenregistreringer = 8, "Egenregistreringer";
        /// Måleverktøy (9).
        Maleverktoy = 9, "Måleverktøy" | "Maleverktoy";
        /// Anbefalinger og råd (10).
        AnbefalingerOgRad = 10, "Anbefalinger og råd" | "Anbefalinger og rad";
    }
}

id_enum! {
    /// Lenketype (`LenkeType`). The catalogue's metadata only returns 50, "Lenke til verktøy".
    LenkeType, "a lenketype id" {
        /// Lenke til verktøy (50): the link that opens the tool.
        LenkeTilVerktoy = 50, "Lenke til verktøy" | "Lenke til verktoy";
    }
}

id_enum! {
    /// A weekday in a guidance service's opening hours (`Dag`), Monday to Sunday.
    ///
    /// The numbers sent are an assumption (the API gives none): see
    /// [`routes::body::DAG`](crate::routes::body::DAG), where it is stated.
    Ukedag, "a weekday" {
        /// Mandag (1).
        Mandag = 1, "Mandag" | "Monday";
        /// Tirsdag (2).
        Tirsdag = 2, "Tirsdag" | "Tuesday";
        /// Onsdag (3).
        Onsdag = 3, "Onsdag" | "Wednesday";
        /// Torsdag (4).
        Torsdag = 4, "Torsdag" | "Thursday";
        /// Fredag (5).
        Fredag = 5, "Fredag" | "Friday";
        /// Lørdag (6).
        Lordag = 6, "Lørdag" | "Lordag" | "Saturday";
        /// Søndag (7).
        Sondag = 7, "Søndag" | "Sondag" | "Sunday";
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
    pub const ALL: &'static [Sprak] = &[Sprak::Bokmal, Sprak::Nynorsk, Sprak::Engelsk];

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
    pub fn kode(&self) -> &str {
        match self {
            Sprak::Bokmal => "nb-NO",
            Sprak::Nynorsk => "nn-NO",
            Sprak::Engelsk => "en-GB",
            Sprak::Unknown(v) => v.as_str(),
        }
    }

    /// The name the API uses (`SprakNavn`).
    pub fn navn(&self) -> &str {
        match self {
            Sprak::Bokmal => "Norsk Bokmål",
            Sprak::Nynorsk => "Norsk Nynorsk",
            Sprak::Engelsk => "Engelsk",
            Sprak::Unknown(v) => v.as_str(),
        }
    }

    /// Whether the value is one this SDK does not know.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Sprak::Unknown(_))
    }

    /// The value for a language code, name or id written as text.
    pub fn from_kode(kode: &str) -> Self {
        Self::from_raw(raw_of(kode))
    }

    fn from_raw(raw: Raw<'_>) -> Self {
        match raw {
            Raw::Number(1) => Sprak::Bokmal,
            Raw::Number(2) => Sprak::Nynorsk,
            Raw::Number(3) => Sprak::Engelsk,
            Raw::Number(n) => Sprak::Unknown(UnknownValue::number(n)),
            Raw::NumberText(n, _) => match Self::from_raw(Raw::Number(n)) {
                Sprak::Unknown(_) => Sprak::Unknown(UnknownValue::quoted_number(n)),
                known => known,
            },
            Raw::Text(t) => {
                let t = t.trim();
                let is = |names: &[&str]| names.iter().any(|n| t.eq_ignore_ascii_case(n));
                if is(&["nb-NO", "nb", "Norsk Bokmål", "Bokmål", "Bokmal"]) {
                    Sprak::Bokmal
                } else if is(&["nn-NO", "nn", "Norsk Nynorsk", "Nynorsk"]) {
                    Sprak::Nynorsk
                } else if is(&["en-GB", "en", "Engelsk", "English"]) {
                    Sprak::Engelsk
                } else {
                    Sprak::Unknown(UnknownValue::text(t))
                }
            }
        }
    }
}

impl fmt::Display for Sprak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kode())
    }
}

impl Serialize for Sprak {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Sprak::Unknown(v) => v.serialize(s),
            known => s.serialize_str(known.kode()),
        }
    }
}

impl<'de> Deserialize<'de> for Sprak {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_raw(
            d,
            Sprak::from_raw,
            "a language code (nb-NO, nn-NO, en-GB) or id (1–3)",
        )
    }
}

/// An open enum whose wire value is text.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as it arrived.
            Unknown(UnknownValue),
        }

        impl $name {
            /// Every value the API documents.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire text.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(v) => v.as_str(),
                }
            }

            /// The value for a wire text (case-insensitive).
            pub fn from_wire(text: &str) -> Self {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($wire) $(|| t.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )+
                $name::Unknown(UnknownValue::text(t))
            }

            /// Whether the value is one this SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            fn from_raw(raw: Raw<'_>) -> Self {
                match raw {
                    Raw::Number(n) => $name::Unknown(UnknownValue::number(n)),
                    Raw::NumberText(_, t) | Raw::Text(t) => Self::from_wire(t),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::Unknown(v) => v.serialize(s),
                    known => s.serialize_str(known.as_str()),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_raw(d, $name::from_raw, $what)
            }
        }
    };
}

text_enum! {
    /// Grafisk element type (`GrafiskElementTypeNavn`): a picture or an icon.
    GrafiskElementType, "Bilde or Ikon" {
        /// Bilde: a picture.
        Bilde = "Bilde";
        /// Ikon: an icon.
        Ikon = "Ikon";
    }
}

text_enum! {
    /// Behandlerinnsyn: whether a practitioner can see what the citizen does in the tool.
    Behandlerinnsyn, "Ingen, Krever or Tilbys i verktøyet" {
        /// Ingen: no practitioner insight.
        Ingen = "Ingen";
        /// Krever: the tool requires practitioner insight.
        Krever = "Krever";
        /// Tilbys i verktøyet: the tool offers practitioner insight.
        TilbysIVerktoyet = "Tilbys i verktøyet" | "Tilbys i verktoyet";
    }
}

text_enum! {
    /// The kind of id a practitioner has in the Behandler service (`IdType`).
    BehandlerIdType, "HPR or FNR" {
        /// HPR-nummer.
        Hpr = "HPR";
        /// Fødselsnummer.
        Fnr = "FNR";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id_enums_round_trip_and_keep_unknown() {
        for f in Fagomrade::ALL {
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
        assert_eq!(Innholdstype::ALL.len(), 10);
        assert_eq!(
            serde_json::from_value::<VerktoyFormal>(json!(5)).unwrap(),
            VerktoyFormal::Kartlegging
        );
        let unknown = serde_json::from_value::<VerktoyFormal>(json!(3)).unwrap();
        assert!(unknown.is_unknown());
        assert_eq!(serde_json::to_value(&unknown).unwrap(), json!(3));
        let text = serde_json::from_value::<Fagomrade>(json!("Tannhelse")).unwrap();
        assert_eq!(text.navn(), "Tannhelse");
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
        assert_eq!(se.kode(), "se-NO");
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
