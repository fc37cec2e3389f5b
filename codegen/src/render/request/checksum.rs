//! `@httpChecksumRequired`: the request carries the `Content-MD5` of its body (the runtime
//! computes it over the body as sent, after any compression).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::OperationDef;

/// The `.content_md5()` call on the request, when the operation requires a checksum.
pub fn call(op: &OperationDef) -> Option<TokenStream> {
    op.checksum_required.then(|| quote!(.content_md5()))
}

#[cfg(test)]
mod tests {
    use super::call;
    use crate::test_model::{crate_def, one_operation, operation};

    #[test]
    fn content_md5_when_the_operation_requires_a_checksum() {
        let def = crate_def(&one_operation(
            "{}",
            r#"{ "smithy.api#httpChecksumRequired": {} }"#,
            "",
        ));
        assert_eq!(
            call(operation(&def, "Op")).unwrap().to_string(),
            ". content_md5 ()"
        );
        let plain = crate_def(&one_operation("{}", "{}", ""));
        assert!(call(operation(&plain, "Op")).is_none());
    }
}
