use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// The future returned by [`AsyncSleep::sleep`]: completes once the duration has passed.
pub struct Sleep(Pin<Box<dyn Future<Output = ()> + Send + 'static>>);

impl Sleep {
    /// Wraps any `Send` future as a `Sleep`.
    pub fn new(future: impl Future<Output = ()> + Send + 'static) -> Self {
        Self(Box::pin(future))
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sleep")
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.0.as_mut().poll(cx)
    }
}

/// Waits for a duration without blocking the thread.
///
/// The runtime sleeps through this trait between retry attempts and to enforce the
/// operation and attempt timeouts, so tests (or applications on an unusual executor) can
/// replace it with [`config::Builder::sleep_impl`](crate::config::Builder::sleep_impl).
/// The default is [`TokioSleep`].
pub trait AsyncSleep: fmt::Debug + Send + Sync {
    /// Returns a future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// An [`AsyncSleep`] that uses `tokio::time::sleep`, and so needs a Tokio runtime with the
/// time driver enabled. Outside any Tokio runtime its sleeps complete at once (rather than
/// panicking as `tokio::time::sleep` would).
#[derive(Clone, Debug, Default)]
pub struct TokioSleep;

impl TokioSleep {
    /// Creates the sleeper.
    pub fn new() -> Self {
        Self
    }
}

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        if tokio::runtime::Handle::try_current().is_err() {
            // `tokio::time::sleep` would panic; complete at once instead.
            return Sleep::new(std::future::ready(()));
        }
        Sleep::new(tokio::time::sleep(duration))
    }
}

/// A reference-counted [`AsyncSleep`] that can be cloned cheaply.
#[derive(Clone, Debug)]
pub struct SharedAsyncSleep(Arc<dyn AsyncSleep>);

impl SharedAsyncSleep {
    /// Wraps `sleep`.
    pub fn new(sleep: impl AsyncSleep + 'static) -> Self {
        Self(Arc::new(sleep))
    }
}

impl From<Arc<dyn AsyncSleep>> for SharedAsyncSleep {
    fn from(sleep: Arc<dyn AsyncSleep>) -> Self {
        Self(sleep)
    }
}

impl AsyncSleep for SharedAsyncSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.sleep(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tokio_sleep_waits() {
        let start = std::time::Instant::now();
        SharedAsyncSleep::new(TokioSleep::new())
            .sleep(Duration::from_millis(20))
            .await;
        assert!(start.elapsed() >= Duration::from_millis(20));
        assert_eq!(format!("{:?}", TokioSleep.sleep(Duration::ZERO)), "Sleep");
    }
}
