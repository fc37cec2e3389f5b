//! Seconds since the Unix epoch written as a decimal number, such as `1576540098.52`.

use super::{DateTime, DateTimeParseError, NANOS_PER_SECOND};

/// Formats as whole seconds, followed by up to nine fractional digits when the value is not
/// a whole second (trailing zeros removed).
pub(crate) fn format(value: &DateTime) -> String {
    let (secs, nanos) = (value.secs(), value.subsec_nanos());
    if nanos == 0 {
        return secs.to_string();
    }
    // `DateTime` always counts nanoseconds forwards from `secs`, so a negative instant with
    // a fraction lies between `secs + 1` and `secs`; write it as `-(|secs + 1|).fraction`.
    let text = if secs < 0 {
        format!(
            "-{}.{:09}",
            secs.unsigned_abs() - 1,
            NANOS_PER_SECOND - nanos
        )
    } else {
        format!("{secs}.{nanos:09}")
    };
    text.trim_end_matches('0').to_string()
}

/// Parses `[+-]digits[.digits]`, or a number in exponent notation such as `1.5e9`.
///
/// Fractional digits past nanosecond precision are ignored. Surrounding whitespace is
/// ignored.
pub(crate) fn parse(input: &str) -> Result<DateTime, DateTimeParseError> {
    let text = input.trim();
    if text.contains(['e', 'E']) {
        return parse_exponent(text);
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateTimeParseError::new(
            "expected an integer number of seconds",
        ));
    }
    let significant = whole.trim_start_matches('0');
    // Anything longer than 20 digits is certainly out of range (and would not fit the
    // intermediate `i128` arithmetic below either).
    let whole: i128 = match significant.len() {
        0 => 0,
        1..=20 => significant
            .parse()
            .map_err(|_| DateTimeParseError::new("epoch seconds out of range"))?,
        _ => return Err(DateTimeParseError::new("epoch seconds out of range")),
    };
    let mut nanos = 0u32;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateTimeParseError::new(
                "expected digits after the decimal point",
            ));
        }
        let mut scale = 100_000_000;
        for digit in fraction.bytes().take(9) {
            nanos += u32::from(digit - b'0') * scale;
            scale /= 10;
        }
    }
    let total = if negative {
        -(whole * i128::from(NANOS_PER_SECOND) + i128::from(nanos))
    } else {
        whole * i128::from(NANOS_PER_SECOND) + i128::from(nanos)
    };
    DateTime::from_nanos(total).map_err(|_| DateTimeParseError::new("epoch seconds out of range"))
}

fn parse_exponent(text: &str) -> Result<DateTime, DateTimeParseError> {
    let invalid = || DateTimeParseError::new("invalid epoch seconds");
    // Only plain decimal syntax is allowed; this rules out `inf`, `NaN` and the like.
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return Err(invalid());
    }
    let value: f64 = text.parse().map_err(|_| invalid())?;
    // 2^63 seconds is the first value that no longer fits into an `i64`.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&value) {
        return Err(DateTimeParseError::new("epoch seconds out of range"));
    }
    Ok(DateTime::from_secs_f64(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> DateTime {
        parse(s).unwrap_or_else(|e| panic!("`{s}` should parse: {e}"))
    }

    #[test]
    fn formats() {
        let f = |secs, nanos| format(&DateTime::from_secs_and_nanos(secs, nanos));
        assert_eq!(f(1_576_540_098, 0), "1576540098");
        assert_eq!(f(1_576_540_098, 520_000_000), "1576540098.52");
        assert_eq!(f(1_576_540_098, 1), "1576540098.000000001");
        assert_eq!(f(0, 0), "0");
        assert_eq!(f(-1, 0), "-1");
        assert_eq!(f(-1, 500_000_000), "-0.5");
        assert_eq!(f(-2, 750_000_000), "-1.25");
        assert_eq!(f(-1, 999_999_999), "-0.000000001");
        assert_eq!(f(i64::MAX, 999_999_999), "9223372036854775807.999999999");
        assert_eq!(f(i64::MIN, 0), "-9223372036854775808");
        assert_eq!(f(i64::MIN, 1), "-9223372036854775807.999999999");
    }

    #[test]
    fn parses() {
        assert_eq!(parse_ok("1576540098"), DateTime::from_secs(1_576_540_098));
        assert_eq!(
            parse_ok("1515531081.123"),
            DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000)
        );
        assert_eq!(
            parse_ok("1515531081.1234567891"),
            DateTime::from_secs_and_nanos(1_515_531_081, 123_456_789)
        );
        assert_eq!(parse_ok("+5"), DateTime::from_secs(5));
        assert_eq!(parse_ok(" 5 "), DateTime::from_secs(5));
        assert_eq!(
            parse_ok("0005.5"),
            DateTime::from_secs_and_nanos(5, 500_000_000)
        );
        assert_eq!(parse_ok("-0"), DateTime::from_secs(0));
        assert_eq!(parse_ok("-0.0"), DateTime::from_secs(0));
        assert_eq!(parse_ok("-1"), DateTime::from_secs(-1));
        assert_eq!(
            parse_ok("-0.5"),
            DateTime::from_secs_and_nanos(-1, 500_000_000)
        );
        assert_eq!(
            parse_ok("-1.25"),
            DateTime::from_secs_and_nanos(-2, 750_000_000)
        );
        assert_eq!(parse_ok("9223372036854775807").secs(), i64::MAX);
        assert_eq!(parse_ok("-9223372036854775808").secs(), i64::MIN);
        assert_eq!(
            parse_ok("-9223372036854775807.5"),
            DateTime::from_secs_and_nanos(i64::MIN, 500_000_000)
        );
    }

    #[test]
    fn parses_exponent_notation() {
        assert_eq!(parse_ok("1.5e9"), DateTime::from_secs(1_500_000_000));
        assert_eq!(
            parse_ok("15E-1"),
            DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert_eq!(
            parse_ok("-2.5e0"),
            DateTime::from_secs_and_nanos(-3, 500_000_000)
        );
        assert!(parse("1e19").is_err());
        assert!(parse("-1e19").is_err());
        assert!(parse("1e400").is_err());
        assert!(parse("e5").is_err());
        assert!(parse("1e").is_err());
    }

    #[test]
    fn rejects_invalid_input() {
        for bad in [
            "",
            "-",
            "+",
            ".",
            ".5",
            "5.",
            "1.2.3",
            "1.-2",
            "1.+2",
            "--1",
            "+-1",
            "1 2",
            "abc",
            "NaN",
            "inf",
            "infinity",
            "0x10",
            "9223372036854775808",
            "-9223372036854775808.5",
            "99999999999999999999999999999999999999999999",
            "１",
        ] {
            assert!(parse(bad).is_err(), "`{bad}` should be rejected");
        }
    }

    #[test]
    fn round_trips() {
        for &(secs, nanos) in &[
            (0, 0),
            (0, 1),
            (-1, 1),
            (-1, 999_999_999),
            (1_576_540_098, 520_000_000),
            (-62_135_596_800, 0),
            (i64::MAX, 999_999_999),
            (i64::MIN, 0),
            (i64::MIN, 1),
        ] {
            let value = DateTime::from_secs_and_nanos(secs, nanos);
            assert_eq!(parse_ok(&format(&value)), value);
        }
    }
}
