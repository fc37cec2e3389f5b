//! The service's customizations (`crate::customizations`) in each request: its headers, and
//! its defaults for input members the caller leaves unset, and the checksums of its uploads.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{CrateDef, OperationDef, RustType};
use crate::render::ident;

/// The `.static_header(..)` calls of the service's headers.
pub fn header_calls(def: &CrateDef) -> TokenStream {
    let calls = def
        .service
        .customizations
        .headers
        .iter()
        .map(|(name, value)| quote!(.static_header(#name, #value)));
    quote!(#(#calls)*)
}

/// `.glacier_checksums()` when the service wants tree hashes and the operation uploads a stream.
pub fn upload_checksum_call(def: &CrateDef, op: &OperationDef) -> Option<TokenStream> {
    (def.service.customizations.upload_tree_hash && op.input.streams())
        .then(|| quote!(.glacier_checksums()))
}

/// Statements that give the operation's unset or empty members the service's defaults (on a
/// mutable `input`), if the operation has any of those members.
pub fn fill_defaults(def: &CrateDef, op: &OperationDef) -> Option<TokenStream> {
    let fills: Vec<TokenStream> = def
        .service
        .customizations
        .input_defaults
        .iter()
        .filter_map(|(member, value)| {
            let field = op
                .input
                .fields
                .iter()
                .find(|field| field.member == *member && field.ty == RustType::String)?;
            let name = ident(&field.name);
            Some(quote! {
                if input.#name.as_deref().unwrap_or_default().is_empty() {
                    input.#name = Some(String::from(#value));
                }
            })
        })
        .collect();
    (!fills.is_empty()).then(|| quote!(#(#fills)*))
}

#[cfg(test)]
mod tests {
    use super::{fill_defaults, header_calls};
    use crate::test_model::{crate_def, operation};

    fn glacier_like(sdk_id: &str) -> String {
        format!(
            r#"{{
                "smithy": "2.0",
                "shapes": {{
                    "example#Service": {{
                        "type": "service",
                        "version": "2012-06-01",
                        "operations": [{{ "target": "example#Op" }}],
                        "traits": {{
                            "aws.protocols#restJson1": {{}},
                            "aws.api#service": {{ "sdkId": "{sdk_id}" }}
                        }}
                    }},
                    "example#Op": {{
                        "type": "operation",
                        "input": {{ "target": "example#OpInput" }},
                        "traits": {{ "smithy.api#http": {{ "method": "GET", "uri": "/{{accountId}}/vaults", "code": 200 }} }}
                    }},
                    "example#OpInput": {{
                        "type": "structure",
                        "members": {{
                            "accountId": {{ "target": "smithy.api#String", "traits": {{ "smithy.api#httpLabel": {{}}, "smithy.api#required": {{}} }} }}
                        }}
                    }}
                }}
            }}"#
        )
    }

    #[test]
    fn glacier_sends_its_version_and_defaults_the_account() {
        let def = crate_def(&glacier_like("Glacier"));
        assert_eq!(
            header_calls(&def).to_string(),
            r#". static_header ("x-amz-glacier-version" , "2012-06-01")"#
        );
        let fill = fill_defaults(&def, operation(&def, "Op"))
            .unwrap()
            .to_string();
        assert!(
            fill.contains(r#"input . account_id = Some (String :: from ("-"))"#),
            "{fill}"
        );
        assert!(
            fill.contains("unwrap_or_default () . is_empty ()"),
            "an empty account id is defaulted too: {fill}"
        );
    }

    #[test]
    fn api_gateway_accepts_json_and_others_get_nothing() {
        let def = crate_def(&glacier_like("API Gateway"));
        assert_eq!(
            header_calls(&def).to_string(),
            r#". static_header ("accept" , "application/json")"#
        );
        assert!(fill_defaults(&def, operation(&def, "Op")).is_none());
        let other = crate_def(&glacier_like("Other"));
        assert!(header_calls(&other).is_empty());
    }
}
