//! Endpoint rule sets (`smithy.rules#endpointRuleSet`) to Rust, and their test cases
//! (`smithy.rules#endpointTests`) to `#[test]` functions.
//!
//! [`render_resolver`] compiles a rule set into straight-line Rust: a `Params` struct with a
//! `ParamsBuilder`, and a `resolve_endpoint` function in which conditions become `if` /
//! `if let` chains, `assign` becomes a local binding, templates become `format!` calls,
//! `getAttr` becomes accessor calls or indexing, error rules return `Err` and endpoint rules
//! return `Ok(Endpoint)`. Nothing is interpreted at run time; the generated code calls the
//! standard library in `smithy_runtime::endpoint`.
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
//! `aws.isVirtualHostableS3Bucket`, a type error, a malformed rule set) is reported as an
//! `Err` naming the construct; the generator never produces code it cannot vouch for.
//!
//! The generated code compiles without warnings and passes `clippy -D warnings`: bindings
//! that nothing reads are dropped (a narrowing `if let` whose binding is unused becomes an
//! `is_some()` test), consecutive conditions are joined with `&&`, and the last statement
//! of the function is a tail expression.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use crate::partitions::PartitionFacts;
use crate::{docs, naming};

/// How deeply rules, expressions and property values may nest.
const MAX_DEPTH: usize = 64;

/// Longest test function name derived from a test's documentation.
const MAX_TEST_NAME_LEN: usize = 80;

/// Renders the body of an endpoint module for `rule_set` (the value of the
/// `smithy.rules#endpointRuleSet` trait): `pub struct Params`, `pub struct ParamsBuilder`
/// and `pub fn resolve_endpoint(params: &Params) -> Result<Endpoint, ResolveEndpointError>`.
///
/// When the rules call `aws.partition`, the module also gets `static PARTITIONS`, the
/// table of `partitions` that the calls look regions up in.
///
/// The runtime is referred to as `::smithy_runtime::endpoint`. Fails, naming the construct,
/// on anything malformed or unsupported.
pub fn render_resolver(
    rule_set: &Value,
    partitions: &PartitionFacts,
) -> Result<TokenStream, String> {
    let rule_set = parse_rule_set(rule_set)?;
    let params = render_params(&rule_set.params);
    let resolver = render_resolve_fn(&rule_set)?;
    // Rules that can never match are not emitted, so the table is there only when a call
    // to it survived.
    let table =
        mentions_ident(&resolver, PARTITION_TABLE).then(|| render_partition_table(partitions));
    Ok(quote! {
        #params
        #resolver
        #table
    })
}

/// The name of the partition table in a generated endpoint module.
const PARTITION_TABLE: &str = "PARTITIONS";

fn mentions_ident(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => mentions_ident(&group.stream(), name),
        _ => false,
    })
}

/// `static PARTITIONS`: the partition facts as a `smithy_runtime` partition table.
fn render_partition_table(facts: &PartitionFacts) -> TokenStream {
    let table = format_ident!("{PARTITION_TABLE}");
    let entries = facts.partitions.iter().map(|partition| {
        let id = &partition.id;
        let region_regex = raw_string(&partition.region_regex);
        let regions = &partition.regions;
        let outputs = &partition.outputs;
        let (name, dns_suffix, dual_stack_dns_suffix, implicit_global_region) = (
            &outputs.name,
            &outputs.dns_suffix,
            &outputs.dual_stack_dns_suffix,
            &outputs.implicit_global_region,
        );
        let (supports_fips, supports_dual_stack) =
            (outputs.supports_fips, outputs.supports_dual_stack);
        quote! {
            ::smithy_runtime::endpoint::aws::PartitionData {
                id: #id,
                region_regex: #region_regex,
                regions: &[#(#regions),*],
                name: #name,
                dns_suffix: #dns_suffix,
                dual_stack_dns_suffix: #dual_stack_dns_suffix,
                supports_fips: #supports_fips,
                supports_dual_stack: #supports_dual_stack,
                implicit_global_region: #implicit_global_region,
            }
        }
    });
    let doc = format!(
        " The partitions `aws.partition` chooses from, in order (partition facts version {}).",
        facts.version
    );
    quote! {
        #[doc = #doc]
        static #table: ::smithy_runtime::endpoint::aws::PartitionTable =
            ::smithy_runtime::endpoint::aws::PartitionTable::new(&[#(#entries),*]);
    }
}

/// `text` as a raw string literal when it can be one, which keeps regular expressions readable.
fn raw_string(text: &str) -> Literal {
    if text.contains('"') || text.contains('\r') {
        return Literal::string(text);
    }
    format!("r\"{text}\"")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// Renders one `#[test]` function per case of `tests` (the value of the
/// `smithy.rules#endpointTests` trait), to be placed in a child module of the module that
/// [`render_resolver`] fills: the tests call `super::Params::builder()` and
/// `super::resolve_endpoint`.
///
/// Each test is named after the snake_case of its documentation (or `test_case_N`), made
/// unique, and carries the documentation as its doc comment. It builds `Params` from the
/// case's `params` (`operationInputs` are not used) and asserts the expected URL, headers
/// and properties, or the expected error message.
pub fn render_tests(tests: &Value) -> Result<TokenStream, String> {
    let Some(tests) = tests.as_object() else {
        return Err("endpoint tests: expected an object".into());
    };
    let cases = match tests.get("testCases") {
        None | Some(Value::Null) => return Ok(TokenStream::new()),
        Some(Value::Array(cases)) => cases,
        Some(_) => return Err("endpoint tests: `testCases` must be an array".into()),
    };
    let mut names = HashSet::new();
    let mut out = TokenStream::new();
    for (index, case) in cases.iter().enumerate() {
        out.extend(
            render_test_case(index, case, &mut names)
                .map_err(|e| format!("endpoint test case {index}: {e}"))?,
        );
    }
    Ok(out)
}

// =============================================================================================
// The rule-set syntax tree
// =============================================================================================

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamKind {
    String,
    Boolean,
    StringArray,
}

impl ParamKind {
    fn ty(self) -> Ty {
        match self {
            ParamKind::String => Ty::Str,
            ParamKind::Boolean => Ty::Bool,
            ParamKind::StringArray => Ty::Array,
        }
    }
}

#[derive(Debug, Clone)]
enum DefaultValue {
    String(String),
    Boolean(bool),
    StringArray(Vec<String>),
}

#[derive(Debug)]
struct Param {
    name: String,
    kind: ParamKind,
    /// `required`, or has a default: the field is not an `Option`.
    required: bool,
    default: Option<DefaultValue>,
    documentation: Option<String>,
    built_in: Option<String>,
    deprecated: Option<(Option<String>, Option<String>)>,
    field: Ident,
    set_setter: Ident,
}

#[derive(Debug)]
struct RuleSet {
    params: Vec<Param>,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
enum Expr {
    Str(Template),
    Bool(bool),
    Int(i64),
    Ref(String),
    Call(Call),
    Array,
}

#[derive(Debug, Clone)]
struct Call {
    name: String,
    args: Vec<Expr>,
}

#[derive(Debug, Clone)]
struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Dyn(Expr),
}

impl Template {
    /// The text when the template has no placeholder.
    fn literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => text.push_str(t),
                Part::Dyn(_) => return None,
            }
        }
        Some(text)
    }
}

#[derive(Debug)]
struct Condition {
    call: Call,
    assign: Option<String>,
}

#[derive(Debug)]
struct Rule {
    conditions: Vec<Condition>,
    body: RuleBody,
}

#[derive(Debug)]
enum RuleBody {
    Endpoint(EndpointDef),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug)]
struct EndpointDef {
    url: Expr,
    headers: Vec<(String, Vec<Expr>)>,
    properties: Vec<(String, Prop)>,
}

#[derive(Debug)]
enum Prop {
    Str(Template),
    Bool(bool),
    Number(serde_json::Number),
    Null,
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
}

// =============================================================================================
// Parsing
// =============================================================================================

fn parse_rule_set(value: &Value) -> Result<RuleSet, String> {
    let Some(object) = value.as_object() else {
        return Err("endpoint rule set: expected an object".into());
    };
    let params = match object.get("parameters") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(params)) => params
            .iter()
            .map(|(name, value)| {
                parse_param(name, value).map_err(|e| format!("endpoint parameter `{name}`: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err("endpoint rule set: `parameters` must be an object".into()),
    };
    check_param_names(&params)?;
    let rules = match object.get("rules") {
        Some(Value::Array(rules)) => parse_rules(rules, 0, "rules")?,
        _ => return Err("endpoint rule set: `rules` must be an array".into()),
    };
    Ok(RuleSet { params, rules })
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An identifier token from text such as `region` or `r#type`; an error instead of a panic
/// for anything that is not one.
fn ident(text: &str) -> Result<Ident, String> {
    syn::parse_str::<Ident>(text).map_err(|_| format!("`{text}` is not a valid Rust identifier"))
}

fn string_field<'a>(object: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

fn parse_param(name: &str, value: &Value) -> Result<Param, String> {
    if !is_identifier(name) {
        return Err("a parameter name must be a letter followed by letters and digits".into());
    }
    let Some(object) = value.as_object() else {
        return Err("expected an object".into());
    };
    let kind = match string_field(object, "type")?
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("string") => ParamKind::String,
        Some("boolean") => ParamKind::Boolean,
        Some("stringarray") => ParamKind::StringArray,
        Some(other) => return Err(format!("unsupported parameter type `{other}`")),
        None => return Err("`type` is missing".into()),
    };
    let required = match object.get("required") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("`required` must be a boolean".into()),
    };
    let default = match (object.get("default"), kind) {
        (None | Some(Value::Null), _) => None,
        (Some(Value::String(s)), ParamKind::String) => Some(DefaultValue::String(s.clone())),
        (Some(Value::Bool(b)), ParamKind::Boolean) => Some(DefaultValue::Boolean(*b)),
        (Some(Value::Array(items)), ParamKind::StringArray) => Some(DefaultValue::StringArray(
            items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| "a `stringArray` default holds strings only".to_string())
                })
                .collect::<Result<_, _>>()?,
        )),
        (Some(_), _) => return Err("`default` does not match the parameter's type".into()),
    };
    let deprecated = match object.get("deprecated") {
        None | Some(Value::Null) => None,
        Some(Value::Object(d)) => Some((
            string_field(d, "message")?.map(str::to_owned),
            string_field(d, "since")?.map(str::to_owned),
        )),
        Some(_) => return Err("`deprecated` must be an object".into()),
    };
    Ok(Param {
        name: name.to_owned(),
        kind,
        required: required || default.is_some(),
        default,
        documentation: string_field(object, "documentation")?.map(str::to_owned),
        built_in: string_field(object, "builtIn")?.map(str::to_owned),
        deprecated,
        field: ident(&naming::field_name(name))?,
        set_setter: ident(&naming::setter_name(name))?,
    })
}

/// Fields, setters and the builder's `build` must not collide.
fn check_param_names(params: &[Param]) -> Result<(), String> {
    let mut fields = HashMap::new();
    let mut methods: HashMap<String, String> = HashMap::from([("build".into(), "`build`".into())]);
    for param in params {
        let field = param.field.to_string();
        if let Some(other) = fields.insert(field.clone(), param.name.clone()) {
            return Err(format!(
                "endpoint parameters `{other}` and `{}` both become the field `{field}`",
                param.name
            ));
        }
        for method in [&param.field, &param.set_setter] {
            let method = method.to_string();
            let method = method.strip_prefix("r#").unwrap_or(&method).to_owned();
            let owner = format!("the setter of `{}`", param.name);
            if let Some(other) = methods.insert(method.clone(), owner.clone()) {
                return Err(format!(
                    "{owner} and {other} both become the builder method `{method}`"
                ));
            }
        }
    }
    Ok(())
}

fn parse_rules(rules: &[Value], depth: usize, at: &str) -> Result<Vec<Rule>, String> {
    if depth > MAX_DEPTH {
        return Err(format!("{at}: rules are nested too deeply"));
    }
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let at = format!("{at}[{i}]");
            parse_rule(rule, depth, &at).map_err(|e| {
                if e.starts_with(&at) {
                    e
                } else {
                    format!("{at}: {e}")
                }
            })
        })
        .collect()
}

