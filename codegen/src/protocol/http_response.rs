//! The parts of a response (or an error response) that Smithy's HTTP-binding traits read from
//! outside the body, the same for every protocol that honours them: `@httpHeader`,
//! `@httpPrefixHeaders` and `@httpResponseCode` members.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{FieldDef, HttpBinding, NamedKind, RustType, StructDef};
use crate::render::protocol_serde::format_tokens;
use crate::render::{ident, path};

/// Whether any member of `def` is read from the headers.
pub fn reads_headers(def: &StructDef) -> bool {
    def.fields.iter().any(|field| {
        matches!(
            field.binding.location,
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_)
        )
    })
}

/// Whether any member of `def` is the status code.
pub fn reads_status(def: &StructDef) -> bool {
    def.fields
        .iter()
        .any(|field| field.binding.location == HttpBinding::ResponseCode)
}

/// Statements that set each header- and status-bound member of `builder` from `headers`
/// (`http::HeaderMap`) and `status` (`u16`); `?` returns a `DeserializeError` naming the
/// header.
pub fn statements(def: &StructDef) -> TokenStream {
    let statements = def.fields.iter().filter_map(field_statement);
    quote!(#(#statements)*)
}

fn field_statement(field: &FieldDef) -> Option<TokenStream> {
    let binding = quote!(::smithy_runtime::protocol::http_binding);
    let name = ident(&field.name);
    let read = match &field.binding.location {
        HttpBinding::Header(header) => {
            let header = header.to_ascii_lowercase();
            header_read(&header, &field.ty, field.media_type.is_some())
        }
        HttpBinding::PrefixHeaders(prefix) => {
            let prefix = prefix.to_ascii_lowercase();
            quote!(#binding::prefix_headers(headers, #prefix)?)
        }
        HttpBinding::ResponseCode => {
            quote!(Some(::std::primitive::i32::from(status)))
        }
        _ => return None,
    };
    Some(quote!(builder.#name = #read;))
}

/// An `Option<T>` expression reading header `header` as a `ty`.
fn header_read(header: &str, ty: &RustType, media_type: bool) -> TokenStream {
    let binding = quote!(::smithy_runtime::protocol::http_binding);
    match ty {
        RustType::String if media_type => quote!(#binding::header_media_type(headers, #header)?),
        RustType::String => {
            quote!(#binding::header_string::<String>(headers, #header)?)
        }
        RustType::Named {
            kind: NamedKind::Enum,
            path: enum_path,
            ..
        } => {
            let enum_path = path(enum_path);
            quote! {
                #binding::header_string::<String>(headers, #header)?
                    .map(|text| #enum_path::from(text.as_str()))
            }
        }
        RustType::DateTime(format) => {
            let format = format_tokens(*format);
            quote!(#binding::header_timestamp(headers, #header, #format)?)
        }
        RustType::Vec(element) => match element.as_ref() {
            RustType::String => quote!(#binding::header_strings(headers, #header)?),
            RustType::Named {
                kind: NamedKind::Enum,
                path: enum_path,
                ..
            } => {
                let enum_path = path(enum_path);
                quote! {
                    #binding::header_strings(headers, #header)?
                        .map(|texts| texts.iter().map(|text| #enum_path::from(text.as_str())).collect())
                }
            }
            RustType::DateTime(format) => {
                let format = format_tokens(*format);
                quote!(#binding::header_timestamps(headers, #header, #format)?)
            }
            element => {
                let element = scalar(element);
                quote!(#binding::header_list_of::<#element>(headers, #header)?)
            }
        },
        ty => {
            let ty = scalar(ty);
            quote!(#binding::header_one::<#ty>(headers, #header)?)
        }
    }
}

/// The Rust type of a number or boolean read from a header.
fn scalar(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        // The validator allows only strings, numbers, booleans, timestamps and lists of them
        // in headers; anything else is read as text.
        _ => quote!(String),
    }
}
