//! `cargo xtask bench`: the generated client side by side with `aws-sdk-proton` (and, from the
//! shared models, Lambda `Invoke` with `aws-sdk-lambda` and API Gateway's build with
//! `aws-sdk-apigateway`: `rest_json`).
//!
//! One program (`bench/client/main.rs`) is built twice, by `bench/ours` (the generated crate
//! renamed to `aws-sdk-proton`) and `bench/theirs` (the official crate with `aws-config`), each
//! with its own target folder under `bench/target/`. Both call one loopback server
//! (`bench/server`) and are run alternately, A B A B, for several rounds after a warm-up; the
//! table shows medians over the rounds and the ratio ours/theirs. `--compile` adds cold build
//! times and crate counts, `--criterion` runs the criterion benchmarks in `bench/micro`.
//! The generator is timed as the release binary, not through `cargo run`.

mod generated_programs;
mod rest_json;
mod streaming;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BENCH_USAGE: &str = "\
usage: cargo xtask bench [--compile] [--criterion] [--rounds N] [--calls N]
                         [--concurrent-calls N] [--generator-runs N] [--no-client] [--no-generator]
                         [--no-proton-compile] [--no-api-gateway-compile] [--clients LIST]

Builds bench/ours (the generated crate) and bench/theirs (aws-sdk-proton + aws-config) in
release, runs them alternately against a loopback server and prints one table of medians with
the ratio ours/theirs; then the same for Lambda Invoke (bench/lambda-ours, generated from the
shared Lambda model, against bench/lambda-theirs, aws-sdk-lambda), Kinesis SubscribeToShard
(bench/kinesis-ours against bench/kinesis-theirs, aws-sdk-kinesis: events received per
second, 100 events of 1 KiB per subscription) and a ByteStream download (bench/polly-ours,
Polly SynthesizeSpeech reading 32 MiB, against bench/download-hyper, a plain hyper client
reading the same body). Builds go to bench/target/, never to the workspace's target/.

  --compile             also time cold debug and release builds (cargo clean, then cargo build)
                        of both programs, count the crates each compiles, and time the generated
                        crate alone (one operation, and the whole Proton service) next to
                        aws-sdk-proton alone (median of 3); every crate is compiled without
                        incremental compilation, as cargo compiles registry crates; then the
                        whole-Proton crate and a copy of aws-sdk-proton's sources once more
                        with it, as cargo compiles path dependencies; the crate generated
                        from the whole API Gateway model alone next to aws-sdk-apigateway
                        alone; and the generator's time as a share of `cargo check` on the
                        crate it writes, for the largest shared awsJson and restJson1 models
                        (three rounds of generator runs and one check each, the median share)
  --criterion           also run the criterion benchmarks in bench/micro
  --rounds N            measured rounds of each program after the warm-up (default 5)
  --calls N             sequential calls per run (default 3000)
  --concurrent-calls N  calls per run spread over 16 tasks (default 8000)
  --generator-runs N    timed runs of the generator per model (default 7; for the shares,
                        split over the three rounds)
  --no-client           skip the client measurements
  --clients LIST        only these client measurements, comma-separated, of proton, lambda,
                        kinesis, download (default all)
  --no-generator        skip the generator timings
  --no-proton-compile   with --compile, only the restJson1 rows (API Gateway alone and the
                        generator's share of `cargo check`), not the Proton builds
  --no-api-gateway-compile
                        with --compile, not the API Gateway crate-alone row";

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchArgs {
    pub compile: bool,
    pub criterion: bool,
    pub rounds: usize,
    pub calls: usize,
    pub concurrent_calls: usize,
    pub generator_runs: usize,
    pub client: bool,
    /// Which client comparisons to run (all of `CLIENT_BENCHES` unless `--clients` says).
    pub clients: Vec<String>,
    pub generator: bool,
    /// With `compile`: the Proton build rows too (the long part: cold builds of both programs).
    pub proton_compile: bool,
    /// With `compile`: the API Gateway crate-alone row too.
    pub api_gateway_compile: bool,
}

impl Default for BenchArgs {
    fn default() -> Self {
        BenchArgs {
            compile: false,
            criterion: false,
            rounds: 5,
            calls: 3000,
            concurrent_calls: 8000,
            generator_runs: 7,
            client: true,
            clients: CLIENT_BENCHES.iter().map(|name| name.to_string()).collect(),
            generator: true,
            proton_compile: true,
            api_gateway_compile: true,
        }
    }
}

impl BenchArgs {
    pub fn parse(args: &[String]) -> Result<BenchArgs, String> {
        let mut parsed = BenchArgs::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut number = |name: &str| -> Result<usize, String> {
                let value = iter.next().ok_or_else(|| format!("{name} needs a value"))?;
                match value.parse::<usize>() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err(format!("{name} needs a positive number, not `{value}`")),
                }
            };
            match arg.as_str() {
                "--compile" => parsed.compile = true,
                "--criterion" => parsed.criterion = true,
                "--rounds" => parsed.rounds = number("--rounds")?,
                "--calls" => parsed.calls = number("--calls")?,
                "--concurrent-calls" => parsed.concurrent_calls = number("--concurrent-calls")?,
                "--generator-runs" => parsed.generator_runs = number("--generator-runs")?,
                "--no-client" => parsed.client = false,
                "--clients" => {
                    let list = iter.next().ok_or("--clients needs a value")?;
                    parsed.clients = list.split(',').map(str::to_owned).collect();
                    if let Some(unknown) = parsed
                        .clients
                        .iter()
                        .find(|name| !CLIENT_BENCHES.contains(&name.as_str()))
                    {
                        return Err(format!(
                            "--clients: unknown bench `{unknown}` (one of {})",
                            CLIENT_BENCHES.join(", ")
                        ));
                    }
                }
                "--no-generator" => parsed.generator = false,
                "--no-proton-compile" => parsed.proton_compile = false,
                "--no-api-gateway-compile" => parsed.api_gateway_compile = false,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(parsed)
    }

    fn runs_client(&self, name: &str) -> bool {
        self.client && self.clients.iter().any(|chosen| chosen == name)
    }
}

/// The client comparisons, in the order they run.
const CLIENT_BENCHES: [&str; 4] = ["proton", "lambda", "kinesis", "download"];

/// The two programs.
const OURS: Program = Program {
    dir: "ours",
    package: "bench-ours",
    crate_alone: "proton-client",
};
const THEIRS: Program = Program {
    dir: "theirs",
    package: "bench-theirs",
    crate_alone: "aws-sdk-proton",
};

#[derive(Debug, Clone, Copy)]
struct Program {
    /// The folder under `bench/target/`.
    dir: &'static str,
    package: &'static str,
    /// The client crate the program depends on, for "crate alone" build times.
    crate_alone: &'static str,
}

struct Paths {
    root: PathBuf,
    bench: PathBuf,
    target: PathBuf,
    shared_models: PathBuf,
}

impl Paths {
    fn new(root: &Path) -> Paths {
        let bench = root.join("bench");
        let target = bench.join("target");
        let shared_models = root
            .parent()
            .map(|parent| parent.join("shared/models"))
            .unwrap_or_default();
        Paths {
            root: root.to_path_buf(),
            bench,
            target,
            shared_models,
        }
    }

    fn manifest(&self) -> PathBuf {
        self.bench.join("Cargo.toml")
    }

    fn target_dir(&self, program: &Program) -> PathBuf {
        self.target.join(program.dir)
    }
}

/// One row of the table.
struct Row {
    metric: String,
    ours: String,
    theirs: String,
    ratio: Option<f64>,
    target: &'static str,
    /// Whether the target is met, when there is one.
    met: Option<bool>,
}

impl Row {
    fn compare(
        metric: &str,
        ours: f64,
        theirs: f64,
        precision: usize,
        target: &'static str,
        check: Option<fn(f64) -> bool>,
    ) -> Row {
        let ratio = if theirs > 0.0 {
            Some(ours / theirs)
        } else {
            None
        };
        Row {
            metric: metric.to_owned(),
            ours: format!("{ours:.precision$}"),
            theirs: format!("{theirs:.precision$}"),
            ratio,
            target,
            met: check.and_then(|check| ratio.map(check)),
        }
    }

    fn single(metric: &str, ours: String, target: &'static str, met: Option<bool>) -> Row {
        Row {
            metric: metric.to_owned(),
            ours,
            theirs: "-".to_owned(),
            ratio: None,
            target,
            met,
        }
    }
}

/// The command-line entry for `bench`; returns the process exit code.
pub fn bench_main(args: &[String]) -> i32 {
    let parsed = match BenchArgs::parse(args) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("error: {problem}\n\n{BENCH_USAGE}");
            return 2;
        }
    };
    let paths = Paths::new(&crate::workspace_root());
    match run(&paths, &parsed) {
        Ok(table) => {
            println!("{table}");
            0
        }
        Err(problem) => {
            eprintln!("bench: {problem}");
            1
        }
    }
}

