//! Checks a loaded model against the rules a Smithy build enforces, so that a model Smithy
//! rejects is rejected here too, with the file, the shape and the reason. Each pass checks
//! one family of rules; all of them run and every problem is reported at once.

mod aggregates;
mod constraints;
mod defaults;
mod enums;
mod http;
mod operations;
mod recursion;
mod references;
mod shape_ids;
mod streaming;
mod trait_ids;
mod trait_values;
mod traits;

use crate::diagnostics::Diagnostics;
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, SimpleType, Traits};

pub use recursion::MAX_COLLECTION_DEPTH;

/// Runs every pass over every shape the model defines (the prelude is taken as valid).
pub fn validate(model: &Model) -> Result<(), Diagnostics> {
    let mut report = Report {
        model,
        diagnostics: Diagnostics::default(),
    };
    references::check(&mut report);
    shape_ids::check(&mut report);
    aggregates::check(&mut report);
    enums::check(&mut report);
    recursion::check(&mut report);
    operations::check(&mut report);
    traits::check(&mut report);
    trait_values::check(&mut report);
    constraints::check(&mut report);
    defaults::check(&mut report);
    http::check(&mut report);
    streaming::check(&mut report);
    report.diagnostics.into_result(())
}

/// The model under validation and the problems found so far.
struct Report<'a> {
    model: &'a Model,
    diagnostics: Diagnostics,
}

impl<'a> Report<'a> {
    /// A problem with `at` (a shape or a member), reported against the file that defines it.
    fn error(&mut self, at: &ShapeId, message: impl Into<String>) {
        let file = self.model.source(at).to_path_buf();
        self.diagnostics.shape_error(&file, at, message);
    }

    /// The shapes the model's files define, in shape id order.
    fn shapes(&self) -> impl Iterator<Item = &'a Shape> {
        self.model
            .shapes
            .values()
            .filter(|shape| !shape.id.is_prelude())
    }

    /// Every shape the model's files define and every member of those shapes.
    fn subjects(&self) -> Vec<Subject<'a>> {
        let mut subjects = Vec::new();
        for shape in self.shapes() {
            subjects.push(Subject::Shape(shape));
            for member in shape.kind.members() {
                subjects.push(Subject::Member {
                    container: shape,
                    member,
                });
            }
        }
        subjects
    }

    fn target(&self, member: &Member) -> Option<&'a Shape> {
        self.model.shape(&member.target)
    }

    /// Where a structure is used by operations, for messages about its HTTP bindings:
    /// ` (the input of operation `a#Op`)`, or nothing when no operation uses it directly.
    fn operation_role(&self, structure: &ShapeId) -> String {
        let mut roles = Vec::new();
        for shape in self.shapes() {
            let ShapeKind::Operation(operation) = &shape.kind else {
                continue;
            };
            if operation.input == *structure {
                roles.push(format!("the input of operation `{}`", shape.id));
            }
            if operation.output == *structure {
                roles.push(format!("the output of operation `{}`", shape.id));
            }
            if operation.errors.contains(structure) {
                roles.push(format!("an error of operation `{}`", shape.id));
            }
        }
        match roles.len() {
            0 => String::new(),
            1..=3 => format!(" ({})", roles.join(", ")),
            more => format!(" ({} and {} more)", roles[..3].join(", "), more - 3),
        }
    }
}

/// Something traits are applied to: a shape, or a member of one.
#[derive(Clone, Copy)]
enum Subject<'a> {
    Shape(&'a Shape),
    Member {
        container: &'a Shape,
        member: &'a Member,
    },
}

impl<'a> Subject<'a> {
    fn id(&self) -> &'a ShapeId {
        match self {
            Subject::Shape(shape) => &shape.id,
            Subject::Member { member, .. } => &member.id,
        }
    }

    fn traits(&self) -> &'a Traits {
        match self {
            Subject::Shape(shape) => &shape.traits,
            Subject::Member { member, .. } => &member.traits,
        }
    }

    /// What the subject is, for messages: "a string", "a member of a union".
    fn describe(&self) -> String {
        match self {
            Subject::Shape(shape) => with_article(shape.kind.type_name()),
            Subject::Member { container, .. } => {
                format!("a member of {}", with_article(container.kind.type_name()))
            }
        }
    }
}

/// "a" or "an", for shape type names in messages ("a union", "an intEnum").
fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o') => "an",
        _ => "a",
    }
}

fn with_article(word: &str) -> String {
    format!("{} {word}", article(word))
}

/// Shape types as Smithy selectors name them: `string` also matches enums, `integer` and
/// `number` also match intEnums, `simpleType` matches every scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Blob,
    Boolean,
    /// A string or an enum.
    String,
    /// A string that is not an enum.
    PlainString,
    /// Any number type, or an intEnum.
    Number,
    /// An integer or an intEnum.
    Integer,
    Timestamp,
    SimpleType,
    List,
    Map,
    Structure,
    Union,
    Enum,
    IntEnum,
    Service,
    Operation,
    Resource,
}

impl Category {
    fn matches(self, kind: &ShapeKind) -> bool {
        use SimpleType as S;
        match self {
            Category::Blob => matches!(kind, ShapeKind::Simple(S::Blob)),
            Category::Boolean => matches!(kind, ShapeKind::Simple(S::Boolean)),
            Category::String => {
                matches!(kind, ShapeKind::Simple(S::String) | ShapeKind::Enum { .. })
            }
            Category::PlainString => matches!(kind, ShapeKind::Simple(S::String)),
            Category::Number => matches!(
                kind,
                ShapeKind::Simple(
                    S::Byte
                        | S::Short
                        | S::Integer
                        | S::Long
                        | S::Float
                        | S::Double
                        | S::BigInteger
                        | S::BigDecimal
                ) | ShapeKind::IntEnum { .. }
            ),
            Category::Integer => matches!(
                kind,
                ShapeKind::Simple(S::Integer) | ShapeKind::IntEnum { .. }
            ),
            Category::Timestamp => matches!(kind, ShapeKind::Simple(S::Timestamp)),
            Category::SimpleType => matches!(
                kind,
                ShapeKind::Simple(_) | ShapeKind::Enum { .. } | ShapeKind::IntEnum { .. }
            ),
            Category::List => matches!(kind, ShapeKind::List { .. }),
            Category::Map => matches!(kind, ShapeKind::Map { .. }),
            Category::Structure => matches!(kind, ShapeKind::Structure { .. }),
            Category::Union => matches!(kind, ShapeKind::Union { .. }),
            Category::Enum => matches!(kind, ShapeKind::Enum { .. }),
            Category::IntEnum => matches!(kind, ShapeKind::IntEnum { .. }),
            Category::Service => matches!(kind, ShapeKind::Service(_)),
            Category::Operation => matches!(kind, ShapeKind::Operation(_)),
            Category::Resource => matches!(kind, ShapeKind::Resource(_)),
        }
    }
}

fn any_matches(categories: &[Category], kind: &ShapeKind) -> bool {
    categories.iter().any(|category| category.matches(kind))
}

/// "`a`, `b`" for member names and shape ids in messages.
fn ticked(items: &[impl AsRef<str>]) -> String {
    items
        .iter()
        .map(|item| format!("`{}`", item.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
