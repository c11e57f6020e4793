//! Sending requests: URL building, authentication, timeouts, retries.
//!
//! A [`Transport`] is cheap to clone and shares its connection pool and credentials between
//! clones. TLS certificate verification is always on (reqwest with rustls and the Mozilla root
//! store); pass a custom `reqwest::Client` to trust another CA.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method};
use time::OffsetDateTime;
use url::Url;

use crate::auth::{Credentials, Secret, huawei};
use crate::download::Download;
use crate::error::Error;
use crate::error::TransportError;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::response::{ErrorEnvelope, ReadError, Response, read_body};
use crate::retry::{self, RetryPolicy};
use crate::signing::{self, SignableRequest, canonical};
use crate::upload::{self, FormField, Upload};

/// The request-signing algorithm a service uses with access-key credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningScheme {
    /// Huawei Cloud `SDK-HMAC-SHA256`.
    HuaweiSdkHmacSha256,
    /// Tencent Cloud `TC3-HMAC-SHA256`, with the service name of the credential scope.
    Tc3HmacSha256 {
        /// Service name, e.g. `cvm`.
        service: &'static str,
    },
    /// Sangfor SCP's `AWS4-HMAC-SHA256` variant.
    SangforAws4 {
        /// Region of the credential scope.
        region: &'static str,
        /// Service of the credential scope.
        service: &'static str,
        /// The declared `SignedHeaders` list.
        signed_headers: &'static str,
    },
}

/// How a service authenticates requests: emitted per service from its spec's security schemes.
///
/// A [`Credentials::Token`] goes to [`token_header`](Self::token_header) when it is set, else
/// to the query parameter [`token_query`](Self::token_query), else to the cookie
/// [`token_cookie`](Self::token_cookie) (OpenAPI `apiKey` schemes `in: header`, `query`,
/// `cookie`). [`Credentials::Bearer`] and [`Credentials::Basic`] need none of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthSettings {
    /// Header that carries a token, for token credentials.
    pub token_header: Option<&'static str>,
    /// Query parameter that carries a token, for token credentials, when there is no token
    /// header. The token is added to the URL of the request sent only: never to
    /// [`Transport::url`], logs or errors.
    pub token_query: Option<&'static str>,
    /// Cookie that carries a token, for token credentials, when there is neither a token
    /// header nor a token query parameter. Sent in the request's one `Cookie` header.
    pub token_cookie: Option<&'static str>,
    /// Signing algorithm, for access-key credentials.
    pub signing: Option<SigningScheme>,
    /// Header that carries the project id of access-key credentials.
    pub project_id_header: Option<&'static str>,
}

