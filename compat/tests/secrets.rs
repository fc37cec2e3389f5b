//! Nothing secret is ever printed, and signed requests go only where they should.
//!
//! * The secret access key and the session token never appear in the `Debug` or `Display`
//!   output of the client, its configuration and builder, the credentials, the requests
//!   sent, the responses received, or any error the client returns (each `SdkError`
//!   variant, produced for real), nor in anything `tracing` records at TRACE level during
//!   full calls with retries (a capturing subscriber, written below, sees every span and
//!   event of every crate).
//! * `@sensitive` members (in Proton: an environment's description, spec and status
//!   message, and every error message; in the kitchen-sink snapshot: a string, a union
//!   variant and an error message) are redacted wherever the client prints them.
//! * Default endpoints are `https://`; `http://` only when the application sets an
//!   `endpoint_url`; a region that would put another host into the endpoint URL is
//!   rejected by the endpoint rules before anything is sent.

#![allow(clippy::result_large_err)]

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::future;
use aws_sdk_proton::config::retry::RetryConfig;
use aws_sdk_proton::config::timeout::TimeoutConfig;
use aws_sdk_proton::config::{
    BehaviorVersion, Credentials, ProvideCredentials, Region, SharedCredentialsProvider,
};
use aws_sdk_proton::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_proton::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentError, CancelEnvironmentDeploymentInput,
    CancelEnvironmentDeploymentOutput,
};
use aws_sdk_proton::types::Environment;
use aws_sdk_proton::{Client, Config};
use smithy_runtime::test_util::{LoopbackServer, Reply};
use smithy_runtime::transport::test_util::CaptureClient;
use smithy_runtime::transport::{
    BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse, HttpSettings, HyperHttpClient,
};
use std::error::Error;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDSECRETSTEST0001";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETzKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEBa+SESSIONzTOKENzVALUE/////////w==";
/// The value given to every `@sensitive` member.
const SENSITIVE: &str = "SENSITIVEzMEMBERzVALUE";

type Result<T> = std::result::Result<T, SdkError<CancelEnvironmentDeploymentError>>;

/// Fails when `text` contains the secret key or the session token, whole, in part or
/// percent-encoded.
#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    let encoded_key = SECRET_KEY.replace('/', "%2F");
    let encoded_token = SESSION_TOKEN.replace('/', "%2F").replace('+', "%2B");
    for secret in [
        SECRET_KEY,
        SESSION_TOKEN,
        "SECRETzKEY",
        "SESSIONzTOKEN",
        &encoded_key,
        &encoded_token,
    ] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

#[track_caller]
fn assert_no_sensitive(what: &str, text: &str) {
    assert!(
        !text.contains(SENSITIVE),
        "{what} shows a @sensitive value:\n{text}"
    );
}

/// `Debug` (plain and pretty) of `value`.
fn debug(value: &dyn fmt::Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

/// Everything an application might print of an error: `Display`, `Debug`, the whole
/// source chain, and `DisplayErrorContext`.
fn error_text(err: &(dyn Error + 'static)) -> String {
    let mut text = format!("{err}\n{err:?}\n{err:#?}\n{}", DisplayErrorContext(err));
    let mut source = err.source();
    while let Some(cause) = source {
        write!(text, "\n{cause}\n{cause:?}").unwrap();
        source = cause.source();
    }
    text
}

fn credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "secrets-test",
    )
}

fn config(url: &str) -> aws_sdk_proton::config::Builder {
    Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .endpoint_url(url)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(10))
                .build(),
        )
}

async fn cancel(client: &Client) -> Result<CancelEnvironmentDeploymentOutput> {
    client
        .cancel_environment_deployment()
        .environment_name("prod")
        .send()
        .await
}

/// A body whose every `@sensitive` member holds [`SENSITIVE`].
fn sensitive_environment() -> String {
    format!(
        r#"{{"environment":{{"name":"prod","description":"{SENSITIVE}","spec":"{SENSITIVE}","deploymentStatusMessage":"{SENSITIVE}","deploymentStatus":"CANCELLING"}}}}"#
    )
}

