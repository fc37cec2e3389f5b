//! Transcribe Streaming's `StartStreamTranscription` through the generated client: audio events
//! sent over HTTP/2 while transcripts come back on the same request (a duplex stream), against
//! a local HTTP/2 server that checks the request's SigV4 signature and each message's as it
//! arrives, and answers each audio chunk before the next is sent. A modeled exception in the
//! middle of the stream is a typed error.

use aws_sdk_transcribestreaming::primitives::event_stream::EventStreamSender;
use aws_sdk_transcribestreaming::primitives::Blob;
use aws_sdk_transcribestreaming::types::error::{AudioStreamError, TranscriptResultStreamError};
use aws_sdk_transcribestreaming::types::{
    AudioEvent, AudioStream, LanguageCode, MediaEncoding, TranscriptResultStream,
};
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::{Buf, Bytes, BytesMut};
use http_body_util::{BodyExt, StreamBody};
use smithy_runtime::test_util::{check_sigv4_parts, EventSignatureChecker};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

const REGION: &str = "us-west-2";

fn credentials() -> aws_sdk_transcribestreaming::config::Credentials {
    aws_sdk_transcribestreaming::config::Credentials::new(
        "AKIDTRANSCRIBE",
        "transcribe/secret",
        None,
        None,
        "e2e",
    )
}

fn encode(message: Message) -> Bytes {
    let mut bytes = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut bytes).unwrap();
    Bytes::from(bytes)
}

fn transcript(text: &str) -> Bytes {
    let payload = format!(
        r#"{{"Transcript":{{"Results":[{{"ResultId":"r","IsPartial":false,"Alternatives":[{{"Transcript":"{text}"}}]}}]}}}}"#
    );
    encode(
        Message::new(payload)
            .add_header(Header::new(
                ":message-type",
                HeaderValue::String("event".into()),
            ))
            .add_header(Header::new(
                ":event-type",
                HeaderValue::String("TranscriptEvent".into()),
            ))
            .add_header(Header::new(
                ":content-type",
                HeaderValue::String("application/json".into()),
            )),
    )
}

fn exception(kind: &'static str, message: &str) -> Bytes {
    encode(
        Message::new(format!(r#"{{"Message":"{message}"}}"#))
            .add_header(Header::new(
                ":message-type",
                HeaderValue::String("exception".into()),
            ))
            .add_header(Header::new(
                ":exception-type",
                HeaderValue::String(kind.into()),
            ))
            .add_header(Header::new(
                ":content-type",
                HeaderValue::String("application/json".into()),
            )),
    )
}

/// What the server saw: the problems found (none when all is well) and the audio received.
#[derive(Default, Debug)]
struct Seen {
    problems: Vec<String>,
    audio: Vec<Vec<u8>>,
    http2: bool,
    path: String,
    language: Option<String>,
    ended: bool,
}

/// An HTTP/2 server (prior knowledge) that answers at once and then, for each audio event it
/// receives (its signature checked), sends a transcript naming it, or, with `fail_after`, an
/// exception after that many.
async fn start_server(fail_after: Option<usize>) -> (SocketAddr, Arc<Mutex<Seen>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let state = seen.clone();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let service =
            hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                let seen = state.clone();
                async move {
                    let (parts, mut body) = request.into_parts();
                    {
                        let mut seen = seen.lock().unwrap();
                        seen.http2 = parts.version == http::Version::HTTP_2;
                        seen.path = parts.uri.path().to_owned();
                        seen.language = parts
                            .headers
                            .get("x-amzn-transcribe-language-code")
                            .map(|v| v.to_str().unwrap().to_owned());
                        if let Err(problem) = check_sigv4_parts(
                            &parts.method,
                            parts.uri.path(),
                            &parts.headers,
                            b"",
                            addr,
                            REGION,
                            "transcribe",
                            &credentials(),
                        ) {
                            seen.problems.push(format!("request: {problem}"));
                        }
                    }
                    let authorization = parts
                        .headers
                        .get("authorization")
                        .map(|v| v.to_str().unwrap().to_owned())
                        .unwrap_or_default();
                    let (frames, receiver) = mpsc::channel::<
                        Result<hyper::body::Frame<Bytes>, std::convert::Infallible>,
                    >(8);
                    tokio::spawn(async move {
                        let mut checker = match EventSignatureChecker::new(
                            &authorization,
                            REGION,
                            "transcribe",
                            &credentials(),
                        ) {
                            Ok(checker) => checker,
                            Err(problem) => {
                                seen.lock().unwrap().problems.push(problem);
                                return;
                            }
                        };
                        let mut buffer = BytesMut::new();
                        let mut answered = 0;
                        while let Some(frame) = body.frame().await {
                            let Ok(data) = frame.expect("the request body arrives").into_data()
                            else {
                                continue;
                            };
                            buffer.extend_from_slice(&data);
                            // Every complete message in the buffer, as it arrives.
                            while buffer.len() >= 4 {
                                let length = (&buffer[..4]).get_u32() as usize;
                                if buffer.len() < length {
                                    break;
                                }
                                let outer = aws_smithy_eventstream::frame::read_message_from(
                                    buffer.split_to(length).freeze(),
                                )
                                .unwrap();
                                let inner = match checker.check(&outer) {
                                    Ok(inner) => inner,
                                    Err(problem) => {
                                        seen.lock().unwrap().problems.push(problem);
                                        return;
                                    }
                                };
                                let Some(inner) = inner else {
                                    seen.lock().unwrap().ended = true;
                                    continue;
                                };
                                seen.lock().unwrap().audio.push(inner.payload().to_vec());
                                answered += 1;
                                let reply = if fail_after == Some(answered) {
                                    exception("BadRequestException", "the audio is not PCM")
                                } else {
                                    transcript(&format!("heard chunk {answered}"))
                                };
                                if frames
                                    .send(Ok(hyper::body::Frame::data(reply)))
                                    .await
                                    .is_err()
                                {
                                    return;
                                }
                            }
                        }
                    });
                    let body = StreamBody::new(tokio_stream_of(receiver));
                    let response = http::Response::builder()
                        .status(200)
                        .header("content-type", "application/vnd.amazon.eventstream")
                        .header("x-amzn-request-id", "transcribe-request")
                        .header("x-amzn-transcribe-session-id", "session-1")
                        .body(body)
                        .unwrap();
                    Ok::<_, std::convert::Infallible>(response)
                }
            });
        let _ = hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
            .await;
    });
    (addr, seen)
}

