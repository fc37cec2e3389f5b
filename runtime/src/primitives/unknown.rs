use std::fmt;

/// The raw value kept by a generated enum's `Unknown` variant.
///
/// When a service sends an enum value that did not exist when the client was generated,
/// the value is preserved in this opaque wrapper so it can be inspected (via
/// [`as_str`](Self::as_str) or `Display`) and sent back unchanged. Application code cannot
/// construct it, which keeps `Unknown` from being matched against specific strings; use
/// the enum's own `as_str()` for that.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// Wraps a value received from the service. Only meant for generated code.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn exposes_value() {
        let value = UnknownVariantValue::new("NEW_STATE".to_string());
        assert_eq!(value.as_str(), "NEW_STATE");
        assert_eq!(value.to_string(), "NEW_STATE");
        assert_eq!(format!("{value:?}"), "UnknownVariantValue(\"NEW_STATE\")");
        assert_eq!(value.clone(), UnknownVariantValue::new("NEW_STATE"));
    }

    #[test]
    fn ordered_by_string() {
        let set: BTreeSet<_> = ["b", "a", "b"]
            .into_iter()
            .map(UnknownVariantValue::new)
            .collect();
        let values: Vec<_> = set.iter().map(UnknownVariantValue::as_str).collect();
        assert_eq!(values, ["a", "b"]);
    }
}
