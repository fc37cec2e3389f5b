//! restJson1: the `@http` trait gives each operation's method and URI, the HTTP-binding traits
//! place members in the path, query string, headers and status code, and what is left is a
//! JSON object in the body (members named by `@jsonName`), unless one member is the whole
//! `@httpPayload`. An error response names its code as in awsJson.

use proc_macro2::TokenStream;
use quote::quote;

use super::bindings::{BodyNames, HttpTraits, MemberBindings};
use super::{http_request, http_response};
use super::{ErrorMetadataCode, OutputEntry, OutputParserCode, Protocol, RequestCode};
use crate::ir::{CrateDef, FieldDef, HttpBinding, NamedKind, OperationDef, RustType, StructDef};
use crate::render::protocol_serde::{
    de_fields, error_correction, finish_result, member_bindings, ser_fields, serde_fn,
    SerdeRequests,
};
use crate::render::{ident, path};

/// restJson1 (`aws.protocols#restJson1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestJson;

const BINDINGS: HttpTraits = HttpTraits {
    body_names: BodyNames::JsonName,
};

fn json() -> TokenStream {
    quote!(::smithy_runtime::json)
}

fn body_fields(def: &StructDef) -> Vec<&FieldDef> {
    def.fields
        .iter()
        .filter(|field| field.binding.location == HttpBinding::Body)
        .collect()
}

fn payload_field(def: &StructDef) -> Option<&FieldDef> {
    def.fields
        .iter()
        .find(|field| field.binding.location == HttpBinding::Payload)
}

/// The method as an `http::Method` constant.
fn method(op: &OperationDef) -> TokenStream {
    let route = op.http.as_ref().expect("restJson1 operations have a route");
    let method = route.method.to_ascii_uppercase();
    let constant = ident(match method.as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE" | "CONNECT" => {
            &method
        }
        // The validator accepts any token; the standard methods are the ones AWS uses.
        _ => "POST",
    });
    quote!(::smithy_runtime::transport::Method::#constant)
}

/// The content type of a payload member.
fn payload_content_type(field: &FieldDef) -> &str {
    if let Some(media_type) = &field.media_type {
        return media_type;
    }
    match &field.ty {
        RustType::Blob | RustType::ByteStream => "application/octet-stream",
        RustType::String
        | RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => "text/plain",
        _ => "application/json",
    }
}

