//! Checks a loaded model for problems that would make any generated code wrong.

use crate::diagnostics::Diagnostics;
use crate::model::traits::{ENUM, ERROR};
use crate::model::{Model, Shape, ShapeId, ShapeKind, SimpleType};
use serde_json::Value;

/// Reports dangling references, references to shapes of the wrong kind and malformed traits
/// the generator relies on, for every shape in the model.
pub fn validate(model: &Model) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    for shape in model.shapes.values() {
        let mut check = Checker {
            model,
            shape,
            diagnostics: &mut diagnostics,
        };
        check.shape();
    }
    check_collection_nesting(model, &mut diagnostics);
    diagnostics.into_result(())
}

/// How deep lists and maps may nest inside one another before the generated type is too deep
/// for the Rust toolchain to handle comfortably.
pub const MAX_COLLECTION_DEPTH: usize = 32;

/// Lists and maps that contain themselves without a structure or union in between have no
/// finite value; very deep nesting is valid Smithy but not something the generator supports.
fn check_collection_nesting(model: &Model, diagnostics: &mut Diagnostics) {
    for shape in model.shapes.values() {
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
        let file = model.source(&shape.id).to_path_buf();
        if cyclic {
            let what = if chain.len() == 1 {
                "the list contains itself"
            } else {
                "the collection contains itself through other lists or maps"
            };
            let what = if matches!(shape.kind, ShapeKind::Map { .. }) && chain.len() == 1 {
                "the map contains itself"
            } else {
                what
            };
            diagnostics.shape_error(
                &file,
                &shape.id,
                format!("{what}; a recursive list or map must go through a structure or union"),
            );
        } else if chain.len() > MAX_COLLECTION_DEPTH {
            diagnostics.shape_error(
                &file,
                &shape.id,
                format!("lists and maps nest more than {MAX_COLLECTION_DEPTH} levels deep here, which the generator does not support"),
            );
        }
    }
}

/// "a" or "an", for shape type names in messages.
pub fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

struct Checker<'a> {
    model: &'a Model,
    shape: &'a Shape,
    diagnostics: &'a mut Diagnostics,
}

#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// A member target: any data shape.
    Data,
    Structure,
    Error,
    Operation,
    Resource,
}

impl Checker<'_> {
    fn error(&mut self, at: &ShapeId, message: String) {
        let file = self.model.source(&self.shape.id).to_path_buf();
        self.diagnostics.shape_error(&file, at, message);
    }

    fn shape(&mut self) {
        let shape = self.shape;
        for member in shape.kind.members() {
            self.reference(&member.id, &member.target, "targets", Expect::Data);
            let unit_allowed = matches!(
                shape.kind,
                ShapeKind::Union { .. } | ShapeKind::Enum { .. } | ShapeKind::IntEnum { .. }
            );
            if !unit_allowed && member.target == crate::model::prelude::unit() {
                self.error(
                    &member.id,
                    "targets `smithy.api#Unit`, which only union members can target".into(),
                );
            }
        }
        if let Some(value) = shape.traits.get(ERROR) {
            if !matches!(value.as_str(), Some("client" | "server")) {
                self.error(
                    &shape.id,
                    format!("`smithy.api#error` must be \"client\" or \"server\", found {value}"),
                );
            }
        }
        match &shape.kind {
            ShapeKind::Service(service) => {
                for operation in &service.operations {
                    self.reference(&shape.id, operation, "binds operation", Expect::Operation);
                }
                for resource in &service.resources {
                    self.reference(&shape.id, resource, "binds resource", Expect::Resource);
                }
                for error in &service.errors {
                    self.reference(&shape.id, error, "lists error", Expect::Error);
                }
                for renamed in service.rename.keys() {
                    if !self.model.shapes.contains_key(renamed) {
                        self.error(
                            &shape.id,
                            format!("renames `{renamed}`, which does not exist"),
                        );
                    }
                }
            }
            ShapeKind::Operation(operation) => {
                self.reference(&shape.id, &operation.input, "has input", Expect::Structure);
                self.reference(
                    &shape.id,
                    &operation.output,
                    "has output",
                    Expect::Structure,
                );
                for error in &operation.errors {
                    self.reference(&shape.id, error, "lists error", Expect::Error);
                }
            }
            ShapeKind::Resource(resource) => {
                for operation in &resource.operations {
                    self.reference(&shape.id, operation, "binds operation", Expect::Operation);
                }
                for child in &resource.resources {
                    self.reference(&shape.id, child, "binds resource", Expect::Resource);
                }
            }
            ShapeKind::Enum { members } => {
                for member in members.values() {
                    if !matches!(member.traits.enum_value(), Some(Value::String(_))) {
                        self.error(
                            &member.id,
                            "an enum member's `smithy.api#enumValue` must be a string".into(),
                        );
                    }
                }
            }
            ShapeKind::IntEnum { members } => {
                for member in members.values() {
                    if !member.traits.enum_value().is_some_and(Value::is_i64) {
                        self.error(
                            &member.id,
                            "an intEnum member needs an integer `smithy.api#enumValue`".into(),
                        );
                    }
                }
            }
            _ => {}
        }
        self.legacy_enum_trait();
    }

    fn legacy_enum_trait(&mut self) {
        let Some(value) = self.shape.traits.get(ENUM) else {
            return;
        };
        let id = &self.shape.id;
        if !matches!(self.shape.kind, ShapeKind::Simple(SimpleType::String)) {
            self.error(
                id,
                "`smithy.api#enum` can only be applied to a string shape".into(),
            );
            return;
        }
        let Some(entries) = value.as_array() else {
            self.error(
                id,
                "`smithy.api#enum` must be an array of enum definitions".into(),
            );
            return;
        };
        for (index, entry) in entries.iter().enumerate() {
            if entry.get("value").and_then(Value::as_str).is_none() {
                self.error(
                    id,
                    format!("entry {index} of `smithy.api#enum` has no string `value`"),
                );
            }
        }
    }

    fn reference(&mut self, at: &ShapeId, target: &ShapeId, relation: &str, expect: Expect) {
        let Some(found) = self.model.shape(target) else {
            self.error(at, format!("{relation} `{target}`, which does not exist"));
            return;
        };
        let kind = found.kind.type_name();
        let kind_article = article(kind);
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
        if !fits {
            let wanted = match expect {
                Expect::Data => "a data shape",
                Expect::Structure => "a structure",
                Expect::Error => "a structure with the `smithy.api#error` trait",
                Expect::Operation => "an operation",
                Expect::Resource => "a resource",
            };
            self.error(
                at,
                format!("{relation} `{target}`, which is {kind_article} {kind}, not {wanted}"),
            );
        }
    }
}
