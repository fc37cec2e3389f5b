//! `DisplayErrorContext` prints every cause of an error once: each error's `Display` describes
//! that error only and its `source()` carries the cause. The full text is the chain of messages
//! followed by the `Debug` form of the outer error, as `aws-smithy-types` writes it; these
//! tests pin the chain exactly for the three kinds of failure a user meets most.

use aws_sdk_proton::config::retry::RetryConfig;
use aws_sdk_proton::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_proton::error::{DisplayErrorContext, SdkError};
use aws_sdk_proton::operation::cancel_environment_deployment::CancelEnvironmentDeploymentError;
use aws_sdk_proton::{Client, Config};
use smithy_runtime::test_util::{LoopbackServer, Reply};

fn client(url: &str) -> Client {
    Client::from_conf(
        Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
            .endpoint_url(url)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

async fn cancel(url: &str) -> SdkError<CancelEnvironmentDeploymentError> {
    client(url)
        .cancel_environment_deployment()
        .environment_name("prod")
        .send()
        .await
        .unwrap_err()
}

/// Asserts the whole `DisplayErrorContext` text: exactly `chain`, then the error's `Debug`.
fn assert_context(err: &SdkError<CancelEnvironmentDeploymentError>, chain: &str) {
    assert_eq!(
        DisplayErrorContext(err).to_string(),
        format!("{chain} ({err:?})")
    );
}

#[tokio::test]
async fn an_unreadable_timestamp_is_named_once() {
    let server = LoopbackServer::start(|_| {
        Reply::aws_json(200, r#"{"environment":{"name":"prod","createdAt":1e300}}"#)
    })
    .await;
    let err = cancel(&server.url()).await;
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_context(
        &err,
        "response error: invalid timestamp: epoch seconds out of range",
    );
}

#[tokio::test]
async fn a_refused_connection_is_named_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = cancel(&format!("http://127.0.0.1:{port}")).await;
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert_context(
        &err,
        "dispatch failure: I/O error: client error (Connect): tcp connect error: \
         Connection refused (os error 111)",
    );
}

#[tokio::test]
async fn a_modeled_error_whose_body_does_not_parse_says_so_with_status_and_code() {
    let server = LoopbackServer::start(|_| {
        Reply::aws_json(400, "[".repeat(200)).header("x-amzn-errortype", "ValidationException")
    })
    .await;
    let err = cancel(&server.url()).await;
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_context(
        &err,
        "service error: unhandled error (ValidationException): the body of the HTTP 400 error \
         response does not parse as the modeled error: invalid JSON at byte 128: arrays and \
         objects are nested more than 128 levels deep",
    );
}

#[tokio::test]
async fn a_modeled_error_is_named_once() {
    let server = LoopbackServer::start(|_| {
        Reply::aws_json(404, r#"{"message":"no environment prod"}"#)
            .header("x-amzn-errortype", "ResourceNotFoundException")
    })
    .await;
    let err = cancel(&server.url()).await;
    assert!(
        matches!(err.as_service_error(), Some(e) if e.is_resource_not_found_exception()),
        "{err:?}"
    );
    // Proton's error messages are `@sensitive`: `Display` names the error and hides the text.
    assert_context(
        &err,
        "service error: ResourceNotFoundException: *** Sensitive Data Redacted ***",
    );
}
