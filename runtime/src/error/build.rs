use super::BoxError;
use std::error::Error;
use std::fmt;

/// What went wrong while building a shape.
#[derive(Debug)]
enum Kind {
    Missing {
        field: &'static str,
        details: &'static str,
    },
    Invalid {
        field: &'static str,
        details: String,
    },
    Serialization(BoxError),
    Other(BoxError),
}

/// The error returned when a generated builder cannot produce its shape.
///
/// This almost always means the caller forgot to set a required member or set a member to
/// a value the protocol cannot carry (for example a string that has to travel in an HTTP
/// header). The [`Display`](fmt::Display) output names the offending member.
///
/// ```
/// use smithy_runtime::error::BuildError;
///
/// let err = BuildError::missing_field(
///     "environment_name",
///     "`environment_name` was not specified but it is required when building `CancelEnvironmentDeploymentInput`",
/// );
/// assert!(err.to_string().contains("environment_name"));
/// ```
#[derive(Debug)]
pub struct BuildError {
    kind: Kind,
}

impl BuildError {
    /// Creates an error for a required member named `field` that was never set.
    ///
    /// `details` is a human-readable explanation, typically naming the shape being built.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        Self {
            kind: Kind::Missing { field, details },
        }
    }

    /// Returns the value of a required member, or the [`missing_field`](Self::missing_field)
    /// error when it was never set.
    ///
    /// ```
    /// use smithy_runtime::error::BuildError;
    ///
    /// assert_eq!(BuildError::require(Some(3), "size", "size is required").unwrap(), 3);
    /// let err = BuildError::require(None::<u8>, "size", "size is required").unwrap_err();
    /// assert_eq!(err.field(), Some("size"));
    /// ```
    pub fn require<T>(
        value: Option<T>,
        field: &'static str,
        details: &'static str,
    ) -> Result<T, Self> {
        match value {
            Some(value) => Ok(value),
            None => Err(Self::missing_field(field, details)),
        }
    }

    /// Creates an error for a member named `field` whose value cannot be used.
    ///
    /// `details` explains why the value was rejected.
    pub fn invalid_field(field: &'static str, details: impl Into<String>) -> Self {
        Self {
            kind: Kind::Invalid {
                field,
                details: details.into(),
            },
        }
    }

    /// Wraps any other failure that happened while constructing a request.
    ///
    /// The wrapped error is available through [`Error::source`].
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self {
            kind: Kind::Other(source.into()),
        }
    }

    /// Returns the name of the offending member, for missing or invalid fields.
    pub fn field(&self) -> Option<&'static str> {
        match &self.kind {
            Kind::Missing { field, .. } | Kind::Invalid { field, .. } => Some(field),
            Kind::Serialization(_) | Kind::Other(_) => None,
        }
    }
}

impl From<crate::date_time::DateTimeFormatError> for BuildError {
    fn from(err: crate::date_time::DateTimeFormatError) -> Self {
        Self {
            kind: Kind::Serialization(Box::new(err)),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Missing { field, details } => {
                write!(f, "required field `{field}` is missing")?;
                if !details.is_empty() {
                    write!(f, ": {details}")?;
                }
                Ok(())
            }
            Kind::Invalid { field, details } => {
                write!(f, "field `{field}` has an invalid value")?;
                if !details.is_empty() {
                    write!(f, ": {details}")?;
                }
                Ok(())
            }
            Kind::Serialization(_) => f.write_str("the input could not be serialized"),
            Kind::Other(_) => f.write_str("the request could not be constructed"),
        }
    }
}

impl Error for BuildError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            Kind::Serialization(source) | Kind::Other(source) => Some(source.as_ref()),
            Kind::Missing { .. } | Kind::Invalid { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date_time::{DateTime, Format};

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn is_send_sync_static() {
        assert_send_sync::<BuildError>();
    }

    #[test]
    fn missing_field_names_field_and_details() {
        let err = BuildError::missing_field(
            "environment_name",
            "`environment_name` was not specified but it is required when building `CancelEnvironmentDeploymentInput`",
        );
        assert_eq!(
            err.to_string(),
            "required field `environment_name` is missing: `environment_name` was not specified \
             but it is required when building `CancelEnvironmentDeploymentInput`"
        );
        assert_eq!(err.field(), Some("environment_name"));
        assert!(err.source().is_none());
    }

    #[test]
    fn missing_field_without_details() {
        let err = BuildError::missing_field("name", "");
        assert_eq!(err.to_string(), "required field `name` is missing");
    }

    #[test]
    fn invalid_field() {
        let err = BuildError::invalid_field("bucket", format!("`{}` is not ASCII", "é"));
        assert_eq!(
            err.to_string(),
            "field `bucket` has an invalid value: `é` is not ASCII"
        );
        assert_eq!(err.field(), Some("bucket"));
        assert!(err.source().is_none());
    }

    #[test]
    fn other_keeps_source() {
        let err = BuildError::other("boom");
        assert_eq!(err.to_string(), "the request could not be constructed");
        assert_eq!(err.source().unwrap().to_string(), "boom");
        assert_eq!(err.field(), None);

        let io = std::io::Error::other("disk on fire");
        let err = BuildError::other(io);
        assert_eq!(err.source().unwrap().to_string(), "disk on fire");
    }

    #[test]
    fn from_date_time_format_error() {
        let format_err = DateTime::from_secs(i64::MAX)
            .fmt(Format::HttpDate)
            .unwrap_err();
        let err = BuildError::from(format_err);
        assert_eq!(err.to_string(), "the input could not be serialized");
        assert!(err.source().is_some());
    }
}
