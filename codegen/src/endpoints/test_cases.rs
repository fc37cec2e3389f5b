//! The typed endpoint test cases (`smithy.rules#endpointTests`): each case's name, the
//! parameters it sets and what it expects, parsed from the trait's JSON. Problems are reported
//! as `endpoint test case N: ...`.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::document::Document;
use super::rule_set::{is_identifier, string_field};
use super::rust_code::RustIdent;
use crate::naming;

/// Longest test function name derived from a test's documentation.
const MAX_TEST_NAME_LEN: usize = 80;

/// One endpoint test case, ready to become a `#[test]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// The position of the case in `testCases`.
    pub index: usize,
    pub documentation: Option<String>,
    /// The snake_case of the documentation (or `test_case_N`), unique among the cases.
    pub function_name: RustIdent,
    /// The parameters the case sets, in the case's order (`null` ones are left unset).
    pub params: Vec<TestParam>,
    pub expectation: Expectation,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestParam {
    pub name: String,
    /// The `ParamsBuilder` setter.
    pub setter: RustIdent,
    pub value: TestParamValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestParamValue {
    String(String),
    Boolean(bool),
    StringArray(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// Resolution fails with this message.
    Error(String),
    /// Resolution gives this endpoint.
    Endpoint {
        url: String,
        headers: Vec<(String, Vec<String>)>,
        properties: Vec<(String, Document)>,
    },
}

impl TestCase {
    /// Whether this is one of the upstream cases that expect `us-iso-*` / `us-isob-*` to
    /// reject dual-stack: they predate the published partition facts (`partitions.json`, which
    /// the generator's built-in facts follow), where `aws-iso` and `aws-iso-b` support
    /// dual-stack. Such cases are emitted as ignored tests with that reason, so `cargo test`
    /// shows them instead of failing on them.
    pub fn predates_partition_facts(&self) -> bool {
        let param = |name: &str| {
            self.params
                .iter()
                .find(|param| param.name == name)
                .map(|param| &param.value)
        };
        let region = match param("Region") {
            Some(TestParamValue::String(region)) => region.as_str(),
            _ => "",
        };
        let dual_stack = param("UseDualStack") == Some(&TestParamValue::Boolean(true));
        let error = match &self.expectation {
            Expectation::Error(message) => message.as_str(),
            Expectation::Endpoint { .. } => "",
        };
        (region.starts_with("us-iso-") || region.starts_with("us-isob-"))
            && dual_stack
            && error.contains("DualStack")
    }
}

/// Parses the value of the `smithy.rules#endpointTests` trait; no `testCases` means no cases.
pub fn parse_tests(tests: &Value) -> Result<Vec<TestCase>, String> {
    let Some(tests) = tests.as_object() else {
        return Err("endpoint tests: expected an object".into());
    };
    let cases = match tests.get("testCases") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(cases)) => cases,
        Some(_) => return Err("endpoint tests: `testCases` must be an array".into()),
    };
    let mut names = HashSet::new();
    cases
        .iter()
        .enumerate()
        .map(|(index, case)| {
            parse_test_case(index, case, &mut names)
                .map_err(|e| format!("endpoint test case {index}: {e}"))
        })
        .collect()
}

fn parse_test_case(
    index: usize,
    case: &Value,
    names: &mut HashSet<String>,
) -> Result<TestCase, String> {
    let Some(case) = case.as_object() else {
        return Err("expected an object".into());
    };
    let documentation = string_field(case, "documentation")?;
    let function_name = test_name(index, documentation, names)?;
    let params = match case.get("params") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(params)) => parse_params(params)?,
        Some(_) => return Err("`params` must be an object".into()),
    };
    let Some(expect) = case.get("expect").and_then(Value::as_object) else {
        return Err("`expect` must be an object".into());
    };
    let expectation = if let Some(error) = expect.get("error") {
        let Some(error) = error.as_str() else {
            return Err("`expect.error` must be a string".into());
        };
        Expectation::Error(error.to_owned())
    } else if let Some(endpoint) = expect.get("endpoint") {
        let Some(endpoint) = endpoint.as_object() else {
            return Err("`expect.endpoint` must be an object".into());
        };
        let Some(url) = string_field(endpoint, "url")? else {
            return Err("`expect.endpoint.url` is missing".into());
        };
        Expectation::Endpoint {
            url: url.to_owned(),
            headers: expected_headers(endpoint.get("headers"))?,
            properties: expected_properties(endpoint.get("properties"))?,
        }
    } else {
        return Err("`expect` needs `endpoint` or `error`".into());
    };
    Ok(TestCase {
        index,
        documentation: documentation.map(str::to_owned),
        function_name,
        params,
        expectation,
    })
}

