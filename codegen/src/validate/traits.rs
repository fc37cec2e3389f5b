//! Where prelude traits may be applied (their selectors), which of them conflict, and which
//! only one member of a structure may have. Traits outside the prelude are not checked: their
//! definitions are not part of the models the generator reads.

use super::trait_ids::*;
use super::{any_matches, ticked, with_article, Category, Report, Subject};
use crate::model::traits::{
    DEFAULT, ENUM, ENUM_VALUE, ERROR, HTTP_ERROR, INPUT, MIXIN, OUTPUT, REQUIRED, RETRYABLE,
    SENSITIVE, STREAMING,
};
use crate::model::{Model, Shape, ShapeKind};

use Category as C;

/// Where one trait may be applied.
struct Placement {
    trait_id: &'static str,
    /// The places it may be applied to, for messages.
    allowed: &'static str,
    /// Shapes (not members) it may be applied to.
    shapes: &'static [Category],
    members: Option<Members>,
    /// Another trait the shape or member must also have.
    requires: Option<&'static str>,
}

/// Members a trait may be applied to.
struct Members {
    /// The containers whose members qualify; empty means any container.
    containers: &'static [Category],
    target: Option<Target>,
    /// Only members marked `@required`.
    required: bool,
    /// Not members of a structure marked `@input`.
    outside_input: bool,
}

/// A test on a member's target, with the words that describe the targets it accepts.
struct Target {
    describe: &'static str,
    test: fn(&Model, &Shape) -> bool,
}

impl Placement {
    const fn on_shapes(
        trait_id: &'static str,
        allowed: &'static str,
        shapes: &'static [Category],
    ) -> Placement {
        Placement {
            trait_id,
            allowed,
            shapes,
            members: None,
            requires: None,
        }
    }

    const fn on_members(
        trait_id: &'static str,
        allowed: &'static str,
        containers: &'static [Category],
    ) -> Placement {
        Placement {
            trait_id,
            allowed,
            shapes: &[],
            members: Some(Members {
                containers,
                target: None,
                required: false,
                outside_input: false,
            }),
            requires: None,
        }
    }

    /// `:test(X, member > X)`: shapes of some types, or members that target one of them.
    const fn on_shapes_or_members_targeting(
        trait_id: &'static str,
        allowed: &'static str,
        shapes: &'static [Category],
        describe: &'static str,
        test: fn(&Model, &Shape) -> bool,
    ) -> Placement {
        Placement {
            trait_id,
            allowed,
            shapes,
            members: Some(Members {
                containers: &[],
                target: Some(Target { describe, test }),
                required: false,
                outside_input: false,
            }),
            requires: None,
        }
    }

    /// Only on members whose target passes `test`.
    const fn targeting(mut self, describe: &'static str, test: fn(&Model, &Shape) -> bool) -> Self {
        if let Some(members) = &mut self.members {
            members.target = Some(Target { describe, test });
        }
        self
    }

    const fn also_on_shapes(mut self, shapes: &'static [Category]) -> Self {
        self.shapes = shapes;
        self
    }

    const fn only_required(mut self) -> Self {
        if let Some(members) = &mut self.members {
            members.required = true;
        }
        self
    }

    const fn outside_input(mut self) -> Self {
        if let Some(members) = &mut self.members {
            members.outside_input = true;
        }
        self
    }

    const fn requiring(mut self, trait_id: &'static str) -> Self {
        self.requires = Some(trait_id);
        self
    }
}

const SCALAR: &[Category] = &[C::Boolean, C::Number, C::String, C::Timestamp];

fn is_scalar(_: &Model, shape: &Shape) -> bool {
    any_matches(SCALAR, &shape.kind)
}

fn is_string(_: &Model, shape: &Shape) -> bool {
    C::String.matches(&shape.kind)
}

