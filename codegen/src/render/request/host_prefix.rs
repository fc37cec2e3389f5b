//! `@endpoint(hostPrefix)`: the prefix put before the resolved host, with `{label}`s filled
//! from the input's `@hostLabel` members (the runtime checks each is a valid host label).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{OperationDef, RustType};
use crate::render::ident;

/// The `.host_prefix(template, labels)` call on the request, when the operation has one.
pub fn call(op: &OperationDef) -> Option<TokenStream> {
    let template = op.host_prefix.as_ref()?;
    let labels = op
        .input
        .fields
        .iter()
        .filter(|field| field.host_label && matches!(field.ty, RustType::String))
        .map(|field| {
            let (name, member) = (ident(&field.name), &field.member);
            quote!((#member, input.#name.as_deref()))
        });
    Some(quote!(.host_prefix(#template, &[#(#labels),*])))
}

#[cfg(test)]
mod tests {
    use super::call;
    use crate::test_model::{crate_def, one_operation, operation};

    #[test]
    fn labels_come_from_host_label_members() {
        let def = crate_def(&one_operation(
            r#"{
                "accountId": { "target": "smithy.api#String", "traits": { "smithy.api#hostLabel": {}, "smithy.api#required": {} } },
                "other": { "target": "smithy.api#String" }
            }"#,
            r#"{ "smithy.api#endpoint": { "hostPrefix": "{accountId}.data." } }"#,
            "",
        ));
        let tokens = call(operation(&def, "Op"))
            .expect("a host prefix")
            .to_string();
        assert_eq!(
            tokens,
            r#". host_prefix ("{accountId}.data." , & [("accountId" , input . account_id . as_deref ())])"#
        );
    }

    #[test]
    fn no_prefix_no_call() {
        let def = crate_def(&one_operation("{}", "{}", ""));
        assert!(call(operation(&def, "Op")).is_none());
    }
}
