//! `aws.protocols#awsQueryCompatible`: a service that moved from awsQuery to another protocol
//! and keeps its awsQuery error codes. Requests say so in `x-amzn-query-mode: true`; an error
//! response still picks its modeled error by the protocol's code, and its metadata then
//! carries the awsQuery code and fault from `x-amzn-query-error` (`Code;Fault`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    ErrorMetadataCode, MemberBindings, OutputEntry, OutputParserCode, Protocol, RequestCode,
};
use crate::ir::{CrateDef, OperationDef, StructDef};
use crate::render::protocol_serde::SerdeRequests;

/// `inner` with the awsQuery compatibility header and error codes.
pub struct QueryCompatible<P> {
    inner: P,
}

impl<P: Protocol> QueryCompatible<P> {
    pub fn new(inner: P) -> Self {
        QueryCompatible { inner }
    }
}

impl<P: Protocol> Protocol for QueryCompatible<P> {
    fn trait_id(&self) -> &'static str {
        self.inner.trait_id()
    }

    fn bindings(&self) -> &dyn MemberBindings {
        self.inner.bindings()
    }

    fn request(&self, def: &CrateDef, op: &OperationDef) -> RequestCode {
        let RequestCode {
            prepare,
            calls,
            takes_from_input,
        } = self.inner.request(def, op);
        RequestCode {
            prepare,
            takes_from_input,
            calls: quote! {
                #calls
                .static_header("x-amzn-query-mode", "true")
            },
        }
    }

    fn body_serializer(&self, op: &OperationDef) -> TokenStream {
        self.inner.body_serializer(op)
    }

    fn output_parser(&self, op: &OperationDef) -> OutputParserCode {
        self.inner.output_parser(op)
    }

    fn output_entry(&self, op: &OperationDef) -> OutputEntry {
        self.inner.output_entry(op)
    }

    fn request_serde(&self, def: &CrateDef, requests: &mut SerdeRequests<'_>) {
        self.inner.request_serde(def, requests);
    }

    fn error_metadata(&self, needs_code: bool) -> ErrorMetadataCode {
        let ErrorMetadataCode { statements, code } = self.inner.error_metadata(needs_code);
        let apply = quote! {
            let meta = ::smithy_runtime::protocol::aws_json::apply_query_error(meta.into_builder(), headers).build();
        };
        if needs_code {
            // The modeled error is picked by the inner protocol's code, read before the
            // metadata is replaced.
            ErrorMetadataCode {
                statements: quote! {
                    #statements
                    let code = #code.map(::std::string::ToString::to_string);
                    #apply
                },
                code: quote!(code.as_deref()),
            }
        } else {
            ErrorMetadataCode {
                statements: quote! {
                    #statements
                    #apply
                },
                code,
            }
        }
    }

    fn error_deserializer(&self, error: &StructDef) -> TokenStream {
        self.inner.error_deserializer(error)
    }

    fn error_deserializer_args(&self) -> TokenStream {
        self.inner.error_deserializer_args()
    }

    fn needs_http_routes(&self) -> bool {
        self.inner.needs_http_routes()
    }
}
