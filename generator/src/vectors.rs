//! Signing test vectors (format: tests/vectors/shared/FORMAT.md) run through the runtime signers.
//!
//! A vectors file is JSON Lines: one case per line, each describing a request, the credentials,
//! the moment of signing and what the vendor's official SDK produced for it. This module
//!
//! - parses a file into [`Case`]s ([`parse_file`], [`parse_str`]): a line that is not a valid case
//!   is an error naming the file and the line; a case whose scheme this module cannot run is
//!   still parsed, and reported as unsupported when run;
//! - runs one case through the runtime signer of its scheme and compares what it produced with
//!   what the case expects ([`run_case`]), or every case of a file ([`run_file`]).
//!
//! Adding a scheme is one arm in the `match` of `produce` (plus the function that calls the
//! runtime signer for it); parsing and comparison are shared by all schemes.
//!
//! A case passes when the signature and every expected header (or parameter) match exactly, the
//! signer adds no header the case does not expect, and, where the case has them, the canonical
//! request and the string to sign match byte for byte.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use apigen_runtime::signing::tencent_v1::V1Method;
use apigen_runtime::signing::{self, SignableRequest, Signature};
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use url::Url;

/// A signing algorithm a case can name in its `scheme` field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `huawei-sdk-hmac-sha256`: Huawei Cloud APIG `SDK-HMAC-SHA256`.
    HuaweiSdkHmacSha256,
    /// `tc3-hmac-sha256`: Tencent Cloud API 3.0 signature v3.
    Tc3HmacSha256,
    /// `tencent-v1-hmac-sha1`: Tencent Cloud signature v1 with HMAC-SHA1.
    TencentV1HmacSha1,
    /// `tencent-v1-hmac-sha256`: Tencent Cloud signature v1 with HMAC-SHA256.
    TencentV1HmacSha256,
    /// `sangfor-aws4`: Sangfor's AWS Signature V4 variant.
    SangforAws4,
    /// A name this module does not know.
    Other(String),
}

