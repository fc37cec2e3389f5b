use super::{BoxError, ErrorMetadata, ProvideErrorMetadata, RequestId, EMPTY_ERROR_METADATA};
use crate::transport::{ConnectorError, HttpResponse};
use std::error::Error;
use std::fmt;

/// Builds the `Unhandled` variant of a generated operation error.
///
/// Generated error enums implement this so that
/// [`SdkError::into_service_error`] can turn any failure (a timeout, a dropped connection,
/// an unparsable response) into the operation's error type.
pub trait CreateUnhandledError {
    /// Creates the unhandled variant from `source` and, when known, the error metadata.
    fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self;
}

/// The request could not be built or signed (for example a missing region, invalid input
/// or credentials that could not be loaded); nothing was sent.
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

impl ConstructionFailure {
    /// Why the request could not be built.
    pub(crate) fn cause(&self) -> &(dyn Error + 'static) {
        self.source.as_ref()
    }
}

/// The operation or one of its attempts ran out of time.
#[derive(Debug)]
pub struct TimeoutError {
    source: BoxError,
}

/// The request was sent (or sending was attempted) but no complete response arrived.
///
/// When the failure came after the response head (a connection reset in the middle of the
/// body, a body over the size limit), [`response_head`](DispatchFailure::response_head)
/// has its status and headers, and the request ID is still available.
#[derive(Debug)]
pub struct DispatchFailure {
    source: ConnectorError,
}

impl DispatchFailure {
    /// Returns true when the connection failed (refused, reset, TLS error, ...).
    pub fn is_io(&self) -> bool {
        self.source.is_io()
    }

    /// Returns true when the HTTP client timed out (connect or read timeout).
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Returns true when the request itself could not be sent as given.
    pub fn is_user(&self) -> bool {
        self.source.is_user()
    }

    /// Returns true for any other HTTP client failure.
    pub fn is_other(&self) -> bool {
        self.source.is_other()
    }

    /// Returns the underlying [`ConnectorError`].
    pub fn as_connector_error(&self) -> Option<&ConnectorError> {
        Some(&self.source)
    }

    #[cfg(feature = "event-stream")]
    pub(crate) fn into_connector_error(self) -> ConnectorError {
        self.source
    }

    /// The response head (status and headers, empty body) when it arrived before the
    /// failure, for example when the connection broke in the middle of the body. Its
    /// request ID is also what [`RequestId::request_id`] returns for the [`SdkError`].
    pub fn response_head(&self) -> Option<&HttpResponse> {
        self.source.response_head()
    }
}

/// A response arrived but could not be understood (for example a malformed body).
#[derive(Debug)]
pub struct ResponseError<R> {
    source: BoxError,
    raw: R,
}

impl<R> ResponseError<R> {
    /// Returns the raw response.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// Converts into the raw response.
    pub fn into_raw(self) -> R {
        self.raw
    }
}

/// The service answered with an error.
#[derive(Debug)]
pub struct ServiceError<E, R> {
    source: E,
    raw: R,
}

impl<E, R> ServiceError<E, R> {
    /// Returns the operation error.
    pub fn err(&self) -> &E {
        &self.source
    }

    /// Converts into the operation error.
    pub fn into_err(self) -> E {
        self.source
    }

    /// Returns the raw response.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// Converts into the raw response.
    pub fn into_raw(self) -> R {
        self.raw
    }
}

