//! Rust identifiers from spec names: snake_case fields and methods, PascalCase types and
//! variants, never a keyword, never empty, ASCII only.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords (strict, reserved and edition-2024) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a crate name cargo takes and a Rust path can name: an ASCII letter, then
/// letters, digits, `-` and `_`, at most 64 of them; not a keyword or a standard crate once
/// `-` is `_`.
pub fn is_crate_name(name: &str) -> bool {
    let ident = name.replace('-', "_");
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !KEYWORDS.contains(&ident.as_str())
        && !["std", "core", "alloc", "proc_macro", "test"].contains(&ident.as_str())
}

/// Replaces every character that cannot appear in an ASCII identifier by a word break, and
/// spells out non-ASCII characters as `u<hex>` so distinct names stay distinct.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // A name of symbols and digits only (`+1`, `-1`, `*`) spells its symbols out, so that
    // `+1` and `-1` stay apart (`plus_1`, `minus_1`).
    let spell = !name.chars().any(|c| c.is_alphabetic());
    for c in name.chars() {
        if spell && let Some(word) = symbol_name(c) {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '.' => "dot",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "and",
        '=' => "eq",
        '<' => "lt",
        '>' => "gt",
        '!' => "not",
        '~' => "tilde",
        '^' => "caret",
        '|' => "or",
        ':' => "colon",
        '?' => "question",
        _ => return None,
    })
}

/// The longest identifier made from a spec name. Longer ones keep their start and end with a
/// hash of the whole (`…_h1a2b3c4d`), so distinct names stay distinct: a name of megabytes
/// would otherwise be written out again at every use (the generated code of a 4 MB
/// `operationId` was 88 MB).
const MAX_IDENT: usize = 128;

/// `ident` cut to [`MAX_IDENT`] characters when longer, with a hash of the whole after `sep`
/// (`_` in snake_case, nothing in PascalCase).
fn bounded(ident: String, sep: &str) -> String {
    if ident.len() <= MAX_IDENT {
        return ident;
    }
    // FNV-1a: the same on every machine, so the output is deterministic.
    let hash =
        ident.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    let keep = MAX_IDENT - 10 - sep.len();
    // The identifier is ASCII: any byte index is a character boundary.
    format!("{}{sep}h{hash:08x}", ident[..keep].trim_end_matches('_'))
}

fn fix(ident: String, empty: &str, digit_prefix: &str) -> String {
    let ident = if ident.is_empty() {
        empty.to_owned()
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{ident}")
    } else {
        ident
    };
    if KEYWORDS.contains(&ident.as_str()) { format!("{ident}_") } else { ident }
}

/// A field, parameter or method name: `snake_case`.
pub fn snake(name: &str) -> String {
    fix(bounded(ascii_words(name).to_snake_case(), "_"), "field", "n")
}

/// Names the generated code uses unqualified (the prelude's types and variants); a spec type
/// with one of them would shadow it in its module.
const PRELUDE: &[&str] = &["Box", "Err", "None", "Ok", "Option", "Result", "Some", "String", "Vec"];

/// A type name for a spec schema: `PascalCase`, with `Value` appended to a name the generated
/// code uses from the prelude (`Option` → `OptionValue`).
pub fn type_name(name: &str) -> String {
    let rust = pascal(name);
    if PRELUDE.contains(&rust.as_str()) { format!("{rust}Value") } else { rust }
}

/// Whether `name` is one the generated code uses from the prelude.
pub fn is_prelude(name: &str) -> bool {
    PRELUDE.contains(&name)
}

/// A type or variant name: `PascalCase`.
pub fn pascal(name: &str) -> String {
    fix(bounded(ascii_words(name).to_upper_camel_case(), ""), "Value", "V")
}

/// `base`, or `base_2`, `base_3`… : the first that `taken` says is free (names that differ only
/// in case or punctuation on the wire, `fooBar` and `foo_bar`, stay apart this way).
pub fn unique(base: &str, mut taken: impl FnMut(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    let stem = base.trim_end_matches('_');
    let sep = if stem.ends_with(|c: char| c.is_ascii_digit())
        || stem.chars().next().is_some_and(char::is_lowercase)
    {
        "_"
    } else {
        ""
    };
    (2..).map(|n| format!("{stem}{sep}{n}")).find(|n| !taken(n)).unwrap_or_default()
}

/// The name of an operation without `operationId`: its method and path in snake_case, each
/// path parameter as `by_<name>` (`GET /pet/{id}` → `get_pet_by_id`, `GET /` → `get_root`).
pub fn operation_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    let path = path.split('#').next().unwrap_or(path);
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{param}")),
            None => words.push(segment.to_owned()),
        }
    }
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    snake(&words.join("_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_and_distinct() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("123abc"), "n123abc");
        assert_eq!(snake(""), "field");
        assert_eq!(snake("scriptUUID"), "script_uuid");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("level_1"), "Level1");
        assert_eq!(pascal("1"), "V1");
        assert_ne!(snake("名称"), snake("类型"));
        assert!(snake("名称").is_ascii());
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(pascal("-"), "Minus");
        assert_eq!(snake("x-rate"), "x_rate");
    }

    #[test]
    fn long_names_are_cut_with_a_hash_of_the_whole() {
        let long = "word_".repeat(1_000_000);
        let (a, b) = (snake(&long), snake(&format!("{long}x")));
        assert!(a.len() <= MAX_IDENT && b.len() <= MAX_IDENT, "{a}");
        assert_ne!(a, b, "names that differ past the cut stay distinct");
        assert!(a.starts_with("word_word_") && a.contains("_h"), "{a}");
        let p = pascal(&long);
        assert!(p.len() <= MAX_IDENT && p.starts_with("WordWord") && !p.contains('_'), "{p}");
        let short = "a".repeat(MAX_IDENT);
        assert_eq!(snake(&short), short, "up to the limit, names are kept whole");
    }

    #[test]
    fn unique_appends_a_counter() {
        let mut taken = std::collections::HashSet::from(["a".to_owned(), "a_2".to_owned()]);
        assert_eq!(unique("a", |n| !taken.insert(n.to_owned())), "a_3");
        assert_eq!(unique("b", |n| !taken.insert(n.to_owned())), "b");
    }

    #[test]
    fn operations_without_id_are_named_from_method_and_path() {
        assert_eq!(operation_name("GET", "/pet/{petId}"), "get_pet_by_pet_id");
        assert_eq!(
            operation_name("POST", "/anything/top-level-array"),
            "post_anything_top_level_array"
        );
        assert_eq!(operation_name("GET", "/"), "get_root");
        assert_eq!(operation_name("PUT", "/a/{id}/b#x"), "put_a_by_id_b");
    }
}
