//! Huawei Cloud credentials: AK/SK (optionally temporary, with a security token) and IAM
//! tokens. One type for every Huawei service crate, so a program using several configures its
//! credentials once.

use std::time::Duration;

use serde_json::json;
use time::OffsetDateTime;

use super::{CredentialsError, Secret, TokenCache, env, truncate};

/// Environment variable names, the same the official Huawei Cloud SDKs read.
pub mod env_names {
    /// Access key id.
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    /// Secret access key.
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    /// Project id (sent as `X-Project-Id`).
    pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    /// Security token of temporary AK/SK (sent as `X-Security-Token`).
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    /// IAM endpoint override.
    pub const IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
}

/// Header carrying the security token of temporary credentials.
pub const SECURITY_TOKEN_HEADER: &str = "X-Security-Token";

/// An access key / secret key pair, optionally temporary (with a security token) and bound to
/// a project.
#[derive(Clone, Debug)]
pub struct AkSk {
    /// Access key id (not secret: it appears in the `Authorization` header).
    pub access_key: String,
    /// Secret access key.
    pub secret_key: Secret,
    /// Project id, sent as `X-Project-Id` when set.
    pub project_id: Option<String>,
    /// Security token of temporary credentials, sent as `X-Security-Token` when set.
    pub security_token: Option<Secret>,
}

impl AkSk {
    /// Permanent credentials.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<Secret>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            project_id: None,
            security_token: None,
        }
    }

    /// Binds the credentials to a project (`X-Project-Id`).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Makes these temporary credentials with `token` (`X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and, when set,
    /// `HUAWEICLOUD_SDK_PROJECT_ID` and `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        let ak = env(env_names::AK).ok_or(CredentialsError::MissingEnv(env_names::AK))?;
        let sk = env(env_names::SK).ok_or(CredentialsError::MissingEnv(env_names::SK))?;
        Ok(Self {
            access_key: ak,
            secret_key: Secret::new(sk),
            project_id: env(env_names::PROJECT_ID),
            security_token: env(env_names::SECURITY_TOKEN).map(Secret::new),
        })
    }
}

/// What an IAM token is scoped to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IamScope {
    /// A project, by name (e.g. `cn-north-4`).
    ProjectName(String),
    /// A project, by id.
    ProjectId(String),
}

/// Obtains project-scoped tokens from IAM with a user's password (`POST /v3/auth/tokens`, the
/// request the vendor documents show), caches them and renews them before they expire.
pub struct IamTokenProvider {
    endpoint: String,
    user: String,
    password: Secret,
    domain: String,
    scope: IamScope,
    http: reqwest::Client,
    cache: TokenCache,
}

impl std::fmt::Debug for IamTokenProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IamTokenProvider")
            .field("endpoint", &self.endpoint)
            .field("user", &self.user)
            .field("password", &self.password)
            .field("domain", &self.domain)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl IamTokenProvider {
    /// A provider for IAM user `user` of account `domain`, at IAM endpoint `endpoint` (e.g.
    /// `https://iam.cn-north-4.myhuaweicloud.com`, or `HUAWEICLOUD_SDK_IAM_ENDPOINT`).
    pub fn new(
        endpoint: impl Into<String>,
        user: impl Into<String>,
        password: impl Into<Secret>,
        domain: impl Into<String>,
        scope: IamScope,
    ) -> Self {
        Self {
            endpoint: endpoint.into().trim_end_matches('/').to_owned(),
            user: user.into(),
            password: password.into(),
            domain: domain.into(),
            scope,
            // Never reqwest's default policy: it would resend the password (a 307 keeps the
            // body) to whatever host a redirect names.
            http: reqwest::Client::builder()
                .redirect(crate::transport::redirect_policy())
                .build()
                .expect("the TLS backend initialises (as for reqwest::Client::new)"),
            cache: TokenCache::new(Duration::from_secs(300)),
        }
    }

    /// The IAM endpoint of `region`: `HUAWEICLOUD_SDK_IAM_ENDPOINT` when set, else
    /// `https://iam.<region>.myhuaweicloud.com`.
    pub fn endpoint_for_region(region: &str) -> String {
        env(env_names::IAM_ENDPOINT)
            .unwrap_or_else(|| format!("https://iam.{region}.myhuaweicloud.com"))
    }

    /// Uses `client` for the IAM requests (proxies, custom CA). Build it with
    /// `.redirect(`[`redirect_policy()`](crate::transport::redirect_policy)`)`, so that the
    /// password never follows a redirect to another host.
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    /// Renews a cached token when it expires within `margin` (default 5 minutes).
    pub fn with_renew_before(mut self, margin: Duration) -> Self {
        self.cache.set_renew_before(margin);
        self
    }

    /// The request body IAM expects, as the document shows it.
    pub fn request_body(&self) -> serde_json::Value {
        let project = match &self.scope {
            IamScope::ProjectName(name) => json!({ "name": name }),
            IamScope::ProjectId(id) => json!({ "id": id }),
        };
        json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.user,
                            "password": self.password.expose(),
                            "domain": { "name": self.domain }
                        }
                    }
                },
                "scope": { "project": project }
            }
        })
    }

    /// A valid token: the cached one, or a new one when none is cached or it expires soon.
    pub async fn token(&self) -> Result<Secret, CredentialsError> {
        self.cache.get(|| self.fetch()).await
    }

    /// Forgets the cached token (after the service rejected it).
    pub async fn invalidate(&self) {
        self.cache.clear().await;
    }

    /// Forgets `token` if it is still the cached one (after the service refused it).
    pub(crate) async fn forget(&self, token: &Secret) {
        self.cache.forget(token).await;
    }

    async fn fetch(&self) -> Result<(Secret, OffsetDateTime), CredentialsError> {
        let url = format!("{}/v3/auth/tokens", self.endpoint);
        let fail = |reason: String| CredentialsError::Token { endpoint: url.clone(), reason };
        let response = self
            .http
            .post(&url)
            .header("Content-Type", "application/json;charset=UTF-8")
            .timeout(super::TOKEN_REQUEST_TIMEOUT)
            .json(&self.request_body())
            .send()
            .await
            .map_err(|e| fail(e.without_url().to_string()))?;
        let status = response.status();
        let token = response
            .headers()
            .get("X-Subject-Token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(|e| fail(e.to_string()))?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            return Err(fail(format!("HTTP {status}: {}", truncate(&text, 512))));
        }
        let token = token.ok_or_else(|| fail("response has no X-Subject-Token header".into()))?;
        // Tokens are valid for 24 hours; prefer the expiry IAM states.
        let expires = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| {
                v.pointer("/token/expires_at").and_then(|e| e.as_str().map(str::to_owned))
            })
            .and_then(|e| {
                OffsetDateTime::parse(&e, &time::format_description::well_known::Rfc3339).ok()
            })
            .unwrap_or_else(|| OffsetDateTime::now_utc() + Duration::from_secs(24 * 3600));
        Ok((Secret::new(token), expires))
    }
}
