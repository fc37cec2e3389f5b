//! End-to-end tests of the generated Proton client over a real socket.
//!
//! Each test starts a `LoopbackServer` on 127.0.0.1 with a script of replies, runs the
//! client (through the `aws_sdk_proton` name, as an application would) against it, then
//! checks both the typed result and every request the server received: method, path,
//! awsJson 1.0 headers, the JSON body, the SigV4 signature (recomputed with `aws-sigv4`)
//! and the retry headers.

#![allow(clippy::result_large_err)]

use aws_sdk_proton::config::retry::RetryConfig;
use aws_sdk_proton::config::timeout::TimeoutConfig;
use aws_sdk_proton::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_proton::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_proton::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentError, CancelEnvironmentDeploymentOutput,
};
use aws_sdk_proton::operation::RequestId;
use aws_sdk_proton::primitives::DateTime;
use aws_sdk_proton::types::{
    DeploymentStatus, Environment, Provisioning, RepositoryBranch, RepositoryProvider,
};
use aws_sdk_proton::{Client, Config};
use proton_compat::{EnvironmentSummary, Summary};
use serde_json::json;
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, ReceivedRequest, Reply};
use std::time::{Duration, Instant};

const ACCESS_KEY: &str = "AKIDPROTONTEST";
const SECRET_KEY: &str = "proton/SECRET/key+for+tests";
const SESSION_TOKEN: &str = "proton-session-token";
const TARGET: &str = "AwsProton20200720.CancelEnvironmentDeployment";

type Result<T> = std::result::Result<T, SdkError<CancelEnvironmentDeploymentError>>;

// ---------------------------------------------------------------------------------------
// Helpers.

fn credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "e2e",
    )
}

/// Standard retries (3 attempts) without back-off, so retry tests are fast.
fn fast_retries() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::ZERO)
}

fn config(server: &LoopbackServer) -> aws_sdk_proton::config::Builder {
    Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(fast_retries())
}

fn client(server: &LoopbackServer) -> Client {
    Client::from_conf(config(server).build())
}

