//! Cross-checks the hand-written `model/proton.json` against the upstream
//! AWS Proton model.
//!
//! The local model only holds `CancelEnvironmentDeployment` and the shapes it
//! reaches. Its shape ids, types, members, targets and non-documentation traits
//! must agree with upstream; every known deviation is listed (with a reason)
//! in [`ALLOWED_DIFFERENCES`].
//!
//! Only plain `serde_json::Value` is used here, so this test does not depend on
//! the codegen library API.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

const SERVICE: &str = "com.amazonaws.proton#AwsProton20200720";
const OPERATION: &str = "com.amazonaws.proton#CancelEnvironmentDeployment";
const DOCUMENTATION_TRAIT: &str = "smithy.api#documentation";
const PRELUDE_PREFIX: &str = "smithy.api#";
const UPSTREAM_RELATIVE: &str = "../shared/models/proton-2020-07-20.json";

/// Differences between the local closure and the upstream closure that are
/// expected, as `(difference line, reason)`. The test fails if one of these no
/// longer occurs, so the list cannot go stale.
const ALLOWED_DIFFERENCES: &[(&str, &str)] = &[
    (
        "com.amazonaws.proton#Environment$lastAttemptedDeploymentId: member only in upstream",
        "upstream is newer than the seed API reference, which does not list this member",
    ),
    (
        "com.amazonaws.proton#Environment$lastSucceededDeploymentId: member only in upstream",
        "upstream is newer than the seed API reference, which does not list this member",
    ),
    (
        "com.amazonaws.proton#DeploymentId: shape only in upstream closure",
        "upstream is newer than the seed: the shape is reached only through the two newer \
         Environment members above",
    ),
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn local_model_path() -> PathBuf {
    workspace_root().join("model/proton.json")
}

/// `CARGO_MANIFEST_DIR/../../shared/models/proton-2020-07-20.json`, i.e.
/// [`UPSTREAM_RELATIVE`] resolved against the workspace root.
fn upstream_model_path() -> PathBuf {
    workspace_root().join(UPSTREAM_RELATIVE)
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("cannot parse {} as JSON: {err}", path.display()))
}

fn shapes(model: &Value) -> &Map<String, Value> {
    model
        .get("shapes")
        .and_then(Value::as_object)
        .expect("model has a `shapes` object")
}

fn target_of(reference: &Value) -> Option<&str> {
    reference.get("target").and_then(Value::as_str)
}

/// Members of a shape keyed by member name. Structure/union members come from
/// `members`; list `member` and map `key`/`value` are reported under those
/// names, matching their Smithy member ids (`Shape$member`, ...).
fn members(shape: &Value) -> BTreeMap<String, &Value> {
    let mut out = BTreeMap::new();
    if let Some(map) = shape.get("members").and_then(Value::as_object) {
        for (name, member) in map {
            out.insert(name.clone(), member);
        }
    }
    for name in ["member", "key", "value"] {
        if let Some(member) = shape.get(name) {
            out.insert(name.to_string(), member);
        }
    }
    out
}

/// Shape ids an operation refers to through input, output and errors.
fn operation_targets(shape: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    for key in ["input", "output"] {
        if let Some(target) = shape.get(key).and_then(target_of) {
            out.push(target);
        }
    }
    if let Some(errors) = shape.get("errors").and_then(Value::as_array) {
        out.extend(errors.iter().filter_map(target_of));
    }
    out
}

/// Every shape id the given shape points at (operation input/output/errors and
/// member targets).
fn referenced_ids(shape: &Value) -> Vec<&str> {
    let mut out = operation_targets(shape);
    out.extend(
        members(shape)
            .values()
            .filter_map(|member| target_of(member)),
    );
    out
}

/// Shape closure of `root`, ignoring prelude (`smithy.api#`) targets. Ids that
/// are referenced but not defined in the model are returned separately.
fn closure(shapes: &Map<String, Value>, root: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut seen = BTreeSet::new();
    let mut missing = BTreeSet::new();
    let mut queue = VecDeque::from([root.to_string()]);
    while let Some(id) = queue.pop_front() {
        if id.starts_with(PRELUDE_PREFIX) || seen.contains(&id) || missing.contains(&id) {
            continue;
        }
        let Some(shape) = shapes.get(&id) else {
            missing.insert(id);
            continue;
        };
        queue.extend(referenced_ids(shape).into_iter().map(str::to_string));
        seen.insert(id);
    }
    (seen, missing)
}

/// Traits of a shape or member without `smithy.api#documentation`.
fn traits_without_docs(value: &Value) -> BTreeMap<String, &Value> {
    value
        .get("traits")
        .and_then(Value::as_object)
        .map(|traits| {
            traits
                .iter()
                .filter(|(name, _)| name.as_str() != DOCUMENTATION_TRAIT)
                .map(|(name, trait_value)| (name.clone(), trait_value))
                .collect()
        })
        .unwrap_or_default()
}

