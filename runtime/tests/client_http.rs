//! End-to-end tests of `client::Handle` against a local HTTP/1.1 server on 127.0.0.1.
//!
//! The server records every request and answers according to a per-test script; the tests
//! check the SigV4 signature it received (by recomputing it with `aws-sigv4`), the
//! `amz-sdk-*` headers, retries, the retry quota, timeouts and failure mapping.

use smithy_runtime::client::{Handle, OperationRequest, ParseOutcome, ServiceInfo};
use smithy_runtime::config::timeout::TimeoutConfig;
use smithy_runtime::config::{Config, Credentials, Region};
use smithy_runtime::error::{
    DisplayErrorContext, ErrorMetadata, ProvideErrorMetadata, RequestId, SdkError,
};
use smithy_runtime::retry::{ErrorKind, ProvideErrorKind, RetryConfig, INITIAL_RETRY_TOKENS};
use smithy_runtime::test_util::{
    check_sigv4, error_chain, verify_sigv4, LoopbackServer, ReceivedRequest, Reply,
};
use smithy_runtime::transport::HttpResponse;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDTESTKEY";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY";
const SESSION_TOKEN: &str = "SESSIONTOKEN-do-not-print";
const SERVICE: ServiceInfo = ServiceInfo::new("proton", "Proton").with_version("0.1.0");

// ---------------------------------------------------------------------------------------
// The operation's error type, as generated code would define it (simplified).

#[derive(Debug)]
struct OpError(ErrorMetadata);

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.0.code().unwrap_or("Unknown"),
            self.0.message().unwrap_or("")
        )
    }
}

impl std::error::Error for OpError {}

impl ProvideErrorMetadata for OpError {
    fn meta(&self) -> &ErrorMetadata {
        &self.0
    }
}

impl ProvideErrorKind for OpError {
    fn retryable_error_kind(&self) -> Option<ErrorKind> {
        None
    }

    fn code(&self) -> Option<&str> {
        self.0.code()
    }
}

/// Parses `{"ok": ...}` bodies on success and awsJson errors otherwise.
fn parse(response: &HttpResponse) -> Result<String, ParseOutcome<OpError>> {
    let body = response.body().bytes().unwrap_or_default();
    if response.status().is_success() {
        let text = std::str::from_utf8(body).map_err(ParseOutcome::malformed)?;
        if !text.starts_with("{\"ok\":") {
            return Err(ParseOutcome::malformed(format!("unexpected body: {text}")));
        }
        Ok(text.to_owned())
    } else {
        let meta = smithy_runtime::protocol::aws_json::parse_error_metadata(
            response.status().as_u16(),
            response.headers().as_http_headers(),
            body,
        )
        .build();
        Err(ParseOutcome::ServiceError(OpError(meta)))
    }
}

// ---------------------------------------------------------------------------------------
// The local server.

/// A reply with the awsJson content type (`start` adds the request ID).
fn reply(status: u16, body: &'static str) -> Reply {
    Reply::aws_json(status, body)
}

/// Starts a `LoopbackServer` that answers request `n` with `script(n)`, adding the
/// request ID `req-<n>`.
async fn start(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> LoopbackServer {
    LoopbackServer::start(move |n| script(n).request_id(format!("req-{n}"))).await
}

// ---------------------------------------------------------------------------------------
// Helpers.

fn credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "test",
    )
}

/// A configuration for `server` that retries without waiting.
fn config(server: &LoopbackServer) -> smithy_runtime::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
}

