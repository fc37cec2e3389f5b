//! Drop-in compatibility with `aws-sdk-lambda`: `compat/lambda` is a program written against
//! the official crate's API that calls `Invoke`, with tests against a local server that checks
//! the SigV4 signature, path, query, headers and body. This generates Lambda with only `Invoke`
//! selected, next to a copy of that folder, and runs its tests: the program compiles against
//! our crate with only the dependency renamed. Skipped, with a message, without `../shared`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{CrateSettings, GenerateRequest};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Copies the files of `from` (no subfolders but `src` and `tests`) into `to`.
fn copy_program(from: &Path, to: &Path) {
    for folder in ["", "src", "tests"] {
        std::fs::create_dir_all(to.join(folder)).unwrap();
        for entry in std::fs::read_dir(from.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, to.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

#[test]
fn a_program_written_for_aws_sdk_lambda_invoke_runs_against_ours() {
    let root = workspace_root();
    let model = root.join("../shared/models/streaming/lambda-2015-03-31.json");
    if !model.is_file() {
        println!("skipped: ../shared not found (the Lambda model is shared test data)");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let request = GenerateRequest {
        model_files: vec![model],
        source_names: vec!["lambda-2015-03-31.json".into()],
        service: None,
        operations: vec!["Invoke".into()],
        crate_settings: CrateSettings {
            name: "lambda-client".into(),
            version: "0.0.0".into(),
            description: None,
            runtime_path: root.join("runtime").to_string_lossy().into_owned(),
            workspace_member: false,
        },
        partitions: None,
    };
    let files = codegen::generate(&request).unwrap_or_else(|d| panic!("{d}"));
    let client_dir = out.path().join("lambda-client");
    let plan = codegen::output::plan(&client_dir, &files).unwrap();
    codegen::output::apply(&client_dir, &plan).unwrap();

    let program = out.path().join("lambda-compat");
    copy_program(&root.join("compat/lambda"), &program);
    // The copy is elsewhere, so its path to the runtime is made absolute; the dependency on
    // the client stays exactly as written (`../lambda-client`).
    let manifest = std::fs::read_to_string(program.join("Cargo.toml")).unwrap();
    let runtime = format!("path = {:?}", root.join("runtime").to_string_lossy());
    let manifest = manifest.replace("path = \"../../runtime\"", &runtime);
    assert!(
        manifest.contains(&runtime),
        "compat/lambda depends on the runtime"
    );
    std::fs::write(program.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), program.join("Cargo.lock")).unwrap();

    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet"])
        .current_dir(&program)
        .env("CARGO_TARGET_DIR", root.join("target/compat-lambda"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "compat/lambda's tests fail against the generated client\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(
        stdout.contains("test result: ok. 5 passed"),
        "all five Invoke tests ran:\n{stdout}"
    );
}
