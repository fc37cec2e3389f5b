//! Streams: every member of an event stream union targets a structure, and a structure with
//! a streaming member is only ever an operation's input or output (a stream that requires a
//! length, only an input), never the target of a member.

use std::collections::BTreeSet;

use super::trait_ids::REQUIRES_LENGTH;
use super::{ticked, Report};
use crate::model::traits::STREAMING;
use crate::model::{ShapeId, ShapeKind};

pub(super) fn check(report: &mut Report) {
    let model = report.model;
    let mut with_stream: BTreeSet<&ShapeId> = BTreeSet::new();
    let mut with_sized_stream: BTreeSet<&ShapeId> = BTreeSet::new();
    for shape in report.shapes().collect::<Vec<_>>() {
        match &shape.kind {
            ShapeKind::Union { members } if shape.traits.has(STREAMING) => {
                let not_structures: Vec<&str> = members
                    .iter()
                    .filter(|(_, member)| {
                        model
                            .shape(&member.target)
                            .is_some_and(|target| !target.is_structure())
                    })
                    .map(|(name, _)| name.as_str())
                    .collect();
                if !not_structures.is_empty() {
                    report.error(
                        &shape.id,
                        format!(
                            "every member of an event stream must target a structure, but {} {} not",
                            ticked(&not_structures),
                            if not_structures.len() == 1 { "does" } else { "do" }
                        ),
                    );
                }
            }
            ShapeKind::Structure { members } => {
                for member in members.values() {
                    let Some(target) = model.shape(&member.target) else {
                        continue;
                    };
                    if target.traits.has(STREAMING) {
                        with_stream.insert(&shape.id);
                        if target.traits.has(REQUIRES_LENGTH) {
                            with_sized_stream.insert(&shape.id);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for shape in report.shapes().collect::<Vec<_>>() {
        match &shape.kind {
            ShapeKind::Operation(operation) if with_sized_stream.contains(&operation.output) => {
                report.error(
                    &shape.id,
                    format!(
                        "has output `{}`, which contains a stream with `{REQUIRES_LENGTH}`; a stream that requires a length can only be in an operation's input",
                        operation.output
                    ),
                );
            }
            _ => {
                for member in shape.kind.members() {
                    if with_stream.contains(&member.target) {
                        report.error(
                            &member.id,
                            format!(
                                "targets `{}`, which contains a stream; a structure with a stream can only be an operation's input or output",
                                member.target
                            ),
                        );
                    }
                }
            }
        }
    }
}
