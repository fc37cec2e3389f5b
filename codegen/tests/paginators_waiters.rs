//! Paginators and waiters: the generated API against canned HTTP responses (through the
//! `kitchen-sink` snapshot crate, whose fixture has a paginated operation and three waiters),
//! the generator's errors for what it cannot emit, and the whole upstream Proton model
//! generated with every paginator and waiter.

use std::path::{Path, PathBuf};
use std::time::Duration;

use codegen::{CrateSettings, GenerateRequest};
use kitchen_sink::client::Waiters;
use kitchen_sink::config::{BehaviorVersion, Credentials, Region};
use kitchen_sink::types::Status;
use kitchen_sink::{Client, Config};
use smithy_runtime::transport::test_util::{CaptureClient, InstantSleep};
use smithy_runtime::waiter::error::WaiterError;

fn client(http: &CaptureClient, sleep: &InstantSleep) -> Client {
    Client::from_conf(
        Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .endpoint_url("https://kitchen.example.com")
            .http_client(http.clone())
            .sleep_impl(sleep.clone())
            .build(),
    )
}

/// A `ListRecipes` page: `(id, status, ready)` per recipe.
fn page(token: Option<&str>, recipes: &[(&str, &str, bool)]) -> String {
    let recipes: Vec<String> = recipes
        .iter()
        .map(|(id, status, ready)| {
            format!(r#"{{"id":"{id}","status":"{status}","ready":{ready}}}"#)
        })
        .collect();
    let token = token.map_or(String::new(), |t| format!(r#""nextToken":"{t}","#));
    format!(r#"{{"page":{{{token}"recipes":[{}]}}}}"#, recipes.join(","))
}

fn error(code: &str) -> String {
    format!(r#"{{"__type":"{code}","message":"no"}}"#)
}

fn body(http: &CaptureClient, index: usize) -> smithy_runtime::json::Value<'static> {
    smithy_runtime::json::parse(http.requests()[index].body())
        .unwrap()
        .into_owned()
}

fn string_member(value: &smithy_runtime::json::Value, name: &str) -> Option<String> {
    value.get(name).and_then(|v| v.as_str()).map(str::to_string)
}

#[tokio::test]
async fn the_paginator_follows_nested_tokens_and_sets_the_page_size() {
    let http = CaptureClient::new()
        .with_response(200, page(Some("t1"), &[("a", "OK", true)]))
        .with_response(200, page(Some("t2"), &[("b", "OK", true)]))
        .with_response(200, page(None, &[("c", "OK", true)]));
    let pages = client(&http, &InstantSleep::new())
        .list_recipes()
        .owner("me")
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].page().unwrap().recipes()[0].id(), "c");
    let tokens: Vec<_> = (0..3)
        .map(|i| string_member(&body(&http, i), "nextToken"))
        .collect();
    assert_eq!(tokens, [None, Some("t1".into()), Some("t2".into())]);
    for i in 0..3 {
        let body = body(&http, i);
        assert_eq!(
            format!("{:?}", body.get("maxResults").and_then(|v| v.as_number())),
            "Some(PosInt(2))"
        );
        assert_eq!(string_member(&body, "owner").as_deref(), Some("me"));
    }
}

#[tokio::test]
async fn the_item_paginator_flattens_pages() {
    let http = CaptureClient::new()
        .with_response(
            200,
            page(Some("t1"), &[("a", "OK", true), ("b", "OK", false)]),
        )
        .with_response(200, page(Some(""), &[]))
        .with_response(200, page(None, &[("never", "OK", true)]));
    let mut items = client(&http, &InstantSleep::new())
        .list_recipes()
        .into_paginator()
        .items()
        .send();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().id().to_string());
    }
    // An empty token ends the pagination like an absent one.
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(http.requests().len(), 2);
}

#[tokio::test]
async fn the_paginator_stops_when_the_service_repeats_a_token() {
    let http = CaptureClient::new();
    for _ in 0..5 {
        http.push_status(200, page(Some("same"), &[("a", "OK", true)]));
    }
    let pages: Vec<_> = client(&http, &InstantSleep::new())
        .list_recipes()
        .into_paginator()
        .send()
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(http.requests().len(), 2);

    // Unless told to follow repeated tokens (here until the responses run out).
    let http = CaptureClient::new();
    for _ in 0..3 {
        http.push_status(200, page(Some("same"), &[("a", "OK", true)]));
    }
    http.push_status(200, page(None, &[]));
    let pages = client(&http, &InstantSleep::new())
        .list_recipes()
        .into_paginator()
        .stop_on_duplicate_token(false)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 4);
}

