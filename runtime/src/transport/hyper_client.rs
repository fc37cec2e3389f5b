use super::{
    BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse, HttpSettings, SdkBody,
};
use crate::error::BoxError;
use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

type Pool = Client<ConnectTimeout<HttpsConnector<HttpConnector>>, RequestBody>;

/// How long an idle pooled connection is kept before it is closed.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The default [`HttpClient`]: a pooled `hyper` HTTP/1.1 client over TLS, and (feature
/// `http2`) an HTTP/2 one for requests whose version is HTTP/2 (event streams of services that
/// need a duplex stream).
///
/// TLS uses `rustls` with the `ring` crypto provider and trusts the Mozilla root
/// certificates bundled by `webpki-roots` (the operating system's certificate store is not
/// consulted). Plain `http://` URLs are also accepted; the endpoint resolver only produces
/// them when an application explicitly configures such an
/// [`endpoint_url`](crate::config::Builder::endpoint_url).
///
/// Nothing is set up until the first request; then one connection pool is created per
/// distinct connect timeout and reused by all later requests (clones of a
/// [`SharedHttpClient`](super::SharedHttpClient) share it). Pools run their background
/// tasks on the Tokio runtime that sent the first request, which therefore must have its
/// I/O and time drivers enabled (as `#[tokio::main]` does). Called outside any Tokio
/// runtime, it fails with a [user error](ConnectorError::is_user) instead of sending.
///
/// Response bodies larger than [`HttpSettings::max_response_body_size`] are refused. The
/// [connect timeout](HttpSettings::connect_timeout) covers the TCP connection and the TLS
/// handshake together. The [read timeout](HttpSettings::read_timeout) applies to waiting
/// for the response head and then to each further piece of the body. A failure after the
/// response head arrived keeps that head in the error
/// ([`ConnectorError::response_head`]), so the request ID is not lost.
#[derive(Default)]
pub struct HyperHttpClient {
    /// By connect timeout and whether the pool speaks HTTP/2 only.
    pools: Mutex<Vec<(Option<Duration>, bool, Pool)>>,
}

impl HyperHttpClient {
    /// Creates a client; no connection or TLS setup happens until the first request.
    pub fn new() -> Self {
        Self::default()
    }

    fn pool(&self, connect_timeout: Option<Duration>, http2: bool) -> Result<Pool, ConnectorError> {
        let mut pools = self.pools.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, _, pool)) = pools
            .iter()
            .find(|(t, h2, _)| *t == connect_timeout && *h2 == http2)
        {
            return Ok(pool.clone());
        }
        let pool = build_pool(connect_timeout, http2)?;
        pools.push((connect_timeout, http2, pool.clone()));
        Ok(pool)
    }
}

impl fmt::Debug for HyperHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pools = self
            .pools
            .lock()
            .map(|pools| pools.len())
            .unwrap_or_default();
        f.debug_struct("HyperHttpClient")
            .field("pools", &pools)
            .finish()
    }
}

/// The largest HTTP/2 frame the server may send: 256 KiB rather than the protocol's default
/// 16 KiB, so a burst of events comes in a few frames, each read and handed to the stream's
/// task at once, instead of in many (on loopback, 16 KiB frames cost the Kinesis bench a
/// tenth of its throughput in reads and task wake-ups).
#[cfg(feature = "http2")]
const HTTP2_MAX_FRAME_SIZE: u32 = 256 << 10;

/// A pool of HTTP/1.1 connections, or with `http2` of HTTP/2 ones: negotiated with ALPN
/// (`h2` only) over TLS, and with prior knowledge over plain HTTP.
fn build_pool(connect_timeout: Option<Duration>, http2: bool) -> Result<Pool, ConnectorError> {
    let mut tcp = HttpConnector::new();
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    tcp.set_connect_timeout(connect_timeout);
    // An explicit provider, rather than the process default, so that this works (and never
    // panics) whichever other rustls crypto providers the application links in. rustls 0.23.48
    // deprecated ring's provider because ring has no post-quantum key exchange; ring stays,
    // since the alternative (aws-lc-rs) builds a large C library, and every AWS endpoint still
    // negotiates X25519 or the NIST curves with it.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(provider)
        .map_err(|err| ConnectorError::other(err, None))?
        .https_or_http();
    let mut builder = Client::builder(TokioExecutor::new());
    builder
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new());
    let https = if http2 {
        #[cfg(feature = "http2")]
        {
            builder
                .http2_only(true)
                .http2_max_frame_size(HTTP2_MAX_FRAME_SIZE);
            tls.enable_http2().wrap_connector(tcp)
        }
        #[cfg(not(feature = "http2"))]
        return Err(ConnectorError::user(
            "this request needs HTTP/2, which the `http2` feature of smithy-runtime enables",
        ));
    } else {
        tls.enable_http1().wrap_connector(tcp)
    };
    Ok(builder.build(ConnectTimeout {
        inner: https,
        timeout: connect_timeout,
    }))
}

