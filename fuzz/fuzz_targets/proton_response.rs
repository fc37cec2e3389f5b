//! The generated deserializers of `proton-client` (generated/): the output of
//! CancelEnvironmentDeployment and the parsing of each modeled error, reached through the
//! public client with a canned HTTP transport (`transport::test_util::CaptureClient`).
//!
//! Input layout: byte 0 picks the status code, byte 1 the headers, the rest is the body.
//!
//! Invariants: no panic; a 2xx response yields the output or a deserialization error;
//! any other yields a service error whose code is the `X-Amzn-Errortype` header's (when one
//! is sent) and whose request id is the header's.
#![no_main]

use std::sync::OnceLock;

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use proton_client::config::retry::RetryConfig;
use proton_client::config::{BehaviorVersion, Credentials, Region};
use proton_client::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use proton_client::operation::RequestId;
use proton_client::{Client, Config};
use smithy_runtime::protocol::aws_json::sanitize_error_code;
use smithy_runtime::transport::test_util::CaptureClient;

const STATUSES: [u16; 16] = [
    200, 200, 200, 201, 204, 299, 100, 302, 400, 403, 404, 409, 418, 429, 500, 503,
];

/// `X-Amzn-Errortype` values: every modeled error, decorated ones, an unmodeled one.
const ERROR_TYPES: [&str; 8] = [
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ThrottlingException",
    "ValidationException",
    "com.amazonaws.proton#ValidationException:http://internal.amazon.com/coral/",
    "SomethingElse",
];

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    })
}

/// A client whose transport answers with `response`. A new one per input: `CaptureClient`
/// records every request, which libFuzzer would report as a leak if it were reused.
fn client(response: http::Response<Bytes>) -> (CaptureClient, Client) {
    let http = CaptureClient::new();
    http.push_response(response);
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "fuzz"))
        .endpoint_url("https://proton.example.com")
        .retry_config(RetryConfig::disabled())
        .http_client(http.clone())
        .build();
    (http, Client::from_conf(config))
}

fuzz_target!(|data: &[u8]| {
    let [status, flags, body @ ..] = data else {
        return;
    };
    let status = STATUSES[usize::from(*status) % STATUSES.len()];
    let mut response = http::Response::new(Bytes::copy_from_slice(body));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    let headers = response.headers_mut();
    let mut error_type: Option<String> = None;
    if flags & 0b1000 != 0 {
        // A header value taken from the body's first line, so the fuzzer controls it.
        let line = body.split(|&b| b == b'\n').next().unwrap_or_default();
        if let Ok(value) = http::HeaderValue::from_bytes(&line[..line.len().min(80)]) {
            error_type = value.to_str().ok().map(str::to_owned);
            headers.insert("x-amzn-errortype", value);
        }
    } else if flags & 0b0111 != 0 {
        let value = ERROR_TYPES[usize::from(flags & 0b0111)];
        error_type = Some(value.to_owned());
        headers.insert("x-amzn-errortype", http::HeaderValue::from_static(value));
    }
    let request_id = flags & 0b1_0000 != 0;
    if request_id {
        headers.insert("x-amzn-requestid", http::HeaderValue::from_static("req-1"));
    }
    if flags & 0b10_0000 != 0 {
        headers.insert(
            "content-type",
            http::HeaderValue::from_static("application/x-amz-json-1.0"),
        );
    }
    if flags & 0b100_0000 != 0 {
        headers.insert("content-length", http::HeaderValue::from(body.len()));
    }

    let (http, client) = client(response);
    let result = runtime().block_on(
        client
            .cancel_environment_deployment()
            .environment_name("env")
            .send(),
    );
    assert_eq!(http.remaining(), 0);

    match result {
        Ok(output) => {
            assert!((200..300).contains(&status), "{status} gave an output");
            if request_id {
                assert_eq!(output.request_id(), Some("req-1"));
            }
            let _ = format!("{output:?}");
        }
        Err(error) => {
            let _ = format!("{error:?} {}", DisplayErrorContext(&error));
            if let SdkError::ServiceError(context) = &error {
                assert!(!(200..300).contains(&status), "{status} gave a service error");
                let service_error = context.err();
                let _ = format!("{service_error} {service_error:?}");
                let sanitized = error_type.as_deref().map(sanitize_error_code);
                if let Some(code) = sanitized.filter(|code| !code.is_empty()) {
                    assert_eq!(service_error.code(), Some(code));
                }
                if request_id {
                    assert_eq!(service_error.request_id(), Some("req-1"));
                }
            } else if !(200..300).contains(&status) {
                // Non-2xx responses are service errors, never a parse failure.
                assert!(
                    !matches!(error, SdkError::ResponseError(_)),
                    "{}",
                    DisplayErrorContext(&error)
                );
            }
        }
    }
});
