//! `cargo xtask api-names`: the public names of a crate, or how two crates' names differ.
//!
//! Used to hold a generated crate against the official `aws-sdk-*` crate for the same model:
//! unpack the official crate's source (its `.crate` file from crates.io), generate ours with
//! `cargo xtask codegen --model FILE --out DIR`, and compare the two folders.

use std::path::PathBuf;

use codegen::api_names::{self, Names};

pub const API_NAMES_USAGE: &str = "\
usage: cargo xtask api-names [--all] CRATE_DIR
       cargo xtask api-names [--all] --official CRATE_DIR --ours CRATE_DIR

The first form prints the crate's public names, one `<kind> <path>` per line.
The second prints the names only the official crate has (`-`) and only ours has (`+`),
then a count; it exits 1 when there is any difference.
Without --all, only names that come from the model are kept (types, operations, client
methods, waiters; not config, error or primitives, nor methods every builder has).";

/// What `api-names` was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum ApiNamesArgs {
    List { dir: PathBuf, all: bool },
    Compare { official: PathBuf, ours: PathBuf, all: bool },
}

impl ApiNamesArgs {
    pub fn parse(args: &[String]) -> Result<ApiNamesArgs, String> {
        let (mut official, mut ours, mut dir, mut all) = (None, None, None, false);
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
                other if other.starts_with("--") => {
                    return Err(format!("unknown argument `{other}`"))
                }
                other if dir.is_none() => dir = Some(PathBuf::from(other)),
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        match (official, ours, dir) {
            (Some(official), Some(ours), None) => Ok(ApiNamesArgs::Compare { official, ours, all }),
            (None, None, Some(dir)) => Ok(ApiNamesArgs::List { dir, all }),
            (None, None, None) => Err("give a crate folder, or --official and --ours".into()),
            _ => Err("--official and --ours go together, without a crate folder".into()),
        }
    }
}

fn read(dir: &std::path::Path, all: bool) -> Result<Names, String> {
    let names = api_names::from_dir(dir)?;
    Ok(if all { names } else { api_names::model_names(&names) })
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
        ApiNamesArgs::Compare { official, ours, all } => read(&official, all).and_then(|o| {
            let ours_names = read(&ours, all)?;
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
            ApiNamesArgs::List { dir: "some/crate".into(), all: false }
        );
        assert_eq!(
            ApiNamesArgs::parse(&args(&["--ours", "b", "--all", "--official", "a"])).unwrap(),
            ApiNamesArgs::Compare { official: "a".into(), ours: "b".into(), all: true }
        );
        assert!(ApiNamesArgs::parse(&args(&[])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--official", "a"])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--official", "a", "--ours", "b", "c"])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--ours"])).is_err());
        assert!(ApiNamesArgs::parse(&args(&["--bogus", "a"])).is_err());
    }
}
