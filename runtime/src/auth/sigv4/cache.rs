use super::{CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use crate::auth::expiring::Expiring;
use aws_smithy_runtime_api::client::identity::Identity;
use std::fmt;
use std::time::SystemTime;

/// Caches the credentials returned by a provider until 10 seconds before they expire (15
/// minutes for credentials without an expiry).
pub(crate) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    /// The signing identity, made from the credentials once rather than on every request.
    cached: Expiring<Identity>,
}

impl CredentialsCache {
    pub(crate) fn new(provider: SharedCredentialsProvider) -> Self {
        Self {
            provider,
            cached: Expiring::new(),
        }
    }

    /// Returns cached credentials, or asks the provider when there are none or they are
    /// about to expire.
    pub(crate) async fn get(&self, now: SystemTime) -> Result<Identity, CredentialsError> {
        self.cached
            .get(now, || async {
                let credentials = self.provider.provide_credentials().await?;
                let expiry = credentials.expiry();
                Ok((Identity::from(credentials), expiry))
            })
            .await
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `SharedCredentialsProvider` and `Credentials` redact their secrets themselves;
        // the cached value is still left out to keep the output short.
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::provider::future;
    use aws_credential_types::Credentials;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        expiry: Option<SystemTime>,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            future::ProvideCredentials::ready(Ok(Credentials::new(
                format!("AKID{n}"),
                "SECRET",
                None,
                self.expiry,
                "counting",
            )))
        }
    }

    #[tokio::test]
    async fn caches_until_expiry() {
        let calls = Arc::new(AtomicUsize::new(0));
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let cache = CredentialsCache::new(SharedCredentialsProvider::new(Counting {
            calls: calls.clone(),
            expiry: Some(start + Duration::from_secs(60)),
        }));
        assert_eq!(
            cache
                .get(start)
                .await
                .unwrap()
                .data::<Credentials>()
                .unwrap()
                .access_key_id(),
            "AKID0"
        );
        assert_eq!(
            cache
                .get(start + Duration::from_secs(49))
                .await
                .unwrap()
                .data::<Credentials>()
                .unwrap()
                .access_key_id(),
            "AKID0"
        );
        // Within the refresh buffer: fetched again.
        assert_eq!(
            cache
                .get(start + Duration::from_secs(51))
                .await
                .unwrap()
                .data::<Credentials>()
                .unwrap()
                .access_key_id(),
            "AKID1"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert!(!format!("{cache:?}").contains("SECRET"));
    }

    #[tokio::test]
    async fn no_expiry_uses_default() {
        let calls = Arc::new(AtomicUsize::new(0));
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let cache = CredentialsCache::new(SharedCredentialsProvider::new(Counting {
            calls: calls.clone(),
            expiry: None,
        }));
        cache.get(start).await.unwrap();
        cache
            .get(start + Duration::from_secs(14 * 60))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        cache
            .get(start + Duration::from_secs(16 * 60))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