impl Scheme {
    /// The scheme named `name` (as written in vectors files).
    pub fn from_name(name: &str) -> Self {
        match name {
            "huawei-sdk-hmac-sha256" => Self::HuaweiSdkHmacSha256,
            "tc3-hmac-sha256" => Self::Tc3HmacSha256,
            "tencent-v1-hmac-sha1" => Self::TencentV1HmacSha1,
            "tencent-v1-hmac-sha256" => Self::TencentV1HmacSha256,
            "sangfor-aws4" => Self::SangforAws4,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The name as written in vectors files.
    pub fn name(&self) -> &str {
        match self {
            Self::HuaweiSdkHmacSha256 => "huawei-sdk-hmac-sha256",
            Self::Tc3HmacSha256 => "tc3-hmac-sha256",
            Self::TencentV1HmacSha1 => "tencent-v1-hmac-sha1",
            Self::TencentV1HmacSha256 => "tencent-v1-hmac-sha256",
            Self::SangforAws4 => "sangfor-aws4",
            Self::Other(name) => name,
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One signing test vector.
#[derive(Clone, Debug)]
pub struct Case {
    /// Unique id within its file, e.g. `huawei-001`.
    pub id: String,
    /// The algorithm.
    pub scheme: Scheme,
    /// Where the expected values come from (SDK and version).
    pub source: Option<String>,
    /// What the case exercises.
    pub note: Option<String>,
    /// 1-based line of the case in its file.
    pub line: usize,
    /// The request to sign.
    pub request: Request,
    /// The credentials to sign with.
    pub credentials: Credentials,
    /// The moment of signing.
    pub time: OffsetDateTime,
    /// Nonce (Tencent v1 cases).
    pub nonce: Option<serde_json::Value>,
    /// The scheme's own settings (e.g. `signed_headers` for `sangfor-aws4`).
    pub options: Option<serde_json::Map<String, serde_json::Value>>,
    /// What the vendor's SDK produced.
    pub expected: Expected,
}

/// The request of a [`Case`] (and of `apigen sign`).
#[derive(Clone, Debug)]
pub struct Request {
    /// HTTP method as given.
    pub method: String,
    /// The URL as the client sends it.
    pub url: Url,
    /// Headers given to the signer, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes (from `body` or `body_base64`; empty for none).
    pub body: Vec<u8>,
}

/// The credentials of a [`Case`]; only what the scheme uses is set.
#[derive(Clone, Debug, Deserialize)]
pub struct Credentials {
    /// Access key id (Huawei AK, Tencent SecretId).
    pub access_key: String,
    /// Secret key.
    pub secret_key: String,
    /// Region, for schemes that sign it.
    #[serde(default)]
    pub region: Option<String>,
    /// Service name, for schemes that sign it.
    #[serde(default)]
    pub service: Option<String>,
    /// Temporary-credential token.
    #[serde(default)]
    pub session_token: Option<String>,
}

/// What a [`Case`] expects; `None` where the SDK does not expose a value.
#[derive(Clone, Debug, Deserialize)]
pub struct Expected {
    /// The canonical request, byte for byte.
    #[serde(default)]
    pub canonical_request: Option<String>,
    /// The string to sign, byte for byte.
    #[serde(default)]
    pub string_to_sign: Option<String>,
    /// The signature as the scheme writes it (hex or base64).
    pub signature: String,
    /// Headers the signer adds, in order.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The full signed parameter set (Tencent v1).
    #[serde(default)]
    pub params: Option<Vec<(String, String)>>,
}

/// Why a vectors file could not be parsed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VectorError {
    /// The file could not be read.
    #[error("cannot read vectors file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is not a valid case.
    #[error("{}:{line}: {message}", path.display())]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
struct RawCase {
    id: String,
    scheme: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
    request: RawRequest,
    credentials: Credentials,
    time: String,
    #[serde(default)]
    nonce: Option<serde_json::Value>,
    #[serde(default)]
    options: Option<serde_json::Map<String, serde_json::Value>>,
    expected: Expected,
}

#[derive(Deserialize)]
struct RawRequest {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
}

/// Reads and parses the vectors file at `path`.
pub fn parse_file(path: &Path) -> Result<Vec<Case>, VectorError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| VectorError::Read { path: path.to_owned(), source })?;
    parse_str(&text, path)
}

/// Parses vectors-file text; `path` names the file in errors. Blank lines are skipped; case ids
/// must be unique.
pub fn parse_str(text: &str, path: &Path) -> Result<Vec<Case>, VectorError> {
    let mut cases = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, line_text) in text.lines().enumerate() {
        let line = index + 1;
        if line_text.trim().is_empty() {
            continue;
        }
        let error = |message: String| VectorError::Line { path: path.to_owned(), line, message };
        let case = parse_line(line_text, line).map_err(error)?;
        if let Some(first) = seen.insert(case.id.clone(), line) {
            return Err(error(format!("duplicate case id {:?} (first on line {first})", case.id)));
        }
        cases.push(case);
    }
    Ok(cases)
}

fn parse_line(text: &str, line: usize) -> Result<Case, String> {
    let raw: RawCase = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let id = raw.id;
    let in_case = |message: String| format!("case {id:?}: {message}");
    let url = Url::parse(&raw.request.url)
        .map_err(|e| in_case(format!("request.url {:?} is not a URL: {e}", raw.request.url)))?;
    let body = match (raw.request.body, raw.request.body_base64) {
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => decode_base64(&b64)
            .map_err(|e| in_case(format!("request.body_base64 is not base64: {e}")))?,
        (None, None) => Vec::new(),
        (Some(_), Some(_)) => {
            return Err(in_case("request has both body and body_base64".to_owned()));
        }
    };
    let time = OffsetDateTime::parse(&raw.time, &Rfc3339).map_err(|e| {
        in_case(format!(
            "time {:?} is not an RFC 3339 time (e.g. 2023-11-30T08:00:00Z): {e}",
            raw.time
        ))
    })?;
    Ok(Case {
        scheme: Scheme::from_name(&raw.scheme),
        source: raw.source,
        note: raw.note,
        line,
        request: Request { method: raw.request.method, url, headers: raw.request.headers, body },
        credentials: raw.credentials,
        time,
        nonce: raw.nonce,
        options: raw.options,
        expected: raw.expected,
        id,
    })
}

/// serde_json's message with its position given as a column only (the line is the file's).
fn json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let kind = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "invalid JSON",
        serde_json::error::Category::Data | serde_json::error::Category::Io => "not a valid case",
    };
    format!("{kind}: {message} (column {})", e.column())
}

/// Decodes standard base64 (RFC 4648 alphabet, `=` padding optional, no line breaks).
fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    ENGINE.decode(text).map_err(|e| e.to_string())
}

