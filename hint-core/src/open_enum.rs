//! Open enums: the values a service documents as variants, and anything else kept as sent.
//!
//! Services add values (a new status, a new error code) without warning; an SDK that refused
//! them would break on the day they ship. Every service crate declares its string code lists with
//! [`open_enum!`](crate::open_enum!): known values become variants, an unknown one becomes
//! `Unknown(`[`UnknownValue`]`)` and is written back exactly as it arrived.
//!
//! ```
//! hint_core::open_enum! {
//!     /// A payment's status.
//!     pub enum Status {
//!         /// Registered.
//!         Registrert => "registrert",
//!         /// Settled.
//!         Avregnet => "avregnet",
//!     }
//! }
//!
//! let known: Status = serde_json::from_str(r#""avregnet""#)?;
//! assert_eq!(known, Status::Avregnet);
//! let new: Status = serde_json::from_str(r#""stanset""#)?;
//! assert!(new.is_unknown());
//! assert_eq!(serde_json::to_string(&new)?, r#""stanset""#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! A list whose service accepts other spellings names a function that maps a spelling to a
//! variant, tried when the exact wire value does not match:
//!
//! ```
//! hint_core::open_enum! {
//!     /// A code system.
//!     pub enum Kodeverk (lenient = Kodeverk::squashed) {
//!         /// ICPC-2.
//!         Icpc2 => "ICPC2",
//!     }
//! }
//!
//! impl Kodeverk {
//!     fn squashed(s: &str) -> Option<Self> {
//!         Self::known(&s.replace('-', "").to_ascii_uppercase())
//!     }
//! }
//!
//! assert_eq!(Kodeverk::from_wire("icpc-2"), Kodeverk::Icpc2);
//! assert_eq!(Kodeverk::from_wire("ICPC-3").as_str(), "ICPC-3");
//! ```
//!
//! A value may carry the name the list documents for it (its label) and other spellings
//! (aliases). `ignore_case` reads the wire value, its aliases and labels regardless of case and
//! surrounding spaces:
//!
//! ```
//! hint_core::open_enum! {
//!     /// Whether a practitioner can follow the citizen's use of a tool.
//!     pub enum Innsyn (ignore_case) {
//!         /// No insight.
//!         Ingen => "Ingen",
//!         /// Offered in the tool.
//!         Tilbys => "Tilbys i verktøyet" | "Tilbys i verktoyet" ("Tilbys i verktøyet"),
//!     }
//! }
//!
//! assert_eq!(Innsyn::from_wire(" tilbys i verktoyet "), Innsyn::Tilbys);
//! assert_eq!(Innsyn::Tilbys.label(), Some("Tilbys i verktøyet"));
//! assert_eq!(Innsyn::Ingen.label(), None);
//! ```
//!
//! A list whose wire values are integer ids is declared with `: id`; every value then has a
//! label, its text form (`as_str`, `Display`). Such a list reads an id, an id written as text, a
//! label or an alias (regardless of case), and writes the id:
//!
//! ```
//! hint_core::open_enum! {
//!     /// A field of health.
//!     pub enum Fagomrade: id {
//!         /// Mental health.
//!         PsykiskHelse => 1 ("Psykisk helse"),
//!         /// Lifestyle.
//!         Livsstil => 3 ("Livsstil" | "Lifestyle"),
//!     }
//! }
//!
//! assert_eq!(serde_json::from_str::<Fagomrade>("1")?, Fagomrade::PsykiskHelse);
//! assert_eq!(serde_json::from_str::<Fagomrade>(r#""3""#)?, Fagomrade::Livsstil);
//! assert_eq!(Fagomrade::from_wire("lifestyle"), Fagomrade::Livsstil);
//! assert_eq!(Fagomrade::Livsstil.id(), Some(3));
//! assert_eq!(Fagomrade::Livsstil.to_string(), "Livsstil");
//! assert_eq!(serde_json::to_string(&Fagomrade::Livsstil)?, "3");
//! // Unknown values are written back as they came: a number as a number, text as text.
//! let new: Fagomrade = serde_json::from_str("7")?;
//! assert_eq!((new.id(), serde_json::to_string(&new)?), (Some(7), "7".to_owned()));
//! let quoted: Fagomrade = serde_json::from_str(r#""7""#)?;
//! assert_eq!(serde_json::to_string(&quoted)?, r#""7""#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Every open enum implements [`OpenEnum`], so code generic over code lists can read and write
//! them.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A value the SDK does not know yet, kept as the service sent it: text, a number, or a number
/// written as text. Opaque: read it with [`as_str`](Self::as_str) and [`as_i64`](Self::as_i64);
/// serialized, it is written back the way it came.
///
/// ```
/// use hint_core::UnknownValue;
///
/// assert_eq!(UnknownValue::number(11).as_str(), "11");
/// assert_eq!(serde_json::to_string(&UnknownValue::number(11))?, "11");
/// assert_eq!(serde_json::to_string(&UnknownValue::quoted_number(11))?, r#""11""#);
/// // A number that came as text is the same value as the number.
/// assert_eq!(UnknownValue::quoted_number(11), UnknownValue::number(11));
/// assert_eq!(UnknownValue::new("Q").as_i64(), None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct UnknownValue {
    text: String,
    number: Option<i64>,
    /// A number that arrived as text (`"11"`) is written back as text. Not part of equality:
    /// `"11"` and `11` are the same unknown id.
    quoted: bool,
}

