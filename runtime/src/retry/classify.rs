use aws_smithy_types::retry::ErrorKind;

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

/// Whether the runtime retries an error of this kind: every kind but
/// [`ClientError`](ErrorKind::ClientError).
pub(crate) fn is_retryable(kind: ErrorKind) -> bool {
    !matches!(kind, ErrorKind::ClientError)
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
        assert!(is_retryable(ErrorKind::TransientError));
        assert!(is_retryable(ErrorKind::ThrottlingError));
        assert!(is_retryable(ErrorKind::ServerError));
        assert!(!is_retryable(ErrorKind::ClientError));
    }
}
