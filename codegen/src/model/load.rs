//! Reads Smithy JSON AST files into a [`Model`], reporting every problem with file and shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::traits::{ENUM_VALUE, MIXIN};
use super::{
    prelude, Member, Model, Operation, Resource, Service, Shape, ShapeId, ShapeKind, SimpleType,
    Traits,
};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Loads and merges model files. Problems in any file are all reported together.
pub fn load_files(paths: &[&Path]) -> Result<Model, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut loader = Loader::default();
    for path in paths {
        match read_json(path) {
            Ok(document) => loader.add_document(path, &document, &mut diagnostics),
            Err(problem) => diagnostics.push(problem),
        }
    }
    let mut model = loader.finish(&mut diagnostics);
    model.files = paths.iter().map(|path| path.to_path_buf()).collect();
    diagnostics.into_result(model)
}

/// Loads one model from JSON text already in memory; `path` only names it in messages.
pub fn load_str(path: &Path, text: &str) -> Result<Model, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut loader = Loader::default();
    match parse_json(path, text) {
        Ok(document) => loader.add_document(path, &document, &mut diagnostics),
        Err(problem) => diagnostics.push(problem),
    }
    let mut model = loader.finish(&mut diagnostics);
    model.files = vec![path.to_path_buf()];
    diagnostics.into_result(model)
}

/// A parsed file, with the object keys it repeats.
struct Document {
    value: Value,
    duplicates: Vec<super::json::DuplicateKey>,
}