/// Starts a server that answers request `n` with `script(n)` plus the request ID `req-<n>`.
async fn server(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> LoopbackServer {
    LoopbackServer::start(move |n| script(n).request_id(format!("req-{n}"))).await
}

/// A server that gives every request the same reply (plus its request ID).
async fn always(reply: Reply) -> LoopbackServer {
    server(move |_| reply.clone()).await
}

fn ok(body: serde_json::Value) -> Reply {
    Reply::aws_json(200, body.to_string())
}

/// How an error response names its error.
#[derive(Clone, Copy, Debug)]
enum CodeIn {
    /// `X-Amzn-Errortype: <code>:<uri>`; the body has only the message.
    Header,
    /// `"__type": "com.amazonaws.proton#<code>"` in the body.
    DunderType,
    /// `"code": "<code>"` in the body.
    Code,
}

fn error_reply(status: u16, code: &str, code_in: CodeIn, message: &str) -> Reply {
    match code_in {
        CodeIn::Header => Reply::aws_json(status, json!({ "message": message }).to_string())
            .header(
                "x-amzn-errortype",
                format!("{code}:http://internal.amazon.com/coral/com.amazonaws.proton/"),
            ),
        CodeIn::DunderType => Reply::aws_json(
            status,
            json!({ "__type": format!("com.amazonaws.proton#{code}"), "message": message })
                .to_string(),
        ),
        CodeIn::Code => Reply::aws_json(
            status,
            json!({ "code": code, "message": message }).to_string(),
        ),
    }
}

async fn cancel(client: &Client, name: &str) -> Result<CancelEnvironmentDeploymentOutput> {
    client
        .cancel_environment_deployment()
        .environment_name(name)
        .send()
        .await
}

/// Checks one request the way Proton would: method, path, headers, body and signature.
fn check_request(server: &LoopbackServer, r: &ReceivedRequest, environment_name: &str) {
    assert_eq!(r.method(), "POST");
    assert_eq!(r.path_and_query(), "/");
    assert_eq!(
        r.expect_header("content-type"),
        "application/x-amz-json-1.0"
    );
    assert_eq!(r.expect_header("x-amz-target"), TARGET);
    let body: serde_json::Value = serde_json::from_slice(r.body())
        .unwrap_or_else(|e| panic!("request body is not JSON ({e}): {}", r.body_str()));
    assert_eq!(body, json!({ "environmentName": environment_name }));
    assert_eq!(r.expect_header("x-amz-security-token"), SESSION_TOKEN);
    assert!(r
        .expect_header("authorization")
        .contains("/us-east-1/proton/aws4_request, SignedHeaders="));
    verify_sigv4(r, server.addr(), "us-east-1", "proton", &credentials());
}

/// Checks that the server received exactly `attempts` requests, all attempts of one
/// operation for `environment_name`: each valid, numbered `attempt=N; max=3`, and sharing
/// one invocation ID.
fn check_attempts(server: &LoopbackServer, environment_name: &str, attempts: usize) {
    let received = server.received();
    assert_eq!(received.len(), attempts, "number of attempts");
    for (i, r) in received.iter().enumerate() {
        check_request(server, r, environment_name);
        assert_eq!(
            r.expect_header("amz-sdk-request"),
            format!("attempt={}; max=3", i + 1)
        );
        assert_eq!(
            r.expect_header("amz-sdk-invocation-id"),
            received[0].expect_header("amz-sdk-invocation-id")
        );
    }
}

fn full_environment_json() -> serde_json::Value {
    json!({
        "environment": {
            "name": "prod",
            "description": "Production \"blue\" stack ✓",
            "createdAt": 1_700_000_000,
            "lastDeploymentAttemptedAt": 1_700_000_100.5,
            "lastDeploymentSucceededAt": 1.7000002e9,
            "arn": "arn:aws:proton:us-east-1:123456789012:environment/prod",
            "templateName": "vpc-ecs",
            "templateMajorVersion": "2",
            "templateMinorVersion": "7",
            "deploymentStatus": "CANCELLING",
            "deploymentStatusMessage": "Cancellation requested",
            "protonServiceRoleArn": "arn:aws:iam::123456789012:role/ProtonServiceRole",
            "environmentAccountConnectionId": "eac-0123",
            "environmentAccountId": "210987654321",
            "spec": "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n",
            "provisioning": "CUSTOMER_MANAGED",
            "provisioningRepository": {
                "arn": "arn:aws:proton:us-east-1:123456789012:repository/github:acme/infra",
                "provider": "GITHUB",
                "name": "acme/infra",
                "branch": "main"
            },
            "componentRoleArn": "arn:aws:iam::123456789012:role/ComponentRole",
            "codebuildRoleArn": "arn:aws:iam::123456789012:role/CodeBuildRole"
        }
    })
}

fn full_environment() -> Environment {
    Environment::builder()
        .name("prod")
        .description("Production \"blue\" stack ✓")
        .created_at(DateTime::from_secs(1_700_000_000))
        .last_deployment_attempted_at(DateTime::from_secs_and_nanos(1_700_000_100, 500_000_000))
        .last_deployment_succeeded_at(DateTime::from_secs(1_700_000_200))
        .arn("arn:aws:proton:us-east-1:123456789012:environment/prod")
        .template_name("vpc-ecs")
        .template_major_version("2")
        .template_minor_version("7")
        .deployment_status(DeploymentStatus::Cancelling)
        .deployment_status_message("Cancellation requested")
        .proton_service_role_arn("arn:aws:iam::123456789012:role/ProtonServiceRole")
        .environment_account_connection_id("eac-0123")
        .environment_account_id("210987654321")
        .spec("proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n")
        .provisioning(Provisioning::CustomerManaged)
        .provisioning_repository(
            RepositoryBranch::builder()
                .arn("arn:aws:proton:us-east-1:123456789012:repository/github:acme/infra")
                .provider(RepositoryProvider::Github)
                .name("acme/infra")
                .branch("main")
                .build()
                .unwrap(),
        )
        .component_role_arn("arn:aws:iam::123456789012:role/ComponentRole")
        .codebuild_role_arn("arn:aws:iam::123456789012:role/CodeBuildRole")
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// Success.

#[tokio::test]
async fn full_environment_is_parsed() {
    let server = always(ok(full_environment_json())).await;
    let output = cancel(&client(&server), "prod").await.unwrap();

    assert_eq!(output.request_id(), Some("req-0"));
    let env = output.environment().expect("environment");
    assert_eq!(env, &full_environment());
    // The same, member by member, through the accessors.
    assert_eq!(env.name(), "prod");
    assert_eq!(env.description(), Some("Production \"blue\" stack ✓"));
    assert_eq!(env.created_at().secs(), 1_700_000_000);
    assert_eq!(env.created_at().subsec_nanos(), 0);
    assert_eq!(env.last_deployment_attempted_at().secs(), 1_700_000_100);
    assert_eq!(
        env.last_deployment_attempted_at().subsec_nanos(),
        500_000_000
    );
    assert_eq!(env.last_deployment_succeeded_at().secs(), 1_700_000_200);
    assert_eq!(
        env.arn(),
        "arn:aws:proton:us-east-1:123456789012:environment/prod"
    );
    assert_eq!(env.template_name(), "vpc-ecs");
    assert_eq!(env.template_major_version(), "2");
    assert_eq!(env.template_minor_version(), "7");
    assert_eq!(env.deployment_status(), &DeploymentStatus::Cancelling);
    assert_eq!(env.deployment_status().as_str(), "CANCELLING");
    assert_eq!(
        env.deployment_status_message(),
        Some("Cancellation requested")
    );
    assert_eq!(
        env.proton_service_role_arn(),
        Some("arn:aws:iam::123456789012:role/ProtonServiceRole")
    );
    assert_eq!(env.environment_account_connection_id(), Some("eac-0123"));
    assert_eq!(env.environment_account_id(), Some("210987654321"));
    assert!(env.spec().unwrap().contains("vpc_cidr: 10.0.0.0/16\n"));
    assert_eq!(env.provisioning(), Some(&Provisioning::CustomerManaged));
    let repo = env.provisioning_repository().expect("repository");
    assert_eq!(repo.provider(), &RepositoryProvider::Github);
    assert_eq!(repo.name(), "acme/infra");
    assert_eq!(repo.branch(), "main");
    assert_eq!(
        repo.arn(),
        "arn:aws:proton:us-east-1:123456789012:repository/github:acme/infra"
    );
    assert_eq!(
        env.component_role_arn(),
        Some("arn:aws:iam::123456789012:role/ComponentRole")
    );
    assert_eq!(
        env.codebuild_role_arn(),
        Some("arn:aws:iam::123456789012:role/CodeBuildRole")
    );

    check_attempts(&server, "prod", 1);
}

/// `send()` returns a future that owns what it needs: it can be spawned, and it sends
/// nothing until it is polled.
#[tokio::test]
async fn send_future_is_lazy_and_spawnable() {
    let server = always(ok(full_environment_json())).await;
    let future = client(&server)
        .cancel_environment_deployment()
        .environment_name("prod")
        .send();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(server.received().is_empty(), "sent before being polled");
    let output = tokio::spawn(future).await.unwrap().unwrap();
    assert_eq!(output.environment().map(|env| env.name()), Some("prod"));
    check_attempts(&server, "prod", 1);
}

#[tokio::test]
async fn environment_name_is_json_escaped() {
    let name = "env \"quoted\" \\ tab\t é ✓";
    let server = always(ok(json!({}))).await;
    cancel(&client(&server), name).await.unwrap();
    check_attempts(&server, name, 1);
}

#[tokio::test]
async fn unset_environment_name_sends_an_empty_object() {
    // Like the AWS SDK, the client leaves required input members to the service.
    let server = always(error_reply(
        400,
        "ValidationException",
        CodeIn::DunderType,
        "1 validation error detected",
    ))
    .await;
    let err = client(&server)
        .cancel_environment_deployment()
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_validation_exception());
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body_str(), "{}");
    verify_sigv4(
        &received[0],
        server.addr(),
        "us-east-1",
        "proton",
        &credentials(),
    );
}

