//! HTTP bindings beyond where their traits may be applied: the `@http` trait's URI and its
//! labels match the input's `@httpLabel` members (a greedy label binds a string), a structure
//! with an `@httpPayload` member binds every other member elsewhere in the message, and
//! header and query parameter names are unique within a structure.

use std::collections::BTreeMap;

use super::trait_ids::{
    HTTP, HTTP_HEADER, HTTP_LABEL, HTTP_PAYLOAD, HTTP_PREFIX_HEADERS, HTTP_QUERY,
    HTTP_QUERY_PARAMS, HTTP_RESPONSE_CODE, RESOURCE_IDENTIFIER,
};
use super::{ticked, with_article, Report};
use crate::model::traits::ERROR;
use crate::model::{Member, Shape, ShapeKind};
use crate::uri_pattern::UriPattern;
use indexmap::IndexMap;
use serde_json::Value;

/// Where members of a request may be bound besides the payload.
const REQUEST_BINDINGS: &[&str] = &[
    HTTP_LABEL,
    HTTP_HEADER,
    HTTP_PREFIX_HEADERS,
    HTTP_QUERY,
    HTTP_QUERY_PARAMS,
];
/// Where members of a response (or an error) may be bound besides the payload.
const RESPONSE_BINDINGS: &[&str] = &[HTTP_HEADER, HTTP_PREFIX_HEADERS, HTTP_RESPONSE_CODE];

pub(super) fn check(report: &mut Report) {
    for shape in report.shapes().collect::<Vec<_>>() {
        match &shape.kind {
            ShapeKind::Operation(operation) => {
                let Some(http) = shape.traits.get(HTTP) else {
                    continue;
                };
                let input = report.model.shape(&operation.input);
                let output = report.model.shape(&operation.output);
                uri_labels(report, shape, http, input);
                for (structure, bindings, message) in [
                    (input, REQUEST_BINDINGS, "request"),
                    (output, RESPONSE_BINDINGS, "response"),
                ] {
                    if let Some(structure) = structure.filter(|s| !s.id.is_prelude()) {
                        payload_binds_everything_else(report, structure, bindings, message);
                    }
                }
            }
            ShapeKind::Structure { members } => {
                if shape.traits.has(ERROR) {
                    payload_binds_everything_else(report, shape, RESPONSE_BINDINGS, "response");
                }
                unique_names(report, shape, members, HTTP_HEADER, "header", true);
                unique_names(report, shape, members, HTTP_QUERY, "query parameter", false);
            }
            _ => {}
        }
    }
}

/// One `{label}` of a URI pattern.
struct Label<'a> {
    name: &'a str,
    greedy: bool,
}

fn uri_labels(report: &mut Report, operation: &Shape, http: &Value, input: Option<&Shape>) {
    let id = &operation.id;
    let (Some(method), Some(uri)) = (
        http.get("method").and_then(Value::as_str),
        http.get("uri").and_then(Value::as_str),
    ) else {
        report.error(
            id,
            "`smithy.api#http` must be an object with a string `method` and a string `uri`",
        );
        return;
    };
    if method.is_empty() {
        report.error(id, "the `method` of `smithy.api#http` cannot be empty");
    }
    let pattern = match UriPattern::parse_with_problems(uri) {
        Ok((pattern, problems)) => {
            for problem in problems {
                report.error(id, format!("the `smithy.api#http` URI `{uri}` {problem}"));
            }
            pattern
        }
        Err(problem) => {
            report.error(id, format!("the `smithy.api#http` URI `{uri}` {problem}"));
            return;
        }
    };
    let labels: Vec<Label<'_>> = pattern
        .labels()
        .map(|(name, greedy)| Label { name, greedy })
        .collect();
    let label_members: Vec<(&str, &Member)> = match input.map(|shape| &shape.kind) {
        Some(ShapeKind::Structure { members }) => members
            .values()
            .filter(|member| member.traits.has(HTTP_LABEL))
            .map(|member| (label_name(member), member))
            .collect(),
        _ => Vec::new(),
    };
    for label in &labels {
        match label_members.iter().find(|(name, _)| *name == label.name) {
            None => report.error(
                id,
                format!(
                    "the `smithy.api#http` URI `{uri}` has the label `{}`, but no member of the input has `smithy.api#httpLabel` for it",
                    label.name
                ),
            ),
            Some((_, member)) if label.greedy => {
                let target = report.target(member);
                if let Some(target) = target.filter(|t| !super::Category::String.matches(&t.kind)) {
                    report.error(
                        &member.id,
                        format!(
                            "is bound to the greedy label `{{{}+}}` of operation `{id}`, so it must target a string, not {}",
                            label.name,
                            with_article(target.kind.type_name())
                        ),
                    );
                }
            }
            Some(_) => {}
        }
    }
    for (name, member) in &label_members {
        if !labels.iter().any(|label| label.name == *name) {
            report.error(
                &member.id,
                format!("has `smithy.api#httpLabel`, but the URI `{uri}` of operation `{id}` has no label `{name}`"),
            );
        }
    }
}

/// The label a member binds: its `@resourceIdentifier` when it has one, else its name.
fn label_name(member: &Member) -> &str {
    member
        .traits
        .get(RESOURCE_IDENTIFIER)
        .and_then(Value::as_str)
        .unwrap_or_else(|| member.name())
}

fn payload_binds_everything_else(
    report: &mut Report,
    structure: &Shape,
    bindings: &[&str],
    message: &str,
) {
    let ShapeKind::Structure { members } = &structure.kind else {
        return;
    };
    if !members
        .values()
        .any(|member| member.traits.has(HTTP_PAYLOAD))
    {
        return;
    }
    let unbound: Vec<&str> = members
        .iter()
        .filter(|(_, member)| {
            !member.traits.has(HTTP_PAYLOAD)
                && !bindings.iter().any(|binding| member.traits.has(binding))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    if !unbound.is_empty() {
        let role = report.operation_role(&structure.id);
        report.error(
            &structure.id,
            format!(
                "a member has `{HTTP_PAYLOAD}`, so every other member must be bound to another part of the HTTP {message}, but {} {} not{role}",
                ticked(&unbound),
                if unbound.len() == 1 { "is" } else { "are" }
            ),
        );
    }
}

fn unique_names(
    report: &mut Report,
    shape: &Shape,
    members: &IndexMap<String, Member>,
    trait_id: &str,
    what: &str,
    ignore_case: bool,
) {
    // The name as compared → the name as first spelled, and the members bound to it.
    let mut by_name: BTreeMap<String, (&str, Vec<&str>)> = BTreeMap::new();
    for (name, member) in members {
        if let Some(bound) = member.traits.get(trait_id).and_then(Value::as_str) {
            let key = if ignore_case {
                bound.to_ascii_lowercase()
            } else {
                bound.to_string()
            };
            by_name
                .entry(key)
                .or_insert((bound, Vec::new()))
                .1
                .push(name);
        }
    }
    for (bound, names) in by_name.into_values() {
        if names.len() > 1 {
            let role = report.operation_role(&shape.id);
            report.error(
                &shape.id,
                format!(
                    "members {} are all bound to the {what} \"{bound}\"; each {what} can be bound once{role}",
                    ticked(&names)
                ),
            );
        }
    }
}
