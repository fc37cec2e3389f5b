//! `src/protocol_serde/op_<operation>.rs`: the operation's body serializer and response
//! parser. The protocol supplies the body, the output parser and how an error gives its code;
//! picking the modeled error by that code is the same for every protocol.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ident, path};
use crate::ir::{ErrorRef, OperationDef};
use crate::naming;
use crate::protocol::{ErrorMetadataCode, OutputEntry, OutputParserCode, Protocol};

/// The items of the operation's `protocol_serde` module.
pub fn operation_serde(protocol: &dyn Protocol, op: &OperationDef) -> TokenStream {
    let output_path = path(&op.output.path());
    let error_path = path(&op.error_path());
    // `de_error` imports the error enum, whose name it then writes in every arm; nothing else
    // in that function has a name of its own.
    let error_name = ident(&op.symbol.error_name);
    let body_serializer = protocol.body_serializer(op);
    let OutputParserCode {
        call,
        functions,
        reads_status,
    } = protocol.output_parser(op);
    let error_arms: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|error| error_arm(error, &error_name, protocol.error_deserializer_args()))
        .collect();
    let ErrorMetadataCode { statements, code } = protocol.error_metadata(!error_arms.is_empty());
    let de_error_body = if error_arms.is_empty() {
        quote! {
            #statements
            #error_name::generic(meta)
        }
    } else {
        quote! {
            #statements
            match #code {
                #(#error_arms)*
                _ => #error_name::generic(meta),
            }
        }
    };
    let de_error = quote! {
        fn de_error(status: u16, headers: &::smithy_runtime::transport::HeaderMap, body: &[u8]) -> #error_path {
            use #error_path;
            #de_error_body
        }
    };
    let status = if reads_status {
        quote!(status)
    } else {
        quote!(_status)
    };
    let streamed_error_parser = quote! {
        /// Parses an error response: the modeled error, or the unhandled one.
        pub(crate) fn de_error_response(response: &::smithy_runtime::transport::HttpResponse) -> #error_path {
            let body = response.body().bytes().unwrap_or_default();
            de_error(response.status().as_u16(), response.headers().as_http_headers(), body)
        }
    };
    match protocol.output_entry(op) {
        OutputEntry::Buffered => {}
        // The runtime reads an error response whole and hands a successful one over as its
        // body arrives, so the two parsers are separate.
        OutputEntry::Streamed => {
            return quote! {
                #body_serializer

                /// Parses a successful response, whose body is handed over unread.
                pub(crate) fn de_stream_output(
                    #status: u16,
                    headers: &::smithy_runtime::transport::HeaderMap,
                    body: crate::primitives::ByteStream,
                ) -> Result<#output_path, crate::error::BoxError> {
                    #call.map_err(Into::into)
                }

                #functions

                #streamed_error_parser

                #de_error
            };
        }
        OutputEntry::AfterInitialResponse => {
            let events_ty = op
                .output
                .event_stream()
                .map(|events| super::type_tokens(&events.ty));
            return quote! {
                #body_serializer

                /// Parses a successful response once its event stream's `initial-response`
                /// message (`payload`) has been read; `events` is the stream after it.
                pub(crate) fn de_initial_response(
                    headers: &::smithy_runtime::transport::HeaderMap,
                    payload: &[u8],
                    events: #events_ty,
                ) -> Result<#output_path, crate::error::BoxError> {
                    #call.map_err(Into::into)
                }

                #functions

                #streamed_error_parser

                #de_error
            };
        }
    }
    quote! {
        #body_serializer

        /// Parses a response: the output on success, the modeled or unhandled error otherwise.
        // The error is as large as the operation's error enum, which the runtime's signature takes
        // by value.
        #[allow(clippy::result_large_err)]
        pub(crate) fn de_response(
            response: &::smithy_runtime::transport::HttpResponse,
        ) -> Result<#output_path, ::smithy_runtime::client::ParseOutcome<#error_path>> {
            let status = response.status().as_u16();
            let body = response.body().bytes().unwrap_or_default();
            let headers = response.headers().as_http_headers();
            if !response.status().is_success() {
                return Err(::smithy_runtime::client::ParseOutcome::ServiceError(
                    de_error(status, headers, body),
                ));
            }
            #call
                .map_err(::smithy_runtime::client::ParseOutcome::malformed)
        }

        #functions

        #de_error
    }
}

/// The match arm of one modeled error: its parser, or the unhandled error when its body does
/// not parse.
fn error_arm(error: &ErrorRef, error_name: &Ident, args: TokenStream) -> TokenStream {
    let code = error.id.name();
    let variant = ident(&error.variant);
    let module = path(&error.symbol.serde_module_path);
    let function = ident(&naming::deserializer_fn_name(&error.type_name));
    // A modeled error whose body does not parse is still reported, with its code, as
    // `Unhandled` (deprecated, so that users match on codes rather than on it).
    quote! {
        #[allow(deprecated)]
        Some(#code) => #module::#function(#args)
            .map_or_else(#error_name::Unhandled, #error_name::#variant),
    }
}
