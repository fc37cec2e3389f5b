//! A 256 MiB download through `Handle::call_streaming` runs in constant memory: the body is
//! handed over as it arrives and nothing holds it whole. Alone in its test binary, so the
//! process's peak resident memory is this test's.

use smithy_runtime::client::{Handle, OperationRequest, ServiceInfo};
use smithy_runtime::config::{Config, Credentials, Region};
use smithy_runtime::error::{BoxError, ErrorMetadata};
use smithy_runtime::primitives::ByteStream;
use smithy_runtime::test_util::{LoopbackServer, Reply};
use smithy_runtime::transport::HttpResponse;

const CHUNK: usize = 64 * 1024;
const CHUNKS: usize = 4096; // 256 MiB
const PEAK_LIMIT_KIB: u64 = 32 * 1024;

/// `VmHWM`, the peak resident set of this process, in KiB (Linux only).
fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn a_256_mib_download_stays_under_32_mib_resident() {
    let Some(before) = peak_resident_kib() else {
        eprintln!("skipped: /proc/self/status has no VmHWM on this system");
        return;
    };
    let server = LoopbackServer::sequence(vec![Reply::repeated(200, vec![b's'; CHUNK], CHUNKS)
        .header("content-length", (CHUNK * CHUNKS).to_string())])
    .await;
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
        .endpoint_url(server.url())
        .build();
    let handle = Handle::new(config, ServiceInfo::new("polly", "Polly"));
    let request = OperationRequest::new("SynthesizeSpeech", server.url()).path("/v1/speech");
    let mut body = handle
        .call_streaming(
            Ok::<_, BoxError>(()),
            |_, ()| Ok(request),
            |_, _, body: ByteStream| Ok::<_, BoxError>(body),
            |_: &HttpResponse| ErrorMetadata::default(),
        )
        .await
        .map_err(|err| format!("{err:?}"))
        .unwrap();
    let mut total = 0usize;
    let mut checksum = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        total += chunk.len();
        checksum += chunk.iter().map(|&b| u64::from(b)).sum::<u64>();
    }
    assert_eq!(total, CHUNK * CHUNKS);
    assert_eq!(checksum, u64::from(b's') * (CHUNK * CHUNKS) as u64);
    let peak = peak_resident_kib().unwrap();
    eprintln!("peak resident memory: {before} KiB before, {peak} KiB after 256 MiB");
    assert!(
        peak < PEAK_LIMIT_KIB,
        "peak resident memory {peak} KiB is over {PEAK_LIMIT_KIB} KiB"
    );
}
