//! A strict JSON (RFC 8259) parser that builds a [`Value`] tree.

use super::DeserializeError;
use crate::primitives::Number;
use std::borrow::Cow;

/// The deepest nesting of arrays and objects that [`parse`] accepts.
///
/// `[[1]]` has a depth of two. Deeper input is rejected with an error, which keeps the
/// recursive parser (and every recursive walk of the tree it builds) far away from the
/// end of the stack.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
///
/// Objects keep their members in document order, including any duplicate keys; use
/// [`get`](Value::get) to look a member up (the last duplicate wins, as it does when
/// generated deserializers walk the members in order). Keys borrow from the parsed input
/// unless they contain escape sequences: generated deserializers only compare them, so a
/// response is read without allocating a string per member name.
///
/// ```
/// use smithy_runtime::json::{self, Value};
/// use smithy_runtime::primitives::Number;
///
/// let value = json::parse(br#"{"name": "proton", "size": [3, -1, 2.5, null]}"#)?;
/// assert_eq!(value.get("name").and_then(Value::as_str), Some("proton"));
/// let size = value.get("size").and_then(Value::as_array).unwrap();
/// assert_eq!(size[0], Value::Number(Number::PosInt(3)));
/// assert_eq!(size[1], Value::Number(Number::NegInt(-1)));
/// assert_eq!(size[2], Value::Decimal("2.5".into()));
/// assert_eq!(size[2].as_number(), Some(Number::Float(2.5)));
/// assert!(size[3].is_null());
/// # Ok::<(), json::DeserializeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`; also the default.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer without a fraction or exponent that fits into a `u64` (non-negative,
    /// [`Number::PosInt`]) or an `i64` (negative, [`Number::NegInt`]).
    Number(Number),
    /// Any other number (a fraction, an exponent, `-0`, or an integer too large for 64
    /// bits), as it is written in the input.
    ///
    /// The text is kept rather than an `f64` so that what is read from it is exact: a
    /// fractional epoch-seconds timestamp to the nanosecond, a big number to its last digit.
    /// [`as_number`](Value::as_number) gives the nearest `f64`.
    Decimal(Cow<'a, str>),
    /// A string, with escape sequences resolved.
    String(String),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members, in document order.
    Object(Vec<Member<'a>>),
}

/// A member of a JSON object: its key (borrowed from the input unless it had escape
/// sequences) and its value.
pub type Member<'a> = (Cow<'a, str>, Value<'a>);

impl<'a> Value<'a> {
    /// Returns the name of the JSON type, for error messages: `null`, `boolean`, `number`,
    /// `string`, `array` or `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) | Value::Decimal(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Returns whether this is [`Null`](Value::Null).
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Returns the boolean if this is a [`Bool`](Value::Bool).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// Returns the number if this is a [`Number`](Value::Number), or the nearest `f64` as a
    /// [`Number::Float`] if this is a [`Decimal`](Value::Decimal) (`±infinity` when its
    /// magnitude is too large for an `f64`).
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(number) => Some(*number),
            Value::Decimal(text) => Some(Number::Float(decimal_to_f64(text))),
            _ => None,
        }
    }

    /// Returns the string if this is a [`String`](Value::String).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the elements if this is an [`Array`](Value::Array).
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Returns the members if this is an [`Object`](Value::Object).
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Copies the borrowed keys, so the value no longer borrows from the parsed input.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(value) => Value::Bool(value),
            Value::Number(number) => Value::Number(number),
            Value::Decimal(text) => Value::Decimal(Cow::Owned(text.into_owned())),
            Value::String(text) => Value::String(text),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(key, value)| (Cow::Owned(key.into_owned()), value.into_owned()))
                    .collect(),
            ),
        }
    }

    /// Returns the value of the member named `key` if this is an object that has one.
    ///
    /// When the key occurs more than once, the last occurrence wins.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }
}