fn parse_rule(value: &Value, depth: usize, at: &str) -> Result<Rule, String> {
    let Some(object) = value.as_object() else {
        return Err("a rule must be an object".into());
    };
    let conditions = match object.get("conditions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(conditions)) => conditions
            .iter()
            .enumerate()
            .map(|(i, c)| parse_condition(c).map_err(|e| format!("condition {i}: {e}")))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`conditions` must be an array".into()),
    };
    let body = match string_field(object, "type")? {
        Some("endpoint") => {
            let Some(endpoint) = object.get("endpoint").and_then(Value::as_object) else {
                return Err("an endpoint rule needs an `endpoint` object".into());
            };
            RuleBody::Endpoint(parse_endpoint(endpoint)?)
        }
        Some("error") => {
            let Some(error) = object.get("error") else {
                return Err("an error rule needs an `error`".into());
            };
            RuleBody::Error(parse_expr(error, 0).map_err(|e| format!("error message: {e}"))?)
        }
        Some("tree") => match object.get("rules") {
            Some(Value::Array(rules)) => {
                RuleBody::Tree(parse_rules(rules, depth + 1, &format!("{at}.rules"))?)
            }
            _ => return Err("a tree rule needs a `rules` array".into()),
        },
        Some(other) => return Err(format!("unsupported rule type `{other}`")),
        None => return Err("`type` is missing".into()),
    };
    Ok(Rule { conditions, body })
}

fn parse_condition(value: &Value) -> Result<Condition, String> {
    let Some(object) = value.as_object() else {
        return Err("a condition must be an object".into());
    };
    let call = parse_call(object, 0)?;
    let assign = string_field(object, "assign")?.map(str::to_owned);
    if let Some(name) = &assign {
        if !is_identifier(name) {
            return Err(format!("`assign` name `{name}` is not an identifier"));
        }
    }
    Ok(Condition { call, assign })
}

fn parse_call(object: &Map<String, Value>, depth: usize) -> Result<Call, String> {
    let Some(name) = string_field(object, "fn")? else {
        return Err("`fn` is missing".into());
    };
    let args = match object.get("argv") {
        Some(Value::Array(args)) => args
            .iter()
            .map(|a| parse_expr(a, depth + 1))
            .collect::<Result<_, _>>()?,
        _ => return Err(format!("`{name}`: `argv` must be an array")),
    };
    Ok(Call {
        name: name.to_owned(),
        args,
    })
}

fn parse_expr(value: &Value, depth: usize) -> Result<Expr, String> {
    if depth > MAX_DEPTH {
        return Err("expression nested too deeply".into());
    }
    Ok(match value {
        Value::String(s) => Expr::Str(parse_template(s)?),
        Value::Bool(b) => Expr::Bool(*b),
        Value::Number(n) => Expr::Int(
            n.as_i64()
                .ok_or_else(|| format!("unsupported number `{n}` (integers only)"))?,
        ),
        Value::Array(items) => {
            for item in items {
                parse_expr(item, depth + 1)?;
            }
            Expr::Array
        }
        Value::Object(object) => {
            if let Some(reference) = object.get("ref") {
                let Some(name) = reference.as_str() else {
                    return Err("`ref` must be a string".into());
                };
                Expr::Ref(name.to_owned())
            } else if object.contains_key("fn") {
                Expr::Call(parse_call(object, depth)?)
            } else {
                return Err("an object argument must be a `ref` or a `fn` call".into());
            }
        }
        Value::Null => return Err("`null` is not an expression".into()),
    })
}

/// Parses `{name}` / `{name#path}` placeholders; `{{` and `}}` stand for braces.
fn parse_template(s: &str) -> Result<Template, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err(format!("template `{s}`: unclosed `{{`")),
                    }
                }
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                let expr = match inner.split_once('#') {
                    Some((name, path)) => Expr::Call(Call {
                        name: "getAttr".into(),
                        args: vec![
                            Expr::Ref(name.to_owned()),
                            Expr::Str(Template {
                                parts: vec![Part::Text(path.to_owned())],
                            }),
                        ],
                    }),
                    None => Expr::Ref(inner.clone()),
                };
                let name = inner.split('#').next().unwrap_or_default();
                if !is_identifier(name) {
                    return Err(format!("template `{s}`: `{{{inner}}}` is not a reference"));
                }
                parts.push(Part::Dyn(expr));
            }
            '}' => return Err(format!("template `{s}`: unmatched `}}`")),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(Template { parts })
}

