//! The generated Proton client against servers that misbehave, over real sockets on
//! 127.0.0.1.
//!
//! A well-behaved HTTP server library will not send a body shorter than its
//! `Content-Length`, reset a connection half-way through a body or answer with bytes that
//! are not HTTP at all, so most cases here use [`RawServer`]: a `TcpListener` that reads
//! each request and then plays a script of raw bytes, pauses, resets and closes. Cases that
//! only need well-formed replies use the runtime's `LoopbackServer`.
//!
//! Every case checks the typed result (`SdkError` variant and kind), the request ID when
//! the server sent one, how many attempts reached the server, and that nothing panics.
//! `compat/tests/e2e.rs` already covers modeled and unmodeled errors, malformed and
//! truncated JSON bodies, 500/503/429 then success and a slow response head; this file
//! covers the transport-level faults.

#![allow(clippy::result_large_err)]

use aws_sdk_proton::config::retry::RetryConfig;
use aws_sdk_proton::config::timeout::TimeoutConfig;
use aws_sdk_proton::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_proton::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_proton::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentError, CancelEnvironmentDeploymentOutput,
};
use aws_sdk_proton::operation::RequestId;
use aws_sdk_proton::{Client, Config};
use smithy_runtime::test_util::{LoopbackServer, Reply};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Result<T> = std::result::Result<T, SdkError<CancelEnvironmentDeploymentError>>;

// ---------------------------------------------------------------------------------------
// A raw HTTP/1.1 server.

/// One step of what the server does after reading a request.
#[derive(Clone, Debug)]
enum Act {
    /// Writes these bytes.
    Send(Vec<u8>),
    /// Waits.
    Pause(Duration),
    /// Aborts the connection with a TCP reset (`SO_LINGER` 0, then close).
    Reset,
    /// Closes the connection cleanly.
    Close,
    /// Keeps the connection open and sends nothing more.
    Hang,
    /// Sends `chunk` every `every`, forever.
    Endless { chunk: Vec<u8>, every: Duration },
}

type Script = Arc<dyn Fn(usize) -> Vec<Act> + Send + Sync>;

/// A TCP server on 127.0.0.1 that reads HTTP/1.1 requests and answers request number `n`
/// (counted over all connections) by playing `script(n)`. When a script ends without
/// closing, the connection stays open for the next request (keep-alive).
struct RawServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
    accept_task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    async fn start(script: impl Fn(usize) -> Vec<Act> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let script: Script = Arc::new(script);
        let (log, count) = (requests.clone(), connections.clone());
        let accept_task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, log.clone(), script.clone()));
            }
        });
        Self {
            addr,
            requests,
            connections,
            accept_task,
        }
    }

    /// A server that plays the same script for every request.
    async fn always(acts: Vec<Act>) -> Self {
        Self::start(move |_| acts.clone()).await
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The heads of the requests received so far.
    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

async fn serve(mut stream: TcpStream, log: Arc<Mutex<Vec<String>>>, script: Script) {
    let mut buffer = Vec::new();
    while let Some(head) = read_request(&mut stream, &mut buffer).await {
        let n = {
            let mut log = log.lock().unwrap();
            log.push(head);
            log.len() - 1
        };
        for act in script(n) {
            match act {
                Act::Send(bytes) => {
                    if stream.write_all(&bytes).await.is_err() {
                        return;
                    }
                    let _ = stream.flush().await;
                }
                Act::Pause(duration) => tokio::time::sleep(duration).await,
                Act::Reset => {
                    #[allow(deprecated)] // `set_zero_linger` is newer than tokio 1.0.
                    let _ = stream.set_linger(Some(Duration::ZERO));
                    return;
                }
                Act::Close => {
                    let _ = stream.shutdown().await;
                    return;
                }
                Act::Hang => {
                    // Until the client goes away.
                    let mut sink = [0u8; 1024];
                    while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                    return;
                }
                Act::Endless { chunk, every } => loop {
                    if stream.write_all(&chunk).await.is_err() {
                        return;
                    }
                    if !every.is_zero() {
                        tokio::time::sleep(every).await;
                    }
                },
            }
        }
    }
}

/// Reads one request (head and `Content-Length` body) and returns its head, or `None` when
/// the client closed the connection.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<String> {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let length = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            while buffer.len() < total {
                read_more(stream, buffer).await?;
            }
            buffer.drain(..total);
            return Some(head);
        }
        read_more(stream, buffer).await?;
    }
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            Some(())
        }
    }
}