fn read_json(path: &Path) -> Result<Document, Diagnostic> {
    let file_error = |message: String| Diagnostic {
        file: path.to_path_buf(),
        position: None,
        shape: None,
        message,
    };
    if path.is_dir() {
        return Err(file_error(
            "is a directory, expected a Smithy JSON AST file".into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| file_error(format!("cannot read: {error}")))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        file_error(format!(
            "is not valid UTF-8 (first invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ))
    })?;
    parse_json(path, &text)
}

fn parse_json(path: &Path, text: &str) -> Result<Document, Diagnostic> {
    if text.starts_with('\u{feff}') {
        return Err(Diagnostic {
            file: path.to_path_buf(),
            position: None,
            shape: None,
            message: "starts with a UTF-8 byte order mark, which JSON does not allow; save the file without it".into(),
        });
    }
    if text.trim().is_empty() {
        return Err(Diagnostic {
            file: path.to_path_buf(),
            position: None,
            shape: None,
            message: "is empty, expected a Smithy JSON AST object".into(),
        });
    }
    match super::json::parse(text) {
        Ok((value, duplicates)) => Ok(Document { value, duplicates }),
        Err(error) => Err(Diagnostic {
            file: path.to_path_buf(),
            position: Some((error.line(), error.column())),
            shape: None,
            message: format!("invalid JSON: {}", strip_position(&error.to_string())),
        }),
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(index) => &message[..index],
        None => message,
    };
    if message == "recursion limit exceeded" {
        "nested more than 128 levels deep".to_string()
    } else {
        message.to_string()
    }
}

/// A shape as read from its file, before `apply` and mixins are resolved.
struct PendingShape {
    file: std::path::PathBuf,
    shape: Shape,
    mixins: Vec<ShapeId>,
}

#[derive(Default)]
struct Loader {
    shapes: BTreeMap<ShapeId, PendingShape>,
    applies: Vec<(std::path::PathBuf, ShapeId, Traits)>,
}

/// Reports problems in one shape's JSON.
struct ShapeReader<'a> {
    file: &'a Path,
    id: &'a ShapeId,
    diagnostics: &'a mut Diagnostics,
}

impl ShapeReader<'_> {
    fn error(&mut self, message: impl Into<String>) {
        self.diagnostics.shape_error(self.file, self.id, message);
    }

    fn object<'v>(&mut self, value: &'v Value, what: &str) -> Option<&'v Map<String, Value>> {
        match value.as_object() {
            Some(object) => Some(object),
            None => {
                self.error(format!(
                    "{what} must be a JSON object, found {}",
                    json_type(value)
                ));
                None
            }
        }
    }

    fn shape_id(&mut self, value: &Value, what: &str) -> Option<ShapeId> {
        let Some(text) = value.as_str() else {
            self.error(format!(
                "{what} must be a string shape id, found {}",
                json_type(value)
            ));
            return None;
        };
        match ShapeId::parse(text) {
            Ok(id) if id.member().is_none() => Some(id),
            Ok(_) => {
                self.error(format!("{what} `{text}` must not name a member"));
                None
            }
            Err(problem) => {
                self.error(format!("{what}: {problem}"));
                None
            }
        }
    }

    /// A `{"target": "ns#Name"}` reference.
    fn reference(&mut self, value: &Value, what: &str) -> Option<ShapeId> {
        let object = self.object(value, what)?;
        match object.get("target") {
            Some(target) => self.shape_id(target, &format!("{what} target")),
            None => {
                self.error(format!("{what} has no `target`"));
                None
            }
        }
    }

    fn references(&mut self, value: Option<&Value>, what: &str) -> Vec<ShapeId> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.error(format!(
                "`{what}` must be an array, found {}",
                json_type(value)
            ));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.reference(item, &format!("an entry of `{what}`")))
            .collect()
    }

    fn traits(&mut self, value: Option<&Value>, what: &str) -> Traits {
        let mut traits = Traits::default();
        let Some(value) = value else {
            return traits;
        };
        let Some(object) = self.object(value, &format!("`traits` of {what}")) else {
            return traits;
        };
        for (trait_id, trait_value) in object {
            match ShapeId::parse(trait_id) {
                Ok(id) if id.member().is_none() => {
                    traits.insert(trait_id.clone(), trait_value.clone())
                }
                _ => self.error(format!(
                    "trait id `{trait_id}` on {what} is not an absolute shape id"
                )),
            }
        }
        traits
    }

    fn member(&mut self, name: &str, value: &Value) -> Option<Member> {
        let what = format!("member `{name}`");
        if !super::shape_id::is_identifier(name) {
            self.error(format!("{what} is not a valid member name"));
            return None;
        }
        let object = self.object(value, &what)?;
        let target = match object.get("target") {
            Some(target) => self.shape_id(target, &format!("{what} target"))?,
            None => {
                self.error(format!("{what} has no `target`"));
                return None;
            }
        };
        let traits = self.traits(object.get("traits"), &what);
        Some(Member {
            id: self.id.with_member(name),
            target,
            traits,
        })
    }

    fn named_members(&mut self, object: &Map<String, Value>) -> IndexMap<String, Member> {
        let mut members = IndexMap::new();
        let Some(value) = object.get("members") else {
            return members;
        };
        let Some(entries) = self.object(value, "`members`") else {
            return members;
        };
        for (name, member) in entries {
            if let Some(member) = self.member(name, member) {
                members.insert(name.clone(), member);
            }
        }
        members
    }

    fn single_member(&mut self, object: &Map<String, Value>, key: &str) -> Option<Member> {
        match object.get(key) {
            Some(value) => self.member(key, value),
            None => {
                self.error(format!("`{key}` is missing"));
                None
            }
        }
    }
}

const MEMBER_KEYS: [&str; 4] = ["members", "member", "key", "value"];

