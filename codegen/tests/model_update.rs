//! The model update a maintainer sees: the upstream Proton model, newer than the API reference
//! `model/proton.json` was written from, generates the checked-in crate plus the two
//! `Environment` members upstream added, and nothing else.
//!
//! `model/proton.json` words its documentation itself and authors its endpoint rule set from the
//! rules-engine spec (`codegen/tests/endpoint_rules.rs` tests both rule sets), so the comparison
//! first gives both models the same documentation (none) and the same rule set.

use std::path::{Path, PathBuf};

use codegen::{CrateSettings, GenerateRequest};
use serde_json::Value;

const SERVICE: &str = "com.amazonaws.proton#AwsProton20200720";
const NEW_MEMBERS: [&str; 2] = ["lastAttemptedDeploymentId", "lastSucceededDeploymentId"];

fn request(model: &Path) -> GenerateRequest {
    GenerateRequest {
        model_files: vec![model.to_path_buf()],
        source_names: vec!["model/proton.json".into()],
        service: Some(SERVICE.into()),
        operations: vec!["CancelEnvironmentDeployment".into()],
        crate_settings: CrateSettings {
            name: "proton-client".into(),
            version: "0.1.0".into(),
            description: Some(
                "A small, fast Rust client for AWS Proton, generated from its Smithy model.".into(),
            ),
            runtime_path: "../runtime".into(),
            workspace_member: true,
        },
        partitions: None,
    }
}

fn strip_documentation(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove("smithy.api#documentation");
            object.values_mut().for_each(strip_documentation);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_documentation),
        _ => {}
    }
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

#[test]
fn upstream_model_adds_only_the_new_environment_members() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let upstream_path = root.join("../shared/models/proton-2020-07-20.json");
    if !upstream_path.exists() {
        println!("skipped: ../shared/models/proton-2020-07-20.json not found (shared test data is absent on a fresh clone)");
        return;
    }
    // The checked-in crate is what model/proton.json generates.
    let checked_in = codegen::generate(&request(&root.join("model/proton.json"))).unwrap();
    for (path, content) in &checked_in.files {
        let disk = std::fs::read_to_string(root.join("generated").join(path)).unwrap();
        assert_eq!(
            &disk, content,
            "{path}: generated/ matches model/proton.json"
        );
    }

    let read = |path: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut ours = read(&root.join("model/proton.json"));
    let mut upstream = read(&upstream_path);
    strip_documentation(&mut ours);
    strip_documentation(&mut upstream);
    for key in ["smithy.rules#endpointRuleSet", "smithy.rules#endpointTests"] {
        ours["shapes"][SERVICE]["traits"][key] = upstream["shapes"][SERVICE]["traits"][key].clone();
    }
    let temp = tempfile::tempdir().unwrap();
    let ours_path = write(temp.path(), "ours.json", &ours);
    let upstream_path = write(temp.path(), "upstream.json", &upstream);
    let before = codegen::generate(&request(&ours_path)).unwrap();
    let after = codegen::generate(&request(&upstream_path)).unwrap();
    assert!(before != after, "upstream is newer: the crates differ");

    // Add upstream's new members (and the shape they target) to our model: then the two agree.
    let environment = "com.amazonaws.proton#Environment";
    for member in NEW_MEMBERS {
        let definition = upstream["shapes"][environment]["members"][member].clone();
        let target = definition["target"].as_str().unwrap().to_string();
        ours["shapes"][environment]["members"][member] = definition;
        ours["shapes"][&target] = upstream["shapes"][&target].clone();
    }
    let ours_updated = write(temp.path(), "ours-updated.json", &ours);
    let expected = codegen::generate(&request(&ours_updated)).unwrap();
    for (path, content) in &expected.files {
        assert_eq!(Some(content), after.files.get(path), "{path} differs");
    }
    assert_eq!(expected.files.len(), after.files.len());

    let changed: Vec<&String> = before
        .files
        .iter()
        .filter(|(path, content)| after.files.get(*path) != Some(content))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        changed,
        [
            "src/protocol_serde/shape_environment.rs",
            "src/types/_environment.rs"
        ],
        "only the Environment type and its deserializer change"
    );
    let environment_rs = &after.files["src/types/_environment.rs"];
    for getter in [
        "pub fn last_attempted_deployment_id(&self)",
        "pub fn last_succeeded_deployment_id(&self)",
    ] {
        assert!(environment_rs.contains(getter), "{getter}");
    }
}