fn sensitive_error(code: &str) -> String {
    format!(r#"{{"__type":"com.amazonaws.proton#{code}","message":"{SENSITIVE}"}}"#)
}

/// A server for a full call with retries: a 503, a retryable modeled error whose message
/// is sensitive, then an environment full of sensitive members.
async fn retrying_server() -> LoopbackServer {
    LoopbackServer::start(|n| match n % 3 {
        0 => Reply::aws_json(503, r#"{"__type":"ServiceUnavailableException"}"#),
        1 => Reply::aws_json(500, sensitive_error("InternalServerException")),
        _ => Reply::aws_json(200, sensitive_environment()),
    })
    .await
}

// ---------------------------------------------------------------------------------------
// A `tracing` subscriber that records everything.

/// Records every span (with its fields and later values) and every event, at every level,
/// from every crate, as text.
struct Capture {
    out: Arc<Mutex<String>>,
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        write!(self.0, " {}={value:?}", field.name()).unwrap();
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        write!(self.0, " {}={value}", field.name()).unwrap();
    }

    fn record_error(&mut self, field: &tracing::field::Field, value: &(dyn Error + 'static)) {
        write!(self.0, " {}={}", field.name(), error_text(value)).unwrap();
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!(
            "span {} {}:",
            span.metadata().target(),
            span.metadata().name()
        );
        span.record(&mut Fields(&mut line));
        line.push('\n');
        self.out.lock().unwrap().push_str(&line);
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = String::from("record:");
        values.record(&mut Fields(&mut line));
        line.push('\n');
        self.out.lock().unwrap().push_str(&line);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("event {} {}:", meta.level(), meta.target());
        event.record(&mut Fields(&mut line));
        line.push('\n');
        self.out.lock().unwrap().push_str(&line);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// Installs the capturing subscriber for the whole process (once) and returns its output.
fn trace_output() -> Arc<Mutex<String>> {
    static OUTPUT: OnceLock<Arc<Mutex<String>>> = OnceLock::new();
    OUTPUT
        .get_or_init(|| {
            let out = Arc::new(Mutex::new(String::new()));
            tracing::subscriber::set_global_default(Capture {
                out: out.clone(),
                next_id: AtomicU64::new(1),
            })
            .expect("no other global subscriber in this test binary");
            out
        })
        .clone()
}

// ---------------------------------------------------------------------------------------
// Client, configuration and credentials.

#[test]
fn client_configuration_and_credentials_never_show_secrets() {
    let builder = config("http://127.0.0.1:1");
    assert_no_secret("config builder", &debug(&builder));
    let config = builder.build();
    assert_no_secret("config", &debug(&config));
    assert_no_secret("config.to_builder()", &debug(&config.to_builder()));
    let client = Client::from_conf(config);
    assert_no_secret("client", &debug(&client));
    assert_no_secret("client.config()", &debug(client.config()));
    let fluent = client.cancel_environment_deployment().environment_name("x");
    assert_no_secret("fluent builder", &debug(&fluent));
    let input = CancelEnvironmentDeploymentInput::builder()
        .environment_name("x")
        .build()
        .unwrap();
    assert_no_secret("input", &debug(&input));
    assert_no_secret("credentials", &debug(&credentials()));
    assert_no_secret(
        "credentials provider",
        &debug(&SharedCredentialsProvider::new(credentials())),
    );
    // The non-secret parts are there: the output is useful, not empty.
    assert!(debug(&client).contains(ACCESS_KEY));
    assert!(debug(&client).contains("us-east-1"));
}

// ---------------------------------------------------------------------------------------
// Every kind of error.

/// A credentials provider that fails, naming nothing secret.
#[derive(Debug)]
struct Failing;

impl ProvideCredentials for Failing {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no credentials in this test",
        )))
    }
}