fn run(paths: &Paths, args: &BenchArgs) -> Result<String, String> {
    let mut rows = Vec::new();
    if args.compile {
        // First, before the clean builds below delete thousands of files (see
        // `time_generator`).
        rows.extend(rest_json::generator_share_rows(paths, args)?);
        if args.proton_compile {
            rows.extend(compile_rows(paths)?);
        }
        if args.api_gateway_compile {
            rows.extend(rest_json::api_gateway_rows(paths)?);
        }
    }
    if args.runs_client("proton") {
        for program in [OURS, THEIRS] {
            cargo_build(paths, &paths.target_dir(&program), program.package, true)?;
        }
        rows.extend(client_rows(paths, args)?);
    }
    if args.runs_client("lambda") {
        rows.extend(rest_json::lambda_rows(paths, args)?);
    }
    if args.runs_client("kinesis") {
        rows.extend(streaming::kinesis_rows(paths, args)?);
    }
    if args.runs_client("download") {
        rows.extend(streaming::download_rows(paths, args)?);
    }
    if args.generator {
        rows.extend(generator_rows(paths, args)?);
    }
    remove_timed_output(paths);
    if args.criterion {
        criterion(paths)?;
    }
    let mut out = String::new();
    let _ = writeln!(out, "\n{}\n", machine());
    out.push_str(&render_table(&rows));
    Ok(out)
}

