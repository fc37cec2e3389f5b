//! awsJson 1.0 and 1.1: every operation is a `POST /` whose `X-Amz-Target` header names it,
//! input and output are JSON objects of every member (`@jsonName` is ignored), and an error
//! response names its code in `X-Amzn-Errortype`, `__type` or `code`.
//!
//! An event stream is the whole body. The input's other members go first, as the JSON of an
//! `initial-request` message (`:content-type` the protocol's); the output's others come in an
//! `initial-response` message, read before the output is handed over.

use proc_macro2::TokenStream;
use quote::quote;

use super::bindings::{BodyOnly, MemberBindings};
use super::{ErrorMetadataCode, OutputEntry, OutputParserCode, Protocol, RequestCode};
use crate::ir::{CrateDef, FieldDef, OperationDef, RustType, StructDef};
use crate::render::protocol_serde::{
    de_fields, de_members, error_correction, finish_result, ser_fields, SerdeRequests,
};

/// awsJson, in one of its two versions (they differ only in the content type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsJson {
    V1_0,
    V1_1,
}

impl AwsJson {
    fn content_type(self) -> &'static str {
        match self {
            AwsJson::V1_0 => "application/x-amz-json-1.0",
            AwsJson::V1_1 => "application/x-amz-json-1.1",
        }
    }
}