/// A response head: the status line `HTTP/1.1 <status>` and the headers.
fn head(status: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// A complete awsJson response with `Content-Length`, request ID `rid`.
fn json_response(status: &str, rid: &str, body: &[u8]) -> Vec<u8> {
    let mut out = head(
        status,
        &[
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amzn-requestid", rid),
            ("content-length", &body.len().to_string()),
        ],
    );
    out.extend_from_slice(body);
    out
}

fn rid(n: usize) -> String {
    format!("req-{n}")
}

const ENV_BODY: &str = r#"{"environment":{"name":"prod","deploymentStatus":"CANCELLING"}}"#;

// ---------------------------------------------------------------------------------------
// The client.

/// Standard retries without back-off; an operation timeout as a safety net, so that a
/// hanging case fails instead of hanging the test run.
fn config(url: &str) -> aws_sdk_proton::config::Builder {
    Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDMISBEHAVE",
            "misbehave-secret",
            None,
            None,
            "test",
        ))
        .endpoint_url(url)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(10))
                .build(),
        )
}

fn client(url: &str) -> Client {
    Client::from_conf(config(url).build())
}

async fn cancel(client: &Client) -> Result<CancelEnvironmentDeploymentOutput> {
    client
        .cancel_environment_deployment()
        .environment_name("prod")
        .send()
        .await
}

/// Checks what every failure that is not a service error has in common, and returns the
/// error's full text.
fn check_not_a_service_error(err: &SdkError<CancelEnvironmentDeploymentError>) -> String {
    assert!(err.as_service_error().is_none(), "{err:?}");
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), None);
    let context = DisplayErrorContext(err).to_string();
    assert!(context.len() >= err.to_string().len());
    context
}

/// Checks a dispatch failure: no response, so no raw response; returns the error's text.
fn expect_dispatch_failure(err: &SdkError<CancelEnvironmentDeploymentError>) -> String {
    let SdkError::DispatchFailure(failure) = err else {
        panic!("expected a dispatch failure: {err:?}")
    };
    assert!(failure.as_connector_error().is_some());
    assert!(err.raw_response().is_none(), "{err:?}");
    assert!(err.to_string().starts_with("dispatch failure"), "{err}");
    check_not_a_service_error(err)
}

fn expect_timeout(err: &SdkError<CancelEnvironmentDeploymentError>, what: &str) -> String {
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(err.raw_response().is_none());
    assert_eq!(err.request_id(), None);
    let context = check_not_a_service_error(err);
    assert!(
        context.contains(&format!("the {what} timeout")),
        "{context}"
    );
    context
}

/// Checks an unhandled service error with `status`, and that it stays unhandled through
/// `into_service_error`.
fn expect_unhandled(err: SdkError<CancelEnvironmentDeploymentError>, status: u16) {
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), status);
    let err = err.into_service_error();
    #[allow(deprecated)]
    let unhandled = matches!(err, CancelEnvironmentDeploymentError::Unhandled(_));
    assert!(unhandled, "{err:?}");
}

fn unused_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

// ---------------------------------------------------------------------------------------
// Connections that fail.

#[tokio::test]
async fn connection_refused_is_a_retried_dispatch_failure() {
    let url = format!("http://{}", unused_port());
    let started = Instant::now();
    let err = cancel(&client(&url)).await.unwrap_err();
    let context = expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_io(), "{context}");
    assert!(!failure.is_timeout() && !failure.is_user());
    assert_eq!(err.request_id(), None);
    assert!(context.to_lowercase().contains("refused"), "{context}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // `into_service_error` keeps the whole failure inside the unhandled variant.
    let err = err.into_service_error();
    assert_eq!(err.code(), None);
    assert!(DisplayErrorContext(&err).to_string().contains("refused"));
}

#[tokio::test]
async fn connect_that_never_completes_hits_the_connect_timeout() {
    // A listener with a backlog of one that never accepts: once one connection waits in
    // the queue, the kernel leaves further handshakes unanswered.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let _queued = std::net::TcpStream::connect(addr).unwrap();
    let client = Client::from_conf(
        config(&format!("http://{addr}"))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_millis(150))
                    .operation_timeout(Duration::from_secs(10))
                    .build(),
            )
            .build(),
    );
    let started = Instant::now();
    let err = cancel(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    let context = expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_timeout(), "{context}");
    assert_eq!(err.request_id(), None);
    // Retried like any transient failure: three attempts of 150 ms.
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn connection_closed_before_the_response_is_retried() {
    let server = RawServer::always(vec![Act::Close]).await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_io(), "{err:?}");
    assert_eq!(err.request_id(), None);
    // Transient: three attempts, each on a new connection.
    assert_eq!(server.request_count(), 3);
    assert_eq!(server.connection_count(), 3);
}

