//! Proleptic Gregorian calendar arithmetic on day counts relative to 1970-01-01.
//!
//! The calendar is treated as made of 400-year cycles ("eras") of exactly 146 097 days.
//! Inside an era, years are counted from March so that the leap day falls at the very end
//! of the year, which turns month lengths into a simple linear formula.

/// Seconds in one civil day (leap seconds are not counted, as in Unix time).
pub(crate) const SECS_PER_DAY: i64 = 86_400;

/// Days in a 400-year cycle.
const DAYS_PER_ERA: i64 = 146_097;

/// Days from 0000-03-01 (the start of era 0) to 1970-01-01.
const EPOCH_OFFSET: i64 = 719_468;

/// Returns whether `year` has a 29th of February.
pub(crate) fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Returns the number of days in `month` (1-12) of `year`; 0 for an invalid month.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day of the year counted from March 1st (0-based) for a month (1-12) and day (1-31).
fn day_of_march_year(month: u32, day: u32) -> i64 {
    // March is month 0 of the shifted year, February month 11.
    let shifted = i64::from((month + 9) % 12);
    // Month lengths from March onwards follow 31,30,31,30,31 repeating, which
    // `(153 * m + 2) / 5` reproduces as cumulative day offsets.
    (153 * shifted + 2) / 5 + i64::from(day) - 1
}

/// Converts a calendar date into the number of days since 1970-01-01 (negative before).
///
/// `month` must be 1-12 and `day` 1-31; the year may be any value whose day count fits.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // January and February belong to the previous March-based year.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_march_year(month, day);
    era * DAYS_PER_ERA + day_of_era - EPOCH_OFFSET
}

/// Converts a day count relative to 1970-01-01 back into `(year, month, day)`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + EPOCH_OFFSET;
    let era = shifted.div_euclid(DAYS_PER_ERA);
    let day_of_era = shifted - era * DAYS_PER_ERA; // 0..=146_096
                                                   // Remove the leap days that occurred before this day within the era; the last day of
                                                   // the era (day 146 096) is the extra leap day of the 400th year.
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524
        - day_of_era / (DAYS_PER_ERA - 1))
        / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // 0 = March
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Returns the weekday of a day count relative to 1970-01-01, with 0 meaning Sunday.
pub(crate) fn weekday_from_days(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days + 4).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(is_leap_year(1600));
        assert!(is_leap_year(0));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(1));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(days_in_month(2023, 0), 0);
    }

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2019, 12, 16), 18_246);
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
        assert_eq!(days_from_civil(9999, 12, 31), 2_932_896);
        assert_eq!(days_from_civil(0, 3, 1), -EPOCH_OFFSET);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(-719_162), (1, 1, 1));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_from_days(0), 4); // Thursday
        assert_eq!(weekday_from_days(-1), 3); // Wednesday
        assert_eq!(weekday_from_days(days_from_civil(2019, 12, 16)), 1); // Monday
        assert_eq!(weekday_from_days(days_from_civil(1, 1, 1)), 1); // Monday
        assert_eq!(weekday_from_days(days_from_civil(9999, 12, 31)), 5); // Friday
    }

    /// Walks every day from year 0 through 10000, checking both directions against a
    /// simple day-by-day counter.
    #[test]
    fn exhaustive_walk() {
        let mut days = days_from_civil(0, 1, 1);
        for year in 0..=10_000 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(year, month, day), days);
                    assert_eq!(civil_from_days(days), (year, month, day));
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn negative_years_and_extremes_do_not_overflow() {
        for &year in &[-1_000_000i64, -401, -400, -1, 1_000_000, 292_277_026_596] {
            let days = days_from_civil(year, 2, 28);
            assert_eq!(civil_from_days(days), (year, 2, 28));
        }
        // Every representable second maps to some date without overflowing.
        let _ = civil_from_days(i64::MIN.div_euclid(SECS_PER_DAY));
        let _ = civil_from_days(i64::MAX.div_euclid(SECS_PER_DAY));
    }
}
