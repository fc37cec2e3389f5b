//! awsJson event streams with other members, against a local server: the input's other
//! members go first as a signed `initial-request` message, and the output's others are read
//! from the `initial-response` message before `send` returns, whatever comes after.

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use chat_client::error::{ProvideErrorMetadata, SdkError};
use chat_client::operation::watch_chat::WatchChatError;
use chat_client::primitives::event_stream::EventStreamSender;
use chat_client::primitives::DateTime;
use chat_client::types::error::{ChatEventsError, OutboundMessagesError};
use chat_client::types::{ChatEvents, OutboundMessages, TextMessage, TypingEvent};
use chat_e2e::{client, client_with_read_timeout, credentials};
use smithy_runtime::test_util::{
    verify_event_stream_signatures, verify_sigv4, LoopbackServer, Reply,
};
use std::time::Duration;

fn string_header<'a>(message: &'a Message, name: &str) -> Option<&'a str> {
    message
        .headers()
        .iter()
        .find(|header| header.name().as_str() == name)
        .and_then(|header| header.value().as_string().ok())
        .map(|value| value.as_str())
}

fn frame(headers: &[(&'static str, &'static str)], payload: &[u8]) -> Vec<u8> {
    let mut message = Message::new(payload.to_vec());
    for (name, value) in headers {
        message = message.add_header(Header::new(*name, HeaderValue::String((*value).into())));
    }
    let mut bytes = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut bytes).unwrap();
    bytes
}

fn event(event_type: &'static str, payload: &[u8]) -> Vec<u8> {
    frame(
        &[
            (":message-type", "event"),
            (":event-type", event_type),
            (":content-type", "application/json"),
        ],
        payload,
    )
}

fn stream_reply(body: Vec<u8>) -> Reply {
    Reply::new(200, body)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amzn-requestid", "chat-request-1")
}

