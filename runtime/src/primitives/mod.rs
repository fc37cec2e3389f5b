//! Value types that appear in generated shapes.
//!
//! * [`DateTime`] for `timestamp` members, written in one of the [`DateTimeFormat`]s;
//! * [`Blob`] for `blob` members;
//! * [`Document`] (built from [`Number`]s, strings, booleans, lists and maps) for
//!   `document` members;
//! * [`UnknownVariantValue`], the payload of the `Unknown` variant that generated enums
//!   use for values introduced after the client was generated.

mod blob;
mod document;
pub(crate) mod number;
mod unknown;

pub use self::blob::Blob;
pub use self::document::Document;
pub use self::number::Number;
pub use self::unknown::UnknownVariantValue;
pub use crate::date_time::DateTime;
pub use crate::date_time::Format as DateTimeFormat;

/// Home of [`UnknownVariantValue`] under the module name the AWS SDK uses.
///
/// The module is "sealed" in the sense that user code cannot build the value: only
/// generated deserializers do.
pub mod sealed_enum_unknown {
    pub use super::UnknownVariantValue;
}
