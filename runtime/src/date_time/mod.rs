//! Timestamps and the textual formats Smithy protocols use for them.
//!
//! [`DateTime`] is an instant stored as whole seconds since the Unix epoch plus a
//! nanosecond fraction. [`Format`] selects one of the wire representations understood by
//! [`DateTime::from_str`] and [`DateTime::fmt`]. All calendar arithmetic uses the
//! proleptic Gregorian calendar in UTC and ignores leap seconds, like Unix time.

mod civil;
mod epoch_seconds;
mod http_date;
mod rfc3339;
mod scan;

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const NANOS_PER_MILLI: u32 = 1_000_000;

/// An instant in time, with nanosecond precision.
///
/// The value is kept as a number of whole seconds since 1970-01-01T00:00:00Z (negative
/// for earlier instants) plus a sub-second part that always counts *forwards*, so
/// half a second before the epoch is `secs() == -1` and `subsec_nanos() == 500_000_000`.
///
/// `Display` and `Debug` print the RFC 3339 form (`2019-12-16T23:48:18Z`, with a trimmed
/// fraction only when there is one); instants outside years 0001-9999 are printed as
/// epoch seconds instead.
///
/// ```
/// use smithy_runtime::date_time::{DateTime, Format};
/// use std::time::SystemTime;
///
/// let t = DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000);
/// assert_eq!(t.to_string(), "2019-12-16T23:48:18.52Z");
/// assert_eq!(t.fmt(Format::EpochSeconds)?, "1576540098.52");
/// assert_eq!(DateTime::from_str("Mon, 16 Dec 2019 23:48:18 GMT", Format::HttpDate)?.secs(), t.secs());
///
/// let system_time = SystemTime::try_from(t)?;
/// assert_eq!(DateTime::from(system_time), t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    // Field order matters: the derived ordering compares seconds first.
    seconds: i64,
    subsecond_nanos: u32,
}

impl DateTime {
    /// Creates an instant a whole number of seconds after (or before) the Unix epoch.
    pub fn from_secs(epoch_seconds: i64) -> Self {
        Self {
            seconds: epoch_seconds,
            subsecond_nanos: 0,
        }
    }

    /// Creates an instant a number of milliseconds after (or before) the Unix epoch.
    pub fn from_millis(epoch_millis: i64) -> Self {
        Self {
            seconds: epoch_millis.div_euclid(1_000),
            subsecond_nanos: epoch_millis.rem_euclid(1_000) as u32 * NANOS_PER_MILLI,
        }
    }

    /// Creates an instant a number of nanoseconds after (or before) the Unix epoch.
    ///
    /// Fails when the number of seconds does not fit into an `i64`.
    pub fn from_nanos(epoch_nanos: i128) -> Result<Self, ConversionError> {
        let nanos_per_second = i128::from(NANOS_PER_SECOND);
        let seconds = i64::try_from(epoch_nanos.div_euclid(nanos_per_second))
            .map_err(|_| ConversionError("epoch nanoseconds are out of range for a DateTime"))?;
        Ok(Self {
            seconds,
            subsecond_nanos: epoch_nanos.rem_euclid(nanos_per_second) as u32,
        })
    }

