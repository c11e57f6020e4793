//! Canonicalisation pieces shared by the signers.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};
use url::Url;

/// RFC 3986 unreserved characters stay; everything else is `%XX`-encoded (upper-case hex), over
/// the UTF-8 bytes. Equivalent to Python's `urllib.parse.quote(s, safe='~')`.
pub const RFC3986: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes `s` with [`RFC3986`].
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// HMAC-SHA256 of `data` under `key`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// How the path becomes the canonical URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UriSettings {
    /// Decode the path before re-encoding each segment (so `%2F` inside a segment stays one
    /// segment only if the vendor says so).
    pub decode_first: bool,
    /// Append `/` when the path does not end with one.
    pub trailing_slash: bool,
}

/// The canonical URI of `url` under `settings`: each `/`-separated segment encoded with
/// [`RFC3986`].
pub fn canonical_uri(url: &Url, settings: UriSettings) -> String {
    let raw = url.path();
    let path = if settings.decode_first {
        percent_decode_str(raw).decode_utf8_lossy().into_owned()
    } else {
        raw.to_owned()
    };
    let mut out = path.split('/').map(encode).collect::<Vec<_>>().join("/");
    if out.is_empty() {
        out.push('/');
    }
    if settings.trailing_slash && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The decoded query pairs of `url`, in order (`+` reads as a space, as servers decode forms).
pub fn query_pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The canonical query string: pairs sorted by key then value (on the decoded text), each key
/// and value encoded with [`RFC3986`], joined as `k=v&k=v`.
pub fn canonical_query(mut pairs: Vec<(String, String)>) -> String {
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Header names lowercased and values trimmed, later duplicates of a name replacing earlier
/// ones, in the order first seen.
pub fn normalized_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        let value = value.trim().to_owned();
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => out.push((name, value)),
        }
    }
    out
}

/// `name:value\n` for each signed header name, values taken from `normalized`.
pub fn canonical_headers(normalized: &[(String, String)], signed: &[String]) -> String {
    let mut out = String::new();
    for name in signed {
        let value =
            normalized.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_default();
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out
}

/// The `Host` header value a client sends for `url`: host, plus `:port` when not the default.
pub fn host_header(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_matches_python_quote_with_tilde_safe() {
        // Reference values: urllib.parse.quote(s, safe='~') in CPython 3.11.
        assert_eq!(encode("a b+c/d?e=f&g~h*i"), "a%20b%2Bc%2Fd%3Fe%3Df%26g~h%2Ai");
        assert_eq!(encode("中文"), "%E4%B8%AD%E6%96%87");
        assert_eq!(encode("é-._"), "%C3%A9-._");
    }

    #[test]
    fn canonical_uri_adds_trailing_slash_and_reencodes() {
        let url = Url::parse("https://h/v1/a%20b/c").unwrap();
        let s = UriSettings { decode_first: true, trailing_slash: true };
        assert_eq!(canonical_uri(&url, s), "/v1/a%20b/c/");
        let root = Url::parse("https://h").unwrap();
        assert_eq!(canonical_uri(&root, s), "/");
    }

    #[test]
    fn duplicate_header_names_keep_last_value() {
        let h = vec![("A".to_owned(), " 1 ".to_owned()), ("a".to_owned(), "2".to_owned())];
        assert_eq!(normalized_headers(&h), vec![("a".to_owned(), "2".to_owned())]);
    }
}
