//! `@default` values: each fits the shape it gives a value to (and that shape's `@length`
//! and `@range`), only members set it to null, and a member that targets a shape with a
//! default restates that default.

use super::constraints::integer_limits;
use super::trait_ids::{LENGTH, RANGE};
use super::{Report, Subject};
use crate::model::traits::DEFAULT;
use crate::model::{Member, Shape, ShapeKind, SimpleType, Traits};
use serde_json::Value;

pub(super) fn check(report: &mut Report) {
    for subject in report.subjects() {
        let Some(value) = subject.traits().get(DEFAULT) else {
            if let Subject::Member { container, member } = subject {
                if container.is_structure() {
                    restated(report, member, None);
                }
            }
            continue;
        };
        match subject {
            Subject::Shape(shape) => {
                if value.is_null() {
                    report.error(
                        &shape.id,
                        "`smithy.api#default` can only be set to null on a member",
                    );
                } else {
                    check_value(report, subject, value, shape, "shape");
                }
            }
            Subject::Member { container, member } => {
                // Defaults on other members are misplaced, which the selector check reports.
                if !container.is_structure() || value.is_null() {
                    continue;
                }
                if let Some(target) = report.target(member) {
                    check_value(report, subject, value, target, "target");
                }
                restated(report, member, Some(value));
            }
        }
    }
}

/// A member that targets a shape with a default must give the same default, or null.
fn restated(report: &mut Report, member: &Member, own: Option<&Value>) {
    let Some(target) = report.target(member) else {
        return;
    };
    let Some(expected) = target.traits.get(DEFAULT).filter(|v| !v.is_null()) else {
        return;
    };
    match own {
        // Smithy 1.0 models rely on the prelude primitives' defaults without restating them.
        None if is_prelude_primitive(target) => {}
        None => report.error(
            &member.id,
            format!(
                "targets `{}`, which has the default {expected}; the member must restate it (`\"smithy.api#default\": {expected}`) or set it to null",
                member.target
            ),
        ),
        Some(own) if own != expected => report.error(
            &member.id,
            format!(
                "has the default {own}, but its target `{}` has the default {expected}; they must match, or the member's default must be null",
                member.target
            ),
        ),
        Some(_) => {}
    }
}

fn is_prelude_primitive(shape: &Shape) -> bool {
    shape.id.is_prelude() && shape.id.name().starts_with("Primitive")
}

/// Checks `value` against `shape`, the shape the default gives a value to; `role` is
/// "target" for a member's default and "shape" for a shape's own.
fn check_value(report: &mut Report, subject: Subject, value: &Value, shape: &Shape, role: &str) {
    let kind = shape.kind.type_name();
    let invalid = || {
        format!(
            "default value {value} is not valid for {} `{kind}` {role}",
            super::article(kind)
        )
    };
    let problem = match fit(value, shape) {
        Fit::Fits(size) => {
            constraints(report, subject, value, shape, size);
            return;
        }
        Fit::NotApplicable => return,
        Fit::WrongType => invalid(),
        Fit::Invalid(reason) => format!("{}: {reason}", invalid()),
    };
    report.error(subject.id(), problem);
}

enum Fit {
    /// The value fits; for strings, blobs, lists and maps, the length `@length` constrains.
    Fits(Option<usize>),
    WrongType,
    Invalid(String),
    /// Structures and unions cannot have defaults at all; the selector check says so.
    NotApplicable,
}

fn fit(value: &Value, shape: &Shape) -> Fit {
    use SimpleType as S;
    let kind = shape.kind.type_name();
    match (&shape.kind, value) {
        (ShapeKind::Simple(S::Boolean), Value::Bool(_)) => Fit::Fits(None),
        (ShapeKind::Simple(S::String), Value::String(text)) => {
            Fit::Fits(Some(text.chars().count()))
        }
        (ShapeKind::Simple(S::Byte | S::Short | S::Integer | S::Long), Value::Number(number)) => {
            let (low, high) = integer_limits(&shape.kind).expect("an integer type");
            match number.as_i64() {
                Some(n) if (low..=high).contains(&n) => Fit::Fits(None),
                Some(_) => Fit::Invalid(format!(
                    "{} `{kind}` holds {low} to {high}",
                    super::article(kind)
                )),
                None if number.is_f64() => Fit::Invalid("it is not a whole number".into()),
                None => Fit::Invalid(format!(
                    "{} `{kind}` holds {low} to {high}",
                    super::article(kind)
                )),
            }
        }
        (ShapeKind::Simple(S::BigInteger), Value::Number(number)) => {
            if number.is_f64() && number.as_f64().is_some_and(|n| n.fract() != 0.0) {
                Fit::Invalid("it is not a whole number".into())
            } else {
                Fit::Fits(None)
            }
        }
        (ShapeKind::Simple(S::Float | S::Double | S::BigDecimal), Value::Number(_)) => {
            Fit::Fits(None)
        }
        (ShapeKind::Simple(S::Float | S::Double), Value::String(text))
            if matches!(text.as_str(), "NaN" | "Infinity" | "-Infinity") =>
        {
            Fit::Fits(None)
        }
        (ShapeKind::Simple(S::Blob), Value::String(text)) => match base64_decoded_len(text) {
            Some(bytes) => Fit::Fits(Some(bytes)),
            None => Fit::Invalid("a blob default must be base64".into()),
        },
        (ShapeKind::Simple(S::Timestamp), Value::Number(_)) => Fit::Fits(None),
        (ShapeKind::Simple(S::Timestamp), Value::String(text)) => {
            if is_rfc3339_date_time(text) {
                Fit::Fits(None)
            } else {
                Fit::Invalid(
                    "a timestamp default is a number of epoch seconds or an RFC 3339 date-time"
                        .into(),
                )
            }
        }
        (ShapeKind::Simple(S::Document), Value::Array(items)) if !items.is_empty() => {
            Fit::Invalid("a document default can only be an empty list".into())
        }
        (ShapeKind::Simple(S::Document), Value::Object(entries)) if !entries.is_empty() => {
            Fit::Invalid("a document default can only be an empty map".into())
        }
        (ShapeKind::Simple(S::Document), _) => Fit::Fits(None),
        (ShapeKind::List { .. }, Value::Array(items)) => {
            if items.is_empty() {
                Fit::Fits(Some(0))
            } else {
                Fit::Invalid("a list default can only be empty".into())
            }
        }
        (ShapeKind::Map { .. }, Value::Object(entries)) => {
            if entries.is_empty() {
                Fit::Fits(Some(0))
            } else {
                Fit::Invalid("a map default can only be empty".into())
            }
        }
        (ShapeKind::Enum { members }, Value::String(text)) => {
            let values: Vec<String> = members
                .values()
                .filter_map(|member| member.traits.enum_value())
                .map(Value::to_string)
                .collect();
            if values.contains(&value.to_string()) {
                Fit::Fits(Some(text.chars().count()))
            } else {
                Fit::Invalid(format!(
                    "it is not one of the enum's values ({})",
                    values.join(", ")
                ))
            }
        }
        (ShapeKind::IntEnum { members }, Value::Number(_)) => {
            let values: Vec<String> = members
                .values()
                .filter_map(|member| member.traits.enum_value())
                .map(Value::to_string)
                .collect();
            if values.contains(&value.to_string()) {
                Fit::Fits(None)
            } else {
                Fit::Invalid(format!(
                    "it is not one of the intEnum's values ({})",
                    values.join(", ")
                ))
            }
        }
        (ShapeKind::Structure { .. } | ShapeKind::Union { .. }, _) => Fit::NotApplicable,
        (ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_), _) => {
            Fit::NotApplicable
        }
        _ => Fit::WrongType,
    }
}