fn parse_params(params: &Map<String, Value>) -> Result<Vec<TestParam>, String> {
    let mut parsed = Vec::new();
    for (key, value) in params {
        if !is_identifier(key) {
            return Err(format!("parameter `{key}` is not an identifier"));
        }
        let setter = RustIdent::parse(&naming::field_name(key))?;
        let value = match value {
            Value::Null => continue,
            Value::String(s) => TestParamValue::String(s.clone()),
            Value::Bool(b) => TestParamValue::Boolean(*b),
            Value::Array(items) => TestParamValue::StringArray(
                items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| format!("parameter `{key}`: arrays hold strings only"))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(format!("parameter `{key}`: unsupported value {value}")),
        };
        parsed.push(TestParam {
            name: key.clone(),
            setter,
            value,
        });
    }
    Ok(parsed)
}

fn expected_headers(headers: Option<&Value>) -> Result<Vec<(String, Vec<String>)>, String> {
    match headers {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(headers)) => headers
            .iter()
            .map(|(name, values)| {
                let values = values
                    .as_array()
                    .ok_or_else(|| format!("expected header `{name}`: values must be an array"))?
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| format!("expected header `{name}`: strings only"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((name.clone(), values))
            })
            .collect(),
        Some(_) => Err("`expect.endpoint.headers` must be an object".into()),
    }
}

fn expected_properties(properties: Option<&Value>) -> Result<Vec<(String, Document)>, String> {
    match properties {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(properties)) => properties
            .iter()
            .map(|(key, value)| Ok((key.clone(), Document::from_json(value)?)))
            .collect(),
        Some(_) => Err("`expect.endpoint.properties` must be an object".into()),
    }
}

/// A unique, valid test function name from the documentation (or the index).
fn test_name(
    index: usize,
    documentation: Option<&str>,
    names: &mut HashSet<String>,
) -> Result<RustIdent, String> {
    let mut base = documentation.map(snake_sentence).unwrap_or_default();
    if base.len() > MAX_TEST_NAME_LEN {
        let mut cut = MAX_TEST_NAME_LEN;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base.truncate(cut);
        if let Some(at) = base.rfind('_') {
            if at > MAX_TEST_NAME_LEN / 2 {
                base.truncate(at);
            }
        }
        let trimmed = base.trim_end_matches('_').len();
        base.truncate(trimmed);
    }
    if base.is_empty() {
        base = format!("test_case_{index}");
    }
    if base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("case_{base}");
    }
    if naming::is_rust_keyword(&base) || base == "self" || base == "super" || base == "crate" {
        base.push_str("_case");
    }
    let mut name = base.clone();
    let mut n = 1;
    while !names.insert(name.clone()) {
        n += 1;
        name = format!("{base}_{n}");
    }
    RustIdent::parse(&name)
}

/// `"us-east-1: FIPS off, dual-stack off"` → `us_east_1_fips_off_dual_stack_off`.
fn snake_sentence(text: &str) -> String {
    let mut words = Vec::new();
    for chunk in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if chunk.is_empty() {
            continue;
        }
        let snake = naming::snake_case(chunk);
        for word in snake.split('_') {
            if !word.is_empty() {
                words.push(word.to_ascii_lowercase());
            }
        }
    }
    words.join("_")
}

#[cfg(test)]
mod tests {
    use super::{parse_tests, Expectation, TestParamValue};
    use crate::endpoints::document::{Document, NumberLiteral};
    use serde_json::json;

    fn names(tests: serde_json::Value) -> Vec<String> {
        parse_tests(&tests)
            .unwrap()
            .iter()
            .map(|case| case.function_name.as_str().to_owned())
            .collect()
    }