fn request(endpoint_url: &str) -> OperationRequest {
    OperationRequest::new("ListServices", endpoint_url)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", "AwsProton20200720.ListServices")
        .body(r#"{"maxResults":10}"#)
}

/// Checks the signature the way the service would; see `smithy_runtime::test_util`.
fn verify_signature(received: &ReceivedRequest, addr: SocketAddr) {
    verify_sigv4(received, addr, "us-east-1", "proton", &credentials());
}

// ---------------------------------------------------------------------------------------
// Tests.

#[tokio::test]
async fn signs_and_retries_a_503() {
    let server = start(|n| match n {
        0 => reply(
            503,
            r#"{"__type":"ServiceUnavailableException","message":"busy"}"#,
        ),
        _ => reply(200, r#"{"ok":true}"#),
    })
    .await;
    let handle = Handle::new(config(&server).build(), SERVICE);

    let output = handle.invoke(request(&server.url()), parse).await.unwrap();
    assert_eq!(output, r#"{"ok":true}"#);

    let received = server.received();
    assert_eq!(received.len(), 2);
    for (i, r) in received.iter().enumerate() {
        verify_signature(r, server.addr());
        assert_eq!(r.method(), http::Method::POST);
        assert_eq!(r.path_and_query(), "/");
        assert_eq!(r.body().as_ref(), br#"{"maxResults":10}"#);
        assert_eq!(
            r.expect_header("amz-sdk-request"),
            format!("attempt={}; max=3", i + 1)
        );
        assert_eq!(r.expect_header("x-amz-security-token"), SESSION_TOKEN);
        assert_eq!(r.expect_header("host"), server.addr().to_string());
        assert!(r
            .expect_header("user-agent")
            .starts_with("smithy-rust-gen/"));
        assert!(r
            .expect_header("x-amz-user-agent")
            .contains("api/proton/0.1.0"));
        assert!(r.header("x-amz-content-sha256").is_none());
    }
    assert_eq!(
        received[0].expect_header("amz-sdk-invocation-id"),
        received[1].expect_header("amz-sdk-invocation-id")
    );
    // The successful retry returned its tokens.
    assert_eq!(handle.retry_quota().available(), INITIAL_RETRY_TOKENS);

    // A new operation gets a new invocation ID.
    handle.invoke(request(&server.url()), parse).await.unwrap();
    let received = server.received();
    assert_ne!(
        received[2].expect_header("amz-sdk-invocation-id"),
        received[0].expect_header("amz-sdk-invocation-id")
    );
    assert_eq!(
        received[2].expect_header("amz-sdk-request"),
        "attempt=1; max=3"
    );
}

#[tokio::test]
async fn throttling_stops_at_max_attempts_and_drains_the_quota() {
    let server = start(|_| {
        reply(
            429,
            r#"{"__type":"com.amazonaws.proton#ThrottlingException","message":"Rate exceeded"}"#,
        )
    })
    .await;
    let handle = Handle::new(config(&server).build(), SERVICE);

    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(err.message(), Some("Rate exceeded"));
    assert_eq!(err.request_id(), Some("req-2"));
    assert_eq!(
        error_chain(&err),
        "service error: ThrottlingException: Rate exceeded"
    );
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 429);
    assert_eq!(server.received().len(), 3);
    assert_eq!(handle.retry_quota().available(), INITIAL_RETRY_TOKENS - 10);

    // Each failing call takes 10 tokens; after 50 calls the quota is empty and calls stop
    // retrying.
    for _ in 1..50 {
        handle
            .invoke(request(&server.url()), parse)
            .await
            .unwrap_err();
    }
    assert_eq!(handle.retry_quota().available(), 0);
    assert_eq!(server.received().len(), 150);
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(server.received().len(), 151);
    assert_eq!(
        server.received()[150].expect_header("amz-sdk-request"),
        "attempt=1; max=3"
    );
}

#[tokio::test]
async fn attempt_timeout_gives_timeout_error() {
    let server = start(|_| reply(200, r#"{"ok":true}"#).delay(Duration::from_secs(5))).await;
    let config = config(&server)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::ZERO),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(Duration::from_millis(200))
                .build(),
        )
        .build();
    let handle = Handle::new(config, SERVICE);
    let started = std::time::Instant::now();
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_eq!(
        error_chain(&err),
        "request has timed out: the attempt timeout of 200ms elapsed"
    );
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    // Both attempts reached the server; the timed-out retry cost 10 tokens.
    assert_eq!(server.received().len(), 2);
    assert_eq!(handle.retry_quota().available(), INITIAL_RETRY_TOKENS - 10);
}

#[tokio::test]
async fn operation_timeout_covers_retries() {
    let server = start(|_| reply(503, "{}").delay(Duration::from_millis(100))).await;
    let config = config(&server)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(100)
                .with_initial_backoff(Duration::ZERO),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_millis(350))
                .build(),
        )
        .build();
    let handle = Handle::new(config, SERVICE);
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    assert_eq!(
        error_chain(&err),
        "request has timed out: the operation timeout of 350ms elapsed"
    );
    let attempts = server.received().len();
    assert!((3..=5).contains(&attempts), "{attempts}");
}

#[tokio::test]
async fn read_timeout_gives_dispatch_failure() {
    let server = start(|_| reply(200, r#"{"ok":true}"#).delay(Duration::from_secs(5))).await;
    let config = config(&server)
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .read_timeout(Duration::from_millis(150))
                .build(),
        )
        .build();
    let handle = Handle::new(config, SERVICE);
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    let SdkError::DispatchFailure(dispatch) = &err else {
        panic!("expected a dispatch failure: {err:?}")
    };
    assert!(dispatch.is_timeout());
    assert!(DisplayErrorContext(&err)
        .to_string()
        .contains("read timeout"));
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_failure() {
    // Reserve a port, then close it so nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);

    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
        .build();
    let handle = Handle::new(config, SERVICE);
    let err = handle
        .invoke(request(&format!("http://{addr}")), parse)
        .await
        .unwrap_err();
    let SdkError::DispatchFailure(dispatch) = &err else {
        panic!("expected a dispatch failure: {err:?}")
    };
    assert!(dispatch.is_io(), "{err:?}");
    assert!(
        error_chain(&err).starts_with("dispatch failure: I/O error: "),
        "{}",
        error_chain(&err)
    );
    assert!(err.raw_response().is_none());
    // I/O errors are retried: two retries of 5 tokens each.
    assert_eq!(handle.retry_quota().available(), INITIAL_RETRY_TOKENS - 10);
}

#[tokio::test]
async fn malformed_body_is_a_response_error() {
    let server = start(|_| reply(200, "<html>not json</html>")).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    let SdkError::ResponseError(response_error) = &err else {
        panic!("expected a response error: {err:?}")
    };
    assert_eq!(response_error.raw().status().as_u16(), 200);
    assert_eq!(
        response_error.raw().body().bytes(),
        Some(&b"<html>not json</html>"[..])
    );
    assert_eq!(
        error_chain(&err),
        "response error: unexpected body: <html>not json</html>"
    );
    assert_eq!(err.request_id(), Some("req-0"));
    // A 200 is not retried.
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn oversized_body_is_refused() {
    static BIG: &str =
        r#"{"ok":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#;
    let server = start(|_| reply(200, BIG)).await;
    let handle = Handle::new(config(&server).max_response_body_size(32).build(), SERVICE);
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    let SdkError::DispatchFailure(dispatch) = &err else {
        panic!("expected a dispatch failure: {err:?}")
    };
    assert!(dispatch.is_other());
    assert!(DisplayErrorContext(&err)
        .to_string()
        .contains("larger than the limit of 32 bytes"));
    assert_eq!(server.received().len(), 1);

    // At the limit it is accepted.
    let handle = Handle::new(
        config(&server).max_response_body_size(BIG.len()).build(),
        SERVICE,
    );
    assert_eq!(
        handle.invoke(request(&server.url()), parse).await.unwrap(),
        BIG
    );
}

#[tokio::test]
async fn nothing_secret_in_debug_or_display() {
    let server = start(|_| reply(400, r#"{"__type":"ValidationException","message":"bad"}"#)).await;
    let config = config(&server).build();
    let handle = Handle::new(config.clone(), SERVICE);
    let err = handle
        .invoke(request(&server.url()), parse)
        .await
        .unwrap_err();
    let shown = format!(
        "{config:?} {handle:?} {:?} {err:?} {err} {} {:?}",
        config.credentials_provider(),
        DisplayErrorContext(&err),
        credentials(),
    );
    for secret in [SECRET_KEY, SESSION_TOKEN] {
        assert!(!shown.contains(secret), "secret leaked: {shown}");
    }
    assert!(shown.contains(ACCESS_KEY));
}

#[tokio::test]
async fn tls_to_a_plain_http_server_fails_cleanly() {
    let server = start(|_| reply(200, r#"{"ok":true}"#)).await;
    let config = config(&server)
        .retry_config(RetryConfig::disabled())
        .build();
    let handle = Handle::new(config, SERVICE);
    let url = format!("https://{}", server.addr());
    let err = handle.invoke(request(&url), parse).await.unwrap_err();
    let SdkError::DispatchFailure(dispatch) = &err else {
        panic!("expected a dispatch failure: {err:?}")
    };
    assert!(dispatch.is_io(), "{err:?}");
}

/// Polls `future` to completion on the current thread, without any Tokio runtime.
fn block_on_without_tokio<F: std::future::Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park_timeout(Duration::from_millis(10));
    }
}

#[test]
fn outside_tokio_fails_instead_of_panicking() {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(5))
                .build(),
        )
        .build();
    let handle = Handle::new(config, SERVICE);
    let err =
        block_on_without_tokio(handle.invoke(request("https://127.0.0.1:9"), parse)).unwrap_err();
    let SdkError::DispatchFailure(dispatch) = &err else {
        panic!("expected a dispatch failure: {err:?}")
    };
    assert!(dispatch.is_user());
    assert!(DisplayErrorContext(&err)
        .to_string()
        .contains("Tokio runtime"));
}

#[tokio::test]
async fn the_signature_check_is_not_vacuous() {
    let server = start(|_| reply(200, r#"{"ok":true}"#)).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    handle.invoke(request(&server.url()), parse).await.unwrap();
    let received = &server.received()[0];
    let addr = server.addr();
    let creds = credentials();
    assert_eq!(
        check_sigv4(received, addr, "us-east-1", "proton", &creds),
        Ok(())
    );

    let problem = |region, service, creds: &Credentials| {
        check_sigv4(received, addr, region, service, creds).unwrap_err()
    };
    assert!(problem("us-west-2", "proton", &creds).starts_with("credential scope"));
    assert!(problem("us-east-1", "s3", &creds).starts_with("credential scope"));
    let wrong_secret = Credentials::new(
        ACCESS_KEY,
        "another-secret",
        Some(SESSION_TOKEN.to_owned()),
        None,
        "test",
    );
    assert!(problem("us-east-1", "proton", &wrong_secret).starts_with("signature mismatch"));
    let wrong_key = Credentials::new("AKIDOTHER", SECRET_KEY, None, None, "test");
    assert!(problem("us-east-1", "proton", &wrong_key).starts_with("credential scope"));
    let no_token = Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test");
    assert!(problem("us-east-1", "proton", &no_token).contains("without a session token"));
    // The request was signed for this server's address, not another one.
    let other: SocketAddr = "127.0.0.1:1".parse().unwrap();
    assert!(check_sigv4(received, other, "us-east-1", "proton", &creds)
        .unwrap_err()
        .starts_with("the Host header"));
}

#[tokio::test]
async fn loopback_server_records_requests_and_connections() {
    let server = LoopbackServer::sequence(vec![
        Reply::new(503, "busy").header("retry-after", "0"),
        Reply::aws_json(200, r#"{"ok":true}"#),
    ])
    .await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    handle.invoke(request(&server.url()), parse).await.unwrap();
    handle.invoke(request(&server.url()), parse).await.unwrap();
    let received = server.received();
    assert_eq!(server.request_count(), 3);
    assert_eq!(
        received.iter().map(|r| r.index()).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    // The 503 had a body the client read fully, so the connection was reused.
    assert!(received.iter().all(|r| r.connection() == 0), "{received:?}");
    assert_eq!(received[0].body_str(), r#"{"maxResults":10}"#);
    assert!(received[0].header("no-such-header").is_none());
}
