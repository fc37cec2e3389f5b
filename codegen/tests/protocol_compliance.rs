//! The official awsJson 1.0 protocol compliance suite (`../shared/smithy/protocol-tests/
//! aws-json-1_0.json`): generates the crates of both of its services, whose
//! `src/protocol_tests.rs` holds one test per client case, and runs `cargo test` on them.
//! Every client case must run and pass (or be in the generator's skip list, with its reason).
//! Skipped, with a message, on a clone without `../shared`.
//!
//! There is no official awsJson 1.1 suite here, so `tests/protocol/aws-json-1_1.json` (this
//! project's own cases: the 1.1 content type, case filtering by protocol and `appliesTo`,
//! shared ids) is generated and run alongside.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{CrateSettings, GenerateRequest};

/// (model, service, protocol trait) of every generated crate.
fn services(shared: &Path) -> Vec<(PathBuf, &'static str, &'static str)> {
    let json10 = shared.join("smithy/protocol-tests/aws-json-1_0.json");
    let json11 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol/aws-json-1_1.json");
    vec![
        (
            json10.clone(),
            "aws.protocoltests.json10#JsonRpc10",
            "aws.protocols#awsJson1_0",
        ),
        (
            json10,
            "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
            "aws.protocols#awsJson1_0",
        ),
        (
            json11,
            "example.json11#JsonRpc11",
            "aws.protocols#awsJson1_1",
        ),
    ]
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The ids of the cases of `protocol` that apply to clients (`appliesTo` absent or `client`),
/// over every shape of the model.
fn client_case_ids(model: &Path, protocol: &str) -> Vec<String> {
    let text = std::fs::read_to_string(model).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut ids = Vec::new();
    for shape in json["shapes"].as_object().unwrap().values() {
        for kind in [
            "smithy.test#httpRequestTests",
            "smithy.test#httpResponseTests",
        ] {
            let Some(cases) = shape["traits"][kind].as_array() else {
                continue;
            };
            for case in cases {
                if case["appliesTo"].as_str().is_none_or(|a| a == "client")
                    && case["protocol"] == protocol
                {
                    ids.push(case["id"].as_str().unwrap().to_string());
                }
            }
        }
    }
    ids
}

/// `params` numbers become literals that are the model's values exactly (the compliance run
/// below cannot tell nanoseconds apart: it compares bodies as `f64`s).
#[test]
fn params_numbers_are_generated_exactly() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol/aws-json-1_1.json");
    let request = GenerateRequest {
        model_files: vec![model],
        source_names: vec!["aws-json-1_1.json".into()],
        service: Some("example.json11#JsonRpc11".into()),
        operations: Vec::new(),
        crate_settings: CrateSettings {
            name: "protocol-jsonrpc11".into(),
            version: "0.0.0".into(),
            description: None,
            runtime_path: "../runtime".into(),
            workspace_member: false,
        },
        partitions: None,
    };
    let files = codegen::generate(&request).unwrap_or_else(|d| panic!("{d}"));
    let tests: String = files.files["src/protocol_tests.rs"]
        .split_whitespace()
        .collect();
    for expected in [
        ".set_ratio(::std::option::Option::Some(123456789.12345679f64))",
        ".set_when(::std::option::Option::Some(crate::primitives::DateTime::from_secs_and_nanos(946845296i64,123456789u32,),),)",
    ] {
        assert!(
            tests.contains(expected),
            "missing {expected} in src/protocol_tests.rs (whitespace removed):\n{tests}"
        );
    }
}

