//! The operation traits that become client features: `smithy.api#paginated` (paginators) and
//! `smithy.waiters#waitable` (waiters).
//!
//! [`attach`] runs after the rest of the intermediate form is built, because it resolves the
//! traits' member paths against the generated structures: it fills
//! [`OperationDef::paginator`](crate::ir::OperationDef) and `waiters`, and reports what the
//! generator cannot emit (a token that is not a string or map, a path through a list, a
//! JMESPath expression outside the supported subset, type-checked by [`crate::waiter_paths`])
//! as errors naming the operation and, for waiters, the waiter.

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::ir::{CrateDef, NamedKind, OperationDef, RustType, StructDef};
use crate::jmespath::{self, Expr};
use crate::normalize::NormalizedModel;
use crate::waiter_paths::{self, PathPlan};

pub const PAGINATED: &str = "smithy.api#paginated";
pub const WAITABLE: &str = "smithy.waiters#waitable";

/// A paginated operation's tokens, page size and items, resolved to fields.
#[derive(Debug, Clone)]
pub struct PaginatorDef {
    /// The input member that carries the continuation token (always optional on inputs).
    pub input_token: PathStep,
    /// The type of both tokens: a string or a map.
    pub token_type: RustType,
    /// The path to the output member with the next token.
    pub output_token: Vec<PathStep>,
    /// The input member that limits the page size, and its type.
    pub page_size: Option<(PathStep, RustType)>,
    pub items: Option<ItemsDef>,
}

/// The paginated list or map of each page.
#[derive(Debug, Clone)]
pub struct ItemsDef {
    /// The `items` path as the model writes it.
    pub member_path: String,
    pub path: Vec<PathStep>,
    /// The list or map type.
    pub collection: RustType,
}

/// One member along a path: `a.b` is two steps.
#[derive(Debug, Clone)]
pub struct PathStep {
    /// The member name in the model.
    pub member: String,
    /// The Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether the field is boxed.
    pub boxed: bool,
}

/// One waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone)]
pub struct WaiterDef {
    pub name: String,
    pub docs: Option<String>,
    /// Whole seconds.
    pub min_delay: u64,
    pub max_delay: u64,
    pub deprecated: bool,
    pub acceptors: Vec<AcceptorDef>,
}

#[derive(Debug, Clone)]
pub struct AcceptorDef {
    pub state: AcceptorState,
    pub matcher: Matcher,
    /// The matcher as the model writes it, for the generated comments.
    pub matcher_json: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Debug, Clone)]
pub enum Matcher {
    /// Matches the output of a successful call.
    Output(PathMatcher),
    /// Matches `{input, output}` of a successful call.
    InputOutput(PathMatcher),
    /// `true` matches any success, `false` any (service) error.
    Success(bool),
    /// Matches a service error by code (the name part of a shape id).
    ErrorType(String),
}

