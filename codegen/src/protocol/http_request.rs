//! The parts of a request that Smithy's HTTP-binding traits place outside the body, the same
//! for every protocol that honours them (restJson1 now, restXml next): the path from the
//! `@http` URI pattern and the `@httpLabel` members, the query string from the pattern's
//! literals, `@httpQuery` and `@httpQueryParams`, and the `@httpHeader` and
//! `@httpPrefixHeaders` headers.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{FieldDef, HttpBinding, NamedKind, OperationDef, RustType};
use crate::render::protocol_serde::format_tokens;
use crate::render::{ident, path};
use crate::uri_pattern::Segment;

fn binding() -> TokenStream {
    quote!(::smithy_runtime::protocol::http_binding)
}

/// An expression for the text of a scalar `value` (a reference to a `ty`) outside the body:
/// something that dereferences to `str`. Timestamps are formatted as their type says (the
/// location's default is already in it); `?` returns a `BuildError`.
pub(super) fn text(value: TokenStream, ty: &RustType, media_type: bool) -> TokenStream {
    let binding = binding();
    match ty {
        RustType::String if media_type => quote!(#binding::media_type_header(#value)),
        RustType::String => quote!(#value.as_str()),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#value.as_str()),
        RustType::Bool
        | RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::BigInteger
        | RustType::BigDecimal => quote!(#value.to_string()),
        RustType::F32 => quote!(#binding::float32(*#value)),
        RustType::F64 => quote!(#binding::float(*#value)),
        RustType::DateTime(format) => {
            let format = format_tokens(*format);
            quote!(#binding::timestamp(#value, #format)?)
        }
        RustType::Blob => quote!(#binding::blob_text(#value.as_ref())),
        // The validator allows only scalars (and lists of them) outside the body, and a stream
        // only as the payload.
        RustType::ByteStream
        | RustType::EventStream { .. }
        | RustType::Document
        | RustType::Vec(_)
        | RustType::Map(..)
        | RustType::Option(_)
        | RustType::Named { .. } => quote!(#value.to_string()),
    }
}

/// [`text`] as a `&str` argument: borrowed when it is not a `&str` already.
fn str_arg(value: TokenStream, ty: &RustType, media_type: bool) -> TokenStream {
    let text = text(value, ty, media_type);
    let is_str = match ty {
        RustType::String => !media_type,
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => true,
        _ => false,
    };
    if is_str {
        text
    } else {
        quote!(&#text)
    }
}

fn member_name(field: &FieldDef) -> &str {
    &field.member
}

/// `fn ser_uri(input) -> Result<String, BuildError>`: the path and query string, encoded.
pub fn uri_fn(op: &OperationDef) -> TokenStream {
    let binding = binding();
    let input_path = path(&op.input.path());
    let route = op
        .http
        .as_ref()
        .expect("HTTP-binding protocols have a route for every operation");
    let mut statements = Vec::new();
    // Literal text is pushed in one piece up to the next label.
    let mut literal = String::new();
    let flush = |literal: &mut String, statements: &mut Vec<TokenStream>| {
        let text = std::mem::take(literal);
        match text.len() {
            0 => {}
            1 => {
                let character = text.chars().next().unwrap_or('/');
                statements.push(quote!(uri.push(#character);));
            }
            _ => statements.push(quote!(uri.push_str(#text);)),
        }
    };
    for segment in &route.uri.segments {
        literal.push('/');
        match segment {
            Segment::Literal(text) => literal.push_str(text),
            Segment::Label { name, greedy } => {
                let Some(field) = op
                    .input
                    .fields
                    .iter()
                    .find(|f| f.binding.location == HttpBinding::Label && f.member == *name)
                else {
                    continue;
                };
                flush(&mut literal, &mut statements);
                let field_name = ident(&field.name);
                let member = member_name(field);
                let text = str_arg(quote!(value), &field.ty, false);
                statements.push(quote! {
                    let value = input.#field_name.as_ref().ok_or_else(|| #binding::missing_label(#member))?;
                    uri.push_str(&#binding::label_segment(#text, #member, #greedy)?);
                });
            }
        }
    }
    if route.uri.trailing_slash || route.uri.segments.is_empty() {
        literal.push('/');
    }
    flush(&mut literal, &mut statements);
    let query = query_statements(op);
    let uses_input = op.input.fields.iter().any(|field| {
        matches!(
            field.binding.location,
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams
        )
    });
    let input_name = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        /// The request's path and query string, percent-encoded.
        pub(crate) fn ser_uri(#input_name: &#input_path) -> Result<String, crate::error::BuildError> {
            let mut uri = String::new();
            #(#statements)*
            #query
            Ok(uri)
        }
    }
}

/// Statements that append the query string to `uri`.
fn query_statements(op: &OperationDef) -> TokenStream {
    let binding = binding();
    let route = op.http.as_ref().expect("checked by uri_fn");
    let literals = route.uri.query.iter().map(|literal| {
        let text = match &literal.value {
            Some(value) => format!("{}={}", literal.key, value),
            None => literal.key.clone(),
        };
        quote!(query.push_literal(#text);)
    });
    let bound_keys: Vec<&str> = op
        .input
        .fields
        .iter()
        .filter_map(|field| match &field.binding.location {
            HttpBinding::Query(key) => Some(key.as_str()),
            _ => None,
        })
        .collect();
    let mut members = Vec::new();
    for field in &op.input.fields {
        let name = ident(&field.name);
        match &field.binding.location {
            HttpBinding::Query(key) => {
                let push = match &field.ty {
                    RustType::Vec(element) => {
                        let text = str_arg(quote!(item), element, false);
                        quote! {
                            for item in value {
                                query.push(#key, #text);
                            }
                        }
                    }
                    ty => {
                        let text = str_arg(quote!(value), ty, false);
                        quote!(query.push(#key, #text);)
                    }
                };
                members.push(quote! {
                    if let Some(value) = &input.#name {
                        #push
                    }
                });
            }
            HttpBinding::QueryParams => {
                let function = match &field.ty {
                    RustType::Map(_, value) if matches!(value.as_ref(), RustType::Vec(_)) => {
                        quote!(query_param_lists)
                    }
                    _ => quote!(query_params),
                };
                members.push(quote! {
                    if let Some(value) = &input.#name {
                        #binding::#function(&mut query, value, &[#(#bound_keys),*]);
                    }
                });
            }
            _ => {}
        }
    }
    if route.uri.query.is_empty() && members.is_empty() {
        return TokenStream::new();
    }
    quote! {
        {
            let mut query = #binding::QueryWriter::new(&mut uri);
            #(#literals)*
            #(#members)*
        }
    }
}

/// Whether any input member is bound to a header.
pub fn has_headers(op: &OperationDef) -> bool {
    op.input.fields.iter().any(|field| {
        matches!(
            field.binding.location,
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_)
        )
    })
}

/// `fn ser_headers(input) -> Result<HeaderMap, BuildError>`: the headers members are bound to.
pub fn headers_fn(op: &OperationDef) -> TokenStream {
    let binding = binding();
    let input_path = path(&op.input.path());
    let mut statements = Vec::new();
    for field in &op.input.fields {
        let name = ident(&field.name);
        let member = member_name(field);
        let media_type = field.media_type.is_some();
        match &field.binding.location {
            HttpBinding::Header(header) => {
                let header = header.to_ascii_lowercase();
                let set = match &field.ty {
                    RustType::Vec(element) => {
                        let joined = header_list(element, media_type);
                        quote!(#binding::set_header(&mut headers, #header, #member, &#joined)?;)
                    }
                    ty => {
                        let text = str_arg(quote!(value), ty, media_type);
                        quote!(#binding::set_header(&mut headers, #header, #member, #text)?;)
                    }
                };
                statements.push(quote! {
                    if let Some(value) = &input.#name {
                        #set
                    }
                });
            }
            HttpBinding::PrefixHeaders(prefix) => {
                let prefix = prefix.to_ascii_lowercase();
                statements.push(quote! {
                    if let Some(value) = &input.#name {
                        for (key, text) in value {
                            #binding::set_prefix_header(&mut headers, #prefix, key, #member, text)?;
                        }
                    }
                });
            }
            _ => {}
        }
    }
    quote! {
        /// The headers the input's members are bound to.
        pub(crate) fn ser_headers(input: &#input_path) -> Result<::smithy_runtime::transport::HeaderMap, crate::error::BuildError> {
            let mut headers = ::smithy_runtime::transport::HeaderMap::new();
            #(#statements)*
            Ok(headers)
        }
    }
}

/// The value of a header a list is bound to, from `value` (a reference to the list): strings
/// and enums quoted where they need it, other elements (timestamps included, whose
/// `http-date` has a comma of its own) joined as they are.
fn header_list(element: &RustType, media_type: bool) -> TokenStream {
    let binding = binding();
    match element {
        RustType::String if !media_type => {
            quote!(#binding::header_list(value.iter().map(String::as_str)))
        }
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#binding::header_list(value.iter().map(|item| item.as_str()))),
        element => {
            let text = text(quote!(item), element, media_type);
            quote! {
                {
                    let mut texts = Vec::with_capacity(value.len());
                    for item in value {
                        texts.push((#text).to_string());
                    }
                    texts.join(", ")
                }
            }
        }
    }
}
