//! Standard base64 (RFC 4648 §4, alphabet `A-Z a-z 0-9 + /`) for `blob` values.
//!
//! [`encode`] always pads its output with `=` to a multiple of four characters.
//! [`decode`] accepts padded input and input whose trailing padding was left out, and
//! rejects everything else: characters outside the alphabet (including whitespace and the
//! URL-safe `-` and `_`), padding anywhere but at the very end, the wrong amount of
//! padding, a final group of a single character, and final groups whose unused low bits
//! are not zero (so every accepted string is the canonical encoding of its bytes).
//!
//! ```
//! use smithy_runtime::json::base64;
//!
//! assert_eq!(base64::encode(b"foo"), "Zm9v");
//! assert_eq!(base64::encode(b"fo"), "Zm8=");
//! assert_eq!(base64::decode("Zm8=")?, b"fo");
//! assert_eq!(base64::decode("Zm8")?, b"fo");
//! assert!(base64::decode("Zm8*").is_err());
//! # Ok::<(), base64::DecodeError>(())
//! ```

use std::error::Error;
use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Marks bytes that are not part of the alphabet in [`DECODE_TABLE`].
const INVALID: u8 = 0xff;

/// Maps an input byte to its six-bit value, or [`INVALID`].
const DECODE_TABLE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut index = 0;
    while index < ALPHABET.len() {
        table[ALPHABET[index] as usize] = index as u8;
        index += 1;
    }
    table
};

/// Returns the length of the padded base64 encoding of `len` bytes.
///
/// Saturates instead of overflowing for absurd lengths.
pub fn encoded_len(len: usize) -> usize {
    len.div_ceil(3).saturating_mul(4)
}

/// Encodes `bytes` as padded standard base64.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    let bytes = bytes.as_ref();
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    encode_into(bytes, &mut out);
    out
}

/// Appends the padded standard base64 encoding of `bytes` to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    out.reserve(encoded_len(bytes.len()));
    let symbol = |sextet: u32| char::from(ALPHABET[(sextet & 0x3f) as usize]);
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        let group = u32::from(chunk[0]) << 16 | u32::from(chunk[1]) << 8 | u32::from(chunk[2]);
        out.push(symbol(group >> 18));
        out.push(symbol(group >> 12));
        out.push(symbol(group >> 6));
        out.push(symbol(group));
    }
    match *chunks.remainder() {
        [a] => {
            let group = u32::from(a) << 16;
            out.push(symbol(group >> 18));
            out.push(symbol(group >> 12));
            out.push_str("==");
        }
        [a, b] => {
            let group = u32::from(a) << 16 | u32::from(b) << 8;
            out.push(symbol(group >> 18));
            out.push(symbol(group >> 12));
            out.push(symbol(group >> 6));
            out.push('=');
        }
        _ => {}
    }
}

/// Decodes standard base64, with or without trailing padding.
///
/// See the [module documentation](self) for exactly what is accepted.
pub fn decode(input: impl AsRef<[u8]>) -> Result<Vec<u8>, DecodeError> {
    let input = input.as_ref();
    // Split off the padding; at most two `=` may end the input.
    let data_len = input
        .iter()
        .rposition(|&byte| byte != b'=')
        .map_or(0, |index| index + 1);
    let padding = input.len() - data_len;
    if padding > 2 {
        return Err(DecodeError::new(data_len, DecodeErrorKind::InvalidPadding));
    }
    let data = &input[..data_len];
    // Report a stray character before any length or padding problem it may cause.
    if let Some(index) = data
        .iter()
        .position(|&byte| DECODE_TABLE[usize::from(byte)] == INVALID)
    {
        return Err(DecodeError::new(
            index,
            DecodeErrorKind::InvalidByte(data[index]),
        ));
    }
    let tail_len = data.len() % 4;
    if tail_len == 1 {
        return Err(DecodeError::new(
            data.len() - 1,
            DecodeErrorKind::InvalidLength,
        ));
    }
    // Padding, when present, must complete the last group exactly.
    if padding != 0 && (tail_len == 0 || tail_len + padding != 4) {
        return Err(DecodeError::new(data_len, DecodeErrorKind::InvalidPadding));
    }

    let sextet = |index: usize| -> Result<u32, DecodeError> {
        let byte = data[index];
        match DECODE_TABLE[usize::from(byte)] {
            INVALID => Err(DecodeError::new(index, DecodeErrorKind::InvalidByte(byte))),
            value => Ok(u32::from(value)),
        }
    };

    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    let full = data.len() - tail_len;
    let mut index = 0;
    while index < full {
        let group = sextet(index)? << 18
            | sextet(index + 1)? << 12
            | sextet(index + 2)? << 6
            | sextet(index + 3)?;
        out.extend_from_slice(&[(group >> 16) as u8, (group >> 8) as u8, group as u8]);
        index += 4;
    }
    match tail_len {
        2 => {
            let last = sextet(index + 1)?;
            if last & 0x0f != 0 {
                return Err(DecodeError::new(index + 1, DecodeErrorKind::TrailingBits));
            }
            let group = sextet(index)? << 18 | last << 12;
            out.push((group >> 16) as u8);
        }
        3 => {
            let last = sextet(index + 2)?;
            if last & 0x03 != 0 {
                return Err(DecodeError::new(index + 2, DecodeErrorKind::TrailingBits));
            }
            let group = sextet(index)? << 18 | sextet(index + 1)? << 12 | last << 6;
            out.extend_from_slice(&[(group >> 16) as u8, (group >> 8) as u8]);
        }
        _ => {}
    }
    Ok(out)
}

