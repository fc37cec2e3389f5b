use super::{BoxError, ErrorMetadata, ProvideErrorMetadata, RequestId};
use std::error::Error;
use std::fmt;

/// An error the service model does not describe.
///
/// Generated operation errors have an `Unhandled` variant holding this type. It keeps the
/// underlying cause (reachable through [`Error::source`]) and whatever
/// [`ErrorMetadata`] could be extracted from the response. Application code should not
/// match on it directly; instead inspect the error code via
/// [`ProvideErrorMetadata::code`], which keeps working if a later model version adds a
/// dedicated variant for that error.
///
/// ```
/// use smithy_runtime::error::{ErrorMetadata, ProvideErrorMetadata, Unhandled};
///
/// let meta = ErrorMetadata::builder().code("Teapot").message("short and stout").build();
/// let err = Unhandled::new("HTTP 418").with_meta(meta);
/// assert_eq!(err.code(), Some("Teapot"));
/// assert_eq!(err.to_string(), "unhandled error (Teapot): short and stout");
/// ```
#[derive(Debug)]
pub struct Unhandled {
    source: BoxError,
    meta: ErrorMetadata,
}

impl Unhandled {
    /// Wraps `source` with empty metadata; add metadata with [`Unhandled::with_meta`].
    pub fn new(source: impl Into<BoxError>) -> Self {
        Self {
            source: source.into(),
            meta: ErrorMetadata::default(),
        }
    }

    /// Creates an error that only has metadata; a copy of `meta` also serves as the source.
    pub fn from_meta(meta: ErrorMetadata) -> Self {
        Self {
            source: Box::new(meta.clone()),
            meta,
        }
    }

    /// Replaces the metadata attached to this error.
    pub fn with_meta(mut self, meta: ErrorMetadata) -> Self {
        self.meta = meta;
        self
    }

    /// Splits the error into its source and metadata.
    pub fn into_parts(self) -> (BoxError, ErrorMetadata) {
        (self.source, self.meta)
    }
}

/// Writes `unhandled error`, followed by the error code in parentheses and the message when
/// they are known.
impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unhandled error")?;
        if let Some(code) = self.meta.code() {
            write!(f, " ({code})")?;
        }
        if let Some(message) = self.meta.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl RequestId for Unhandled {
    fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DisplayErrorContext;

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn is_send_sync_static() {
        assert_send_sync::<Unhandled>();
    }

    #[test]
    fn without_metadata() {
        let err = Unhandled::new("connection reset");
        assert_eq!(err.to_string(), "unhandled error");
        assert_eq!(err.code(), None);
        assert_eq!(err.message(), None);
        assert_eq!(err.request_id(), None);
        assert_eq!(err.source().unwrap().to_string(), "connection reset");
        assert_eq!(
            DisplayErrorContext(&err).to_string(),
            "unhandled error: connection reset"
        );
    }

    #[test]
    fn with_metadata() {
        let meta = ErrorMetadata::builder()
            .code("InternalFailure")
            .request_id("abc")
            .build();
        let err = Unhandled::new(std::io::Error::other("bad body")).with_meta(meta.clone());
        assert_eq!(err.to_string(), "unhandled error (InternalFailure)");
        assert_eq!(err.meta(), &meta);
        assert_eq!(err.request_id(), Some("abc"));
        let (source, parts_meta) = err.into_parts();
        assert_eq!(source.to_string(), "bad body");
        assert_eq!(parts_meta, meta);
    }

    #[test]
    fn message_without_code() {
        let err = Unhandled::new("x").with_meta(ErrorMetadata::builder().message("oops").build());
        assert_eq!(err.to_string(), "unhandled error: oops");
    }

    #[test]
    fn from_meta_uses_meta_as_source() {
        let meta = ErrorMetadata::builder().code("C").message("M").build();
        let err = Unhandled::from_meta(meta.clone());
        assert_eq!(err.meta(), &meta);
        assert_eq!(
            err.source().unwrap().to_string(),
            "Error { code: \"C\", message: \"M\" }"
        );
    }
}
