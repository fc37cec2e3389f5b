//! The files that tie the crate together: `Cargo.toml`, `lib.rs` and the module files that
//! re-export each generated type at the path users of the AWS SDK for Rust know.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, path, plain_doc};
use crate::ir::{CrateDef, RustType, TypeDef};

pub fn rust_files(def: &CrateDef) -> Vec<(String, TokenStream)> {
    vec![
        ("src/lib.rs".into(), lib_rs(def)),
        ("src/error.rs".into(), error_rs(has_enums(def))),
        ("src/primitives.rs".into(), primitives_rs(def)),
        ("src/types.rs".into(), types_rs(def)),
        ("src/types/builders.rs".into(), types_builders_rs(def)),
        ("src/types/error.rs".into(), types_error_rs(def)),
        (
            "src/types/error/builders.rs".into(),
            types_error_builders_rs(def),
        ),
        ("src/operation.rs".into(), operation_rs(def)),
    ]
}

pub fn cargo_toml(def: &CrateDef, header: &str) -> String {
    let settings = &def.settings;
    let description = settings.description.clone().unwrap_or_else(|| {
        format!(
            "A Rust client for {}, generated from its Smithy model.",
            def.service.title
        )
    });
    let mut text = format!(
        "{header}\n[package]\nname = {}\nversion = {}\nedition = \"2021\"\ndescription = {}\npublish = false\n\n[dependencies]\nsmithy-runtime = {{ path = {} }}\naws-types = {{ version = \"1\", optional = true }}\n\n[features]\n# `Client::new(&SdkConfig)`, for configuration loaded by `aws-config`.\nsdk-config = [\"dep:aws-types\", \"smithy-runtime/sdk-config\"]\n# Accepted for compatibility with the AWS SDK: the latest behavior is the default.\nbehavior-version-latest = []\n# Canned HTTP clients and test credentials.\ntest-util = [\"smithy-runtime/test-util\"]\n",
        toml_string(&settings.name),
        toml_string(&settings.version),
        toml_string(&description),
        toml_string(&settings.runtime_path),
    );
    // Runtime features the service and operations need: SigV4 and AWS credentials for
    // `aws.auth#sigv4`, gzip for `@requestCompression`, MD5 for `@httpChecksumRequired`.
    let mut features = Vec::new();
    if def.service.auth.has_sigv4() {
        features.push("\"sigv4\"");
    }
    if def
        .operations
        .iter()
        .any(|op| !op.request_compression.is_empty())
    {
        features.push("\"request-compression\"");
    }
    if def.operations.iter().any(|op| op.checksum_required) {
        features.push("\"content-md5\"");
    }
    if streams(def) {
        features.push("\"byte-stream\"");
    }
    if def.event_streams().next().is_some() {
        features.push("\"event-stream\"");
    }
    if def
        .operations
        .iter()
        .any(|op| def.event_stream_over_http2(op))
    {
        features.push("\"http2\"");
    }
    if !features.is_empty() {
        text = text.replace(
            &format!(
                "smithy-runtime = {{ path = {} }}\n",
                toml_string(&settings.runtime_path)
            ),
            &format!(
                "smithy-runtime = {{ path = {}, features = [{}] }}\n",
                toml_string(&settings.runtime_path),
                features.join(", ")
            ),
        );
    }
    if super::protocol_tests::has_tests(def) {
        // What `src/protocol_tests.rs` needs.
        text.push_str(&format!(
            "\n[dev-dependencies]\nsmithy-runtime = {{ path = {}, features = [\"test-util\"] }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
            toml_string(&settings.runtime_path)
        ));
    }
    if !settings.workspace_member {
        // A crate generated outside this workspace is a workspace of its own, so that cargo does
        // not look for an enclosing one.
        text.push_str("\n[workspace]\n");
    }
    text
}

fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn lib_rs(def: &CrateDef) -> TokenStream {
    let title = &def.service.title;
    let mut lines = vec![
        format!("A client for **{title}** (service `{}`, version `{}`), generated from its Smithy model.", def.service.id, def.service.version),
        String::new(),
    ];
    if let Some(html) = &def.service.docs {
        lines.extend(crate::docs::doc_lines(html));
        lines.push(String::new());
    }
    if !def.service.auth.has_sigv4() {
        lines.extend(setup_docs(def));
    }
    lines.extend([
        "## Modules".to_string(),
        String::new(),
        "- [`operation`]: one module per operation, with its input, output and error types.".into(),
        "- [`types`]: the data types the operations use, and [`types::error`] the modeled errors.".into(),
        "- [`error`]: error helpers shared by every operation; [`Error`] gathers every modeled error.".into(),
        "- [`primitives`]: `DateTime`, `Blob` and the other types from the runtime.".into(),
    ]);
    let docs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    let waiters = super::waiter::has_waiters(def).then(|| {
        quote! {
            pub mod waiters;
        }
    });
    let protocol_tests = super::protocol_tests::has_tests(def).then(|| {
        quote! {
            #[cfg(test)]
            mod protocol_tests;
        }
    });
    quote! {
        #(#docs)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // Deprecated model members are used by the crate's own builders and `Debug` impls;
        // users of the crate still get the warnings.
        #![allow(deprecated)]

        pub mod client;
        pub use client::Client;
        pub mod config;
        pub use config::Config;
        pub mod error;
        mod error_meta;
        pub use error_meta::Error;
        pub mod operation;
        pub mod primitives;
        mod protocol_serde;
        #protocol_tests
        pub mod types;
        #waiters
    }
}

/// For a service outside AWS (no `aws.auth#sigv4`): how to set the endpoint and the identity
/// of each auth scheme, with an example.
fn setup_docs(def: &CrateDef) -> Vec<String> {
    use crate::auth::{ApiKeyLocation, AuthScheme};
    let krate = def.settings.name.replace('-', "_");
    let mut lines = vec!["## Setting up a client".to_string(), String::new()];
    lines.push(match def.service.endpoint_rules {
        None => "The service's model has no endpoint rules, so the client needs the service's address: set it with [`endpoint_url`](config::Builder::endpoint_url) (for example `https://api.example.com`; `http://` is accepted too). Without it, every call fails before sending anything, with an error that names `endpoint_url`.".to_string(),
        Some(_) => "The endpoint is resolved from the service's endpoint rules; [`endpoint_url`](config::Builder::endpoint_url) overrides it.".to_string(),
    });
    lines.push(String::new());
    let schemes: Vec<&AuthScheme> = def.service.auth.schemes().collect();
    let mut example = Vec::new();
    if !schemes.is_empty() {
        lines.push("The service accepts these auth schemes; each operation uses the first of its own that the configuration has an identity for:".into());
        lines.push(String::new());
        for scheme in &schemes {
            let (line, setting) = match scheme {
                AuthScheme::HttpBearer => (
                    "- HTTP bearer auth: [`bearer_token`](config::Builder::bearer_token), sent as `Authorization: Bearer <token>`; for tokens that expire and are renewed, a [`token_provider`](config::Builder::token_provider) instead (any [`ProvideToken`](config::ProvideToken), such as `smithy_runtime::auth::provide_token_fn(|| async { ... })`), asked again shortly before each token expires.".to_string(),
                    r#"    .bearer_token(Token::new("my-token", None))"#.to_string(),
                ),
                AuthScheme::HttpApiKey { name, location, scheme } => {
                    let wire = match (location, scheme) {
                        (ApiKeyLocation::Header, Some(scheme)) => format!("in header `{name}` as `{scheme} <key>`"),
                        (ApiKeyLocation::Header, None) => format!("in header `{name}`"),
                        (ApiKeyLocation::Query, _) => format!("in query parameter `{name}`"),
                    };
                    (
                        format!("- API key: [`api_key`](config::Builder::api_key), sent {wire}."),
                        r#"    .api_key(Token::new("my-api-key", None))"#.to_string(),
                    )
                }
                AuthScheme::HttpBasic => (
                    "- HTTP basic auth: [`basic_auth_login`](config::Builder::basic_auth_login), sent as `Authorization: Basic <base64 of user:password>`.".to_string(),
                    r#"    .basic_auth_login(Login::new("user", "password", None))"#.to_string(),
                ),
                // Not listed: this section is only for services without SigV4.
                AuthScheme::SigV4 { .. } => continue,
            };
            lines.push(line);
            example.push(setting);
        }
        lines.push(String::new());
        lines.push("An operation whose schemes have no identity in the configuration fails before sending anything, with an error that names the settings. Tokens, keys and passwords never appear in `Debug` output or logs.".into());
        lines.push(String::new());
    }
    let unauthenticated: Vec<String> = def
        .operations
        .iter()
        .filter(|op| op.auth.schemes.is_empty())
        .map(|op| format!("`{}`", op.symbol.fn_name))
        .collect();
    if !unauthenticated.is_empty() {
        lines.push(format!(
            "These operations take no auth and send none: {}.",
            unauthenticated.join(", ")
        ));
        lines.push(String::new());
    }
    let optional: Vec<String> = def
        .operations
        .iter()
        .filter(|op| op.auth.optional && !op.auth.schemes.is_empty())
        .map(|op| format!("`{}`", op.symbol.fn_name))
        .collect();
    if !optional.is_empty() {
        lines.push(format!(
            "These operations have optional auth: without an identity for their schemes, they are sent unauthenticated: {}.",
            optional.join(", ")
        ));
        lines.push(String::new());
    }
    let mut imports = Vec::new();
    if example.iter().any(|line| line.contains("Login::")) {
        imports.push("Login");
    }
    if example.iter().any(|line| line.contains("Token::")) {
        imports.push("Token");
    }
    lines.push("```no_run".into());
    if !imports.is_empty() {
        lines.push(format!("use {krate}::config::{{{}}};", imports.join(", ")));
    }
    lines.push(format!("let config = {krate}::Config::builder()"));
    lines.push(r#"    .endpoint_url("https://api.example.com")"#.into());
    lines.extend(example);
    lines.push("    .build();".into());
    lines.push(format!("let client = {krate}::Client::from_conf(config);"));
    lines.push("```".into());
    lines.push(String::new());
    lines
}

/// Whether a Rust `enum` is generated for some enum shape (unnamed legacy enums are newtypes,
/// without `Unknown` or `try_parse`).
fn has_enums(def: &CrateDef) -> bool {
    def.types
        .iter()
        .any(|ty| matches!(ty, TypeDef::Enum(e) if e.named))
}

fn error_rs(has_enums: bool) -> TokenStream {
    let unknown_variant_error = has_enums.then(|| {
        quote! {
            /// The given enum value failed to parse since it is not a known value.
            #[derive(Debug)]
            pub struct UnknownVariantError {
                value: String,
            }
            impl UnknownVariantError {
                pub(crate) fn new(value: impl Into<String>) -> Self {
                    Self { value: value.into() }
                }
            }
            impl ::std::fmt::Display for UnknownVariantError {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::write!(f, "unknown enum variant: '{}'", self.value)
                }
            }
            impl ::std::error::Error for UnknownVariantError {}
        }
    });
    quote! {
        //! Errors shared by every operation, and the helpers to inspect them.

        pub use ::smithy_runtime::error::BoxError;
        pub use ::smithy_runtime::error::BuildError;
        pub use ::smithy_runtime::error::SdkError;
        pub use ::smithy_runtime::transport::ConnectorError;
        pub use ::smithy_runtime::error::DisplayErrorContext;
        pub use ::smithy_runtime::error::ErrorMetadata;
        pub use ::smithy_runtime::error::ProvideErrorMetadata;

        #unknown_variant_error

        pub(crate) mod sealed_unhandled {
            pub use ::smithy_runtime::error::Unhandled;
        }
    }
}

