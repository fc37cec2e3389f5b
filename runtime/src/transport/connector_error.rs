use crate::error::BoxError;
use crate::retry::ErrorKind;
use std::error::Error;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Timeout,
    Io,
    User,
    Other(Option<ErrorKind>),
}

/// Why an [`HttpClient`](super::HttpClient) produced no response.
///
/// The kind decides whether the runtime retries: [timeouts](ConnectorError::is_timeout) and
/// [I/O errors](ConnectorError::is_io) (refused or reset connections, TLS failures, ...)
/// are retried as transient errors, [user errors](ConnectorError::is_user) (a request the
/// client cannot send) never are, and [other errors](ConnectorError::is_other) are retried
/// only when they carry a retryable [`ErrorKind`].
///
/// The underlying cause is available through [`Error::source`]; the error's own message
/// only names the kind.
///
/// ```
/// use smithy_runtime::transport::ConnectorError;
///
/// let err = ConnectorError::io(std::io::Error::other("connection reset"));
/// assert!(err.is_io());
/// assert!(!err.is_timeout());
/// assert_eq!(err.to_string(), "I/O error");
/// ```
#[derive(Debug)]
pub struct ConnectorError {
    kind: Kind,
    source: BoxError,
}

impl ConnectorError {
    /// The request or response did not complete in time (for example the connect or read
    /// timeout elapsed).
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::Timeout,
            source: source.into(),
        }
    }

    /// An I/O error: the connection could not be established, was reset or closed early,
    /// or the TLS handshake failed.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::Io,
            source: source.into(),
        }
    }

    /// The request could not be sent as given (for example an unsupported URL scheme).
    /// Never retried.
    pub fn user(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::User,
            source: source.into(),
        }
    }

    /// Any other failure; `kind` tells the runtime whether (and how) it may be retried.
    pub fn other(source: impl Into<BoxError>, kind: Option<ErrorKind>) -> Self {
        Self {
            kind: Kind::Other(kind),
            source: source.into(),
        }
    }

    /// Returns true for a [`timeout`](ConnectorError::timeout) error.
    pub fn is_timeout(&self) -> bool {
        self.kind == Kind::Timeout
    }

    /// Returns true for an [`io`](ConnectorError::io) error.
    pub fn is_io(&self) -> bool {
        self.kind == Kind::Io
    }

    /// Returns true for a [`user`](ConnectorError::user) error.
    pub fn is_user(&self) -> bool {
        self.kind == Kind::User
    }

    /// Returns true for an [`other`](ConnectorError::other) error.
    pub fn is_other(&self) -> bool {
        matches!(self.kind, Kind::Other(_))
    }

    /// Returns the retry classification of an [`other`](ConnectorError::other) error.
    pub fn as_other(&self) -> Option<ErrorKind> {
        match self.kind {
            Kind::Other(kind) => kind,
            _ => None,
        }
    }

    /// Returns the underlying cause.
    pub fn into_source(self) -> BoxError {
        self.source
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            Kind::Timeout => "timeout",
            Kind::Io => "I/O error",
            Kind::User => "invalid request",
            Kind::Other(_) => "HTTP client error",
        })
    }
}

impl Error for ConnectorError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let t = ConnectorError::timeout("slow");
        assert!(t.is_timeout() && !t.is_io() && !t.is_user() && !t.is_other());
        assert_eq!(t.to_string(), "timeout");
        assert_eq!(t.source().unwrap().to_string(), "slow");

        let u = ConnectorError::user("bad scheme");
        assert!(u.is_user());
        assert_eq!(u.to_string(), "invalid request");

        let o = ConnectorError::other("x", Some(ErrorKind::ThrottlingError));
        assert!(o.is_other());
        assert_eq!(o.as_other(), Some(ErrorKind::ThrottlingError));
        assert_eq!(o.to_string(), "HTTP client error");
        assert_eq!(ConnectorError::io("y").as_other(), None);
        assert_eq!(o.into_source().to_string(), "x");
    }
}
