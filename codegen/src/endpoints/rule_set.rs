//! The typed rule set (`smithy.rules#endpointRuleSet`): parameters, rules, conditions,
//! expressions, templates and endpoint definitions, parsed from the trait's JSON. Problems are
//! reported naming the construct, such as ``endpoint parameter `Region`: ...`` or
//! `rules[2].rules[0]: ...`; types are checked later, by `compile.rs`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::rust_code::RustIdent;
use super::MAX_DEPTH;
use crate::naming;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone)]
pub enum DefaultValue {
    String(String),
    Boolean(bool),
    StringArray(Vec<String>),
}

/// A parameter of the rule set, which becomes a field of `Params`.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// `required`, or has a default: the field is not an `Option`.
    pub required: bool,
    pub default: Option<DefaultValue>,
    pub documentation: Option<String>,
    pub built_in: Option<String>,
    pub deprecated: Option<(Option<String>, Option<String>)>,
    /// The field of `Params` and `ParamsBuilder`, and the builder's setter taking a value.
    pub field: RustIdent,
    /// The builder's `set_` method taking an `Option`.
    pub set_method: RustIdent,
}

/// The rule set as parsed: its parameters and rules, not yet type-checked.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub params: Vec<Param>,
    pub rules: Vec<Rule>,
}

/// An argument of a function call: a literal, a template, a reference or a nested call.
#[derive(Debug, Clone)]
pub enum Expr {
    String(Template),
    Boolean(bool),
    Integer(i64),
    Ref(String),
    Call(Call),
    /// An array literal (checked, but not supported as a value).
    Array,
}

#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub args: Vec<Expr>,
}

/// A string with `{name}` / `{name#path}` placeholders.
#[derive(Debug, Clone)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone)]
pub enum TemplatePart {
    Text(String),
    /// A `{name}` or `{name#path}` placeholder.
    Placeholder(Expr),
}

impl Template {
    /// The text when the template has no placeholder.
    pub fn literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Text(t) => text.push_str(t),
                TemplatePart::Placeholder(_) => return None,
            }
        }
        Some(text)
    }
}

/// A condition of a rule: a call, optionally bound to a name (`assign`).
#[derive(Debug, Clone)]
pub struct Condition {
    pub call: Call,
    pub assign: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub body: RuleBody,
}

#[derive(Debug, Clone)]
pub enum RuleBody {
    Endpoint(EndpointDef),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
pub struct EndpointDef {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, PropertyValue)>,
}

/// An endpoint property: JSON whose strings are templates.
#[derive(Debug, Clone)]
pub enum PropertyValue {
    String(Template),
    Boolean(bool),
    Number(serde_json::Number),
    Null,
    Array(Vec<PropertyValue>),
    Object(Vec<(String, PropertyValue)>),
}

/// Parses the value of the `smithy.rules#endpointRuleSet` trait.
pub fn parse_rule_set(value: &Value) -> Result<RuleSet, String> {
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

pub(super) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) fn string_field<'a>(
    object: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, String> {
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
        field: RustIdent::parse(&naming::field_name(name))?,
        set_method: RustIdent::parse(&naming::setter_name(name))?,
    })
}

