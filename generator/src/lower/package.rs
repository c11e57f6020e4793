//! The crate's package metadata from `info.x-crate-*`: version, repository, documentation,
//! keywords, categories, publish. Values crates.io would refuse are diagnosed here, at their
//! line, rather than by `cargo publish` after the crate is generated.

use crate::diag::Diagnostic;
use crate::ir::Package;
use crate::spec::yaml::{Node, Value};

/// The version of a crate whose spec sets no `x-crate-version`.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// Categories of every generated crate unless `x-crate-categories` says otherwise: a client of
/// a web API.
const DEFAULT_CATEGORIES: &[&str] = &["api-bindings", "web-programming::http-client"];

/// crates.io accepts at most five keywords per crate.
const MAX_KEYWORDS: usize = 5;

/// Reads `info.x-crate-*`.
pub fn package(info: Option<&Node>, diags: &mut Vec<Diagnostic>) -> Package {
    let get = |key: &str| info.and_then(|i| i.get(key));
    let text = |key: &str, diags: &mut Vec<Diagnostic>| -> Option<String> {
        let node = get(key)?;
        match node.as_str() {
            Some(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
            _ => {
                diags.push(
                    Diagnostic::error(
                        node.span,
                        format!("`info.{key}` must be a non-empty string"),
                    )
                    .with_help("write it as text, e.g. `x-crate-version: \"0.2.0\"`"),
                );
                None
            }
        }
    };
    let version = match (get("x-crate-version"), text("x-crate-version", diags)) {
        (Some(node), Some(v)) => match semver::Version::parse(&v) {
            Ok(_) => v,
            Err(e) => {
                diags.push(
                    Diagnostic::error(node.span, format!("`x-crate-version` `{v}` is not a semver version: {e}"))
                        .with_help("write MAJOR.MINOR.PATCH, e.g. `0.2.0`; `apigen release` sets it from the diff"),
                );
                DEFAULT_VERSION.to_owned()
            }
        },
        _ => DEFAULT_VERSION.to_owned(),
    };
    let repository = text("x-crate-repository", diags);
    let documentation = text("x-crate-documentation", diags);
    let keywords = get("x-crate-keywords").map(|node| {
        list(node, "x-crate-keywords", diags)
            .into_iter()
            .filter(|(k, span)| {
                let valid = keyword_is_valid(k);
                if !valid {
                    diags.push(
                        Diagnostic::error(*span, format!("keyword `{k}` is not one crates.io accepts"))
                            .with_help("a keyword is at most 20 ASCII letters, digits, `_`, `-` or `+`, starting with a letter"),
                    );
                }
                valid
            })
            .map(|(k, _)| k)
            .collect::<Vec<_>>()
    });
    if let (Some(node), Some(k)) = (get("x-crate-keywords"), &keywords) {
        if k.len() > MAX_KEYWORDS {
            diags.push(
                Diagnostic::error(
                    node.span,
                    format!("{} keywords; crates.io accepts at most {MAX_KEYWORDS}", k.len()),
                )
                .with_help("keep the five that users search for"),
            );
        }
    }
    let categories = match get("x-crate-categories") {
        Some(node) => list(node, "x-crate-categories", diags).into_iter().map(|(c, _)| c).collect(),
        None => DEFAULT_CATEGORIES.iter().map(|c| (*c).to_owned()).collect(),
    };
    let publish = match get("x-crate-publish") {
        None => true,
        Some(Node { value: Value::Bool(b), .. }) => *b,
        Some(node) => {
            diags.push(
                Diagnostic::error(node.span, "`x-crate-publish` must be `true` or `false`")
                    .with_help("`false` writes `publish = false` into the crate's Cargo.toml"),
            );
            true
        }
    };
    Package { version, repository, documentation, keywords, categories, publish }
}

/// The strings of a sequence, with their positions.
fn list(node: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<(String, crate::diag::Span)> {
    let Some(items) = node.as_seq() else {
        diags.push(
            Diagnostic::error(node.span, format!("`info.{key}` must be a list of strings"))
                .with_help("e.g. `[huaweicloud, coc]`"),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item.as_str() {
            Some(s) => Some((s.to_owned(), item.span)),
            None => {
                diags
                    .push(Diagnostic::error(item.span, format!("`info.{key}` holds only strings")));
                None
            }
        })
        .collect()
}

/// crates.io's rule: ASCII letters, digits, `_`, `-`, `+`, at most 20, starting with a letter.
fn keyword_is_valid(k: &str) -> bool {
    k.len() <= 20
        && k.starts_with(|c: char| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
}

/// The words of the crate name (`huaweicloud-coc` → `huaweicloud`, `coc`) and `api-client`.
pub fn default_keywords(crate_name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in crate_name.split(['-', '_']).map(str::to_ascii_lowercase) {
        if keyword_is_valid(&word) && !out.contains(&word) && out.len() < MAX_KEYWORDS - 1 {
            out.push(word);
        }
    }
    out.push("api-client".to_owned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keywords_are_the_name_words_and_api_client() {
        assert_eq!(default_keywords("huaweicloud-coc"), ["huaweicloud", "coc", "api-client"]);
        assert_eq!(
            default_keywords("tencentcloud-tce-chronofloworder"),
            ["tencentcloud", "tce", "chronofloworder", "api-client"]
        );
        // `3d` does not start with a letter; five words keep four.
        assert_eq!(default_keywords("a-3d-b-c-d-e"), ["a", "b", "c", "d", "api-client"]);
    }

    #[test]
    fn keywords_follow_crates_io() {
        assert!(keyword_is_valid("web-api+rust_2"));
        assert!(!keyword_is_valid("2fa"));
        assert!(!keyword_is_valid("hüawei"));
        assert!(!keyword_is_valid("abcdefghijklmnopqrstu"));
    }
}