    /// Returns the number of nanoseconds since the Unix epoch (negative before it).
    pub fn as_nanos(&self) -> i128 {
        i128::from(self.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(self.subsecond_nanos)
    }

    /// Creates an instant from whole seconds plus a fraction of a second.
    ///
    /// `fraction` is rounded to the nearest nanosecond. Values outside `0.0..1.0`
    /// (including negative ones) carry into the seconds, which saturate at the limits of
    /// `i64`; a fraction that is not finite is ignored.
    ///
    /// ```
    /// use smithy_runtime::date_time::DateTime;
    /// assert_eq!(DateTime::from_fractional_secs(1, 0.5), DateTime::from_secs_and_nanos(1, 500_000_000));
    /// assert_eq!(DateTime::from_fractional_secs(1, -0.25), DateTime::from_secs_and_nanos(0, 750_000_000));
    /// ```
    pub fn from_fractional_secs(epoch_seconds: i64, fraction: f64) -> Self {
        if !fraction.is_finite() {
            return Self::from_secs(epoch_seconds);
        }
        let whole = fraction.floor();
        let mut nanos = ((fraction - whole) * f64::from(NANOS_PER_SECOND)).round() as u32;
        // Float-to-int casts saturate, so even absurd fractions cannot overflow here.
        let mut carry = whole as i64;
        if nanos >= NANOS_PER_SECOND {
            // Rounding pushed the fraction up to a full second.
            nanos -= NANOS_PER_SECOND;
            carry = carry.saturating_add(1);
        }
        Self {
            seconds: epoch_seconds.saturating_add(carry),
            subsecond_nanos: nanos,
        }
    }

    /// Creates an instant from whole seconds and a nanosecond part.
    ///
    /// A `subsecond_nanos` of one second or more carries into the seconds (which saturate
    /// at `i64::MAX`) instead of panicking.
    pub fn from_secs_and_nanos(seconds: i64, subsecond_nanos: u32) -> Self {
        Self {
            seconds: seconds.saturating_add(i64::from(subsecond_nanos / NANOS_PER_SECOND)),
            subsecond_nanos: subsecond_nanos % NANOS_PER_SECOND,
        }
    }

    /// Creates an instant from a (possibly fractional) number of seconds since the epoch.
    ///
    /// The result is rounded to the nearest nanosecond that `f64` precision allows.
    /// Infinite values saturate at the limits of `i64` seconds and `NaN` yields the epoch.
    ///
    /// ```
    /// use smithy_runtime::date_time::DateTime;
    /// assert_eq!(DateTime::from_secs_f64(1.5), DateTime::from_secs_and_nanos(1, 500_000_000));
    /// assert_eq!(DateTime::from_secs_f64(-0.5), DateTime::from_secs_and_nanos(-1, 500_000_000));
    /// ```
    pub fn from_secs_f64(epoch_seconds: f64) -> Self {
        if epoch_seconds.is_nan() {
            return Self::from_secs(0);
        }
        let whole = epoch_seconds.floor();
        let fraction = epoch_seconds - whole;
        // `as` saturates, which is exactly what we want for huge or infinite inputs.
        Self::from_fractional_secs(whole as i64, fraction)
    }

    /// Returns the number of seconds since the epoch as an `f64`, which may lose precision.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsecond_nanos) / f64::from(NANOS_PER_SECOND)
    }

