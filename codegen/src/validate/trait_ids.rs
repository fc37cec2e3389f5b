//! Ids of the prelude traits validation refers to (beyond those in `model::traits`, which the
//! generator itself reads).

pub const JSON_NAME: &str = "smithy.api#jsonName";
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
pub const LENGTH: &str = "smithy.api#length";
pub const RANGE: &str = "smithy.api#range";
pub const PATTERN: &str = "smithy.api#pattern";
pub const SPARSE: &str = "smithy.api#sparse";
pub const HTTP: &str = "smithy.api#http";
pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
pub const RESOURCE_IDENTIFIER: &str = "smithy.api#resourceIdentifier";
pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
pub const ADDED_DEFAULT: &str = "smithy.api#addedDefault";
