//! One whole `vnd.amazon.eventstream` message decoded without copying: the frame checks of
//! the receiver ([`frame_length`]) and the decoding of a message it has gathered ([`decode`]).
//!
//! Written here rather than calling aws-smithy-eventstream's `read_message_from` (which the
//! tests and the fuzz target still use as the reference): that reads through a buffer that
//! updates the CRC32 a few bytes at a time and copies every header name, header value and
//! the payload into allocations of their own, a tenth of the client's CPU time on the
//! Kinesis bench. The receiver already holds each message as one `Bytes`, so here the
//! checksum is one pass over it and names, values and payload are slices of it. The fuzz
//! target `event_stream_frames` checks that both decoders agree on every input.

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use aws_smithy_types::str_bytes::StrBytes;
use aws_smithy_types::DateTime;
use bytes::{Buf, Bytes};

/// The prelude: total length, headers length, and the CRC32 of those eight bytes.
pub(super) const PRELUDE_LEN: usize = 12;
/// The message CRC32 that ends every frame.
const MESSAGE_CRC_LEN: usize = 4;
/// The smallest message: a prelude and the message CRC32, nothing else.
const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + MESSAGE_CRC_LEN;
/// The largest message accepted: the spec's limits (24 MiB of payload, 128 KiB of headers)
/// with room to spare. Servers must keep within those; a client need not check them, but a
/// damaged length must not make it buffer gigabytes waiting for the rest of a "message".
pub const MAX_MESSAGE_LEN: usize = 32 << 20;

/// Header value types on the wire.
const TYPE_TRUE: u8 = 0;
const TYPE_FALSE: u8 = 1;
const TYPE_BYTE: u8 = 2;
const TYPE_INT16: u8 = 3;
const TYPE_INT32: u8 = 4;
const TYPE_INT64: u8 = 5;
const TYPE_BYTE_ARRAY: u8 = 6;
const TYPE_STRING: u8 = 7;
const TYPE_TIMESTAMP: u8 = 8;
const TYPE_UUID: u8 = 9;

/// The length of the message at the start of `bytes`, once its prelude is there and checked
/// (its CRC32 and lengths within bounds), so that a damaged prelude fails at once instead of
/// waiting for a message that never comes.
pub(super) fn frame_length(bytes: &[u8]) -> Result<Option<usize>, String> {
    let Some(mut prelude) = bytes.get(..PRELUDE_LEN) else {
        return Ok(None);
    };
    let total = prelude.get_u32() as usize;
    let headers = prelude.get_u32() as usize;
    let expected_crc = prelude.get_u32();
    let crc = crc32fast::hash(&bytes[..8]);
    if crc != expected_crc {
        return Err(format!(
            "an event stream message's prelude checksum does not match (CRC32 {crc:#010x}, prelude says {expected_crc:#010x})"
        ));
    }
    if total < MIN_MESSAGE_LEN || headers > total - MIN_MESSAGE_LEN {
        return Err(format!(
            "an event stream message's lengths do not add up (total {total} bytes, headers {headers} bytes)"
        ));
    }
    if total > MAX_MESSAGE_LEN {
        return Err(format!(
            "an event stream message of {total} bytes is larger than the {MAX_MESSAGE_LEN} bytes accepted"
        ));
    }
    Ok(Some(total))
}

/// Decodes `frame`, exactly one whole message: prelude, headers, payload and message CRC32.
pub(super) fn decode(frame: Bytes) -> Result<Message, String> {
    let total = match frame_length(&frame)? {
        Some(total) if total == frame.len() => total,
        _ => {
            return Err(format!(
                "an event stream frame of {} bytes is not one whole message",
                frame.len()
            ))
        }
    };
    let body_end = total - MESSAGE_CRC_LEN;
    let expected_crc = (&frame[body_end..]).get_u32();
    let crc = crc32fast::hash(&frame[..body_end]);
    if crc != expected_crc {
        return Err(format!(
            "the message checksum does not match (CRC32 {crc:#010x}, message says {expected_crc:#010x})"
        ));
    }
    let headers_end = PRELUDE_LEN + (&frame[4..8]).get_u32() as usize;
    let mut headers = Headers {
        frame: &frame,
        at: PRELUDE_LEN,
        end: headers_end,
    };
    let mut decoded = Vec::new();
    while headers.at < headers.end {
        decoded.push(headers.next()?);
    }
    Ok(Message::new_from_parts(
        decoded,
        frame.slice(headers_end..body_end),
    ))
}

/// The header section of a frame, read from `at` up to `end`.
struct Headers<'a> {
    frame: &'a Bytes,
    at: usize,
    end: usize,
}

