//! Polly's `SynthesizeSpeech` through the generated client: the 256 MiB audio stream is read
//! as it arrives, and the process's peak resident memory stays under 32 MiB more than before.
//! Alone in its test binary, so the peak is this test's.

use aws_sdk_polly::config::retry::RetryConfig;
use aws_sdk_polly::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_polly::types::{OutputFormat, VoiceId};
use aws_sdk_polly::{Client, Config};
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};

const CHUNK: usize = 64 * 1024;
const CHUNKS: usize = 4096; // 256 MiB
const PEAK_GROWTH_LIMIT_KIB: u64 = 32 * 1024;

/// `VmHWM`, the peak resident set of this process, in KiB (Linux only).
fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn credentials() -> Credentials {
    Credentials::new("AKIDPOLLY", "polly/secret", None, None, "e2e")
}

#[tokio::test]
async fn synthesize_speech_streams_256_mib_in_constant_memory() {
    let before = peak_resident_kib();
    let server = LoopbackServer::sequence(vec![Reply::repeated(200, vec![b'a'; CHUNK], CHUNKS)
        .header("content-type", "audio/mpeg")
        .header("x-amzn-requestcharacters", "11")
        .header("content-length", (CHUNK * CHUNKS).to_string())])
    .await;
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .build();
    let client = Client::from_conf(config);
    let mut output = client
        .synthesize_speech()
        .output_format(OutputFormat::Mp3)
        .text("hello world")
        .voice_id(VoiceId::Joanna)
        .send()
        .await
        .expect("the headers parse");
    assert_eq!(output.content_type(), Some("audio/mpeg"));
    assert_eq!(output.request_characters(), 11);
    let mut total = 0;
    while let Some(chunk) = output.audio_stream.next().await {
        let chunk = chunk.expect("the body reads");
        assert!(chunk.iter().all(|byte| *byte == b'a'));
        total += chunk.len();
    }
    assert_eq!(total, CHUNK * CHUNKS);

    let request = &server.received()[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.path_and_query(), "/v1/speech");
    let body = String::from_utf8_lossy(request.body());
    assert!(body.contains(r#""Text":"hello world""#), "{body}");
    assert!(body.contains(r#""OutputFormat":"mp3""#), "{body}");
    verify_sigv4(request, server.addr(), "us-west-2", "polly", &credentials());

    match (before, peak_resident_kib()) {
        (Some(before), Some(after)) => assert!(
            after.saturating_sub(before) < PEAK_GROWTH_LIMIT_KIB,
            "peak resident memory grew by {} KiB while 256 MiB streamed",
            after.saturating_sub(before)
        ),
        _ => eprintln!("skipped the memory check: /proc/self/status has no VmHWM here"),
    }
}
