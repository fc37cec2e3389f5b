use std::borrow::Cow;
use std::error::Error;
use std::fmt;

/// The error returned when JSON cannot be parsed, or when a parsed [`Value`](super::Value)
/// does not have the shape a deserializer expects.
///
/// Errors raised by [`parse`](super::parse) carry the byte offset in the input where the
/// problem was found; errors raised by the [`de`](super::de) helpers (which work on the
/// already-parsed tree) and by [`custom`](Self::custom) carry none.
///
/// ```
/// use smithy_runtime::json::{self, DeserializeError};
///
/// let err = json::parse(b"[1, 2").unwrap_err();
/// assert_eq!(err.offset(), Some(5));
/// assert_eq!(err.to_string(), "invalid JSON at byte 5: expected `,` or `]`, found end of input");
///
/// let err = DeserializeError::custom("missing required member `name`");
/// assert_eq!(err.offset(), None);
/// assert_eq!(err.to_string(), "missing required member `name`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    message: Cow<'static, str>,
    offset: Option<usize>,
}

impl DeserializeError {
    /// Creates an error with a free-form message and no offset.
    pub fn custom(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
            offset: None,
        }
    }

    /// Creates an error found at byte `offset` of the input.
    pub fn custom_at(message: impl Into<Cow<'static, str>>, offset: usize) -> Self {
        Self {
            message: message.into(),
            offset: Some(offset),
        }
    }

    /// Returns the byte offset in the input at which the error was detected, if known.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// Returns the message, without the offset.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Writes `invalid JSON at byte N: message` when there is an offset, else just the
/// message.
/// A parsed value that its builder rejects (a required member that is missing and has no
/// zero value) is a deserialization error with the builder's message.
impl From<crate::error::BuildError> for DeserializeError {
    fn from(err: crate::error::BuildError) -> Self {
        Self::custom(err.to_string())
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "invalid JSON at byte {offset}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Error for DeserializeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_errors_keep_their_message() {
        let build = crate::error::BuildError::missing_field("name", "name is required");
        let message = build.to_string();
        let err = DeserializeError::from(build);
        assert_eq!(err.to_string(), message);
        assert_eq!(err.offset(), None);
    }

    #[test]
    fn accessors_and_display() {
        let err = DeserializeError::custom("boom");
        assert_eq!(err.message(), "boom");
        assert_eq!(err.offset(), None);
        assert_eq!(err.to_string(), "boom");

        let err = DeserializeError::custom_at(String::from("bad"), 7);
        assert_eq!(err.message(), "bad");
        assert_eq!(err.offset(), Some(7));
        assert_eq!(err.to_string(), "invalid JSON at byte 7: bad");
    }

    #[test]
    fn is_send_sync_error() {
        fn check<T: Error + Send + Sync + 'static>() {}
        check::<DeserializeError>();
        let boxed: crate::error::BoxError = Box::new(DeserializeError::custom("x"));
        assert_eq!(boxed.to_string(), "x");
    }
}
