//! [`EventReceiver`]: the events of a response body, one `recv().await` at a time.

use super::frame::{self, PRELUDE_LEN};
use super::{RawMessage, UnmarshallMessage, UnmarshalledMessage};
use crate::error::SdkError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::Message;
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use std::error::Error;
use std::fmt;

/// The events of an event stream, as an operation's output holds them.
///
/// ```no_run
/// # async fn example<T: std::fmt::Debug, E: std::fmt::Debug>(
/// #     mut stream: smithy_runtime::event_stream::EventReceiver<T, E>,
/// # ) -> Result<(), smithy_runtime::error::SdkError<E, smithy_runtime::event_stream::RawMessage>> {
/// while let Some(event) = stream.recv().await? {
///     println!("{event:?}");
/// }
/// # Ok(())
/// # }
/// ```
pub struct EventReceiver<T, E> {
    unmarshaller: Box<dyn UnmarshallMessage<Output = T, Error = E> + Send + Sync>,
    body: SdkBody,
    /// The unread rest of the body's latest chunk. Whole messages are split off it without
    /// copying; only a message that spans chunks is copied, into `carry`.
    chunk: Bytes,
    /// The start of a message that the next chunks complete.
    carry: BytesMut,
    /// A message read ahead by [`EventReceiver::initial_response`] that was not one.
    pending: Option<Message>,
    /// The body has ended, or an error ended the stream.
    done: bool,
    /// Drop a leading `initial-response` message before the first event.
    skip_initial_response: bool,
}

impl<T, E> fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReceiver")
            .field("buffered_bytes", &(self.chunk.len() + self.carry.len()))
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// Why the bytes of an event stream are not a message.
#[derive(Debug)]
pub struct FrameError {
    message: String,
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for FrameError {}

fn frame_error<E>(message: String, bytes: Option<Bytes>) -> SdkError<E, RawMessage> {
    SdkError::response_error(FrameError { message }, RawMessage::Invalid(bytes))
}

impl<T, E> EventReceiver<T, E> {
    /// Reads the events of `body` with `unmarshaller`. Generated code calls this.
    #[doc(hidden)]
    pub fn new(
        unmarshaller: impl UnmarshallMessage<Output = T, Error = E> + Send + Sync + 'static,
        body: SdkBody,
    ) -> Self {
        Self {
            unmarshaller: Box::new(unmarshaller),
            body,
            chunk: Bytes::new(),
            carry: BytesMut::new(),
            pending: None,
            done: false,
            skip_initial_response: false,
        }
    }

    /// Drops the stream's `initial-response` message, if it starts with one: for awsJson
    /// outputs whose only member is the stream, so the message has nothing to fill. Generated
    /// code calls this.
    #[doc(hidden)]
    pub fn skipping_initial_response(mut self) -> Self {
        self.skip_initial_response = true;
        self
    }

    /// The next event; `Ok(None)` once the stream has ended, and after an error. A modeled
    /// error of the stream is `Err(SdkError::ServiceError)`; see the [module
    /// documentation](super).
    pub async fn recv(&mut self) -> Result<Option<T>, SdkError<E, RawMessage>> {
        if std::mem::take(&mut self.skip_initial_response) {
            // Anything else is kept in `pending` for the match below.
            let _initial = self.initial_response().await?;
        }
        let message = match self.pending.take() {
            Some(message) => message,
            None => match self.next_message().await? {
                Some(message) => message,
                None => return Ok(None),
            },
        };
        let result = match self.unmarshaller.unmarshall(&message) {
            Ok(UnmarshalledMessage::Event(event)) => return Ok(Some(event)),
            Ok(UnmarshalledMessage::Error(error)) => {
                SdkError::service_error(error, RawMessage::Decoded(message))
            }
            Err(error) => SdkError::response_error(error, RawMessage::Decoded(message)),
        };
        // A modeled exception ends the stream, as the server closes it after sending one.
        self.end();
        Err(result)
    }

