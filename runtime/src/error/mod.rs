//! Error types shared by generated clients.
//!
//! * [`BuildError`] is returned when an operation input (or another shape with required
//!   members) cannot be built.
//! * [`ErrorMetadata`] carries the error code, message, request ID and any extra
//!   protocol-specific values that came back with a service error; it is exposed through
//!   the [`ProvideErrorMetadata`] and [`RequestId`] traits.
//! * [`Unhandled`] wraps errors that the service model does not describe.
//! * [`DisplayErrorContext`] renders an error together with all of its causes.
//! * [`TryFromNumberError`] is returned by the lossless
//!   [`Number`](crate::primitives::Number) conversions.

mod build;
mod display;
mod metadata;
mod sdk_error;
mod unhandled;

pub use self::build::BuildError;
pub use self::display::DisplayErrorContext;
pub use self::metadata::{
    ErrorMetadata, ErrorMetadataBuilder, ProvideErrorMetadata, RequestId, EMPTY_ERROR_METADATA,
    REQUEST_ID_KEY,
};
pub use self::sdk_error::*;
pub use self::unhandled::Unhandled;
pub use crate::primitives::number::TryFromNumberError;

/// A boxed, thread-safe error of any type.
///
/// Used wherever an arbitrary underlying cause has to be stored, for example inside
/// [`Unhandled`] or [`BuildError::other`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
