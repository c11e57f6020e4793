//! Sangfor SCP credentials: an access key pair signed with the SCP `AWS4-HMAC-SHA256` variant,
//! or tokens obtained with a user's password (native or Keystone).

use std::time::Duration;

use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{CredentialsError, Secret, TokenCache, env, truncate};

/// Environment variable names. Sangfor publishes no official SDK whose names could be
/// followed; these are apigen's own.
pub mod env_names {
    /// Access key.
    pub const ACCESS_KEY: &str = "SANGFOR_SCP_ACCESS_KEY";
    /// Secret key.
    pub const SECRET_KEY: &str = "SANGFOR_SCP_SECRET_KEY";
}

/// An access key / secret key pair.
#[derive(Clone, Debug)]
pub struct AccessKey {
    /// Access key (not secret: it appears in the `Authorization` header).
    pub access_key: String,
    /// Secret key.
    pub secret_key: Secret,
}

impl AccessKey {
    /// A key pair.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<Secret>) -> Self {
        Self { access_key: access_key.into(), secret_key: secret_key.into() }
    }

    /// Reads `SANGFOR_SCP_ACCESS_KEY` and `SANGFOR_SCP_SECRET_KEY`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        let ak = env(env_names::ACCESS_KEY)
            .ok_or(CredentialsError::MissingEnv(env_names::ACCESS_KEY))?;
        let sk = env(env_names::SECRET_KEY)
            .ok_or(CredentialsError::MissingEnv(env_names::SECRET_KEY))?;
        Ok(Self::new(ak, sk))
    }
}

/// How a [`TokenProvider`] obtains its tokens, and the header they are sent in.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenKind {
    /// The native API's password authentication (document 2.6.2): the password is encrypted
    /// with the platform's RSA public key (`GET /janus/public-key`, PKCS#1 v1.5, e = 65537,
    /// hex), exchanged at `POST /janus/authenticate`, and the token is sent as
    /// `Authorization: Token <id>`. Needs the runtime feature `sangfor-password` (the RSA
    /// stack), which crates generated for Sangfor SCP enable.
    #[cfg(feature = "sangfor-password")]
    Janus,
    /// The OpenStack-compatible API's Keystone v2.0 authentication as a tenant (OpenStack
    /// document 3.2): `POST /openstack/identity/v2.0/tokens` with the password in clear, and the
    /// token is sent as `X-Auth-Token`.
    Keystone {
        /// The tenant (project) name.
        tenant: String,
    },
}

/// Obtains Sangfor SCP tokens with a user's password, caches them and renews them before they
/// expire ("Token 有过期时间 (目前是24小时), 过期后需要重新申请") and once after the platform
/// refused one (HTTP 401).
pub struct TokenProvider {
    endpoint: String,
    username: String,
    password: Secret,
    kind: TokenKind,
    http: Option<reqwest::Client>,
    cache: TokenCache,
}

impl std::fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenProvider")
            .field("endpoint", &self.endpoint)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// The token lifetime the document states, used when an answer carries no expiry.
const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

impl TokenProvider {
    /// Native-API tokens (`Authorization: Token <id>`) for `username` at the platform
    /// `endpoint` (e.g. `https://10.0.0.1`). Needs the runtime feature `sangfor-password`.
    #[cfg(feature = "sangfor-password")]
    pub fn janus(
        endpoint: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        Self::new(endpoint.into(), username.into(), password.into(), TokenKind::Janus)
    }

    /// Keystone tokens (`X-Auth-Token`) of `username` in tenant `tenant`, for the
    /// OpenStack-compatible API.
    pub fn keystone(
        endpoint: impl Into<String>,
        tenant: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        let kind = TokenKind::Keystone { tenant: tenant.into() };
        Self::new(endpoint.into(), username.into(), password.into(), kind)
    }

    fn new(endpoint: String, username: String, password: Secret, kind: TokenKind) -> Self {
        Self {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            username,
            password,
            kind,
            http: None,
            cache: TokenCache::new(Duration::from_secs(300)),
        }
    }

    /// Uses `client` for the token requests. By default they go through the HTTP client of
    /// the API client the provider is given to, with its TLS settings (custom CA certificate).
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Renews a cached token when it expires within `margin` (default 5 minutes).
    pub fn with_renew_before(mut self, margin: Duration) -> Self {
        self.cache.set_renew_before(margin);
        self
    }

    /// How tokens are obtained and sent.
    pub fn kind(&self) -> &TokenKind {
        &self.kind
    }

    /// The header a token goes in, and its value.
    pub fn header(&self, token: &Secret) -> (&'static str, String) {
        match self.kind {
            #[cfg(feature = "sangfor-password")]
            TokenKind::Janus => ("Authorization", format!("Token {}", token.expose())),
            TokenKind::Keystone { .. } => ("X-Auth-Token", token.expose().to_owned()),
        }
    }

    /// A valid token: the cached one, or a new one (requested through `http`, unless the
    /// provider has its own client) when none is cached or it expires soon.
    pub async fn token_via(&self, http: &reqwest::Client) -> Result<Secret, CredentialsError> {
        let http = self.http.as_ref().unwrap_or(http);
        self.cache.get(|| self.fetch(http)).await
    }

    /// Forgets the cached token (after the platform refused it).
    pub async fn invalidate(&self) {
        self.cache.clear().await;
    }

