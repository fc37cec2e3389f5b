//! `cargo xtask api-names`: the public names of a crate, or how two crates' names differ.
//!
//! Used to hold a generated crate against the official `aws-sdk-*` crate for the same model:
//! unpack the official crate's source (its `.crate` file from crates.io), generate ours with
//! `cargo xtask codegen --model FILE --out DIR`, and compare the two folders.

use std::path::PathBuf;

use codegen::api_names::{self, Names};

pub const API_NAMES_USAGE: &str = "\
usage: cargo xtask api-names [--all] CRATE_DIR
       cargo xtask api-names [--all] --official CRATE_DIR --ours CRATE_DIR [--write FILE]

The first form prints the crate's public names, one `<kind> <path>` per line.
The second prints the names only the official crate has (`-`) and only ours has (`+`),
then a count; it exits 1 when there is any difference. --write also saves the official
names, each marked with whether ours has it, as a checked-in expectation (see
codegen/tests/official_names.rs).
Without --all, only names that come from the model are kept (types, operations, client
methods, waiters; not config, error or primitives, nor methods every builder has).";

/// What `api-names` was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum ApiNamesArgs {
    List {
        dir: PathBuf,
        all: bool,
    },
    Compare {
        official: PathBuf,
        ours: PathBuf,
        all: bool,
        write: Option<PathBuf>,
    },
}

impl ApiNamesArgs {
    pub fn parse(args: &[String]) -> Result<ApiNamesArgs, String> {
        let (mut official, mut ours, mut dir, mut all, mut write) = (None, None, None, false, None);
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |name: &str| {
                iter.next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("{name} needs a folder"))
            };
            match arg.as_str() {
                "--all" => all = true,
                "--official" => official = Some(value("--official")?),
                "--ours" => ours = Some(value("--ours")?),
                "--write" => write = Some(value("--write")?),
                other if other.starts_with("--") => {
                    return Err(format!("unknown argument `{other}`"))
                }
                other if dir.is_none() => dir = Some(PathBuf::from(other)),
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        match (official, ours, dir) {
            (Some(official), Some(ours), None) => Ok(ApiNamesArgs::Compare {
                official,
                ours,
                all,
                write,
            }),
            (None, None, Some(dir)) if write.is_none() => Ok(ApiNamesArgs::List { dir, all }),
            (None, None, Some(_)) => Err("--write needs --official and --ours".into()),
            (None, None, None) => Err("give a crate folder, or --official and --ours".into()),
            _ => Err("--official and --ours go together, without a crate folder".into()),
        }
    }
}

fn read(dir: &std::path::Path, all: bool) -> Result<Names, String> {
    let names = api_names::from_dir(dir)?;
    Ok(if all {
        names
    } else {
        api_names::model_names(&names)
    })
}

/// The command-line entry for `api-names`; returns the process exit code.
pub fn api_names_main(args: &[String]) -> i32 {
    let parsed = match ApiNamesArgs::parse(args) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("error: {problem}\n\n{API_NAMES_USAGE}");
            return 2;
        }
    };
    let result = match parsed {
        ApiNamesArgs::List { dir, all } => read(&dir, all).map(|names| {
            for name in &names {
                println!("{name}");
            }
            0
        }),
        ApiNamesArgs::Compare {
            official: official_dir,
            ours,
            all,
            write,
        } => read(&official_dir, all).and_then(|o| {
            let ours_names = read(&ours, all)?;
            if let Some(file) = write {
                write_expectation(&official_dir, &o, &ours_names, &file)?;
            }
            let differences = api_names::differences(&o, &ours_names);
            for line in &differences {
                println!("{line}");
            }
            let only_official = differences.iter().filter(|l| l.starts_with('-')).count();
            println!(
                "api-names: {} names in the official crate, {} in ours; {only_official} only in the official crate, {} only in ours",
                o.len(),
                ours_names.len(),
                differences.len() - only_official
            );
            Ok(i32::from(!differences.is_empty()))
        }),
    };
    result.unwrap_or_else(|problem| {
        eprintln!("error: {problem}");
        2
    })
}

/// Saves the official names, marked with whether ours has each, for `official_names.rs`.
fn write_expectation(
    official_dir: &std::path::Path,
    official: &Names,
    ours: &Names,
    file: &std::path::Path,
) -> Result<(), String> {
    let source = official_dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let expectation = api_names::Expectation {
        official: api_names::expectation_names(official),
        ours: api_names::expectation_names(ours),
    };
    let header = [
        format!("The public names of {source} (from crates.io), written by `cargo xtask api-names --write`."),
        "`=` we generate it too, `-` only the official crate has it, `+` only ours has it.".to_string(),
        "Modules at the margin, their types indented once, the types' methods and variants twice.".to_string(),
    ];
    std::fs::write(file, expectation.to_text(&header))
        .map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_both_forms() {
        assert_eq!(
            ApiNamesArgs::parse(&args(&["some/crate"])).unwrap(),
            ApiNamesArgs::List {
                dir: "some/crate".into(),
                all: false
            }
        );
        assert_eq!(
            ApiNamesArgs::parse(&args(&["--ours", "b", "--all", "--official", "a"])).unwrap(),
            ApiNamesArgs::Compare {
                official: "a".into(),
                ours: "b".into(),
                all: true,
                write: None
            }
        );
        assert!(ApiNamesArgs::parse(&args(&[])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--official", "a"])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--official", "a", "--ours", "b", "c"])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--ours"])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["c", "--write", "f"])).is_err());
        assert!(matches!(
            ApiNamesArgs::parse(&args(&["--official", "a", "--ours", "b", "--write", "f"])),
            Ok(ApiNamesArgs::Compare { write: Some(_), .. })
        ));
        assert!(ApiNamesArgs::parse(&args(&["--bogus", "a"])).is_err());
    }
}