#[tokio::test]
async fn the_input_members_go_first_in_a_signed_initial_request() {
    let server =
        LoopbackServer::sequence(vec![Reply::new(200, r#"{"Accepted":2}"#)
            .header("content-type", "application/x-amz-json-1.1")])
        .await;
    let messages: Vec<Result<OutboundMessages, OutboundMessagesError>> = vec![
        Ok(OutboundMessages::Text(
            TextMessage::builder().text("hello").build(),
        )),
        Ok(OutboundMessages::Typing(
            TypingEvent::builder().who("ann").build(),
        )),
    ];
    let output = client(&server.url())
        .send_messages()
        .chat_id("c1")
        .language("en")
        .messages(EventStreamSender::from(futures_util::stream::iter(
            messages,
        )))
        .send()
        .await
        .expect("the server accepts the messages");
    assert_eq!(output.accepted(), Some(2));

    let request = &server.received()[0];
    assert_eq!(request.header("x-amz-target"), Some("Chat.SendMessages"));
    assert_eq!(
        request.header("content-type"),
        Some("application/vnd.amazon.eventstream")
    );
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some("STREAMING-AWS4-HMAC-SHA256-EVENTS")
    );
    verify_sigv4(
        request,
        server.addr(),
        "eu-central-1",
        "chat",
        &credentials(),
    );
    let sent = verify_event_stream_signatures(request, "eu-central-1", "chat", &credentials());
    assert_eq!(
        sent.len(),
        3,
        "the initial request and two events: {sent:?}"
    );
    assert_eq!(
        string_header(&sent[0], ":event-type"),
        Some("initial-request")
    );
    assert_eq!(
        string_header(&sent[0], ":content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(
        std::str::from_utf8(sent[0].payload()).unwrap(),
        r#"{"ChatId":"c1","Language":"en"}"#
    );
    assert_eq!(string_header(&sent[1], ":event-type"), Some("Text"));
    assert_eq!(&sent[1].payload()[..], b"hello");
    assert_eq!(string_header(&sent[2], ":event-type"), Some("Typing"));
    assert_eq!(string_header(&sent[2], "Who"), Some("ann"));
}

#[tokio::test]
async fn the_output_members_are_there_before_the_first_event() {
    let mut body = event(
        "initial-response",
        br#"{"ChatId":"c1","StartedAt":1700000000,"Participants":["ann","bob"]}"#,
    );
    body.extend(event("Reply", br#"{"Author":"bob","Text":"hi"}"#));
    body.extend(frame(
        &[
            (":message-type", "exception"),
            (":exception-type", "Throttled"),
            (":content-type", "application/json"),
        ],
        br#"{"Message":"slow down"}"#,
    ));
    let server = LoopbackServer::sequence(vec![stream_reply(body)]).await;
    let mut output = client(&server.url())
        .watch_chat()
        .chat_id("c1")
        .send()
        .await
        .expect("the initial response parses");
    assert_eq!(output.chat_id(), "c1");
    assert_eq!(
        output.started_at(),
        Some(&DateTime::from_secs(1_700_000_000))
    );
    assert_eq!(output.participants(), ["ann", "bob"]);
    assert_eq!(
        chat_client::operation::RequestId::request_id(&output),
        Some("chat-request-1")
    );
    match output.replies.recv().await.expect("the reply decodes") {
        Some(ChatEvents::Reply(reply)) => {
            assert_eq!(reply.author(), Some("bob"));
            assert_eq!(reply.text(), Some("hi"));
        }
        other => panic!("expected the reply, got {other:?}"),
    }
    let error = output.replies.recv().await.unwrap_err();
    match error.into_service_error() {
        ChatEventsError::Throttled(throttled) => {
            assert_eq!(throttled.message(), Some("slow down"))
        }
        other => panic!("expected Throttled, got {other:?}"),
    }
    assert!(output.replies.recv().await.unwrap().is_none());

    let request = &server.received()[0];
    assert_eq!(request.header("x-amz-target"), Some("Chat.WatchChat"));
    assert_eq!(request.body().as_ref(), br#"{"ChatId":"c1"}"#);
    verify_sigv4(
        request,
        server.addr(),
        "eu-central-1",
        "chat",
        &credentials(),
    );
}

#[tokio::test]
async fn a_stream_without_an_initial_response_keeps_its_first_event() {
    let body = event("Reply", br#"{"Author":"ann","Text":"first"}"#);
    let server = LoopbackServer::sequence(vec![stream_reply(body)]).await;
    let mut output = client(&server.url())
        .watch_chat()
        .chat_id("c1")
        .send()
        .await
        .expect("a missing initial response is no error");
    // The required member the message would have carried is corrected to its zero value.
    assert_eq!(output.chat_id(), "");
    assert!(output.participants().is_empty());
    match output.replies.recv().await.unwrap() {
        Some(ChatEvents::Reply(reply)) => assert_eq!(reply.text(), Some("first")),
        other => panic!("expected the first reply, got {other:?}"),
    }
    assert!(output.replies.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_bad_initial_response_or_a_cut_stream_is_a_response_error() {
    let mut cut = event("initial-response", br#"{"ChatId":"c1"}"#);
    cut.truncate(cut.len() - 3);
    let server = LoopbackServer::sequence(vec![
        stream_reply(event("initial-response", b"not json")),
        stream_reply(cut),
    ])
    .await;
    let client = client(&server.url());
    for what in ["a payload that is not JSON", "a message cut short"] {
        let error = client.watch_chat().chat_id("c1").send().await.unwrap_err();
        assert!(
            matches!(error, SdkError::ResponseError(_)),
            "{what}: {error:?}"
        );
        let raw = error.raw_response().expect("the response head is kept");
        assert_eq!(raw.status().as_u16(), 200, "{what}");
    }
}

#[tokio::test]
async fn a_server_that_sends_no_initial_response_is_a_timeout_not_a_hang() {
    let initial = event("initial-response", br#"{"ChatId":"c1"}"#);
    // The head, then nothing while the connection stays open.
    let server = LoopbackServer::sequence(vec![Reply::repeated(200, initial, 1)
        .stall_after(0)
        .header("content-type", "application/vnd.amazon.eventstream")])
    .await;
    let started = std::time::Instant::now();
    let error = client_with_read_timeout(&server.url(), Some(Duration::from_millis(300)))
        .watch_chat()
        .chat_id("c1")
        .send()
        .await
        .unwrap_err();
    match error {
        SdkError::DispatchFailure(failure) => assert!(failure.is_timeout(), "{failure:?}"),
        other => panic!("expected a read timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn an_error_response_is_the_modeled_error() {
    let server = LoopbackServer::sequence(vec![Reply::new(
        404,
        r#"{"__type":"ChatNotFound","Message":"no chat c9"}"#,
    )
    .header("content-type", "application/x-amz-json-1.1")])
    .await;
    let error = client(&server.url())
        .watch_chat()
        .chat_id("c9")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, WatchChatError::ChatNotFound(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("no chat c9"));
}
