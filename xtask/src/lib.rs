//! The project's command line: `cargo xtask codegen [--check]` and friends.

pub mod api_names;
pub mod bench;

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use codegen::output::{self, Plan};
use codegen::{CrateSettings, GenerateRequest};

/// The workspace root (the folder above `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Options of `cargo xtask codegen`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodegenArgs {
    pub check: bool,
    pub models: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub service: Option<String>,
    pub operations: Vec<String>,
    pub crate_name: Option<String>,
    pub partitions: Option<PathBuf>,
}

pub const CODEGEN_USAGE: &str = "\
usage: cargo xtask codegen [--check]
       cargo xtask codegen --model FILE [--model FILE]... --out DIR
                           [--service SHAPE_ID] [--operation NAME]... [--crate-name NAME]
                           [--partitions FILE] [--check]

Without --model, regenerates generated/ from model/smithy-build.json.
--partitions reads the facts `aws.partition` answers from (`partitions.json` format) from
FILE instead of using the built-in copy of the published ones.
--check writes nothing and exits 1 with a diff when the output is stale.";

impl CodegenArgs {
    pub fn parse(args: &[String]) -> Result<CodegenArgs, String> {
        let mut parsed = CodegenArgs::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |name: &str| {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg.as_str() {
                "--check" => parsed.check = true,
                "--model" => parsed.models.push(PathBuf::from(value("--model")?)),
                "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
                "--service" => parsed.service = Some(value("--service")?),
                "--operation" => parsed.operations.push(value("--operation")?),
                "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
                "--partitions" => parsed.partitions = Some(PathBuf::from(value("--partitions")?)),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        if parsed.models.is_empty() {
            if parsed.out.is_some()
                || parsed.service.is_some()
                || !parsed.operations.is_empty()
                || parsed.partitions.is_some()
            {
                return Err("--out, --service, --operation and --partitions need --model".into());
            }
        } else if parsed.out.is_none() {
            return Err("--model needs --out DIR".into());
        }
        Ok(parsed)
    }
}

/// What a run did, for the summary line and for tests.
#[derive(Debug)]
pub struct Outcome {
    pub out_dir: PathBuf,
    pub plan: Plan,
    /// The diff, in check mode when the output is stale.
    pub diff: Option<String>,
}

/// The crates checked into the repository: (settings file, output folder), relative to the root.
/// The second is the snapshot of every shape kind; it is a workspace member, so it must compile.
pub const CHECKED_IN: [(&str, &str); 2] = [
    ("model/smithy-build.json", "generated"),
    (
        "codegen/tests/fixtures/smithy-build.json",
        "codegen/tests/snapshots/kitchen-sink",
    ),
];

/// The request for a checked-in crate, from its `smithy-build.json`.
pub fn checked_in_request(
    root: &Path,
    settings: &str,
    out: &str,
) -> Result<(GenerateRequest, PathBuf), String> {
    let settings_path = root.join(settings);
    let out_dir = root.join(out);
    let settings = codegen::settings::read(&settings_path).map_err(|d| d.to_string())?;
    let source_names = settings
        .sources
        .iter()
        .map(|path| display_relative(root, path))
        .collect();
    let request = GenerateRequest {
        model_files: settings.sources.clone(),
        source_names,
        service: Some(settings.service.clone()),
        operations: settings.operations.clone(),
        crate_settings: CrateSettings {
            name: settings.module.clone(),
            version: settings.module_version.clone(),
            description: settings.module_description.clone(),
            runtime_path: relative_path(&out_dir, &root.join("runtime")),
            workspace_member: true,
        },
        partitions: settings.partitions.clone(),
    };
    Ok((request, out_dir))
}

/// The request for `--model ... --out DIR`.
pub fn explicit_request(
    root: &Path,
    args: &CodegenArgs,
) -> Result<(GenerateRequest, PathBuf), String> {
    let out = args.out.clone().ok_or("--out is required with --model")?;
    let out_abs = absolute(&out);
    let runtime_abs = absolute(&root.join("runtime"));
    let runtime_path = relative_path(&out_abs, &runtime_abs);
    let source_names = args
        .models
        .iter()
        .map(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string())
        })
        .collect();
    let crate_name = args.crate_name.clone().unwrap_or_else(|| {
        let stem = out_abs
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".into());
        sanitize_crate_name(&stem)
    });
    let request = GenerateRequest {
        model_files: args.models.clone(),
        source_names,
        service: args.service.clone(),
        operations: args.operations.clone(),
        crate_settings: CrateSettings {
            name: crate_name,
            version: "0.1.0".into(),
            description: None,
            runtime_path,
            workspace_member: CHECKED_IN
                .iter()
                .any(|(_, checked_in)| out_abs == absolute(&root.join(checked_in))),
        },
        partitions: args.partitions.clone(),
    };
    Ok((request, out))
}

