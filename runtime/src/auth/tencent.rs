//! Tencent Cloud credentials: SecretId / SecretKey, optionally temporary (with a token).

use super::{CredentialsError, Secret, env};

/// Environment variable names, the same the official Tencent Cloud SDKs read
/// (`EnvironmentVariableCredential`).
pub mod env_names {
    /// SecretId.
    pub const SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
    /// SecretKey.
    pub const SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
}

/// A SecretId / SecretKey pair, optionally temporary (its token is sent as `X-TC-Token`).
#[derive(Clone, Debug)]
pub struct SecretKey {
    /// SecretId (not secret: it appears in the `Authorization` header).
    pub secret_id: String,
    /// SecretKey.
    pub secret_key: Secret,
    /// Token of temporary credentials.
    pub token: Option<Secret>,
}

impl SecretKey {
    /// Permanent credentials.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<Secret>) -> Self {
        Self { secret_id: secret_id.into(), secret_key: secret_key.into(), token: None }
    }

    /// Makes these temporary credentials with `token`.
    pub fn with_token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Reads `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        let id =
            env(env_names::SECRET_ID).ok_or(CredentialsError::MissingEnv(env_names::SECRET_ID))?;
        let key = env(env_names::SECRET_KEY)
            .ok_or(CredentialsError::MissingEnv(env_names::SECRET_KEY))?;
        Ok(Self::new(id, key))
    }
}
