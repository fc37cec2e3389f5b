//! The official protocol compliance suites: awsJson 1.0 (`../shared/smithy/protocol-tests/
//! aws-json-1_0.json`) and restJson1 (`rest-json-1.json`). Generates the crate of each of
//! their services, whose `src/protocol_tests.rs` holds one test per client case, and runs them
//! all in one `cargo test` over one workspace. Every client case (`httpRequestTests`,
//! `httpResponseTests` and `eventStreamTests`) must run and pass, or be in the generator's skip
//! list with its reason, which this test prints. Skipped, with a message, on a clone without
//! `../shared`.
//!
//! There is no official awsJson 1.1 suite here, so `tests/protocol/aws-json-1_1.json` (this
//! project's own cases: the 1.1 content type, case filtering by protocol and `appliesTo`,
//! shared ids) is generated and run alongside.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{CrateSettings, GenerateRequest};
use serde_json::Value;

/// One suite: a model, the protocol its cases are for, its services, and how many client
/// cases it has.
struct Suite {
    label: &'static str,
    model: PathBuf,
    protocol: &'static str,
    services: &'static [&'static str],
    client_cases: usize,
}

fn suites(shared: &Path) -> Vec<Suite> {
    let cases = shared.join("smithy/protocol-tests");
    vec![
        Suite {
            label: "awsJson 1.0 (official suite)",
            model: cases.join("aws-json-1_0.json"),
            protocol: "aws.protocols#awsJson1_0",
            services: &[
                "aws.protocoltests.json10#JsonRpc10",
                "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
            ],
            client_cases: 70,
        },
        Suite {
            label: "awsJson 1.1 (tests/protocol)",
            model: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol/aws-json-1_1.json"),
            protocol: "aws.protocols#awsJson1_1",
            services: &["example.json11#JsonRpc11"],
            client_cases: 5,
        },
        Suite {
            label: "restJson1 (official suite)",
            model: cases.join("rest-json-1.json"),
            protocol: "aws.protocols#restJson1",
            services: &[
                "aws.protocoltests.restjson#RestJson",
                "aws.protocoltests.restjson.validation#RestJsonValidation",
                "com.amazonaws.apigateway#BackplaneControlService",
                "com.amazonaws.glacier#Glacier",
            ],
            // 250 HTTP request and response cases, 84 event stream cases.
            client_cases: 334,
        },
    ]
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The client cases of `protocol` (`appliesTo` absent or `client`): (shape id, case id), over
/// every shape of the model.
fn client_cases(model: &Value, protocol: &str) -> Vec<(String, String)> {
    let mut ids = Vec::new();
    for (shape_id, shape) in model["shapes"].as_object().unwrap() {
        for kind in [
            "smithy.test#httpRequestTests",
            "smithy.test#httpResponseTests",
            "smithy.test#eventStreamTests",
        ] {
            let Some(cases) = shape["traits"][kind].as_array() else {
                continue;
            };
            for case in cases {
                if case["appliesTo"].as_str().is_none_or(|a| a == "client")
                    && case["protocol"] == protocol
                {
                    ids.push((shape_id.clone(), case["id"].as_str().unwrap().to_string()));
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
        ".set_ratio(Some(123456789.12345679f64))",
        ".set_when(Some(crate::primitives::DateTime::from_secs_and_nanos(946845296i64,123456789u32,),),)",
    ] {
        assert!(
            tests.contains(expected),
            "missing {expected} in src/protocol_tests.rs (whitespace removed):\n{tests}"
        );
    }
}

#[test]
fn protocol_compliance_suites_pass() {
    let shared = workspace_root().join("../shared");
    if !shared.is_dir() {
        println!("skipped: ../shared not found");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    // Per suite: its crates.
    let mut crates: Vec<Vec<String>> = Vec::new();
    let mut members = Vec::new();
    let suites = suites(&shared);
    for suite in &suites {
        let model: Value =
            serde_json::from_str(&std::fs::read_to_string(&suite.model).unwrap()).unwrap();
        let cases = client_cases(&model, suite.protocol);
        assert_eq!(
            cases.len(),
            suite.client_cases,
            "{}: client cases",
            suite.label
        );
        let mut suite_crates = Vec::new();
        for service in suite.services {
            let name = format!(
                "protocol-{}",
                service.rsplit('#').next().unwrap().to_lowercase()
            );
            let request = GenerateRequest {
                model_files: vec![suite.model.clone()],
                source_names: vec![suite
                    .model
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()],
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
            let plan = codegen::output::plan(&dir, files).unwrap();
            codegen::output::apply(&dir, &plan).unwrap();
            members.push(name.clone());
            suite_crates.push(name);
        }
        crates.push(suite_crates);
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
    let output = Command::new(env!("CARGO"))
        .args([
            "test",
            "--workspace",
            "--lib",
            "--no-fail-fast",
            "--",
            "protocol_tests::",
        ])
        .current_dir(out.path())
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // `Running unittests src/lib.rs (.../deps/protocol_restjson-<hash>)` on stderr starts each
    // crate's results on stdout, in the same order.
    let order: Vec<String> = stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Running unittests src/lib.rs ("))
        .map(|rest| {
            let file = rest.rsplit('/').next().unwrap_or(rest);
            let stem = file.split('-').next().unwrap_or(file);
            stem.replace('_', "-")
        })
        .collect();
    let mut per_crate: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut sections = stdout.split("\nrunning ").skip(1);
    for name in &order {
        let section = sections.next().unwrap_or_default();
        let results = section
            .lines()
            .filter_map(|line| line.strip_prefix("test protocol_tests::"))
            .filter_map(|rest| rest.split_once(" ... "))
            .map(|(name, outcome)| (name.to_string(), outcome.to_string()))
            .collect();
        per_crate.insert(name.clone(), results);
    }
    let mut failures = Vec::new();
    for (suite, suite_crates) in suites.iter().zip(&crates) {
        let results: Vec<&BTreeMap<String, String>> = suite_crates
            .iter()
            .map(|name| {
                per_crate.get(name).unwrap_or_else(|| {
                    panic!("no results for {name}\n--- stdout\n{stdout}\n--- stderr\n{stderr}")
                })
            })
            .collect();
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
        println!(
            "protocol compliance, {}: {passed} passed, {} skipped, {} failed of {} client cases",
            suite.label,
            skipped.len(),
            failed.len(),
            suite.client_cases
        );
        for skip in &skipped {
            println!("  skipped: {skip}");
        }
        if !failed.is_empty() {
            failures.push(format!("{}: failed {failed:?}", suite.label));
        }
        let ran: usize = results.iter().map(|r| r.len()).sum();
        assert_eq!(
            ran, suite.client_cases,
            "{}: every client case ran once: {results:?}",
            suite.label
        );
        assert!(
            skipped.len() <= codegen::render::protocol_tests::SKIPPED.len(),
            "{}: only cases in the generator's skip list may be skipped",
            suite.label
        );
    }
    assert!(
        failures.is_empty(),
        "{failures:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(
        output.status.success(),
        "cargo test failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
}
