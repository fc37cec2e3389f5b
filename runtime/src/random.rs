//! Randomness for retry and waiter jitter and for version 4 UUIDs, from the standard library
//! alone (one dependency fewer).
//!
//! Each value is SipHash, keyed once per process with the OS-seeded keys of a `RandomState`,
//! over a process-wide counter: a keyed pseudo-random function of a value that never repeats,
//! so the outputs are unpredictable without the keys and distinct across calls and threads.
//! That is what jitter and idempotency tokens need; nothing here is used as key material.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

static KEYS: OnceLock<RandomState> = OnceLock::new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 64 random bits.
pub(crate) fn u64() -> u64 {
    let mut hasher = KEYS.get_or_init(RandomState::new).build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// 128 random bits.
pub(crate) fn u128() -> u128 {
    (u128::from(u64()) << 64) | u128::from(u64())
}

/// Uniform in `[0, 1)`.
pub(crate) fn f64() -> f64 {
    // The top 53 bits fill a double's mantissa exactly.
    (u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Uniform in `min..=max` (`max` when `min > max`). The modulo bias is below 2^-32 for the
/// ranges used here (whole seconds of a wait).
pub(crate) fn u64_in(min: u64, max: u64) -> u64 {
    if min >= max {
        return max;
    }
    match (max - min).checked_add(1) {
        Some(span) => min + u64() % span,
        None => u64(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    #[test]
    fn values_do_not_repeat() {
        let values: HashSet<u128> = (0..10_000).map(|_| super::u128()).collect();
        assert_eq!(values.len(), 10_000);
    }

    #[test]
    fn floats_are_in_the_unit_interval_and_spread_over_it() {
        let values: Vec<f64> = (0..10_000).map(|_| super::f64()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((0.45..0.55).contains(&mean), "mean {mean}");
        for decile in 0..10 {
            let low = f64::from(decile) / 10.0;
            let count = values
                .iter()
                .filter(|v| (low..low + 0.1).contains(*v))
                .count();
            assert!((800..1200).contains(&count), "decile {decile}: {count}");
        }
    }

    #[test]
    fn ranges_are_inclusive_and_bounded() {
        let mut seen = HashSet::new();
        for _ in 0..2_000 {
            let v = super::u64_in(3, 7);
            assert!((3..=7).contains(&v));
            seen.insert(v);
        }
        assert_eq!(seen.len(), 5, "{seen:?}");
        assert_eq!(super::u64_in(9, 9), 9);
        assert_eq!(super::u64_in(10, 2), 2);
        let _ = super::u64_in(0, u64::MAX);
    }
}
