//! Model transforms that run before code generation: selecting the service's operations,
//! giving every operation its own input and output structure, making sure every error has a
//! message, and boxing the members that close a recursive cycle.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::{json, Value};

use crate::diagnostics::Diagnostics;
use crate::model::traits::{
    self, AWS_JSON_1_0, AWS_JSON_1_1, ERROR, INPUT, OUTPUT, REST_JSON_1, STREAMING, SYNTHETIC_BOXED,
};
use crate::model::{Member, Model, Operation, Shape, ShapeId, ShapeKind, Traits};

/// Which protocol the service speaks, of those the generator supports (`protocol::for_id`
/// gives its implementation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolId {
    AwsJson1_0,
    AwsJson1_1,
    RestJson1,
}

/// The selected service and operations, with only their shape closure, ready for naming.
#[derive(Debug, Clone)]
pub struct NormalizedModel {
    pub model: Model,
    pub service: ShapeId,
    pub protocol: ProtocolId,
    /// The selected operations, sorted by shape id.
    pub operations: Vec<ShapeId>,
}

impl NormalizedModel {
    pub fn service_shape(&self) -> &Shape {
        &self.model.shapes[&self.service]
    }

    pub fn operation(&self, id: &ShapeId) -> &Operation {
        match &self.model.shapes[id].kind {
            ShapeKind::Operation(operation) => operation,
            _ => unreachable!("selected operations are operations"),
        }
    }
}

/// The namespace that holds the input and output structures made for each operation.
pub const SYNTHETIC_NAMESPACE: &str = "codegen.synthetic";

pub fn normalize(
    model: &Model,
    service: Option<&str>,
    operations: &[String],
) -> Result<NormalizedModel, Diagnostics> {
    let service = select_service(model, service)?;
    let operation_ids = select_operations(model, &service, operations)?;
    let protocol = protocol(model, &service)?;
    let mut work = model.clone();
    for operation in &operation_ids {
        synthesize_io(&mut work, operation);
    }
    let closure = closure(&work, &service, &operation_ids);
    work.shapes.retain(|id, _| closure.contains(id));
    work.sources.retain(|id, _| closure.contains(id));
    check_supported(&work, &service, protocol, &operation_ids)?;
    add_error_messages(&mut work);
    box_recursive_members(&mut work);
    Ok(NormalizedModel {
        model: work,
        service,
        protocol,
        operations: operation_ids,
    })
}

