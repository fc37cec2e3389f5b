use super::ErrorMetadata;
use std::fmt;

/// The [`ErrorMetadata`] extra key under which the service-assigned request ID is stored.
///
/// Protocol parsers write it with [`ErrorMetadataBuilder::custom`](super::ErrorMetadataBuilder::custom)
/// and [`RequestId::request_id`] reads it; the key is the one the AWS SDK uses.
pub const REQUEST_ID_KEY: &str = "aws_request_id";

/// Access to the ID the service assigned to the request that produced a value.
///
/// Quoting this ID helps the service operator find the request in their logs.
pub trait RequestId {
    /// Returns the request ID, if the service sent one.
    fn request_id(&self) -> Option<&str>;
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

/// What a `@sensitive` message is replaced with wherever it would be printed.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// `meta` with its message, if any, replaced by `*** Sensitive Data Redacted ***`: for a
/// modeled error whose `@sensitive` message has to travel in an unhandled error (its body did
/// not parse), which prints the message in `Display`.
///
/// ```
/// use smithy_runtime::error::{redact_message, ErrorMetadata};
///
/// let meta = ErrorMetadata::builder().code("Denied").message("secret detail").build();
/// let redacted = redact_message(meta);
/// assert_eq!(redacted.code(), Some("Denied"));
/// assert_eq!(redacted.message(), Some("*** Sensitive Data Redacted ***"));
/// ```
pub fn redact_message(meta: ErrorMetadata) -> ErrorMetadata {
    if meta.message().is_none() {
        return meta;
    }
    meta.into_builder().message(REDACTED).build()
}

/// A `Debug` view of `meta` with the message replaced by `*** Sensitive Data Redacted ***`,
/// for errors whose `message` member is `@sensitive`: their own `Debug` prints their metadata
/// through this, so the message shows nowhere.
///
/// ```
/// use smithy_runtime::error::{redacted, ErrorMetadata};
///
/// let meta = ErrorMetadata::builder().code("Denied").message("secret detail").build();
/// let shown = format!("{:?}", redacted(&meta));
/// assert!(shown.contains("Denied"));
/// assert!(shown.contains("*** Sensitive Data Redacted ***"));
/// assert!(!shown.contains("secret detail"));
/// ```
pub fn redacted(meta: &ErrorMetadata) -> impl fmt::Debug + '_ {
    Redacted(meta)
}

struct Redacted<'a>(&'a ErrorMetadata);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printing is rare and the metadata small: a copy with the message replaced keeps
        // every other field exactly as `ErrorMetadata`'s own `Debug` shows it.
        fmt::Debug::fmt(&redact_message(self.0.clone()), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_comes_from_the_extra_key() {
        let meta = ErrorMetadata::builder()
            .code("NoSuchKey")
            .custom(REQUEST_ID_KEY, "req-1")
            .build();
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(ErrorMetadata::default().request_id(), None);
    }

    #[test]
    fn request_id_on_result() {
        let meta = ErrorMetadata::builder().custom(REQUEST_ID_KEY, "r").build();
        let err: Result<ErrorMetadata, ErrorMetadata> = Err(meta.clone());
        assert_eq!(err.request_id(), Some("r"));
        let ok: Result<ErrorMetadata, ErrorMetadata> = Ok(ErrorMetadata::default());
        assert_eq!(ok.request_id(), None);
    }

    #[test]
    fn redaction_keeps_everything_but_the_message() {
        let meta = ErrorMetadata::builder()
            .code("Denied")
            .message("the password is hunter2")
            .custom(REQUEST_ID_KEY, "req-9")
            .build();
        let shown = format!("{:?}", redacted(&meta));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            shown.contains("Denied") && shown.contains("req-9"),
            "{shown}"
        );
        let without_message = ErrorMetadata::builder().code("Denied").build();
        assert_eq!(redact_message(without_message.clone()), without_message);
    }
}