#[tokio::test]
async fn the_paginator_yields_an_error_and_stops() {
    let http = CaptureClient::new()
        .with_response(200, page(Some("t1"), &[("a", "OK", true)]))
        .with_response(
            400,
            r#"{"__type":"InvalidThing","message":"bad","field":"owner"}"#,
        )
        .with_response(200, page(None, &[]));
    let mut pages = client(&http, &InstantSleep::new())
        .list_recipes()
        .into_paginator()
        .send();
    assert!(pages.try_next().await.unwrap().is_some());
    let err = pages.try_next().await.unwrap_err();
    assert!(err.into_service_error().is_invalid_thing());
    assert!(pages.next().await.is_none());
    assert_eq!(http.requests().len(), 2);
}

#[tokio::test]
async fn a_waiter_retries_until_success() {
    let http = CaptureClient::new()
        .with_response(200, page(None, &[("a", "in-progress", false)]))
        .with_response(400, error("NotReady"))
        .with_response(200, page(None, &[("a", "OK", true), ("b", "OK", true)]));
    let sleep = InstantSleep::new();
    let done = client(&http, &sleep)
        .wait_until_recipes_ready()
        .owner("me")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    let output = done.as_result().unwrap();
    assert_eq!(
        output.page().unwrap().recipes()[1].status(),
        Some(&Status::Ok)
    );
    assert_eq!(http.requests().len(), 3);
    assert_eq!(
        string_member(&body(&http, 2), "owner").as_deref(),
        Some("me")
    );
    // Two delays, each between the model's minDelay (1 s) and the backoff bound.
    let slept = sleep.logs();
    assert_eq!(slept.len(), 2, "{slept:?}");
    assert_eq!(slept[0], Duration::from_secs(1));
    assert!(slept[1] >= Duration::from_secs(1) && slept[1] <= Duration::from_secs(2));
}

#[tokio::test]
async fn a_waiter_stops_in_its_failure_state() {
    let http = CaptureClient::new()
        .with_response(200, page(None, &[("a", "OK", true), ("b", "SELF", true)]));
    let err = client(&http, &InstantSleep::new())
        .wait_until_recipes_ready()
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::FailureState(state) = err else {
        panic!("{err:?}")
    };
    let output = state.final_poll().as_result().unwrap();
    assert_eq!(output.page().unwrap().recipes().len(), 2);
}

#[tokio::test]
async fn a_waiter_gives_up_after_the_maximum_wait() {
    let http = CaptureClient::new();
    for _ in 0..50 {
        http.push_status(200, page(None, &[("a", "in-progress", false)]));
    }
    let sleep = InstantSleep::new();
    let err = client(&http, &sleep)
        .wait_until_recipes_ready()
        .wait(Duration::from_secs(30))
        .await
        .unwrap_err();
    let WaiterError::ExceededMaxWait(exceeded) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(exceeded.max_wait(), Duration::from_secs(30));
    assert_eq!(exceeded.elapsed(), Duration::from_secs(30));
    assert_eq!(exceeded.poll_count() as usize, http.requests().len());
    // Every delay within the model's bounds (1 to 10 s), and together exactly the maximum wait.
    // The last one is the whole remaining time, which the spec allows up to maxDelay + minDelay
    // (a remaining time minus the delay picked that is at most minDelay), so 11 s.
    let slept = sleep.logs();
    let (last, earlier) = slept.split_last().expect("at least one delay");
    assert!(
        earlier.iter().all(|d| *d <= Duration::from_secs(10)),
        "{slept:?}"
    );
    assert!(*last <= Duration::from_secs(11), "{slept:?}");
    assert_eq!(slept.iter().sum::<Duration>(), Duration::from_secs(30));
    assert_eq!(slept.len() + 1, http.requests().len());
}

