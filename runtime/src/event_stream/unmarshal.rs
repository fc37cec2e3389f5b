//! What the unmarshallers of generated crates call: the kind of a message, its headers as
//! Smithy values, and the metadata of an unmodeled error.

use super::{Message, UnmarshalError};
use crate::error::ErrorMetadata;
use aws_smithy_types::event_stream::HeaderValue;

pub use aws_smithy_eventstream::smithy::{
    expect_bool, expect_byte, expect_byte_array, expect_int16, expect_int32, expect_int64,
    expect_string, expect_timestamp,
};

/// What a message is, from its `:message-type` and the header that goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind<'a> {
    /// `event`: the union member named by `:event-type`.
    Event(&'a str),
    /// `exception`: the error member named by `:exception-type`.
    Exception(&'a str),
    /// `error`: an unmodeled error, with `:error-code` and `:error-message`.
    Error {
        /// `:error-code`.
        code: Option<&'a str>,
        /// `:error-message`.
        message: Option<&'a str>,
    },
}

/// The string value of header `name`, if the message has it as a string.
pub fn string_header<'a>(message: &'a Message, name: &str) -> Option<&'a str> {
    message
        .headers()
        .iter()
        .find(|header| header.name().as_str() == name)
        .and_then(|header| match header.value() {
            HeaderValue::String(value) => Some(value.as_str()),
            _ => None,
        })
}

/// The header `name`, if the message has it.
pub fn header<'a>(
    message: &'a Message,
    name: &str,
) -> Option<&'a aws_smithy_types::event_stream::Header> {
    message
        .headers()
        .iter()
        .find(|header| header.name().as_str() == name)
}

fn unmarshalling(message: String) -> UnmarshalError {
    UnmarshalError::unmarshalling(message)
}

/// Classifies `message`; a message without the headers its type needs is an error.
pub fn kind(message: &Message) -> Result<MessageKind<'_>, UnmarshalError> {
    let required = |name: &str| {
        string_header(message, name).ok_or_else(|| {
            unmarshalling(format!(
                "an event stream message has no string header `{name}`"
            ))
        })
    };
    match required(":message-type")? {
        "event" => Ok(MessageKind::Event(required(":event-type")?)),
        "exception" => Ok(MessageKind::Exception(required(":exception-type")?)),
        "error" => Ok(MessageKind::Error {
            code: string_header(message, ":error-code"),
            message: string_header(message, ":error-message"),
        }),
        other => Err(unmarshalling(format!(
            "an event stream message has an unknown `:message-type` `{other}`"
        ))),
    }
}

/// The metadata of an unmodeled error message (`:message-type: error`), or of an exception or
/// event the crate does not know: the code, and the message when there is one.
pub fn error_metadata(code: Option<&str>, message: Option<&str>) -> ErrorMetadata {
    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code {
        builder = builder.code(code);
    }
    if let Some(message) = message {
        builder = builder.message(message);
    }
    builder.build()
}

/// The metadata of a modeled exception message (`:message-type: exception`): `code` (the
/// error's name) and the `message` (or `Message`) of its JSON payload, as an error response's.
pub fn exception_metadata(code: &str, payload: &[u8]) -> ErrorMetadata {
    crate::protocol::aws_json::parse_error_metadata(200, &http::HeaderMap::new(), payload)
        .code(code)
        .build()
}

/// The error for a message whose payload does not parse as the event it says it is.
pub fn payload_error(event: &str, cause: impl std::fmt::Display) -> UnmarshalError {
    unmarshalling(format!(
        "the payload of event stream message `{event}` does not parse: {cause}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::event_stream::Header;

    fn message(headers: &[(&'static str, &'static str)]) -> Message {
        let mut message = Message::new(&b"{}"[..]);
        for (name, value) in headers {
            message = message.add_header(Header::new(*name, HeaderValue::String((*value).into())));
        }
        message
    }

    #[test]
    fn each_message_type_is_classified_by_its_own_header() {
        let event = message(&[(":message-type", "event"), (":event-type", "Records")]);
        assert_eq!(kind(&event).unwrap(), MessageKind::Event("Records"));
        let exception = message(&[
            (":message-type", "exception"),
            (":exception-type", "ResourceNotFoundException"),
        ]);
        assert_eq!(
            kind(&exception).unwrap(),
            MessageKind::Exception("ResourceNotFoundException")
        );
        let error = message(&[
            (":message-type", "error"),
            (":error-code", "InternalFailure"),
            (":error-message", "try again"),
        ]);
        assert_eq!(
            kind(&error).unwrap(),
            MessageKind::Error {
                code: Some("InternalFailure"),
                message: Some("try again")
            }
        );
        let meta = error_metadata(Some("InternalFailure"), Some("try again"));
        assert_eq!(meta.code(), Some("InternalFailure"));
        assert_eq!(meta.message(), Some("try again"));
        let meta = exception_metadata(
            "ThrottlingException",
            br#"{"__type":"Other","Message":"slow down"}"#,
        );
        assert_eq!(meta.code(), Some("ThrottlingException"));
        assert_eq!(meta.message(), Some("slow down"));
    }

    #[test]
    fn missing_or_unknown_types_are_errors_naming_the_header() {
        let untyped = message(&[(":event-type", "Records")]);
        assert!(kind(&untyped)
            .unwrap_err()
            .to_string()
            .contains("`:message-type`"));
        let no_event = message(&[(":message-type", "event")]);
        assert!(kind(&no_event)
            .unwrap_err()
            .to_string()
            .contains("`:event-type`"));
        let odd = message(&[(":message-type", "gossip")]);
        assert!(kind(&odd).unwrap_err().to_string().contains("`gossip`"));
    }
}