    /// Parses `s` in the given `format`.
    ///
    /// Parsing is lenient where the meaning stays unambiguous; see [`Format`] for what each
    /// format accepts. Invalid input produces an error; this never panics.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &str, format: Format) -> Result<Self, DateTimeParseError> {
        match format {
            Format::DateTime | Format::DateTimeWithOffset => rfc3339::parse(s),
            Format::HttpDate => http_date::parse(s),
            Format::EpochSeconds => epoch_seconds::parse(s),
        }
    }

    /// Parses one date-time in `format` from the start of `s`, for lists of dates.
    ///
    /// The date-time must be followed either by the end of the input or by `delim`; the
    /// text after the delimiter is returned along with the parsed value.
    ///
    /// ```
    /// use smithy_runtime::date_time::{DateTime, Format};
    /// let (first, rest) = DateTime::read("Mon, 16 Dec 2019 23:48:18 GMT,Tue, 17 Dec 2019 23:48:18 GMT", Format::HttpDate, ',')?;
    /// assert_eq!(first.secs(), 1_576_540_098);
    /// let (second, rest) = DateTime::read(rest, Format::HttpDate, ',')?;
    /// assert_eq!(second.secs(), 1_576_540_098 + 86_400);
    /// assert!(rest.is_empty());
    /// # Ok::<(), smithy_runtime::date_time::DateTimeParseError>(())
    /// ```
    pub fn read(s: &str, format: Format, delim: char) -> Result<(Self, &str), DateTimeParseError> {
        let end = match format {
            // HTTP dates contain commas and spaces; they end right after the zone.
            Format::HttpDate => s
                .find("GMT")
                .map(|index| index + 3)
                .ok_or_else(|| DateTimeParseError::new("expected an HTTP date ending in `GMT`"))?,
            // RFC 3339 values in UTC end with `Z`; ones with an offset end at the delimiter.
            Format::DateTime | Format::DateTimeWithOffset => match s.find([delim, 'Z', 'z']) {
                Some(index) if s[index..].starts_with(delim) => index,
                Some(index) => index + 1,
                None => s.len(),
            },
            Format::EpochSeconds => s.find(delim).unwrap_or(s.len()),
        };
        let (head, tail) = s.split_at(end);
        let value = Self::from_str(head, format)?;
        if tail.is_empty() {
            Ok((value, tail))
        } else if let Some(rest) = tail.strip_prefix(delim) {
            Ok((value, rest))
        } else {
            Err(DateTimeParseError::new(format!(
                "expected `{delim}` after the date-time"
            )))
        }
    }

    /// Writes this instant in the given `format`.
    ///
    /// RFC 3339 output keeps microsecond precision and HTTP dates whole seconds; both fail
    /// for instants outside years 0001-9999. Epoch seconds always succeed and keep full
    /// nanosecond precision.
    pub fn fmt(&self, format: Format) -> Result<String, DateTimeFormatError> {
        match format {
            Format::DateTime | Format::DateTimeWithOffset => rfc3339::format(self),
            Format::HttpDate => http_date::format(self),
            Format::EpochSeconds => Ok(epoch_seconds::format(self)),
        }
    }

    /// Returns whether the instant has a non-zero sub-second part.
    pub fn has_subsec_nanos(&self) -> bool {
        self.subsecond_nanos != 0
    }

    /// Returns the whole seconds since the epoch, rounded towards negative infinity.
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Replaces the whole-seconds part.
    pub fn set_seconds(&mut self, seconds: i64) -> &mut Self {
        self.seconds = seconds;
        self
    }

    /// Returns the sub-second part in nanoseconds (always below one second and counted
    /// forwards from [`secs`](Self::secs)).
    pub fn subsec_nanos(&self) -> u32 {
        self.subsecond_nanos
    }

    /// Replaces the sub-second part; whole seconds in `subsec_nanos` carry into the
    /// seconds, as in [`from_secs_and_nanos`](Self::from_secs_and_nanos).
    pub fn set_subsec_nanos(&mut self, subsec_nanos: u32) -> &mut Self {
        *self = Self::from_secs_and_nanos(self.seconds, subsec_nanos);
        self
    }

    /// Returns the number of whole milliseconds since the epoch, rounded towards negative
    /// infinity.
    ///
    /// Fails when the result does not fit into an `i64`.
    pub fn to_millis(self) -> Result<i64, ConversionError> {
        let millis =
            i128::from(self.seconds) * 1_000 + i128::from(self.subsecond_nanos / NANOS_PER_MILLI);
        i64::try_from(millis)
            .map_err(|_| ConversionError("DateTime is out of range for i64 epoch milliseconds"))
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self::from_secs_and_nanos(
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
            ),
            Err(err) => {
                let before = err.duration();
                let nanos = i128::from(before.as_secs()) * i128::from(NANOS_PER_SECOND)
                    + i128::from(before.subsec_nanos());
                Self::from_nanos(-nanos).unwrap_or(Self::from_secs(i64::MIN))
            }
        }
    }
}

/// Fails when the platform's `SystemTime` cannot represent the instant.
impl TryFrom<DateTime> for SystemTime {
    type Error = ConversionError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let out_of_range = ConversionError("DateTime is out of range for SystemTime");
        if value.seconds >= 0 {
            UNIX_EPOCH
                .checked_add(Duration::new(value.seconds as u64, value.subsecond_nanos))
                .ok_or(out_of_range)
        } else {
            // `seconds` is at least one second before the epoch and the forward-counting
            // fraction is less than one second, so this subtraction cannot underflow.
            let before = Duration::from_secs(value.seconds.unsigned_abs())
                .checked_sub(Duration::from_nanos(u64::from(value.subsecond_nanos)))
                .ok_or(out_of_range)?;
            UNIX_EPOCH.checked_sub(before).ok_or(out_of_range)
        }
    }
}

