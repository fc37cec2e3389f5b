//! End-to-end test support (enabled by the `test-util` feature).
//!
//! * [`LoopbackServer`] is a real HTTP/1.1 server on `127.0.0.1` that answers each request
//!   according to a script of [`Reply`]s (status, headers, body and an optional delay) and
//!   records every [`ReceivedRequest`], so a test can run a generated client over a real
//!   socket and then check what went over the wire.
//! * `verify_sigv4` (and `check_sigv4`, which returns the problem instead of
//!   panicking; both with the `sigv4` feature) recomputes the SigV4 signature of a received request with `aws-sigv4`,
//!   the way the service would, and checks the credential scope; `verify_event_stream_signatures`
//!   (with `event-stream` too) checks the chain of signed messages of an event stream body
//!   and returns the messages inside.
//!
//! ```
//! use smithy_runtime::client::{Handle, OperationRequest, ParseOutcome, ServiceInfo};
//! use smithy_runtime::config::{Config, Credentials, Region};
//! use smithy_runtime::error::ErrorMetadata;
//! use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};
//! # #[derive(Debug)]
//! # struct OpError;
//! # impl std::fmt::Display for OpError {
//! #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("op") }
//! # }
//! # impl std::error::Error for OpError {}
//! # impl smithy_runtime::error::ProvideErrorMetadata for OpError {
//! #     fn meta(&self) -> &ErrorMetadata { &smithy_runtime::error::EMPTY_ERROR_METADATA }
//! # }
//! # impl smithy_runtime::retry::ProvideErrorKind for OpError {
//! #     fn retryable_error_kind(&self) -> Option<smithy_runtime::retry::ErrorKind> { None }
//! #     fn code(&self) -> Option<&str> { None }
//! # }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = LoopbackServer::start(|n| {
//!     Reply::aws_json(200, r#"{"ok":true}"#).request_id(format!("req-{n}"))
//! })
//! .await;
//! let credentials = Credentials::new("AKID", "SECRET", None, None, "test");
//! let config = Config::builder()
//!     .region(Region::new("us-east-1"))
//!     .credentials_provider(credentials.clone())
//!     .endpoint_url(server.url())
//!     .build();
//! let handle = Handle::new(config, ServiceInfo::new("proton", "Proton"));
//! let request = OperationRequest::new("Ping", &server.url())
//!     .header("content-type", "application/x-amz-json-1.0")
//!     .body("{}");
//! let status = handle
//!     .invoke(request, |response| {
//!         Ok::<u16, ParseOutcome<OpError>>(response.status().as_u16())
//!     })
//!     .await
//!     .unwrap();
//! assert_eq!(status, 200);
//!
//! let received = server.received();
//! assert_eq!(received.len(), 1);
//! assert_eq!(received[0].body_str(), "{}");
//! verify_sigv4(&received[0], server.addr(), "us-east-1", "proton", &credentials);
//! # }
//! ```

mod server;
#[cfg(feature = "sigv4")]
mod sigv4;

pub use self::server::{LoopbackServer, ReceivedRequest, Reply};
#[cfg(all(feature = "sigv4", feature = "event-stream"))]
pub use self::sigv4::{
    check_event_stream_signatures, verify_event_stream_signatures, EventSignatureChecker,
};
#[cfg(feature = "sigv4")]
pub use self::sigv4::{check_sigv4, check_sigv4_parts, verify_sigv4};

/// The messages of `err` and of every cause, joined by `": "`: what
/// [`DisplayErrorContext`](crate::error::DisplayErrorContext) prints before the `Debug` form it
/// appends, for tests that pin the chain.
///
/// ```
/// use smithy_runtime::error::SdkError;
/// use smithy_runtime::test_util::error_chain;
///
/// let err: SdkError<std::io::Error> = SdkError::timeout_error("too slow");
/// assert_eq!(error_chain(&err), "request has timed out: too slow");
/// ```
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = err.to_string();
    let mut cause = err.source();
    while let Some(next) = cause {
        chain.push_str(": ");
        chain.push_str(&next.to_string());
        cause = next.source();
    }
    chain
}
