use super::*;
use crate::error::{BoxError, ErrorMetadata, ProvideErrorMetadata};
use crate::transport::test_util::InstantSleep;
use crate::transport::{ConnectorError, StatusCode};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

#[derive(Debug)]
enum OpError {
    Known(ErrorMetadata),
    Unhandled(String),
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl Error for OpError {}

impl ProvideErrorMetadata for OpError {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            OpError::Known(meta) => meta,
            OpError::Unhandled(_) => &crate::error::EMPTY_ERROR_METADATA,
        }
    }
}

impl CreateUnhandledError for OpError {
    fn create_unhandled_error(source: BoxError, _meta: Option<ErrorMetadata>) -> Self {
        OpError::Unhandled(source.to_string())
    }
}

type Poll = Result<&'static str, SdkError<OpError, HttpResponse>>;

fn service_error(code: &str) -> SdkError<OpError, HttpResponse> {
    SdkError::service_error(
        OpError::Known(ErrorMetadata::builder().code(code).build()),
        HttpResponse::new(StatusCode::try_from(400).unwrap(), ""),
    )
}

/// An operation that answers `polls` in order and counts its calls.
fn operation(polls: Vec<Poll>) -> (impl FnMut() -> std::future::Ready<Poll>, Arc<Mutex<usize>>) {
    let calls = Arc::new(Mutex::new(0));
    let count = calls.clone();
    let mut polls: VecDeque<Poll> = polls.into();
    let op = move || {
        *count.lock().unwrap() += 1;
        std::future::ready(polls.pop_front().unwrap_or(Ok("pending")))
    };
    (op, calls)
}

/// The acceptors of a typical waiter: "ready" succeeds, "broken" fails, `NotFound` retries.
fn acceptor(result: Result<&&'static str, &OpError>) -> AcceptorState {
    match result {
        Ok(&"ready") => AcceptorState::Success,
        Ok(&"broken") => AcceptorState::Failure,
        Err(error) if error.code() == Some("NotFound") => AcceptorState::Retry,
        Err(error) if error.code() == Some("Gone") => AcceptorState::Success,
        _ => AcceptorState::NoAcceptorsMatched,
    }
}

fn waiter(max_wait: u64, sleep: &InstantSleep) -> Waiter {
    Waiter::new(
        Backoff::new(Duration::from_secs(2), Duration::from_secs(120)),
        Duration::from_secs(max_wait),
        Some(SharedAsyncSleep::new(sleep.clone())),
    )
    .with_random(|min, _| min)
}

#[tokio::test]
async fn succeeds_when_an_acceptor_says_success() {
    let sleep = InstantSleep::new();
    let (op, calls) = operation(vec![
        Ok("pending"),
        Err(service_error("NotFound")),
        Ok("ready"),
    ]);
    let done = waiter(300, &sleep).wait(op, acceptor).await.unwrap();
    assert_eq!(done.as_result().ok(), Some(&"ready"));
    assert_eq!(*calls.lock().unwrap(), 3);
    assert_eq!(
        sleep.logs(),
        [Duration::from_secs(2), Duration::from_secs(2)]
    );
}

#[tokio::test]
async fn an_error_can_be_the_success_state() {
    let sleep = InstantSleep::new();
    let (op, _) = operation(vec![Err(service_error("Gone"))]);
    let done = waiter(300, &sleep).wait(op, acceptor).await.unwrap();
    assert_eq!(done.into_result().unwrap_err().code(), Some("Gone"));
}

