//! Enum rules: an enum or intEnum has members, each with a value of the right type that no
//! other member of the shape has; the legacy `@enum` trait lists definitions with distinct
//! values and names, and either every definition has a name or none does (as Smithy's
//! `EnumTraitValidator` requires: a legacy enum with names becomes a Rust enum, one without
//! becomes a newtype over `String`, see `ir::EnumDef::named`).

use std::collections::BTreeMap;

use super::Report;
use crate::model::traits::ENUM;
use crate::model::{Shape, ShapeKind, SimpleType};
use serde_json::Value;

pub(super) fn check(report: &mut Report) {
    for shape in report.shapes().collect::<Vec<_>>() {
        match &shape.kind {
            ShapeKind::Enum { members } => {
                if members.is_empty() {
                    report.error(&shape.id, "an enum must have at least one member");
                }
                let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
                for (name, member) in members {
                    let Some(Value::String(value)) = member.traits.enum_value() else {
                        report.error(
                            &member.id,
                            "an enum member's `smithy.api#enumValue` must be a string",
                        );
                        continue;
                    };
                    if value.is_empty() {
                        report.error(&member.id, "an enum value cannot be empty");
                    } else if let Some(first) = seen.insert(value, name) {
                        report.error(
                            &member.id,
                            format!("has the value \"{value}\", like `{first}`; enum values must be unique"),
                        );
                    }
                }
            }
            ShapeKind::IntEnum { members } => {
                if members.is_empty() {
                    report.error(&shape.id, "an intEnum must have at least one member");
                }
                let mut seen: BTreeMap<i64, &str> = BTreeMap::new();
                for (name, member) in members {
                    let Some(value) = member.traits.enum_value().and_then(Value::as_i64) else {
                        report.error(
                            &member.id,
                            "an intEnum member needs an integer `smithy.api#enumValue`",
                        );
                        continue;
                    };
                    if i32::try_from(value).is_err() {
                        report.error(
                            &member.id,
                            format!("the intEnum value {value} does not fit in a 32-bit integer"),
                        );
                    } else if let Some(first) = seen.insert(value, name) {
                        report.error(
                            &member.id,
                            format!("has the value {value}, like `{first}`; intEnum values must be unique"),
                        );
                    }
                }
            }
            _ => {}
        }
        legacy_enum_trait(report, shape);
    }
}

/// The `smithy.api#enum` trait of Smithy 1.0 models; where it may be applied is checked with
/// the other trait selectors.
fn legacy_enum_trait(report: &mut Report, shape: &Shape) {
    let Some(value) = shape.traits.get(ENUM) else {
        return;
    };
    if !matches!(shape.kind, ShapeKind::Simple(SimpleType::String)) {
        return;
    }
    let id = &shape.id;
    let Some(entries) = value.as_array() else {
        report.error(id, "`smithy.api#enum` must be an array of enum definitions");
        return;
    };
    if entries.is_empty() {
        report.error(
            id,
            "`smithy.api#enum` must list at least one enum definition",
        );
    }
    let mut values: BTreeMap<&str, usize> = BTreeMap::new();
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    let named = entries
        .iter()
        .position(|entry| entry.get("name").and_then(Value::as_str).is_some());
    for (index, entry) in entries.iter().enumerate() {
        if let Some(first) = named {
            if entry.get("name").and_then(Value::as_str).is_none() {
                report.error(
                    id,
                    format!("entry {index} of `smithy.api#enum` has no `name`, but entry {first} has one; either every entry has a name or none does"),
                );
            }
        }
        match entry.get("value").and_then(Value::as_str) {
            None => report.error(
                id,
                format!("entry {index} of `smithy.api#enum` has no string `value`"),
            ),
            Some("") => report.error(
                id,
                format!("entry {index} of `smithy.api#enum` has an empty `value`"),
            ),
            Some(value) => {
                if let Some(first) = values.insert(value, index) {
                    report.error(
                        id,
                        format!("entries {first} and {index} of `smithy.api#enum` both have the value \"{value}\""),
                    );
                }
            }
        }
        if let Some(name) = entry.get("name").and_then(Value::as_str) {
            if let Some(first) = names.insert(name, index) {
                report.error(
                    id,
                    format!("entries {first} and {index} of `smithy.api#enum` both have the name \"{name}\""),
                );
            }
        }
    }
}
