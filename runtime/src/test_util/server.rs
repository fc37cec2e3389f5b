//! A scripted HTTP/1.1 server on the loopback interface.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;

/// What the [`LoopbackServer`] answers to one request.
///
/// ```
/// use smithy_runtime::test_util::Reply;
/// use std::time::Duration;
///
/// let reply = Reply::aws_json(400, r#"{"__type":"ValidationException","message":"bad"}"#)
///     .request_id("req-1")
///     .header("x-amzn-errortype", "ValidationException")
///     .delay(Duration::from_millis(10));
/// assert_eq!(reply.status(), 400);
/// assert_eq!(reply.headers().len(), 3);
/// ```
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
    delay: Duration,
    repeat: Option<Repeat>,
}

/// A body sent as `count` copies of one chunk, generated while it is sent.
#[derive(Clone, Debug)]
struct Repeat {
    count: usize,
    /// After this many chunks the server sends nothing more but keeps the connection open.
    stall_after: Option<usize>,
}

impl Reply {
    /// A reply with `status` and `body`, no headers and no delay.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
            repeat: None,
        }
    }

    /// A reply whose body is `chunk` repeated `count` times, generated while it is sent (a
    /// large download without the server holding it), chunked unless a `content-length`
    /// header is added.
    ///
    /// ```
    /// use smithy_runtime::test_util::Reply;
    ///
    /// let gigabyte = Reply::repeated(200, vec![b'x'; 1 << 20], 1024)
    ///     .header("content-length", (1u64 << 30).to_string());
    /// assert_eq!(gigabyte.body().len(), 1 << 20);
    /// ```
    pub fn repeated(status: u16, chunk: impl Into<Bytes>, count: usize) -> Self {
        let mut reply = Self::new(status, chunk);
        reply.repeat = Some(Repeat {
            count,
            stall_after: None,
        });
        reply
    }

    /// For a [`repeated`](Self::repeated) body: sends only the first `chunks` chunks, then
    /// nothing more while keeping the connection open (a server that stops sending).
    pub fn stall_after(mut self, chunks: usize) -> Self {
        if let Some(repeat) = &mut self.repeat {
            repeat.stall_after = Some(chunks);
        }
        self
    }

    /// A reply with `content-type: application/x-amz-json-1.0`.
    pub fn aws_json(status: u16, body: impl Into<Bytes>) -> Self {
        Self::new(status, body).header("content-type", "application/x-amz-json-1.0")
    }

    /// Adds a header (names may repeat).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds the `x-amzn-requestid` header AWS services use for the request ID.
    pub fn request_id(self, request_id: impl Into<String>) -> Self {
        self.header("x-amzn-requestid", request_id)
    }

    /// Waits `delay` after the request body is read and before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers, in the order they were added.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The delay before answering.
    pub fn delay_duration(&self) -> Duration {
        self.delay
    }

    fn into_response(self) -> Result<http::Response<ReplyBody>, http::Error> {
        let mut response = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            response = response.header(name.as_str(), value.as_str());
        }
        response.body(match self.repeat {
            None => ReplyBody::Full(Full::new(self.body)),
            Some(repeat) => ReplyBody::Repeat {
                chunk: self.body,
                left: repeat.count,
                stall_after: repeat.stall_after,
            },
        })
    }
}

/// The body of a reply: in memory, or generated chunk by chunk.
enum ReplyBody {
    Full(Full<Bytes>),
    Repeat {
        chunk: Bytes,
        left: usize,
        stall_after: Option<usize>,
    },
}

impl hyper::body::Body for ReplyBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        use std::task::Poll;
        match self.get_mut() {
            Self::Full(full) => std::pin::Pin::new(full).poll_frame(cx),
            Self::Repeat {
                chunk,
                left,
                stall_after,
            } => match stall_after {
                // Never woken: the connection stays open with nothing more to read.
                Some(0) => Poll::Pending,
                _ if *left == 0 => Poll::Ready(None),
                _ => {
                    *left -= 1;
                    if let Some(stall) = stall_after {
                        *stall -= 1;
                    }
                    Poll::Ready(Some(Ok(hyper::body::Frame::data(chunk.clone()))))
                }
            },
        }
    }
}

/// A request as the [`LoopbackServer`] received it.
#[derive(Clone, Debug)]
pub struct ReceivedRequest {
    index: usize,
    connection: usize,
    method: http::Method,
    path_and_query: String,
    headers: http::HeaderMap,
    version: http::Version,
    body: Bytes,
}

impl ReceivedRequest {
    /// The HTTP version the request came with (HTTP/2 with the `http2` feature, for clients
    /// that speak it with prior knowledge).
    pub fn version(&self) -> http::Version {
        self.version
    }

    /// The 0-based position of this request among all the requests the server received.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The 0-based number of the TCP connection the request arrived on, in accept order.
    pub fn connection(&self) -> usize {
        self.connection
    }