/// Checks everything printable about `err`, as returned and as `into_service_error`.
fn check_error(what: &str, err: SdkError<CancelEnvironmentDeploymentError>) {
    assert_no_secret(what, &error_text(&err));
    if let Some(raw) = err.raw_response() {
        assert_no_secret(what, &debug(raw));
        assert_no_sensitive(what, &debug(raw));
    }
    let err = err.into_service_error();
    assert_no_secret(what, &error_text(&err));
}

#[tokio::test]
async fn every_error_variant_hides_secrets() {
    trace_output();
    let mut seen = Vec::new();

    // ConstructionFailure: no region; a region the endpoint rules reject; an endpoint URL
    // that is not http(s); credentials that cannot be loaded.
    let no_region = Client::from_conf(config("http://127.0.0.1:1").region(None).build());
    let bad_region = Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1.evil.com/"))
            .credentials_provider(credentials())
            .build(),
    );
    let bad_url = Client::from_conf(config("ftp://127.0.0.1:1/").build());
    let no_credentials = Client::from_conf(
        config("http://127.0.0.1:1")
            .credentials_provider(Failing)
            .build(),
    );
    for client in [no_region, bad_region, bad_url, no_credentials] {
        let err = cancel(&client).await.unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
        seen.push("construction");
        check_error("construction failure", err);
    }

    // DispatchFailure: nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let err = cancel(&Client::from_conf(
        config(&format!("http://{port}")).build(),
    ))
    .await
    .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    seen.push("dispatch");
    check_error("dispatch failure", err);

    // TimeoutError.
    let slow =
        LoopbackServer::start(|_| Reply::aws_json(200, "{}").delay(Duration::from_secs(5))).await;
    let err = cancel(&Client::from_conf(
        config(&slow.url())
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(100))
                    .build(),
            )
            .build(),
    ))
    .await
    .unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    seen.push("timeout");
    check_error("timeout", err);

    // ResponseError: a success whose body cannot be read, with sensitive text in it.
    let malformed = LoopbackServer::start(|_| {
        Reply::aws_json(
            200,
            format!(r#"{{"environment":{{"spec":"{SENSITIVE}","name":42}}}}"#),
        )
    })
    .await;
    let err = cancel(&Client::from_conf(config(&malformed.url()).build()))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    seen.push("response");
    check_error("response error", err);

    // ServiceError: modeled (after retries), modeled but unreadable, and unmodeled.
    for (status, body) in [
        (500, sensitive_error("InternalServerException")),
        (403, sensitive_error("AccessDeniedException")),
        (
            409,
            r#"{"__type":"ConflictException","message":"#.to_owned(),
        ),
        (
            402,
            r#"{"__type":"QuotaExceeded","message":"quota"}"#.to_owned(),
        ),
    ] {
        let server = LoopbackServer::start(move |_| Reply::aws_json(status, body.clone())).await;
        let err = cancel(&Client::from_conf(config(&server.url()).build()))
            .await
            .unwrap_err();
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        seen.push("service");
        check_error("service error", err);
    }
    assert_eq!(seen.len(), 11);
}

// ---------------------------------------------------------------------------------------
// Requests and responses.

/// Sends with the default client, keeping the `Debug` output of every request and
/// response, and checking that the session token was really sent.
#[derive(Debug)]
struct Printing {
    inner: HyperHttpClient,
    printed: Arc<Mutex<Vec<String>>>,
}

