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
    }
}