#[tokio::test]
async fn connection_reset_before_the_response_is_retried() {
    let server = RawServer::always(vec![Act::Reset]).await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_io(), "{err:?}");
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn connection_reset_mid_body_is_retried_and_keeps_the_request_id() {
    let server = RawServer::start(|n| {
        let mut partial = head(
            "200 OK",
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amzn-requestid", &rid(n)),
                ("content-length", "4000"),
            ],
        );
        partial.extend_from_slice(br#"{"environment":{"name":"pr"#);
        vec![
            Act::Send(partial),
            Act::Pause(Duration::from_millis(20)),
            Act::Reset,
        ]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_io(), "{err:?}");
    // The head arrived before the reset: its request ID is kept.
    assert_eq!(err.request_id(), Some("req-2"));
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn reset_mid_body_then_success() {
    let server = RawServer::start(|n| match n {
        0 => {
            let mut partial = head("200 OK", &[("content-length", "500")]);
            partial.extend_from_slice(b"{\"environment\":");
            vec![Act::Send(partial), Act::Reset]
        }
        _ => vec![Act::Send(json_response(
            "200 OK",
            &rid(n),
            ENV_BODY.as_bytes(),
        ))],
    })
    .await;
    let output = cancel(&client(&server.url())).await.unwrap();
    assert_eq!(output.environment().unwrap().name(), "prod");
    assert_eq!(output.request_id(), Some("req-1"));
    assert_eq!(server.request_count(), 2);
}

// ---------------------------------------------------------------------------------------
// Bodies that do not match their `Content-Length`.

#[tokio::test]
async fn body_shorter_than_content_length_then_close_is_retried() {
    let server = RawServer::start(|n| {
        let mut short = head(
            "200 OK",
            &[("x-amzn-requestid", &rid(n)), ("content-length", "1000")],
        );
        short.extend_from_slice(ENV_BODY.as_bytes());
        vec![Act::Send(short), Act::Close]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    let context = expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_io(), "{context}");
    assert_eq!(err.request_id(), Some("req-2"));
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn body_shorter_than_content_length_then_silence_hits_the_read_timeout() {
    let server = RawServer::start(|n| {
        let mut short = head(
            "200 OK",
            &[("x-amzn-requestid", &rid(n)), ("content-length", "1000")],
        );
        short.extend_from_slice(ENV_BODY.as_bytes());
        vec![Act::Send(short), Act::Hang]
    })
    .await;
    let config = config(&server.url())
        .retry_config(
            RetryConfig::standard()
                .with_initial_backoff(Duration::ZERO)
                .with_max_attempts(2),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .read_timeout(Duration::from_millis(150))
                .operation_timeout(Duration::from_secs(10))
                .build(),
        )
        .build();
    let started = Instant::now();
    let err = cancel(&Client::from_conf(config)).await.unwrap_err();
    let elapsed = started.elapsed();
    let context = expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_timeout(), "{context}");
    assert!(context.contains("read timeout"), "{context}");
    assert_eq!(err.request_id(), Some("req-1"));
    assert_eq!(server.request_count(), 2);
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn body_longer_than_content_length_is_cut_and_never_read_as_the_next_response() {
    // The first reply declares only its own JSON, then carries a complete second
    // response. Were the connection reused as it is, that second response would be taken
    // as the answer to the next call.
    let smuggled = json_response(
        "200 OK",
        "smuggled",
        br#"{"environment":{"name":"smuggled"}}"#,
    );
    let server = RawServer::start(move |n| match n {
        0 => {
            let mut reply =
                json_response("200 OK", &rid(n), br#"{"environment":{"name":"first"}}"#);
            reply.extend_from_slice(&smuggled);
            reply.extend_from_slice(b"and some garbage after it");
            vec![Act::Send(reply)]
        }
        _ => vec![
            Act::Pause(Duration::from_millis(20)),
            Act::Send(json_response(
                "200 OK",
                &rid(n),
                br#"{"environment":{"name":"second"}}"#,
            )),
        ],
    })
    .await;
    let client = client(&server.url());
    let first = cancel(&client).await.unwrap();
    assert_eq!(first.environment().unwrap().name(), "first");
    assert_eq!(first.request_id(), Some("req-0"));
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        let next = cancel(&client).await.unwrap();
        assert_eq!(next.environment().unwrap().name(), "second");
        assert_ne!(next.request_id(), Some("smuggled"));
    }
    // The connection that carried extra bytes was not reused.
    assert!(
        server.connection_count() >= 2,
        "{}",
        server.connection_count()
    );
}

// ---------------------------------------------------------------------------------------
// Big bodies and the response body limit.

#[tokio::test]
async fn ten_megabyte_body_is_read_within_the_default_limit() {
    const SIZE: usize = 10 * 1024 * 1024;
    let description = "d".repeat(SIZE);
    let body = format!(r#"{{"environment":{{"name":"big","description":"{description}"}}}}"#);
    let server =
        LoopbackServer::start(move |n| Reply::aws_json(200, body.clone()).request_id(rid(n))).await;
    let config = config(&server.url()).build();
    assert_eq!(config.max_response_body_size(), 64 * 1024 * 1024);
    let output = cancel(&Client::from_conf(config)).await.unwrap();
    let env = output.environment().unwrap();
    assert_eq!(env.description().map(str::len), Some(SIZE));
    assert_eq!(output.request_id(), Some("req-0"));
    // `Debug` redacts the (sensitive) description instead of printing 10 MB.
    assert!(format!("{output:?}").len() < 2048);
}

#[tokio::test]
async fn ten_megabyte_body_that_is_not_json_is_a_bounded_response_error() {
    let server = LoopbackServer::start(move |n| {
        Reply::aws_json(200, vec![b'x'; 10 * 1024 * 1024]).request_id(rid(n))
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    let SdkError::ResponseError(response) = &err else {
        panic!("expected a response error: {err:?}")
    };
    assert_eq!(response.raw().body().len(), 10 * 1024 * 1024);
    assert_eq!(err.request_id(), Some("req-0"));
    // Printing the error does not print the body.
    assert!(format!("{err:?}").len() < 4096);
    assert!(DisplayErrorContext(&err).to_string().len() < 1024);
    assert_eq!(server.request_count(), 1);
}

/// A client whose responses may be at most 1 MiB.
fn small_limit_client(url: &str) -> Client {
    Client::from_conf(config(url).max_response_body_size(1024 * 1024).build())
}

fn expect_too_large(err: &SdkError<CancelEnvironmentDeploymentError>) {
    let context = expect_dispatch_failure(err);
    assert!(
        context.contains("larger than the limit of 1048576 bytes"),
        "{context}"
    );
    let SdkError::DispatchFailure(failure) = err else {
        unreachable!()
    };
    assert!(failure.is_other() && !failure.is_io(), "{context}");
}

#[tokio::test]
async fn declared_content_length_over_the_limit_fails_without_reading_the_body() {
    let server = RawServer::start(|n| {
        vec![
            Act::Send(head(
                "200 OK",
                &[
                    ("x-amzn-requestid", &rid(n)),
                    ("content-length", "10485760"),
                ],
            )),
            // The body never comes: the client must not wait for it.
            Act::Hang,
        ]
    })
    .await;
    let started = Instant::now();
    let err = cancel(&small_limit_client(&server.url()))
        .await
        .unwrap_err();
    expect_too_large(&err);
    assert_eq!(err.request_id(), Some("req-0"));
    assert!(started.elapsed() < Duration::from_secs(2));
    // Not retried: the same request would get the same answer.
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn chunked_body_over_the_limit_fails() {
    let server = RawServer::start(|n| {
        let mut reply = head(
            "200 OK",
            &[
                ("x-amzn-requestid", &rid(n)),
                ("transfer-encoding", "chunked"),
            ],
        );
        for _ in 0..3 {
            reply.extend_from_slice(format!("{:x}\r\n", 512 * 1024).as_bytes());
            reply.extend_from_slice(&vec![b' '; 512 * 1024]);
            reply.extend_from_slice(b"\r\n");
        }
        reply.extend_from_slice(b"0\r\n\r\n");
        vec![Act::Send(reply)]
    })
    .await;
    let err = cancel(&small_limit_client(&server.url()))
        .await
        .unwrap_err();
    expect_too_large(&err);
    assert_eq!(err.request_id(), Some("req-0"));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn endless_body_stops_at_the_limit() {
    let server = RawServer::start(|n| {
        let chunk = [
            format!("{:x}\r\n", 64 * 1024).into_bytes(),
            vec![b'['; 64 * 1024],
            b"\r\n".to_vec(),
        ]
        .concat();
        vec![
            Act::Send(head(
                "200 OK",
                &[
                    ("x-amzn-requestid", &rid(n)),
                    ("transfer-encoding", "chunked"),
                ],
            )),
            Act::Endless {
                chunk,
                every: Duration::ZERO,
            },
        ]
    })
    .await;
    let err = cancel(&small_limit_client(&server.url()))
        .await
        .unwrap_err();
    expect_too_large(&err);
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn deeply_nested_json_is_a_response_error() {
    let server =
        LoopbackServer::start(|n| Reply::aws_json(200, "[".repeat(1024 * 1024)).request_id(rid(n)))
            .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req-0"));
    let context = check_not_a_service_error(&err);
    assert!(context.contains("deep"), "{context}");
}

// ---------------------------------------------------------------------------------------
// Invalid UTF-8.

#[tokio::test]
async fn invalid_utf8_in_a_success_body_is_a_response_error() {
    let server = RawServer::start(|n| {
        let body = b"{\"environment\":{\"name\":\"pr\xff\xfeod\"}}";
        vec![Act::Send(json_response("200 OK", &rid(n), body))]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    let SdkError::ResponseError(response) = &err else {
        panic!("expected a response error: {err:?}")
    };
    assert_eq!(response.raw().status().as_u16(), 200);
    assert_eq!(err.request_id(), Some("req-0"));
    let context = check_not_a_service_error(&err);
    assert!(context.contains("UTF-8"), "{context}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn invalid_utf8_in_an_error_body_keeps_the_code_from_the_header() {
    let server = RawServer::start(|n| {
        let body = b"{\"message\":\"bad \xc3\x28 name\"}";
        let mut reply = head(
            "400 Bad Request",
            &[
                ("x-amzn-requestid", &rid(n)),
                ("x-amzn-errortype", "ValidationException"),
                ("content-length", &body.len().to_string()),
            ],
        );
        reply.extend_from_slice(body);
        vec![Act::Send(reply)]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(err.request_id(), Some("req-0"));
    expect_unhandled(err, 400);
}

#[tokio::test]
async fn invalid_utf8_in_headers_is_ignored() {
    let server = RawServer::start(|_| {
        let body =
            br#"{"__type":"com.amazonaws.proton#ResourceNotFoundException","message":"gone"}"#;
        let mut reply = b"HTTP/1.1 404 Not \xffFound\r\n".to_vec();
        reply.extend_from_slice(b"x-amzn-requestid: req-\xff\xfe\r\n");
        reply.extend_from_slice(b"x-amzn-errortype: \xffBroken\r\n");
        reply.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
        reply.extend_from_slice(body);
        vec![Act::Send(reply)]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    // The unreadable header values are skipped: the code comes from the body.
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.request_id(), None);
    assert!(err.into_service_error().is_resource_not_found_exception());
}

// ---------------------------------------------------------------------------------------
// Responses that never end.

fn timeouts(builder: aws_sdk_proton::config::Builder, timeouts: TimeoutConfig) -> Client {
    Client::from_conf(
        builder
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::ZERO)
                    .with_max_attempts(2),
            )
            .timeout_config(timeouts)
            .build(),
    )
}

#[tokio::test]
async fn no_response_at_all_hits_the_attempt_timeout() {
    let server = RawServer::always(vec![Act::Hang]).await;
    let client = timeouts(
        config(&server.url()),
        TimeoutConfig::builder()
            .operation_attempt_timeout(Duration::from_millis(150))
            .build(),
    );
    let started = Instant::now();
    let err = cancel(&client).await.unwrap_err();
    expect_timeout(&err, "attempt");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn trickling_body_hits_the_attempt_timeout_not_the_read_timeout() {
    // A byte every 20 ms: the read timeout (100 ms) never elapses, the attempt timeout does.
    let server = RawServer::always(vec![
        Act::Send(head(
            "200 OK",
            &[
                ("x-amzn-requestid", "trickle"),
                ("transfer-encoding", "chunked"),
            ],
        )),
        Act::Endless {
            chunk: b"1\r\n \r\n".to_vec(),
            every: Duration::from_millis(20),
        },
    ])
    .await;
    let client = timeouts(
        config(&server.url()),
        TimeoutConfig::builder()
            .read_timeout(Duration::from_millis(100))
            .operation_attempt_timeout(Duration::from_millis(300))
            .build(),
    );
    let started = Instant::now();
    let err = cancel(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    expect_timeout(&err, "attempt");
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn operation_timeout_bounds_everything() {
    let server = RawServer::always(vec![Act::Hang]).await;
    let client = timeouts(
        config(&server.url()),
        TimeoutConfig::builder()
            .operation_timeout(Duration::from_millis(200))
            .build(),
    );
    let started = Instant::now();
    let err = cancel(&client).await.unwrap_err();
    expect_timeout(&err, "operation");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.request_count(), 1);
}

// ---------------------------------------------------------------------------------------
// 503 forever: attempts are bounded and so is the retry quota.

#[tokio::test]
async fn service_unavailable_forever_stops_at_the_configured_attempts() {
    let server = RawServer::start(|n| {
        vec![Act::Send(json_response(
            "503 Service Unavailable",
            &rid(n),
            br#"{"__type":"ServiceUnavailableException","message":"down"}"#,
        ))]
    })
    .await;
    let client = Client::from_conf(
        config(&server.url())
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::ZERO)
                    .with_max_attempts(5),
            )
            .build(),
    );
    let err = cancel(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
    assert_eq!(err.request_id(), Some("req-4"));
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    for (i, head) in requests.iter().enumerate() {
        let expected = format!("amz-sdk-request: attempt={}; max=5", i + 1);
        assert!(head.to_lowercase().contains(&expected), "{head}");
    }
    expect_unhandled(err, 503);
}

#[tokio::test]
async fn service_unavailable_forever_with_backoff_is_cut_by_the_operation_timeout() {
    let server = RawServer::always(vec![Act::Send(json_response(
        "503 Service Unavailable",
        "busy",
        b"{}",
    ))])
    .await;
    let client = Client::from_conf(
        config(&server.url())
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_secs(20))
                    .with_max_attempts(10),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(300))
                    .build(),
            )
            .build(),
    );
    let err = cancel(&client).await.unwrap_err();
    expect_timeout(&err, "operation");
    // Jittered back-off of up to 20 s: the first retry rarely fits in 300 ms.
    assert!(server.request_count() <= 2, "{}", server.request_count());
}

#[tokio::test]
async fn retry_quota_runs_dry_across_calls_and_clones_and_refills_on_success() {
    let healthy = Arc::new(AtomicBool::new(false));
    let flag = healthy.clone();
    let server = LoopbackServer::start(move |n| {
        if flag.load(Ordering::SeqCst) {
            Reply::aws_json(200, ENV_BODY).request_id(rid(n))
        } else {
            Reply::aws_json(503, r#"{"__type":"ServiceUnavailableException"}"#).request_id(rid(n))
        }
    })
    .await;
    let shared = client(&server.url());
    let attempts = |before: usize| server.request_count() - before;

    // 500 tokens, 5 per retry, 2 retries per call: 50 calls get 3 attempts each, whichever
    // clone of the client makes them.
    for call in 0..50 {
        let before = server.request_count();
        let caller = if call % 2 == 0 {
            shared.clone()
        } else {
            shared.clone().clone()
        };
        let err = cancel(&caller).await.unwrap_err();
        assert_eq!(err.code(), Some("ServiceUnavailableException"));
        assert_eq!(attempts(before), 3, "call {call}");
    }
    // The quota is empty: no more retries.
    for _ in 0..3 {
        let before = server.request_count();
        let err = cancel(&shared).await.unwrap_err();
        assert_eq!(err.raw_response().unwrap().status().as_u16(), 503);
        assert_eq!(attempts(before), 1);
    }
    // A client with its own configuration has its own quota.
    let other = client(&server.url());
    let before = server.request_count();
    cancel(&other).await.unwrap_err();
    assert_eq!(attempts(before), 3);

    // Four successes return four tokens: still short of one retry (5).
    healthy.store(true, Ordering::SeqCst);
    for _ in 0..4 {
        cancel(&shared).await.unwrap();
    }
    healthy.store(false, Ordering::SeqCst);
    let before = server.request_count();
    cancel(&shared).await.unwrap_err();
    assert_eq!(attempts(before), 1);
    // One more success makes five: exactly one retry.
    healthy.store(true, Ordering::SeqCst);
    cancel(&shared).await.unwrap();
    healthy.store(false, Ordering::SeqCst);
    let before = server.request_count();
    cancel(&shared).await.unwrap_err();
    assert_eq!(attempts(before), 2);
}

// ---------------------------------------------------------------------------------------
// Redirects.

#[tokio::test]
async fn redirects_are_not_followed() {
    // Where the redirects point: it must never see a connection.
    let elsewhere = RawServer::always(vec![Act::Send(json_response(
        "200 OK",
        "elsewhere",
        ENV_BODY.as_bytes(),
    ))])
    .await;
    let target = format!("{}/", elsewhere.url());
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = target.clone();
        let server = RawServer::start(move |n| {
            vec![Act::Send(
                [head(
                    status,
                    &[
                        ("location", &location),
                        ("x-amzn-requestid", &rid(n)),
                        ("content-length", "0"),
                    ],
                )]
                .concat(),
            )]
        })
        .await;
        let err = cancel(&client(&server.url())).await.unwrap_err();
        let code: u16 = status[..3].parse().unwrap();
        assert_eq!(err.code(), None, "{status}");
        assert_eq!(err.request_id(), Some("req-0"), "{status}");
        assert_eq!(
            err.raw_response().unwrap().headers().get("location"),
            Some(target.as_str())
        );
        expect_unhandled(err, code);
        assert_eq!(server.request_count(), 1, "{status} must not be retried");
    }
    assert_eq!(elsewhere.connection_count(), 0);
}

// ---------------------------------------------------------------------------------------
// Wrong content type.

#[tokio::test]
async fn html_instead_of_json_is_a_response_error() {
    let server = LoopbackServer::start(|n| {
        Reply::new(200, "<html><body>Welcome to nginx!</body></html>")
            .header("content-type", "text/html")
            .request_id(rid(n))
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req-0"));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn xml_error_from_another_protocol_is_unhandled() {
    let body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
    let server = LoopbackServer::start(move |n| {
        Reply::new(400, body)
            .header("content-type", "text/xml")
            .request_id(rid(n))
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert_eq!(err.code(), None);
    assert_eq!(err.request_id(), Some("req-0"));
    assert_eq!(
        err.raw_response().unwrap().body().bytes(),
        Some(body.as_bytes())
    );
    expect_unhandled(err, 400);
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn html_503_from_a_load_balancer_is_retried_then_unhandled() {
    let server = LoopbackServer::start(|n| {
        Reply::new(503, "<html>503 Service Temporarily Unavailable</html>")
            .header("content-type", "text/html")
            .request_id(rid(n))
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert_eq!(err.code(), None);
    assert_eq!(err.request_id(), Some("req-2"));
    expect_unhandled(err, 503);
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn json_under_another_content_type_is_accepted() {
    // Like the AWS SDKs, the client does not insist on the awsJson media type.
    for content_type in ["application/json", "text/plain", "application/octet-stream"] {
        let server = LoopbackServer::start(move |n| {
            Reply::new(200, ENV_BODY)
                .header("content-type", content_type)
                .request_id(rid(n))
        })
        .await;
        let output = cancel(&client(&server.url())).await.unwrap();
        assert_eq!(output.environment().unwrap().name(), "prod");
        assert_eq!(output.request_id(), Some("req-0"));
    }
}

#[tokio::test]
async fn gzip_body_the_client_did_not_ask_for_is_a_response_error() {
    let server = RawServer::start(|n| {
        let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00";
        let mut reply = head(
            "200 OK",
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("content-encoding", "gzip"),
                ("x-amzn-requestid", &rid(n)),
                ("content-length", &gzip.len().to_string()),
            ],
        );
        reply.extend_from_slice(gzip);
        vec![Act::Send(reply)]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req-0"));
}

// ---------------------------------------------------------------------------------------
// Unusual but valid HTTP.

#[tokio::test]
async fn unusual_status_codes_are_unhandled_service_errors() {
    for (status, retried) in [
        ("999 Whatever", false),
        ("600 Beyond", false),
        ("418 I'm a teapot", false),
        ("504 Gateway Timeout", true),
        ("502 Bad Gateway", true),
    ] {
        let server =
            RawServer::start(move |n| vec![Act::Send(json_response(status, &rid(n), b"{}"))]).await;
        let err = cancel(&client(&server.url())).await.unwrap_err();
        let attempts = if retried { 3 } else { 1 };
        assert_eq!(server.request_count(), attempts, "{status}");
        assert_eq!(
            err.request_id(),
            Some(rid(attempts - 1).as_str()),
            "{status}"
        );
        expect_unhandled(err, status[..3].parse().unwrap());
    }
}

#[tokio::test]
async fn no_content_and_http_1_0_bodies_read_to_the_end_are_fine() {
    let server = RawServer::start(|n| match n {
        0 => vec![Act::Send(head(
            "204 No Content",
            &[("x-amzn-requestid", &rid(n))],
        ))],
        _ => {
            // HTTP/1.0 without Content-Length: the body ends when the connection closes.
            let mut reply = b"HTTP/1.0 200 OK\r\nx-amzn-requestid: req-1\r\n\r\n".to_vec();
            reply.extend_from_slice(ENV_BODY.as_bytes());
            vec![Act::Send(reply), Act::Close]
        }
    })
    .await;
    let client = client(&server.url());
    let empty = cancel(&client).await.unwrap();
    assert!(empty.environment().is_none());
    assert_eq!(empty.request_id(), Some("req-0"));
    let full = cancel(&client).await.unwrap();
    assert_eq!(full.environment().unwrap().name(), "prod");
    assert_eq!(full.request_id(), Some("req-1"));
}

// ---------------------------------------------------------------------------------------
// Bytes that are not HTTP.

#[tokio::test]
async fn a_server_that_does_not_speak_http_is_a_dispatch_failure() {
    for garbage in [
        &b"SSH-2.0-OpenSSH_9.6\r\n"[..],
        b"HTTP/1.1 abc Broken\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"HTTP/1.1 200 OK\r\nContent-Length: 12, 13\r\n\r\n{}",
    ] {
        let server = RawServer::always(vec![Act::Send(garbage.to_vec()), Act::Close]).await;
        let err = cancel(&client(&server.url())).await.unwrap_err();
        expect_dispatch_failure(&err);
        assert_eq!(err.request_id(), None);
        assert!(server.request_count() >= 1);
    }
}

#[tokio::test]
async fn an_enormous_response_head_is_a_dispatch_failure() {
    let server = RawServer::always(vec![
        Act::Send(head("200 OK", &[("x-padding", &"p".repeat(1024 * 1024))])),
        Act::Close,
    ])
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    expect_dispatch_failure(&err);
    assert!(server.request_count() >= 1);
}

#[tokio::test]
async fn informational_response_before_the_real_one_is_skipped() {
    let server = RawServer::start(|n| {
        vec![
            Act::Send(head("100 Continue", &[])),
            Act::Send(json_response("200 OK", &rid(n), ENV_BODY.as_bytes())),
        ]
    })
    .await;
    let output = cancel(&client(&server.url())).await.unwrap();
    assert_eq!(output.environment().unwrap().name(), "prod");
    assert_eq!(output.request_id(), Some("req-0"));
}

#[tokio::test]
async fn invalid_chunked_encoding_is_a_dispatch_failure() {
    let server = RawServer::start(|n| {
        let mut reply = head(
            "200 OK",
            &[
                ("x-amzn-requestid", &rid(n)),
                ("transfer-encoding", "chunked"),
            ],
        );
        reply.extend_from_slice(b"zz\r\n{}\r\n0\r\n\r\n");
        vec![Act::Send(reply), Act::Close]
    })
    .await;
    let err = cancel(&client(&server.url())).await.unwrap_err();
    expect_dispatch_failure(&err);
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn https_to_a_server_that_answers_in_plain_http_is_a_dispatch_failure() {
    // Answers every connection at once with plain HTTP, whatever the client sent.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream
                .write_all(&json_response("400 Bad Request", "plain", b"{}"))
                .await;
            let _ = stream.shutdown().await;
        }
    });
    let err = cancel(&client(&format!("https://{addr}")))
        .await
        .unwrap_err();
    let context = expect_dispatch_failure(&err);
    assert_eq!(err.request_id(), None, "{context}");
    server.abort();
}

#[tokio::test]
async fn tls_handshake_that_never_completes_hits_the_connect_timeout() {
    // The raw server waits for an HTTP request; a TLS ClientHello never ends one.
    let server = RawServer::always(vec![]).await;
    let client = Client::from_conf(
        config(&format!("https://{}", server.addr))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_millis(150))
                    .operation_timeout(Duration::from_secs(10))
                    .build(),
            )
            .build(),
    );
    let started = Instant::now();
    let err = cancel(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    let context = expect_dispatch_failure(&err);
    let SdkError::DispatchFailure(failure) = &err else {
        unreachable!()
    };
    assert!(failure.is_timeout(), "{context}");
    assert!(context.contains("connect timeout"), "{context}");
    assert_eq!(server.connection_count(), 3);
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}