/// Bounds the whole of establishing a connection, TCP and TLS handshake together, by the
/// connect timeout. (`HttpConnector`'s own connect timeout covers only TCP, so a server
/// that accepts the connection but never finishes the TLS handshake would otherwise hold
/// the request until the attempt or operation timeout, which are off by default.)
#[derive(Clone)]
struct ConnectTimeout<C> {
    inner: C,
    timeout: Option<Duration>,
}

impl<C> tower_service::Service<http::Uri> for ConnectTimeout<C>
where
    C: tower_service::Service<http::Uri>,
    C::Error: Into<BoxError>,
    C::Future: Send + 'static,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let timeout = self.timeout;
        Box::pin(async move {
            let Some(limit) = timeout else {
                return connecting.await.map_err(Into::into);
            };
            match tokio::time::timeout(limit, connecting).await {
                Ok(result) => result.map_err(Into::into),
                Err(_) => Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("establishing the connection took longer than the connect timeout of {limit:?}"),
                )
                .into()),
            }
        })
    }
}

impl HttpClient for HyperHttpClient {
    fn call(
        &self,
        request: HttpRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        let settings = *settings;
        Box::pin(async move {
            let http2 = request.version() == http::Version::HTTP_2;
            let pool = self.pool_in_runtime(settings.connect_timeout(), http2)?;
            send(&pool, request, settings).await
        })
    }

    #[cfg(feature = "byte-stream")]
    fn call_streaming(
        &self,
        request: super::StreamingRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<super::StreamingResponse, ConnectorError>> {
        let settings = *settings;
        Box::pin(async move {
            let http2 = request.version() == http::Version::HTTP_2;
            let pool = self.pool_in_runtime(settings.connect_timeout(), http2)?;
            streaming_body::send(&pool, request, settings).await
        })
    }
}

impl HyperHttpClient {
    fn pool_in_runtime(
        &self,
        connect_timeout: Option<Duration>,
        http2: bool,
    ) -> Result<Pool, ConnectorError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(ConnectorError::user(
                "the default HTTP client must be used from within a Tokio runtime",
            ));
        }
        self.pool(connect_timeout, http2)
    }
}

/// The request body hyper sends: in memory, or (feature `byte-stream`) read from the caller's
/// stream as it goes.
enum RequestBody {
    Full(Full<Bytes>),
    #[cfg(feature = "byte-stream")]
    Streaming(streaming_body::Uploading),
}

impl RequestBody {
    fn full(bytes: Bytes) -> Self {
        Self::Full(Full::new(bytes))
    }
}

impl hyper::body::Body for RequestBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            Self::Full(full) => Pin::new(full)
                .poll_frame(cx)
                .map_err(|never| match never {}),
            #[cfg(feature = "byte-stream")]
            Self::Streaming(stream) => Pin::new(stream).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Self::Full(full) => full.is_end_stream(),
            #[cfg(feature = "byte-stream")]
            Self::Streaming(stream) => stream.is_end_stream(),
        }
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            Self::Full(full) => full.size_hint(),
            #[cfg(feature = "byte-stream")]
            Self::Streaming(stream) => stream.size_hint(),
        }
    }
}

async fn send(
    pool: &Pool,
    request: HttpRequest,
    settings: HttpSettings,
) -> Result<HttpResponse, ConnectorError> {
    let read_timeout = settings.read_timeout();
    let limit = settings.max_response_body_size();
    let response = within(read_timeout, pool.request(request.map(RequestBody::full)))
        .await?
        .map_err(classify)?;
    let (parts, body) = response.into_parts();
    // Failures from here on happen after the head arrived: keep it (status, headers and
    // with them the request ID) in the error.
    let with_head = |err: ConnectorError| {
        let mut head = HttpResponse::new(parts.status.into(), SdkBody::empty());
        *head.headers_mut() = parts.headers.clone().into();
        err.with_response_head(head)
    };
    let collected = read_body(&parts, body, read_timeout, limit)
        .await
        .map_err(with_head)?;
    let response = http::Response::from_parts(parts, collected);
    Ok(HttpResponse::from(response))
}