/// Fields, setters and the builder's `build` must not collide.
fn check_param_names(params: &[Param]) -> Result<(), String> {
    let mut fields = HashMap::new();
    let mut methods: HashMap<String, String> = HashMap::from([("build".into(), "`build`".into())]);
    for param in params {
        let field = param.field.as_str().to_owned();
        if let Some(other) = fields.insert(field.clone(), param.name.clone()) {
            return Err(format!(
                "endpoint parameters `{other}` and `{}` both become the field `{field}`",
                param.name
            ));
        }
        for method in [&param.field, &param.set_method] {
            let method = method.as_str();
            let method = method.strip_prefix("r#").unwrap_or(method).to_owned();
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
        Value::String(s) => Expr::String(parse_template(s)?),
        Value::Bool(b) => Expr::Boolean(*b),
        Value::Number(n) => Expr::Integer(
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
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                }
                let expr = match inner.split_once('#') {
                    Some((name, path)) => Expr::Call(Call {
                        name: "getAttr".into(),
                        args: vec![
                            Expr::Ref(name.to_owned()),
                            Expr::String(Template {
                                parts: vec![TemplatePart::Text(path.to_owned())],
                            }),
                        ],
                    }),
                    None => Expr::Ref(inner.clone()),
                };
                let name = inner.split('#').next().unwrap_or_default();
                if !is_identifier(name) {
                    return Err(format!("template `{s}`: `{{{inner}}}` is not a reference"));
                }
                parts.push(TemplatePart::Placeholder(expr));
            }
            '}' => return Err(format!("template `{s}`: unmatched `}}`")),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(TemplatePart::Text(text));
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
                parse_property(value, 0)
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

fn parse_property(value: &Value, depth: usize) -> Result<PropertyValue, String> {
    if depth > MAX_DEPTH {
        return Err("property nested too deeply".into());
    }
    Ok(match value {
        Value::String(s) => PropertyValue::String(parse_template(s)?),
        Value::Bool(b) => PropertyValue::Boolean(*b),
        Value::Number(n) => PropertyValue::Number(n.clone()),
        Value::Null => PropertyValue::Null,
        Value::Array(items) => PropertyValue::Array(
            items
                .iter()
                .map(|v| parse_property(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(entries) => PropertyValue::Object(
            entries
                .iter()
                .map(|(k, v)| parse_property(v, depth + 1).map(|p| (k.clone(), p)))
                .collect::<Result<_, _>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_rule_set, Expr, RuleBody, TemplatePart};
    use serde_json::{json, Value};

    fn error(rule_set: Value) -> String {
        parse_rule_set(&rule_set).expect_err("a malformed rule set")
    }

    #[test]
    fn templates_split_into_text_and_placeholders() {
        let rule_set = parse_rule_set(&json!({"rules": [
            {"type": "endpoint", "endpoint": {"url": "https://{{x}}.{Region}.{P#dnsSuffix}"}}
        ]}))
        .unwrap();
        let RuleBody::Endpoint(endpoint) = &rule_set.rules[0].body else {
            panic!("an endpoint rule");
        };
        let Expr::String(template) = &endpoint.url else {
            panic!("a template");
        };
        let parts: Vec<String> = template
            .parts
            .iter()
            .map(|part| match part {
                TemplatePart::Text(text) => format!("text {text}"),
                TemplatePart::Placeholder(Expr::Ref(name)) => format!("ref {name}"),
                TemplatePart::Placeholder(Expr::Call(call)) => format!("call {}", call.name),
                TemplatePart::Placeholder(other) => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            parts,
            ["text https://{x}.", "ref Region", "text .", "call getAttr"]
        );
        assert_eq!(template.literal(), None);
    }

    #[test]
    fn parameters_are_typed_with_their_rust_names() {
        let rule_set = parse_rule_set(&json!({
            "parameters": {
                "Type": {"type": "String"},
                "UseFIPS": {"type": "boolean", "default": false, "builtIn": "AWS::UseFIPS"}
            },
            "rules": []
        }))
        .unwrap();
        let [kind, fips] = rule_set.params.as_slice() else {
            panic!("two parameters");
        };
        assert_eq!(
            (kind.field.as_str(), kind.set_method.as_str(), kind.required),
            ("r#type", "set_type", false)
        );
        assert_eq!(
            (fips.field.as_str(), fips.required, fips.built_in.as_deref()),
            ("use_fips", true, Some("AWS::UseFIPS")),
            "a default makes the parameter required"
        );
    }

    #[test]
    fn malformed_rule_sets_are_errors_naming_the_construct() {
        let with_rules = |rules: Value| json!({"parameters": {}, "rules": rules});
        for (rule_set, expected) in [
            (json!([1, 2]), "endpoint rule set: expected an object"),
            (json!({"parameters": {}}), "endpoint rule set: `rules` must be an array"),
            (
                json!({"parameters": [], "rules": []}),
                "endpoint rule set: `parameters` must be an object",
            ),
            (
                json!({"parameters": {"A": {"type": "map"}}, "rules": []}),
                "endpoint parameter `A`: unsupported parameter type `map`",
            ),
            (
                json!({"parameters": {"A": {"type": "string", "default": true}}, "rules": []}),
                "endpoint parameter `A`: `default` does not match the parameter's type",
            ),
            (
                json!({"parameters": {"Foo": {"type": "string"}, "SetFoo": {"type": "string"}}, "rules": []}),
                "the setter of `SetFoo` and the setter of `Foo` both become the builder method `set_foo`",
            ),
            (
                with_rules(json!([{"type": "teapot", "conditions": []}])),
                "rules[0]: unsupported rule type `teapot`",
            ),
            (
                with_rules(json!([{"type": "tree", "rules": [{"type": "error"}]}])),
                "rules[0].rules[0]: an error rule needs an `error`",
            ),
            (
                with_rules(json!([{"type": "endpoint", "endpoint": {"url": "https://{Region"}}])),
                "rules[0]: endpoint url: template `https://{Region`: unclosed `{`",
            ),
            (
                with_rules(json!([{"type": "error", "conditions": [{"fn": "not"}], "error": "x"}])),
                "rules[0]: condition 0: `not`: `argv` must be an array",
            ),
            (
                with_rules(json!([{"type": "error", "conditions": [{"fn": "isSet", "argv": [null]}], "error": "x"}])),
                "rules[0]: condition 0: `null` is not an expression",
            ),
            (
                with_rules(json!([{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "A"}], "assign": "a-b"}], "error": "x"}])),
                "rules[0]: condition 0: `assign` name `a-b` is not an identifier",
            ),
            (
                with_rules(json!([{"type": "endpoint", "endpoint": {"url": "u", "headers": {"h": "v"}}}])),
                "rules[0]: header `h`: values must be an array",
            ),
        ] {
            assert_eq!(error(rule_set), expected);
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut deep = json!({"type": "error", "conditions": [], "error": "e"});
        for _ in 0..100 {
            deep = json!({"type": "tree", "conditions": [], "rules": [deep]});
        }
        let message = error(json!({"rules": [deep]}));
        assert!(
            message.ends_with("rules are nested too deeply"),
            "{message}"
        );
        let mut call = json!({"ref": "A"});
        for _ in 0..100 {
            call = json!({"fn": "not", "argv": [call]});
        }
        let message =
            error(json!({"rules": [{"type": "error", "conditions": [call], "error": "e"}]}));
        assert_eq!(
            message,
            "rules[0]: condition 0: expression nested too deeply"
        );
    }
}
