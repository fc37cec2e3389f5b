//! SSO's operations have `@optionalAuth` and `@auth([])`: whatever credentials the client has,
//! they go out without a SigV4 signature (no `Authorization`, `X-Amz-Date` or
//! `X-Amz-Security-Token`), as the AWS SDKs send them.

use aws_sdk_sso::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_sso::{Client, Config};
use smithy_runtime::test_util::{LoopbackServer, ReceivedRequest, Reply};
use sso_e2e::role_access_key;

const ROLE_CREDENTIALS: &str = r#"{"roleCredentials":{"accessKeyId":"ASIAROLE","secretAccessKey":"role-secret","sessionToken":"role-session","expiration":1700000000000}}"#;

async fn server() -> LoopbackServer {
    LoopbackServer::start(|_| {
        Reply::new(200, ROLE_CREDENTIALS).header("content-type", "application/json")
    })
    .await
}

fn assert_unsigned(request: &ReceivedRequest) {
    for header in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        assert!(
            request.header(header).is_none(),
            "request {} carries `{header}`: {:?}",
            request.index(),
            request.headers()
        );
    }
}

#[tokio::test]
async fn get_role_credentials_is_unsigned_even_with_credentials() {
    let server = server().await;
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDSSOTEST",
            "sso/SECRET",
            Some("session".into()),
            None,
            "test",
        ))
        .endpoint_url(server.url())
        .build();
    let client = Client::from_conf(config);
    let key = role_access_key(&client, "SSO-ACCESS-TOKEN", "123456789012", "Admin")
        .await
        .unwrap();
    assert_eq!(key.as_deref(), Some("ASIAROLE"));
    let received = server.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.path_and_query(),
        "/federation/credentials?role_name=Admin&account_id=123456789012"
    );
    assert_eq!(
        request.header("x-amz-sso_bearer_token"),
        Some("SSO-ACCESS-TOKEN")
    );
    assert_unsigned(request);
}

#[tokio::test]
async fn list_accounts_is_unsigned_and_needs_no_credentials() {
    let server = LoopbackServer::start(|_| {
        Reply::new(200, r#"{"accountList":[{"accountId":"123456789012"}]}"#)
            .header("content-type", "application/json")
    })
    .await;
    // No credentials provider: the default one reads the environment, which the call never
    // asks.
    let config = Config::builder()
        .region(Region::new("eu-west-1"))
        .endpoint_url(server.url())
        .build();
    let output = Client::from_conf(config)
        .list_accounts()
        .access_token("SSO-ACCESS-TOKEN")
        .max_results(5)
        .send()
        .await
        .unwrap();
    assert_eq!(output.account_list().len(), 1);
    let request = &server.received()[0];
    assert_eq!(
        request.path_and_query(),
        "/assignment/accounts?max_result=5"
    );
    assert_unsigned(request);
}
