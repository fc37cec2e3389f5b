//! A program written against `aws-sdk-lambda` alone: it invokes a function and reports what
//! came back. Nothing here names the generated crate.

use aws_sdk_lambda::error::SdkError;
use aws_sdk_lambda::operation::invoke::InvokeError;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use aws_sdk_lambda::Client;

/// What an invocation gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub status_code: i32,
    pub payload: Vec<u8>,
    pub function_error: Option<String>,
    pub log_tail: Option<String>,
    pub executed_version: Option<String>,
}

/// Invokes version `qualifier` of `function` synchronously with `payload`, asking for the tail
/// of its log.
pub async fn invoke(
    client: &Client,
    function: &str,
    qualifier: &str,
    payload: &[u8],
) -> Result<Invocation, SdkError<InvokeError>> {
    let output = client
        .invoke()
        .function_name(function)
        .qualifier(qualifier)
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .client_context("eyJjdXN0b20iOnt9fQ==")
        .payload(Blob::new(payload))
        .send()
        .await?;
    Ok(Invocation {
        status_code: output.status_code(),
        payload: output
            .payload()
            .map(|blob| blob.as_ref().to_vec())
            .unwrap_or_default(),
        function_error: output.function_error().map(str::to_owned),
        log_tail: output.log_result().map(str::to_owned),
        executed_version: output.executed_version().map(str::to_owned),
    })
}

/// How a failed invocation is described to the user: the modeled errors this program cares
/// about by name, anything else by its code.
pub fn describe(error: &SdkError<InvokeError>) -> String {
    use aws_sdk_lambda::error::ProvideErrorMetadata;
    match error {
        SdkError::ServiceError(service) => match service.err() {
            InvokeError::ResourceNotFoundException(missing) => {
                format!("no such function: {}", missing.message().unwrap_or("?"))
            }
            InvokeError::TooManyRequestsException(throttled) => format!(
                "throttled (retry after {}s, reason {:?})",
                throttled.retry_after_seconds().unwrap_or("?"),
                throttled.reason().map(|reason| reason.as_str())
            ),
            other => format!(
                "service error {}: {}",
                other.code().unwrap_or("unknown"),
                other.message().unwrap_or("")
            ),
        },
        other => format!("{}", aws_sdk_lambda::error::DisplayErrorContext(other)),
    }
}