#[tokio::test]
async fn missing_required_members_are_zero_values() {
    // Only the ARN: every other required member is error-corrected, not a failure.
    let server = always(ok(json!({
        "environment": {
            "arn": "arn:aws:proton:us-east-1:123456789012:environment/bare",
            "provisioningRepository": { "name": "acme/infra" }
        }
    })))
    .await;
    let output = cancel(&client(&server), "bare").await.unwrap();
    let env = output.environment().unwrap();
    assert_eq!(
        env.arn(),
        "arn:aws:proton:us-east-1:123456789012:environment/bare"
    );
    assert_eq!(env.name(), "");
    assert_eq!(env.created_at(), &DateTime::from_secs(0));
    assert_eq!(env.last_deployment_attempted_at(), &DateTime::from_secs(0));
    assert_eq!(env.last_deployment_succeeded_at(), &DateTime::from_secs(0));
    assert_eq!(env.template_name(), "");
    assert_eq!(env.template_major_version(), "");
    assert_eq!(env.template_minor_version(), "");
    // An unknown value: the AWS SDK uses "no value was set", this client "".
    assert!(DeploymentStatus::try_parse(env.deployment_status().as_str()).is_err());
    assert_eq!(env.description(), None);
    assert_eq!(env.provisioning(), None);
    let repo = env.provisioning_repository().unwrap();
    assert_eq!(repo.name(), "acme/infra");
    assert_eq!(repo.arn(), "");
    assert_eq!(repo.branch(), "");
    assert!(RepositoryProvider::try_parse(repo.provider().as_str()).is_err());
    check_attempts(&server, "bare", 1);
}

