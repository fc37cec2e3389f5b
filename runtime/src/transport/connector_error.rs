use super::{HttpResponse, SdkBody};
use crate::error::{BoxError, RequestId};
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
/// When the failure happened after the response head arrived (the connection broke in the
/// middle of the body, the body was too large, the read timeout elapsed between two pieces
/// of the body), the head can be attached with
/// [`with_response_head`](ConnectorError::with_response_head), so that the status, the
/// headers and above all the request ID are not lost.
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
    head: Option<Box<HttpResponse>>,
}

impl ConnectorError {
    /// The request or response did not complete in time (for example the connect or read
    /// timeout elapsed).
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::Timeout,
            source: source.into(),
            head: None,
        }
    }

    /// An I/O error: the connection could not be established, was reset or closed early,
    /// or the TLS handshake failed.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::Io,
            source: source.into(),
            head: None,
        }
    }

    /// The request could not be sent as given (for example an unsupported URL scheme).
    /// Never retried.
    pub fn user(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::User,
            source: source.into(),
            head: None,
        }
    }

    /// A response body over the configured size limit.
    pub(crate) fn body_too_large(limit: usize) -> Self {
        Self::other(
            format!("the response body is larger than the limit of {limit} bytes"),
            None,
        )
    }

    /// Any other failure; `kind` tells the runtime whether (and how) it may be retried.
    pub fn other(source: impl Into<BoxError>, kind: Option<ErrorKind>) -> Self {
        Self {
            kind: Kind::Other(kind),
            source: source.into(),
            head: None,
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

    /// Attaches the response head (status and headers) that arrived before the failure.
    /// Any body in `head` is dropped: the body is what could not be received.
    ///
    /// ```
    /// use smithy_runtime::error::RequestId;
    /// use smithy_runtime::transport::{ConnectorError, HttpResponse, StatusCode};
    ///
    /// let mut head = HttpResponse::new(StatusCode::try_from(200).unwrap(), "");
    /// head.headers_mut()
    ///     .as_http_headers_mut()
    ///     .insert("x-amzn-requestid", http::HeaderValue::from_static("req-1"));
    /// let err = ConnectorError::io("connection reset").with_response_head(head);
    /// assert_eq!(err.response_head().map(|h| h.status().as_u16()), Some(200));
    /// assert_eq!(err.request_id(), Some("req-1"));
    /// ```
    pub fn with_response_head(mut self, head: HttpResponse) -> Self {
        let mut head_only = HttpResponse::new(head.status(), SdkBody::empty());
        *head_only.headers_mut() = head.headers().clone();
        self.head = Some(Box::new(head_only));
        self
    }

    /// The response head (status and headers, empty body) that arrived before the
    /// failure, when the HTTP client attached it.
    pub fn response_head(&self) -> Option<&HttpResponse> {
        self.head.as_deref()
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

/// The request ID from the [response head](ConnectorError::response_head), if any.
impl RequestId for ConnectorError {
    fn request_id(&self) -> Option<&str> {
        self.response_head().and_then(RequestId::request_id)
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

        let mut head = HttpResponse::new(
            crate::transport::StatusCode::try_from(503).unwrap(),
            "partial body",
        );
        head.headers_mut()
            .as_http_headers_mut()
            .insert("x-amz-request-id", http::HeaderValue::from_static("r"));
        let with_head = ConnectorError::io("reset").with_response_head(head);
        let kept = with_head.response_head().unwrap();
        assert_eq!(kept.status().as_u16(), 503);
        assert!(kept.body().is_empty());
        assert_eq!(with_head.request_id(), Some("r"));
        assert_eq!(ConnectorError::io("reset").request_id(), None);
    }
}