#[tokio::test]
async fn an_unmatched_error_stops_a_waiter() {
    let http = CaptureClient::new().with_response(
        400,
        r#"{"__type":"InvalidThing","message":"bad","field":"owner"}"#,
    );
    let err = client(&http, &InstantSleep::new())
        .wait_until_recipes_ready()
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::OperationFailed(failed) = err else {
        panic!("{err:?}")
    };
    assert!(failed.into_error().into_service_error().is_invalid_thing());
}

#[tokio::test]
#[allow(deprecated)]
async fn input_output_matchers_see_the_input() {
    // Two ready recipes that are not `SELF`, and the input asked for two: success.
    let http = CaptureClient::new()
        .with_response(200, page(None, &[("a", "OK", true), ("b", "SELF", true)]))
        .with_response(
            200,
            page(None, &[("a", "OK", true), ("b", "in-progress", true)]),
        );
    let done = client(&http, &InstantSleep::new())
        .wait_until_recipes_filled()
        .max_results(2)
        .wait(Duration::from_secs(600))
        .await
        .unwrap();
    assert!(done.as_result().is_ok());
    assert_eq!(http.requests().len(), 2);
}

#[tokio::test]
#[allow(deprecated)]
async fn filters_functions_and_boolean_operators_match() {
    // `contains(page.recipes[*].id, 'bad') || page.recipes[0].status == 'UNKNOWN'`
    for recipes in [
        &[("x", "OK", false), ("bad", "OK", false)][..],
        &[("x", "UNKNOWN", false)][..],
    ] {
        let http = CaptureClient::new().with_response(200, page(None, recipes));
        let err = client(&http, &InstantSleep::new())
            .wait_until_recipes_filled()
            .max_results(5)
            .wait(Duration::from_secs(600))
            .await
            .unwrap_err();
        assert!(
            matches!(err, WaiterError::FailureState(_)),
            "{recipes:?}: {err:?}"
        );
    }
    // `page.nextToken` stringEquals `end`.
    let http = CaptureClient::new().with_response(200, page(Some("end"), &[]));
    let err = client(&http, &InstantSleep::new())
        .wait_until_recipes_filled()
        .wait(Duration::from_secs(600))
        .await
        .unwrap_err();
    assert!(matches!(err, WaiterError::FailureState(_)), "{err:?}");
    // `success: false` turns any service error into the failure state, with the error kept.
    let http = CaptureClient::new().with_response(400, error("Whatever"));
    let err = client(&http, &InstantSleep::new())
        .wait_until_recipes_filled()
        .wait(Duration::from_secs(600))
        .await
        .unwrap_err();
    let WaiterError::FailureState(state) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        kitchen_sink::error::ProvideErrorMetadata::code(
            state.final_poll().as_result().unwrap_err()
        ),
        Some("Whatever")
    );
    assert_eq!(
        kitchen_sink::error::ProvideErrorMetadata::code(&err),
        Some("Whatever")
    );
}

