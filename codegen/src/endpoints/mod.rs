//! Endpoint rule sets (`smithy.rules#endpointRuleSet`) to Rust, and their test cases
//! (`smithy.rules#endpointTests`) to `#[test]` functions.
//!
//! The work is split in two, so that nothing fails while rendering:
//!
//! - while the IR is built, [`check`] parses the rule set into its typed form
//!   (`rule_set.rs`), type-checks it and lowers it to statements (`compile.rs`, with the
//!   standard library in `functions.rs`), finds the bindings nothing reads (`liveness.rs`), and
//!   parses the test cases (`test_cases.rs`). Every problem is an `Err` naming the construct.
//! - [`render_resolver`] and [`render_tests`] then emit the checked forms: `Params` and
//!   `ParamsBuilder` (`params.rs`), `resolve_endpoint` (`render.rs`), `static PARTITIONS`
//!   (`partition_table.rs`) and the tests (`tests_render.rs`).
//!
//! `resolve_endpoint` is straight-line Rust: conditions become `if` / `if let` chains,
//! `assign` becomes a local binding, templates become `format!` calls, `getAttr` becomes
//! accessor calls or indexing, error rules return `Err` and endpoint rules return
//! `Ok(Endpoint)`. Nothing is interpreted at run time; the generated code calls the standard
//! library in `smithy_runtime::endpoint`.
//!
//! Supported: parameters of type `string`, `boolean` and `stringArray` (with `required`,
//! `default`, `builtIn`, `deprecated` and `documentation`); endpoint, error and tree rules;
//! the functions `booleanEquals`, `stringEquals`, `not`, `isSet`, `getAttr` (keys and
//! indexes, negative ones too), `parseURL`, `substring`, `uriEncode`, `isValidHostLabel`,
//! `coalesce`, `ite`, `split`, `aws.partition` and `aws.parseArn`; templates with
//! `{name}`, `{name#path}` and the `{{` / `}}` escapes; endpoint headers and properties
//! (any JSON, strings being templates).
//!
//! Typing follows the rules engine: a value that may be absent (an optional parameter, or
//! the result of `parseURL`, `substring`, `aws.partition`, `aws.parseArn`, an index) must be
//! proven present with `isSet` or `assign` before it is passed where a value is required.
//! Anything outside this subset (an unknown function such as
//! `aws.isVirtualHostableS3Bucket`, a type error, a malformed rule set) is reported naming
//! the construct; the generator never produces code it cannot vouch for.
//!
//! The generated code compiles without warnings and passes `clippy -D warnings`: bindings
//! that nothing reads are dropped (a narrowing `if let` whose binding is unused becomes an
//! `is_some()` test), consecutive conditions are joined with `&&`, and the last statement
//! of the function is a tail expression.

mod compile;
mod document;
mod functions;
mod liveness;
mod params;
mod partition_table;
mod render;
mod rule_set;
mod rust_code;
mod statements;
mod test_cases;
mod tests_render;
mod values;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::partitions::PartitionFacts;

pub use compile::CompiledRuleSet;
pub use rule_set::{parse_rule_set, DefaultValue, Param, ParamKind, RuleSet};
pub use rust_code::RustIdent;
pub use test_cases::{parse_tests, Expectation, TestCase, TestParam, TestParamValue};
pub use tests_render::render_tests;

/// How deeply rules, expressions and property values may nest.
const MAX_DEPTH: usize = 64;

/// Parses and type-checks the value of the `smithy.rules#endpointRuleSet` trait, and lowers
/// it to the form [`render_resolver`] emits.
pub fn compile_rule_set(rule_set: &Value) -> Result<CompiledRuleSet, String> {
    compile::compile(parse_rule_set(rule_set)?)
}

/// The checked forms of a service's endpoint traits.
pub type CheckedEndpoints = (Option<CompiledRuleSet>, Option<Vec<TestCase>>);

/// What a service's endpoint traits become: the compiled rule set, when there is one, and its
/// test cases (which are only read when there is a rule set for them to test). Fails on the
/// first problem, the rule set's before the tests'.
pub fn check(rule_set: Option<&Value>, tests: Option<&Value>) -> Result<CheckedEndpoints, String> {
    let Some(rule_set) = rule_set else {
        return Ok((None, None));
    };
    let rules = compile_rule_set(rule_set)?;
    let tests = tests.map(parse_tests).transpose()?;
    Ok((Some(rules), tests))
}

