//! String enumerations of generated crates: the conversions every such enum needs (wire text,
//! serde, query and header parameters) are written once, in [`string_enum!`](crate::string_enum);
//! a generated crate states only what differs between enums: names, documentation and values.

/// Implements what every generated string enumeration needs. The enum itself is declared in
/// the generated crate (so its source and rustdoc read as plain Rust) with one unit variant per
/// documented value and a last variant `Unknown(String)`; the macro takes its name and the wire
/// value of each unit variant.
///
/// ```
/// /// A script's language.
/// #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
/// #[non_exhaustive]
/// pub enum ScriptType {
///     /// A shell script.
///     Shell,
///     /// A Python script.
///     Python,
///     /// A value this version of the crate does not know, as received.
///     Unknown(String),
/// }
/// apigen_runtime::string_enum! {
///     ScriptType,
///     Shell = "SHELL",
///     Python = "PYTHON",
/// }
///
/// assert_eq!(ScriptType::from("SHELL"), ScriptType::Shell);
/// assert_eq!(ScriptType::from("BAT"), ScriptType::Unknown("BAT".to_owned()));
/// assert_eq!(serde_json::to_string(&ScriptType::Python).unwrap(), "\"PYTHON\"");
/// assert_eq!(serde_json::from_str::<ScriptType>("\"BAT\"").unwrap().to_string(), "BAT");
/// ```
///
/// Implemented: `as_str` (the wire text), `From<&str>` (an unknown value becomes `Unknown`),
/// `AsRef<str>`, `Display`, serde's `Serialize` and `Deserialize` (as the wire text) and
/// [`ParamValue`](crate::ParamValue).
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $( $variant:ident = $wire:literal, )*) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::reexports::serde::Serialize for $name {
            fn serialize<S: $crate::reexports::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::reexports::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::reexports::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::borrow::Cow<'de, str> =
                    $crate::reexports::serde::Deserialize::deserialize(deserializer)?;
                let read = Self::from(&*value);
                if let Self::Unknown(_) = read {
                    $crate::union::note_unknown(1);
                }
                ::std::result::Result::Ok(read)
            }
        }

        impl $crate::ParamValue for $name {
            fn push_to(
                &self,
                name: &str,
                out: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
            ) {
                out.push((name.to_owned(), self.as_str().to_owned()));
            }
        }
    };
}
