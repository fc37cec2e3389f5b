//! The streaming rows of `cargo xtask bench`, each skipped (with a message) without
//! `../shared`:
//!
//! * Kinesis `SubscribeToShard`: `bench/kinesis/main.rs` built by `bench/kinesis-ours` (a crate
//!   generated from the shared Kinesis model with only `SubscribeToShard`) and
//!   `bench/kinesis-theirs` (`aws-sdk-kinesis`); the bench server answers each subscription
//!   with 100 events of one 1 KiB record.
//! * `ByteStream` downloads: `bench/polly/main.rs` built by `bench/polly-ours` (Polly with only
//!   `SynthesizeSpeech`) reading a 32 MiB `AudioStream`, against `bench/download-hyper`, a plain
//!   hyper client reading the same body.

use super::generated_programs::{self, GeneratedProgram};
use super::{BenchArgs, Load, Paths, Row};

/// Each call receives this many events, so fewer calls than the request benches make.
const EVENTS_PER_CALL: usize = 100;

/// Kinesis `SubscribeToShard`, ours against `aws-sdk-kinesis`.
pub(super) fn kinesis_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let program = GeneratedProgram {
        name: "Kinesis",
        model: "streaming/kinesis-2013-12-02.json",
        crate_name: "kinesis-client",
        operations: &["SubscribeToShard"],
        folder: "kinesis-ours",
        binary: "bench-kinesis-ours",
        reference: "bench-kinesis-theirs",
    };
    let calls = (args.calls / 20).max(1);
    let concurrent = (args.concurrent_calls / 20).max(16);
    let warm_up = Load::new(calls / 4 + 1, 32);
    let measured = Load::new(calls, concurrent);
    let Some(mut samples) = generated_programs::measure(paths, args, &program, warm_up, measured)?
    else {
        return Ok(Vec::new());
    };
    // Per call: one subscription and its 100 events; events per second are 100 times the
    // calls per second, the ratio the same.
    for sample in samples.iter_mut().flatten() {
        if let Some(calls_per_s) = sample.get("throughput_per_s").copied() {
            sample.insert(
                "events_per_s".to_string(),
                calls_per_s * EVENTS_PER_CALL as f64,
            );
        }
        if let Some(micros) = sample.get("latency_median_us").copied() {
            sample.insert(
                "events_per_s_one".to_string(),
                EVENTS_PER_CALL as f64 * 1e6 / micros.max(1.0),
            );
        }
    }
    Ok(super::sample_rows(
        "Kinesis SubscribeToShard, 1 KiB events: ",
        &samples[0],
        &samples[1],
        &[
            (
                "events_per_s",
                "events received per second, 16 subscriptions",
                0,
                "≥ 1.5",
                Some(|r| r >= 1.5),
            ),
            (
                "events_per_s_one",
                "events received per second, one subscription",
                0,
                "",
                None,
            ),
            (
                "cpu_us_per_call",
                "CPU time per subscription (µs)",
                1,
                "",
                None,
            ),
            (
                "allocs_per_call",
                "allocations per subscription",
                1,
                "",
                None,
            ),
        ],
    ))
}

/// The bytes of each download, as the bench server sends them.
const DOWNLOAD_MIB: f64 = 32.0;

/// A `ByteStream` download (Polly `SynthesizeSpeech`), ours against a plain hyper client.
pub(super) fn download_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let program = GeneratedProgram {
        name: "ByteStream download",
        model: "streaming/polly-2016-06-10.json",
        crate_name: "polly-client",
        operations: &["SynthesizeSpeech"],
        folder: "polly-ours",
        binary: "bench-polly-ours",
        reference: "bench-download-hyper",
    };
    // A call reads 32 MiB: a few dozen per run are seconds of reading, not milliseconds.
    let calls = (args.calls / 100).max(4);
    let concurrent = (args.concurrent_calls / 250).max(16);
    let warm_up = Load::new(2, 16).with_warm_up(2);
    let measured = Load::new(calls, concurrent).with_warm_up(4);
    let Some(mut samples) = generated_programs::measure(paths, args, &program, warm_up, measured)?
    else {
        return Ok(Vec::new());
    };
    for sample in samples.iter_mut().flatten() {
        if let Some(calls_per_s) = sample.get("throughput_per_s").copied() {
            sample.insert("mib_per_s".to_string(), calls_per_s * DOWNLOAD_MIB);
        }
        if let Some(micros) = sample.get("latency_median_us").copied() {
            sample.insert(
                "mib_per_s_one".to_string(),
                DOWNLOAD_MIB * 1e6 / micros.max(1.0),
            );
        }
    }
    Ok(super::sample_rows(
        "ByteStream download of 32 MiB, against plain hyper: ",
        &samples[0],
        &samples[1],
        &[
            (
                "mib_per_s_one",
                "MiB/s, one download at a time",
                0,
                "≥ 0.9",
                Some(|r| r >= 0.9),
            ),
            (
                "mib_per_s",
                "MiB/s, 16 downloads at once",
                0,
                "≥ 0.9",
                Some(|r| r >= 0.9),
            ),
            ("cpu_us_per_call", "CPU time per download (µs)", 0, "", None),
            ("maxrss_mib", "peak memory, resident (MiB)", 1, "", None),
        ],
    ))
}
