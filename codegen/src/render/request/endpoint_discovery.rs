//! Operations that require endpoint discovery (`aws.api#clientDiscoveredEndpoint` with
//! `required: true`). The client does not discover endpoints, so such an operation is sent
//! only to an endpoint the caller configured, and otherwise fails before sending, saying what
//! to do.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::OperationDef;

/// The check at the top of the operation's `request` function, when discovery is required.
pub fn check(op: &OperationDef) -> Option<TokenStream> {
    let discovery = op.required_endpoint_discovery.as_ref()?;
    let message = format!(
        "operation `{}` requires endpoint discovery (`aws.api#clientDiscoveredEndpoint`), which this client does not support: call `{discovery}` and set `endpoint_url` to `https://` and an address it returns",
        op.id.name()
    );
    Some(quote! {
        if handle.config().endpoint_url().is_none() {
            return Err(#message.into());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::test_model::{crate_def, operation};

    #[test]
    fn required_discovery_needs_a_configured_endpoint() {
        let model = r#"{
            "smithy": "2.0",
            "shapes": {
                "example#Service": {
                    "type": "service",
                    "version": "2024-01-01",
                    "operations": [{ "target": "example#Op" }, { "target": "example#DescribeEndpoints" }],
                    "traits": {
                        "aws.protocols#awsJson1_0": {},
                        "aws.api#clientEndpointDiscovery": { "operation": "example#DescribeEndpoints", "error": "example#InvalidEndpoint" }
                    }
                },
                "example#Op": {
                    "type": "operation",
                    "errors": [{ "target": "example#InvalidEndpoint" }],
                    "traits": { "aws.api#clientDiscoveredEndpoint": { "required": true } }
                },
                "example#DescribeEndpoints": {
                    "type": "operation",
                    "output": { "target": "example#DescribeEndpointsOutput" }
                },
                "example#DescribeEndpointsOutput": {
                    "type": "structure",
                    "members": {
                        "Endpoints": { "target": "example#Endpoints", "traits": { "smithy.api#required": {} } }
                    }
                },
                "example#Endpoints": { "type": "list", "member": { "target": "example#Endpoint" } },
                "example#Endpoint": {
                    "type": "structure",
                    "members": {
                        "Address": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } },
                        "CachePeriodInMinutes": { "target": "smithy.api#Long", "traits": { "smithy.api#required": {}, "smithy.api#default": 0 } }
                    }
                },
                "example#InvalidEndpoint": {
                    "type": "structure",
                    "members": { "message": { "target": "smithy.api#String" } },
                    "traits": { "smithy.api#error": "client", "smithy.api#httpError": 421 }
                }
            }
        }"#;
        let def = crate_def(model);
        let tokens = check(operation(&def, "Op")).expect("a check").to_string();
        assert!(tokens.contains("endpoint_url () . is_none ()"), "{tokens}");
        assert!(tokens.contains("call `DescribeEndpoints`"), "{tokens}");
        assert!(check(operation(&def, "DescribeEndpoints")).is_none());
    }
}
