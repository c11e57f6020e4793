//! `multipart/form-data` bodies as a server reads them (RFC 7578), written out independently of
//! the client's encoder.

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
pub struct FormPart {
    /// Field name.
    pub name: String,
    /// `filename` of the part.
    pub file_name: Option<String>,
    /// Content type of the part.
    pub content_type: Option<String>,
    /// Content.
    pub body: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The value of parameter `key` of a `Content-Disposition` header (quoted or token).
fn disposition_param(value: &str, key: &str) -> Option<String> {
    let mut rest = value;
    while let Some(at) = rest.find(';') {
        rest = rest[at + 1..].trim_start();
        let Some((k, v)) = rest.split_once('=') else { break };
        if let Some(quoted) = v.strip_prefix('"') {
            let mut text = String::new();
            let mut chars = quoted.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => text.extend(chars.next()),
                    '"' => break,
                    c => text.push(c),
                }
            }
            if k.trim() == key {
                return Some(text);
            }
            rest = &quoted[quoted.find('"').map_or(quoted.len(), |i| i + 1)..];
        } else {
            let end = v.find(';').unwrap_or(v.len());
            if k.trim() == key {
                return Some(v[..end].trim().to_owned());
            }
            rest = &v[end..];
        }
    }
    None
}

/// Splits a multipart body into its parts (RFC 7578).
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<FormPart> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .unwrap_or_else(|| panic!("no boundary in {content_type:?}"))
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0).expect("first boundary");
    assert_eq!(at, 0, "the body starts with the boundary");
    let mut parts = Vec::new();
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            assert_eq!(&body[at + 2..], b"\r\n", "close delimiter ends the body");
            return parts;
        }
        assert_eq!(&body[at..at + 2], b"\r\n", "CRLF after a boundary");
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at).expect("part headers end");
        let head = std::str::from_utf8(&body[at..head_end]).expect("part headers are UTF-8");
        let mut part =
            FormPart { name: String::new(), file_name: None, content_type: None, body: Vec::new() };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').expect("header line");
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    assert!(value.trim().starts_with("form-data"), "{value}");
                    part.name = disposition_param(value, "name").expect("part name");
                    part.file_name = disposition_param(value, "filename");
                }
                "content-type" => part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delimiter);
        let end = find(body, &closing, head_end + 4).expect("part end");
        part.body = body[head_end + 4..end].to_vec();
        parts.push(part);
        at = end + 2;
    }
}
