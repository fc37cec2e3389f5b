//! A streaming JSON writer that appends compact JSON to a `String`.

use crate::date_time::{DateTimeFormatError, Format};
use crate::primitives::{BigDecimal, BigInteger, DateTime, Document, Number};
use aws_smithy_types::base64;
use aws_smithy_types::primitive::Encoder;

/// Writes one JSON value to a `String`.
///
/// Most callers start with [`object`] instead, since awsJson bodies are always objects.
///
/// ```
/// use smithy_runtime::json::JsonWriter;
///
/// let mut out = String::new();
/// let mut array = JsonWriter::new(&mut out).start_array();
/// array.value().integer(1);
/// array.value().string("two");
/// array.finish();
/// assert_eq!(out, r#"[1,"two"]"#);
/// ```
#[derive(Debug)]
pub struct JsonWriter<'a> {
    out: &'a mut String,
}

impl<'a> JsonWriter<'a> {
    /// Creates a writer that appends to `out`.
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// Starts writing an object.
    pub fn start_object(self) -> ObjectWriter<'a> {
        ObjectWriter::start(self.out)
    }

    /// Starts writing an array.
    pub fn start_array(self) -> ArrayWriter<'a> {
        ArrayWriter::start(self.out)
    }

    /// Returns a writer for a single value of any type.
    pub fn value(self) -> ValueWriter<'a> {
        ValueWriter {
            out: self.out,
            prefix: Prefix::None,
        }
    }
}

/// Starts writing a JSON object to `out`; shorthand for
/// `JsonWriter::new(out).start_object()`.
///
/// ```
/// use smithy_runtime::json;
///
/// let mut out = String::new();
/// let mut object = json::object(&mut out);
/// object.key("name").string("proton");
/// object.key("count").integer(3);
/// let mut tags = object.key("tags").start_array();
/// tags.value().boolean(true);
/// tags.finish();
/// object.finish();
/// assert_eq!(out, r#"{"name":"proton","count":3,"tags":[true]}"#);
/// ```
pub fn object(out: &mut String) -> ObjectWriter<'_> {
    ObjectWriter::start(out)
}

/// Starts writing a JSON array to `out`; shorthand for
/// `JsonWriter::new(out).start_array()`.
pub fn array(out: &mut String) -> ArrayWriter<'_> {
    ArrayWriter::start(out)
}

/// Writes the members of a JSON object.
///
/// The closing `}` is written by [`finish`](Self::finish), or when the writer is dropped
/// without it, so the output is always well-formed. Calling `finish` is still the
/// intended style: it makes the end of the object explicit, and because the writer
/// borrows the output mutably, the borrow checker rejects reading the output (or writing
/// the next member of an enclosing object) while an inner writer is still open.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    /// The length of the output right after the opening `{`: members need a leading
    /// comma once the output has grown past it.
    empty_len: usize,
}

impl<'a> ObjectWriter<'a> {
    fn start(out: &'a mut String) -> Self {
        out.push('{');
        let empty_len = out.len();
        Self { out, empty_len }
    }

    /// Returns a writer for the value of the member named `key`.
    ///
    /// Nothing is written until a value is written through the returned
    /// [`ValueWriter`]: if it is dropped unused (or its
    /// [`timestamp`](ValueWriter::timestamp) call fails), the member is left out
    /// entirely. Keys are escaped like any other string.
    pub fn key<'w>(&'w mut self, key: &'w str) -> ValueWriter<'w> {
        ValueWriter {
            prefix: Prefix::Key {
                key,
                comma: self.out.len() > self.empty_len,
            },
            out: self.out,
        }
    }

    /// Writes the closing `}`.
    pub fn finish(self) {
        // `Drop` writes the brace.
    }
}

/// Closes the object if [`finish`](ObjectWriter::finish) was not called.
impl Drop for ObjectWriter<'_> {
    fn drop(&mut self) {
        self.out.push('}');
    }
}

