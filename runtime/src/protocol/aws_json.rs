//! Error responses of the awsJson 1.0 and 1.1 protocols.
//!
//! An error response carries the usual JSON body of its error shape plus one component
//! naming the error: the `X-Amzn-Errortype` header, or a top-level `code` or `__type`
//! member of the body. Legacy services decorate that name with a namespace
//! (`smithy.example#FooError`) and/or a URI suffix (`FooError:http://...`), which
//! [`sanitize_error_code`] strips. [`parse_error_metadata`] collects the code, message and
//! request ID into an [`ErrorMetadataBuilder`]; generated code then picks the modeled error
//! by comparing the code against the error shapes' names.
//!
//! ```
//! use smithy_runtime::protocol::aws_json;
//! use smithy_runtime::error::RequestId;
//!
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-amzn-requestid", http::HeaderValue::from_static("req-1"));
//! let body = br#"{"__type": "aws.protocoltests.json10#InvalidGreeting", "Message": "Hi"}"#;
//! let meta = aws_json::parse_error_metadata(400, &headers, body).build();
//! assert_eq!(meta.code(), Some("InvalidGreeting"));
//! assert_eq!(meta.message(), Some("Hi"));
//! assert_eq!(meta.request_id(), Some("req-1"));
//! ```

use crate::error::{
    redact_message, ErrorMetadata, ErrorMetadataBuilder, ModeledErrorBodyError, Unhandled,
    REQUEST_ID_KEY,
};
use crate::json::{self, Value};
use http::HeaderMap;

/// The header that may carry the error code (header names are case-insensitive).
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";

/// The header that carries the ID the service assigned to the request.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// Body members that may carry the error code, in order of precedence.
const CODE_MEMBERS: [&str; 2] = ["code", "__type"];

/// Body members that may carry the error message, in order of precedence.
const MESSAGE_MEMBERS: [&str; 3] = ["message", "Message", "errorMessage"];

/// Reduces an error type as sent by the service to the bare error shape name.
///
/// Following the awsJson specification, the value is first cut before the first `:` (which
/// drops a URI suffix) and then after the first `#` (which drops a namespace).
///
/// ```
/// use smithy_runtime::protocol::aws_json::sanitize_error_code;
///
/// for raw in [
///     "FooError",
///     "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
///     "smithy.example#FooError",
///     "smithy.example#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
/// ] {
///     assert_eq!(sanitize_error_code(raw), "FooError");
/// }
/// ```
pub fn sanitize_error_code(raw: &str) -> &str {
    let without_uri = match raw.split_once(':') {
        Some((head, _)) => head,
        None => raw,
    };
    match without_uri.split_once('#') {
        Some((_, name)) => name,
        None => without_uri,
    }
}

/// Returns the request ID from the `x-amzn-requestid` header, if it is present and
/// readable as text.
pub fn request_id(headers: &HeaderMap) -> Option<&str> {
    header_str(headers, REQUEST_ID_HEADER)
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Returns the first of `members` that is a string member of the top-level object `body`.
fn string_member<'b>(body: Option<&'b Value>, members: &[&str]) -> Option<&'b str> {
    let body = body?;
    members
        .iter()
        .find_map(|name| body.get(name).and_then(Value::as_str))
}