fn select_service(model: &Model, requested: Option<&str>) -> Result<ShapeId, Diagnostics> {
    let services: Vec<&ShapeId> = model.services().map(|shape| &shape.id).collect();
    let mut diagnostics = Diagnostics::default();
    let file = model.files.first().cloned().unwrap_or_default();
    match requested {
        Some(text) => {
            let found = services.iter().find(|id| id.to_string() == text);
            if let Some(id) = found {
                return Ok((*id).clone());
            }
            let known = services
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            diagnostics.shape_error(
                &file,
                text,
                format!(
                    "the service is not in the model (services: {})",
                    or_none(&known)
                ),
            );
        }
        None => match services.as_slice() {
            [only] => return Ok((*only).clone()),
            [] => diagnostics.file_error(&file, "the model has no service shape"),
            many => diagnostics.file_error(
                &file,
                format!(
                    "the model has {} services ({}); choose one with --service",
                    many.len(),
                    many.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        },
    }
    Err(diagnostics)
}

fn or_none(list: &str) -> &str {
    if list.is_empty() {
        "none"
    } else {
        list
    }
}

/// Every operation the service binds, directly or through its resources.
pub fn service_operations(model: &Model, service: &ShapeId) -> BTreeSet<ShapeId> {
    let mut operations = BTreeSet::new();
    let mut resources = Vec::new();
    let mut seen_resources = BTreeSet::new();
    if let Some(ShapeKind::Service(shape)) = model.shape(service).map(|s| &s.kind) {
        operations.extend(shape.operations.iter().cloned());
        resources.extend(shape.resources.iter().cloned());
    }
    while let Some(resource) = resources.pop() {
        if !seen_resources.insert(resource.clone()) {
            continue;
        }
        if let Some(ShapeKind::Resource(shape)) = model.shape(&resource).map(|s| &s.kind) {
            operations.extend(shape.operations.iter().cloned());
            resources.extend(shape.resources.iter().cloned());
        }
    }
    operations
}

fn select_operations(
    model: &Model,
    service: &ShapeId,
    requested: &[String],
) -> Result<Vec<ShapeId>, Diagnostics> {
    let available = service_operations(model, service);
    if requested.is_empty() {
        return Ok(available.into_iter().collect());
    }
    let mut diagnostics = Diagnostics::default();
    let mut selected = BTreeSet::new();
    for name in requested {
        let found = available
            .iter()
            .find(|id| id.name() == name || id.to_string() == *name);
        match found {
            Some(id) => {
                selected.insert(id.clone());
            }
            None => diagnostics.shape_error(
                model.source(service),
                service,
                format!("operation `{name}` is not an operation of this service"),
            ),
        }
    }
    diagnostics.into_result(selected.into_iter().collect())
}

fn protocol(model: &Model, service: &ShapeId) -> Result<ProtocolId, Diagnostics> {
    let shape = &model.shapes[service];
    if shape.traits.has(AWS_JSON_1_0) {
        return Ok(ProtocolId::AwsJson1_0);
    }
    if shape.traits.has(AWS_JSON_1_1) {
        return Ok(ProtocolId::AwsJson1_1);
    }
    if shape.traits.has(REST_JSON_1) {
        return Ok(ProtocolId::RestJson1);
    }
    let declared: Vec<&str> = shape
        .traits
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| id.starts_with("aws.protocols#") || id.starts_with("smithy.protocols#"))
        .collect();
    let message = if declared.is_empty() {
        "the service declares no protocol; the generator supports aws.protocols#awsJson1_0, aws.protocols#awsJson1_1 and aws.protocols#restJson1".to_string()
    } else {
        format!(
            "protocol {} is not supported yet; the generator supports aws.protocols#awsJson1_0, aws.protocols#awsJson1_1 and aws.protocols#restJson1",
            declared.join(", ")
        )
    };
    let mut diagnostics = Diagnostics::default();
    diagnostics.shape_error(model.source(service), service, message);
    Err(diagnostics)
}

/// Gives `operation` fresh `{Operation}Input` and `{Operation}Output` structures, so that each
/// operation owns its input and output types even when the model shares or omits them.
fn synthesize_io(model: &mut Model, operation_id: &ShapeId) {
    let ShapeKind::Operation(operation) = &model.shapes[operation_id].kind else {
        return;
    };
    let operation = operation.clone();
    let source = model.source(operation_id).to_path_buf();
    let mut rewritten = operation.clone();
    for (original, suffix, marker) in [
        (&operation.input, "Input", INPUT),
        (&operation.output, "Output", OUTPUT),
    ] {
        let id = ShapeId::new(
            SYNTHETIC_NAMESPACE,
            &format!("{}{suffix}", operation_id.name()),
        );
        let (members, mut traits) = match model.shapes.get(original) {
            Some(Shape {
                kind: ShapeKind::Structure { members },
                traits,
                ..
            }) if !original.is_prelude() => (members.clone(), traits.clone()),
            _ => (IndexMap::new(), Traits::default()),
        };
        traits.remove(INPUT);
        traits.remove(OUTPUT);
        traits.insert(marker, json!({}));
        let members = members
            .into_iter()
            .map(|(name, mut member)| {
                member.id = id.with_member(&name);
                (name, member)
            })
            .collect();
        if suffix == "Input" {
            rewritten.input = id.clone();
        } else {
            rewritten.output = id.clone();
        }
        model.sources.insert(id.clone(), source.clone());
        let origin = if original.is_prelude() {
            operation_id.clone()
        } else {
            original.clone()
        };
        model.origins.insert(id.clone(), origin);
        model.shapes.insert(
            id.clone(),
            Shape {
                id,
                kind: ShapeKind::Structure { members },
                traits,
            },
        );
    }
    if let Some(shape) = model.shapes.get_mut(operation_id) {
        shape.kind = ShapeKind::Operation(rewritten);
    }
}

/// The service, its errors, the selected operations, and every shape they reach.
fn closure(model: &Model, service: &ShapeId, operations: &[ShapeId]) -> BTreeSet<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ShapeId> = operations.to_vec();
    if let Some(ShapeKind::Service(shape)) = model.shape(service).map(|s| &s.kind) {
        stack.extend(shape.errors.iter().cloned());
    }
    seen.insert(service.clone());
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shape(&id) else {
            continue;
        };
        match &shape.kind {
            ShapeKind::Operation(operation) => {
                stack.push(operation.input.clone());
                stack.push(operation.output.clone());
                stack.extend(operation.errors.iter().cloned());
            }
            kind => stack.extend(kind.members().into_iter().map(|m| m.target.clone())),
        }
    }
    seen
}