/// The default must satisfy the `@length` and `@range` of the member and of its target.
fn constraints(
    report: &mut Report,
    subject: Subject,
    value: &Value,
    shape: &Shape,
    size: Option<usize>,
) {
    let mut sources: Vec<&Traits> = vec![&shape.traits];
    if let Subject::Member { member, .. } = subject {
        sources.push(&member.traits);
    }
    for traits in sources {
        if let (Some(size), Some(length)) = (size, traits.get(LENGTH)) {
            let (min, max) = (bound(length, "min"), bound(length, "max"));
            let size = size as f64;
            if min.is_some_and(|min| size < min) || max.is_some_and(|max| size > max) {
                report.error(
                    subject.id(),
                    format!(
                        "default value {value} has length {size}, outside the `{LENGTH}` of {}",
                        describe_bounds(length)
                    ),
                );
            }
        }
        // Smithy only warns about a zero default outside the range: models converted from
        // Smithy 1.0 have them.
        let number = value.as_f64().filter(|n| *n != 0.0);
        if let (Some(number), Some(range)) = (number, traits.get(RANGE)) {
            let (min, max) = (bound(range, "min"), bound(range, "max"));
            if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
                report.error(
                    subject.id(),
                    format!(
                        "default value {value} is outside the `{RANGE}` of {}",
                        describe_bounds(range)
                    ),
                );
            }
        }
    }
}

/// "min 1, max 10".
fn describe_bounds(constraint: &Value) -> String {
    ["min", "max"]
        .iter()
        .filter_map(|key| Some(format!("{key} {}", constraint.get(*key)?)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bound(constraint: &Value, key: &str) -> Option<f64> {
    constraint.get(key).and_then(Value::as_f64)
}

/// The number of bytes `text` decodes to, when it is standard base64 (padding optional).
fn base64_decoded_len(text: &str) -> Option<usize> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    let alphabet = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/';
    if padding > 2 || !body.bytes().all(alphabet) || body.len() % 4 == 1 {
        return None;
    }
    if padding > 0 && !text.len().is_multiple_of(4) {
        return None;
    }
    Some(body.len() * 3 / 4)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the RFC 3339 `date-time` production.
fn is_rfc3339_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let separators = bytes.len() >= 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't')
        && bytes[13] == b':'
        && bytes[16] == b':';
    if !separators {
        return false;
    }
    let (Some(_year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') < 24
                && (m1 - b'0') * 10 + (m2 - b'0') < 60
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{base64_decoded_len, is_rfc3339_date_time};

    #[test]
    fn base64_lengths() {
        assert_eq!(base64_decoded_len(""), Some(0));
        assert_eq!(base64_decoded_len("YWJj"), Some(3));
        assert_eq!(base64_decoded_len("YmxvYg=="), Some(4));
        assert_eq!(base64_decoded_len("YmxvYg"), Some(4));
        assert_eq!(base64_decoded_len("not base64!"), None);
        assert_eq!(base64_decoded_len("YmxvY"), None);
        assert_eq!(base64_decoded_len("YmxvYg="), None);
    }

    #[test]
    fn rfc3339_date_times() {
        assert!(is_rfc3339_date_time("1970-01-01T00:00:00Z"));
        assert!(is_rfc3339_date_time("1985-04-12T23:20:50.52Z"));
        assert!(is_rfc3339_date_time("1996-12-19T16:39:57-08:00"));
        assert!(!is_rfc3339_date_time("1970-01-01"));
        assert!(!is_rfc3339_date_time("1970-13-01T00:00:00Z"));
        assert!(!is_rfc3339_date_time("1970-01-01T00:00:00"));
        assert!(!is_rfc3339_date_time("1970-01-01T00:00:00.Z"));
        assert!(!is_rfc3339_date_time("yesterday at noon, roughly"));
    }
}