fn parse_endpoint(object: &Map<String, Value>) -> Result<EndpointDef, String> {
    let Some(url) = object.get("url") else {
        return Err("the endpoint has no `url`".into());
    };
    let url = parse_expr(url, 0).map_err(|e| format!("endpoint url: {e}"))?;
    let headers = match object.get("headers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(headers)) => headers
            .iter()
            .map(|(name, values)| {
                let Some(values) = values.as_array() else {
                    return Err(format!("header `{name}`: values must be an array"));
                };
                let values = values
                    .iter()
                    .map(|v| parse_expr(v, 0).map_err(|e| format!("header `{name}`: {e}")))
                    .collect::<Result<_, _>>()?;
                Ok((name.clone(), values))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("endpoint `headers` must be an object".into()),
    };
    let properties = match object.get("properties") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(properties)) => properties
            .iter()
            .map(|(key, value)| {
                parse_prop(value, 0)
                    .map(|p| (key.clone(), p))
                    .map_err(|e| format!("property `{key}`: {e}"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("endpoint `properties` must be an object".into()),
    };
    Ok(EndpointDef {
        url,
        headers,
        properties,
    })
}

fn parse_prop(value: &Value, depth: usize) -> Result<Prop, String> {
    if depth > MAX_DEPTH {
        return Err("property nested too deeply".into());
    }
    Ok(match value {
        Value::String(s) => Prop::Str(parse_template(s)?),
        Value::Bool(b) => Prop::Bool(*b),
        Value::Number(n) => Prop::Number(n.clone()),
        Value::Null => Prop::Null,
        Value::Array(items) => Prop::Array(
            items
                .iter()
                .map(|v| parse_prop(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(entries) => Prop::Object(
            entries
                .iter()
                .map(|(k, v)| parse_prop(v, depth + 1).map(|p| (k.clone(), p)))
                .collect::<Result<_, _>>()?,
        ),
    })
}

// =============================================================================================
// Types and compiled values
// =============================================================================================

/// Rules-engine types, and how a value of each is represented in generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ty {
    /// `&str`
    Str,
    /// `bool`
    Bool,
    /// An integer literal (only ever a literal argument).
    Int,
    /// `&[String]`
    Array,
    /// `smithy_runtime::endpoint::aws::Partition`
    Partition,
    /// `smithy_runtime::endpoint::Url`
    Url,
    /// `smithy_runtime::endpoint::aws::Arn`
    Arn,
    /// `Option<T>` of the above
    Opt(Box<Ty>),
}

impl Ty {
    fn opt(inner: Ty) -> Ty {
        Ty::Opt(Box::new(inner))
    }

    fn inner(&self) -> &Ty {
        match self {
            Ty::Opt(inner) => inner,
            other => other,
        }
    }

    fn is_opt(&self) -> bool {
        matches!(self, Ty::Opt(_))
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Str => f.write_str("string"),
            Ty::Bool => f.write_str("bool"),
            Ty::Int => f.write_str("int"),
            Ty::Array => f.write_str("array<string>"),
            Ty::Partition => f.write_str("Partition"),
            Ty::Url => f.write_str("URL"),
            Ty::Arn => f.write_str("ARN"),
            Ty::Opt(inner) => write!(f, "option<{inner}>"),
        }
    }
}

/// Something generated code reads: a parameter (by index) or a local binding (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Use {
    Param(usize),
    Binding(usize),
}

type Reads = BTreeSet<Use>;

/// A boolean expression, kept symbolic so that negations and comparisons with literals
/// simplify (no `== true`, no `!!x`, `!(a == b)` is `a != b`).
#[derive(Debug, Clone)]
enum B {
    Lit(bool),
    /// An expression; `complex` when it needs parentheses as an operand.
    Atom {
        ts: TokenStream,
        complex: bool,
    },
    /// `!operand`
    Not(TokenStream),
    /// `operand.is_some()`, or `operand.is_none()` when negated.
    Present {
        operand: TokenStream,
        negated: bool,
    },
    Eq(TokenStream, TokenStream),
    Ne(TokenStream, TokenStream),
}

impl B {
    fn atom(ts: TokenStream) -> B {
        B::Atom { ts, complex: false }
    }

    fn negate(self) -> B {
        match self {
            B::Lit(b) => B::Lit(!b),
            B::Atom { ts, complex } => B::Not(parenthesize(ts, complex)),
            B::Not(ts) => B::atom(ts),
            B::Present { operand, negated } => B::Present {
                operand,
                negated: !negated,
            },
            B::Eq(a, b) => B::Ne(a, b),
            B::Ne(a, b) => B::Eq(a, b),
        }
    }

    fn top(&self) -> TokenStream {
        match self {
            B::Lit(true) => quote!(true),
            B::Lit(false) => quote!(false),
            B::Atom { ts, .. } => ts.clone(),
            B::Not(ts) => quote!(!#ts),
            B::Present {
                operand,
                negated: false,
            } => quote!(#operand.is_some()),
            B::Present {
                operand,
                negated: true,
            } => quote!(#operand.is_none()),
            B::Eq(a, b) => quote!(#a == #b),
            B::Ne(a, b) => quote!(#a != #b),
        }
    }

    /// Usable as an operand of `==`, as a method receiver or after `!`.
    fn operand(&self) -> TokenStream {
        match self {
            B::Atom { ts, complex } => parenthesize(ts.clone(), *complex),
            B::Eq(..) | B::Ne(..) | B::Not(_) => {
                let top = self.top();
                quote!((#top))
            }
            B::Lit(_) | B::Present { .. } => self.top(),
        }
    }

    /// Usable as an operand of `&&`.
    fn conj(&self) -> TokenStream {
        match self {
            B::Atom { ts, complex } => parenthesize(ts.clone(), *complex),
            _ => self.top(),
        }
    }
}

fn parenthesize(ts: TokenStream, complex: bool) -> TokenStream {
    if complex {
        quote!((#ts))
    } else {
        ts
    }
}

#[derive(Debug, Clone)]
enum Code {
    Bool(B),
    Int(i64),
    /// A string literal.
    Text(String),
    /// An expression of the type's representation. `simple` is set when it is a plain local
    /// variable (which `format!` can name inline); `complex` when it needs parentheses as an
    /// operand or receiver.
    Expr {
        ts: TokenStream,
        simple: Option<Ident>,
        complex: bool,
    },
}

/// A compiled expression: its type, its code, the `let` statements its code relies on, and
/// what it reads.
#[derive(Debug, Clone)]
struct Val {
    ty: Ty,
    code: Code,
    pre: Vec<Stmt>,
    reads: Reads,
}

impl Val {
    fn new(ty: Ty, code: Code) -> Val {
        Val {
            ty,
            code,
            pre: Vec::new(),
            reads: Reads::new(),
        }
    }

    fn expr(ty: Ty, ts: TokenStream) -> Val {
        Val::new(
            ty,
            Code::Expr {
                ts,
                simple: None,
                complex: false,
            },
        )
    }

    fn boolean(b: B) -> Val {
        Val::new(Ty::Bool, Code::Bool(b))
    }

    /// Takes over the statements and reads of `others` (the arguments this value is built
    /// from).
    fn with_deps<'a>(mut self, others: impl IntoIterator<Item = &'a Val>) -> Val {
        for other in others {
            self.pre.extend(other.pre.iter().cloned());
            self.reads.extend(other.reads.iter().copied());
        }
        self
    }

    fn top(&self) -> TokenStream {
        match &self.code {
            Code::Bool(b) => b.top(),
            Code::Int(i) => {
                let literal = Literal::i64_unsuffixed(*i);
                quote!(#literal)
            }
            Code::Text(s) => quote!(#s),
            Code::Expr { ts, .. } => ts.clone(),
        }
    }

    fn operand(&self) -> TokenStream {
        match &self.code {
            Code::Bool(b) => b.operand(),
            Code::Expr { ts, complex, .. } => parenthesize(ts.clone(), *complex),
            Code::Int(i) if *i < 0 => {
                let top = self.top();
                quote!((#top))
            }
            _ => self.top(),
        }
    }

    fn is_complex(&self) -> bool {
        match &self.code {
            Code::Bool(B::Atom { complex, .. }) | Code::Expr { complex, .. } => *complex,
            _ => false,
        }
    }

    fn bool_code(&self) -> B {
        match &self.code {
            Code::Bool(b) => b.clone(),
            _ => B::Atom {
                ts: self.top(),
                complex: self.is_complex(),
            },
        }
    }
}

/// The generated function body before rendering.
#[derive(Debug, Clone)]
enum Stmt {
    /// `let name = value;` (dropped when nothing reads the binding).
    Let {
        bid: usize,
        name: Ident,
        value: TokenStream,
        reads: Reads,
    },
    /// `if let Some(name) = value { body }`, or `if value.is_some() { body }` when nothing
    /// reads the binding.
    IfLet {
        bid: usize,
        name: Ident,
        value: TokenStream,
        complex: bool,
        reads: Reads,
        body: Vec<Stmt>,
    },
    /// `if cond { body }`
    If {
        cond: B,
        reads: Reads,
        body: Vec<Stmt>,
    },
    /// `return value;`, or the tail expression of the function.
    Return { value: TokenStream, reads: Reads },
}

/// A variable in scope: a parameter, a narrowed parameter or an assigned value.
#[derive(Debug, Clone)]
struct Var {
    ty: Ty,
    ts: TokenStream,
    /// The local variable holding the value, when `ts` is just its name.
    ident: Option<Ident>,
    reads: Reads,
}

impl Var {
    fn bound(ty: Ty, name: &Ident, bid: usize) -> Var {
        Var {
            ty,
            ts: quote!(#name),
            ident: Some(name.clone()),
            reads: Reads::from([Use::Binding(bid)]),
        }
    }

    fn val(&self) -> Val {
        let code = if self.ty == Ty::Bool {
            Code::Bool(B::atom(self.ts.clone()))
        } else {
            Code::Expr {
                ts: self.ts.clone(),
                simple: self.ident.as_ref().and_then(simple_ident),
                complex: false,
            }
        };
        Val {
            ty: self.ty.clone(),
            code,
            pre: Vec::new(),
            reads: self.reads.clone(),
        }
    }
}

/// The identifier when it can be named inside a `format!` string (not a raw identifier).
fn simple_ident(name: &Ident) -> Option<Ident> {
    let text = name.to_string();
    (!text.starts_with("r#")).then(|| name.clone())
}

#[derive(Debug, Clone, Default)]
struct Scope {
    vars: HashMap<String, Var>,
}

/// What a rule compiles to.
enum RuleOut {
    /// A condition can never hold: nothing to emit.
    Dead,
    /// Statements that may fall through to the next rule.
    Conditional(Vec<Stmt>),
    /// Statements that always return.
    Always(Vec<Stmt>),
}

/// A string in a position that takes ownership (URL, header, error, property).
enum FinalStr {
    Static(String),
    Borrowed(TokenStream),
    Owned(TokenStream),
}

// =============================================================================================
// Compilation
// =============================================================================================

struct Compiler<'a> {
    params: &'a [Param],
    /// Assigned variable name → its identifier (the same in every rule).
    var_idents: HashMap<String, Ident>,
    /// Identifier texts already used in the function.
    taken: HashSet<String>,
    next_bid: usize,
    next_tmp: usize,
}

impl<'a> Compiler<'a> {
    fn new(params: &'a [Param]) -> Self {
        let mut taken: HashSet<String> = params.iter().map(|p| p.field.to_string()).collect();
        taken.insert("params".into());
        Compiler {
            params,
            var_idents: HashMap::new(),
            taken,
            next_bid: 0,
            next_tmp: 0,
        }
    }

    fn bid(&mut self) -> usize {
        self.next_bid += 1;
        self.next_bid
    }

    fn var_ident(&mut self, name: &str) -> Result<Ident, String> {
        if let Some(existing) = self.var_idents.get(name) {
            return Ok(existing.clone());
        }
        let base = naming::field_name(name);
        let ident = if self.taken.insert(base.clone()) {
            ident(&base)?
        } else {
            let plain = base.strip_prefix("r#").unwrap_or(&base).to_owned();
            self.fresh(&plain)?
        };
        self.var_idents.insert(name.to_owned(), ident.clone());
        Ok(ident)
    }

    /// A new identifier `{base}_{n}` that nothing else uses.
    fn fresh(&mut self, base: &str) -> Result<Ident, String> {
        loop {
            self.next_tmp += 1;
            let candidate = format!("{base}_{}", self.next_tmp);
            if self.taken.insert(candidate.clone()) {
                return ident(&candidate);
            }
        }
    }

    fn initial_scope(&self) -> Scope {
        let mut scope = Scope::default();
        for (index, param) in self.params.iter().enumerate() {
            let ty = if param.required {
                param.kind.ty()
            } else {
                Ty::opt(param.kind.ty())
            };
            let field = &param.field;
            scope.vars.insert(
                param.name.clone(),
                Var {
                    ty,
                    ts: quote!(#field),
                    ident: Some(field.clone()),
                    reads: Reads::from([Use::Param(index)]),
                },
            );
        }
        scope
    }

    // ------------------------------------------------------------------------- rules

    /// Compiles rules in order; stops after one that always returns. The flag says whether
    /// the statements always return.
    fn rules(&mut self, rules: &[Rule], scope: &Scope) -> Result<(Vec<Stmt>, bool), String> {
        let mut out = Vec::new();
        for rule in rules {
            match self.rule(rule, scope)? {
                RuleOut::Dead => {}
                RuleOut::Conditional(stmts) => out.extend(stmts),
                RuleOut::Always(stmts) => {
                    out.extend(stmts);
                    return Ok((out, true));
                }
            }
        }
        Ok((out, false))
    }

    fn rule(&mut self, rule: &Rule, scope: &Scope) -> Result<RuleOut, String> {
        let mut scope = scope.clone();
        let mut guards = Vec::new();
        for (i, condition) in rule.conditions.iter().enumerate() {
            let live = self
                .condition(condition, &mut scope, &mut guards)
                .map_err(|e| format!("condition {i} (`{}`): {e}", condition.call.name))?;
            if !live {
                return Ok(RuleOut::Dead);
            }
        }
        let body = match &rule.body {
            RuleBody::Endpoint(endpoint) => self.endpoint(endpoint, &scope)?,
            RuleBody::Error(message) => {
                let (message, mut pre, reads) = self.final_str(message, &scope)?;
                let message = match message {
                    FinalStr::Static(s) => quote!(#s),
                    FinalStr::Owned(ts) => ts,
                    FinalStr::Borrowed(ts) => quote!(#ts.to_owned()),
                };
                pre.push(Stmt::Return {
                    value: quote!(Err(::smithy_runtime::endpoint::ResolveEndpointError::new(#message))),
                    reads,
                });
                pre
            }
            RuleBody::Tree(rules) => {
                let (mut stmts, done) = self.rules(rules, &scope)?;
                if !done {
                    stmts.push(no_rule_matched());
                }
                stmts
            }
        };
        let conditional = guards.iter().any(|g| !matches!(g, Stmt::Let { .. }));
        let stmts = nest(guards, body);
        Ok(if conditional {
            RuleOut::Conditional(stmts)
        } else {
            RuleOut::Always(stmts)
        })
    }

    /// Adds the guards of one condition; false when the condition can never hold.
    fn condition(
        &mut self,
        condition: &Condition,
        scope: &mut Scope,
        guards: &mut Vec<Stmt>,
    ) -> Result<bool, String> {
        let call = &condition.call;
        if let Some(name) = &condition.assign {
            if scope.vars.contains_key(name) {
                return Err(format!(
                    "`assign` of `{name}` shadows a parameter or variable in scope"
                ));
            }
        }
        // `isSet(ref)` narrows the reference for the rest of the rule.
        if let ("isSet", [Expr::Ref(name)], None) =
            (call.name.as_str(), call.args.as_slice(), &condition.assign)
        {
            let var = lookup(scope, name)?.clone();
            if let Ty::Opt(inner) = &var.ty {
                if let Some(ident) = &var.ident {
                    let bid = self.bid();
                    let ident = ident.clone();
                    guards.push(Stmt::IfLet {
                        bid,
                        name: ident.clone(),
                        value: var.ts.clone(),
                        complex: false,
                        reads: var.reads.clone(),
                        body: Vec::new(),
                    });
                    scope
                        .vars
                        .insert(name.clone(), Var::bound((**inner).clone(), &ident, bid));
                    return Ok(true);
                }
            }
        }
        let target = match &condition.assign {
            Some(name) => Some((name.clone(), self.var_ident(name)?)),
            None => None,
        };
        let (val, hoisted_as_target) = self.call(call, scope, target.as_ref().map(|(_, t)| t))?;
        let reads = val.reads.clone();
        let pre = val.pre.clone();
        match &val.ty {
            Ty::Bool => {
                let b = val.bool_code();
                guards.extend(pre);
                if let Some((name, target)) = target {
                    let bid = self.bid();
                    guards.push(Stmt::Let {
                        bid,
                        name: target.clone(),
                        value: b.top(),
                        reads,
                    });
                    scope.vars.insert(name, Var::bound(Ty::Bool, &target, bid));
                    if let B::Lit(value) = b {
                        return Ok(value);
                    }
                    guards.push(Stmt::If {
                        cond: B::atom(quote!(#target)),
                        reads: Reads::from([Use::Binding(bid)]),
                        body: Vec::new(),
                    });
                } else {
                    if let B::Lit(value) = b {
                        return Ok(value);
                    }
                    let (cond, reads) = match b {
                        B::Atom { ts, complex: true } => {
                            let (name, reads) = self.hoist("condition", ts, reads, guards)?;
                            (B::atom(name), reads)
                        }
                        other => (other, reads),
                    };
                    guards.push(Stmt::If {
                        cond,
                        reads,
                        body: Vec::new(),
                    });
                }
            }
            Ty::Opt(inner) => {
                guards.extend(pre);
                let (value, reads) = if val.is_complex() {
                    self.hoist("value", val.top(), reads, guards)?
                } else {
                    (val.top(), reads)
                };
                if let Some((name, target)) = target {
                    let bid = self.bid();
                    guards.push(Stmt::IfLet {
                        bid,
                        name: target.clone(),
                        value,
                        complex: false,
                        reads,
                        body: Vec::new(),
                    });
                    if **inner == Ty::Bool {
                        guards.push(Stmt::If {
                            cond: B::atom(quote!(#target)),
                            reads: Reads::from([Use::Binding(bid)]),
                            body: Vec::new(),
                        });
                    }
                    scope
                        .vars
                        .insert(name, Var::bound((**inner).clone(), &target, bid));
                } else if **inner == Ty::Bool {
                    guards.push(Stmt::If {
                        cond: B::Eq(value, quote!(Some(true))),
                        reads,
                        body: Vec::new(),
                    });
                } else {
                    guards.push(Stmt::If {
                        cond: B::atom(quote!(#value.is_some())),
                        reads,
                        body: Vec::new(),
                    });
                }
            }
            ty => {
                // A value that is always present: the condition holds. Bind it when
                // assigned; otherwise it has no effect at all.
                if let Some((name, target)) = target {
                    guards.extend(pre);
                    if hoisted_as_target {
                        scope.vars.insert(
                            name,
                            Var {
                                ty: ty.clone(),
                                ts: val.top(),
                                ident: None,
                                reads,
                            },
                        );
                    } else {
                        let bid = self.bid();
                        guards.push(Stmt::Let {
                            bid,
                            name: target.clone(),
                            value: val.top(),
                            reads,
                        });
                        scope
                            .vars
                            .insert(name, Var::bound(ty.clone(), &target, bid));
                    }
                }
            }
        }
        Ok(true)
    }

    /// `let name = value;` for an intermediate value; the name and its reads.
    fn hoist(
        &mut self,
        base: &str,
        value: TokenStream,
        reads: Reads,
        guards: &mut Vec<Stmt>,
    ) -> Result<(TokenStream, Reads), String> {
        let name = self.fresh(base)?;
        let bid = self.bid();
        guards.push(Stmt::Let {
            bid,
            name: name.clone(),
            value,
            reads,
        });
        Ok((quote!(#name), Reads::from([Use::Binding(bid)])))
    }

    fn endpoint(&mut self, endpoint: &EndpointDef, scope: &Scope) -> Result<Vec<Stmt>, String> {
        let mut pre = Vec::new();
        let mut reads = Reads::new();
        let (url, url_pre, url_reads) = self
            .final_str(&endpoint.url, scope)
            .map_err(|e| format!("endpoint url: {e}"))?;
        pre.extend(url_pre);
        reads.extend(url_reads);
        let url = final_tokens(url);
        let mut chain = quote!(::smithy_runtime::endpoint::Endpoint::builder().url(#url));
        for (name, values) in &endpoint.headers {
            for value in values {
                let (value, value_pre, value_reads) = self
                    .final_str(value, scope)
                    .map_err(|e| format!("header `{name}`: {e}"))?;
                pre.extend(value_pre);
                reads.extend(value_reads);
                let value = final_tokens(value);
                chain = quote!(#chain.header(#name, #value));
            }
        }
        for (key, prop) in &endpoint.properties {
            let value = self
                .property(prop, scope, &mut pre, &mut reads, 0)
                .map_err(|e| format!("property `{key}`: {e}"))?;
            chain = quote!(#chain.property(#key, #value));
        }
        pre.push(Stmt::Return {
            value: quote!(Ok(#chain.build())),
            reads,
        });
        Ok(pre)
    }

    fn property(
        &mut self,
        prop: &Prop,
        scope: &Scope,
        pre: &mut Vec<Stmt>,
        reads: &mut Reads,
        depth: usize,
    ) -> Result<TokenStream, String> {
        if depth > MAX_DEPTH {
            return Err("property nested too deeply".into());
        }
        let document = quote!(::smithy_runtime::primitives::Document);
        Ok(match prop {
            Prop::Str(template) => {
                let (value, value_pre, value_reads) = self.template_final(template, scope)?;
                pre.extend(value_pre);
                reads.extend(value_reads);
                let value = final_tokens(value);
                quote!(#document::from(#value))
            }
            Prop::Bool(b) => quote!(#document::Bool(#b)),
            Prop::Number(n) => number_document(n)?,
            Prop::Null => quote!(#document::Null),
            Prop::Array(items) => {
                if items.is_empty() {
                    quote!(#document::Array(::std::vec::Vec::new()))
                } else {
                    let items = items
                        .iter()
                        .map(|item| self.property(item, scope, pre, reads, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    quote!(#document::Array(::std::vec::Vec::from([#(#items),*])))
                }
            }
            Prop::Object(entries) => {
                if entries.is_empty() {
                    quote!(#document::Object(::std::collections::HashMap::new()))
                } else {
                    let entries = entries
                        .iter()
                        .map(|(key, value)| {
                            let value = self.property(value, scope, pre, reads, depth + 1)?;
                            Ok(quote!((#key.to_owned(), #value)))
                        })
                        .collect::<Result<Vec<_>, String>>()?;
                    quote!(#document::Object(::std::collections::HashMap::from([#(#entries),*])))
                }
            }
        })
    }

    /// A string for a position that takes `impl Into<String>` (or a `'static` string).
    fn final_str(
        &mut self,
        expr: &Expr,
        scope: &Scope,
    ) -> Result<(FinalStr, Vec<Stmt>, Reads), String> {
        if let Expr::Str(template) = expr {
            return self.template_final(template, scope);
        }
        let val = self.expr(expr, scope)?;
        expect_ty(&val, &Ty::Str, "a string", "the value")?;
        let Val {
            code, pre, reads, ..
        } = val;
        Ok(match code {
            Code::Text(s) => (FinalStr::Static(s), pre, reads),
            Code::Expr { ts, .. } => (FinalStr::Borrowed(ts), pre, reads),
            Code::Bool(_) | Code::Int(_) => return Err("expected a string".into()),
        })
    }

    fn template_final(
        &mut self,
        template: &Template,
        scope: &Scope,
    ) -> Result<(FinalStr, Vec<Stmt>, Reads), String> {
        if let Some(text) = template.literal() {
            return Ok((FinalStr::Static(text), Vec::new(), Reads::new()));
        }
        if let [Part::Dyn(expr)] = template.parts.as_slice() {
            return self.final_str(expr, scope);
        }
        let (ts, pre, reads) = self.format(template, scope)?;
        Ok((FinalStr::Owned(ts), pre, reads))
    }

    /// `::std::format!(...)` for a template with placeholders.
    fn format(
        &mut self,
        template: &Template,
        scope: &Scope,
    ) -> Result<(TokenStream, Vec<Stmt>, Reads), String> {
        let mut format = String::new();
        let mut args = Vec::new();
        let mut pre = Vec::new();
        let mut reads = Reads::new();
        for part in &template.parts {
            match part {
                Part::Text(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
                Part::Dyn(expr) => {
                    let val = self.expr(expr, scope)?;
                    expect_ty(&val, &Ty::Str, "a string", "a template placeholder")?;
                    pre.extend(val.pre.iter().cloned());
                    reads.extend(val.reads.iter().copied());
                    match &val.code {
                        Code::Text(text) => {
                            format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                        }
                        Code::Expr {
                            simple: Some(name), ..
                        } => {
                            format.push('{');
                            format.push_str(&name.to_string());
                            format.push('}');
                        }
                        _ => {
                            format.push_str("{}");
                            args.push(val.top());
                        }
                    }
                }
            }
        }
        Ok((quote!(::std::format!(#format #(, #args)*)), pre, reads))
    }

    // ------------------------------------------------------------------------- expressions

    fn expr(&mut self, expr: &Expr, scope: &Scope) -> Result<Val, String> {
        match expr {
            Expr::Str(template) => self.template_val(template, scope),
            Expr::Bool(b) => Ok(Val::boolean(B::Lit(*b))),
            Expr::Int(i) => Ok(Val::new(Ty::Int, Code::Int(*i))),
            Expr::Ref(name) => Ok(lookup(scope, name)?.val()),
            Expr::Call(call) => Ok(self.call(call, scope, None)?.0),
            Expr::Array => Err("array literals are not supported here".into()),
        }
    }

    /// A template as a `&str` value: a literal, the single placeholder's value, or a
    /// `format!` bound to a local.
    fn template_val(&mut self, template: &Template, scope: &Scope) -> Result<Val, String> {
        if let Some(text) = template.literal() {
            return Ok(Val::new(Ty::Str, Code::Text(text)));
        }
        if let [Part::Dyn(expr)] = template.parts.as_slice() {
            let val = self.expr(expr, scope)?;
            expect_ty(&val, &Ty::Str, "a string", "a template placeholder")?;
            return Ok(val);
        }
        let (ts, mut pre, reads) = self.format(template, scope)?;
        let (name, reads) = self.hoist("formatted", ts, reads, &mut pre)?;
        let mut val = Val::expr(Ty::Str, quote!(#name.as_str()));
        val.pre = pre;
        val.reads = reads;
        Ok(val)
    }

    /// Compiles a function call. `target` names the binding of an `assign`; the flag says
    /// whether the call's value was bound to it directly (owned results).
    fn call(
        &mut self,
        call: &Call,
        scope: &Scope,
        target: Option<&Ident>,
    ) -> Result<(Val, bool), String> {
        let name = call.name.as_str();
        let args = &call.args;
        let arity = |n: usize| -> Result<(), String> {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "`{name}` takes {n} argument(s) but has {}",
                    args.len()
                ))
            }
        };
        let mut hoisted = false;
        let val = match name {
            "isSet" => {
                arity(1)?;
                let value = self.expr(&args[0], scope)?;
                if value.ty.is_opt() {
                    Val::boolean(B::Present {
                        operand: value.operand(),
                        negated: false,
                    })
                    .with_deps([&value])
                } else {
                    Val::boolean(B::Lit(true))
                }
            }
            "not" => {
                arity(1)?;
                let value = self.expr(&args[0], scope)?;
                expect_ty(&value, &Ty::Bool, name, "the argument")?;
                Val::boolean(value.bool_code().negate()).with_deps([&value])
            }
            "booleanEquals" => {
                arity(2)?;
                let a = self.expr(&args[0], scope)?;
                let b = self.expr(&args[1], scope)?;
                expect_ty(&a, &Ty::Bool, name, "the first argument")?;
                expect_ty(&b, &Ty::Bool, name, "the second argument")?;
                match (a.bool_code(), b.bool_code()) {
                    (B::Lit(x), B::Lit(y)) => Val::boolean(B::Lit(x == y)),
                    (B::Lit(true), _) => b,
                    (_, B::Lit(true)) => a,
                    (B::Lit(false), other) => Val::boolean(other.negate()).with_deps([&b]),
                    (other, B::Lit(false)) => Val::boolean(other.negate()).with_deps([&a]),
                    (x, y) => Val::boolean(B::Eq(x.operand(), y.operand())).with_deps([&a, &b]),
                }
            }
            "stringEquals" => {
                arity(2)?;
                let a = self.expr(&args[0], scope)?;
                let b = self.expr(&args[1], scope)?;
                expect_ty(&a, &Ty::Str, name, "the first argument")?;
                expect_ty(&b, &Ty::Str, name, "the second argument")?;
                match (&a.code, &b.code) {
                    (Code::Text(x), Code::Text(y)) => Val::boolean(B::Lit(x == y)),
                    (Code::Text(empty), _) | (_, Code::Text(empty)) if empty.is_empty() => {
                        let value = if matches!(a.code, Code::Text(_)) {
                            &b
                        } else {
                            &a
                        };
                        let operand = value.operand();
                        Val::boolean(B::atom(quote!(#operand.is_empty()))).with_deps([value])
                    }
                    _ => Val::boolean(B::Eq(a.operand(), b.operand())).with_deps([&a, &b]),
                }
            }
            "getAttr" => {
                arity(2)?;
                let target_val = self.expr(&args[0], scope)?;
                let path = match &args[1] {
                    Expr::Str(template) => template.literal(),
                    _ => None,
                };
                let Some(path) = path else {
                    return Err("the path of `getAttr` must be a literal string".into());
                };
                get_attr(target_val, &path)?
            }
            "parseURL" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                Val::expr(
                    Ty::opt(Ty::Url),
                    quote!(::smithy_runtime::endpoint::parse_url(#ts)),
                )
                .with_deps([&value])
            }
            "substring" => {
                arity(4)?;
                let input = self.str_arg(&args[0], scope, name, "the input")?;
                let start = self.index_arg(&args[1], scope, name, "the start index")?;
                let stop = self.index_arg(&args[2], scope, name, "the end index")?;
                let reverse = self.expr(&args[3], scope)?;
                expect_ty(&reverse, &Ty::Bool, name, "the fourth argument")?;
                let (input_ts, reverse_ts) = (input.top(), reverse.top());
                Val::expr(
                    Ty::opt(Ty::Str),
                    quote!(::smithy_runtime::endpoint::substring(#input_ts, #start, #stop, #reverse_ts)),
                )
                .with_deps([&input, &reverse])
            }
            "uriEncode" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                let (val, bound) = self.owned(
                    Ty::Str,
                    "encoded",
                    quote!(::smithy_runtime::endpoint::uri_encode(#ts)),
                    quote!(as_str),
                    &value,
                    target,
                )?;
                hoisted = bound;
                val
            }
            "isValidHostLabel" => {
                arity(2)?;
                let value = self.str_arg(&args[0], scope, name, "the first argument")?;
                let subdomains = self.expr(&args[1], scope)?;
                expect_ty(&subdomains, &Ty::Bool, name, "the second argument")?;
                let (value_ts, subdomains_ts) = (value.top(), subdomains.top());
                Val::boolean(B::atom(quote!(
                    ::smithy_runtime::endpoint::is_valid_host_label(#value_ts, #subdomains_ts)
                )))
                .with_deps([&value, &subdomains])
            }
            "aws.partition" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                Val::expr(Ty::opt(Ty::Partition), {
                    let table = format_ident!("{PARTITION_TABLE}");
                    quote!(::smithy_runtime::endpoint::aws::partition(&#table, #ts))
                })
                .with_deps([&value])
            }
            "aws.parseArn" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                Val::expr(
                    Ty::opt(Ty::Arn),
                    quote!(::smithy_runtime::endpoint::aws::parse_arn(#ts)),
                )
                .with_deps([&value])
            }
            "split" => {
                arity(3)?;
                let value = self.str_arg(&args[0], scope, name, "the input")?;
                let delimiter = self.str_arg(&args[1], scope, name, "the delimiter")?;
                let limit = self.index_arg(&args[2], scope, name, "the limit")?;
                let (value_ts, delimiter_ts) = (value.top(), delimiter.top());
                let deps = value.clone().with_deps([&delimiter]);
                let (val, bound) = self.owned(
                    Ty::Array,
                    "parts",
                    quote!(::smithy_runtime::endpoint::split(#value_ts, #delimiter_ts, #limit)),
                    quote!(as_slice),
                    &deps,
                    target,
                )?;
                hoisted = bound;
                val
            }
            "coalesce" => {
                if args.len() < 2 {
                    return Err("`coalesce` takes at least 2 arguments".into());
                }
                let values = args
                    .iter()
                    .map(|a| self.expr(a, scope))
                    .collect::<Result<Vec<_>, _>>()?;
                coalesce(values)?
            }
            "ite" => {
                arity(3)?;
                let condition = self.expr(&args[0], scope)?;
                expect_ty(&condition, &Ty::Bool, name, "the condition")?;
                let a = self.expr(&args[1], scope)?;
                let b = self.expr(&args[2], scope)?;
                ite(condition, a, b)?
            }
            other => return Err(format!("unsupported function `{other}`")),
        };
        Ok((val, hoisted))
    }

    fn str_arg(
        &mut self,
        arg: &Expr,
        scope: &Scope,
        function: &str,
        what: &str,
    ) -> Result<Val, String> {
        let val = self.expr(arg, scope)?;
        expect_ty(&val, &Ty::Str, function, what)?;
        Ok(val)
    }

    /// A non-negative integer literal, as a `usize` literal.
    fn index_arg(
        &mut self,
        arg: &Expr,
        scope: &Scope,
        function: &str,
        what: &str,
    ) -> Result<TokenStream, String> {
        let val = self.expr(arg, scope)?;
        expect_ty(&val, &Ty::Int, function, what)?;
        match val.code {
            Code::Int(i) => match usize::try_from(i) {
                Ok(n) => {
                    let literal = Literal::usize_unsuffixed(n);
                    Ok(quote!(#literal))
                }
                Err(_) => Err(format!("`{function}`: {what} must not be negative")),
            },
            _ => Err(format!("`{function}`: {what} must be an integer literal")),
        }
    }

    /// A call returning an owned value (`String`, `Vec<String>`) is bound to a local (the
    /// `assign` target when there is one) and used through `view` (`as_str`, `as_slice`).
    fn owned(
        &mut self,
        ty: Ty,
        base: &str,
        call: TokenStream,
        view: TokenStream,
        deps: &Val,
        target: Option<&Ident>,
    ) -> Result<(Val, bool), String> {
        let mut pre = deps.pre.clone();
        let (name, bound) = match target {
            Some(target) => (target.clone(), true),
            None => (self.fresh(base)?, false),
        };
        let bid = self.bid();
        pre.push(Stmt::Let {
            bid,
            name: name.clone(),
            value: call,
            reads: deps.reads.clone(),
        });
        let mut val = Val::expr(ty, quote!(#name.#view()));
        val.pre = pre;
        val.reads = Reads::from([Use::Binding(bid)]);
        Ok((val, bound))
    }
}

fn lookup<'s>(scope: &'s Scope, name: &str) -> Result<&'s Var, String> {
    scope
        .vars
        .get(name)
        .ok_or_else(|| format!("reference to unknown parameter or variable `{name}`"))
}

fn expect_ty(val: &Val, expected: &Ty, function: &str, what: &str) -> Result<(), String> {
    if &val.ty == expected {
        return Ok(());
    }
    let hint = if val.ty.inner() == expected && val.ty.is_opt() {
        " (the value may be absent: prove it is set with `isSet` or bind it with `assign` first)"
    } else {
        ""
    };
    Err(format!(
        "`{function}`: {what} must be {expected} but is {}{hint}",
        val.ty
    ))
}

fn final_tokens(value: FinalStr) -> TokenStream {
    match value {
        FinalStr::Static(s) => quote!(#s),
        FinalStr::Borrowed(ts) | FinalStr::Owned(ts) => ts,
    }
}

fn no_rule_matched() -> Stmt {
    Stmt::Return {
        value: quote!(Err(
            ::smithy_runtime::endpoint::ResolveEndpointError::no_rule_matched()
        )),
        reads: Reads::new(),
    }
}

/// Wraps `body` in the guards, innermost last.
fn nest(guards: Vec<Stmt>, body: Vec<Stmt>) -> Vec<Stmt> {
    let mut current = body;
    for guard in guards.into_iter().rev() {
        current = match guard {
            Stmt::Let { .. } | Stmt::Return { .. } => {
                let mut stmts = vec![guard];
                stmts.extend(current);
                stmts
            }
            Stmt::IfLet {
                bid,
                name,
                value,
                complex,
                reads,
                ..
            } => vec![Stmt::IfLet {
                bid,
                name,
                value,
                complex,
                reads,
                body: current,
            }],
            Stmt::If { cond, reads, .. } => vec![Stmt::If {
                cond,
                reads,
                body: current,
            }],
        };
    }
    current
}

/// `getAttr(target, path)`.
fn get_attr(target: Val, path: &str) -> Result<Val, String> {
    if path.is_empty() {
        return Err("`getAttr`: the path is empty".into());
    }
    let mut steps = Vec::new();
    for component in path.split('.') {
        match component.split_once('[') {
            Some((key, index)) => {
                let Some(index) = index.strip_suffix(']') else {
                    return Err(format!("`getAttr`: malformed path `{path}`"));
                };
                let Ok(index) = index.parse::<i64>() else {
                    return Err(format!("`getAttr`: malformed index in `{path}`"));
                };
                if !key.is_empty() {
                    steps.push(Step::Key(key));
                }
                steps.push(Step::Index(index));
            }
            None if component.is_empty() => {
                return Err(format!("`getAttr`: malformed path `{path}`"))
            }
            None => steps.push(Step::Key(component)),
        }
    }
    let mut val = target;
    for step in steps {
        val = match (&val.ty, step) {
            (Ty::Opt(_), _) => {
                return Err(format!(
                    "`getAttr` `{path}`: cannot look into a value of type {} (prove it is set \
                     with `isSet` or bind it with `assign` first; an index must end the path)",
                    val.ty
                ))
            }
            (Ty::Array, Step::Index(index)) => {
                let operand = val.top();
                let index = Literal::i64_unsuffixed(index);
                Val::expr(
                    Ty::opt(Ty::Str),
                    quote!(::smithy_runtime::endpoint::get_index(#operand, #index)),
                )
                .with_deps([&val])
            }
            (ty, Step::Key(key)) => {
                let Some((method, field_ty)) = attribute(ty, key) else {
                    return Err(format!("`getAttr`: {ty} has no attribute `{key}`"));
                };
                let operand = val.operand();
                let method = Ident::new(method, proc_macro2::Span::call_site());
                let ts = quote!(#operand.#method());
                if field_ty == Ty::Bool {
                    Val::boolean(B::atom(ts)).with_deps([&val])
                } else {
                    Val::expr(field_ty, ts).with_deps([&val])
                }
            }
            (ty, Step::Index(_)) => {
                return Err(format!("`getAttr`: cannot index into {ty}"));
            }
        };
    }
    Ok(val)
}

#[derive(Debug, Clone, Copy)]
enum Step<'p> {
    Key(&'p str),
    Index(i64),
}

/// The accessor method and type of an attribute of a record type.
fn attribute(ty: &Ty, key: &str) -> Option<(&'static str, Ty)> {
    Some(match (ty, key) {
        (Ty::Partition, "name") => ("name", Ty::Str),
        (Ty::Partition, "dnsSuffix") => ("dns_suffix", Ty::Str),
        (Ty::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str),
        (Ty::Partition, "supportsFIPS") => ("supports_fips", Ty::Bool),
        (Ty::Partition, "supportsDualStack") => ("supports_dual_stack", Ty::Bool),
        (Ty::Partition, "implicitGlobalRegion") => ("implicit_global_region", Ty::Str),
        (Ty::Url, "scheme") => ("scheme", Ty::Str),
        (Ty::Url, "authority") => ("authority", Ty::Str),
        (Ty::Url, "path") => ("path", Ty::Str),
        (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str),
        (Ty::Url, "isIp") => ("is_ip", Ty::Bool),
        (Ty::Arn, "partition") => ("partition", Ty::Str),
        (Ty::Arn, "service") => ("service", Ty::Str),
        (Ty::Arn, "region") => ("region", Ty::Str),
        (Ty::Arn, "accountId") => ("account_id", Ty::Str),
        (Ty::Arn, "resourceId") => ("resource_id", Ty::Array),
        _ => return None,
    })
}

/// Types that `coalesce` and `ite` can choose between.
fn check_choice_type(ty: &Ty, function: &str) -> Result<(), String> {
    match ty.inner() {
        Ty::Str | Ty::Bool | Ty::Array => Ok(()),
        other => Err(format!("`{function}` of {other} values is not supported")),
    }
}

/// `coalesce(a, b, ...)`: the first present value.
fn coalesce(values: Vec<Val>) -> Result<Val, String> {
    let Some(first) = values.first() else {
        return Err("`coalesce` takes at least 2 arguments".into());
    };
    let inner = first.ty.inner().clone();
    for value in &values {
        check_choice_type(&value.ty, "coalesce")?;
        if value.ty.inner() != &inner {
            return Err(format!(
                "`coalesce`: arguments of types {} and {} differ",
                first.ty, value.ty
            ));
        }
    }
    let mut values = values.into_iter();
    let Some(mut result) = values.next() else {
        return Err("`coalesce` takes at least 2 arguments".into());
    };
    for value in values {
        if !result.ty.is_opt() {
            break;
        }
        let operand = result.operand();
        let arg = value.top();
        let (ts, ty) = if value.ty.is_opt() {
            (quote!(#operand.or(#arg)), result.ty.clone())
        } else {
            (quote!(#operand.unwrap_or(#arg)), inner.clone())
        };
        let next = if ty == Ty::Bool {
            Val::boolean(B::atom(ts))
        } else {
            Val::expr(ty, ts)
        };
        result = next.with_deps([&result, &value]);
    }
    Ok(result)
}

/// `ite(condition, a, b)`.
fn ite(condition: Val, a: Val, b: Val) -> Result<Val, String> {
    check_choice_type(&a.ty, "ite")?;
    check_choice_type(&b.ty, "ite")?;
    if a.ty.inner() != b.ty.inner() {
        return Err(format!(
            "`ite`: the branches have different types {} and {}",
            a.ty, b.ty
        ));
    }
    match condition.bool_code() {
        B::Lit(true) => return Ok(lift(a, b.ty.is_opt())),
        B::Lit(false) => return Ok(lift(b, a.ty.is_opt())),
        _ => {}
    }
    let optional = a.ty.is_opt() || b.ty.is_opt();
    if !optional && a.ty == Ty::Bool {
        if let (B::Lit(x), B::Lit(y)) = (a.bool_code(), b.bool_code()) {
            let c = condition.bool_code();
            let b = match (x, y) {
                (true, false) => c,
                (false, true) => c.negate(),
                (same, _) => B::Lit(same),
            };
            return Ok(Val::boolean(b).with_deps([&condition]));
        }
    }
    let c = condition.bool_code().top();
    let branch = |v: &Val| {
        let ts = v.top();
        if optional && !v.ty.is_opt() {
            quote!(Some(#ts))
        } else {
            ts
        }
    };
    let (x, y) = (branch(&a), branch(&b));
    let ts = quote!(if #c { #x } else { #y });
    let inner = a.ty.inner().clone();
    let val = if optional {
        Val::new(
            Ty::opt(inner),
            Code::Expr {
                ts,
                simple: None,
                complex: true,
            },
        )
    } else if inner == Ty::Bool {
        Val::boolean(B::Atom { ts, complex: true })
    } else {
        Val::new(
            inner,
            Code::Expr {
                ts,
                simple: None,
                complex: true,
            },
        )
    };
    Ok(val.with_deps([&condition, &a, &b]))
}

/// `value`, as an optional when `optional` (for `ite` with a constant condition).
fn lift(value: Val, optional: bool) -> Val {
    if !optional || value.ty.is_opt() {
        return value;
    }
    let ts = value.top();
    let ty = Ty::opt(value.ty.clone());
    Val::expr(ty, quote!(Some(#ts))).with_deps([&value])
}

fn number_document(n: &serde_json::Number) -> Result<TokenStream, String> {
    let number = quote!(::smithy_runtime::primitives::Number);
    let document = quote!(::smithy_runtime::primitives::Document);
    if let Some(u) = n.as_u64() {
        let u = Literal::u64_unsuffixed(u);
        Ok(quote!(#document::Number(#number::PosInt(#u))))
    } else if let Some(i) = n.as_i64() {
        let i = Literal::i64_unsuffixed(i);
        Ok(quote!(#document::Number(#number::NegInt(#i))))
    } else {
        match n.as_f64() {
            Some(f) if f.is_finite() => {
                let f = Literal::f64_suffixed(f);
                Ok(quote!(#document::Number(#number::Float(#f))))
            }
            _ => Err(format!("unsupported number `{n}`")),
        }
    }
}

// =============================================================================================
// Rendering
// =============================================================================================

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Inline code for a doc comment, or `None` when the text cannot be put in backticks.
fn code_span(text: &str) -> Option<String> {
    (!text.contains('`') && !text.contains('\n') && !text.is_empty()).then(|| format!("`{text}`"))
}

fn param_docs(param: &Param) -> TokenStream {
    let mut lines = param
        .documentation
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!(
            "The endpoint parameter {}.",
            code_span(&param.name).unwrap_or_default()
        ));
    }
    let mut notes = Vec::new();
    if let Some(built_in) = param.built_in.as_deref().and_then(code_span) {
        notes.push(format!("Bound to the built-in {built_in}."));
    }
    match &param.default {
        Some(DefaultValue::Boolean(b)) => notes.push(format!("Defaults to `{b}`.")),
        Some(DefaultValue::String(s)) => match code_span(s) {
            Some(span) => notes.push(format!("Defaults to {span}.")),
            None => notes.push("Has a default value.".into()),
        },
        Some(DefaultValue::StringArray(_)) => notes.push("Has a default value.".into()),
        None if param.required => notes.push("Required.".into()),
        None => {}
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    if let Some((message, since)) = &param.deprecated {
        lines.push(String::new());
        let since = since
            .as_deref()
            .and_then(code_span)
            .map(|s| format!(" (since {s})"))
            .unwrap_or_default();
        lines.push(format!("Deprecated{since}."));
        if let Some(message) = message {
            lines.extend(docs::doc_lines(message));
        }
    }
    doc_attrs(&lines)
}

fn render_params(params: &[Param]) -> TokenStream {
    let fields = params.iter().map(|param| {
        let docs = param_docs(param);
        let field = &param.field;
        let ty = param_rust_type(param.kind);
        let ty = if param.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let builder_fields = params.iter().map(|param| {
        let field = &param.field;
        let ty = param_rust_type(param.kind);
        quote!(#field: ::std::option::Option<#ty>,)
    });
    let setters = params.iter().map(|param| {
        let field = &param.field;
        let set = &param.set_setter;
        let ty = param_rust_type(param.kind);
        let name = code_span(&param.name).unwrap_or_default();
        let doc_set = format!(" Sets the parameter {name}.");
        let doc_set_opt = format!(" Sets or clears the parameter {name}.");
        let (arg, value) = match param.kind {
            ParamKind::Boolean => (quote!(value: bool), quote!(value)),
            ParamKind::String => (
                quote!(value: impl ::std::convert::Into<::std::string::String>),
                quote!(value.into()),
            ),
            ParamKind::StringArray => (
                quote!(value: impl ::std::convert::Into<::std::vec::Vec<::std::string::String>>),
                quote!(value.into()),
            ),
        };
        quote! {
            #[doc = #doc_set]
            pub fn #field(mut self, #arg) -> Self {
                self.#field = ::std::option::Option::Some(#value);
                self
            }
            #[doc = #doc_set_opt]
            pub fn #set(mut self, value: ::std::option::Option<#ty>) -> Self {
                self.#field = value;
                self
            }
        }
    });
    let build_fields = params.iter().map(|param| {
        let field = &param.field;
        let name = &param.name;
        let value = match (&param.default, param.required) {
            (Some(DefaultValue::Boolean(false)), _) => quote!(self.#field.unwrap_or_default()),
            (Some(DefaultValue::Boolean(true)), _) => quote!(self.#field.unwrap_or(true)),
            (Some(DefaultValue::String(s)), _) if s.is_empty() => {
                quote!(self.#field.unwrap_or_default())
            }
            (Some(DefaultValue::String(s)), _) => {
                quote!(self.#field.unwrap_or_else(|| #s.to_owned()))
            }
            (Some(DefaultValue::StringArray(items)), _) if items.is_empty() => {
                quote!(self.#field.unwrap_or_default())
            }
            (Some(DefaultValue::StringArray(items)), _) => {
                quote!(self.#field.unwrap_or_else(|| ::std::vec![#(#items.to_owned()),*]))
            }
            (None, true) => quote!(self.#field.ok_or_else(|| {
                ::smithy_runtime::endpoint::InvalidParams::missing(#name)
            })?),
            (None, false) => quote!(self.#field),
        };
        quote!(#field: #value,)
    });
    quote! {
        /// The parameters of endpoint resolution: the inputs of the service's endpoint rules.
        ///
        /// Build them with [`Params::builder`] and pass them to [`resolve_endpoint`].
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct Params {
            #(#fields)*
        }

        impl Params {
            /// A builder with every parameter unset.
            pub fn builder() -> ParamsBuilder {
                ParamsBuilder::default()
            }
        }

        /// Builds [`Params`], applying the rule set's defaults.
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::default::Default,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq
        )]
        pub struct ParamsBuilder {
            #(#builder_fields)*
        }

        impl ParamsBuilder {
            #(#setters)*

            /// The parameters, with defaults applied to unset parameters that have one.
            ///
            /// # Errors
            ///
            /// Fails when a required parameter without a default is unset.
            pub fn build(
                self,
            ) -> ::std::result::Result<Params, ::smithy_runtime::endpoint::InvalidParams> {
                ::std::result::Result::Ok(Params {
                    #(#build_fields)*
                })
            }
        }
    }
}

fn param_rust_type(kind: ParamKind) -> TokenStream {
    match kind {
        ParamKind::String => quote!(::std::string::String),
        ParamKind::Boolean => quote!(bool),
        ParamKind::StringArray => quote!(::std::vec::Vec<::std::string::String>),
    }
}

fn render_resolve_fn(rule_set: &RuleSet) -> Result<TokenStream, String> {
    let mut compiler = Compiler::new(&rule_set.params);
    let scope = compiler.initial_scope();
    let (mut body, done) = compiler.rules(&rule_set.rules, &scope)?;
    if !done {
        body.push(no_rule_matched());
    }
    let live = live_bindings(&body);
    let used = collect_uses(&body, &live);
    let mut renderer = Renderer {
        live: &live,
        used: &used,
        collapsible: false,
    };
    let body = renderer.block(&body, true);
    let mut prologue = Vec::new();
    let mut last = None;
    for (index, param) in rule_set.params.iter().enumerate() {
        if !used.contains(&Use::Param(index)) {
            continue;
        }
        let field = &param.field;
        let view = match (param.kind, param.required) {
            (ParamKind::Boolean, _) => quote!(params.#field),
            (ParamKind::String, true) => quote!(params.#field.as_str()),
            (ParamKind::StringArray, true) => quote!(params.#field.as_slice()),
            (ParamKind::String | ParamKind::StringArray, false) => {
                quote!(params.#field.as_deref())
            }
        };
        let stmt = quote!(let #field = #view;);
        // A parameter named `params` shadows the argument: bind it last.
        if *field == "params" {
            last = Some(stmt);
        } else {
            prologue.push(stmt);
        }
    }
    prologue.extend(last);
    if prologue.is_empty() {
        prologue.push(quote!(let _ = params;));
    }
    let allow = if renderer.collapsible {
        quote!(#[allow(clippy::collapsible_if)])
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        /// Resolves the endpoint for `params` by evaluating the service's endpoint rules.
        ///
        /// # Errors
        ///
        /// Fails with the rule's message when an error rule matches, and with
        /// [`ResolveEndpointError::no_rule_matched`](smithy_runtime::endpoint::ResolveEndpointError::no_rule_matched)
        /// when no rule matches.
        #allow
        pub fn resolve_endpoint(
            params: &Params,
        ) -> ::std::result::Result<
            ::smithy_runtime::endpoint::Endpoint,
            ::smithy_runtime::endpoint::ResolveEndpointError,
        > {
            #(#prologue)*
            #body
        }
    })
}

/// The `let` bindings something live reads, found by iterating to a fixed point (a `let`
/// read only by dead `let`s is dead too).
fn live_bindings(stmts: &[Stmt]) -> HashSet<usize> {
    let mut live = HashSet::new();
    loop {
        let used = collect_uses(stmts, &live);
        let mut next = HashSet::new();
        collect_live_lets(stmts, &used, &mut next);
        if next == live {
            return live;
        }
        live = next;
    }
}

fn collect_live_lets(stmts: &[Stmt], used: &Reads, out: &mut HashSet<usize>) {
    for stmt in stmts {
        match stmt {
            Stmt::Let { bid, .. } => {
                if used.contains(&Use::Binding(*bid)) {
                    out.insert(*bid);
                }
            }
            Stmt::IfLet { body, .. } | Stmt::If { body, .. } => {
                collect_live_lets(body, used, out);
            }
            Stmt::Return { .. } => {}
        }
    }
}

/// Everything read by statements that run, given the live `let`s.
fn collect_uses(stmts: &[Stmt], live: &HashSet<usize>) -> Reads {
    let mut used = Reads::new();
    collect_uses_into(stmts, live, &mut used);
    used
}

fn collect_uses_into(stmts: &[Stmt], live: &HashSet<usize>, used: &mut Reads) {
    for stmt in stmts {
        match stmt {
            Stmt::Let { bid, reads, .. } => {
                if live.contains(bid) {
                    used.extend(reads.iter().copied());
                }
            }
            Stmt::IfLet { reads, body, .. } | Stmt::If { reads, body, .. } => {
                used.extend(reads.iter().copied());
                collect_uses_into(body, live, used);
            }
            Stmt::Return { reads, .. } => used.extend(reads.iter().copied()),
        }
    }
}

struct Renderer<'a> {
    live: &'a HashSet<usize>,
    used: &'a Reads,
    /// Whether an `if` was left nested in another because one of them is an `if let`.
    collapsible: bool,
}

impl Renderer<'_> {
    fn is_dead_let(&self, stmt: &Stmt) -> bool {
        matches!(stmt, Stmt::Let { bid, .. } if !self.live.contains(bid))
    }

    fn effective<'s>(&self, stmts: &'s [Stmt]) -> Vec<&'s Stmt> {
        stmts.iter().filter(|s| !self.is_dead_let(s)).collect()
    }

    /// An `if` without a binding (an `If`, or an `IfLet` whose binding nobody reads).
    fn plain_if<'s>(&self, stmt: &'s Stmt) -> Option<(TokenStream, &'s [Stmt])> {
        match stmt {
            Stmt::If { cond, body, .. } => Some((cond.conj(), body)),
            Stmt::IfLet {
                bid,
                value,
                complex,
                body,
                ..
            } if !self.used.contains(&Use::Binding(*bid)) => {
                let value = parenthesize(value.clone(), *complex);
                Some((quote!(#value.is_some()), body))
            }
            _ => None,
        }
    }

    fn block(&mut self, stmts: &[Stmt], tail: bool) -> TokenStream {
        let stmts = self.effective(stmts);
        let count = stmts.len();
        let mut out = TokenStream::new();
        for (i, stmt) in stmts.into_iter().enumerate() {
            out.extend(self.stmt(stmt, tail && i + 1 == count));
        }
        out
    }

    fn stmt(&mut self, stmt: &Stmt, tail: bool) -> TokenStream {
        if let Some((cond, body)) = self.plain_if(stmt) {
            // Join directly nested plain `if`s with `&&`.
            let mut conds = vec![cond];
            let mut body = body;
            loop {
                let inner = self.effective(body);
                match inner.as_slice() {
                    [only] => match self.plain_if(only) {
                        Some((cond, inner_body)) => {
                            conds.push(cond);
                            body = inner_body;
                        }
                        None => {
                            if matches!(only, Stmt::IfLet { .. }) {
                                self.collapsible = true;
                            }
                            break;
                        }
                    },
                    _ => break,
                }
            }
            let body = self.block(body, false);
            return quote!(if #(#conds)&&* { #body });
        }
        match stmt {
            Stmt::Let { name, value, .. } => quote!(let #name = #value;),
            Stmt::IfLet {
                name, value, body, ..
            } => {
                let inner = self.effective(body);
                if let [only] = inner.as_slice() {
                    if matches!(only, Stmt::If { .. } | Stmt::IfLet { .. }) {
                        self.collapsible = true;
                    }
                }
                let body = self.block(body, false);
                quote!(if let Some(#name) = #value { #body })
            }
            Stmt::Return { value, .. } => {
                if tail {
                    quote!(#value)
                } else {
                    quote!(return #value;)
                }
            }
            Stmt::If { .. } => TokenStream::new(),
        }
    }
}

// =============================================================================================
// Tests
// =============================================================================================

fn render_test_case(
    index: usize,
    case: &Value,
    names: &mut HashSet<String>,
) -> Result<TokenStream, String> {
    let Some(case) = case.as_object() else {
        return Err("expected an object".into());
    };
    let documentation = string_field(case, "documentation")?;
    let name = test_name(index, documentation, names)?;
    let doc = match documentation {
        Some(text) => {
            let lines = docs::doc_lines(text);
            doc_attrs(&lines)
        }
        None => TokenStream::new(),
    };
    let mut setters = Vec::new();
    match case.get("params") {
        None | Some(Value::Null) => {}
        Some(Value::Object(params)) => {
            for (key, value) in params {
                if !is_identifier(key) {
                    return Err(format!("parameter `{key}` is not an identifier"));
                }
                let setter = ident(&naming::field_name(key))?;
                let value = match value {
                    Value::Null => continue,
                    Value::String(s) => quote!(#s),
                    Value::Bool(b) => quote!(#b),
                    Value::Array(items) => {
                        let items = items
                            .iter()
                            .map(|item| {
                                item.as_str().map(|s| quote!(#s.to_owned())).ok_or_else(|| {
                                    format!("parameter `{key}`: arrays hold strings only")
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        quote!(::std::vec![#(#items),*])
                    }
                    _ => return Err(format!("parameter `{key}`: unsupported value {value}")),
                };
                setters.push(quote!(.#setter(#value)));
            }
        }
        Some(_) => return Err("`params` must be an object".into()),
    }
    let Some(expect) = case.get("expect").and_then(Value::as_object) else {
        return Err("`expect` must be an object".into());
    };
    let checks = if let Some(error) = expect.get("error") {
        let Some(error) = error.as_str() else {
            return Err("`expect.error` must be a string".into());
        };
        quote! {
            let error = super::resolve_endpoint(&params)
                .expect_err("the rules reject these parameters");
            assert_eq!(error.to_string(), #error);
        }
    } else if let Some(endpoint) = expect.get("endpoint") {
        let Some(endpoint) = endpoint.as_object() else {
            return Err("`expect.endpoint` must be an object".into());
        };
        let Some(url) = string_field(endpoint, "url")? else {
            return Err("`expect.endpoint.url` is missing".into());
        };
        let headers = expected_headers(endpoint.get("headers"))?;
        let properties = expected_properties(endpoint.get("properties"))?;
        quote! {
            let endpoint = super::resolve_endpoint(&params)
                .expect("the rules resolve an endpoint");
            assert_eq!(endpoint.url(), #url);
            #headers
            #properties
        }
    } else {
        return Err("`expect` needs `endpoint` or `error`".into());
    };
    let ignore = predates_partition_facts(case).then(|| {
        quote!(#[ignore = "stale case: it expects no dual-stack in aws-iso/aws-iso-b, but the published partition facts give both partitions dual-stack support"])
    });
    Ok(quote! {
        #doc
        #[test]
        #ignore
        fn #name() {
            let params = super::Params::builder()
                #(#setters)*
                .build()
                .expect("the test case's parameters are valid");
            #checks
        }
    })
}

/// Whether `case` is one of the upstream cases that expect `us-iso-*` / `us-isob-*` to reject
/// dual-stack: they predate the published partition facts (`partitions.json`, which the
/// generator's built-in facts follow), where `aws-iso` and `aws-iso-b` support dual-stack. Such cases are emitted as
/// ignored tests with that reason, so `cargo test` shows them instead of failing on them.
pub fn predates_partition_facts(case: &serde_json::Map<String, Value>) -> bool {
    let params = case.get("params");
    let region = params
        .and_then(|p| p.get("Region"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let dual_stack = params.and_then(|p| p.get("UseDualStack")) == Some(&Value::Bool(true));
    let error = case
        .get("expect")
        .and_then(|e| e.get("error"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    (region.starts_with("us-iso-") || region.starts_with("us-isob-"))
        && dual_stack
        && error.contains("DualStack")
}

fn expected_headers(headers: Option<&Value>) -> Result<TokenStream, String> {
    let entries = match headers {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(headers)) => headers
            .iter()
            .map(|(name, values)| {
                let values = values
                    .as_array()
                    .ok_or_else(|| format!("expected header `{name}`: values must be an array"))?
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(|s| quote!(#s.to_owned()))
                            .ok_or_else(|| format!("expected header `{name}`: strings only"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(quote!((#name.to_owned(), ::std::vec![#(#values),*])))
            })
            .collect::<Result<Vec<_>, String>>()?,
        Some(_) => return Err("`expect.endpoint.headers` must be an object".into()),
    };
    Ok(if entries.is_empty() {
        quote! {
            assert!(
                endpoint.headers().is_empty(),
                "unexpected headers: {:?}",
                endpoint.headers()
            );
        }
    } else {
        quote! {
            let expected_headers = ::std::collections::BTreeMap::from([#(#entries),*]);
            assert_eq!(endpoint.headers(), &expected_headers);
        }
    })
}

fn expected_properties(properties: Option<&Value>) -> Result<TokenStream, String> {
    let entries = match properties {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(properties)) => properties
            .iter()
            .map(|(key, value)| {
                let value = json_document(value, 0)?;
                Ok(quote!((#key.to_owned(), #value)))
            })
            .collect::<Result<Vec<_>, String>>()?,
        Some(_) => return Err("`expect.endpoint.properties` must be an object".into()),
    };
    Ok(if entries.is_empty() {
        quote! {
            assert!(
                endpoint.properties().is_empty(),
                "unexpected properties: {:?}",
                endpoint.properties()
            );
        }
    } else {
        quote! {
            let expected_properties = ::std::collections::BTreeMap::from([#(#entries),*]);
            assert_eq!(endpoint.properties(), &expected_properties);
        }
    })
}

/// A `Document` expression for a plain JSON value (no templates).
fn json_document(value: &Value, depth: usize) -> Result<TokenStream, String> {
    if depth > MAX_DEPTH {
        return Err("expected property nested too deeply".into());
    }
    let document = quote!(::smithy_runtime::primitives::Document);
    Ok(match value {
        Value::Null => quote!(#document::Null),
        Value::Bool(b) => quote!(#document::Bool(#b)),
        Value::Number(n) => number_document(n)?,
        Value::String(s) => quote!(#document::from(#s)),
        Value::Array(items) if items.is_empty() => {
            quote!(#document::Array(::std::vec::Vec::new()))
        }
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|v| json_document(v, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            quote!(#document::Array(::std::vec::Vec::from([#(#items),*])))
        }
        Value::Object(entries) if entries.is_empty() => {
            quote!(#document::Object(::std::collections::HashMap::new()))
        }
        Value::Object(entries) => {
            let entries = entries
                .iter()
                .map(|(k, v)| {
                    let v = json_document(v, depth + 1)?;
                    Ok(quote!((#k.to_owned(), #v)))
                })
                .collect::<Result<Vec<_>, String>>()?;
            quote!(#document::Object(::std::collections::HashMap::from([#(#entries),*])))
        }
    })
}

/// A unique, valid test function name from the documentation (or the index).
fn test_name(
    index: usize,
    documentation: Option<&str>,
    names: &mut HashSet<String>,
) -> Result<Ident, String> {
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
    ident(&name)
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
    use super::{render_resolver, render_tests};
    use crate::partitions::built_in;
    use serde_json::{json, Value};

    fn resolver(rule_set: &Value) -> String {
        format(render_resolver(rule_set, &built_in()).unwrap_or_else(|e| panic!("{e}")))
    }

    fn format(tokens: proc_macro2::TokenStream) -> String {
        let file = syn::parse2::<syn::File>(tokens).expect("the output parses as Rust");
        prettyplease::unparse(&file)
    }

    fn error(rule_set: &Value) -> String {
        match render_resolver(rule_set, &built_in()) {
            Ok(tokens) => panic!("expected an error, got:\n{tokens}"),
            Err(e) => e,
        }
    }

    /// `code` contains `expected`, ignoring whitespace and commas (the formatter's line
    /// breaks).
    fn assert_contains(code: &str, expected: &str) {
        // Trailing commas come and go with line breaks too.
        let squash = |s: &str| s.split_whitespace().collect::<String>().replace(',', "");
        assert!(
            squash(code).contains(&squash(expected)),
            "missing `{expected}` in:\n{code}"
        );
    }

    fn standard_params() -> Value {
        json!({
            "Region": {"type": "string", "builtIn": "AWS::Region", "documentation": "The region."},
            "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "FIPS."},
            "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint", "documentation": "Override."}
        })
    }

    #[test]
    fn params_and_builder() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "documentation": "The region."},
                "UseFIPS": {"type": "Boolean", "required": true, "default": false, "documentation": "FIPS."},
                "Bucket": {"type": "string", "required": true, "documentation": "A bucket."},
                "Prefixes": {"type": "stringArray", "required": true, "default": ["a", "b"], "documentation": "Prefixes."},
                "Type": {"type": "string", "documentation": "A keyword."}
            },
            "rules": [{"type": "error", "conditions": [], "error": "no"}]
        }));
        for expected in [
            "pub region: ::std::option::Option<::std::string::String>",
            "pub use_fips: bool",
            "pub bucket: ::std::string::String",
            "pub prefixes: ::std::vec::Vec<::std::string::String>",
            "pub r#type: ::std::option::Option<::std::string::String>",
            "pub fn region(mut self, value: impl ::std::convert::Into<::std::string::String>",
            "pub fn set_region(mut self, value: ::std::option::Option<::std::string::String>)",
            "pub fn use_fips(mut self, value: bool) -> Self",
            "pub fn set_type(",
            "use_fips: self.use_fips.unwrap_or_default()",
            "::smithy_runtime::endpoint::InvalidParams::missing(\"Bucket\")",
            "::std::vec![\"a\".to_owned(), \"b\".to_owned()]",
            "let _ = params;",
        ] {
            assert_contains(&code, expected);
        }
    }

    #[test]
    fn conditions_become_if_chains() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": standard_params(),
            "rules": [
                {
                    "type": "tree",
                    "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                    "rules": [
                        {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}], "error": "FIPS and custom endpoint are not supported"},
                        {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}}
                    ]
                },
                {
                    "type": "tree",
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
                    ],
                    "rules": [
                        {
                            "type": "endpoint",
                            "conditions": [
                                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                                {"fn": "booleanEquals", "argv": [true, {"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "supportsFIPS"]}]}
                            ],
                            "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}"}
                        },
                        {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}], "error": "FIPS is not supported in {Region}"},
                        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://svc.{Region}.{PartitionResult#dnsSuffix}"}}
                    ]
                },
                {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
            ]
        }));
        for expected in [
            "let region = params.region.as_deref();",
            "let use_fips = params.use_fips;",
            "let endpoint = params.endpoint.as_deref();",
            "if let Some(endpoint) = endpoint {",
            "if use_fips {",
            "if let Some(region) = region {",
            "if let Some(partition_result) = ::smithy_runtime::endpoint::aws::partition(&PARTITIONS, region",
            "if use_fips && partition_result.supports_fips() {",
            "::std::format!(\"https://svc-fips.{region}.{}\", partition_result.dns_suffix())",
            "::smithy_runtime::endpoint::ResolveEndpointError::new(\n",
            "::std::format!(\"FIPS is not supported in {region}\")",
            "ResolveEndpointError::new(\"Invalid Configuration: Missing Region\")",
        ] {
            assert_contains(&code, expected);
        }
        assert!(!code.contains("== true"), "{code}");
        assert!(!code.contains("return Err(\n            ::smithy_runtime::endpoint::ResolveEndpointError::new(\"Invalid"), "the last rule is the tail expression:\n{code}");
        assert!(
            !code.contains("no_rule_matched()"),
            "every tree ends with an unconditional rule:\n{code}"
        );
    }

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
        let code = format(render_resolver(&calling(json!([partition])), &facts).unwrap());
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
    fn unused_bindings_are_dropped() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": standard_params(),
            "rules": [
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "uriEncode", "argv": [{"ref": "Endpoint"}], "assign": "Unused"},
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]}
                ], "error": "custom endpoint"},
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}
                ], "error": "has a partition"}
            ]
        }));
        assert_contains(&code, "if endpoint.is_some() {");
        assert!(!code.contains("uri_encode"), "{code}");
        assert_contains(&code, "if let Some(region) = region {");
        assert_contains(
            &code,
            "::smithy_runtime::endpoint::aws::partition(&PARTITIONS, region).is_some()",
        );
        assert!(!code.contains("let use_fips"), "{code}");
        assert!(code.contains("no_rule_matched()"), "{code}");
    }

    #[test]
    fn standard_library_calls() {
        let code = resolver(&json!({
            "version": "1.1",
            "parameters": {
                "Endpoint": {"type": "string", "documentation": "e"},
                "Bucket": {"type": "string", "required": true, "documentation": "b"},
                "Arn": {"type": "string", "documentation": "a"},
                "Flag": {"type": "boolean", "documentation": "f"}
            },
            "rules": [
                {"type": "endpoint", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": ["{Endpoint}"], "assign": "url"},
                    {"fn": "not", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}]},
                    {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 4, true], "assign": "tail"},
                    {"fn": "uriEncode", "argv": [{"ref": "Bucket"}], "assign": "encoded"},
                    {"fn": "isValidHostLabel", "argv": [{"ref": "tail"}, false]},
                    {"fn": "split", "argv": [{"ref": "Bucket"}, "--", 0], "assign": "parts"},
                    {"fn": "getAttr", "argv": [{"ref": "parts"}, "[-1]"], "assign": "last"}
                ], "endpoint": {
                    "url": "{url#scheme}://{encoded}.{url#authority}{url#normalizedPath}{last}",
                    "headers": {"x-tail": ["{tail}", "literal", {"ref": "last"}]},
                    "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{tail}", "disableDoubleEncoding": true, "n": 1, "m": -2, "z": null}], "empty": {}}
                }},
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Arn"}]},
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "parsed"},
                    {"fn": "getAttr", "argv": [{"ref": "parsed"}, "resourceId[1]"], "assign": "second"}
                ], "error": "{parsed#service}/{second}"},
                {"type": "error", "conditions": [
                    {"fn": "ite", "argv": [{"fn": "coalesce", "argv": [{"ref": "Flag"}, false]}, "-fips", ""], "assign": "suffix"}
                ], "error": "suffix: {suffix}"}
            ]
        }));
        for expected in [
            "if let Some(url) = ::smithy_runtime::endpoint::parse_url(endpoint)",
            "if !url.is_ip()",
            "::smithy_runtime::endpoint::substring(bucket, 0, 4, true",
            "let encoded = ::smithy_runtime::endpoint::uri_encode(bucket);",
            "::smithy_runtime::endpoint::is_valid_host_label(tail, false)",
            "let parts = ::smithy_runtime::endpoint::split(bucket, \"--\", 0);",
            "::smithy_runtime::endpoint::get_index(parts.as_slice(), -1",
            "encoded.as_str()",
            ".header(\"x-tail\", tail)",
            ".header(\"x-tail\", \"literal\")",
            ".header(\"x-tail\", last)",
            "::smithy_runtime::primitives::Document::from(tail)",
            "::smithy_runtime::primitives::Number::NegInt(-2)",
            "::smithy_runtime::endpoint::aws::parse_arn(arn)",
            "::smithy_runtime::endpoint::get_index(parsed.resource_id(), 1",
            "parsed.service()",
            "let flag = params.flag;",
            "let suffix = if flag.unwrap_or(false) { \"-fips\" } else { \"\" };",
        ] {
            assert_contains(&code, expected);
        }
    }

    #[test]
    fn string_comparisons_and_negations_are_minimal() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": standard_params(),
            "rules": [
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "stringEquals", "argv": ["", {"ref": "Region"}]}
                ], "error": "empty"},
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "aws-global"]}]},
                    {"fn": "not", "argv": [{"fn": "not", "argv": [{"fn": "booleanEquals", "argv": [false, {"ref": "UseFIPS"}]}]}]}
                ], "error": "regional"},
                {"type": "error", "conditions": [
                    {"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}]},
                    {"fn": "stringEquals", "argv": ["a", "a"]},
                    {"fn": "booleanEquals", "argv": [true, true]}
                ], "error": "no endpoint"},
                {"type": "error", "conditions": [
                    {"fn": "stringEquals", "argv": ["a", "b"]}
                ], "error": "never"}
            ]
        }));
        assert_contains(&code, "if region.is_empty() {");
        assert_contains(&code, "if region != \"aws-global\" && !use_fips {");
        assert_contains(&code, "if endpoint.is_none() {");
        assert!(
            !code.contains("never"),
            "a condition that cannot hold drops its rule:\n{code}"
        );
        assert!(
            !code.contains("\"a\" =="),
            "literals are compared at generation time:\n{code}"
        );
    }

    #[test]
    fn unsupported_and_ill_typed_rule_sets_are_errors() {
        let with_rules = |rules: Value| json!({"version": "1.0", "parameters": standard_params(), "rules": rules});
        let cases = [
            (
                with_rules(
                    json!([{"type": "error", "conditions": [{"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Region"}, false]}], "error": "x"}]),
                ),
                "unsupported function `aws.isVirtualHostableS3Bucket`",
            ),
            (
                with_rules(
                    json!([{"type": "error", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}], "error": "x"}]),
                ),
                "may be absent",
            ),
            (
                with_rules(
                    json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Nope}"}}]),
                ),
                "unknown parameter or variable `Nope`",
            ),
            (
                with_rules(
                    json!([{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}], "error": "{p#nope}"}]),
                ),
                "Partition has no attribute `nope`",
            ),
            (
                with_rules(
                    json!([{"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, "yes"]}], "error": "x"}]),
                ),
                "must be bool but is string",
            ),
            (
                with_rules(
                    json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region"}}]),
                ),
                "unclosed",
            ),
            (
                with_rules(json!([{"type": "teapot", "conditions": []}])),
                "unsupported rule type `teapot`",
            ),
            (
                with_rules(
                    json!([{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}], "error": "x"}]),
                ),
                "shadows",
            ),
            (
                json!({"parameters": {"Foo": {"type": "string", "documentation": "b"}, "SetFoo": {"type": "string", "documentation": "c"}}, "rules": []}),
                "builder method",
            ),
            (
                json!({"parameters": {"A": {"type": "map", "documentation": "b"}}, "rules": []}),
                "unsupported parameter type `map`",
            ),
            (json!({"parameters": {}}), "`rules` must be an array"),
            (json!([1, 2]), "expected an object"),
        ];
        for (rule_set, expected) in cases {
            let e = error(&rule_set);
            assert!(e.contains(expected), "`{expected}` not in `{e}`");
        }
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
            let _ = render_resolver(&sample, &built_in());
            let _ = render_tests(&sample);
        }
        let mut deep = json!({"type": "error", "conditions": [], "error": "e"});
        for _ in 0..200 {
            deep = json!({"type": "tree", "conditions": [], "rules": [deep]});
        }
        assert!(render_resolver(&json!({"rules": [deep]}), &built_in()).is_err());
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
        let tests = format(render_tests(&tests).unwrap());
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

    #[test]
    fn test_cases_get_unique_valid_names() {
        let tokens = render_tests(&json!({
            "version": "1.0",
            "testCases": [
                {"documentation": "us-east-1: FIPS off, dual-stack off", "params": {"Region": "us-east-1", "UseFIPS": false}, "expect": {"endpoint": {"url": "https://a"}}},
                {"documentation": "us-east-1: FIPS off, dual-stack off", "params": {}, "expect": {"error": "boom"}},
                {"documentation": "1 weird — ünïcode/name", "expect": {"endpoint": {"url": "https://b", "headers": {"h": ["v"]}, "properties": {"authSchemes": [{"name": "sigv4"}]}}}},
                {"documentation": "match", "params": {"Tags": ["a", "b"]}, "expect": {"error": "x"}},
                {"params": {"Region": null}, "expect": {"error": "y"}}
            ]
        }))
        .unwrap();
        let file = syn::parse2::<syn::File>(tokens).expect("parses");
        let code = prettyplease::unparse(&file);
        for expected in [
            "fn us_east_1_fips_off_dual_stack_off()",
            "fn us_east_1_fips_off_dual_stack_off_2()",
            "fn case_1_weird_n_code_name()",
            "fn match_case()",
            "fn test_case_4()",
            "/// us-east-1: FIPS off, dual-stack off",
            ".region(\"us-east-1\")",
            ".use_fips(false)",
            ".tags(::std::vec![\"a\".to_owned(), \"b\".to_owned()])",
            "assert_eq!(endpoint.url(), \"https://a\");",
            "assert_eq!(error.to_string(), \"boom\");",
            "assert_eq!(endpoint.headers(), &expected_headers);",
            "assert_eq!(endpoint.properties(), &expected_properties);",
        ] {
            assert_contains(&code, expected);
        }
        assert!(render_tests(&json!({"testCases": [{"expect": {}}]})).is_err());
        assert!(render_tests(
            &json!({"testCases": [{"params": {"a-b": 1}, "expect": {"error": "x"}}]})
        )
        .is_err());
        assert!(render_tests(&json!({})).unwrap().is_empty());
    }

    #[test]
    fn iso_dual_stack_errors_that_predate_the_partition_facts_are_ignored_with_a_reason() {
        let render = |region: &str, dual_stack: bool, expect: serde_json::Value| {
            let tokens = render_tests(&json!({"testCases": [
                {"documentation": "case", "params": {"Region": region, "UseDualStack": dual_stack}, "expect": expect}
            ]}))
            .unwrap();
            prettyplease::unparse(&syn::parse2::<syn::File>(tokens).expect("parses"))
        };
        let stale_error =
            json!({"error": "DualStack is enabled but this partition does not support DualStack"});
        for region in ["us-iso-east-1", "us-isob-east-1"] {
            assert_contains(
                &render(region, true, stale_error.clone()),
                "#[ignore = \"stale case:",
            );
        }
        for code in [
            render("us-east-1", true, stale_error.clone()),
            render("us-iso-east-1", false, stale_error),
            render(
                "us-iso-east-1",
                true,
                json!({"endpoint": {"url": "https://x"}}),
            ),
        ] {
            assert!(!code.contains("#[ignore"), "{code}");
        }
    }
}
