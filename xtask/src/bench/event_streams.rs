//! The event-stream row of `cargo xtask bench`: Kinesis `SubscribeToShard`,
//! `bench/kinesis/main.rs` built by `bench/kinesis-ours` (a crate generated from the shared
//! Kinesis model with only `SubscribeToShard`) and `bench/kinesis-theirs` (`aws-sdk-kinesis`),
//! run alternately against the bench server, which answers each subscription with 100 events
//! of one 1 KiB record. Skipped, with a message, without `../shared`.

use super::rest_json::generate;
use super::{
    cargo, cargo_build, not_incremental, run_program, timed_build, BenchArgs, Paths, Row, Sample,
    Server,
};

const KINESIS_THEIRS: &str = "bench-kinesis-theirs";
const KINESIS_OURS: &str = "bench-kinesis-ours";

/// Each call receives this many events, so fewer calls than the request benches make.
const EVENTS_PER_CALL: usize = 100;

/// Kinesis `SubscribeToShard`, ours against `aws-sdk-kinesis`.
pub(super) fn kinesis_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let model = paths
        .shared_models
        .join("streaming/kinesis-2013-12-02.json");
    if !model.exists() {
        eprintln!("bench: skipped Kinesis: {} not found", model.display());
        return Ok(Vec::new());
    }
    generate(paths, &model, "kinesis-client", &["SubscribeToShard"])?;
    let ours_target = paths.target.join("kinesis-ours");
    let mut build = cargo();
    build
        .arg("build")
        .arg("--release")
        .arg("--manifest-path")
        .arg(paths.bench.join("kinesis-ours/Cargo.toml"))
        .arg("--target-dir")
        .arg(&ours_target)
        .args(["--color", "never"]);
    not_incremental(&mut build);
    timed_build(build, &format!("{KINESIS_OURS} (release)"))?;
    let theirs_target = paths.target.join("kinesis-theirs");
    cargo_build(paths, &theirs_target, KINESIS_THEIRS, true)?;
    let binaries = [
        ours_target.join("release").join(KINESIS_OURS),
        theirs_target.join("release").join(KINESIS_THEIRS),
    ];

    let server_target = paths.target.join("server");
    cargo_build(paths, &server_target, "bench-server", true)?;
    let mut server = Server::start(&server_target.join("release/bench-server"))?;
    let calls = (args.calls / 20).max(1);
    let concurrent = (args.concurrent_calls / 20).max(16);
    eprintln!("bench: Kinesis warm-up round");
    for binary in &binaries {
        run_program(binary, &server.url, calls / 4 + 1, 32)?;
    }
    let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
    for round in 1..=args.rounds {
        eprintln!("bench: Kinesis round {round}/{}", args.rounds);
        for (binary, samples) in binaries.iter().zip(samples.iter_mut()) {
            samples.push(run_program(binary, &server.url, calls, concurrent)?);
        }
    }
    server.stop();
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
