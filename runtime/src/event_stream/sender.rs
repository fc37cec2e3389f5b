//! The request body of an operation whose input is an event stream: the caller's
//! [`EventStreamSender`], each event marshalled into a message and signed as it is sent.

use super::{MarshallMessage, Message, UnmarshalError};
use aws_smithy_eventstream::frame::DeferredSigner;
use aws_smithy_http::event_stream::EventStreamSender;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::DeferredSignerSender;
use std::error::Error;

/// The media type of a body of event stream messages.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// The body that sends `initial` (an awsJson `initial-request`), when there is one, then the
/// events of `sender`, marshalled with `marshaller` (an `Err` item with `error_marshaller`);
/// and the handle through which the client supplies the message signer once it has signed
/// the HTTP request, whose signature seeds the chain. Without one (an unsigned request) the
/// messages go unsigned.
pub(crate) fn request_body<T, E>(
    sender: EventStreamSender<T, E>,
    marshaller: impl MarshallMessage<Input = T> + Send + Sync + 'static,
    error_marshaller: impl MarshallMessage<Input = E> + Send + Sync + 'static,
    initial: Option<Message>,
) -> (SdkBody, DeferredSignerSender)
where
    T: Send + Sync + 'static,
    E: Error + Send + Sync + 'static,
{
    use futures_util::StreamExt;
    let (signer, signer_sender) = DeferredSigner::new();
    // The initial message goes through the same adapter as the events, so it is the first
    // link of the signing chain.
    let outgoing =
        futures_util::stream::iter(initial.map(|message| Ok(Outgoing::Initial(message))))
            .chain(sender.into_inner().map(|item| item.map(Outgoing::Event)))
            // The adapter polls the stream once more after it ended (to send the signed empty
            // message), which the caller's stream need not allow: fused, it answers `None` again.
            .fuse();
    let messages = EventStreamSender::from(outgoing).into_body_stream(
        InitialThen(marshaller),
        error_marshaller,
        signer,
    );
    let body = SdkBody::from_body_1_x(http_body_util::StreamBody::new(messages));
    (body, signer_sender)
}

/// What the body sends: the initial message, already a message, or one of the caller's events.
enum Outgoing<T> {
    Initial(Message),
    Event(T),
}

/// The caller's marshaller, passing the initial message through as it is.
struct InitialThen<M>(M);

impl<T, M: MarshallMessage<Input = T>> MarshallMessage for InitialThen<M> {
    type Input = Outgoing<T>;

    fn marshall(&self, input: Outgoing<T>) -> Result<Message, UnmarshalError> {
        match input {
            Outgoing::Initial(message) => Ok(message),
            Outgoing::Event(event) => self.0.marshall(event),
        }
    }
}

