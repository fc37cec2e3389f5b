//! Where every generated item lives: one table from each model shape that becomes a Rust type,
//! and from each operation, to its Rust name, its public path and the file that defines it.
//!
//! `naming.rs` decides how a model name is spelled in Rust; this table decides where the item
//! goes, once, for the whole crate. The IR copies its entries, and renderers read them: nothing
//! else puts a `crate::...` path or a `src/...` file path together. Names that collide once
//! converted (two shapes becoming one type, two types sharing a module file, two operations
//! sharing a module) are found here, where every name is known.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::traits::{INPUT, OUTPUT};
use crate::model::{Model, Shape, ShapeId, ShapeKind, SimpleType};
use crate::naming::{self, ERROR_TYPES_MODULE, TYPES_MODULE};
use crate::normalize::{NormalizedModel, SYNTHETIC_NAMESPACE};

/// The private module with every serializer and deserializer.
const SERDE_MODULE: &str = "crate::protocol_serde";

/// What kind of Rust item a shape becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeKind {
    Structure,
    Error,
    Union,
    Enum,
    /// An operation's own input or output structure.
    OperationInput,
    OperationOutput,
}

/// A generated type: its name, where it is exported, and where it is defined.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeSymbol {
    pub kind: TypeKind,
    /// `WebAcl`.
    pub name: String,
    /// The module that exports it: `crate::types`.
    pub module: String,
    /// Its public path: `crate::types::WebAcl`.
    pub path: String,
    /// The private module (file stem) that defines it: `_web_acl`.
    pub file_module: String,
    /// The file that defines it, relative to the crate root: `src/types/_web_acl.rs`.
    pub file: String,
    /// Where it is defined, for the `pub use` that exports it: `crate::types::_web_acl::WebAcl`.
    pub definition_path: String,
    /// `WebAclBuilder`, for structures.
    pub builder_name: String,
    /// `crate::types::builders::WebAclBuilder`.
    pub builder_path: String,
    /// `crate::types::_web_acl::WebAclBuilder`.
    pub builder_definition_path: String,
    /// The module of `crate::protocol_serde` with its serializer and deserializer:
    /// `shape_web_acl`.
    pub serde_module: String,
    /// `crate::protocol_serde::shape_web_acl`.
    pub serde_module_path: String,
}

/// An operation's items: its module, error enum, fluent builder and client method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationSymbol {
    /// The operation's type, `CreateIpSet` (as the official crates fold acronyms).
    pub name: String,
    /// `create_ip_set`, the module under `crate::operation`.
    pub module: String,
    /// `crate::operation::create_ip_set`.
    pub module_path: String,
    /// `src/operation/create_ip_set.rs`; the module's children are in the folder of that name.
    pub file: String,
    /// `src/operation/create_ip_set/builders.rs`.
    pub builders_file: String,
    /// `src/operation/create_ip_set/paginator.rs`, for paginated operations.
    pub paginator_file: String,
    /// `CreateIPSetError` (the operation's own spelling).
    pub error_name: String,
    pub error_path: String,
    /// `CreateIPSetFluentBuilder`.
    pub fluent_builder_name: String,
    pub fluent_builder_path: String,
    /// The client method, `create_ip_set`.
    pub fn_name: String,
    /// The module of `crate::protocol_serde` with the operation's request and response code.
    pub serde_module: String,
    /// `crate::protocol_serde::op_create_ip_set`.
    pub serde_module_path: String,
    /// `CreateIpSetPaginator`, for paginated operations.
    pub paginator_name: String,
    /// `crate::operation::create_ip_set::paginator::CreateIpSetPaginator`.
    pub paginator_path: String,
    pub input: TypeSymbol,
    pub output: TypeSymbol,
}

/// Every generated type and operation of the crate, by shape id.
#[derive(Debug, Clone, Default)]
pub struct SymbolTable {
    types: BTreeMap<ShapeId, TypeSymbol>,
    operations: BTreeMap<ShapeId, OperationSymbol>,
    /// The error enum of each event stream union: `ConverseStreamOutputError` in
    /// `crate::types::error`, as the official crates name it.
    stream_errors: BTreeMap<ShapeId, TypeSymbol>,
}

impl OperationSymbol {
    /// The path of an item of the operation's module (`orchestrate`, ...).
    pub fn item_path(&self, item: &str) -> String {
        naming::item_path(&self.module_path, item)
    }
}

impl SymbolTable {
    /// The type a shape becomes, if it becomes one (structures, unions, enums, errors, and the
    /// operations' synthetic inputs and outputs).
    pub fn type_symbol(&self, id: &ShapeId) -> Option<&TypeSymbol> {
        self.types.get(id)
    }

    /// The items of a selected operation.
    pub fn operation(&self, id: &ShapeId) -> Option<&OperationSymbol> {
        self.operations.get(id)
    }

    /// Every type, in shape-id order.
    pub fn types(&self) -> impl Iterator<Item = (&ShapeId, &TypeSymbol)> {
        self.types.iter()
    }

    /// The error enum of the event stream union `id`.
    pub fn stream_error(&self, id: &ShapeId) -> Option<&TypeSymbol> {
        self.stream_errors.get(id)
    }
}

