//! `apigen sign`: signs one described request with a vendor's scheme through the runtime
//! signers and explains the result (canonical request, string to sign, signature, what is
//! added to the request), to set beside the vendor SDK's debug output when a server answers
//! "signature does not match".
//!
//! The credentials come from the variables the vendors' SDKs (or the runtime's `from_env`)
//! read; the secret key is never printed. The CLI (`main.rs`) parses arguments and prints;
//! this module decides every default and every refusal, so that both are testable.

use std::fmt::Write as _;

use apigen_runtime::auth::{huawei, sangfor, tencent};
use apigen_runtime::signing::tencent_v1::{self, V1Method};
use apigen_runtime::signing::{self, SignableRequest, Signature, SigningError};
use time::OffsetDateTime;

pub use crate::vectors::Request;

/// A signing scheme `apigen sign` explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Huawei Cloud `SDK-HMAC-SHA256`.
    Huawei,
    /// Tencent Cloud `TC3-HMAC-SHA256`.
    Tc3,
    /// Tencent Cloud signature v1 (`HmacSHA1` / `HmacSHA256`).
    TencentV1,
    /// Sangfor SCP's `AWS4-HMAC-SHA256` variant.
    Sangfor,
}

impl Scheme {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Huawei => "huawei",
            Self::Tc3 => "tc3",
            Self::TencentV1 => "tencent-v1",
            Self::Sangfor => "sangfor",
        }
    }

    /// The variables holding the access key id and the secret key.
    pub fn env_names(self) -> (&'static str, &'static str) {
        match self {
            Self::Huawei => (huawei::env_names::AK, huawei::env_names::SK),
            Self::Tc3 | Self::TencentV1 => {
                (tencent::env_names::SECRET_ID, tencent::env_names::SECRET_KEY)
            }
            Self::Sangfor => (sangfor::env_names::ACCESS_KEY, sangfor::env_names::SECRET_KEY),
        }
    }
}

/// The settings of one scheme; each applies to the schemes its documentation names, and
/// giving it to another is refused (a mistyped command must not print a signature computed
/// without it).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// TC3, Sangfor: service of the credential scope.
    pub service: Option<String>,
    /// TC3: sent as `X-TC-Region` (not signed). Sangfor: region of the credential scope.
    pub region: Option<String>,
    /// TC3: sent as `X-TC-Action` (not signed).
    pub action: Option<String>,
    /// TC3: send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`, signing that literal.
    pub unsigned_payload: bool,
    /// Sangfor: the declared `SignedHeaders` list.
    pub signed_headers: Option<String>,
    /// Tencent v1: the MAC (`HmacSHA1` or `HmacSHA256`).
    pub signature_method: Option<String>,
    /// Tencent v1: the `Nonce` when the request has none.
    pub nonce: Option<u64>,
}

/// What `apigen sign` prints: the explanation (stdout) and notes on defaults it chose or
/// inputs it changed (stderr).
#[derive(Clone, Debug)]
pub struct Explained {
    /// Canonical request, string to sign, signature, headers or parameters added.
    pub text: String,
    /// One line each.
    pub notes: Vec<String>,
}

/// Credentials: the access key id (`--access-key`, else the scheme's variable) and the secret
/// key (the scheme's variable only: never an argument, which shells keep in their history).
pub fn credentials(
    scheme: Scheme,
    access_key: Option<String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<(String, String), String> {
    let (id_name, secret_name) = scheme.env_names();
    let id = access_key
        .or_else(|| env(id_name))
        .ok_or_else(|| format!("no access key: pass --access-key or set {id_name}"))?;
    let secret = env(secret_name).ok_or_else(|| format!("no secret key: set {secret_name}"))?;
    Ok((id, secret))
}

/// `--time`: RFC 3339 (`2023-11-30T08:00:00Z`) or Unix seconds (`1700000000`, as
/// `X-TC-Timestamp` and the v1 `Timestamp` write it).
pub fn parse_time(text: &str) -> Result<OffsetDateTime, String> {
    use time::format_description::well_known::Rfc3339;
    let parsed = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<i64>()
            .ok()
            .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
            .ok_or_else(|| "out of range".to_owned())
    } else {
        OffsetDateTime::parse(text, &Rfc3339).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        format!(
            "--time {text:?}: {e}; expected RFC 3339 (2023-11-30T08:00:00Z) or Unix seconds (1700000000)"
        )
    })
}