/// Reports what the closure uses that the generator cannot yet turn into correct code: event
/// streams, and streaming blobs anywhere but the `@httpPayload` of an operation's input or
/// output in an HTTP-binding protocol (awsJson has no payload to stream).
fn check_supported(
    model: &Model,
    service: &ShapeId,
    protocol: ProtocolId,
    operations: &[ShapeId],
) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let top_level: BTreeSet<&ShapeId> = operations
        .iter()
        .filter_map(|id| match &model.shapes.get(id)?.kind {
            ShapeKind::Operation(operation) => Some([&operation.input, &operation.output]),
            _ => None,
        })
        .flatten()
        .collect();
    let outputs: BTreeSet<&ShapeId> = operations
        .iter()
        .filter_map(|id| match &model.shapes.get(id)?.kind {
            ShapeKind::Operation(operation) => Some(&operation.output),
            _ => None,
        })
        .collect();
    let inputs: BTreeSet<&ShapeId> = operations
        .iter()
        .filter_map(|id| match &model.shapes.get(id)?.kind {
            ShapeKind::Operation(operation) => Some(&operation.input),
            _ => None,
        })
        .collect();
    // Event streams the generator can send and read: in restJson1 the `@httpPayload` of an
    // input or output; in awsJson any member, the others going in the `initial-request` or
    // coming in the `initial-response` message.
    let streams_of = |structures: &BTreeSet<&ShapeId>| -> BTreeSet<ShapeId> {
        structures
            .iter()
            .filter_map(|id| model.shapes.get(*id))
            .flat_map(|shape| shape.kind.members())
            .filter(|member| match protocol {
                ProtocolId::RestJson1 => member.traits.has("smithy.api#httpPayload"),
                ProtocolId::AwsJson1_0 | ProtocolId::AwsJson1_1 => true,
            })
            .map(|member| member.target.clone())
            .collect()
    };
    let sendable_streams = streams_of(&inputs);
    let readable_streams = streams_of(&outputs);
    for shape in model.shapes.values() {
        if shape.id == *service || operations.contains(&shape.id) {
            continue;
        }
        let file = model.source(&shape.id).to_path_buf();
        let event_stream =
            shape.traits.has(STREAMING) && matches!(shape.kind, ShapeKind::Union { .. });
        let used_in = |structures: &BTreeSet<&ShapeId>| {
            structures
                .iter()
                .filter_map(|id| model.shapes.get(*id))
                .any(|structure| {
                    structure
                        .kind
                        .members()
                        .iter()
                        .any(|member| member.target == shape.id)
                })
        };
        let problem = if !event_stream {
            None
        } else if used_in(&inputs) && !sendable_streams.contains(&shape.id) {
            Some("an event stream in an input must be its `@httpPayload`")
        } else if used_in(&outputs) && !readable_streams.contains(&shape.id) {
            Some("an event stream in an output must be its `@httpPayload`")
        } else {
            None
        };
        if let Some(problem) = problem {
            let used_by = leave_out_hint(model, service, operations, &shape.id);
            diagnostics.shape_error(
                &file,
                &shape.id,
                format!("uses event streams (`smithy.api#streaming`): {problem}{used_by}"),
            );
        }
        for member in shape.kind.members() {
            let streams = model.shape(&member.target).is_some_and(|target| {
                target.traits.has(STREAMING) && !matches!(target.kind, ShapeKind::Union { .. })
            });
            if !streams {
                continue;
            }
            let problem = if !top_level.contains(&shape.id) {
                Some("a streaming blob can only be a member of an operation's input or output")
            } else if protocol != ProtocolId::RestJson1 {
                Some("the service's protocol has no payload to stream: streaming blobs are supported with restJson1")
            } else if !member.traits.has("smithy.api#httpPayload") {
                Some("a member targeting a streaming blob must be the `smithy.api#httpPayload`")
            } else {
                None
            };
            if let Some(problem) = problem {
                let used_by = leave_out_hint(model, service, operations, &shape.id);
                // Named as in the model, not as the synthesized input or output structure.
                let member_id = match (model.origins.get(&shape.id), member.id.member()) {
                    (Some(origin), Some(name)) => origin.with_member(name),
                    _ => member.id.clone(),
                };
                diagnostics.shape_error(
                    &file,
                    &member_id,
                    format!(
                        "targets the streaming blob `{}`: {problem}{used_by}",
                        member.target
                    ),
                );
            }
        }
    }
    diagnostics.into_result(())
}

