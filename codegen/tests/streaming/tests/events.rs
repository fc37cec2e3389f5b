//! Event streams through the generated clients: Lambda's `InvokeWithResponseStream`, Kinesis's
//! `SubscribeToShard` (awsJson, with an `initial-response`) and Bedrock Runtime's
//! `ConverseStream` against a local server that answers with
//! `vnd.amazon.eventstream` frames. The request's SigV4 signature is checked; events, a
//! modeled exception, an unmodeled error, a frame with a bad checksum, a stream cut in the
//! middle of a frame and a server that stops sending each come out as the official crates
//! give them: a typed event or a typed error, never a panic or a hang.

use aws_sdk_bedrockruntime::types::error::ConverseStreamOutputError;
use aws_sdk_bedrockruntime::types::{ContentBlockDelta, ConversationRole, ConverseStreamOutput};
use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::types::InvokeWithResponseStreamResponseEvent;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};
use std::time::Duration;

fn frame(headers: &[(&'static str, &'static str)], payload: &[u8]) -> Vec<u8> {
    let mut message = Message::new(payload.to_vec());
    for (name, value) in headers {
        message = message.add_header(Header::new(*name, HeaderValue::String((*value).into())));
    }
    let mut bytes = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut bytes).unwrap();
    bytes
}

fn event(event_type: &'static str, payload: &[u8]) -> Vec<u8> {
    frame(
        &[(":message-type", "event"), (":event-type", event_type)],
        payload,
    )
}

fn lambda_credentials() -> aws_sdk_lambda::config::Credentials {
    aws_sdk_lambda::config::Credentials::new("AKIDLAMBDA", "lambda/secret", None, None, "e2e")
}