/// Where a [`Credentials::Token`] is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenPlace {
    Header(&'static str),
    Query(&'static str),
    Cookie(&'static str),
}

impl AuthSettings {
    /// Where a token goes: the token header, else the query parameter, else the cookie, else
    /// `X-Auth-Token`.
    pub(crate) fn token_place(&self) -> TokenPlace {
        match (self.token_header, self.token_query, self.token_cookie) {
            (Some(name), _, _) => TokenPlace::Header(name),
            (None, Some(name), _) => TokenPlace::Query(name),
            (None, None, Some(name)) => TokenPlace::Cookie(name),
            (None, None, None) => TokenPlace::Header("X-Auth-Token"),
        }
    }

    /// Whether the service names anywhere to send a token.
    pub(crate) fn takes_tokens(&self) -> bool {
        self.token_header.is_some() || self.token_query.is_some() || self.token_cookie.is_some()
    }
}

/// The most redirects [`redirect_policy`] follows in a row.
pub const MAX_REDIRECTS: usize = 10;

/// The redirect policy of the HTTP client a [`Transport`] builds: redirects to the origin
/// (scheme, host and port) of the request are followed, at most [`MAX_REDIRECTS`] in a row;
/// a redirect to another origin is not followed, and its `3xx` answer is returned as it is.
///
/// Credentials (a token header, a token in the query or a cookie, `Authorization`, signature
/// headers) are thus never sent to another origin. reqwest's default policy would follow such
/// a redirect and drop only `Authorization` and `Cookie`. Give a custom
/// [`TransportConfig::http_client`] this policy too.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous` holds every URL requested in this chain, the request's own first.
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

impl AuthSettings {
    /// No token place, no signing: bearer and basic credentials still work.
    pub const NONE: AuthSettings = AuthSettings {
        token_header: None,
        token_query: None,
        token_cookie: None,
        signing: None,
        project_id_header: None,
    };
}

/// A request body.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A JSON document (already serialized), sent with the given content type.
    Json {
        /// The serialized document.
        bytes: Vec<u8>,
        /// Content type, e.g. `application/json;charset=UTF-8`.
        content_type: &'static str,
    },
    /// A `multipart/form-data` form; files are streamed, and the payload is not hashed for
    /// signing (the signers' unsigned-payload rule for non-JSON bodies).
    Multipart(Vec<FormField>),
    /// Raw bytes (`application/octet-stream` and the like), streamed from an [`Upload`]; the
    /// content type is the upload's own, else the one the spec documents.
    Binary(Upload, &'static str),
    /// An `application/x-www-form-urlencoded` form, already encoded (see [`Body::form`]).
    Form(Vec<u8>),
    /// Text (`text/plain` and other text types), sent as UTF-8 with the given content type.
    Text {
        /// The text.
        text: String,
        /// Content type, e.g. `text/plain` (sent as given).
        content_type: &'static str,
    },
}

impl Body {
    /// The bytes sent (empty for none); `None` for a multipart form or a binary upload, which
    /// are streamed.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Empty => Some(&[]),
            Self::Json { bytes, .. } | Self::Form(bytes) => Some(bytes),
            Self::Text { text, .. } => Some(text.as_bytes()),
            Self::Multipart(_) | Self::Binary(..) => None,
        }
    }

    /// The `Content-Type` of a body held in memory (`None` for none, and for the streamed
    /// bodies, whose type is decided when they are sent).
    fn content_type(&self) -> Option<&'static str> {
        match self {
            Self::Json { content_type, .. } | Self::Text { content_type, .. } => Some(content_type),
            Self::Form(_) => Some(FORM_CONTENT_TYPE),
            Self::Empty | Self::Multipart(_) | Self::Binary(..) => None,
        }
    }

    /// Encodes `value` as an `application/x-www-form-urlencoded` body.
    ///
    /// `value` is a struct (or map) of scalar fields: a sequence field (a `Vec`, a slice)
    /// becomes a repeated key (`tag=a&tag=b`, OpenAPI's default `style: form, explode: true`),
    /// an absent optional field is left out. A field that is itself an object (or a map, or a
    /// tuple, which is how serde sees a fixed-size array) cannot be encoded and is an error.
    pub fn form<T: serde::Serialize>(value: &T) -> Result<Self, String> {
        serde_html_form::to_string(value).map(|text| Self::Form(text.into_bytes())).map_err(|e| {
            format!(
                "cannot encode the request body as a form ({e}): a form holds scalar fields \
                 and sequences of scalars only, not nested objects, maps or tuples"
            )
        })
    }

    /// A text body: `value`'s `Display` text, sent with `content_type` (e.g. `text/plain`).
    /// A `String` or `&str` is sent as it is; numbers and other values as they print.
    pub fn text(value: impl std::fmt::Display, content_type: &'static str) -> Self {
        Self::Text { text: value.to_string(), content_type }
    }

    /// Serializes `value` as a JSON body.
    pub fn json<T: serde::Serialize>(
        value: &T,
        content_type: &'static str,
    ) -> Result<Self, String> {
        serde_json::to_vec(value)
            .map(|bytes| Self::Json { bytes, content_type })
            .map_err(|e| format!("cannot serialize the request body: {e}"))
    }
}