/// Reads the whole body, within the read timeout for each piece and the size limit.
async fn read_body(
    parts: &http::response::Parts,
    mut body: hyper::body::Incoming,
    read_timeout: Option<Duration>,
    limit: usize,
) -> Result<Bytes, ConnectorError> {
    if let Some(declared) = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
    {
        if declared > limit as u64 {
            return Err(ConnectorError::body_too_large(limit));
        }
    }

    let mut collected = BytesMut::new();
    while let Some(frame) = within(read_timeout, body.frame()).await? {
        let frame = frame.map_err(classify_hyper)?;
        if let Ok(data) = frame.into_data() {
            if collected.len().saturating_add(data.len()) > limit {
                return Err(ConnectorError::body_too_large(limit));
            }
            collected.extend_from_slice(&data);
        }
    }
    Ok(collected.freeze())
}

fn read_timed_out(limit: Duration) -> ConnectorError {
    ConnectorError::timeout(format!(
        "no data received from the server within the read timeout of {limit:?}"
    ))
}

/// Awaits `future`, failing with a timeout error after `timeout` if one is given.
async fn within<F: Future>(
    timeout: Option<Duration>,
    future: F,
) -> Result<F::Output, ConnectorError> {
    match timeout {
        None => Ok(future.await),
        Some(limit) => tokio::time::timeout(limit, future)
            .await
            .map_err(|_| read_timed_out(limit)),
    }
}

/// Sorts a `hyper-util` client error into a [`ConnectorError`] kind.
fn classify(err: hyper_util::client::legacy::Error) -> ConnectorError {
    if has_timed_out(&err) {
        ConnectorError::timeout(err)
    } else if err.is_connect() || find_in_chain::<std::io::Error>(&err) {
        ConnectorError::io(err)
    } else if let Some(hyper_err) = find_hyper_error(&err) {
        if hyper_err.is_user() {
            ConnectorError::user(err)
        } else if hyper_err.is_closed()
            || hyper_err.is_canceled()
            || hyper_err.is_incomplete_message()
        {
            ConnectorError::io(err)
        } else {
            ConnectorError::other(err, None)
        }
    } else {
        ConnectorError::other(err, None)
    }
}

/// Sorts an error raised while reading the response body.
fn classify_hyper(err: hyper::Error) -> ConnectorError {
    if has_timed_out(&err) {
        ConnectorError::timeout(err)
    } else if err.is_user() {
        ConnectorError::user(err)
    } else {
        // The connection broke while the body was being read.
        ConnectorError::io(err)
    }
}

fn chain<'a>(err: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(err), |&e: &&'a (dyn Error + 'static)| e.source()).take(32)
}

fn find_in_chain<T: Error + 'static>(err: &(dyn Error + 'static)) -> bool {
    chain(err).any(|e| e.is::<T>())
}

fn find_hyper_error<'a>(err: &'a (dyn Error + 'static)) -> Option<&'a hyper::Error> {
    chain(err).find_map(|e| e.downcast_ref::<hyper::Error>())
}

fn has_timed_out(err: &(dyn Error + 'static)) -> bool {
    chain(err).any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            || e.downcast_ref::<hyper::Error>()
                .is_some_and(hyper::Error::is_timeout)
    })
}

#[cfg(feature = "byte-stream")]
mod streaming_body;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_found_in_chain() {
        #[derive(Debug)]
        struct Wrap(std::io::Error);
        impl fmt::Display for Wrap {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("wrapped")
            }
        }
        impl Error for Wrap {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let timed_out = Wrap(std::io::Error::new(std::io::ErrorKind::TimedOut, "t"));
        assert!(has_timed_out(&timed_out));
        assert!(find_in_chain::<std::io::Error>(&timed_out));
        let refused = Wrap(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "r",
        ));
        assert!(!has_timed_out(&refused));
        assert!(find_hyper_error(&refused).is_none());
    }

    #[test]
    fn debug_shows_no_internals() {
        let client = HyperHttpClient::new();
        assert_eq!(format!("{client:?}"), "HyperHttpClient { pools: 0 }");
    }

    #[test]
    fn pools_are_reused_per_connect_timeout_and_http_version() {
        let client = HyperHttpClient::new();
        client.pool(None, false).unwrap();
        client.pool(None, false).unwrap();
        client.pool(Some(Duration::from_secs(1)), false).unwrap();
        assert_eq!(format!("{client:?}"), "HyperHttpClient { pools: 2 }");
        #[cfg(feature = "http2")]
        {
            client.pool(None, true).unwrap();
            client.pool(None, true).unwrap();
            assert_eq!(format!("{client:?}"), "HyperHttpClient { pools: 3 }");
        }
        #[cfg(not(feature = "http2"))]
        {
            let err = client.pool(None, true).unwrap_err();
            assert!(err.to_string().contains("`http2` feature"), "{err}");
        }
    }
}