impl HttpClient for Printing {
    fn call(
        &self,
        request: HttpRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, std::result::Result<HttpResponse, ConnectorError>> {
        assert_eq!(request.headers()["x-amz-security-token"], SESSION_TOKEN);
        self.printed.lock().unwrap().push(debug(&request));
        let settings = *settings;
        Box::pin(async move {
            let response = self.inner.call(request, &settings).await;
            self.printed.lock().unwrap().push(debug(&response));
            response
        })
    }
}

#[tokio::test]
async fn printed_requests_and_responses_show_no_secret() {
    trace_output();
    let server = retrying_server().await;
    let printed = Arc::new(Mutex::new(Vec::new()));
    let client = Client::from_conf(
        config(&server.url())
            .http_client(Printing {
                inner: HyperHttpClient::new(),
                printed: printed.clone(),
            })
            .build(),
    );
    let output = cancel(&client).await.unwrap();
    assert_eq!(output.environment().unwrap().description(), Some(SENSITIVE));
    let printed = printed.lock().unwrap().join("\n");
    // Three requests and three responses.
    assert_eq!(
        printed.matches("x-amz-security-token").count(),
        6,
        "{printed}"
    );
    assert!(printed.contains("Sensitive"), "{printed}");
    assert_no_secret("requests and responses", &printed);
    assert_no_sensitive("responses", &printed);
}

// ---------------------------------------------------------------------------------------
// Tracing.

#[tokio::test]
async fn trace_output_shows_no_secret_and_no_sensitive_value() {
    let out = trace_output();
    let server = retrying_server().await;
    let client = Client::from_conf(config(&server.url()).build());
    // Two full calls, each with two retries.
    for _ in 0..2 {
        let output = cancel(&client).await.unwrap();
        assert_eq!(output.environment().unwrap().spec(), Some(SENSITIVE));
    }
    // And failures that are logged with their errors.
    let failing =
        LoopbackServer::start(|_| Reply::aws_json(500, sensitive_error("InternalServerException")))
            .await;
    let err = cancel(&Client::from_conf(config(&failing.url()).build()))
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_internal_server_exception());

    let captured = out.lock().unwrap().clone();
    // The subscriber saw everything down to TRACE: the runtime's spans and events and the
    // signer's own trace events.
    for expected in [
        "span smithy_runtime::client invoke:",
        "span smithy_runtime::client attempt:",
        "retrying in",
        "event TRACE aws_sigv4",
        "signing request",
        "canonical_request=",
        "x-amz-security-token:** redacted",
    ] {
        assert!(
            captured.contains(expected),
            "no `{expected}` in:\n{captured}"
        );
    }
    assert_no_secret("trace output", &captured);
    assert_no_sensitive("trace output", &captured);
}

// ---------------------------------------------------------------------------------------
// @sensitive members.

#[tokio::test]
async fn sensitive_members_are_redacted_in_outputs_and_errors() {
    let server = retrying_server().await;
    let output = cancel(&Client::from_conf(config(&server.url()).build()))
        .await
        .unwrap();
    let env = output.environment().unwrap();
    // The values are there for the application...
    assert_eq!(env.description(), Some(SENSITIVE));
    assert_eq!(env.spec(), Some(SENSITIVE));
    assert_eq!(env.deployment_status_message(), Some(SENSITIVE));
    // ...and never printed.
    assert_no_sensitive("output", &debug(&output));
    assert_no_sensitive("environment", &debug(env));
    let rebuilt = Environment::builder()
        .name("prod")
        .description(SENSITIVE)
        .spec(SENSITIVE)
        .deployment_status_message(SENSITIVE);
    assert_no_sensitive("environment builder", &debug(&rebuilt));
    assert!(debug(&output).contains("*** Sensitive Data Redacted ***"));

    // Error messages are sensitive in Proton: `Display` of the error and of the `SdkError`
    // redacts them, as does `DisplayErrorContext`; `message()` still has them.
    let failing =
        LoopbackServer::start(|_| Reply::aws_json(403, sensitive_error("AccessDeniedException")))
            .await;
    let err = cancel(&Client::from_conf(config(&failing.url()).build()))
        .await
        .unwrap_err();
    assert_eq!(err.message(), Some(SENSITIVE));
    assert_no_sensitive("error", &format!("{err}\n{}", DisplayErrorContext(&err)));
    let raw = err.raw_response().unwrap();
    assert_no_sensitive("raw response", &debug(raw));
    let service = err.into_service_error();
    assert!(service.is_access_denied_exception());
    assert_no_sensitive(
        "service error",
        &format!("{service}\n{}", DisplayErrorContext(&service)),
    );
    let CancelEnvironmentDeploymentError::AccessDeniedException(denied) = &service else {
        panic!("{service:?}")
    };
    assert_eq!(denied.message(), SENSITIVE);
    assert_no_sensitive("modeled error", &denied.to_string());
}