/// Content type of [`Body::Form`].
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A request, described before URL and authentication are added.
#[derive(Clone, Debug)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path after the endpoint, segments already percent-encoded (see [`encode_path_segment`]).
    pub path: String,
    /// Query parameters, decoded; a repeated name is a repeated key.
    pub query: Vec<(String, String)>,
    /// Headers of the operation (not authentication).
    pub headers: Vec<(String, String)>,
    /// Cookies of the operation, values as they are sent: when there are any, one
    /// `Cookie: a=1; b=2` header (a token in the service's token cookie joins it).
    pub cookies: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// The documented rate limit this request counts against.
    pub rate_limit: Option<RateLimit>,
    /// A status outside 2xx that the operation documents as its answer (OpenStack version
    /// lists answer `300 Multiple Choices`).
    pub success_status: Option<http::StatusCode>,
    /// JSON pointer to the part of the success body that holds the answer, when this
    /// operation's differs from the service's ([`TransportConfig::response_pointer`]).
    pub response_pointer: Option<&'static str>,
    /// The operation takes no credentials (`security: []`): none are sent, so that a token or
    /// a signature never goes where the service does not ask for it.
    pub anonymous: bool,
}

impl Request {
    /// A request without query, headers or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::Empty,
            rate_limit: None,
            success_status: None,
            response_pointer: None,
            anonymous: false,
        }
    }

    /// Whether a repeat of this request cannot change the outcome (by method).
    pub fn idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        )
    }
}

/// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
pub fn encode_path_segment(value: &str) -> String {
    canonical::encode(value)
}

/// Everything a [`Transport`] needs.
#[derive(Clone, Debug)]
pub struct TransportConfig {
    /// Endpoint: scheme, host, optional port and path prefix.
    pub endpoint: Url,
    /// Credentials; `None` sends requests unauthenticated.
    pub credentials: Option<Credentials>,
    /// How the service authenticates.
    pub auth: AuthSettings,
    /// Response header carrying the request id.
    pub request_id_header: Option<&'static str>,
    /// Retry policy.
    pub retry: RetryPolicy,
    /// Timeout of one attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// Timeout of connecting (used when the transport builds its own HTTP client).
    pub connect_timeout: Duration,
    /// `User-Agent` header.
    pub user_agent: String,
    /// Headers sent with every request (e.g. a language setting).
    pub default_headers: Vec<(String, String)>,
    /// HTTP client to use instead of a default one (proxies, custom CA, pool settings). Build
    /// it with [`redirect_policy`]: reqwest's default policy follows redirects to other hosts
    /// with the token header and signature headers of the request.
    pub http_client: Option<reqwest::Client>,
    /// Extra trusted root certificates (an on-premise CA), for the default HTTP client.
    pub root_certificates: Vec<reqwest::Certificate>,
    /// Skip TLS certificate verification (default HTTP client only). Never on by default.
    pub accept_invalid_certificates: bool,
    /// JSON pointer to the part of every success body that holds the answer (e.g.
    /// `/Response` for services that wrap every answer).
    pub response_pointer: Option<&'static str>,
    /// TC3 services only: send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and sign that literal
    /// instead of the body's hash (the Tencent SDKs' `unsignedPayload`), for bodies too large
    /// to hash; streamed bodies can then be signed too.
    pub unsigned_payload: bool,
    /// The largest response body read into memory (every answer but a streamed download);
    /// a larger one is [`TransportError::TooLarge`]. Default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub max_response_bytes: u64,
}

/// The default of [`TransportConfig::max_response_bytes`]: 64 MiB, far above any JSON
/// document an API answers with, far below what would exhaust a service's memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