/// The error returned by every operation of a generated client.
///
/// `E` is the operation's own error type (for example `CreateServiceError`), and `R` the
/// raw response type, [`HttpResponse`] unless stated otherwise.
///
/// Most code only cares about errors the service sent back: call
/// [`into_service_error`](SdkError::into_service_error) to get `E` in every case (other
/// failures become its `Unhandled` variant), or
/// [`as_service_error`](SdkError::as_service_error) to look at it without consuming. The
/// error code and message are available directly via [`ProvideErrorMetadata`] when `E`
/// implements it, and the request ID via [`RequestId`].
///
/// ```
/// use smithy_runtime::error::{ErrorMetadata, ProvideErrorMetadata, SdkError};
/// use smithy_runtime::transport::{HttpResponse, StatusCode};
///
/// let raw = HttpResponse::new(StatusCode::try_from(400).unwrap(), "");
/// let meta = ErrorMetadata::builder().code("ValidationException").message("bad name").build();
/// let err: SdkError<ErrorMetadata> = SdkError::service_error(meta, raw);
/// assert_eq!(err.code(), Some("ValidationException"));
/// assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
/// assert_eq!(err.to_string(), "service error");
/// ```
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E, R = HttpResponse> {
    /// The request could not be built or signed; nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// The operation or an attempt timed out.
    TimeoutError(TimeoutError),
    /// No complete response was received (connection refused or reset, TLS failure, body
    /// cut short or too large, ...).
    DispatchFailure(DispatchFailure),
    /// A response was received but could not be parsed.
    ResponseError(ResponseError<R>),
    /// The service returned an error.
    ServiceError(ServiceError<E, R>),
}

impl<E, R> SdkError<E, R> {
    /// Creates a [`ConstructionFailure`](SdkError::ConstructionFailure).
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::ConstructionFailure(ConstructionFailure {
            source: source.into(),
        })
    }

    /// Creates a [`TimeoutError`](SdkError::TimeoutError).
    pub fn timeout_error(source: impl Into<BoxError>) -> Self {
        Self::TimeoutError(TimeoutError {
            source: source.into(),
        })
    }

    /// Creates a [`DispatchFailure`](SdkError::DispatchFailure).
    pub fn dispatch_failure(source: ConnectorError) -> Self {
        Self::DispatchFailure(DispatchFailure { source })
    }

    /// Creates a [`ResponseError`](SdkError::ResponseError).
    pub fn response_error(source: impl Into<BoxError>, raw: R) -> Self {
        Self::ResponseError(ResponseError {
            source: source.into(),
            raw,
        })
    }

    /// Creates a [`ServiceError`](SdkError::ServiceError).
    pub fn service_error(source: E, raw: R) -> Self {
        Self::ServiceError(ServiceError { source, raw })
    }

    /// Returns the service error, if the service sent one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(err) => Some(&err.source),
            _ => None,
        }
    }

    /// Returns the operation error: the service error itself, or for any other failure
    /// `E`'s unhandled variant wrapping this whole error.
    ///
    /// ```
    /// use smithy_runtime::error::{
    ///     BoxError, CreateUnhandledError, ErrorMetadata, SdkError, Unhandled,
    /// };
    ///
    /// #[derive(Debug)]
    /// enum OpError {
    ///     Unhandled(Unhandled),
    /// }
    /// impl CreateUnhandledError for OpError {
    ///     fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
    ///         OpError::Unhandled(Unhandled::new(source).with_meta(meta.unwrap_or_default()))
    ///     }
    /// }
    /// # impl std::fmt::Display for OpError {
    /// #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("op") }
    /// # }
    /// # impl std::error::Error for OpError {}
    ///
    /// let err: SdkError<OpError> = SdkError::timeout_error("too slow");
    /// let OpError::Unhandled(unhandled) = err.into_service_error();
    /// let cause = std::error::Error::source(&unhandled).unwrap();
    /// assert_eq!(cause.to_string(), "request has timed out");
    /// assert_eq!(cause.source().unwrap().to_string(), "too slow");
    /// ```
    pub fn into_service_error(self) -> E
    where
        E: Error + CreateUnhandledError + Send + Sync + 'static,
        R: fmt::Debug + Send + Sync + 'static,
    {
        match self {
            Self::ServiceError(err) => err.source,
            other => E::create_unhandled_error(Box::new(other), None),
        }
    }

    /// Returns the underlying cause, or `self` for a variant without one (none today).
    pub fn into_source(self) -> Result<BoxError, Self>
    where
        E: Error + Send + Sync + 'static,
    {
        match self {
            Self::ConstructionFailure(err) => Ok(err.source),
            Self::TimeoutError(err) => Ok(err.source),
            Self::DispatchFailure(err) => Ok(Box::new(err.source)),
            Self::ResponseError(err) => Ok(err.source),
            Self::ServiceError(err) => Ok(Box::new(err.source)),
        }
    }

    /// Returns the raw response, for [`ServiceError`](SdkError::ServiceError) and
    /// [`ResponseError`](SdkError::ResponseError).
    pub fn raw_response(&self) -> Option<&R> {
        match self {
            Self::ServiceError(err) => Some(&err.raw),
            Self::ResponseError(err) => Some(&err.raw),
            _ => None,
        }
    }

    /// Converts the service error with `map`, keeping every other variant.
    pub fn map_service_error<E2>(self, map: impl FnOnce(E) -> E2) -> SdkError<E2, R> {
        match self {
            Self::ServiceError(err) => SdkError::ServiceError(ServiceError {
                source: map(err.source),
                raw: err.raw,
            }),
            Self::ConstructionFailure(err) => SdkError::ConstructionFailure(err),
            Self::TimeoutError(err) => SdkError::TimeoutError(err),
            Self::DispatchFailure(err) => SdkError::DispatchFailure(err),
            Self::ResponseError(err) => SdkError::ResponseError(err),
        }
    }
}

