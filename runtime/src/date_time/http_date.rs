//! HTTP dates (RFC 7231 section 7.1.1.1), such as `Mon, 16 Dec 2019 23:48:18 GMT`.

use super::civil::{civil_from_days, weekday_from_days, SECS_PER_DAY};
use super::rfc3339::{MAX_SECS, MIN_SECS};
use super::scan::{parse_number, Scanner};
use super::{CivilParts, DateTime, DateTimeFormatError, DateTimeParseError};

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Accepts a three-letter or full English weekday name, ignoring case.
fn is_weekday(name: &str) -> bool {
    WEEKDAYS
        .iter()
        .any(|full| name.eq_ignore_ascii_case(full) || name.eq_ignore_ascii_case(&full[..3]))
}

/// Returns the month number (1-12) for a three-letter English month name, ignoring case.
fn month_number(name: &str) -> Result<u32, DateTimeParseError> {
    MONTHS
        .iter()
        .position(|m| name.eq_ignore_ascii_case(m))
        .map(|index| index as u32 + 1)
        .ok_or_else(|| DateTimeParseError::new(format!("unknown month `{name}`")))
}

/// Parses `HH:MM:SS` with an optional fraction into `(hour, minute, second, nanos)`.
fn parse_time(token: &str) -> Result<(u32, u32, u32, u32), DateTimeParseError> {
    let mut scan = Scanner::new(token);
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
    if !scan.is_done() {
        return Err(DateTimeParseError::new(format!("invalid time `{token}`")));
    }
    Ok((hour, minute, second, nanos))
}

/// Parses the zone, returning its offset from UTC in seconds.
fn parse_zone(token: &str) -> Result<i64, DateTimeParseError> {
    if ["GMT", "UTC", "UT"]
        .iter()
        .any(|zone| token.eq_ignore_ascii_case(zone))
    {
        return Ok(0);
    }
    let bytes = token.as_bytes();
    if bytes.len() == 5 && matches!(bytes[0], b'+' | b'-') {
        let hours = parse_number(&token[1..3], "zone offset")?;
        let minutes = parse_number(&token[3..5], "zone offset")?;
        if hours <= 23 && minutes <= 59 {
            let secs = i64::from(hours * 3600 + minutes * 60);
            return Ok(if bytes[0] == b'-' { -secs } else { secs });
        }
    }
    Err(DateTimeParseError::new(format!(
        "unsupported zone `{token}`"
    )))
}

/// Parses a day of the month written with one or two digits.
fn parse_day(token: &str) -> Result<u32, DateTimeParseError> {
    if token.len() > 2 {
        return Err(DateTimeParseError::new(format!("invalid day `{token}`")));
    }
    parse_number(token, "day")
}

/// Parses a four-digit year.
fn parse_year(token: &str) -> Result<i64, DateTimeParseError> {
    if token.len() != 4 {
        return Err(DateTimeParseError::new(format!(
            "expected a four-digit year, found `{token}`"
        )));
    }
    parse_number(token, "year").map(i64::from)
}

/// Builds the instant from the textual fields shared by all three layouts.
fn assemble(
    year: i64,
    month: &str,
    day: &str,
    time: &str,
    offset_secs: i64,
) -> Result<DateTime, DateTimeParseError> {
    let (hour, minute, second, nanos) = parse_time(time)?;
    CivilParts {
        year,
        month: month_number(month)?,
        day: parse_day(day)?,
        hour,
        minute,
        second,
        nanos,
    }
    .to_date_time(offset_secs)
}