impl TransportConfig {
    /// Defaults: 30 s per attempt, 10 s to connect, default retries, no credentials.
    pub fn new(endpoint: Url, auth: AuthSettings, user_agent: impl Into<String>) -> Self {
        Self {
            endpoint,
            credentials: None,
            auth,
            request_id_header: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: user_agent.into(),
            default_headers: Vec::new(),
            http_client: None,
            root_certificates: Vec::new(),
            accept_invalid_certificates: false,
            response_pointer: None,
            unsigned_payload: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// What a signer that does not hash the payload is given for a streamed body (see the AK/SK
/// and TC3 branches of `headers`).
const STREAMED_BODY: &[u8] = b"(streamed body)";

/// The body bytes for a signer that hashes the payload; a streamed form cannot be.
fn hashed_body(body: &Body) -> Result<&[u8], TransportError> {
    body.bytes().ok_or_else(|| {
        TransportError::Config(
            "multipart/form-data and binary bodies are streamed and cannot be hashed for this signature scheme".into(),
        )
    })
}

/// Why an upload could not be read (the path is the caller's own, so it is shown).
fn upload_error(upload: &Upload, e: &std::io::Error) -> TransportError {
    match upload.path() {
        Some(path) => TransportError::Config(format!("cannot read {}: {e}", path.display())),
        None => TransportError::Config(format!("cannot read an upload: {e}")),
    }
}

/// The TLS library's reason, when `error` is a failed TLS handshake.
fn tls_failure(error: &reqwest::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        // An `io::Error` hides the error it wraps from `source()`: step into it.
        cause = match e.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
            Some(inner) => Some(inner),
            None => e.source(),
        };
    }
    None
}

/// What one exchange produced.
enum Answer {
    Read(Response),
    Streaming(Download),
}

/// Sends requests for one client. Clones share state.
#[derive(Clone, Debug)]
pub struct Transport {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: TransportConfig,
    http: reqwest::Client,
    limiter: RateLimiter,
}

impl Transport {
    /// Checks `config` and builds the transport.
    pub fn new(config: TransportConfig) -> Result<Self, TransportError> {
        if !matches!(config.endpoint.scheme(), "http" | "https") || config.endpoint.host().is_none()
        {
            return Err(TransportError::Config(format!(
                "endpoint {} must be an http(s) URL with a host",
                config.endpoint
            )));
        }
        // Access keys must match the service's signing scheme.
        let refused = match (&config.credentials, config.auth.signing) {
            (Some(Credentials::HuaweiAkSk(_)), scheme)
                if scheme != Some(SigningScheme::HuaweiSdkHmacSha256) =>
            {
                Some("Huawei AK/SK signing")
            }
            (Some(Credentials::TencentSecret(_)), scheme)
                if !matches!(scheme, Some(SigningScheme::Tc3HmacSha256 { .. })) =>
            {
                Some("Tencent Cloud TC3 signing")
            }
            (Some(Credentials::SangforAccessKey(_)), scheme)
                if !matches!(scheme, Some(SigningScheme::SangforAws4 { .. })) =>
            {
                Some("Sangfor SCP access keys")
            }
            (Some(Credentials::SangforToken(_)), scheme)
                if !matches!(scheme, Some(SigningScheme::SangforAws4 { .. })) =>
            {
                Some("Sangfor SCP tokens")
            }
            _ => None,
        };
        if let Some(what) = refused {
            return Err(TransportError::Config(format!("this service does not accept {what}")));
        }
        if config.unsigned_payload
            && !matches!(config.auth.signing, Some(SigningScheme::Tc3HmacSha256 { .. }))
        {
            return Err(TransportError::Config(
                "unsigned_payload is a setting of Tencent Cloud TC3 signing, which this service does not use".into(),
            ));
        }
        let takes_token = match &config.credentials {
            Some(Credentials::Token(_)) => config.auth.takes_tokens(),
            Some(Credentials::HuaweiIam(_)) => config.auth.token_header.is_some(),
            _ => true,
        };
        if !takes_token {
            return Err(TransportError::Config("this service does not accept tokens".into()));
        }
        let http = match &config.http_client {
            Some(client) => client.clone(),
            None => {
                let mut builder = reqwest::Client::builder()
                    .connect_timeout(config.connect_timeout)
                    .redirect(redirect_policy())
                    .referer(false);
                for certificate in &config.root_certificates {
                    builder = builder.add_root_certificate(certificate.clone());
                }
                if config.accept_invalid_certificates {
                    tracing::warn!(
                        endpoint = %config.endpoint,
                        "TLS certificate verification is OFF for this client: anyone on the network path can read and change its requests, credentials included"
                    );
                    builder = builder.danger_accept_invalid_certs(true);
                }
                builder.build().map_err(|e| TransportError::Config(e.to_string()))?
            }
        };
        Ok(Self { inner: Arc::new(Inner { config, http, limiter: RateLimiter::default() }) })
    }