/// The generated `Debug` of a modeled error prints its `ErrorMetadata`, which holds the
/// message too; when the message member is `@sensitive` it prints it through
/// `ErrorMetadata::redacted_message()`.
#[tokio::test]
async fn sensitive_error_messages_are_redacted_in_debug_output() {
    let failing =
        LoopbackServer::start(|_| Reply::aws_json(403, sensitive_error("AccessDeniedException")))
            .await;
    let err = cancel(&Client::from_conf(config(&failing.url()).build()))
        .await
        .unwrap_err();
    assert_no_sensitive("SdkError debug", &debug(&err));
    assert_no_sensitive("service error debug", &debug(&err.into_service_error()));
}

#[test]
fn kitchen_sink_sensitive_members_are_redacted() {
    use kitchen_sink::types::error::InvalidThing;
    use kitchen_sink::types::{Everything, Expression};

    let everything = Everything::builder()
        .a_string("visible")
        .a_secret(SENSITIVE)
        .a_union(Expression::Secret(SENSITIVE.to_owned()))
        .build();
    assert_eq!(everything.a_secret(), Some(SENSITIVE));
    let shown = debug(&everything);
    assert!(shown.contains("visible"), "{shown}");
    assert_no_sensitive("Everything", &shown);
    assert_no_sensitive(
        "EverythingBuilder",
        &debug(&Everything::builder().a_secret(SENSITIVE)),
    );
    assert_no_sensitive(
        "Expression::Secret",
        &debug(&Expression::Secret(SENSITIVE.to_owned())),
    );
    let error = InvalidThing::builder()
        .field("visible")
        .message(SENSITIVE)
        .build()
        .unwrap();
    assert_no_sensitive("InvalidThing", &format!("{error}\n{}", debug(&error)));
    assert_no_sensitive(
        "InvalidThingBuilder",
        &debug(&InvalidThing::builder().message(SENSITIVE)),
    );
}

// ---------------------------------------------------------------------------------------
// Where signed requests go.

/// A client that records requests instead of sending them, answering `{}`.
fn capturing(config: aws_sdk_proton::config::Builder) -> (Client, CaptureClient) {
    let capture = CaptureClient::new();
    for _ in 0..3 {
        capture.push_status(200, "{}");
    }
    let client = Client::from_conf(
        config
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(credentials())
            .http_client(capture.clone())
            .build(),
    );
    (client, capture)
}

#[tokio::test]
async fn default_endpoints_are_https() {
    let cases = [
        (
            "us-east-1",
            false,
            false,
            "https://proton.us-east-1.amazonaws.com/",
        ),
        (
            "eu-west-1",
            false,
            false,
            "https://proton.eu-west-1.amazonaws.com/",
        ),
        (
            "cn-north-1",
            false,
            false,
            "https://proton.cn-north-1.amazonaws.com.cn/",
        ),
        (
            "us-gov-west-1",
            false,
            false,
            "https://proton.us-gov-west-1.amazonaws.com/",
        ),
        (
            "us-east-1",
            true,
            false,
            "https://proton-fips.us-east-1.amazonaws.com/",
        ),
        (
            "us-east-1",
            false,
            true,
            "https://proton.us-east-1.api.aws/",
        ),
        (
            "mars-east-1",
            false,
            false,
            "https://proton.mars-east-1.amazonaws.com/",
        ),
    ];
    for (region, fips, dual_stack, expected) in cases {
        let (client, capture) = capturing(
            Config::builder()
                .region(Region::new(region))
                .use_fips(fips)
                .use_dual_stack(dual_stack),
        );
        cancel(&client).await.unwrap();
        let requests = capture.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].uri().to_string(), expected);
        assert_eq!(requests[0].uri().scheme_str(), Some("https"));
    }
}

