use super::*;
use crate::error::ErrorMetadata;

#[derive(Debug)]
struct OpError {
    meta: ErrorMetadata,
    kind: Option<ErrorKind>,
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.meta.code().unwrap_or("unknown"))
    }
}

impl Error for OpError {}

impl ProvideErrorMetadata for OpError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl ProvideErrorKind for OpError {
    fn retryable_error_kind(&self) -> Option<ErrorKind> {
        self.kind
    }

    fn code(&self) -> Option<&str> {
        self.meta.code()
    }
}

fn op_error(code: &str, kind: Option<ErrorKind>) -> OpError {
    OpError {
        meta: ErrorMetadata::builder().code(code).build(),
        kind,
    }
}

#[test]
fn uri_joining() {
    let (uri, host) = build_uri("https://svc.us-east-1.amazonaws.com", "/").unwrap();
    assert_eq!(uri, "https://svc.us-east-1.amazonaws.com/");
    assert_eq!(host, "svc.us-east-1.amazonaws.com");

    let (uri, host) = build_uri("http://localhost:4566/prefix/", "/a/b?c=d").unwrap();
    assert_eq!(uri, "http://localhost:4566/prefix/a/b?c=d");
    assert_eq!(host, "localhost:4566");

    let (_, host) = build_uri("https://h:443", "/").unwrap();
    assert_eq!(host, "h");
    let (_, host) = build_uri("http://h:80", "/").unwrap();
    assert_eq!(host, "h");
    let (_, host) = build_uri("https://h:80", "/").unwrap();
    assert_eq!(host, "h:80");
    let (_, host) = build_uri("https://[::1]:8443", "/").unwrap();
    assert_eq!(host, "[::1]:8443");

    for (endpoint, path, message) in [
        ("not a url", "/", "invalid endpoint URL"),
        ("ftp://h", "/", "must start with https:// or http://"),
        ("/relative", "/", "must start with https:// or http://"),
        ("https://user:pw@h", "/", "user information"),
        ("https://h/?q=1", "/", "must not have a query"),
        ("https://h", "x", "must start with `/`"),
        ("https://h", "/bad path", "invalid uri character"),
    ] {
        let err = build_uri(endpoint, path).unwrap_err().to_string();
        assert!(err.contains(message), "{endpoint} {path}: {err}");
    }
}

#[test]
fn user_agent_format() {
    let ua = user_agent(&ServiceInfo::new("proton", "Proton Service").with_version("1.2.3"));
    let ua = ua.to_str().unwrap();
    assert!(ua.starts_with("smithy-rust-gen/"), "{ua}");
    assert!(ua.contains(" api/proton-service/1.2.3 os/"), "{ua}");
    assert!(ua.ends_with(" lang/rust"), "{ua}");
    let ua = user_agent(&ServiceInfo::new("s", "S"));
    assert!(ua.to_str().unwrap().contains(" api/s os/"));
}

#[test]
fn static_headers_are_kept_and_invalid_ones_fail_like_any_header() {
    let endpoint = crate::endpoint::Endpoint::builder()
        .url("https://h")
        .build();
    let request = OperationRequest::from_endpoint("Op", &endpoint)
        .static_header("content-type", "application/x-amz-json-1.0")
        .static_header("x-amz-target", "Svc.Op");
    assert!(request.invalid.is_none());
    assert_eq!(
        request.headers["content-type"],
        "application/x-amz-json-1.0"
    );
    assert_eq!(request.headers["x-amz-target"], "Svc.Op");
    // An uppercase name is normalized, as `header` does; a control character is an error.
    let request = OperationRequest::from_endpoint("Op", &endpoint).static_header("X-Thing", "v");
    assert_eq!(request.headers["x-thing"], "v");
    let request = OperationRequest::from_endpoint("Op", &endpoint).static_header("x-bad", "a\nb");
    assert!(request.invalid.is_some());
}