    /// The request method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The path and query string, as sent (for example `/` or `/things?max=3`).
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The request headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The value of header `name`, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The value of header `name`.
    ///
    /// # Panics
    ///
    /// If the header is missing or not visible ASCII.
    #[track_caller]
    pub fn expect_header(&self, name: &str) -> &str {
        self.header(name)
            .unwrap_or_else(|| panic!("request {} has no header `{name}`", self.index))
    }

    /// The request body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The request body as text (invalid UTF-8 is replaced).
    pub fn body_str(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

type Script = Arc<dyn Fn(usize, &ReceivedRequest) -> Reply + Send + Sync>;

/// An HTTP/1.1 server on `127.0.0.1` with an OS-assigned port, for end-to-end tests.
///
/// Each request is recorded, then answered with the [`Reply`] the script returns for it;
/// the script receives the 0-based index of the request across all connections (and, with
/// [`start_with`](Self::start_with), the request itself). Retries of one operation
/// therefore see consecutive indexes, which makes "fail twice, then succeed" easy to
/// write.
///
/// The server runs on the Tokio runtime that started it and stops accepting connections
/// when dropped. It must be started from within a Tokio runtime.
pub struct LoopbackServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<ReceivedRequest>>>,
    accept_task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for LoopbackServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopbackServer")
            .field("addr", &self.addr)
            .field("received", &lock(&self.received).len())
            .finish()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl LoopbackServer {
    /// Starts a server that answers request number `n` with `script(n)`.
    ///
    /// # Panics
    ///
    /// If no port can be bound on `127.0.0.1`, or outside a Tokio runtime.
    pub async fn start(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with(move |n, _| script(n)).await
    }

    /// Starts a server that answers with `replies[n]`, repeating the last reply once the
    /// list is exhausted.
    ///
    /// # Panics
    ///
    /// If `replies` is empty, if no port can be bound, or outside a Tokio runtime.
    pub async fn sequence(replies: Vec<Reply>) -> Self {
        assert!(
            !replies.is_empty(),
            "a LoopbackServer needs at least one reply"
        );
        Self::start(move |n| replies[n.min(replies.len() - 1)].clone()).await
    }

    /// Starts a server that answers request number `n` with `script(n, &request)`.
    ///
    /// # Panics
    ///
    /// If no port can be bound on `127.0.0.1`, or outside a Tokio runtime.
    pub async fn start_with(
        script: impl Fn(usize, &ReceivedRequest) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a port on 127.0.0.1");
        let addr = listener
            .local_addr()
            .expect("local address of the listener");
        let received = Arc::new(Mutex::new(Vec::new()));
        let script: Script = Arc::new(script);
        let log = received.clone();
        let accept_task = tokio::spawn(async move {
            let mut connection = 0;
            while let Ok((stream, _)) = listener.accept().await {
                let log = log.clone();
                let script = script.clone();
                tokio::spawn(serve_connection(stream, connection, log, script));
                connection += 1;
            }
        });
        Self {
            addr,
            received,
            accept_task,
        }
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL of the server, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.received).clone()
    }

    /// The number of requests received so far.
    pub fn request_count(&self) -> usize {
        lock(&self.received).len()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    connection: usize,
    log: Arc<Mutex<Vec<ReceivedRequest>>>,
    script: Script,
) {
    let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
        let log = log.clone();
        let script = script.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await?.to_bytes();
            let request = {
                let mut log = lock(&log);
                let request = ReceivedRequest {
                    index: log.len(),
                    connection,
                    method: parts.method,
                    path_and_query: parts
                        .uri
                        .path_and_query()
                        .map(|p| p.as_str().to_owned())
                        .unwrap_or_default(),
                    headers: parts.headers,
                    version: parts.version,
                    body,
                };
                log.push(request.clone());
                request
            };
            let reply = script(request.index, &request);
            if !reply.delay.is_zero() {
                tokio::time::sleep(reply.delay).await;
            }
            let response = reply.into_response().unwrap_or_else(|err| {
                http::Response::builder()
                    .status(500)
                    .body(ReplyBody::Full(Full::new(Bytes::from(format!(
                        "LoopbackServer: invalid scripted reply: {err}"
                    )))))
                    .expect("a plain 500 response")
            });
            Ok::<_, hyper::Error>(response)
        }
    });
    // A client that goes away mid-request (a timeout, say) ends the connection with an
    // error; that is expected and not the server's concern.
    #[cfg(feature = "http2")]
    if starts_with_http2_preface(&stream).await {
        let _ = hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
            .serve_connection(TokioIo::new(stream), service)
            .await;
        return;
    }
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Whether the client opened the connection with HTTP/2's preface (prior knowledge, as the
/// client does over plain HTTP), looked at without consuming it.
#[cfg(feature = "http2")]
async fn starts_with_http2_preface(stream: &tokio::net::TcpStream) -> bool {
    const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    let mut buffer = [0u8; PREFACE.len()];
    loop {
        let Ok(read) = stream.peek(&mut buffer).await else {
            return false;
        };
        if read == 0 || buffer[..read] != PREFACE[..read] {
            return false;
        }
        if read == PREFACE.len() {
            return true;
        }
        // Part of the preface arrived; wait for the rest.
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
}
