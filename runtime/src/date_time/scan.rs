//! A tiny byte cursor shared by the date-time parsers.

use super::DateTimeParseError;

pub(crate) struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Self {
            bytes: input.as_bytes(),
            pos: 0,
        }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(crate) fn next_byte(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    /// Consumes `expected` or fails with a message naming `what`.
    pub(crate) fn expect(&mut self, expected: u8, what: &str) -> Result<(), DateTimeParseError> {
        match self.next_byte() {
            Some(byte) if byte == expected => Ok(()),
            _ => Err(DateTimeParseError::new(format!(
                "expected `{}` {what}",
                char::from(expected)
            ))),
        }
    }

    /// Reads exactly `count` ASCII digits as a number.
    pub(crate) fn digits(&mut self, count: usize, what: &str) -> Result<u32, DateTimeParseError> {
        let mut value = 0u32;
        for _ in 0..count {
            match self.peek() {
                Some(byte @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(byte - b'0');
                    self.pos += 1;
                }
                _ => {
                    return Err(DateTimeParseError::new(format!(
                        "expected {count} digits for the {what}"
                    )))
                }
            }
        }
        Ok(value)
    }

    /// Reads one or more digits following a decimal point and returns them as nanoseconds.
    ///
    /// Digits beyond the ninth are checked but do not contribute to the result.
    pub(crate) fn fraction_nanos(&mut self) -> Result<u32, DateTimeParseError> {
        let start = self.pos;
        let mut nanos = 0u32;
        let mut scale = 100_000_000u32;
        while let Some(byte @ b'0'..=b'9') = self.peek() {
            nanos += u32::from(byte - b'0') * scale;
            scale /= 10;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(DateTimeParseError::new(
                "expected at least one digit after the decimal point",
            ));
        }
        Ok(nanos)
    }

    pub(crate) fn is_done(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

/// Parses a whole token made only of ASCII digits (at most 9 of them).
pub(crate) fn parse_number(token: &str, what: &str) -> Result<u32, DateTimeParseError> {
    if token.is_empty() || token.len() > 9 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateTimeParseError::new(format!("invalid {what} `{token}`")));
    }
    token
        .parse()
        .map_err(|_| DateTimeParseError::new(format!("invalid {what} `{token}`")))
}