impl Loader {
    fn add_document(&mut self, file: &Path, document: &Document, diagnostics: &mut Diagnostics) {
        for duplicate in &document.duplicates {
            let path: Vec<&str> = duplicate.path.iter().map(String::as_str).collect();
            match path.as_slice() {
                ["shapes"] => diagnostics.shape_error(
                    file,
                    &duplicate.key,
                    "the shape is defined more than once",
                ),
                ["shapes", shape, "members"] => diagnostics.shape_error(
                    file,
                    format!("{shape}${}", duplicate.key),
                    "the member is defined more than once",
                ),
                ["shapes", shape, ..] => diagnostics.shape_error(
                    file,
                    shape,
                    format!(
                        "the key `{}` appears more than once in `{}`",
                        duplicate.key,
                        path[2..].join(".")
                    ),
                ),
                _ => diagnostics.file_error(
                    file,
                    format!(
                        "the key `{}` appears more than once in {}",
                        duplicate.key,
                        if path.is_empty() {
                            "the top-level object".to_string()
                        } else {
                            format!("`{}`", path.join("."))
                        }
                    ),
                ),
            }
        }
        let document = &document.value;
        let Some(root) = document.as_object() else {
            diagnostics.file_error(
                file,
                format!(
                    "the top level must be a JSON object, found {}",
                    json_type(document)
                ),
            );
            return;
        };
        match root.get("smithy") {
            Some(Value::String(version))
                if matches!(version.as_str(), "1" | "1.0" | "2" | "2.0") => {}
            Some(Value::String(version)) => {
                diagnostics.file_error(
                    file,
                    format!("unsupported Smithy IDL version `{version}` (supported: 1.0, 2.0)"),
                );
                return;
            }
            Some(other) => {
                diagnostics.file_error(
                    file,
                    format!(
                        "`smithy` must be a version string, found {}",
                        json_type(other)
                    ),
                );
                return;
            }
            None => {
                diagnostics.file_error(file, "missing the `smithy` version key");
                return;
            }
        }
        let Some(shapes) = root.get("shapes") else {
            return;
        };
        let Some(shapes) = shapes.as_object() else {
            diagnostics.file_error(
                file,
                format!(
                    "`shapes` must be a JSON object, found {}",
                    json_type(shapes)
                ),
            );
            return;
        };
        for (id_text, shape) in shapes {
            let id = match ShapeId::parse(id_text) {
                Ok(id) if id.is_prelude() => {
                    diagnostics.shape_error(
                        file,
                        id_text,
                        "shapes cannot be defined in the prelude namespace `smithy.api`",
                    );
                    continue;
                }
                Ok(id)
                    if id.member().is_none()
                        || shape.get("type").and_then(Value::as_str) == Some("apply") =>
                {
                    id
                }
                Ok(_) => {
                    diagnostics.shape_error(file, id_text, "a shape id must not name a member");
                    continue;
                }
                Err(problem) => {
                    diagnostics.shape_error(file, id_text, problem);
                    continue;
                }
            };
            self.add_shape(file, id, shape, diagnostics);
        }
    }

