//! The client builder every generated crate exposes, and the static description of a service
//! it is configured from.
//!
//! Generated crates stay thin: they emit one [`ServiceInfo`] (auth, endpoints, request-id
//! header) from the spec and return a `ClientBuilder<Client>` from `Client::builder()`.

use std::marker::PhantomData;
use std::time::Duration;

use url::Url;

use crate::auth::Credentials;
use crate::error::TransportError;
use crate::retry::RetryPolicy;
use crate::transport::{AuthSettings, Transport, TransportConfig};

/// What a generated crate knows about its service, emitted from the spec.
#[derive(Debug)]
pub struct ServiceInfo {
    /// Crate name, used in the default `User-Agent`.
    pub crate_name: &'static str,
    /// Crate version, used in the default `User-Agent`.
    pub crate_version: &'static str,
    /// How requests are authenticated.
    pub auth: AuthSettings,
    /// Response header carrying the request id.
    pub request_id_header: Option<&'static str>,
    /// Region id and endpoint of every documented region.
    pub regions: &'static [(&'static str, &'static str)],
    /// The endpoint used when neither an endpoint nor a documented region is set (a single
    /// documented server without region).
    pub default_endpoint: Option<&'static str>,
    /// Header that carries the region, for services that take it per request (Tencent's
    /// `X-TC-Region`) rather than per endpoint.
    pub region_header: Option<&'static str>,
    /// Header that carries the answer language (e.g. `X-TC-Language`).
    pub language_header: Option<&'static str>,
    /// Headers every request must carry (documented as required common parameters).
    pub required_headers: &'static [&'static str],
    /// Other client-wide settings sent as headers (`x-setting`): setting name and header,
    /// e.g. `("time-zone", "X-Time-Zone")`.
    pub settings: &'static [(&'static str, &'static str)],
    /// JSON pointer to the part of every success body that holds the answer.
    pub response_pointer: Option<&'static str>,
}

impl ServiceInfo {
    /// A service with nothing but a name and its authentication (no regions, default
    /// endpoint, required headers, settings or answer wrapper): a start for a client of an
    /// API no spec describes, with the other fields set by struct update.
    pub const fn new(crate_name: &'static str, auth: AuthSettings) -> Self {
        Self {
            crate_name,
            crate_version: "0",
            auth,
            request_id_header: None,
            regions: &[],
            default_endpoint: None,
            region_header: None,
            language_header: None,
            required_headers: &[],
            settings: &[],
            response_pointer: None,
        }
    }
}