/// Parses a complete JSON text.
///
/// The input must be exactly one JSON value, optionally surrounded by whitespace
/// (space, tab, line feed, carriage return); anything else, including an empty input,
/// trailing characters or a byte-order mark, is an error. Parsing follows RFC 8259
/// strictly: no comments, trailing commas, single quotes, unquoted keys, leading `+` or
/// zeros, `NaN` or `Infinity` literals, or raw control characters inside strings.
///
/// Strings must be valid UTF-8. A `\u` escape of a lone UTF-16 surrogate (one that is not
/// part of a high/low pair) is decoded as U+FFFD REPLACEMENT CHARACTER rather than
/// rejected, as most JSON producers allow such strings.
///
/// Nesting deeper than [`MAX_DEPTH`] is an error. Errors carry the byte offset at which
/// the problem was detected.
///
/// ```
/// use smithy_runtime::json::{self, Value};
///
/// assert_eq!(json::parse(b" true ")?, Value::Bool(true));
/// assert!(json::parse(b"").is_err());
/// assert!(json::parse(b"{} x").is_err());
/// assert!(json::parse(&[b'['; 100_000]).is_err());
/// # Ok::<(), json::DeserializeError>(())
/// ```
pub fn parse(input: &[u8]) -> Result<Value<'_>, DeserializeError> {
    let mut parser = Parser { input, pos: 0 };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < input.len() {
        return Err(parser.unexpected("end of input"));
    }
    Ok(value)
}

/// Parses an HTTP body: like [`parse`], except that an empty or whitespace-only body
/// yields an empty object.
///
/// awsJson responses for operations without output may have an empty body, which clients
/// must treat like `{}`.
///
/// ```
/// use smithy_runtime::json::{self, Value};
///
/// assert_eq!(json::parse_body(b"")?, Value::Object(vec![]));
/// assert_eq!(json::parse_body(b" \r\n")?, Value::Object(vec![]));
/// assert_eq!(json::parse_body(b"[]")?, Value::Array(vec![]));
/// # Ok::<(), json::DeserializeError>(())
/// ```
pub fn parse_body(body: &[u8]) -> Result<Value<'_>, DeserializeError> {
    if body.iter().all(|&byte| is_whitespace(byte)) {
        Ok(Value::Object(Vec::new()))
    } else {
        parse(body)
    }
}

