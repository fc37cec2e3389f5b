use super::{CredentialsError, ProvideCredentials};
use aws_credential_types::provider::future;
use aws_credential_types::Credentials;
use std::fmt;
use std::sync::Arc;

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Loads credentials from environment variables, like the AWS SDK's provider of the same
/// name.
///
/// | Variable | Meaning |
/// | --- | --- |
/// | `AWS_ACCESS_KEY_ID` (or `AWS_ACCESS_KEY`) | access key ID, required |
/// | `AWS_SECRET_ACCESS_KEY` (or `AWS_SECRET_KEY`) | secret access key, required |
/// | `AWS_SESSION_TOKEN` | session token, optional |
///
/// The variables are read every time credentials are requested (the client caches the
/// result; see [`Config`](crate::config::Config)). Empty values count as unset. Clients
/// use this provider when no other is configured.
///
/// ```no_run
/// use smithy_runtime::auth::{EnvironmentVariableCredentialsProvider, ProvideCredentials};
///
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let provider = EnvironmentVariableCredentialsProvider::new();
/// let credentials = provider.provide_credentials().await?;
/// println!("using access key {}", credentials.access_key_id());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct EnvironmentVariableCredentialsProvider {
    lookup: Lookup,
}

impl Default for EnvironmentVariableCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvironmentVariableCredentialsProvider {
    /// A provider reading the process environment.
    pub fn new() -> Self {
        Self {
            lookup: Arc::new(|name| std::env::var(name).ok()),
        }
    }

    /// A provider reading variables from `lookup` instead of the process environment
    /// (for tests).
    #[cfg(test)]
    pub(crate) fn with_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Self {
            lookup: Arc::new(lookup),
        }
    }

    fn var(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .find_map(|name| (self.lookup)(name).filter(|value| !value.trim().is_empty()))
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let access_key_id = self
            .var(&["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"])
            .ok_or_else(|| {
                CredentialsError::not_loaded("environment variable AWS_ACCESS_KEY_ID is not set")
            })?;
        let secret_access_key = self
            .var(&["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"])
            .ok_or_else(|| {
                CredentialsError::not_loaded(
                    "environment variable AWS_SECRET_ACCESS_KEY is not set",
                )
            })?;
        let session_token = self.var(&["AWS_SESSION_TOKEN"]);
        Ok(Credentials::new(
            access_key_id.trim(),
            secret_access_key.trim(),
            session_token.map(|token| token.trim().to_owned()),
            None,
            "Environment",
        ))
    }
}

impl fmt::Debug for EnvironmentVariableCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvironmentVariableCredentialsProvider")
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn provider(vars: &[(&str, &str)]) -> EnvironmentVariableCredentialsProvider {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EnvironmentVariableCredentialsProvider::with_lookup(move |name| map.get(name).cloned())
    }

    #[tokio::test]
    async fn loads_all_three() {
        let p = provider(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ]);
        let creds = p.provide_credentials().await.unwrap();
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.secret_access_key(), "SECRET");
        assert_eq!(creds.session_token(), Some("TOKEN"));
        assert_eq!(creds.expiry(), None);
        let shown = format!("{p:?} {creds:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("TOKEN"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn legacy_names_and_no_token() {
        let p = provider(&[
            ("AWS_ACCESS_KEY", "AKID2"),
            ("AWS_SECRET_KEY", "S2"),
            ("AWS_SESSION_TOKEN", ""),
        ]);
        let creds = p.provide_credentials().await.unwrap();
        assert_eq!(creds.access_key_id(), "AKID2");
        assert_eq!(creds.session_token(), None);
    }

    #[tokio::test]
    async fn missing_values_are_errors() {
        let err = provider(&[("AWS_SECRET_ACCESS_KEY", "S")])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(matches!(err, CredentialsError::CredentialsNotLoaded(_)));
        let err = provider(&[("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", " ")])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(format!("{}", crate::error::DisplayErrorContext(&err))
            .contains("AWS_SECRET_ACCESS_KEY"));
    }

    #[test]
    fn reads_process_environment_without_panicking() {
        // Whatever the environment holds, loading must not panic.
        let _ = EnvironmentVariableCredentialsProvider::default().load();
    }
}