fn scalar_or_list_of_scalars(model: &Model, shape: &Shape) -> bool {
    is_scalar(model, shape)
        || matches!(&shape.kind, ShapeKind::List { member }
            if model.shape(&member.target).is_some_and(|t| is_scalar(model, t)))
}

fn map_of_strings_not_sparse(model: &Model, shape: &Shape) -> bool {
    matches!(&shape.kind, ShapeKind::Map { value, .. }
        if !shape.traits.has(SPARSE)
            && model.shape(&value.target).is_some_and(|v| is_string(model, v)))
}

fn map_of_strings_or_string_lists(model: &Model, shape: &Shape) -> bool {
    let string_or_string_list = |value: &Shape| {
        is_string(model, value)
            || matches!(&value.kind, ShapeKind::List { member }
                if model.shape(&member.target).is_some_and(|m| is_string(model, m)))
    };
    matches!(&shape.kind, ShapeKind::Map { value, .. }
        if model.shape(&value.target).is_some_and(string_or_string_list))
}

fn event_header_target(_: &Model, shape: &Shape) -> bool {
    use crate::model::SimpleType as S;
    matches!(
        shape.kind,
        ShapeKind::Simple(
            S::Boolean
                | S::Byte
                | S::Short
                | S::Integer
                | S::Long
                | S::Blob
                | S::String
                | S::Timestamp
        ) | ShapeKind::Enum { .. }
            | ShapeKind::IntEnum { .. }
    )
}

const DATA: &[Category] = &[C::SimpleType, C::List, C::Map, C::Structure, C::Union];
const EVERY_SHAPE: &[Category] = &[
    C::SimpleType,
    C::List,
    C::Map,
    C::Structure,
    C::Union,
    C::Service,
    C::Operation,
    C::Resource,
];

const STRUCTURE: &[Category] = &[C::Structure];
const OPERATION: &[Category] = &[C::Operation];
const SERVICE: &[Category] = &[C::Service];
const ANY_CONTAINER: &[Category] = &[];

