//! The Lambda bench client: `Invoke` with a 1 KiB JSON payload, written once against the
//! `aws-sdk-lambda` API and built twice, by `../lambda-ours` (a crate generated from the Lambda
//! model with only `Invoke`, renamed to `aws-sdk-lambda`) and `../lambda-theirs` (the official
//! crate). Same command line and `result` line as `../client/main.rs`.

#[path = "../client/harness.rs"]
mod harness;

use std::hint::black_box;

use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use aws_sdk_lambda::{Client, Config};

/// The request payload: a 1 KiB JSON document.
fn payload() -> Vec<u8> {
    let mut text = String::from(r#"{"records":["#);
    while text.len() < 1000 {
        text.push_str(r#""abcdefghijklmnopqrstuvwxyz","#);
    }
    text.push_str(r#""end"]}"#);
    text.into_bytes()
}

#[derive(Clone)]
struct Lambda {
    client: Client,
    payload: Blob,
}

impl harness::Call for Lambda {
    /// One invocation; panics unless the function's answer came back whole.
    async fn call(&self) {
        let output = self
            .client
            .invoke()
            .function_name("bench-function")
            .qualifier("live")
            .invocation_type(InvocationType::RequestResponse)
            .log_type(LogType::None)
            .payload(self.payload.clone())
            .send()
            .await
            .expect("the call succeeds");
        assert_eq!(output.status_code(), 200);
        assert_eq!(output.executed_version(), Some("7"));
        let answer = output.payload().expect("a payload");
        assert!(answer.as_ref().starts_with(b"{\"statusCode\":200"));
        black_box(output);
    }
}

fn main() {
    let args = harness::parse_args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .endpoint_url(&args.endpoint)
        .build();
    let client = Client::from_conf(config);
    let lambda = Lambda {
        client,
        payload: Blob::new(payload()),
    };
    harness::measure(&args, runtime, lambda);
}