/// Parses the body of a modeled error with `parse` (given the body, `{}` when it is empty, and
/// the error's metadata). A body that does not parse gives the [`Unhandled`] error instead,
/// which keeps the metadata and so the error code, and whose cause, a
/// [`ModeledErrorBodyError`], names the HTTP `status` and says what did not parse. With
/// `sensitive_message` the message is redacted there, as the modeled error would have kept it
/// out of `Debug`.
pub fn parse_modeled_error<T>(
    status: u16,
    body: &[u8],
    meta: ErrorMetadata,
    sensitive_message: bool,
    parse: impl FnOnce(Value<'_>, ErrorMetadata) -> Result<T, json::DeserializeError>,
) -> Result<T, Unhandled> {
    match json::parse_body(body).and_then(|value| parse(value, meta.clone())) {
        Ok(error) => Ok(error),
        Err(source) => {
            let meta = if sensitive_message {
                redact_message(meta)
            } else {
                meta
            };
            Err(Unhandled::new(ModeledErrorBodyError::new(status, source)).with_meta(meta))
        }
    }
}

/// Reads the generic error information from an awsJson error response.
///
/// * The code comes from the `X-Amzn-Errortype` header, else from the body's top-level
///   `code` member, else from its top-level `__type` member, each passed through
///   [`sanitize_error_code`]. A source that is missing, not a string, or empty after
///   sanitizing is skipped.
/// * The message is the body's top-level `message`, `Message` or `errorMessage` member,
///   whichever string member comes first in that order.
/// * The request ID comes from the `x-amzn-requestid` header (see [`request_id`]).
///
/// This never fails: a body that is empty, not JSON or not an object, and header values
/// that are not valid text, only leave the corresponding metadata unset. `status` is not
/// needed by this protocol; it is accepted so that every protocol's error parser can be
/// called the same way.
pub fn parse_error_metadata(status: u16, headers: &HeaderMap, body: &[u8]) -> ErrorMetadataBuilder {
    let _ = status;
    let parsed = json::parse_body(body).ok();
    let body = parsed.as_ref();

    let mut builder = ErrorMetadata::builder();
    let header_code = header_str(headers, ERROR_TYPE_HEADER);
    let code = header_code
        .into_iter()
        .chain(
            CODE_MEMBERS
                .iter()
                .filter_map(|name| body.and_then(|b| b.get(name)).and_then(Value::as_str)),
        )
        .map(sanitize_error_code)
        .find(|code| !code.is_empty());
    if let Some(code) = code {
        builder = builder.code(code);
    }
    if let Some(message) = string_member(body, &MESSAGE_MEMBERS) {
        builder = builder.message(message);
    }
    if let Some(id) = request_id(headers) {
        builder = builder.custom(REQUEST_ID_KEY, id);
    }
    builder
}

/// The header in which services with the Smithy `aws.protocols#awsQueryCompatible` trait
/// send the error's awsQuery code and fault, as `Code;Fault`.
pub const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// For services with `aws.protocols#awsQueryCompatible`: takes the error code from the
/// `x-amzn-query-error` header (`Code;Fault`, such as `AWS.SimpleQueueService.NonExistentQueue;Sender`)
/// and keeps the fault under the extra key `type` (see
/// [`ErrorMetadata::extra`](crate::error::ErrorMetadata::extra)), as the AWS SDKs do.
/// Without the header, or with a malformed one, `builder` is returned unchanged.
///
/// Generated code picks the modeled error from the awsJson code first (the header's code is
/// the one the awsQuery version of the service used, for applications that compare codes).
///
/// ```
/// use smithy_runtime::protocol::aws_json;
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("x-amzn-query-error", http::HeaderValue::from_static("Customized;Sender"));
/// let body = br#"{"__type": "aws.protocoltests.json10#CustomCodeError"}"#;
/// let meta = aws_json::parse_error_metadata(400, &headers, body);
/// let meta = aws_json::apply_query_error(meta, &headers).build();
/// assert_eq!(meta.code(), Some("Customized"));
/// assert_eq!(meta.extra("type"), Some("Sender"));
/// ```
pub fn apply_query_error(
    builder: ErrorMetadataBuilder,
    headers: &HeaderMap,
) -> ErrorMetadataBuilder {
    let parsed = header_str(headers, QUERY_ERROR_HEADER)
        .and_then(|value| value.trim().split_once(';'))
        .filter(|(code, fault)| !code.is_empty() && !fault.is_empty() && !fault.contains(';'));
    match parsed {
        Some((code, fault)) => builder.code(code).custom("type", fault),
        None => builder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ProvideErrorMetadata, RequestId};
    use http::HeaderValue;

    const URI: &str = "http://internal.amazon.com/coral/com.amazon.coral.validate/";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn meta(status: u16, pairs: &[(&'static str, &str)], body: &str) -> ErrorMetadata {
        parse_error_metadata(status, &headers(pairs), body.as_bytes()).build()
    }

    fn code(pairs: &[(&'static str, &str)], body: &str) -> Option<String> {
        meta(500, pairs, body).code().map(str::to_owned)
    }

    /// A modeled error with one string member, `reason`.
    fn parse_reason(
        value: Value<'_>,
        meta: ErrorMetadata,
    ) -> Result<(String, ErrorMetadata), json::DeserializeError> {
        let reason = value
            .get("reason")
            .and_then(Value::as_str)
            .ok_or_else(|| json::DeserializeError::custom("no reason"))?;
        Ok((reason.to_owned(), meta))
    }

    #[test]
    fn modeled_errors_parse_or_become_unhandled_with_their_code() {
        let meta = || {
            ErrorMetadata::builder()
                .code("Oops")
                .message("secret detail")
                .custom(REQUEST_ID_KEY, "req-1")
                .build()
        };
        let (reason, kept) =
            parse_modeled_error(400, br#"{"reason":"r"}"#, meta(), true, parse_reason).unwrap();
        assert_eq!(reason, "r");
        assert_eq!(kept.code(), Some("Oops"));

        for (body, sensitive) in [(&b"{"[..], false), (b"{}", false), (b"[1", true)] {
            let unhandled = parse_modeled_error(400, body, meta(), sensitive, parse_reason)
                .expect_err("the body does not parse");
            let cause = std::error::Error::source(&unhandled)
                .and_then(|cause| cause.downcast_ref::<ModeledErrorBodyError>())
                .expect("the cause names the unparsable body");
            assert_eq!(cause.status(), 400);
            assert_eq!(unhandled.code(), Some("Oops"));
            assert_eq!(unhandled.request_id(), Some("req-1"));
            let message = unhandled.message().map(str::to_owned);
            if sensitive {
                assert_ne!(message.as_deref(), Some("secret detail"));
                assert!(!format!("{unhandled:?}").contains("secret detail"));
            } else {
                assert_eq!(message.as_deref(), Some("secret detail"));
            }
        }
    }

    #[test]
    fn sanitizes_spec_examples() {
        for raw in [
            "FooError".to_owned(),
            format!("FooError:{URI}"),
            "smithy.example#FooError".to_owned(),
            format!("smithy.example#FooError:{URI}"),
            format!("aws.protocoltests.restjson#FooError:{URI}"),
        ] {
            assert_eq!(sanitize_error_code(&raw), "FooError", "{raw}");
        }
    }

    #[test]
    fn sanitize_edge_cases() {
        assert_eq!(sanitize_error_code(""), "");
        assert_eq!(sanitize_error_code("#"), "");
        assert_eq!(sanitize_error_code(":"), "");
        assert_eq!(sanitize_error_code("ns#"), "");
        assert_eq!(sanitize_error_code(":ns#Foo"), "");
        // A `#` inside the URI suffix does not matter: the suffix is cut first.
        assert_eq!(sanitize_error_code("Foo:http://x/#frag"), "Foo");
        assert_eq!(sanitize_error_code("ns#Foo:a:b"), "Foo");
        // The namespace ends at the first `#`, as the specification says.
        assert_eq!(sanitize_error_code("a#b#Foo"), "b#Foo");
        assert_eq!(sanitize_error_code("ünïcode#Ërror"), "Ërror");
    }

    // The inputs of the `smithy.test#httpResponseTests` on the error shapes in
    // aws-json-1_0.json (aws.protocoltests.json10), one test per case.

    #[test]
    fn aws_json10_foo_error_using_x_amzn_error_type() {
        assert_eq!(
            code(&[("X-Amzn-Errortype", "FooError")], "").as_deref(),
            Some("FooError")
        );
    }

    #[test]
    fn aws_json10_foo_error_using_x_amzn_error_type_with_uri() {
        let header = format!("FooError:{URI}");
        assert_eq!(
            code(&[("X-Amzn-Errortype", &header)], "").as_deref(),
            Some("FooError")
        );
    }

    #[test]
    fn aws_json10_foo_error_using_x_amzn_error_type_with_uri_and_namespace() {
        let header = format!("aws.protocoltests.json10#FooError:{URI}");
        assert_eq!(
            code(&[("X-Amzn-Errortype", &header)], "").as_deref(),
            Some("FooError")
        );
    }

    const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.0");

    #[test]
    fn aws_json10_foo_error_using_code() {
        let body = "{\n    \"code\": \"FooError\"\n}";
        assert_eq!(code(&[JSON], body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_using_code_and_namespace() {
        let body = "{\n    \"code\": \"aws.protocoltests.json10#FooError\"\n}";
        assert_eq!(code(&[JSON], body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_using_code_uri_and_namespace() {
        let body = format!("{{\n    \"code\": \"aws.protocoltests.json10#FooError:{URI}\"\n}}");
        assert_eq!(code(&[JSON], &body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_with_dunder_type() {
        let body = "{\n    \"__type\": \"FooError\"\n}";
        assert_eq!(code(&[JSON], body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_with_dunder_type_and_namespace() {
        let body = "{\n    \"__type\": \"aws.protocoltests.json10#FooError\"\n}";
        assert_eq!(code(&[JSON], body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_with_dunder_type_and_different_namespace() {
        let body = "{\n    \"__type\": \"aws.different.namespace#FooError\"\n}";
        assert_eq!(code(&[JSON], body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_with_dunder_type_uri_and_namespace() {
        let body = format!("{{\n    \"__type\": \"aws.protocoltests.json10#FooError:{URI}\"\n}}");
        assert_eq!(code(&[JSON], &body).as_deref(), Some("FooError"));
    }

    #[test]
    fn aws_json10_foo_error_with_nested_type_property() {
        let body = r#"{
    "__type": "aws.protocoltests.json10#FooError",
    "ErrorDetails": [
      {
          "__type": "com.amazon.internal#ErrorDetails",
          "reason": "Some reason"
      }
    ]
}"#;
        let meta = meta(500, &[JSON], body);
        assert_eq!(meta.code(), Some("FooError"));
        assert_eq!(meta.message(), None);
    }

    #[test]
    fn aws_json10_invalid_greeting_error() {
        let body = r#"{
    "__type": "aws.protocoltests.json10#InvalidGreeting",
    "Message": "Hi"
}"#;
        let meta = meta(400, &[JSON], body);
        assert_eq!(meta.code(), Some("InvalidGreeting"));
        assert_eq!(meta.message(), Some("Hi"));
    }

    #[test]
    fn aws_json10_complex_error() {
        let body = r#"{
    "__type": "aws.protocoltests.json10#ComplexError",
    "TopLevel": "Top level",
    "Nested": {
        "Foo": "bar"
    }
}"#;
        let meta = meta(400, &[JSON], body);
        assert_eq!(meta.code(), Some("ComplexError"));
        assert_eq!(meta.message(), None);
    }

    #[test]
    fn aws_json10_empty_complex_error() {
        let body = "{\n    \"__type\": \"aws.protocoltests.json10#ComplexError\"\n}";
        assert_eq!(code(&[JSON], body).as_deref(), Some("ComplexError"));
    }

    #[test]
    fn query_compatible_errors_still_use_dunder_type() {
        for name in ["CustomCodeError", "NoCustomCodeError"] {
            let body = format!(
                "{{\n    \"__type\": \"aws.protocoltests.json10#{name}\",\n    \"message\": \"Hi\"\n}}"
            );
            let meta = meta(
                400,
                &[JSON, ("x-amzn-query-error", "Customized;Sender")],
                &body,
            );
            assert_eq!(meta.code(), Some(name));
            assert_eq!(meta.message(), Some("Hi"));
        }
    }

    #[test]
    fn code_precedence() {
        let body = r#"{"__type": "ns#FromType", "code": "ns#FromCode"}"#;
        assert_eq!(
            code(&[("x-amzn-errortype", "ns#FromHeader")], body).as_deref(),
            Some("FromHeader")
        );
        assert_eq!(code(&[], body).as_deref(), Some("FromCode"));
        assert_eq!(
            code(&[], r#"{"__type": "FromType"}"#).as_deref(),
            Some("FromType")
        );
        // Header names are case-insensitive.
        assert_eq!(
            code(&[("X-AMZN-ERRORTYPE", "Upper")], "").as_deref(),
            Some("Upper")
        );
    }

    #[test]
    fn unusable_code_sources_are_skipped() {
        // Empty after sanitizing, or not a string: fall through to the next source.
        assert_eq!(
            code(&[("x-amzn-errortype", "")], r#"{"code": "Body"}"#).as_deref(),
            Some("Body")
        );
        assert_eq!(
            code(&[("x-amzn-errortype", "ns#")], r#"{"__type": "Body"}"#).as_deref(),
            Some("Body")
        );
        assert_eq!(
            code(&[], r#"{"code": 5, "__type": "Type"}"#).as_deref(),
            Some("Type")
        );
        assert_eq!(code(&[], r#"{"code": null}"#), None);
        assert_eq!(code(&[], r#"{"code": ""}"#), None);
        // Only top-level members count.
        assert_eq!(code(&[], r#"{"nested": {"__type": "Inner"}}"#), None);
    }

    #[test]
    fn header_values_that_are_not_text_are_ignored() {
        let mut map = HeaderMap::new();
        map.insert(
            ERROR_TYPE_HEADER,
            HeaderValue::from_bytes(b"Caf\xe9Error").unwrap(),
        );
        map.insert(
            REQUEST_ID_HEADER,
            HeaderValue::from_bytes(b"id\xff").unwrap(),
        );
        let meta = parse_error_metadata(400, &map, br#"{"__type": "BodyError"}"#).build();
        assert_eq!(meta.code(), Some("BodyError"));
        assert_eq!(meta.request_id(), None);
        assert_eq!(request_id(&map), None);
    }

    #[test]
    fn message_precedence() {
        let message = |body: &str| meta(400, &[], body).message().map(str::to_owned);
        assert_eq!(
            message(r#"{"errorMessage": "c", "Message": "b", "message": "a"}"#).as_deref(),
            Some("a")
        );
        assert_eq!(
            message(r#"{"errorMessage": "c", "Message": "b"}"#).as_deref(),
            Some("b")
        );
        assert_eq!(message(r#"{"errorMessage": "c"}"#).as_deref(), Some("c"));
        assert_eq!(
            message(r#"{"message": null, "Message": "b"}"#).as_deref(),
            Some("b")
        );
        assert_eq!(message(r#"{"MESSAGE": "x"}"#), None);
        assert_eq!(message(r#"{"message": {"text": "x"}}"#), None);
        assert_eq!(
            message(r#"{"message": "a\nb\u00e9"}"#).as_deref(),
            Some("a\nbé")
        );
    }

    #[test]
    fn request_ids() {
        let map = headers(&[("x-amzn-RequestId", "abc-123")]);
        assert_eq!(request_id(&map), Some("abc-123"));
        assert_eq!(request_id(&HeaderMap::new()), None);
        let meta = meta(
            400,
            &[("x-amzn-requestid", "abc-123")],
            r#"{"__type": "Foo", "message": "m"}"#,
        );
        assert_eq!(meta.code(), Some("Foo"));
        assert_eq!(meta.message(), Some("m"));
        assert_eq!(meta.request_id(), Some("abc-123"));
    }

    #[test]
    fn malformed_bodies_yield_less_metadata() {
        for body in [
            "",
            "   ",
            "{",
            "not json",
            "[\"__type\"]",
            "\"FooError\"",
            "null",
            "{\"__type\": \"Foo\"} trailing",
            "\u{fffd}",
        ] {
            let meta = meta(500, &[("x-amzn-requestid", "r")], body);
            assert_eq!(meta.code(), None, "{body:?}");
            assert_eq!(meta.message(), None, "{body:?}");
            assert_eq!(meta.request_id(), Some("r"), "{body:?}");
        }
        let deep = "[".repeat(100_000);
        assert_eq!(meta(500, &[], &deep), ErrorMetadata::default());
        let invalid_utf8 = parse_error_metadata(
            500,
            &headers(&[("x-amzn-errortype", "HeaderCode")]),
            b"{\"message\": \"\xff\"}",
        )
        .build();
        assert_eq!(invalid_utf8.code(), Some("HeaderCode"));
        assert_eq!(invalid_utf8.message(), None);
    }

    #[test]
    fn query_compatible_error_codes() {
        let body =
            "{\"__type\": \"aws.protocoltests.json10#CustomCodeError\", \"message\": \"Hi\"}";
        let pairs = [("x-amzn-query-error", "Customized;Sender")];
        let meta = apply_query_error(
            parse_error_metadata(400, &headers(&pairs), body.as_bytes()),
            &headers(&pairs),
        )
        .build();
        assert_eq!(meta.code(), Some("Customized"));
        assert_eq!(meta.extra("type"), Some("Sender"));
        assert_eq!(meta.message(), Some("Hi"));
        for bad in ["", "Code", ";Sender", "Code;", "a;b;c"] {
            let pairs = [("x-amzn-query-error", bad)];
            let meta = apply_query_error(
                parse_error_metadata(400, &headers(&pairs), body.as_bytes()),
                &headers(&pairs),
            )
            .build();
            assert_eq!(meta.code(), Some("CustomCodeError"), "{bad:?}");
            assert_eq!(meta.extra("type"), None, "{bad:?}");
        }
    }

    #[test]
    fn empty_response_has_no_metadata() {
        assert_eq!(meta(500, &[], ""), ErrorMetadata::default());
        assert_eq!(meta(500, &[], "{}"), ErrorMetadata::default());
    }
}
