//! Waiters: poll an operation until the resource reaches the state the caller waits for.
//!
//! A generated waiter (`client.wait_until_<name>()`) supplies the operation to call and the
//! acceptors compiled from the model's `smithy.waiters#waitable` trait; [`Waiter::wait`] does
//! the rest, as the Smithy waiters specification says:
//!
//! 1. Call the operation.
//! 2. Ask the acceptors, in order, about the result ([`AcceptorState`]): success and failure
//!    end the wait; retry polls again.
//! 3. When none matched and the operation failed, stop with that failure
//!    ([`WaiterError::OperationFailed`]). Failures without a service error (no response, a
//!    timeout) stop at once: acceptors see only outputs and service errors.
//! 4. Otherwise sleep ([`Backoff`]) and poll again, until the maximum wait is used up
//!    ([`WaiterError::ExceededMaxWait`]).
//!
//! The elapsed time is the larger of the wall-clock time since the first poll and the sum of
//! the delays slept, so a sleep implementation that returns at once (as in tests) still
//! plays out the whole schedule.
//!
//! The types mirror `aws_smithy_runtime_api::client::waiters`: [`FinalPoll`] and
//! [`error::WaiterError`].

mod backoff;
pub mod error;
#[cfg(test)]
mod tests;

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

pub use self::backoff::Backoff;
use self::backoff::Random;
use self::error::{ExceededMaxWait, FailureState, OperationFailed, WaiterError};
use crate::config::{AsyncSleep, SharedAsyncSleep, TokioSleep};
use crate::error::{CreateUnhandledError, SdkError};
use crate::transport::HttpResponse;

/// What the acceptors made of one poll.
#[non_exhaustive]
#[derive(Copy, Clone, Debug, Eq, PartialEq)]
pub enum AcceptorState {
    /// No acceptor matched: retry after a successful poll, stop after a failed one.
    NoAcceptorsMatched,
    /// The waiter succeeded.
    Success,
    /// The waiter failed.
    Failure,
    /// Poll again.
    Retry,
}

/// The result of the poll that ended the wait.
#[non_exhaustive]
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, E>,
}

impl<O, E> FinalPoll<O, E> {
    /// Wraps a poll's result.
    pub fn new(result: Result<O, E>) -> Self {
        Self { result }
    }

    /// The result, by value.
    pub fn into_result(self) -> Result<O, E> {
        self.result
    }

    /// The result, by reference.
    pub fn as_result(&self) -> Result<&O, &E> {
        self.result.as_ref()
    }

    /// Converts the output.
    pub fn map<O2>(self, mapper: impl FnOnce(O) -> O2) -> FinalPoll<O2, E> {
        FinalPoll::new(self.result.map(mapper))
    }

    /// Converts the error.
    pub fn map_err<E2>(self, mapper: impl FnOnce(E) -> E2) -> FinalPoll<O, E2> {
        FinalPoll::new(self.result.map_err(mapper))
    }
}

/// Polls an operation until its acceptors reach a terminal state or time runs out.
pub struct Waiter {
    backoff: Backoff,
    max_wait: Duration,
    sleep: SharedAsyncSleep,
    random: Random,
}

impl fmt::Debug for Waiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("backoff", &self.backoff)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

impl Waiter {
    /// A waiter that polls with `backoff` for at most `max_wait`, sleeping with `sleep`
    /// (Tokio's timer when `None`).
    pub fn new(backoff: Backoff, max_wait: Duration, sleep: Option<SharedAsyncSleep>) -> Self {
        Self {
            backoff,
            max_wait,
            sleep: sleep.unwrap_or_else(|| SharedAsyncSleep::new(TokioSleep::new())),
            random: backoff::default_random(),
        }
    }

    /// Replaces the jitter: `random(min, max)` picks the whole seconds of each delay in
    /// `min..=max`. For tests.
    pub fn with_random(mut self, random: impl FnMut(u64, u64) -> u64 + Send + 'static) -> Self {
        self.random = Box::new(random);
        self
    }

    /// Polls with `operation` until `acceptor` reports success or failure, the operation fails
    /// in a way no acceptor handles, or the maximum wait is used up.
    ///
    /// `acceptor` sees each output and each service error; it returns the state of the first
    /// acceptor that matches.
    pub async fn wait<O, E, Op, Fut, Acc>(
        mut self,
        mut operation: Op,
        acceptor: Acc,
    ) -> Result<FinalPoll<O, SdkError<E, HttpResponse>>, WaiterError<O, E>>
    where
        Op: FnMut() -> Fut,
        Fut: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
        Acc: Fn(Result<&O, &E>) -> AcceptorState,
        E: Error + CreateUnhandledError + Send + Sync + 'static,
    {
        let start = Instant::now();
        let mut slept = Duration::ZERO;
        let mut polls: u32 = 0;
        let mut last_poll = false;
        loop {
            tracing::debug!(poll = polls + 1, "waiter polls");
            let result = operation().await;
            polls += 1;
            let state = match &result {
                Ok(output) => acceptor(Ok(output)),
                Err(error) => match error.as_service_error() {
                    Some(service_error) => acceptor(Err(service_error)),
                    None => {
                        return Err(WaiterError::OperationFailed(OperationFailed::new(
                            result.err().expect("matched an error"),
                        )))
                    }
                },
            };
            tracing::debug!(?state, "waiter acceptors");
            match state {
                AcceptorState::Success => return Ok(FinalPoll::new(result)),
                AcceptorState::Failure => {
                    return Err(WaiterError::FailureState(FailureState::new(
                        FinalPoll::new(result.map_err(SdkError::into_service_error)),
                    )))
                }
                AcceptorState::NoAcceptorsMatched if result.is_err() => {
                    return Err(WaiterError::OperationFailed(OperationFailed::new(
                        result.err().expect("checked above"),
                    )))
                }
                AcceptorState::Retry | AcceptorState::NoAcceptorsMatched => {
                    let elapsed = start.elapsed().max(slept);
                    if last_poll || elapsed >= self.max_wait {
                        return Err(WaiterError::ExceededMaxWait(ExceededMaxWait::new(
                            self.max_wait,
                            elapsed,
                            polls,
                        )));
                    }
                    let (delay, last) =
                        self.backoff
                            .delay(polls, self.max_wait - elapsed, &mut self.random);
                    last_poll = last;
                    tracing::debug!(?delay, last_poll, "waiter sleeps before polling again");
                    self.sleep.sleep(delay).await;
                    slept += delay;
                }
            }
        }
    }
}