#[tokio::test]
async fn error_type_and_success_matchers() {
    let http = CaptureClient::new()
        .with_response(400, error("ResourceNotFound"))
        .with_response(400, error("ResourceNotFound"))
        .with_response(200, r#"{"tree":{"value":"root"}}"#);
    let done = client(&http, &InstantSleep::new())
        .wait_until_recipe_exists()
        .id("r1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    assert!(done.into_result().unwrap().tree().is_some());
    assert_eq!(http.requests().len(), 3);
    assert_eq!(string_member(&body(&http, 0), "id").as_deref(), Some("r1"));
}

#[tokio::test]
async fn a_waiter_stops_when_no_response_arrives() {
    let http = CaptureClient::new();
    let err = client(&http, &InstantSleep::new())
        .wait_until_recipe_exists()
        .id("r1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::OperationFailed(failed) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(
        failed.error(),
        smithy_runtime::error::SdkError::DispatchFailure(_)
    ));
    assert_eq!(err.to_string(), "operation failed while waiting");
}

// ---- generator errors -------------------------------------------------------------------

/// Generates `model` (one service `S` with one operation `Op`, awsJson 1.0) in memory.
fn generate(operation_traits: &str, output_members: &str) -> Result<(), String> {
    let model = format!(
        r#"{{
        "smithy": "2.0",
        "shapes": {{
            "ex#S": {{ "type": "service", "version": "1", "operations": [{{ "target": "ex#Op" }}],
                      "traits": {{ "aws.protocols#awsJson1_0": {{}} }} }},
            "ex#Op": {{ "type": "operation", "input": {{ "target": "ex#OpInput" }},
                       "output": {{ "target": "ex#OpOutput" }}, "traits": {{ {operation_traits} }} }},
            "ex#OpInput": {{ "type": "structure", "members": {{
                "token": {{ "target": "smithy.api#String" }},
                "size": {{ "target": "smithy.api#Integer" }} }} }},
            "ex#OpOutput": {{ "type": "structure", "members": {{ {output_members} }} }},
            "ex#Names": {{ "type": "list", "member": {{ "target": "smithy.api#String" }} }},
            "ex#Counts": {{ "type": "map", "key": {{ "target": "smithy.api#String" }},
                           "value": {{ "target": "smithy.api#Integer" }} }}
        }}
    }}"#
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.json");
    std::fs::write(&file, model).unwrap();
    let request = GenerateRequest {
        model_files: vec![file],
        source_names: vec!["model.json".into()],
        service: None,
        operations: Vec::new(),
        crate_settings: CrateSettings {
            name: "x".into(),
            version: "0.0.0".into(),
            description: None,
            runtime_path: "../runtime".into(),
            workspace_member: false,
        },
        partitions: None,
    };
    codegen::generate(&request)
        .map(|_| ())
        .map_err(|diagnostics| diagnostics.to_string())
}

const OUTPUT: &str = r#""next": { "target": "smithy.api#String" },
    "names": { "target": "ex#Names" },
    "counts": { "target": "ex#Counts" },
    "flag": { "target": "smithy.api#Boolean" }"#;

fn waiter(path: &str, comparator: &str, expected: &str) -> String {
    format!(
        r#""smithy.waiters#waitable": {{ "Done": {{ "acceptors": [
            {{ "state": "success", "matcher": {{ "output": {{ "path": "{path}", "expected": "{expected}", "comparator": "{comparator}" }} }} }}
        ] }} }}"#
    )
}

#[test]
fn supported_traits_generate() {
    generate(
        r#""smithy.api#paginated": { "inputToken": "token", "outputToken": "next", "pageSize": "size", "items": "counts" }"#,
        OUTPUT,
    )
    .unwrap();
    generate(
        &waiter(
            "names[?@ == 'a'] | length(@) > `0`",
            "booleanEquals",
            "true",
        ),
        OUTPUT,
    )
    .unwrap();
    generate(&waiter("flag || !flag", "booleanEquals", "true"), OUTPUT).unwrap();
}

#[test]
fn unsupported_waiter_paths_are_errors_naming_the_waiter() {
    for (path, comparator, message) in [
        (
            "names",
            "stringEquals",
            "the comparator needs a string, but the path gives a list of strings",
        ),
        (
            "flag",
            "allStringEquals",
            "the comparator needs a list of strings, but the path gives a boolean",
        ),
        (
            "counts.a",
            "stringEquals",
            "maps are not supported in waiter paths",
        ),
        (
            "keys(@)",
            "anyStringEquals",
            "the function `keys` is not supported",
        ),
        ("names[0:1]", "anyStringEquals", "slices are not supported"),
        (
            "missing",
            "stringEquals",
            "`OpOutput` has no member `missing`",
        ),
        (
            "next.deeper",
            "stringEquals",
            "`deeper` selects a member of a string, which has none",
        ),
        (
            "next < `1`",
            "booleanEquals",
            "`<` compares numbers, not a string and a number",
        ),
        ("next ==", "booleanEquals", "does not parse"),
    ] {
        let error = generate(&waiter(path, comparator, "true"), OUTPUT).unwrap_err();
        assert!(
            error.contains("ex#Op: waiter `Done`: acceptor 1: path"),
            "{path}: {error}"
        );
        assert!(error.contains(message), "{path}: {error}");
    }
    let error = generate(
        r#""smithy.waiters#waitable": { "Done": { "minDelay": 10, "maxDelay": 5, "acceptors": [
            { "state": "success", "matcher": { "success": true } } ] } }"#,
        OUTPUT,
    )
    .unwrap_err();
    assert!(
        error.contains("waiter `Done`: `maxDelay` (5) must not be less than `minDelay` (10)"),
        "{error}"
    );
    let error = generate(
        r#""smithy.waiters#waitable": { "Done": { "acceptors": [
            { "state": "failure", "matcher": { "success": false } } ] } }"#,
        OUTPUT,
    )
    .unwrap_err();
    assert!(
        error.contains("waiter `Done`: needs an acceptor with the `success` state"),
        "{error}"
    );
}

