use super::{CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_runtime_api::client::identity::Identity;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Credentials without an expiry are fetched again after this long.
const DEFAULT_EXPIRATION: Duration = Duration::from_secs(15 * 60);
/// Credentials are refreshed this long before they expire.
const REFRESH_BUFFER: Duration = Duration::from_secs(10);

/// Caches the credentials returned by a provider until shortly before they expire.
///
/// Concurrent requests that find the cache empty may each ask the provider; the last
/// answer wins. That keeps the cache free of locks held across `.await`.
pub(crate) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    /// The signing identity, made from the credentials once rather than on every request.
    cached: Mutex<Option<(Identity, SystemTime)>>,
}

impl CredentialsCache {
    pub(crate) fn new(provider: SharedCredentialsProvider) -> Self {
        Self {
            provider,
            cached: Mutex::new(None),
        }
    }

    /// Returns cached credentials, or asks the provider when there are none or they are
    /// about to expire.
    pub(crate) async fn get(&self, now: SystemTime) -> Result<Identity, CredentialsError> {
        if let Some((identity, refresh_at)) = &*self.lock() {
            if now < *refresh_at {
                return Ok(identity.clone());
            }
        }
        let credentials = self.provider.provide_credentials().await?;
        let refresh_at = match credentials.expiry() {
            Some(expiry) => expiry.checked_sub(REFRESH_BUFFER).unwrap_or(expiry),
            None => now.checked_add(DEFAULT_EXPIRATION).unwrap_or(now),
        };
        let identity = Identity::from(credentials);
        *self.lock() = Some((identity.clone(), refresh_at));
        Ok(identity)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Identity, SystemTime)>> {
        self.cached.lock().unwrap_or_else(PoisonError::into_inner)
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
