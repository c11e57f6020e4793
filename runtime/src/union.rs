//! Serde support for unions (`oneOf`/`anyOf`).
//!
//! Tagged unions (with a `discriminator`): the alternative is named by a property of the object
//! itself, which the alternative's own type may also declare. serde's internally tagged enums
//! remove the tag before the alternative sees it, and write it a second time when the
//! alternative declares it too; these helpers keep the object whole.
//!
//! Untagged unions: serde's `untagged` takes the first alternative that decodes, and a struct
//! decodes any object that has its required members, dropping the members it does not know.
//! [`Untagged`] takes the first alternative that decodes the value *and keeps every member of
//! it*, else the one that drops fewest: overlapping alternatives lose nothing they can hold.

use std::cell::Cell;

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
    let mut object = crate::json::to_value(value).map_err(S::Error::custom)?;
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
    crate::json::from_value(&value).map_err(E::custom)
}

/// Chooses the alternative of an untagged union for a received value: the first, in the order
/// given, that decodes it and keeps every member it holds; when each alternative that decodes
/// drops some member, the one that drops fewest (the earlier on a tie).
///
/// Between alternatives that keep the whole value, one that knows every enum value in it (and
/// every tag of a nested tagged union) goes before one that reads some as `Unknown`: two
/// alternatives that differ only in their enums are told apart by them.
#[derive(Debug)]
pub struct Untagged<T> {
    value: Value,
    /// The best alternative so far: (decoded, members dropped, values read as `Unknown`).
    best: Option<(T, usize, usize)>,
}

thread_local! {
    /// Values read as `Unknown` (an enum value or a tag this version does not know) on this
    /// thread: [`Untagged`] counts them per alternative it tries.
    static UNKNOWN: Cell<usize> = const { Cell::new(0) };
}

/// Notes that a decoded value was read as `Unknown`: [`string_enum!`](crate::string_enum)'s
/// `Deserialize` and the generated unions call it.
#[doc(hidden)]
pub fn note_unknown(count: usize) {
    UNKNOWN.set(UNKNOWN.get().saturating_add(count));
}

impl<T> Untagged<T> {
    /// Starts the choice for `value`.
    pub fn new(value: Value) -> Self {
        Self { value, best: None }
    }

    /// Tries the alternative `A` (made into the union by `wrap`), unless an earlier one kept
    /// the whole value and knew every enum value in it.
    #[must_use]
    pub fn alternative<A: DeserializeOwned + Serialize>(mut self, wrap: fn(A) -> T) -> Self {
        if matches!(self.best, Some((_, 0, 0))) {
            return self;
        }
        let before = UNKNOWN.get();
        let decoded = crate::json::from_value::<A>(&self.value);
        let unknown = UNKNOWN.get().saturating_sub(before);
        // What a tried alternative read counts only when it is chosen (in `finish`).
        UNKNOWN.set(before);
        if let Ok(decoded) = decoded {
            let lost = crate::json::to_value(&decoded)
                .map_or(usize::MAX, |written| dropped(&self.value, &written));
            if self.best.as_ref().is_none_or(|(_, l, u)| (lost, unknown) < (*l, *u)) {
                self.best = Some((wrap(decoded), lost, unknown));
            }
        }
        self
    }

    /// The chosen alternative, or `unknown` with the value as received when none decodes it.
    pub fn finish(self, unknown: fn(Value) -> T) -> T {
        match self.best {
            Some((chosen, _, unknowns)) => {
                note_unknown(unknowns);
                chosen
            }
            None => {
                note_unknown(1);
                unknown(self.value)
            }
        }
    }
}

/// How many members of `received` (object members and array items, at any depth) are missing
/// from `written`, the value its decoding writes back. A `null` member carries nothing and is
/// not counted; scalars are not compared (a date or a number may be written in another form).
fn dropped(received: &Value, written: &Value) -> usize {
    match (received, written) {
        (Value::Object(got), Value::Object(kept)) => got
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| kept.get(k).map_or_else(|| 1 + members(v), |w| dropped(v, w)))
            .sum(),
        (Value::Array(got), Value::Array(kept)) => {
            let common: usize = got.iter().zip(kept).map(|(v, w)| dropped(v, w)).sum();
            common + got.iter().skip(kept.len()).map(|v| 1 + members(v)).sum::<usize>()
        }
        (Value::Object(_) | Value::Array(_), _) => members(received),
        _ => 0,
    }
}

