//! How parameter values become query strings, headers and path segments.
//!
//! Query arrays are sent as repeated keys (OpenAPI's default `form` style, `explode: true`);
//! an absent optional value sends nothing.

/// A value that can be sent as a query or header parameter.
pub trait ParamValue {
    /// Appends `name=value` pairs for this value to `out`.
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_owned(), self.to_string()));
            }
        }
    )*};
}

display_param!(String, str, bool, i32, i64, u32, u64, f32, f64);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).push_to(name, out);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.push_to(name, out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        for value in self {
            value.push_to(name, out);
        }
    }
}

/// Appends the items of `value` as one `name=a,b,c` pair: arrays of parameters that are not
/// exploded (OpenAPI `explode: false`). An absent or empty array sends nothing.
pub fn push_joined(value: &impl ParamValue, name: &str, out: &mut Vec<(String, String)>) {
    let mut items = Vec::new();
    value.push_to(name, &mut items);
    if !items.is_empty() {
        let joined: Vec<String> = items.into_iter().map(|(_, v)| v).collect();
        out.push((name.to_owned(), joined.join(",")));
    }
}

/// A path segment: the value's text, percent-encoded so it stays one segment.
pub fn path_segment(value: &impl std::fmt::Display) -> String {
    crate::signing::canonical::encode(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_repeat_and_none_is_absent() {
        let mut out = Vec::new();
        vec![1_i64, 2].push_to("id", &mut out);
        None::<String>.push_to("skip", &mut out);
        Some(true).push_to("flag", &mut out);
        let expected = [("id", "1"), ("id", "2"), ("flag", "true")];
        let expected: Vec<(String, String)> =
            expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        assert_eq!(out, expected);
        assert_eq!(path_segment(&"a/b c"), "a%2Fb%20c");
        let mut joined = Vec::new();
        push_joined(&Some(vec!["x".to_owned(), "y".to_owned()]), "ids", &mut joined);
        push_joined(&None::<Vec<String>>, "none", &mut joined);
        assert_eq!(joined, vec![("ids".to_owned(), "x,y".to_owned())]);
    }
}
