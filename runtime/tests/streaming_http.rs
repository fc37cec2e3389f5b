//! End-to-end tests of streaming bodies (`Handle::call_streaming`,
//! `OperationRequest::streaming_body`) against a local HTTP/1.1 server on 127.0.0.1: SigV4 over
//! streamed uploads, replay and retries, `@requiresLength`, downloads read as they arrive, and
//! the timeouts around them.

use smithy_runtime::client::{Handle, OperationRequest, ServiceInfo};
use smithy_runtime::config::timeout::TimeoutConfig;
use smithy_runtime::config::{Config, Credentials, Region};
use smithy_runtime::error::{BoxError, ErrorMetadata, ProvideErrorMetadata, SdkError};
use smithy_runtime::primitives::{ByteStream, SdkBody};
use smithy_runtime::retry::{ErrorKind, ProvideErrorKind, RetryConfig};
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};
use smithy_runtime::transport::{ConnectorError, HttpResponse};
use std::fmt;
use std::time::Duration;

const SERVICE: ServiceInfo = ServiceInfo::new("lambda", "Lambda");

#[derive(Debug)]
struct OpError(ErrorMetadata);

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.code().unwrap_or("Unknown"))
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

fn parse_error(response: &HttpResponse) -> OpError {
    let meta = smithy_runtime::protocol::rest_json::parse_error_metadata(
        response.status().as_u16(),
        response.headers().as_http_headers(),
        response.body().bytes().unwrap_or_default(),
    )
    .build();
    OpError(meta)
}

/// The output of a streaming operation: one header and the body.
struct Download {
    content_type: Option<String>,
    body: ByteStream,
}

fn parse_download(
    _status: u16,
    headers: &http::HeaderMap,
    body: ByteStream,
) -> Result<Download, BoxError> {
    Ok(Download {
        content_type: headers
            .get("content-type")
            .map(|value| value.to_str().map(str::to_owned))
            .transpose()?,
        body,
    })
}

fn credentials() -> Credentials {
    Credentials::new("AKIDSTREAM", "streaming-secret", None, None, "test")
}

fn config(server: &LoopbackServer) -> smithy_runtime::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
}

fn upload(endpoint: &str, body: ByteStream) -> OperationRequest {
    OperationRequest::new("Upload", endpoint)
        .with_method(http::Method::PUT)
        .path("/upload")
        .header("content-type", "application/octet-stream")
        .streaming_body(body)
}

