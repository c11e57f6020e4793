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
    /// The endpoint used when neither an endpoint nor a region is set (a single documented
    /// server without region).
    pub default_endpoint: Option<&'static str>,
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
            client: PhantomData,
        }
    }

    /// Sends requests to `endpoint` (scheme, host, optional port and path prefix). Takes
    /// precedence over [`region`](Self::region).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sends requests to the documented endpoint of `region` (a region id such as
    /// `cn-north-4`, or the generated crate's `Region`).
    pub fn region(mut self, region: impl AsRef<str>) -> Self {
        self.region = Some(region.as_ref().to_owned());
        self
    }

    /// Authenticates requests with `credentials`.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
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

    /// Uses `client` for HTTP (proxies, a custom CA, pool settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, TransportError> {
        let service = self.service;
        let endpoint = match (&self.endpoint, &self.region) {
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
        config.default_headers = self.headers;
        config.http_client = self.http_client;
        if let Some(retry) = self.retry {
            config.retry = retry;
        }
        if let Some(timeout) = self.timeout {
            config.timeout = timeout;
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout = timeout;
        }
        Transport::new(config).map(C::from)
    }
}
