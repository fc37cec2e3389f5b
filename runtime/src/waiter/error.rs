//! Why a waiter stopped without reaching its success state.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use super::FinalPoll;
use crate::error::{
    BoxError, ConstructionFailure, ErrorMetadata, ProvideErrorMetadata, SdkError,
    EMPTY_ERROR_METADATA,
};
use crate::transport::HttpResponse;

/// The error a waiter's `wait` returns: `O` is the operation's output, `E` its error.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The operation input could not be built; nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// The maximum wait elapsed before an acceptor reached a terminal state.
    ExceededMaxWait(ExceededMaxWait),
    /// An acceptor matched and put the waiter in its failure state.
    FailureState(FailureState<O, E>),
    /// The operation failed in a way no acceptor matched (or could match: no response).
    OperationFailed(OperationFailed<E>),
}

impl<O, E> WaiterError<O, E> {
    /// Creates a [`ConstructionFailure`](WaiterError::ConstructionFailure).
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        match SdkError::<E>::construction_failure(source) {
            SdkError::ConstructionFailure(failure) => Self::ConstructionFailure(failure),
            _ => unreachable!("construction_failure makes a ConstructionFailure"),
        }
    }
}

impl<O, E> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(_) => f.write_str("failed to construct waiter"),
            Self::ExceededMaxWait(ctx) => {
                write!(f, "exceeded max wait time ({:?})", ctx.max_wait)
            }
            Self::FailureState(_) => f.write_str("waiting failed"),
            Self::OperationFailed(_) => f.write_str("operation failed while waiting"),
        }
    }
}

impl<O, E> Error for WaiterError<O, E>
where
    O: fmt::Debug,
    E: Error + 'static,
{
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::ConstructionFailure(inner) => Some(inner.cause()),
            Self::ExceededMaxWait(_) => None,
            Self::FailureState(inner) => match inner.final_poll.as_result() {
                Ok(_) => None,
                Err(err) => Some(err),
            },
            Self::OperationFailed(inner) => Some(&inner.source),
        }
    }
}

/// The metadata of the service error behind the failure, or empty metadata.
impl<O, E: ProvideErrorMetadata> ProvideErrorMetadata for WaiterError<O, E> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ConstructionFailure(_) | Self::ExceededMaxWait(_) => &EMPTY_ERROR_METADATA,
            Self::FailureState(inner) => inner
                .final_poll
                .as_result()
                .err()
                .map_or(&EMPTY_ERROR_METADATA, ProvideErrorMetadata::meta),
            Self::OperationFailed(inner) => inner.source.meta(),
        }
    }
}

/// The waiter ran out of time.
#[derive(Debug)]
pub struct ExceededMaxWait {
    max_wait: Duration,
    elapsed: Duration,
    poll_count: u32,
}

impl ExceededMaxWait {
    /// Creates the error.
    pub fn new(max_wait: Duration, elapsed: Duration, poll_count: u32) -> Self {
        Self {
            max_wait,
            elapsed,
            poll_count,
        }
    }

    /// The maximum wait the caller gave.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// How long the waiter waited.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// How many times the operation was called.
    pub fn poll_count(&self) -> u32 {
        self.poll_count
    }
}

/// An acceptor put the waiter in its failure state; the poll that did it is kept.
#[derive(Debug)]
#[non_exhaustive]
pub struct FailureState<O, E> {
    final_poll: FinalPoll<O, E>,
}

impl<O, E> FailureState<O, E> {
    /// Creates the error.
    pub fn new(final_poll: FinalPoll<O, E>) -> Self {
        Self { final_poll }
    }

    /// The last poll's result.
    pub fn final_poll(&self) -> &FinalPoll<O, E> {
        &self.final_poll
    }

    /// The last poll's result, by value.
    pub fn into_final_poll(self) -> FinalPoll<O, E> {
        self.final_poll
    }
}

/// The operation failed and no acceptor handled the failure.
#[derive(Debug)]
#[non_exhaustive]
pub struct OperationFailed<E> {
    source: SdkError<E, HttpResponse>,
}

impl<E> OperationFailed<E> {
    /// Creates the error.
    pub fn new(source: SdkError<E, HttpResponse>) -> Self {
        Self { source }
    }

    /// The operation's error.
    pub fn error(&self) -> &SdkError<E, HttpResponse> {
        &self.source
    }

    /// The operation's error, by value.
    pub fn into_error(self) -> SdkError<E, HttpResponse> {
        self.source
    }
}
