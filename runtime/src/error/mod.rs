//! Error types shared by generated clients.
//!
//! The types application code inspects are the `aws-smithy-types` ones every official
//! `aws-sdk-*` crate exposes: [`BuildError`] (an input that cannot be built),
//! [`ErrorMetadata`] with [`ProvideErrorMetadata`] (the code, message and extra values of a
//! service error), [`DisplayErrorContext`] (an error with all of its causes) and
//! [`TryFromNumberError`] (lossless [`Number`](crate::primitives::Number) conversions).
//!
//! This crate adds [`SdkError`], the error every operation returns, [`Unhandled`] for errors
//! the service model does not describe, the [`RequestId`] trait, and helpers generated code
//! calls: [`require`] for builders and [`redacted`] for errors whose message is `@sensitive`.
//!
//! Every error's `Display` describes that error only and [`Error::source`](std::error::Error::source)
//! carries the cause, so [`DisplayErrorContext`] names each cause once.

mod build;
mod metadata;
mod sdk_error;
mod unhandled;

pub use self::build::require;
pub use self::metadata::{redact_message, redacted, RequestId, REQUEST_ID_KEY};
pub use self::sdk_error::*;
pub use self::unhandled::{ModeledErrorBodyError, Unhandled};
pub use aws_smithy_types::error::display::DisplayErrorContext;
pub use aws_smithy_types::error::metadata::{
    Builder as ErrorMetadataBuilder, ProvideErrorMetadata, EMPTY_ERROR_METADATA,
};
pub use aws_smithy_types::error::operation::BuildError;
pub use aws_smithy_types::error::{ErrorMetadata, TryFromNumberError};

/// What every variant of a generated error enum holds: an error with metadata. The enum's
/// `meta`, `source` and `Display` each go through one `match` that returns the variant as
/// this trait object, instead of one `match` each (a tenth of a large crate's code, to
/// generate and to compile).
#[doc(hidden)]
pub trait VariantError: std::error::Error + ProvideErrorMetadata {}

impl<T: std::error::Error + ProvideErrorMetadata> VariantError for T {}

/// A boxed, thread-safe error of any type.
///
/// Used wherever an arbitrary underlying cause has to be stored, for example inside
/// [`Unhandled`] or [`BuildError::other`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
