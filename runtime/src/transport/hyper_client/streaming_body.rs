//! Streaming through hyper (feature `byte-stream`): the request body is read from the caller's
//! [`SdkBody`] as hyper sends it, and the response body is handed over as it arrives, each
//! wait for the server bounded by the read timeout.

use super::{classify, classify_hyper, read_timed_out, Pool, RequestBody};
use crate::error::BoxError;
use crate::transport::{ConnectorError, HttpSettings, StreamingRequest, StreamingResponse};
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

pub(super) async fn send(
    pool: &Pool,
    request: StreamingRequest,
    settings: HttpSettings,
) -> Result<StreamingResponse, ConnectorError> {
    let read_timeout = settings.read_timeout();
    let progress = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| {
        RequestBody::Streaming(Uploading {
            body,
            progress: progress.clone(),
        })
    });
    let response = head_within(read_timeout, &progress, pool.request(request))
        .await?
        .map_err(classify)?;
    Ok(response.map(|body| SdkBody::from_body_1_x(Downloading::new(body, read_timeout))))
}

/// Awaits the response head, failing once `timeout` passes without the head arriving or any
/// of the request body going out: an upload that takes longer than the read timeout is not
/// cut while it makes progress.
async fn head_within<F: Future>(
    timeout: Option<Duration>,
    progress: &AtomicBool,
    future: F,
) -> Result<F::Output, ConnectorError> {
    let Some(limit) = timeout else {
        return Ok(future.await);
    };
    let mut future = std::pin::pin!(future);
    let mut timer = Box::pin(tokio::time::sleep(limit));
    std::future::poll_fn(move |cx| loop {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match timer.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(()) if progress.swap(false, Ordering::Relaxed) => {
                timer.as_mut().reset(Instant::now() + limit);
            }
            Poll::Ready(()) => return Poll::Ready(Err(read_timed_out(limit))),
        }
    })
    .await
}

/// The caller's request body, noting each piece that goes out.
pub(super) struct Uploading {
    body: SdkBody,
    progress: Arc<AtomicBool>,
}

impl Uploading {
    pub(super) fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if let Poll::Ready(Some(Ok(_))) = &polled {
            self.progress.store(true, Ordering::Relaxed);
        }
        polled
    }

    pub(super) fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    pub(super) fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The response body as it arrives; a wait longer than the read timeout for the next piece
/// fails it with a timeout [`ConnectorError`].
struct Downloading {
    body: hyper::body::Incoming,
    read_timeout: Option<Duration>,
    /// Armed when a poll found no data, and reset after each piece: one timer for the whole
    /// body rather than one per piece.
    timer: Option<Pin<Box<Sleep>>>,
    armed: bool,
}

impl Downloading {
    fn new(body: hyper::body::Incoming, read_timeout: Option<Duration>) -> Self {
        Self {
            body,
            read_timeout,
            timer: None,
            armed: false,
        }
    }
}

impl Body for Downloading {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.armed = false;
                Poll::Ready(frame.map(|frame| frame.map_err(|err| classify_hyper(err).into())))
            }
            Poll::Pending => {
                let Some(limit) = this.read_timeout else {
                    return Poll::Pending;
                };
                let deadline = Instant::now() + limit;
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                if !this.armed {
                    timer.as_mut().reset(deadline);
                    this.armed = true;
                }
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(read_timed_out(limit).into()))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