#[derive(Debug, Clone)]
pub struct PathMatcher {
    pub path: String,
    pub expr: Expr,
    pub expected: String,
    pub comparator: PathComparator,
    /// The path type-checked against the operation's input and output (what is rendered).
    pub plan: PathPlan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathComparator {
    StringEquals,
    BooleanEquals,
    AllStringEquals,
    AnyStringEquals,
}

/// Fills each operation's paginator and waiters, reporting every problem.
pub fn attach(def: &mut CrateDef, normalized: &NormalizedModel, diagnostics: &mut Diagnostics) {
    let service_paginated = normalized.service_shape().traits.get(PAGINATED).cloned();
    let mut resolved = Vec::new();
    for (index, op) in def.operations.iter().enumerate() {
        let Some(shape) = normalized.model.shape(&op.id) else {
            continue;
        };
        let mut report = |message: String| {
            diagnostics.shape_error(
                normalized.model.source(&op.id),
                normalized.model.reported_id(&op.id),
                message,
            )
        };
        // Like smithy-rs, no paginator for an operation with an idempotency token: each page
        // would need a fresh token (aws-sdk-timestreamquery has no `QueryPaginator`).
        let has_idempotency_token = op.input.fields.iter().any(|f| f.idempotency_token);
        let paginator = match shape.traits.get(PAGINATED) {
            Some(_) if has_idempotency_token => None,
            Some(own) => match paginator(def, op, service_paginated.as_ref(), own) {
                Ok(paginator) => Some(paginator),
                Err(problem) => {
                    report(format!("cannot generate the paginator: {problem}"));
                    None
                }
            },
            None => None,
        };
        let mut waiters = Vec::new();
        if let Some(waitable) = shape.traits.get(WAITABLE) {
            match waitable.as_object() {
                Some(entries) => {
                    for (name, value) in entries {
                        match waiter(def, op, name, value) {
                            Ok(waiter) => waiters.push(waiter),
                            Err(problem) => report(format!("waiter `{name}`: {problem}")),
                        }
                    }
                }
                None => report(format!("`{WAITABLE}` must be an object of waiters")),
            }
        }
        waiters.sort_by(|a, b| a.name.cmp(&b.name));
        resolved.push((index, paginator, waiters));
    }
    for (index, paginator, waiters) in resolved {
        def.operations[index].paginator = paginator;
        def.operations[index].waiters = waiters;
    }
}

fn paginator(
    def: &CrateDef,
    op: &OperationDef,
    service: Option<&Value>,
    own: &Value,
) -> Result<PaginatorDef, String> {
    let setting = |key: &str| -> Result<Option<String>, String> {
        let value = own
            .get(key)
            .or_else(|| service.and_then(|service| service.get(key)));
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(format!("`{key}` must be a string, not {other}")),
        }
    };
    let input_token =
        setting("inputToken")?.ok_or("no `inputToken`, on the operation or the service")?;
    let output_token =
        setting("outputToken")?.ok_or("no `outputToken`, on the operation or the service")?;
    let (input_step, token_type) = resolve_path(def, &op.input, &input_token)
        .map_err(|problem| format!("inputToken `{input_token}`: {problem}"))?;
    if input_step.len() != 1 {
        return Err(format!(
            "inputToken `{input_token}` must name a member of the input, not a path"
        ));
    }
    if !matches!(token_type, RustType::String | RustType::Map(..)) {
        return Err(format!(
            "inputToken `{input_token}` must target a string or a map"
        ));
    }
    let (output_steps, output_type) = resolve_path(def, &op.output, &output_token)
        .map_err(|problem| format!("outputToken `{output_token}`: {problem}"))?;
    if output_type != token_type {
        return Err(format!(
            "outputToken `{output_token}` and inputToken `{input_token}` must target the same type"
        ));
    }
    let page_size = match setting("pageSize")? {
        None => None,
        Some(page_size) => {
            let (steps, ty) = resolve_path(def, &op.input, &page_size)
                .map_err(|problem| format!("pageSize `{page_size}`: {problem}"))?;
            if steps.len() != 1
                || !matches!(
                    ty,
                    RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64
                )
            {
                return Err(format!(
                    "pageSize `{page_size}` must name an integer member of the input"
                ));
            }
            Some((steps.into_iter().next().expect("one step"), ty))
        }
    };
    let items = match setting("items")? {
        None => None,
        Some(items) => {
            let (path, collection) = resolve_path(def, &op.output, &items)
                .map_err(|problem| format!("items `{items}`: {problem}"))?;
            match &collection {
                RustType::Vec(element) if !matches!(**element, RustType::Option(_)) => {}
                RustType::Map(_, value) if !matches!(**value, RustType::Option(_)) => {}
                RustType::Vec(_) | RustType::Map(..) => {
                    return Err(format!(
                        "items `{items}`: sparse collections are not supported"
                    ))
                }
                _ => return Err(format!("items `{items}` must target a list or a map")),
            }
            Some(ItemsDef {
                member_path: items,
                path,
                collection,
            })
        }
    };
    Ok(PaginatorDef {
        input_token: input_step.into_iter().next().expect("one step"),
        token_type,
        output_token: output_steps,
        page_size,
        items,
    })
}

/// Follows a dotted member path from `start`, through structures only.
fn resolve_path(
    def: &CrateDef,
    start: &StructDef,
    path: &str,
) -> Result<(Vec<PathStep>, RustType), String> {
    let mut current = start;
    let mut steps = Vec::new();
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let field = current
            .fields
            .iter()
            .find(|field| field.member == *segment)
            .ok_or_else(|| format!("`{}` has no member `{segment}`", current.id.name()))?;
        let boxed = matches!(field.ty, RustType::Named { boxed: true, .. });
        steps.push(PathStep {
            member: field.member.clone(),
            field: field.name.clone(),
            optional: field.optional,
            boxed,
        });
        if i + 1 == segments.len() {
            return Ok((steps, field.ty.clone()));
        }
        current = match &field.ty {
            RustType::Named {
                id,
                path,
                kind: NamedKind::Structure,
                ..
            } => def
                .struct_def(id)
                .ok_or_else(|| format!("no structure `{path}` for member `{segment}`"))?,
            _ => return Err(format!("member `{segment}` is not a structure")),
        };
    }
    Err("the path is empty".into())
}

