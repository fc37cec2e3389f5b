//! awsJson 1.0 and 1.1: every operation is a `POST /` whose `X-Amz-Target` header names it,
//! input and output are JSON objects of every member (`@jsonName` is ignored), and an error
//! response names its code in `X-Amzn-Errortype`, `__type` or `code`.

use proc_macro2::TokenStream;
use quote::quote;

use super::bindings::{BodyOnly, MemberBindings};
use super::{ErrorMetadataCode, OutputParserCode, Protocol, RequestCode};
use crate::ir::{CrateDef, OperationDef, RustType, StructDef};
use crate::render::protocol_serde::{
    de_members, error_correction, finish_result, ser_members, SerdeRequests,
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
        let (input_name, object_decl) = if op.input.fields.is_empty() {
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
        let ser = ser_members(&op.input);
        quote! {
            /// The JSON body of the request.
            pub(crate) fn ser_input(#input_name: &#input_path) -> ::std::result::Result<::std::string::String, crate::error::BuildError> {
                let mut out = ::std::string::String::new();
                #object_decl
                #ser
                object.finish();
                ::std::result::Result::Ok(out)
            }
        }
    }

    fn output_parser(&self, op: &OperationDef) -> OutputParserCode {
        let output_path = crate::render::path(&op.output.path());
        let json = quote!(::smithy_runtime::json);
        if let Some(events) = op.output.event_stream() {
            // Normalization lets the stream be the output's only member: the whole body is the
            // stream, and its `initial-response` has nothing to fill.
            let name = crate::render::ident(&events.name);
            let RustType::EventStream {
                unmarshaller_path, ..
            } = &events.ty
            else {
                unreachable!("event_stream() finds event streams")
            };
            let unmarshaller = crate::render::path(unmarshaller_path);
            let build = finish_result(&op.output);
            return OutputParserCode {
                call: quote! {
                    de_output(body, ::smithy_runtime::protocol::aws_json::request_id(headers))
                },
                functions: quote! {
                    fn de_output(
                        body: crate::primitives::ByteStream,
                        request_id: ::std::option::Option<&str>,
                    ) -> ::std::result::Result<#output_path, #json::DeserializeError> {
                        let mut builder = #output_path::builder();
                        builder.#name = ::std::option::Option::Some(
                            crate::primitives::event_stream::EventReceiver::new(#unmarshaller, body.into_inner())
                                .skipping_initial_response(),
                        );
                        if let ::std::option::Option::Some(request_id) = request_id {
                            builder = builder._request_id(request_id);
                        }
                        #build
                    }
                },
                reads_status: false,
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
                    request_id: ::std::option::Option<&str>,
                ) -> ::std::result::Result<#output_path, #json::DeserializeError> {
                    let value = #json::parse_body(body)?;
                    #entries_decl
                    let mut builder = #output_path::builder();
                    #members
                    #correct
                    if let ::std::option::Option::Some(request_id) = request_id {
                        builder = builder._request_id(request_id);
                    }
                    #build
                }
            },
            reads_status: false,
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