#[test]
fn invocation_ids_are_uuid_v4() {
    let a = invocation_id();
    let b = invocation_id();
    assert_ne!(a, b);
    let text = a.to_str().unwrap();
    assert_eq!(text.len(), 36);
    let groups: Vec<&str> = text.split('-').collect();
    assert_eq!(
        groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12]
    );
    assert!(groups[2].starts_with('4'));
    assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
    assert!(text
        .bytes()
        .all(|c| c == b'-' || c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
}

#[test]
fn service_error_classification() {
    // The model's classification wins.
    let modeled = op_error("Whatever", Some(ErrorKind::ThrottlingError));
    assert_eq!(
        classify_service_error(&modeled, 400),
        Some(ErrorKind::ThrottlingError)
    );
    let client = op_error("ThrottlingException", Some(ErrorKind::ClientError));
    assert_eq!(
        classify_service_error(&client, 503),
        Some(ErrorKind::ClientError)
    );
    // Then the code, then the status.
    assert_eq!(
        classify_service_error(&op_error("ThrottlingException", None), 400),
        Some(ErrorKind::ThrottlingError)
    );
    assert_eq!(
        classify_service_error(&op_error("InternalError", None), 400),
        Some(ErrorKind::TransientError)
    );
    assert_eq!(
        classify_service_error(&op_error("Nope", None), 502),
        Some(ErrorKind::TransientError)
    );
    assert_eq!(classify_service_error(&op_error("Nope", None), 400), None);
}

#[test]
fn elapsed_message() {
    let e = Elapsed {
        what: "attempt",
        limit: Duration::from_millis(250),
    };
    assert_eq!(e.to_string(), "the attempt timeout of 250ms elapsed");
}

#[test]
fn invoke_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let handle = Handle::new(Config::builder().build(), ServiceInfo::new("s", "S"));
    let future = handle.invoke(OperationRequest::new("Op", "https://h"), |_| {
        Ok::<(), ParseOutcome<OpError>>(())
    });
    assert_send(&future);
    // What generated `send` methods return: owns everything, so it can be spawned.
    fn assert_send_static<T: Send + 'static>(_: &T) {}
    let future = handle.clone().call(
        Ok::<_, BoxError>("input"),
        |_, input| Ok(OperationRequest::new(input, "https://h")),
        |_| Ok::<(), ParseOutcome<OpError>>(()),
    );
    assert_send_static(&future);
    fn assert_sync_send<T: Send + Sync + Clone>() {}
    assert_sync_send::<Handle>();
}

#[cfg(feature = "test-util")]
mod with_capture_client {
    use super::*;
    use crate::config::{Credentials, Region};
    use crate::retry::{RetryConfig, INITIAL_RETRY_TOKENS};
    use crate::transport::test_util::{CaptureClient, InstantSleep};
    use crate::transport::ConnectorError;

    fn handle(client: &CaptureClient, sleep: &InstantSleep, retry: RetryConfig) -> Handle {
        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(client.clone())
            .sleep_impl(sleep.clone())
            .retry_config(retry)
            .build();
        Handle::new(config, ServiceInfo::new("svc", "Svc"))
    }

    fn parse(response: &HttpResponse) -> Result<u16, ParseOutcome<OpError>> {
        let status = response.status().as_u16();
        let body = std::str::from_utf8(response.body().bytes().unwrap_or_default())
            .map_err(ParseOutcome::malformed)?;
        match status {
            200..=299 => Ok(status),
            _ if body == "garbage" => Err(ParseOutcome::malformed("unparsable error body")),
            _ => Err(ParseOutcome::ServiceError(op_error(body, None))),
        }
    }

    fn request() -> OperationRequest {
        OperationRequest::new("Op", "https://svc.example.com")
            .header("content-type", "application/x-amz-json-1.0")
            .body("{}")
    }

