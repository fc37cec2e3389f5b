//! Traits as raw JSON, with typed accessors for the traits the generator reads.

use std::collections::BTreeMap;

use serde_json::Value;

pub const DOCUMENTATION: &str = "smithy.api#documentation";
pub const REQUIRED: &str = "smithy.api#required";
pub const SENSITIVE: &str = "smithy.api#sensitive";
pub const ERROR: &str = "smithy.api#error";
pub const HTTP_ERROR: &str = "smithy.api#httpError";
pub const RETRYABLE: &str = "smithy.api#retryable";
pub const ENUM: &str = "smithy.api#enum";
pub const ENUM_VALUE: &str = "smithy.api#enumValue";
pub const DEFAULT: &str = "smithy.api#default";
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
pub const INPUT: &str = "smithy.api#input";
pub const OUTPUT: &str = "smithy.api#output";
pub const MIXIN: &str = "smithy.api#mixin";
pub const STREAMING: &str = "smithy.api#streaming";
pub const DEPRECATED: &str = "smithy.api#deprecated";
pub const BOX: &str = "smithy.api#box";
pub const UNIT_TYPE: &str = "smithy.api#unitType";
pub const TITLE: &str = "smithy.api#title";
pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
pub const REST_JSON_1: &str = "aws.protocols#restJson1";
pub const SIGV4: &str = "aws.auth#sigv4";
pub const AWS_SERVICE: &str = "aws.api#service";
pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
/// Marks a member whose value is boxed to break a recursive cycle. Added by normalization.
pub const SYNTHETIC_BOXED: &str = "codegen.synthetic#boxed";

/// One entry of the legacy `smithy.api#enum` trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits {
    values: BTreeMap<String, Value>,
}

impl Traits {
    pub fn insert(&mut self, id: impl Into<String>, value: Value) {
        self.values.insert(id.into(), value);
    }

    pub fn remove(&mut self, id: &str) -> Option<Value> {
        self.values.remove(id)
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.values.get(id)
    }

    pub fn has(&self, id: &str) -> bool {
        self.values.contains_key(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.values.iter()
    }

    /// Copies every trait of `other` into `self`, replacing those `self` already has.
    pub fn merge_from(&mut self, other: &Traits) {
        for (id, value) in &other.values {
            self.values.insert(id.clone(), value.clone());
        }
    }

    pub fn documentation(&self) -> Option<&str> {
        self.get(DOCUMENTATION).and_then(Value::as_str)
    }

    pub fn is_required(&self) -> bool {
        self.has(REQUIRED)
    }

    pub fn is_sensitive(&self) -> bool {
        self.has(SENSITIVE)
    }

    pub fn is_client_optional(&self) -> bool {
        self.has(CLIENT_OPTIONAL)
    }

    pub fn error_fault(&self) -> Option<ErrorFault> {
        match self.get(ERROR)?.as_str()? {
            "client" => Some(ErrorFault::Client),
            "server" => Some(ErrorFault::Server),
            _ => None,
        }
    }

    /// `Some(throttling)` when the shape has `@retryable`.
    pub fn retryable(&self) -> Option<bool> {
        let value = self.get(RETRYABLE)?;
        Some(
            value
                .get("throttling")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        )
    }

    pub fn http_error(&self) -> Option<u16> {
        self.get(HTTP_ERROR)
            .and_then(Value::as_u64)
            .and_then(|code| u16::try_from(code).ok())
    }

    /// The `@default` value, when it is present and not `null`.
    pub fn default_value(&self) -> Option<&Value> {
        self.get(DEFAULT).filter(|value| !value.is_null())
    }

    pub fn enum_value(&self) -> Option<&Value> {
        self.get(ENUM_VALUE)
    }

    pub fn is_deprecated(&self) -> bool {
        self.has(DEPRECATED)
    }

    pub fn is_boxed(&self) -> bool {
        self.has(SYNTHETIC_BOXED)
    }

    /// Entries of the legacy `smithy.api#enum` trait; `None` when the shape does not have it.
    /// Entries that are not objects with a string `value` are left out (validation reports them).
    pub fn legacy_enum(&self) -> Option<Vec<EnumDefinition>> {
        let entries = self.get(ENUM)?.as_array()?;
        Some(
            entries
                .iter()
                .filter_map(|entry| {
                    Some(EnumDefinition {
                        value: entry.get("value")?.as_str()?.to_string(),
                        name: entry
                            .get("name")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        documentation: entry
                            .get("documentation")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        deprecated: entry
                            .get("deprecated")
                            .and_then(Value::as_bool)
                            .unwrap_or(false),
                    })
                })
                .collect(),
        )
    }

    /// The `name` of `aws.auth#sigv4`.
    pub fn sigv4_name(&self) -> Option<&str> {
        self.get(SIGV4)?.get("name")?.as_str()
    }

    /// The `sdkId` of `aws.api#service`.
    pub fn sdk_id(&self) -> Option<&str> {
        self.get(AWS_SERVICE)?.get("sdkId")?.as_str()
    }
}