/// Writes the elements of a JSON array.
///
/// Like [`ObjectWriter`], the closing `]` is written by [`finish`](Self::finish) or, failing
/// that, when the writer is dropped.
#[derive(Debug)]
pub struct ArrayWriter<'a> {
    out: &'a mut String,
    /// The length of the output right after the opening `[`.
    empty_len: usize,
}

impl<'a> ArrayWriter<'a> {
    fn start(out: &'a mut String) -> Self {
        out.push('[');
        let empty_len = out.len();
        Self { out, empty_len }
    }

    /// Returns a writer for the next element.
    ///
    /// If the returned [`ValueWriter`] is dropped without writing anything, no element is
    /// added.
    pub fn value(&mut self) -> ValueWriter<'_> {
        ValueWriter {
            prefix: if self.out.len() > self.empty_len {
                Prefix::Comma
            } else {
                Prefix::None
            },
            out: self.out,
        }
    }

    /// Writes the closing `]`.
    pub fn finish(self) {
        // `Drop` writes the bracket.
    }
}

/// Closes the array if [`finish`](ArrayWriter::finish) was not called.
impl Drop for ArrayWriter<'_> {
    fn drop(&mut self) {
        self.out.push(']');
    }
}

/// What has to be written before the value itself.
#[derive(Debug)]
enum Prefix<'a> {
    /// Nothing: a top-level value or the first array element.
    None,
    /// A comma: a later array element.
    Comma,
    /// An object member's key, after a comma unless it is the first member.
    Key { key: &'a str, comma: bool },
}

/// Writes exactly one JSON value: an object member's value, an array element or a
/// top-level value.
///
/// Every method consumes the writer. Nothing at all (not even the member's key) is
/// written unless one of them is called.
///
/// ```
/// use smithy_runtime::json;
/// use smithy_runtime::primitives::{DateTime, DateTimeFormat};
///
/// let mut out = String::new();
/// let mut object = json::object(&mut out);
/// object.key("nan").float(f64::NAN);
/// object.key("half").float(0.5);
/// object.key("data").blob(b"foo");
/// object.key("at").timestamp(&DateTime::from_millis(1_515_531_081_123), DateTimeFormat::EpochSeconds)?;
/// object.key("none").null();
/// object.finish();
/// assert_eq!(out, r#"{"nan":"NaN","half":0.5,"data":"Zm9v","at":1515531081.123,"none":null}"#);
/// # Ok::<(), smithy_runtime::date_time::DateTimeFormatError>(())
/// ```
#[derive(Debug)]
#[must_use = "a ValueWriter writes nothing unless one of its methods is called"]
pub struct ValueWriter<'a> {
    out: &'a mut String,
    prefix: Prefix<'a>,
}

