//! Values made from the schemas of a (bundled, single-document) spec: every property filled,
//! every scalar its own value, within the schema's constraints (`enum`, `minimum`/`maximum`,
//! `multipleOf`, `minLength`/`maxLength`, `pattern`, `minItems`/`maxItems`, `format`), so that a request
//! made of them passes a validating server and an answer made of them is one the spec allows.

use serde_json::{Map, Value, json};

/// Where a value goes, which limits the characters a string may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A JSON body: any text, including characters JSON must escape and non-ASCII.
    Body,
    /// A path segment or query value: non-ASCII and reserved characters, which must be
    /// percent-encoded.
    Url,
    /// A header value: visible ASCII only.
    Header,
}

/// Makes values for the schemas of `doc`.
pub struct Synth<'a> {
    doc: &'a Value,
    /// Counts the scalars written, so that every field gets its own value.
    n: u64,
    /// How strings look.
    place: Place,
    /// Keep integers within JavaScript's safe range (for Prism).
    js_safe: bool,
    /// Integers at the limits of their type and range instead of counted values.
    extremes: bool,
}

/// Depth after which optional properties and array items are left out (recursive schemas).
const MAX_DEPTH: usize = 14;

impl<'a> Synth<'a> {
    /// A synthesizer for the schemas of `doc`, starting its counter at `seed`.
    pub fn new(doc: &'a Value, seed: u64) -> Self {
        Self { doc, n: seed, place: Place::Body, js_safe: false, extremes: false }
    }

    /// Strings for `place`.
    pub fn place(mut self, place: Place) -> Self {
        self.place = place;
        self
    }

    /// Integers within ±(2^53 - 1).
    pub fn js_safe(mut self, yes: bool) -> Self {
        self.js_safe = yes;
        self
    }

    /// Integers at the limits of their type (`format`: `uint64` up to 18446744073709551615,
    /// `int64` alternating between its two limits, `int32`, `uint32`) within the schema's
    /// `minimum` and `maximum`: the values an `f64` cannot hold.
    pub fn extremes(mut self, yes: bool) -> Self {
        self.extremes = yes;
        self
    }