    /// The configuration.
    pub fn config(&self) -> &TransportConfig {
        &self.inner.config
    }

    /// The full URL of `request`: endpoint, path and RFC 3986-encoded query. A token the
    /// service takes in the query is not in it (it is added to the URL sent only).
    pub fn url(&self, request: &Request) -> Result<Url, TransportError> {
        self.url_with(request, None)
    }

    /// The URL sent: [`url`](Self::url), and the token when the service takes it in the query.
    fn sent_url(&self, request: &Request) -> Result<Url, TransportError> {
        let config = &self.inner.config;
        let token = match (&config.credentials, config.auth.token_place()) {
            (Some(Credentials::Token(token)), TokenPlace::Query(name)) if !request.anonymous => {
                Some((name, token.expose()))
            }
            _ => None,
        };
        self.url_with(request, token)
    }

    fn url_with(
        &self,
        request: &Request,
        extra: Option<(&str, &str)>,
    ) -> Result<Url, TransportError> {
        let base = self.inner.config.endpoint.as_str().trim_end_matches('/');
        let mut url = format!("{base}{}", request.path);
        let pairs: Vec<String> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(extra)
            .map(|(k, v)| format!("{}={}", canonical::encode(k), canonical::encode(v)))
            .collect();
        if !pairs.is_empty() {
            url.push('?');
            url.push_str(&pairs.join("&"));
        }
        // The parse error names no part of the URL (which may hold the token).
        Url::parse(&url).map_err(|e| TransportError::Config(format!("invalid request URL: {e}")))
    }

