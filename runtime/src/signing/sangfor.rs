//! Sangfor SCP's `AWS4-HMAC-SHA256` variant, as the SCP document's signing flow and its Python
//! sample define it (verified server-side with keystoneclient's `Ec2Signer`):
//! - canonical request: method, the path exactly as sent (not re-encoded), an EMPTY query
//!   line (the query is not signed), the canonical header block, the declared signed-header
//!   list as given, and the hex SHA-256 of the body;
//! - canonical header block, as `Ec2Signer` builds it: one `name:value` line for each declared
//!   name, in declared order, that equals a request header's lowercased name (the declared
//!   names are NOT lowercased: `Content-Type` matches nothing; a declared name the request does
//!   not carry, such as `path`, adds no line), values stripped of what Python's `str.strip()`
//!   strips (Unicode whitespace and U+001C..U+001F); the lines joined with `\n`, plus a final
//!   `\n` — so a block with no line is a lone `\n`;
//! - string to sign: `AWS4-HMAC-SHA256\n<X-Amz-Date>\n<date>/<region>/<service>/aws4_request\n<hex
//!   sha256 of the canonical request>`;
//! - key: HMAC chain `"AWS4" + secret` → date → region → service → `aws4_request`;
//! - added headers: `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`), `Authorization`.
//!
//! A generic SigV4 implementation cannot express it (a fixed header list with entries that are
//! not headers, an unsigned query, an unnormalised path), so it is a settings-free signer of
//! its own over the shared canonicalisation pieces.

use time::OffsetDateTime;

use super::{SignableRequest, Signature, SigningError, canonical, huawei};

/// Algorithm name as it appears in the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The date header the signer adds.
pub const DATE_HEADER: &str = "X-Amz-Date";
/// The signed-header list the document's flow declares by default.
pub const DEFAULT_SIGNED_HEADERS: &str = "path;x-amz-date";
/// The region of the credential scope in the document's flow.
pub const DEFAULT_REGION: &str = "cn-south-1";
/// The service of the credential scope in the document's flow.
pub const DEFAULT_SERVICE: &str = "open-api";

/// Credentials and scope of one signing.
#[derive(Clone, Copy, Debug)]
pub struct Aws4Params<'a> {
    /// Access key.
    pub access_key: &'a str,
    /// Secret key.
    pub secret_key: &'a str,
    /// Region of the credential scope.
    pub region: &'a str,
    /// Service of the credential scope (`open-api` in the document).
    pub service: &'a str,
    /// The declared `SignedHeaders` list, `;`-separated.
    pub signed_headers: &'a str,
}

/// Signs `request` at time `now`.
pub fn sign(
    request: SignableRequest<'_>,
    params: Aws4Params<'_>,
    now: OffsetDateTime,
) -> Result<Signature, SigningError> {
    let payload_hash = canonical::sha256_hex(request.body);
    sign_with_payload_hash(request, params, now, &payload_hash)
}

/// Signs `request` whose body is streamed and was hashed beforehand: `payload_hash` is the
/// lowercase hex SHA-256 of the body (`request.body` is ignored).
pub fn sign_with_payload_hash(
    request: SignableRequest<'_>,
    params: Aws4Params<'_>,
    now: OffsetDateTime,
    payload_hash: &str,
) -> Result<Signature, SigningError> {
    if params.access_key.is_empty() {
        return Err(SigningError::MissingCredential("access key"));
    }
    if params.secret_key.is_empty() {
        return Err(SigningError::MissingCredential("secret key"));
    }
    // The same compact UTC timestamp as Huawei's X-Sdk-Date.
    let amz_date = huawei::format_date(now);
    let date = &amz_date[..8];
    let mut headers = request.headers.to_vec();
    headers.push((DATE_HEADER.to_owned(), amz_date.clone()));
    let normalized = canonical::normalized_headers(&headers);
    // Ec2Signer: `'\n'.join(lines) + '\n'`, names compared verbatim with the lowercased
    // request header names, values `str.strip()`ped.
    let mut lines = Vec::new();
    for name in params.signed_headers.split(';') {
        if let Some((_, value)) = normalized.iter().find(|(n, _)| n == name) {
            lines.push(format!("{name}:{}", value.trim_matches(is_python_space)));
        }
    }
    let header_block = lines.join("\n") + "\n";
    let canonical_request = format!(
        "{}\n{}\n\n{header_block}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        request.url.path(),
        params.signed_headers,
        payload_hash,
    );
    let scope = format!("{date}/{}/{}/aws4_request", params.region, params.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        canonical::sha256_hex(canonical_request.as_bytes())
    );
    let key = [date, params.region, params.service, "aws4_request"]
        .iter()
        .fold(format!("AWS4{}", params.secret_key).into_bytes(), |key, part| {
            canonical::hmac_sha256(&key, part.as_bytes())
        });
    let signature = hex::encode(canonical::hmac_sha256(&key, string_to_sign.as_bytes()));
    let added = vec![
        (DATE_HEADER.to_owned(), amz_date),
        (
            "Authorization".to_owned(),
            format!(
                "{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
                params.access_key, params.signed_headers
            ),
        ),
    ];
    Ok(Signature { canonical_request, string_to_sign, signature, headers: added })
}

/// Whether Python's `str.isspace()` holds for `c` (what Ec2Signer's `str.strip()` removes):
/// Unicode `White_Space` plus the separators U+001C..U+001F.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}
