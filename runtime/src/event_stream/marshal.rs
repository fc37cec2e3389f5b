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
    let message = with_headers(
        Message::new(payload),
        [(":message-type", "event"), (":event-type", event_type)],
    );
    match content_type {
        Some(content_type) => with_headers(message, [(":content-type", content_type)]),
        None => message,
    }
}

/// A message of `:message-type` `exception` for the error member `exception_type`, its
/// payload the error structure as JSON.
pub fn exception(exception_type: &'static str, json: Vec<u8>) -> Message {
    with_headers(
        Message::new(json),
        [
            (":message-type", "exception"),
            (":exception-type", exception_type),
            (":content-type", "application/json"),
        ],
    )
}

/// The `initial-request` message an awsJson input stream opens with: the input's other
/// members as the JSON the protocol would send as a body, `:content-type` its media type.
pub fn initial_request(content_type: &'static str, json: Vec<u8>) -> Message {
    event("initial-request", Some(content_type), json)
}

/// `message` with string `headers` added, in order.
fn with_headers<const N: usize>(
    message: Message,
    headers: [(&'static str, &'static str); N],
) -> Message {
    headers.into_iter().fold(message, |message, (name, value)| {
        message.add_header(Header::new(name, HeaderValue::String(value.into())))
    })
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
        let initial = initial_request("application/x-amz-json-1.1", br#"{"a":1}"#.to_vec());
        assert_eq!(
            kind(&initial).unwrap(),
            MessageKind::Event("initial-request")
        );
        assert_eq!(
            string_header(&initial, ":content-type"),
            Some("application/x-amz-json-1.1")
        );
        assert_eq!(&initial.payload()[..], br#"{"a":1}"#);
        assert!(marshal_error("the `Unknown` variant")
            .to_string()
            .contains("`Unknown`"));
    }
}