impl UnknownValue {
    /// Wraps a text value as it is. To read a value from a service use the enum's `from_wire`,
    /// which gives the variant for a known value; a known value wrapped here is not equal to it.
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue {
            text: value.into(),
            number: None,
            quoted: false,
        }
    }

    /// A value that arrived as a JSON number; written back as a number.
    pub fn number(value: i64) -> Self {
        UnknownValue {
            text: value.to_string(),
            number: Some(value),
            quoted: false,
        }
    }

    /// A number that arrived written as text (`"11"`); written back as text.
    pub fn quoted_number(value: i64) -> Self {
        UnknownValue {
            quoted: true,
            ..Self::number(value)
        }
    }

    /// The value as the service sent it (a number in decimal).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value as a number, when it arrived as one (or as a number written as text).
    pub fn as_i64(&self) -> Option<i64> {
        self.number
    }
}

impl PartialEq for UnknownValue {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.number == other.number
    }
}

impl Eq for UnknownValue {}

impl Hash for UnknownValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.number.hash(state);
    }
}

impl PartialOrd for UnknownValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UnknownValue {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.text, self.number).cmp(&(&other.text, other.number))
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number {
            Some(n) if !self.quoted => fmt::Debug::fmt(&n, f),
            _ => fmt::Debug::fmt(&self.text, f),
        }
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

/// A wire value as an open enum reads it: a JSON number, a number written as text, or text.
///
/// For enums written by hand that read like [`open_enum!`](crate::open_enum!) ones (see
/// [`deserialize_wire`]).
///
/// ```
/// use hint_core::open_enum::WireValue;
///
/// assert_eq!(WireValue::from_text(" 7"), WireValue::NumberText(7, " 7"));
/// assert_eq!(WireValue::from_text("nb-NO"), WireValue::Text("nb-NO"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireValue<'a> {
    /// A JSON number.
    Number(i64),
    /// Text that reads as a whole number (spaces around it ignored), with the text as sent.
    NumberText(i64, &'a str),
    /// Any other text, as sent.
    Text(&'a str),
}

impl<'a> WireValue<'a> {
    /// Reads text: a whole number becomes [`WireValue::NumberText`], anything else
    /// [`WireValue::Text`].
    pub fn from_text(text: &'a str) -> Self {
        match text.trim().parse::<i64>() {
            Ok(n) => WireValue::NumberText(n, text),
            Err(_) => WireValue::Text(text),
        }
    }
}

struct WireVisitor<T> {
    read: fn(WireValue<'_>) -> T,
    expecting: &'static str,
}

impl<T> Visitor<'_> for WireVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok((self.read)(WireValue::Number(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        match i64::try_from(v) {
            Ok(n) => Ok((self.read)(WireValue::Number(n))),
            Err(_) => Ok((self.read)(WireValue::Text(&v.to_string()))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.read)(WireValue::from_text(v)))
    }
}

/// Deserializes a number or a string and hands it to `read` as a [`WireValue`]; anything else
/// (an object, a list, a fraction) is an error saying what was `expecting`.
///
/// ```
/// use hint_core::open_enum::{WireValue, deserialize_wire};
///
/// fn read(v: WireValue<'_>) -> String {
///     format!("{v:?}")
/// }
/// let mut de = serde_json::Deserializer::from_str("12");
/// assert_eq!(deserialize_wire(&mut de, "a code", read)?, "Number(12)");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize_wire<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    read: fn(WireValue<'_>) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let visitor = WireVisitor { read, expecting };
    // Binary formats cannot be asked what comes; they wrote a string.
    if deserializer.is_human_readable() {
        deserializer.deserialize_any(visitor)
    } else {
        deserializer.deserialize_str(visitor)
    }
}