/// How one case went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything the case expects matched.
    Passed,
    /// The first value that did not match, with both values.
    Mismatch(String),
    /// The signer refused the case (returned an error).
    SignerError(String),
    /// No runtime signer for this scheme (yet).
    Unsupported(String),
}

/// The result of running one [`Case`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// The case's scheme.
    pub scheme: Scheme,
    /// 1-based line of the case in its file.
    pub line: usize,
    /// What happened.
    pub outcome: Outcome,
}

impl CaseResult {
    /// True when the case passed.
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// True when the case's scheme has no runner.
    pub fn unsupported(&self) -> bool {
        matches!(self.outcome, Outcome::Unsupported(_))
    }
}

impl fmt::Display for CaseResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (line {}, {}): ", self.id, self.line, self.scheme)?;
        match &self.outcome {
            Outcome::Passed => write!(f, "passed"),
            Outcome::Mismatch(what) => write!(f, "MISMATCH: {what}"),
            Outcome::SignerError(what) => write!(f, "SIGNER ERROR: {what}"),
            Outcome::Unsupported(what) => write!(f, "skipped: {what}"),
        }
    }
}

/// What a runtime signer produced, in the shape of [`Expected`].
struct Produced {
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    headers: Vec<(String, String)>,
    params: Option<Vec<(String, String)>>,
}

impl From<Signature> for Produced {
    fn from(s: Signature) -> Self {
        Self {
            canonical_request: s.canonical_request,
            string_to_sign: s.string_to_sign,
            signature: s.signature,
            headers: s.headers,
            params: None,
        }
    }
}

/// Signs `case` with the runtime signer of its scheme; `None` when there is none.
fn produce(case: &Case) -> Option<Result<Produced, String>> {
    match case.scheme {
        Scheme::HuaweiSdkHmacSha256 => Some(sign_huawei(case)),
        Scheme::Tc3HmacSha256 => Some(sign_tc3(case)),
        Scheme::TencentV1HmacSha1 => Some(sign_tencent_v1(case, V1Method::HmacSha1)),
        Scheme::TencentV1HmacSha256 => Some(sign_tencent_v1(case, V1Method::HmacSha256)),
        Scheme::SangforAws4 => Some(sign_sangfor(case)),
        Scheme::Other(_) => None,
    }
}

impl Request {
    /// The request as the runtime signers take it.
    pub fn signable(&self) -> SignableRequest<'_> {
        SignableRequest {
            method: &self.method,
            url: &self.url,
            headers: &self.headers,
            body: &self.body,
        }
    }
}

fn sign_huawei(case: &Case) -> Result<Produced, String> {
    signing::huawei::sign(
        case.request.signable(),
        &case.credentials.access_key,
        &case.credentials.secret_key,
        case.time,
    )
    .map(Produced::from)
    .map_err(|e| e.to_string())
}

fn sign_sangfor(case: &Case) -> Result<Produced, String> {
    let option = |key: &str| case.options.as_ref()?.get(key)?.as_str();
    let params = signing::sangfor::Aws4Params {
        access_key: &case.credentials.access_key,
        secret_key: &case.credentials.secret_key,
        region: case.credentials.region.as_deref().ok_or("the case has no credentials.region")?,
        service: case
            .credentials
            .service
            .as_deref()
            .ok_or("the case has no credentials.service")?,
        signed_headers: option("signed_headers")
            .unwrap_or(signing::sangfor::DEFAULT_SIGNED_HEADERS),
    };
    signing::sangfor::sign(case.request.signable(), params, case.time)
        .map(Produced::from)
        .map_err(|e| e.to_string())
}

fn sign_tc3(case: &Case) -> Result<Produced, String> {
    let params = signing::tc3::Tc3Params {
        secret_id: &case.credentials.access_key,
        secret_key: &case.credentials.secret_key,
        token: case.credentials.session_token.as_deref(),
        service: case
            .credentials
            .service
            .as_deref()
            .ok_or("the case has no credentials.service")?,
        signed_headers: signing::tc3::DEFAULT_SIGNED_HEADERS,
    };
    signing::tc3::sign(case.request.signable(), params, case.time)
        .map(Produced::from)
        .map_err(|e| e.to_string())
}

