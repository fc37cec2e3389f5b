//! The restJson1 rows of `cargo xtask bench`, from the shared models (skipped, with a message,
//! without `../shared`):
//!
//! * Lambda `Invoke`: `bench/lambda/main.rs` built by `bench/lambda-ours` (a crate generated
//!   from the Lambda model with only `Invoke`) and `bench/lambda-theirs` (`aws-sdk-lambda`), run
//!   alternately against the bench server like the Proton programs.
//! * With `--compile`: the crate generated from the whole API Gateway model built alone next to
//!   `aws-sdk-apigateway`; and for the largest shared model of each protocol, the generator's
//!   time as a share of `cargo check` on the crate it writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::{
    build_generator, cargo, cargo_build, cargo_clean, largest_model, median, not_incremental,
    run_program, run_quietly, secs, time_generator, timed_build, BenchArgs, LocalCrate, Paths, Row,
    Sample, Server, ALONE_ROUNDS,
};

const LAMBDA_THEIRS: &str = "bench-lambda-theirs";
const LAMBDA_OURS: &str = "bench-lambda-ours";

impl Paths {
    fn lambda_model(&self) -> PathBuf {
        self.shared_models.join("streaming/lambda-2015-03-31.json")
    }

    fn api_gateway_model(&self) -> PathBuf {
        self.shared_models
            .join("rest-json/api-gateway-2015-07-09.json")
    }
}

/// Generates a crate named `package` from `model` (only `operations`, when given) into
/// `bench/target/gen/<package>`.
pub(super) fn generate(
    paths: &Paths,
    model: &Path,
    package: &str,
    operations: &[&str],
) -> Result<PathBuf, String> {
    let generator = build_generator(paths)?;
    let out = paths.target.join("gen").join(package);
    let mut command = Command::new(&generator);
    command
        .arg("codegen")
        .arg("--model")
        .arg(model)
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", package]);
    for operation in operations {
        command.args(["--operation", operation]);
    }
    run_quietly(command, &format!("the generator on {}", model.display()))?;
    Ok(out)
}

/// Lambda `Invoke`, ours against `aws-sdk-lambda`.
pub(super) fn lambda_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let model = paths.lambda_model();
    if !model.exists() {
        eprintln!("bench: skipped Lambda: {} not found", model.display());
        return Ok(Vec::new());
    }
    generate(paths, &model, "lambda-client", &["Invoke"])?;
    let ours_target = paths.target.join("lambda-ours");
    let mut build = cargo();
    build
        .arg("build")
        .arg("--release")
        .arg("--manifest-path")
        .arg(paths.bench.join("lambda-ours/Cargo.toml"))
        .arg("--target-dir")
        .arg(&ours_target)
        .args(["--color", "never"]);
    not_incremental(&mut build);
    timed_build(build, &format!("{LAMBDA_OURS} (release)"))?;
    let theirs_target = paths.target.join("lambda-theirs");
    cargo_build(paths, &theirs_target, LAMBDA_THEIRS, true)?;
    let binaries = [
        ours_target.join("release").join(LAMBDA_OURS),
        theirs_target.join("release").join(LAMBDA_THEIRS),
    ];

    let server_target = paths.target.join("server");
    cargo_build(paths, &server_target, "bench-server", true)?;
    let mut server = Server::start(&server_target.join("release/bench-server"))?;
    eprintln!("bench: Lambda warm-up round");
    for binary in &binaries {
        run_program(
            binary,
            &server.url,
            args.calls / 4 + 1,
            args.concurrent_calls / 4 + 16,
        )?;
    }
    let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
    for round in 1..=args.rounds {
        eprintln!("bench: Lambda round {round}/{}", args.rounds);
        for (binary, samples) in binaries.iter().zip(samples.iter_mut()) {
            samples.push(run_program(
                binary,
                &server.url,
                args.calls,
                args.concurrent_calls,
            )?);
        }
    }
    server.stop();
    Ok(super::sample_rows(
        "Lambda Invoke: ",
        &samples[0],
        &samples[1],
        &[
            (
                "latency_median_us",
                "latency per call, median (µs)",
                1,
                "≤ 0.6",
                Some(|r| r <= 0.6),
            ),
            ("latency_p99_us", "latency per call, p99 (µs)", 1, "", None),
            (
                "throughput_per_s",
                "throughput, 16 tasks (calls/s)",
                0,
                "≥ 2",
                Some(|r| r >= 2.0),
            ),
            ("cpu_us_per_call", "CPU time per call (µs)", 1, "", None),
            ("allocs_per_call", "allocations per call", 1, "", None),
        ],
    ))
}