    /// The `initial-response` message, when the stream starts with one (awsJson operations
    /// send the non-stream members of the output that way); any other first message is kept
    /// for the next [`recv`](Self::recv). Generated code calls this before handing the
    /// output to the caller.
    #[doc(hidden)]
    pub async fn initial_response(&mut self) -> Result<Option<Message>, SdkError<E, RawMessage>> {
        let Some(message) = self.next_message().await? else {
            return Ok(None);
        };
        let is_initial = message.headers().iter().any(|header| {
            header.name().as_str() == ":event-type"
                && header
                    .value()
                    .as_string()
                    .is_ok_and(|value| value.as_str() == "initial-response")
        });
        if is_initial {
            Ok(Some(message))
        } else {
            self.pending = Some(message);
            Ok(None)
        }
    }

    fn end(&mut self) {
        self.done = true;
        self.chunk = Bytes::new();
        self.carry = BytesMut::new();
    }

    /// Decodes the next whole message, reading the body until one is there.
    async fn next_message(&mut self) -> Result<Option<Message>, SdkError<E, RawMessage>> {
        loop {
            match self.take_frame() {
                Ok(Some(bytes)) => {
                    return match frame::decode(bytes.clone()) {
                        Ok(message) => Ok(Some(message)),
                        Err(reason) => {
                            self.end();
                            Err(frame_error(
                                format!("an event stream message does not decode: {reason}"),
                                Some(bytes),
                            ))
                        }
                    }
                }
                Ok(None) => {}
                Err(message) => {
                    let bytes = self.take_unread();
                    self.end();
                    return Err(frame_error(message, Some(bytes)));
                }
            }
            // Every unread byte is in `carry` now.
            if self.done {
                if self.carry.is_empty() {
                    return Ok(None);
                }
                let bytes = self.take_unread();
                self.end();
                return Err(frame_error(
                    format!(
                        "the event stream ended in the middle of a message ({} bytes of it received)",
                        bytes.len()
                    ),
                    Some(bytes),
                ));
            }
            match self.body.frame().await {
                Some(Ok(body_frame)) => {
                    if let Ok(data) = body_frame.into_data() {
                        self.chunk = data;
                    }
                }
                Some(Err(error)) => {
                    self.end();
                    return Err(SdkError::dispatch_failure(
                        crate::transport::streaming::body_error(error),
                    ));
                }
                None => self.done = true,
            }
        }
    }

    /// The bytes of the next whole message, once they are all received: split off the chunk
    /// when the message starts and ends in it, else gathered in `carry`. `None` when more
    /// are needed; every unread byte is then in `carry`. Fails as soon as a prelude is
    /// damaged.
    fn take_frame(&mut self) -> Result<Option<Bytes>, String> {
        if self.carry.is_empty() {
            if let Some(length) = frame::frame_length(&self.chunk)? {
                if self.chunk.len() >= length {
                    return Ok(Some(self.chunk.split_to(length)));
                }
            }
        }
        loop {
            let wanted = match frame::frame_length(&self.carry)? {
                Some(length) => length,
                None => PRELUDE_LEN,
            };
            let missing = wanted - self.carry.len();
            if missing == 0 {
                return Ok(Some(self.carry.split().freeze()));
            }
            if self.chunk.is_empty() {
                return Ok(None);
            }
            let piece = self.chunk.split_to(missing.min(self.chunk.len()));
            self.carry.extend_from_slice(&piece);
        }
    }

    /// Everything received and not yet decoded, for an error to hold.
    fn take_unread(&mut self) -> Bytes {
        let chunk = std::mem::take(&mut self.chunk);
        if self.carry.is_empty() {
            return chunk;
        }
        self.carry.extend_from_slice(&chunk);
        self.carry.split().freeze()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_stream::unmarshal::{self, MessageKind};
    use crate::event_stream::{Header, HeaderValue, UnmarshalError};
    use crate::transport::ConnectorError;
    use aws_smithy_eventstream::frame::write_message_to;
    use std::collections::VecDeque;

    /// Events are their payload as text; exceptions and errors become `Failure`.
    #[derive(Debug)]
    struct Text;

    #[derive(Debug, PartialEq)]
    enum Failure {
        Modeled(String),
        Unmodeled(Option<String>),
    }

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{self:?}")
        }
    }

    impl Error for Failure {}

