//! The partition facts a generated crate carries: the built-in ones are what the published
//! `partitions.json` gives (checked when `../shared` is present), and a configured partitions
//! file is what the generated table holds.

use std::path::{Path, PathBuf};

use codegen::{CrateSettings, GenerateRequest};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

/// The checked-in Proton crate's request (its rule set calls `aws.partition`).
fn proton(partitions: Option<PathBuf>) -> GenerateRequest {
    GenerateRequest {
        model_files: vec![workspace_root().join("model/proton.json")],
        source_names: vec!["model/proton.json".into()],
        service: Some("com.amazonaws.proton#AwsProton20200720".into()),
        operations: vec!["CancelEnvironmentDeployment".into()],
        crate_settings: CrateSettings {
            name: "proton-client".into(),
            version: "0.1.0".into(),
            description: None,
            runtime_path: "../runtime".into(),
            workspace_member: true,
        },
        partitions,
    }
}

fn endpoint_rs(request: &GenerateRequest) -> String {
    let files = codegen::generate(request).unwrap_or_else(|d| panic!("{d}"));
    files.files["src/config/endpoint.rs"].clone()
}

#[test]
fn the_published_partitions_file_generates_what_the_built_in_facts_do() {
    let published = workspace_root().join("../shared/smithy/endpoints/partitions.json");
    if !published.exists() {
        println!("skipped: ../shared not found");
        return;
    }
    let built_in = codegen::generate(&proton(None)).unwrap_or_else(|d| panic!("{d}"));
    let configured = codegen::generate(&proton(Some(published))).unwrap_or_else(|d| panic!("{d}"));
    assert!(built_in.files["src/config/endpoint.rs"].contains("static PARTITIONS"));
    assert_eq!(built_in, configured);
}

#[test]
fn a_configured_partitions_file_is_the_generated_table() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("partitions.json");
    std::fs::write(
        &path,
        r#"{"version": "1.1", "partitions": [{
            "id": "aws", "regionRegex": "^moon\\-\\w+\\-\\d+$",
            "regions": {"moon-base-1": {"description": "Tranquility Base"}},
            "outputs": {"name": "aws", "dnsSuffix": "amazonaws.moon", "dualStackDnsSuffix": "api.aws.moon",
                "supportsFIPS": false, "supportsDualStack": false, "implicitGlobalRegion": "moon-base-1"}
        }]}"#,
    )
    .expect("write the partitions file");
    let code = endpoint_rs(&proton(Some(path)));
    for expected in [
        r#"region_regex: r"^moon\-\w+\-\d+$","#,
        r#"regions: &["moon-base-1"],"#,
        r#"dns_suffix: "amazonaws.moon","#,
        "supports_fips: false,",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
    assert!(
        !code.contains(r#"id: "aws-cn""#),
        "only the configured partitions"
    );
}

#[test]
fn model_and_partitions_file_problems_are_reported_together() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = dir.path().join("model.json");
    std::fs::write(&model, "{").expect("write the model");
    let partitions = dir.path().join("partitions.json");
    std::fs::write(&partitions, r#"{"version": "1.1"}"#).expect("write the partitions file");
    let mut request = proton(Some(partitions.clone()));
    request.model_files = vec![model.clone()];
    let diagnostics = codegen::generate(&request).expect_err("both files are broken");
    let files: Vec<&Path> = diagnostics.iter().map(|d| d.file.as_path()).collect();
    assert_eq!(
        files,
        [model.as_path(), partitions.as_path()],
        "{diagnostics}"
    );
    let message = diagnostics.to_string();
    assert!(message.contains("missing field `partitions`"), "{message}");
}
