//! Timeout settings: `aws-smithy-types`' [`TimeoutConfig`] and [`TimeoutConfigBuilder`], as
//! every `aws-sdk-*` crate exposes them, and the defaults this client applies.
//!
//! * The **connect timeout** limits establishing a connection (defaults to
//!   [3.1 seconds](DEFAULT_CONNECT_TIMEOUT), as in the AWS SDK).
//! * The **read timeout** limits waiting for the response head and each later piece of
//!   the response body (no limit by default).
//! * The **operation timeout** limits a whole operation, all retries and back-off included
//!   (no limit by default). When it elapses the operation fails with
//!   [`SdkError::TimeoutError`](crate::error::SdkError::TimeoutError).
//! * The **operation attempt timeout** limits each attempt (no limit by default). An
//!   attempt that times out is retried like any transient error; when no attempt is left
//!   the operation fails with [`SdkError::TimeoutError`](crate::error::SdkError::TimeoutError).
//!
//! A setting left untouched in the builder takes the default; the `disable_*` methods
//! remove a limit, including the default connect timeout.
//!
//! ```
//! use smithy_runtime::config::timeout::TimeoutConfig;
//! use std::time::Duration;
//!
//! let config = TimeoutConfig::builder()
//!     .operation_timeout(Duration::from_secs(30))
//!     .operation_attempt_timeout(Duration::from_secs(5))
//!     .build();
//! assert_eq!(config.operation_timeout(), Some(Duration::from_secs(30)));
//! assert_eq!(config.connect_timeout(), None); // not set here; the client uses 3.1 s
//! ```

use std::time::Duration;

pub use aws_smithy_types::timeout::{TimeoutConfig, TimeoutConfigBuilder};

/// The connect timeout used when none is configured: 3.1 seconds, as in the AWS SDK.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// `configured` with every setting it leaves untouched filled from this client's defaults;
/// a setting it disables stays disabled.
pub(crate) fn with_defaults(configured: Option<&TimeoutConfig>) -> TimeoutConfig {
    let defaults = TimeoutConfig::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .build();
    match configured {
        Some(configured) => {
            let mut resolved = configured.clone();
            resolved.take_defaults_from(&defaults);
            resolved
        }
        None => defaults,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S1: Duration = Duration::from_secs(1);
    const S2: Duration = Duration::from_secs(2);

    #[test]
    fn defaults_fill_only_unset_values() {
        assert_eq!(
            with_defaults(None).connect_timeout(),
            Some(DEFAULT_CONNECT_TIMEOUT)
        );
        let untouched = TimeoutConfig::builder().operation_timeout(S2).build();
        let merged = with_defaults(Some(&untouched));
        assert_eq!(merged.connect_timeout(), Some(DEFAULT_CONNECT_TIMEOUT));
        assert_eq!(merged.operation_timeout(), Some(S2));

        let disabled = TimeoutConfig::builder().disable_connect_timeout().build();
        assert_eq!(with_defaults(Some(&disabled)).connect_timeout(), None);
        assert_eq!(
            with_defaults(Some(&TimeoutConfig::disabled())).connect_timeout(),
            None
        );

        let mut builder = TimeoutConfig::builder();
        builder
            .set_connect_timeout(None)
            .set_read_timeout(Some(S1))
            .set_operation_timeout(None)
            .set_operation_attempt_timeout(Some(S2));
        let resolved = with_defaults(Some(&builder.build()));
        // `set_*(None)` disables a setting, default included.
        assert_eq!(resolved.connect_timeout(), None);
        assert_eq!(resolved.read_timeout(), Some(S1));
        assert_eq!(resolved.operation_timeout(), None);
        assert_eq!(resolved.operation_attempt_timeout(), Some(S2));
    }
}
