//! JSON serializers and deserializers, one function per structure and union, written out
//! as plain code over the runtime's JSON writer and reader (no serde derives: they cost
//! compile time). Only the types the protocol asks for get one ([`SerdeRequests`]): a
//! serializer for what requests write, a deserializer for what responses are read into.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, path};
use crate::ir::{
    CrateDef, FieldDef, NamedKind, RustType, StructDef, TimestampFormat, TypeDef, UnionDef,
};
use crate::model::ShapeId;
use crate::naming;
use crate::protocol::Protocol;

/// The serde functions the crate needs, as the protocol asks for them while it looks at each
/// operation: the serializer of each type a request writes, the deserializer of each type a
/// response is read into. Asking for one asks for the functions it calls, once.
pub struct SerdeRequests<'a> {
    def: &'a CrateDef,
    serializers: BTreeSet<ShapeId>,
    deserializers: BTreeSet<ShapeId>,
}

impl<'a> SerdeRequests<'a> {
    fn new(def: &'a CrateDef) -> Self {
        SerdeRequests {
            def,
            serializers: BTreeSet::new(),
            deserializers: BTreeSet::new(),
        }
    }

    /// Asks for what writes a value of `ty`: the serializer of each structure and union in it.
    pub fn serializer(&mut self, ty: &RustType) {
        Self::request(self.def, ty, &mut self.serializers);
    }

    /// Asks for what reads a value of `ty`: the deserializer of each structure and union in it.
    pub fn deserializer(&mut self, ty: &RustType) {
        Self::request(self.def, ty, &mut self.deserializers);
    }

