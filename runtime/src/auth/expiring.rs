//! The cache the credentials and token caches share: one value, kept until shortly before it
//! expires.

use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Values without an expiry are fetched again after this long.
const DEFAULT_EXPIRATION: Duration = Duration::from_secs(15 * 60);
/// Values are refreshed this long before they expire.
const REFRESH_BUFFER: Duration = Duration::from_secs(10);

/// One cached value and when to fetch it again.
///
/// Concurrent callers that find it stale may each fetch; the last answer wins. That keeps the
/// cache free of locks held across `.await`.
pub(crate) struct Expiring<T> {
    cached: Mutex<Option<(T, SystemTime)>>,
}

impl<T: Clone> Expiring<T> {
    pub(crate) fn new() -> Self {
        Self {
            cached: Mutex::new(None),
        }
    }

    /// The cached value while `now` is before its refresh time; otherwise what `fetch` gives
    /// (the value and its expiry), which is then cached. A failure is not cached.
    pub(crate) async fn get<E, Fut>(
        &self,
        now: SystemTime,
        fetch: impl FnOnce() -> Fut,
    ) -> Result<T, E>
    where
        Fut: Future<Output = Result<(T, Option<SystemTime>), E>>,
    {
        if let Some((value, refresh_at)) = &*self.lock() {
            if now < *refresh_at {
                return Ok(value.clone());
            }
        }
        let (value, expiry) = fetch().await?;
        let refresh_at = match expiry {
            Some(expiry) => expiry.checked_sub(REFRESH_BUFFER).unwrap_or(expiry),
            None => now.checked_add(DEFAULT_EXPIRATION).unwrap_or(now),
        };
        *self.lock() = Some((value.clone(), refresh_at));
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(T, SystemTime)>> {
        self.cached.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