/// Whether any member of a generated type, input, output or error has a type that `matches`,
/// at any depth of lists, maps and sparse values.
fn uses_type(def: &CrateDef, matches: fn(&RustType) -> bool) -> bool {
    fn contains(ty: &RustType, matches: fn(&RustType) -> bool) -> bool {
        matches(ty)
            || match ty {
                RustType::Vec(inner) | RustType::Option(inner) => contains(inner, matches),
                RustType::Map(key, value) => contains(key, matches) || contains(value, matches),
                _ => false,
            }
    }
    let structs = def
        .types
        .iter()
        .filter_map(|ty| match ty {
            TypeDef::Struct(def) => Some(def),
            _ => None,
        })
        .chain(&def.errors)
        .chain(def.operations.iter().flat_map(|op| [&op.input, &op.output]));
    let field_types = structs.flat_map(|def| def.fields.iter().map(|field| &field.ty));
    let variant_types = def.types.iter().flat_map(|ty| match ty {
        TypeDef::Union(def) => def.variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
        _ => Vec::new(),
    });
    field_types
        .chain(variant_types)
        .any(|ty| contains(ty, matches))
}

/// Whether an operation sends or receives a stream (the runtime's `byte-stream` feature).
fn streams(def: &CrateDef) -> bool {
    def.operations
        .iter()
        .any(|op| op.input.streams() || op.output.streams())
}