/// Names the kind of failure only, for example `dispatch failure` or `service error`: the
/// cause is its [`source`](Error::source). Wrap the error in
/// [`DisplayErrorContext`](super::DisplayErrorContext) to see every cause, each once.
impl<E, R> fmt::Display for SdkError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ConstructionFailure(_) => "failed to construct request",
            Self::TimeoutError(_) => "request has timed out",
            Self::DispatchFailure(_) => "dispatch failure",
            Self::ResponseError(_) => "response error",
            Self::ServiceError(_) => "service error",
        })
    }
}

impl<E, R> Error for SdkError<E, R>
where
    E: Error + 'static,
    R: fmt::Debug,
{
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::ConstructionFailure(err) => Some(err.source.as_ref()),
            Self::TimeoutError(err) => Some(err.source.as_ref()),
            Self::DispatchFailure(err) => Some(&err.source),
            Self::ResponseError(err) => Some(err.source.as_ref()),
            Self::ServiceError(err) => Some(&err.source),
        }
    }
}

/// The service error's metadata, or empty metadata for every other variant.
impl<E: ProvideErrorMetadata, R> ProvideErrorMetadata for SdkError<E, R> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ServiceError(err) => err.source.meta(),
            _ => &EMPTY_ERROR_METADATA,
        }
    }
}