/// Builds a client `C` of one service. Obtain it from the generated `Client::builder()`.
pub struct ClientBuilder<C> {
    service: &'static ServiceInfo,
    endpoint: Option<String>,
    region: Option<String>,
    credentials: Option<Credentials>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    root_certificates: Vec<reqwest::Certificate>,
    accept_invalid_certificates: bool,
    unsigned_payload: bool,
    max_response_bytes: Option<u64>,
    /// Problems found while configuring, reported by `build`.
    invalid: Vec<String>,
    unknown_settings: Vec<String>,
    client: PhantomData<fn() -> C>,
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.crate_name)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// A builder with default settings for `service`.
    pub fn new(service: &'static ServiceInfo) -> Self {
        Self {
            service,
            endpoint: None,
            region: None,
            credentials: None,
            timeout: None,
            connect_timeout: None,
            retry: None,
            user_agent: None,
            headers: Vec::new(),
            http_client: None,
            root_certificates: Vec::new(),
            accept_invalid_certificates: false,
            unsigned_payload: false,
            max_response_bytes: None,
            invalid: Vec::new(),
            unknown_settings: Vec::new(),
            client: PhantomData,
        }
    }

    /// Sends requests to `endpoint` (scheme, host, optional port and path prefix). Takes
    /// precedence over [`region`](Self::region).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The region: for services with regional endpoints, requests go to the documented
    /// endpoint of `region` (a region id such as `cn-north-4`, or the generated crate's
    /// `Region`); for services that take the region per request, it is sent in their region
    /// header.
    pub fn region(mut self, region: impl AsRef<str>) -> Self {
        self.region = Some(region.as_ref().to_owned());
        self
    }

    /// The answer language, for services with a language header (e.g. `zh-CN`, `en-US`).
    /// Ignored by services without one.
    pub fn language(mut self, language: impl AsRef<str>) -> Self {
        if let Some(name) = self.service.language_header {
            self.headers.push((name.to_owned(), language.as_ref().to_owned()));
        }
        self
    }

    /// A client-wide setting the service documents as a header on its operations (the
    /// generated crate's README lists them, e.g. `time-zone`): sent with every request unless
    /// an operation's own value is given. An unknown name fails [`build`](Self::build).
    pub fn setting(mut self, name: &str, value: impl Into<String>) -> Self {
        match self.service.settings.iter().find(|(n, _)| *n == name) {
            Some((_, header)) => self.headers.push(((*header).to_owned(), value.into())),
            None => self.unknown_settings.push(name.to_owned()),
        }
        self
    }

    /// Authenticates requests with `credentials`.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// Authenticates requests with a bearer token: `Authorization: Bearer <token>`
    /// ([`Credentials::Bearer`]). Works with every service.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::bearer(token))
    }

    /// Authenticates requests with HTTP Basic authentication ([`Credentials::Basic`]). Works
    /// with every service.
    pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials(Credentials::basic(username, password))
    }

    /// Timeout of one attempt, from sending to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Timeout of connecting (default 10 s; ignored with [`http_client`](Self::http_client)).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retry policy (default: 3 attempts, see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// `User-Agent` header (default: `<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Uses `client` for HTTP (proxies, a custom CA, pool settings). Build it with
    /// `.redirect(`[`redirect_policy()`](crate::transport::redirect_policy)`)`, so that
    /// credentials never follow a redirect to another host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Also trusts the CA certificate(s) in `pem` (the usual on-premise case: a platform
    /// whose certificate is issued by the operator's own CA). Verification stays on.
    pub fn ca_certificate_pem(mut self, pem: &[u8]) -> Self {
        match reqwest::Certificate::from_pem_bundle(pem) {
            Ok(certificates) if !certificates.is_empty() => {
                self.root_certificates.extend(certificates)
            }
            Ok(_) => self.invalid.push("the CA certificate PEM holds no certificate".to_owned()),
            Err(e) => self.invalid.push(format!("the CA certificate is not valid PEM: {e}")),
        }
        self
    }

    /// Turns TLS certificate verification OFF. Anyone on the network path can then read and
    /// change requests, credentials included; a warning is logged when the client is built.
    /// Prefer [`ca_certificate_pem`](Self::ca_certificate_pem). Vendor documents that say to
    /// disable verification describe a shortcut, not a requirement.
    pub fn danger_disable_tls_verification_i_accept_the_risk(mut self) -> Self {
        self.accept_invalid_certificates = true;
        self
    }

    /// For services signed with Tencent Cloud TC3: with `true`, requests carry
    /// `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and the signature covers that literal instead
    /// of the body's hash, as the Tencent SDKs do with their `unsignedPayload` setting: the
    /// body is not hashed (large bodies), and streamed uploads can be signed. The body is then
    /// not protected by the signature. [`build`](Self::build) fails for services with another
    /// signing scheme.
    pub fn unsigned_payload(mut self, unsigned: bool) -> Self {
        self.unsigned_payload = unsigned;
        self
    }

    /// The largest response body held in memory, in bytes (default 64 MiB,
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::transport::DEFAULT_MAX_RESPONSE_BYTES)): a JSON
    /// or text answer, an error answer. A larger one fails the call with
    /// [`TransportError::TooLarge`] once the limit is reached (at once when its
    /// `Content-Length` says so), so a misbehaving server cannot exhaust memory. Downloads
    /// streamed to the caller are not limited.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// The service the builder makes clients of.
    pub fn service(&self) -> &'static ServiceInfo {
        self.service
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, TransportError> {
        let service = self.service;
        if let Some(problem) = self.invalid.first() {
            return Err(TransportError::Config(problem.clone()));
        }
        if let Some(name) = self.unknown_settings.first() {
            let known: Vec<&str> = service.settings.iter().map(|(n, _)| *n).collect();
            return Err(TransportError::Config(format!(
                "unknown setting {name:?}; this service has: {}",
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            )));
        }
        let mut headers = self.headers;
        if let (Some(name), Some(region)) = (service.region_header, &self.region) {
            headers.push((name.to_owned(), region.clone()));
        }
        for required in service.required_headers {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(required)) {
                let how = if Some(*required) == service.region_header {
                    "call `.region(..)`".to_owned()
                } else {
                    format!("call `.header(\"{required}\", ..)`")
                };
                return Err(TransportError::Config(format!(
                    "every request of this service needs the header {required}: {how}"
                )));
            }
        }
        let regional = self.region.as_ref().filter(|_| service.region_header.is_none());
        let endpoint = match (&self.endpoint, regional) {
            (Some(endpoint), _) => endpoint.clone(),
            (None, Some(region)) => service
                .regions
                .iter()
                .find(|(id, _)| id == region)
                .map(|(_, url)| (*url).to_owned())
                .ok_or_else(|| {
                    let known: Vec<&str> = service.regions.iter().map(|(id, _)| *id).collect();
                    TransportError::Config(format!(
                        "unknown region {region:?}; documented regions: {}; or set an endpoint",
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    ))
                })?,
            (None, None) => service
                .default_endpoint
                .map(str::to_owned)
                .ok_or_else(|| TransportError::Config("set an endpoint or a region".to_owned()))?,
        };
        let endpoint = Url::parse(&endpoint)
            .map_err(|e| TransportError::Config(format!("endpoint {endpoint:?}: {e}")))?;
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| format!("{}/{}", service.crate_name, service.crate_version));
        let mut config = TransportConfig::new(endpoint, service.auth, user_agent);
        config.credentials = self.credentials;
        config.request_id_header = service.request_id_header;
        config.default_headers = headers;
        config.response_pointer = service.response_pointer;
        config.http_client = self.http_client;
        config.root_certificates = self.root_certificates;
        config.accept_invalid_certificates = self.accept_invalid_certificates;
        config.unsigned_payload = self.unsigned_payload;
        if let Some(retry) = self.retry {
            config.retry = retry;
        }
        if let Some(timeout) = self.timeout {
            config.timeout = timeout;
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout = timeout;
        }
        if let Some(limit) = self.max_response_bytes {
            config.max_response_bytes = limit;
        }
        Transport::new(config).map(C::from)
    }
}
