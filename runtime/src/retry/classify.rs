use std::fmt;

/// Error codes that mean the caller is being throttled. Retried.
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes that mean a transient failure on the service side. Retried.
pub const TRANSIENT_ERROR_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "IDPCommunicationError",
];

/// HTTP status codes that are retried whatever the error code.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// What kind of failure an error is, for deciding whether to retry it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A transient failure (timeout, dropped connection, ...). Retried.
    TransientError,
    /// The caller is being throttled. Retried.
    ThrottlingError,
    /// The service failed. Retried.
    ServerError,
    /// The request was at fault. Not retried.
    ClientError,
}

impl ErrorKind {
    /// Returns true for the kinds that are retried.
    pub fn is_retryable(self) -> bool {
        !matches!(self, ErrorKind::ClientError)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::TransientError => "transient error",
            ErrorKind::ThrottlingError => "throttling error",
            ErrorKind::ServerError => "server error",
            ErrorKind::ClientError => "client error",
        })
    }
}

/// Implemented by generated operation errors to tell the runtime whether they may be
/// retried.
///
/// Generated code returns `Some(kind)` from
/// [`retryable_error_kind`](ProvideErrorKind::retryable_error_kind) for error shapes with
/// the Smithy `@retryable` trait (`ThrottlingError` when `throttling: true`, otherwise
/// `TransientError`) and `None` otherwise; the runtime then looks at
/// [`code`](ProvideErrorKind::code) and the HTTP status.
pub trait ProvideErrorKind {
    /// The retry classification the model gives this error, if any.
    fn retryable_error_kind(&self) -> Option<ErrorKind>;

    /// The error code, if known.
    fn code(&self) -> Option<&str>;
}

/// Classifies an error code: a [throttling](THROTTLING_ERROR_CODES) or
/// [transient](TRANSIENT_ERROR_CODES) code, or neither.
pub(crate) fn classify_code(code: &str) -> Option<ErrorKind> {
    if THROTTLING_ERROR_CODES.contains(&code) {
        Some(ErrorKind::ThrottlingError)
    } else if TRANSIENT_ERROR_CODES.contains(&code) {
        Some(ErrorKind::TransientError)
    } else {
        None
    }
}

/// Classifies an HTTP status: one of [`TRANSIENT_STATUS_CODES`] is a transient error.
pub(crate) fn classify_status(status: u16) -> Option<ErrorKind> {
    TRANSIENT_STATUS_CODES
        .contains(&status)
        .then_some(ErrorKind::TransientError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for code in THROTTLING_ERROR_CODES {
            assert_eq!(classify_code(code), Some(ErrorKind::ThrottlingError));
        }
        for code in TRANSIENT_ERROR_CODES {
            assert_eq!(classify_code(code), Some(ErrorKind::TransientError));
        }
        assert_eq!(classify_code("ValidationException"), None);
        assert_eq!(classify_code("throttlingexception"), None);
    }

    #[test]
    fn statuses() {
        for status in [500, 502, 503, 504] {
            assert_eq!(classify_status(status), Some(ErrorKind::TransientError));
        }
        for status in [200, 400, 429, 501, 505] {
            assert_eq!(classify_status(status), None);
        }
    }

    #[test]
    fn kinds() {
        assert!(ErrorKind::TransientError.is_retryable());
        assert!(ErrorKind::ThrottlingError.is_retryable());
        assert!(ErrorKind::ServerError.is_retryable());
        assert!(!ErrorKind::ClientError.is_retryable());
        assert_eq!(ErrorKind::ThrottlingError.to_string(), "throttling error");
        assert_eq!(ErrorKind::TransientError.to_string(), "transient error");
        assert_eq!(ErrorKind::ServerError.to_string(), "server error");
        assert_eq!(ErrorKind::ClientError.to_string(), "client error");
    }
}