impl LocalCrate {
    /// `cargo check` of the crate alone: dependencies checked first, then the crate cleaned
    /// and checked again, timed.
    fn check_alone(&self) -> Result<Duration, String> {
        let check = |what: &str| {
            let mut command = cargo();
            command
                .arg("check")
                .arg("--lib")
                .arg("--manifest-path")
                .arg(&self.manifest)
                .arg("--target-dir")
                .arg(&self.target_dir)
                .args(["--color", "never"]);
            not_incremental(&mut command);
            timed_build(command, what).map(|(time, _)| time)
        };
        let package = self.package;
        check(&format!("{package} dependencies (check)"))?;
        let mut clean = cargo();
        clean
            .arg("clean")
            .arg("--manifest-path")
            .arg(&self.manifest)
            .arg("--target-dir")
            .arg(&self.target_dir)
            .args(["-p", package]);
        run_quietly(clean, &format!("cargo clean -p {package}"))?;
        check(&format!("{package} alone (check)"))
    }
}

/// The crate generated from the whole API Gateway model, built alone, against
/// `aws-sdk-apigateway` built alone (debug, median of rounds).
pub(super) fn api_gateway_rows(paths: &Paths) -> Result<Vec<Row>, String> {
    let model = paths.api_gateway_model();
    if !model.exists() {
        eprintln!("bench: skipped API Gateway: {} not found", model.display());
        return Ok(Vec::new());
    }
    let out = generate(paths, &model, "apigateway-all", &[])?;
    let ours = LocalCrate {
        package: "apigateway-all",
        manifest: out.join("Cargo.toml"),
        target_dir: paths.target.join("apigateway-all"),
    };
    let operations = super::operation_names(&model)?.len();
    let theirs_target = paths.target.join("apigateway-theirs");
    cargo_build(paths, &theirs_target, "aws-sdk-apigateway", false)?;
    let mut times: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for _ in 0..ALONE_ROUNDS {
        times
            .entry("ours")
            .or_default()
            .push(secs(ours.build_alone(false)?));
        cargo_clean(paths, &theirs_target, Some("aws-sdk-apigateway"))?;
        let (time, _) = cargo_build(paths, &theirs_target, "aws-sdk-apigateway", false)?;
        times.entry("theirs").or_default().push(secs(time));
    }
    Ok(vec![Row::compare(
        &format!("client crate alone, whole API Gateway ({operations} ops), debug (s)"),
        median(times["ours"].clone()),
        median(times["theirs"].clone()),
        1,
        "≤ 0.35",
        Some(|r| r <= 0.35),
    )])
}

/// For the largest shared model of each protocol: the generator's wall time against
/// `cargo check` of the crate it writes.
pub(super) fn generator_share_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let generator = build_generator(paths)?;
    for (protocol, folder) in [
        ("awsJson", paths.shared_models.clone()),
        ("restJson1", paths.shared_models.join("rest-json")),
    ] {
        let Some(model) = largest_model(&folder) else {
            eprintln!(
                "bench: skipped the {protocol} share: no model in {}",
                folder.display()
            );
            continue;
        };
        let name = model
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (wall, _) = time_generator(
            &generator,
            &["--model".into(), model.display().to_string()],
            &paths.target.join("gen/timed"),
            args.generator_runs,
        )?;
        let package: &'static str = match protocol {
            "awsJson" => "share-aws-json",
            _ => "share-rest-json",
        };
        let out = generate(paths, &model, package, &[])?;
        let crate_alone = LocalCrate {
            package,
            manifest: out.join("Cargo.toml"),
            target_dir: paths.target.join(package),
        };
        let check = crate_alone.check_alone()?;
        let share = wall.as_secs_f64() / check.as_secs_f64().max(1e-9);
        rows.push(Row::single(
            &format!("generator / cargo check of its crate, {protocol}: {name}"),
            format!(
                "{:.0} ms / {:.1} s = {:.1}%",
                wall.as_secs_f64() * 1e3,
                check.as_secs_f64(),
                share * 100.0
            ),
            "< 5%",
            Some(share < 0.05),
        ));
    }
    let _ = std::fs::remove_dir_all(paths.target.join("gen/timed"));
    Ok(rows)
}