    fn add_shape(
        &mut self,
        file: &Path,
        id: ShapeId,
        value: &Value,
        diagnostics: &mut Diagnostics,
    ) {
        let mut reader = ShapeReader {
            file,
            id: &id,
            diagnostics,
        };
        let Some(object) = reader.object(value, "a shape") else {
            return;
        };
        let type_name = match object.get("type") {
            Some(Value::String(type_name)) => type_name.as_str(),
            Some(other) => {
                reader.error(format!(
                    "`type` must be a string, found {}",
                    json_type(other)
                ));
                return;
            }
            None => {
                reader.error("`type` is missing");
                return;
            }
        };
        let traits = reader.traits(object.get("traits"), "the shape");
        if type_name == "apply" {
            self.applies.push((file.to_path_buf(), id.clone(), traits));
            return;
        }
        let can_have_members = matches!(
            type_name,
            "list" | "set" | "map" | "structure" | "union" | "enum" | "intEnum"
        );
        let known_type = can_have_members
            || SimpleType::from_type_name(type_name).is_some()
            || matches!(type_name, "service" | "operation" | "resource");
        if known_type && !can_have_members {
            for key in MEMBER_KEYS {
                if object.contains_key(key) {
                    reader.error(format!("a `{type_name}` shape cannot have `{key}`"));
                }
            }
        }
        let kind = match type_name {
            "list" | "set" => reader
                .single_member(object, "member")
                .map(|member| ShapeKind::List { member }),
            "map" => {
                let key = reader.single_member(object, "key");
                let value = reader.single_member(object, "value");
                key.zip(value)
                    .map(|(key, value)| ShapeKind::Map { key, value })
            }
            "structure" => Some(ShapeKind::Structure {
                members: reader.named_members(object),
            }),
            "union" => Some(ShapeKind::Union {
                members: reader.named_members(object),
            }),
            "enum" => Some(ShapeKind::Enum {
                members: reader.named_members(object),
            }),
            "intEnum" => Some(ShapeKind::IntEnum {
                members: reader.named_members(object),
            }),
            "service" => {
                let version = match object.get("version") {
                    None => String::new(),
                    Some(Value::String(version)) => version.clone(),
                    Some(other) => {
                        reader.error(format!(
                            "`version` must be a string, found {}",
                            json_type(other)
                        ));
                        String::new()
                    }
                };
                let mut rename = BTreeMap::new();
                if let Some(value) = object.get("rename") {
                    if let Some(entries) = reader.object(value, "`rename`") {
                        for (from, to) in entries {
                            let from =
                                reader.shape_id(&Value::String(from.clone()), "a `rename` key");
                            match (from, to.as_str()) {
                                (Some(from), Some(to)) => {
                                    rename.insert(from, to.to_string());
                                }
                                (Some(from), None) => reader
                                    .error(format!("the `rename` of `{from}` must be a string")),
                                (None, _) => {}
                            }
                        }
                    }
                }
                Some(ShapeKind::Service(Service {
                    version,
                    operations: reader.references(object.get("operations"), "operations"),
                    resources: reader.references(object.get("resources"), "resources"),
                    errors: reader.references(object.get("errors"), "errors"),
                    rename,
                }))
            }
            "operation" => {
                let mut target = |key: &str| match object.get(key) {
                    Some(value) => reader.reference(value, &format!("`{key}`")),
                    None => Some(prelude::unit()),
                };
                let input = target("input");
                let output = target("output");
                let errors = reader.references(object.get("errors"), "errors");
                input.zip(output).map(|(input, output)| {
                    ShapeKind::Operation(Operation {
                        input,
                        output,
                        errors,
                    })
                })
            }
            "resource" => {
                let mut operations = Vec::new();
                for key in ["create", "put", "read", "update", "delete", "list"] {
                    if let Some(value) = object.get(key) {
                        operations.extend(reader.reference(value, &format!("`{key}`")));
                    }
                }
                operations.extend(reader.references(object.get("operations"), "operations"));
                operations.extend(
                    reader.references(object.get("collectionOperations"), "collectionOperations"),
                );
                Some(ShapeKind::Resource(Resource {
                    operations,
                    resources: reader.references(object.get("resources"), "resources"),
                }))
            }
            other => match SimpleType::from_type_name(other) {
                Some(simple) => Some(ShapeKind::Simple(simple)),
                None => {
                    reader.error(format!("unknown shape type `{other}`"));
                    None
                }
            },
        };
        let mixins = reader.references(object.get("mixins"), "mixins");
        let Some(kind) = kind else {
            return;
        };
        if self.shapes.contains_key(&id) {
            diagnostics.shape_error(file, &id, "the shape is defined more than once");
            return;
        }
        self.shapes.insert(
            id.clone(),
            PendingShape {
                file: file.to_path_buf(),
                shape: Shape { id, kind, traits },
                mixins,
            },
        );
    }

    fn finish(mut self, diagnostics: &mut Diagnostics) -> Model {
        for shape in prelude::shapes() {
            self.shapes.entry(shape.id.clone()).or_insert(PendingShape {
                file: Path::new("<prelude>").to_path_buf(),
                shape,
                mixins: Vec::new(),
            });
        }
        self.apply_traits(diagnostics);
        self.flatten_mixins(diagnostics);
        let mut model = Model::default();
        for (id, pending) in self.shapes {
            model.sources.insert(id.clone(), pending.file);
            model.shapes.insert(id, pending.shape);
        }
        fill_enum_values(&mut model);
        model
    }

    fn apply_traits(&mut self, diagnostics: &mut Diagnostics) {
        for (file, target, traits) in std::mem::take(&mut self.applies) {
            let Some(pending) = self.shapes.get_mut(&target.root()) else {
                diagnostics.shape_error(
                    &file,
                    &target,
                    "`apply` targets a shape that does not exist",
                );
                continue;
            };
            match target.member() {
                None => pending.shape.traits.merge_from(&traits),
                Some(name) => {
                    let member = pending
                        .shape
                        .kind
                        .members_mut()
                        .into_iter()
                        .find(|member| member.name() == name);
                    match member {
                        Some(member) => member.traits.merge_from(&traits),
                        None => diagnostics.shape_error(
                            &file,
                            &target,
                            "`apply` targets a member that does not exist",
                        ),
                    }
                }
            }
        }
    }