/// Parses an HTTP date.
///
/// Accepted layouts, with surrounding whitespace ignored:
/// * IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, optionally with fractional seconds
///   and optionally without the weekday;
/// * the obsolete RFC 850 layout, `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit years
///   below 70 are taken as 20xx, the others as 19xx);
/// * the obsolete asctime layout, `Sun Nov  6 08:49:37 1994`.
///
/// Names are matched without regard to case, the day may have one or two digits, the
/// weekday is not checked against the date, and besides `GMT` the zones `UTC`, `UT` and
/// numeric `+HHMM`/`-HHMM` offsets are understood.
pub(crate) fn parse(input: &str) -> Result<DateTime, DateTimeParseError> {
    let text = input.trim();
    if !text.is_ascii() {
        return Err(DateTimeParseError::new("HTTP dates must be ASCII"));
    }
    let (weekday, rest) = match text.split_once(',') {
        Some((weekday, rest)) => (Some(weekday.trim()), rest),
        None => (None, text),
    };
    if let Some(weekday) = weekday {
        if !is_weekday(weekday) {
            return Err(DateTimeParseError::new(format!(
                "unknown weekday `{weekday}`"
            )));
        }
    }
    let tokens: Vec<&str> = rest.split_ascii_whitespace().collect();
    match (weekday, tokens.as_slice()) {
        // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`
        (Some(_), [date, time, zone]) => {
            let mut parts = date.split('-');
            let (Some(day), Some(month), Some(year), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(DateTimeParseError::new(format!("invalid date `{date}`")));
            };
            let year = match year.len() {
                2 => {
                    let short = i64::from(parse_number(year, "year")?);
                    if short < 70 {
                        2000 + short
                    } else {
                        1900 + short
                    }
                }
                _ => parse_year(year)?,
            };
            assemble(year, month, day, time, parse_zone(zone)?)
        }
        // asctime: `Sun Nov  6 08:49:37 1994`
        (None, [weekday, month, day, time, year]) if is_weekday(weekday) => {
            assemble(parse_year(year)?, month, day, time, 0)
        }
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`, the weekday being optional
        (_, [day, month, year, time, zone]) => {
            assemble(parse_year(year)?, month, day, time, parse_zone(zone)?)
        }
        _ => Err(DateTimeParseError::new(
            "expected a date like `Sun, 06 Nov 1994 08:49:37 GMT`",
        )),
    }
}

/// Formats as an IMF-fixdate, for example `Mon, 16 Dec 2019 23:48:18 GMT`.
///
/// Sub-second precision is dropped; only years 0001 through 9999 can be written.
pub(crate) fn format(value: &DateTime) -> Result<String, DateTimeFormatError> {
    let secs = value.secs();
    if !(MIN_SECS..=MAX_SECS).contains(&secs) {
        return Err(DateTimeFormatError::new(
            "HTTP dates can only represent years 0001 through 9999",
        ));
    }
    let days = secs.div_euclid(SECS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let secs_of_day = secs.rem_euclid(SECS_PER_DAY);
    Ok(format!(
        "{weekday}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02} GMT",
        weekday = &WEEKDAYS[weekday_from_days(days) as usize][..3],
        month = MONTHS[month as usize - 1],
        hour = secs_of_day / 3600,
        minute = secs_of_day / 60 % 60,
        second = secs_of_day % 60,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> DateTime {
        parse(s).unwrap_or_else(|e| panic!("`{s}` should parse: {e}"))
    }

    #[test]
    fn formats() {
        let f = |secs| format(&DateTime::from_secs(secs)).unwrap();
        assert_eq!(f(1_576_540_098), "Mon, 16 Dec 2019 23:48:18 GMT");
        assert_eq!(f(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(f(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(f(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
        assert_eq!(f(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(f(MIN_SECS), "Mon, 01 Jan 0001 00:00:00 GMT");
        assert_eq!(f(MAX_SECS), "Fri, 31 Dec 9999 23:59:59 GMT");
        assert_eq!(
            format(&DateTime::from_secs_and_nanos(0, 999_999_999)).unwrap(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert!(format(&DateTime::from_secs(MIN_SECS - 1)).is_err());
        assert!(format(&DateTime::from_secs(MAX_SECS + 1)).is_err());
    }

    #[test]
    fn parses_imf_fixdate() {
        assert_eq!(
            parse_ok("Mon, 16 Dec 2019 23:48:18 GMT"),
            DateTime::from_secs(1_576_540_098)
        );
        assert_eq!(
            parse_ok("Mon, 16 Dec 2019 23:48:18.123 GMT"),
            DateTime::from_secs_and_nanos(1_576_540_098, 123_000_000)
        );
        assert_eq!(
            parse_ok("Mon, 16 Dec 2019 23:48:18.5 GMT"),
            DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000)
        );
        assert_eq!(parse_ok("Wed, 31 Dec 1969 23:59:59 GMT").secs(), -1);
        assert_eq!(parse_ok("Mon, 01 Jan 0001 00:00:00 GMT").secs(), MIN_SECS);
        assert_eq!(parse_ok("Fri, 31 Dec 9999 23:59:59 GMT").secs(), MAX_SECS);
        assert_eq!(
            parse_ok("Tue, 29 Feb 2000 00:00:00 GMT").secs(),
            951_782_400
        );
    }

    #[test]
    fn parses_leniently() {
        let expected = DateTime::from_secs(784_111_777);
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "  Sun, 06 Nov 1994 08:49:37 GMT  ",
            "sun, 06 nov 1994 08:49:37 gmt",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun,06 Nov 1994  08:49:37 GMT",
            "Sunday, 06 Nov 1994 08:49:37 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 09:49:37 +0100",
            "Sun, 06 Nov 1994 03:19:37 -0530",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994",
        ] {
            assert_eq!(parse_ok(text), expected, "parsing `{text}`");
        }
        assert_eq!(
            parse_ok("Thursday, 01-Jan-70 00:00:00 GMT"),
            DateTime::from_secs(0)
        );
        assert_eq!(
            parse_ok("Friday, 01-Jan-38 00:00:00 GMT"),
            parse_ok("Fri, 01 Jan 2038 00:00:00 GMT")
        );
    }

    #[test]
    fn rejects_invalid_input() {
        for bad in [
            "",
            "GMT",
            "Sun, 06 Nov 1994",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Nov 1994 08:49:37 +24:00",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 006 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37. GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 06 Nov -994 08:49:37 GMT",
            "Sunday, 06-Nov 08:49:37 GMT",
            "Sunday, 06-Nov-94-1 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94",
            "Sün, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 +01a0",
        ] {
            assert!(parse(bad).is_err(), "`{bad}` should be rejected");
        }
    }

    #[test]
    fn round_trips_whole_seconds() {
        let mut secs = MIN_SECS;
        while secs <= MAX_SECS {
            let value = DateTime::from_secs(secs);
            assert_eq!(parse_ok(&format(&value).unwrap()), value);
            secs += 7_777_777;
        }
    }
}