    /// Follows local `$ref`s.
    pub fn resolve<'s>(&self, mut value: &'s Value) -> &'s Value
    where
        'a: 's,
    {
        for _ in 0..64 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return value };
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("bundle the spec first: {reference}"));
            value =
                self.doc.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        panic!("$ref cycle")
    }

    fn next(&mut self) -> u64 {
        self.n += 1;
        self.n
    }

    /// A value of `schema`; `name` is the property (or item) it is written for.
    pub fn value(&mut self, schema: &Value, name: &str) -> Value {
        self.at(schema, name, 0)
    }

    fn at(&mut self, schema: &Value, name: &str, depth: usize) -> Value {
        let component = component_name(schema);
        let schema = self.resolve(schema);
        // `allOf`: one schema with the members' properties and requirements; a discriminator
        // among them (on a base schema) names the component the value is of.
        if schema.get("allOf").is_some() {
            let merged = self.merge_all_of(schema);
            let mut value = self.at(&merged, name, depth);
            if let (Some(discriminator), Some(component)) = (merged.get("discriminator"), component)
            {
                set_discriminator(&mut value, discriminator, component);
            }
            return value;
        }
        // `oneOf` / `anyOf`: a value of each variant in turn; with a discriminator, its property
        // saying which (the `mapping` key naming the variant, else the component name, as
        // OpenAPI 3.0's Discriminator Object says). Without one, the typed union must keep the
        // whole value, whichever variant it reads it as.
        let variants =
            schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array);
        if let Some(variants) = variants.filter(|v| !v.is_empty()) {
            let turn = self.next() as usize;
            let variant = &variants[turn % variants.len()];
            let mut value = self.at(variant, name, depth);
            if let (Some(discriminator), Some(component)) =
                (schema.get("discriminator"), component_name(variant))
            {
                set_discriminator(&mut value, discriminator, component);
            }
            return value;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let usable: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            let n = self.next() as usize;
            return usable.get(n % usable.len().max(1)).map_or(json!(""), |v| (*v).clone());
        }
        let ty = schema.get("type").and_then(Value::as_str);
        match ty {
            Some("string") => self.string(schema, name),
            Some("integer") => self.integer(schema),
            Some("number") => {
                let n = self.next() as f64;
                let min = schema.get("minimum").and_then(Value::as_f64);
                let max = schema.get("maximum").and_then(Value::as_f64);
                let v = clamp_f64(n + 0.5, min, max);
                json!(v)
            }
            Some("boolean") => Value::Bool(self.next() % 2 == 1),
            Some("array") => {
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let max = schema.get("maxItems").and_then(Value::as_u64).unwrap_or(u64::MAX);
                let count = if depth > MAX_DEPTH { min } else { 2_u64.clamp(min, max.max(min)) };
                let items = &schema["items"];
                let item_name = format!("{name}[]");
                let mut out: Vec<Value> = Vec::new();
                for _ in 0..count {
                    let mut v = self.at(items, &item_name, depth + 1);
                    // Distinct items (uniqueItems, and sets of enum values).
                    for _ in 0..8 {
                        if !out.contains(&v) {
                            break;
                        }
                        v = self.at(items, &item_name, depth + 1);
                    }
                    if out.contains(&v) && out.len() as u64 >= min {
                        break;
                    }
                    out.push(v);
                }
                Value::Array(out)
            }
            Some("object") | None => {
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let props = schema.get("properties").and_then(Value::as_object);
                let additional = schema.get("additionalProperties");
                if props.is_none() && ty.is_none() && additional.is_none() {
                    // No type at all: any JSON value; a string is one.
                    return self.string(schema, name);
                }
                let mut object = Map::new();
                for (prop, prop_schema) in props.into_iter().flatten() {
                    if depth > MAX_DEPTH && !required.contains(&prop.as_str()) {
                        continue;
                    }
                    object.insert(prop.clone(), self.at(prop_schema, prop, depth + 1));
                }
                match additional {
                    Some(Value::Object(_)) if depth <= MAX_DEPTH => {
                        let entry = additional.expect("matched");
                        for _ in 0..2 {
                            let key = format!("{name}-key-{}", self.next());
                            let v = self.at(entry, &key, depth + 1);
                            object.insert(key, v);
                        }
                    }
                    _ if props.is_none() && depth <= MAX_DEPTH => {
                        // A free-form object: some members of any kind.
                        let n = self.next();
                        object.insert(format!("free-{n}"), json!({"nested": [n, "text", true]}));
                    }
                    _ => {}
                }
                Value::Object(object)
            }
            Some(other) => panic!("{name}: type {other} not expected"),
        }
    }

    fn string(&mut self, schema: &Value, name: &str) -> Value {
        let text = self.free_string(schema, name);
        let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else { return text };
        // A `pattern` (ECMA-262, lookarounds included): the first candidate that matches.
        let regex = fancy_regex::Regex::new(pattern)
            .unwrap_or_else(|e| panic!("{name}: pattern {pattern:?} does not compile: {e}"));
        let n = self.next();
        let alnum: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        let candidates = [
            text.as_str().unwrap_or_default().to_owned(),
            format!("{alnum}{n}"),
            format!("2023-08-{:02} 06:{:02}:16", 1 + n % 28, n % 60),
            format!("2024-01-{:02}", 1 + n % 28),
            n.to_string(),
        ];
        let fits = |c: &String| {
            let len = c.chars().count() as u64;
            schema.get("minLength").and_then(Value::as_u64).is_none_or(|m| len >= m)
                && schema.get("maxLength").and_then(Value::as_u64).is_none_or(|m| len <= m)
        };
        let found = candidates.into_iter().find(|c| fits(c) && regex.is_match(c).unwrap_or(false));
        let found = found.unwrap_or_else(|| {
            panic!("{name}: no candidate value matches the pattern {pattern:?}; add one")
        });
        Value::String(found)
    }

    fn free_string(&mut self, schema: &Value, name: &str) -> Value {
        let n = self.next();
        let format = schema.get("format").and_then(Value::as_str);
        let mut text = match (format, self.place) {
            (Some("date-time"), _) => format!("2023-08-{:02}T06:{:02}:16Z", 1 + n % 28, n % 60),
            (Some("date"), _) => format!("2024-01-{:02}", 1 + n % 28),
            (_, Place::Body) => format!("{name} {n}: 值 \"q\" \\ ä"),
            (_, Place::Url) => format!("{name} {n}/ä?&=#%+"),
            (_, Place::Header) => format!("{name}-{n}"),
        };
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max =
            schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
        let len = text.chars().count();
        if len > max {
            // Keep the counter (distinct values) at the end.
            let tail: String = n.to_string();
            let keep = max.saturating_sub(tail.chars().count());
            text = text.chars().take(keep).chain(tail.chars()).take(max).collect();
        }
        while text.chars().count() < min {
            text.push('x');
        }
        Value::String(text)
    }

    fn integer(&mut self, schema: &Value) -> Value {
        if self.extremes {
            return self.extreme_integer(schema);
        }
        let n = self.next() as i64;
        let min = schema.get("minimum").and_then(Value::as_i64);
        let max = schema.get("maximum").and_then(Value::as_i64);
        let multiple = schema.get("multipleOf").and_then(Value::as_i64).filter(|m| *m > 0);
        let (lo, hi) = (min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX));
        let mut v = match (min, max) {
            // In i128: the whole i64 range has more values than an i64 counts.
            (Some(lo), Some(hi)) if hi >= lo => {
                (i128::from(lo) + i128::from(n) % (i128::from(hi) - i128::from(lo) + 1)) as i64
            }
            (Some(lo), None) => lo.saturating_add(n),
            (None, Some(hi)) => hi.saturating_sub(n),
            _ => n,
        };
        if let Some(m) = multiple {
            v = (v / m) * m;
            if v < lo {
                v += m;
            }
        }
        let v = v.clamp(lo, hi);
        if self.js_safe { json!(v.clamp(-((1 << 53) - 1), (1 << 53) - 1)) } else { json!(v) }
    }
}

