//! The loopback server of `cargo xtask bench`: HTTP/1.1, and HTTP/2 for clients that open with
//! its preface, on 127.0.0.1, a free port printed on the first line of stdout (`listening on
//! 127.0.0.1:PORT`). Every request is read in full and answered: a Lambda `Invoke` (`POST
//! /2015-03-31/functions/...`) with a 1 KiB function result, a Kinesis `SubscribeToShard` with
//! an event stream of `EVENTS` events of one 1 KiB record each (after its `initial-response`),
//! a Polly `SynthesizeSpeech` (`POST /v1/speech`) with `DOWNLOAD_BYTES` of audio, anything
//! else with a `CancelEnvironmentDeployment` response whose `Environment` has every member
//! set. One thread, so it takes as little of the machine as it can.

use std::convert::Infallible;
use std::io::Write;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;

/// The response body: an `Environment` with every member set.
pub const BODY: &str = include_str!("../body.json");

/// What a function invoked through Lambda answers: about 1 KiB of JSON.
fn lambda_body() -> Bytes {
    let mut text = String::from(r#"{"statusCode":200,"body":["#);
    while text.len() < 1000 {
        text.push_str(r#""0123456789abcdefghijklmnop","#);
    }
    text.push_str(r#""end"]}"#);
    Bytes::from(text)
}

/// The audio of one `SynthesizeSpeech` response: 32 MiB, enough that the per-call costs (the
/// request, its signature, the response head) are small beside reading the body.
const DOWNLOAD_BYTES: usize = 32 << 20;

/// The `SynthesizeSpeech` body, made once; each response hands hyper a clone of it (a reference
/// count), so the server costs no copy of its own.
fn audio() -> Bytes {
    Bytes::from(
        (0..DOWNLOAD_BYTES)
            .map(|n| (n % 251) as u8)
            .collect::<Vec<u8>>(),
    )
}

/// The events of one `SubscribeToShard` response.
const EVENTS: usize = 100;

/// One `vnd.amazon.eventstream` message with string headers, encoded by the AWS SDK's codec.
fn message(headers: &[(&'static str, &'static str)], payload: &[u8]) -> Vec<u8> {
    use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
    let mut message = Message::new(payload.to_vec());
    for (name, value) in headers {
        message = message.add_header(Header::new(*name, HeaderValue::String((*value).into())));
    }
    let mut out = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut out)
        .expect("the message encodes");
    out
}

/// A `SubscribeToShard` response body: the `initial-response`, then `EVENTS` events.
fn shard_events() -> Bytes {
    let mut body = message(
        &[
            (":message-type", "event"),
            (":event-type", "initial-response"),
        ],
        b"{}",
    );
    // 768 bytes of data are 1 KiB once base64-encoded.
    let data = "QUJD".repeat(256);
    for n in 0..EVENTS {
        let payload = format!(
            r#"{{"Records":[{{"SequenceNumber":"{n:020}","ApproximateArrivalTimestamp":1.7e9,"Data":"{data}","PartitionKey":"bench"}}],"ContinuationSequenceNumber":"{n:020}","MillisBehindLatest":0}}"#
        );
        body.extend(message(
            &[
                (":message-type", "event"),
                (":event-type", "SubscribeToShardEvent"),
                (":content-type", "application/json"),
            ],
            payload.as_bytes(),
        ));
    }
    Bytes::from(body)
}

/// The bodies made once at start and shared by every response.
#[derive(Clone)]
struct Bodies {
    shard: Bytes,
    audio: Bytes,
}

async fn answer(
    request: Request<Incoming>,
    bodies: Bodies,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let polly = request.uri().path() == "/v1/speech";
    let lambda = request.uri().path().starts_with("/2015-03-31/functions/");
    let kinesis = request
        .headers()
        .get("x-amz-target")
        .is_some_and(|target| target == "Kinesis_20131202.SubscribeToShard");
    // Read the whole request, as a real server would.
    let ok = request.into_body().collect().await.is_ok();
    let status = if ok { 200 } else { 400 };
    if polly {
        let response = Response::builder()
            .status(status)
            .header("content-type", "audio/mpeg")
            .header("x-amzn-requestcharacters", "5")
            .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000004")
            .body(Full::new(bodies.audio))
            .expect("a valid response");
        return Ok(response);
    }
    if kinesis {
        let response = Response::builder()
            .status(status)
            .header("content-type", "application/vnd.amazon.eventstream")
            .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000003")
            .body(Full::new(bodies.shard))
            .expect("a valid response");
        return Ok(response);
    }
    if lambda {
        let response = Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .header("x-amz-executed-version", "7")
            .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000002")
            .body(Full::new(lambda_body()))
            .expect("a valid response");
        return Ok(response);
    }
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000001")
        .body(Full::new(Bytes::from_static(BODY.as_bytes())))
        .expect("a valid response");
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {addr}").expect("stdout");
    stdout.flush().expect("stdout");
    let bodies = Bodies {
        shard: shard_events(),
        audio: audio(),
    };
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let bodies = bodies.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(request, bodies.clone()));
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
