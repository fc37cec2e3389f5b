//! The values of the constraint traits `@length` and `@range`: at least one bound, bounds of
//! the right type that fit the shape they constrain, and `min` not above `max`. (Where they
//! may be applied is checked with the other trait selectors.)

use super::trait_ids::{LENGTH, RANGE};
use super::{Report, Subject};
use crate::model::load::json_type;
use crate::model::{Shape, ShapeKind, SimpleType};
use serde_json::{Map, Value};

pub(super) fn check(report: &mut Report) {
    for subject in report.subjects() {
        if let Some(value) = subject.traits().get(LENGTH) {
            length(report, subject, value);
        }
        if let Some(value) = subject.traits().get(RANGE) {
            let constrained = match subject {
                Subject::Shape(shape) => Some(shape),
                Subject::Member { member, .. } => report.target(member),
            };
            range(report, subject, value, constrained);
        }
    }
}

/// The `min` and `max` of a `@length` or `@range` value; `None` after reporting a problem.
fn bounds<'v>(
    report: &mut Report,
    subject: Subject,
    trait_id: &str,
    value: &'v Value,
) -> Option<&'v Map<String, Value>> {
    let id = subject.id();
    let Some(object) = value.as_object() else {
        report.error(
            id,
            format!(
                "`{trait_id}` must be an object with `min` and/or `max`, found {}",
                json_type(value)
            ),
        );
        return None;
    };
    if !object.contains_key("min") && !object.contains_key("max") {
        report.error(
            id,
            format!("`{trait_id}` needs at least one of `min` and `max`"),
        );
        return None;
    }
    let mut fine = true;
    for key in ["min", "max"] {
        if let Some(bound) = object.get(key).filter(|bound| !bound.is_number()) {
            report.error(
                id,
                format!(
                    "`{key}` of `{trait_id}` must be a number, found {}",
                    json_type(bound)
                ),
            );
            fine = false;
        }
    }
    fine.then_some(object)
}

fn length(report: &mut Report, subject: Subject, value: &Value) {
    let Some(object) = bounds(report, subject, LENGTH, value) else {
        return;
    };
    let mut limits = [None, None];
    for (slot, key) in limits.iter_mut().zip(["min", "max"]) {
        let Some(bound) = object.get(key) else {
            continue;
        };
        match bound.as_u64() {
            Some(bound) => *slot = Some(bound),
            None => report.error(
                subject.id(),
                format!("`{key}` of `{LENGTH}` must be a whole number that is not negative, found {bound}"),
            ),
        }
    }
    if let [Some(min), Some(max)] = limits {
        if min > max {
            report.error(
                subject.id(),
                format!("`{LENGTH}` has `min` {min} above `max` {max}; no value can satisfy it"),
            );
        }
    }
}

fn range(report: &mut Report, subject: Subject, value: &Value, constrained: Option<&Shape>) {
    let Some(object) = bounds(report, subject, RANGE, value) else {
        return;
    };
    let mut limits = [None, None];
    for (slot, key) in limits.iter_mut().zip(["min", "max"]) {
        let Some(bound) = object.get(key).and_then(Value::as_f64) else {
            continue;
        };
        *slot = Some(bound);
        let Some(shape) = constrained.filter(|shape| is_integral(&shape.kind)) else {
            continue;
        };
        let kind = shape.kind.type_name();
        let a_kind = format!("{} `{kind}`", super::article(kind));
        if bound.fract() != 0.0 {
            report.error(
                subject.id(),
                format!("`{key}` of `{RANGE}` is {bound}, which is not a whole number, but it constrains {a_kind}"),
            );
        } else if let Some((low, high)) = integer_limits(&shape.kind) {
            if bound < low as f64 || bound > high as f64 {
                report.error(
                    subject.id(),
                    format!("`{key}` of `{RANGE}` is {bound}, outside what {a_kind} can hold ({low} to {high})"),
                );
            }
        }
    }
    if let [Some(min), Some(max)] = limits {
        if min > max {
            report.error(
                subject.id(),
                format!("`{RANGE}` has `min` {min} above `max` {max}; no value can satisfy it"),
            );
        }
    }
}

fn is_integral(kind: &ShapeKind) -> bool {
    integer_limits(kind).is_some() || matches!(kind, ShapeKind::Simple(SimpleType::BigInteger))
}

/// The smallest and largest value of an integer type (a bigInteger has no limits).
pub(super) fn integer_limits(kind: &ShapeKind) -> Option<(i64, i64)> {
    Some(match kind {
        ShapeKind::Simple(SimpleType::Byte) => (i8::MIN.into(), i8::MAX.into()),
        ShapeKind::Simple(SimpleType::Short) => (i16::MIN.into(), i16::MAX.into()),
        ShapeKind::Simple(SimpleType::Integer) | ShapeKind::IntEnum { .. } => {
            (i32::MIN.into(), i32::MAX.into())
        }
        ShapeKind::Simple(SimpleType::Long) => (i64::MIN, i64::MAX),
        _ => return None,
    })
}
