//! Serde support for tagged unions (`oneOf` with a `discriminator`): the alternative is named
//! by a property of the object itself, which the alternative's own type may also declare.
//!
//! serde's internally tagged enums remove the tag before the alternative sees it, and write it
//! a second time when the alternative declares it too; these helpers keep the object whole.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Serializes `value` (an object) with `property` set to `tag`, whatever `value` holds there.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    value: &T,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error> {
    let mut object = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Value::Object(map) = &mut object {
        map.insert(property.to_owned(), Value::String(tag.to_owned()));
    }
    object.serialize(serializer)
}

/// Reads a tagged value whole: the text of its `property` (when it is a string) and the value.
pub fn read_tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &str,
) -> Result<(Option<String>, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let tag = value.get(property).and_then(Value::as_str).map(str::to_owned);
    Ok((tag, value))
}

/// Decodes the alternative a tag selected from the whole value.
pub fn alternative<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Cat {
        #[serde(rename = "petType")]
        pet_type: String,
        name: String,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Cat(Cat),
        Unknown(Value),
    }

    impl Serialize for Pet {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Pet::Cat(v) => serialize_tagged(s, v, "petType", "cat"),
                Pet::Unknown(v) => v.serialize(s),
            }
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let (tag, value) = read_tagged(d, "petType")?;
            match tag.as_deref() {
                Some("cat") => alternative(value).map(Pet::Cat),
                _ => Ok(Pet::Unknown(value)),
            }
        }
    }

    #[test]
    fn the_tag_reaches_the_alternative_and_is_written_once() {
        let json = r#"{"petType":"cat","name":"Tom"}"#;
        let pet: Pet = serde_json::from_str(json).unwrap();
        assert_eq!(pet, Pet::Cat(Cat { pet_type: "cat".into(), name: "Tom".into() }));
        // A wrong tag in the alternative's own field is corrected to the variant's.
        let pet = Pet::Cat(Cat { pet_type: "dog".into(), name: "Tom".into() });
        let written = serde_json::to_value(&pet).unwrap();
        assert_eq!(written, serde_json::from_str::<Value>(json).unwrap());
        let other: Pet = serde_json::from_str(r#"{"petType":"fish","fins":2}"#).unwrap();
        assert!(matches!(other, Pet::Unknown(ref v) if v["fins"] == 2));
    }
}