/// Builds the table for the normalized model: every shape that becomes a Rust type, and every
/// selected operation. Reports names that collide once converted to `diagnostics`, naming each
/// shape (the table is still complete, so later steps report their own problems too).
pub fn build(normalized: &NormalizedModel, diagnostics: &mut Diagnostics) -> SymbolTable {
    let model = &normalized.model;
    let rename = match &normalized.service_shape().kind {
        ShapeKind::Service(service) => service.rename.clone(),
        _ => BTreeMap::new(),
    };
    let type_name = |id: &ShapeId| match rename.get(id) {
        Some(renamed) => naming::type_name(renamed),
        None => naming::type_name(id.name()),
    };
    let mut table = SymbolTable::default();
    for shape in model.shapes.values() {
        let Some(kind) = generated_kind(model, shape) else {
            continue;
        };
        let name = type_name(&shape.id);
        let module = match kind {
            TypeKind::Error => ERROR_TYPES_MODULE,
            _ => TYPES_MODULE,
        };
        if kind == TypeKind::Union && shape.traits.has(crate::model::traits::STREAMING) {
            table.stream_errors.insert(
                shape.id.clone(),
                type_symbol(TypeKind::Error, format!("{name}Error"), ERROR_TYPES_MODULE),
            );
        }
        table
            .types
            .insert(shape.id.clone(), type_symbol(kind, name, module));
    }
    for id in &normalized.operations {
        let operation = normalized.operation(id);
        let symbol = operation_symbol(id.name());
        table
            .types
            .insert(operation.input.clone(), symbol.input.clone());
        table
            .types
            .insert(operation.output.clone(), symbol.output.clone());
        table.operations.insert(id.clone(), symbol);
    }
    check_collisions(model, &table, diagnostics);
    table
}

/// The kind of type a shape becomes in the crate, or `None` when it becomes none of its own.
fn generated_kind(model: &Model, shape: &Shape) -> Option<TypeKind> {
    if shape.id.is_prelude() || shape.id.namespace() == SYNTHETIC_NAMESPACE {
        return None;
    }
    // Replaced by the operation's own input and output structures, unless a member uses it.
    if (shape.traits.has(INPUT) || shape.traits.has(OUTPUT)) && !is_member_target(model, &shape.id)
    {
        return None;
    }
    match &shape.kind {
        ShapeKind::Structure { .. } if shape.traits.error_fault().is_some() => {
            Some(TypeKind::Error)
        }
        ShapeKind::Structure { .. } => Some(TypeKind::Structure),
        ShapeKind::Union { .. } => Some(TypeKind::Union),
        ShapeKind::Enum { .. } => Some(TypeKind::Enum),
        ShapeKind::Simple(SimpleType::String) if shape.traits.legacy_enum().is_some() => {
            Some(TypeKind::Enum)
        }
        _ => None,
    }
}

fn is_member_target(model: &Model, id: &ShapeId) -> bool {
    model.shapes.values().any(|shape| {
        shape
            .kind
            .members()
            .iter()
            .any(|member| member.target == *id)
    })
}

fn type_symbol(kind: TypeKind, name: String, module: &str) -> TypeSymbol {
    let file_module = naming::type_file_module(&name);
    let folder = module
        .strip_prefix("crate::")
        .unwrap_or(module)
        .replace("::", "/");
    let builder_name = naming::builder_name(&name);
    let definition_module = naming::item_path(module, &file_module);
    let serde_module = naming::serde_module_name(&name);
    TypeSymbol {
        kind,
        path: naming::item_path(module, &name),
        file: format!("src/{folder}/{file_module}.rs"),
        definition_path: naming::item_path(&definition_module, &name),
        builder_path: naming::item_path(&naming::builders_module_path(module), &builder_name),
        builder_definition_path: naming::item_path(&definition_module, &builder_name),
        builder_name,
        serde_module_path: naming::item_path(SERDE_MODULE, &serde_module),
        serde_module,
        module: module.to_string(),
        file_module,
        name,
    }
}

fn operation_symbol(operation_name: &str) -> OperationSymbol {
    let module = naming::module_name(operation_name);
    let module_path = naming::operation_module_path(operation_name);
    let error_name = naming::operation_error_name(operation_name);
    let fluent_builder_name = naming::fluent_builder_name(operation_name);
    let builders_module = naming::builders_module_path(&module_path);
    let io = |kind, name| type_symbol(kind, name, &module_path);
    let serde_module = naming::operation_serde_module_name(operation_name);
    let paginator_name = naming::paginator_name(operation_name);
    OperationSymbol {
        serde_module_path: naming::item_path(SERDE_MODULE, &serde_module),
        serde_module,
        paginator_path: naming::item_path(&format!("{module_path}::paginator"), &paginator_name),
        paginator_name,
        name: naming::operation_type_name(operation_name),
        file: format!("src/operation/{module}.rs"),
        builders_file: format!("src/operation/{module}/builders.rs"),
        paginator_file: format!("src/operation/{module}/paginator.rs"),
        error_path: naming::item_path(&module_path, &error_name),
        error_name,
        fluent_builder_path: naming::item_path(&builders_module, &fluent_builder_name),
        fluent_builder_name,
        fn_name: naming::operation_fn_name(operation_name),
        input: io(
            TypeKind::OperationInput,
            naming::operation_input_name(operation_name),
        ),
        output: io(
            TypeKind::OperationOutput,
            naming::operation_output_name(operation_name),
        ),
        module,
        module_path,
    }
}