/// `N cores, M GiB memory`, from the standard library and `/proc/meminfo`.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("MemTotal:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map(|kib| format!(", {:.0} GiB memory", kib / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("machine: {cores} cores{memory}")
}

fn render_table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| metric | ours | theirs | ours/theirs | target | met |\n|---|---:|---:|---:|---|---|\n",
    );
    for row in rows {
        let ratio = row
            .ratio
            .map(|r| format!("{r:.2}"))
            .unwrap_or_else(|| "-".into());
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.metric, row.ours, row.theirs, ratio, row.target, met
        );
    }
    out
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo build` of one package of the bench workspace; returns the wall time and the number
/// of crates compiled.
fn cargo_build(
    paths: &Paths,
    target_dir: &Path,
    package: &str,
    release: bool,
) -> Result<(Duration, usize), String> {
    let mut command = cargo();
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(paths.manifest())
        .arg("--target-dir")
        .arg(target_dir)
        .args(["-p", package, "--color", "never"]);
    if release {
        command.arg("--release");
    }
    not_incremental(&mut command);
    timed_build(command, &format!("{package} ({})", profile(release)))
}

/// Compiles every crate the way cargo compiles a registry or git dependency: without
/// incremental compilation. Cargo otherwise compiles path dependencies (our generated crate
/// and runtime) incrementally in debug builds, which costs time `aws-sdk-proton`, a registry
/// crate, never pays; the bench compares the crates, not cargo's bookkeeping. The cost of
/// incremental compilation is reported in a row of its own.
fn not_incremental(command: &mut Command) {
    command.env("CARGO_INCREMENTAL", "0");
}

fn profile(release: bool) -> &'static str {
    if release {
        "release"
    } else {
        "debug"
    }
}

/// Runs a cargo build, counting the `Compiling` lines on its stderr.
fn timed_build(mut command: Command, what: &str) -> Result<(Duration, usize), String> {
    eprintln!("bench: building {what}");
    let started = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("building {what} failed:\n{stderr}"));
    }
    let compiled = stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("Compiling "))
        .count();
    eprintln!(
        "bench:   {what}: {:.1} s, {compiled} crates compiled",
        elapsed.as_secs_f64()
    );
    Ok((elapsed, compiled))
}

fn cargo_clean(paths: &Paths, target_dir: &Path, package: Option<&str>) -> Result<(), String> {
    let mut command = cargo();
    command
        .arg("clean")
        .arg("--manifest-path")
        .arg(paths.manifest())
        .arg("--target-dir")
        .arg(target_dir);
    if let Some(package) = package {
        command.args(["-p", package]);
    }
    run_quietly(command, "cargo clean")
}

fn run_quietly(mut command: Command, what: &str) -> Result<(), String> {
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

/// Cold builds (debug, then release), crate counts, and the client crates alone.
fn compile_rows(paths: &Paths) -> Result<Vec<Row>, String> {
    // Everything downloaded first, so no build time is network time.
    let mut fetch = cargo();
    fetch
        .arg("fetch")
        .arg("--manifest-path")
        .arg(paths.manifest());
    run_quietly(fetch, "cargo fetch")?;

    let mut debug = BTreeMap::new();
    for program in [OURS, THEIRS] {
        let target_dir = paths.target_dir(&program);
        cargo_clean(paths, &target_dir, None)?;
        debug.insert(
            program.package,
            cargo_build(paths, &target_dir, program.package, false)?,
        );
    }

    // The client crates alone (debug): each built once with its own feature set (which
    // differs from the program's, so some dependencies build again); then, round after round
    // and alternately, cleaned and built again, timed: only the crate itself compiles.
    let mut alone: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for program in [OURS, THEIRS] {
        cargo_build(
            paths,
            &paths.target_dir(&program),
            program.crate_alone,
            false,
        )?;
    }
    let whole_proton = LocalCrate::whole_proton(paths)?;
    for _ in 0..ALONE_ROUNDS {
        for program in [OURS, THEIRS] {
            let target_dir = paths.target_dir(&program);
            cargo_clean(paths, &target_dir, Some(program.crate_alone))?;
            let (time, _) = cargo_build(paths, &target_dir, program.crate_alone, false)?;
            alone.entry(program.package).or_default().push(secs(time));
        }
        if let Some(whole) = &whole_proton {
            let time = whole.build_alone(false)?;
            alone.entry(WHOLE_PROTON).or_default().push(secs(time));
        }
    }
    // Incrementally, as cargo compiles path dependencies, against `aws-sdk-proton` compiled
    // the same way.
    let incremental = match &whole_proton {
        Some(whole) => {
            let theirs = LocalCrate::theirs_as_path(paths)?;
            Some((whole.build_alone(true)?, theirs.build_alone(true)?))
        }
        None => None,
    };
    let alone: BTreeMap<&str, f64> = alone
        .into_iter()
        .map(|(name, times)| (name, median(times)))
        .collect();

    let mut release = BTreeMap::new();
    for program in [OURS, THEIRS] {
        let target_dir = paths.target_dir(&program);
        cargo_clean(paths, &target_dir, None)?;
        release.insert(
            program.package,
            cargo_build(paths, &target_dir, program.package, true)?,
        );
    }

    let (ours_debug, ours_crates) = debug[OURS.package];
    let (theirs_debug, theirs_crates) = debug[THEIRS.package];
    let mut rows = vec![
        Row::compare(
            "cold debug build of the program (s)",
            secs(ours_debug),
            secs(theirs_debug),
            1,
            "≤ 0.35",
            Some(|r| r <= 0.35),
        ),
        Row::compare(
            "cold release build of the program (s)",
            secs(release[OURS.package].0),
            secs(release[THEIRS.package].0),
            1,
            "",
            None,
        ),
        Row::compare(
            "crates compiled (debug)",
            ours_crates as f64,
            theirs_crates as f64,
            0,
            "≤ 0.5",
            Some(|r| r <= 0.5),
        ),
        Row::compare(
            "client crate alone, one operation, debug (s)",
            alone[OURS.package],
            alone[THEIRS.package],
            1,
            "ours < 3 s",
            None,
        ),
    ];
    rows.last_mut().expect("a row").met = Some(alone[OURS.package] < 3.0);
    if let (Some(&whole), Some((ours_incremental, theirs_incremental))) =
        (alone.get(WHOLE_PROTON), incremental)
    {
        rows.push(Row::compare(
            "client crate alone, whole Proton (87 ops), debug (s)",
            whole,
            alone[THEIRS.package],
            1,
            "≤ 0.35",
            Some(|r| r <= 0.35),
        ));
        rows.push(Row::compare(
            "  the same, both compiled incrementally, as path dependencies (s)",
            secs(ours_incremental),
            secs(theirs_incremental),
            1,
            "",
            None,
        ));
    }
    Ok(rows)
}

/// Rounds of the "crate alone" builds; the table shows the median.
const ALONE_ROUNDS: usize = 3;

/// The key of the whole-Proton crate's times next to the programs' packages.
const WHOLE_PROTON: &str = "proton-all";

/// A crate built on its own, as the root package of its folder (so cargo treats it as a path
/// dependency), with its own target folder.
struct LocalCrate {
    package: &'static str,
    manifest: PathBuf,
    target_dir: PathBuf,
}

impl LocalCrate {
    /// The crate generated from the whole upstream Proton model, in
    /// `bench/target/gen/proton-all`, its dependencies built; `None` without `../shared`.
    fn whole_proton(paths: &Paths) -> Result<Option<LocalCrate>, String> {
        let model = paths.shared_models.join("proton-2020-07-20.json");
        if !model.exists() {
            eprintln!(
                "bench: skipped the whole Proton crate: {} not found",
                model.display()
            );
            return Ok(None);
        }
        let generator = build_generator(paths)?;
        let out = paths.target.join("gen/proton-all");
        let mut generate = Command::new(&generator);
        generate
            .arg("codegen")
            .arg("--model")
            .arg(&model)
            .arg("--out")
            .arg(&out);
        run_quietly(generate, "the generator")?;
        let whole = LocalCrate {
            package: WHOLE_PROTON,
            manifest: out.join("Cargo.toml"),
            target_dir: paths.target.join("proton-all"),
        };
        whole.build(false, "proton-all and its dependencies")?;
        Ok(Some(whole))
    }

    /// `aws-sdk-proton`'s published sources, copied from cargo's registry cache to
    /// `bench/target/theirs-as-path`, so it can be compiled the way a path dependency is:
    /// the like-for-like reference for our crate's incremental build.
    fn theirs_as_path(paths: &Paths) -> Result<LocalCrate, String> {
        let mut metadata = cargo();
        metadata
            .arg("metadata")
            .arg("--manifest-path")
            .arg(paths.manifest())
            .args(["--format-version", "1"]);
        let output = metadata
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
        if !output.status.success() {
            return Err("cargo metadata failed".to_owned());
        }
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
            .map_err(|e| format!("cannot read cargo metadata: {e}"))?;
        let manifest = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|package| package["name"] == THEIRS.crate_alone)
            .and_then(|package| package["manifest_path"].as_str())
            .ok_or("cargo metadata does not list aws-sdk-proton")?;
        let source = Path::new(manifest)
            .parent()
            .ok_or("aws-sdk-proton's manifest has no folder")?;
        let copy = paths.target.join("theirs-as-path");
        if copy.exists() {
            std::fs::remove_dir_all(&copy)
                .map_err(|e| format!("cannot remove {}: {e}", copy.display()))?;
        }
        copy_dir(source, &copy)?;
        // Its own workspace root, not a stray member of the bench workspace around it.
        let manifest = copy.join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text)
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
        Ok(LocalCrate {
            package: THEIRS.crate_alone,
            manifest,
            target_dir: paths.target.join("theirs-as-path-target"),
        })
    }

    /// `cargo SUBCOMMAND --lib` on the crate, in its own target folder.
    fn cargo_lib(&self, subcommand: &str) -> Command {
        let mut command = cargo();
        command
            .arg(subcommand)
            .arg("--lib")
            .arg("--manifest-path")
            .arg(&self.manifest)
            .arg("--target-dir")
            .arg(&self.target_dir)
            .args(["--color", "never"]);
        command
    }

    fn build(&self, incremental: bool, what: &str) -> Result<Duration, String> {
        let mut command = self.cargo_lib("build");
        if incremental {
            command.env("CARGO_INCREMENTAL", "1");
        } else {
            not_incremental(&mut command);
        }
        Ok(timed_build(command, what)?.0)
    }

    /// A debug build of the crate alone: its dependencies built first (with the same
    /// setting, which is part of their fingerprint), then the crate cleaned and built.
    fn build_alone(&self, incremental: bool) -> Result<Duration, String> {
        let mode = if incremental { "incremental" } else { "debug" };
        let package = self.package;
        self.build(incremental, &format!("{package} dependencies ({mode})"))?;
        let mut clean = cargo();
        clean
            .arg("clean")
            .arg("--manifest-path")
            .arg(&self.manifest)
            .arg("--target-dir")
            .arg(&self.target_dir)
            .args(["-p", package]);
        run_quietly(clean, &format!("cargo clean -p {package}"))?;
        self.build(incremental, &format!("{package} alone ({mode})"))
    }
}

/// Copies a folder of regular files and folders.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        if kind.is_dir() {
            copy_dir(&source, &target)?;
        } else if kind.is_file() {
            std::fs::copy(&source, &target).map_err(|e| {
                format!(
                    "cannot copy {} to {}: {e}",
                    source.display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

/// The results of one run of a client program.
type Sample = BTreeMap<String, f64>;

fn client_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let server_target = paths.target.join("server");
    cargo_build(paths, &server_target, "bench-server", true)?;
    let mut server = Server::start(&server_target.join("release/bench-server"))?;
    let url = server.url.clone();

    let binary = |program: &Program| {
        paths
            .target_dir(program)
            .join("release")
            .join(program.package)
    };
    let run = |program: &Program, calls: usize, concurrent: usize| {
        run_program(&binary(program), &url, Load::new(calls, concurrent))
    };

    eprintln!("bench: warm-up round");
    for program in [OURS, THEIRS] {
        run(&program, args.calls / 4 + 1, args.concurrent_calls / 4 + 16)?;
    }
    let mut samples: BTreeMap<&str, Vec<Sample>> = BTreeMap::new();
    for round in 1..=args.rounds {
        eprintln!("bench: round {round}/{}", args.rounds);
        for program in [OURS, THEIRS] {
            let sample = run(&program, args.calls, args.concurrent_calls)?;
            samples.entry(program.package).or_default().push(sample);
        }
    }
    server.stop();

    let mut rows = sample_rows(
        "",
        &samples[OURS.package],
        &samples[THEIRS.package],
        &[
            (
                "latency_median_us",
                "latency per call, median (µs)",
                1,
                "≤ 0.7",
                Some(|r| r <= 0.7),
            ),
            ("latency_p99_us", "latency per call, p99 (µs)", 1, "", None),
            (
                "throughput_per_s",
                "throughput, 16 tasks (calls/s)",
                0,
                "≥ 1.5",
                Some(|r| r >= 1.5),
            ),
            ("cpu_us_per_call", "CPU time per call (µs)", 1, "", None),
            (
                "allocs_per_call",
                "allocations per call",
                1,
                "≤ 0.5",
                Some(|r| r <= 0.5),
            ),
            (
                "alloc_bytes_per_call",
                "bytes allocated per call",
                0,
                "",
                None,
            ),
            ("maxrss_mib", "peak memory, resident (MiB)", 1, "", None),
        ],
    );
    let ours_size = stripped_size(paths, &binary(&OURS))?;
    let theirs_size = stripped_size(paths, &binary(&THEIRS))?;
    rows.push(Row::compare(
        "release binary, stripped (MiB)",
        ours_size as f64 / 1048576.0,
        theirs_size as f64 / 1048576.0,
        2,
        "≤ 0.5",
        Some(|r| r <= 0.5),
    ));
    Ok(rows)
}

/// A row to compare from the programs' samples: the sample key, the label, the precision,
/// the target, and the check of the ratio.
type SampleRow = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    Option<fn(f64) -> bool>,
);

/// Rows comparing the medians of `ours` and `theirs` over the rounds, one per `specs` entry,
/// each label after `prefix`. `maxrss_mib` is the `maxrss_kib` sample in MiB.
fn sample_rows(prefix: &str, ours: &[Sample], theirs: &[Sample], specs: &[SampleRow]) -> Vec<Row> {
    let median_of = |samples: &[Sample], key: &str| -> f64 {
        let (key, scale) = match key {
            "maxrss_mib" => ("maxrss_kib", 1.0 / 1024.0),
            other => (other, 1.0),
        };
        let values = samples
            .iter()
            .filter_map(|sample| sample.get(key).copied())
            .collect();
        median(values) * scale
    };
    specs
        .iter()
        .map(|&(key, label, precision, target, check)| {
            Row::compare(
                &format!("{prefix}{label}"),
                median_of(ours, key),
                median_of(theirs, key),
                precision,
                target,
                check,
            )
        })
        .collect()
}

/// How many calls one run of a client program makes.
#[derive(Debug, Clone, Copy)]
struct Load {
    /// Untimed calls first, one after another.
    warm_up: usize,
    /// Sequential calls: latency, CPU time and allocations per call.
    calls: usize,
    /// Calls spread over 16 tasks: throughput.
    concurrent: usize,
}

impl Load {
    /// `calls` and `concurrent` calls after the harness's usual 300 warm-up calls.
    fn new(calls: usize, concurrent: usize) -> Load {
        Load {
            warm_up: 300,
            calls,
            concurrent,
        }
    }

    fn with_warm_up(self, warm_up: usize) -> Load {
        Load { warm_up, ..self }
    }
}

/// Runs a client program once against the server at `url`.
fn run_program(binary: &Path, url: &str, load: Load) -> Result<Sample, String> {
    let name = binary.file_name().unwrap_or_default().to_string_lossy();
    let output = Command::new(binary)
        .args(["--endpoint", url])
        .args(["--warmup", &load.warm_up.to_string()])
        .args(["--calls", &load.calls.to_string()])
        .args(["--concurrent-calls", &load.concurrent.to_string()])
        .args(["--tasks", "16"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{name} failed ({})", output.status));
    }
    parse_sample(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| format!("{name} printed no result line"))
}

/// Parses the `result key=value ...` line a client program prints.
pub fn parse_sample(stdout: &str) -> Option<BTreeMap<String, f64>> {
    let line = stdout.lines().find(|line| line.starts_with("result "))?;
    let mut sample = BTreeMap::new();
    for pair in line.split_whitespace().skip(1) {
        let (key, value) = pair.split_once('=')?;
        sample.insert(key.to_owned(), value.parse().ok()?);
    }
    Some(sample)
}

/// The median (the mean of the middle two for an even count); 0 when empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// The size of a stripped copy of `binary` (the binary itself is left as it is).
fn stripped_size(paths: &Paths, binary: &Path) -> Result<u64, String> {
    let name = binary.file_name().unwrap_or_default().to_string_lossy();
    let copy = paths.target.join(format!("{name}.stripped"));
    let status = Command::new("strip")
        .arg("-o")
        .arg(&copy)
        .arg(binary)
        .status()
        .map_err(|e| format!("cannot run strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip {} failed", binary.display()));
    }
    std::fs::metadata(&copy)
        .map(|meta| meta.len())
        .map_err(|e| format!("{}: {e}", copy.display()))
}

/// The loopback server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(binary: &Path) -> Result<Server, String> {
        let mut child = Command::new(binary)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no server stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| format!("reading the server address: {e}"))?;
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("unexpected server output `{}`", line.trim()))?;
        Ok(Server {
            url: format!("http://{addr}"),
            child,
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Builds the release generator (this crate) into `bench/target/xtask`; returns its path.
fn build_generator(paths: &Paths) -> Result<PathBuf, String> {
    let target_dir = paths.target.join("xtask");
    let mut command = cargo();
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(paths.root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .args(["--release", "-p", "xtask", "--color", "never"]);
    timed_build(command, "the generator (xtask, release)")?;
    Ok(target_dir.join("release/xtask"))
}

/// Children's CPU time (user + system) so far, from `/proc/self/stat`; `None` elsewhere.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // cutime and cstime are fields 16 and 17 of the whole line, 14 and 15 here (0-based).
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    // Linux reports clock ticks at USER_HZ, 100 per second on every mainstream architecture.
    Some(Duration::from_millis(ticks * 10))
}

/// Times `runs` runs of the generator (after one untimed run); returns the median wall time
/// and the mean CPU time per run.
fn time_generator(
    generator: &Path,
    args: &[String],
    out: &Path,
    runs: usize,
) -> Result<(Duration, Option<Duration>), String> {
    // Every run writes every file into a folder of its own, and nothing is deleted here:
    // after thousands of files are deleted, ext4 spends up to a second per run looking past
    // the recently freed inodes when the next run creates its files (`perf` shows
    // `recently_deleted` and `find_inode_bit`), for a minute or more. So the folders of
    // earlier runs are moved aside, not deleted, and `cargo xtask bench` deletes them all
    // once its timings are done (`remove_timed_output`).
    set_aside(out)?;
    let mut run = 0;
    let mut once = || -> Result<Duration, String> {
        run += 1;
        let dir = out.join(format!("run-{run}"));
        let started = Instant::now();
        let output = Command::new(generator)
            .arg("codegen")
            .args(args)
            .arg("--out")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run the generator: {e}"))?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            return Err(format!(
                "the generator failed on {args:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(elapsed)
    };
    once()?;
    let cpu_before = children_cpu();
    let mut walls = Vec::new();
    for _ in 0..runs {
        walls.push(once()?.as_secs_f64());
    }
    let cpu = match (cpu_before, children_cpu()) {
        (Some(before), Some(after)) => Some((after - before) / runs as u32),
        _ => None,
    };
    Ok((Duration::from_secs_f64(median(walls)), cpu))
}

/// Where timed generator runs write, each `out` a folder inside it.
fn timed_output(paths: &Paths) -> PathBuf {
    paths.target.join("gen/timed")
}

/// Moves `out`, if it exists, into `set-aside/` next to it, under a name not yet taken.
fn set_aside(out: &Path) -> Result<(), String> {
    if !out.exists() {
        return Ok(());
    }
    let parent = out.parent().unwrap_or(out);
    let aside = parent.join("set-aside");
    std::fs::create_dir_all(&aside).map_err(|e| format!("{}: {e}", aside.display()))?;
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let free = (0..)
        .map(|n| aside.join(format!("{name}-{n}")))
        .find(|candidate| !candidate.exists())
        .expect("an unused name");
    std::fs::rename(out, &free).map_err(|e| format!("moving {} aside: {e}", out.display()))
}

/// Deletes what the timed generator runs wrote, once no more timings follow.
fn remove_timed_output(paths: &Paths) {
    let timed = timed_output(paths);
    let _ = std::fs::remove_dir_all(&timed);
    if let Some(parent) = timed.parent() {
        let _ = std::fs::remove_dir_all(parent.join("set-aside"));
    }
}

/// The operation shapes of a model, in model order (from the JSON AST). For a model with one
/// service, these are its operations, including those bound through resources.
pub fn operation_names(model: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("{}: {e}", model.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", model.display()))?;
    let shapes = json
        .get("shapes")
        .and_then(|shapes| shapes.as_object())
        .ok_or_else(|| format!("{}: no shapes", model.display()))?;
    Ok(shapes
        .iter()
        .filter(|(_, shape)| shape.get("type").and_then(|t| t.as_str()) == Some("operation"))
        .map(|(id, _)| id.rsplit('#').next().unwrap_or(id).to_owned())
        .collect())
}

/// The largest `*.json` model in `folder`.
fn largest_model(folder: &Path) -> Option<PathBuf> {
    std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .max_by_key(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
}

fn generator_rows(paths: &Paths, args: &BenchArgs) -> Result<Vec<Row>, String> {
    let generator = build_generator(paths)?;
    let out = timed_output(paths);
    let runs = args.generator_runs;
    let mut rows = Vec::new();
    let describe = |(wall, cpu): (Duration, Option<Duration>)| {
        let cpu = cpu
            .map(|cpu| format!(" (CPU {:.0} ms)", cpu.as_secs_f64() * 1e3))
            .unwrap_or_default();
        format!("{:.0} ms{cpu}", wall.as_secs_f64() * 1e3)
    };
    let model_dir = paths.root.join("model/proton.json");
    eprintln!("bench: timing the generator");
    let timing = time_generator(
        &generator,
        &["--model".into(), model_dir.display().to_string()],
        &out,
        runs,
    )?;
    rows.push(Row::single(
        "generator: model/ (1 operation)",
        describe(timing),
        "< 50 ms",
        Some(timing.0 < Duration::from_millis(50)),
    ));
    let proton = paths.shared_models.join("proton-2020-07-20.json");
    if proton.exists() {
        let operations = operation_names(&proton)?;
        let model_args = vec!["--model".to_string(), proton.display().to_string()];
        for count in [1, 10] {
            let mut args = model_args.clone();
            for name in operations.iter().take(count) {
                args.push("--operation".into());
                args.push(name.clone());
            }
            let timing = time_generator(&generator, &args, &out, runs)?;
            rows.push(Row::single(
                &format!(
                    "generator: Proton, {count} operation{}",
                    if count == 1 { "" } else { "s" }
                ),
                describe(timing),
                "",
                None,
            ));
        }
        let timing = time_generator(&generator, &model_args, &out, runs)?;
        rows.push(Row::single(
            &format!("generator: Proton, all {} operations", operations.len()),
            describe(timing),
            "< 250 ms",
            Some(timing.0 < Duration::from_millis(250)),
        ));
    } else {
        eprintln!(
            "bench: skipped the Proton model: {} not found",
            proton.display()
        );
    }
    if let Some(largest) = largest_model(&paths.shared_models) {
        let timing = time_generator(
            &generator,
            &["--model".into(), largest.display().to_string()],
            &out,
            runs,
        )?;
        let size = std::fs::metadata(&largest).map(|m| m.len()).unwrap_or(0);
        rows.push(Row::single(
            &format!(
                "generator: largest model, {} ({:.1} MB)",
                largest.file_name().unwrap_or_default().to_string_lossy(),
                size as f64 / 1e6
            ),
            describe(timing),
            "< 2 s",
            Some(timing.0 < Duration::from_secs(2)),
        ));
    }
    Ok(rows)
}

/// Runs the criterion benchmarks of `bench/micro`; their report goes to the terminal.
fn criterion(paths: &Paths) -> Result<(), String> {
    eprintln!("bench: criterion benchmarks (bench/micro)");
    let status = cargo()
        .arg("bench")
        .arg("--manifest-path")
        .arg(paths.manifest())
        .arg("--target-dir")
        .arg(paths.target.join("bench-micro"))
        .args(["-p", "bench-micro"])
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the criterion benchmarks failed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arguments() {
        let args: Vec<String> = ["--compile", "--rounds", "3", "--no-generator"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let parsed = BenchArgs::parse(&args).unwrap();
        assert!(parsed.compile && !parsed.generator && parsed.client);
        assert_eq!(parsed.rounds, 3);
        assert!(parsed.runs_client("proton") && parsed.runs_client("download"));
        let chosen = BenchArgs::parse(&["--clients".into(), "kinesis,download".into()]).unwrap();
        assert!(chosen.runs_client("download") && !chosen.runs_client("proton"));
        assert!(BenchArgs::parse(&["--clients".into(), "s3".into()]).is_err());
        assert!(BenchArgs::parse(&["--rounds".into(), "0".into()]).is_err());
        assert!(BenchArgs::parse(&["--bogus".into()]).is_err());
    }

    #[test]
    fn reads_a_result_line() {
        let sample = parse_sample("noise\nresult a=1.5 b=2\n").unwrap();
        assert_eq!(sample["a"], 1.5);
        assert_eq!(sample["b"], 2.0);
        assert!(parse_sample("nothing").is_none());
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
    }

    #[test]
    fn lists_operations_of_a_model() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.json");
        std::fs::write(
            &model,
            r#"{"smithy":"2.0","shapes":{"a#Op2":{"type":"operation"},"a#S":{"type":"service"},"a#Op1":{"type":"operation"}}}"#,
        )
        .unwrap();
        assert_eq!(operation_names(&model).unwrap(), ["Op2", "Op1"]);
    }
}
