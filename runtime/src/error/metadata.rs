use std::collections::HashMap;
use std::fmt;

/// The [`ErrorMetadata`] key under which the service-assigned request ID is stored.
///
/// [`ErrorMetadataBuilder::request_id`] writes it and [`RequestId::request_id`] reads it;
/// the value matches the key the AWS SDK uses.
pub const REQUEST_ID_KEY: &str = "aws_request_id";

/// Error metadata with no code, message or extra values.
///
/// Equal to [`ErrorMetadata::default()`], but usable in `const` and `static` items.
pub const EMPTY_ERROR_METADATA: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    extras: None,
};

/// Access to the [`ErrorMetadata`] carried by an error.
///
/// Implemented by every generated operation error, so application code can read the error
/// code and message without matching on the individual variants.
pub trait ProvideErrorMetadata {
    /// Returns all of the metadata attached to this error.
    fn meta(&self) -> &ErrorMetadata;

    /// Returns the error code sent by the service, when there was one.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// Returns the human-readable error message sent by the service, when there was one.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// Access to the ID the service assigned to the request that produced a value.
///
/// Quoting this ID helps the service operator find the request in their logs.
pub trait RequestId {
    /// Returns the request ID, if the service sent one.
    fn request_id(&self) -> Option<&str>;
}

/// Generic information about a service error: its code, message and extra values.
///
/// Services that model their errors produce typed errors that embed this metadata;
/// errors that are not modeled are surfaced as [`Unhandled`](super::Unhandled), which
/// carries it as well. Build one with [`ErrorMetadata::builder`].
///
/// ```
/// use smithy_runtime::error::{ErrorMetadata, ProvideErrorMetadata, RequestId};
///
/// let meta = ErrorMetadata::builder()
///     .code("ThrottlingException")
///     .message("Rate exceeded")
///     .request_id("0c2f-41")
///     .build();
/// assert_eq!(meta.code(), Some("ThrottlingException"));
/// assert_eq!(meta.message(), Some("Rate exceeded"));
/// assert_eq!(meta.request_id(), Some("0c2f-41"));
/// ```
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    extras: Option<HashMap<&'static str, String>>,
}

impl ErrorMetadata {
    /// Returns a builder with nothing set.
    pub fn builder() -> ErrorMetadataBuilder {
        ErrorMetadataBuilder::default()
    }

    /// Turns this metadata back into a builder so more values can be added.
    pub fn into_builder(self) -> ErrorMetadataBuilder {
        ErrorMetadataBuilder { inner: self }
    }

    /// Returns the error code.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// Returns the error message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Returns the extra value stored under `key` by [`ErrorMetadataBuilder::custom`].
    pub fn extra(&self, key: &'static str) -> Option<&str> {
        self.extras
            .as_ref()
            .and_then(|extras| extras.get(key))
            .map(String::as_str)
    }
}

/// What [`ErrorMetadata::redacted_message`] shows instead of the message.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

impl ErrorMetadata {
    /// A `Debug` view of this metadata with the message replaced by
    /// `*** Sensitive Data Redacted ***`, for errors whose `message` member is
    /// `@sensitive` (their own `Debug` output should print their metadata through this).
    ///
    /// ```
    /// use smithy_runtime::error::ErrorMetadata;
    ///
    /// let meta = ErrorMetadata::builder().code("Denied").message("secret detail").build();
    /// let shown = format!("{:?}", meta.redacted_message());
    /// assert!(shown.contains("Denied"));
    /// assert!(shown.contains("*** Sensitive Data Redacted ***"));
    /// assert!(!shown.contains("secret detail"));
    /// ```
    pub fn redacted_message(&self) -> impl fmt::Debug + '_ {
        RedactedMessage(self)
    }

    /// This metadata with its message, if any, replaced by `*** Sensitive Data Redacted ***`:
    /// for a modeled error whose `@sensitive` message has to travel in an unhandled error
    /// (its body did not parse), which prints the message in `Display`.
    ///
    /// ```
    /// use smithy_runtime::error::ErrorMetadata;
    ///
    /// let meta = ErrorMetadata::builder().code("Denied").message("secret detail").build();
    /// let redacted = meta.with_message_redacted();
    /// assert_eq!(redacted.code(), Some("Denied"));
    /// assert_eq!(redacted.message(), Some("*** Sensitive Data Redacted ***"));
    /// ```
    pub fn with_message_redacted(mut self) -> Self {
        if self.message.is_some() {
            self.message = Some(REDACTED.to_owned());
        }
        self
    }
}

struct RedactedMessage<'a>(&'a ErrorMetadata);

impl fmt::Debug for RedactedMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.0.code)
            .field("message", &self.0.message.as_ref().map(|_| REDACTED))
            .field("extras", &self.0.extras)
            .finish()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        self.extra(REQUEST_ID_KEY)
    }
}