    #[tokio::test]
    async fn retries_with_backoff_and_refunds_quota() {
        let client = CaptureClient::new()
            .with_response(500, "InternalError")
            .with_response(400, "ThrottlingException")
            .with_response(200, "");
        let sleep = InstantSleep::new();
        let handle = handle(&client, &sleep, RetryConfig::standard());
        assert_eq!(handle.invoke(request(), parse).await.unwrap(), 200);

        let sent = client.requests();
        assert_eq!(sent.len(), 3);
        let ids: Vec<_> = sent
            .iter()
            .map(|r| r.header("amz-sdk-invocation-id").unwrap().to_owned())
            .collect();
        assert!(ids.iter().all(|id| id == &ids[0]));
        for (i, r) in sent.iter().enumerate() {
            assert_eq!(
                r.header("amz-sdk-request"),
                Some(format!("attempt={}; max=3", i + 1).as_str())
            );
            assert_eq!(r.header("host"), Some("svc.example.com"));
            assert_eq!(r.header("content-length"), Some("2"));
            assert!(r
                .header("user-agent")
                .unwrap()
                .starts_with("smithy-rust-gen/"));
            assert_eq!(r.header("user-agent"), r.header("x-amz-user-agent"));
            assert!(r
                .header("authorization")
                .unwrap()
                .starts_with("AWS4-HMAC-SHA256 Credential=AKID/"));
            assert!(r
                .header("authorization")
                .unwrap()
                .contains("/us-east-1/svc/aws4_request"));
            assert!(r.header("x-amz-content-sha256").is_none());
            assert!(r.header("x-amz-security-token").is_none());
            assert_eq!(r.uri(), "https://svc.example.com/");
            assert_eq!(r.method(), http::Method::POST);
        }
        // Full jitter: each back-off is below min(1s * 2^(n-1), 20s).
        let slept = sleep.logs();
        assert_eq!(slept.len(), 2);
        assert!(slept[0] <= Duration::from_secs(1));
        assert!(slept[1] <= Duration::from_secs(2));
        // The successful retry handed its tokens back.
        assert_eq!(
            handle.retry_quota().available(),
            INITIAL_RETRY_TOKENS - RETRY_COST
        );
    }

    #[tokio::test]
    async fn stops_at_max_attempts() {
        let client = CaptureClient::new();
        for _ in 0..10 {
            client.push_status(503, "ServiceUnavailable");
        }
        let handle = handle(
            &client,
            &InstantSleep::new(),
            RetryConfig::standard().with_max_attempts(4),
        );
        let err = handle.invoke(request(), parse).await.unwrap_err();
        assert_eq!(err.code(), Some("ServiceUnavailable"));
        assert_eq!(err.raw_response().unwrap().status().as_u16(), 503);
        assert_eq!(client.requests().len(), 4);
        assert_eq!(
            handle.retry_quota().available(),
            INITIAL_RETRY_TOKENS - 3 * RETRY_COST
        );
    }

    #[tokio::test]
    async fn client_errors_are_not_retried() {
        let client = CaptureClient::new()
            .with_response(400, "ValidationException")
            .with_response(200, "");
        let handle = handle(&client, &InstantSleep::new(), RetryConfig::standard());
        let err = handle.invoke(request(), parse).await.unwrap_err();
        assert_eq!(
            crate::test_util::error_chain(&err),
            "service error: ValidationException"
        );
        assert_eq!(client.requests().len(), 1);
        assert_eq!(handle.retry_quota().available(), INITIAL_RETRY_TOKENS);
    }

    #[tokio::test]
    async fn malformed_responses() {
        // A malformed 503 is retried; a malformed 400 is not.
        let client = CaptureClient::new()
            .with_response(503, "garbage")
            .with_response(400, "garbage");
        let handle = handle(&client, &InstantSleep::new(), RetryConfig::standard());
        let err = handle.invoke(request(), parse).await.unwrap_err();
        assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
        assert_eq!(
            crate::test_util::error_chain(&err),
            "response error: unparsable error body"
        );
        assert_eq!(client.requests().len(), 2);
    }