/// The error returned by [`decode`] for input that is not valid base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    offset: usize,
    kind: DecodeErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DecodeErrorKind {
    InvalidByte(u8),
    InvalidLength,
    InvalidPadding,
    TrailingBits,
}

impl DecodeError {
    fn new(offset: usize, kind: DecodeErrorKind) -> Self {
        Self { offset, kind }
    }

    /// Returns the offset of the offending byte in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = self.offset;
        match self.kind {
            DecodeErrorKind::InvalidByte(byte) if byte.is_ascii_graphic() => write!(
                f,
                "invalid base64: unexpected character `{}` at offset {offset}",
                char::from(byte)
            ),
            DecodeErrorKind::InvalidByte(byte) => write!(
                f,
                "invalid base64: unexpected byte 0x{byte:02x} at offset {offset}"
            ),
            DecodeErrorKind::InvalidLength => write!(
                f,
                "invalid base64: dangling single character at offset {offset}"
            ),
            DecodeErrorKind::InvalidPadding => {
                write!(f, "invalid base64: invalid padding at offset {offset}")
            }
            DecodeErrorKind::TrailingBits => write!(
                f,
                "invalid base64: non-zero unused bits in the last character at offset {offset}"
            ),
        }
    }
}

impl Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &[(&str, &str)] = &[
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain), *encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decode(unpadded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn all_symbols_and_bytes() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 0..bytes.len() {
            let encoded = encode(&bytes[..len]);
            assert_eq!(encoded.len(), encoded_len(len));
            assert_eq!(decode(&encoded).unwrap(), &bytes[..len]);
        }
        assert_eq!(encode([0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn encode_into_appends() {
        let mut out = String::from("x");
        encode_into(b"abc", &mut out);
        assert_eq!(out, "xYWJj");
    }

    #[test]
    fn rejects_bad_characters() {
        for input in [
            "Zm9v\n", "Zm 9v", "Zm9-", "Zm9_", "Zm9vé", "Zm=v", "=Zm9", "Z=m9v",
        ] {
            assert!(decode(input).is_err(), "{input:?} should be rejected");
        }
        let err = decode("Zm9*").unwrap_err();
        assert_eq!(err.offset(), 3);
        assert_eq!(
            err.to_string(),
            "invalid base64: unexpected character `*` at offset 3"
        );
        let err = decode(b"Zm9\x00").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid base64: unexpected byte 0x00 at offset 3"
        );
    }

    #[test]
    fn rejects_bad_padding_and_length() {
        for input in [
            "Z", "Z=", "Z==", "Z===", "Zm9vY", "Zg=", "Zm8==", "Zm9v=", "Zm9v====", "==", "=",
        ] {
            assert!(decode(input).is_err(), "{input:?} should be rejected");
        }
        assert!(decode("Zg=").unwrap_err().to_string().contains("padding"));
        assert!(decode("Zm9vY")
            .unwrap_err()
            .to_string()
            .contains("dangling"));
    }

    #[test]
    fn rejects_non_canonical_trailing_bits() {
        // `Zh==` and `Zm9=` carry bits that the decoded bytes cannot hold.
        for input in ["Zh==", "Zh", "Zm9=", "Zm9"] {
            let err = decode(input).unwrap_err();
            assert!(err.to_string().contains("unused bits"), "{input}: {err}");
        }
    }

    #[test]
    fn error_is_std_error() {
        let err: Box<dyn Error + Send + Sync> = Box::new(decode("*").unwrap_err());
        assert!(err.to_string().starts_with("invalid base64"));
    }
}