impl<'a> ValueWriter<'a> {
    /// Writes the pending comma and key, and returns the output.
    #[inline]
    fn begin(self) -> &'a mut String {
        match self.prefix {
            Prefix::None => {}
            Prefix::Comma => self.out.push(','),
            Prefix::Key { key, comma } => {
                if comma {
                    self.out.push(',');
                }
                write_string(self.out, key);
                self.out.push(':');
            }
        }
        self.out
    }

    /// Writes a string, escaping it as needed.
    pub fn string(self, value: &str) {
        write_string(self.begin(), value);
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.begin().push_str(if value { "true" } else { "false" });
    }

    /// Writes a signed integer.
    pub fn integer(self, value: i64) {
        write_i64(self.begin(), value);
    }

    /// Writes an unsigned integer.
    pub fn unsigned(self, value: u64) {
        write_u64(self.begin(), value);
    }

    /// Writes a double.
    ///
    /// Finite values are written as JSON numbers in the shortest form that parses back to
    /// the same `f64` (whole numbers such as `1.0` are written as `1.0`, very large and
    /// very small ones in exponent notation such as `1e300`). `NaN`, infinity and negative
    /// infinity are written as the JSON strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
    pub fn float(self, value: f64) {
        let out = self.begin();
        if value.is_finite() {
            out.push_str(Encoder::from(value).encode());
        } else {
            write_non_finite(out, value);
        }
    }

    /// Writes a single-precision float, like [`float`](Self::float) but in the shortest
    /// form that parses back to the same `f32` (so `1.1f32` is written as `1.1`, not
    /// `1.100000023841858`).
    pub fn float32(self, value: f32) {
        let out = self.begin();
        if value.is_finite() {
            out.push_str(Encoder::from(value).encode());
        } else {
            write_non_finite(out, f64::from(value));
        }
    }

    /// Writes a `bigInteger` as a JSON number, digit for digit.
    pub fn big_integer(self, value: &BigInteger) {
        self.begin().push_str(value.as_ref());
    }

    /// Writes a `bigDecimal` as a JSON number, as it was given.
    ///
    /// `BigDecimal` also accepts spellings that JSON does not (`+5`, `.5`, `5.`); those are
    /// written in JSON's form (`5`, `0.5`, `5.0`), with the same digits.
    pub fn big_decimal(self, value: &BigDecimal) {
        write_json_decimal(self.begin(), value.as_ref());
    }

    /// Writes a [`Number`]: integers exactly, floats as [`float`](Self::float) does.
    pub fn number(self, value: Number) {
        match value {
            Number::PosInt(v) => self.unsigned(v),
            Number::NegInt(v) => self.integer(v),
            Number::Float(v) => self.float(v),
        }
    }

    /// Writes a blob as a base64 string (standard alphabet, with padding).
    pub fn blob(self, value: &[u8]) {
        let out = self.begin();
        out.push('"');
        out.push_str(&base64::encode(value));
        out.push('"');
    }

    /// Writes a timestamp in `format`.
    ///
    /// [`EpochSeconds`](Format::EpochSeconds) is written as a JSON number with a fraction
    /// only when there is one (`1515531081`, `1515531081.123`, up to nanosecond precision);
    /// the other formats are written as JSON strings, as [`DateTime::fmt`] produces them.
    ///
    /// Fails, writing nothing (not even the member's key), when the instant cannot be
    /// written in a string format, which happens for years outside 0001-9999.
    pub fn timestamp(self, value: &DateTime, format: Format) -> Result<(), DateTimeFormatError> {
        match format {
            Format::EpochSeconds => {
                write_epoch_seconds(self.begin(), value);
            }
            Format::DateTime | Format::DateTimeWithOffset | Format::HttpDate => {
                let text = value.fmt(format)?;
                self.string(&text);
            }
        }
        Ok(())
    }

    /// Writes a document as the equivalent JSON value.
    ///
    /// Non-finite float numbers are written as strings, as [`float`](Self::float) does.
    /// Object members are written in the (unspecified) iteration order of the map.
    /// Arbitrarily deep documents are written without recursion.
    pub fn document(self, value: &Document) {
        write_document(self.begin(), value);
    }

    /// Writes `null`.
    pub fn null(self) {
        self.begin().push_str("null");
    }

    /// Starts writing an object as this value.
    pub fn start_object(self) -> ObjectWriter<'a> {
        ObjectWriter::start(self.begin())
    }

    /// Starts writing an array as this value.
    pub fn start_array(self) -> ArrayWriter<'a> {
        ArrayWriter::start(self.begin())
    }
}

/// Writes a value that is not finite as the string `"NaN"`, `"Infinity"` or `"-Infinity"`.
fn write_non_finite(out: &mut String, value: f64) {
    out.push('"');
    out.push_str(Encoder::from(value).encode());
    out.push('"');
}