    #[tokio::test]
    async fn connector_errors() {
        let client = CaptureClient::new();
        client.push_error(ConnectorError::io("reset"));
        client.push_error(ConnectorError::timeout("slow"));
        client.push_error(ConnectorError::user("bad"));
        let handle = handle(
            &client,
            &InstantSleep::new(),
            RetryConfig::standard().with_max_attempts(5),
        );
        let err = handle.invoke(request(), parse).await.unwrap_err();
        let SdkError::DispatchFailure(dispatch) = &err else {
            panic!("expected a dispatch failure: {err:?}")
        };
        assert!(dispatch.is_user());
        assert_eq!(client.requests().len(), 3);
        assert_eq!(
            handle.retry_quota().available(),
            INITIAL_RETRY_TOKENS - RETRY_COST - TIMEOUT_RETRY_COST
        );

        let other = CaptureClient::new();
        other.push_error(ConnectorError::other("x", Some(ErrorKind::ThrottlingError)));
        other.push_error(ConnectorError::other("y", None));
        let handle = super::super::Handle::new(
            handle
                .config()
                .to_builder()
                .http_client(other.clone())
                .build(),
            ServiceInfo::new("svc", "Svc"),
        );
        assert!(handle.invoke(request(), parse).await.is_err());
        assert_eq!(other.requests().len(), 2);
    }

    #[tokio::test]
    async fn quota_exhaustion_stops_retries() {
        let client = CaptureClient::new();
        for _ in 0..200 {
            client.push_status(500, "InternalError");
        }
        let handle = handle(&client, &InstantSleep::new(), RetryConfig::standard());
        // Each failing call uses 2 retries (10 tokens); 50 calls drain the 500 tokens.
        for _ in 0..50 {
            handle.invoke(request(), parse).await.unwrap_err();
        }
        assert_eq!(client.requests().len(), 150);
        assert_eq!(handle.retry_quota().available(), 0);
        handle.invoke(request(), parse).await.unwrap_err();
        assert_eq!(client.requests().len(), 151);
        // Clones share the quota.
        assert_eq!(handle.clone().retry_quota().available(), 0);
    }

