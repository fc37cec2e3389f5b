//! The values of the prelude traits the generator reads have the type their definitions give
//! them: strings, non-empty strings, one of a fixed set of strings, integers, booleans.
//! Constraint traits, `@default` and `@http` have passes of their own.

use super::trait_ids::{
    HTTP_HEADER, HTTP_PREFIX_HEADERS, HTTP_QUERY, JSON_NAME, PATTERN, RESOURCE_IDENTIFIER,
    TIMESTAMP_FORMAT,
};
use super::{Report, Subject};
use crate::model::load::json_type;
use crate::model::traits::{DEPRECATED, DOCUMENTATION, ERROR, HTTP_ERROR, RETRYABLE, TITLE};
use serde_json::Value;

/// Traits whose value is a string.
const STRINGS: &[&str] = &[
    DOCUMENTATION,
    JSON_NAME,
    TITLE,
    PATTERN,
    HTTP_PREFIX_HEADERS,
    "smithy.api#mediaType",
    "smithy.api#since",
    "smithy.api#xmlName",
];

/// Traits whose value is a string that cannot be empty.
const NON_EMPTY_STRINGS: &[&str] = &[HTTP_HEADER, HTTP_QUERY, RESOURCE_IDENTIFIER];

/// Traits whose value is one of a fixed set of strings.
const ONE_OF: &[(&str, &[&str])] = &[
    (ERROR, &["client", "server"]),
    (
        TIMESTAMP_FORMAT,
        &["date-time", "epoch-seconds", "http-date"],
    ),
];

/// Structure-valued traits and the type of each of their members.
const STRUCTURES: &[(&str, &[(&str, Kind)])] = &[
    (
        DEPRECATED,
        &[("message", Kind::String), ("since", Kind::String)],
    ),
    (RETRYABLE, &[("throttling", Kind::Boolean)]),
    (
        "smithy.api#paginated",
        &[
            ("inputToken", Kind::String),
            ("outputToken", Kind::String),
            ("items", Kind::String),
            ("pageSize", Kind::String),
        ],
    ),
];

#[derive(Clone, Copy)]
enum Kind {
    String,
    Boolean,
}

pub(super) fn check(report: &mut Report) {
    for subject in report.subjects() {
        let traits = subject.traits();
        for trait_id in STRINGS {
            if let Some(value) = traits.get(trait_id).filter(|v| !v.is_string()) {
                wrong_type(report, subject, trait_id, "a string", value);
            }
        }
        for trait_id in NON_EMPTY_STRINGS {
            match traits.get(trait_id) {
                Some(Value::String(text)) if text.is_empty() => {
                    report.error(subject.id(), format!("`{trait_id}` cannot be empty"));
                }
                Some(Value::String(_)) | None => {}
                Some(value) => wrong_type(report, subject, trait_id, "a string", value),
            }
        }
        for (trait_id, choices) in ONE_OF {
            let Some(value) = traits.get(trait_id) else {
                continue;
            };
            if !value.as_str().is_some_and(|text| choices.contains(&text)) {
                let choices: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
                let choices = match choices.as_slice() {
                    [first, second] => format!("{first} or {second}"),
                    [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
                    [] => String::new(),
                };
                report.error(
                    subject.id(),
                    format!("`{trait_id}` must be {choices}, found {value}"),
                );
            }
        }
        if let Some(value) = traits.get(HTTP_ERROR).filter(|v| !v.is_i64()) {
            wrong_type(report, subject, HTTP_ERROR, "an integer status code", value);
        }
        for (trait_id, members) in STRUCTURES {
            let Some(value) = traits.get(trait_id) else {
                continue;
            };
            let Some(object) = value.as_object() else {
                wrong_type(report, subject, trait_id, "an object", value);
                continue;
            };
            for (name, kind) in members.iter() {
                let fits = match (kind, object.get(*name)) {
                    (_, None) => true,
                    (Kind::String, Some(value)) => value.is_string(),
                    (Kind::Boolean, Some(value)) => value.is_boolean(),
                };
                if !fits {
                    let wanted = match kind {
                        Kind::String => "a string",
                        Kind::Boolean => "a boolean",
                    };
                    report.error(
                        subject.id(),
                        format!(
                            "`{name}` of `{trait_id}` must be {wanted}, found {}",
                            json_type(&object[*name])
                        ),
                    );
                }
            }
        }
    }
}

fn wrong_type(report: &mut Report, subject: Subject, trait_id: &str, wanted: &str, value: &Value) {
    report.error(
        subject.id(),
        format!("`{trait_id}` must be {wanted}, found {}", json_type(value)),
    );
}
