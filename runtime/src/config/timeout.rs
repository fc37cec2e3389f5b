//! Timeout settings: [`TimeoutConfig`] and its [`TimeoutConfigBuilder`].

use std::time::Duration;

/// The connect timeout used when none is configured: 3.1 seconds, as in the AWS SDK.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Setting {
    /// Not configured: the default applies.
    #[default]
    Unset,
    /// Explicitly switched off.
    Disabled,
    /// Explicitly set.
    Set(Duration),
}

impl Setting {
    fn get(self) -> Option<Duration> {
        match self {
            Setting::Set(d) => Some(d),
            Setting::Unset | Setting::Disabled => None,
        }
    }

    fn from_option(value: Option<Duration>) -> Self {
        value.map_or(Setting::Disabled, Setting::Set)
    }

    fn or(self, fallback: Setting) -> Setting {
        match self {
            Setting::Unset => fallback,
            other => other,
        }
    }
}

/// How long connecting, reading, a whole operation and each attempt may take.
///
/// * The **connect timeout** limits establishing a connection (defaults to
///   [3.1 seconds](DEFAULT_CONNECT_TIMEOUT)).
/// * The **read timeout** limits waiting for the response head and each later piece of
///   the response body (no limit by default).
/// * The **operation timeout** limits a whole operation, all retries and back-off included
///   (no limit by default). When it elapses the operation fails with
///   [`SdkError::TimeoutError`](crate::error::SdkError::TimeoutError).
/// * The **operation attempt timeout** limits each attempt (no limit by default). An
///   attempt that times out is retried like any transient error; when no attempt is left
///   the operation fails with [`SdkError::TimeoutError`](crate::error::SdkError::TimeoutError).
///
/// A setting left untouched in the builder takes the default; the `disable_*` methods
/// remove a limit, including the default connect timeout.
///
/// ```
/// use smithy_runtime::config::timeout::TimeoutConfig;
/// use std::time::Duration;
///
/// let config = TimeoutConfig::builder()
///     .operation_timeout(Duration::from_secs(30))
///     .operation_attempt_timeout(Duration::from_secs(5))
///     .build();
/// assert_eq!(config.operation_timeout(), Some(Duration::from_secs(30)));
/// assert_eq!(config.connect_timeout(), None); // not set here; the client uses 3.1 s
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect_timeout: Setting,
    read_timeout: Setting,
    operation_timeout: Setting,
    operation_attempt_timeout: Setting,
}

impl TimeoutConfig {
    /// Returns a builder with nothing set.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder::new()
    }

    /// Returns a builder holding this configuration.
    pub fn to_builder(&self) -> TimeoutConfigBuilder {
        TimeoutConfigBuilder {
            config: self.clone(),
        }
    }

    /// A configuration with every timeout switched off, including the default connect
    /// timeout.
    pub fn disabled() -> Self {
        Self {
            connect_timeout: Setting::Disabled,
            read_timeout: Setting::Disabled,
            operation_timeout: Setting::Disabled,
            operation_attempt_timeout: Setting::Disabled,
        }
    }

    /// The connect timeout, if one is set.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout.get()
    }

    /// The read timeout, if one is set.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.read_timeout.get()
    }

    /// The timeout for a whole operation, if one is set.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout.get()
    }

    /// The timeout for each attempt, if one is set.
    pub fn operation_attempt_timeout(&self) -> Option<Duration> {
        self.operation_attempt_timeout.get()
    }

    /// Returns true when any timeout is set.
    pub fn has_timeouts(&self) -> bool {
        self.connect_timeout().is_some()
            || self.read_timeout().is_some()
            || self.operation_timeout().is_some()
            || self.operation_attempt_timeout().is_some()
    }

    /// Fills every setting left untouched in `self` from `fallback`.
    pub(crate) fn or(&self, fallback: &TimeoutConfig) -> TimeoutConfig {
        TimeoutConfig {
            connect_timeout: self.connect_timeout.or(fallback.connect_timeout),
            read_timeout: self.read_timeout.or(fallback.read_timeout),
            operation_timeout: self.operation_timeout.or(fallback.operation_timeout),
            operation_attempt_timeout: self
                .operation_attempt_timeout
                .or(fallback.operation_attempt_timeout),
        }
    }

    /// The defaults applied to anything the application leaves untouched.
    pub(crate) fn defaults() -> TimeoutConfig {
        TimeoutConfig {
            connect_timeout: Setting::Set(DEFAULT_CONNECT_TIMEOUT),
            ..TimeoutConfig::default()
        }
    }
}