/// `src/primitives.rs`: as in the official crates, `DateTime` and `Blob` always, `Document`
/// and the big numbers when the model uses them, and `ByteStream` with the types around it
/// when an operation streams.
fn primitives_rs(def: &CrateDef) -> TokenStream {
    let byte_stream = streams(def).then(|| {
        quote! {
            pub use ::smithy_runtime::primitives::AggregatedBytes;
            pub use ::smithy_runtime::primitives::ByteStream;
            pub use ::smithy_runtime::primitives::Length;
            pub use ::smithy_runtime::primitives::SdkBody;
        }
    });
    let event_stream = def.event_streams().next().is_some().then(|| {
        let sender = def.sends_event_streams().then(|| {
            quote! {
                pub use ::smithy_runtime::event_stream::{EventStreamSender, MessageStreamError};
            }
        });
        quote! {
            /// The events of an event stream, and the messages they come in.
            pub mod event_stream {
                pub use ::smithy_runtime::event_stream::{EventReceiver, Header, HeaderValue, Message, RawMessage};
                #sender
            }
        }
    });
    let document = uses_type(def, |ty| matches!(ty, RustType::Document))
        .then(|| quote! { pub use ::smithy_runtime::primitives::Document; });
    let big_integer = uses_type(def, |ty| matches!(ty, RustType::BigInteger))
        .then(|| quote! { pub use ::smithy_runtime::primitives::BigInteger; });
    let big_decimal = uses_type(def, |ty| matches!(ty, RustType::BigDecimal))
        .then(|| quote! { pub use ::smithy_runtime::primitives::BigDecimal; });
    let sealed = has_enums(def).then(|| {
        quote! {
            pub(crate) mod sealed_enum_unknown {
                pub use ::smithy_runtime::primitives::UnknownVariantValue;
            }
        }
    });
    quote! {
        //! Primitive types the generated types use.

        pub use ::smithy_runtime::date_time::Format as DateTimeFormat;
        #byte_stream
        #event_stream
        #big_decimal
        #big_integer
        pub use ::smithy_runtime::primitives::Blob;
        pub use ::smithy_runtime::primitives::DateTime;
        #document
        #sealed
    }
}

fn types_rs(def: &CrateDef) -> TokenStream {
    let exports = def.types.iter().map(|ty| {
        let definition = path(&ty.symbol().definition_path);
        quote!(pub use #definition;)
    });
    let modules = def.types.iter().map(|ty| {
        let module = ident(&ty.symbol().file_module);
        quote!(mod #module;)
    });
    quote! {
        //! Data types used by the operations: structures, enums and unions.
        #(#exports)*
        /// Builders for the structures in this module.
        pub mod builders;
        /// The modeled errors.
        pub mod error;
        #(#modules)*
    }
}

fn types_builders_rs(def: &CrateDef) -> TokenStream {
    let exports = def.types.iter().filter_map(|ty| match ty {
        TypeDef::Struct(s) => {
            let builder = path(&s.symbol.builder_definition_path);
            Some(quote!(pub use #builder;))
        }
        _ => None,
    });
    quote!(#(#exports)*)
}

fn types_error_rs(def: &CrateDef) -> TokenStream {
    // The modeled errors, and the error enum of each event stream, in name order.
    let mut symbols: Vec<&crate::symbols::TypeSymbol> = def
        .errors
        .iter()
        .map(|error| &error.symbol)
        .chain(def.event_streams().map(|(_, stream)| &stream.error))
        .collect();
    symbols.sort_by(|a, b| a.name.cmp(&b.name));
    let exports = symbols.iter().map(|symbol| {
        let definition = path(&symbol.definition_path);
        quote!(pub use #definition;)
    });
    let modules = symbols.iter().map(|symbol| {
        let module = ident(&symbol.file_module);
        quote!(mod #module;)
    });
    quote! {
        #(#exports)*
        /// Builders for the errors in this module.
        pub mod builders;
        #(#modules)*
    }
}

fn types_error_builders_rs(def: &CrateDef) -> TokenStream {
    let exports = def.errors.iter().map(|error| {
        let builder = path(&error.symbol.builder_definition_path);
        quote!(pub use #builder;)
    });
    quote!(#(#exports)*)
}

fn operation_rs(def: &CrateDef) -> TokenStream {
    let modules = def.operations.iter().map(|op| {
        let module = ident(&op.symbol.module);
        let docs = doc_attrs(
            op.docs.as_deref(),
            &format!("Types for the `{}` operation.", op.name),
        );
        quote!(#docs pub mod #module;)
    });
    let request_id_doc = plain_doc(&[
        "Implemented by outputs and errors that carry the id the service gave the request.".into(),
    ]);
    quote! {
        //! One module per operation: its input, output and error types, and their builders.
        #request_id_doc
        pub use ::smithy_runtime::error::RequestId;
        #(#modules)*
    }
}