/// The selectors of the prelude traits, as the Smithy specification defines them. Traits
/// that may be applied anywhere (`documentation`, `deprecated`, `tags`, ...) are not listed.
const PLACEMENTS: &[Placement] = &[
    // Type refinement.
    Placement::on_members(REQUIRED, "structure members", STRUCTURE),
    Placement::on_members("smithy.api#clientOptional", "structure members", STRUCTURE),
    Placement::on_members(ADDED_DEFAULT, "structure members", STRUCTURE).requiring(DEFAULT),
    Placement::on_members(
        DEFAULT,
        "simple types, lists, maps and the structure members that target them",
        STRUCTURE,
    )
    .also_on_shapes(&[C::SimpleType, C::List, C::Map])
    .targeting("a simple type, a list or a map", |_, t| {
        any_matches(&[C::SimpleType, C::List, C::Map], &t.kind)
    }),
    Placement::on_members(
        ENUM_VALUE,
        "enum and intEnum members",
        &[C::Enum, C::IntEnum],
    ),
    Placement::on_shapes(ERROR, "structures", STRUCTURE),
    Placement::on_shapes(INPUT, "structures", STRUCTURE),
    Placement::on_shapes(OUTPUT, "structures", STRUCTURE),
    Placement::on_shapes(SPARSE, "lists and maps", &[C::List, C::Map]),
    Placement::on_shapes(MIXIN, "shapes, not members", EVERY_SHAPE),
    // Constraints.
    Placement::on_shapes(ENUM, "string shapes", &[C::PlainString]),
    Placement::on_shapes_or_members_targeting(
        LENGTH,
        "lists, maps, strings, blobs and the members that target them",
        &[C::List, C::Map, C::String, C::Blob],
        "a list, a map, a string or a blob",
        |_, t| any_matches(&[C::List, C::Map, C::String, C::Blob], &t.kind),
    ),
    Placement::on_shapes_or_members_targeting(
        RANGE,
        "numbers and the members that target them",
        &[C::Number],
        "a number",
        |_, t| C::Number.matches(&t.kind),
    ),
    Placement::on_shapes_or_members_targeting(
        PATTERN,
        "strings and the members that target them",
        &[C::String],
        "a string",
        is_string,
    ),
    Placement::on_shapes_or_members_targeting(
        "smithy.api#idRef",
        "strings and the members that target them",
        &[C::String],
        "a string",
        is_string,
    ),
    Placement::on_shapes("smithy.api#uniqueItems", "lists", &[C::List]),
    // Documentation.
    Placement::on_shapes(
        SENSITIVE,
        "data shapes (not members, services, operations or resources)",
        DATA,
    ),
    Placement::on_members("smithy.api#recommended", "structure members", STRUCTURE),
    Placement::on_shapes("smithy.api#examples", "operations", OPERATION),
    Placement::on_shapes(
        "smithy.api#title",
        "services and resources",
        &[C::Service, C::Resource],
    ),
    // Behavior.
    Placement::on_members(
        "smithy.api#idempotencyToken",
        "structure members",
        STRUCTURE,
    )
    .targeting("a string", is_string),
    Placement::on_shapes("smithy.api#idempotent", "operations", OPERATION),
    Placement::on_shapes("smithy.api#readonly", "operations", OPERATION),
    Placement::on_shapes("smithy.api#longPoll", "operations", OPERATION),
    Placement::on_shapes("smithy.api#requestCompression", "operations", OPERATION),
    Placement::on_shapes(RETRYABLE, "structures", STRUCTURE).requiring(ERROR),
    Placement::on_shapes(
        "smithy.api#paginated",
        "operations and services",
        &[C::Operation, C::Service],
    ),
    // Authentication.
    Placement::on_shapes("smithy.api#httpBasicAuth", "services", SERVICE),
    Placement::on_shapes("smithy.api#httpDigestAuth", "services", SERVICE),
    Placement::on_shapes("smithy.api#httpBearerAuth", "services", SERVICE),
    Placement::on_shapes("smithy.api#httpApiKeyAuth", "services", SERVICE),
    Placement::on_shapes("smithy.api#optionalAuth", "operations", OPERATION),
    Placement::on_shapes(
        "smithy.api#auth",
        "services and operations",
        &[C::Service, C::Operation],
    ),
    // Endpoints.
    Placement::on_shapes("smithy.api#endpoint", "operations", OPERATION),
    Placement::on_members("smithy.api#hostLabel", "structure members", STRUCTURE)
        .only_required()
        .targeting("a string", is_string),
    // HTTP bindings.
    Placement::on_shapes(HTTP, "operations", OPERATION),
    Placement::on_shapes(HTTP_ERROR, "structures", STRUCTURE).requiring(ERROR),
    Placement::on_members(HTTP_LABEL, "structure members", STRUCTURE)
        .only_required()
        .targeting("a string, a number, a boolean or a timestamp", is_scalar),
    Placement::on_members(HTTP_QUERY, "structure members", STRUCTURE).targeting(
        "a string, a number, a boolean, a timestamp or a list of them",
        scalar_or_list_of_scalars,
    ),
    Placement::on_members(HTTP_HEADER, "structure members", STRUCTURE).targeting(
        "a boolean, a number, a string, a timestamp or a list of them",
        scalar_or_list_of_scalars,
    ),
    Placement::on_members(HTTP_PREFIX_HEADERS, "structure members", STRUCTURE).targeting(
        "a map of strings that is not `smithy.api#sparse`",
        map_of_strings_not_sparse,
    ),
    Placement::on_members(HTTP_QUERY_PARAMS, "structure members", STRUCTURE).targeting(
        "a map of strings or of lists of strings",
        map_of_strings_or_string_lists,
    ),
    Placement::on_members(HTTP_PAYLOAD, "structure members", STRUCTURE),
    Placement::on_members(HTTP_RESPONSE_CODE, "structure members", STRUCTURE)
        .outside_input()
        .targeting("an integer", |_, t| C::Integer.matches(&t.kind)),
    Placement::on_shapes("smithy.api#httpChecksumRequired", "operations", OPERATION),
    Placement::on_shapes("smithy.api#cors", "services", SERVICE),
    // Protocols.
    Placement::on_members(
        JSON_NAME,
        "structure and union members",
        &[C::Structure, C::Union],
    ),
    Placement::on_shapes(
        "smithy.api#mediaType",
        "blobs and strings",
        &[C::Blob, C::String],
    ),
    Placement::on_shapes_or_members_targeting(
        TIMESTAMP_FORMAT,
        "timestamps and the members that target them",
        &[C::Timestamp],
        "a timestamp",
        |_, t| C::Timestamp.matches(&t.kind),
    ),
    Placement::on_members("smithy.api#xmlAttribute", "structure members", STRUCTURE)
        .targeting("a boolean, a number, a string or a timestamp", is_scalar),
    Placement::on_members(
        "smithy.api#xmlFlattened",
        "structure and union members",
        &[C::Structure, C::Union],
    )
    .targeting("a list or a map", |_, t| {
        any_matches(&[C::List, C::Map], &t.kind)
    }),
    Placement::on_members(
        "smithy.api#xmlName",
        "structures, unions and members",
        ANY_CONTAINER,
    )
    .also_on_shapes(&[C::Structure, C::Union]),
    Placement::on_members(
        "smithy.api#xmlNamespace",
        "services, data shapes other than documents and members",
        ANY_CONTAINER,
    )
    .also_on_shapes(&[
        C::Service,
        C::SimpleType,
        C::List,
        C::Map,
        C::Structure,
        C::Union,
    ]),
    // Streaming.
    Placement::on_shapes(STREAMING, "blobs and unions", &[C::Blob, C::Union]),
    Placement::on_shapes(REQUIRES_LENGTH, "blobs", &[C::Blob]).requiring(STREAMING),
    Placement::on_members("smithy.api#eventHeader", "structure members", STRUCTURE).targeting(
        "a boolean, a byte, a short, an integer, a long, a blob, a string or a timestamp",
        event_header_target,
    ),
    Placement::on_members("smithy.api#eventPayload", "structure members", STRUCTURE)
        .targeting("a blob, a string, a structure or a union", |_, t| {
            any_matches(&[C::Blob, C::String, C::Structure, C::Union], &t.kind)
        }),
];