    #[test]
    fn cases_get_unique_valid_names() {
        let long = "a very long description of a test case that goes on and on well past the limit of eighty characters";
        assert_eq!(
            names(json!({"testCases": [
                {"documentation": "us-east-1: FIPS off, dual-stack off", "expect": {"error": "x"}},
                {"documentation": "us-east-1: FIPS off, dual-stack off", "expect": {"error": "x"}},
                {"documentation": "1 weird — ünïcode/name", "expect": {"error": "x"}},
                {"documentation": "match", "expect": {"error": "x"}},
                {"expect": {"error": "x"}},
                {"documentation": long, "expect": {"error": "x"}}
            ]})),
            [
                "us_east_1_fips_off_dual_stack_off",
                "us_east_1_fips_off_dual_stack_off_2",
                "case_1_weird_n_code_name",
                "match_case",
                "test_case_4",
                "a_very_long_description_of_a_test_case_that_goes_on_and_on_well_past_the_limit",
            ]
        );
    }

    #[test]
    fn params_and_expectations_are_typed() {
        let cases = parse_tests(&json!({"testCases": [{
            "params": {"Region": "us-east-1", "UseFIPS": false, "Tags": ["a"], "Endpoint": null},
            "expect": {"endpoint": {"url": "https://a", "headers": {"h": ["v"]}, "properties": {"n": -1}}}
        }]}))
        .unwrap();
        let case = &cases[0];
        let params: Vec<_> = case
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.setter.as_str(), p.value.clone()))
            .collect();
        assert_eq!(
            params,
            [
                (
                    "Region",
                    "region",
                    TestParamValue::String("us-east-1".into())
                ),
                ("UseFIPS", "use_fips", TestParamValue::Boolean(false)),
                (
                    "Tags",
                    "tags",
                    TestParamValue::StringArray(vec!["a".into()])
                ),
            ]
        );
        assert_eq!(
            case.expectation,
            Expectation::Endpoint {
                url: "https://a".into(),
                headers: vec![("h".into(), vec!["v".into()])],
                properties: vec![("n".into(), Document::Number(NumberLiteral::NegInt(-1)))],
            }
        );
    }

    #[test]
    fn malformed_cases_are_errors_naming_the_case() {
        let error = |tests: serde_json::Value| parse_tests(&tests).unwrap_err();
        for (tests, expected) in [
            (json!([]), "endpoint tests: expected an object"),
            (
                json!({"testCases": {}}),
                "endpoint tests: `testCases` must be an array",
            ),
            (
                json!({"testCases": [{"expect": {}}]}),
                "endpoint test case 0: `expect` needs `endpoint` or `error`",
            ),
            (
                json!({"testCases": [{"expect": {"error": "x"}}, {"params": {"a-b": 1}, "expect": {"error": "x"}}]}),
                "endpoint test case 1: parameter `a-b` is not an identifier",
            ),
            (
                json!({"testCases": [{"params": {"A": 1}, "expect": {"error": "x"}}]}),
                "endpoint test case 0: parameter `A`: unsupported value 1",
            ),
            (
                json!({"testCases": [{"expect": {"endpoint": {"url": "u", "headers": {"h": [1]}}}}]}),
                "endpoint test case 0: expected header `h`: strings only",
            ),
            (
                json!({"testCases": [{"expect": {"endpoint": {}}}]}),
                "endpoint test case 0: `expect.endpoint.url` is missing",
            ),
        ] {
            assert_eq!(error(tests), expected);
        }
        assert!(parse_tests(&json!({})).unwrap().is_empty());
    }

    #[test]
    fn iso_dual_stack_errors_that_predate_the_partition_facts_are_recognised() {
        let case = |region: &str, dual_stack: bool, expect: serde_json::Value| {
            let tests = json!({"testCases": [
                {"params": {"Region": region, "UseDualStack": dual_stack}, "expect": expect}
            ]});
            parse_tests(&tests).unwrap()[0].predates_partition_facts()
        };
        let stale =
            json!({"error": "DualStack is enabled but this partition does not support DualStack"});
        assert!(case("us-iso-east-1", true, stale.clone()));
        assert!(case("us-isob-east-1", true, stale.clone()));
        assert!(!case("us-east-1", true, stale.clone()));
        assert!(!case("us-iso-east-1", false, stale));
        assert!(!case(
            "us-iso-east-1",
            true,
            json!({"endpoint": {"url": "https://x"}})
        ));
    }
}
