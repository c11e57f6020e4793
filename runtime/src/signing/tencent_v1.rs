//! Tencent Cloud signature v1 (`HmacSHA1` / `HmacSHA256`), as the TCE document (接口签名v1)
//! and the official SDK (`sign`, `_format_sign_string`) define it: every parameter, the
//! common ones included, travels in the query (GET) or the form body (POST); the string to
//! sign is `<METHOD><host><path>?` followed by the parameters sorted by name, `name=value`
//! joined with `&`, values NOT encoded; the signature is the base64 HMAC of that string,
//! sent as the `Signature` parameter.
//!
//! In the string to sign, every `_` of a parameter name is written `.` (and names are sorted
//! after that replacement), as the SDK's `_format_sign_string` does
//! (`k.replace('_', '.')`); the parameters are sent with their names unchanged. A name given
//! twice (or two names that become one) is signed once, with its last value, as the SDK's
//! dictionary of parameters holds it.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::SigningError;

/// The MAC of a v1 signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V1Method {
    /// `HmacSHA1` (what the service assumes when `SignatureMethod` is absent or unknown).
    HmacSha1,
    /// `HmacSHA256`.
    HmacSha256,
}

impl V1Method {
    /// The `SignatureMethod` parameter value.
    pub fn name(self) -> &'static str {
        match self {
            Self::HmacSha1 => "HmacSHA1",
            Self::HmacSha256 => "HmacSHA256",
        }
    }
}

/// A v1 signature and what it was computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct V1Signature {
    /// The string to sign, exactly as passed to the MAC.
    pub string_to_sign: String,
    /// The signature, base64.
    pub signature: String,
    /// The parameters to send: the input parameters, then `Signature`.
    pub params: Vec<(String, String)>,
}

/// The parameter that carries the token of temporary credentials.
pub const TOKEN_PARAM: &str = "Token";

impl fmt::Display for V1Signature {
    /// Prints the string to sign, the signature and the parameters to send, as `apigen sign`
    /// shows them. Contains no secret: the value of a [`TOKEN_PARAM`] is shown as
    /// `** redacted **` (the fields hold it as signed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        let mut string_to_sign = self.string_to_sign.clone();
        for (_, token) in self.params.iter().filter(|(n, v)| n == TOKEN_PARAM && !v.is_empty()) {
            let signed = format!("{TOKEN_PARAM}={token}");
            string_to_sign = string_to_sign.replace(&signed, &format!("{TOKEN_PARAM}={REDACTED}"));
        }
        writeln!(f, "string to sign:")?;
        writeln!(f, "  | {string_to_sign}")?;
        writeln!(f, "signature: {}", self.signature)?;
        writeln!(f, "parameters sent:")?;
        for (name, value) in &self.params {
            let value = if name == TOKEN_PARAM { REDACTED } else { value };
            writeln!(f, "  {name}={value}")?;
        }
        Ok(())
    }
}

/// The parameters of a v1 request: its query for `GET`, its form body otherwise (decoded,
/// in order).
pub fn request_params(method: &str, url: &url::Url, body: &[u8]) -> Vec<(String, String)> {
    let pairs = if method.eq_ignore_ascii_case("GET") {
        url::form_urlencoded::parse(url.query().unwrap_or_default().as_bytes())
    } else {
        url::form_urlencoded::parse(body)
    };
    pairs.map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Signs the parameters `params` of a request `method host path` with `secret_key`.
pub fn sign(
    method: &str,
    host: &str,
    path: &str,
    params: &[(String, String)],
    secret_key: &str,
    mac: V1Method,
) -> Result<V1Signature, SigningError> {
    if secret_key.is_empty() {
        return Err(SigningError::MissingCredential("secret key"));
    }
    // The SDK's parameters are a dict: a name written once, with the last value given to it
    // (also when two names become one, `Foo_Bar` and `Foo.Bar`). Sorted as Python sorts
    // strings: by code point, which is UTF-8 byte order.
    let named: BTreeMap<String, &str> =
        params.iter().map(|(k, v)| (k.replace('_', "."), v.as_str())).collect();
    let query: Vec<String> = named.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let string_to_sign = format!("{}{host}{path}?{}", method.to_ascii_uppercase(), query.join("&"));
    let digest = match mac {
        V1Method::HmacSha1 => {
            let mut m = <Hmac<Sha1> as Mac>::new_from_slice(secret_key.as_bytes())
                .expect("HMAC accepts keys of any length");
            m.update(string_to_sign.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        V1Method::HmacSha256 => {
            super::canonical::hmac_sha256(secret_key.as_bytes(), string_to_sign.as_bytes())
        }
    };
    let signature = base64::engine::general_purpose::STANDARD.encode(digest);
    let mut params = params.to_vec();
    params.push(("Signature".to_owned(), signature.clone()));
    Ok(V1Signature { string_to_sign, signature, params })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_redacts_the_token() {
        let params = [("Limit", "1"), ("Token", "tmp+Token/abc=="), ("Version", "2017-03-12")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let signed =
            sign("GET", "cvm.example.com", "/", &params, "key", V1Method::HmacSha256).unwrap();
        assert!(signed.string_to_sign.contains("&Token=tmp+Token/abc==&"));
        let shown = signed.to_string();
        assert!(!shown.contains("tmp+Token"), "{shown}");
        assert!(shown.contains("&Token=** redacted **&Version"), "{shown}");
        assert!(shown.contains("\n  Token=** redacted **\n"), "{shown}");
    }
}
