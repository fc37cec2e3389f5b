//! The generator against real models: every upstream AWS model in `../shared/models` and the
//! official protocol-test models (skipped, with a message, on a fresh clone without
//! `../shared`), and the models kept in this repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{CrateSettings, GenerateRequest};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared not found (shared test data is absent on a fresh clone)");
        None
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The JSON models in `folder` of `../shared`, sorted.
fn model_files(shared: &Path, folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// (model file, service) for every service of every shared awsJson, restJson1 and streaming
/// model, and of the awsJson protocol-test model.
fn cases(shared: &Path) -> Vec<(PathBuf, String)> {
    let mut files = model_files(shared, "models");
    files.extend(model_files(shared, "models/rest-json"));
    files.extend(model_files(shared, "models/streaming"));
    files.push(shared.join("smithy/protocol-tests/aws-json-1_0.json"));
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let model = codegen::model::load::load_files(&[file.as_path()])
            .unwrap_or_else(|d| panic!("{} does not load:\n{d}", file.display()));
        for service in model.services() {
            cases.push((file.clone(), service.id.to_string()));
        }
    }
    cases
}

fn request(model: &Path, service: &str) -> GenerateRequest {
    GenerateRequest {
        model_files: vec![model.to_path_buf()],
        source_names: vec![model.file_name().unwrap().to_string_lossy().into_owned()],
        service: Some(service.to_string()),
        operations: Vec::new(),
        crate_settings: CrateSettings {
            name: format!(
                "check-{}",
                service.rsplit('#').next().unwrap().to_lowercase()
            ),
            version: "0.0.0".into(),
            description: None,
            runtime_path: workspace_root()
                .join("runtime")
                .to_string_lossy()
                .into_owned(),
            workspace_member: false,
        },
        partitions: None,
    }
}

/// Every JSON model under `models/` (subfolders included) and every protocol-test model.
fn every_model_file(shared: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![shared.join("models"), shared.join("smithy/protocol-tests")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Smithy accepts every shared model, so validation must too: a rule that rejects one of
/// them is wrong. The generate tests below cover the awsJson and restJson1 services; this
/// covers the streaming and other-protocol models as well.
#[test]
fn every_shared_model_loads_and_validates() {
    let Some(shared) = shared() else { return };
    let files = every_model_file(&shared);
    assert_eq!(
        files.len(),
        35,
        "11 awsJson, 10 restJson and 6 streaming AWS models, 8 protocol-test models: {files:?}"
    );
    let mut problems = String::new();
    for file in &files {
        let model = codegen::model::load::load_files(&[file.as_path()])
            .unwrap_or_else(|d| panic!("{} does not load:\n{d}", file.display()));
        if let Err(diagnostics) = codegen::validate::validate(&model) {
            problems.push_str(&format!("{diagnostics}\n"));
        }
    }
    assert!(
        problems.is_empty(),
        "valid Smithy models rejected:\n{problems}"
    );
    assert_eq!(
        cases(&shared).len(),
        29,
        "11 awsJson and 10 restJson1 AWS services, 6 streaming ones (Glacier and Polly with \
         streaming blobs, Bedrock Runtime, Kinesis and Lambda with received event streams, \
         Transcribe Streaming with duplex ones), 2 protocol-test services"
    );
}

/// The maintainer's model, the kitchen-sink and notes fixtures and the fuzz fixture are valid
/// Smithy too (and the fuzz fixture generates).
#[test]
fn repository_models_validate() {
    let root = workspace_root();
    for file in [
        "model/proton.json",
        "codegen/tests/fixtures/kitchen-sink.json",
        "codegen/tests/fixtures/notes.json",
        "fuzz/models/telemetry.json",
    ] {
        let path = root.join(file);
        let model = codegen::model::load::load_files(&[path.as_path()])
            .unwrap_or_else(|d| panic!("{file} does not load:\n{d}"));
        codegen::validate::validate(&model).unwrap_or_else(|d| panic!("{file}:\n{d}"));
    }
    // The fuzz fixture is only generated by `fuzz/run.sh`, which CI does not run.
    let mut telemetry = request(
        &root.join("fuzz/models/telemetry.json"),
        "example.telemetry#Telemetry",
    );
    telemetry.crate_settings.name = "telemetry-client".into();
    codegen::generate(&telemetry).unwrap_or_else(|d| panic!("fuzz/models/telemetry.json:\n{d}"));
}

#[test]
fn every_operation_of_every_shared_model_generates_deterministically() {
    let Some(shared) = shared() else { return };
    for (file, service) in cases(&shared) {
        let request = request(&file, &service);
        let first = codegen::generate(&request).unwrap_or_else(|d| panic!("{service}:\n{d}"));
        let second = codegen::generate(&request).unwrap();
        assert!(first == second, "{service}: two runs differ");
        let operations = codegen::normalize::service_operations(
            &codegen::model::load::load_files(&[file.as_path()]).unwrap(),
            &codegen::model::ShapeId::parse(&service).unwrap(),
        );
        let modules = first
            .files
            .keys()
            .filter(|path| path.starts_with("src/operation/") && path.matches('/').count() == 2)
            .count();
        assert_eq!(
            modules,
            operations.len(),
            "{service}: one module per operation"
        );
    }
}

#[test]
fn selected_operations_generate_the_same_files_in_any_order() {
    let Some(shared) = shared() else { return };
    let model = shared.join("models/proton-2020-07-20.json");
    let mut request = request(&model, "com.amazonaws.proton#AwsProton20200720");
    request.operations = vec![
        "ListEnvironments".into(),
        "CancelEnvironmentDeployment".into(),
        "GetService".into(),
    ];
    let forward = codegen::generate(&request).unwrap();
    request.operations.reverse();
    let backward = codegen::generate(&request).unwrap();
    assert!(forward == backward);
    assert!(forward
        .files
        .contains_key("src/operation/list_environments.rs"));
    assert!(!forward
        .files
        .contains_key("src/operation/create_environment.rs"));
}

/// Generates a crate for every service of every shared model into one workspace and runs
/// `cargo clippy` on them, tests included, with warnings denied, sharing one target folder so
/// the runtime is built once.
#[test]
fn every_generated_crate_compiles_without_warnings() {
    let Some(shared) = shared() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for (file, service) in cases(&shared) {
        let dir_name = service.rsplit('#').next().unwrap().to_lowercase();
        let dir = out.path().join(&dir_name);
        let mut request = request(&file, &service);
        request.crate_settings.workspace_member = true;
        let files = codegen::generate(&request).unwrap_or_else(|d| panic!("{d}"));
        let plan = codegen::output::plan(&dir, files).unwrap();
        codegen::output::apply(&dir, &plan).unwrap();
        members.push(dir_name);
    }
    assert_eq!(members.len(), 29, "{members:?}");
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(out.path().join("Cargo.toml"), manifest).unwrap();
    let target = workspace_root().join("target/generated-check");
    let status = Command::new(env!("CARGO"))
        .args(["clippy", "--workspace", "--all-targets", "--quiet"])
        .args(["--", "-D", "warnings"])
        .current_dir(out.path())
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the generated crates compile without warnings or clippy lints"
    );
}