    impl UnmarshallMessage for Text {
        type Output = String;
        type Error = Failure;

        fn unmarshall(
            &self,
            message: &Message,
        ) -> Result<UnmarshalledMessage<String, Failure>, UnmarshalError> {
            let text = String::from_utf8(message.payload().to_vec())
                .map_err(|err| unmarshal::payload_error("text", err))?;
            Ok(match unmarshal::kind(message)? {
                MessageKind::Event(_) => UnmarshalledMessage::Event(text),
                MessageKind::Exception(_) => UnmarshalledMessage::Error(Failure::Modeled(text)),
                MessageKind::Error { code, .. } => {
                    UnmarshalledMessage::Error(Failure::Unmodeled(code.map(str::to_owned)))
                }
            })
        }
    }

    fn encode(headers: &[(&'static str, &'static str)], payload: &'static str) -> Vec<u8> {
        let mut message = Message::new(payload.as_bytes());
        for (name, value) in headers {
            message = message.add_header(Header::new(*name, HeaderValue::String((*value).into())));
        }
        let mut bytes = Vec::new();
        write_message_to(&message, &mut bytes).unwrap();
        bytes
    }

    fn event(payload: &'static str) -> Vec<u8> {
        encode(
            &[(":message-type", "event"), (":event-type", "Text")],
            payload,
        )
    }

    /// A body yielding `chunks` in order, then `end` (an error, or nothing).
    struct Chunks {
        chunks: VecDeque<Bytes>,
        end: Option<ConnectorError>,
    }

    impl hyper::body::Body for Chunks {
        type Data = Bytes;
        type Error = ConnectorError;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, ConnectorError>>> {
            std::task::Poll::Ready(match self.chunks.pop_front() {
                Some(chunk) => Some(Ok(hyper::body::Frame::data(chunk))),
                None => self.end.take().map(Err),
            })
        }
    }

    fn receiver(
        chunks: Vec<Vec<u8>>,
        end: Option<ConnectorError>,
    ) -> EventReceiver<String, Failure> {
        let body = Chunks {
            chunks: chunks.into_iter().map(Bytes::from).collect(),
            end,
        };
        EventReceiver::new(Text, SdkBody::from_body_1_x(body))
    }

    #[tokio::test]
    async fn messages_split_anywhere_decode_in_order() {
        let mut wire = event("first");
        wire.extend(event(""));
        wire.extend(event("third, a little longer"));
        // One byte at a time; in chunks that end mid-message and start the next one inside
        // them (whole messages split off a chunk, others gathered across chunks); all at once.
        let splits: Vec<Vec<Vec<u8>>> = [1, 7, 40, wire.len()]
            .into_iter()
            .map(|size| wire.chunks(size).map(<[u8]>::to_vec).collect())
            .collect();
        for chunks in splits {
            let mut events = receiver(chunks, None);
            assert_eq!(events.recv().await.unwrap().as_deref(), Some("first"));
            assert_eq!(events.recv().await.unwrap().as_deref(), Some(""));
            assert_eq!(
                events.recv().await.unwrap().as_deref(),
                Some("third, a little longer")
            );
            assert_eq!(events.recv().await.unwrap(), None);
            assert_eq!(events.recv().await.unwrap(), None);
        }
    }

    #[tokio::test]
    async fn an_exception_is_a_service_error_that_ends_the_stream() {
        let mut wire = event("record");
        wire.extend(encode(
            &[
                (":message-type", "exception"),
                (":exception-type", "ResourceInUseException"),
            ],
            "busy",
        ));
        wire.extend(event("never read"));
        let mut events = receiver(vec![wire], None);
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("record"));
        let error = events.recv().await.unwrap_err();
        assert_eq!(
            error.as_service_error(),
            Some(&Failure::Modeled("busy".into()))
        );
        assert!(matches!(
            error.raw_response(),
            Some(RawMessage::Decoded(message)) if message.payload().as_ref() == b"busy"
        ));
        assert_eq!(events.recv().await.unwrap(), None);

