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

mod classify;
mod config;
mod quota;

pub(crate) use self::classify::{classify_code, classify_status};
pub use self::classify::{
    ErrorKind, ProvideErrorKind, THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES,
    TRANSIENT_STATUS_CODES,
};
pub use self::config::{RetryConfig, RetryMode};
pub use self::quota::{
    TokenBucket, INITIAL_RETRY_TOKENS, RETRY_COST, SUCCESS_REWARD, TIMEOUT_RETRY_COST,
};
