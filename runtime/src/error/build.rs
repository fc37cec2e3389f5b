use super::BuildError;

/// Returns the value of a required member, or the
/// [`missing_field`](BuildError::missing_field) error when it was never set.
///
/// Generated builders call this once per required member, so that checking a member is one
/// line rather than a closure of its own.
///
/// ```
/// use smithy_runtime::error::require;
///
/// assert_eq!(require(Some(3), "size", "size is required").unwrap(), 3);
/// let err = require(None::<u8>, "size", "size is required").unwrap_err();
/// assert_eq!(err.to_string(), "size was missing: size is required");
/// ```
pub fn require<T>(
    value: Option<T>,
    field: &'static str,
    details: &'static str,
) -> Result<T, BuildError> {
    match value {
        Some(value) => Ok(value),
        None => Err(BuildError::missing_field(field, details)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date_time::Format;
    use crate::primitives::DateTime;
    use std::error::Error;

    #[test]
    fn require_passes_values_through_and_names_missing_ones() {
        assert_eq!(require(Some("x"), "name", "").unwrap(), "x");
        let err = require(
            None::<String>,
            "environment_name",
            "`environment_name` is required",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment_name was missing: `environment_name` is required"
        );
        assert!(err.source().is_none());
    }

    #[test]
    fn format_errors_become_build_errors_with_their_cause() {
        let format_err = DateTime::from_secs(i64::MAX)
            .fmt(Format::HttpDate)
            .unwrap_err();
        let err = BuildError::from(format_err);
        assert_eq!(err.to_string(), "failed to serialize input");
        assert!(err.source().is_some());
    }
}
