//! The event-stream receiver (`smithy_runtime::event_stream::EventReceiver`): splitting a body
//! into `vnd.amazon.eventstream` messages, the prelude checks, decoding, and the message kinds
//! of `event_stream::unmarshal`.
//!
//! Input layout: byte 0 = the chunk size the body arrives in (1 to 256 bytes); the rest is
//! the body.
//!
//! Invariants: no panic and no hang; the receiver yields exactly the messages, and fails
//! exactly where, aws-smithy-eventstream's decoder (the reference) does on the same body, and
//! every message re-encodes to a frame that decodes to the same message; after an error the
//! receiver only returns `Ok(None)`.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use smithy_runtime::event_stream::unmarshal::{self, MessageKind};
use smithy_runtime::event_stream::{
    EventReceiver, Message, UnmarshalError, UnmarshallMessage, UnmarshalledMessage,
};
use std::collections::VecDeque;

/// Events are the message itself; exceptions and errors become `Err` values.
#[derive(Debug)]
struct Messages;

#[derive(Debug)]
struct StreamError;

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stream error")
    }
}

impl std::error::Error for StreamError {}

impl UnmarshallMessage for Messages {
    type Output = Message;
    type Error = StreamError;

    fn unmarshall(
        &self,
        message: &Message,
    ) -> Result<UnmarshalledMessage<Message, StreamError>, UnmarshalError> {
        let mut encoded = Vec::new();
        aws_smithy_eventstream::frame::write_message_to(message, &mut encoded)
            .expect("a decoded message encodes");
        let decoded = aws_smithy_eventstream::frame::read_message_from(Bytes::from(encoded))
            .expect("an encoded message decodes");
        assert_eq!(&decoded, message);
        Ok(match unmarshal::kind(message) {
            Ok(MessageKind::Event(_)) | Err(_) => UnmarshalledMessage::Event(message.clone()),
            Ok(MessageKind::Exception(_) | MessageKind::Error { .. }) => {
                UnmarshalledMessage::Error(StreamError)
            }
        })
    }
}

struct Chunks(VecDeque<Bytes>);

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        std::task::Poll::Ready(
            self.0
                .pop_front()
                .map(|chunk| Ok(http_body::Frame::data(chunk))),
        )
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, body)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(chunk) + 1;
    let chunks: VecDeque<Bytes> = body.chunks(chunk).map(Bytes::copy_from_slice).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let expected = reference(body);
    runtime.block_on(async {
        let mut receiver = EventReceiver::new(
            Messages,
            aws_smithy_types::body::SdkBody::from_body_1_x(Chunks(chunks)),
        );
        for step in expected {
            match (step, receiver.recv().await) {
                (Expected::Event(expected), Ok(Some(got))) => assert_eq!(got, expected),
                (Expected::End, Ok(None)) => return,
                (Expected::Failure, Err(_)) => {
                    assert!(matches!(receiver.recv().await, Ok(None)));
                    return;
                }
                (expected, got) => panic!("expected {expected:?}, the receiver gave {got:?}"),
            }
        }
        unreachable!("the reference ends with End or Failure");
    });
});

/// What the receiver must yield, in order: the body split into frames by their preludes and
/// each decoded by aws-smithy-eventstream's decoder (the AWS SDK's), which the receiver's own
/// zero-copy decoder must agree with. Bodies here are far below the receiver's size limit.
#[derive(Debug)]
enum Expected {
    Event(Message),
    /// A modeled exception, an unmodeled error, or bytes that are not a message.
    Failure,
    End,
}

fn reference(mut body: &[u8]) -> Vec<Expected> {
    let mut steps = Vec::new();
    loop {
        if body.is_empty() {
            steps.push(Expected::End);
            return steps;
        }
        let total = match body.get(..4) {
            Some(prelude) => u32::from_be_bytes(prelude.try_into().unwrap()) as usize,
            None => 0,
        };
        if body.len() < 16 || total < 16 || body.len() < total {
            steps.push(Expected::Failure);
            return steps;
        }
        let (frame, rest) = body.split_at(total);
        body = rest;
        match aws_smithy_eventstream::frame::read_message_from(Bytes::copy_from_slice(frame)) {
            Ok(message) => match unmarshal::kind(&message) {
                Ok(MessageKind::Exception(_) | MessageKind::Error { .. }) => {
                    steps.push(Expected::Failure);
                    return steps;
                }
                Ok(MessageKind::Event(_)) | Err(_) => steps.push(Expected::Event(message)),
            },
            Err(_) => {
                steps.push(Expected::Failure);
                return steps;
            }
        }
    }
}
