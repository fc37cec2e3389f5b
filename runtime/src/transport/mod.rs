//! Sending HTTP requests: the [`HttpClient`] trait, the request and response types the
//! rest of the runtime works with, and the default HTTPS client.
//!
//! Request and response bodies are held in memory as [`Bytes`], except for operations with a
//! `@streaming` blob (feature `byte-stream`), which go through
//! `HttpClient::call_streaming`. Only [`call`](HttpClient::call) must be implemented, which
//! keeps the trait small enough for applications and tests to implement in a few lines, for
//! example to reuse an HTTP client they already have or to answer with canned responses; such a
//! client serves streaming operations too, buffering their bodies.
//!
//! * [`HttpClient`] sends one request and returns the whole response;
//!   [`SharedHttpClient`] is the cheaply clonable handle stored in the client
//!   [`Config`](crate::config::Config).
//! * [`HyperHttpClient`] is the default: a pooled `hyper` client speaking HTTP/1.1 over
//!   TLS (`rustls` with the `ring` provider and the Mozilla root certificates from
//!   `webpki-roots`), or over plain TCP for `http://` URLs.
//! * [`HttpResponse`] is the response as seen by response parsers and by
//!   [`SdkError::raw_response`](crate::error::SdkError::raw_response).
//! * [`ConnectorError`] reports why no response was received.
//! * `test_util` (with the `test-util` feature) has a canned, request-recording client.

mod connector_error;
mod hyper_client;
mod response;
#[cfg(feature = "byte-stream")]
pub(crate) mod streaming;
#[cfg(feature = "test-util")]
pub mod test_util;

pub use self::connector_error::ConnectorError;
pub use self::hyper_client::HyperHttpClient;
pub use self::response::{Headers, HttpResponse, InvalidStatusCode, SdkBody, StatusCode};
#[cfg(feature = "byte-stream")]
pub use self::streaming::{StreamingRequest, StreamingResponse};
/// The header map of requests and responses, re-exported so generated code needs no `http` dependency.
pub use http::{HeaderMap, Method};

use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// An HTTP request with its whole body in memory, as handed to an [`HttpClient`].
///
/// Its URI is absolute (`https://host/path?query`).
pub type HttpRequest = http::Request<Bytes>;

/// A boxed, `Send` future, as returned by [`HttpClient::call`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The default limit on the size of a response body: 64 MiB.
///
/// A response whose body is larger fails with a [`ConnectorError`] instead of exhausting
/// memory. Change it with
/// [`config::Builder::max_response_body_size`](crate::config::Builder::max_response_body_size).
pub const DEFAULT_MAX_RESPONSE_BODY_SIZE: usize = 64 * 1024 * 1024;

/// Per-call settings an [`HttpClient`] should honour.
///
/// The runtime fills these in from the client's [`TimeoutConfig`](crate::config::timeout::TimeoutConfig)
/// and [`Config`](crate::config::Config). The operation and attempt timeouts are enforced
/// by the runtime itself around [`HttpClient::call`], so they are not part of this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpSettings {
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    max_response_body_size: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpSettings {
    /// Settings with no connect or read timeout and the
    /// [default body size limit](DEFAULT_MAX_RESPONSE_BODY_SIZE).
    pub const fn new() -> Self {
        Self {
            connect_timeout: None,
            read_timeout: None,
            max_response_body_size: DEFAULT_MAX_RESPONSE_BODY_SIZE,
        }
    }

    /// Sets how long establishing a connection (TCP and TLS) may take.
    pub const fn with_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how long the client may wait for the response head and, after that, for each
    /// further piece of the response body.
    pub const fn with_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Sets the largest response body, in bytes, the client may accept.
    pub const fn with_max_response_body_size(mut self, size: usize) -> Self {
        self.max_response_body_size = size;
        self
    }

    /// How long establishing a connection may take, if limited.
    pub const fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// How long to wait for each read from the server, if limited.
    pub const fn read_timeout(&self) -> Option<Duration> {
        self.read_timeout
    }

    /// The largest response body, in bytes, the client may accept.
    pub const fn max_response_body_size(&self) -> usize {
        self.max_response_body_size
    }
}