#[tokio::test]
async fn null_members_are_absent() {
    let server = always(ok(json!({
        "environment": {
            "name": "prod",
            "description": null,
            "provisioning": null,
            "provisioningRepository": null,
            "deploymentStatus": "SUCCEEDED"
        }
    })))
    .await;
    let output = cancel(&client(&server), "prod").await.unwrap();
    let env = output.environment().unwrap();
    assert_eq!(env.description(), None);
    assert_eq!(env.provisioning(), None);
    assert_eq!(env.provisioning_repository(), None);
    assert_eq!(env.deployment_status(), &DeploymentStatus::Succeeded);
}

#[tokio::test]
#[allow(deprecated)]
async fn unknown_members_and_enum_values_are_tolerated() {
    let mut body = full_environment_json();
    let env = body["environment"].as_object_mut().unwrap();
    env.insert("deploymentStatus".into(), json!("PAUSED"));
    env.insert("provisioning".into(), json!("PROTON_MANAGED"));
    env.insert(
        "lastAttemptedDeploymentId".into(),
        json!("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
    );
    env.insert(
        "futureStructure".into(),
        json!({ "nested": [1, 2.5, "three", null, { "deep": [[]] }] }),
    );
    env["provisioningRepository"]
        .as_object_mut()
        .unwrap()
        .insert("provider".into(), json!("GITLAB"));
    body.as_object_mut()
        .unwrap()
        .insert("nextToken".into(), json!("abc"));
    let server = always(ok(body)).await;

    let output = cancel(&client(&server), "prod").await.unwrap();
    let env = output.environment().unwrap();
    assert_eq!(env.deployment_status().as_str(), "PAUSED");
    assert!(matches!(
        env.deployment_status(),
        DeploymentStatus::Unknown(_)
    ));
    assert!(DeploymentStatus::try_parse("PAUSED").is_err());
    assert_eq!(env.provisioning().unwrap().as_str(), "PROTON_MANAGED");
    let repo = env.provisioning_repository().unwrap();
    assert_eq!(repo.provider().as_str(), "GITLAB");
    assert_eq!(repo.name(), "acme/infra");
    // Everything else is as in the full environment.
    assert_eq!(env.name(), "prod");
    assert_eq!(env.created_at().secs(), 1_700_000_000);
    assert_eq!(
        env.codebuild_role_arn(),
        Some("arn:aws:iam::123456789012:role/CodeBuildRole")
    );
}

// ---------------------------------------------------------------------------------------
// Modeled errors.

/// Runs a call that gets `code` (with `status`, named as `code_in`) for every attempt and
/// checks the error's metadata, raw response and the number of attempts.
async fn modeled_error(
    code: &str,
    status: u16,
    code_in: CodeIn,
    attempts: usize,
) -> CancelEnvironmentDeploymentError {
    let message = format!("{code} for environment prod");
    let server = always(error_reply(status, code, code_in, &message)).await;
    let err = cancel(&client(&server), "prod").await.unwrap_err();
    let last = format!("req-{}", attempts - 1);

    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.code(), Some(code), "{code_in:?}");
    assert_eq!(err.message(), Some(message.as_str()));
    assert_eq!(err.request_id(), Some(last.as_str()));
    let raw = err.raw_response().unwrap();
    assert_eq!(raw.status().as_u16(), status);
    assert_eq!(raw.headers().get("x-amzn-requestid"), Some(last.as_str()));
    assert!(err.as_service_error().is_some());
    // The message is sensitive in the Proton model, so the error's Display redacts it (as
    // the AWS SDK does); `message()` and the metadata still have it.
    assert_eq!(
        err.as_service_error().unwrap().to_string(),
        format!("{code}: *** Sensitive Data Redacted ***")
    );
    check_attempts(&server, "prod", attempts);

    let err = err.into_service_error();
    assert_eq!(err.code(), Some(code));
    assert_eq!(err.message(), Some(message.as_str()));
    assert_eq!(err.request_id(), Some(last.as_str()));
    err
}