impl Synth<'_> {
    fn extreme_integer(&mut self, schema: &Value) -> Value {
        let (lo, hi): (i128, i128) = match schema.get("format").and_then(Value::as_str) {
            Some("uint64") => (0, u64::MAX.into()),
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            Some("uint32") => (0, u32::MAX.into()),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        let bound = |key: &str| {
            let v = schema.get(key)?;
            v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from))
        };
        let lo = bound("minimum").map_or(lo, |m| m.max(lo));
        let hi = bound("maximum").map_or(hi, |m| m.min(hi));
        let v = if self.next() % 2 == 0 { hi } else { lo };
        let v = if self.js_safe { v.clamp(-((1 << 53) - 1), (1 << 53) - 1) } else { v };
        match u64::try_from(v) {
            Ok(u) if u > i64::MAX as u64 => json!(u),
            _ => json!(v as i64),
        }
    }
}

/// The component a `$ref` names (`#/components/schemas/Cat` → `Cat`).
fn component_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

/// Sets the discriminator property of an object value of component `component`: the key of
/// `mapping` that maps to it (by `$ref` or by name), else the component name.
fn set_discriminator(value: &mut Value, discriminator: &Value, component: &str) {
    let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else { return };
    let Value::Object(object) = value else { return };
    let mapping = discriminator.get("mapping").and_then(Value::as_object);
    let key = mapping
        .into_iter()
        .flatten()
        .find(|(_, target)| {
            let target = target.as_str().unwrap_or_default();
            target == component || target.strip_prefix("#/components/schemas/") == Some(component)
        })
        .map_or(component, |(key, _)| key.as_str());
    object.insert(property.to_owned(), Value::String(key.to_owned()));
}

impl Synth<'_> {
    /// The members of an `allOf` (and of their own `allOf`s) merged into one schema: the
    /// properties and `required` of every member, the first `discriminator`, other keywords of
    /// the schema itself kept.
    fn merge_all_of(&self, schema: &Value) -> Value {
        let mut merged = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut members = vec![schema];
        while let Some(member) = members.pop() {
            let member = self.resolve(member);
            for (key, value) in member.as_object().into_iter().flatten() {
                match key.as_str() {
                    "allOf" => {
                        let list = value.as_array().into_iter().flatten();
                        members.extend(list.collect::<Vec<_>>().into_iter().rev());
                    }
                    "properties" => {
                        for (k, v) in value.as_object().into_iter().flatten() {
                            properties.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                    "required" => {
                        for r in value.as_array().into_iter().flatten() {
                            if !required.contains(r) {
                                required.push(r.clone());
                            }
                        }
                    }
                    _ => {
                        merged.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
        }
        merged.insert("type".into(), json!("object"));
        merged.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            merged.insert("required".into(), Value::Array(required));
        }
        Value::Object(merged)
    }
}

fn clamp_f64(v: f64, min: Option<f64>, max: Option<f64>) -> f64 {
    let v = min.map_or(v, |m| v.max(m));
    max.map_or(v, |m| v.min(m))
}
