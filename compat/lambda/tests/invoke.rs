//! The program in `src/lib.rs` against a local server on 127.0.0.1 that plays Lambda: each test
//! checks the request the server received (SigV4 signature, method, path, query, headers and
//! body) and how the program sees the answer: success, a modeled error (with a header-bound
//! member), an unmodeled error, and a modeled error whose body does not parse.

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::operation::invoke::InvokeError;
use aws_sdk_lambda::{Client, Config};
use lambda_compat::{describe, invoke, Invocation};
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};

const PAYLOAD: &[u8] = br#"{"hello": "world"}"#;

fn credentials() -> Credentials {
    Credentials::new("AKIDLAMBDATEST", "lambda/SECRET/key", None, None, "compat")
}

fn client(server: &LoopbackServer) -> Client {
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

/// The one request the server received is the program's `Invoke`, correctly signed.
fn check_request(server: &LoopbackServer) {
    let received = server.received();
    assert_eq!(received.len(), 1, "one request");
    let request = &received[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.path_and_query(),
        "/2015-03-31/functions/my%20function/invocations?Qualifier=7"
    );
    assert_eq!(
        request.expect_header("x-amz-invocation-type"),
        "RequestResponse"
    );
    assert_eq!(request.expect_header("x-amz-log-type"), "Tail");
    assert_eq!(
        request.expect_header("x-amz-client-context"),
        "eyJjdXN0b20iOnt9fQ=="
    );
    assert_eq!(
        request.expect_header("content-type"),
        "application/octet-stream"
    );
    assert_eq!(request.body().as_ref(), PAYLOAD);
    verify_sigv4(
        request,
        server.addr(),
        "eu-west-1",
        "lambda",
        &credentials(),
    );
}

#[tokio::test]
async fn success() {
    let server = LoopbackServer::sequence(vec![Reply::new(200, r#"{"result": 42}"#)
        .header("x-amz-function-error", "Unhandled")
        .header("x-amz-log-result", "U1RBUlQgUmVxdWVzdElk")
        .header("x-amz-executed-version", "7")
        .header("x-amzn-requestid", "req-1")])
    .await;
    let invocation = invoke(&client(&server), "my function", "7", PAYLOAD)
        .await
        .expect("the invocation succeeds");
    assert_eq!(
        invocation,
        Invocation {
            status_code: 200,
            payload: br#"{"result": 42}"#.to_vec(),
            function_error: Some("Unhandled".into()),
            log_tail: Some("U1RBUlQgUmVxdWVzdElk".into()),
            executed_version: Some("7".into()),
        }
    );
    check_request(&server);
}

#[tokio::test]
async fn modeled_error_with_a_header_bound_member() {
    let server = LoopbackServer::sequence(vec![Reply::new(
        429,
        r#"{"message": "Rate exceeded", "Reason": "ConcurrentInvocationLimitExceeded", "Type": "User"}"#,
    )
    .header("x-amzn-errortype", "TooManyRequestsException:http://internal.amazon.com/coral/")
    .header("retry-after", "3")
    .header("x-amzn-requestid", "req-2")])
    .await;
    let error = invoke(&client(&server), "my function", "7", PAYLOAD)
        .await
        .expect_err("throttled");
    assert_eq!(
        describe(&error),
        "throttled (retry after 3s, reason Some(\"ConcurrentInvocationLimitExceeded\"))"
    );
    let SdkError::ServiceError(service) = &error else {
        panic!("a service error: {error:?}");
    };
    assert_eq!(service.raw().status().as_u16(), 429);
    assert!(matches!(
        service.err(),
        InvokeError::TooManyRequestsException(_)
    ));
    assert_eq!(service.err().message(), Some("Rate exceeded"));
    check_request(&server);
}

#[tokio::test]
async fn modeled_error_without_header_members() {
    let server = LoopbackServer::sequence(vec![Reply::new(
        404,
        r#"{"Type": "User", "Message": "Function not found: arn:aws:lambda:eu-west-1:123:function:my function"}"#,
    )
    .header("x-amzn-errortype", "ResourceNotFoundException")])
    .await;
    let error = invoke(&client(&server), "my function", "7", PAYLOAD)
        .await
        .expect_err("missing");
    assert_eq!(
        describe(&error),
        "no such function: Function not found: arn:aws:lambda:eu-west-1:123:function:my function"
    );
    check_request(&server);
}

#[tokio::test]
async fn unmodeled_error() {
    let server = LoopbackServer::sequence(vec![Reply::new(
        500,
        r#"{"message": "the hamsters are tired"}"#,
    )
    .header("x-amzn-errortype", "HamsterFatigue")])
    .await;
    let error = invoke(&client(&server), "my function", "7", PAYLOAD)
        .await
        .expect_err("an unmodeled error");
    assert_eq!(
        describe(&error),
        "service error HamsterFatigue: the hamsters are tired"
    );
    let SdkError::ServiceError(service) = &error else {
        panic!("a service error: {error:?}");
    };
    assert_eq!(service.err().code(), Some("HamsterFatigue"));
    check_request(&server);
}

#[tokio::test]
async fn malformed_error_body_keeps_the_code() {
    let server = LoopbackServer::sequence(vec![
        Reply::new(404, "{not json").header("x-amzn-errortype", "ResourceNotFoundException")
    ])
    .await;
    let error = invoke(&client(&server), "my function", "7", PAYLOAD)
        .await
        .expect_err("a malformed error");
    let SdkError::ServiceError(service) = &error else {
        panic!("a service error: {error:?}");
    };
    assert_eq!(service.err().code(), Some("ResourceNotFoundException"));
    assert!(!matches!(
        service.err(),
        InvokeError::ResourceNotFoundException(_)
    ));
    check_request(&server);
}
