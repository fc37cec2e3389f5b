//! `@idempotencyToken` members: filled from the configuration's idempotency token provider (a
//! fresh UUID v4 by default) when the caller left them unset, so a retried request carries the
//! same token and the service can tell it is a retry.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{OperationDef, RustType};
use crate::render::ident;

/// Statements that fill the unset tokens of `input` (a mutable binding), and whether there are
/// any (the binding only needs `mut` then).
pub fn fill_tokens(op: &OperationDef) -> Option<TokenStream> {
    let tokens: Vec<_> = op
        .input
        .fields
        .iter()
        .filter(|field| field.idempotency_token && matches!(field.ty, RustType::String))
        .map(|field| ident(&field.name))
        .collect();
    if tokens.is_empty() {
        return None;
    }
    Some(quote! {
        #(
            if input.#tokens.is_none() {
                input.#tokens = Some(handle.config().idempotency_token_provider().make_idempotency_token());
            }
        )*
    })
}

#[cfg(test)]
mod tests {
    use super::fill_tokens;
    use crate::test_model::{crate_def, one_operation, operation};

    #[test]
    fn unset_tokens_are_filled_and_other_members_left_alone() {
        let def = crate_def(&one_operation(
            r#"{
                "clientToken": { "target": "smithy.api#String", "traits": { "smithy.api#idempotencyToken": {} } },
                "name": { "target": "smithy.api#String" }
            }"#,
            "{}",
            "",
        ));
        let tokens = fill_tokens(operation(&def, "Op"))
            .expect("a token member")
            .to_string();
        assert!(
            tokens.contains("input . client_token . is_none ()"),
            "{tokens}"
        );
        assert!(tokens.contains("make_idempotency_token ()"), "{tokens}");
        assert!(!tokens.contains("name"), "{tokens}");
    }

    #[test]
    fn operations_without_tokens_fill_nothing() {
        let def = crate_def(&one_operation(
            r#"{ "name": { "target": "smithy.api#String" } }"#,
            "{}",
            "",
        ));
        assert!(fill_tokens(operation(&def, "Op")).is_none());
    }
}
