//! What the marshallers of generated crates call: the messages of events and modeled errors,
//! to which they add the event's `@eventHeader` members.

use super::{Message, UnmarshalError};
use aws_smithy_types::event_stream::{Header, HeaderValue};

/// A message of `:message-type` `event` for union member `event_type`, with `payload`
/// (`:content-type` when there is one); the event's `@eventHeader` members are added to it.
pub fn event(
    event_type: &'static str,
    content_type: Option<&'static str>,
    payload: Vec<u8>,
) -> Message {
    let mut message = Message::new(payload)
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("event".into()),
        ))
        .add_header(Header::new(
            ":event-type",
            HeaderValue::String(event_type.into()),
        ));
    if let Some(content_type) = content_type {
        message = message.add_header(Header::new(
            ":content-type",
            HeaderValue::String(content_type.into()),
        ));
    }
    message
}

/// A message of `:message-type` `exception` for the error member `exception_type`, its
/// payload the error structure as JSON.
pub fn exception(exception_type: &'static str, json: Vec<u8>) -> Message {
    Message::new(json)
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("exception".into()),
        ))
        .add_header(Header::new(
            ":exception-type",
            HeaderValue::String(exception_type.into()),
        ))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String("application/json".into()),
        ))
}

/// The error a marshaller returns for a value it cannot send: the stream's `Unknown` variant,
/// an unmodeled error, or a payload that does not serialize.
pub fn marshal_error(what: impl std::fmt::Display) -> UnmarshalError {
    UnmarshalError::marshalling(format!("an event stream message cannot be sent: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_stream::unmarshal::{kind, string_header, MessageKind};

    #[test]
    fn events_and_exceptions_carry_their_type_headers() {
        let message = event("structurePayload", Some("application/json"), b"{}".to_vec());
        assert_eq!(
            kind(&message).unwrap(),
            MessageKind::Event("structurePayload")
        );
        assert_eq!(
            string_header(&message, ":content-type"),
            Some("application/json")
        );
        let bare = event("headers", None, Vec::new());
        assert_eq!(string_header(&bare, ":content-type"), None);
        assert!(bare.payload().is_empty());
        let error = exception("error", br#"{"message":"foo"}"#.to_vec());
        assert_eq!(kind(&error).unwrap(), MessageKind::Exception("error"));
        assert_eq!(
            string_header(&error, ":content-type"),
            Some("application/json")
        );
        assert!(marshal_error("the `Unknown` variant")
            .to_string()
            .contains("`Unknown`"));
    }
}
