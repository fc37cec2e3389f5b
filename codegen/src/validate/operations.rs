//! Operation input and output structures: a structure marked `@input` (or `@output`) is the
//! input (or output) of exactly one operation and nothing else, and an error structure is
//! never an operation's input or output.

use std::collections::BTreeMap;

use super::{ticked, Report};
use crate::model::traits::{ERROR, INPUT, OUTPUT};
use crate::model::{ShapeId, ShapeKind};

pub(super) fn check(report: &mut Report) {
    let model = report.model;
    // Structure → the operations that use it, as input and as output.
    let mut as_input: BTreeMap<&ShapeId, Vec<String>> = BTreeMap::new();
    let mut as_output: BTreeMap<&ShapeId, Vec<String>> = BTreeMap::new();
    for shape in report.shapes().collect::<Vec<_>>() {
        let ShapeKind::Operation(operation) = &shape.kind else {
            continue;
        };
        as_input
            .entry(&operation.input)
            .or_default()
            .push(shape.id.to_string());
        as_output
            .entry(&operation.output)
            .or_default()
            .push(shape.id.to_string());
        for (role, target, wrong_marker) in [
            ("input", &operation.input, OUTPUT),
            ("output", &operation.output, INPUT),
        ] {
            let Some(target_shape) = model.shape(target) else {
                continue;
            };
            if target_shape.traits.has(ERROR) {
                report.error(
                    &shape.id,
                    format!("has {role} `{target}`, which has the `smithy.api#error` trait; an error cannot be an operation's input or output"),
                );
            }
            if target_shape.traits.has(wrong_marker) {
                report.error(
                    &shape.id,
                    format!("has {role} `{target}`, which has the `{wrong_marker}` trait"),
                );
            }
        }
    }
    for (marker, role, users) in [(INPUT, "input", &as_input), (OUTPUT, "output", &as_output)] {
        for shape in report.shapes().collect::<Vec<_>>() {
            if !shape.traits.has(marker) {
                continue;
            }
            if let Some(operations) = users.get(&shape.id).filter(|ops| ops.len() > 1) {
                report.error(
                    &shape.id,
                    format!(
                        "has the `{marker}` trait but is the {role} of more than one operation ({}); such a structure belongs to a single operation",
                        ticked(operations)
                    ),
                );
            }
        }
    }
    for shape in report.shapes().collect::<Vec<_>>() {
        for member in shape.kind.members() {
            let Some(target) = model.shape(&member.target).filter(|t| t.is_structure()) else {
                continue;
            };
            for marker in [INPUT, OUTPUT] {
                if target.traits.has(marker) {
                    report.error(
                        &member.id,
                        format!(
                            "targets `{}`, which has the `{marker}` trait; only its operation can use it",
                            member.target
                        ),
                    );
                }
            }
        }
    }
}
