//! Structures: data types, operation inputs and outputs, and modeled errors, each with a builder.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc_attrs, ident, is_copy, path, plain_doc, type_tokens};
use crate::ir::{DefaultValue, FieldDef, NamedKind, RustType, StructDef, StructRole};
use crate::model::traits::ErrorFault;

const REDACTED: &str = "*** Sensitive Data Redacted ***";

pub fn render(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    // The builder is defined beside the type, in this file: both go by their plain names.
    let builder = ident(&def.builder_name());
    let is_error = matches!(def.role, StructRole::Error(_));
    let is_output = def.role == StructRole::Output;

    let docs = doc_attrs(
        def.docs.as_deref(),
        &format!("The `{}` structure.", def.name),
    );
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let fields = def.fields.iter().map(|field| {
        let docs = field_docs(field);
        let name = ident(&field.name);
        let ty = field_type(field);
        let deprecated = deprecated_attr(field);
        quote! { #docs #deprecated pub #name: #ty, }
    });
    let extra_fields = if is_error {
        quote!(pub(crate) meta: crate::error::ErrorMetadata,)
    } else if is_output {
        quote!(_request_id: Option<String>,)
    } else {
        quote!()
    };
    let getters = def.fields.iter().map(getter);
    let any_sensitive = def.fields.iter().any(|f| f.sensitive);
    let derive_debug = (!any_sensitive).then(|| quote!(Debug,));
    // A stream is read once and compares with nothing, as in the AWS SDK.
    let derive_value = (!def.streams()).then(|| quote!(Clone, PartialEq,));
    let struct_debug =
        any_sensitive.then(|| debug_impl(&def.name, &def.fields, quote!(#name), extra_debug(def)));
    let builder_debug = any_sensitive
        .then(|| debug_impl(&def.builder_name(), &def.fields, quote!(#builder), quote!()));

    let builder_fields = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let ty = type_tokens(&field.ty);
        quote!(pub(crate) #name: Option<#ty>,)
    });
    let builder_extra_fields = if is_error {
        quote!(meta: Option<crate::error::ErrorMetadata>,)
    } else if is_output {
        quote!(_request_id: Option<String>,)
    } else {
        quote!()
    };
    let builder_methods = def.fields.iter().map(builder_methods);
    let builder_extra_methods = if is_error {
        quote! {
            /// Sets the error metadata (code, message, request id) the service returned.
            pub fn meta(mut self, meta: crate::error::ErrorMetadata) -> Self {
                self.meta = Some(meta);
                self
            }
            /// Sets or clears the error metadata.
            pub fn set_meta(&mut self, meta: Option<crate::error::ErrorMetadata>) -> &mut Self {
                self.meta = meta;
                self
            }
        }
    } else if is_output {
        quote! {
            #[allow(dead_code)]
            pub(crate) fn _request_id(mut self, request_id: impl Into<String>) -> Self {
                self._request_id = Some(request_id.into());
                self
            }
            #[allow(dead_code)]
            pub(crate) fn _set_request_id(&mut self, request_id: Option<String>) -> &mut Self {
                self._request_id = request_id;
                self
            }
        }
    } else {
        quote!()
    };
    let build = build_fn(def, &name);
    let error_impls = is_error.then(|| error_impls(def));
    let retryable_kind = retryable_kind_method(def);
    let request_id_impl = is_output.then(|| {
        quote! {
            impl crate::operation::RequestId for #name {
                fn request_id(&self) -> Option<&str> {
                    self._request_id.as_deref()
                }
            }
        }
    });
    let builder_doc = plain_doc(&[format!("A builder for [`{0}`]({1}).", def.name, def.path())]);
    let new_builder_doc = plain_doc(&[format!(
        "Starts a builder for [`{0}`]({1}), with every member unset.",
        def.name,
        def.path()
    )]);
    let allow_deprecated = def
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));

    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(#derive_value #derive_debug)]
        pub struct #name {
            #(#fields)*
            #extra_fields
        }
        #allow_deprecated
        impl #name {
            #retryable_kind
            #(#getters)*
        }
        #struct_debug
        #error_impls
        #request_id_impl
        impl #name {
            #new_builder_doc
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #builder_doc
        #[non_exhaustive]
        #[derive(#derive_value Default, #derive_debug)]
        pub struct #builder {
            #(#builder_fields)*
            #builder_extra_fields
        }
        #allow_deprecated
        impl #builder {
            #(#builder_methods)*
            #builder_extra_methods
            #build
        }
        #builder_debug
    }
}

