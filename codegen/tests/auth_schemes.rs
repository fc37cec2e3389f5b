//! Auth schemes beyond SigV4, end to end. Each test generates a crate into a temporary
//! folder, next to a copy of a small program in `codegen/tests/<name>/`, and runs the
//! program's tests against a local server (build output in `target/auth-schemes`):
//!
//! * `notes/` uses the crate of `codegen/tests/fixtures/notes.json`, a restJson1 service
//!   outside AWS with bearer, API key (header, with a scheme prefix) and basic auth, an
//!   `@auth([])` operation and an `@optionalAuth` one, and no endpoint rules;
//! * `sso/` uses the shared AWS SSO model, whose `@optionalAuth` + `@auth([])` operations
//!   must go out unsigned (skipped, with a message, without `../shared`).
//!
//! A third test runs `cargo tree` (offline, with the workspace's `Cargo.lock`) on the notes
//! crate and on the Proton crate: aws-sigv4 and aws-credential-types are compiled only for the
//! service that has `aws.auth#sigv4`.

mod support;

use std::path::Path;
use std::process::Command;

use support::{generate, workspace_root, Program};

/// Runs the tests of the program in `codegen/tests/<program>` next to the crate in `dir`.
fn run_program_tests(program: &str, dir: &Path, expected_tests: usize) {
    Program {
        source: workspace_root().join("codegen/tests").join(program),
        runtime_path: "../../../runtime",
    }
    .run_tests(program, dir, "auth-schemes", expected_tests);
}

#[test]
fn notes_operations_carry_the_credentials_of_their_auth_schemes() {
    let root = workspace_root();
    let out = tempfile::tempdir().unwrap();
    generate(
        &root.join("codegen/tests/fixtures/notes.json"),
        "notes-client",
        &[],
        out.path(),
    );
    run_program_tests("notes", out.path(), 10);
}

#[test]
fn sso_optional_auth_operations_are_sent_unsigned() {
    let root = workspace_root();
    let model = root.join("../shared/models/rest-json/sso-2019-06-10.json");
    if !model.is_file() {
        println!("skipped: ../shared not found (the SSO model is shared test data)");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    generate(
        &model,
        "sso-client",
        &["GetRoleCredentials", "ListAccounts"],
        out.path(),
    );
    run_program_tests("sso", out.path(), 2);
}

/// The packages of `cargo tree -e normal` run in `dir` with `args`, one `name version` each.
fn normal_dependencies(dir: &Path, args: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "-f",
            "{p}",
        ])
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/auth-schemes"),
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo tree fails in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut packages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            // `name vX.Y.Z (path) (*)`: the name and version.
            line.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    packages.sort();
    packages.dedup();
    packages
}

fn has(packages: &[String], name: &str) -> bool {
    packages
        .iter()
        .any(|package| package.split(' ').next() == Some(name))
}

#[test]
fn a_crate_without_sigv4_compiles_neither_aws_sigv4_nor_aws_credential_types() {
    let root = workspace_root();
    let out = tempfile::tempdir().unwrap();
    let notes = generate(
        &root.join("codegen/tests/fixtures/notes.json"),
        "notes-client",
        &[],
        out.path(),
    );
    let manifest = std::fs::read_to_string(notes.join("Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("sigv4"),
        "no sigv4 feature asked for:\n{manifest}"
    );
    std::fs::copy(root.join("Cargo.lock"), notes.join("Cargo.lock")).unwrap();
    let ours = normal_dependencies(&notes, &[]);
    assert!(
        has(&ours, "smithy-runtime") && has(&ours, "notes-client"),
        "{ours:?}"
    );
    for absent in ["aws-sigv4", "aws-credential-types"] {
        assert!(
            !has(&ours, absent),
            "{absent} is compiled for notes: {ours:?}"
        );
    }

    // The Proton crate, whose service has `aws.auth#sigv4`, compiles both.
    let proton = normal_dependencies(&root, &["-p", "proton-client"]);
    for present in ["aws-sigv4", "aws-credential-types"] {
        assert!(
            has(&proton, present),
            "{present} is missing for Proton: {proton:?}"
        );
    }
    println!(
        "cargo tree -e normal: {} crates for notes-client, {} for proton-client",
        ours.len(),
        proton.len()
    );
    assert!(ours.len() < proton.len());
}
