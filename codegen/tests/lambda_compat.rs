//! Drop-in compatibility with `aws-sdk-lambda`: `compat/lambda` is a program written against
//! the official crate's API that calls `Invoke`, with tests against a local server that checks
//! the SigV4 signature, path, query, headers and body. This generates Lambda with only `Invoke`
//! selected, next to a copy of that folder, and runs its tests: the program compiles against
//! our crate with only the dependency renamed. Skipped, with a message, without `../shared`.

mod support;

use support::{generate, workspace_root, Program};

#[test]
fn a_program_written_for_aws_sdk_lambda_invoke_runs_against_ours() {
    let root = workspace_root();
    let model = root.join("../shared/models/streaming/lambda-2015-03-31.json");
    if !model.is_file() {
        println!("skipped: ../shared not found (the Lambda model is shared test data)");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    generate(&model, "lambda-client", &["Invoke"], out.path());
    // The copy is elsewhere, so its path to the runtime is made absolute; the dependency on
    // the client stays exactly as written (`../lambda-client`).
    Program {
        source: root.join("compat/lambda"),
        runtime_path: "../../runtime",
    }
    .run_tests("lambda-compat", out.path(), "compat-lambda", 5);
}