    /// Forgets `token` if it is still the cached one (after the platform refused it).
    pub(crate) async fn forget(&self, token: &Secret) {
        self.cache.forget(token).await;
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
    ) -> Result<(Secret, OffsetDateTime), CredentialsError> {
        match &self.kind {
            #[cfg(feature = "sangfor-password")]
            TokenKind::Janus => {
                let modulus = self.public_key(http).await?;
                let encrypted = encrypt_password(self.password.expose(), &modulus)
                    .map_err(|reason| self.fail("/janus/public-key", reason))?;
                let body = json!({
                    "auth": {"passwordCredentials": {"username": self.username, "password": encrypted}}
                });
                let answer = self.post_json(http, "/janus/authenticate", &body).await?;
                self.read_token("/janus/authenticate", &answer, "/data/access/token")
            }
            TokenKind::Keystone { tenant } => {
                let body = json!({
                    "auth": {
                        "tenantName": tenant,
                        "passwordCredentials": {
                            "username": self.username,
                            "password": self.password.expose()
                        }
                    }
                });
                let path = "/openstack/identity/v2.0/tokens";
                let answer = self.post_json(http, path, &body).await?;
                self.read_token(path, &answer, "/access/token")
            }
        }
    }

    fn fail(&self, path: &str, reason: impl Into<String>) -> CredentialsError {
        CredentialsError::Token {
            endpoint: format!("{}{path}", self.endpoint),
            reason: reason.into(),
        }
    }

    /// `GET /janus/public-key`: the modulus, hex, with the trailing newline the document says
    /// the platform appends.
    #[cfg(feature = "sangfor-password")]
    async fn public_key(&self, http: &reqwest::Client) -> Result<String, CredentialsError> {
        let path = "/janus/public-key";
        let answer = self.send(http.get(format!("{}{path}", self.endpoint)), path).await?;
        let modulus = answer
            .pointer("/data/public_key")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| self.fail(path, "the answer has no data.public_key"))?;
        Ok(modulus.to_owned())
    }

    async fn post_json(
        &self,
        http: &reqwest::Client,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, CredentialsError> {
        let request = http.post(format!("{}{path}", self.endpoint)).json(body);
        self.send(request, path).await
    }

    /// Sends a token-service request; a non-2xx status or a native envelope with a non-zero
    /// `code` is an error quoting the platform's message (never the request).
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        path: &str,
    ) -> Result<serde_json::Value, CredentialsError> {
        // Platforms before SCP 6.3.70 want any aCMPAuthToken cookie (document 2.3).
        let cookie =
            format!("aCMPAuthToken={:032x}", rand::Rng::r#gen::<u128>(&mut rand::rngs::OsRng));
        let response = request
            .header("Cookie", cookie)
            .timeout(super::TOKEN_REQUEST_TIMEOUT)
            .send()
            .await
            .map_err(|e| self.fail(path, e.without_url().to_string()))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| self.fail(path, e.to_string()))?;
        let text = String::from_utf8_lossy(&body);
        if !status.is_success() {
            return Err(self.fail(path, format!("HTTP {status}: {}", truncate(&text, 512))));
        }
        let answer: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| self.fail(path, format!("the answer is not JSON: {e}")))?;
        match answer.get("code") {
            None => Ok(answer),
            Some(code) if code == 0 || code == "0" => Ok(answer),
            Some(code) => {
                let message = answer.get("message").and_then(|m| m.as_str()).unwrap_or_default();
                Err(self.fail(path, format!("code {code}: {message}")))
            }
        }
    }

    /// The token id and expiry at `token` (`{id, expires}`).
    fn read_token(
        &self,
        path: &str,
        answer: &serde_json::Value,
        token: &str,
    ) -> Result<(Secret, OffsetDateTime), CredentialsError> {
        let id = answer
            .pointer(&format!("{token}/id"))
            .and_then(serde_json::Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| self.fail(path, format!("the answer has no token at {token}/id")))?;
        let expires = answer
            .pointer(&format!("{token}/expires"))
            .and_then(serde_json::Value::as_str)
            .and_then(|e| OffsetDateTime::parse(e, &Rfc3339).ok())
            .unwrap_or_else(|| OffsetDateTime::now_utc() + TOKEN_LIFETIME);
        Ok((Secret::new(id), expires))
    }
}

/// Encrypts `password` for `POST /janus/authenticate` as the document's `encrypt_with_modulus`
/// does: RSA with the hex `modulus` (a trailing newline removed) and exponent 0x10001, PKCS#1
/// v1.5 padding, the ciphertext as lowercase hex. The padding is random: each call differs.
/// Needs the runtime feature `sangfor-password`.
#[cfg(feature = "sangfor-password")]
pub fn encrypt_password(password: &str, modulus: &str) -> Result<String, String> {
    let hex_modulus: String = modulus.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes =
        hex::decode(&hex_modulus).map_err(|e| format!("the public key modulus is not hex: {e}"))?;
    let n = rsa::BigUint::from_bytes_be(&bytes);
    let key = rsa::RsaPublicKey::new(n, rsa::BigUint::from(0x10001_u32))
        .map_err(|e| format!("the public key modulus is not usable: {e}"))?;
    let encrypted = key
        .encrypt(&mut rand::rngs::OsRng, rsa::Pkcs1v15Encrypt, password.as_bytes())
        .map_err(|e| format!("cannot encrypt the password: {e}"))?;
    Ok(hex::encode(encrypted))
}