impl Headers<'_> {
    fn next(&mut self) -> Result<Header, String> {
        let name_len = usize::from(self.take(1, "name length")?[0]);
        let name = self.string(name_len, "name")?;
        let value_type = self.take(1, "value type")?[0];
        let value = match value_type {
            TYPE_TRUE => HeaderValue::Bool(true),
            TYPE_FALSE => HeaderValue::Bool(false),
            TYPE_BYTE => HeaderValue::Byte(self.take(1, "byte")?.get_i8()),
            TYPE_INT16 => HeaderValue::Int16(self.take(2, "int16")?.get_i16()),
            TYPE_INT32 => HeaderValue::Int32(self.take(4, "int32")?.get_i32()),
            TYPE_INT64 => HeaderValue::Int64(self.take(8, "int64")?.get_i64()),
            TYPE_BYTE_ARRAY => {
                let len = usize::from(self.take(2, "byte array length")?.get_u16());
                HeaderValue::ByteArray(self.slice(len, "byte array")?)
            }
            TYPE_STRING => {
                let len = usize::from(self.take(2, "string length")?.get_u16());
                HeaderValue::String(self.string(len, "string")?)
            }
            TYPE_TIMESTAMP => {
                HeaderValue::Timestamp(DateTime::from_millis(self.take(8, "timestamp")?.get_i64()))
            }
            TYPE_UUID => HeaderValue::Uuid(self.take(16, "uuid")?.get_u128()),
            other => {
                return Err(format!(
                    "header `{}` has a value of unknown type {other}",
                    name.as_str()
                ))
            }
        };
        Ok(Header::new(name, value))
    }

    /// The next `len` bytes of the header section.
    fn take(&mut self, len: usize, what: &str) -> Result<&[u8], String> {
        let start = self.at;
        if self.end - start < len {
            return Err(format!(
                "a header's {what} runs past the end of the headers ({len} bytes at offset {start}, headers end at {})",
                self.end
            ));
        }
        self.at += len;
        Ok(&self.frame[start..self.at])
    }

    fn slice(&mut self, len: usize, what: &str) -> Result<Bytes, String> {
        let start = self.at;
        self.take(len, what)?;
        Ok(self.frame.slice(start..self.at))
    }

    fn string(&mut self, len: usize, what: &str) -> Result<StrBytes, String> {
        StrBytes::try_from(self.slice(len, what)?)
            .map_err(|_| format!("a header's {what} is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::{read_message_from, write_message_to};

    fn encode(message: &Message) -> Bytes {
        let mut bytes = Vec::new();
        write_message_to(message, &mut bytes).unwrap();
        Bytes::from(bytes)
    }

    #[test]
    fn every_header_type_decodes_as_the_aws_codec_does() {
        let message = Message::new(&b"payload"[..])
            .add_header(Header::new("yes", HeaderValue::Bool(true)))
            .add_header(Header::new("no", HeaderValue::Bool(false)))
            .add_header(Header::new("byte", HeaderValue::Byte(-3)))
            .add_header(Header::new("short", HeaderValue::Int16(-300)))
            .add_header(Header::new("int", HeaderValue::Int32(70_000)))
            .add_header(Header::new("long", HeaderValue::Int64(-1 << 40)))
            .add_header(Header::new(
                "bytes",
                HeaderValue::ByteArray(Bytes::from_static(b"\x00\xff")),
            ))
            .add_header(Header::new("text", HeaderValue::String("héllo".into())))
            .add_header(Header::new(
                "time",
                HeaderValue::Timestamp(DateTime::from_millis(1_700_000_000_123)),
            ))
            .add_header(Header::new("id", HeaderValue::Uuid(u128::MAX - 7)))
            .add_header(Header::new("", HeaderValue::String("".into())));
        let frame = encode(&message);
        let ours = decode(frame.clone()).unwrap();
        assert_eq!(ours, message);
        assert_eq!(ours, read_message_from(frame).unwrap());

        let empty = Message::new(Bytes::new());
        assert_eq!(decode(encode(&empty)).unwrap(), empty);
    }

    #[test]
    fn damaged_frames_are_refused_naming_the_problem() {
        let message = Message::new(&b"{}"[..])
            .add_header(Header::new(":event-type", HeaderValue::String("A".into())));
        let frame = encode(&message).to_vec();

        let mut bad_crc = frame.clone();
        *bad_crc.last_mut().unwrap() ^= 1;
        let error = decode(Bytes::from(bad_crc)).unwrap_err();
        assert!(error.contains("message checksum does not match"), "{error}");

        let error = decode(Bytes::from(frame[..frame.len() - 1].to_vec())).unwrap_err();
        assert!(error.contains("not one whole message"), "{error}");

        // A string header whose length runs past the header section (and the checksums
        // recomputed, so only the header is wrong).
        let mut long_name = frame.clone();
        let at = PRELUDE_LEN + 1 + ":event-type".len() + 1;
        long_name[at..at + 2].copy_from_slice(&200u16.to_be_bytes());
        let error = decode(Bytes::from(rechecksum(long_name))).unwrap_err();
        assert!(
            error.contains("runs past the end of the headers"),
            "{error}"
        );

        let mut unknown_type = frame.clone();
        unknown_type[PRELUDE_LEN + 1 + ":event-type".len()] = 42;
        let error = decode(Bytes::from(rechecksum(unknown_type))).unwrap_err();
        assert!(error.contains("unknown type 42"), "{error}");

        let mut not_utf8 = frame;
        not_utf8[PRELUDE_LEN + 1] = 0xff;
        let error = decode(Bytes::from(rechecksum(not_utf8))).unwrap_err();
        assert!(error.contains("name is not UTF-8"), "{error}");
    }

    /// `frame` with its message CRC32 recomputed.
    fn rechecksum(mut frame: Vec<u8>) -> Vec<u8> {
        let end = frame.len() - MESSAGE_CRC_LEN;
        let crc = crc32fast::hash(&frame[..end]);
        frame[end..].copy_from_slice(&crc.to_be_bytes());
        frame
    }
}
