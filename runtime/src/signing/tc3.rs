//! Tencent Cloud API 3.0 `TC3-HMAC-SHA256`, as the TCE document (接口签名v3) and the official
//! SDK (tencentcloud-sdk-python-common `sign_tc3`) define it:
//! - canonical request: method, the URI `/`, the query string as sent for GET (empty for
//!   POST), canonical headers (`content-type` and `host` by default: names and values
//!   lowercased and trimmed, sorted by name), the signed header names, and the hex SHA-256 of
//!   the body, or of the literal `UNSIGNED-PAYLOAD` when the request carries
//!   `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` (the SDK's `unsignedPayload` profile setting, for
//!   bodies too large to hash; the header itself is not signed);
//! - string to sign: `TC3-HMAC-SHA256\n<unix time>\n<UTC date>/<service>/tc3_request\n<hex
//!   sha256 of the canonical request>`;
//! - key: HMAC chain `"TC3" + secret` → date → service → `tc3_request`; signature: hex HMAC of
//!   the string to sign;
//! - added headers: `X-TC-Timestamp`, `Authorization`, and `X-TC-Token` for temporary
//!   credentials.

use time::OffsetDateTime;

use super::canonical;
use super::{SignableRequest, Signature, SigningError};

/// Algorithm name as it appears in the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The timestamp header the signer adds.
pub const TIMESTAMP_HEADER: &str = "X-TC-Timestamp";
/// The header carrying the token of temporary credentials.
pub const TOKEN_HEADER: &str = "X-TC-Token";
/// The header that tells the service the payload is not hashed.
pub const CONTENT_SHA256_HEADER: &str = "X-TC-Content-SHA256";
/// The value of [`CONTENT_SHA256_HEADER`] for a payload that is not hashed; the signer hashes
/// this literal in place of the body.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The headers signed unless a service asks for more (the document: "content-type 和 host 为必选头部").
pub const DEFAULT_SIGNED_HEADERS: &[&str] = &["content-type", "host"];

/// Credentials and settings of one signing.
#[derive(Clone, Copy, Debug)]
pub struct Tc3Params<'a> {
    /// SecretId.
    pub secret_id: &'a str,
    /// SecretKey.
    pub secret_key: &'a str,
    /// Token of temporary credentials.
    pub token: Option<&'a str>,
    /// Service name of the credential scope (e.g. `cvm`, `chronofloworder`).
    pub service: &'a str,
    /// Lowercase names of the headers to sign.
    pub signed_headers: &'a [&'a str],
}

/// Signs `request` at time `now`.
pub fn sign(
    request: SignableRequest<'_>,
    params: Tc3Params<'_>,
    now: OffsetDateTime,
) -> Result<Signature, SigningError> {
    if params.secret_id.is_empty() {
        return Err(SigningError::MissingCredential("secret id"));
    }
    if params.secret_key.is_empty() {
        return Err(SigningError::MissingCredential("secret key"));
    }
    let mut headers = request.headers.to_vec();
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        let host = canonical::host_header(request.url)
            .ok_or_else(|| SigningError::NoHost(request.url.to_string()))?;
        headers.push(("Host".to_owned(), host));
    }
    let normalized: Vec<(String, String)> = canonical::normalized_headers(&headers)
        .into_iter()
        .map(|(n, v)| (n, v.to_lowercase()))
        .collect();
    let mut signed: Vec<String> =
        params.signed_headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    signed.sort();
    signed.dedup();
    let method = request.method.to_ascii_uppercase();
    let query = if method == "POST" { "" } else { request.url.query().unwrap_or_default() };
    // The SDK compares the header's value exactly; its name is matched as HTTP does (the
    // service reads it case-insensitively).
    let unsigned = request.headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case(CONTENT_SHA256_HEADER) && v.trim() == UNSIGNED_PAYLOAD
    });
    let payload: &[u8] = if unsigned { UNSIGNED_PAYLOAD.as_bytes() } else { request.body };
    let canonical_request = format!(
        "{method}\n/\n{query}\n{}\n{}\n{}",
        canonical::canonical_headers(&normalized, &signed),
        signed.join(";"),
        canonical::sha256_hex(payload),
    );
    let timestamp = now.unix_timestamp();
    let utc = now.to_offset(time::UtcOffset::UTC);
    let date = format!("{:04}-{:02}-{:02}", utc.year(), u8::from(utc.month()), utc.day());
    let scope = format!("{date}/{}/tc3_request", params.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        canonical::sha256_hex(canonical_request.as_bytes())
    );
    let key = [date.as_str(), params.service, "tc3_request"]
        .iter()
        .fold(format!("TC3{}", params.secret_key).into_bytes(), |key, part| {
            canonical::hmac_sha256(&key, part.as_bytes())
        });
    let signature = hex::encode(canonical::hmac_sha256(&key, string_to_sign.as_bytes()));
    let mut added = vec![
        (TIMESTAMP_HEADER.to_owned(), timestamp.to_string()),
        (
            "Authorization".to_owned(),
            format!(
                "{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
                params.secret_id,
                signed.join(";")
            ),
        ),
    ];
    if let Some(token) = params.token {
        added.push((TOKEN_HEADER.to_owned(), token.to_owned()));
    }
    Ok(Signature { canonical_request, string_to_sign, signature, headers: added })
}