/// Signs `request` with `scheme` at `time` and explains it.
pub fn explain(
    scheme: Scheme,
    request: &Request,
    time: OffsetDateTime,
    options: &Options,
    access_key: &str,
    secret_key: &str,
) -> Result<Explained, String> {
    refuse_foreign_options(scheme, options)?;
    let mut notes = Vec::new();
    let text = match scheme {
        Scheme::Huawei => signing::huawei::sign(request.signable(), access_key, secret_key, time)
            .map_err(message)?
            .to_string(),
        Scheme::Sangfor => {
            let params = signing::sangfor::Aws4Params {
                access_key,
                secret_key,
                region: options.region.as_deref().unwrap_or(signing::sangfor::DEFAULT_REGION),
                service: options.service.as_deref().unwrap_or(signing::sangfor::DEFAULT_SERVICE),
                signed_headers: options
                    .signed_headers
                    .as_deref()
                    .unwrap_or(signing::sangfor::DEFAULT_SIGNED_HEADERS),
            };
            signing::sangfor::sign(request.signable(), params, time).map_err(message)?.to_string()
        }
        Scheme::Tc3 => tc3(request, time, options, (access_key, secret_key), &mut notes)?,
        Scheme::TencentV1 => v1(request, time, options, (access_key, secret_key), &mut notes)?,
    };
    Ok(Explained { text, notes })
}

fn refuse_foreign_options(scheme: Scheme, options: &Options) -> Result<(), String> {
    use Scheme::*;
    let given: [(&str, bool, &[Scheme]); 7] = [
        ("--service", options.service.is_some(), &[Tc3, Sangfor]),
        ("--region", options.region.is_some(), &[Tc3, Sangfor]),
        ("--action", options.action.is_some(), &[Tc3]),
        ("--unsigned-payload", options.unsigned_payload, &[Tc3]),
        ("--signed-headers", options.signed_headers.is_some(), &[Sangfor]),
        ("--signature-method", options.signature_method.is_some(), &[TencentV1]),
        ("--nonce", options.nonce.is_some(), &[TencentV1]),
    ];
    for (flag, set, schemes) in given {
        if set && !schemes.contains(&scheme) {
            let names: Vec<&str> = schemes.iter().map(|s| s.name()).collect();
            return Err(format!(
                "{flag} is a setting of --scheme {}, not of --scheme {}",
                names.join(" and "),
                scheme.name()
            ));
        }
    }
    Ok(())
}

fn message(e: SigningError) -> String {
    e.to_string()
}

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// TC3: `--action`, `--region` and `--unsigned-payload` become the headers the SDK sends
/// (unless given with `-H`); the service defaults to the host's first label, as the SDK's
/// endpoints are named (`<service>.tencentcloudapi.com`, `<service>.api3.<domain>` on TCE).
fn tc3(
    request: &Request,
    time: OffsetDateTime,
    options: &Options,
    (secret_id, secret_key): (&str, &str),
    notes: &mut Vec<String>,
) -> Result<String, String> {
    let service = match &options.service {
        Some(service) => service.clone(),
        None => {
            let label = match request.url.host() {
                Some(url::Host::Domain(domain)) => domain.split('.').next().unwrap_or_default(),
                _ => "",
            };
            if label.is_empty() {
                return Err(format!(
                    "--service is needed: the host of {} names no service",
                    request.url
                ));
            }
            notes.push(format!(
                "service {label:?} (the host's first label; set --service to change it)"
            ));
            label.to_owned()
        }
    };
    let mut given = Vec::new();
    let flags = [
        ("X-TC-Action", options.action.clone()),
        ("X-TC-Region", options.region.clone()),
        (
            signing::tc3::CONTENT_SHA256_HEADER,
            options.unsigned_payload.then(|| signing::tc3::UNSIGNED_PAYLOAD.to_owned()),
        ),
    ];
    for (name, value) in flags {
        if let Some(value) = value {
            if has_header(&request.headers, name) {
                return Err(format!("{name} is given twice: by a flag and by --header"));
            }
            given.push((name.to_owned(), value));
        }
    }
    if !has_header(&request.headers, "Content-Type") {
        notes.push(
            "no Content-Type header: TC3 signs it empty (the SDK sends application/json for POST, application/x-www-form-urlencoded for GET)"
                .to_owned(),
        );
    }
    let headers: Vec<(String, String)> =
        request.headers.iter().cloned().chain(given.iter().cloned()).collect();
    let params = signing::tc3::Tc3Params {
        secret_id,
        secret_key,
        token: None,
        service: &service,
        signed_headers: signing::tc3::DEFAULT_SIGNED_HEADERS,
    };
    let mut signature: Signature = signing::tc3::sign(
        SignableRequest { headers: &headers, ..request.signable() },
        params,
        time,
    )
    .map_err(message)?;
    // What the flags added is sent too: show it with what the signer added.
    given.append(&mut signature.headers);
    signature.headers = given;
    Ok(signature.to_string())
}