#[tokio::test]
async fn access_denied_exception() {
    let err = modeled_error("AccessDeniedException", 403, CodeIn::Header, 1).await;
    let CancelEnvironmentDeploymentError::AccessDeniedException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), "AccessDeniedException for environment prod");
    assert_eq!(e.request_id(), Some("req-0"));
    assert!(err.is_access_denied_exception());
}

#[tokio::test]
async fn conflict_exception() {
    let err = modeled_error("ConflictException", 409, CodeIn::DunderType, 1).await;
    let CancelEnvironmentDeploymentError::ConflictException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), "ConflictException for environment prod");
    assert_eq!(e.request_id(), Some("req-0"));
    assert!(err.is_conflict_exception());
}

#[tokio::test]
async fn internal_server_exception_is_retried() {
    // `@retryable`: three attempts, then the last error.
    let err = modeled_error("InternalServerException", 500, CodeIn::Code, 3).await;
    let CancelEnvironmentDeploymentError::InternalServerException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), "InternalServerException for environment prod");
    assert_eq!(e.request_id(), Some("req-2"));
    assert!(err.is_internal_server_exception());
}

#[tokio::test]
async fn resource_not_found_exception() {
    let err = modeled_error("ResourceNotFoundException", 404, CodeIn::Header, 1).await;
    let CancelEnvironmentDeploymentError::ResourceNotFoundException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message(),
        "ResourceNotFoundException for environment prod"
    );
    assert_eq!(e.request_id(), Some("req-0"));
    assert!(err.is_resource_not_found_exception());
}

#[tokio::test]
async fn throttling_exception_is_retried() {
    let err = modeled_error("ThrottlingException", 429, CodeIn::DunderType, 3).await;
    let CancelEnvironmentDeploymentError::ThrottlingException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), "ThrottlingException for environment prod");
    assert_eq!(e.request_id(), Some("req-2"));
    assert!(err.is_throttling_exception());
}

#[tokio::test]
async fn validation_exception() {
    let err = modeled_error("ValidationException", 400, CodeIn::DunderType, 1).await;
    let CancelEnvironmentDeploymentError::ValidationException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), "ValidationException for environment prod");
    assert!(err.is_validation_exception());
}

#[tokio::test]
async fn every_way_of_naming_the_error_works_for_every_error() {
    let errors = [
        ("AccessDeniedException", 403),
        ("ConflictException", 409),
        ("ResourceNotFoundException", 404),
        ("ValidationException", 400),
    ];
    for (code, status) in errors {
        for code_in in [CodeIn::Header, CodeIn::DunderType, CodeIn::Code] {
            let err = modeled_error(code, status, code_in, 1).await;
            #[allow(deprecated)]
            let unhandled = matches!(err, CancelEnvironmentDeploymentError::Unhandled(_));
            assert!(!unhandled, "{code} in {code_in:?}: {err:?}");
        }
    }
}

#[tokio::test]
async fn header_wins_over_body_and_missing_message_is_empty() {
    // The header names the error; the body's `__type` is ignored. No message at all.
    let server = always(
        Reply::aws_json(
            404,
            r#"{"__type":"com.amazonaws.proton#ValidationException"}"#,
        )
        .header("x-amzn-errortype", "ResourceNotFoundException"),
    )
    .await;
    let err = cancel(&client(&server), "prod")
        .await
        .unwrap_err()
        .into_service_error();
    let CancelEnvironmentDeploymentError::ResourceNotFoundException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), "");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}

// ---------------------------------------------------------------------------------------
// Unmodeled errors and unreadable responses.

