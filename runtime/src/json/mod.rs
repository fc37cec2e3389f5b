//! JSON support for the awsJson 1.0 and 1.1 protocols.
//!
//! * Writing: [`object`] (or [`JsonWriter`]) appends compact JSON to a `String` through
//!   [`ObjectWriter`], [`ArrayWriter`] and [`ValueWriter`], with no allocation beyond the
//!   output itself (except for blobs and timestamps in string formats). Floats that are not finite
//!   are written as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, blobs as base64
//!   (with `aws-smithy-types`' `base64`) and timestamps as epoch seconds or formatted
//!   strings, as the protocols require.
//! * Reading: [`parse`] (or [`parse_body`], which accepts an empty body as `{}`) builds a
//!   [`Value`] tree, and the helpers in [`de`] convert its nodes to the Rust types of
//!   Smithy shapes, reporting mismatches as [`DeserializeError`]s.
//!
//! ```
//! use smithy_runtime::json::{self, de};
//!
//! let mut out = String::new();
//! let mut object = json::object(&mut out);
//! object.key("greeting").string("hi \"there\"");
//! object.key("count").integer(2);
//! object.finish();
//! assert_eq!(out, r#"{"greeting":"hi \"there\"","count":2}"#);
//!
//! let body = json::parse_body(out.as_bytes())?;
//! let greeting = body.get("greeting").map(de::string).transpose()?.flatten();
//! assert_eq!(greeting.as_deref(), Some("hi \"there\""));
//! # Ok::<(), json::DeserializeError>(())
//! ```

pub mod de;
mod epoch_text;
mod error;
mod read;
mod write;

pub use self::error::DeserializeError;
pub use self::read::{parse, parse_body, Member, Value, MAX_DEPTH};
pub use self::write::{array, object, ArrayWriter, JsonWriter, ObjectWriter, ValueWriter};

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny deterministic generator, so the test needs no extra dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as usize
        }
    }

    #[test]
    fn random_input_never_panics_and_round_trips() {
        const PIECES: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"k\"",
            "\"v\\n\"",
            "\\u00e9",
            "\\ud83d",
            "\\ude00",
            "1",
            "-",
            "0",
            "9",
            ".",
            "e",
            "E+",
            "1e400",
            "true",
            "false",
            "null",
            " ",
            "\n",
            "é",
            "\u{7f}",
            "\\",
            "nul",
            "18446744073709551616",
        ];
        let mut rng = Lcg(0x5eed);
        let mut parsed_count = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.next() % 24 {
                text.push_str(PIECES[rng.next() % PIECES.len()]);
            }
            let mut bytes = text.into_bytes();
            if !bytes.is_empty() && rng.next() & 7 == 0 {
                let index = rng.next() % bytes.len();
                bytes[index] = (rng.next() % 256) as u8;
            }
            let Ok(value) = parse(&bytes) else { continue };
            parsed_count += 1;
            // Whatever parses can be written back and parses to the same document.
            let document = de::document_value(&value).expect("parsed values are shallow");
            let mut out = String::new();
            JsonWriter::new(&mut out).value().document(&document);
            if out.contains("Infinity") {
                continue; // `1e400` parses as infinity, which is written as a string.
            }
            let again = parse(out.as_bytes()).expect("written JSON parses");
            assert_eq!(de::document_value(&again).unwrap(), document, "{out}");
        }
        assert!(parsed_count > 100, "only {parsed_count} inputs parsed");
    }
}