/// Pairs of traits that cannot be applied to the same shape or member.
const CONFLICTS: &[(&str, &str)] = &[
    ("smithy.api#readonly", "smithy.api#idempotent"),
    ("smithy.api#recommended", REQUIRED),
    (INPUT, OUTPUT),
    (INPUT, ERROR),
    (OUTPUT, ERROR),
    ("smithy.api#eventHeader", "smithy.api#eventPayload"),
    ("smithy.api#xmlAttribute", "smithy.api#xmlNamespace"),
];

/// The HTTP binding traits: a member is bound to at most one part of the message.
const HTTP_BINDINGS: &[&str] = &[
    HTTP_LABEL,
    HTTP_QUERY,
    HTTP_QUERY_PARAMS,
    HTTP_HEADER,
    HTTP_PREFIX_HEADERS,
    HTTP_PAYLOAD,
    HTTP_RESPONSE_CODE,
];

/// Traits that at most one member of a structure may have.
const ONE_MEMBER_PER_STRUCTURE: &[&str] = &[
    "smithy.api#idempotencyToken",
    HTTP_PAYLOAD,
    HTTP_QUERY_PARAMS,
    HTTP_PREFIX_HEADERS,
    HTTP_RESPONSE_CODE,
    "smithy.api#eventPayload",
];