#[tokio::test]
async fn unmodeled_error_keeps_code_message_status_and_body() {
    let body = r#"{"__type":"com.amazonaws.proton#ServiceQuotaExceededException","message":"Quota exceeded for environments"}"#;
    let server = always(Reply::aws_json(402, body)).await;
    let err = cancel(&client(&server), "prod").await.unwrap_err();

    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.code(), Some("ServiceQuotaExceededException"));
    assert_eq!(err.message(), Some("Quota exceeded for environments"));
    assert_eq!(err.request_id(), Some("req-0"));
    let raw = err.raw_response().unwrap();
    assert_eq!(raw.status().as_u16(), 402);
    assert_eq!(raw.body().bytes(), Some(body.as_bytes()));
    // `Display` names the failure only; the cause carries code and message, once.
    assert_eq!(err.to_string(), "service error");
    assert_eq!(
        smithy_runtime::test_util::error_chain(&err),
        "service error: unhandled error (ServiceQuotaExceededException): Quota exceeded for environments"
    );
    let context = DisplayErrorContext(&err).to_string();
    assert!(
        context.contains("ServiceQuotaExceededException"),
        "{context}"
    );
    // Not retried: a 4xx with an unknown code is not transient.
    check_attempts(&server, "prod", 1);

    let err = err.into_service_error();
    #[allow(deprecated)]
    let unhandled = matches!(err, CancelEnvironmentDeploymentError::Unhandled(_));
    assert!(unhandled, "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("ServiceQuotaExceededException"), "{shown}");
    assert!(shown.contains("Quota exceeded for environments"), "{shown}");
    assert_eq!(err.code(), Some("ServiceQuotaExceededException"));
    assert_eq!(err.request_id(), Some("req-0"));
    // The idiomatic way to handle an error the model does not know.
    let handled = match &err {
        CancelEnvironmentDeploymentError::ResourceNotFoundException(_) => "not found",
        other if other.code() == Some("ServiceQuotaExceededException") => "quota",
        _ => "other",
    };
    assert_eq!(handled, "quota");
}

#[tokio::test]
async fn error_status_with_a_body_that_is_not_json() {
    let server = always(Reply::new(400, "<html>Bad Request</html>")).await;
    let err = cancel(&client(&server), "prod").await.unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.code(), None);
    assert_eq!(
        err.raw_response().unwrap().body().bytes(),
        Some(&b"<html>Bad Request</html>"[..])
    );
    assert_eq!(err.request_id(), Some("req-0"));
    check_attempts(&server, "prod", 1);
}

#[tokio::test]
async fn modeled_error_with_a_truncated_body_is_unhandled_with_its_code() {
    let server = always(
        Reply::aws_json(409, r#"{"message": "in prog"#)
            .header("x-amzn-errortype", "ConflictException"),
    )
    .await;
    let err = cancel(&client(&server), "prod").await.unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    let err = err.into_service_error();
    #[allow(deprecated)]
    let unhandled = matches!(err, CancelEnvironmentDeploymentError::Unhandled(_));
    assert!(unhandled, "{err:?}");
    assert_eq!(err.code(), Some("ConflictException"));
    assert_eq!(err.request_id(), Some("req-0"));
}

async fn response_error(body: &'static str) {
    let server = always(Reply::aws_json(200, body)).await;
    let err = cancel(&client(&server), "prod").await.unwrap_err();
    let SdkError::ResponseError(response_error) = &err else {
        panic!("expected a response error for {body:?}: {err:?}")
    };
    assert_eq!(response_error.raw().status().as_u16(), 200);
    assert_eq!(response_error.raw().body().bytes(), Some(body.as_bytes()));
    assert!(err.as_service_error().is_none());
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 200);
    assert_eq!(err.request_id(), Some("req-0"));
    assert!(err.to_string().starts_with("response error"), "{err}");
    assert!(DisplayErrorContext(&err).to_string().len() > err.to_string().len());
    // A 200 is not retried, even when it cannot be read.
    check_attempts(&server, "prod", 1);
    // `into_service_error` turns it into the unhandled variant, without a code.
    let err = err.into_service_error();
    assert_eq!(err.code(), None);
}

