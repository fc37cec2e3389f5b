//! The reference of the download bench: what `../polly/main.rs` does, written with hyper alone.
//! Each call posts the same JSON to `/v1/speech` through hyper-util's pooled client and reads
//! the 32 MiB answer frame by frame, with no signing, no retries, no timeouts and no parsing of
//! the head: the floor a generated client's `ByteStream` download is measured against. Same
//! command line and `result` line as `../client/main.rs`.

#[path = "../client/harness.rs"]
mod harness;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The bytes of audio the bench server sends per call.
const DOWNLOAD_BYTES: usize = 32 << 20;

/// What `SynthesizeSpeech` sends for `../polly/main.rs`'s call.
const REQUEST: &str = r#"{"OutputFormat":"mp3","Text":"bench","VoiceId":"Joanna"}"#;

#[derive(Clone)]
struct PlainHyper {
    client: Client<HttpConnector, Full<Bytes>>,
    uri: hyper::Uri,
}

impl harness::Call for PlainHyper {
    /// One response read to its end; panics unless every byte came.
    async fn call(&self) {
        let request = hyper::Request::post(self.uri.clone())
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from_static(REQUEST.as_bytes())))
            .expect("a valid request");
        let response = self
            .client
            .request(request)
            .await
            .expect("the speech starts");
        assert!(response.status().is_success());
        let mut body = response.into_body();
        let mut bytes = 0;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.expect("the audio arrives").into_data() {
                bytes += data.len();
            }
        }
        assert_eq!(bytes, DOWNLOAD_BYTES);
    }
}

fn main() {
    let args = harness::parse_args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let uri = format!("{}/v1/speech", args.endpoint.trim_end_matches('/'))
        .parse()
        .expect("a valid endpoint");
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let client = {
        // hyper-util's client spawns its connection tasks, so it is built inside the runtime.
        let _entered = runtime.enter();
        Client::builder(TokioExecutor::new()).build(connector)
    };
    harness::measure(&args, runtime, PlainHyper { client, uri });
}
