//! Helpers shared by the unit tests of the endpoint modules.

use serde_json::{json, Value};

use super::{compile_rule_set, render_resolver};
use crate::partitions::built_in;

/// The formatted resolver module of `rule_set`, which must compile.
pub fn resolver(rule_set: &Value) -> String {
    let rules = compile_rule_set(rule_set).unwrap_or_else(|e| panic!("{e}"));
    format(render_resolver(&rules, &built_in()))
}

pub fn format(tokens: proc_macro2::TokenStream) -> String {
    let file = syn::parse2::<syn::File>(tokens).expect("the output parses as Rust");
    prettyplease::unparse(&file)
}

/// Why `rule_set` does not compile.
pub fn error(rule_set: &Value) -> String {
    match compile_rule_set(rule_set) {
        Ok(rules) => panic!("expected an error, got:\n{rules:?}"),
        Err(e) => e,
    }
}

/// `code` contains `expected`, ignoring whitespace and commas (the formatter's line
/// breaks).
pub fn assert_contains(code: &str, expected: &str) {
    // Trailing commas come and go with line breaks too.
    let squash = |s: &str| s.split_whitespace().collect::<String>().replace(',', "");
    assert!(
        squash(code).contains(&squash(expected)),
        "missing `{expected}` in:\n{code}"
    );
}

pub fn standard_params() -> Value {
    json!({
        "Region": {"type": "string", "builtIn": "AWS::Region", "documentation": "The region."},
        "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "FIPS."},
        "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint", "documentation": "Override."}
    })
}
