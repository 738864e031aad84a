//! String ids a service assigns: newtypes that keep the id as it came, declared with
//! [`string_id!`](crate::string_id!).

/// Declares a newtype for a string id a service assigns (a `systemID`, a payment id): the text
/// as the service gave it, never checked or changed.
///
/// It has `new`, `as_str`, `AsRef<str>`, `From<&str>`, `From<String>`, `Display` (the id),
/// `Debug` (`Name("id")`), equality, ordering and hashing, and serde as a plain JSON string.
///
/// ```
/// hint_core::string_id! {
///     /// A payment's id.
///     pub struct UtbetalingId;
/// }
///
/// let id: UtbetalingId = serde_json::from_str(r#""u-17""#)?;
/// assert_eq!(id.as_str(), "u-17");
/// assert_eq!(format!("{id:?}"), r#"UtbetalingId("u-17")"#);
/// assert_eq!(serde_json::to_string(&UtbetalingId::new("u-18"))?, r#""u-18""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! string_id {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(::std::string::String);

        impl $name {
            /// Wraps an id as the service gave it.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                $name(value.into())
            }

            /// The id as the service gave it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $name(value)
            }
        }

        impl $crate::open_enum::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::open_enum::__private::serde::Serializer,
            {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> $crate::open_enum::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::open_enum::__private::serde::Deserializer<'de>,
            {
                <::std::string::String as $crate::open_enum::__private::serde::Deserialize>::deserialize(deserializer).map($name)
            }
        }
    };
}