/// The `f64` nearest to the text of a JSON number (which `f64::from_str` accepts whole).
pub(crate) fn decimal_to_f64(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, message: impl Into<std::borrow::Cow<'static, str>>) -> DeserializeError {
        DeserializeError::custom_at(message, self.pos)
    }

    /// An error saying that `expected` was wanted at the current position.
    fn unexpected(&self, expected: &str) -> DeserializeError {
        let found = match self.peek() {
            None => "end of input".to_owned(),
            Some(byte) if byte.is_ascii_graphic() => format!("`{}`", char::from(byte)),
            Some(byte) => format!("byte 0x{byte:02x}"),
        };
        self.error(format!("expected {expected}, found {found}"))
    }

    /// Parses a value starting at the current (non-whitespace) position. `depth` is the
    /// number of arrays and objects that enclose it.
    fn value(&mut self, depth: usize) -> Result<Value<'a>, DeserializeError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(|text| Value::String(text.into_owned())),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected("a JSON value")),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), DeserializeError> {
        if depth > MAX_DEPTH {
            Err(self.error(format!(
                "arrays and objects are nested more than {MAX_DEPTH} levels deep"
            )))
        } else {
            Ok(())
        }
    }

    fn literal(
        &mut self,
        text: &'static [u8],
        value: Value<'a>,
    ) -> Result<Value<'a>, DeserializeError> {
        if self.input[self.pos..].starts_with(text) {
            self.pos += text.len();
            Ok(value)
        } else {
            let expected = match value {
                Value::Bool(true) => "`true`",
                Value::Bool(false) => "`false`",
                _ => "`null`",
            };
            // Point at the first byte that differs.
            let matching = self.input[self.pos..]
                .iter()
                .zip(text)
                .take_while(|(a, b)| a == b)
                .count();
            self.pos += matching;
            Err(self.error(format!("invalid literal, expected {expected}")))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, DeserializeError> {
        self.enter(depth)?;
        self.pos += 1; // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, DeserializeError> {
        self.enter(depth)?;
        self.pos += 1; // `{`
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:`"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    /// Parses a string starting at its opening quote. The result borrows from the input
    /// unless the string has escape sequences.
    fn string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        self.pos += 1; // `"`
        let input: &'a [u8] = self.input;
        let mut out = String::new();
        loop {
            // Take the longest run of bytes that need no special handling. A multi-byte
            // UTF-8 sequence never contains `"`, `\` or a control byte, so runs always
            // end on a character boundary.
            let start = self.pos;
            let run = plain_run(&input[start..]);
            let text = match std::str::from_utf8(&input[start..start + run]) {
                Ok(text) => text,
                Err(err) => {
                    self.pos = start + err.valid_up_to();
                    return Err(self.error("invalid UTF-8 in string"));
                }
            };
            self.pos = start + run;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    if out.is_empty() {
                        return Ok(Cow::Borrowed(text));
                    }
                    out.push_str(text);
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(text);
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control characters must be escaped in strings")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Decodes the escape sequence starting at the current `\`.
    fn escape(&mut self, out: &mut String) -> Result<(), DeserializeError> {
        let escape_start = self.pos;
        self.pos += 1; // `\`
        let decoded = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let decoded = match unit {
                    0xd800..=0xdbff => {
                        // A high surrogate; combine it with a following low surrogate.
                        let rest = &self.input[self.pos..];
                        if rest.starts_with(b"\\u") {
                            let saved = self.pos;
                            self.pos += 2;
                            let low = self.hex4()?;
                            if (0xdc00..=0xdfff).contains(&low) {
                                let code = 0x10000
                                    + ((u32::from(unit) - 0xd800) << 10)
                                    + (u32::from(low) - 0xdc00);
                                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                            } else {
                                // Not a pair: the second escape is decoded on its own.
                                self.pos = saved;
                                char::REPLACEMENT_CHARACTER
                            }
                        } else {
                            char::REPLACEMENT_CHARACTER
                        }
                    }
                    other => {
                        char::from_u32(u32::from(other)).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                };
                out.push(decoded);
                return Ok(());
            }
            _ => {
                self.pos = escape_start;
                return Err(self.error("invalid escape sequence"));
            }
        };
        self.pos += 1;
        out.push(decoded);
        Ok(())
    }

    /// Reads the four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u16, DeserializeError> {
        let mut unit = 0u16;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(byte @ b'0'..=b'9') => byte - b'0',
                Some(byte @ b'a'..=b'f') => byte - b'a' + 10,
                Some(byte @ b'A'..=b'F') => byte - b'A' + 10,
                _ => return Err(self.unexpected("a hexadecimal digit")),
            };
            unit = unit << 4 | u16::from(digit);
            self.pos += 1;
        }
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value<'a>, DeserializeError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    return Err(self.error("leading zeros are not allowed in numbers"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("a digit")),
        }
        let int_end = self.pos;
        let mut integral = true;
        if self.peek() == Some(b'.') {
            integral = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integral = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }

        if integral {
            // Accumulate the integer exactly while it fits into a u64.
            let mut magnitude = 0u64;
            let mut fits = true;
            for &byte in &self.input[int_start..int_end] {
                match magnitude
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(u64::from(byte - b'0')))
                {
                    Some(next) => magnitude = next,
                    None => {
                        fits = false;
                        break;
                    }
                }
            }
            if fits {
                if !negative {
                    return Ok(Value::Number(Number::PosInt(magnitude)));
                }
                if magnitude != 0 && magnitude <= i64::MIN.unsigned_abs() {
                    return Ok(Value::Number(Number::NegInt(
                        0i64.wrapping_sub_unsigned(magnitude),
                    )));
                }
            }
        }
        // The slice is ASCII (validated above), so it is valid UTF-8, and it matches the
        // JSON number grammar, which `f64::from_str` accepts.
        match std::str::from_utf8(&self.input[start..self.pos]) {
            Ok(text) => Ok(Value::Decimal(Cow::Borrowed(text))),
            Err(_) => Err(DeserializeError::custom_at("invalid number", start)),
        }
    }
}