/// A body that yields `chunks` one by one and cannot be read again.
fn one_shot(chunks: &[&'static str]) -> ByteStream {
    struct Chunks(std::collections::VecDeque<bytes::Bytes>);
    impl hyper::body::Body for Chunks {
        type Data = bytes::Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, Self::Error>>>
        {
            std::task::Poll::Ready(self.0.pop_front().map(|c| Ok(hyper::body::Frame::data(c))))
        }
    }
    let chunks = chunks
        .iter()
        .map(|c| bytes::Bytes::from_static(c.as_bytes()));
    ByteStream::new(SdkBody::from_body_1_x(Chunks(chunks.collect())))
}

async fn send_upload(
    handle: &Handle,
    request: OperationRequest,
) -> Result<String, SdkError<OpError, HttpResponse>> {
    handle
        .invoke(request, |response: &HttpResponse| {
            if response.status().is_success() {
                Ok(
                    String::from_utf8_lossy(response.body().bytes().unwrap_or_default())
                        .into_owned(),
                )
            } else {
                Err(smithy_runtime::client::ParseOutcome::ServiceError(
                    parse_error(response),
                ))
            }
        })
        .await
}

/// Sends `request`, which must fail as a construction failure whose message contains
/// `expected`, with nothing sent.
async fn fails_before_sending(
    handle: &Handle,
    server: &LoopbackServer,
    request: OperationRequest,
    expected: &str,
) {
    let err = send_upload(handle, request).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let message = smithy_runtime::test_util::error_chain(&err);
    assert!(message.contains(expected), "{message}");
    assert_eq!(server.request_count(), 0);
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

#[tokio::test]
async fn a_replayable_upload_is_hashed_signed_and_retried() {
    let server = LoopbackServer::sequence(vec![
        Reply::new(503, r#"{"code":"ServiceException"}"#),
        Reply::new(200, "stored"),
    ])
    .await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let data = vec![7u8; 100_000];
    let output = send_upload(
        &handle,
        upload(&server.url(), ByteStream::from(data.clone())),
    )
    .await
    .unwrap();
    assert_eq!(output, "stored");
    let received = server.received();
    assert_eq!(received.len(), 2, "the 503 is retried with the same body");
    for request in &received {
        assert_eq!(request.body().as_ref(), data.as_slice());
        assert_eq!(request.expect_header("content-length"), "100000");
        assert_eq!(
            request.expect_header("x-amz-content-sha256"),
            sha256_hex(&data)
        );
        verify_sigv4(
            request,
            server.addr(),
            "us-east-1",
            "lambda",
            &credentials(),
        );
    }
}

#[tokio::test]
async fn a_file_upload_streams_from_the_file_and_replays() {
    let dir = std::env::temp_dir().join(format!("smithy-runtime-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("payload.bin");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let server = LoopbackServer::sequence(vec![Reply::new(500, "{}"), Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let body = ByteStream::from_path(&path).await.unwrap();
    send_upload(&handle, upload(&server.url(), body))
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.body().as_ref(), data.as_slice());
        verify_sigv4(
            request,
            server.addr(),
            "us-east-1",
            "lambda",
            &credentials(),
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_one_shot_upload_goes_chunked_unsigned_and_is_not_retried() {
    let server = LoopbackServer::sequence(vec![Reply::new(503, "{}"), Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let err = send_upload(&handle, upload(&server.url(), one_shot(&["ab", "cd", "e"])))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    let received = server.received();
    assert_eq!(received.len(), 1, "a body read once cannot be sent again");
    let request = &received[0];
    assert_eq!(request.body().as_ref(), b"abcde");
    assert_eq!(request.header("content-length"), None);
    assert_eq!(request.expect_header("transfer-encoding"), "chunked");
    assert_eq!(
        request.expect_header("x-amz-content-sha256"),
        "UNSIGNED-PAYLOAD"
    );
    verify_sigv4(
        request,
        server.addr(),
        "us-east-1",
        "lambda",
        &credentials(),
    );
}

#[tokio::test]
async fn unsigned_payload_signs_without_the_hash() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = upload(&server.url(), ByteStream::from_static(b"hello")).unsigned_payload();
    send_upload(&handle, request).await.unwrap();
    let received = &server.received()[0];
    assert_eq!(
        received.expect_header("x-amz-content-sha256"),
        "UNSIGNED-PAYLOAD"
    );
    assert_eq!(received.expect_header("content-length"), "5");
    verify_sigv4(
        received,
        server.addr(),
        "us-east-1",
        "lambda",
        &credentials(),
    );
}

#[tokio::test]
async fn requires_length_fails_before_sending_a_stream_of_unknown_length() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = upload(&server.url(), one_shot(&["x"])).requires_length();
    fails_before_sending(
        &handle,
        &server,
        request,
        "operation `Upload` needs the length",
    )
    .await;

    // A stream that knows its length is sent.
    let request = upload(&server.url(), ByteStream::from_static(b"sized")).requires_length();
    send_upload(&handle, request).await.unwrap();
    assert_eq!(server.received()[0].expect_header("content-length"), "5");
}

#[tokio::test]
async fn glacier_checksums_are_a_tree_hash_and_the_signed_sha256() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok"), Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    // Two and a half 1 MiB leaves: the tree hash is H(H(A B) C), not the plain SHA-256.
    let body: Vec<u8> = (0..(5 << 19)).map(|i: u32| (i % 253) as u8).collect();
    let leaf = |range: std::ops::Range<usize>| {
        use sha2::Digest;
        sha2::Sha256::digest(&body[range])
    };
    let (a, b, c) = (
        leaf(0..1 << 20),
        leaf(1 << 20..2 << 20),
        leaf(2 << 20..body.len()),
    );
    let combine = |left: &[u8], right: &[u8]| {
        use sha2::Digest;
        sha2::Sha256::new()
            .chain_update(left)
            .chain_update(right)
            .finalize()
    };
    let tree = hex::encode(combine(&combine(&a, &b), &c));
    let request = upload(&server.url(), ByteStream::from(body.clone())).glacier_checksums();
    send_upload(&handle, request).await.unwrap();
    let received = &server.received()[0];
    assert_eq!(received.expect_header("x-amz-sha256-tree-hash"), tree);
    assert_eq!(
        received.expect_header("x-amz-content-sha256"),
        sha256_hex(&body)
    );
    assert_eq!(received.body().as_ref(), body.as_slice());
    verify_sigv4(
        received,
        server.addr(),
        "us-east-1",
        "lambda",
        &credentials(),
    );

    // A tree hash the caller set is kept.
    let request = upload(&server.url(), ByteStream::from_static(b"abc"))
        .header("x-amz-sha256-tree-hash", "given")
        .glacier_checksums();
    send_upload(&handle, request).await.unwrap();
    let received = &server.received()[1];
    assert_eq!(received.expect_header("x-amz-sha256-tree-hash"), "given");
    assert_eq!(
        received.expect_header("x-amz-content-sha256"),
        sha256_hex(b"abc")
    );
}

#[tokio::test]
async fn glacier_checksums_of_a_body_read_once_must_be_given() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = upload(&server.url(), one_shot(&["once"])).glacier_checksums();
    fails_before_sending(&handle, &server, request, "set the `checksum`").await;
}

#[tokio::test]
async fn a_download_is_read_as_it_arrives_after_errors_are_retried() {
    let server = LoopbackServer::sequence(vec![
        Reply::new(500, r#"{"code":"ServiceException"}"#)
            .header("x-amzn-errortype", "ServiceException"),
        Reply::repeated(200, vec![b'z'; 64 * 1024], 16).header("content-type", "audio/mpeg"),
    ])
    .await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = OperationRequest::new("Download", server.url())
        .with_method(http::Method::GET)
        .path("/download");
    let mut output = handle
        .clone()
        .call_streaming(
            Ok::<_, BoxError>(()),
            |_, ()| Ok(request),
            parse_download,
            parse_error,
        )
        .await
        .unwrap();
    assert_eq!(output.content_type.as_deref(), Some("audio/mpeg"));
    let mut total = 0;
    let mut chunks = 0;
    while let Some(chunk) = output.body.next().await {
        total += chunk.unwrap().len();
        chunks += 1;
    }
    assert_eq!(total, 16 * 64 * 1024);
    assert!(
        chunks >= 16,
        "the body arrives in pieces, not at once: {chunks}"
    );
    assert_eq!(server.request_count(), 2);
    verify_sigv4(
        &server.received()[1],
        server.addr(),
        "us-east-1",
        "lambda",
        &credentials(),
    );
}

#[tokio::test]
async fn an_error_response_of_a_streaming_operation_is_parsed() {
    let server =
        LoopbackServer::sequence(vec![Reply::new(404, r#"{"message":"no such function"}"#)
            .header("x-amzn-errortype", "ResourceNotFoundException")])
        .await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = OperationRequest::new("Download", server.url()).with_method(http::Method::GET);
    let err = handle
        .call_streaming(
            Ok::<_, BoxError>(()),
            |_, ()| Ok(request),
            parse_download,
            parse_error,
        )
        .await
        .err()
        .unwrap();
    let SdkError::ServiceError(service) = &err else {
        panic!("expected a service error: {err:?}");
    };
    assert_eq!(service.err().0.code(), Some("ResourceNotFoundException"));
    assert_eq!(service.err().0.message(), Some("no such function"));
    assert_eq!(service.raw().status().as_u16(), 404);
}

#[tokio::test]
async fn the_operation_timeout_ends_with_the_head_and_a_stall_is_a_read_timeout() {
    let server = LoopbackServer::sequence(vec![
        Reply::repeated(200, vec![b'a'; 1024], 6),
        Reply::repeated(200, vec![b'b'; 1024], 6).stall_after(2),
    ])
    .await;
    let timeouts = TimeoutConfig::builder()
        .operation_timeout(Duration::from_millis(300))
        .read_timeout(Duration::from_millis(200))
        .build();
    let handle = Handle::new(config(&server).timeout_config(timeouts).build(), SERVICE);

    // Reading slowly, for longer than the operation timeout, but never stalling for longer
    // than the read timeout.
    let request = OperationRequest::new("Download", server.url()).with_method(http::Method::GET);
    let mut slow = handle
        .clone()
        .call_streaming(
            Ok::<_, BoxError>(()),
            |_, ()| Ok(request),
            parse_download,
            parse_error,
        )
        .await
        .unwrap();
    let mut total = 0;
    while let Some(chunk) = slow.body.next().await {
        total += chunk.unwrap().len();
        tokio::time::sleep(Duration::from_millis(80)).await;
    }
    assert_eq!(total, 6 * 1024);

    // A server that stops sending: the read after the last piece fails, typed, in time.
    let request = OperationRequest::new("Download", server.url()).with_method(http::Method::GET);
    let mut stalled = handle
        .call_streaming(
            Ok::<_, BoxError>(()),
            |_, ()| Ok(request),
            parse_download,
            parse_error,
        )
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut received = 0;
    let err = loop {
        match stalled.body.next().await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(err)) => break err,
            None => panic!("the stalled body ended"),
        }
    };
    assert_eq!(received, 2 * 1024);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let connector = smithy_runtime::test_util::error_chain(&err);
    assert!(connector.contains("read timeout"), "{connector}");
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&err);
    let mut typed = None;
    while let Some(current) = source {
        if let Some(found) = current.downcast_ref::<ConnectorError>() {
            typed = Some(found);
        }
        source = current.source();
    }
    assert!(typed.expect("a ConnectorError in the chain").is_timeout());
}

/// Marshals text events, and their errors, for the event-stream upload tests.
#[derive(Debug)]
struct TextEvents;

impl smithy_runtime::event_stream::MarshallMessage for TextEvents {
    type Input = String;
    fn marshall(
        &self,
        text: String,
    ) -> Result<smithy_runtime::event_stream::Message, smithy_runtime::event_stream::UnmarshalError>
    {
        Ok(smithy_runtime::event_stream::marshal::event(
            "text",
            Some("text/plain"),
            text.into_bytes(),
        ))
    }
}

#[derive(Debug)]
struct TextErrors;

impl smithy_runtime::event_stream::MarshallMessage for TextErrors {
    type Input = OpError;
    fn marshall(
        &self,
        _error: OpError,
    ) -> Result<smithy_runtime::event_stream::Message, smithy_runtime::event_stream::UnmarshalError>
    {
        Err(smithy_runtime::event_stream::marshal::marshal_error(
            "an unmodeled error",
        ))
    }
}

fn text_events(texts: &[&str]) -> smithy_runtime::event_stream::EventStreamSender<String, OpError> {
    let items: Vec<Result<String, OpError>> = texts.iter().map(|t| Ok(t.to_string())).collect();
    futures_util::stream::iter(items).into()
}

#[tokio::test]
async fn an_event_stream_upload_signs_each_message_in_a_chain_and_is_not_retried() {
    let server = LoopbackServer::sequence(vec![Reply::new(503, "{}"), Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = OperationRequest::new("Publish", server.url())
        .path("/events")
        .event_stream(
            text_events(&["one", "two", "three"]),
            TextEvents,
            TextErrors,
        );
    let err = send_upload(&handle, request).await.unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    let received = server.received();
    assert_eq!(received.len(), 1, "an event stream is sent once");
    let request = &received[0];
    assert_eq!(
        request.expect_header("content-type"),
        "application/vnd.amazon.eventstream"
    );
    assert_eq!(
        request.expect_header("x-amz-content-sha256"),
        "STREAMING-AWS4-HMAC-SHA256-EVENTS"
    );
    assert_eq!(request.expect_header("transfer-encoding"), "chunked");
    verify_sigv4(
        request,
        server.addr(),
        "us-east-1",
        "lambda",
        &credentials(),
    );
    let messages = smithy_runtime::test_util::verify_event_stream_signatures(
        request,
        "us-east-1",
        "lambda",
        &credentials(),
    );
    let texts: Vec<&[u8]> = messages.iter().map(|m| &m.payload()[..]).collect();
    assert_eq!(texts, [&b"one"[..], b"two", b"three"]);

    // The checker finds a message signed out of its chain: the first one of the body dropped.
    let mut tampered = request.body().to_vec();
    let first_len = u32::from_be_bytes(tampered[..4].try_into().unwrap()) as usize;
    tampered.drain(..first_len);
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok")]).await;
    let replay = OperationRequest::new("Publish", server.url())
        .path("/events")
        .auth_schemes(&[])
        .body(tampered);
    let mut headers = request.headers().clone();
    headers.remove("content-length");
    let _ = send_upload(
        &Handle::new(
            Config::builder().endpoint_url(server.url()).build(),
            SERVICE,
        ),
        replay.with_headers(headers),
    )
    .await;
    let replayed = &server.received()[0];
    let problem = smithy_runtime::test_util::check_event_stream_signatures(
        replayed,
        "us-east-1",
        "lambda",
        &credentials(),
    )
    .unwrap_err();
    assert!(
        problem.contains("message 0: signature mismatch"),
        "{problem}"
    );
}

#[tokio::test]
async fn an_unsigned_event_stream_sends_bare_messages_without_an_end_frame() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok")]).await;
    let handle = Handle::new(
        Config::builder().endpoint_url(server.url()).build(),
        SERVICE,
    );
    let request = OperationRequest::new("Publish", server.url())
        .path("/events")
        .auth_schemes(&[])
        .event_stream(text_events(&["a", "b"]), TextEvents, TextErrors);
    assert_eq!(send_upload(&handle, request).await.unwrap(), "ok");
    let received = &server.received()[0];
    assert_eq!(received.header("authorization"), None);
    let mut body = &received.body()[..];
    let mut payloads = Vec::new();
    while !body.is_empty() {
        let message = aws_smithy_eventstream::frame::read_message_from(&mut body).unwrap();
        assert!(
            message
                .headers()
                .iter()
                .all(|h| h.name().as_str() != ":chunk-signature"),
            "unsigned"
        );
        payloads.push(message.payload().to_vec());
    }
    assert_eq!(payloads, [b"a".to_vec(), b"b".to_vec()]);
}

#[tokio::test]
async fn an_http2_event_stream_goes_over_http2_with_its_signatures() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, "ok")]).await;
    let handle = Handle::new(config(&server).build(), SERVICE);
    let request = OperationRequest::new("Publish", server.url())
        .path("/events")
        .http2()
        .event_stream(text_events(&["h2", "events"]), TextEvents, TextErrors);
    assert_eq!(send_upload(&handle, request).await.unwrap(), "ok");
    let received = &server.received()[0];
    assert_eq!(received.version(), http::Version::HTTP_2);
    // HTTP/2 frames the body itself: no chunked encoding, no length.
    assert_eq!(received.header("transfer-encoding"), None);
    verify_sigv4(
        received,
        server.addr(),
        "us-east-1",
        "lambda",
        &credentials(),
    );
    let messages = smithy_runtime::test_util::verify_event_stream_signatures(
        received,
        "us-east-1",
        "lambda",
        &credentials(),
    );
    assert_eq!(messages.len(), 2);
    assert_eq!(&messages[1].payload()[..], b"events");

    // A plain request still goes over HTTP/1.1 from the same client.
    let plain = upload(&server.url(), ByteStream::from_static(b"x"));
    send_upload(&handle, plain).await.unwrap();
    assert_eq!(server.received()[1].version(), http::Version::HTTP_11);
}