#[tokio::test]
async fn stops_in_the_failure_state_with_the_last_poll() {
    let sleep = InstantSleep::new();
    let (op, _) = operation(vec![Ok("pending"), Ok("broken")]);
    let error = waiter(300, &sleep).wait(op, acceptor).await.unwrap_err();
    match &error {
        WaiterError::FailureState(state) => {
            assert_eq!(state.final_poll().as_result().ok(), Some(&"broken"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.to_string(), "waiting failed");
    assert!(error.source().is_none());
}

#[tokio::test]
async fn an_unmatched_service_error_stops_the_wait() {
    let sleep = InstantSleep::new();
    let (op, calls) = operation(vec![Err(service_error("AccessDenied"))]);
    let error = waiter(300, &sleep).wait(op, acceptor).await.unwrap_err();
    assert!(
        matches!(error, WaiterError::OperationFailed(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("AccessDenied"));
    assert_eq!(*calls.lock().unwrap(), 1);
    assert!(sleep.logs().is_empty());
}

#[tokio::test]
async fn a_failure_without_a_response_stops_the_wait() {
    let sleep = InstantSleep::new();
    let (op, _) = operation(vec![Err(SdkError::dispatch_failure(ConnectorError::io(
        "reset",
    )))]);
    let error = waiter(300, &sleep).wait(op, acceptor).await.unwrap_err();
    match &error {
        WaiterError::OperationFailed(failed) => {
            assert!(matches!(failed.error(), SdkError::DispatchFailure(_)))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.to_string(), "operation failed while waiting");
    assert!(error.source().is_some());
    let WaiterError::OperationFailed(failed) = error else {
        unreachable!()
    };
    match failed.into_error().into_service_error() {
        OpError::Unhandled(text) => assert!(text.starts_with("dispatch failure"), "{text}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn gives_up_when_the_maximum_wait_is_used_and_polls_once_at_the_end() {
    let sleep = InstantSleep::new();
    let (op, calls) = operation(vec![]);
    // Delays at the bottom of each range: 2 s each. After 4 polls, 8 s slept and 2 s left:
    // 2 - 2 <= 2, so the last delay is the remaining 2 s, then one last poll.
    let error = waiter(10, &sleep).wait(op, acceptor).await.unwrap_err();
    let WaiterError::ExceededMaxWait(exceeded) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(exceeded.max_wait(), Duration::from_secs(10));
    assert_eq!(exceeded.elapsed(), Duration::from_secs(10));
    assert_eq!(exceeded.poll_count(), 5);
    assert_eq!(*calls.lock().unwrap(), 5);
    assert_eq!(
        sleep.logs().iter().sum::<Duration>(),
        Duration::from_secs(10)
    );
    assert_eq!(error.to_string(), "exceeded max wait time (10s)");
}

#[tokio::test]
async fn a_zero_maximum_wait_polls_once() {
    let sleep = InstantSleep::new();
    let (op, calls) = operation(vec![]);
    let error = waiter(0, &sleep).wait(op, acceptor).await.unwrap_err();
    assert!(matches!(error, WaiterError::ExceededMaxWait(_)));
    assert_eq!(*calls.lock().unwrap(), 1);
}

#[test]
fn construction_failures_keep_their_cause() {
    let error = WaiterError::<(), OpError>::construction_failure("missing name");
    assert_eq!(error.to_string(), "failed to construct waiter");
    assert_eq!(error.source().unwrap().to_string(), "missing name");
    assert_eq!(error.code(), None);
}

#[test]
fn final_poll_maps() {
    let poll: FinalPoll<u8, String> = FinalPoll::new(Ok(1));
    assert_eq!(poll.map(|n| n + 1).into_result(), Ok(2));
    let poll: FinalPoll<u8, String> = FinalPoll::new(Err("e".into()));
    assert_eq!(poll.map_err(|e| e.len()).as_result(), Err(&1));
}

/// The example schedule of the Smithy waiters specification (minDelay 2, maxDelay 120,
/// maxWaitTime 300), with `random` returning the delays the table shows.
#[test]
fn the_delay_schedule_of_the_specification() {
    let backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(120));
    // (attempt, upper bound of the random range, delay picked, remaining before the delay)
    let table = [
        (1, 2, 2, 300),
        (2, 4, 3, 298),
        (3, 8, 6, 295),
        (4, 16, 6, 289),
        (5, 32, 22, 283),
        (6, 64, 62, 261),
        (7, 120, 43, 199),
        (8, 120, 24, 156),
        (9, 120, 71, 132),
        (10, 120, 42, 61),
        (11, 120, 9, 19),
        (12, 120, 6, 10),
    ];
    for (attempt, upper, picked, remaining) in table {
        let (delay, last) = backoff.delay(attempt, Duration::from_secs(remaining), |min, max| {
            assert_eq!((min, max), (2, upper), "attempt {attempt}");
            picked
        });
        assert_eq!(delay, Duration::from_secs(picked), "attempt {attempt}");
        assert!(!last, "attempt {attempt}");
    }
    // Attempt 13: 4 s remain; any delay leaves at most 2 s, so the waiter sleeps the 4 s and
    // polls one last time.
    let (delay, last) = backoff.delay(13, Duration::from_secs(4), |min, _| min);
    assert_eq!((delay, last), (Duration::from_secs(4), true));
}

#[test]
fn delays_stay_within_bounds() {
    let backoff = Backoff::new(Duration::from_secs(5), Duration::from_secs(4999));
    assert_eq!(backoff.min_delay(), Duration::from_secs(5));
    assert_eq!(backoff.max_delay(), Duration::from_secs(4999));
    let far = Duration::from_secs(1_000_000);
    for attempt in 1..200 {
        let (delay, _) = backoff.delay(attempt, far, |_, max| max);
        assert!(
            delay <= Duration::from_secs(4999),
            "attempt {attempt}: {delay:?}"
        );
        let (delay, _) = backoff.delay(attempt, far, |min, _| min);
        assert_eq!(delay, Duration::from_secs(5));
        // Out-of-range picks are clamped.
        let (delay, _) = backoff.delay(attempt, far, |_, _| u64::MAX);
        assert!(delay <= Duration::from_secs(4999));
    }
    // Linear backoff when the bounds are equal; bounds below one second are raised.
    let linear = Backoff::new(Duration::from_secs(3), Duration::from_secs(3));
    assert_eq!(linear.delay(9, far, |_, max| max).0, Duration::from_secs(3));
    let tiny = Backoff::new(Duration::ZERO, Duration::ZERO);
    assert_eq!(tiny.delay(1, far, |_, max| max).0, Duration::from_secs(1));
    assert!(format!("{tiny:?}").contains("min_delay: 1s"));
}

#[test]
fn the_default_jitter_stays_in_range() {
    let mut random = backoff::default_random();
    for _ in 0..100 {
        let value = random(2, 8);
        assert!((2..=8).contains(&value));
    }
}