fn waiter(
    def: &CrateDef,
    op: &OperationDef,
    name: &str,
    value: &Value,
) -> Result<WaiterDef, String> {
    let delay = |key: &str, default: u64| -> Result<u64, String> {
        match value.get(key) {
            None => Ok(default),
            Some(v) => v
                .as_u64()
                .filter(|&n| n >= 1)
                .ok_or_else(|| format!("`{key}` must be a whole number of seconds, at least 1")),
        }
    };
    let min_delay = delay("minDelay", 2)?;
    let max_delay = delay("maxDelay", 120)?;
    if max_delay < min_delay {
        return Err(format!(
            "`maxDelay` ({max_delay}) must not be less than `minDelay` ({min_delay})"
        ));
    }
    let acceptors = value
        .get("acceptors")
        .and_then(Value::as_array)
        .ok_or("needs a list of `acceptors`")?;
    let mut defs = Vec::new();
    for (i, acceptor) in acceptors.iter().enumerate() {
        let def_ = self::acceptor(def, op, acceptor)
            .map_err(|problem| format!("acceptor {}: {problem}", i + 1))?;
        defs.push(def_);
    }
    if !defs.iter().any(|a| a.state == AcceptorState::Success) {
        return Err("needs an acceptor with the `success` state".into());
    }
    Ok(WaiterDef {
        name: name.to_string(),
        docs: value
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_string),
        min_delay,
        max_delay,
        deprecated: value.get("deprecated").and_then(Value::as_bool) == Some(true),
        acceptors: defs,
    })
}

fn acceptor(def: &CrateDef, op: &OperationDef, value: &Value) -> Result<AcceptorDef, String> {
    let state = match value.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        other => {
            return Err(format!(
                "`state` must be `success`, `failure` or `retry`, not {}",
                other.map_or("nothing".to_string(), |s| format!("`{s}`"))
            ))
        }
    };
    let matcher_value = value.get("matcher").ok_or("needs a `matcher`")?;
    let entries = matcher_value
        .as_object()
        .filter(|entries| entries.len() == 1)
        .ok_or("`matcher` must have exactly one member")?;
    let (kind, body) = entries.iter().next().expect("one member");
    let matcher = match kind.as_str() {
        "output" => Matcher::Output(path_matcher(def, op, body, false)?),
        "inputOutput" => Matcher::InputOutput(path_matcher(def, op, body, true)?),
        "success" => Matcher::Success(body.as_bool().ok_or("`success` must be a boolean")?),
        "errorType" => {
            let name = body.as_str().ok_or("`errorType` must be a string")?;
            Matcher::ErrorType(name.rsplit('#').next().unwrap_or(name).to_string())
        }
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(AcceptorDef {
        state,
        matcher,
        matcher_json: matcher_value.to_string(),
    })
}

/// Reads a path matcher and type-checks its path (`input_output`: against `{input, output}`,
/// otherwise against the output).
fn path_matcher(
    def: &CrateDef,
    op: &OperationDef,
    value: &Value,
    input_output: bool,
) -> Result<PathMatcher, String> {
    let field = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the path matcher needs a string `{key}`"))
    };
    let path = field("path")?;
    let expected = field("expected")?;
    let comparator = match field("comparator")? {
        "stringEquals" => PathComparator::StringEquals,
        "booleanEquals" => PathComparator::BooleanEquals,
        "allStringEquals" => PathComparator::AllStringEquals,
        "anyStringEquals" => PathComparator::AnyStringEquals,
        other => return Err(format!("unknown comparator `{other}`")),
    };
    if comparator == PathComparator::BooleanEquals && !matches!(expected, "true" | "false") {
        return Err(format!(
            "`booleanEquals` expects `true` or `false`, not `{expected}`"
        ));
    }
    let expr = jmespath::parse(path)
        .map_err(|problem| format!("path `{path}` does not parse: {problem}"))?;
    let plan = waiter_paths::check(def, op, &expr, comparator, expected, input_output)
        .map_err(|problem| format!("path `{path}`: {problem}"))?;
    Ok(PathMatcher {
        path: path.to_string(),
        expr,
        expected: expected.to_string(),
        comparator,
        plan,
    })
}
