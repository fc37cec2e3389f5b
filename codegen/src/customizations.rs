//! What particular AWS services need beyond their models (the customizations of the Smithy
//! specification's `aws/customizations/`), as plain facts the request code adds: headers on
//! every request, defaults for input members the caller leaves unset, and checksums of
//! uploaded bodies.

use crate::model::Shape;

/// The customizations of one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceCustomizations {
    /// `(lowercase name, value)` of headers every request carries.
    pub headers: Vec<(String, String)>,
    /// `(member name, value)` of input members set to `value` when the caller leaves them
    /// unset or empty, in every operation that has them.
    pub input_defaults: Vec<(String, String)>,
    /// Operations whose body is a stream send its SHA-256 tree hash
    /// (`x-amz-sha256-tree-hash`) and SHA-256 (`x-amz-content-sha256`), computed for the
    /// caller.
    pub upload_tree_hash: bool,
}

/// The customizations of `service`, told apart by its `aws.api#service` `sdkId`.
pub fn of(service: &Shape, version: &str) -> ServiceCustomizations {
    match service.traits.sdk_id() {
        // Every request asks for JSON: without it, some operations answer in another format.
        Some("API Gateway") => ServiceCustomizations {
            headers: vec![("accept".into(), "application/json".into())],
            input_defaults: Vec::new(),
            upload_tree_hash: false,
        },
        // Every request names the API version, `-` (the caller's own account) is the account
        // id customers almost always mean, and uploads need checksums that are cumbersome to
        // compute by hand.
        Some("Glacier") => ServiceCustomizations {
            headers: vec![("x-amz-glacier-version".into(), version.to_string())],
            input_defaults: vec![("accountId".into(), "-".into())],
            upload_tree_hash: true,
        },
        _ => ServiceCustomizations::default(),
    }
}