impl Protocol for AwsJson {
    fn trait_id(&self) -> &'static str {
        match self {
            AwsJson::V1_0 => "aws.protocols#awsJson1_0",
            AwsJson::V1_1 => "aws.protocols#awsJson1_1",
        }
    }

    fn bindings(&self) -> &dyn MemberBindings {
        &BodyOnly
    }

    fn request(&self, def: &CrateDef, op: &OperationDef) -> RequestCode {
        let serde_module = crate::render::path(&op.symbol.serde_module_path);
        let content_type = self.content_type();
        let target = format!("{}.{}", def.service.id.name(), op.id.name());
        if let Some(events) = op.input.event_stream() {
            let name = crate::render::ident(&events.name);
            let (marshaller, error_marshaller) = super::marshallers(events);
            return RequestCode {
                prepare: quote! {
                    let initial = ::smithy_runtime::event_stream::marshal::initial_request(
                        #content_type,
                        #serde_module::ser_input(&input)?.into_bytes(),
                    );
                    let events = input.#name;
                    let body = Vec::<u8>::new();
                },
                calls: quote! {
                    .static_header("x-amz-target", #target)
                    .event_stream_after(initial, events, #marshaller, #error_marshaller)
                },
                takes_from_input: false,
            };
        }
        RequestCode {
            prepare: quote! {
                let body = #serde_module::ser_input(&input)?;
            },
            calls: quote! {
                .static_header("content-type", #content_type)
                .static_header("x-amz-target", #target)
            },
            takes_from_input: false,
        }
    }

    fn body_serializer(&self, op: &OperationDef) -> TokenStream {
        let input_path = crate::render::path(&op.input.path());
        let json = quote!(::smithy_runtime::json);
        // With an event stream, the other members are the `initial-request`'s JSON.
        let fields = not_streamed(&op.input);
        let (input_name, object_decl) = if fields.is_empty() {
            (
                quote!(_input),
                quote!(let object = #json::object(&mut out);),
            )
        } else {
            (
                quote!(input),
                quote!(let mut object = #json::object(&mut out);),
            )
        };
        let ser = ser_fields(fields);
        let doc = if op.input.event_stream().is_some() {
            " The JSON of the request's `initial-request` message: every member but the stream."
        } else {
            " The JSON body of the request."
        };
        quote! {
            #[doc = #doc]
            pub(crate) fn ser_input(#input_name: &#input_path) -> Result<String, crate::error::BuildError> {
                let mut out = String::new();
                #object_decl
                #ser
                object.finish();
                Ok(out)
            }
        }
    }

    fn output_parser(&self, op: &OperationDef) -> OutputParserCode {
        let output_path = crate::render::path(&op.output.path());
        let json = quote!(::smithy_runtime::json);
        if let Some(events) = op.output.event_stream() {
            return if self.output_entry(op) == OutputEntry::AfterInitialResponse {
                initial_response_parser(op, events)
            } else {
                lone_stream_parser(op, events)
            };
        }
        let members = de_members(&op.output);
        let correct = error_correction(&op.output);
        let build = finish_result(&op.output);
        let entries_decl = if op.output.fields.is_empty() {
            quote!(#json::de::object(&value)?;)
        } else {
            quote!(let entries = #json::de::into_object(value)?.unwrap_or_default();)
        };
        OutputParserCode {
            call: quote! {
                de_output(body, ::smithy_runtime::protocol::aws_json::request_id(headers))
            },
            functions: quote! {
                fn de_output(
                    body: &[u8],
                    request_id: Option<&str>,
                ) -> Result<#output_path, #json::DeserializeError> {
                    let value = #json::parse_body(body)?;
                    #entries_decl
                    let mut builder = #output_path::builder();
                    #members
                    #correct
                    if let Some(request_id) = request_id {
                        builder = builder._request_id(request_id);
                    }
                    #build
                }
            },
            reads_status: false,
        }
    }

    fn output_entry(&self, op: &OperationDef) -> OutputEntry {
        if op.output.event_stream().is_some() && op.output.fields.len() > 1 {
            OutputEntry::AfterInitialResponse
        } else {
            OutputEntry::by_streams(op)
        }
    }

    fn request_serde(&self, def: &CrateDef, requests: &mut SerdeRequests<'_>) {
        // Every member is in the body: inputs are written whole, outputs and errors read whole.
        for op in &def.operations {
            for field in &op.input.fields {
                requests.serializer(&field.ty);
            }
            for field in &op.output.fields {
                requests.deserializer(&field.ty);
            }
        }
        for error in &def.errors {
            for field in &error.fields {
                requests.deserializer(&field.ty);
            }
        }
    }

    fn error_metadata(&self, _needs_code: bool) -> ErrorMetadataCode {
        ErrorMetadataCode {
            statements: quote! {
                let meta = ::smithy_runtime::protocol::aws_json::parse_error_metadata(status, headers, body).build();
            },
            code: quote!(meta.code()),
        }
    }

    fn error_deserializer(&self, error: &StructDef) -> TokenStream {
        crate::render::protocol_serde::de_error(error)
    }

    fn error_deserializer_args(&self) -> TokenStream {
        quote!(status, body, meta)
    }

    fn needs_http_routes(&self) -> bool {
        false
    }
}

/// The members of `def` that are not its event stream.
fn not_streamed(def: &StructDef) -> Vec<&FieldDef> {
    def.fields
        .iter()
        .filter(|field| !matches!(field.ty, RustType::EventStream { .. }))
        .collect()
}

/// The parser of an output whose only member is its event stream: the whole body is the
/// stream, and an `initial-response` message, having nothing to fill, is dropped.
fn lone_stream_parser(op: &OperationDef, events: &FieldDef) -> OutputParserCode {
    let output_path = crate::render::path(&op.output.path());
    let json = quote!(::smithy_runtime::json);
    let name = crate::render::ident(&events.name);
    let unmarshaller = super::unmarshaller(events);
    let build = finish_result(&op.output);
    OutputParserCode {
        call: quote! {
            de_output(body, ::smithy_runtime::protocol::aws_json::request_id(headers))
        },
        functions: quote! {
            fn de_output(
                body: crate::primitives::ByteStream,
                request_id: Option<&str>,
            ) -> Result<#output_path, #json::DeserializeError> {
                let mut builder = #output_path::builder();
                builder.#name = Some(
                    crate::primitives::event_stream::EventReceiver::new(#unmarshaller, body.into_inner())
                        .skipping_initial_response(),
                );
                if let Some(request_id) = request_id {
                    builder = builder._request_id(request_id);
                }
                #build
            }
        },
        reads_status: false,
    }
}

/// The parser of an output with an event stream and other members: those are the JSON of the
/// stream's `initial-response` message, which the runtime has read (`payload`).
fn initial_response_parser(op: &OperationDef, events: &FieldDef) -> OutputParserCode {
    let output_path = crate::render::path(&op.output.path());
    let json = quote!(::smithy_runtime::json);
    let name = crate::render::ident(&events.name);
    let events_ty = crate::render::type_tokens(&events.ty);
    let members = de_fields(&not_streamed(&op.output));
    let correct = error_correction(&op.output);
    let build = finish_result(&op.output);
    OutputParserCode {
        call: quote! {
            de_output(payload, events, ::smithy_runtime::protocol::aws_json::request_id(headers))
        },
        functions: quote! {
            fn de_output(
                payload: &[u8],
                events: #events_ty,
                request_id: Option<&str>,
            ) -> Result<#output_path, #json::DeserializeError> {
                let value = #json::parse_body(payload)?;
                let entries = #json::de::into_object(value)?.unwrap_or_default();
                let mut builder = #output_path::builder();
                #members
                builder.#name = Some(events);
                #correct
                if let Some(request_id) = request_id {
                    builder = builder._request_id(request_id);
                }
                #build
            }
        },
        reads_status: false,
    }
}
