//! Runtime support for Rust crates produced by this project's Smithy code generator.
//!
//! Generated service crates call into this crate and re-export its types, so the names
//! and shapes here follow the public API of the official AWS SDK support crates
//! (`aws-smithy-types` and `aws-smithy-runtime-api`) wherever application code can see
//! them.
//!
//! The value, error, retry and timeout types application code sees are the
//! `aws-smithy-types` ones every official `aws-sdk-*` crate exposes, so values move between
//! generated crates and the official ones unchanged.
//!
//! # Modules
//!
//! * [`error`]: the error plumbing shared by every generated operation: [`SdkError`](error::SdkError),
//!   the error operations return; the [`BuildError`](error::BuildError) returned by input
//!   builders; the [`ErrorMetadata`](error::ErrorMetadata) attached to service errors together
//!   with the [`ProvideErrorMetadata`](error::ProvideErrorMetadata) and
//!   [`RequestId`](error::RequestId) traits; the opaque [`Unhandled`](error::Unhandled) error;
//!   and [`DisplayErrorContext`](error::DisplayErrorContext) for printing a whole chain of
//!   causes.
//! * [`primitives`]: value types used by generated shapes: [`DateTime`](primitives::DateTime),
//!   [`Blob`](primitives::Blob), [`Document`](primitives::Document),
//!   [`Number`](primitives::Number), [`BigInteger`](primitives::BigInteger),
//!   [`BigDecimal`](primitives::BigDecimal) and
//!   [`UnknownVariantValue`](primitives::UnknownVariantValue).
//! * [`date_time`]: `aws-smithy-types`' timestamp module: the wire
//!   [`Format`](date_time::Format)s and the errors raised while parsing or formatting.
//! * [`client`]: [`Handle::invoke`](client::Handle::invoke), the request pipeline every
//!   generated operation runs through (signing, retries, timeouts).
//! * [`config`]: the client [`Config`](config::Config) and its builder, with
//!   [`Region`](config::Region), [`BehaviorVersion`](config::BehaviorVersion) and the
//!   [`timeout`](config::timeout) settings.
//! * [`transport`]: the pluggable [`HttpClient`](transport::HttpClient), the default
//!   HTTPS client and the [`HttpResponse`](transport::HttpResponse) parsers read.
//! * [`auth`]: the auth schemes (HTTP bearer, API key, basic; SigV4 signing and credentials
//!   providers with the `sigv4` feature).
//! * [`retry`]: [`RetryConfig`](retry::RetryConfig), error classification and the retry
//!   quota.
//! * `test_util` (with the `test-util` feature): `LoopbackServer`, a scripted HTTP/1.1
//!   server on 127.0.0.1 that records what it receives, and (with `sigv4`) `verify_sigv4`,
//!   which checks a received request's signature, for end-to-end tests of generated clients.
//! * [`paginator`]: the [`PaginationStream`](paginator::PaginationStream) generated
//!   paginators return.
//! * [`waiter`]: the polling loop behind generated waiters, with
//!   [`WaiterError`](waiter::error::WaiterError) and [`FinalPoll`](waiter::FinalPoll).
//!
//! # Example
//!
//! ```
//! use smithy_runtime::primitives::{DateTime, DateTimeFormat};
//!
//! let when = DateTime::from_str("2019-12-16T23:48:18Z", DateTimeFormat::DateTime)?;
//! assert_eq!(when.secs(), 1_576_540_098);
//! assert_eq!(when.fmt(DateTimeFormat::HttpDate)?, "Mon, 16 Dec 2019 23:48:18 GMT");
//! // The very type of the official crates:
//! let theirs: aws_smithy_types::DateTime = when;
//! assert_eq!(theirs, when);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod auth;
pub mod client;
pub mod config;
pub use aws_smithy_types::date_time;
pub mod endpoint;
pub mod error;
#[cfg(feature = "event-stream")]
pub mod event_stream;
pub mod json;
pub mod paginator;
pub mod primitives;
pub mod protocol;
mod random;
pub mod retry;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod transport;
pub mod waiter;