fn lambda(server: &LoopbackServer, read_timeout: Option<Duration>) -> aws_sdk_lambda::Client {
    use aws_sdk_lambda::config::timeout::TimeoutConfig;
    let mut timeouts = TimeoutConfig::builder();
    if let Some(timeout) = read_timeout {
        timeouts = timeouts.read_timeout(timeout);
    }
    let config = aws_sdk_lambda::Config::builder()
        .behavior_version(aws_sdk_lambda::config::BehaviorVersion::latest())
        .region(aws_sdk_lambda::config::Region::new("eu-west-1"))
        .credentials_provider(lambda_credentials())
        .endpoint_url(server.url())
        .timeout_config(timeouts.build())
        .retry_config(aws_sdk_lambda::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_lambda::Client::from_conf(config)
}

/// `InvokeWithResponseStream` of function `f`, whose response head must parse.
async fn open_stream(
    client: &aws_sdk_lambda::Client,
) -> aws_sdk_lambda::operation::invoke_with_response_stream::InvokeWithResponseStreamOutput {
    client
        .invoke_with_response_stream()
        .function_name("f")
        .send()
        .await
        .expect("the response head parses")
}

fn stream_reply(body: Vec<u8>) -> Reply {
    Reply::new(200, body)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amz-executed-version", "7")
}

#[tokio::test]
async fn invoke_with_response_stream_yields_chunks_then_the_completion() {
    let mut body = event("PayloadChunk", b"hello, ");
    body.extend(event("PayloadChunk", b"world"));
    body.extend(event("InvokeComplete", br#"{"LogResult":"bG9ncw=="}"#));
    let server = LoopbackServer::sequence(vec![stream_reply(body)]).await;
    let mut output = lambda(&server, None)
        .invoke_with_response_stream()
        .function_name("my-function")
        .payload(aws_sdk_lambda::primitives::Blob::new(&b"{}"[..]))
        .send()
        .await
        .expect("the response head parses");
    assert_eq!(output.executed_version(), Some("7"));
    let mut text = Vec::new();
    let mut completed = None;
    while let Some(event) = output.event_stream.recv().await.expect("events decode") {
        match event {
            InvokeWithResponseStreamResponseEvent::PayloadChunk(chunk) => {
                text.extend_from_slice(chunk.payload().unwrap().as_ref())
            }
            InvokeWithResponseStreamResponseEvent::InvokeComplete(done) => completed = Some(done),
            other => panic!("unexpected event {other:?}"),
        }
    }
    assert_eq!(text, b"hello, world");
    assert_eq!(completed.unwrap().log_result(), Some("bG9ncw=="));

    let request = &server.received()[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.path_and_query(),
        "/2021-11-15/functions/my-function/response-streaming-invocations"
    );
    assert_eq!(request.body().as_ref(), b"{}");
    verify_sigv4(
        request,
        server.addr(),
        "eu-west-1",
        "lambda",
        &lambda_credentials(),
    );
}

#[tokio::test]
async fn an_unmodeled_error_message_is_a_service_error_with_its_code() {
    let mut body = event("PayloadChunk", b"partial");
    body.extend(frame(
        &[
            (":message-type", "error"),
            (":error-code", "ServiceException"),
            (":error-message", "the function crashed"),
        ],
        b"",
    ));
    let server = LoopbackServer::sequence(vec![stream_reply(body)]).await;
    let mut output = open_stream(&lambda(&server, None)).await;
    assert!(output.event_stream.recv().await.unwrap().is_some());
    let error = output.event_stream.recv().await.unwrap_err();
    assert!(matches!(error, SdkError::ServiceError(_)), "{error:?}");
    let error = error.into_service_error();
    assert_eq!(error.code(), Some("ServiceException"));
    assert_eq!(error.message(), Some("the function crashed"));
    assert!(output.event_stream.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_bad_checksum_or_a_cut_frame_is_a_response_error() {
    let mut damaged = event("PayloadChunk", b"payload");
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    let whole = event("PayloadChunk", b"complete");
    let mut cut = whole.clone();
    cut.extend(&whole[..whole.len() - 4]);
    let server = LoopbackServer::sequence(vec![stream_reply(damaged), stream_reply(cut)]).await;
    let client = lambda(&server, None);
    let mut output = open_stream(&client).await;
    let error = output.event_stream.recv().await.unwrap_err();
    assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
    let shown = aws_sdk_lambda::error::DisplayErrorContext(&error).to_string();
    assert!(shown.contains("does not decode"), "{shown}");

    let mut output = open_stream(&client).await;
    assert!(output.event_stream.recv().await.unwrap().is_some());
    let error = output.event_stream.recv().await.unwrap_err();
    let shown = aws_sdk_lambda::error::DisplayErrorContext(&error).to_string();
    assert!(
        shown.contains("ended in the middle of a message"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_server_that_stops_sending_is_a_timeout_not_a_hang() {
    let chunk = event("PayloadChunk", b"tick");
    let server = LoopbackServer::sequence(vec![Reply::repeated(200, chunk, 1000)
        .stall_after(3)
        .header("content-type", "application/vnd.amazon.eventstream")])
    .await;
    let mut output = open_stream(&lambda(&server, Some(Duration::from_millis(300)))).await;
    let started = std::time::Instant::now();
    for _ in 0..3 {
        assert!(output.event_stream.recv().await.unwrap().is_some());
    }
    match output.event_stream.recv().await {
        Err(SdkError::DispatchFailure(failure)) => assert!(failure.is_timeout(), "{failure:?}"),
        other => panic!("expected a read timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn converse_stream_yields_its_event_union_then_a_modeled_exception() {
    let credentials =
        aws_sdk_bedrockruntime::config::Credentials::new("AKIDBR", "br/secret", None, None, "e2e");
    let mut body = event("messageStart", br#"{"role":"assistant"}"#);
    body.extend(event(
        "contentBlockDelta",
        br#"{"contentBlockIndex":0,"delta":{"text":"Hi"}}"#,
    ));
    body.extend(frame(
        &[
            (":message-type", "exception"),
            (":exception-type", "throttlingException"),
        ],
        br#"{"message":"slow down"}"#,
    ));
    let server = LoopbackServer::sequence(vec![stream_reply(body)]).await;
    let config = aws_sdk_bedrockruntime::Config::builder()
        .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
        .region(aws_sdk_bedrockruntime::config::Region::new("us-east-1"))
        .credentials_provider(credentials.clone())
        .endpoint_url(server.url())
        .build();
    let client = aws_sdk_bedrockruntime::Client::from_conf(config);
    let mut output = client
        .converse_stream()
        .model_id("anthropic.claude-v2")
        .send()
        .await
        .expect("the response head parses");
    match output.stream.recv().await.unwrap() {
        Some(ConverseStreamOutput::MessageStart(start)) => {
            assert_eq!(start.role(), &ConversationRole::Assistant)
        }
        other => panic!("{other:?}"),
    }
    match output.stream.recv().await.unwrap() {
        Some(ConverseStreamOutput::ContentBlockDelta(delta)) => {
            assert_eq!(delta.content_block_index(), 0);
            assert_eq!(
                delta.delta(),
                Some(&ContentBlockDelta::Text("Hi".to_string()))
            );
        }
        other => panic!("{other:?}"),
    }
    let error = output.stream.recv().await.unwrap_err().into_service_error();
    match &error {
        ConverseStreamOutputError::ThrottlingException(throttled) => {
            assert_eq!(throttled.message(), Some("slow down"))
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_throttling_exception());
    assert!(output.stream.recv().await.unwrap().is_none());

    let request = &server.received()[0];
    assert_eq!(
        request.path_and_query(),
        "/model/anthropic.claude-v2/converse-stream"
    );
    verify_sigv4(request, server.addr(), "us-east-1", "bedrock", &credentials);
}

#[tokio::test]
async fn subscribe_to_shard_receives_records_then_a_modeled_exception() {
    use aws_sdk_kinesis::types::error::SubscribeToShardEventStreamError;
    use aws_sdk_kinesis::types::{
        ShardIteratorType, StartingPosition, SubscribeToShardEventStream,
    };
    let credentials =
        aws_sdk_kinesis::config::Credentials::new("AKIDKDS", "kinesis/secret", None, None, "e2e");
    let mut body = event("initial-response", b"{}");
    body.extend(event(
        "SubscribeToShardEvent",
        br#"{"Records":[{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ApproximateArrivalTimestamp":1700000000.5,"Data":"aGVsbG8=","PartitionKey":"pk-1"}],"ContinuationSequenceNumber":"49590338271490256608559692538361571095921575989136588898","MillisBehindLatest":0}"#,
    ));
    body.extend(frame(
        &[
            (":message-type", "exception"),
            (":exception-type", "ResourceInUseException"),
        ],
        br#"{"message":"another subscription is active"}"#,
    ));
    let server = LoopbackServer::sequence(vec![
        Reply::new(200, body).header("content-type", "application/vnd.amazon.eventstream")
    ])
    .await;
    let config = aws_sdk_kinesis::Config::builder()
        .behavior_version(aws_sdk_kinesis::config::BehaviorVersion::latest())
        .region(aws_sdk_kinesis::config::Region::new("us-east-2"))
        .credentials_provider(credentials.clone())
        .endpoint_url(server.url())
        .build();
    let client = aws_sdk_kinesis::Client::from_conf(config);
    let consumer = "arn:aws:kinesis:us-east-2:123456789012:stream/orders/consumer/app:1700000000";
    let mut output = client
        .subscribe_to_shard()
        .consumer_arn(consumer)
        .shard_id("shardId-000000000000")
        .starting_position(
            StartingPosition::builder()
                .r#type(ShardIteratorType::Latest)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("the response head parses");
    match output
        .event_stream
        .recv()
        .await
        .expect("the records decode")
    {
        Some(SubscribeToShardEventStream::SubscribeToShardEvent(records)) => {
            assert_eq!(records.millis_behind_latest(), 0);
            let record = &records.records()[0];
            assert_eq!(record.data().as_ref(), b"hello");
            assert_eq!(record.partition_key(), "pk-1");
            assert_eq!(
                record
                    .approximate_arrival_timestamp()
                    .map(|t| t.as_secs_f64()),
                Some(1_700_000_000.5)
            );
        }
        other => panic!("{other:?}"),
    }
    let error = output
        .event_stream
        .recv()
        .await
        .unwrap_err()
        .into_service_error();
    match &error {
        SubscribeToShardEventStreamError::ResourceInUseException(busy) => {
            assert_eq!(busy.message(), Some("another subscription is active"))
        }
        other => panic!("{other:?}"),
    }
    assert!(output.event_stream.recv().await.unwrap().is_none());

    let request = &server.received()[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.header("x-amz-target"),
        Some("Kinesis_20131202.SubscribeToShard")
    );
    let sent = request.body_str();
    assert!(
        sent.contains(&format!(r#""ConsumerARN":"{consumer}""#)),
        "{sent}"
    );
    assert!(
        sent.contains(r#""StartingPosition":{"Type":"LATEST"}"#),
        "{sent}"
    );
    verify_sigv4(request, server.addr(), "us-east-2", "kinesis", &credentials);
}