fn compare_traits(owner: &str, local: &Value, upstream: &Value, diffs: &mut Vec<String>) {
    let local = traits_without_docs(local);
    let upstream = traits_without_docs(upstream);
    for (name, local_value) in &local {
        match upstream.get(name) {
            None => diffs.push(format!("{owner}: trait {name} only in local")),
            // serde_json object equality ignores key order; arrays stay ordered.
            Some(upstream_value) if upstream_value != local_value => diffs.push(format!(
                "{owner}: trait {name} differs (local {local_value}, upstream {upstream_value})"
            )),
            Some(_) => {}
        }
    }
    for name in upstream.keys() {
        if !local.contains_key(name) {
            diffs.push(format!("{owner}: trait {name} only in upstream"));
        }
    }
}

fn describe(target: Option<&str>) -> &str {
    target.unwrap_or("<none>")
}

fn compare_shape(id: &str, local: &Value, upstream: &Value, diffs: &mut Vec<String>) {
    let local_type = local.get("type").and_then(Value::as_str);
    let upstream_type = upstream.get("type").and_then(Value::as_str);
    if local_type != upstream_type {
        diffs.push(format!(
            "{id}: type differs (local {}, upstream {})",
            describe(local_type),
            describe(upstream_type)
        ));
    }

    for key in ["input", "output"] {
        let local_target = local.get(key).and_then(target_of);
        let upstream_target = upstream.get(key).and_then(target_of);
        if local_target != upstream_target {
            diffs.push(format!(
                "{id}: {key} differs (local {}, upstream {})",
                describe(local_target),
                describe(upstream_target)
            ));
        }
    }
    let error_set = |shape: &Value| -> BTreeSet<String> {
        shape
            .get("errors")
            .and_then(Value::as_array)
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(target_of)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (local_errors, upstream_errors) = (error_set(local), error_set(upstream));
    for error in local_errors.difference(&upstream_errors) {
        diffs.push(format!("{id}: error {error} only in local"));
    }
    for error in upstream_errors.difference(&local_errors) {
        diffs.push(format!("{id}: error {error} only in upstream"));
    }

    let local_members = members(local);
    let upstream_members = members(upstream);
    for (name, local_member) in &local_members {
        let member_id = format!("{id}${name}");
        let Some(upstream_member) = upstream_members.get(name) else {
            diffs.push(format!("{member_id}: member only in local"));
            continue;
        };
        let local_target = target_of(local_member);
        let upstream_target = target_of(upstream_member);
        if local_target != upstream_target {
            diffs.push(format!(
                "{member_id}: target differs (local {}, upstream {})",
                describe(local_target),
                describe(upstream_target)
            ));
        }
        compare_traits(&member_id, local_member, upstream_member, diffs);
    }
    for name in upstream_members.keys() {
        if !local_members.contains_key(name) {
            diffs.push(format!("{id}${name}: member only in upstream"));
        }
    }

    compare_traits(id, local, upstream, diffs);
}

/// All differences between the operation closures of the two models, as
/// human-readable lines.
fn closure_differences(local_model: &Value, upstream_model: &Value) -> Vec<String> {
    let local_shapes = shapes(local_model);
    let upstream_shapes = shapes(upstream_model);
    let (local_ids, local_missing) = closure(local_shapes, OPERATION);
    let (upstream_ids, upstream_missing) = closure(upstream_shapes, OPERATION);

    let mut diffs = Vec::new();
    for id in &local_missing {
        diffs.push(format!(
            "{id}: referenced but not defined in the local model"
        ));
    }
    for id in &upstream_missing {
        diffs.push(format!(
            "{id}: referenced but not defined in the upstream model"
        ));
    }
    for id in local_ids.difference(&upstream_ids) {
        diffs.push(format!("{id}: shape only in local closure"));
    }
    for id in upstream_ids.difference(&local_ids) {
        diffs.push(format!("{id}: shape only in upstream closure"));
    }
    for id in local_ids.intersection(&upstream_ids) {
        compare_shape(id, &local_shapes[id], &upstream_shapes[id], &mut diffs);
    }
    diffs
}

#[test]
fn cancel_environment_deployment_closure_matches_upstream() {
    let upstream_path = upstream_model_path();
    if !upstream_path.exists() {
        println!(
            "skipped: {UPSTREAM_RELATIVE} not found (shared test data is absent on a fresh clone)"
        );
        return;
    }
    let local = load(&local_model_path());
    let upstream = load(&upstream_path);

    let diffs = closure_differences(&local, &upstream);
    let mut problems = Vec::new();
    for diff in &diffs {
        if !ALLOWED_DIFFERENCES
            .iter()
            .any(|(allowed, _)| allowed == diff)
        {
            problems.push(format!("unexpected difference: {diff}"));
        }
    }
    for (allowed, reason) in ALLOWED_DIFFERENCES {
        if !diffs.iter().any(|diff| diff == allowed) {
            problems.push(format!(
                "allowed difference no longer occurs, remove it from ALLOWED_DIFFERENCES: \
                 {allowed} (reason given: {reason})"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "model/proton.json disagrees with {UPSTREAM_RELATIVE} ({} problem(s)):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn service_shape_has_required_traits_and_one_operation() {
    let model = load(&local_model_path());
    assert_eq!(
        model.get("smithy").and_then(Value::as_str),
        Some("2.0"),
        "model/proton.json must be a Smithy 2.0 JSON AST"
    );
    let shapes = shapes(&model);
    let service = shapes
        .get(SERVICE)
        .unwrap_or_else(|| panic!("{SERVICE} is missing from model/proton.json"));

    let mut problems = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_string());
        }
    };

    check(
        service.get("type").and_then(Value::as_str) == Some("service"),
        "service shape has type `service`",
    );
    check(
        service.get("version").and_then(Value::as_str) == Some("2020-07-20"),
        "service version is 2020-07-20",
    );

    let operations: Vec<&str> = service
        .get("operations")
        .and_then(Value::as_array)
        .map(|ops| ops.iter().filter_map(target_of).collect())
        .unwrap_or_default();
    check(
        operations == [OPERATION],
        "service lists exactly one operation, CancelEnvironmentDeployment",
    );
    check(
        service
            .get("resources")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty),
        "service binds no resources",
    );

    let empty = Map::new();
    let traits = service
        .get("traits")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    check(
        traits
            .get("aws.protocols#awsJson1_0")
            .is_some_and(Value::is_object),
        "service has aws.protocols#awsJson1_0",
    );
    check(
        traits
            .get("aws.auth#sigv4")
            .and_then(|t| t.get("name"))
            .and_then(Value::as_str)
            == Some("proton"),
        "service has aws.auth#sigv4 with name `proton`",
    );
    let aws_service = traits.get("aws.api#service");
    check(
        aws_service
            .and_then(|t| t.get("sdkId"))
            .and_then(Value::as_str)
            == Some("Proton"),
        "aws.api#service has sdkId `Proton`",
    );
    check(
        aws_service
            .and_then(|t| t.get("endpointPrefix"))
            .and_then(Value::as_str)
            == Some("proton"),
        "aws.api#service has endpointPrefix `proton`",
    );
    check(
        traits
            .get("smithy.api#title")
            .and_then(Value::as_str)
            .is_some_and(|title| !title.is_empty()),
        "service has a smithy.api#title",
    );

    let rule_set = traits.get("smithy.rules#endpointRuleSet");
    check(
        rule_set
            .and_then(|r| r.get("version"))
            .and_then(Value::as_str)
            == Some("1.0"),
        "service has smithy.rules#endpointRuleSet version 1.0",
    );
    check(
        rule_set
            .and_then(|r| r.get("rules"))
            .and_then(Value::as_array)
            .is_some_and(|rules| !rules.is_empty()),
        "endpointRuleSet has rules",
    );
    let parameters = rule_set
        .and_then(|r| r.get("parameters"))
        .and_then(Value::as_object);
    for (name, built_in) in [
        ("Region", "AWS::Region"),
        ("UseDualStack", "AWS::UseDualStack"),
        ("UseFIPS", "AWS::UseFIPS"),
        ("Endpoint", "SDK::Endpoint"),
    ] {
        check(
            parameters
                .and_then(|p| p.get(name))
                .and_then(|p| p.get("builtIn"))
                .and_then(Value::as_str)
                == Some(built_in),
            &format!("endpointRuleSet parameter {name} is bound to {built_in}"),
        );
    }

    let tests = traits.get("smithy.rules#endpointTests");
    check(
        tests.and_then(|t| t.get("version")).and_then(Value::as_str) == Some("1.0"),
        "service has smithy.rules#endpointTests version 1.0",
    );
    check(
        tests
            .and_then(|t| t.get("testCases"))
            .and_then(Value::as_array)
            .is_some_and(|cases| !cases.is_empty()),
        "endpointTests has at least one test case",
    );

    // The model holds the service plus the operation's closure and nothing else.
    let (closure_ids, missing) = closure(shapes, OPERATION);
    check(
        missing.is_empty(),
        &format!("every shape in the closure is defined (missing: {missing:?})"),
    );
    let extra: Vec<&String> = shapes
        .keys()
        .filter(|id| id.as_str() != SERVICE && !closure_ids.contains(*id))
        .collect();
    check(
        extra.is_empty(),
        &format!("no shapes outside the operation closure (found: {extra:?})"),
    );

    assert!(
        problems.is_empty(),
        "service shape {SERVICE} is incomplete; failed checks:\n{}",
        problems.join("\n")
    );
}