/// The body of an endpoint module for a compiled rule set: `pub struct Params`,
/// `pub struct ParamsBuilder` and
/// `pub fn resolve_endpoint(params: &Params) -> Result<Endpoint, ResolveEndpointError>`.
///
/// When a call to `aws.partition` survived (rules that can never match are not emitted), the
/// module also gets `static PARTITIONS`, the table of `partitions` that the calls look regions
/// up in. The runtime is referred to as `::smithy_runtime::endpoint`.
pub fn render_resolver(rules: &CompiledRuleSet, partitions: &PartitionFacts) -> TokenStream {
    let params = params::render_params(rules.params());
    let resolver = render::render_resolve_fn(rules);
    let table = rust_code::mentions_ident(&resolver, partition_table::PARTITION_TABLE)
        .then(|| partition_table::render_partition_table(partitions));
    quote! {
        #params
        #resolver
        #table
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::{compile_rule_set, parse_tests, render_resolver, render_tests};
    use crate::endpoints::test_support::{assert_contains, format, resolver, standard_params};
    use crate::partitions::built_in;
    use serde_json::{json, Value};

    #[test]
    fn the_partition_table_is_emitted_only_when_a_call_uses_it() {
        let calling = |conditions: Value| {
            json!({
                "version": "1.0",
                "parameters": standard_params(),
                "rules": [
                    {"type": "error", "conditions": conditions, "error": "has a partition"},
                    {"type": "error", "conditions": [], "error": "none"}
                ]
            })
        };
        let partition = json!({"fn": "aws.partition", "argv": ["us-east-1"], "assign": "P"});
        let facts = crate::partitions::PartitionFacts {
            version: "1.1".into(),
            partitions: vec![crate::partitions::Partition {
                id: "test".into(),
                region_regex: r#"^x\-\d+"$"#.into(),
                regions: vec!["x-1".into(), "x-2".into()],
                outputs: crate::partitions::Outputs {
                    name: "test-name".into(),
                    dns_suffix: "example.com".into(),
                    dual_stack_dns_suffix: "dualstack.example.com".into(),
                    supports_fips: false,
                    supports_dual_stack: true,
                    implicit_global_region: "x-1".into(),
                },
            }],
        };
        let code = format(render_resolver(
            &compile_rule_set(&calling(json!([partition]))).unwrap(),
            &facts,
        ));
        for expected in [
            "/// The partitions `aws.partition` chooses from, in order (partition facts version 1.1).\n",
            "static PARTITIONS: ::smithy_runtime::endpoint::aws::PartitionTable = ::smithy_runtime::endpoint::aws::PartitionTable::new(",
            "id: \"test\",",
            r#"region_regex: "^x\\-\\d+\"$","#,
            "regions: &[\"x-1\", \"x-2\"],",
            "name: \"test-name\",",
            "dns_suffix: \"example.com\",",
            "dual_stack_dns_suffix: \"dualstack.example.com\",",
            "supports_fips: false,",
            "supports_dual_stack: true,",
            "implicit_global_region: \"x-1\",",
        ] {
            assert_contains(&code, expected);
        }
        let built_in = resolver(&calling(json!([partition])));
        assert_contains(&built_in, r#"region_regex: r"^cn\-\w+\-\d+$","#);

        let without = resolver(&calling(json!([])));
        assert!(!without.contains("PARTITIONS"), "{without}");
        let dead = resolver(&calling(json!([
            {"fn": "booleanEquals", "argv": [true, false]},
            partition
        ])));
        assert!(!dead.contains("PARTITIONS"), "{dead}");
    }

    #[test]
    fn garbage_never_panics() {
        let samples = [
            json!(null),
            json!("rules"),
            json!({"rules": [null]}),
            json!({"rules": [{"type": "tree"}]}),
            json!({"rules": [{"type": "tree", "conditions": [{"fn": 1}], "rules": []}]}),
            json!({"rules": [{"type": "endpoint", "conditions": [{"fn": "not", "argv": []}], "endpoint": {"url": "x"}}]}),
            json!({"rules": [{"type": "endpoint", "endpoint": {"url": 1.5}}]}),
            json!({"rules": [{"type": "endpoint", "endpoint": {"url": "}"}}]}),
            json!({"rules": [{"type": "endpoint", "endpoint": {"url": "{a#}"}}]}),
            json!({"rules": [{"type": "endpoint", "endpoint": {"url": "{#b}"}}]}),
            json!({"parameters": {"": {"type": "string"}}, "rules": []}),
            json!({"parameters": {"self": {"type": "string"}}, "rules": []}),
            json!({"parameters": {"A": {"type": "string", "default": true}}, "rules": []}),
            json!({"parameters": {"A": 3}, "rules": []}),
            json!({"rules": [{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "x"}, "a[b"]}], "error": "e"}]}),
        ];
        for sample in samples {
            let _ = compile_rule_set(&sample).map(|rules| render_resolver(&rules, &built_in()));
            let _ = parse_tests(&sample).map(|cases| render_tests(&cases));
        }
        let mut deep = json!({"type": "error", "conditions": [], "error": "e"});
        for _ in 0..200 {
            deep = json!({"type": "tree", "conditions": [], "rules": [deep]});
        }
        assert!(compile_rule_set(&json!({"rules": [deep]})).is_err());
    }

    /// Parsed from text, as rule sets and their tests come out of a model.
    #[test]
    fn numbers_in_properties_and_expectations_are_exact() {
        let properties = r#"{"ratio": 123456789.12345679, "big": 18446744073709551615, "low": -9223372036854775808}"#;
        let rule_set: Value = serde_json::from_str(&format!(
            r#"{{"version": "1.0", "parameters": {{}}, "rules": [
                {{"type": "endpoint", "conditions": [], "endpoint": {{"url": "https://a", "properties": {properties}}}}}
            ]}}"#
        ))
        .unwrap();
        let tests: Value = serde_json::from_str(&format!(
            r#"{{"testCases": [{{"expect": {{"endpoint": {{"url": "https://a", "properties": {properties}}}}}}}]}}"#
        ))
        .unwrap();
        let code = resolver(&rule_set);
        let tests = format(render_tests(&parse_tests(&tests).unwrap()));
        for code in [code, tests] {
            for expected in [
                "::smithy_runtime::primitives::Number::Float(123456789.12345679f64)",
                "::smithy_runtime::primitives::Number::PosInt(18446744073709551615)",
                "::smithy_runtime::primitives::Number::NegInt(-9223372036854775808)",
            ] {
                assert_contains(&code, expected);
            }
        }
    }

    #[test]
    fn empty_rule_set_still_has_params_and_resolver() {
        let code = resolver(&json!({"version": "1.0", "parameters": {}, "rules": []}));
        assert!(code.contains("pub struct Params {}"), "{code}");
        assert!(code.contains("no_rule_matched()"), "{code}");
    }
}