#[tokio::test]
async fn http_is_used_only_when_the_application_sets_it() {
    let (client, capture) = capturing(
        Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("http://localhost:4566"),
    );
    cancel(&client).await.unwrap();
    assert_eq!(
        capture.requests()[0].uri().to_string(),
        "http://localhost:4566/"
    );
    assert_eq!(capture.requests()[0].header("host"), Some("localhost:4566"));

    // Endpoint URLs that are not plain http(s) are refused before anything is sent.
    for url in [
        "ftp://localhost/",
        "file:///etc/passwd",
        "http://user:password@localhost/",
        "https://localhost/?redirect=evil.com",
        "localhost:4566",
        "",
    ] {
        let (client, capture) = capturing(
            Config::builder()
                .region(Region::new("us-east-1"))
                .endpoint_url(url),
        );
        let err = cancel(&client).await.unwrap_err();
        assert!(
            matches!(err, SdkError::ConstructionFailure(_)),
            "{url}: {err:?}"
        );
        assert!(capture.requests().is_empty(), "{url}");
    }
}

#[tokio::test]
async fn regions_that_would_make_another_host_are_rejected_by_the_rules() {
    for region in [
        "us-east-1.evil.com/",
        "us-east-1.evil.com",
        "evil.com#",
        "evil.com?",
        "us-east-1/../",
        "us-east-1@evil.com",
        "us-east-1:8443",
        "us-east-1 ",
        "",
    ] {
        for (fips, dual_stack) in [(false, false), (true, false), (false, true), (true, true)] {
            let (client, capture) = capturing(
                Config::builder()
                    .region(Region::new(region))
                    .use_fips(fips)
                    .use_dual_stack(dual_stack),
            );
            let err = cancel(&client).await.unwrap_err();
            assert!(
                matches!(err, SdkError::ConstructionFailure(_)),
                "{region:?}: {err:?}"
            );
            let context = DisplayErrorContext(&err).to_string();
            assert!(
                context.contains("Unable to determine the partition for region"),
                "{region:?}: {context}"
            );
            assert!(capture.requests().is_empty(), "{region:?} was sent");
        }
    }
}

#[tokio::test]
async fn a_bad_region_with_the_default_http_client_connects_nowhere() {
    // No capturing client: the real one, which would try to connect to evil.com.
    let client = Client::from_conf(
        Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1.evil.com/"))
            .credentials_provider(credentials())
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_secs(2))
                    .build(),
            )
            .build(),
    );
    let err = cancel(&client).await.unwrap_err();
    let context = DisplayErrorContext(&err).to_string();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{context}");
    assert!(context.contains("us-east-1.evil.com/"), "{context}");
}

/// A modeled error whose body names it but does not parse (here a member of the wrong type)
/// becomes the `Unhandled` variant, which keeps the metadata and prints its message: a
/// `@sensitive` message is redacted there too.
#[tokio::test]
async fn a_sensitive_message_stays_hidden_when_its_error_body_does_not_parse() {
    const SECRET_MESSAGE: &str = "the recipe vault code is 1234";
    let http = CaptureClient::new().with_response(
        400,
        format!(r#"{{"__type":"InvalidThing","Message":"{SECRET_MESSAGE}","field":5}}"#),
    );
    let client = kitchen_sink::Client::from_conf(
        kitchen_sink::Config::builder()
            .behavior_version(kitchen_sink::config::BehaviorVersion::latest())
            .region(kitchen_sink::config::Region::new("us-east-1"))
            .credentials_provider(kitchen_sink::config::Credentials::for_tests())
            .endpoint_url("https://kitchen.example.com")
            .http_client(http)
            .build(),
    );
    let error = client.list_recipes().send().await.unwrap_err();
    let service = error.into_service_error();
    assert!(
        !service.is_invalid_thing(),
        "the body does not parse, so the error is unhandled: {service:?}"
    );
    assert_eq!(service.code(), Some("InvalidThing"));
    assert_eq!(service.message(), Some("*** Sensitive Data Redacted ***"));
    for shown in [
        format!("{service}"),
        format!("{service:?}"),
        DisplayErrorContext(&service).to_string(),
    ] {
        assert!(!shown.contains(SECRET_MESSAGE), "{shown}");
    }
}
