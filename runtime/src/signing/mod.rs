//! Request signing: one module per vendor algorithm, pure functions over a request description.
//!
//! Every signer returns a [`Signature`] that keeps the intermediate strings (canonical request,
//! string to sign) so that a "signature does not match" answer from a server can be debugged by
//! comparing them with what the server computed. Signers do no I/O and read no clock: the
//! signing time is an argument.
//!
//! The canonicalisation pieces vendors share (RFC 3986 encoding, sorted query, canonical
//! headers) live in [`canonical`]; a vendor module states its own rules as settings of those
//! pieces instead of copying them.

pub mod canonical;
pub mod huawei;
pub mod sangfor;
pub mod tc3;
pub mod tencent_v1;

use std::fmt;

use url::Url;

/// A request as a signer sees it: method, full URL (with query), headers in sending order and
/// the body bytes.
#[derive(Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method, e.g. `GET`.
    pub method: &'a str,
    /// Absolute URL, including the query string the client will send.
    pub url: &'a Url,
    /// Headers the client will send, in order, names as given.
    pub headers: &'a [(String, String)],
    /// The request body (empty for none).
    pub body: &'a [u8],
}

impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry tokens: print names only.
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &self.headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The result of signing: the headers to add to the request and every intermediate string.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request, exactly as hashed.
    pub canonical_request: String,
    /// The string to sign, exactly as passed to the MAC.
    pub string_to_sign: String,
    /// The signature, lowercase hex.
    pub signature: String,
    /// Headers the signer adds to the request, in the order to add them.
    pub headers: Vec<(String, String)>,
}

/// Signed headers whose values are credentials (temporary credentials' tokens, token
/// headers, cookies): `Debug` and `Display` of a [`Signature`] show them as `** redacted **`.
pub const SECRET_HEADERS: &[&str] =
    &["x-security-token", "x-tc-token", "x-auth-token", "x-subject-token", "cookie"];

fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name.trim()))
}

/// `text` with the value of every `name:value` line of a secret header redacted.
fn redacted(text: &str) -> String {
    text.split('\n')
        .map(|line| match line.split_once(':') {
            Some((name, _)) if is_secret_header(name) => format!("{name}:** redacted **"),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("canonical_request", &redacted(&self.canonical_request))
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Signature {
    /// Prints every intermediate string, as `apigen sign` shows it. Contains no secret: the
    /// signature is derived from the secret key but does not reveal it, and the values of
    /// [`SECRET_HEADERS`] are shown as `** redacted **` (the fields hold them as signed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "canonical request:")?;
        for line in redacted(&self.canonical_request).split('\n') {
            writeln!(f, "  | {line}")?;
        }
        writeln!(f, "string to sign:")?;
        for line in self.string_to_sign.split('\n') {
            writeln!(f, "  | {line}")?;
        }
        writeln!(f, "signature: {}", self.signature)?;
        writeln!(f, "headers added:")?;
        for (name, value) in &self.headers {
            let value = if is_secret_header(name) { "** redacted **" } else { value };
            writeln!(f, "  {name}: {value}")?;
        }
        Ok(())
    }
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// A credential the algorithm needs is empty.
    #[error("cannot sign: {0} is empty")]
    MissingCredential(&'static str),
    /// A date header given by the caller could not be parsed.
    #[error("cannot sign: header {header} has value {value:?}, expected the format {expected}")]
    BadDateHeader {
        /// Header name.
        header: &'static str,
        /// The value found.
        value: String,
        /// The format expected.
        expected: &'static str,
    },
    /// The URL has no host.
    #[error("cannot sign: URL {0} has no host")]
    NoHost(String),
}
