//! Property tests of the generator's entry points: arbitrary bytes and random, mostly
//! well-formed Smithy JSON ASTs go through load, validate, normalize, name + IR and render.
//! Whatever the input, the pipeline returns files or problems, never panics; every problem
//! names the model file; valid models always give the same files. The coverage-guided fuzz
//! targets for the same entry points are in `fuzz/`.

use std::path::{Component, Path};

use codegen::model::load::{load_files, load_str};
use codegen::{CrateSettings, Diagnostics, GeneratedFiles};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::{json, Map, Value};

const FILE: &str = "random.json";

fn settings() -> CrateSettings {
    CrateSettings {
        name: "random-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_path: "../runtime".into(),
        workspace_member: false,
    }
}

/// The pipeline of `codegen::generate`, from text in memory.
fn pipeline(path: &Path, text: &str) -> Result<GeneratedFiles, Diagnostics> {
    let model = load_str(path, text)?;
    codegen::validate::validate(&model)?;
    let normalized = codegen::normalize::normalize(&model, None, &[])?;
    let def = codegen::ir::build(&normalized, settings())?;
    Ok(codegen::render::render(
        &def,
        &[FILE.to_string()],
        &codegen::partitions::built_in(),
    ))
}

/// Every problem is reported against `path`, with a message.
fn assert_names_file(problems: &Diagnostics, path: &Path) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "an error without a problem");
    for problem in problems.iter() {
        prop_assert_eq!(&problem.file, path, "{}", problem);
        prop_assert!(!problem.message.trim().is_empty(), "{:?}", problem);
    }
    Ok(())
}

