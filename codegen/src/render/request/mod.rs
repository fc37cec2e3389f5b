//! Each operation's `request` function: the complete input in, the HTTP request (before
//! signing) out. The protocol writes the message; each feature that applies to any protocol
//! adds its part from its own module.

mod auth;
mod checksum;
mod compression;
mod customizations;
mod endpoint_discovery;
mod host_prefix;
mod idempotency;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{CrateDef, OperationDef};
use crate::protocol::{Protocol, RequestCode};

/// `fn request(handle, input) -> Result<OperationRequest, BoxError>`.
pub fn request_fn(protocol: &dyn Protocol, def: &CrateDef, op: &OperationDef) -> TokenStream {
    let input = crate::render::ident(&op.input.name);
    let discovery_check = endpoint_discovery::check(op);
    let fill_tokens = idempotency::fill_tokens(op);
    let fill_defaults = customizations::fill_defaults(def, op);
    let RequestCode {
        prepare,
        calls,
        takes_from_input,
    } = protocol.request(def, op);
    let input_binding = if fill_tokens.is_some() || fill_defaults.is_some() || takes_from_input {
        quote!(mut input)
    } else {
        quote!(input)
    };
    let service_headers = customizations::header_calls(def);
    let upload_checksums = customizations::upload_checksum_call(def, op);
    let host_prefix = host_prefix::call(op);
    let gzip = compression::call(op);
    let content_md5 = checksum::call(op);
    let auth = auth::calls(op);
    // The service's event streams need a duplex stream, which HTTP/1.1 does not give.
    let http2 = def.event_stream_over_http2(op).then(|| quote!(.http2()));
    let wire_name = op.id.name();
    quote! {
        fn request(
            handle: &::smithy_runtime::client::Handle,
            #input_binding: #input,
        ) -> Result<::smithy_runtime::client::OperationRequest, crate::error::BoxError> {
            #discovery_check
            #fill_tokens
            #fill_defaults
            #prepare
            let endpoint = crate::config::endpoint::resolve(handle.config())?;
            Ok(
                ::smithy_runtime::client::OperationRequest::from_endpoint(#wire_name, &endpoint)
                    #calls
                    #service_headers
                    #host_prefix
                    #gzip
                    #content_md5
                    #upload_checksums
                    #auth
                    #http2
                    .body(body),
            )
        }
    }
}
