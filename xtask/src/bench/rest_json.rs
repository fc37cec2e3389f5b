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

use super::generated_programs::{self, GeneratedProgram};
use super::{
    build_generator, cargo, cargo_build, cargo_clean, largest_model, median, not_incremental,
    run_quietly, secs, time_generator, timed_build, BenchArgs, Load, LocalCrate, Paths, Row,
    ALONE_ROUNDS,
};

impl Paths {
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
    let program = GeneratedProgram {
        name: "Lambda",
        model: "streaming/lambda-2015-03-31.json",
        crate_name: "lambda-client",
        operations: &["Invoke"],
        folder: "lambda-ours",
        binary: "bench-lambda-ours",
        reference: "bench-lambda-theirs",
    };
    let warm_up = Load::new(args.calls / 4 + 1, args.concurrent_calls / 4 + 16);
    let measured = Load::new(args.calls, args.concurrent_calls);
    let Some(samples) = generated_programs::measure(paths, args, &program, warm_up, measured)?
    else {
        return Ok(Vec::new());
    };
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
    /// `cargo check` of the crate's dependencies, so that [`LocalCrate::check_alone`] times the
    /// crate alone.
    fn check_dependencies(&self) -> Result<(), String> {
        self.check(&format!("{} dependencies (check)", self.package))
            .map(|_| ())
    }

    /// `cargo check` of the crate alone: the crate cleaned, then checked again, timed. Its
    /// dependencies must have been checked already.
    fn check_alone(&self) -> Result<Duration, String> {
        let package = self.package;
        let mut clean = cargo();
        clean
            .arg("clean")
            .arg("--manifest-path")
            .arg(&self.manifest)
            .arg("--target-dir")
            .arg(&self.target_dir)
            .args(["-p", package]);
        run_quietly(clean, &format!("cargo clean -p {package}"))?;
        self.check(&format!("{package} alone (check)"))
    }

    fn check(&self, what: &str) -> Result<Duration, String> {
        let mut command = self.cargo_lib("check");
        not_incremental(&mut command);
        timed_build(command, what).map(|(time, _)| time)
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

/// Rounds of the generator's share of `cargo check`: each round times the generator and then
/// one check, and the row gives the median of the rounds' shares.
const SHARE_ROUNDS: usize = 3;

/// A folder in memory for timed generator runs, in `/dev/shm` (a tmpfs on Linux) when there
/// is one.
///
/// On a disk the time to create the generated files depends on what was deleted there in the
/// minutes before more than on the generator: ext4 without a journal (this machine's disk)
/// skips every inode freed in the last five minutes, or in the buffer cache since, when it
/// allocates one, one lookup each, and creating lightsail's 1152 files took 0.7 s of kernel
/// time right after a build had deleted its old artifacts, 0.07 s otherwise. In memory the
/// files cost what they cost on a disk that is not in that state; the disk row stays beside
/// it.
fn memory_output() -> Option<PathBuf> {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return None;
    }
    let folder = shm.join(format!("codegen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder).ok()?;
    Some(folder)
}

/// For the largest shared model of each protocol: the generator's wall time against
/// `cargo check` of the crate it writes (medians of the rounds' generator times, checks and
/// shares).
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
        crate_alone.check_dependencies()?;
        // This machine's speed moves by a third within minutes, so the generator's runs and the
        // checks alternate, and each round's share is taken within that round.
        let memory_output = memory_output();
        let outputs = match &memory_output {
            // Inside the folder, so that the runs set aside by `time_generator` go with it.
            Some(memory) => vec![
                (", output in memory (tmpfs)", memory.join("timed")),
                (", output on disk", super::timed_output(paths)),
            ],
            None => vec![("", super::timed_output(paths))],
        };
        let mut walls = vec![Vec::new(); outputs.len()];
        let mut shares = vec![Vec::new(); outputs.len()];
        let mut checks = Vec::new();
        let runs_per_round = args.generator_runs.div_ceil(SHARE_ROUNDS).max(1);
        for _ in 0..SHARE_ROUNDS {
            let mut round = Vec::new();
            for (_, out) in &outputs {
                let (wall, _) = time_generator(
                    &generator,
                    &["--model".into(), model.display().to_string()],
                    out,
                    runs_per_round,
                )?;
                round.push(wall.as_secs_f64());
            }
            let check = crate_alone.check_alone()?.as_secs_f64();
            for (index, wall) in round.into_iter().enumerate() {
                walls[index].push(wall);
                shares[index].push(wall / check.max(1e-9));
            }
            checks.push(check);
        }
        if let Some(memory) = &memory_output {
            let _ = std::fs::remove_dir_all(memory);
        }
        let check = median(checks);
        for (index, (place, _)) in outputs.iter().enumerate() {
            let wall = median(walls[index].clone());
            let share = median(shares[index].clone());
            rows.push(Row::single(
                &format!("generator / cargo check of its crate, {protocol}: {name}{place}"),
                format!(
                    "{:.0} ms / {:.1} s = {:.1}%",
                    wall * 1e3,
                    check,
                    share * 100.0
                ),
                "< 5%",
                Some(share < 0.05),
            ));
        }
    }
    Ok(rows)
}