/// The `match` that writes the payload member into `(body, content type)`.
fn ser_payload(field: &FieldDef) -> TokenStream {
    let json = json();
    let name = ident(&field.name);
    let content_type = payload_content_type(field);
    let (bytes, when_unset) = match &field.ty {
        RustType::Blob => (quote!(value.into_inner()), None),
        RustType::String => (quote!(value.into_bytes()), None),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => (quote!(value.as_str().as_bytes().to_vec()), None),
        RustType::Document => (
            quote! {
                {
                    let mut out = String::new();
                    #json::JsonWriter::new(&mut out).value().document(value);
                    out.into_bytes()
                }
            },
            None,
        ),
        RustType::Named {
            kind,
            path: type_path,
            ..
        } => {
            let function = serde_fn(type_path, crate::naming::serializer_fn_name);
            // An unset structure is sent as an empty object; an unset union sends nothing.
            let when_unset = (*kind == NamedKind::Structure).then(|| quote!(b"{}".to_vec()));
            (
                quote! {
                    {
                        let mut out = String::new();
                        let mut object = #json::object(&mut out);
                        #function(&mut object, value)?;
                        object.finish();
                        out.into_bytes()
                    }
                },
                when_unset,
            )
        }
        _ => (quote!(value.to_string().into_bytes()), None),
    };
    let unset = match when_unset {
        Some(bytes) => quote!((#bytes, Some(#content_type))),
        None => quote!((Vec::new(), None)),
    };
    let value = if takes_payload(field) {
        quote!(input.#name.take())
    } else {
        quote!(&input.#name)
    };
    quote! {
        Ok(match #value {
            Some(value) => (#bytes, Some(#content_type)),
            None => #unset,
        })
    }
}

/// Whether the payload member is moved into the body rather than written from a reference.
fn takes_payload(field: &FieldDef) -> bool {
    matches!(field.ty, RustType::Blob | RustType::String)
}

/// The expression reading the payload member from `body`.
fn de_payload(field: &FieldDef) -> TokenStream {
    let json = json();
    let rest_json = quote!(::smithy_runtime::protocol::rest_json);
    match &field.ty {
        RustType::Blob => quote!(#rest_json::payload_blob(body)),
        RustType::String => quote!(#rest_json::payload_text(body)?),
        RustType::Named {
            kind: NamedKind::Enum,
            path: enum_path,
            ..
        } => {
            let enum_path = path(enum_path);
            quote!(#rest_json::payload_text(body)?.map(|text| #enum_path::from(text.as_str())))
        }
        RustType::Document => quote! {
            if body.is_empty() {
                None
            } else {
                #json::de::document(&#json::parse(body)?)?
            }
        },
        RustType::Named {
            path: type_path,
            boxed,
            ..
        } => {
            let function = serde_fn(type_path, crate::naming::deserializer_fn_name);
            let boxed = boxed.then(|| quote!(.map(Box::new)));
            quote! {
                if body.is_empty() {
                    None
                } else {
                    #function(#json::parse(body)?)? #boxed
                }
            }
        }
        _ => quote!(#rest_json::payload_text(body)?.and_then(|text| text.parse().ok())),
    }
}

/// The request code of an operation whose payload is a stream: the stream is moved out of the
/// input and sent as it is read.
fn streaming_request(
    op: &OperationDef,
    stream: &FieldDef,
    headers: TokenStream,
    with_headers: TokenStream,
) -> RequestCode {
    let serde_module = path(&op.symbol.serde_module_path);
    let method = method(op);
    let name = ident(&stream.name);
    let content_type = payload_content_type(stream);
    let requires_length = op.requires_length.then(|| quote!(.requires_length()));
    RequestCode {
        prepare: quote! {
            let uri = #serde_module::ser_uri(&input)?;
            #headers
            let stream = ::std::mem::take(&mut input.#name);
            let body = Vec::<u8>::new();
        },
        calls: quote! {
            .with_method(#method)
            .path(uri)
            #with_headers
            .default_content_type(Some(#content_type))
            .streaming_body(stream)
            #requires_length
        },
        takes_from_input: true,
    }
}

/// The request code of an operation whose payload is an event stream: the caller's sender is
/// moved out of the input and its events marshalled as they come.
fn event_stream_request(
    op: &OperationDef,
    events: &FieldDef,
    headers: TokenStream,
    with_headers: TokenStream,
) -> RequestCode {
    let serde_module = path(&op.symbol.serde_module_path);
    let method = method(op);
    let name = ident(&events.name);
    let (marshaller, error_marshaller) = super::marshallers(events);
    RequestCode {
        prepare: quote! {
            let uri = #serde_module::ser_uri(&input)?;
            #headers
            let events = input.#name;
            let body = Vec::<u8>::new();
        },
        calls: quote! {
            .with_method(#method)
            .path(uri)
            #with_headers
            .event_stream(events, #marshaller, #error_marshaller)
        },
        takes_from_input: false,
    }
}

impl Protocol for RestJson {
    fn trait_id(&self) -> &'static str {
        "aws.protocols#restJson1"
    }

    fn bindings(&self) -> &dyn MemberBindings {
        &BINDINGS
    }

    fn request(&self, _def: &CrateDef, op: &OperationDef) -> RequestCode {
        let serde_module = path(&op.symbol.serde_module_path);
        let method = method(op);
        let (headers, with_headers) = if http_request::has_headers(op) {
            (
                quote!(let headers = #serde_module::ser_headers(&input)?;),
                quote!(.with_headers(headers)),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        if let Some(stream) = op.input.streaming_payload() {
            return streaming_request(op, stream, headers, with_headers);
        }
        if let Some(events) = op.input.event_stream() {
            return event_stream_request(op, events, headers, with_headers);
        }
        let has_body = payload_field(&op.input).is_some() || !body_fields(&op.input).is_empty();
        let takes_from_input = payload_field(&op.input).is_some_and(takes_payload);
        let input_ref = if takes_from_input {
            quote!(&mut input)
        } else {
            quote!(&input)
        };
        let (body, content_type) = if has_body {
            (
                quote!(let (body, content_type) = #serde_module::ser_body(#input_ref)?;),
                quote!(.default_content_type(content_type)),
            )
        } else {
            (quote!(let body = Vec::<u8>::new();), TokenStream::new())
        };
        RequestCode {
            prepare: quote! {
                let uri = #serde_module::ser_uri(&input)?;
                #headers
                #body
            },
            calls: quote! {
                .with_method(#method)
                .path(uri)
                #with_headers
                #content_type
            },
            takes_from_input,
        }
    }

    fn body_serializer(&self, op: &OperationDef) -> TokenStream {
        let input_path = path(&op.input.path());
        let json = json();
        let uri = http_request::uri_fn(op);
        let headers = http_request::has_headers(op).then(|| http_request::headers_fn(op));
        let body_fields = body_fields(&op.input);
        let body = if let Some(payload) = payload_field(&op.input) {
            // A stream is handed to the request as it is (`streaming_request`,
            // `event_stream_request`).
            (!matches!(
                payload.ty,
                RustType::ByteStream | RustType::EventStream { .. }
            ))
            .then(|| ser_payload(payload))
        } else if !body_fields.is_empty() {
            let ser = ser_fields(body_fields.iter().copied());
            Some(quote! {
                let mut out = String::new();
                let mut object = #json::object(&mut out);
                #ser
                object.finish();
                Ok((out.into_bytes(), Some("application/json")))
            })
        } else {
            None
        };
        let input_ref = if payload_field(&op.input).is_some_and(takes_payload) {
            quote!(&mut #input_path)
        } else {
            quote!(&#input_path)
        };
        let body = body.map(|statements| {
            quote! {
                /// The request body and its content type (none when nothing is sent).
                pub(crate) fn ser_body(input: #input_ref) -> Result<(Vec<u8>, Option<&'static str>), crate::error::BuildError> {
                    #statements
                }
            }
        });
        quote! {
            #uri
            #headers
            #body
        }
    }

    fn output_parser(&self, op: &OperationDef) -> OutputParserCode {
        let output = &op.output;
        let output_path = path(&output.path());
        let json = json();
        let bound = http_response::statements(output);
        let streaming = output.streaming_payload();
        let event_stream = output.event_stream();
        let body = if let Some(stream) = streaming {
            let name = ident(&stream.name);
            quote!(builder.#name = Some(body);)
        } else if let Some(events) = event_stream {
            let name = ident(&events.name);
            let unmarshaller = super::unmarshaller(events);
            quote! {
                builder.#name = Some(
                    crate::primitives::event_stream::EventReceiver::new(#unmarshaller, body.into_inner()),
                );
            }
        } else if let Some(payload) = payload_field(output) {
            let name = ident(&payload.name);
            let read = de_payload(payload);
            quote!(builder.#name = #read;)
        } else {
            let fields = body_fields(output);
            if fields.is_empty() {
                TokenStream::new()
            } else {
                let members = de_fields(&fields);
                quote! {
                    let entries = #json::de::into_object(#json::parse_body(body)?)?.unwrap_or_default();
                    #members
                }
            }
        };
        let correct = error_correction(output);
        let build = finish_result(output);
        let reads_body = !body.is_empty();
        let status = if http_response::reads_status(output) {
            quote!(status)
        } else {
            quote!(_status)
        };
        let body_name = if reads_body {
            quote!(body)
        } else {
            quote!(_body)
        };
        let body_type = if streaming.is_some() || event_stream.is_some() {
            quote!(crate::primitives::ByteStream)
        } else {
            quote!(&[u8])
        };
        OutputParserCode {
            call: quote! {
                de_output(status, headers, body)
            },
            functions: quote! {
                fn de_output(
                    #status: u16,
                    headers: &::smithy_runtime::transport::HeaderMap,
                    #body_name: #body_type,
                ) -> Result<#output_path, #json::DeserializeError> {
                    let mut builder = #output_path::builder();
                    #bound
                    #body
                    if let Some(request_id) = ::smithy_runtime::protocol::rest_json::request_id(headers) {
                        builder = builder._request_id(request_id);
                    }
                    #correct
                    #build
                }
            },
            reads_status: true,
        }
    }

    fn output_entry(&self, op: &OperationDef) -> OutputEntry {
        OutputEntry::by_streams(op)
    }

    fn request_serde(&self, def: &CrateDef, requests: &mut SerdeRequests<'_>) {
        // Only what the body carries needs a serde function: header, label and query members
        // are scalars or lists of them.
        let in_body = |field: &&FieldDef| {
            matches!(
                field.binding.location,
                HttpBinding::Body | HttpBinding::Payload
            )
        };
        for op in &def.operations {
            for field in op.input.fields.iter().filter(in_body) {
                requests.serializer(&field.ty);
            }
            for field in op.output.fields.iter().filter(in_body) {
                requests.deserializer(&field.ty);
            }
        }
        for error in &def.errors {
            for field in error.fields.iter().filter(in_body) {
                requests.deserializer(&field.ty);
            }
        }
    }

    fn error_metadata(&self, _needs_code: bool) -> ErrorMetadataCode {
        ErrorMetadataCode {
            statements: quote! {
                let meta = ::smithy_runtime::protocol::rest_json::parse_error_metadata(status, headers, body).build();
            },
            code: quote!(meta.code()),
        }
    }

    fn error_deserializer(&self, error: &StructDef) -> TokenStream {
        let function = ident(&crate::naming::deserializer_fn_name(&error.name));
        let ty = path(&error.path());
        let json = json();
        let fields = body_fields(error);
        let members = de_fields(&fields);
        let bound = http_response::statements(error);
        let correct = error_correction(error);
        let build = finish_result(error);
        let sensitive_message = error.has_sensitive_message();
        let (mutability, entries_name) = member_bindings(error);
        let (entries_name, mutability) = if fields.is_empty() {
            (quote!(_entries), mutability)
        } else {
            (entries_name, mutability)
        };
        let headers_name = if http_response::reads_headers(error) {
            quote!(headers)
        } else {
            quote!(_headers)
        };
        quote! {
            /// Reads the error from a response's headers and body (`{}` when the body is
            /// empty). A response that does not parse gives the unhandled error, which still
            /// carries the error's code and names the response's HTTP `status`.
            pub(crate) fn #function(
                status: u16,
                headers: &::smithy_runtime::transport::HeaderMap,
                body: &[u8],
                meta: crate::error::ErrorMetadata,
            ) -> Result<#ty, crate::error::sealed_unhandled::Unhandled> {
                ::smithy_runtime::protocol::rest_json::parse_modeled_error(status, headers, body, meta, #sensitive_message, parse)
            }

            fn parse(
                value: #json::Value<'_>,
                #headers_name: &::smithy_runtime::transport::HeaderMap,
                meta: crate::error::ErrorMetadata,
            ) -> Result<#ty, #json::DeserializeError> {
                let #entries_name = #json::de::into_object(value)?.unwrap_or_default();
                let #mutability builder = #ty::builder().meta(meta);
                #bound
                #members
                #correct
                #build
            }
        }
    }

    fn error_deserializer_args(&self) -> TokenStream {
        quote!(status, headers, body, meta)
    }

    fn needs_http_routes(&self) -> bool {
        true
    }
}
