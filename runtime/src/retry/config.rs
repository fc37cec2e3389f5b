use std::time::Duration;

/// The retry strategy.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// The standard strategy described in the [module documentation](super).
    Standard,
    /// Accepted for compatibility with the AWS SDK; currently behaves like
    /// [`RetryMode::Standard`] (no client-side rate limiting).
    Adaptive,
}

/// How failed requests are retried.
///
/// ```
/// use smithy_runtime::retry::RetryConfig;
/// use std::time::Duration;
///
/// let config = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(100))
///     .with_max_backoff(Duration::from_secs(5));
/// assert_eq!(config.max_attempts(), 5);
/// assert!(config.has_retry());
/// assert!(!RetryConfig::disabled().has_retry());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    /// Returns [`RetryConfig::standard`].
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard retries: 3 attempts, 1 second initial back-off, 20 seconds maximum.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// Like [`RetryConfig::standard`] but in [`RetryMode::Adaptive`] (which currently
    /// behaves the same).
    pub fn adaptive() -> Self {
        Self::standard().with_retry_mode(RetryMode::Adaptive)
    }

    /// No retries: a single attempt per operation.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the retry mode.
    pub fn with_retry_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the maximum number of attempts, the first one included. `0` is treated as `1`.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the back-off before the first retry (before jitter). `Duration::ZERO` retries
    /// without waiting.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the longest back-off between two attempts (before jitter).
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// The maximum number of attempts, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The back-off before the first retry, before jitter.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest back-off, before jitter.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Returns true when more than one attempt is allowed.
    pub fn has_retry(&self) -> bool {
        self.max_attempts > 1
    }

    /// The back-off before retry number `retry` (1 for the first retry), given a random
    /// factor `jitter` in `0.0..1.0`:
    /// `jitter * min(initial_backoff * 2^(retry - 1), max_backoff)`.
    pub(crate) fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let ceiling = self.max_backoff.as_secs_f64();
        let grown = self.initial_backoff.as_secs_f64() * 2f64.powi(exponent);
        let capped = if grown.is_finite() {
            grown.min(ceiling)
        } else {
            ceiling
        };
        Duration::try_from_secs_f64(jitter.clamp(0.0, 1.0) * capped).unwrap_or(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets() {
        let s = RetryConfig::standard();
        assert_eq!(s, RetryConfig::default());
        assert_eq!(s.mode(), RetryMode::Standard);
        assert_eq!(s.max_attempts(), 3);
        assert_eq!(s.initial_backoff(), Duration::from_secs(1));
        assert_eq!(s.max_backoff(), Duration::from_secs(20));
        assert_eq!(RetryConfig::adaptive().mode(), RetryMode::Adaptive);
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    }

    #[test]
    fn backoff_grows_and_caps() {
        let c = RetryConfig::standard();
        assert_eq!(c.backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(c.backoff(2, 1.0), Duration::from_secs(2));
        assert_eq!(c.backoff(3, 1.0), Duration::from_secs(4));
        assert_eq!(c.backoff(5, 1.0), Duration::from_secs(16));
        assert_eq!(c.backoff(6, 1.0), Duration::from_secs(20));
        assert_eq!(c.backoff(u32::MAX, 1.0), Duration::from_secs(20));
        assert_eq!(c.backoff(3, 0.5), Duration::from_secs(2));
        assert_eq!(c.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(c.backoff(3, f64::NAN), Duration::from_secs(20));
        let zero = c.clone().with_initial_backoff(Duration::ZERO);
        assert_eq!(zero.backoff(10, 0.9), Duration::ZERO);
        let huge = c
            .with_max_backoff(Duration::MAX)
            .with_initial_backoff(Duration::MAX);
        assert_eq!(huge.backoff(1000, 1.0), Duration::MAX);
    }
}
