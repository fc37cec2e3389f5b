//! Streaming bodies at the transport (feature `byte-stream`): requests whose body is read from
//! its source while it is sent, and responses whose body reaches the caller as it arrives.
//!
//! The body type is `aws-smithy-types`' [`SdkBody`](aws_smithy_types::body::SdkBody), the one
//! behind the [`ByteStream`](crate::primitives::ByteStream) of `@streaming` members, so a
//! stream passes from the caller to the connection, and back, without a copy.

use super::{ConnectorError, HttpClient, HttpResponse, HttpSettings};
use aws_smithy_types::body::SdkBody;
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;

/// An HTTP request whose body may be a stream, as handed to
/// [`HttpClient::call_streaming`].
pub type StreamingRequest = http::Request<SdkBody>;

/// An HTTP response whose body is read as it arrives, as returned by
/// [`HttpClient::call_streaming`].
pub type StreamingResponse = http::Response<SdkBody>;

/// What [`HttpClient::call_streaming`] does for clients that only implement
/// [`call`](HttpClient::call): reads the request body into memory, sends it, and hands back the
/// complete response body as a stream.
pub(super) async fn through_buffered_call<C: HttpClient + ?Sized>(
    client: &C,
    request: StreamingRequest,
    settings: &HttpSettings,
) -> Result<StreamingResponse, ConnectorError> {
    let (parts, body) = request.into_parts();
    let body = match body.bytes() {
        Some(bytes) => Bytes::copy_from_slice(bytes),
        // Reading the caller's source failed (a file that cannot be read, say): not something
        // another attempt fixes.
        None => body
            .collect()
            .await
            .map_err(|err| ConnectorError::other(err, None))?
            .to_bytes(),
    };
    let response = client
        .call(http::Request::from_parts(parts, body), settings)
        .await?;
    Ok(response.into_http1x().map(SdkBody::from))
}

/// Reads a streamed body into memory, refusing more than `limit` bytes: how an error response
/// of a streaming operation is read before it is parsed.
pub(crate) async fn collect_limited(
    mut body: SdkBody,
    limit: usize,
) -> Result<Bytes, ConnectorError> {
    if body
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(ConnectorError::body_too_large(limit));
    }
    let mut collected = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(body_error)?;
        if let Ok(data) = frame.into_data() {
            if collected.len().saturating_add(data.len()) > limit {
                return Err(ConnectorError::body_too_large(limit));
            }
            collected.extend_from_slice(&data);
        }
    }
    Ok(collected.freeze())
}

/// The connector error a streamed body failed with, when it was one (a read timeout, a
/// broken connection); anything else is an I/O error.
pub(crate) fn body_error(err: aws_smithy_types::body::Error) -> ConnectorError {
    match err.downcast::<ConnectorError>() {
        Ok(connector) => *connector,
        Err(other) => ConnectorError::io(other),
    }
}

/// A response head with an empty body, for errors and [`SdkError`](crate::error::SdkError)s
/// about a streamed response whose body the caller keeps.
pub(crate) fn head_of(parts: &http::response::Parts) -> HttpResponse {
    let mut head = HttpResponse::new(parts.status.into(), super::SdkBody::empty());
    *head.headers_mut() = parts.headers.clone().into();
    head
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{BoxFuture, HttpRequest};
    use std::sync::Mutex;

    /// Answers with the request body, upper-cased, and records what it was sent.
    #[derive(Debug, Default)]
    struct Shout(Mutex<Vec<Bytes>>);

    impl HttpClient for Shout {
        fn call(
            &self,
            request: HttpRequest,
            _settings: &HttpSettings,
        ) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
            self.0.lock().unwrap().push(request.body().clone());
            let body = request.body().to_ascii_uppercase();
            Box::pin(async move { Ok(HttpResponse::new(200.try_into().unwrap(), body)) })
        }
    }

    /// A body that yields `chunks` one by one, without a known length.
    pub(crate) fn chunked(chunks: &'static [&'static str]) -> SdkBody {
        SdkBody::from_body_1_x(Chunks(
            chunks
                .iter()
                .map(|chunk| Bytes::from_static(chunk.as_bytes()))
                .collect(),
        ))
    }

    struct Chunks(std::collections::VecDeque<Bytes>);

    impl hyper::body::Body for Chunks {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Ready(
                self.0
                    .pop_front()
                    .map(|chunk| Ok(hyper::body::Frame::data(chunk))),
            )
        }
    }

    #[tokio::test]
    async fn buffered_clients_get_the_whole_body_and_stream_the_answer() {
        let client = Shout::default();
        let request = http::Request::new(chunked(&["ab", "c", "de"]));
        let response = client
            .call_streaming(request, &HttpSettings::new())
            .await
            .unwrap();
        assert_eq!(client.0.lock().unwrap().as_slice(), [Bytes::from("abcde")]);
        let body = collect_limited(response.into_body(), 100).await.unwrap();
        assert_eq!(body, Bytes::from("ABCDE"));
    }

    #[tokio::test]
    async fn collecting_stops_at_the_limit() {
        let err = collect_limited(chunked(&["abc", "def"]), 5)
            .await
            .unwrap_err();
        assert!(err.is_other());
        assert_eq!(
            std::error::Error::source(&err).unwrap().to_string(),
            "the response body is larger than the limit of 5 bytes"
        );
        let declared = collect_limited(SdkBody::from("123456"), 5)
            .await
            .unwrap_err();
        assert!(declared.is_other());
        assert_eq!(
            collect_limited(chunked(&["abc", "de"]), 5).await.unwrap(),
            Bytes::from("abcde")
        );
    }

    #[test]
    fn body_errors_keep_their_connector_kind() {
        let timeout: aws_smithy_types::body::Error = Box::new(ConnectorError::timeout("stalled"));
        assert!(body_error(timeout).is_timeout());
        let other: aws_smithy_types::body::Error = "broken".into();
        assert!(body_error(other).is_io());
    }
}
