use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// Tokens in a new [`TokenBucket`], which is also its capacity.
pub const INITIAL_RETRY_TOKENS: u32 = 500;
/// Tokens a retry takes.
pub const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout takes.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a success on the first attempt returns to the bucket.
pub const SUCCESS_REWARD: u32 = 1;

/// The retry quota shared by every operation of a client.
///
/// Each retry takes tokens; when too few are left the client stops retrying and returns
/// the last error, so a service that is failing is not flooded with retries. Successes
/// refill the bucket. Clones share the same tokens.
///
/// ```
/// use smithy_runtime::retry::{TokenBucket, INITIAL_RETRY_TOKENS, RETRY_COST};
///
/// let bucket = TokenBucket::new();
/// assert!(bucket.try_acquire(RETRY_COST));
/// assert_eq!(bucket.available(), INITIAL_RETRY_TOKENS - RETRY_COST);
/// bucket.refund(RETRY_COST);
/// assert_eq!(bucket.available(), INITIAL_RETRY_TOKENS);
/// ```
#[derive(Clone, Debug)]
pub struct TokenBucket {
    tokens: Arc<AtomicU32>,
    capacity: u32,
}

impl Default for TokenBucket {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenBucket {
    /// A full bucket of [`INITIAL_RETRY_TOKENS`].
    pub fn new() -> Self {
        Self::with_capacity(INITIAL_RETRY_TOKENS)
    }

    /// A full bucket of `capacity` tokens.
    pub fn with_capacity(capacity: u32) -> Self {
        Self {
            tokens: Arc::new(AtomicU32::new(capacity)),
            capacity,
        }
    }

    /// The tokens currently available.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }

    /// Takes `cost` tokens if that many are available; returns whether it did.
    pub fn try_acquire(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                now.checked_sub(cost)
            })
            .is_ok()
    }

    /// Returns `amount` tokens, without exceeding the capacity.
    pub fn refund(&self, amount: u32) {
        let capacity = self.capacity;
        // The closure always returns `Some`, so the update cannot fail.
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                Some(now.saturating_add(amount).min(capacity))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_and_refills() {
        let bucket = TokenBucket::with_capacity(12);
        let shared = bucket.clone();
        assert!(bucket.try_acquire(TIMEOUT_RETRY_COST));
        assert_eq!(shared.available(), 2);
        assert!(!shared.try_acquire(RETRY_COST));
        assert_eq!(bucket.available(), 2);
        bucket.refund(100);
        assert_eq!(bucket.available(), 12);
        assert!(bucket.try_acquire(12));
        assert!(!bucket.try_acquire(1));
        bucket.refund(SUCCESS_REWARD);
        assert_eq!(bucket.available(), 1);
        assert_eq!(TokenBucket::default().available(), INITIAL_RETRY_TOKENS);
    }
}