/// Sends HTTP requests.
///
/// Implement this to plug another HTTP stack, a proxy-aware client or a test double into a
/// generated client via
/// [`config::Builder::http_client`](crate::config::Builder::http_client). Implementations
/// must be cheap to call concurrently from many tasks.
///
/// The runtime has already added every header (including `Host`, `Content-Length` and the
/// signature) when it calls [`call`](HttpClient::call); implementations must send them as
/// they are, because changing a signed header invalidates the signature.
///
/// ```
/// use smithy_runtime::transport::{
///     BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse, HttpSettings,
/// };
///
/// /// Answers every request with `204 No Content`.
/// #[derive(Debug)]
/// struct NoContent;
///
/// impl HttpClient for NoContent {
///     fn call(
///         &self,
///         _request: HttpRequest,
///         _settings: &HttpSettings,
///     ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
///         Box::pin(async {
///             let response = http::Response::builder()
///                 .status(204)
///                 .body(bytes::Bytes::new())
///                 .map_err(ConnectorError::user)?;
///             Ok(HttpResponse::from(response))
///         })
///     }
/// }
/// ```
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and returns the complete response, honouring `settings`.
    ///
    /// Any response the server sends, whatever its status code, is an `Ok`; an `Err`
    /// means no complete response arrived.
    fn call(
        &self,
        request: HttpRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>>;

    /// Sends `request`, whose body may be a stream read while it is sent, and returns once
    /// the response head has arrived, with the body still to be read: how operations with a
    /// `@streaming` blob are sent.
    ///
    /// The [read timeout](HttpSettings::read_timeout) applies to waiting for the head, which
    /// restarts while the request body is still being sent, and then to each piece of the
    /// response body, which fails with a timeout [`ConnectorError`] (found with
    /// [`Error::source`](std::error::Error::source)) when the server stalls; the size limit
    /// does not apply, since the caller reads the body.
    ///
    /// The default implementation reads the request body into memory, sends it with
    /// [`call`](Self::call) and returns the complete response body as a stream, which is
    /// correct but holds both bodies in memory; [`HyperHttpClient`] streams both.
    #[cfg(feature = "byte-stream")]
    fn call_streaming(
        &self,
        request: StreamingRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        let settings = *settings;
        Box::pin(async move { streaming::through_buffered_call(self, request, &settings).await })
    }
}

/// A reference-counted [`HttpClient`] that can be cloned cheaply and shared between
/// clients and tasks.
#[derive(Clone, Debug)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl SharedHttpClient {
    /// Wraps `client`.
    pub fn new(client: impl HttpClient + 'static) -> Self {
        Self(Arc::new(client))
    }

    /// Returns true when both handles share one client.
    pub fn ptr_eq(&self, other: &SharedHttpClient) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl From<Arc<dyn HttpClient>> for SharedHttpClient {
    fn from(client: Arc<dyn HttpClient>) -> Self {
        Self(client)
    }
}

impl HttpClient for SharedHttpClient {
    fn call(
        &self,
        request: HttpRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        self.0.call(request, settings)
    }

    #[cfg(feature = "byte-stream")]
    fn call_streaming(
        &self,
        request: StreamingRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        self.0.call_streaming(request, settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_builders() {
        let s = HttpSettings::default();
        assert_eq!(s.connect_timeout(), None);
        assert_eq!(s.read_timeout(), None);
        assert_eq!(s.max_response_body_size(), DEFAULT_MAX_RESPONSE_BODY_SIZE);
        let s = s
            .with_connect_timeout(Some(Duration::from_secs(1)))
            .with_read_timeout(Some(Duration::from_secs(2)))
            .with_max_response_body_size(10);
        assert_eq!(s.connect_timeout(), Some(Duration::from_secs(1)));
        assert_eq!(s.read_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(s.max_response_body_size(), 10);
    }

    #[test]
    fn shared_client_is_send_sync_clone() {
        fn assert_traits<T: Send + Sync + Clone + fmt::Debug + 'static>() {}
        assert_traits::<SharedHttpClient>();
    }
}
