//! Streams end to end: generates Polly (`SynthesizeSpeech`), Glacier (`UploadArchive`), Lambda
//! (`InvokeWithResponseStream`), Kinesis (`SubscribeToShard`) and Bedrock Runtime
//! (`ConverseStream`) and Transcribe Streaming (`StartStreamTranscription`) next to a copy of
//! `tests/streaming/` and runs its tests against local servers: a 256 MiB download read as it
//! arrives in constant memory, uploads from a file and from a body read once, with Glacier's
//! checksums and SigV4 checked, event streams received (`tests/streaming/tests/events.rs`) and
//! a duplex one sent over HTTP/2 (`tests/streaming/tests/transcribe.rs`). Skipped, with a
//! message, without `../shared`.

mod support;

use support::{generate, workspace_root, Program};

#[test]
fn generated_clients_stream_downloads_and_uploads() {
    let root = workspace_root();
    let models = root.join("../shared/models/streaming");
    if !models.is_dir() {
        println!(
            "skipped: ../shared not found (the Polly and Glacier models are shared test data)"
        );
        return;
    }
    let out = tempfile::tempdir().unwrap();
    generate(
        &models.join("polly-2016-06-10.json"),
        "polly-client",
        &["SynthesizeSpeech"],
        out.path(),
    );
    generate(
        &models.join("glacier-2012-06-01.json"),
        "glacier-client",
        &["UploadArchive"],
        out.path(),
    );
    generate(
        &models.join("lambda-2015-03-31.json"),
        "lambda-client",
        &["InvokeWithResponseStream"],
        out.path(),
    );
    generate(
        &models.join("kinesis-2013-12-02.json"),
        "kinesis-client",
        &["SubscribeToShard"],
        out.path(),
    );
    generate(
        &models.join("bedrock-runtime-2023-09-30.json"),
        "bedrock-runtime-client",
        &["ConverseStream"],
        out.path(),
    );
    generate(
        &models.join("transcribe-streaming-2017-10-26.json"),
        "transcribe-streaming-client",
        &["StartStreamTranscription"],
        out.path(),
    );
    Program {
        source: root.join("codegen/tests/streaming"),
        runtime_path: "../../../runtime",
    }
    .run_tests("streaming-e2e", out.path(), "streaming-e2e", 11);
}
