//! Spec text to rustdoc that renders as written and never breaks `cargo doc` or doctests:
//! code fences become `text` blocks (closed if the spec left one open), indentation that would
//! make a Rust doctest is removed, HTML left in vendor text is flattened or escaped, link
//! brackets are escaped, bare URLs are made autolinks.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, for spec text `text` (nothing for empty text).
pub fn attrs(text: &str) -> TokenStream {
    trusted(&sanitize(text))
}

/// Doc attributes for text that is already rustdoc (written by the generator, or sanitized).
pub fn trusted(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner (`//!`) doc attributes for trusted text.
pub fn inner(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

fn doc_lines(text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect()
}

/// The rustdoc-safe form of `text`.
pub fn sanitize(text: &str) -> String {
    // Tabs render unlike spaces in rustdoc (clippy's `tabs_in_doc_comments`).
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
    let text = outside_code(&text, flatten_html);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            out.push(outside_code(trimmed, escape_inline));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    // No runs of blank lines, none at the ends.
    let mut joined: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && joined.last().is_none_or(String::is_empty) {
            continue;
        }
        joined.push(line);
    }
    while joined.last().is_some_and(String::is_empty) {
        joined.pop();
    }
    joined.join("\n")
}

/// Applies `f` to the parts of `text` outside inline code spans (between backticks, where
/// markdown shows every character as written); code spans are kept verbatim.
fn outside_code(text: &str, f: fn(&str) -> String) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let closed = parts.len() % 2 == 1;
    let mut out = String::with_capacity(text.len());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // An unmatched last backtick opens no span: what follows it is ordinary text.
        let in_code = i % 2 == 1 && (closed || i + 1 < parts.len());
        if in_code { out.push_str(part) } else { out.push_str(&f(part)) }
    }
    out
}

fn flatten_html(text: &str) -> String {
    let mut s = text.to_owned();
    for (tag, with) in [
        ("<br/>", "\n"),
        ("<br />", "\n"),
        ("<br>", "\n"),
        ("<li>", "\n- "),
        ("</li>", ""),
        ("<ul>", "\n"),
        ("</ul>", "\n"),
        ("<ol>", "\n"),
        ("</ol>", "\n"),
        ("<p>", "\n"),
        ("</p>", "\n"),
        ("<b>", "**"),
        ("</b>", "**"),
        ("<strong>", "**"),
        ("</strong>", "**"),
    ] {
        s = s.replace(tag, with);
    }
    s
}

fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min();
        let (before, after) = match url_at {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        for c in before.chars() {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                _ => out.push(c),
            }
        }
        if after.is_empty() {
            break;
        }
        let end = after
            .find(|c: char| c.is_whitespace() || !c.is_ascii() || "<>\"'`()[]{}|\\^".contains(c))
            .unwrap_or(after.len());
        let url = after[..end].trim_end_matches(['.', ',', ';', ':']);
        let tail = &after[url.len()..];
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = tail;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_text_and_closed() {
        assert_eq!(sanitize("a\n```\nfn x() {\n"), "a\n```text\nfn x() {\n```");
        assert_eq!(sanitize("```rust\nx\n```"), "```text\nx\n```");
    }

    #[test]
    fn indentation_links_html_and_urls() {
        assert_eq!(sanitize("    let x = 1;"), "let x = 1;");
        assert_eq!(sanitize("see [doc] <b>bold</b> a<b"), "see \\[doc\\] **bold** a&lt;b");
        assert_eq!(sanitize("at https://x.y/z. done"), "at <https://x.y/z>. done");
        assert_eq!(sanitize("*/ end"), "*/ end");
        assert_eq!(sanitize("pattern `^[a-z]<b>$` and [x]"), "pattern `^[a-z]<b>$` and \\[x\\]");
    }
}
