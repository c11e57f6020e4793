//! Sangfor SCP credentials: an access key pair signed with the SCP `AWS4-HMAC-SHA256` variant.

use super::{CredentialsError, Secret, env};

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