        let error_message = encode(
            &[
                (":message-type", "error"),
                (":error-code", "InternalFailure"),
            ],
            "",
        );
        let mut events = receiver(vec![error_message], None);
        assert_eq!(
            events.recv().await.unwrap_err().as_service_error(),
            Some(&Failure::Unmodeled(Some("InternalFailure".into())))
        );
    }

    #[tokio::test]
    async fn a_bad_message_checksum_is_a_response_error() {
        let mut wire = event("payload");
        let last = wire.len() - 1;
        wire[last] ^= 0xff;
        let mut events = receiver(vec![wire], None);
        let error = events.recv().await.unwrap_err();
        assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
        let chain = crate::test_util::error_chain(&error);
        assert!(chain.contains("does not decode"), "{chain}");
        assert!(chain.to_lowercase().contains("checksum"), "{chain}");
        assert_eq!(events.recv().await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_damaged_prelude_fails_without_waiting_for_the_rest() {
        let mut wire = event("payload");
        wire[2] ^= 0x40; // the total length, so the prelude CRC no longer matches
                         // Only the prelude arrives, then the body would stall: the error comes first.
        let mut events = receiver(
            vec![wire[..12].to_vec()],
            Some(ConnectorError::timeout("stalled")),
        );
        let error = events.recv().await.unwrap_err();
        let chain = crate::test_util::error_chain(&error);
        assert!(chain.contains("prelude checksum does not match"), "{chain}");

        // A consistent prelude that claims 1 GiB is refused too.
        let mut prelude = Vec::new();
        prelude.extend((1u32 << 30).to_be_bytes());
        prelude.extend(0u32.to_be_bytes());
        prelude.extend(crc32fast::hash(&prelude).to_be_bytes());
        let mut events = receiver(vec![prelude], Some(ConnectorError::timeout("stalled")));
        let chain = crate::test_util::error_chain(&events.recv().await.unwrap_err());
        assert!(
            chain.contains("larger than the 33554432 bytes accepted"),
            "{chain}"
        );
    }

    #[tokio::test]
    async fn a_stream_cut_in_a_message_is_a_response_error_with_the_bytes() {
        let mut wire = event("first");
        let second = event("second");
        wire.extend(&second[..second.len() - 3]);
        let mut events = receiver(vec![wire], None);
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("first"));
        let error = events.recv().await.unwrap_err();
        let chain = crate::test_util::error_chain(&error);
        assert!(
            chain.contains("ended in the middle of a message"),
            "{chain}"
        );
        assert!(matches!(
            error.raw_response(),
            Some(RawMessage::Invalid(Some(bytes))) if bytes.len() == second.len() - 3
        ));
    }

    #[tokio::test]
    async fn a_read_timeout_is_a_dispatch_failure() {
        let mut events = receiver(
            vec![event("one")],
            Some(ConnectorError::timeout("no data for 5s")),
        );
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("one"));
        match events.recv().await.unwrap_err() {
            SdkError::DispatchFailure(failure) => assert!(failure.is_timeout(), "{failure:?}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(events.recv().await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_initial_response_is_taken_and_anything_else_kept_for_recv() {
        let mut wire = encode(
            &[
                (":message-type", "event"),
                (":event-type", "initial-response"),
            ],
            "{\"x\":1}",
        );
        wire.extend(event("after"));
        let mut events = receiver(vec![wire], None);
        let initial = events.initial_response().await.unwrap().unwrap();
        assert_eq!(initial.payload().as_ref(), b"{\"x\":1}");
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("after"));

        let mut events = receiver(vec![event("first")], None);
        assert!(events.initial_response().await.unwrap().is_none());
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("first"));
        assert_eq!(events.recv().await.unwrap(), None);

        // Skipped when asked, whether or not the stream has one.
        let mut wire = encode(
            &[
                (":message-type", "event"),
                (":event-type", "initial-response"),
            ],
            "{}",
        );
        wire.extend(event("after"));
        let mut events = receiver(vec![wire], None).skipping_initial_response();
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("after"));
        assert_eq!(events.recv().await.unwrap(), None);
        let mut events = receiver(vec![event("only")], None).skipping_initial_response();
        assert_eq!(events.recv().await.unwrap().as_deref(), Some("only"));
        assert_eq!(events.recv().await.unwrap(), None);
    }
}
