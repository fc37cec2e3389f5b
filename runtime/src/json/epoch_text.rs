//! Epoch-seconds timestamps from the decimal text of a JSON number, exactly.
//!
//! `946845296.123` is 123 milliseconds past the second; read as an `f64` it is
//! `946845296.12299990654...`, a few dozen nanoseconds short. This turns the text into whole
//! seconds and nanoseconds without going through binary floating point, in any notation
//! (`1.515531081123E9` too, as services that write doubles in scientific notation send
//! timestamps). `aws-smithy-types`' epoch-seconds parser reads only plain decimals, so this is
//! written here.
//!
//! One file, two users: the runtime's JSON reader (timestamps on the wire), and the
//! generator, which includes this file by path for `@default` and protocol-test values, so
//! that a default and the same number on the wire are the same instant. It therefore uses
//! nothing but `core`.

/// The whole seconds (rounded toward negative infinity) and the nanoseconds past them of
/// the JSON number `text`, as `DateTime::from_secs_and_nanos` takes them.
///
/// Digits beyond the nanosecond are dropped, as the runtime's epoch-seconds reader drops
/// them, so a default and the same number on the wire are the same instant. `None` when
/// `text` is not a JSON number or the instant is beyond `i64` seconds.
pub(crate) fn parse(text: &str) -> Option<(i64, u32)> {
    const NANOS_PER_SEC: i128 = 1_000_000_000;
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        // Beyond `i64`, every digit is either out of range or far below a nanosecond.
        Some(at) => (&unsigned[..at], parse_exponent(&unsigned[at + 1..])?),
        None => (unsigned, 0),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if integer.is_empty() || (mantissa.contains('.') && fraction.is_empty()) {
        return None;
    }
    let digits = || integer.bytes().chain(fraction.bytes());
    if !digits().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The value is `digits × 10^(exponent - fraction digits)`; in nanoseconds, 9 more.
    let scale = exponent
        .saturating_sub(i64::try_from(fraction.len()).ok()?)
        .saturating_add(9);
    let significant = digits().skip_while(|b| *b == b'0');
    // A negative scale: the last digits are past the nanosecond.
    let kept = i64::try_from(significant.clone().count())
        .ok()?
        .saturating_add(scale.min(0));
    let mut magnitude: i128 = 0;
    for digit in significant.take(usize::try_from(kept).unwrap_or(0)) {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(i128::from(digit - b'0'))?;
    }
    if scale > 0 && magnitude != 0 {
        let factor = 10i128.checked_pow(u32::try_from(scale).unwrap_or(u32::MAX))?;
        magnitude = magnitude.checked_mul(factor)?;
    }
    let nanos = if negative { -magnitude } else { magnitude };
    let secs = i64::try_from(nanos.div_euclid(NANOS_PER_SEC)).ok()?;
    let subsec = u32::try_from(nanos.rem_euclid(NANOS_PER_SEC)).ok()?;
    Some((secs, subsec))
}

/// The exponent of a JSON number (`+` or `-` and digits), saturated to `i64`.
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn fractions_are_exact_to_the_nanosecond() {
        assert_eq!(parse("946845296.123"), Some((946_845_296, 123_000_000)));
        assert_eq!(
            parse("946845296.123456789"),
            Some((946_845_296, 123_456_789))
        );
        assert_eq!(parse("0.000000001"), Some((0, 1)));
        assert_eq!(parse("1.5"), Some((1, 500_000_000)));
        assert_eq!(parse("1.50"), Some((1, 500_000_000)));
    }

    #[test]
    fn whole_seconds_and_exponents() {
        assert_eq!(parse("0"), Some((0, 0)));
        assert_eq!(parse("1515531081"), Some((1_515_531_081, 0)));
        assert_eq!(parse("1.5e3"), Some((1500, 0)));
        assert_eq!(parse("15E-1"), Some((1, 500_000_000)));
        assert_eq!(parse("1.2345e2"), Some((123, 450_000_000)));
        assert_eq!(parse("9.46845296123E8"), Some((946_845_296, 123_000_000)));
        assert_eq!(parse("1e+2"), Some((100, 0)));
        assert_eq!(parse("0e999999"), Some((0, 0)));
        assert_eq!(parse("1e-99999999999999999999"), Some((0, 0)));
        assert_eq!(parse("0e99999999999999999999"), Some((0, 0)));
    }

    #[test]
    fn negative_instants_count_nanoseconds_forward_from_an_earlier_second() {
        assert_eq!(parse("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(parse("-0.000000001"), Some((-1, 999_999_999)));
        assert_eq!(parse("-3"), Some((-3, 0)));
        assert_eq!(parse("-0"), Some((0, 0)));
    }

    #[test]
    fn digits_past_the_nanosecond_are_dropped() {
        assert_eq!(parse("1.0000000019"), Some((1, 1)));
        assert_eq!(parse("-1.0000000019"), Some((-2, 999_999_999)));
        assert_eq!(parse("0.9999999999"), Some((0, 999_999_999)));
        assert_eq!(parse("1e-300"), Some((0, 0)));
        assert_eq!(parse("-1e-300"), Some((0, 0)));
    }

    #[test]
    fn out_of_range_and_malformed_numbers_have_no_instant() {
        assert_eq!(
            parse("9223372036854775807.999999999"),
            Some((i64::MAX, 999_999_999))
        );
        assert_eq!(parse("9223372036854775808"), None);
        assert_eq!(parse("-9223372036854775808"), Some((i64::MIN, 0)));
        assert_eq!(parse("-9223372036854775808.5"), None);
        assert_eq!(parse("1e30"), None);
        assert_eq!(parse("1e99999999999999999999"), None);
        assert_eq!(parse(&format!("1{}", "0".repeat(100))), None);
        for malformed in [
            "", "-", ".5", "1.", "1e", "1.2.3", "abc", "1_000", "+1", "0x10",
        ] {
            assert_eq!(parse(malformed), None, "{malformed:?}");
        }
    }
}