/// The receiving half of a channel as a `Stream`.
fn tokio_stream_of<T: Send + 'static>(
    receiver: mpsc::Receiver<T>,
) -> impl futures_util::Stream<Item = T> + Send {
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    })
}

fn client(addr: SocketAddr) -> aws_sdk_transcribestreaming::Client {
    let config = aws_sdk_transcribestreaming::Config::builder()
        .behavior_version(aws_sdk_transcribestreaming::config::BehaviorVersion::latest())
        .region(aws_sdk_transcribestreaming::config::Region::new(REGION))
        .credentials_provider(credentials())
        .endpoint_url(format!("http://{addr}"))
        .build();
    aws_sdk_transcribestreaming::Client::from_conf(config)
}

fn audio(chunk: &[u8]) -> Result<AudioStream, AudioStreamError> {
    Ok(AudioStream::AudioEvent(
        AudioEvent::builder().audio_chunk(Blob::new(chunk)).build(),
    ))
}

fn text_of(event: TranscriptResultStream) -> String {
    let TranscriptResultStream::TranscriptEvent(event) = event else {
        panic!("expected a transcript, got {event:?}");
    };
    event.transcript().unwrap().results()[0].alternatives()[0]
        .transcript()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn audio_goes_out_while_transcripts_come_back_each_message_signed_over_http2() {
    let (addr, seen) = start_server(None).await;
    let (audio_sender, audio_receiver) = mpsc::channel(4);
    let mut output = client(addr)
        .start_stream_transcription()
        .language_code(LanguageCode::EnUs)
        .media_sample_rate_hertz(16_000)
        .media_encoding(MediaEncoding::Pcm)
        .audio_stream(EventStreamSender::from(tokio_stream_of(audio_receiver)))
        .send()
        .await
        .expect("the response head arrives while the audio is still to be sent");
    assert_eq!(output.session_id(), Some("session-1"));
    // Each transcript arrives before the next chunk is even produced: the stream is duplex.
    for n in 1..=3 {
        audio_sender
            .send(audio(format!("pcm chunk {n}").as_bytes()))
            .await
            .unwrap();
        let event = output
            .transcript_result_stream
            .recv()
            .await
            .expect("the transcript decodes")
            .expect("a transcript per chunk");
        assert_eq!(text_of(event), format!("heard chunk {n}"));
    }
    drop(audio_sender);
    assert!(
        output
            .transcript_result_stream
            .recv()
            .await
            .unwrap()
            .is_none(),
        "the server ends its stream once the audio has ended"
    );
    let seen = seen.lock().unwrap();
    assert!(seen.problems.is_empty(), "{:?}", seen.problems);
    assert!(seen.http2, "the duplex stream goes over HTTP/2");
    assert_eq!(seen.path, "/stream-transcription");
    assert_eq!(seen.language.as_deref(), Some("en-US"));
    assert_eq!(
        seen.audio,
        [&b"pcm chunk 1"[..], b"pcm chunk 2", b"pcm chunk 3"]
    );
    assert!(seen.ended, "the audio ends with the signed empty message");
}

#[tokio::test]
async fn a_modeled_exception_mid_stream_is_a_typed_error() {
    let (addr, seen) = start_server(Some(2)).await;
    let chunks = vec![audio(b"one"), audio(b"two")];
    let mut output = client(addr)
        .start_stream_transcription()
        .language_code(LanguageCode::EnUs)
        .media_sample_rate_hertz(8_000)
        .media_encoding(MediaEncoding::Pcm)
        .audio_stream(EventStreamSender::from(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    let first = output
        .transcript_result_stream
        .recv()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(text_of(first), "heard chunk 1");
    let error = output.transcript_result_stream.recv().await.unwrap_err();
    let TranscriptResultStreamError::BadRequestException(error) = error.into_service_error() else {
        panic!("expected BadRequestException");
    };
    assert_eq!(error.message(), Some("the audio is not PCM"));
    assert!(output
        .transcript_result_stream
        .recv()
        .await
        .unwrap()
        .is_none());
    assert!(seen.lock().unwrap().problems.is_empty());
}