impl<M> std::fmt::Debug for InitialThen<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InitialThen")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_stream::marshal::{event, exception};
    use crate::event_stream::unmarshal::{kind, string_header, MessageKind};
    use crate::event_stream::Message;
    use aws_smithy_eventstream::frame::read_message_from;
    use http_body_util::BodyExt;

    #[derive(Debug)]
    struct Text;

    impl MarshallMessage for Text {
        type Input = String;
        fn marshall(&self, input: String) -> Result<Message, super::super::UnmarshalError> {
            Ok(event("text", Some("text/plain"), input.into_bytes()))
        }
    }

    #[derive(Debug)]
    struct Failure;

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("failure")
        }
    }

    impl Error for Failure {}

    #[derive(Debug)]
    struct FailureMarshaller;

    impl MarshallMessage for FailureMarshaller {
        type Input = Failure;
        fn marshall(&self, _input: Failure) -> Result<Message, super::super::UnmarshalError> {
            Ok(exception("failure", b"{}".to_vec()))
        }
    }

    fn messages(mut bytes: &[u8]) -> Vec<Message> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            out.push(read_message_from(&mut bytes).unwrap());
        }
        out
    }

    #[tokio::test]
    async fn unsigned_events_and_errors_are_framed_in_order_and_the_body_ends() {
        let items: Vec<Result<String, Failure>> =
            vec![Ok("one".into()), Ok("two".into()), Err(Failure)];
        let sender = EventStreamSender::from(futures_util::stream::iter(items));
        let (body, signer) = request_body(sender, Text, FailureMarshaller, None);
        // No signer is sent: the request was not signed, so neither are its messages.
        drop(signer);
        let bytes = body.collect().await.unwrap().to_bytes();
        let messages = messages(&bytes);
        assert_eq!(messages.len(), 3, "no empty end frame without a signer");
        assert_eq!(kind(&messages[0]).unwrap(), MessageKind::Event("text"));
        assert_eq!(&messages[1].payload()[..], b"two");
        assert_eq!(
            string_header(&messages[1], ":content-type"),
            Some("text/plain")
        );
        assert_eq!(
            kind(&messages[2]).unwrap(),
            MessageKind::Exception("failure")
        );
    }

    #[tokio::test]
    async fn a_stream_that_must_not_be_polled_after_its_end_is_not() {
        // `unfold` panics when polled after it returned `None`; signing adds a last message.
        let stream = futures_util::stream::unfold(0, |sent| async move {
            (sent < 2).then(|| (Ok::<_, Failure>(format!("event {sent}")), sent + 1))
        });
        let (body, signer) = request_body(
            EventStreamSender::from(stream),
            Text,
            FailureMarshaller,
            None,
        );
        let _ = signer.send::<Box<dyn aws_smithy_types::event_stream::SignMessage + Send + Sync>>(
            Box::new(EndsWithEmpty),
        );
        let bytes = body.collect().await.unwrap().to_bytes();
        let messages = messages(&bytes);
        assert_eq!(messages.len(), 3, "two events and the end message");
        assert!(messages[2].payload().is_empty());
    }

    #[tokio::test]
    async fn an_initial_message_goes_first_through_the_signer() {
        let items: Vec<Result<String, Failure>> = vec![Ok("one".into())];
        let initial = crate::event_stream::marshal::initial_request(
            "application/x-amz-json-1.1",
            br#"{"ChatId":"c1"}"#.to_vec(),
        );
        let (body, signer) = request_body(
            EventStreamSender::from(futures_util::stream::iter(items)),
            Text,
            FailureMarshaller,
            Some(initial),
        );
        let _ = signer.send::<Box<dyn aws_smithy_types::event_stream::SignMessage + Send + Sync>>(
            Box::new(CountsSigned(0)),
        );
        let bytes = body.collect().await.unwrap().to_bytes();
        let messages = messages(&bytes);
        assert_eq!(messages.len(), 3, "the initial request, the event, the end");
        assert_eq!(
            kind(&messages[0]).unwrap(),
            MessageKind::Event("initial-request")
        );
        assert_eq!(&messages[0].payload()[..], br#"{"ChatId":"c1"}"#);
        assert_eq!(string_header(&messages[0], "signed"), Some("1"));
        assert_eq!(&messages[1].payload()[..], b"one");
        assert_eq!(string_header(&messages[1], "signed"), Some("2"));
    }

    /// A signer that numbers the messages it signs in a `signed` header.
    #[derive(Debug)]
    struct CountsSigned(u32);

    impl aws_smithy_types::event_stream::SignMessage for CountsSigned {
        fn sign(
            &mut self,
            message: Message,
        ) -> Result<Message, aws_smithy_types::event_stream::SignMessageError> {
            self.0 += 1;
            Ok(
                message.add_header(aws_smithy_types::event_stream::Header::new(
                    "signed",
                    aws_smithy_types::event_stream::HeaderValue::String(self.0.to_string().into()),
                )),
            )
        }

        fn sign_empty(
            &mut self,
        ) -> Option<Result<Message, aws_smithy_types::event_stream::SignMessageError>> {
            Some(Ok(Message::new(Vec::new())))
        }
    }

    /// A signer that leaves messages as they are and ends the stream with an empty one.
    #[derive(Debug)]
    struct EndsWithEmpty;

    impl aws_smithy_types::event_stream::SignMessage for EndsWithEmpty {
        fn sign(
            &mut self,
            message: Message,
        ) -> Result<Message, aws_smithy_types::event_stream::SignMessageError> {
            Ok(message)
        }

        fn sign_empty(
            &mut self,
        ) -> Option<Result<Message, aws_smithy_types::event_stream::SignMessageError>> {
            Some(Ok(Message::new(Vec::new())))
        }
    }
}
