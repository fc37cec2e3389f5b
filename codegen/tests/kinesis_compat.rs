//! Drop-in compatibility with `aws-sdk-kinesis`: `compat/kinesis` is a program written against
//! the official crate's API that reads a shard with `SubscribeToShard`, with tests against a
//! local server that checks the SigV4 signature, target and body and answers with an event
//! stream. This generates Kinesis with only `SubscribeToShard` selected, next to a copy of
//! that folder, and runs its tests: the program compiles against our crate with only the
//! dependency renamed. Skipped, with a message, without `../shared`.

mod support;

use support::{generate, workspace_root, Program};

#[test]
fn a_program_written_for_aws_sdk_kinesis_subscribe_to_shard_runs_against_ours() {
    let root = workspace_root();
    let model = root.join("../shared/models/streaming/kinesis-2013-12-02.json");
    if !model.is_file() {
        println!("skipped: ../shared not found (the Kinesis model is shared test data)");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    generate(&model, "kinesis-client", &["SubscribeToShard"], out.path());
    Program {
        source: root.join("compat/kinesis"),
        runtime_path: "../../runtime",
    }
    .run_tests("kinesis-compat", out.path(), "compat-kinesis", 3);
}