/// `; operation `X` uses it: leave it out ...`, naming the operations whose closure holds
/// `shape`, so a maintainer can generate the rest of the service.
fn leave_out_hint(
    model: &Model,
    service: &ShapeId,
    operations: &[ShapeId],
    shape: &ShapeId,
) -> String {
    let users: Vec<String> = operations
        .iter()
        .filter(|operation| {
            closure(model, service, std::slice::from_ref(*operation)).contains(shape)
        })
        .map(|operation| format!("`{}`", operation.name()))
        .collect();
    match users.as_slice() {
        [] => String::new(),
        [one] => format!(
            "; operation {one} uses it: leave it out of the settings' `operations` (or `--operation`)"
        ),
        many => format!(
            "; operations {} use it: leave them out of the settings' `operations` (or `--operation`)",
            many.join(", ")
        ),
    }
}

/// Errors without a `message` member get one, so every error has a message accessor.
fn add_error_messages(model: &mut Model) {
    for shape in model.shapes.values_mut() {
        if !shape.traits.has(ERROR) {
            continue;
        }
        let id = shape.id.clone();
        if let ShapeKind::Structure { members } = &mut shape.kind {
            if !members
                .keys()
                .any(|name| name.eq_ignore_ascii_case("message"))
            {
                members.insert(
                    "message".to_string(),
                    Member {
                        id: id.with_member("message"),
                        target: ShapeId::prelude("String"),
                        traits: Traits::default(),
                    },
                );
            }
        }
    }
}

/// Boxes one member of every cycle of structure and union members that no list or map breaks,
/// so the generated types have a finite size. Deterministic: shapes and members are visited in
/// model order and the member that closes a cycle is boxed.
fn box_recursive_members(model: &mut Model) {
    loop {
        let Some(member) = find_unboxed_cycle(model) else {
            return;
        };
        let container = model
            .shapes
            .get_mut(&member.root())
            .expect("member's shape exists");
        for candidate in container.kind.members_mut() {
            if candidate.id == member {
                candidate.traits.insert(SYNTHETIC_BOXED, Value::Bool(true));
            }
        }
    }
}

fn direct_edges(model: &Model, shape: &Shape) -> Vec<(ShapeId, ShapeId)> {
    match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => members
            .values()
            .filter(|member| !member.traits.has(traits::SYNTHETIC_BOXED))
            .filter(|member| {
                model.shape(&member.target).is_some_and(|t| {
                    matches!(
                        t.kind,
                        ShapeKind::Structure { .. } | ShapeKind::Union { .. }
                    )
                })
            })
            .map(|member| (member.id.clone(), member.target.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A shape on the depth-first search stack: its (member, target) edges and the next to follow.
type Frame = (ShapeId, Vec<(ShapeId, ShapeId)>, usize);

fn find_unboxed_cycle(model: &Model) -> Option<ShapeId> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnStack,
        Done,
    }
    let mut state: BTreeMap<ShapeId, State> = BTreeMap::new();
    for start in model.shapes.keys() {
        if state.contains_key(start) {
            continue;
        }
        // Iterative depth-first search: (shape, its edges, next edge index).
        let mut stack: Vec<Frame> = Vec::new();
        state.insert(start.clone(), State::OnStack);
        stack.push((start.clone(), direct_edges(model, &model.shapes[start]), 0));
        while let Some((shape, edges, next)) = stack.last_mut() {
            if *next == edges.len() {
                state.insert(shape.clone(), State::Done);
                stack.pop();
                continue;
            }
            let (member, target) = edges[*next].clone();
            *next += 1;
            match state.get(&target) {
                Some(State::OnStack) => return Some(member),
                Some(State::Done) => {}
                None => {
                    state.insert(target.clone(), State::OnStack);
                    let edges = direct_edges(model, &model.shapes[&target]);
                    stack.push((target, edges, 0));
                }
            }
        }
    }
    None
}
