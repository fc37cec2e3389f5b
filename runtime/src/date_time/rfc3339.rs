//! RFC 3339 (ISO 8601 profile) date-times such as `2019-12-16T23:48:18.52Z`.

use super::civil::{civil_from_days, SECS_PER_DAY};
use super::scan::Scanner;
use super::{CivilParts, DateTime, DateTimeFormatError, DateTimeParseError};
use std::fmt::Write;

/// First second that can be written: `0001-01-01T00:00:00Z`.
pub(crate) const MIN_SECS: i64 = -62_135_596_800;
/// Last second that can be written: `9999-12-31T23:59:59Z`.
pub(crate) const MAX_SECS: i64 = 253_402_300_799;

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
///
/// The separator may be `T` or `t` and the UTC designator `Z` or `z`. Any number of
/// fractional digits is accepted (digits past nanosecond precision are ignored), and
/// offsets are applied so the result is in UTC. Surrounding whitespace is ignored.
pub(crate) fn parse(input: &str) -> Result<DateTime, DateTimeParseError> {
    let text = input.trim();
    let mut scan = Scanner::new(text);
    let year = scan.digits(4, "year")?;
    scan.expect(b'-', "after the year")?;
    let month = scan.digits(2, "month")?;
    scan.expect(b'-', "after the month")?;
    let day = scan.digits(2, "day")?;
    match scan.next_byte() {
        Some(b'T' | b't') => {}
        _ => {
            return Err(DateTimeParseError::new(
                "expected `T` between the date and the time",
            ))
        }
    }
    let hour = scan.digits(2, "hour")?;
    scan.expect(b':', "after the hour")?;
    let minute = scan.digits(2, "minute")?;
    scan.expect(b':', "after the minute")?;
    let second = scan.digits(2, "second")?;
    let nanos = if scan.peek() == Some(b'.') {
        scan.next_byte();
        scan.fraction_nanos()?
    } else {
        0
    };
    let offset_secs = match scan.next_byte() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = scan.digits(2, "offset hours")?;
            scan.expect(b':', "in the offset")?;
            let minutes = scan.digits(2, "offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err(DateTimeParseError::new("offset out of range"));
            }
            let secs = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => {
            return Err(DateTimeParseError::new(
                "expected `Z` or a `+HH:MM`/`-HH:MM` offset after the time",
            ))
        }
    };
    if !scan.is_done() {
        return Err(DateTimeParseError::new(
            "unexpected text after the date-time",
        ));
    }
    CivilParts {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        second,
        nanos,
    }
    .to_date_time(offset_secs)
}

