//! Rules on the members of structures and unions: a union has at least one member, member
//! names are unique ignoring case, and no two members serialize under the same JSON name.

use std::collections::BTreeMap;

use super::trait_ids::JSON_NAME;
use super::{ticked, Report};
use crate::model::{Shape, ShapeKind};
use serde_json::Value;

pub(super) fn check(report: &mut Report) {
    for shape in report.shapes().collect::<Vec<_>>() {
        if let ShapeKind::Union { members } = &shape.kind {
            if members.is_empty() {
                report.error(
                    &shape.id,
                    "a union must have at least one member; no value of it can be built",
                );
            }
        }
        member_names_unique_ignoring_case(report, shape);
        json_names_unique(report, shape);
    }
}

fn member_names_unique_ignoring_case(report: &mut Report, shape: &Shape) {
    let Some(members) = shape.kind.named_members() else {
        return;
    };
    let mut first_by_folded: BTreeMap<String, &str> = BTreeMap::new();
    for (name, member) in members {
        match first_by_folded.get(&name.to_lowercase()) {
            Some(first) => report.error(
                &member.id,
                format!(
                    "the member name differs only in case from `{first}`; member names must be unique ignoring case"
                ),
            ),
            None => {
                first_by_folded.insert(name.to_lowercase(), name);
            }
        }
    }
}

/// Only checked where `@jsonName` is used, as Smithy does: without it, JSON names are the
/// member names, which are already unique.
fn json_names_unique(report: &mut Report, shape: &Shape) {
    let members = match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => members,
        _ => return,
    };
    if !members.values().any(|member| member.traits.has(JSON_NAME)) {
        return;
    }
    let mut by_json_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, member) in members {
        let json_name = member
            .traits
            .get(JSON_NAME)
            .and_then(Value::as_str)
            .unwrap_or(name);
        by_json_name.entry(json_name).or_default().push(name);
    }
    for (json_name, names) in by_json_name {
        if names.len() > 1 {
            report.error(
                &shape.id,
                format!(
                    "members {} all serialize as JSON name \"{json_name}\"; JSON names must be unique",
                    ticked(&names)
                ),
            );
        }
    }
}