impl<T: RequestId, E: RequestId> RequestId for Result<T, E> {
    fn request_id(&self) -> Option<&str> {
        match self {
            Ok(value) => value.request_id(),
            Err(err) => err.request_id(),
        }
    }
}

/// Writes the metadata as `Error { code: "...", message: "...", <extra>: "..." }`,
/// leaving out anything that is not set. Extra values appear sorted by key.
impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Error");
        if let Some(code) = &self.code {
            out.field("code", code);
        }
        if let Some(message) = &self.message {
            out.field("message", message);
        }
        if let Some(extras) = &self.extras {
            let mut sorted: Vec<_> = extras.iter().collect();
            sorted.sort_unstable_by_key(|(key, _)| **key);
            for (key, value) in sorted {
                out.field(key, value);
            }
        }
        out.finish()
    }
}

impl std::error::Error for ErrorMetadata {}

/// Builder for [`ErrorMetadata`], created by [`ErrorMetadata::builder`].
#[derive(Debug, Default, Clone)]
pub struct ErrorMetadataBuilder {
    inner: ErrorMetadata,
}

impl ErrorMetadataBuilder {
    /// Sets the error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Sets the error message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    /// Sets the request ID, stored as an extra value under [`REQUEST_ID_KEY`].
    pub fn request_id(self, request_id: impl Into<String>) -> Self {
        self.custom(REQUEST_ID_KEY, request_id)
    }

    /// Stores an extra value under `key`, replacing any earlier value for that key.
    ///
    /// Protocol- or service-specific details (such as an extended host ID) are kept this
    /// way and are usually exposed through an extension trait that calls
    /// [`ErrorMetadata::extra`].
    pub fn custom(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.inner
            .extras
            .get_or_insert_with(HashMap::new)
            .insert(key, value.into());
        self
    }

    /// Finishes the builder.
    pub fn build(self) -> ErrorMetadata {
        self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_metadata() {
        let meta = ErrorMetadata::default();
        assert_eq!(meta, EMPTY_ERROR_METADATA);
        assert_eq!(meta.code(), None);
        assert_eq!(meta.message(), None);
        assert_eq!(meta.extra("anything"), None);
        assert_eq!(meta.request_id(), None);
        assert_eq!(meta.to_string(), "Error");
        assert_eq!(ErrorMetadata::builder().build(), meta);
    }

    #[test]
    fn builder_sets_everything() {
        let meta = ErrorMetadata::builder()
            .code("NoSuchKey")
            .message("The key does not exist")
            .custom("host_id", "abc")
            .request_id("req-1")
            .build();
        assert_eq!(meta.code(), Some("NoSuchKey"));
        assert_eq!(meta.message(), Some("The key does not exist"));
        assert_eq!(meta.extra("host_id"), Some("abc"));
        assert_eq!(meta.extra(REQUEST_ID_KEY), Some("req-1"));
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(
            meta.to_string(),
            "Error { code: \"NoSuchKey\", message: \"The key does not exist\", \
             aws_request_id: \"req-1\", host_id: \"abc\" }"
        );
    }

    #[test]
    fn later_values_win() {
        let meta = ErrorMetadata::builder()
            .code("A")
            .code("B")
            .custom("k", "1")
            .custom("k", "2")
            .build();
        assert_eq!(meta.code(), Some("B"));
        assert_eq!(meta.extra("k"), Some("2"));
    }

    #[test]
    fn into_builder_round_trip() {
        let meta = ErrorMetadata::builder().code("A").build();
        let more = meta.clone().into_builder().message("m").build();
        assert_eq!(more.code(), Some("A"));
        assert_eq!(more.message(), Some("m"));
        assert_ne!(meta, more);
    }

    #[test]
    fn trait_defaults_read_meta() {
        struct Wrapper(ErrorMetadata);
        impl ProvideErrorMetadata for Wrapper {
            fn meta(&self) -> &ErrorMetadata {
                &self.0
            }
        }
        let w = Wrapper(ErrorMetadata::builder().code("C").message("M").build());
        assert_eq!(ProvideErrorMetadata::code(&w), Some("C"));
        assert_eq!(ProvideErrorMetadata::message(&w), Some("M"));
    }

    #[test]
    fn request_id_on_result() {
        let meta = ErrorMetadata::builder().request_id("r").build();
        let err: Result<ErrorMetadata, ErrorMetadata> = Err(meta.clone());
        assert_eq!(err.request_id(), Some("r"));
        let ok: Result<ErrorMetadata, ErrorMetadata> = Ok(ErrorMetadata::default());
        assert_eq!(ok.request_id(), None);
    }

    #[test]
    fn usable_as_error() {
        let boxed: Box<dyn std::error::Error + Send + Sync> =
            Box::new(ErrorMetadata::builder().code("X").build());
        assert_eq!(boxed.to_string(), "Error { code: \"X\" }");
    }
}