/// v1 parameters are the query (GET) or the form body (POST); the signer sees them decoded.
fn sign_tencent_v1(case: &Case, mac: V1Method) -> Result<Produced, String> {
    let url = &case.request.url;
    let params = signing::tencent_v1::request_params(&case.request.method, url, &case.request.body);
    let host = signing::canonical::host_header(url).ok_or("the URL has no host")?;
    let signed = signing::tencent_v1::sign(
        &case.request.method,
        &host,
        url.path(),
        &params,
        &case.credentials.secret_key,
        mac,
    )
    .map_err(|e| e.to_string())?;
    Ok(Produced {
        canonical_request: String::new(),
        string_to_sign: signed.string_to_sign,
        signature: signed.signature,
        headers: Vec::new(),
        params: Some(signed.params),
    })
}

/// Runs `case` through the runtime signer of its scheme and compares the result.
pub fn run_case(case: &Case) -> CaseResult {
    let outcome = match produce(case) {
        None => Outcome::Unsupported(format!("unsupported scheme {}", case.scheme)),
        Some(Err(e)) => Outcome::SignerError(e),
        Some(Ok(produced)) => match compare(&case.expected, &produced) {
            Ok(()) => Outcome::Passed,
            Err(what) => Outcome::Mismatch(what),
        },
    };
    CaseResult { id: case.id.clone(), scheme: case.scheme.clone(), line: case.line, outcome }
}

/// The results of every case of one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// One result per case, in file order.
    pub results: Vec<CaseResult>,
}

impl FileReport {
    /// Cases that passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// Cases that were run and did not pass.
    pub fn failed(&self) -> impl Iterator<Item = &CaseResult> {
        self.results.iter().filter(|r| !r.passed() && !r.unsupported())
    }

    /// Cases whose scheme has no runner.
    pub fn unsupported(&self) -> usize {
        self.results.iter().filter(|r| r.unsupported()).count()
    }
}

impl fmt::Display for FileReport {
    /// One summary line, then one line per case that was run and did not pass.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed: Vec<_> = self.failed().collect();
        writeln!(
            f,
            "{}: {} cases: {} ok, {} not ok, {} skipped (unsupported scheme)",
            self.path.display(),
            self.results.len(),
            self.passed(),
            failed.len(),
            self.unsupported()
        )?;
        for result in failed {
            writeln!(f, "  {result}")?;
        }
        Ok(())
    }
}

/// Parses the vectors file at `path` and runs every case.
pub fn run_file(path: &Path) -> Result<FileReport, VectorError> {
    let cases = parse_file(path)?;
    Ok(FileReport { path: path.to_owned(), results: cases.iter().map(run_case).collect() })
}

/// The first difference between `expected` and `produced`, described with both values.
fn compare(expected: &Expected, produced: &Produced) -> Result<(), String> {
    if let Some(want) = &expected.canonical_request {
        compare_text("canonical request", want, &produced.canonical_request)?;
    }
    if let Some(want) = &expected.string_to_sign {
        compare_text("string to sign", want, &produced.string_to_sign)?;
    }
    compare_text("signature", &expected.signature, &produced.signature)?;
    compare_pairs("header", &expected.headers, &produced.headers, true)?;
    if let Some(want) = &expected.params {
        let got = produced.params.as_deref().unwrap_or_default();
        compare_pairs("parameter", want, got, false)?;
    }
    Ok(())
}

fn compare_text(what: &str, want: &str, got: &str) -> Result<(), String> {
    if want == got {
        return Ok(());
    }
    if !want.contains('\n') && !got.contains('\n') {
        return Err(format!("{what} differs\n    expected: {want:?}\n    actual:   {got:?}"));
    }
    let (mut want_lines, mut got_lines) = (want.split('\n'), got.split('\n'));
    let mut number = 1;
    let (first_want, first_got) = loop {
        match (want_lines.next(), got_lines.next()) {
            (Some(w), Some(g)) if w == g => number += 1,
            (w, g) => break (w, g),
        }
    };
    let show =
        |line: Option<&str>| line.map_or_else(|| "(no such line)".to_owned(), |l| format!("{l:?}"));
    Err(format!(
        "{what} differs at line {number}\n    expected: {}\n    actual:   {}\n  expected {what}:\n{}\n  actual {what}:\n{}",
        show(first_want),
        show(first_got),
        indent(want),
        indent(got)
    ))
}

fn indent(text: &str) -> String {
    text.split('\n').map(|l| format!("    | {l}")).collect::<Vec<_>>().join("\n")
}

