//! Recursive shapes must have finite values: a list or map cannot contain itself without a
//! structure or union in between, a structure cannot contain itself through required members
//! only, and a recursive union needs a way out. Very deep collection nesting is valid Smithy
//! but not something the generator supports.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Report;
use crate::model::{Shape, ShapeId, ShapeKind};

/// How deep lists and maps may nest inside one another before the generated type is too deep
/// for the Rust toolchain to handle comfortably.
pub const MAX_COLLECTION_DEPTH: usize = 32;

pub(super) fn check(report: &mut Report) {
    collection_nesting(report);
    required_structure_cycles(report);
    unions_without_a_way_out(report);
}

/// Lists and maps that contain themselves without a structure or union in between have no
/// finite value.
fn collection_nesting(report: &mut Report) {
    let model = report.model;
    for shape in report.shapes().collect::<Vec<_>>() {
        if !matches!(shape.kind, ShapeKind::List { .. } | ShapeKind::Map { .. }) {
            continue;
        }
        // Follow list members and map values through collections only.
        let mut chain: Vec<&ShapeId> = vec![&shape.id];
        let mut current = shape;
        let mut cyclic = false;
        loop {
            let next = match &current.kind {
                ShapeKind::List { member } => &member.target,
                ShapeKind::Map { value, .. } => &value.target,
                _ => break,
            };
            if next == &shape.id {
                cyclic = true;
                break;
            }
            if chain.contains(&next) || chain.len() > MAX_COLLECTION_DEPTH {
                break;
            }
            match model.shape(next) {
                Some(found)
                    if matches!(found.kind, ShapeKind::List { .. } | ShapeKind::Map { .. }) =>
                {
                    chain.push(next);
                    current = found;
                }
                _ => break,
            }
        }
        if cyclic {
            let what = match (&shape.kind, chain.len()) {
                (ShapeKind::List { .. }, 1) => "the list contains itself",
                (_, 1) => "the map contains itself",
                _ => "the collection contains itself through other lists or maps",
            };
            report.error(
                &shape.id,
                format!("{what}; a recursive list or map must go through a structure or union"),
            );
        } else if chain.len() > MAX_COLLECTION_DEPTH {
            report.error(
                &shape.id,
                format!("lists and maps nest more than {MAX_COLLECTION_DEPTH} levels deep here, which the generator does not support"),
            );
        }
    }
}

/// The required members of `shape` that target structures: the only edges a value of a
/// structure cannot leave out. A union, list or map target always breaks the chain (a union
/// is checked on its own; a list or map can be empty).
fn required_structure_edges<'a>(
    report: &Report<'a>,
    shape: &'a Shape,
) -> Vec<(&'a ShapeId, &'a Shape)> {
    let ShapeKind::Structure { members } = &shape.kind else {
        return Vec::new();
    };
    members
        .values()
        .filter(|member| member.traits.is_required())
        .filter_map(|member| {
            let target = report.model.shape(&member.target)?;
            target.is_structure().then_some((&member.id, target))
        })
        .collect()
}

/// Reports every structure that reaches itself through required members only, with the
/// shortest such path.
fn required_structure_cycles(report: &mut Report) {
    for shape in report
        .shapes()
        .filter(|s| s.is_structure())
        .collect::<Vec<_>>()
    {
        let Some(path) = shortest_required_path_to_itself(report, shape) else {
            continue;
        };
        let steps: Vec<String> = path.iter().map(|member| format!("`{member}`")).collect();
        report.error(
            &shape.id,
            format!(
                "the structure contains itself through required members only ({}), so no value of it can be built; make one of them optional",
                steps.join(" > ")
            ),
        );
    }
}

/// Breadth-first search over required structure members; returns the member ids on the path.
fn shortest_required_path_to_itself<'a>(
    report: &Report<'a>,
    start: &'a Shape,
) -> Option<Vec<&'a ShapeId>> {
    // Structure id → (the member that reached it, the structure that member belongs to).
    let mut reached_by: BTreeMap<&ShapeId, (&ShapeId, &ShapeId)> = BTreeMap::new();
    let mut queue: VecDeque<&Shape> = VecDeque::from([start]);
    let mut seen: BTreeSet<&ShapeId> = BTreeSet::new();
    while let Some(shape) = queue.pop_front() {
        for (member, target) in required_structure_edges(report, shape) {
            if target.id == start.id {
                let mut path = vec![member];
                let mut at = &shape.id;
                while at != &start.id {
                    let (by, from) = reached_by[at];
                    path.push(by);
                    at = from;
                }
                path.reverse();
                return Some(path);
            }
            if seen.insert(&target.id) {
                reached_by.insert(&target.id, (member, &shape.id));
                queue.push_back(target);
            }
        }
    }
    None
}

/// A union is buildable when one of its members is; a structure when all its required members
/// are; everything else always is (a list or map can be empty). Unions that are not are
/// reported; structures that are not are reported by the cycle check or through their union.
fn unions_without_a_way_out(report: &mut Report) {
    let model = report.model;
    let aggregates: Vec<&Shape> = model
        .shapes
        .values()
        .filter(|shape| {
            matches!(
                shape.kind,
                ShapeKind::Structure { .. } | ShapeKind::Union { .. }
            )
        })
        .collect();
    let mut buildable: BTreeSet<&ShapeId> = BTreeSet::new();
    let is_buildable = |buildable: &BTreeSet<&ShapeId>, target: &ShapeId| match model.shape(target)
    {
        Some(shape)
            if matches!(
                shape.kind,
                ShapeKind::Structure { .. } | ShapeKind::Union { .. }
            ) =>
        {
            buildable.contains(target)
        }
        // Missing targets are reported elsewhere.
        _ => true,
    };
    loop {
        let mut changed = false;
        for shape in &aggregates {
            if buildable.contains(&shape.id) {
                continue;
            }
            let now_buildable = match &shape.kind {
                ShapeKind::Structure { members } => members
                    .values()
                    .filter(|member| member.traits.is_required())
                    .all(|member| is_buildable(&buildable, &member.target)),
                ShapeKind::Union { members } => members
                    .values()
                    .any(|member| is_buildable(&buildable, &member.target)),
                _ => true,
            };
            if now_buildable {
                buildable.insert(&shape.id);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for shape in report.shapes().collect::<Vec<_>>() {
        let ShapeKind::Union { members } = &shape.kind else {
            continue;
        };
        if !members.is_empty() && !buildable.contains(&shape.id) {
            report.error(
                &shape.id,
                "no value of the union can be built: every member leads back to it without going through a list, a map or an optional structure member",
            );
        }
    }
}
