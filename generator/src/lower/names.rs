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

/// Replaces every character that cannot appear in an ASCII identifier by a word break, and
/// spells out non-ASCII characters as `u<hex>` so distinct names stay distinct.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
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
    fix(ascii_words(name).to_snake_case(), "field", "n")
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
    fix(ascii_words(name).to_upper_camel_case(), "Value", "V")
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
    }
}
