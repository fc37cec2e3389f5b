//! Operations that require endpoint discovery (`aws.api#clientDiscoveredEndpoint` with
//! `required: true`): the client does not discover endpoints, so it refuses to send them to
//! the modeled endpoint and says what to do instead; with an explicit endpoint URL they go
//! there. The `kitchen-sink` fixture's `Ping` requires discovery through `DescribeEndpoints`.

use kitchen_sink::config::{BehaviorVersion, Credentials, Region};
use kitchen_sink::error::{DisplayErrorContext, SdkError};
use kitchen_sink::{Client, Config};
use smithy_runtime::transport::test_util::CaptureClient;

fn client(http: &CaptureClient, endpoint_url: Option<&str>) -> Client {
    let mut config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone());
    config.set_endpoint_url(endpoint_url.map(str::to_string));
    Client::from_conf(config.build())
}

#[tokio::test]
async fn without_an_endpoint_url_the_call_fails_before_sending() {
    let http = CaptureClient::new().with_response(200, "{}");
    let error = client(&http, None).ping().send().await.unwrap_err();
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    let message = DisplayErrorContext(&error).to_string();
    assert!(
        message.contains("operation `Ping` requires endpoint discovery")
            && message.contains("call `DescribeEndpoints` and set `endpoint_url`"),
        "{message}"
    );
    assert!(http.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn with_an_endpoint_url_the_call_goes_there() {
    let http = CaptureClient::new().with_response(200, "{}");
    client(&http, Some("https://cell-7.kitchen.example.com"))
        .ping()
        .send()
        .await
        .unwrap();
    let requests = http.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].uri().to_string(),
        "https://cell-7.kitchen.example.com/"
    );
}

#[tokio::test]
async fn the_discovery_operation_is_an_ordinary_call() {
    let http = CaptureClient::new().with_response(
        200,
        r#"{"Endpoints":[{"Address":"cell-7.kitchen.example.com","CachePeriodInMinutes":5}]}"#,
    );
    let output = client(&http, Some("https://kitchen.example.com"))
        .describe_endpoints()
        .send()
        .await
        .unwrap();
    assert_eq!(
        output.endpoints()[0].address(),
        "cell-7.kitchen.example.com"
    );
    assert_eq!(output.endpoints()[0].cache_period_in_minutes(), 5);
    assert_eq!(http.requests().len(), 1);
}
