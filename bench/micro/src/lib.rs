//! What the criterion benchmarks in `benches/` call: the generated crate's awsJson serializer
//! and deserializer for `CancelEnvironmentDeployment` (compiled here from `generated/src`, see
//! `build.rs`), and the response body the bench server sends.
#![allow(unexpected_cfgs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/proton_module.rs"));

pub mod smithy_json;

// The generated code names its items `crate::...`; this makes those paths resolve.
#[allow(unused_imports)]
use proton::*;

use proton::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentError, CancelEnvironmentDeploymentInput,
    CancelEnvironmentDeploymentOutput,
};

/// The response body of the bench server: an `Environment` with every member set.
pub const FULL_ENVIRONMENT: &str = include_str!("../../server/body.json");

/// The request input the bench client sends.
pub fn input() -> CancelEnvironmentDeploymentInput {
    CancelEnvironmentDeploymentInput::builder()
        .environment_name("prod")
        .build()
        .expect("a valid input")
}

/// The generated serializer: the JSON body of a request.
pub fn serialize(input: &CancelEnvironmentDeploymentInput) -> String {
    proton::protocol_serde::op_cancel_environment_deployment::ser_input(input)
        .expect("serializable input")
}

/// A 200 response with `body`, as the transport hands it to the deserializer.
pub fn response(body: &'static str) -> smithy_runtime::transport::HttpResponse {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000001")
        .body(bytes::Bytes::from_static(body.as_bytes()))
        .expect("a valid response")
        .into()
}

/// The generated deserializer: the operation output from a response.
///
/// (`smithy_json` does the same with `aws-smithy-json`.)
pub fn deserialize(
    response: &smithy_runtime::transport::HttpResponse,
) -> Result<CancelEnvironmentDeploymentOutput, CancelEnvironmentDeploymentError> {
    match proton::protocol_serde::op_cancel_environment_deployment::de_response(response) {
        Ok(output) => Ok(output),
        Err(smithy_runtime::client::ParseOutcome::ServiceError(error)) => Err(error),
        Err(_) => panic!("malformed response"),
    }
}
