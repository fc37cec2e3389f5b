//! Every reference names a shape that exists and is of a kind that may be referenced there:
//! member targets, map keys, operation input, output and errors, service and resource
//! bindings, and service renames.

use super::{with_article, Category, Report};
use crate::model::traits::{ERROR, MIXIN};
use crate::model::{prelude, Shape, ShapeId, ShapeKind};

pub(super) fn check(report: &mut Report) {
    for shape in report.shapes().collect::<Vec<_>>() {
        members(report, shape);
        match &shape.kind {
            ShapeKind::Service(service) => {
                for operation in &service.operations {
                    reference(
                        report,
                        &shape.id,
                        operation,
                        "binds operation",
                        Expect::Operation,
                    );
                }
                for resource in &service.resources {
                    reference(
                        report,
                        &shape.id,
                        resource,
                        "binds resource",
                        Expect::Resource,
                    );
                }
                for error in &service.errors {
                    reference(report, &shape.id, error, "lists error", Expect::Error);
                }
                for renamed in service.rename.keys() {
                    if !report.model.shapes.contains_key(renamed) {
                        report.error(
                            &shape.id,
                            format!("renames `{renamed}`, which does not exist"),
                        );
                    }
                }
            }
            ShapeKind::Operation(operation) => {
                reference(
                    report,
                    &shape.id,
                    &operation.input,
                    "has input",
                    Expect::Structure,
                );
                reference(
                    report,
                    &shape.id,
                    &operation.output,
                    "has output",
                    Expect::Structure,
                );
                for error in &operation.errors {
                    reference(report, &shape.id, error, "lists error", Expect::Error);
                }
            }
            ShapeKind::Resource(resource) => {
                for operation in &resource.operations {
                    reference(
                        report,
                        &shape.id,
                        operation,
                        "binds operation",
                        Expect::Operation,
                    );
                }
                for child in &resource.resources {
                    reference(report, &shape.id, child, "binds resource", Expect::Resource);
                }
            }
            _ => {}
        }
    }
}

fn members(report: &mut Report, shape: &Shape) {
    let unit_allowed = matches!(
        shape.kind,
        ShapeKind::Union { .. } | ShapeKind::Enum { .. } | ShapeKind::IntEnum { .. }
    );
    for member in shape.kind.members() {
        let Some(target) = reference(report, &member.id, &member.target, "targets", Expect::Data)
        else {
            continue;
        };
        if !unit_allowed && member.target == prelude::unit() {
            report.error(
                &member.id,
                "targets `smithy.api#Unit`, which only union members can target",
            );
        }
        if target.traits.has(MIXIN) {
            report.error(
                &member.id,
                format!(
                    "targets `{}`, which is a mixin; a mixin can only be used through `mixins`",
                    member.target
                ),
            );
        }
    }
    if let ShapeKind::Map { key, .. } = &shape.kind {
        let target = report.model.shape(&key.target);
        if let Some(target) = target.filter(|t| !Category::String.matches(&t.kind)) {
            report.error(
                &key.id,
                format!(
                    "targets `{}`, which is {}; a map key must target a string or an enum",
                    key.target,
                    with_article(target.kind.type_name())
                ),
            );
        }
    }
}

/// What a reference must point at.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// A member target: any data shape.
    Data,
    Structure,
    Error,
    Operation,
    Resource,
}

/// Checks one reference; returns the referenced shape when it exists and fits.
fn reference<'a>(
    report: &mut Report<'a>,
    at: &ShapeId,
    target: &ShapeId,
    relation: &str,
    expect: Expect,
) -> Option<&'a Shape> {
    let Some(found) = report.model.shape(target) else {
        report.error(at, format!("{relation} `{target}`, which does not exist"));
        return None;
    };
    let fits = match expect {
        Expect::Data => !matches!(
            found.kind,
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)
        ),
        Expect::Structure => found.is_structure(),
        Expect::Error => found.is_structure() && found.traits.has(ERROR),
        Expect::Operation => matches!(found.kind, ShapeKind::Operation(_)),
        Expect::Resource => matches!(found.kind, ShapeKind::Resource(_)),
    };
    if fits {
        return Some(found);
    }
    let wanted = match expect {
        Expect::Data => "a data shape",
        Expect::Structure => "a structure",
        Expect::Error => "a structure with the `smithy.api#error` trait",
        Expect::Operation => "an operation",
        Expect::Resource => "a resource",
    };
    report.error(
        at,
        format!(
            "{relation} `{target}`, which is {}, not {wanted}",
            with_article(found.kind.type_name())
        ),
    );
    None
}
