//! The download bench client: Polly `SynthesizeSpeech`, each call one response whose 32 MiB
//! `AudioStream` is read chunk by chunk (`ByteStream::next`) and dropped, written against the
//! `aws-sdk-polly` API and built by `../polly-ours` (a crate generated from the Polly model with
//! only `SynthesizeSpeech`, renamed to `aws-sdk-polly`). The reference it is compared with is
//! `../download-hyper`, a plain hyper client reading the same body. Same command line and
//! `result` line as `../client/main.rs`.

#[path = "../client/harness.rs"]
mod harness;

use aws_sdk_polly::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_polly::types::{OutputFormat, VoiceId};
use aws_sdk_polly::{Client, Config};

/// The bytes of audio the bench server sends per call.
const DOWNLOAD_BYTES: usize = 32 << 20;

#[derive(Clone)]
struct Polly {
    client: Client,
}

impl harness::Call for Polly {
    /// One response read to its end; panics unless every byte came.
    async fn call(&self) {
        let mut output = self
            .client
            .synthesize_speech()
            .output_format(OutputFormat::Mp3)
            .text("bench")
            .voice_id(VoiceId::Joanna)
            .send()
            .await
            .expect("the speech starts");
        let mut bytes = 0;
        while let Some(chunk) = output.audio_stream.next().await {
            bytes += chunk.expect("the audio arrives").len();
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
    let polly = Polly {
        client: Client::from_conf(config),
    };
    harness::measure(&args, runtime, polly);
}
