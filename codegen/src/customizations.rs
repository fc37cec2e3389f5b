//! What particular AWS services need beyond their models (the customizations of the Smithy
//! specification's `aws/customizations/`), as plain facts the request code adds: headers on
//! every request and defaults for input members the caller leaves unset.

use crate::model::Shape;

/// The customizations of one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceCustomizations {
    /// `(lowercase name, value)` of headers every request carries.
    pub headers: Vec<(String, String)>,
    /// `(member name, value)` of input members set to `value` when the caller leaves them
    /// unset, in every operation that has them.
    pub input_defaults: Vec<(String, String)>,
}

/// The customizations of `service`, told apart by its `aws.api#service` `sdkId`.
pub fn of(service: &Shape, version: &str) -> ServiceCustomizations {
    match service.traits.sdk_id() {
        // Every request asks for JSON: without it, some operations answer in another format.
        Some("API Gateway") => ServiceCustomizations {
            headers: vec![("accept".into(), "application/json".into())],
            input_defaults: Vec::new(),
        },
        // Every request names the API version, and `-` (the caller's own account) is the
        // account id customers almost always mean.
        Some("Glacier") => ServiceCustomizations {
            headers: vec![("x-amz-glacier-version".into(), version.to_string())],
            input_defaults: vec![("accountId".into(), "-".into())],
        },
        _ => ServiceCustomizations::default(),
    }
}
