//! Every public name we generate for the shared AWS models is the official `aws-sdk-*` crate's.
//!
//! `tests/official_names/<model>.txt` lists the official crate's names for each awsJson model
//! in `../shared/models`, and `tests/official_names/rest-json/<model>.txt` for each restJson1
//! model in `../shared/models/rest-json` (read from the crate whose model matches the shared
//! one, by `cargo xtask api-names --write`), each marked with whether we generate it. This test
//! generates each model in memory and fails on any name we generate that the official crate
//! lacks, and on any official name whose mark no longer matches. Skipped, with a message,
//! without `../shared`.
//!
//! After a deliberate change (a feature that adds official names, say), re-mark the files from
//! the current output without downloading anything:
//! `UPDATE_OFFICIAL_NAMES=1 cargo test -p codegen --test official_names`.

use std::path::{Path, PathBuf};

use codegen::api_names::{self, Expectation};
use codegen::{CrateSettings, GenerateRequest};

fn expectations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/official_names")
}

/// The folders of shared models that have expectations, relative to `../shared/models` (and
/// their expectations' to `tests/official_names`), each with how many models it holds.
const MODEL_FOLDERS: &[(&str, usize)] = &[("", 11), ("rest-json", 10)];

/// Each expectation file with the shared model it is for, in order.
fn expectation_files(models: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    for (folder, count) in MODEL_FOLDERS {
        let mut files: Vec<PathBuf> = std::fs::read_dir(expectations_dir().join(folder))
            .unwrap_or_else(|e| panic!("tests/official_names/{folder}: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        files.sort();
        assert_eq!(
            files.len(),
            *count,
            "one expectation per shared model in models/{folder}"
        );
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let model = models.join(folder).join(format!("{stem}.json"));
            pairs.push((file, model));
        }
    }
    pairs
}

fn our_names(model: &Path) -> api_names::Names {
    let request = GenerateRequest {
        model_files: vec![model.to_path_buf()],
        source_names: Vec::new(),
        service: None,
        operations: Vec::new(),
        partitions: None,
        crate_settings: CrateSettings {
            name: "names-check".into(),
            version: "0.0.0".into(),
            description: None,
            runtime_path: "../runtime".into(),
            workspace_member: false,
        },
    };
    let generated = codegen::generate(&request)
        .unwrap_or_else(|d| panic!("{} does not generate:\n{d}", model.display()));
    let names = api_names::from_sources(&generated.files)
        .unwrap_or_else(|problem| panic!("{}: {problem}", model.display()));
    api_names::expectation_names(&names)
}

/// What differs between the marks of `expected` and what we generate, one line each.
fn problems(expected: &Expectation, ours: &api_names::Names) -> Vec<String> {
    let not_official = ours
        .difference(&expected.official)
        .map(|name| format!("generated, but the official crate has no such name: {name}"));
    let newly_matched = ours
        .intersection(&expected.official)
        .filter(|name| !expected.ours.contains(*name))
        .map(|name| format!("now generated (an official name; re-mark the file): {name}"));
    let lost = expected
        .ours
        .difference(ours)
        .map(|name| format!("no longer generated: {name}"));
    not_official.chain(newly_matched).chain(lost).collect()
}

#[test]
fn generated_names_are_the_official_crates() {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models");
    if !models.is_dir() {
        println!(
            "skipped: ../shared/models not found (shared test data is absent on a fresh clone)"
        );
        return;
    }
    let update = std::env::var_os("UPDATE_OFFICIAL_NAMES").is_some();
    let mut failures = Vec::new();
    for (file, model) in expectation_files(&models) {
        let stem = file
            .strip_prefix(expectations_dir())
            .unwrap()
            .with_extension("")
            .display()
            .to_string();
        if !model.is_file() {
            println!("skipped {stem}: {} not found", model.display());
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let expected = Expectation::parse(&text)
            .unwrap_or_else(|problem| panic!("{}: {problem}", file.display()));
        let ours = our_names(&model);
        let found = problems(&expected, &ours);
        if found.is_empty() {
            println!(
                "{stem}: {} of {} official names",
                ours.len(),
                expected.official.len()
            );
            continue;
        }
        if update {
            let header: Vec<String> = text
                .lines()
                .take_while(|line| line.starts_with('#'))
                .map(|line| line.trim_start_matches('#').trim_start().to_string())
                .collect();
            let remarked = Expectation {
                official: expected.official,
                ours,
            };
            std::fs::write(&file, remarked.to_text(&header)).unwrap();
            println!("{stem}: re-marked {}", file.display());
            continue;
        }
        let shown: Vec<&String> = found.iter().take(40).collect();
        failures.push(format!(
            "{stem}: {} problems (first {}):\n  {}",
            found.len(),
            shown.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\n\nA name the official crate lacks is a naming bug (see naming.rs). If every \
         difference is intended, re-mark the files: UPDATE_OFFICIAL_NAMES=1 cargo test -p \
         codegen --test official_names",
        failures.join("\n")
    );
}

#[test]
fn a_misspelled_name_is_reported() {
    let official: api_names::Names = ["type types::WebAcl", "fn types::WebAcl::name"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let expected = Expectation {
        ours: official.clone(),
        official,
    };
    let ours: api_names::Names = ["type types::WebACL", "fn types::WebACL::name"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let found = problems(&expected, &ours);
    assert!(
        found
            .iter()
            .any(|p| p.contains("no such name: type types::WebACL")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("no longer generated: type types::WebAcl")),
        "{found:?}"
    );
    assert!(problems(&expected, &expected.ours).is_empty());
}
