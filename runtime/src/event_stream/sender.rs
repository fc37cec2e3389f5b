//! The request body of an operation whose input is an event stream: the caller's
//! [`EventStreamSender`], each event marshalled into a message and signed as it is sent.

use super::MarshallMessage;
use aws_smithy_eventstream::frame::DeferredSigner;
use aws_smithy_http::event_stream::EventStreamSender;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::DeferredSignerSender;
use std::error::Error;

/// The media type of a body of event stream messages.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// The body that sends the events of `sender`, marshalled with `marshaller` (an `Err` item
/// with `error_marshaller`), and the handle through which the client supplies the message
/// signer once it has signed the HTTP request, whose signature seeds the chain. Without one
/// (an unsigned request) the messages go unsigned.
pub(crate) fn request_body<T, E>(
    sender: EventStreamSender<T, E>,
    marshaller: impl MarshallMessage<Input = T> + Send + Sync + 'static,
    error_marshaller: impl MarshallMessage<Input = E> + Send + Sync + 'static,
) -> (SdkBody, DeferredSignerSender)
where
    T: Send + Sync + 'static,
    E: Error + Send + Sync + 'static,
{
    let (signer, signer_sender) = DeferredSigner::new();
    // The adapter polls the caller's stream once more after it ended (to send the signed
    // empty message), which a stream need not allow: fused, it answers `None` again.
    let sender = EventStreamSender::from(futures_util::StreamExt::fuse(sender.into_inner()));
    let messages = sender.into_body_stream(marshaller, error_marshaller, signer);
    let body = SdkBody::from_body_1_x(http_body_util::StreamBody::new(messages));
    (body, signer_sender)
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
        let (body, signer) = request_body(sender, Text, FailureMarshaller);
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
        let (body, signer) = request_body(EventStreamSender::from(stream), Text, FailureMarshaller);
        let _ = signer.send::<Box<dyn aws_smithy_types::event_stream::SignMessage + Send + Sync>>(
            Box::new(EndsWithEmpty),
        );
        let bytes = body.collect().await.unwrap().to_bytes();
        let messages = messages(&bytes);
        assert_eq!(messages.len(), 3, "two events and the end message");
        assert!(messages[2].payload().is_empty());
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
