//! Huawei Cloud `SDK-HMAC-SHA256` (the APIG signature used by every Huawei Cloud service).
//!
//! The rules, as the official SDKs apply them (huaweicloudsdkcore `signer.py`):
//! - `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`, UTC) is added unless the caller set it, and `Host` is
//!   signed with the value the client sends;
//! - a body whose `Content-Type` is neither JSON nor BSON is not hashed: the signer adds
//!   `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` and that literal stands in for the hash (the SDK
//!   reads the header named exactly `Content-Type`; under another spelling the body is hashed),
//!   and an empty body is always signed with the hash of the empty string;
//! - canonical URI: the path decoded, each segment re-encoded (RFC 3986), then a trailing `/`;
//! - canonical query: decoded pairs sorted by key then value, re-encoded (RFC 3986);
//! - signed headers: every header whose name has no `_`, lowercased and sorted; values trimmed;
//! - string to sign: `SDK-HMAC-SHA256\n<date>\n<hex sha256 of canonical request>`;
//! - signature: hex HMAC-SHA256 of the string to sign keyed with the secret key.

use time::OffsetDateTime;

use super::canonical::{self, UriSettings};
use super::{SignableRequest, Signature, SigningError};

/// Algorithm name as it appears in the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The date header the signer adds.
pub const DATE_HEADER: &str = "X-Sdk-Date";
/// The header that replaces the payload hash for bodies that are not signed.
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";
/// Value of [`CONTENT_SHA256_HEADER`] for bodies that are not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Formats `time` as `X-Sdk-Date` expects.
pub fn format_date(time: OffsetDateTime) -> String {
    let t = time.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().rev().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Signs `request` with the access key `ak` and secret key `sk` at time `now`.
pub fn sign(
    request: SignableRequest<'_>,
    ak: &str,
    sk: &str,
    now: OffsetDateTime,
) -> Result<Signature, SigningError> {
    if ak.is_empty() {
        return Err(SigningError::MissingCredential("access key"));
    }
    if sk.is_empty() {
        return Err(SigningError::MissingCredential("secret key"));
    }
    let mut headers = request.headers.to_vec();
    let mut added = Vec::new();

    // The SDK looks the content type up by the exact name `Content-Type` (a dict lookup): a
    // `content-type` header does not make the payload unsigned, the body is hashed instead.
    let unsigned_payload =
        headers.iter().rev().find(|(n, _)| n == "Content-Type").is_some_and(|(_, ct)| {
            !ct.starts_with("application/json") && !ct.starts_with("application/bson")
        });
    if unsigned_payload {
        let h = (CONTENT_SHA256_HEADER.to_owned(), UNSIGNED_PAYLOAD.to_owned());
        headers.push(h.clone());
        added.push(h);
    }

    let date = match header(&headers, DATE_HEADER) {
        Some(value) => {
            let value = value.trim();
            // Checked at compile time (the runtime `format_description::parse` is deprecated).
            let format = time::macros::format_description!(
                version = 2,
                "[year][month][day]T[hour][minute][second]Z"
            );
            time::PrimitiveDateTime::parse(value, &format).map_err(|_| {
                SigningError::BadDateHeader {
                    header: DATE_HEADER,
                    value: value.to_owned(),
                    expected: "YYYYMMDDTHHMMSSZ",
                }
            })?;
            value.to_owned()
        }
        None => {
            let value = format_date(now);
            let h = (DATE_HEADER.to_owned(), value.clone());
            headers.push(h.clone());
            added.push(h);
            value
        }
    };

    if header(&headers, "host").is_none() {
        let host = canonical::host_header(request.url)
            .ok_or_else(|| SigningError::NoHost(request.url.to_string()))?;
        headers.push(("Host".to_owned(), host));
    }

    let normalized = canonical::normalized_headers(&headers);
    let mut signed: Vec<String> =
        normalized.iter().map(|(n, _)| n.clone()).filter(|n| !n.contains('_')).collect();
    signed.sort();

    let payload_hash = if request.body.is_empty() {
        canonical::sha256_hex(b"")
    } else if let Some(value) = header(&headers, CONTENT_SHA256_HEADER) {
        value.to_owned()
    } else {
        canonical::sha256_hex(request.body)
    };

    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical::canonical_uri(
            request.url,
            UriSettings { decode_first: true, trailing_slash: true }
        ),
        canonical::canonical_query(canonical::query_pairs(request.url)),
        canonical::canonical_headers(&normalized, &signed),
        signed.join(";"),
        payload_hash,
    );
    let string_to_sign =
        format!("{ALGORITHM}\n{date}\n{}", canonical::sha256_hex(canonical_request.as_bytes()));
    let signature = hex::encode(canonical::hmac_sha256(sk.as_bytes(), string_to_sign.as_bytes()));
    added.push((
        "Authorization".to_owned(),
        format!(
            "{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={signature}",
            signed.join(";")
        ),
    ));
    Ok(Signature { canonical_request, string_to_sign, signature, headers: added })
}