#[test]
fn aws_json_1_0_protocol_compliance_suite_passes() {
    let shared = workspace_root().join("../shared");
    if !shared.is_dir() {
        println!("skipped: ../shared not found");
        return;
    }
    let services = services(&shared);
    let json10 = client_case_ids(&services[0].0, "aws.protocols#awsJson1_0");
    assert_eq!(
        json10.len(),
        70,
        "client cases in the official awsJson 1.0 suite"
    );
    let json11 = client_case_ids(&services[2].0, "aws.protocols#awsJson1_1");
    assert_eq!(
        json11.len(),
        5,
        "client cases in tests/protocol/aws-json-1_1.json"
    );

    let out = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for (model, service, _) in &services {
        let name = format!(
            "protocol-{}",
            service.rsplit('#').next().unwrap().to_lowercase()
        );
        let request = GenerateRequest {
            model_files: vec![model.clone()],
            source_names: vec![model.file_name().unwrap().to_string_lossy().into_owned()],
            service: Some(service.to_string()),
            operations: Vec::new(),
            crate_settings: CrateSettings {
                name: name.clone(),
                version: "0.0.0".into(),
                description: None,
                runtime_path: workspace_root()
                    .join("runtime")
                    .to_string_lossy()
                    .into_owned(),
                workspace_member: true,
            },
            partitions: None,
        };
        let files = codegen::generate(&request).unwrap_or_else(|d| panic!("{service}:\n{d}"));
        assert!(
            files.files.contains_key("src/protocol_tests.rs"),
            "{service}: no protocol tests generated"
        );
        let dir = out.path().join(&name);
        let plan = codegen::output::plan(&dir, &files).unwrap();
        codegen::output::apply(&dir, &plan).unwrap();
        members.push(name);
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(out.path().join("Cargo.toml"), manifest).unwrap();
    // The same dependency versions as this workspace, without a registry look-up.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        out.path().join("Cargo.lock"),
    )
    .unwrap();

    let target = workspace_root().join("target/protocol-tests");
    let cargo = |args: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(out.path())
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "cargo {args:?} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        );
        stdout
    };
    cargo(&["test", "--workspace", "--lib", "--no-run"]);
    // `test protocol_tests::name ... ok` (or `... ignored, skipped: reason`, or `... FAILED`)
    // per test, for each crate.
    let per_crate: Vec<BTreeMap<String, String>> = members
        .iter()
        .map(|member| {
            let stdout = cargo(&["test", "-p", member, "--lib", "--", "protocol_tests::"]);
            stdout
                .lines()
                .filter_map(|line| line.strip_prefix("test protocol_tests::"))
                .filter_map(|rest| rest.split_once(" ... "))
                .map(|(name, outcome)| (name.to_string(), outcome.to_string()))
                .collect()
        })
        .collect();
    let count = |results: &[&BTreeMap<String, String>]| {
        let all = results.iter().flat_map(|r| r.iter());
        let passed = all.clone().filter(|(_, o)| *o == "ok").count();
        let skipped: Vec<String> = all
            .clone()
            .filter(|(_, o)| o.starts_with("ignored"))
            .map(|(name, o)| format!("{name} ({o})"))
            .collect();
        let failed: Vec<String> = all
            .filter(|(_, o)| o.as_str() != "ok" && !o.starts_with("ignored"))
            .map(|(name, _)| name.clone())
            .collect();
        (passed, skipped, failed)
    };
    for (label, results, expected) in [
        (
            "awsJson 1.0 (official suite)",
            vec![&per_crate[0], &per_crate[1]],
            &json10,
        ),
        ("awsJson 1.1 (tests/protocol)", vec![&per_crate[2]], &json11),
    ] {
        let (passed, skipped, failed) = count(&results);
        println!(
            "protocol compliance, {label}: {passed} passed, {} skipped, {} failed of {} client cases",
            skipped.len(),
            failed.len(),
            expected.len()
        );
        for skip in &skipped {
            println!("  skipped: {skip}");
        }
        assert!(failed.is_empty(), "{label}: failed {failed:?}");
        let ran: usize = results.iter().map(|r| r.len()).sum();
        assert_eq!(
            ran,
            expected.len(),
            "{label}: every client case ran once: {results:?}"
        );
        assert_eq!(passed + skipped.len(), expected.len());
        assert!(
            skipped.len() <= codegen::render::protocol_tests::SKIPPED.len(),
            "{label}: only cases in the generator's skip list may be skipped"
        );
    }
}