/// Formats as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
///
/// Sub-second precision is truncated to microseconds and trailing zeros are dropped; the
/// fraction is left out entirely when it would be zero.
pub(crate) fn format(value: &DateTime) -> Result<String, DateTimeFormatError> {
    let secs = value.secs();
    if !(MIN_SECS..=MAX_SECS).contains(&secs) {
        return Err(DateTimeFormatError::new(
            "RFC 3339 date-times can only represent years 0001 through 9999",
        ));
    }
    let (year, month, day) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
    let secs_of_day = secs.rem_euclid(SECS_PER_DAY);
    let (hour, minute, second) = (secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60);
    let mut out = String::with_capacity(27);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
    );
    let micros = value.subsec_nanos() / 1_000;
    if micros != 0 {
        let digits = format!("{micros:06}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> DateTime {
        parse(s).unwrap_or_else(|e| panic!("`{s}` should parse: {e}"))
    }

    #[test]
    fn parses_basic_values() {
        assert_eq!(
            parse_ok("2019-12-16T23:48:18Z"),
            DateTime::from_secs(1_576_540_098)
        );
        assert_eq!(parse_ok("1970-01-01T00:00:00Z"), DateTime::from_secs(0));
        assert_eq!(parse_ok("1969-12-31T23:59:59Z"), DateTime::from_secs(-1));
        assert_eq!(parse_ok("0001-01-01T00:00:00Z").secs(), MIN_SECS);
        assert_eq!(parse_ok("9999-12-31T23:59:59Z").secs(), MAX_SECS);
        assert_eq!(parse_ok("2019-12-16t23:48:18z").secs(), 1_576_540_098);
        assert_eq!(parse_ok("  2019-12-16T23:48:18Z\n").secs(), 1_576_540_098);
    }

    #[test]
    fn parses_fractions() {
        assert_eq!(
            parse_ok("1985-04-12T23:20:50.52Z"),
            DateTime::from_secs_and_nanos(482_196_050, 520_000_000)
        );
        assert_eq!(
            parse_ok("1985-04-12T23:20:50.000000001Z"),
            DateTime::from_secs_and_nanos(482_196_050, 1)
        );
        // Digits past nanoseconds are ignored rather than rejected.
        assert_eq!(
            parse_ok("1985-04-12T23:20:50.1234567899999Z"),
            DateTime::from_secs_and_nanos(482_196_050, 123_456_789)
        );
        assert_eq!(
            parse_ok("1969-12-31T23:59:59.5Z"),
            DateTime::from_secs_and_nanos(-1, 500_000_000)
        );
    }

    #[test]
    fn applies_offsets() {
        let utc = parse_ok("2019-12-16T23:48:18Z");
        assert_eq!(parse_ok("2019-12-17T00:48:18+01:00"), utc);
        assert_eq!(parse_ok("2019-12-16T18:18:18-05:30"), utc);
        assert_eq!(parse_ok("2019-12-16T23:48:18+00:00"), utc);
        assert_eq!(parse_ok("2019-12-16T23:48:18-00:00"), utc);
        // Offsets can move the instant into another year.
        assert_eq!(
            parse_ok("1970-01-01T00:30:00+01:00"),
            DateTime::from_secs(-1800)
        );
        assert_eq!(
            parse_ok("9999-12-31T23:59:59-23:59").secs(),
            MAX_SECS + 23 * 3600 + 59 * 60
        );
    }

    #[test]
    fn leap_days_and_seconds() {
        assert_eq!(parse_ok("2000-02-29T00:00:00Z").secs(), 951_782_400);
        assert_eq!(parse_ok("2024-02-29T12:00:00Z").secs(), 1_709_208_000);
        assert!(parse("2023-02-29T00:00:00Z").is_err());
        assert!(parse("1900-02-29T00:00:00Z").is_err());
        // A leap second is folded into the last nanosecond of the preceding second.
        assert_eq!(
            parse_ok("2016-12-31T23:59:60Z"),
            DateTime::from_secs_and_nanos(1_483_228_799, 999_999_999)
        );
        assert!(parse("2016-12-31T23:58:60Z").is_err());
    }

    #[test]
    fn rejects_invalid_input() {
        for bad in [
            "",
            "2019",
            "2019-12-16",
            "2019-12-16T23:48Z",
            "2019-12-16T23:48:18",
            "2019-12-16 23:48:18Z",
            "2019-12-16T23:48:18ZZ",
            "2019-12-16T23:48:18.Z",
            "2019-12-16T23:48:18+0100",
            "2019-12-16T23:48:18+24:00",
            "2019-12-16T23:48:18+01:60",
            "2019-13-16T23:48:18Z",
            "2019-00-16T23:48:18Z",
            "2019-12-00T23:48:18Z",
            "2019-12-32T23:48:18Z",
            "2019-04-31T23:48:18Z",
            "2019-12-16T24:00:00Z",
            "2019-12-16T23:60:00Z",
            "2019-12-16T23:59:61Z",
            "19-12-16T23:48:18Z",
            "+2019-12-16T23:48:18Z",
            "2019-12-16T23:48:18.5éZ",
            "２０１９-12-16T23:48:18Z",
            "2019-1a-16T23:48:18Z",
        ] {
            assert!(parse(bad).is_err(), "`{bad}` should be rejected");
        }
    }

    #[test]
    fn formats() {
        let f = |secs, nanos| format(&DateTime::from_secs_and_nanos(secs, nanos)).unwrap();
        assert_eq!(f(1_576_540_098, 0), "2019-12-16T23:48:18Z");
        assert_eq!(f(1_576_540_098, 520_000_000), "2019-12-16T23:48:18.52Z");
        assert_eq!(f(1_576_540_098, 123_456_789), "2019-12-16T23:48:18.123456Z");
        assert_eq!(f(1_576_540_098, 999), "2019-12-16T23:48:18Z");
        assert_eq!(f(1_576_540_098, 1_000), "2019-12-16T23:48:18.000001Z");
        assert_eq!(f(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(f(-1, 0), "1969-12-31T23:59:59Z");
        assert_eq!(f(-1, 500_000_000), "1969-12-31T23:59:59.5Z");
        assert_eq!(f(MIN_SECS, 0), "0001-01-01T00:00:00Z");
        assert_eq!(f(MAX_SECS, 999_999_999), "9999-12-31T23:59:59.999999Z");
        assert_eq!(f(951_782_400, 0), "2000-02-29T00:00:00Z");
        assert!(format(&DateTime::from_secs(MIN_SECS - 1)).is_err());
        assert!(format(&DateTime::from_secs(MAX_SECS + 1)).is_err());
        assert!(format(&DateTime::from_secs(i64::MIN)).is_err());
        assert!(format(&DateTime::from_secs(i64::MAX)).is_err());
    }

    #[test]
    fn round_trips_at_microsecond_precision() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let secs = MIN_SECS + (state % (MAX_SECS - MIN_SECS + 1) as u64) as i64;
            let nanos = ((state >> 20) % 1_000_000) as u32 * 1_000;
            let value = DateTime::from_secs_and_nanos(secs, nanos);
            assert_eq!(parse_ok(&format(&value).unwrap()), value);
        }
    }
}