/// The members and items inside `value`, at any depth.
fn members(value: &Value) -> usize {
    match value {
        Value::Object(m) => m.values().filter(|v| !v.is_null()).map(|v| 1 + members(v)).sum(),
        Value::Array(a) => a.iter().map(|v| 1 + members(v)).sum(),
        _ => 0,
    }
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

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Small {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<i64>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Large {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<Vec<Small>>,
    }

    #[derive(Debug, PartialEq)]
    enum Either {
        Small(Small),
        Large(Large),
        Number(f64),
        Unknown(Value),
    }

    fn either(json: &str) -> Either {
        Untagged::new(serde_json::from_str(json).unwrap())
            .alternative(Either::Small)
            .alternative(Either::Large)
            .alternative(Either::Number)
            .finish(Either::Unknown)
    }

    #[test]
    fn an_untagged_value_goes_to_the_first_alternative_that_keeps_all_of_it() {
        // Both structs decode every object; only the second keeps `b`.
        assert_eq!(either(r#"{"a":1}"#), Either::Small(Small { a: Some(1) }));
        assert_eq!(
            either(r#"{"a":1,"b":[{"a":2}]}"#),
            Either::Large(Large { a: Some(1), b: Some(vec![Small { a: Some(2) }]) })
        );
        // A null member carries nothing: the first alternative keeps the value.
        assert_eq!(either(r#"{"a":null}"#), Either::Small(Small { a: None }));
        // Neither keeps `c`: the one that drops fewest wins, the earlier on a tie.
        assert_eq!(either(r#"{"a":1,"c":3}"#), Either::Small(Small { a: Some(1) }));
        assert_eq!(
            either(r#"{"b":[{"a":1,"z":0}],"c":3}"#),
            Either::Large(Large { a: None, b: Some(vec![Small { a: Some(1) }]) })
        );
        // Scalars are not compared: an integer read as a number is kept.
        assert_eq!(either("2"), Either::Number(2.0));
        assert_eq!(either(r#""text""#), Either::Unknown(Value::from("text")));
    }

    #[test]
    fn dropped_members_are_counted_at_every_depth() {
        let got: Value = serde_json::from_str(r#"{"a":{"b":1,"c":[1,{"d":2}]},"e":null}"#).unwrap();
        assert_eq!(dropped(&got, &got), 0);
        assert_eq!(dropped(&got, &serde_json::json!({})), 6);
        assert_eq!(dropped(&got, &serde_json::json!({"a":{"b":1,"c":[1]}})), 2);
        assert_eq!(dropped(&got, &serde_json::json!({"a":{"b":1,"c":"x"}})), 3);
    }

    #[derive(Clone, Debug, PartialEq)]
    enum Colour {
        Red,
        Unknown(String),
    }
    crate::string_enum!(Colour, Red = "red",);

    #[derive(Clone, Debug, PartialEq)]
    enum Shade {
        Dark,
        Unknown(String),
    }
    crate::string_enum!(Shade, Dark = "dark",);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Paint {
        colour: Colour,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Tint {
        colour: Shade,
    }

    #[derive(Debug, PartialEq)]
    enum Coat {
        Paint(Paint),
        Tint(Tint),
        Unknown(Value),
    }

    fn coat(json: &str) -> Coat {
        Untagged::new(serde_json::from_str(json).unwrap())
            .alternative(Coat::Paint)
            .alternative(Coat::Tint)
            .finish(Coat::Unknown)
    }

    #[test]
    fn alternatives_that_differ_in_their_enums_are_told_apart_by_them() {
        assert_eq!(coat(r#"{"colour":"red"}"#), Coat::Paint(Paint { colour: Colour::Red }));
        assert_eq!(coat(r#"{"colour":"dark"}"#), Coat::Tint(Tint { colour: Shade::Dark }));
        // Known to neither: the first, with the value kept as `Unknown`.
        assert_eq!(
            coat(r#"{"colour":"blue"}"#),
            Coat::Paint(Paint { colour: Colour::Unknown("blue".into()) })
        );
        // What the tried alternatives read leaves the count as the chosen one left it.
        let before = UNKNOWN.get();
        coat(r#"{"colour":"dark"}"#);
        assert_eq!(UNKNOWN.get(), before);
        coat(r#"{"colour":"blue"}"#);
        assert_eq!(UNKNOWN.get(), before + 1);
    }
}
