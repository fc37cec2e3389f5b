//! What the rows measured with a crate generated from a shared model have in common (Lambda
//! `Invoke`, Kinesis `SubscribeToShard`, Polly `SynthesizeSpeech`): generate the crate with only
//! the operations the program calls, build the program against it (`bench/<folder>`, outside
//! the bench workspace) and the reference program (a package of the bench workspace), start
//! the bench server, warm both up, and run them alternately for the measured rounds.

use std::path::Path;

use super::rest_json::generate;
use super::{
    cargo, cargo_build, not_incremental, run_program, timed_build, BenchArgs, Load, Paths, Sample,
    Server,
};

/// A bench program built against a crate generated from one shared model.
pub(super) struct GeneratedProgram {
    /// What the progress lines and the skip message call it.
    pub name: &'static str,
    /// The model, relative to `../shared/models`.
    pub model: &'static str,
    /// The generated crate's package name, as the program's manifest names it.
    pub crate_name: &'static str,
    /// The operations generated (`--operation`), only those the program calls.
    pub operations: &'static [&'static str],
    /// The program's folder under `bench/` and its binary's name.
    pub folder: &'static str,
    pub binary: &'static str,
    /// The package of the bench workspace it is compared with.
    pub reference: &'static str,
}

/// The samples of `program` and of its reference, one per round each; `None` (after saying
/// why) when the shared model is not there.
pub(super) fn measure(
    paths: &Paths,
    args: &BenchArgs,
    program: &GeneratedProgram,
    warm_up: Load,
    measured: Load,
) -> Result<Option<[Vec<Sample>; 2]>, String> {
    let model = paths.shared_models.join(program.model);
    if !model.exists() {
        eprintln!(
            "bench: skipped {}: {} not found",
            program.name,
            model.display()
        );
        return Ok(None);
    }
    generate(paths, &model, program.crate_name, program.operations)?;
    let ours_target = paths.target.join(program.folder);
    let mut build = cargo();
    build
        .arg("build")
        .arg("--release")
        .arg("--manifest-path")
        .arg(paths.bench.join(program.folder).join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&ours_target)
        .args(["--color", "never"]);
    not_incremental(&mut build);
    timed_build(build, &format!("{} (release)", program.binary))?;
    // `bench-lambda-theirs` builds into `bench/target/lambda-theirs`, and so on.
    let reference_folder = program
        .reference
        .strip_prefix("bench-")
        .unwrap_or(program.reference);
    let reference_target = paths.target.join(reference_folder);
    cargo_build(paths, &reference_target, program.reference, true)?;
    let binaries = [
        ours_target.join("release").join(program.binary),
        reference_target.join("release").join(program.reference),
    ];
    run_alternately(paths, args, program.name, &binaries, warm_up, measured).map(Some)
}

/// Runs each of `binaries` once with `warm_up`, then `args.rounds` times each with
/// `measured`, alternating, against a bench server of their own.
fn run_alternately(
    paths: &Paths,
    args: &BenchArgs,
    name: &str,
    binaries: &[impl AsRef<Path>; 2],
    warm_up: Load,
    measured: Load,
) -> Result<[Vec<Sample>; 2], String> {
    let server_target = paths.target.join("server");
    cargo_build(paths, &server_target, "bench-server", true)?;
    let mut server = Server::start(&server_target.join("release/bench-server"))?;
    eprintln!("bench: {name} warm-up round");
    for binary in binaries {
        run_program(binary.as_ref(), &server.url, warm_up)?;
    }
    let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
    for round in 1..=args.rounds {
        eprintln!("bench: {name} round {round}/{}", args.rounds);
        for (binary, samples) in binaries.iter().zip(samples.iter_mut()) {
            samples.push(run_program(binary.as_ref(), &server.url, measured)?);
        }
    }
    server.stop();
    Ok(samples)
}
