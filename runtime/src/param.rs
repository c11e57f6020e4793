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

/// An OpenAPI parameter `style`, for values that are objects or arrays of any kind (sent
/// through their JSON form; scalars and arrays of scalars in the default style use
/// [`ParamValue`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// `form` (query and cookie default): `name=a&name=b`, or `name=a,b` unexploded.
    Form,
    /// `simple` (path and header default): `a,b`; objects `k=v,k2=v2` exploded, `k,v,k2,v2`
    /// not.
    Simple,
    /// `spaceDelimited`: `name=a b`.
    SpaceDelimited,
    /// `pipeDelimited`: `name=a|b`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `label` (path): `.a.b` exploded, `.a,b` not.
    Label,
    /// `matrix` (path): `;name=a;name=b` exploded, `;name=a,b` not.
    Matrix,
}

/// The text of a scalar JSON value; nested values are sent as JSON text.
fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The value's JSON form: the scalar items of an array, or the keys and values of an object.
enum Shape {
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

fn shape<T: serde::Serialize + ?Sized>(value: &T) -> Option<Shape> {
    match crate::json::to_value(value).ok()? {
        serde_json::Value::Array(items) => {
            Some(Shape::List(items.iter().filter_map(text).collect()))
        }
        serde_json::Value::Object(map) => Some(Shape::Object(
            map.iter().filter_map(|(k, v)| Some((k.clone(), text(v)?))).collect(),
        )),
        other => text(&other).map(Shape::Scalar),
    }
}

/// Appends the query, cookie or header pairs of `value` in `style` (OpenAPI 3.0's
/// serialization rules). An absent (`null`) value sends nothing.
pub fn push_styled<T: serde::Serialize + ?Sized>(
    value: &T,
    name: &str,
    style: Style,
    explode: bool,
    out: &mut Vec<(String, String)>,
) {
    let Some(shape) = shape(value) else { return };
    let joined = |items: Vec<String>| match style {
        Style::SpaceDelimited => items.join(" "),
        Style::PipeDelimited => items.join("|"),
        _ => items.join(","),
    };
    match shape {
        Shape::Scalar(text) => out.push((name.to_owned(), text)),
        Shape::List(items) if explode && matches!(style, Style::Form) => {
            out.extend(items.into_iter().map(|v| (name.to_owned(), v)));
        }
        Shape::List(items) if items.is_empty() => {}
        Shape::List(items) => out.push((name.to_owned(), joined(items))),
        Shape::Object(pairs) => match style {
            Style::DeepObject => {
                out.extend(pairs.into_iter().map(|(k, v)| (format!("{name}[{k}]"), v)));
            }
            Style::Form if explode => out.extend(pairs),
            Style::Simple if explode => {
                let items = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
                out.push((name.to_owned(), joined(items)));
            }
            _ => {
                let items = pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
                out.push((name.to_owned(), joined(items)));
            }
        },
    }
}

/// A path parameter of any value in `style` (`simple`, `label` or `matrix`), each part
/// percent-encoded so the whole stays one segment.
pub fn path_styled<T: serde::Serialize + ?Sized>(
    value: &T,
    name: &str,
    style: Style,
    explode: bool,
) -> String {
    let enc = |s: &str| crate::signing::canonical::encode(s);
    let (prefix, sep) = match (style, explode) {
        (Style::Label, true) => (".".to_owned(), "."),
        (Style::Label, false) => (".".to_owned(), ","),
        (Style::Matrix, true) => (String::new(), ";"),
        (Style::Matrix, false) => (format!(";{}=", enc(name)), ","),
        _ => (String::new(), ","),
    };
    let Some(shape) = shape(value) else { return String::new() };
    match (shape, style) {
        (Shape::Scalar(v), Style::Matrix) => format!(";{}={}", enc(name), enc(&v)),
        (Shape::Scalar(v), _) => format!("{prefix}{}", enc(&v)),
        (Shape::List(items), Style::Matrix) if explode => {
            items.iter().map(|v| format!(";{}={}", enc(name), enc(v))).collect()
        }
        (Shape::List(items), _) => {
            format!("{prefix}{}", items.iter().map(|v| enc(v)).collect::<Vec<_>>().join(sep))
        }
        (Shape::Object(pairs), Style::Matrix) if explode => {
            pairs.iter().map(|(k, v)| format!(";{}={}", enc(k), enc(v))).collect()
        }
        (Shape::Object(pairs), _) if explode => {
            let items: Vec<String> =
                pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
            format!("{prefix}{}", items.join(sep))
        }
        (Shape::Object(pairs), _) => {
            let items: Vec<String> = pairs.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect();
            format!("{prefix}{}", items.join(","))
        }
    }
}

#[cfg(test)]
mod style_tests {
    use super::*;
    use serde_json::json;

    fn query(value: serde_json::Value, style: Style, explode: bool) -> Vec<(String, String)> {
        let mut out = Vec::new();
        push_styled(&value, "color", style, explode, &mut out);
        out
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    // The examples of OpenAPI 3.0.3, section "Style Examples".
    #[test]
    fn query_styles_follow_the_specification_examples() {
        let array = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(
            query(array.clone(), Style::Form, false),
            pairs(&[("color", "blue,black,brown")])
        );
        assert_eq!(
            query(array.clone(), Style::Form, true),
            pairs(&[("color", "blue"), ("color", "black"), ("color", "brown")])
        );
        assert_eq!(
            query(array.clone(), Style::SpaceDelimited, false),
            pairs(&[("color", "blue black brown")])
        );
        assert_eq!(
            query(array, Style::PipeDelimited, false),
            pairs(&[("color", "blue|black|brown")])
        );
        // serde_json orders keys by name.
        assert_eq!(
            query(object.clone(), Style::Form, false),
            pairs(&[("color", "B,150,G,200,R,100")])
        );
        assert_eq!(
            query(object.clone(), Style::Form, true),
            pairs(&[("B", "150"), ("G", "200"), ("R", "100")])
        );
        assert_eq!(
            query(object, Style::DeepObject, true),
            pairs(&[("color[B]", "150"), ("color[G]", "200"), ("color[R]", "100")])
        );
        assert!(query(json!(null), Style::Form, true).is_empty());
    }

    #[test]
    fn path_styles_follow_the_specification_examples() {
        let array = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200});
        assert_eq!(path_styled(&"blue", "color", Style::Simple, false), "blue");
        assert_eq!(path_styled(&array, "color", Style::Simple, false), "blue,black,brown");
        assert_eq!(path_styled(&object, "color", Style::Simple, false), "G,200,R,100");
        assert_eq!(path_styled(&object, "color", Style::Simple, true), "G=200,R=100");
        assert_eq!(path_styled(&"blue", "color", Style::Label, false), ".blue");
        assert_eq!(path_styled(&array, "color", Style::Label, false), ".blue,black,brown");
        assert_eq!(path_styled(&array, "color", Style::Label, true), ".blue.black.brown");
        assert_eq!(path_styled(&object, "color", Style::Label, true), ".G=200.R=100");
        assert_eq!(path_styled(&"blue", "color", Style::Matrix, false), ";color=blue");
        assert_eq!(path_styled(&array, "color", Style::Matrix, false), ";color=blue,black,brown");
        assert_eq!(
            path_styled(&array, "color", Style::Matrix, true),
            ";color=blue;color=black;color=brown"
        );
        assert_eq!(path_styled(&object, "color", Style::Matrix, true), ";G=200;R=100");
        assert_eq!(path_styled(&object, "color", Style::Matrix, false), ";color=G,200,R,100");
    }
}