/// Runs the pipeline twice; checks the problems or the files (deterministic, inside the
/// output folder). Returns whether the model was valid.
fn check_pipeline(text: &str) -> Result<bool, TestCaseError> {
    let path = Path::new(FILE);
    match pipeline(path, text) {
        Err(problems) => {
            assert_names_file(&problems, path)?;
            Ok(false)
        }
        Ok(files) => {
            prop_assert!(files.files.contains_key("Cargo.toml"));
            for name in files.files.keys() {
                prop_assert!(
                    Path::new(name)
                        .components()
                        .all(|c| matches!(c, Component::Normal(_))),
                    "generated path leaves the output folder: {:?}",
                    name
                );
            }
            let again = pipeline(path, text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(files.files == again.files, "two runs gave different files");
            Ok(true)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Random models.

const NAMESPACE: &str = "com.example";

/// Shape names, including Rust keywords, prelude and reserved names, and near-collisions.
#[rustfmt::skip]
const SHAPE_NAMES: &[&str] = &[
    "Widget", "Gadget", "Thing", "Item", "Status", "Kind", "Choice", "Tags", "Names", "Error",
    "Result", "Option", "String", "Box", "Vec", "Self", "Type", "Client", "Config", "Unhandled",
    "Builder", "Some", "None", "Ok", "Crate", "Super", "Match", "Async", "Gen", "Send",
    "Unit", "Document", "Blob", "DateTime", "Number", "widget", "WIDGET", "Widget2", "URL",
    "UrlList", "IOError", "S3Bucket", "Fn",
];

/// Member names, including keywords, builder method names and names that collide once
/// converted to snake case.
#[rustfmt::skip]
const MEMBER_NAMES: &[&str] = &[
    "name", "value", "type", "self", "Self", "super", "crate", "async", "await", "fn", "match",
    "ref", "move", "dyn", "gen", "try", "union", "message", "Message", "build", "builder",
    "meta", "send", "customize", "source", "kind", "code", "request_id", "set_name", "get_name",
    "fooBar", "foo_bar", "FooBar", "a", "A", "a1", "arn", "ARN", "nextToken", "maxResults",
    "items", "inner",
];

/// Member names that are not valid Smithy member names.
const BAD_MEMBER_NAMES: &[&str] = &["_private", "r#type", "1st", "a-b", ""];

#[rustfmt::skip]
const ENUM_VALUES: &[&str] = &[
    "a", "A", "b", "in-progress", "IN_PROGRESS", "", "1st", "self", "Unknown", "UNKNOWN", "é",
    "😀", "a b", "Self",
];

const SIMPLE_TARGETS: &[&str] = &[
    "smithy.api#String",
    "smithy.api#Integer",
    "smithy.api#Long",
    "smithy.api#Short",
    "smithy.api#Byte",
    "smithy.api#Boolean",
    "smithy.api#Float",
    "smithy.api#Double",
    "smithy.api#Timestamp",
    "smithy.api#Blob",
    "smithy.api#Document",
    "smithy.api#PrimitiveInteger",
    "smithy.api#PrimitiveBoolean",
];

/// Targets that are missing, malformed or unsupported as members.
const BAD_TARGETS: &[&str] = &[
    "smithy.api#Unit",
    "smithy.api#BigInteger",
    "com.example#Missing",
    "com.example#",
    "not an id",
];

const DOCS: &[&str] = &[
    "Plain text.",
    "<p>HTML with <code>code</code>, <a href=\"https://example.com\">a link</a> and <b>bold</b>.</p>",
    "Ends a doc comment */ and starts one /* and has ``` fences",
    "Brackets [x] and ]unbalanced[ and #[attr] and {braces}",
    "\u{0}\u{7}control\r\ncharacters\ttoo",
    "<ul><li>one<li>two</ul><pre>  pre\n  formatted</pre>",
    "",
];

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(items)
}

fn shape_id(name: &str) -> String {
    format!("{NAMESPACE}#{name}")
}

/// A member: target index into the shape pool (or a simple target) and member traits.
#[derive(Debug, Clone)]
struct MemberPlan {
    name: &'static str,
    target: Result<usize, &'static str>,
    required: bool,
    default: Option<Value>,
    doc: Option<&'static str>,
    json_name: Option<&'static str>,
    sensitive: bool,
    timestamp_format: Option<&'static str>,
}

#[derive(Debug, Clone)]
enum Kind {
    Structure { error: Option<&'static str> },
    Union,
    List,
    Map,
    Enum,
    IntEnum,
    Simple(&'static str),
}

#[derive(Debug, Clone)]
struct ShapePlan {
    name: &'static str,
    kind: Kind,
    members: Vec<MemberPlan>,
    doc: Option<&'static str>,
    enum_values: Vec<&'static str>,
}

/// Operation inputs, outputs and errors pick among the structures (or, for errors, the
/// error structures) of the pool, except when `any_shape` is set: then from the whole pool.
#[derive(Debug, Clone)]
struct OperationPlan {
    name: &'static str,
    input: Option<usize>,
    output: Option<usize>,
    errors: Vec<usize>,
    any_shape: bool,
}

#[derive(Debug, Clone)]
struct ModelPlan {
    shapes: Vec<ShapePlan>,
    operations: Vec<OperationPlan>,
    protocol: &'static str,
    service_name: &'static str,
}

fn default_value() -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(
        0.15,
        prop_oneof![
            Just(json!(0)),
            Just(json!("")),
            Just(json!("a")),
            Just(json!(false)),
            Just(json!([])),
            Just(json!({})),
            Just(json!(1.5)),
            Just(json!(null)),
        ],
    )
}

fn member_plan() -> impl Strategy<Value = MemberPlan> {
    (
        prop_oneof![30 => pick(MEMBER_NAMES), 1 => pick(BAD_MEMBER_NAMES)],
        prop_oneof![
            12 => (0usize..16).prop_map(Ok),
            12 => pick(SIMPLE_TARGETS).prop_map(Err),
            1 => pick(BAD_TARGETS).prop_map(Err),
        ],
        prop::bool::weighted(0.3),
        default_value(),
        prop::option::weighted(0.2, pick(DOCS)),
        prop::option::weighted(0.1, pick(&["jsonName", "other", "", "type"][..])),
        prop::bool::weighted(0.1),
        prop::option::weighted(
            0.1,
            pick(&["epoch-seconds", "date-time", "http-date", "bogus"][..]),
        ),
    )
        .prop_map(
            |(name, target, required, default, doc, json_name, sensitive, timestamp_format)| {
                MemberPlan {
                    name,
                    target,
                    required,
                    default,
                    doc,
                    json_name,
                    sensitive,
                    timestamp_format,
                }
            },
        )
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        6 => prop::option::weighted(
            0.3,
            prop_oneof![10 => pick(&["client", "server"][..]), 1 => Just("bogus")],
        )
        .prop_map(|error| Kind::Structure { error }),
        1 => Just(Kind::Union),
        1 => Just(Kind::List),
        1 => Just(Kind::Map),
        1 => Just(Kind::Enum),
        1 => Just(Kind::IntEnum),
        1 => pick(&["string", "integer", "long", "boolean", "timestamp", "blob", "document",
                    "double", "bigDecimal"][..]).prop_map(Kind::Simple),
    ]
}

fn shape_plan() -> impl Strategy<Value = ShapePlan> {
    (
        pick(SHAPE_NAMES),
        kind(),
        prop::collection::vec(member_plan(), 0..5),
        prop::option::weighted(0.3, pick(DOCS)),
        prop::collection::vec(pick(ENUM_VALUES), 1..4),
    )
        .prop_map(|(name, kind, members, doc, enum_values)| ShapePlan {
            name,
            kind,
            members,
            doc,
            enum_values,
        })
}

fn operation_plan() -> impl Strategy<Value = OperationPlan> {
    (
        pick(
            &[
                "GetWidget",
                "PutWidget",
                "List",
                "Send",
                "Build",
                "Ping",
                "get_widget",
            ][..],
        ),
        prop::option::weighted(0.8, 0usize..16),
        prop::option::weighted(0.8, 0usize..16),
        prop::collection::vec(0usize..16, 0..3),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(name, input, output, errors, any_shape)| OperationPlan {
            name,
            input,
            output,
            errors,
            any_shape,
        })
}

fn model_plan() -> impl Strategy<Value = ModelPlan> {
    (
        prop::collection::vec(shape_plan(), 1..8),
        prop::collection::vec(operation_plan(), 1..3),
        prop_oneof![
            4 => Just("aws.protocols#awsJson1_0"),
            4 => Just("aws.protocols#awsJson1_1"),
            1 => Just("aws.protocols#restJson1"),
        ],
        pick(&["Svc", "Widgets", "Client", "Self"][..]),
    )
        .prop_map(|(shapes, operations, protocol, service_name)| ModelPlan {
            shapes,
            operations,
            protocol,
            service_name,
        })
}

/// The pool shape a member targets: the last one with that name, as later shapes of the same
/// name replace earlier ones in the model.
fn pool_target<'a>(plan: &'a ModelPlan, member: &MemberPlan) -> Option<&'a ShapePlan> {
    let index = member.target.ok()?;
    let name = plan.shapes[index % plan.shapes.len()].name;
    plan.shapes.iter().rev().find(|shape| shape.name == name)
}

/// The plan draws member traits for every member; only those Smithy allows where the member
/// is (in `container`, targeting what it targets) are written, so that random models are
/// often valid. Values stay random (a default of the wrong type, a bogus timestamp format).
fn member_json(plan: &ModelPlan, container: &Kind, member: &MemberPlan) -> Value {
    let target = match member.target {
        Ok(index) => shape_id(plan.shapes[index % plan.shapes.len()].name),
        Err(simple) => simple.to_string(),
    };
    let in_structure = matches!(container, Kind::Structure { .. });
    let target_kind = pool_target(plan, member).map(|shape| &shape.kind);
    let targets_aggregate = matches!(target_kind, Some(Kind::Structure { .. } | Kind::Union));
    let targets_timestamp = member.target == Err("smithy.api#Timestamp")
        || matches!(target_kind, Some(Kind::Simple("timestamp")));
    let mut traits = Map::new();
    if member.required && in_structure {
        traits.insert("smithy.api#required".into(), json!({}));
    }
    if let Some(default) = member
        .default
        .as_ref()
        .filter(|_| in_structure && !targets_aggregate)
    {
        traits.insert("smithy.api#default".into(), default.clone());
    }
    if let Some(doc) = member.doc {
        traits.insert("smithy.api#documentation".into(), json!(doc));
    }
    if let Some(name) = member
        .json_name
        .filter(|_| matches!(container, Kind::Structure { .. } | Kind::Union))
    {
        traits.insert("smithy.api#jsonName".into(), json!(name));
    }
    if let Some(format) = member.timestamp_format.filter(|_| targets_timestamp) {
        traits.insert("smithy.api#timestampFormat".into(), json!(format));
    }
    json!({ "target": target, "traits": traits })
}

fn model_json(plan: &ModelPlan) -> Value {
    let mut shapes = Map::new();
    // `@sensitive` cannot be applied to members: a sensitive member makes its target sensitive.
    let sensitive: Vec<&str> = plan
        .shapes
        .iter()
        .flat_map(|shape| &shape.members)
        .filter(|member| member.sensitive)
        .filter_map(|member| pool_target(plan, member).map(|shape| shape.name))
        .collect();
    for shape in &plan.shapes {
        let mut traits = Map::new();
        if let Some(doc) = shape.doc {
            traits.insert("smithy.api#documentation".into(), json!(doc));
        }
        if sensitive.contains(&shape.name) {
            traits.insert("smithy.api#sensitive".into(), json!({}));
        }
        let members = || -> Map<String, Value> {
            shape
                .members
                .iter()
                .map(|member| {
                    (
                        member.name.to_string(),
                        member_json(plan, &shape.kind, member),
                    )
                })
                .collect()
        };
        let mut value = match &shape.kind {
            Kind::Structure { error } => {
                if let Some(error) = error {
                    traits.insert("smithy.api#error".into(), json!(error));
                }
                json!({ "type": "structure", "members": members() })
            }
            Kind::Union => json!({ "type": "union", "members": members() }),
            Kind::List => {
                let member = shape.members.first().map_or_else(
                    || json!({ "target": "smithy.api#String" }),
                    |member| member_json(plan, &shape.kind, member),
                );
                json!({ "type": "list", "member": member })
            }
            Kind::Map => {
                let value = shape.members.first().map_or_else(
                    || json!({ "target": "smithy.api#Integer" }),
                    |member| member_json(plan, &shape.kind, member),
                );
                json!({ "type": "map", "key": { "target": "smithy.api#String" }, "value": value })
            }
            Kind::Enum => {
                let members: Map<String, Value> = shape
                    .enum_values
                    .iter()
                    .enumerate()
                    .map(|(index, value)| {
                        let name = MEMBER_NAMES[index * 7 % MEMBER_NAMES.len()].to_uppercase();
                        let member = json!({
                            "target": "smithy.api#Unit",
                            "traits": { "smithy.api#enumValue": value }
                        });
                        (name, member)
                    })
                    .collect();
                json!({ "type": "enum", "members": members })
            }
            Kind::IntEnum => {
                let members: Map<String, Value> = shape
                    .enum_values
                    .iter()
                    .enumerate()
                    .map(|(index, value)| {
                        let member = json!({
                            "target": "smithy.api#Unit",
                            "traits": { "smithy.api#enumValue": value.len() as i64 - 1 }
                        });
                        (format!("V{index}"), member)
                    })
                    .collect();
                json!({ "type": "intEnum", "members": members })
            }
            Kind::Simple(kind) => json!({ "type": kind }),
        };
        value["traits"] = Value::Object(traits);
        shapes.insert(shape_id(shape.name), value);
    }
    let named =
        |names: &[&str], index: usize| json!({ "target": shape_id(names[index % names.len()]) });
    let select = |error: bool| -> Vec<&str> {
        plan.shapes
            .iter()
            .filter(
                |shape| matches!(shape.kind, Kind::Structure { error: e } if e.is_some() == error),
            )
            .map(|shape| shape.name)
            .collect()
    };
    let (all, structures, errors) = (
        plan.shapes
            .iter()
            .map(|shape| shape.name)
            .collect::<Vec<_>>(),
        select(false),
        select(true),
    );
    let mut operations = Vec::new();
    for operation in &plan.operations {
        let (data, error_pool) = if operation.any_shape {
            (&all, &all)
        } else {
            (&structures, &errors)
        };
        let mut value = json!({ "type": "operation" });
        if !data.is_empty() {
            if let Some(input) = operation.input {
                value["input"] = named(data, input);
            }
            if let Some(output) = operation.output {
                value["output"] = named(data, output);
            }
        }
        if !error_pool.is_empty() {
            value["errors"] = operation
                .errors
                .iter()
                .map(|&e| named(error_pool, e))
                .collect();
        }
        operations.push(json!({ "target": shape_id(operation.name) }));
        shapes.insert(shape_id(operation.name), value);
    }
    shapes.insert(
        shape_id(plan.service_name),
        json!({
            "type": "service",
            "version": "2024-01-01",
            "operations": operations,
            "traits": {
                plan.protocol: {},
                "aws.auth#sigv4": { "name": "svc" },
            }
        }),
    );
    json!({ "smithy": "2.0", "shapes": shapes })
}

/// Replaces one node of `value` (chosen by `index` in a pre-order walk) with `replacement`:
/// wrong JSON types at any level.
fn replace_node(value: &mut Value, index: &mut usize, replacement: &Value) -> bool {
    if *index == 0 {
        *value = replacement.clone();
        return true;
    }
    *index -= 1;
    match value {
        Value::Array(items) => items
            .iter_mut()
            .any(|item| replace_node(item, index, replacement)),
        Value::Object(members) => members
            .values_mut()
            .any(|member| replace_node(member, index, replacement)),
        _ => false,
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.values().map(count_nodes).sum(),
        _ => 0,
    }
}

fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(json!(1.5)),
        "[a-z#$.]{0,10}".prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{ "target": 1 }])),
        Just(json!({ "target": null })),
    ]
}