    /// The headers of one attempt, authentication included, and the token obtained from a
    /// token provider for it (to be forgotten if the service refuses it).
    async fn headers(
        &self,
        request: &Request,
        url: &Url,
        content_type: Option<String>,
        now: OffsetDateTime,
    ) -> Result<(Vec<(String, String)>, Option<Secret>), TransportError> {
        let config = &self.inner.config;
        let mut headers = vec![("User-Agent".to_owned(), config.user_agent.clone())];
        if let Some(content_type) = content_type {
            headers.push(("Content-Type".to_owned(), content_type));
        }
        // A header the operation sets overrides the client-wide default of the same name.
        let overridden =
            |name: &str| request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        headers.extend(config.default_headers.iter().filter(|(n, _)| !overridden(n)).cloned());
        headers.extend(request.headers.iter().cloned());
        let credentials = if request.anonymous { None } else { config.credentials.as_ref() };
        // The operation's cookies and a token the service takes in a cookie: one header.
        let mut cookies: Vec<String> =
            request.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
        if let (Some(Credentials::Token(token)), TokenPlace::Cookie(name)) =
            (credentials, config.auth.token_place())
        {
            cookies.push(format!("{name}={}", token.expose()));
        }
        if !cookies.is_empty() {
            headers.push(("Cookie".to_owned(), cookies.join("; ")));
        }
        let mut issued = None;
        match credentials {
            None => {}
            Some(Credentials::Token(token)) => {
                // In the query or a cookie, it was placed with the URL or the cookies above.
                // An operation's header parameter of the same name is the caller's value for
                // this call: it is sent instead, never beside the token.
                if let TokenPlace::Header(name) = config.auth.token_place() {
                    if !overridden(name) {
                        headers.push((name.to_owned(), token.expose().to_owned()));
                    }
                }
            }
            Some(credentials @ (Credentials::Bearer(_) | Credentials::Basic { .. })) => {
                let value = credentials.authorization();
                headers.extend(value.map(|v| ("Authorization".to_owned(), v)));
            }
            Some(Credentials::HuaweiIam(provider)) => {
                let token = provider.token().await?;
                let name = config.auth.token_header.unwrap_or("X-Auth-Token");
                headers.push((name.to_owned(), token.expose().to_owned()));
                issued = Some(token);
            }
            Some(Credentials::HuaweiAkSk(aksk)) => {
                if let (Some(project), Some(name)) =
                    (&aksk.project_id, config.auth.project_id_header)
                {
                    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                        headers.push((name.to_owned(), project.clone()));
                    }
                }
                if let Some(token) = &aksk.security_token {
                    headers.push((
                        huawei::SECURITY_TOKEN_HEADER.to_owned(),
                        token.expose().to_owned(),
                    ));
                }
                // SDK-HMAC-SHA256 hashes no body but JSON; a streamed form is sent with
                // `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`, which the signer uses for any
                // non-empty body: it only needs to know the body is not empty.
                let body = request.body.bytes().unwrap_or(STREAMED_BODY);
                let signable = SignableRequest {
                    method: request.method.as_str(),
                    url,
                    headers: &headers,
                    body,
                };
                let signature = signing::huawei::sign(
                    signable,
                    &aksk.access_key,
                    aksk.secret_key.expose(),
                    now,
                )?;
                headers.extend(signature.headers);
            }
            Some(Credentials::SangforToken(provider)) => {
                let token = provider.token_via(&self.inner.http).await?;
                let (name, value) = provider.header(&token);
                headers.push((name.to_owned(), value));
                issued = Some(token);
            }
            Some(Credentials::SangforAccessKey(key)) => {
                let Some(SigningScheme::SangforAws4 { region, service, signed_headers }) =
                    config.auth.signing
                else {
                    return Err(TransportError::Config(
                        "this service does not accept Sangfor SCP access keys".into(),
                    ));
                };
                let params = signing::sangfor::Aws4Params {
                    access_key: &key.access_key,
                    secret_key: key.secret_key.expose(),
                    region,
                    service,
                    signed_headers,
                };
                let signature = if let Body::Binary(upload, _) = &request.body {
                    // Streamed: hashed in a first pass over the content.
                    let hash = upload.sha256_hex().await.map_err(|e| upload_error(upload, &e))?;
                    let signable = SignableRequest {
                        method: request.method.as_str(),
                        url,
                        headers: &headers,
                        body: STREAMED_BODY,
                    };
                    signing::sangfor::sign_with_payload_hash(signable, params, now, &hash)?
                } else {
                    let signable = SignableRequest {
                        method: request.method.as_str(),
                        url,
                        headers: &headers,
                        body: hashed_body(&request.body)?,
                    };
                    signing::sangfor::sign(signable, params, now)?
                };
                headers.extend(signature.headers);
            }
            Some(Credentials::TencentSecret(key)) => {
                let Some(SigningScheme::Tc3HmacSha256 { service }) = config.auth.signing else {
                    return Err(TransportError::Config(
                        "this service does not accept Tencent Cloud TC3 signing".into(),
                    ));
                };
                let params = signing::tc3::Tc3Params {
                    secret_id: &key.secret_id,
                    secret_key: key.secret_key.expose(),
                    token: key.token.as_ref().map(Secret::expose),
                    service,
                    signed_headers: signing::tc3::DEFAULT_SIGNED_HEADERS,
                };
                let body = if config.unsigned_payload {
                    headers.push((
                        signing::tc3::CONTENT_SHA256_HEADER.to_owned(),
                        signing::tc3::UNSIGNED_PAYLOAD.to_owned(),
                    ));
                    // Not hashed: the signer signs the literal whatever the body.
                    request.body.bytes().unwrap_or(STREAMED_BODY)
                } else {
                    hashed_body(&request.body)?
                };
                let signable = SignableRequest {
                    method: request.method.as_str(),
                    url,
                    headers: &headers,
                    body,
                };
                headers.extend(signing::tc3::sign(signable, params, now)?.headers);
            }
        }
        Ok((headers, issued))
    }

    /// Sends `request`, retrying as the policy allows, and reads the whole response.
    pub async fn send(&self, request: Request) -> Result<Response, TransportError> {
        match self.exchange(&request, true).await? {
            Answer::Read(response) => Ok(response),
            Answer::Streaming(_) => unreachable!("a buffered exchange reads the body"),
        }
    }

    /// Sends `request`; a success answer is returned unread, as a [`Download`] whose body the
    /// caller streams. Failure answers are read whole (they are small documents).
    pub async fn send_streaming(
        &self,
        request: Request,
    ) -> Result<Result<Download, Response>, TransportError> {
        match self.exchange(&request, false).await? {
            Answer::Read(response) => Ok(Err(response)),
            Answer::Streaming(download) => Ok(Ok(download)),
        }
    }