/// Writes RFC 3339 (`2019-12-16T23:48:18Z`), or epoch seconds when the year is outside
/// 0001-9999.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match rfc3339::format(self) {
            Ok(text) => f.write_str(&text),
            Err(_) => f.write_str(&epoch_seconds::format(self)),
        }
    }
}

/// Same as [`Display`](fmt::Display).
impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The textual representations of a [`DateTime`] used by Smithy protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3339 / ISO 8601 date-time, such as `2019-12-16T23:48:18Z`.
    ///
    /// Output is always in UTC with at most six fractional digits. When parsing, a
    /// fraction of any length and a `+HH:MM`/`-HH:MM` offset are accepted; the value is
    /// converted to UTC.
    DateTime,
    /// RFC 3339 date-time; identical to [`Format::DateTime`] here, which already accepts
    /// offsets when parsing.
    DateTimeWithOffset,
    /// HTTP date (the IMF-fixdate of RFC 7231), such as `Mon, 16 Dec 2019 23:48:18 GMT`.
    ///
    /// Output has whole seconds. When parsing, fractional seconds, the obsolete RFC 850
    /// and asctime layouts, case differences and a missing weekday are tolerated.
    HttpDate,
    /// Seconds since the Unix epoch as a decimal number, such as `1576540098.52`.
    ///
    /// Output keeps nanosecond precision without trailing zeros. When parsing, a sign, a
    /// fraction and exponent notation (`1.5e9`) are accepted.
    EpochSeconds,
}

/// The error returned when text cannot be parsed as a [`DateTime`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    message: Cow<'static, str>,
}

impl DateTimeParseError {
    pub(crate) fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not parse date-time: {}", self.message)
    }
}

impl Error for DateTimeParseError {}

/// The error returned when a [`DateTime`] cannot be written in the requested [`Format`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeFormatError {
    message: Cow<'static, str>,
}

impl DateTimeFormatError {
    pub(crate) fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not format date-time: {}", self.message)
    }
}

impl Error for DateTimeFormatError {}

/// The error returned when a [`DateTime`] does not fit into another time representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversionError(&'static str);

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Error for ConversionError {}

/// Calendar fields read by a parser, before validation.
pub(crate) struct CivilParts {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    pub(crate) nanos: u32,
}

