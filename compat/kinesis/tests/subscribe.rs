//! The program in `src/lib.rs` against a local server on 127.0.0.1 that plays Kinesis: the
//! request is checked (SigV4 signature, target, body) and the answer is an event stream of
//! `vnd.amazon.eventstream` frames: records until the stream ends, and records followed by a
//! modeled exception mid-stream.

use aws_sdk_kinesis::config::retry::RetryConfig;
use aws_sdk_kinesis::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_kinesis::error::ProvideErrorMetadata;
use aws_sdk_kinesis::types::error::SubscribeToShardEventStreamError;
use aws_sdk_kinesis::{Client, Config};
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use kinesis_compat::read_shard;
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};

const CONSUMER: &str = "arn:aws:kinesis:eu-central-1:123456789012:stream/clicks/consumer/reader:1";

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDKINESISTEST",
        "kinesis/SECRET/key",
        None,
        None,
        "compat",
    )
}

fn client(server: &LoopbackServer) -> Client {
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-central-1"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn frame(headers: &[(&'static str, &'static str)], payload: &str) -> Vec<u8> {
    let mut message = Message::new(payload.as_bytes().to_vec());
    for (name, value) in headers {
        message = message.add_header(Header::new(*name, HeaderValue::String((*value).into())));
    }
    let mut bytes = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut bytes).unwrap();
    bytes
}

/// An event with one record per (sequence number, base64 data) of `data`; `sequence` is the
/// continuation sequence number.
fn records(sequence: &str, data: &[(&str, &str)]) -> Vec<u8> {
    let records: Vec<String> = data
        .iter()
        .map(|(number, base64)| {
            format!(
                r#"{{"SequenceNumber":"{number}","ApproximateArrivalTimestamp":1700000000,"Data":"{base64}","PartitionKey":"user"}}"#
            )
        })
        .collect();
    let payload = format!(
        r#"{{"Records":[{}],"ContinuationSequenceNumber":"{sequence}","MillisBehindLatest":{}}}"#,
        records.join(","),
        if sequence == "2" { 0 } else { 1500 }
    );
    let payload: &'static str = Box::leak(payload.into_boxed_str());
    frame(
        &[
            (":message-type", "event"),
            (":event-type", "SubscribeToShardEvent"),
            (":content-type", "application/json"),
        ],
        payload,
    )
}

fn stream(frames: Vec<Vec<u8>>) -> Reply {
    let mut body = frame(
        &[
            (":message-type", "event"),
            (":event-type", "initial-response"),
        ],
        "{}",
    );
    for frame in frames {
        body.extend(frame);
    }
    Reply::new(200, body)
        .header("content-type", "application/vnd.amazon.eventstream")
        .request_id("req-kinesis-1")
}

fn check_request(server: &LoopbackServer) {
    let received = server.received();
    assert_eq!(received.len(), 1, "one request");
    let request = &received[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.path_and_query(), "/");
    assert_eq!(
        request.header("x-amz-target"),
        Some("Kinesis_20131202.SubscribeToShard")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    let body = request.body_str();
    assert!(
        body.contains(&format!(r#""ConsumerARN":"{CONSUMER}""#)),
        "{body}"
    );
    assert!(
        body.contains(r#""ShardId":"shardId-000000000001""#),
        "{body}"
    );
    assert!(
        body.contains(r#""StartingPosition":{"Type":"TRIM_HORIZON"}"#),
        "{body}"
    );
    verify_sigv4(
        request,
        server.addr(),
        "eu-central-1",
        "kinesis",
        &credentials(),
    );
}

#[tokio::test]
async fn records_arrive_until_the_subscription_ends() {
    let server = LoopbackServer::sequence(vec![stream(vec![
        records("1", &[("101", "Y2xpY2sx"), ("102", "Y2xpY2sy")]),
        records("2", &[("103", "Y2xpY2sz")]),
    ])])
    .await;
    let delivered = read_shard(&client(&server), CONSUMER, "shardId-000000000001")
        .await
        .expect("the subscription ends cleanly");
    assert_eq!(
        delivered.records,
        [
            ("101".to_string(), b"click1".to_vec()),
            ("102".to_string(), b"click2".to_vec()),
            ("103".to_string(), b"click3".to_vec()),
        ]
    );
    assert_eq!(delivered.continue_after.as_deref(), Some("2"));
    assert_eq!(delivered.millis_behind_latest, Some(0));
    check_request(&server);
}

#[tokio::test]
async fn a_modeled_exception_mid_stream_stops_the_subscription_with_its_type() {
    let server = LoopbackServer::sequence(vec![stream(vec![
        records("1", &[("109", "bGFzdA==")]),
        frame(
            &[
                (":message-type", "exception"),
                (":exception-type", "ResourceInUseException"),
                (":content-type", "application/json"),
            ],
            r#"{"message":"the consumer has another subscription to this shard"}"#,
        ),
    ])])
    .await;
    let stopped = read_shard(&client(&server), CONSUMER, "shardId-000000000001")
        .await
        .expect_err("the exception ends the subscription");
    assert_eq!(
        stopped.delivered.records,
        [("109".to_string(), b"last".to_vec())]
    );
    let error = stopped
        .error
        .downcast_ref::<SubscribeToShardEventStreamError>()
        .expect("the stream's own error type");
    assert!(error.is_resource_in_use_exception(), "{error:?}");
    assert_eq!(error.code(), Some("ResourceInUseException"));
    assert_eq!(
        error.message(),
        Some("the consumer has another subscription to this shard")
    );
    check_request(&server);
}

#[tokio::test]
async fn an_unknown_consumer_is_a_modeled_error_of_the_call() {
    let server = LoopbackServer::sequence(vec![Reply::new(
        400,
        r#"{"__type":"ResourceNotFoundException","message":"no such consumer"}"#,
    )
    .header("content-type", "application/x-amz-json-1.1")])
    .await;
    let stopped = read_shard(&client(&server), CONSUMER, "shardId-000000000001")
        .await
        .expect_err("the call fails");
    assert!(stopped.delivered.records.is_empty());
    let shown = format!("{:?}", stopped.error);
    assert!(shown.contains("ResourceNotFoundException"), "{shown}");
    check_request(&server);
}
