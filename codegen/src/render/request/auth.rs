//! The operation's auth schemes (`smithy.api#auth`, the service's auth traits,
//! `@optionalAuth`; resolved in `auth.rs`), told to the runtime, which picks the first one the
//! client has an identity for.

use proc_macro2::TokenStream;
use quote::quote;

use crate::auth::{ApiKeyLocation, AuthScheme};
use crate::ir::OperationDef;

/// The calls on the request that set its auth schemes: none for exactly SigV4 (what the
/// runtime does when told nothing, with the `sigv4` feature that such crates enable),
/// `.anonymous()` for no auth, else `.auth_schemes(...)` and, for `@optionalAuth`,
/// `.optional_auth()`; and `.unsigned_payload()` for `aws.auth#unsignedPayload` when SigV4 is
/// among the schemes.
pub fn calls(op: &OperationDef) -> Option<TokenStream> {
    let auth = &op.auth;
    let unsigned_payload = (op.unsigned_payload
        && auth
            .schemes
            .iter()
            .any(|scheme| matches!(scheme, AuthScheme::SigV4 { .. })))
    .then(|| quote!(.unsigned_payload()));
    let schemes = schemes_call(auth);
    if schemes.is_none() && unsigned_payload.is_none() {
        return None;
    }
    Some(quote!(#schemes #unsigned_payload))
}

/// The calls that name the schemes, as [`calls`] describes.
fn schemes_call(auth: &crate::auth::OperationAuth) -> Option<TokenStream> {
    if auth.is_sigv4_only() {
        return None;
    }
    if auth.schemes.is_empty() {
        return Some(quote!(.anonymous()));
    }
    let optional = auth.optional.then(|| quote!(.optional_auth()));
    if matches!(auth.schemes.as_slice(), [AuthScheme::SigV4 { .. }]) {
        return optional;
    }
    let schemes = auth.schemes.iter().map(scheme);
    Some(quote! {
        .auth_schemes({
            const SCHEMES: &[::smithy_runtime::auth::AuthScheme] = &[#(#schemes),*];
            SCHEMES
        })
        #optional
    })
}

fn scheme(scheme: &AuthScheme) -> TokenStream {
    match scheme {
        AuthScheme::SigV4 { .. } => quote!(::smithy_runtime::auth::AuthScheme::SigV4),
        AuthScheme::HttpBearer => quote!(::smithy_runtime::auth::AuthScheme::HttpBearer),
        AuthScheme::HttpBasic => quote!(::smithy_runtime::auth::AuthScheme::HttpBasic),
        AuthScheme::HttpApiKey {
            name,
            location,
            scheme,
        } => {
            let key = match location {
                ApiKeyLocation::Header => {
                    let scheme = match scheme {
                        Some(scheme) => quote!(Some(#scheme)),
                        None => quote!(None),
                    };
                    quote!(::smithy_runtime::auth::ApiKey::header(#name, #scheme))
                }
                ApiKeyLocation::Query => quote!(::smithy_runtime::auth::ApiKey::query(#name)),
            };
            quote!(::smithy_runtime::auth::AuthScheme::HttpApiKey(#key))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::calls;
    use crate::test_model::{crate_def, operation};

    /// A service with `service_traits` and one operation `Op` with `operation_traits`.
    fn model(service_traits: &str, operation_traits: &str) -> String {
        format!(
            r#"{{
                "smithy": "2.0",
                "shapes": {{
                    "example#Service": {{
                        "type": "service",
                        "version": "2024-01-01",
                        "operations": [{{ "target": "example#Op" }}],
                        "traits": {service_traits}
                    }},
                    "example#Op": {{ "type": "operation", "traits": {operation_traits} }}
                }}
            }}"#
        )
    }

    /// The calls for `Op`, without spaces; the service is awsJson 1.0 with `service_traits`
    /// added.
    fn rendered(service_traits: &str, operation_traits: &str) -> Option<String> {
        let mut traits: serde_json::Value = serde_json::from_str(service_traits).unwrap();
        traits["aws.protocols#awsJson1_0"] = serde_json::json!({});
        let def = crate_def(&model(&traits.to_string(), operation_traits));
        calls(operation(&def, "Op")).map(|tokens| tokens.to_string().replace(' ', ""))
    }

    fn squeezed(text: &str) -> String {
        text.replace(' ', "")
    }

    #[test]
    fn sigv4_alone_adds_nothing() {
        assert_eq!(
            rendered(r#"{ "aws.auth#sigv4": { "name": "svc" } }"#, "{}"),
            None
        );
        assert_eq!(
            rendered(
                r#"{ "aws.auth#sigv4": { "name": "svc" } }"#,
                r#"{ "smithy.api#optionalAuth": {} }"#
            )
            .as_deref(),
            Some(".optional_auth()")
        );
    }

    #[test]
    fn no_auth_is_anonymous() {
        let sso = r#"{ "smithy.api#optionalAuth": {}, "smithy.api#auth": [] }"#;
        assert_eq!(
            rendered(r#"{ "aws.auth#sigv4": { "name": "svc" } }"#, sso).as_deref(),
            Some(".anonymous()")
        );
        assert_eq!(
            rendered(
                r#"{ "smithy.api#httpBearerAuth": {} }"#,
                r#"{ "smithy.api#auth": [] }"#
            )
            .as_deref(),
            Some(".anonymous()")
        );
        // No auth traits at all.
        assert_eq!(rendered("{}", "{}").as_deref(), Some(".anonymous()"));
    }

    #[test]
    fn schemes_in_order() {
        let service = r#"{
            "smithy.api#httpBearerAuth": {},
            "smithy.api#httpApiKeyAuth": { "name": "X-Api-Key", "in": "header", "scheme": "ApiKey" },
            "smithy.api#auth": ["smithy.api#httpBearerAuth", "smithy.api#httpApiKeyAuth"]
        }"#;
        assert_eq!(
            rendered(service, "{}").unwrap(),
            squeezed(".auth_schemes({const SCHEMES:&[::smithy_runtime::auth::AuthScheme]=&[\
             ::smithy_runtime::auth::AuthScheme::HttpBearer,\
             ::smithy_runtime::auth::AuthScheme::HttpApiKey(::smithy_runtime::auth::ApiKey::header(\"X-Api-Key\",Some(\"ApiKey\")))];\
             SCHEMES})")
        );
        let query = r#"{ "smithy.api#httpApiKeyAuth": { "name": "key", "in": "query" }, "smithy.api#httpBasicAuth": {} }"#;
        assert_eq!(
            rendered(query, r#"{ "smithy.api#optionalAuth": {} }"#).unwrap(),
            squeezed(".auth_schemes({const SCHEMES:&[::smithy_runtime::auth::AuthScheme]=&[\
             ::smithy_runtime::auth::AuthScheme::HttpApiKey(::smithy_runtime::auth::ApiKey::query(\"key\")),\
             ::smithy_runtime::auth::AuthScheme::HttpBasic];\
             SCHEMES}).optional_auth()")
        );
        let both = r#"{ "aws.auth#sigv4": { "name": "svc" }, "smithy.api#httpBearerAuth": {} }"#;
        assert_eq!(
            rendered(both, "{}").unwrap(),
            squeezed(
                ".auth_schemes({const SCHEMES:&[::smithy_runtime::auth::AuthScheme]=&[\
             ::smithy_runtime::auth::AuthScheme::SigV4,\
             ::smithy_runtime::auth::AuthScheme::HttpBearer];SCHEMES})"
            )
        );
    }
}
