//! Event streams (feature `event-stream`): messages in the `application/vnd.amazon.eventstream`
//! framing, received as typed events with [`EventReceiver`] and sent from an
//! [`EventStreamSender`].
//!
//! Messages are encoded by `aws-smithy-eventstream`, the codec of the AWS SDK for Rust. They
//! are decoded here (`frame`), without copying: that crate's decoder copies every header and
//! payload, and the receiver already holds each message whole (the crate's decoder is the
//! reference in the tests and the fuzz target). Around it is what generated crates need: the
//! receiver of their outputs, which splits the body into messages, checks each prelude (its
//! CRC32, and a length of at most [`MAX_MESSAGE_LEN`]) before waiting for the rest of a
//! message, and reports its failures as this crate's [`SdkError`](crate::error::SdkError);
//! and the helpers their unmarshallers call ([`unmarshal`]).
//!
//! Each message is one of:
//!
//! | `:message-type` | becomes |
//! | --- | --- |
//! | `event`, with `:event-type` naming a member of the stream's union | `Ok(Some(event))` |
//! | `exception`, with `:exception-type` naming an error member | `Err(SdkError::ServiceError)` holding the modeled error |
//! | `error`, with `:error-code` and `:error-message` | `Err(SdkError::ServiceError)` holding the stream error's `Unhandled` variant |
//!
//! A frame that does not decode (a bad checksum, a length that does not add up) and a stream
//! that ends in the middle of a frame are `SdkError::ResponseError`s; a connection that fails,
//! or stops sending for longer than the read timeout, is an `SdkError::DispatchFailure`. After
//! an error, [`EventReceiver::recv`] returns `Ok(None)`.

//!
//! An operation whose input is an event stream takes an [`EventStreamSender`] (the AWS SDK's
//! own type, so code written for an `aws-sdk-*` crate passes the same value), made from any
//! `Stream` of `Result<event, error>`. Each event becomes an `event` message, and each modeled
//! error an `exception` message; the body is sent as the stream yields them. When the request
//! is signed with SigV4, so is every message, each wrapped in a message carrying `:date` and
//! `:chunk-signature`, the chain seeded by the request's signature and closed by a signed
//! empty message after the last event. Such a body cannot be sent twice, so the call is not
//! retried.

mod frame;
pub mod marshal;
mod receiver;
pub(crate) mod sender;
#[cfg(feature = "sigv4")]
pub(crate) mod signer;
pub mod unmarshal;

pub use self::frame::MAX_MESSAGE_LEN;
pub use self::receiver::{EventReceiver, FrameError};
pub use aws_smithy_eventstream::frame::{MarshallMessage, UnmarshallMessage, UnmarshalledMessage};
pub use aws_smithy_http::event_stream::{EventStreamSender, MessageStreamError};
pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};

/// The error an unmarshaller returns for a message it cannot turn into an event.
pub use aws_smithy_eventstream::error::Error as UnmarshalError;