/// Two shapes that become one Rust type, two types that share a module file (`FooBar` and
/// `Foobar`), two operations that share a module.
fn check_collisions(model: &Model, table: &SymbolTable, diagnostics: &mut Diagnostics) {
    let named = |module: &str| {
        let mut symbols: Vec<(&ShapeId, &TypeSymbol)> = table
            .types
            .iter()
            .filter(|(_, symbol)| symbol.module == module)
            .collect();
        // In name order, so the first of two colliding shapes is the one reported against.
        symbols.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        symbols
    };
    let types = named(TYPES_MODULE);
    report_duplicates(
        model,
        types.iter().map(|(id, symbol)| (symbol.name.clone(), *id)),
        "type `crate::types::",
        diagnostics,
    );
    // Equal type names were reported just above; distinct ones can still share a file.
    let mut distinct = types.clone();
    distinct.dedup_by(|a, b| a.1.name == b.1.name);
    report_duplicates(
        model,
        distinct
            .iter()
            .map(|(id, symbol)| (format!("{}.rs", symbol.file_module), *id)),
        "module file `src/types/",
        diagnostics,
    );
    // The event streams' error enums share the module with the modeled errors.
    let mut errors = named(ERROR_TYPES_MODULE);
    errors.extend(table.stream_errors.iter());
    errors.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    report_duplicates(
        model,
        errors.iter().map(|(id, symbol)| (symbol.name.clone(), *id)),
        "type `crate::types::error::",
        diagnostics,
    );
    let mut operations: Vec<(&ShapeId, &OperationSymbol)> = table.operations.iter().collect();
    operations.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    report_duplicates(
        model,
        operations
            .iter()
            .map(|(id, symbol)| (symbol.module.clone(), *id)),
        "module `crate::operation::",
        diagnostics,
    );
}

/// Reports every name after its first occurrence, against the shape that had it first.
pub(crate) fn report_duplicates<'a>(
    model: &Model,
    names: impl Iterator<Item = (String, &'a ShapeId)>,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: BTreeMap<String, &ShapeId> = BTreeMap::new();
    for (name, id) in names {
        match seen.get(&name) {
            Some(first) => {
                let first = model.reported_id(first);
                diagnostics.shape_error(
                    model.source(id),
                    model.reported_id(id),
                    format!("its Rust name collides with `{first}`: both become {what}{name}`"),
                );
            }
            None => {
                seen.insert(name, id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_exported_from_their_module_and_defined_in_its_folder() {
        let symbol = type_symbol(TypeKind::Structure, "WebAcl".into(), TYPES_MODULE);
        assert_eq!(symbol.path, "crate::types::WebAcl");
        assert_eq!(symbol.file, "src/types/_web_acl.rs");
        assert_eq!(symbol.builder_path, "crate::types::builders::WebAclBuilder");
        assert_eq!(
            symbol.serde_module_path,
            "crate::protocol_serde::shape_web_acl"
        );
        assert_eq!(symbol.definition_path, "crate::types::_web_acl::WebAcl");
        assert_eq!(
            symbol.builder_definition_path,
            "crate::types::_web_acl::WebAclBuilder"
        );
        let error = type_symbol(TypeKind::Error, "LimitExceeded".into(), ERROR_TYPES_MODULE);
        assert_eq!(error.file, "src/types/error/_limit_exceeded.rs");
        assert_eq!(
            error.builder_path,
            "crate::types::error::builders::LimitExceededBuilder"
        );
    }

    #[test]
    fn operations_fold_acronyms_in_inputs_but_keep_them_in_errors_and_builders() {
        let symbol = operation_symbol("CreateIPSet");
        assert_eq!(symbol.module_path, "crate::operation::create_ip_set");
        assert_eq!(symbol.file, "src/operation/create_ip_set.rs");
        assert_eq!(
            symbol.input.path,
            "crate::operation::create_ip_set::CreateIpSetInput"
        );
        assert_eq!(
            symbol.input.file,
            "src/operation/create_ip_set/_create_ip_set_input.rs"
        );
        assert_eq!(
            symbol.error_path,
            "crate::operation::create_ip_set::CreateIPSetError"
        );
        assert_eq!(
            symbol.fluent_builder_path,
            "crate::operation::create_ip_set::builders::CreateIPSetFluentBuilder"
        );
        assert_eq!(
            symbol.paginator_path,
            "crate::operation::create_ip_set::paginator::CreateIpSetPaginator"
        );
        assert_eq!(
            symbol.item_path("orchestrate"),
            "crate::operation::create_ip_set::orchestrate"
        );
        assert_eq!(
            symbol.output.builder_path,
            "crate::operation::create_ip_set::builders::CreateIpSetOutputBuilder"
        );
    }
}
