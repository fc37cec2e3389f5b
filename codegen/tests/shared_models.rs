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

fn read_json(file: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// (model file, service) for every service of every shared awsJson and restJson1 model, of
/// the streaming models without unsupported event streams, and of the awsJson protocol-test model.
fn cases(shared: &Path) -> Vec<(PathBuf, String)> {
    let mut files = model_files(shared, "models");
    files.extend(model_files(shared, "models/rest-json"));
    files.extend(
        model_files(shared, "models/streaming")
            .into_iter()
            .filter(|file| unsupported_event_stream_operations(&read_json(file)).is_empty()),
    );
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
        28,
        "11 awsJson and 10 restJson1 AWS services, 5 streaming ones (Glacier and Polly with \
         streaming blobs, Bedrock Runtime, Kinesis and Lambda with received event streams), 2 \
         protocol-test services"
    );
}

/// The maintainer's model and the kitchen-sink and notes fixtures are valid Smithy too.
#[test]
fn repository_models_validate() {
    let root = workspace_root();
    for file in [
        "model/proton.json",
        "codegen/tests/fixtures/kitchen-sink.json",
        "codegen/tests/fixtures/notes.json",
    ] {
        let path = root.join(file);
        let model = codegen::model::load::load_files(&[path.as_path()])
            .unwrap_or_else(|d| panic!("{file} does not load:\n{d}"));
        codegen::validate::validate(&model).unwrap_or_else(|d| panic!("{file}:\n{d}"));
    }
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
        let plan = codegen::output::plan(&dir, &files).unwrap();
        codegen::output::apply(&dir, &plan).unwrap();
        members.push(dir_name);
    }
    assert_eq!(members.len(), 28, "{members:?}");
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

/// The operations of every service in `model` whose input or output has an event stream (a
/// member targeting a `@streaming` union).
fn unsupported_event_stream_operations(model: &serde_json::Value) -> Vec<String> {
    let shapes = &model["shapes"];
    let rest_json = shapes.as_object().unwrap().values().any(|shape| {
        shape["type"] == "service" && shape["traits"].get("aws.protocols#restJson1").is_some()
    });
    let streams = |structure: Option<&str>| {
        let Some(structure) = structure else {
            return false;
        };
        shapes[structure]["members"]
            .as_object()
            .into_iter()
            .flatten()
            .any(|(_, member)| {
                let target = &shapes[member["target"].as_str().unwrap()];
                target["type"] == "union" && target["traits"].get("smithy.api#streaming").is_some()
            })
    };
    let mut found = Vec::new();
    for (id, shape) in shapes.as_object().unwrap() {
        if shape["type"] != "operation" {
            continue;
        }
        // Received event streams are generated (in awsJson when the stream is the output's only
        // member); sent ones not yet.
        let output = shape["output"]["target"].as_str();
        let output_members = output
            .and_then(|output| shapes[output]["members"].as_object())
            .map_or(0, |members| members.len());
        let unsupported = streams(shape["input"]["target"].as_str())
            || (!rest_json && streams(output) && output_members > 1);
        if unsupported {
            found.push(id.rsplit('#').next().unwrap().to_string());
        }
    }
    found.sort();
    found
}

/// Event streams an operation receives are generated; sent ones are not yet: each model in
/// `models/streaming/` with such an operation fails with an error that names every one of them
/// (and writes nothing), and generates once they are left out; the others (Bedrock Runtime,
/// Kinesis, Lambda, and the streaming blobs of Glacier and Polly) are among `cases` and
/// generate whole.
#[test]
fn event_stream_models_name_their_event_stream_operations_and_generate_without_them() {
    let Some(shared) = shared() else { return };
    let files = model_files(&shared, "models/streaming");
    assert_eq!(files.len(), 6, "{files:?}");
    let mut with_event_streams = 0;
    for file in files {
        let event_streams = unsupported_event_stream_operations(&read_json(&file));
        let model = codegen::model::load::load_files(&[file.as_path()]).unwrap();
        let service = model.services().next().unwrap().id.to_string();
        let mut request = request(&file, &service);
        if event_streams.is_empty() {
            codegen::generate(&request).unwrap_or_else(|d| panic!("{}:\n{d}", file.display()));
            continue;
        }
        with_event_streams += 1;
        let error = codegen::generate(&request)
            .err()
            .unwrap_or_else(|| panic!("{}: generated despite event streams", file.display()))
            .to_string();
        for operation in &event_streams {
            assert!(
                error.contains(&format!("`{operation}`")),
                "{}: the error does not name `{operation}`:\n{error}",
                file.display()
            );
        }
        assert!(
            error.contains("uses event streams"),
            "{}: the error says what is unsupported:\n{error}",
            file.display()
        );
        request.operations = codegen::normalize::service_operations(
            &model,
            &codegen::model::ShapeId::parse(&service).unwrap(),
        )
        .into_iter()
        .map(|id| id.name().to_string())
        .filter(|name| !event_streams.contains(name))
        .collect();
        if request.operations.is_empty() {
            continue;
        }
        codegen::generate(&request).unwrap_or_else(|d| {
            panic!(
                "{}: the operations without event streams do not generate:\n{d}",
                file.display()
            )
        });
    }
    assert_eq!(
        with_event_streams, 1,
        "Transcribe Streaming (input streams)"
    );
}