    fn request(def: &CrateDef, ty: &RustType, requested: &mut BTreeSet<ShapeId>) {
        match ty {
            RustType::Vec(inner) | RustType::Option(inner) => Self::request(def, inner, requested),
            RustType::Map(key, value) => {
                Self::request(def, key, requested);
                Self::request(def, value, requested);
            }
            RustType::Named {
                id,
                kind: NamedKind::Structure | NamedKind::Union,
                ..
            } if requested.insert(id.clone()) => match def.type_def(id) {
                Some(TypeDef::Struct(s)) => {
                    for field in &s.fields {
                        Self::request(def, &field.ty, requested);
                    }
                }
                Some(TypeDef::Union(u)) => {
                    for ty in u.variants.iter().filter_map(|v| v.ty.as_ref()) {
                        Self::request(def, ty, requested);
                    }
                }
                _ => {}
            },
            // The stream's (un)marshaller writes or reads its events with their JSON serde
            // functions: the whole structure's, its payload member's, or those of the members
            // bound to no header. A sent stream's errors are written member by member too (a
            // received one's errors have their deserializers anyway).
            RustType::EventStream { id, sent, .. } => {
                let Some(stream) = def.union_def(id).and_then(|u| u.event_stream.as_deref()) else {
                    return;
                };
                for event in &stream.events {
                    let structure = match &event.ty {
                        RustType::Named { id, .. } => def.struct_def(id),
                        _ => None,
                    };
                    match (&event.payload, event.headers.is_empty(), structure) {
                        (None, true, _) => Self::request(def, &event.ty, requested),
                        (Some(payload), _, _) => Self::request(def, &payload.ty, requested),
                        (None, false, Some(structure)) => {
                            let headers = &event.headers;
                            for field in structure
                                .fields
                                .iter()
                                .filter(|f| !headers.iter().any(|h| h.member == f.member))
                            {
                                Self::request(def, &field.ty, requested);
                            }
                        }
                        (None, false, None) => {}
                    }
                }
                if *sent {
                    for error in &stream.errors {
                        let fields = def.errors.iter().filter(|e| e.id == error.error.id);
                        for field in fields.flat_map(|e| &e.fields) {
                            Self::request(def, &field.ty, requested);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `src/protocol_serde/<file>.rs` → tokens for every type whose serializer or deserializer
/// `protocol` asked for, and one per error; the module list for `src/protocol_serde.rs` is made
/// from the file names.
pub fn shape_files(protocol: &dyn Protocol, def: &CrateDef) -> Vec<(String, TokenStream)> {
    let mut requests = SerdeRequests::new(def);
    protocol.request_serde(def, &mut requests);
    let mut files = Vec::new();
    for ty in &def.types {
        let ser = requests.serializers.contains(ty.id());
        let de = requests.deserializers.contains(ty.id());
        if !ser && !de {
            continue;
        }
        let mut tokens = TokenStream::new();
        match ty {
            TypeDef::Struct(s) => {
                if ser {
                    tokens.extend(ser_struct(s));
                }
                if de {
                    tokens.extend(de_struct(s));
                }
            }
            TypeDef::Union(u) => {
                if ser {
                    tokens.extend(ser_union(u));
                }
                if de {
                    tokens.extend(de_union(u));
                }
            }
            TypeDef::Enum(_) => continue,
        }
        files.push((naming::serde_module_name(ty.name()), tokens));
    }
    for error in &def.errors {
        files.push((
            naming::serde_module_name(&error.name),
            protocol.error_deserializer(error),
        ));
    }
    files
}

fn json() -> TokenStream {
    quote!(::smithy_runtime::json)
}

pub(crate) fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(::smithy_runtime::date_time::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(::smithy_runtime::date_time::Format::DateTime),
        TimestampFormat::HttpDate => quote!(::smithy_runtime::date_time::Format::HttpDate),
    }
}

/// The path of the serializer or deserializer of a named type.
pub(crate) fn serde_fn(path_text: &str, function_name: fn(&str) -> String) -> TokenStream {
    let type_name = path_text.rsplit("::").next().unwrap_or(path_text);
    let module = ident(&naming::serde_module_name(type_name));
    let function = ident(&function_name(type_name));
    quote!(crate::protocol_serde::#module::#function)
}

// ---------------------------------------------------------------- serialization

/// The serializer of an operation input or a structure: writes every set member into `object`.
pub fn ser_members(def: &StructDef) -> TokenStream {
    ser_fields(&def.fields)
}

/// Writes each of `fields` of `input` that is set into `object`.
pub fn ser_fields<'a>(fields: impl IntoIterator<Item = &'a FieldDef>) -> TokenStream {
    let members = fields.into_iter().map(|field| {
        let name = ident(&field.name);
        let key = &field.binding.wire_name;
        let write = ser_value(quote!(object.key(#key)), quote!(value), &field.ty, 0);
        if field.optional {
            quote! {
                if let Some(value) = &input.#name {
                    #write
                }
            }
        } else {
            quote! {
                {
                    let value = &input.#name;
                    #write
                }
            }
        }
    });
    quote!(#(#members)*)
}

fn ser_struct(def: &StructDef) -> TokenStream {
    let function = ident(&naming::serializer_fn_name(&def.name));
    let ty = path(&def.path());
    let body = ser_members(def);
    let json = json();
    let input_name = if def.fields.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let object_name = if def.fields.is_empty() {
        quote!(_object)
    } else {
        quote!(object)
    };
    quote! {
        pub(crate) fn #function(
            #object_name: &mut #json::ObjectWriter<'_>,
            #input_name: &#ty,
        ) -> Result<(), crate::error::BuildError> {
            #body
            Ok(())
        }
    }
}

fn ser_union(def: &UnionDef) -> TokenStream {
    let function = ident(&naming::serializer_fn_name(&def.name));
    let name = path(&def.symbol.path);
    let json = json();
    let arms = def.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.name);
        let key = &variant.wire_name;
        match &variant.ty {
            Some(ty) => {
                let write = ser_value(quote!(object.key(#key)), quote!(value), ty, 0);
                quote!(#name::#variant_ident(value) => { #write })
            }
            None => quote!(#name::#variant_ident => { object.key(#key).start_object().finish(); }),
        }
    });
    let unknown = format!(
        "cannot serialize `{}::Unknown`: it holds a member this version does not know",
        def.name
    );
    quote! {
        pub(crate) fn #function(
            object: &mut #json::ObjectWriter<'_>,
            input: &#name,
        ) -> Result<(), crate::error::BuildError> {
            match input {
                #(#arms)*
                #name::Unknown => {
                    return Err(crate::error::BuildError::other(#unknown));
                }
            }
            Ok(())
        }
    }
}

/// Writes `value` (a reference) with `writer` (an expression giving a `ValueWriter`).
pub(crate) fn ser_value(
    writer: TokenStream,
    value: TokenStream,
    ty: &RustType,
    depth: usize,
) -> TokenStream {
    match ty {
        RustType::String => quote!(#writer.string(#value);),
        RustType::Bool => quote!(#writer.boolean(*#value);),
        RustType::I64 => quote!(#writer.integer(*#value);),
        RustType::I8 | RustType::I16 | RustType::I32 => {
            quote!(#writer.integer(::std::primitive::i64::from(*#value));)
        }
        RustType::F32 => quote!(#writer.float32(*#value);),
        RustType::F64 => quote!(#writer.float(*#value);),
        RustType::Blob => quote!(#writer.blob(#value.as_ref());),
        // Normalization lets a stream be only the payload, which no serializer writes.
        RustType::ByteStream => {
            quote!(::std::compile_error!("a streaming blob cannot be written inside a body");)
        }
        // Normalization accepts event streams only in outputs.
        RustType::EventStream { .. } => {
            quote!(::std::compile_error!("an event stream cannot be written inside a body");)
        }
        RustType::BigInteger => quote!(#writer.big_integer(#value);),
        RustType::BigDecimal => quote!(#writer.big_decimal(#value);),
        RustType::DateTime(format) => {
            let format = format_tokens(*format);
            quote!(#writer.timestamp(#value, #format)?;)
        }
        RustType::Document => quote!(#writer.document(#value);),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#writer.string(#value.as_str());),
        RustType::Named { path: p, .. } => {
            let function = serde_fn(p, naming::serializer_fn_name);
            let object = format_ident!("object_{depth}");
            quote! {
                {
                    let mut #object = #writer.start_object();
                    #function(&mut #object, #value)?;
                    #object.finish();
                }
            }
        }
        RustType::Option(inner) => {
            let item = format_ident!("item_{depth}");
            let write = ser_value(quote!(writer), quote!(#item), inner, depth + 1);
            quote! {
                {
                    let writer = #writer;
                    match #value {
                        Some(#item) => { #write }
                        None => writer.null(),
                    }
                }
            }
        }
        RustType::Vec(element) => {
            let array = format_ident!("array_{depth}");
            let item = format_ident!("item_{depth}");
            let write = ser_value(quote!(#array.value()), quote!(#item), element, depth + 1);
            quote! {
                {
                    let mut #array = #writer.start_array();
                    for #item in #value {
                        #write
                    }
                    #array.finish();
                }
            }
        }
        RustType::Map(key, entry) => {
            let object = format_ident!("map_{depth}");
            let key_name = format_ident!("key_{depth}");
            let entry_name = format_ident!("value_{depth}");
            let key_text = match key.as_ref() {
                RustType::Named {
                    kind: NamedKind::Enum,
                    ..
                } => quote!(#key_name.as_str()),
                _ => quote!(#key_name.as_str()),
            };
            let write = ser_value(
                quote!(#object.key(#key_text)),
                quote!(#entry_name),
                entry,
                depth + 1,
            );
            quote! {
                {
                    let mut #object = #writer.start_object();
                    for (#key_name, #entry_name) in #value {
                        #write
                    }
                    #object.finish();
                }
            }
        }
    }
}

// ---------------------------------------------------------------- deserialization

/// An expression of type `Result<Option<T>, DeserializeError>` reading `value`, an owned
/// `Value`: strings, lists and maps are taken out of the parsed document, not copied.
pub(crate) fn de_value(value: TokenStream, ty: &RustType, depth: usize) -> TokenStream {
    let json = json();
    match ty {
        RustType::String => quote!(#json::de::into_string(#value)),
        RustType::Bool => quote!(#json::de::boolean(&#value)),
        RustType::I8 => quote!(#json::de::i8(&#value)),
        RustType::I16 => quote!(#json::de::i16(&#value)),
        RustType::I32 => quote!(#json::de::i32(&#value)),
        RustType::I64 => quote!(#json::de::i64(&#value)),
        RustType::F32 => quote!(#json::de::f32(&#value)),
        RustType::F64 => quote!(#json::de::f64(&#value)),
        RustType::Blob => quote!(#json::de::blob(&#value)),
        RustType::ByteStream => {
            quote!(::std::compile_error!(
                "a streaming blob cannot be read from inside a body"
            ))
        }
        RustType::EventStream { .. } => {
            quote!(::std::compile_error!(
                "an event stream cannot be read from inside a body"
            ))
        }
        RustType::BigInteger => quote!(#json::de::big_integer(&#value)),
        RustType::BigDecimal => quote!(#json::de::big_decimal(&#value)),
        RustType::DateTime(format) => {
            let format = format_tokens(*format);
            quote!(#json::de::timestamp(&#value, #format))
        }
        RustType::Document => quote!(#json::de::document(&#value)),
        RustType::Named {
            kind: NamedKind::Enum,
            path: p,
            ..
        } => {
            let p = path(p);
            quote!(#json::de::str(&#value).map(|value| value.map(#p::from)))
        }
        RustType::Named { path: p, boxed, .. } => {
            let function = serde_fn(p, naming::deserializer_fn_name);
            if *boxed {
                quote!(#function(#value).map(|value| value.map(Box::new)))
            } else {
                quote!(#function(#value))
            }
        }
        RustType::Option(inner) => {
            // A sparse element: `null` is a value.
            de_value(value, inner, depth)
        }
        RustType::Vec(element) => {
            let items = format_ident!("items_{depth}");
            let item = format_ident!("item_{depth}");
            let out = format_ident!("out_{depth}");
            let read = de_value(quote!(#item), element, depth + 1);
            let push = if matches!(element.as_ref(), RustType::Option(_)) {
                quote!(#out.push(#read?);)
            } else {
                // Dense lists skip `null` entries.
                quote!(if let Some(element) = #read? { #out.push(element); })
            };
            // `?` inside propagates to the enclosing deserializer, which has the same error type.
            quote! {
                match #json::de::into_array(#value)? {
                    None => Result::<_, #json::DeserializeError>::Ok(None),
                    Some(#items) => {
                        let mut #out = Vec::with_capacity(#items.len());
                        for #item in #items {
                            #push
                        }
                        Ok(Some(#out))
                    }
                }
            }
        }
        RustType::Map(key, entry) => {
            let entries = format_ident!("entries_{depth}");
            let key_name = format_ident!("key_{depth}");
            let entry_name = format_ident!("value_{depth}");
            let out = format_ident!("out_{depth}");
            let key_value = match key.as_ref() {
                RustType::Named {
                    kind: NamedKind::Enum,
                    path: p,
                    ..
                } => {
                    let p = path(p);
                    quote!(#p::from(&*#key_name))
                }
                _ => quote!(#key_name.into_owned()),
            };
            let read = de_value(quote!(#entry_name), entry, depth + 1);
            let insert = if matches!(entry.as_ref(), RustType::Option(_)) {
                quote!(#out.insert(#key_value, #read?);)
            } else {
                quote!(if let Some(element) = #read? { #out.insert(#key_value, element); })
            };
            quote! {
                match #json::de::into_object(#value)? {
                    None => Result::<_, #json::DeserializeError>::Ok(None),
                    Some(#entries) => {
                        let mut #out = ::std::collections::HashMap::with_capacity(#entries.len());
                        for (#key_name, #entry_name) in #entries {
                            #insert
                        }
                        Ok(Some(#out))
                    }
                }
            }
        }
    }
}

/// The zero value a missing required member is corrected to (Smithy's error correction).
fn zero_value(ty: &RustType) -> Option<TokenStream> {
    Some(match ty {
        RustType::String => quote!(String::new()),
        RustType::Bool => quote!(false),
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => quote!(0),
        RustType::F32 | RustType::F64 => quote!(0.0),
        RustType::Blob => quote!(crate::primitives::Blob::new(Vec::new())),
        RustType::ByteStream => quote!(crate::primitives::ByteStream::default()),
        // The receiver is made from the body, never corrected.
        RustType::EventStream { .. } => return None,
        RustType::BigInteger => quote!(crate::primitives::BigInteger::default()),
        RustType::BigDecimal => quote!(crate::primitives::BigDecimal::default()),
        RustType::DateTime(_) => quote!(crate::primitives::DateTime::from_secs(0)),
        RustType::Document => quote!(crate::primitives::Document::Null),
        RustType::Vec(_) => quote!(Vec::new()),
        RustType::Map(_, _) => quote!(::std::collections::HashMap::new()),
        RustType::Option(_) => quote!(None),
        RustType::Named {
            kind: NamedKind::Enum,
            path: p,
            ..
        } => {
            let p = path(p);
            quote!(#p::from(""))
        }
        // Members targeting structures and unions stay optional: they have no zero value.
        RustType::Named { .. } => return None,
    })
}

/// Statements that read every member of a JSON object into `builder`, ignoring unknown members.
///
/// The builder's fields are assigned directly rather than through its by-value setters, which
/// would copy the whole builder in and out for every member in unoptimized builds.
pub fn de_members(def: &StructDef) -> TokenStream {
    de_fields(&def.fields.iter().collect::<Vec<_>>())
}

/// [`de_members`] for some of the fields only (those in the body).
pub fn de_fields(fields: &[&FieldDef]) -> TokenStream {
    if fields.is_empty() {
        return TokenStream::new();
    }
    let arms = fields.iter().map(|field| {
        let key = &field.binding.wire_name;
        let name = ident(&field.name);
        let read = de_value(quote!(value), &field.ty, 0);
        quote!(#key => builder.#name = #read?,)
    });
    if let [field] = fields {
        let key = &field.binding.wire_name;
        let name = ident(&field.name);
        let read = de_value(quote!(value), &field.ty, 0);
        return quote! {
            for (key, value) in entries {
                if key == #key {
                    builder.#name = #read?;
                }
            }
        };
    }
    quote! {
        for (key, value) in entries {
            match &*key {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// Statements that give every required member without a value its zero value, so a response
/// that leaves one out still parses (the client must not fail on what the server forgot).
pub fn error_correction(def: &StructDef) -> TokenStream {
    let corrections = def
        .fields
        .iter()
        .filter(|field| !field.optional && field.default.is_none())
        .filter_map(|field| {
            let name = ident(&field.name);
            let zero = zero_value(&field.ty)?;
            Some(quote! {
                if builder.#name.is_none() {
                    builder.#name = Some(#zero);
                }
            })
        });
    quote!(#(#corrections)*)
}

/// A `Result` expression turning the corrected `builder` into the value.
pub fn finish_result(def: &StructDef) -> TokenStream {
    if def.build_is_fallible() {
        quote!(Ok(builder.build()?))
    } else {
        quote!(Ok(builder.build()))
    }
}

/// An expression turning the corrected `builder` into the value (no missing member remains).
pub fn finish_build(def: &StructDef) -> TokenStream {
    if def.build_is_fallible() {
        quote!(builder.build()?)
    } else {
        quote!(builder.build())
    }
}

/// How a deserializer binds the object's members and the builder: a shape without members
/// reads neither, so both stay unused and immutable.
pub(crate) fn member_bindings(def: &StructDef) -> (TokenStream, TokenStream) {
    if def.fields.is_empty() {
        (quote!(), quote!(_entries))
    } else {
        (quote!(mut), quote!(entries))
    }
}

fn de_struct(def: &StructDef) -> TokenStream {
    let function = ident(&naming::deserializer_fn_name(&def.name));
    let ty = path(&def.path());
    let json = json();
    let members = de_members(def);
    let correct = error_correction(def);
    let build = finish_build(def);
    let (mutability, entries_name) = member_bindings(def);
    quote! {
        pub(crate) fn #function(
            value: #json::Value,
        ) -> Result<Option<#ty>, #json::DeserializeError> {
            let Some(#entries_name) = #json::de::into_object(value)? else {
                return Ok(None);
            };
            let #mutability builder = #ty::builder();
            #members
            #correct
            Ok(Some(#build))
        }
    }
}

/// The deserializer of an error whose members are all in its JSON body (awsJson).
pub(crate) fn de_error(def: &StructDef) -> TokenStream {
    let function = ident(&naming::deserializer_fn_name(&def.name));
    let ty = path(&def.path());
    let json = json();
    let members = de_members(def);
    let correct = error_correction(def);
    let build = finish_result(def);
    let sensitive_message = def.has_sensitive_message();
    let (mutability, entries_name) = member_bindings(def);
    quote! {
        /// Reads the error from a response body (`{}` when the body is empty). A body that does
        /// not parse gives the unhandled error, which still carries the error's code and names
        /// the response's HTTP `status`.
        pub(crate) fn #function(
            status: u16,
            body: &[u8],
            meta: crate::error::ErrorMetadata,
        ) -> Result<#ty, crate::error::sealed_unhandled::Unhandled> {
            ::smithy_runtime::protocol::aws_json::parse_modeled_error(status, body, meta, #sensitive_message, parse)
        }

        fn parse(
            value: #json::Value<'_>,
            meta: crate::error::ErrorMetadata,
        ) -> Result<#ty, #json::DeserializeError> {
            let #entries_name = #json::de::into_object(value)?.unwrap_or_default();
            let #mutability builder = #ty::builder().meta(meta);
            #members
            #correct
            #build
        }
    }
}

fn de_union(def: &UnionDef) -> TokenStream {
    let function = ident(&naming::deserializer_fn_name(&def.name));
    let name = path(&def.symbol.path);
    let json = json();
    let arms = def.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.name);
        let key = &variant.wire_name;
        match &variant.ty {
            Some(ty) => {
                let read = de_value(quote!(value), ty, 0);
                let missing = format!("union member `{key}` of `{}` has no value", def.name);
                quote! {
                    #key => #name::#variant_ident(
                        #read?.ok_or_else(|| #json::DeserializeError::custom(#missing))?,
                    ),
                }
            }
            None => quote!(#key => #name::#variant_ident,),
        }
    });
    let several = format!("more than one member of union `{}` is set", def.name);
    let none = format!("no member of union `{}` is set", def.name);
    quote! {
        pub(crate) fn #function(
            value: #json::Value,
        ) -> Result<Option<#name>, #json::DeserializeError> {
            let Some(entries) = #json::de::into_object(value)? else {
                return Ok(None);
            };
            let mut variant = None;
            for (key, value) in entries {
                // `__type` may accompany a union, and `null` members are not set.
                if key == "__type" || ::std::matches!(value, #json::Value::Null) {
                    continue;
                }
                if variant.is_some() {
                    return Err(#json::DeserializeError::custom(#several));
                }
                variant = Some(match &*key {
                    #(#arms)*
                    _ => #name::Unknown,
                });
            }
            variant
                .map(Some)
                .ok_or_else(|| #json::DeserializeError::custom(#none))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SerdeRequests;
    use crate::model::ShapeId;
    use crate::test_model::crate_def;

    #[test]
    fn requests_follow_what_each_direction_carries_and_stop_at_cycles() {
        let def = crate_def(
            r#"{
                "smithy": "2.0",
                "shapes": {
                    "example#Service": {
                        "type": "service",
                        "version": "2024-01-01",
                        "operations": [{ "target": "example#Op" }],
                        "traits": { "aws.protocols#awsJson1_1": {} }
                    },
                    "example#Op": {
                        "type": "operation",
                        "input": { "target": "example#OpInput" },
                        "output": { "target": "example#OpOutput" }
                    },
                    "example#OpInput": {
                        "type": "structure",
                        "members": { "sent": { "target": "example#Sent" } }
                    },
                    "example#OpOutput": {
                        "type": "structure",
                        "members": { "received": { "target": "example#Received" } }
                    },
                    "example#Sent": {
                        "type": "structure",
                        "members": { "choice": { "target": "example#Choice" } }
                    },
                    "example#Choice": {
                        "type": "union",
                        "members": {
                            "again": { "target": "example#Sent" },
                            "many": { "target": "example#SentList" }
                        }
                    },
                    "example#SentList": { "type": "list", "member": { "target": "example#Sent" } },
                    "example#Received": {
                        "type": "structure",
                        "members": { "tags": { "target": "example#Tags" } }
                    },
                    "example#Tags": {
                        "type": "map",
                        "key": { "target": "smithy.api#String" },
                        "value": { "target": "example#Tag" }
                    },
                    "example#Tag": {
                        "type": "structure",
                        "members": { "value": { "target": "smithy.api#String" } }
                    }
                }
            }"#,
        );
        let mut requests = SerdeRequests::new(&def);
        crate::protocol::of(&def).request_serde(&def, &mut requests);
        let ids = |names: &[&str]| -> Vec<ShapeId> {
            let mut ids: Vec<ShapeId> = names
                .iter()
                .map(|name| ShapeId::new("example", name))
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(
            requests.serializers.into_iter().collect::<Vec<_>>(),
            ids(&["Choice", "Sent"])
        );
        assert_eq!(
            requests.deserializers.into_iter().collect::<Vec<_>>(),
            ids(&["Received", "Tag"])
        );
    }
}
