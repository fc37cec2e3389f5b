use super::{BoxError, ErrorMetadata, ProvideErrorMetadata, RequestId};
use std::error::Error;
use std::fmt;

/// An error the service model does not describe.
///
/// Generated operation errors have an `Unhandled` variant holding this type. It keeps
/// whatever [`ErrorMetadata`] could be extracted from the response and, when there is one,
/// the underlying cause (reachable through [`Error::source`]). Application code should not
/// match on it directly; instead inspect the error code via
/// [`ProvideErrorMetadata::code`], which keeps working if a later model version adds a
/// dedicated variant for that error.
///
/// ```
/// use smithy_runtime::error::{ErrorMetadata, ProvideErrorMetadata, Unhandled};
///
/// let meta = ErrorMetadata::builder().code("Teapot").message("short and stout").build();
/// let err = Unhandled::from_meta(meta);
/// assert_eq!(err.code(), Some("Teapot"));
/// assert_eq!(err.to_string(), "unhandled error (Teapot): short and stout");
/// ```
#[derive(Debug)]
pub struct Unhandled {
    source: Option<BoxError>,
    meta: ErrorMetadata,
}

impl Unhandled {
    /// Wraps `source` with empty metadata; add metadata with [`Unhandled::with_meta`].
    pub fn new(source: impl Into<BoxError>) -> Self {
        Self {
            source: Some(source.into()),
            meta: ErrorMetadata::default(),
        }
    }

    /// An error known only by its metadata (an error code the model does not list): it has
    /// no further cause, since the metadata is all there is to say.
    pub fn from_meta(meta: ErrorMetadata) -> Self {
        Self { source: None, meta }
    }

    /// Replaces the metadata attached to this error.
    pub fn with_meta(mut self, meta: ErrorMetadata) -> Self {
        self.meta = meta;
        self
    }

    /// Splits the error into its cause, when it has one, and its metadata.
    pub fn into_parts(self) -> (Option<BoxError>, ErrorMetadata) {
        (self.source, self.meta)
    }
}

/// Writes `unhandled error`, followed by the error code in parentheses and the message when
/// they are known; the cause is left to [`Error::source`].
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
        self.source.as_deref().map(|source| source as _)
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

/// The response named a modeled error, but its body could not be read as that error (it is
/// not JSON, nests too deep, or a member has the wrong type). The cause says what failed.
///
/// It is the cause of the [`Unhandled`] error such a response becomes, which still carries
/// the code and the request ID.
#[derive(Debug)]
pub struct ModeledErrorBodyError {
    status: u16,
    source: BoxError,
}

impl ModeledErrorBodyError {
    /// `source` is why the body of a response with HTTP status `status` did not parse.
    pub fn new(status: u16, source: impl Into<BoxError>) -> Self {
        Self {
            status,
            source: source.into(),
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl fmt::Display for ModeledErrorBodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the body of the HTTP {} error response does not parse as the modeled error",
            self.status
        )
    }
}

impl Error for ModeledErrorBodyError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DisplayErrorContext, REQUEST_ID_KEY};

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    /// The `Display` part of [`DisplayErrorContext`], without the `Debug` dump it appends.
    fn chain(err: &dyn Error) -> String {
        let full = DisplayErrorContext(err).to_string();
        let debug = format!(" ({err:?})");
        full.strip_suffix(&debug)
            .expect("ends with the Debug form")
            .to_owned()
    }

    #[test]
    fn is_send_sync_static() {
        assert_send_sync::<Unhandled>();
        assert_send_sync::<ModeledErrorBodyError>();
    }

    #[test]
    fn without_metadata() {
        let err = Unhandled::new("connection reset");
        assert_eq!(err.to_string(), "unhandled error");
        assert_eq!(err.code(), None);
        assert_eq!(err.message(), None);
        assert_eq!(err.request_id(), None);
        assert_eq!(err.source().unwrap().to_string(), "connection reset");
        assert_eq!(chain(&err), "unhandled error: connection reset");
    }

    #[test]
    fn with_metadata() {
        let meta = ErrorMetadata::builder()
            .code("InternalFailure")
            .custom(REQUEST_ID_KEY, "abc")
            .build();
        let err = Unhandled::new(std::io::Error::other("bad body")).with_meta(meta.clone());
        assert_eq!(err.to_string(), "unhandled error (InternalFailure)");
        assert_eq!(err.meta(), &meta);
        assert_eq!(err.request_id(), Some("abc"));
        let (source, parts_meta) = err.into_parts();
        assert_eq!(source.unwrap().to_string(), "bad body");
        assert_eq!(parts_meta, meta);
    }

    #[test]
    fn message_without_code() {
        let err = Unhandled::new("x").with_meta(ErrorMetadata::builder().message("oops").build());
        assert_eq!(err.to_string(), "unhandled error: oops");
    }

    #[test]
    fn from_meta_says_everything_once() {
        let meta = ErrorMetadata::builder().code("C").message("M").build();
        let err = Unhandled::from_meta(meta.clone());
        assert_eq!(err.meta(), &meta);
        assert!(err.source().is_none());
        assert_eq!(chain(&err), "unhandled error (C): M");
    }

    #[test]
    fn unparsable_modeled_error_names_status_and_cause() {
        let meta = ErrorMetadata::builder().code("ValidationException").build();
        let err =
            Unhandled::new(ModeledErrorBodyError::new(400, "JSON nests too deep")).with_meta(meta);
        assert_eq!(
            chain(&err),
            "unhandled error (ValidationException): the body of the HTTP 400 error response \
             does not parse as the modeled error: JSON nests too deep"
        );
    }
}
