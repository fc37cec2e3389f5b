//! Test doubles for the transport layer (enabled by the `test-util` feature).
//!
//! [`CaptureClient`] answers requests with queued responses and records every request it
//! receives, so a test can check what a generated client sent without a network.
//! [`InstantSleep`] makes retry back-off return at once while recording the delays asked
//! for.

use super::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse, HttpSettings};
use crate::config::{AsyncSleep, Sleep};
use bytes::Bytes;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A request recorded by [`CaptureClient`].
#[derive(Clone, Debug)]
pub struct CapturedRequest {
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
    settings: HttpSettings,
}

impl CapturedRequest {
    /// The request method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The absolute request URI.
    pub fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// The request headers, including the signature.
    ///
    /// Credential-bearing values (`Authorization`, `X-Amz-Security-Token`) are marked
    /// sensitive, so formatting this map with `Debug` does not reveal them.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// Returns the value of header `name` as a string, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The settings the runtime passed along with the request.
    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }
}

#[derive(Default)]
struct State {
    responses: VecDeque<Result<HttpResponse, ConnectorError>>,
    requests: Vec<CapturedRequest>,
}

/// An [`HttpClient`] that returns queued responses and records the requests it receives.
///
/// Clones share the queue and the record, so a test can keep one clone and give another to
/// the client configuration. When the queue is empty, calls fail with a
/// [`ConnectorError`] of kind [`other`](ConnectorError::is_other).
///
/// ```
/// use smithy_runtime::transport::test_util::CaptureClient;
///
/// let client = CaptureClient::new()
///     .with_response(503, "")
///     .with_response(200, "{}");
/// assert_eq!(client.remaining(), 2);
/// assert!(client.requests().is_empty());
/// ```
#[derive(Clone, Default)]
pub struct CaptureClient {
    state: Arc<Mutex<State>>,
}

impl CaptureClient {
    /// Creates a client with no queued responses.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a response with `status` and `body` and no headers. Status codes outside
    /// `100..=999` become `500`.
    pub fn with_response(self, status: u16, body: impl Into<Bytes>) -> Self {
        self.push_status(status, body);
        self
    }

    /// Queues a response with `status` and `body` and no headers. Status codes outside
    /// `100..=999` become `500`.
    pub fn push_status(&self, status: u16, body: impl Into<Bytes>) {
        let mut response = http::Response::new(body.into());
        *response.status_mut() =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        self.push_response(response);
    }

    /// Queues `response`.
    pub fn push_response(&self, response: http::Response<Bytes>) {
        self.state()
            .responses
            .push_back(Ok(HttpResponse::from(response)));
    }

    /// Queues a failure.
    pub fn push_error(&self, error: ConnectorError) {
        self.state().responses.push_back(Err(error));
    }

    /// Returns the number of queued responses not yet used.
    pub fn remaining(&self) -> usize {
        self.state().responses.len()
    }

    /// Returns copies of the requests received so far, oldest first.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        self.state().requests.clone()
    }
}

impl fmt::Debug for CaptureClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("CaptureClient")
            .field("queued", &state.responses.len())
            .field("received", &state.requests.len())
            .finish()
    }
}

impl HttpClient for CaptureClient {
    fn call(
        &self,
        request: HttpRequest,
        settings: &HttpSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        let (parts, body) = request.into_parts();
        let mut state = self.state();
        state.requests.push(CapturedRequest {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
            settings: *settings,
        });
        let next = state.responses.pop_front().unwrap_or_else(|| {
            Err(ConnectorError::other(
                "CaptureClient has no more queued responses",
                None,
            ))
        });
        Box::pin(std::future::ready(next))
    }
}

/// An [`AsyncSleep`] that completes at once and records every requested duration.
///
/// Install it with [`config::Builder::sleep_impl`](crate::config::Builder::sleep_impl) to
/// observe retry back-off without waiting. It also drives the operation and attempt
/// timeouts, so do not combine it with those: they would elapse immediately.
#[derive(Clone, Debug, Default)]
pub struct InstantSleep {
    slept: Arc<Mutex<Vec<Duration>>>,
}

impl InstantSleep {
    /// Creates a sleeper with an empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns every duration requested so far, oldest first.
    pub fn logs(&self) -> Vec<Duration> {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl AsyncSleep for InstantSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(duration);
        Sleep::new(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replays_and_records() {
        let client = CaptureClient::new().with_response(201, "made");
        client.push_error(ConnectorError::io("reset"));
        let request = http::Request::builder()
            .uri("https://example.com/x")
            .header("a", "b")
            .body(Bytes::from_static(b"in"))
            .unwrap();
        let response = client.call(request, &HttpSettings::new()).await.unwrap();
        assert_eq!(response.status().as_u16(), 201);
        assert_eq!(response.body().bytes(), Some(&b"made"[..]));
        let request = http::Request::new(Bytes::new());
        assert!(client
            .call(request, &HttpSettings::new())
            .await
            .unwrap_err()
            .is_io());
        let request = http::Request::new(Bytes::new());
        assert!(client
            .call(request, &HttpSettings::new())
            .await
            .unwrap_err()
            .is_other());
        let seen = client.requests();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[0].uri(), "https://example.com/x");
        assert_eq!(seen[0].method(), http::Method::GET);
        assert_eq!(seen[0].header("a"), Some("b"));
        assert_eq!(seen[0].body().as_ref(), b"in");
        assert_eq!(seen[0].settings(), &HttpSettings::new());
        assert_eq!(
            format!("{client:?}"),
            "CaptureClient { queued: 0, received: 3 }"
        );
    }

    #[tokio::test]
    async fn instant_sleep_records() {
        let sleep = InstantSleep::new();
        sleep.sleep(Duration::from_secs(20)).await;
        sleep.sleep(Duration::from_millis(5)).await;
        assert_eq!(
            sleep.logs(),
            [Duration::from_secs(20), Duration::from_millis(5)]
        );
    }
}
