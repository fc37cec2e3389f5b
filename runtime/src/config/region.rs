use std::borrow::Cow;
use std::fmt;

/// The AWS Region a client sends requests to, such as `us-east-1`.
///
/// The region selects the endpoint and is part of every request signature.
///
/// ```
/// use smithy_runtime::config::Region;
///
/// const HOME: Region = Region::from_static("eu-west-1");
/// let other = Region::new(String::from("us-east-1"));
/// assert_eq!(HOME.as_ref(), "eu-west-1");
/// assert_eq!(other.to_string(), "us-east-1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// Creates a region from a name (borrowed for `'static`, or owned).
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Self(region.into())
    }

    /// Creates a region from a static string; usable in `const` items.
    pub const fn from_static(region: &'static str) -> Self {
        Self(Cow::Borrowed(region))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn construct_and_compare() {
        assert_eq!(Region::new("a"), Region::from_static("a"));
        assert_eq!(format!("{:?}", Region::new("a")), "Region(\"a\")");
    }
}
