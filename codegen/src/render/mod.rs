//! Turns the intermediate form into files: one generator per shape kind, each producing tokens
//! that are formatted with prettyplease and given the do-not-edit header.

mod client;
mod crate_files;
mod deferred_docs;
mod enumeration;
mod event_stream;
mod event_stream_tests;
mod operation;
mod paginator;
mod prelude_names;
pub(crate) mod protocol_serde;
pub mod protocol_tests;
mod request;
mod response;
mod service_error;
mod structure;
mod union;
pub(crate) mod waiter;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{CrateDef, RustType};
use crate::partitions::PartitionFacts;

/// The generated crate: file paths relative to its root, and their contents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GeneratedFiles {
    pub files: BTreeMap<String, String>,
}

/// One unit of rendering: files (path, tokens) built from the crate definition.
type Job<'a> = Box<dyn Fn() -> Vec<(String, TokenStream)> + Sync + 'a>;

/// Renders every file of the crate. `sources` names the model files in the header;
/// `partitions` is what `aws.partition` answers from. The endpoint rules were checked when the
/// IR was built, so nothing here fails on them.
///
/// The files are independent, so they are built and formatted on every core: each job makes its
/// tokens and formats them on the thread that runs it (token streams cannot cross threads), and
/// every file comes from exactly one job, so the output is the same whichever thread ran what.
pub fn render(def: &CrateDef, sources: &[String], partitions: &PartitionFacts) -> GeneratedFiles {
    let header = header(sources);
    // The jobs that render one large file for the whole crate go first, so that no long job
    // starts when the other threads have little work left.
    let mut jobs: Vec<Job<'_>> = Vec::new();
    jobs.push(Box::new(|| {
        vec![("src/error_meta.rs".into(), service_error::render(def))]
    }));
    jobs.push(Box::new(|| {
        let mut client_tokens = client::client_rs(def);
        client_tokens.extend(waiter::client_trait(def));
        let mut files = vec![("src/client.rs".into(), client_tokens)];
        if waiter::has_waiters(def) {
            files.extend(waiter::files(def));
        }
        files
    }));
    jobs.push(Box::new(|| {
        vec![
            ("src/config.rs".into(), client::config_rs(def)),
            (
                "src/config/endpoint.rs".into(),
                client::endpoint_rs(def, partitions),
            ),
        ]
    }));
    jobs.push(Box::new(|| {
        protocol_tests::render(def)
            .map(|tokens| ("src/protocol_tests.rs".to_string(), tokens))
            .into_iter()
            .collect()
    }));
    let shape_files = || {
        protocol_serde::shape_files(crate::protocol::of(def).as_ref(), def)
            .into_iter()
            .map(|(module, tokens)| (format!("src/protocol_serde/{module}.rs"), tokens))
            .collect()
    };
    jobs.push(Box::new(shape_files));
    jobs.push(Box::new(|| crate_files::rust_files(def)));
    for ty in &def.types {
        jobs.push(Box::new(move || {
            let tokens = prelude_names::render_type_file(&ty.symbol().name, || match ty {
                crate::ir::TypeDef::Struct(s) => structure::render(s),
                crate::ir::TypeDef::Enum(e) => enumeration::render(e),
                crate::ir::TypeDef::Union(u) => union::render(u),
            });
            vec![(ty.symbol().file.clone(), tokens)]
        }));
    }
    for error in &def.errors {
        jobs.push(Box::new(move || {
            let tokens =
                prelude_names::render_type_file(&error.symbol.name, || structure::render(error));
            vec![(error.symbol.file.clone(), tokens)]
        }));
    }
    for (union, stream) in def.event_streams() {
        jobs.push(Box::new(move || {
            vec![
                (
                    stream.error.file.clone(),
                    event_stream::error_enum(union, stream),
                ),
                (
                    format!("src/protocol_serde/{}.rs", union.symbol.serde_module),
                    event_stream::serde_items(
                        crate::protocol::of(def).as_ref(),
                        def,
                        union,
                        stream,
                    ),
                ),
            ]
        }));
    }
    for op in &def.operations {
        jobs.push(Box::new(move || {
            let mut files = Vec::new();
            let mut module_tokens = operation::render_module(op);
            module_tokens.extend(client::operation_items(def, op));
            module_tokens.extend(paginator::module_decl(op));
            files.push((op.symbol.file.clone(), module_tokens));
            let mut builders = operation::render_builders(op);
            builders.extend(client::fluent_builder(op));
            builders.extend(paginator::into_paginator(op));
            files.push((op.symbol.builders_file.clone(), builders));
            if let Some((path, tokens)) = paginator::file(op) {
                files.push((path, tokens));
            }
            for io in [&op.input, &op.output] {
                files.push((io.symbol.file.clone(), structure::render(io)));
            }
            files.push((
                format!("src/protocol_serde/{}.rs", op.symbol.serde_module),
                response::operation_serde(crate::protocol::of(def).as_ref(), op),
            ));
            files
        }));
    }
    let mut files = BTreeMap::new();
    for (path, text) in run_jobs(&jobs, &header).into_iter().flatten() {
        let duplicate = files.insert(path, text);
        debug_assert!(duplicate.is_none(), "two render jobs wrote one file");
    }
    // Every file under src/protocol_serde/ is a module of src/protocol_serde.rs (in path order).
    let serde_modules = files.keys().filter_map(|path: &String| {
        let module = path
            .strip_prefix("src/protocol_serde/")?
            .strip_suffix(".rs")?;
        let module = ident(module);
        Some(quote!(pub(crate) mod #module;))
    });
    let protocol_serde_rs = quote! {
        //! awsJson serializers and deserializers: one module per type that crosses the
        //! wire, and one per operation.
        #(#serde_modules)*
    };
    files.insert(
        "src/protocol_serde.rs".into(),
        format_rust(&header, protocol_serde_rs),
    );
    files.insert(
        "Cargo.toml".into(),
        crate_files::cargo_toml(def, &header.replace("//", "#")),
    );
    GeneratedFiles { files }
}

/// The formatted files of each job, in job order; the jobs run on up to one thread per core.
fn run_jobs(jobs: &[Job<'_>], header: &str) -> Vec<Vec<(String, String)>> {
    let next = AtomicUsize::new(0);
    // Takes jobs until none is left; numbers each result by its job, to put them back in order.
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else { break };
            let formatted = deferred_docs::run(&**job, |tokens| format_rust(header, tokens));
            done.push((index, formatted));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let mut indexed = if threads <= 1 {
        worker()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads)
                .map(|_| {
                    std::thread::Builder::new()
                        // syn and prettyplease recurse deeply on nested generated code.
                        .stack_size(16 << 20)
                        .spawn_scoped(scope, worker)
                        .expect("spawn a render thread")
                })
                .collect();
            let mut all = worker();
            for handle in handles {
                match handle.join() {
                    Ok(done) => all.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        })
    };
    indexed.sort_by_key(|(index, _)| *index);
    indexed.into_iter().map(|(_, result)| result).collect()
}

fn header(sources: &[String]) -> String {
    format!(
        "// Code generated by `cargo xtask codegen` from {}. DO NOT EDIT.\n",
        if sources.is_empty() {
            "a Smithy model".to_string()
        } else {
            sources.join(", ")
        }
    )
}

fn format_rust(header: &str, tokens: TokenStream) -> String {
    // Parsed without keeping a copy of the tokens: a shared copy makes `parse2` clone every
    // token (about 5% of a whole run). Tokens that do not parse are a generator bug.
    let file: syn::File = match syn::parse2(tokens) {
        Ok(file) => file,
        Err(error) => panic!(
            "generated tokens do not parse: {error} (at {:?})",
            error.span()
        ),
    };
    format!("{header}\n{}", prettyplease::unparse(&file))
}

/// An identifier, raw when the name asks for it (`r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    if let Some(own) = prelude_names::own_ident(name) {
        return own;
    }
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A path such as `crate::types::Environment`.
pub(crate) fn path(text: &str) -> TokenStream {
    // The symbol table's paths are plain `a::b::C` (most calls): built segment by segment, which
    // is several times cheaper than parsing. Anything else (generics) goes through syn.
    let (leading, rest) = match text.strip_prefix("::") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let plain = !rest.is_empty()
        && rest.split("::").all(|segment| {
            let name = segment.strip_prefix("r#").unwrap_or(segment);
            name.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                && (segment.starts_with("r#")
                    || !crate::naming::is_rust_keyword(name)
                    || is_path_keyword(name))
        });
    if !plain {
        let parsed: syn::Path =
            syn::parse_str(text).unwrap_or_else(|e| panic!("invalid path `{text}`: {e}"));
        return quote!(#parsed);
    }
    let segments = rest.split("::").map(ident);
    if leading {
        quote!(#(:: #segments)*)
    } else {
        quote!(#(#segments)::*)
    }
}

/// Keywords that may start a path (`crate::`, `self::`, `super::`, `Self::`).
fn is_path_keyword(name: &str) -> bool {
    matches!(name, "crate" | "self" | "super" | "Self")
}

/// `#[doc]` attributes from model documentation, or from `fallback` when the model has none.
pub(crate) fn doc_attrs(documentation: Option<&str>, fallback: &str) -> TokenStream {
    let lines = documentation
        .map(crate::docs::doc_lines)
        .unwrap_or_default();
    if lines.iter().all(|line| line.trim().is_empty()) {
        return plain_doc(&[fallback.to_string()]);
    }
    plain_doc(&lines)
}

/// `#[doc]` attributes for Markdown lines written by the generator itself.
pub(crate) fn plain_doc(lines: &[String]) -> TokenStream {
    deferred_docs::attrs(lines)
}

/// The Rust type of a value (a field of a builder, a list element ...), without the outer `Option`
/// that optional struct fields add.
pub(crate) fn type_tokens(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::Blob => quote!(crate::primitives::Blob),
        RustType::ByteStream => quote!(crate::primitives::ByteStream),
        RustType::EventStream {
            union_path,
            error_path,
            sent,
            ..
        } => {
            let union_path = path(union_path);
            let error_path = path(error_path);
            if *sent {
                quote!(crate::primitives::event_stream::EventStreamSender<#union_path, #error_path>)
            } else {
                quote!(crate::primitives::event_stream::EventReceiver<#union_path, #error_path>)
            }
        }
        RustType::BigInteger => quote!(crate::primitives::BigInteger),
        RustType::BigDecimal => quote!(crate::primitives::BigDecimal),
        RustType::DateTime(_) => quote!(crate::primitives::DateTime),
        RustType::Document => quote!(crate::primitives::Document),
        RustType::Vec(element) => {
            let element = type_tokens(element);
            quote!(Vec<#element>)
        }
        RustType::Map(key, value) => {
            let key = type_tokens(key);
            let value = type_tokens(value);
            quote!(::std::collections::HashMap<#key, #value>)
        }
        RustType::Option(inner) => {
            let inner = type_tokens(inner);
            quote!(Option<#inner>)
        }
        RustType::Named { path: p, boxed, .. } => {
            let p = path(p);
            if *boxed {
                quote!(::std::boxed::Box<#p>)
            } else {
                p
            }
        }
    }
}

/// Whether values of the type are `Copy`, so getters return them by value.
pub(crate) fn is_copy(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::Bool
            | RustType::I8
            | RustType::I16
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64
    )
}