/// The length of the run of bytes at the start of `bytes` that a string takes as they are:
/// up to the first `"`, `\\` or control byte, or all of them.
///
/// Strings in AWS responses are often long and plain (base64 blobs, documents, ARNs), and a
/// byte-at-a-time search with an early exit does not vectorize; so blocks of 16 bytes are
/// tested whole first (a loop without branches, which the compiler turns into SIMD
/// comparisons), and only the block that holds a special byte is searched byte by byte.
fn plain_run(bytes: &[u8]) -> usize {
    const BLOCK: usize = 16;
    let special = |byte: u8| byte == b'"' || byte == b'\\' || byte < 0x20;
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut plain = 0;
    for block in blocks.by_ref() {
        // Bitwise, not `||`: a branch per byte would keep the loop scalar.
        let found = block.iter().fold(0u8, |found, &byte| {
            found | u8::from(byte == b'"') | u8::from(byte == b'\\') | u8::from(byte < 0x20)
        });
        if found != 0 {
            break;
        }
        plain += BLOCK;
    }
    plain
        + bytes[plain..]
            .iter()
            .position(|&byte| special(byte))
            .unwrap_or(bytes.len() - plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> Value<'_> {
        parse(input.as_bytes()).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
    }

    fn err(input: impl AsRef<[u8]>) -> DeserializeError {
        let input = input.as_ref();
        match parse(input) {
            Ok(value) => panic!(
                "{:?} should fail, got {value:?}",
                String::from_utf8_lossy(input)
            ),
            Err(e) => e,
        }
    }

    fn s(text: &str) -> Value<'_> {
        Value::String(text.to_owned())
    }

    #[test]
    fn literals() {
        assert_eq!(ok("null"), Value::Null);
        assert_eq!(ok("true"), Value::Bool(true));
        assert_eq!(ok("false"), Value::Bool(false));
        assert_eq!(ok(" \t\r\nnull\n"), Value::Null);
        for bad in [
            "nul",
            "nulll",
            "True",
            "fals",
            "tru e",
            "NaN",
            "Infinity",
            "-Infinity",
            "undefined",
        ] {
            err(bad);
        }
        let e = err("nulx");
        assert_eq!(e.offset(), Some(3));
        assert_eq!(e.message(), "invalid literal, expected `null`");
    }

    #[test]
    fn integers() {
        assert_eq!(ok("0"), Value::Number(Number::PosInt(0)));
        assert_eq!(ok("42"), Value::Number(Number::PosInt(42)));
        assert_eq!(ok("-42"), Value::Number(Number::NegInt(-42)));
        assert_eq!(
            ok("18446744073709551615"),
            Value::Number(Number::PosInt(u64::MAX))
        );
        assert_eq!(
            ok("-9223372036854775808"),
            Value::Number(Number::NegInt(i64::MIN))
        );
        // Beyond 64 bits, and negative zero, the text is kept exactly.
        for text in [
            "-9223372036854775809",
            "18446744073709551616",
            "123456789012345678901234567890",
            "-0",
        ] {
            assert_eq!(ok(text), Value::Decimal(text.into()));
        }
        assert_eq!(
            ok("123456789012345678901234567890").as_number(),
            Some(Number::Float(1.2345678901234568e29))
        );
        match ok("-0").as_number() {
            Some(Number::Float(zero)) => {
                assert_eq!(zero, 0.0);
                assert!(zero.is_sign_negative());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn floats() {
        let float = |text| match ok(text) {
            Value::Decimal(kept) => {
                assert_eq!(kept, text, "the text is kept as written");
                match Value::Decimal(kept).as_number() {
                    Some(Number::Float(v)) => v,
                    other => panic!("{text}: {other:?}"),
                }
            }
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(float("1.5"), 1.5);
        assert_eq!(float("-1.5"), -1.5);
        assert_eq!(float("1.0"), 1.0);
        assert_eq!(float("1e3"), 1000.0);
        assert_eq!(float("1E+3"), 1000.0);
        assert_eq!(float("1e-3"), 0.001);
        assert_eq!(float("0.1"), 0.1);
        assert_eq!(float("-0.0"), 0.0);
        assert_eq!(float("1515531081.123"), 1_515_531_081.123);
        assert_eq!(float("123456789.12345679"), 123_456_789.123_456_79);
        assert_eq!(float("1.7976931348623157e308"), f64::MAX);
        assert_eq!(float("5e-324"), 5e-324);
        assert_eq!(float("1e400"), f64::INFINITY);
        assert_eq!(float("-1e400"), f64::NEG_INFINITY);
        assert_eq!(float("1e-400"), 0.0);
    }

    #[test]
    fn bad_numbers() {
        for bad in [
            "01", "-01", "00", "+1", "-", "1.", ".5", "1.e3", "1e", "1e+", "-a", "0x10", "1_000",
            "- 1", "1 2", "--1",
        ] {
            err(bad);
        }
        assert_eq!(err("01").offset(), Some(1));
        assert_eq!(
            err("1.").message(),
            "expected a digit after the decimal point, found end of input"
        );
    }

    #[test]
    fn strings() {
        assert_eq!(ok(r#""""#), s(""));
        assert_eq!(ok(r#""hello""#), s("hello"));
        assert_eq!(ok(r#""\"\\\/\b\f\n\r\t""#), s("\"\\/\u{8}\u{c}\n\r\t"));
        assert_eq!(ok(r#""\u0041\u00e9\u4e2D""#), s("Aé中"));
        assert_eq!(ok(r#""\u0000""#), s("\0"));
        assert_eq!(ok("\"héllo 😀 中文\""), s("héllo 😀 中文"));
        assert_eq!(ok(r#""\ud83d\ude00""#), s("😀"));
        assert_eq!(ok(r#""a\ud83D\uDE00b""#), s("a😀b"));
        assert_eq!(ok("\"\u{7f}\""), s("\u{7f}"));
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte_in_any_block() {
        assert_eq!(plain_run(b""), 0);
        assert_eq!(plain_run(b"abc"), 3);
        for special in [b'"', b'\\', b'\n', 0u8] {
            for at in [0, 5, 15, 16, 17, 31, 32, 40] {
                let mut bytes = vec![b'x'; 48];
                bytes[at] = special;
                assert_eq!(plain_run(&bytes), at, "{special} at {at}");
                // A later special byte does not move the end.
                bytes[47] = b'"';
                assert_eq!(plain_run(&bytes), at, "{special} at {at}, another later");
            }
        }
        assert_eq!(plain_run(&[b'y'; 40]), 40);
        // Against the byte-at-a-time search, on inputs of every length up to three blocks,
        // each byte drawn (by a fixed linear congruential sequence) from plain and special
        // bytes.
        let alphabet = [b'a', b'Z', b'0', 0xc3, 0xa9, b'"', b'\\', b'\t', 0x1f, b' '];
        let mut state: u32 = 1;
        for length in 0..48 {
            for _ in 0..50 {
                let bytes: Vec<u8> = (0..length)
                    .map(|_| {
                        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        // Mostly plain bytes, so that runs are long.
                        let pick = (state >> 16) as usize % 40;
                        alphabet[if pick < 35 { pick % 5 } else { pick - 30 }]
                    })
                    .collect();
                let naive = bytes
                    .iter()
                    .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                    .unwrap_or(bytes.len());
                assert_eq!(plain_run(&bytes), naive, "{bytes:?}");
            }
        }
        let long = format!("\"{}\\n{}\"", "A".repeat(100), "B".repeat(20));
        assert_eq!(
            ok(&long),
            s(&format!("{}\n{}", "A".repeat(100), "B".repeat(20)))
        );
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(ok(r#""\ud800""#), s("\u{fffd}"));
        assert_eq!(ok(r#""\udc00""#), s("\u{fffd}"));
        assert_eq!(ok(r#""\ud800x""#), s("\u{fffd}x"));
        assert_eq!(ok(r#""\ud800\u0041""#), s("\u{fffd}A"));
        assert_eq!(ok(r#""\ud800\ud800\udc00""#), s("\u{fffd}\u{10000}"));
        assert_eq!(ok(r#""\udc00\ud800""#), s("\u{fffd}\u{fffd}"));
        // A broken second escape is still an error.
        err(r#""\ud800\u00""#);
        err(r#""\ud800\""#);
    }

    #[test]
    fn bad_strings() {
        let e = err("\"abc");
        assert_eq!((e.offset(), e.message()), (Some(4), "unterminated string"));
        let e = err("\"a\nb\"");
        assert_eq!(e.offset(), Some(2));
        assert_eq!(e.message(), "control characters must be escaped in strings");
        err("\"\t\"");
        err("\"\u{0}\"");
        let e = err(r#""a\x""#);
        assert_eq!(
            (e.offset(), e.message()),
            (Some(2), "invalid escape sequence")
        );
        err(r#""\u12""#);
        err(r#""\u12G4""#);
        err(r#""\"#);
        err("'single'");
        let e = err(b"\"ab\xff\"");
        assert_eq!(
            (e.offset(), e.message()),
            (Some(3), "invalid UTF-8 in string")
        );
        err(b"\"\xc3\""); // truncated two-byte sequence
        err(b"\"\xed\xa0\x80\""); // UTF-8 encoded surrogate
        err(b"\"\xc0\xaf\""); // overlong encoding
        err(b"\xff");
    }

    #[test]
    fn arrays() {
        assert_eq!(ok("[]"), Value::Array(vec![]));
        assert_eq!(ok("[ ]"), Value::Array(vec![]));
        assert_eq!(
            ok("[1, \"a\" ,null,[true]]"),
            Value::Array(vec![
                Value::Number(Number::PosInt(1)),
                s("a"),
                Value::Null,
                Value::Array(vec![Value::Bool(true)]),
            ])
        );
        for bad in ["[", "[1", "[1,", "[1,]", "[,1]", "[1 2]", "]", "[1}", "[,]"] {
            err(bad);
        }
        assert_eq!(err("[1,]").message(), "expected a JSON value, found `]`");
    }

    #[test]
    fn keys_borrow_from_the_input_unless_escaped() {
        let value = ok(r#"{"plain": 1, "esc\u0061ped": 2, "tab\t": 3, "ünï": 4}"#);
        let members = value.as_object().unwrap();
        let keys: Vec<(&str, bool)> = members
            .iter()
            .map(|(key, _)| (&**key, matches!(key, Cow::Borrowed(_))))
            .collect();
        assert_eq!(
            keys,
            [
                ("plain", true),
                ("escaped", false),
                ("tab\t", false),
                ("ünï", true)
            ]
        );
        let owned: Value<'static> = value.clone().into_owned();
        assert_eq!(owned, value);
    }

    #[test]
    fn objects() {
        assert_eq!(ok("{}"), Value::Object(vec![]));
        assert_eq!(ok(" { } "), Value::Object(vec![]));
        let value = ok(r#"{"a": 1, "b": {"c": []}, "a": 2}"#);
        assert_eq!(
            value,
            Value::Object(vec![
                ("a".into(), Value::Number(Number::PosInt(1))),
                (
                    "b".into(),
                    Value::Object(vec![("c".into(), Value::Array(vec![]))])
                ),
                ("a".into(), Value::Number(Number::PosInt(2))),
            ])
        );
        assert_eq!(value.get("a"), Some(&Value::Number(Number::PosInt(2))));
        assert_eq!(value.get("z"), None);
        assert_eq!(
            ok(r#"{"\u0061\n": 1}"#).get("a\n"),
            Some(&Value::Number(Number::PosInt(1)))
        );
        for bad in [
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "{1:1}",
            "{,}",
            "{\"a\":1 \"b\":2}",
            "{\"a\":1]",
            "{'a':1}",
        ] {
            err(bad);
        }
        assert_eq!(err("{\"a\" 1}").message(), "expected `:`, found `1`");
        assert_eq!(err("{1:1}").message(), "expected a string key, found `1`");
    }

    #[test]
    fn whole_input_is_required() {
        let e = err("");
        assert_eq!(
            (e.offset(), e.message()),
            (Some(0), "expected a JSON value, found end of input")
        );
        err("   ");
        let e = err("{} x");
        assert_eq!(
            (e.offset(), e.message()),
            (Some(3), "expected end of input, found `x`")
        );
        err("{}{}");
        err("1 2");
        err("\u{feff}{}");
        err("{}\0");
        assert_eq!(
            err("{}\0").message(),
            "expected end of input, found byte 0x00"
        );
    }

    #[test]
    fn depth_limit() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(nested(MAX_DEPTH).as_bytes()).is_ok());
        let e = err(nested(MAX_DEPTH + 1));
        assert_eq!(e.offset(), Some(MAX_DEPTH));
        assert!(e.message().contains("nested more than 128 levels"));

        let objects = |depth: usize| format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert!(parse(objects(MAX_DEPTH).as_bytes()).is_ok());
        err(objects(MAX_DEPTH + 1));

        // Far deeper than any stack could recurse: must fail cleanly.
        err(vec![b'['; 100_000]);
        err("{\"a\":[".repeat(100_000));
    }

    #[test]
    fn parse_body_treats_blank_as_empty_object() {
        assert_eq!(parse_body(b"").unwrap(), Value::Object(vec![]));
        assert_eq!(parse_body(b" \n\t\r").unwrap(), Value::Object(vec![]));
        assert_eq!(
            parse_body(b"{\"a\":null}").unwrap().get("a"),
            Some(&Value::Null)
        );
        assert!(parse_body(b"{").is_err());
        assert!(parse_body(b"\x0c").is_err());
    }

    #[test]
    fn value_accessors() {
        let value = ok(r#"{"s":"x","b":true,"n":1.5,"a":[null],"o":{}}"#);
        assert_eq!(value.type_name(), "object");
        assert_eq!(value.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(value.get("b").and_then(Value::as_bool), Some(true));
        assert_eq!(
            value.get("n").and_then(Value::as_number),
            Some(Number::Float(1.5))
        );
        assert_eq!(
            value.get("a").and_then(Value::as_array).map(<[_]>::len),
            Some(1)
        );
        assert_eq!(
            value.get("o").and_then(Value::as_object).map(<[_]>::len),
            Some(0)
        );
        assert!(value.get("a").unwrap().as_array().unwrap()[0].is_null());
        assert_eq!(Value::Null.as_str(), None);
        assert_eq!(Value::Null.as_bool(), None);
        assert_eq!(Value::Null.as_number(), None);
        assert_eq!(Value::Null.as_array(), None);
        assert_eq!(Value::Null.as_object(), None);
        assert_eq!(Value::Null.get("s"), None);
        assert_eq!(Value::default(), Value::Null);
        let names: Vec<_> = [
            Value::Null,
            Value::Bool(false),
            Value::Number(Number::PosInt(1)),
            s(""),
            Value::Array(vec![]),
            Value::Object(vec![]),
        ]
        .iter()
        .map(Value::type_name)
        .collect();
        assert_eq!(
            names,
            ["null", "boolean", "number", "string", "array", "object"]
        );
    }

    #[test]
    fn never_panics_on_truncations() {
        let text = r#"{"a":[1,-2.5e-3,"\u00e9\ud83d\ude00",true,false,null,{"b":{}}],"c":"x"}"#;
        assert!(parse(text.as_bytes()).is_ok());
        for end in 0..text.len() {
            assert!(parse(&text.as_bytes()[..end]).is_err(), "prefix {end}");
        }
        // Every single-byte corruption either parses or fails; none panics.
        for index in 0..text.len() {
            for byte in [0u8, b'"', b'\\', b'{', b'[', b'-', b'e', 0xff, 0x80] {
                let mut corrupt = text.as_bytes().to_vec();
                corrupt[index] = byte;
                let _ = parse(&corrupt);
            }
        }
    }
}