/// What every [`open_enum!`](crate::open_enum!) enum can do, for code generic over code lists.
pub trait OpenEnum: Sized + Clone + fmt::Debug + PartialEq + Send + Sync + 'static {
    /// Every value this version of the SDK knows.
    const KNOWN: &'static [Self];

    /// The value's text: the wire string, or for an id list the documented name.
    fn as_str(&self) -> &str;

    /// Reads a value from its text; a value this SDK does not know becomes `Unknown`, as sent.
    fn from_wire(wire: &str) -> Self;

    /// The name the list documents for the value, if it gives one.
    fn label(&self) -> Option<&'static str>;

    /// Whether this is a value the SDK does not know.
    fn is_unknown(&self) -> bool;
}

/// What the macro's expansion needs, reachable from any crate through `$crate`.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// Declares an open enum; see the [module](mod@crate::open_enum) for examples.
///
/// Forms:
///
/// - `pub enum Name { Variant => "wire", … }`: string values, matched exactly;
/// - `pub enum Name (lenient = path) { … }`: also tries `path(&str) -> Option<Self>`;
/// - `pub enum Name (ignore_case) { … }`: matched regardless of case and surrounding spaces;
/// - `pub enum Name: id { Variant => 1 ("Label" | "alias"), … }`: integer ids, each with a label.
///
/// A string value may list aliases (`Variant => "wire" | "other spelling"`) and a label
/// (`Variant => "J" ("Journalført")`).
///
/// The enum has the variants given plus `Unknown(UnknownValue)` (a number, a number written as
/// text, or text, written back as it came), and `as_str`, `label`, `from_wire`, `known`,
/// `is_unknown`, `KNOWN`, `Display`, `FromStr` (never fails), `From<&str>`, [`OpenEnum`] and
/// serde; an id list also `id` and `from_id`.
#[macro_export]
macro_rules! open_enum {
    (@string [$(#[$meta:meta])*] [$vis:vis] $name:ident [$($lenient:path)?] [$ignore_case:literal] {
        $( $(#[$vmeta:meta])* $variant:ident => $wire:literal $(| $alias:literal)* $( ( $label:literal ) )?, )+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every value this version of the SDK knows.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The value as the service spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(value) => value.as_str(),
                }
            }

            /// The name the list documents for the value, if it gives one.
            pub fn label(&self) -> ::std::option::Option<&'static str> {
                match self {
                    $( $name::$variant => {
                        let labels: &[&'static str] = &[$($label)?];
                        labels.first().copied()
                    } )+
                    $name::Unknown(_) => None,
                }
            }

            /// The variant for this wire value, if it is a known one.
            pub fn known(wire: &str) -> ::std::option::Option<Self> {
                match wire {
                    $( $wire $(| $alias)* => return Some($name::$variant), )+
                    _ => {}
                }
                if $ignore_case {
                    let wire = wire.trim();
                    $(
                        if wire.eq_ignore_ascii_case($wire)
                            $(|| wire.eq_ignore_ascii_case($alias))*
                            $(|| wire.eq_ignore_ascii_case($label))?
                        {
                            return Some($name::$variant);
                        }
                    )+
                }
                None
            }

            /// Reads a wire value; a value this SDK does not know becomes `Unknown`, as sent.
            pub fn from_wire(wire: &str) -> Self {
                let found = Self::known(wire);
                $( let found = found.or_else(|| $lenient(wire)); )?
                found.unwrap_or_else(|| {
                    let kept = if $ignore_case { wire.trim() } else { wire };
                    $name::Unknown($crate::UnknownValue::new(kept))
                })
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            fn from_wire_value(value: $crate::open_enum::WireValue<'_>) -> Self {
                match value {
                    $crate::open_enum::WireValue::Number(n) => {
                        $name::Unknown($crate::UnknownValue::number(n))
                    }
                    $crate::open_enum::WireValue::NumberText(_, text)
                    | $crate::open_enum::WireValue::Text(text) => Self::from_wire(text),
                }
            }
        }

        impl $crate::open_enum::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::open_enum::__private::serde::Serializer,
            {
                match self {
                    $name::Unknown(value) => {
                        $crate::open_enum::__private::serde::Serialize::serialize(value, serializer)
                    }
                    known => serializer.serialize_str(known.as_str()),
                }
            }
        }

        impl<'de> $crate::open_enum::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::open_enum::__private::serde::Deserializer<'de>,
            {
                $crate::open_enum::deserialize_wire(
                    deserializer,
                    concat!("a ", stringify!($name), " (text)"),
                    $name::from_wire_value,
                )
            }
        }

        $crate::open_enum!(@common $name);
    };

    (@common $name:ident) => {
        impl ::std::convert::From<&str> for $name {
            fn from(wire: &str) -> Self {
                Self::from_wire(wire)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(wire: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(wire))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::open_enum::OpenEnum for $name {
            const KNOWN: &'static [Self] = $name::KNOWN;
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
            fn from_wire(wire: &str) -> Self {
                $name::from_wire(wire)
            }
            fn label(&self) -> ::std::option::Option<&'static str> {
                $name::label(self)
            }
            fn is_unknown(&self) -> bool {
                $name::is_unknown(self)
            }
        }
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : id {
            $( $(#[$vmeta:meta])* $variant:ident => $id:literal ( $label:literal $(| $alias:literal)* ), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as it arrived.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every value this version of the SDK knows.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The wire id, when known (or when an unknown value arrived as a number).
            pub fn id(&self) -> ::std::option::Option<i64> {
                match self {
                    $( $name::$variant => Some($id), )+
                    $name::Unknown(value) => value.as_i64(),
                }
            }

            /// The value for an id.
            pub fn from_id(id: i64) -> Self {
                match id {
                    $( $id => $name::$variant, )+
                    other => $name::Unknown($crate::UnknownValue::number(other)),
                }
            }

            /// The documented name (an unknown value: as it came).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $label, )+
                    $name::Unknown(value) => value.as_str(),
                }
            }

            /// The documented name; `None` for an unknown value.
            pub fn label(&self) -> ::std::option::Option<&'static str> {
                match self {
                    $( $name::$variant => Some($label), )+
                    $name::Unknown(_) => None,
                }
            }

            /// The variant for a name, alias or id written as text, if it is a known one.
            pub fn known(wire: &str) -> ::std::option::Option<Self> {
                Some(Self::from_wire(wire)).filter(|value| !value.is_unknown())
            }

            /// Reads a name or alias (regardless of case) or an id written as text; a value
            /// this SDK does not know becomes `Unknown`.
            pub fn from_wire(wire: &str) -> Self {
                Self::from_wire_value($crate::open_enum::WireValue::from_text(wire))
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            fn from_wire_value(value: $crate::open_enum::WireValue<'_>) -> Self {
                match value {
                    $crate::open_enum::WireValue::Number(n) => Self::from_id(n),
                    $crate::open_enum::WireValue::NumberText(n, _) => match Self::from_id(n) {
                        $name::Unknown(_) => {
                            $name::Unknown($crate::UnknownValue::quoted_number(n))
                        }
                        known => known,
                    },
                    $crate::open_enum::WireValue::Text(text) => {
                        let text = text.trim();
                        $(
                            if text.eq_ignore_ascii_case($label)
                                $(|| text.eq_ignore_ascii_case($alias))*
                            {
                                return $name::$variant;
                            }
                        )+
                        $name::Unknown($crate::UnknownValue::new(text))
                    }
                }
            }
        }

        impl $crate::open_enum::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::open_enum::__private::serde::Serializer,
            {
                match (self, self.id()) {
                    ($name::Unknown(value), _) => {
                        $crate::open_enum::__private::serde::Serialize::serialize(value, serializer)
                    }
                    (_, id) => serializer.serialize_i64(id.unwrap_or_default()),
                }
            }
        }

        impl<'de> $crate::open_enum::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::open_enum::__private::serde::Deserializer<'de>,
            {
                $crate::open_enum::deserialize_wire(
                    deserializer,
                    concat!("a ", stringify!($name), " id or name"),
                    $name::from_wire_value,
                )
            }
        }

        $crate::open_enum!(@common $name);
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ( lenient = $lenient:path ) { $($body:tt)+ }
    ) => {
        $crate::open_enum!(@string [$(#[$meta])*] [$vis] $name [$lenient] [false] { $($body)+ });
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ( ignore_case ) { $($body:tt)+ }
    ) => {
        $crate::open_enum!(@string [$(#[$meta])*] [$vis] $name [] [true] { $($body)+ });
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($body:tt)+ }
    ) => {
        $crate::open_enum!(@string [$(#[$meta])*] [$vis] $name [] [false] { $($body)+ });
    };
}