/// Builder for [`TimeoutConfig`].
#[derive(Clone, Debug, Default)]
pub struct TimeoutConfigBuilder {
    config: TimeoutConfig,
}

impl TimeoutConfigBuilder {
    /// Returns a builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = Setting::Set(timeout);
        self
    }

    /// Sets the connect timeout; `None` switches it off.
    pub fn set_connect_timeout(&mut self, timeout: Option<Duration>) -> &mut Self {
        self.config.connect_timeout = Setting::from_option(timeout);
        self
    }

    /// Switches the connect timeout off, including the default.
    pub fn disable_connect_timeout(mut self) -> Self {
        self.config.connect_timeout = Setting::Disabled;
        self
    }

    /// Sets the read timeout.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.config.read_timeout = Setting::Set(timeout);
        self
    }

    /// Sets the read timeout; `None` switches it off.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> &mut Self {
        self.config.read_timeout = Setting::from_option(timeout);
        self
    }

    /// Switches the read timeout off.
    pub fn disable_read_timeout(mut self) -> Self {
        self.config.read_timeout = Setting::Disabled;
        self
    }

    /// Sets the timeout for a whole operation, retries included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = Setting::Set(timeout);
        self
    }

    /// Sets the operation timeout; `None` switches it off.
    pub fn set_operation_timeout(&mut self, timeout: Option<Duration>) -> &mut Self {
        self.config.operation_timeout = Setting::from_option(timeout);
        self
    }

    /// Switches the operation timeout off.
    pub fn disable_operation_timeout(mut self) -> Self {
        self.config.operation_timeout = Setting::Disabled;
        self
    }

    /// Sets the timeout for each attempt.
    pub fn operation_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_attempt_timeout = Setting::Set(timeout);
        self
    }

    /// Sets the attempt timeout; `None` switches it off.
    pub fn set_operation_attempt_timeout(&mut self, timeout: Option<Duration>) -> &mut Self {
        self.config.operation_attempt_timeout = Setting::from_option(timeout);
        self
    }

    /// Switches the attempt timeout off.
    pub fn disable_operation_attempt_timeout(mut self) -> Self {
        self.config.operation_attempt_timeout = Setting::Disabled;
        self
    }

    /// Finishes the builder.
    pub fn build(self) -> TimeoutConfig {
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S1: Duration = Duration::from_secs(1);
    const S2: Duration = Duration::from_secs(2);

    #[test]
    fn builder_and_getters() {
        let c = TimeoutConfig::builder()
            .connect_timeout(S1)
            .read_timeout(S2)
            .operation_timeout(S1)
            .operation_attempt_timeout(S2)
            .build();
        assert_eq!(c.connect_timeout(), Some(S1));
        assert_eq!(c.read_timeout(), Some(S2));
        assert_eq!(c.operation_timeout(), Some(S1));
        assert_eq!(c.operation_attempt_timeout(), Some(S2));
        assert!(c.has_timeouts());
        assert_eq!(c.to_builder().build(), c);
        assert!(!TimeoutConfig::builder().build().has_timeouts());
        assert!(!TimeoutConfig::disabled().has_timeouts());
    }

    #[test]
    fn defaults_fill_only_unset_values() {
        let defaults = TimeoutConfig::defaults();
        let untouched = TimeoutConfig::builder().operation_timeout(S2).build();
        let merged = untouched.or(&defaults);
        assert_eq!(merged.connect_timeout(), Some(DEFAULT_CONNECT_TIMEOUT));
        assert_eq!(merged.operation_timeout(), Some(S2));

        let disabled = TimeoutConfig::builder().disable_connect_timeout().build();
        assert_eq!(disabled.or(&defaults).connect_timeout(), None);
        assert_eq!(
            TimeoutConfig::disabled().or(&defaults).connect_timeout(),
            None
        );

        let mut builder = TimeoutConfig::builder();
        builder
            .set_connect_timeout(None)
            .set_read_timeout(Some(S1))
            .set_operation_timeout(None)
            .set_operation_attempt_timeout(Some(S2));
        let c = builder.build().or(&defaults);
        assert_eq!(c.connect_timeout(), None);
        assert_eq!(c.read_timeout(), Some(S1));
        assert_eq!(c.operation_timeout(), None);
        assert_eq!(c.operation_attempt_timeout(), Some(S2));

        let off = TimeoutConfig::builder()
            .read_timeout(S1)
            .disable_read_timeout()
            .operation_timeout(S1)
            .disable_operation_timeout()
            .operation_attempt_timeout(S1)
            .disable_operation_attempt_timeout()
            .build();
        assert!(!off.has_timeouts());
    }
}
