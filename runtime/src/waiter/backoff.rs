//! The delay between polls: exponential backoff with full jitter, capped so that the last
//! poll happens just as the caller's maximum wait runs out.

use std::fmt;
use std::time::Duration;

/// Picks a whole number of seconds in an inclusive range.
pub(crate) type Random = Box<dyn FnMut(u64, u64) -> u64 + Send>;

/// The delay schedule of the Smithy waiters specification ("Waiter retries"):
///
/// ```text
/// attemptCeiling = (log(maxDelay / minDelay) / log(2)) + 1
/// if attempt > attemptCeiling: delay = maxDelay
/// else: delay = minDelay * 2 ** (attempt - 1)
/// delay = random(minDelay, delay)
/// if remainingTime - delay <= minDelay: delay = remainingTime  (and poll one last time)
/// ```
///
/// `minDelay` and `maxDelay` are whole seconds; `minDelay` is at least 1 and `maxDelay` at
/// least `minDelay`.
///
/// ```
/// use std::time::Duration;
/// use smithy_runtime::waiter::Backoff;
///
/// let backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(120));
/// // The third retry waits a random 2..=8 seconds; here the top of the range.
/// let (delay, last) = backoff.delay(3, Duration::from_secs(289), |_, max| max);
/// assert_eq!((delay, last), (Duration::from_secs(8), false));
/// // Near the end of the wait, the whole remaining time is slept, then one last poll.
/// let (delay, last) = backoff.delay(13, Duration::from_secs(4), |min, _| min);
/// assert_eq!((delay, last), (Duration::from_secs(4), true));
/// ```
#[derive(Clone, Copy)]
pub struct Backoff {
    min_delay: u64,
    max_delay: u64,
    attempt_ceiling: u32,
}

impl fmt::Debug for Backoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Backoff")
            .field("min_delay", &Duration::from_secs(self.min_delay))
            .field("max_delay", &Duration::from_secs(self.max_delay))
            .finish()
    }
}

impl Backoff {
    /// A schedule between `min_delay` and `max_delay`, both rounded down to whole seconds;
    /// `min_delay` is raised to one second and `max_delay` to `min_delay` when smaller.
    pub fn new(min_delay: Duration, max_delay: Duration) -> Self {
        let min_delay = min_delay.as_secs().max(1);
        let max_delay = max_delay.as_secs().max(min_delay);
        let ratio = max_delay as f64 / min_delay as f64;
        Self {
            min_delay,
            max_delay,
            attempt_ceiling: (ratio.ln() / 2f64.ln() + 1.0) as u32,
        }
    }

    /// The shortest delay.
    pub fn min_delay(&self) -> Duration {
        Duration::from_secs(self.min_delay)
    }

    /// The longest delay.
    pub fn max_delay(&self) -> Duration {
        Duration::from_secs(self.max_delay)
    }

    /// The delay before retry number `attempt` (from 1) when `remaining` is left of the
    /// maximum wait, with `random(min, max)` picking whole seconds in `min..=max`. The flag
    /// is true when the delay is the whole remaining time, so the poll after it is the last.
    pub fn delay(
        &self,
        attempt: u32,
        remaining: Duration,
        random: impl FnOnce(u64, u64) -> u64,
    ) -> (Duration, bool) {
        let upper = if attempt > self.attempt_ceiling {
            self.max_delay
        } else {
            2u64.checked_pow(attempt.saturating_sub(1))
                .and_then(|factor| self.min_delay.checked_mul(factor))
                .map_or(self.max_delay, |delay| delay.min(self.max_delay))
        };
        let delay = Duration::from_secs(random(self.min_delay, upper).clamp(self.min_delay, upper));
        if remaining.saturating_sub(delay) <= self.min_delay() {
            (remaining, true)
        } else {
            (delay, false)
        }
    }
}

/// The jitter used outside tests: uniform over the inclusive range.
pub(crate) fn default_random() -> Random {
    Box::new(crate::random::u64_in)
}