    /// One exchange with retries. With `read`, every answer's body is read (a failure to
    /// read it is retried like a failure to connect); without, a success answer is returned
    /// with its body unread.
    async fn exchange(&self, request: &Request, read: bool) -> Result<Answer, TransportError> {
        let config = &self.inner.config;
        let url = self.sent_url(request)?;
        let idempotent = request.idempotent();
        let max_attempts = config.retry.max_attempts.max(1);
        let mut attempt = 0;
        let mut renewed_token = false;
        loop {
            attempt += 1;
            if let Some(limit) = request.rate_limit {
                self.inner.limiter.acquire(limit).await;
            }
            let form =
                match &request.body {
                    Body::Multipart(fields) => Some(upload::form(fields).await.map_err(|e| {
                        TransportError::Config(format!("cannot read an upload: {e}"))
                    })?),
                    _ => None,
                };
            let binary = match &request.body {
                Body::Binary(upload, _) => {
                    Some(upload.body().await.map_err(|e| upload_error(upload, &e))?)
                }
                _ => None,
            };
            let content_type = match (&request.body, &form) {
                (Body::Binary(upload, default_type), _) => {
                    Some(upload.content_type_or(default_type).to_owned())
                }
                (_, Some(form)) => {
                    Some(format!("multipart/form-data; boundary={}", form.boundary()))
                }
                (body, None) => body.content_type().map(str::to_owned),
            };
            let (headers, issued) =
                self.headers(request, &url, content_type, OffsetDateTime::now_utc()).await?;
            let mut builder = self
                .inner
                .http
                .request(request.method.clone(), url.clone())
                .timeout(config.timeout);
            for (name, value) in &headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            builder = match (&request.body, form, binary) {
                (Body::Json { bytes, .. } | Body::Form(bytes), _, _) => builder.body(bytes.clone()),
                (Body::Text { text, .. }, _, _) => builder.body(text.clone()),
                (_, Some(form), _) => builder.multipart(form),
                (_, _, Some((body, len))) => {
                    builder.header(http::header::CONTENT_LENGTH, len).body(body)
                }
                _ => builder,
            };
            tracing::debug!(method = %request.method, path = %request.path, attempt, "sending request");
            let outcome = match builder.send().await {
                Ok(response) if !read && response.status().is_success() => {
                    let request_id = self.request_id(response.headers());
                    let download = Download::new(response, request_id, config.max_response_bytes);
                    return Ok(Answer::Streaming(download));
                }
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match read_body(response, config.max_response_bytes).await {
                        Ok(body) => Ok((status, headers, body)),
                        Err(ReadError::Http(e)) => Err(e),
                        Err(ReadError::TooLarge(e)) => return Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            match outcome {
                Ok((status, headers, body)) => {
                    // A cached token the service no longer accepts (revoked, clock skew): fetch
                    // a new one and send again, once. Only the refused token is forgotten, so
                    // that concurrent calls refused with it share one renewal.
                    if status == http::StatusCode::UNAUTHORIZED && !renewed_token {
                        let renewable = match (&config.credentials, &issued) {
                            (Some(Credentials::HuaweiIam(provider)), Some(token)) => {
                                provider.forget(token).await;
                                true
                            }
                            (Some(Credentials::SangforToken(provider)), Some(token)) => {
                                provider.forget(token).await;
                                true
                            }
                            _ => false,
                        };
                        if renewable {
                            tracing::debug!("token refused; obtaining a new one");
                            renewed_token = true;
                            attempt -= 1;
                            continue;
                        }
                    }
                    if attempt < max_attempts && retry::retryable_status(status, idempotent) {
                        if let Some(wait) = self.wait(attempt, &headers) {
                            tracing::debug!(%status, ?wait, attempt, "retrying");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    let request_id = self.request_id(&headers);
                    return Ok(Answer::Read(Response { status, headers, body, request_id }));
                }
                Err(error) => {
                    if let Some(reason) = tls_failure(&error) {
                        return Err(TransportError::Tls { reason, source: error.without_url() });
                    }
                    if attempt < max_attempts && retry::retryable_error(&error, idempotent) {
                        let wait = config.retry.jittered(attempt);
                        tracing::debug!(error = %error.without_url(), ?wait, attempt, "retrying");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(TransportError::Http {
                        attempts: attempt,
                        source: error.without_url(),
                    });
                }
            }
        }
    }

    fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        self.inner
            .config
            .request_id_header
            .and_then(|name| headers.get(name))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// Sends `request` and streams a binary success answer; failures are decoded as
    /// [`call_json`](Self::call_json) does.
    pub async fn call_download<E>(
        &self,
        request: Request,
        envelope: Option<&ErrorEnvelope>,
        detail: fn(http::StatusCode, &[u8]) -> Option<E>,
    ) -> Result<Download, Error<E>> {
        match self.send_streaming(request).await? {
            // A JSON document where a file was expected may be a failure reported with a
            // success status: inspect it like any other success body.
            Ok(mut download) if download.is_json() && envelope.is_some() => {
                let body = download.read().await?;
                let response = Response {
                    status: download.status,
                    headers: download.headers.clone(),
                    body,
                    request_id: download.request_id.clone(),
                };
                response.success_empty(envelope)?;
                Ok(download)
            }
            Ok(download) => Ok(download),
            Err(response) => {
                let status = response.status;
                Err(response.error(envelope, |body| detail(status, body)))
            }
        }
    }

    /// Sends `request` and decodes the answer: a success body as `T` (after checking
    /// `envelope` for a failure reported inside it), an error status as [`Error::Api`] whose
    /// detail `detail` decodes from the status and body.
    pub async fn call_json<T: serde::de::DeserializeOwned, E>(
        &self,
        request: Request,
        envelope: Option<&ErrorEnvelope>,
        detail: fn(http::StatusCode, &[u8]) -> Option<E>,
    ) -> Result<T, Error<E>> {
        let answer = request.success_status;
        let pointer = request.response_pointer.or(self.inner.config.response_pointer);
        let response = self.send(request).await?;
        if response.status.is_success() || Some(response.status) == answer {
            response.success_json(envelope, pointer)
        } else {
            let status = response.status;
            Err(response.error(envelope, |body| detail(status, body)))
        }
    }

    /// As [`call_json`](Self::call_json), for operations whose success body is text
    /// (`text/plain` and the like): the body as a `String`. A body that is not UTF-8 is an
    /// [`Error::Decode`]; a JSON body with a success status is first checked against
    /// `envelope`, as [`call_download`](Self::call_download) does.
    pub async fn call_text<E>(
        &self,
        request: Request,
        envelope: Option<&ErrorEnvelope>,
        detail: fn(http::StatusCode, &[u8]) -> Option<E>,
    ) -> Result<String, Error<E>> {
        let answer = request.success_status;
        let response = self.send(request).await?;
        if response.status.is_success() || Some(response.status) == answer {
            response.success_text(envelope)
        } else {
            let status = response.status;
            Err(response.error(envelope, |body| detail(status, body)))
        }
    }

    /// As [`call_json`](Self::call_json), for operations whose success has no documented body.
    pub async fn call_empty<E>(
        &self,
        request: Request,
        envelope: Option<&ErrorEnvelope>,
        detail: fn(http::StatusCode, &[u8]) -> Option<E>,
    ) -> Result<(), Error<E>> {
        let answer = request.success_status;
        let response = self.send(request).await?;
        if response.status.is_success() || Some(response.status) == answer {
            response.success_empty(envelope)
        } else {
            let status = response.status;
            Err(response.error(envelope, |body| detail(status, body)))
        }
    }

    /// The wait before the next attempt, or `None` when the server asks for a longer pause
    /// than the policy allows.
    fn wait(&self, attempt: u32, headers: &HeaderMap) -> Option<Duration> {
        let policy = &self.inner.config.retry;
        match retry::retry_after(headers, SystemTime::now()) {
            Some(after) if after > policy.max_backoff => None,
            Some(after) => Some(after),
            None => Some(policy.jittered(attempt)),
        }
    }
}