/// Every expected pair must be produced with the same value (names compared ignoring ASCII
/// case when `ignore_case`), and nothing else may be produced.
fn compare_pairs(
    what: &str,
    want: &[(String, String)],
    got: &[(String, String)],
    ignore_case: bool,
) -> Result<(), String> {
    let same = |a: &str, b: &str| if ignore_case { a.eq_ignore_ascii_case(b) } else { a == b };
    for (name, value) in want {
        match got.iter().find(|(n, _)| same(n, name)) {
            None => {
                return Err(format!(
                    "{what} {name} expected but not produced\n    expected: {name}: {value:?}\n    produced: {}",
                    names(got)
                ));
            }
            Some((_, v)) if v != value => {
                return Err(format!(
                    "{what} {name} differs\n    expected: {value:?}\n    actual:   {v:?}"
                ));
            }
            Some(_) => {}
        }
    }
    if let Some((name, value)) = got.iter().find(|(n, _)| !want.iter().any(|(w, _)| same(w, n))) {
        return Err(format!(
            "{what} {name} produced but not expected\n    actual:   {name}: {value:?}\n    expected: {}",
            names(want)
        ));
    }
    Ok(())
}

fn names(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return "(none)".to_owned();
    }
    pairs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "dir/cases.jsonl";

    /// huawei-001 of tests/vectors/shared/huawei.jsonl (huaweicloudsdkcore 3.1.219).
    const HUAWEI_001: &str = r#"{"id": "huawei-001", "scheme": "huawei-sdk-hmac-sha256", "source": "huaweicloudsdkcore 3.1.219", "request": {"method": "GET", "url": "https://coc.cn-north-4.myhuaweicloud.com/v1/job/scripts", "headers": [], "body": ""}, "credentials": {"access_key": "HPUA1B2C3D4E5F6G7H8I", "secret_key": "hwSecretKey0123456789abcdefghijklmnopqrst"}, "time": "2023-11-30T08:00:00Z", "expected": {"canonical_request": "GET\n/v1/job/scripts/\n\nhost:coc.cn-north-4.myhuaweicloud.com\nx-sdk-date:20231130T080000Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "string_to_sign": "SDK-HMAC-SHA256\n20231130T080000Z\nfc3b1131513f31b6fca7d07126cd76412356aa40c38ade090439fdc8ff1080f5", "signature": "c227ad562e02444a520e45410218d55378e9a029ce4c5a04a556cad4bc9a994b", "headers": [["X-Sdk-Date", "20231130T080000Z"], ["Authorization", "SDK-HMAC-SHA256 Access=HPUA1B2C3D4E5F6G7H8I, SignedHeaders=host;x-sdk-date, Signature=c227ad562e02444a520e45410218d55378e9a029ce4c5a04a556cad4bc9a994b"]]}, "note": "simple GET, no query, no body"}"#;

    fn parse(text: &str) -> Result<Vec<Case>, VectorError> {
        parse_str(text, Path::new(FILE))
    }

    fn line_error(text: &str) -> (usize, String) {
        match parse(text) {
            Err(VectorError::Line { path, line, message }) => {
                assert_eq!(path, Path::new(FILE));
                (line, message)
            }
            other => panic!("expected a line error, got {other:?}"),
        }
    }

    /// HUAWEI_001 with `from` replaced by `to` (exactly once).
    fn edited(from: &str, to: &str) -> String {
        assert_eq!(HUAWEI_001.matches(from).count(), 1, "{from:?} must occur once");
        HUAWEI_001.replacen(from, to, 1)
    }

    #[test]
    fn parses_a_case_and_skips_blank_lines() {
        let cases = parse(&format!("\n{HUAWEI_001}\n  \n")).expect("valid file");
        assert_eq!(cases.len(), 1);
        let case = &cases[0];
        assert_eq!(case.id, "huawei-001");
        assert_eq!(case.line, 2);
        assert_eq!(case.scheme, Scheme::HuaweiSdkHmacSha256);
        assert_eq!(case.request.url.host_str(), Some("coc.cn-north-4.myhuaweicloud.com"));
        assert!(case.request.body.is_empty());
    }

    #[test]
    fn malformed_json_names_file_and_line() {
        let (line, message) = line_error(&format!("{HUAWEI_001}\n{{\"id\": \"x\",\n"));
        assert_eq!(line, 2);
        assert!(message.starts_with("invalid JSON"), "{message}");
        let err = parse(&format!("{HUAWEI_001}\nnot json\n")).expect_err("malformed");
        assert!(err.to_string().starts_with("dir/cases.jsonl:2: invalid JSON"), "{err}");
    }

    #[test]
    fn missing_field_is_a_line_error() {
        let (line, message) = line_error(&edited(r#""time": "2023-11-30T08:00:00Z", "#, ""));
        assert_eq!(line, 1);
        assert!(message.contains("missing field `time`"), "{message}");
    }

    #[test]
    fn wrong_header_shape_is_a_line_error() {
        let (_, message) =
            line_error(&edited(r#""headers": [], "body""#, r#""headers": [["A"]], "body""#));
        assert!(message.starts_with("not a valid case"), "{message}");
    }

    #[test]
    fn bad_url_time_and_base64_are_line_errors() {
        let (_, message) =
            line_error(&edited("https://coc.cn-north-4.myhuaweicloud.com/v1", "/v1"));
        assert!(message.contains("request.url \"/v1/job/scripts\" is not a URL"), "{message}");
        let (_, message) = line_error(&edited("2023-11-30T08:00:00Z", "20231130T080000Z"));
        assert!(message.contains("is not an RFC 3339 time"), "{message}");
        let (_, message) = line_error(&edited(r#""body": """#, r#""body_base64": "a*b=""#));
        assert!(message.contains("body_base64 is not base64: Invalid symbol 42"), "{message}");
        let (_, message) = line_error(&edited(r#""body": """#, r#""body": "", "body_base64": """#));
        assert!(message.contains("both body and body_base64"), "{message}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let (line, message) = line_error(&format!("{HUAWEI_001}\n\n{HUAWEI_001}\n"));
        assert_eq!(line, 3);
        assert!(
            message.contains("duplicate case id \"huawei-001\" (first on line 1)"),
            "{message}"
        );
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let err = parse_file(Path::new("/nonexistent/vectors.jsonl")).expect_err("no file");
        assert!(matches!(err, VectorError::Read { .. }), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/vectors.jsonl"), "{err}");
    }

    #[test]
    fn unknown_scheme_parses_and_runs_as_unsupported() {
        let text = edited("huawei-sdk-hmac-sha256", "acme-hmac-md5");
        let cases = parse(&text).expect("unknown schemes still parse");
        assert_eq!(cases[0].scheme, Scheme::Other("acme-hmac-md5".to_owned()));
        let result = run_case(&cases[0]);
        assert_eq!(
            result.outcome,
            Outcome::Unsupported("unsupported scheme acme-hmac-md5".to_owned())
        );
    }

    #[test]
    fn base64_decoding() {
        assert_eq!(
            decode_base64("AP8QgH/DKAo=").as_deref(),
            Ok(&[0, 255, 16, 128, 127, 195, 40, 10][..])
        );
        assert_eq!(decode_base64("aGk").as_deref(), Ok(&b"hi"[..]));
        assert_eq!(decode_base64("").as_deref(), Ok(&b""[..]));
        assert!(decode_base64("a").is_err());
        assert!(decode_base64("aGk===").is_err());
    }

    #[test]
    fn runs_a_huawei_case() {
        let cases = parse(HUAWEI_001).expect("valid");
        let result = run_case(&cases[0]);
        assert!(result.passed(), "{result}");
    }

    #[test]
    fn mismatch_shows_both_values() {
        let text = edited(
            "x-sdk-date:20231130T080000Z\\n\\nhost",
            "x-sdk-date:20231130T080001Z\\n\\nhost",
        );
        let cases = parse(&text).expect("valid");
        let result = run_case(&cases[0]);
        let Outcome::Mismatch(what) = &result.outcome else { panic!("{result}") };
        assert!(what.starts_with("canonical request differs at line 5"), "{what}");
        assert!(what.contains("expected: \"x-sdk-date:20231130T080001Z\""), "{what}");
        assert!(what.contains("actual:   \"x-sdk-date:20231130T080000Z\""), "{what}");
    }

    #[test]
    fn unexpected_added_header_is_a_mismatch() {
        let text = edited(r#"[["X-Sdk-Date", "20231130T080000Z"], "#, "[");
        let cases = parse(&text).expect("valid");
        let Outcome::Mismatch(what) = run_case(&cases[0]).outcome else {
            panic!("should not pass")
        };
        assert!(what.starts_with("header X-Sdk-Date produced but not expected"), "{what}");
    }
}