fn cases(count: u32) -> ProptestConfig {
    ProptestConfig {
        cases: count,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn arbitrary_bytes_are_an_error_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let path = Path::new(FILE);
        if let Err(problems) = load_str(path, &text) {
            assert_names_file(&problems, path)?;
        }
    }

    #[test]
    fn arbitrary_files_are_an_error_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        std::fs::write(&path, &bytes).unwrap();
        match load_files(&[&path]) {
            Err(problems) => assert_names_file(&problems, &path)?,
            Ok(model) => {
                if let Err(problems) = codegen::validate::validate(&model) {
                    assert_names_file(&problems, &path)?;
                }
            }
        }
    }

    #[test]
    fn json_in_the_wrong_places_is_an_error_naming_the_file(
        plan in model_plan(),
        at in any::<prop::sample::Index>(),
        replacement in any_json(),
    ) {
        let mut model = model_json(&plan);
        let mut index = at.index(count_nodes(&model));
        replace_node(&mut model, &mut index, &replacement);
        check_pipeline(&model.to_string())?;
    }
}

proptest! {
    // Rendering is the slow part; fewer cases keep the test within a few seconds.
    #![proptest_config(cases(128))]

    #[test]
    fn random_models_generate_deterministically_or_fail_naming_the_file(plan in model_plan()) {
        check_pipeline(&model_json(&plan).to_string())?;
    }
}

/// The random models are not all rejected: enough of them are valid that the properties
/// above also exercise rendering and determinism.
#[test]
fn random_models_are_often_valid() {
    let mut runner = TestRunner::deterministic();
    let strategy = model_plan();
    let (mut valid, total) = (0, 40);
    for _ in 0..total {
        let plan = strategy.new_tree(&mut runner).unwrap().current();
        if check_pipeline(&model_json(&plan).to_string()).unwrap() {
            valid += 1;
        }
    }
    eprintln!("{valid} of {total} random models were valid");
    assert!(
        valid * 4 >= total,
        "only {valid} of {total} random models were valid"
    );
}