pub(super) fn check(report: &mut Report) {
    for subject in report.subjects() {
        for placement in PLACEMENTS {
            if subject.traits().has(placement.trait_id) {
                if let Some(problem) = misplaced(report.model, placement, subject) {
                    report.error(subject.id(), problem);
                }
            }
        }
        conflicts(report, subject);
    }
    for shape in report.shapes().collect::<Vec<_>>() {
        one_member_per_structure(report, shape);
    }
}

/// Why `placement.trait_id` may not be applied to `subject`, if it may not.
fn misplaced(model: &Model, placement: &Placement, subject: Subject) -> Option<String> {
    let trait_id = placement.trait_id;
    let allowed = placement.allowed;
    let wrong_place = || {
        Some(format!(
            "`{trait_id}` can only be applied to {allowed}, not to {}",
            subject.describe()
        ))
    };
    match subject {
        Subject::Shape(shape) => {
            if !any_matches(placement.shapes, &shape.kind) {
                return wrong_place();
            }
        }
        Subject::Member { container, member } => {
            let Some(rule) = &placement.members else {
                return wrong_place();
            };
            if !rule.containers.is_empty() && !any_matches(rule.containers, &container.kind) {
                return wrong_place();
            }
            if rule.outside_input && container.traits.has(INPUT) {
                return Some(format!(
                    "`{trait_id}` cannot be applied to members of a structure with the `smithy.api#input` trait"
                ));
            }
            if rule.required && !member.traits.has(REQUIRED) {
                return Some(format!(
                    "`{trait_id}` can only be applied to members that are also `smithy.api#required`"
                ));
            }
            let target_shape = model.shape(&member.target);
            if let (Some(target), Some(target_shape)) = (&rule.target, target_shape) {
                if !(target.test)(model, target_shape) {
                    return Some(format!(
                        "`{trait_id}` can only be applied to members that target {}, not to one that targets `{}`, {}",
                        target.describe,
                        member.target,
                        with_article(target_shape.kind.type_name())
                    ));
                }
            }
        }
    }
    match placement.requires {
        Some(required) if !subject.traits().has(required) => Some(format!(
            "`{trait_id}` can only be applied to {allowed} that also have the `{required}` trait"
        )),
        _ => None,
    }
}

fn conflicts(report: &mut Report, subject: Subject) {
    let traits = subject.traits();
    for (first, second) in CONFLICTS {
        if traits.has(first) && traits.has(second) {
            report.error(
                subject.id(),
                format!("`{first}` and `{second}` conflict; they cannot be applied together"),
            );
        }
    }
    let bindings: Vec<&str> = HTTP_BINDINGS
        .iter()
        .copied()
        .filter(|binding| traits.has(binding))
        .collect();
    if bindings.len() > 1 {
        report.error(
            subject.id(),
            format!(
                "has more than one HTTP binding trait ({}); a member is bound to one part of the HTTP message",
                ticked(&bindings)
            ),
        );
    }
}

fn one_member_per_structure(report: &mut Report, shape: &Shape) {
    let ShapeKind::Structure { members } = &shape.kind else {
        return;
    };
    for trait_id in ONE_MEMBER_PER_STRUCTURE {
        let names: Vec<&str> = members
            .iter()
            .filter(|(_, member)| member.traits.has(trait_id))
            .map(|(name, _)| name.as_str())
            .collect();
        if names.len() > 1 {
            let role = report.operation_role(&shape.id);
            report.error(
                &shape.id,
                format!(
                    "members {} all have `{trait_id}`; only one member of a structure can have it{role}",
                    ticked(&names)
                ),
            );
        }
    }
    let streaming: Vec<&str> = members
        .iter()
        .filter(|(_, member)| {
            report
                .model
                .shape(&member.target)
                .is_some_and(|target| target.traits.has(STREAMING))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    if streaming.len() > 1 {
        report.error(
            &shape.id,
            format!(
                "members {} all target `smithy.api#streaming` shapes; only one member of a structure can target a stream",
                ticked(&streaming)
            ),
        );
    }
}