/// The request ID from the raw response's headers, when there is a response; for a
/// [`DispatchFailure`](SdkError::DispatchFailure) whose response head arrived before the
/// failure (a connection reset in the middle of the body, say), from that head.
impl<E> RequestId for SdkError<E, HttpResponse> {
    fn request_id(&self) -> Option<&str> {
        match self {
            Self::DispatchFailure(err) => err.source.request_id(),
            _ => self.raw_response().and_then(RequestId::request_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DisplayErrorContext, Unhandled};
    use crate::transport::StatusCode;

    #[derive(Debug)]
    enum OpError {
        Known(ErrorMetadata),
        Unhandled(Unhandled),
    }

    impl fmt::Display for OpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                OpError::Known(meta) => write!(f, "known: {}", meta.message().unwrap_or("")),
                OpError::Unhandled(u) => u.fmt(f),
            }
        }
    }

    impl Error for OpError {}

    impl ProvideErrorMetadata for OpError {
        fn meta(&self) -> &ErrorMetadata {
            match self {
                OpError::Known(meta) => meta,
                OpError::Unhandled(u) => u.meta(),
            }
        }
    }

    impl CreateUnhandledError for OpError {
        fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
            OpError::Unhandled(Unhandled::new(source).with_meta(meta.unwrap_or_default()))
        }
    }

    fn raw(status: u16) -> HttpResponse {
        let mut r = HttpResponse::new(StatusCode::try_from(status).unwrap(), "body");
        r.headers_mut()
            .as_http_headers_mut()
            .insert("x-amzn-requestid", http::HeaderValue::from_static("rid"));
        r
    }

    fn assert_error<T: Error + Send + Sync + 'static>() {}

    #[test]
    fn is_a_thread_safe_error() {
        assert_error::<SdkError<OpError>>();
    }

    #[test]
    fn service_error_accessors() {
        let meta = ErrorMetadata::builder()
            .code("Throttling")
            .message("slow down")
            .build();
        let err: SdkError<OpError> = SdkError::service_error(OpError::Known(meta), raw(400));
        assert_eq!(err.code(), Some("Throttling"));
        assert_eq!(err.message(), Some("slow down"));
        assert_eq!(err.request_id(), Some("rid"));
        assert_eq!(err.to_string(), "service error");
        assert_eq!(err.source().unwrap().to_string(), "known: slow down");
        assert!(matches!(err.as_service_error(), Some(OpError::Known(_))));
        assert_eq!(err.raw_response().unwrap().status().as_u16(), 400);
        let SdkError::ServiceError(inner) = err else {
            panic!("expected a service error")
        };
        assert!(matches!(inner.err(), OpError::Known(_)));
        assert_eq!(inner.raw().status().as_u16(), 400);
        let raw = SdkError::<OpError>::ServiceError(inner)
            .into_source()
            .unwrap();
        assert_eq!(raw.to_string(), "known: slow down");
    }

    #[test]
    fn other_variants_become_unhandled() {
        let cases: Vec<(SdkError<OpError>, &str, &str)> = vec![
            (
                SdkError::construction_failure("no region"),
                "failed to construct request",
                "failed to construct request: no region",
            ),
            (
                SdkError::timeout_error("attempt timeout"),
                "request has timed out",
                "request has timed out: attempt timeout",
            ),
            (
                SdkError::dispatch_failure(ConnectorError::io("refused")),
                "dispatch failure",
                "dispatch failure: I/O error: refused",
            ),
            (
                SdkError::response_error("bad json", raw(200)),
                "response error",
                "response error: bad json",
            ),
        ];
        for (err, shown, chain) in cases {
            assert_eq!(err.to_string(), shown);
            assert!(
                DisplayErrorContext(&err)
                    .to_string()
                    .starts_with(&format!("{chain} (")),
                "{}",
                DisplayErrorContext(&err)
            );
            assert_eq!(err.code(), None);
            assert!(err.as_service_error().is_none());
            let OpError::Unhandled(unhandled) = err.into_service_error() else {
                panic!("expected the unhandled variant")
            };
            assert_eq!(unhandled.source().unwrap().to_string(), shown);
        }
    }

    #[test]
    fn dispatch_failure_kinds() {
        let err: SdkError<OpError> = SdkError::dispatch_failure(ConnectorError::timeout("t"));
        let SdkError::DispatchFailure(dispatch) = &err else {
            panic!("expected a dispatch failure")
        };
        assert!(dispatch.is_timeout());
        assert!(!dispatch.is_io() && !dispatch.is_user() && !dispatch.is_other());
        assert!(dispatch.as_connector_error().unwrap().is_timeout());
        assert!(DisplayErrorContext(&err)
            .to_string()
            .starts_with("dispatch failure: timeout: t ("));
        assert_eq!(err.request_id(), None);
    }

    #[test]
    fn response_error_keeps_raw() {
        let err: SdkError<OpError> = SdkError::response_error("bad", raw(200));
        assert_eq!(err.request_id(), Some("rid"));
        let SdkError::ResponseError(inner) = err else {
            panic!("expected a response error")
        };
        assert_eq!(inner.raw().status().as_u16(), 200);
        assert_eq!(inner.into_raw().body().bytes(), Some(&b"body"[..]));
    }

    #[test]
    fn map_service_error_keeps_other_variants() {
        let err: SdkError<OpError> =
            SdkError::service_error(OpError::Known(ErrorMetadata::default()), raw(500));
        let mapped: SdkError<String> = err.map_service_error(|e| e.to_string());
        assert_eq!(
            mapped.as_service_error().map(String::as_str),
            Some("known: ")
        );
        let err: SdkError<OpError> = SdkError::timeout_error("t");
        assert!(matches!(
            err.map_service_error(|_| 0u8),
            SdkError::TimeoutError(_)
        ));
        let err: SdkError<OpError> = SdkError::construction_failure("c");
        assert_eq!(err.into_source().unwrap().to_string(), "c");
    }
}
