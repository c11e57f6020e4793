//! Comparing JSON documents: what was sent or served against what arrived or was decoded.

use serde_json::Value;

/// Every integer in `value` at or beyond 2^53 in magnitude, as JSON text: these must arrive
/// digit for digit.
pub fn wide_integers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Number(n) => {
                let wide = n.as_u64().is_some_and(|u| u >= 1 << 53)
                    || n.as_i64().is_some_and(|i| i <= -(1 << 53));
                if wide {
                    out.push(n.to_string());
                }
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    out
}

/// Integers compare exactly; an integer and a float are equal when the float is that integer
/// and the integer is within ±2^53 (a `number` field re-serializes `100` as `100.0`, but an
/// integer an `f64` cannot hold must never pass through one).
fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    const EXACT_IN_F64: u64 = 1 << 53;
    let small = |n: &serde_json::Number| {
        n.as_i64().map_or_else(
            || n.as_u64().is_some_and(|u| u <= EXACT_IN_F64),
            |i| i.unsigned_abs() <= EXACT_IN_F64,
        )
    };
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        (None, None, None, None) => a.as_f64() == b.as_f64(),
        _ if a.is_f64() != b.is_f64() => {
            let int = if a.is_f64() { b } else { a };
            small(int) && a.as_f64() == b.as_f64()
        }
        _ => false,
    }
}

/// Differences between `expected` and `actual`, as `pointer: explanation` lines. A null and an
/// absent member are the same; integers compare exactly (no `f64` in between), an integer and
/// a float by value within ±2^53 (`100` equals `100.0`). `exact`: members of `actual` that
/// `expected` lacks are differences too; otherwise only `expected`'s members are checked.
pub fn json_diff(expected: &Value, actual: &Value, exact: bool) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("", expected, actual, exact, &mut out);
    out
}

fn diff_at(at: &str, expected: &Value, actual: &Value, exact: bool, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) if numbers_equal(a, b) => {}
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let here = format!("{at}/{k}");
                match a.get(k) {
                    Some(av) => diff_at(&here, ev, av, exact, out),
                    None if ev.is_null() => {}
                    None => out.push(format!("{here}: missing (expected {ev})")),
                }
            }
            if exact {
                for (k, av) in a {
                    if !e.contains_key(k) && !av.is_null() {
                        out.push(format!("{at}/{k}: unexpected {av}"));
                    }
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{at}: {} items, expected {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff_at(&format!("{at}/{i}"), ev, av, exact, out);
            }
        }
        (Value::Number(_), Value::Number(_)) => out.push(format!(
            "{}: {actual}, expected {expected}",
            if at.is_empty() { "/" } else { at }
        )),
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{}: {a}, expected {e}", if at.is_empty() { "/" } else { at })),
    }
}