fn field_docs(field: &FieldDef) -> TokenStream {
    doc_attrs(
        field.docs.as_deref(),
        &format!("The `{}` member.", field.member),
    )
}

/// The type of a struct field: the value type, wrapped in `Option` when the field is optional.
fn field_type(field: &FieldDef) -> TokenStream {
    let ty = type_tokens(&field.ty);
    if field.optional {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

fn getter(field: &FieldDef) -> TokenStream {
    let docs = field_docs(field);
    let name = ident(&field.name);
    let deprecated = deprecated_attr(field);
    let (ret, body) = match (&field.ty, field.optional) {
        (RustType::String, true) => (quote!(Option<&str>), quote!(self.#name.as_deref())),
        (RustType::String, false) => (quote!(&str), quote!(&self.#name)),
        (RustType::Vec(element), optional) => {
            let element = type_tokens(element);
            let body = if optional {
                quote!(self.#name.as_deref().unwrap_or_default())
            } else {
                quote!(&self.#name)
            };
            (quote!(&[#element]), body)
        }
        (
            RustType::Named {
                boxed: true,
                path: p,
                ..
            },
            optional,
        ) => {
            let p = path(p);
            if optional {
                (quote!(Option<&#p>), quote!(self.#name.as_deref()))
            } else {
                (quote!(&#p), quote!(&self.#name))
            }
        }
        (ty, true) if is_copy(ty) => {
            let ty = type_tokens(ty);
            (quote!(Option<#ty>), quote!(self.#name))
        }
        (ty, false) if is_copy(ty) => (type_tokens(ty), quote!(self.#name)),
        (ty, true) => {
            let ty = type_tokens(ty);
            (quote!(Option<&#ty>), quote!(self.#name.as_ref()))
        }
        (ty, false) => {
            let ty = type_tokens(ty);
            (quote!(&#ty), quote!(&self.#name))
        }
    };
    let vec_note = matches!(field.ty, RustType::Vec(_)).then(|| {
        plain_doc(&[
            String::new(),
            format!(
                "When the service leaves this member out, this accessor gives its default; `.{}.is_none()` tells whether it was left out.",
                field.name
            ),
        ])
    });
    let vec_note = if field.optional { vec_note } else { None };
    quote! {
        #docs
        #vec_note
        #deprecated
        pub fn #name(&self) -> #ret {
            #body
        }
    }
}

fn builder_methods(field: &FieldDef) -> TokenStream {
    let docs = field_docs(field);
    let name = ident(&field.name);
    let setter = ident(&field.setter);
    let getter = ident(&field.builder_getter);
    let value_ty = type_tokens(&field.ty);
    let deprecated = deprecated_attr(field);
    let operator_allow = operator_name_allow(&field.name);
    let deprecated = quote!(#deprecated #operator_allow);
    let required_note = (!field.optional && field.default.is_none())
        .then(|| plain_doc(&[String::new(), "This field is required.".into()]));
    let fluent = match &field.ty {
        RustType::Vec(element) => {
            let (param, convert) = into_param(element);
            let note = format!(
                "Pushes one element onto `{0}`, creating the list on first use.\n\n[`{1}`](Self::{1}) replaces the whole list instead.",
                field.member, field.setter
            );
            let note = plain_doc(&note.lines().map(str::to_string).collect::<Vec<_>>());
            quote! {
                #note
                #docs
                #deprecated
                pub fn #name(mut self, input: #param) -> Self {
                    let mut v = self.#name.unwrap_or_default();
                    v.push(#convert);
                    self.#name = Some(v);
                    self
                }
            }
        }
        RustType::Map(key, value) => {
            let (key_param, key_convert) = into_param_named(key, quote!(k));
            let (value_param, value_convert) = into_param_named(value, quote!(v));
            let note = format!(
                "Inserts one entry into `{0}`, creating the map on first use.\n\n[`{1}`](Self::{1}) replaces the whole map instead.",
                field.member, field.setter
            );
            let note = plain_doc(&note.lines().map(str::to_string).collect::<Vec<_>>());
            quote! {
                #note
                #docs
                #deprecated
                pub fn #name(mut self, k: #key_param, v: #value_param) -> Self {
                    let mut hash_map = self.#name.unwrap_or_default();
                    hash_map.insert(#key_convert, #value_convert);
                    self.#name = Some(hash_map);
                    self
                }
            }
        }
        RustType::Named {
            boxed: true,
            path: p,
            ..
        } => {
            let p = path(p);
            quote! {
                #docs
                #required_note
                #deprecated
                pub fn #name(mut self, input: #p) -> Self {
                    self.#name = Some(Box::new(input));
                    self
                }
            }
        }
        ty => {
            let (param, convert) = into_param(ty);
            quote! {
                #docs
                #required_note
                #deprecated
                pub fn #name(mut self, input: #param) -> Self {
                    self.#name = Some(#convert);
                    self
                }
            }
        }
    };
    quote! {
        #fluent
        #docs
        #deprecated
        pub fn #setter(mut self, input: Option<#value_ty>) -> Self {
            self.#name = input;
            self
        }
        #docs
        #deprecated
        pub fn #getter(&self) -> &Option<#value_ty> {
            &self.#name
        }
    }
}

/// The parameter type of a fluent setter for one value, and how to turn `input` into the value.
fn into_param(ty: &RustType) -> (TokenStream, TokenStream) {
    into_param_named(ty, quote!(input))
}

fn into_param_named(ty: &RustType, input: TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        RustType::String => (quote!(impl Into<String>), quote!(#input.into())),
        other => (type_tokens(other), input),
    }
}

fn default_expr(default: &DefaultValue, ty: &RustType) -> TokenStream {
    match (default, ty) {
        (DefaultValue::Bool(false), _) | (DefaultValue::Empty, _) => quote!(.unwrap_or_default()),
        (DefaultValue::Integer(0), _) => quote!(.unwrap_or_default()),
        (DefaultValue::Bool(b), _) => quote!(.unwrap_or(#b)),
        (DefaultValue::Integer(n), ty) => {
            let literal = match ty {
                RustType::I8 => syn::parse_str::<syn::LitInt>(&format!("{n}i8")),
                RustType::I16 => syn::parse_str::<syn::LitInt>(&format!("{n}i16")),
                RustType::I64 => syn::parse_str::<syn::LitInt>(&format!("{n}i64")),
                _ => syn::parse_str::<syn::LitInt>(&format!("{n}i32")),
            }
            .expect("integer literal");
            if *n < 0 {
                let positive =
                    syn::parse_str::<syn::LitInt>(&literal.to_string().replacen('-', "", 1))
                        .expect("literal");
                quote!(.unwrap_or(-#positive))
            } else {
                quote!(.unwrap_or(#literal))
            }
        }
        (DefaultValue::Float(x), ty) => {
            // `{:?}` is the shortest text that reads back as the same value.
            let text = if matches!(ty, RustType::F32) {
                format!("{:?}f32", (*x as f32).abs())
            } else {
                format!("{:?}f64", x.abs())
            };
            let literal: syn::LitFloat = syn::parse_str(&text).expect("float literal");
            if *x == 0.0 {
                quote!(.unwrap_or_default())
            } else if *x < 0.0 {
                quote!(.unwrap_or(-#literal))
            } else {
                quote!(.unwrap_or(#literal))
            }
        }
        (
            DefaultValue::String(s),
            RustType::Named {
                path: p,
                kind: NamedKind::Enum,
                ..
            },
        ) => {
            let p = path(p);
            quote!(.unwrap_or_else(|| #p::from(#s)))
        }
        (DefaultValue::String(s), _) => quote!(.unwrap_or_else(|| String::from(#s))),
        (DefaultValue::Blob(bytes), _) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(.unwrap_or_else(|| crate::primitives::Blob::new(#bytes.to_vec())))
        }
        (DefaultValue::Document(value), _) => {
            let expr = document_expr(value);
            // Scalars cost nothing to build, so clippy wants them eager.
            if value.is_null() || value.is_boolean() || value.is_number() {
                quote!(.unwrap_or(#expr))
            } else {
                quote!(.unwrap_or_else(|| #expr))
            }
        }
        (DefaultValue::BigNumber(text), _) => {
            // The model's text, which validation checked is a number of this kind.
            quote!(.unwrap_or_else(|| #text.parse().expect("the model's default is a valid number")))
        }
        (DefaultValue::EpochSeconds { secs, nanos: 0 }, _) => {
            let secs = proc_macro2::Literal::i64_suffixed(*secs);
            quote!(.unwrap_or_else(|| crate::primitives::DateTime::from_secs(#secs)))
        }
        (DefaultValue::EpochSeconds { secs, nanos }, _) => {
            let secs = proc_macro2::Literal::i64_suffixed(*secs);
            let nanos = proc_macro2::Literal::u32_suffixed(*nanos);
            quote!(.unwrap_or_else(|| crate::primitives::DateTime::from_secs_and_nanos(#secs, #nanos)))
        }
    }
}

fn build_fn(def: &StructDef, name: &Ident) -> TokenStream {
    let fields = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        if field.optional {
            quote!(#name: self.#name,)
        } else if let Some(default) = &field.default {
            let expr = default_expr(default, &field.ty);
            quote!(#name: self.#name #expr,)
        } else {
            let field_name = field.name.trim_start_matches("r#");
            let details = format!(
                "{field_name} was not specified but it is required when building {}",
                def.name
            );
            quote! {
                #name: ::smithy_runtime::error::require(self.#name, #field_name, #details)?,
            }
        }
    });
    let extra = match def.role {
        StructRole::Error(_) => quote!(meta: self.meta.unwrap_or_default(),),
        StructRole::Output => quote!(_request_id: self._request_id,),
        _ => quote!(),
    };
    let doc = format!(
        "Finishes the builder and returns the built [`{}`]({}).",
        def.name,
        def.path()
    );
    let required: Vec<String> = def
        .fields
        .iter()
        .filter(|f| !f.optional && f.default.is_none())
        .map(|f| format!("- [`{0}`](Self::{0})", f.name.trim_start_matches("r#")))
        .collect();
    let mut doc_lines = vec![doc];
    if !required.is_empty() {
        doc_lines.push(String::new());
        doc_lines.push("Fails with a [`BuildError`](crate::error::BuildError) when one of these required members is unset:".into());
        doc_lines.extend(required);
    }
    let docs = plain_doc(&doc_lines);
    if def.build_is_fallible() {
        quote! {
            #docs
            pub fn build(self) -> Result<#name, crate::error::BuildError> {
                Ok(#name {
                    #(#fields)*
                    #extra
                })
            }
        }
    } else {
        quote! {
            #docs
            pub fn build(self) -> #name {
                #name {
                    #(#fields)*
                    #extra
                }
            }
        }
    }
}

fn extra_debug(def: &StructDef) -> TokenStream {
    match def.role {
        StructRole::Error(_) => {
            // The metadata repeats the message, so a sensitive message is hidden there too.
            if def.has_sensitive_message() {
                quote!(formatter.field("meta", &::smithy_runtime::error::redacted(&self.meta));)
            } else {
                quote!(formatter.field("meta", &self.meta);)
            }
        }
        StructRole::Output => quote!(formatter.field("_request_id", &self._request_id);),
        _ => quote!(),
    }
}

fn debug_impl(
    name: &str,
    fields: &[FieldDef],
    type_tokens: TokenStream,
    extra: TokenStream,
) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let label = field.name.trim_start_matches("r#");
        let ident = ident(&field.name);
        if field.sensitive {
            quote!(formatter.field(#label, &#REDACTED);)
        } else {
            quote!(formatter.field(#label, &self.#ident);)
        }
    });
    let allow_deprecated = fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow_deprecated
        impl ::std::fmt::Debug for #type_tokens {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut formatter = f.debug_struct(#name);
                #(#entries)*
                #extra
                formatter.finish()
            }
        }
    }
}

/// `retryable_error_kind()` on a `@retryable` error, as the official crates have it: throttling,
/// else a server or client error by the error's fault. (The operation's error enum classifies
/// retries itself; this is the error's own answer.)
fn retryable_kind_method(def: &StructDef) -> Option<TokenStream> {
    let StructRole::Error(info) = &def.role else {
        return None;
    };
    let kind = match info.retryable? {
        true => quote!(ThrottlingError),
        false if info.fault == ErrorFault::Server => quote!(ServerError),
        false => quote!(ClientError),
    };
    Some(quote! {
        /// The kind of error this is for retries: it is `@retryable`.
        pub fn retryable_error_kind(&self) -> ::smithy_runtime::retry::ErrorKind {
            ::smithy_runtime::retry::ErrorKind::#kind
        }
    })
}

fn error_impls(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let label = &def.name;
    let message = def.message_field();
    let display_message = match message {
        Some(field) if field.sensitive => {
            let text = format!(": {REDACTED}");
            quote!(f.write_str(#text)?;)
        }
        Some(field) => {
            let ident = ident(&field.name);
            if field.optional {
                quote! {
                    if let Some(message) = &self.#ident {
                        ::std::write!(f, ": {message}")?;
                    }
                }
            } else {
                quote!(::std::write!(f, ": {}", self.#ident)?;)
            }
        }
        None => quote!(),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, #label)?;
                if let Some(code) = crate::error::ProvideErrorMetadata::code(self) {
                    if code != #label {
                        ::std::write!(f, " ({code})")?;
                    }
                }
                #display_message
                Ok(())
            }
        }
        impl ::std::error::Error for #name {}
        impl crate::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &crate::error::ErrorMetadata {
                &self.meta
            }
        }
        impl crate::operation::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                crate::operation::RequestId::request_id(&self.meta)
            }
        }
    }
}

/// An expression that builds `value` as a `Document`.
fn document_expr(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(crate::primitives::Document::Null),
        Value::Bool(b) => quote!(crate::primitives::Document::Bool(#b)),
        Value::String(s) => {
            quote!(crate::primitives::Document::String(String::from(#s)))
        }
        Value::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                quote!(::smithy_runtime::primitives::Number::PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                quote!(::smithy_runtime::primitives::Number::NegInt(#i))
            } else {
                let f = n.as_f64().unwrap_or_default();
                quote!(::smithy_runtime::primitives::Number::Float(#f))
            };
            quote!(crate::primitives::Document::Number(#number))
        }
        Value::Array(items) => {
            let items = items.iter().map(document_expr);
            quote!(crate::primitives::Document::Array(::std::vec![#(#items),*]))
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = document_expr(value);
                quote!((String::from(#key), #value))
            });
            quote!(crate::primitives::Document::Object(::std::collections::HashMap::from([#(#entries),*])))
        }
    }
}

/// A setter named like an operator method (`add`, `sub`, ...) takes `self` and one argument,
/// which clippy's `should_implement_trait` mistakes for an attempt at `std::ops`. The name comes
/// from the model (ECS has a member `add`), so the lint is silenced on that method.
pub(crate) fn operator_name_allow(name: &str) -> Option<TokenStream> {
    const OPERATOR_METHODS: &[&str] = &[
        "add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor",
    ];
    OPERATOR_METHODS
        .contains(&name)
        .then(|| quote!(#[allow(clippy::should_implement_trait)]))
}

fn deprecated_attr(field: &FieldDef) -> Option<TokenStream> {
    field
        .deprecated
        .as_ref()
        .map(|deprecation| match &deprecation.note {
            Some(note) => quote!(#[deprecated(note = #note)]),
            None => quote!(#[deprecated]),
        })
}
