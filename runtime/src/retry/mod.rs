//! Retries: the [`RetryConfig`] applications set, how failures are classified
//! ([`ErrorKind`], [`ProvideErrorKind`]), the exponential back-off and the
//! [`TokenBucket`] retry quota.
//!
//! The behaviour follows the AWS SDKs' *standard* retry mode:
//!
//! * At most [`RetryConfig::max_attempts`] attempts (3 by default) per operation.
//! * Retried: throttling errors (by [error code](THROTTLING_ERROR_CODES)), transient
//!   errors (by [error code](TRANSIENT_ERROR_CODES), HTTP status
//!   [500, 502, 503 or 504](TRANSIENT_STATUS_CODES), timeouts and connection failures) and
//!   errors that the generated code classifies as retryable through
//!   [`ProvideErrorKind::retryable_error_kind`].
//! * Before retry *n* (1 for the first retry) the client waits
//!   `rand(0..1) * min(initial_backoff * 2^(n-1), max_backoff)`: exponential back-off with
//!   full jitter, 1 second initial and 20 seconds maximum by default.
//! * Every retry takes tokens from a [`TokenBucket`] shared by all operations of a client:
//!   [5](RETRY_COST) per retry, [10](TIMEOUT_RETRY_COST) when retrying a timeout. When the
//!   bucket runs dry the client stops retrying until successes refill it (a successful
//!   retry returns its tokens, a success on the first attempt adds
//!   [1](SUCCESS_REWARD)). The bucket starts with [500](INITIAL_RETRY_TOKENS) tokens.

//!
//! [`RetryConfig`], [`RetryMode`], [`ErrorKind`] and [`ProvideErrorKind`] are the
//! `aws-smithy-types` types every `aws-sdk-*` crate exposes. [`RetryMode::Adaptive`] is
//! accepted and currently behaves like [`RetryMode::Standard`] (no client-side rate limiting).

mod classify;
mod quota;

pub(crate) use self::classify::{classify_code, classify_status, is_retryable};
pub use self::classify::{THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES, TRANSIENT_STATUS_CODES};
pub use self::quota::{
    TokenBucket, INITIAL_RETRY_TOKENS, RETRY_COST, SUCCESS_REWARD, TIMEOUT_RETRY_COST,
};
pub use aws_smithy_types::retry::{
    ErrorKind, ProvideErrorKind, ReconnectMode, RetryConfig, RetryConfigBuilder, RetryMode,
};

use std::time::Duration;

/// The back-off before retry number `retry` (1 for the first retry), given a random factor
/// `jitter` in `0.0..1.0`: `jitter * min(initial_backoff * 2^(retry - 1), max_backoff)`.
pub(crate) fn backoff(config: &RetryConfig, retry: u32, jitter: f64) -> Duration {
    let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
    let ceiling = config.max_backoff().as_secs_f64();
    let grown = config.initial_backoff().as_secs_f64() * 2f64.powi(exponent);
    let capped = if grown.is_finite() {
        grown.min(ceiling)
    } else {
        ceiling
    };
    Duration::try_from_secs_f64(jitter.clamp(0.0, 1.0) * capped).unwrap_or(config.max_backoff())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_preset() {
        let standard = RetryConfig::standard();
        assert_eq!(standard.mode(), RetryMode::Standard);
        assert_eq!(standard.max_attempts(), 3);
        assert_eq!(standard.initial_backoff(), Duration::from_secs(1));
        assert_eq!(standard.max_backoff(), Duration::from_secs(20));
    }

    #[test]
    fn backoff_grows_and_caps() {
        let config = RetryConfig::standard();
        let at = |retry, jitter| backoff(&config, retry, jitter);
        assert_eq!(at(1, 1.0), Duration::from_secs(1));
        assert_eq!(at(2, 1.0), Duration::from_secs(2));
        assert_eq!(at(3, 1.0), Duration::from_secs(4));
        assert_eq!(at(5, 1.0), Duration::from_secs(16));
        assert_eq!(at(6, 1.0), Duration::from_secs(20));
        assert_eq!(at(u32::MAX, 1.0), Duration::from_secs(20));
        assert_eq!(at(3, 0.5), Duration::from_secs(2));
        assert_eq!(at(3, 0.0), Duration::ZERO);
        assert_eq!(at(3, f64::NAN), Duration::from_secs(20));
        let zero = config.clone().with_initial_backoff(Duration::ZERO);
        assert_eq!(backoff(&zero, 10, 0.9), Duration::ZERO);
        let huge = config
            .with_max_backoff(Duration::MAX)
            .with_initial_backoff(Duration::MAX);
        assert_eq!(backoff(&huge, 1000, 1.0), Duration::MAX);
    }
}