#[tokio::test]
async fn malformed_json_is_a_response_error() {
    response_error("<html>not json</html>").await;
    response_error(r#"{"environment": {"name": 42}}"#).await;
    response_error(r#"{"environment": {"createdAt": "yesterday"}}"#).await;
    response_error(r#"{"environment": {"deploymentStatus": ["CANCELLING"]}}"#).await;
    response_error(r#"{"environment": "prod"}"#).await;
    response_error(r#"["environment"]"#).await;
}

#[tokio::test]
async fn truncated_json_is_a_response_error() {
    response_error(r#"{"environment": {"name": "prod", "createdAt": 17000"#).await;
    response_error(r#"{"environment": {"name": "pr"#).await;
    response_error("{").await;
}

#[tokio::test]
async fn empty_success_body_is_an_empty_output() {
    let server = always(Reply::aws_json(200, "")).await;
    let output = cancel(&client(&server), "prod").await.unwrap();
    // Read as `{}`. (The AWS SDK error-corrects the missing required `environment` to an
    // empty one; this client leaves it `None`.)
    assert!(output.environment().is_none_or(|env| env.name().is_empty()));
    assert_eq!(output.request_id(), Some("req-0"));
}

// ---------------------------------------------------------------------------------------
// Retries and timeouts.

#[tokio::test]
async fn retries_500_503_then_succeeds() {
    let server = server(|n| match n {
        0 => Reply::aws_json(500, r#"{"__type":"InternalFailure"}"#),
        1 => Reply::aws_json(503, r#"{"__type":"ServiceUnavailableException"}"#),
        _ => ok(full_environment_json()),
    })
    .await;
    let output = cancel(&client(&server), "prod").await.unwrap();
    assert_eq!(output.environment(), Some(&full_environment()));
    assert_eq!(output.request_id(), Some("req-2"));
    check_attempts(&server, "prod", 3);
}

#[tokio::test]
async fn retries_429_then_succeeds() {
    let server = server(|n| match n {
        0 => error_reply(429, "ThrottlingException", CodeIn::Header, "Rate exceeded"),
        _ => ok(full_environment_json()),
    })
    .await;
    let output = cancel(&client(&server), "prod").await.unwrap();
    assert_eq!(output.environment().unwrap().name(), "prod");
    assert_eq!(output.request_id(), Some("req-1"));
    check_attempts(&server, "prod", 2);
}

#[tokio::test]
async fn internal_server_exception_then_success() {
    let server = server(|n| match n {
        0 => error_reply(500, "InternalServerException", CodeIn::DunderType, "oops"),
        _ => ok(full_environment_json()),
    })
    .await;
    let output = cancel(&client(&server), "prod").await.unwrap();
    assert_eq!(output.environment(), Some(&full_environment()));
    check_attempts(&server, "prod", 2);
}

#[tokio::test]
async fn retries_stop_at_three_attempts() {
    let server = always(Reply::aws_json(
        503,
        r#"{"__type":"ServiceUnavailableException","message":"try later"}"#,
    ))
    .await;
    let client = client(&server);
    let err = cancel(&client, "prod").await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 503);
    assert_eq!(err.request_id(), Some("req-2"));
    check_attempts(&server, "prod", 3);

    // The next call is a new invocation, starting again at attempt 1.
    cancel(&client, "prod").await.unwrap_err();
    let received = server.received();
    assert_eq!(received.len(), 6);
    assert_eq!(
        received[3].expect_header("amz-sdk-request"),
        "attempt=1; max=3"
    );
    assert_ne!(
        received[3].expect_header("amz-sdk-invocation-id"),
        received[0].expect_header("amz-sdk-invocation-id")
    );
}

#[tokio::test]
async fn validation_exception_is_not_retried() {
    let server = server(|n| match n {
        0 => error_reply(400, "ValidationException", CodeIn::Code, "bad name"),
        _ => ok(full_environment_json()),
    })
    .await;
    let err = cancel(&client(&server), "prod").await.unwrap_err();
    assert!(err.into_service_error().is_validation_exception());
    check_attempts(&server, "prod", 1);
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = always(ok(full_environment_json()).delay(Duration::from_secs(5))).await;
    let config = config(&server)
        .retry_config(fast_retries().with_max_attempts(2))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(Duration::from_millis(150))
                .build(),
        )
        .build();
    let client = Client::from_conf(config);
    let started = Instant::now();
    let err = cancel(&client, "prod").await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(err.as_service_error().is_none());
    assert!(err.raw_response().is_none());
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    // Timed-out attempts are retried; both reached the server, correctly signed.
    let received = server.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        check_request(&server, r, "prod");
    }
    assert_eq!(
        received[1].expect_header("amz-sdk-request"),
        "attempt=2; max=2"
    );
}

// ---------------------------------------------------------------------------------------
// The drop-in program.

fn compat_client(server: &LoopbackServer) -> Client {
    proton_compat::client(&server.url(), credentials(), fast_retries())
}

#[tokio::test]
async fn compat_program_summarizes_success() {
    let server = always(ok(full_environment_json())).await;
    let summary = proton_compat::cancel(&compat_client(&server), "prod").await;
    assert_eq!(
        summary,
        Summary::Cancelled(EnvironmentSummary {
            name: "prod".into(),
            status: "CANCELLING".into(),
            status_known: true,
            finished: false,
            created_at: "2023-11-14T22:13:20Z".into(),
            repository: Some("GITHUB:acme/infra@main".into()),
            request_id: Some("req-0".into()),
        })
    );
    assert_eq!(
        summary.to_string(),
        "prod: CANCELLING (created 2023-11-14T22:13:20Z)"
    );
    check_attempts(&server, "prod", 1);
}

#[tokio::test]
async fn compat_program_summarizes_unknown_status() {
    let server = always(ok(json!({
        "environment": { "name": "dev", "deploymentStatus": "ROLLING_BACK", "createdAt": 0 }
    })))
    .await;
    let client = compat_client(&server);
    let Summary::Cancelled(env) = proton_compat::cancel(&client, "dev").await else {
        panic!("expected an environment")
    };
    assert_eq!(env.status, "ROLLING_BACK");
    assert!(!env.status_known);
    assert!(!env.finished);
    assert_eq!(env.created_at, "1970-01-01T00:00:00Z");
    assert_eq!(env.repository, None);
    assert_eq!(env.request_id.as_deref(), Some("req-0"));
}

#[tokio::test]
async fn compat_program_summarizes_errors() {
    let cases: Vec<(Reply, Summary, usize)> = vec![
        (
            error_reply(404, "ResourceNotFoundException", CodeIn::Header, "no prod"),
            Summary::NotFound {
                message: "no prod".into(),
                request_id: Some("req-0".into()),
            },
            1,
        ),
        (
            error_reply(429, "ThrottlingException", CodeIn::DunderType, "slow down"),
            Summary::Throttled {
                message: "slow down".into(),
            },
            3,
        ),
        (
            error_reply(409, "ConflictException", CodeIn::Code, "not in progress"),
            Summary::Conflict {
                message: "not in progress".into(),
            },
            1,
        ),
        (
            error_reply(
                503,
                "ServiceUnavailableException",
                CodeIn::DunderType,
                "down",
            ),
            Summary::Unavailable {
                message: Some("down".into()),
            },
            3,
        ),
        (
            error_reply(403, "AccessDeniedException", CodeIn::Header, "denied"),
            Summary::ServiceError {
                code: Some("AccessDeniedException".into()),
                message: Some("denied".into()),
                status: Some(403),
                request_id: Some("req-0".into()),
            },
            1,
        ),
        (
            error_reply(400, "SomethingNewException", CodeIn::DunderType, "new"),
            Summary::ServiceError {
                code: Some("SomethingNewException".into()),
                message: Some("new".into()),
                status: Some(400),
                request_id: Some("req-0".into()),
            },
            1,
        ),
    ];
    for (reply, expected, attempts) in cases {
        let server = always(reply).await;
        let summary = proton_compat::cancel(&compat_client(&server), "prod").await;
        assert_eq!(summary, expected);
        check_attempts(&server, "prod", attempts);
    }
    assert_eq!(
        Summary::Unavailable { message: None }.to_string(),
        "unavailable: -"
    );
}

#[tokio::test]
async fn compat_program_summarizes_failures() {
    let server = always(Reply::aws_json(200, r#"{"environment": {"name": "pr"#)).await;
    let summary = proton_compat::cancel(&compat_client(&server), "prod").await;
    let Summary::Failed { status, detail } = &summary else {
        panic!("expected a failure: {summary:?}")
    };
    assert_eq!(*status, Some(200));
    assert!(detail.starts_with("response error"), "{detail}");
    assert!(summary.to_string().starts_with("failed: response error"));

    // Nothing listening: a dispatch failure, with no response.
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = proton_compat::client(
        &format!("http://{addr}"),
        credentials(),
        RetryConfig::disabled(),
    );
    let summary = proton_compat::cancel(&client, "prod").await;
    let Summary::Failed { status, detail } = &summary else {
        panic!("expected a failure: {summary:?}")
    };
    assert_eq!(*status, None);
    assert!(detail.starts_with("dispatch failure"), "{detail}");
}
