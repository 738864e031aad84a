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

use std::fmt;

/// A value the SDK does not know yet, kept as the service sent it. Opaque: read it with
/// [`UnknownValue::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value as it is. To read a value from a service use the enum's `from_wire`, which
    /// gives the variant for a known value; a known value wrapped here is not equal to it.
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue(value.into())
    }

    /// The value as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the macro's expansion needs, reachable from any crate through `$crate`.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// Declares an open enum of wire strings; see the [module](mod@crate::open_enum) for examples.
///
/// It has the variants given plus `Unknown(UnknownValue)`, and `as_str`, `from_wire`, `known`,
/// `is_unknown`, `KNOWN`, `Display`, `FromStr` (never fails), `From<&str>` and serde as the wire
/// string.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident $( ( lenient = $lenient:path ) )? {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
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

            /// The variant for exactly this wire value, if it is a known one.
            pub fn known(wire: &str) -> Option<Self> {
                match wire {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// Reads a wire value; a value this SDK does not know becomes `Unknown`, as sent.
            pub fn from_wire(wire: &str) -> Self {
                let found = Self::known(wire);
                $( let found = found.or_else(|| $lenient(wire)); )?
                found.unwrap_or_else(|| $name::Unknown($crate::UnknownValue::new(wire)))
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

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

        impl $crate::open_enum::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::open_enum::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::open_enum::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::open_enum::__private::serde::Deserializer<'de>,
            {
                let wire = <::std::borrow::Cow<'de, str> as $crate::open_enum::__private::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&wire))
            }
        }
    };
}