    #[tokio::test]
    async fn construction_failures_send_nothing() {
        let client = CaptureClient::new().with_response(200, "");
        let handle = handle(&client, &InstantSleep::new(), RetryConfig::standard());
        let bad_header = request().header("x-bad", "line\nbreak");
        let err = handle.invoke(bad_header, parse).await.unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)));
        let bad_url = OperationRequest::new("Op", "ftp://x");
        let err = handle.invoke(bad_url, parse).await.unwrap_err();
        assert!(crate::test_util::error_chain(&err)
            .starts_with("failed to construct request: endpoint URL"));

        let no_region = Handle::new(
            handle.config().to_builder().region(None).build(),
            ServiceInfo::new("svc", "Svc"),
        );
        let err = no_region.invoke(request(), parse).await.unwrap_err();
        assert!(
            crate::test_util::error_chain(&err).contains("no region is configured"),
            "{err}"
        );
        assert!(client.requests().is_empty());

        // Anonymous requests need neither region nor credentials.
        assert_eq!(
            no_region
                .invoke(request().anonymous(), parse)
                .await
                .unwrap(),
            200
        );
        let sent = client.requests();
        assert!(sent[0].header("authorization").is_none());
    }

    #[tokio::test]
    async fn signing_overrides_and_options() {
        let client = CaptureClient::new().with_response(200, "");
        let handle = handle(&client, &InstantSleep::new(), RetryConfig::standard());
        let request = OperationRequest::new("Op", "https://svc.example.com/base")
            .with_method(http::Method::GET)
            .path("/items/1?x=y")
            .signing_region(Region::new("eu-central-1"))
            .signing_name("other")
            .signing_options(crate::auth::SigningOptions::new().with_content_sha256_header(true));
        handle.invoke(request, parse).await.unwrap();
        let sent = &client.requests()[0];
        assert_eq!(sent.uri(), "https://svc.example.com/base/items/1?x=y");
        assert!(sent.header("content-length").is_none());
        assert!(sent
            .header("authorization")
            .unwrap()
            .contains("/eu-central-1/other/aws4_request"));
        assert!(sent.header("x-amz-content-sha256").is_some());
        assert_eq!(
            sent.settings().connect_timeout(),
            Some(crate::config::timeout::DEFAULT_CONNECT_TIMEOUT)
        );
    }

    #[tokio::test]
    async fn credential_failures_are_construction_failures() {
        #[derive(Debug)]
        struct Failing;
        impl crate::auth::ProvideCredentials for Failing {
            fn provide_credentials<'a>(
                &'a self,
            ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
            where
                Self: 'a,
            {
                aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                    crate::auth::CredentialsError::not_loaded("nothing here"),
                ))
            }
        }
        let client = CaptureClient::new().with_response(200, "");
        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Failing)
            .http_client(client.clone())
            .build();
        let handle = Handle::new(config, ServiceInfo::new("svc", "Svc"));
        let err = handle.invoke(request(), parse).await.unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)));
        assert!(DisplayErrorContext(&err)
            .to_string()
            .contains("nothing here"));
        assert!(client.requests().is_empty());
    }

    mod http_auth {
        use super::*;
        use crate::auth::{ApiKey, AuthScheme, Login, MissingIdentity, Token};
        use crate::config::Builder;

        const NOTES: &[AuthScheme] = &[
            AuthScheme::HttpBearer,
            AuthScheme::HttpApiKey(ApiKey::header("X-Api-Key", Some("ApiKey"))),
        ];
        const QUERY_KEY: &[AuthScheme] = &[AuthScheme::HttpApiKey(ApiKey::query("api key"))];

        /// A client without a region or credentials provider: HTTP auth needs neither.
        fn auth_handle(client: &CaptureClient, configure: fn(Builder) -> Builder) -> Handle {
            let config = configure(Config::builder().http_client(client.clone()))
                .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
                .build();
            Handle::new(config, ServiceInfo::new("notes", "Notes"))
        }

        #[tokio::test]
        async fn bearer_token_on_every_attempt_and_no_sigv4() {
            let client = CaptureClient::new()
                .with_response(503, "Unavailable")
                .with_response(200, "");
            let handle = auth_handle(&client, |b| b.bearer_token(Token::new("TOKEN-1", None)));
            let request = request().auth_schemes(NOTES);
            assert_eq!(handle.invoke(request, parse).await.unwrap(), 200);
            let sent = client.requests();
            assert_eq!(sent.len(), 2);
            for attempt in &sent {
                assert_eq!(attempt.header("authorization"), Some("Bearer TOKEN-1"));
                assert!(attempt.headers()["authorization"].is_sensitive());
                assert!(attempt.header("x-amz-date").is_none());
                assert!(attempt.header("x-api-key").is_none());
            }
            let shown = format!("{handle:?} {:?}", sent[0].headers());
            assert!(!shown.contains("TOKEN-1"), "{shown}");
        }

        #[tokio::test]
        async fn a_token_provider_is_asked_again_only_when_its_token_expires() {
            use crate::auth::provide_token_fn;
            use std::sync::atomic::{AtomicUsize, Ordering};
            use std::time::SystemTime;
            let client = CaptureClient::new()
                .with_response(200, "")
                .with_response(200, "")
                .with_response(200, "");
            let calls = Arc::new(AtomicUsize::new(0));
            let counter = calls.clone();
            // The first token has already expired, so the next call needs another; the second
            // lasts an hour.
            let provider = provide_token_fn(move || {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                async move {
                    let expiration = if n == 0 {
                        SystemTime::now() - Duration::from_secs(1)
                    } else {
                        SystemTime::now() + Duration::from_secs(3600)
                    };
                    Ok(Token::new(format!("TOKEN-{n}"), Some(expiration)))
                }
            });
            let config = Config::builder()
                .http_client(client.clone())
                .token_provider(provider)
                .build();
            let handle = Handle::new(config, ServiceInfo::new("notes", "Notes"));
            let clone = handle.clone();
            for handle in [&handle, &clone, &handle] {
                handle
                    .invoke(request().auth_schemes(NOTES), parse)
                    .await
                    .unwrap();
            }
            let sent: Vec<_> = client
                .requests()
                .iter()
                .map(|r| r.header("authorization").unwrap().to_owned())
                .collect();
            assert_eq!(sent, ["Bearer TOKEN-0", "Bearer TOKEN-1", "Bearer TOKEN-1"]);
            // Clones share the cache: two tokens for three calls.
            assert_eq!(calls.load(Ordering::SeqCst), 2);
        }

        #[tokio::test]
        async fn a_failing_token_provider_sends_nothing() {
            use crate::auth::{provide_token_fn, TokenError};
            let client = CaptureClient::new().with_response(200, "");
            let config = Config::builder()
                .http_client(client.clone())
                .token_provider(provide_token_fn(|| async {
                    Err(TokenError::new("the session has ended; sign in again"))
                }))
                .build();
            let handle = Handle::new(config, ServiceInfo::new("notes", "Notes"));
            let err = handle
                .invoke(request().auth_schemes(NOTES), parse)
                .await
                .unwrap_err();
            assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
            let chain = crate::test_util::error_chain(&err);
            assert!(
                chain.contains("the session has ended; sign in again"),
                "{chain}"
            );
            assert!(client.requests().is_empty());
        }

        #[tokio::test]
        async fn api_key_in_header_with_scheme_and_in_query() {
            let client = CaptureClient::new()
                .with_response(200, "")
                .with_response(200, "");
            let handle = auth_handle(&client, |b| b.api_key("KEY/1+2"));
            handle
                .invoke(request().auth_schemes(NOTES), parse)
                .await
                .unwrap();
            handle
                .invoke(
                    request().path("/notes?limit=3").auth_schemes(QUERY_KEY),
                    parse,
                )
                .await
                .unwrap();
            let sent = client.requests();
            assert_eq!(sent[0].header("x-api-key"), Some("ApiKey KEY/1+2"));
            assert!(sent[0].headers()["x-api-key"].is_sensitive());
            assert!(sent[0].header("authorization").is_none());
            assert_eq!(
                sent[1].uri(),
                "https://svc.example.com/notes?limit=3&api%20key=KEY%2F1%2B2"
            );
            assert!(sent[1].header("x-api-key").is_none());
            let alone = CaptureClient::new().with_response(200, "");
            auth_handle(&alone, |b| b.api_key("k"))
                .invoke(request().auth_schemes(QUERY_KEY), parse)
                .await
                .unwrap();
            assert_eq!(
                alone.requests()[0].uri(),
                "https://svc.example.com/?api%20key=k"
            );
        }

        #[tokio::test]
        async fn basic_auth() {
            let client = CaptureClient::new().with_response(200, "");
            let handle = auth_handle(&client, |b| {
                b.basic_auth_login(Login::new("user", "pass:word", None))
            });
            const BASIC: &[AuthScheme] = &[AuthScheme::HttpBasic];
            handle
                .invoke(request().auth_schemes(BASIC), parse)
                .await
                .unwrap();
            let sent = &client.requests()[0];
            // base64("user:pass:word")
            assert_eq!(
                sent.header("authorization"),
                Some("Basic dXNlcjpwYXNzOndvcmQ=")
            );
            assert!(!format!("{handle:?}").contains("pass:word"));
        }

        #[tokio::test]
        async fn no_identity_fails_before_sending_naming_the_schemes() {
            let client = CaptureClient::new().with_response(200, "");
            let handle = auth_handle(&client, |b| b);
            let err = handle
                .invoke(request().auth_schemes(NOTES), parse)
                .await
                .unwrap_err();
            assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
            let missing = err
                .source()
                .and_then(|source| source.downcast_ref::<MissingIdentity>())
                .expect("the source is a MissingIdentity");
            assert_eq!(missing.operation(), "Op");
            assert_eq!(missing.schemes(), NOTES);
            let chain = crate::test_util::error_chain(&err);
            assert!(
                chain.contains("HTTP bearer auth (setting `bearer_token` or `token_provider`)"),
                "{chain}"
            );
            assert!(
                chain.contains("API key in header `X-Api-Key` (setting `api_key`)"),
                "{chain}"
            );
            assert!(client.requests().is_empty());
        }

        #[tokio::test]
        async fn optional_or_empty_schemes_go_unauthenticated() {
            let client = CaptureClient::new()
                .with_response(200, "")
                .with_response(200, "")
                .with_response(200, "");
            let handle = auth_handle(&client, |b| b);
            handle
                .invoke(request().auth_schemes(NOTES).optional_auth(), parse)
                .await
                .unwrap();
            handle.invoke(request().anonymous(), parse).await.unwrap();
            // Optional with an identity: it is used.
            let with_token = auth_handle(&client, |b| b.bearer_token("t"));
            with_token
                .invoke(request().auth_schemes(NOTES).optional_auth(), parse)
                .await
                .unwrap();
            let sent = client.requests();
            assert!(sent[0].header("authorization").is_none());
            assert!(sent[1].header("authorization").is_none());
            assert_eq!(sent[2].header("authorization"), Some("Bearer t"));
        }

        #[tokio::test]
        async fn sigv4_optional_auth_without_credentials_is_unsigned() {
            #[derive(Debug)]
            struct Empty;
            impl crate::auth::ProvideCredentials for Empty {
                fn provide_credentials<'a>(
                    &'a self,
                ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
                where
                    Self: 'a,
                {
                    aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                        crate::auth::CredentialsError::not_loaded("no credentials here"),
                    ))
                }
            }
            let client = CaptureClient::new().with_response(200, "");
            let config = Config::builder()
                .region(Region::new("us-east-1"))
                .credentials_provider(Empty)
                .http_client(client.clone())
                .build();
            let handle = Handle::new(config, ServiceInfo::new("svc", "Svc"));
            const SIGV4: &[AuthScheme] = &[AuthScheme::SigV4];
            handle
                .invoke(request().auth_schemes(SIGV4).optional_auth(), parse)
                .await
                .unwrap();
            assert!(client.requests()[0].header("authorization").is_none());
            // Not optional: the credentials error, as before.
            let err = handle
                .invoke(request().auth_schemes(SIGV4), parse)
                .await
                .unwrap_err();
            assert!(crate::test_util::error_chain(&err).contains("no credentials here"));
            assert_eq!(client.requests().len(), 1);
        }

        #[tokio::test]
        async fn sigv4_first_then_bearer() {
            const BOTH: &[AuthScheme] = &[AuthScheme::SigV4, AuthScheme::HttpBearer];
            const BEARER_FIRST: &[AuthScheme] = &[AuthScheme::HttpBearer, AuthScheme::SigV4];
            let client = CaptureClient::new()
                .with_response(200, "")
                .with_response(200, "");
            let config = Config::builder()
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
                .bearer_token("tok")
                .http_client(client.clone())
                .build();
            let handle = Handle::new(config, ServiceInfo::new("svc", "Svc"));
            handle
                .invoke(request().auth_schemes(BOTH), parse)
                .await
                .unwrap();
            handle
                .invoke(request().auth_schemes(BEARER_FIRST), parse)
                .await
                .unwrap();
            let sent = client.requests();
            assert!(sent[0]
                .header("authorization")
                .unwrap()
                .starts_with("AWS4-HMAC-SHA256 "));
            assert_eq!(sent[1].header("authorization"), Some("Bearer tok"));
            assert!(sent[1].header("x-amz-date").is_none());
        }
    }

    #[tokio::test]
    async fn debug_output_hides_credentials() {
        let client = CaptureClient::new().with_response(200, "");
        let config = Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(
                "AKID",
                "TOP-SECRET-KEY",
                Some("SESSION-TOKEN-VALUE".into()),
                None,
                "test",
            ))
            .http_client(client.clone())
            .build();
        let handle = Handle::new(config, ServiceInfo::new("svc", "Svc"));
        handle.invoke(request(), parse).await.unwrap();
        let sent = client.requests();
        assert_eq!(
            sent[0].header("x-amz-security-token"),
            Some("SESSION-TOKEN-VALUE")
        );
        let shown = format!("{handle:?} {:?} {:?}", handle.config(), sent[0].headers());
        for secret in ["TOP-SECRET-KEY", "SESSION-TOKEN-VALUE", "Signature="] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
}