/// Tencent v1: the parameters are the query (GET) or the form body; the common parameters
/// the SDK adds and the request lacks are added (`SecretId`, `Timestamp`, `Nonce`, and
/// `SignatureMethod` when `--signature-method` is given), and a `Signature` already there is
/// dropped (a pasted signed URL is re-signed).
fn v1(
    request: &Request,
    time: OffsetDateTime,
    options: &Options,
    (secret_id, secret_key): (&str, &str),
    notes: &mut Vec<String>,
) -> Result<String, String> {
    let mut params = tencent_v1::request_params(&request.method, &request.url, &request.body);
    if params.iter().any(|(k, _)| k == "Signature") {
        params.retain(|(k, _)| k != "Signature");
        notes.push("the request's Signature parameter is dropped and computed anew".to_owned());
    }
    let in_request = params.iter().find(|(k, _)| k == "SignatureMethod").map(|(_, v)| v.clone());
    let method_name = match (&options.signature_method, &in_request) {
        (Some(flag), Some(param)) if flag != param => {
            return Err(format!(
                "--signature-method {flag} contradicts the request's SignatureMethod={param}"
            ));
        }
        (Some(name), _) | (None, Some(name)) => Some(name.clone()),
        (None, None) => None,
    };
    let mac = match method_name.as_deref() {
        None => {
            notes.push("no SignatureMethod: HmacSHA1, as the service assumes".to_owned());
            V1Method::HmacSha1
        }
        Some("HmacSHA1") => V1Method::HmacSha1,
        Some("HmacSHA256") => V1Method::HmacSha256,
        Some(other) => {
            return Err(format!("signature method {other:?}: expected HmacSHA1 or HmacSHA256"));
        }
    };
    let mut added = Vec::new();
    // The SDK's `random.randint(1, sys.maxsize)`.
    let nonce = options
        .nonce
        .unwrap_or_else(|| rand::Rng::gen_range(&mut rand::rngs::OsRng, 1..=i64::MAX as u64));
    let defaults = [
        ("SecretId", secret_id.to_owned()),
        ("Timestamp", time.unix_timestamp().to_string()),
        ("Nonce", nonce.to_string()),
        ("SignatureMethod", mac.name().to_owned()),
    ];
    for (name, value) in defaults {
        let wanted = name != "SignatureMethod" || options.signature_method.is_some();
        if wanted && !params.iter().any(|(k, _)| k == name) {
            params.push((name.to_owned(), value.clone()));
            added.push(format!("{name}={value}"));
        }
    }
    let host = signing::canonical::host_header(&request.url)
        .ok_or_else(|| format!("the URL {} has no host", request.url))?;
    let signed =
        tencent_v1::sign(&request.method, &host, request.url.path(), &params, secret_key, mac)
            .map_err(message)?;
    let mut text = signed.to_string();
    if !added.is_empty() {
        let _ = writeln!(text, "parameters added:");
        for pair in added {
            let _ = writeln!(text, "  {pair}");
        }
    }
    Ok(text)
}
