//! Value types that appear in generated shapes.
//!
//! All but one are the `aws-smithy-types` types every official `aws-sdk-*` crate exposes, so a
//! value moves between a generated crate and any `aws-sdk-*` crate unchanged, and crates built
//! on them (such as `aws-smithy-types-convert`) work with ours:
//!
//! * [`DateTime`] for `timestamp` members, written in one of the [`DateTimeFormat`]s;
//! * [`Blob`] for `blob` members;
//! * [`Document`] (built from [`Number`]s, strings, booleans, lists and maps) for
//!   `document` members;
//! * [`BigInteger`] and [`BigDecimal`] for `bigInteger` and `bigDecimal` members;
//! * with the `byte-stream` feature, `ByteStream` for `@streaming` blobs (read with
//!   `collect().await` into `AggregatedBytes`, chunk by chunk with `next().await`, or as an
//!   `AsyncBufRead`; made from bytes, a file with a known `Length`, or any `SdkBody`);
//! * [`UnknownVariantValue`], this crate's own, the payload of the `Unknown` variant that
//!   generated enums use for values introduced after the client was generated.

mod unknown;

pub use self::unknown::UnknownVariantValue;
pub use aws_smithy_types::date_time::Format as DateTimeFormat;
#[cfg(feature = "byte-stream")]
pub use aws_smithy_types::{
    body::SdkBody,
    byte_stream::{AggregatedBytes, ByteStream, Length},
};
pub use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};

/// Home of [`UnknownVariantValue`] under the module name the AWS SDK uses.
///
/// The module is "sealed" in the sense that user code cannot build the value: only
/// generated deserializers do.
pub mod sealed_enum_unknown {
    pub use super::UnknownVariantValue;
}
