//! awsJson event streams with other members, end to end: generates the client of
//! `codegen/tests/fixtures/chat.json` next to a copy of `codegen/tests/chat/` and runs its
//! tests against a local server (build output in `target/streaming-e2e`, shared with the
//! other streaming programs): the input's other members sent first as a signed
//! `initial-request` message, the output's read from the `initial-response` message before
//! the output is handed over.

mod support;

use support::{generate, workspace_root, Program};

#[test]
fn initial_request_and_initial_response_carry_the_other_members() {
    let root = workspace_root();
    let out = tempfile::tempdir().unwrap();
    generate(
        &root.join("codegen/tests/fixtures/chat.json"),
        "chat-client",
        &[],
        out.path(),
    );
    Program {
        source: root.join("codegen/tests/chat"),
        runtime_path: "../../../runtime",
    }
    .run_tests("chat-e2e", out.path(), "streaming-e2e", 6);
}