/// Runs `cargo xtask codegen`: generates every requested crate in memory first, then writes them
/// (or, with `check`, compares). Nothing is written unless every crate generated cleanly.
pub fn run_codegen(root: &Path, args: &CodegenArgs) -> Result<Vec<Outcome>, String> {
    let requests = if args.models.is_empty() {
        CHECKED_IN
            .iter()
            .map(|(settings, out)| checked_in_request(root, settings, out))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![explicit_request(root, args)?]
    };
    let mut generated = Vec::new();
    let mut problems = Vec::new();
    for (request, out_dir) in requests {
        match codegen::generate(&request) {
            Ok(files) => generated.push((files, out_dir)),
            Err(diagnostics) => problems.push(diagnostics.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    // Written folders are locked (in a fixed order) from planning to the last write, so a second
    // run waits instead of mixing its files in. Check mode writes nothing, the lock file included.
    let mut locks = Vec::new();
    if !args.check {
        for (_, out_dir) in &generated {
            let lock = output::OutputLock::acquire(out_dir, || {
                eprintln!(
                    "codegen: waiting for another run to finish writing {}",
                    out_dir.display()
                )
            });
            locks.push(lock.map_err(|e| e.to_string())?);
        }
    }
    let mut plans = Vec::new();
    for (files, out_dir) in generated {
        let plan = output::plan(&out_dir, files).map_err(|e| e.to_string())?;
        plans.push((plan, out_dir));
    }
    let mut outcomes = Vec::new();
    for (plan, out_dir) in plans {
        if args.check {
            let diff = (!plan.is_empty()).then(|| output::diff(&out_dir, &plan));
            outcomes.push(Outcome {
                out_dir,
                plan,
                diff,
            });
        } else {
            output::apply(&out_dir, &plan).map_err(|e| {
                format!(
                    "{e}\n{WRITE_FAILED} {}: each of its files is either as it was or new; run again to finish",
                    out_dir.display()
                )
            })?;
            outcomes.push(Outcome {
                out_dir,
                plan,
                diff: None,
            });
        }
    }
    drop(locks);
    Ok(outcomes)
}

/// Starts the message of a run that failed after it began writing.
const WRITE_FAILED: &str = "codegen: failed while writing";

/// The command-line entry for `codegen`; returns the process exit code.
pub fn codegen_main(args: &[String]) -> i32 {
    let parsed = match CodegenArgs::parse(args) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("error: {problem}\n\n{CODEGEN_USAGE}");
            return 2;
        }
    };
    let started = Instant::now();
    let root = workspace_root();
    let outcomes = match run_codegen(&root, &parsed) {
        Ok(outcomes) => outcomes,
        Err(problem) => {
            eprintln!("{problem}");
            if !problem.contains(WRITE_FAILED) {
                eprintln!("codegen: failed, nothing was written");
            }
            return 1;
        }
    };
    let elapsed = started.elapsed();
    if parsed.check {
        let mut stale = false;
        for outcome in &outcomes {
            let out = display_relative(&root, &outcome.out_dir);
            match &outcome.diff {
                None => println!(
                    "codegen --check: {out} is up to date ({} files)",
                    outcome.plan.unchanged
                ),
                Some(diff) => {
                    stale = true;
                    print!("{diff}");
                    eprintln!(
                        "codegen --check: {out} is stale ({} to write, {} to remove)",
                        outcome.plan.writes.len(),
                        outcome.plan.removals.len()
                    );
                }
            }
        }
        if stale {
            let mut fix = String::from("cargo xtask codegen");
            for arg in args.iter().filter(|a| *a != "--check") {
                fix.push(' ');
                fix.push_str(arg);
            }
            eprintln!("codegen --check: run `{fix}` to update it ({elapsed:.0?})");
            return 1;
        }
        return 0;
    }
    // Built whole and printed at once: a thousand `println!`s are a thousand writes.
    let mut report = String::new();
    for outcome in &outcomes {
        let out = display_relative(&root, &outcome.out_dir);
        for path in outcome.plan.writes.keys() {
            let _ = writeln!(report, "  wrote   {out}/{path}");
        }
        for path in &outcome.plan.removals {
            let _ = writeln!(report, "  removed {out}/{path}");
        }
        for path in &outcome.plan.leftovers {
            let _ = writeln!(
                report,
                "  removed {out}/{path} (left behind by an interrupted run)"
            );
        }
        let _ = writeln!(
            report,
            "codegen: {out}: {} written, {} removed, {} unchanged",
            outcome.plan.writes.len(),
            outcome.plan.removals.len(),
            outcome.plan.unchanged,
        );
    }
    let _ = writeln!(report, "codegen: done in {elapsed:.0?}");
    print!("{report}");
    0
}

fn display_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve `.` and `..` lexically; the output folder may not exist yet.
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A relative path from folder `from` to `to`, both absolute, with `/` separators.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

fn sanitize_crate_name(stem: &str) -> String {
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name,
        _ => format!("generated-{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_output_folder() {
        assert_eq!(
            relative_path(Path::new("/w/generated"), Path::new("/w/runtime")),
            "../runtime"
        );
        assert_eq!(
            relative_path(Path::new("/tmp/x/y"), Path::new("/w/runtime")),
            "../../../w/runtime"
        );
    }

    #[test]
    fn parses_arguments() {
        let args: Vec<String> = [
            "--model",
            "m.json",
            "--out",
            "o",
            "--operation",
            "A",
            "--operation",
            "B",
            "--check",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let parsed = CodegenArgs::parse(&args).unwrap();
        assert!(parsed.check);
        assert_eq!(parsed.operations, ["A", "B"]);
        assert!(CodegenArgs::parse(&["--model".to_string(), "m.json".to_string()]).is_err());
        assert!(CodegenArgs::parse(&["--bogus".to_string()]).is_err());
    }

    #[test]
    fn partitions_file_goes_with_an_explicit_model() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let parsed = CodegenArgs::parse(&args(&[
            "--model",
            "m.json",
            "--out",
            "o",
            "--partitions",
            "p.json",
        ]))
        .unwrap();
        assert_eq!(parsed.partitions, Some(PathBuf::from("p.json")));
        let (request, _) = explicit_request(Path::new("/w"), &parsed).unwrap();
        assert_eq!(request.partitions, Some(PathBuf::from("p.json")));
        let error = CodegenArgs::parse(&args(&["--partitions", "p.json"])).unwrap_err();
        assert!(error.contains("--partitions need --model"), "{error}");
        assert!(
            CodegenArgs::parse(&args(&["--model", "m.json", "--out", "o", "--partitions"]))
                .is_err()
        );
    }
}