#[test]
fn malformed_pagination_is_an_error() {
    for (traits, message) in [
        (
            r#""inputToken": "token""#,
            "no `outputToken`, on the operation or the service",
        ),
        (
            r#""inputToken": "size", "outputToken": "next""#,
            "inputToken `size` must target a string or a map",
        ),
        (
            r#""inputToken": "token", "outputToken": "flag""#,
            "must target the same type",
        ),
        (
            r#""inputToken": "token", "outputToken": "nope""#,
            "outputToken `nope`: `OpOutput` has no member `nope`",
        ),
        (
            r#""inputToken": "token", "outputToken": "next", "items": "flag""#,
            "items `flag` must target a list or a map",
        ),
        (
            r#""inputToken": "token", "outputToken": "next", "pageSize": "token""#,
            "pageSize `token` must name an integer member",
        ),
    ] {
        let error = generate(
            &format!(r#""smithy.api#paginated": {{ {traits} }}"#),
            OUTPUT,
        )
        .unwrap_err();
        assert!(
            error.contains("ex#Op: cannot generate the paginator"),
            "{traits}: {error}"
        );
        assert!(error.contains(message), "{traits}: {error}");
    }
}

// ---- the whole Proton model -------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Generates every operation of the upstream Proton model (21 paginators, 10 waiters) and
/// `cargo check`s the crate with warnings denied.
#[test]
fn the_whole_proton_model_has_its_paginators_and_waiters() {
    let model = workspace_root().join("../shared/models/proton-2020-07-20.json");
    if !model.is_file() {
        println!("skipped: ../shared not found (shared test data is absent on a fresh clone)");
        return;
    }
    let request = GenerateRequest {
        model_files: vec![model],
        source_names: vec!["proton-2020-07-20.json".into()],
        service: None,
        operations: Vec::new(),
        crate_settings: CrateSettings {
            name: "proton-all".into(),
            version: "0.0.0".into(),
            description: None,
            runtime_path: workspace_root()
                .join("runtime")
                .to_string_lossy()
                .into_owned(),
            workspace_member: false,
        },
        partitions: None,
    };
    let files = codegen::generate(&request).unwrap();
    let paginators = files
        .files
        .keys()
        .filter(|path| path.ends_with("/paginator.rs"))
        .count();
    assert_eq!(paginators, 21);
    let waiters = files
        .files
        .keys()
        .filter(|path| path.starts_with("src/waiters/"))
        .count();
    assert_eq!(waiters, 10);
    let environment = &files.files["src/waiters/environment_deployed.rs"];
    for expected in [
        "pub struct EnvironmentDeployedFluentBuilder",
        "pub type EnvironmentDeployedFinalPoll",
        "pub type WaitUntilEnvironmentDeployedError",
        "Duration::from_secs(5u64)",
        "Duration::from_secs(4999u64)",
    ] {
        assert!(environment.contains(expected), "{expected}");
    }
    assert!(files.files["src/client.rs"].contains("pub trait Waiters"));
    assert!(files.files["src/client.rs"].contains("fn wait_until_environment_deployed("));
    let list = &files.files["src/operation/list_environments/paginator.rs"];
    assert!(list.contains("pub struct ListEnvironmentsPaginatorItems"));
    assert!(list.contains("pub fn page_size(mut self, limit: i32) -> Self"));
    assert!(files.files["src/operation/list_environments/builders.rs"]
        .contains("pub fn into_paginator("));
    // Compiling it (with clippy, warnings denied) is `shared_models.rs`'s job, which builds
    // every service of every shared model in one workspace.
}
