use std::fmt;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Version {
    V2023_11_09,
    V2024_03_28,
    V2025_01_17,
    V2025_08_07,
    V2026_01_12,
}

/// Selects which generation of default behaviour a client uses.
///
/// The AWS SDK for Rust requires one so that changing defaults never surprises an existing
/// application; generated clients accept the same calls. This runtime currently has a
/// single set of defaults (standard retries with 3 attempts and a 3.1 second connect
/// timeout), used by every version, so the choice has no effect yet. When no version is
/// set, [`BehaviorVersion::latest`] is assumed (the AWS SDK panics instead).
///
/// ```
/// use smithy_runtime::config::BehaviorVersion;
///
/// let latest = BehaviorVersion::latest();
/// assert!(latest.is_at_least(BehaviorVersion::v2024_03_28()));
/// ```
#[derive(Copy, Clone, PartialEq, Eq)]
pub struct BehaviorVersion {
    version: Version,
}

impl BehaviorVersion {
    /// The newest behaviour version; recommended for new applications.
    pub const fn latest() -> Self {
        Self::v2026_01_12()
    }

    /// Behaviour version 2026-01-12.
    pub const fn v2026_01_12() -> Self {
        Self {
            version: Version::V2026_01_12,
        }
    }

    /// Behaviour version 2025-08-07.
    pub const fn v2025_08_07() -> Self {
        Self {
            version: Version::V2025_08_07,
        }
    }

    /// Behaviour version 2025-01-17.
    pub const fn v2025_01_17() -> Self {
        Self {
            version: Version::V2025_01_17,
        }
    }

    /// Behaviour version 2024-03-28.
    pub const fn v2024_03_28() -> Self {
        Self {
            version: Version::V2024_03_28,
        }
    }

    /// Behaviour version 2023-11-09, the oldest one.
    pub const fn v2023_11_09() -> Self {
        Self {
            version: Version::V2023_11_09,
        }
    }

    /// Returns true when this version is `other` or newer.
    pub fn is_at_least(&self, other: BehaviorVersion) -> bool {
        self.version >= other.version
    }
}

impl Default for BehaviorVersion {
    /// Returns [`BehaviorVersion::latest`].
    fn default() -> Self {
        Self::latest()
    }
}

impl fmt::Debug for BehaviorVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BehaviorVersion")
            .field(&self.version)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering() {
        let all = [
            BehaviorVersion::v2023_11_09(),
            BehaviorVersion::v2024_03_28(),
            BehaviorVersion::v2025_01_17(),
            BehaviorVersion::v2025_08_07(),
            BehaviorVersion::v2026_01_12(),
        ];
        for (i, a) in all.iter().enumerate() {
            for (j, b) in all.iter().enumerate() {
                assert_eq!(a.is_at_least(*b), i >= j);
            }
        }
        assert_eq!(BehaviorVersion::default(), BehaviorVersion::latest());
        assert_eq!(
            format!("{:?}", BehaviorVersion::latest()),
            "BehaviorVersion(V2026_01_12)"
        );
    }
}
