//! Typed values to and from [`serde_json::Value`], through their JSON text.
//!
//! A type's `Serialize` and `Deserialize` are compiled once for each serializer and deserializer
//! they are used with. The client encodes request bodies with [`serde_json::to_vec`] and decodes
//! answers with [`serde_json::from_slice`]. Going through the same text here, instead of
//! `serde_json::to_value` and `from_value` (serde_json's value serializer and deserializer), reuses
//! those and compiles no second pair for every type. Typed mocks, union decoding and parameter
//! encoding convert values of most of a crate's types, so the second pair was a large part of
//! what a test crate that mocks every operation compiled. The text is parsed with exact floats
//! (serde_json's `float_roundtrip`): a value comes back as it was.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `value` as a JSON value: what [`serde_json::to_value`] gives.
///
/// # Errors
/// When `value` does not serialize (a map with keys that are not strings, for one).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(value)?)
}

/// `value` read as a `T`: what [`serde_json::from_value`] gives.
///
/// # Errors
/// When `value` does not decode as a `T`.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(value)?)
}

/// The part of the JSON text `body` at the JSON pointer `pointer` (e.g. `/data`), read as a
/// `T`; `None` when the body has nothing there.
///
/// The text is read once, and the part is decoded where it stands, as [`serde_json::from_slice`]
/// decodes a whole body: no [`Value`] of the body is built, and `T` is decoded by the same code as
/// everywhere else.
///
/// # Errors
/// When `body` is not JSON, or the part does not decode as a `T`.
pub fn from_slice_at<T: DeserializeOwned>(
    body: &[u8],
    pointer: &str,
) -> Result<Option<T>, serde_json::Error> {
    let Some(tokens) = pointer_tokens(pointer) else { return Ok(None) };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let found = At::<T> { tokens: &tokens, wanted: PhantomData }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(found)
}

/// The reference tokens of a JSON pointer (RFC 6901), unescaped; `None` when it is not one.
pub(crate) fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

/// Reads the value at `tokens` below the value it is given.
struct At<'a, T> {
    tokens: &'a [String],
    wanted: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for At<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        match self.tokens.split_first() {
            None => T::deserialize(deserializer).map(Some),
            Some((token, rest)) => {
                deserializer.deserialize_any(Member::<T> { token, rest, wanted: PhantomData })
            }
        }
    }
}

/// Finds the member (or array item) `token` and reads `rest` below it; skips everything else.
struct Member<'a, T> {
    token: &'a str,
    rest: &'a [String],
    wanted: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Member<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object or array with `{}`", self.token)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if found.is_none() && key == self.token {
                found = map.next_value_seed(At::<T> { tokens: self.rest, wanted: PhantomData })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        // RFC 6901: an array index is `0` or digits without a leading zero.
        let index = Some(self.token)
            .filter(|t| *t == "0" || !t.starts_with('0'))
            .and_then(|t| t.parse::<usize>().ok());
        let mut found = None;
        for i in 0.. {
            if Some(i) == index {
                let seed = At::<T> { tokens: self.rest, wanted: PhantomData };
                match seq.next_element_seed(seed)? {
                    Some(item) => found = item,
                    None => break,
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
        }
        Ok(found)
    }

    // A scalar has no members: nothing is there.
    fn visit_bool<E>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    #[test]
    fn values_come_back_as_they_were() {
        let value =
            json!({"a": [1, -2, 18446744073709551615u64, 0.1, 1e300, 5e-324], "b": null, "c": "é"});
        assert_eq!(super::to_value(&value).unwrap(), value);
        let floats: Vec<f64> = super::from_value(&json!([0.1, 2.2250738585072014e-308])).unwrap();
        assert_eq!(floats, [0.1, 2.2250738585072014e-308]);
        let keys = std::collections::BTreeMap::from([(1, "one")]);
        assert_eq!(super::to_value(&keys).unwrap(), json!({"1": "one"}), "as serde_json::to_value");
        assert!(super::from_value::<u8>(&json!(256)).is_err());
    }

    #[test]
    fn the_part_at_a_pointer_is_what_value_pointer_finds() {
        let body = json!({
            "code": 0,
            "data": {"items": [{"id": 1}, {"id": 2}], "a/b": "slash", "m~n": "tilde"},
            "after": [1, 2, {"deep": true}]
        });
        let text = serde_json::to_vec(&body).unwrap();
        for pointer in [
            "",
            "/data",
            "/data/items",
            "/data/items/1",
            "/data/items/1/id",
            "/data/a~1b",
            "/data/m~0n",
            "/after/2/deep",
            "/code",
            "/missing",
            "/data/items/2",
            "/data/items/01",
            "/code/x",
            "/after/-",
            "data",
        ] {
            let at: Option<Value> = super::from_slice_at(&text, pointer).unwrap();
            assert_eq!(at.as_ref(), body.pointer(pointer), "{pointer}");
        }
        let id: Option<u32> = super::from_slice_at(&text, "/data/items/0/id").unwrap();
        assert_eq!(id, Some(1));
    }

    #[test]
    fn a_part_that_does_not_decode_and_text_that_is_not_json_are_errors() {
        let wrong = super::from_slice_at::<u32>(br#"{"data": "seven"}"#, "/data").unwrap_err();
        assert!(wrong.to_string().contains("invalid type: string"), "{wrong}");
        assert!(super::from_slice_at::<u32>(br#"{"data": 7"#, "/data").is_err());
        assert!(super::from_slice_at::<u32>(br#"{"data": 7} x"#, "/data").is_err(), "trailing");
        let null: Option<Option<u32>> =
            super::from_slice_at(br#"{"data": null}"#, "/data").unwrap();
        assert_eq!(null, Some(None));
    }
}