/// Writes the text of a valid `BigDecimal` as a JSON number: without a leading `+`, with a
/// digit on both sides of the decimal point.
fn write_json_decimal(out: &mut String, text: &str) {
    let (sign, unsigned) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => ("", &text[1..]),
        _ => ("", text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => unsigned.split_at(at),
        None => (unsigned, ""),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    out.push_str(sign);
    out.push_str(if integer.is_empty() { "0" } else { integer });
    if mantissa.contains('.') {
        out.push('.');
        out.push_str(if fraction.is_empty() { "0" } else { fraction });
    }
    out.push_str(exponent);
}

/// For each byte below 0x80: 0 if it is written as is, else the character after the
/// backslash of its short escape, or `u` for a `\u00XX` escape.
const ESCAPES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Writes `value` as a quoted JSON string.
///
/// `"`, `\` and the control characters U+0000-U+001F are escaped (with the short forms
/// `\b \t \n \f \r` where JSON has them); everything else, including DEL and non-ASCII
/// characters, is copied as UTF-8.
fn write_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(value.len() + 2);
    out.push('"');
    let bytes = value.as_bytes();
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape = match ESCAPES.get(usize::from(byte)) {
            Some(&0) | None => continue,
            Some(&escape) => escape,
        };
        // Escaped bytes are ASCII, so `start..index` lies on character boundaries.
        out.push_str(&value[start..index]);
        out.push('\\');
        out.push(char::from(escape));
        if escape == b'u' {
            out.push_str("00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        start = index + 1;
    }
    out.push_str(&value[start..]);
    out.push('"');
}

fn write_u64(out: &mut String, value: u64) {
    out.push_str(Encoder::from(value).encode());
}

fn write_i64(out: &mut String, value: i64) {
    out.push_str(Encoder::from(value).encode());
}

/// Writes epoch seconds as a number with up to nine fractional digits and no trailing
/// zeros.
fn write_epoch_seconds(out: &mut String, value: &DateTime) {
    const NANOS_PER_SECOND: u32 = 1_000_000_000;
    let (secs, nanos) = (value.secs(), value.subsec_nanos());
    if nanos == 0 {
        write_i64(out, secs);
        return;
    }
    // The nanoseconds count forwards from `secs`, so an instant before the epoch with a
    // fraction lies between `secs` and `secs + 1`: write `-(|secs + 1|).(1e9 - nanos)`.
    let fraction = if secs < 0 {
        out.push('-');
        write_u64(out, secs.unsigned_abs() - 1);
        NANOS_PER_SECOND - nanos
    } else {
        write_u64(out, secs.unsigned_abs());
        nanos
    };
    out.push('.');
    let mut digits = [b'0'; 9];
    let mut rest = fraction;
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let len = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
    for &digit in &digits[..len] {
        out.push(char::from(digit));
    }
}

/// Writes a document iteratively, so that no document can exhaust the stack.
fn write_document(out: &mut String, document: &Document) {
    use std::collections::hash_map;
    use std::slice;

    enum Frame<'d> {
        Array(slice::Iter<'d, Document>),
        Object(hash_map::Iter<'d, String, Document>),
    }

    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut next = Some(document);
    loop {
        if let Some(document) = next.take() {
            match document {
                Document::Object(map) => {
                    out.push('{');
                    stack.push(Frame::Object(map.iter()));
                }
                Document::Array(items) => {
                    out.push('[');
                    stack.push(Frame::Array(items.iter()));
                }
                Document::Number(number) => JsonWriter::new(out).value().number(*number),
                Document::String(text) => write_string(out, text),
                Document::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
                Document::Null => out.push_str("null"),
            }
        }
        // Find the next value to write, closing finished containers on the way.
        let Some(frame) = stack.last_mut() else {
            return;
        };
        let opening = out.ends_with(['[', '{']);
        match frame {
            Frame::Array(items) => match items.next() {
                Some(item) => {
                    if !opening {
                        out.push(',');
                    }
                    next = Some(item);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Frame::Object(members) => match members.next() {
                Some((key, value)) => {
                    if !opening {
                        out.push(',');
                    }
                    write_string(out, key);
                    out.push(':');
                    next = Some(value);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Value};
    use std::collections::HashMap;

    fn value(write: impl FnOnce(ValueWriter<'_>)) -> String {
        let mut out = String::new();
        write(JsonWriter::new(&mut out).value());
        out
    }

    #[test]
    fn scalars() {
        assert_eq!(value(|v| v.string("hi")), r#""hi""#);
        assert_eq!(value(|v| v.boolean(true)), "true");
        assert_eq!(value(|v| v.boolean(false)), "false");
        assert_eq!(value(|v| v.null()), "null");
        assert_eq!(value(|v| v.integer(0)), "0");
        assert_eq!(value(|v| v.integer(-7)), "-7");
        assert_eq!(value(|v| v.integer(i64::MIN)), "-9223372036854775808");
        assert_eq!(value(|v| v.integer(i64::MAX)), "9223372036854775807");
        assert_eq!(value(|v| v.unsigned(u64::MAX)), "18446744073709551615");
        assert_eq!(value(|v| v.unsigned(10)), "10");
        assert_eq!(value(|v| v.number(Number::NegInt(-1))), "-1");
        assert_eq!(value(|v| v.number(Number::PosInt(1))), "1");
        assert_eq!(value(|v| v.number(Number::Float(f64::NAN))), r#""NaN""#);
        assert_eq!(value(|v| v.blob(b"")), r#""""#);
        assert_eq!(value(|v| v.blob(b"abc")), r#""YWJj""#);
        assert_eq!(value(|v| v.blob(b"ab")), r#""YWI=""#);
    }

    #[test]
    fn floats() {
        assert_eq!(value(|v| v.float(f64::NAN)), r#""NaN""#);
        assert_eq!(value(|v| v.float(f64::INFINITY)), r#""Infinity""#);
        assert_eq!(value(|v| v.float(f64::NEG_INFINITY)), r#""-Infinity""#);
        assert_eq!(value(|v| v.float32(f32::NAN)), r#""NaN""#);
        assert_eq!(value(|v| v.float32(f32::INFINITY)), r#""Infinity""#);
        assert_eq!(value(|v| v.float32(f32::NEG_INFINITY)), r#""-Infinity""#);
        assert_eq!(value(|v| v.float(1.0)), "1.0");
        assert_eq!(value(|v| v.float(0.1)), "0.1");
        assert_eq!(value(|v| v.float(-2.5)), "-2.5");
        assert_eq!(value(|v| v.float(-0.0)), "-0.0");
        assert_eq!(value(|v| v.float(1e300)), "1e300");
        assert_eq!(value(|v| v.float(1.5e-300)), "1.5e-300");
        assert_eq!(value(|v| v.float32(1.1)), "1.1");
        assert_eq!(value(|v| v.float32(1.0)), "1.0");
        assert_eq!(value(|v| v.float(f64::from(1.1f32))), "1.100000023841858");
    }

    #[test]
    fn floats_round_trip_through_the_parser() {
        let samples = [
            0.0,
            -0.0,
            1.0,
            0.1,
            1.0 / 3.0,
            -1e-7,
            123_456_789.123_456_78,
            1e15,
            1e16,
            1e17,
            9_007_199_254_740_993.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            1_515_531_081.123,
        ];
        for sample in samples {
            let text = value(|v| v.float(sample));
            match parse(text.as_bytes()).unwrap().as_number() {
                Some(number) => assert_eq!(number.to_f64_lossy(), sample, "{text}"),
                None => panic!("{text} is not a number"),
            }
        }
        for sample in [
            1.1f32,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
            16_777_217.0,
            0.3,
        ] {
            let text = value(|v| v.float32(sample));
            let parsed = parse(text.as_bytes()).unwrap().as_number().unwrap();
            assert_eq!(parsed.to_f32_lossy(), sample, "{text}");
        }
    }

    #[test]
    fn string_escaping() {
        assert_eq!(value(|v| v.string("")), r#""""#);
        assert_eq!(value(|v| v.string("a\"b\\c/d")), r#""a\"b\\c/d""#);
        assert_eq!(value(|v| v.string("\u{8}\t\n\u{c}\r")), r#""\b\t\n\f\r""#);
        assert_eq!(
            value(|v| v.string("\u{0}\u{1}\u{1f}\u{7f}")),
            "\"\\u0000\\u0001\\u001f\u{7f}\""
        );
        assert_eq!(value(|v| v.string("héllo 😀 中")), "\"héllo 😀 中\"");
        assert_eq!(value(|v| v.string("\u{2028}")), "\"\u{2028}\"");

        // Every character survives a round trip through the parser.
        let all: String = (0u32..0x800)
            .chain([0xfffd, 0x10000, 0x10ffff])
            .filter_map(char::from_u32)
            .collect();
        let text = value(|v| v.string(&all));
        assert_eq!(parse(text.as_bytes()).unwrap(), Value::String(all));
    }

    #[test]
    fn objects_and_arrays() {
        let mut out = String::new();
        let mut object = object(&mut out);
        object.key("a").integer(1);
        {
            let mut inner = object.key("b").start_object();
            inner.key("c").start_array().finish();
            inner.key("d").start_object().finish();
            let mut list = inner.key("e").start_array();
            list.value().integer(1);
            list.value().start_array().finish();
            list.value().string("x");
            list.finish();
            inner.finish();
        }
        object.key("quote\"key").null();
        object.finish();
        assert_eq!(
            out,
            r#"{"a":1,"b":{"c":[],"d":{},"e":[1,[],"x"]},"quote\"key":null}"#
        );
        assert!(parse(out.as_bytes()).is_ok());

        let mut out = String::new();
        super::object(&mut out).finish();
        array(&mut out).finish();
        JsonWriter::new(&mut out).start_object().finish();
        JsonWriter::new(&mut out).start_array().finish();
        assert_eq!(out, "{}[]{}[]");
    }

    #[test]
    fn appends_to_existing_output() {
        let mut out = String::from("prefix{");
        let mut object = object(&mut out);
        object.key("a").boolean(true);
        object.key("b").boolean(false);
        object.finish();
        assert_eq!(out, r#"prefix{{"a":true,"b":false}"#);
    }

    #[test]
    fn drop_closes_containers() {
        let mut out = String::new();
        {
            let mut object = object(&mut out);
            let mut list = object.key("l").start_array();
            list.value().integer(1);
        }
        assert_eq!(out, r#"{"l":[1]}"#);
    }

    #[test]
    fn unused_value_writers_write_nothing() {
        let mut out = String::new();
        let mut object = object(&mut out);
        let _ = object.key("skipped");
        object.key("a").integer(1);
        let _ = object.key("skipped");
        object.key("b").integer(2);
        let mut list = object.key("l").start_array();
        let _ = list.value();
        list.value().integer(1);
        let _ = list.value();
        list.value().integer(2);
        list.finish();
        object.finish();
        assert_eq!(out, r#"{"a":1,"b":2,"l":[1,2]}"#);
    }

    #[test]
    fn timestamps() {
        let epoch = |t: DateTime| value(|v| v.timestamp(&t, Format::EpochSeconds).unwrap());
        assert_eq!(epoch(DateTime::from_secs(1_515_531_081)), "1515531081");
        assert_eq!(
            epoch(DateTime::from_millis(1_515_531_081_123)),
            "1515531081.123"
        );
        assert_eq!(epoch(DateTime::from_secs_and_nanos(1, 1)), "1.000000001");
        assert_eq!(epoch(DateTime::from_secs_and_nanos(0, 500_000_000)), "0.5");
        assert_eq!(epoch(DateTime::from_secs(0)), "0");
        assert_eq!(epoch(DateTime::from_secs(-1)), "-1");
        assert_eq!(
            epoch(DateTime::from_secs_and_nanos(-1, 500_000_000)),
            "-0.5"
        );
        assert_eq!(
            epoch(DateTime::from_secs_and_nanos(-2, 750_000_000)),
            "-1.25"
        );
        assert_eq!(epoch(DateTime::from_secs(i64::MIN)), "-9223372036854775808");
        assert_eq!(
            epoch(DateTime::from_secs_and_nanos(i64::MIN, 1)),
            "-9223372036854775807.999999999"
        );
        assert_eq!(
            epoch(DateTime::from_secs_and_nanos(i64::MAX, 999_999_999)),
            "9223372036854775807.999999999"
        );
        // Same text as `DateTime::fmt`.
        for (secs, nanos) in [(5, 120_000_000), (-5, 1), (1_576_540_098, 520_000_000)] {
            let t = DateTime::from_secs_and_nanos(secs, nanos);
            assert_eq!(epoch(t), t.fmt(Format::EpochSeconds).unwrap());
        }

        let t = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            value(|v| v.timestamp(&t, Format::DateTime).unwrap()),
            r#""2019-12-16T23:48:18Z""#
        );
        assert_eq!(
            value(|v| v.timestamp(&t, Format::HttpDate).unwrap()),
            r#""Mon, 16 Dec 2019 23:48:18 GMT""#
        );
    }

    #[test]
    fn failed_timestamp_writes_nothing() {
        let far = DateTime::from_secs(i64::MAX);
        let mut out = String::new();
        let mut object = object(&mut out);
        object.key("a").integer(1);
        assert!(object.key("t").timestamp(&far, Format::DateTime).is_err());
        assert!(object.key("t").timestamp(&far, Format::HttpDate).is_err());
        object.key("b").integer(2);
        object.finish();
        assert_eq!(out, r#"{"a":1,"b":2}"#);
    }

    #[test]
    fn documents() {
        let doc = Document::Array(vec![
            Document::Null,
            Document::Bool(true),
            Document::from("s\n"),
            Document::Number(Number::PosInt(1)),
            Document::Number(Number::NegInt(-1)),
            Document::Number(Number::Float(1.5)),
            Document::Number(Number::Float(f64::NEG_INFINITY)),
            Document::Array(vec![]),
            Document::Object(HashMap::new()),
            Document::Object(HashMap::from([(
                "k".to_owned(),
                Document::Array(vec![Document::Null, Document::Object(HashMap::new())]),
            )])),
        ]);
        assert_eq!(
            value(|v| v.document(&doc)),
            r#"[null,true,"s\n",1,-1,1.5,"-Infinity",[],{},{"k":[null,{}]}]"#
        );
        assert_eq!(value(|v| v.document(&Document::Null)), "null");

        let map = Document::Object(HashMap::from([
            ("a".to_owned(), Document::from(1u64)),
            ("b".to_owned(), Document::from(vec![Document::from(2u64)])),
            ("c".to_owned(), Document::Object(HashMap::new())),
        ]));
        let text = value(|v| v.document(&map));
        let parsed = parse(text.as_bytes()).unwrap();
        assert_eq!(parsed.get("a"), Some(&Value::Number(Number::PosInt(1))));
        assert_eq!(
            parsed.get("b"),
            Some(&Value::Array(vec![Value::Number(Number::PosInt(2))]))
        );
        assert_eq!(parsed.get("c"), Some(&Value::Object(vec![])));
        assert_eq!(parsed.as_object().unwrap().len(), 3);

        let mut out = String::new();
        let mut object = object(&mut out);
        object
            .key("d")
            .document(&Document::from(vec![Document::from(true)]));
        object.key("e").document(&Document::Null);
        object.finish();
        assert_eq!(out, r#"{"d":[true],"e":null}"#);
    }

    #[test]
    fn deep_documents_do_not_overflow_the_stack() {
        let depth = 100_000;
        let mut doc = Document::Null;
        for _ in 0..depth {
            doc = Document::Array(vec![doc]);
        }
        let text = value(|v| v.document(&doc));
        // Dropping a deep document recurses; take it apart iteratively before asserting
        // anything, so that a failure cannot overflow the stack while unwinding.
        while let Document::Array(mut items) = doc {
            doc = items.pop().unwrap_or_default();
        }
        let expected = format!("{}null{}", "[".repeat(depth), "]".repeat(depth));
        assert!(text == expected);
    }
}