    /// Copies each mixin's members and traits into the shapes that use it, mixins of mixins first.
    fn flatten_mixins(&mut self, diagnostics: &mut Diagnostics) {
        let mut done = BTreeSet::new();
        let ids: Vec<ShapeId> = self.shapes.keys().cloned().collect();
        for id in ids {
            let mut visiting = Vec::new();
            self.flatten_one(&id, &mut done, &mut visiting, diagnostics);
        }
    }

    fn flatten_one(
        &mut self,
        id: &ShapeId,
        done: &mut BTreeSet<ShapeId>,
        visiting: &mut Vec<ShapeId>,
        diagnostics: &mut Diagnostics,
    ) {
        if done.contains(id) {
            return;
        }
        if visiting.contains(id) {
            let file = self.shapes[id].file.clone();
            diagnostics.shape_error(&file, id, "mixins form a cycle");
            return;
        }
        visiting.push(id.clone());
        let mixins = self.shapes[id].mixins.clone();
        let file = self.shapes[id].file.clone();
        let mut inherited_members: Vec<Member> = Vec::new();
        let mut inherited_traits = Traits::default();
        for mixin in &mixins {
            if !self.shapes.contains_key(mixin) {
                diagnostics.shape_error(&file, id, format!("mixin `{mixin}` does not exist"));
                continue;
            }
            self.flatten_one(mixin, done, visiting, diagnostics);
            let mixin_shape = &self.shapes[mixin].shape;
            if !mixin_shape.traits.has(MIXIN) {
                diagnostics.shape_error(
                    &file,
                    id,
                    format!("`{mixin}` is used as a mixin but has no `smithy.api#mixin` trait"),
                );
                continue;
            }
            let local: BTreeSet<String> = mixin_shape
                .traits
                .get(MIXIN)
                .and_then(|value| value.get("localTraits"))
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            for (trait_id, value) in mixin_shape.traits.iter() {
                if trait_id != MIXIN && !local.contains(trait_id) {
                    inherited_traits.insert(trait_id.clone(), value.clone());
                }
            }
            inherited_members.extend(mixin_shape.kind.members().into_iter().cloned());
        }
        visiting.pop();
        done.insert(id.clone());
        if mixins.is_empty() {
            return;
        }
        let pending = self.shapes.get_mut(id).expect("shape exists");
        let mut traits = inherited_traits;
        traits.merge_from(&pending.shape.traits);
        pending.shape.traits = traits;
        match &mut pending.shape.kind {
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members } => {
                let mut merged = IndexMap::new();
                for mut member in inherited_members {
                    let name = member.name().to_string();
                    member.id = id.with_member(&name);
                    if let Some(own) = members.get(&name) {
                        // A redeclared member keeps the mixin's target and adds its own traits.
                        member.traits.merge_from(&own.traits);
                    }
                    merged.insert(name, member);
                }
                for (name, member) in members.iter() {
                    merged.entry(name.clone()).or_insert_with(|| member.clone());
                }
                *members = merged;
            }
            _ => {
                if !inherited_members.is_empty() {
                    diagnostics.shape_error(
                        &file,
                        id,
                        "mixins with members can only be used by shapes with named members",
                    );
                }
            }
        }
    }
}

/// Smithy 2.0 `enum` members without `@enumValue` use their name as the value.
fn fill_enum_values(model: &mut Model) {
    for shape in model.shapes.values_mut() {
        if let ShapeKind::Enum { members } = &mut shape.kind {
            for (name, member) in members.iter_mut() {
                if member.traits.enum_value().is_none() {
                    member
                        .traits
                        .insert(ENUM_VALUE, Value::String(name.clone()));
                }
            }
        }
    }
}

pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
