//! Renames: a removed and an added thing with the same shape and a similar name are one
//! change, not two.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::tree::{At, Side};

/// Letters and digits only, lower-case: `instanceId`, `instance_id` and `Instance-ID` agree.
pub(crate) fn normalize(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether two names are close enough to be one renamed thing: equal but for case and
/// punctuation, one a good part of the other (`status` / `statuses`, `name` / `full_name`), or
/// a small edit of a longer name (`colour` / `color`).
pub(crate) fn similar(a: &str, b: &str) -> bool {
    let (x, y) = (normalize(a), normalize(b));
    if x.is_empty() || y.is_empty() {
        return false;
    }
    if x == y {
        return true;
    }
    let (short, long) = if x.len() <= y.len() { (&x, &y) } else { (&y, &x) };
    if short.len() >= 3 && long.contains(short.as_str()) && short.len() * 2 >= long.len() {
        return true;
    }
    short.len() >= 5 && edit_distance(&x, &y) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] =
                if ca == *cb { previous } else { 1 + previous.min(row[j]).min(row[j + 1]) };
            previous = current;
        }
    }
    row[b.len()]
}

/// Keys that document a schema without changing what it accepts.
const DOC_KEYS: &[&str] =
    &["description", "title", "example", "examples", "x-enum-descriptions", "externalDocs"];

/// What a schema accepts, without its documentation; `$ref`s stay names (old names mapped
/// through `renamed`, so a reference to a renamed schema still matches).
pub(crate) fn shape(side: &Side<'_>, at: &At<'_>, renamed: &BTreeMap<String, String>) -> Json {
    if let Some(reference) = at.str("$ref") {
        let (_, name) = side.deref(at.clone());
        let name = name.unwrap_or_else(|| reference.to_owned());
        let name = renamed.get(&name).cloned().unwrap_or(name);
        return serde_json::json!({ "$ref": name });
    }
    strip(at.node.to_json(), side, at, renamed)
}

fn strip(value: Json, side: &Side<'_>, at: &At<'_>, renamed: &BTreeMap<String, String>) -> Json {
    match value {
        Json::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, v) in map {
                if DOC_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let child = at.get(&key);
                let v = match &child {
                    Some(c) if c.node.as_map().is_some() && c.node.get("$ref").is_some() => {
                        shape(side, c, renamed)
                    }
                    Some(c) => strip(v, side, c, renamed),
                    None => v,
                };
                out.insert(key, v);
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match at.index(i) {
                    Some(c) if c.node.get("$ref").is_some() => shape(side, &c, renamed),
                    Some(c) => strip(v, side, &c, renamed),
                    None => v,
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names() {
        assert!(similar("instanceId", "instance_id"));
        assert!(similar("instance_statuses", "instance_status"));
        assert!(similar("name", "full_name"));
        assert!(similar("colour", "color"));
        assert!(!similar("id", "pet_id"));
        assert!(!similar("name", "status"));
        assert!(!similar("limit", "offset"));
    }
}
