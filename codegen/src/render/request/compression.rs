//! `@requestCompression`: a body the operation lets the client compress is sent gzipped (the
//! runtime applies the client's threshold and the `disable_request_compression` setting).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::OperationDef;

/// The `.gzip()` call on the request, when the operation accepts gzip.
pub fn call(op: &OperationDef) -> Option<TokenStream> {
    (!op.request_compression.is_empty()).then(|| quote!(.gzip()))
}

#[cfg(test)]
mod tests {
    use super::call;
    use crate::test_model::{crate_def, one_operation, operation};

    #[test]
    fn gzip_when_the_operation_accepts_it() {
        let def = crate_def(&one_operation(
            "{}",
            r#"{ "smithy.api#requestCompression": { "encodings": ["gzip"] } }"#,
            "",
        ));
        assert_eq!(
            call(operation(&def, "Op")).unwrap().to_string(),
            ". gzip ()"
        );
        let plain = crate_def(&one_operation("{}", "{}", ""));
        assert!(call(operation(&plain, "Op")).is_none());
    }
}