impl CivilParts {
    /// Validates the fields and converts them to an instant, given the zone's offset east
    /// of UTC in seconds.
    ///
    /// A leap second (`:60`, only valid at the end of a minute) becomes the last
    /// nanosecond of the preceding second, since Unix time has no room for it.
    pub(crate) fn to_date_time(&self, offset_secs: i64) -> Result<DateTime, DateTimeParseError> {
        if !(1..=12).contains(&self.month) {
            return Err(DateTimeParseError::new("month out of range"));
        }
        if self.day == 0 || self.day > civil::days_in_month(self.year, self.month) {
            return Err(DateTimeParseError::new("day out of range for the month"));
        }
        if self.hour > 23 || self.minute > 59 {
            return Err(DateTimeParseError::new("time of day out of range"));
        }
        let (second, nanos) = match self.second {
            0..=59 => (self.second, self.nanos),
            60 if self.minute == 59 => (59, NANOS_PER_SECOND - 1),
            _ => return Err(DateTimeParseError::new("second out of range")),
        };
        let days = civil::days_from_civil(self.year, self.month, self.day);
        let secs = days * civil::SECS_PER_DAY
            + i64::from(self.hour * 3600 + self.minute * 60 + second)
            - offset_secs;
        Ok(DateTime::from_secs_and_nanos(secs, nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn constructors() {
        assert_eq!(DateTime::from_secs(5).secs(), 5);
        assert_eq!(DateTime::from_secs(5).subsec_nanos(), 0);
        assert_eq!(
            DateTime::from_millis(1_500),
            DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert_eq!(
            DateTime::from_millis(-1_500),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(DateTime::from_millis(-1_000), DateTime::from_secs(-1));
        assert_eq!(
            DateTime::from_millis(i64::MIN).to_millis().unwrap(),
            i64::MIN
        );
        assert_eq!(
            DateTime::from_nanos(-1).unwrap(),
            DateTime::from_secs_and_nanos(-1, 999_999_999)
        );
        assert_eq!(
            DateTime::from_nanos(1_500_000_000).unwrap(),
            DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert!(DateTime::from_nanos(i128::MAX).is_err());
        assert!(DateTime::from_nanos(i128::MIN).is_err());
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 2_500_000_000),
            DateTime::from_secs_and_nanos(3, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(i64::MAX, u32::MAX).secs(),
            i64::MAX
        );
    }

    #[test]
    fn nanos_round_trip() {
        for nanos in [
            0i128,
            1,
            -1,
            999_999_999,
            -999_999_999,
            1_000_000_000,
            -1_000_000_001,
            i128::from(i64::MAX) * 1_000_000_000 + 999_999_999,
            i128::from(i64::MIN) * 1_000_000_000,
        ] {
            assert_eq!(DateTime::from_nanos(nanos).unwrap().as_nanos(), nanos);
        }
    }

    #[test]
    fn fractional_seconds() {
        assert_eq!(
            DateTime::from_fractional_secs(1, 0.5),
            DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert_eq!(
            DateTime::from_fractional_secs(1, 0.999_999_999_9),
            DateTime::from_secs(2)
        );
        assert_eq!(
            DateTime::from_fractional_secs(1, 2.25),
            DateTime::from_secs_and_nanos(3, 250_000_000)
        );
        assert_eq!(
            DateTime::from_fractional_secs(0, -0.25),
            DateTime::from_secs_and_nanos(-1, 750_000_000)
        );
        assert_eq!(
            DateTime::from_fractional_secs(7, f64::NAN),
            DateTime::from_secs(7)
        );
        assert_eq!(
            DateTime::from_fractional_secs(7, f64::INFINITY),
            DateTime::from_secs(7)
        );
        assert_eq!(
            DateTime::from_fractional_secs(i64::MAX, 5.0).secs(),
            i64::MAX
        );
        assert_eq!(DateTime::from_fractional_secs(0, 1e300).secs(), i64::MAX);
        assert_eq!(DateTime::from_fractional_secs(0, -1e300).secs(), i64::MIN);
    }

    #[test]
    fn secs_f64() {
        assert_eq!(
            DateTime::from_secs_f64(1.5),
            DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_f64(-1.5),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_f64(-1.1),
            DateTime::from_secs_and_nanos(-2, 900_000_000)
        );
        // 1576540098.52 is not exactly representable; the nearest f64 is a hair below.
        let t = DateTime::from_secs_f64(1_576_540_098.52);
        assert_eq!(t.secs(), 1_576_540_098);
        assert!((519_999_000..=520_001_000).contains(&t.subsec_nanos()));
        assert_eq!(DateTime::from_secs_f64(f64::NAN), DateTime::from_secs(0));
        assert_eq!(DateTime::from_secs_f64(f64::INFINITY).secs(), i64::MAX);
        assert_eq!(DateTime::from_secs_f64(f64::NEG_INFINITY).secs(), i64::MIN);
        assert_eq!(DateTime::from_secs_f64(1e300).secs(), i64::MAX);
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 500_000_000).as_secs_f64(),
            1.5
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(-2, 500_000_000).as_secs_f64(),
            -1.5
        );
    }

    #[test]
    fn millis() {
        assert_eq!(DateTime::from_secs(1).to_millis().unwrap(), 1_000);
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 999_999_999)
                .to_millis()
                .unwrap(),
            1_999
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(-2, 500_000_000)
                .to_millis()
                .unwrap(),
            -1_500
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(-1, 999_999_999)
                .to_millis()
                .unwrap(),
            -1
        );
        assert!(DateTime::from_secs(i64::MAX).to_millis().is_err());
        assert!(DateTime::from_secs(i64::MIN).to_millis().is_err());
        assert_eq!(
            DateTime::from_secs(i64::MAX / 1_000).to_millis().unwrap(),
            i64::MAX / 1_000 * 1_000
        );
        for millis in [0, 1, -1, 999, -999, 1_576_540_098_520, i64::MAX, i64::MIN] {
            assert_eq!(DateTime::from_millis(millis).to_millis().unwrap(), millis);
        }
    }

    #[test]
    fn setters_and_accessors() {
        let mut t = DateTime::from_secs(10);
        assert!(!t.has_subsec_nanos());
        t.set_subsec_nanos(5);
        assert!(t.has_subsec_nanos());
        assert_eq!(t, DateTime::from_secs_and_nanos(10, 5));
        t.set_seconds(-3);
        assert_eq!(t, DateTime::from_secs_and_nanos(-3, 5));
        t.set_subsec_nanos(1_000_000_001);
        assert_eq!(t, DateTime::from_secs_and_nanos(-2, 1));
    }

    #[test]
    fn ordering_and_hashing() {
        let a = DateTime::from_secs_and_nanos(-1, 999_999_999);
        let b = DateTime::from_secs(0);
        let c = DateTime::from_secs_and_nanos(0, 1);
        let d = DateTime::from_secs(1);
        assert!(a < b && b < c && c < d);
        let mut sorted = vec![d, b, c, a];
        sorted.sort();
        assert_eq!(sorted, vec![a, b, c, d]);
        let set: HashSet<DateTime> = [a, b, b, DateTime::from_secs(0)].into_iter().collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn display_and_debug() {
        assert_eq!(
            DateTime::from_secs(1_576_540_098).to_string(),
            "2019-12-16T23:48:18Z"
        );
        assert_eq!(
            DateTime::from_fractional_secs(1_576_540_098, 0.52).to_string(),
            "2019-12-16T23:48:18.52Z"
        );
        assert_eq!(
            format!("{:?}", DateTime::from_secs(0)),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(DateTime::from_secs(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            DateTime::from_secs(253_402_300_799).to_string(),
            "9999-12-31T23:59:59Z"
        );
        // Out of RFC 3339 range: falls back to epoch seconds.
        assert_eq!(
            DateTime::from_secs(253_402_300_800).to_string(),
            "253402300800"
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(i64::MIN, 500_000_000).to_string(),
            "-9223372036854775807.5"
        );
    }

    #[test]
    fn format_dispatch() {
        let t = DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000);
        assert_eq!(t.fmt(Format::DateTime).unwrap(), "2019-12-16T23:48:18.52Z");
        assert_eq!(
            t.fmt(Format::DateTimeWithOffset).unwrap(),
            "2019-12-16T23:48:18.52Z"
        );
        assert_eq!(
            t.fmt(Format::HttpDate).unwrap(),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );
        assert_eq!(t.fmt(Format::EpochSeconds).unwrap(), "1576540098.52");
        let far = DateTime::from_secs(i64::MAX);
        let err = far.fmt(Format::DateTime).unwrap_err();
        assert!(err.to_string().contains("0001"));
        assert!(far.fmt(Format::HttpDate).is_err());
        assert_eq!(
            far.fmt(Format::EpochSeconds).unwrap(),
            "9223372036854775807"
        );
    }

    #[test]
    fn parse_dispatch() {
        let expected = DateTime::from_secs(1_576_540_098);
        for (text, format) in [
            ("2019-12-16T23:48:18Z", Format::DateTime),
            ("2019-12-17T00:48:18+01:00", Format::DateTime),
            ("2019-12-17T00:48:18+01:00", Format::DateTimeWithOffset),
            ("Mon, 16 Dec 2019 23:48:18 GMT", Format::HttpDate),
            ("1576540098", Format::EpochSeconds),
        ] {
            assert_eq!(DateTime::from_str(text, format).unwrap(), expected);
        }
        let err = DateTime::from_str("nope", Format::DateTime).unwrap_err();
        assert!(err.to_string().starts_with("could not parse date-time"));
        assert!(DateTime::from_str("1576540098", Format::DateTime).is_err());
        assert!(DateTime::from_str("2019-12-16T23:48:18Z", Format::EpochSeconds).is_err());
        assert!(DateTime::from_str("2019-12-16T23:48:18Z", Format::HttpDate).is_err());
    }

    #[test]
    fn read_lists() {
        let (a, rest) = DateTime::read(
            "2019-12-16T23:48:18Z,1970-01-01T00:00:00Z",
            Format::DateTime,
            ',',
        )
        .unwrap();
        assert_eq!(a.secs(), 1_576_540_098);
        let (b, rest) = DateTime::read(rest, Format::DateTime, ',').unwrap();
        assert_eq!(b.secs(), 0);
        assert_eq!(rest, "");

        let (a, rest) = DateTime::read("1.5,2", Format::EpochSeconds, ',').unwrap();
        assert_eq!(a, DateTime::from_secs_and_nanos(1, 500_000_000));
        assert_eq!(rest, "2");

        let (a, rest) = DateTime::read(
            "2019-12-17T00:48:18+01:00,2019-12-16T23:48:18Z",
            Format::DateTimeWithOffset,
            ',',
        )
        .unwrap();
        assert_eq!(a.secs(), 1_576_540_098);
        assert_eq!(rest, "2019-12-16T23:48:18Z");

        assert!(DateTime::read("2019-12-16T23:48:18Z;x", Format::DateTime, ',').is_err());
        assert!(DateTime::read("Mon, 16 Dec 2019", Format::HttpDate, ',').is_err());
        assert!(DateTime::read("", Format::EpochSeconds, ',').is_err());
    }

    #[test]
    fn system_time_conversions() {
        for (secs, nanos) in [
            (0, 0),
            (1, 0),
            (1_576_540_098, 520_000_000),
            (-1, 0),
            (-1, 500_000_000),
            (-62_135_596_800, 1),
            (253_402_300_799, 999_999_999),
        ] {
            let value = DateTime::from_secs_and_nanos(secs, nanos);
            let system = SystemTime::try_from(value).unwrap();
            assert_eq!(DateTime::from(system), value, "{secs}.{nanos}");
        }
        let half_before =
            SystemTime::try_from(DateTime::from_secs_and_nanos(-1, 500_000_000)).unwrap();
        assert_eq!(
            UNIX_EPOCH.duration_since(half_before).unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(DateTime::from(UNIX_EPOCH), DateTime::from_secs(0));
        // Extreme values must not panic, whatever the platform supports.
        let _ = SystemTime::try_from(DateTime::from_secs(i64::MIN));
        let _ = SystemTime::try_from(DateTime::from_secs_and_nanos(i64::MAX, 999_999_999));
        let now = DateTime::from(SystemTime::now());
        assert!(now.secs() > 1_600_000_000);
    }

    #[test]
    fn errors_are_displayable() {
        let err = DateTime::from_nanos(i128::MAX).unwrap_err();
        assert!(!err.to_string().is_empty());
        let err: Box<dyn Error + Send + Sync> = Box::new(err);
        assert!(!err.to_string().is_empty());
    }

    /// Feeds mutated and truncated versions of valid inputs to every parser; any panic
    /// fails the test.
    #[test]
    fn parsers_never_panic() {
        let seeds = [
            "2019-12-16T23:48:18.52Z",
            "2019-12-17T00:48:18+01:00",
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "-1576540098.123456789",
            "1.5e9",
        ];
        let alphabet: Vec<char> = "0123456789-+:.,TZz eE GMTSunNové\t".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let formats = [
            Format::DateTime,
            Format::DateTimeWithOffset,
            Format::HttpDate,
            Format::EpochSeconds,
        ];
        for seed in seeds {
            for cut in 0..=seed.len() {
                if let Some(prefix) = seed.get(..cut) {
                    for format in formats {
                        let _ = DateTime::from_str(prefix, format);
                        let _ = DateTime::read(prefix, format, ',');
                    }
                }
            }
            for _ in 0..2_000 {
                let mut chars: Vec<char> = seed.chars().collect();
                for _ in 0..(next() % 4 + 1) {
                    let index = (next() as usize) % (chars.len() + 1);
                    let replacement = alphabet[(next() as usize) % alphabet.len()];
                    match next() % 3 {
                        0 if index < chars.len() => chars[index] = replacement,
                        1 if index < chars.len() => {
                            chars.remove(index);
                        }
                        _ => chars.insert(index, replacement),
                    }
                }
                let text: String = chars.into_iter().collect();
                for format in formats {
                    if let Ok(value) = DateTime::from_str(&text, format) {
                        // Whatever parsed must also format without panicking.
                        let _ = value.to_string();
                        let _ = value.fmt(format);
                    }
                }
            }
        }
    }
}
