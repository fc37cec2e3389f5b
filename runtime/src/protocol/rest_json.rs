//! Error responses of the restJson1 protocol.
//!
//! restJson1 names an error the way awsJson does (the `X-Amzn-Errortype` header, else the
//! body's `code` or `__type`, sanitized the same way), so [`parse_error_metadata`] is the
//! awsJson reading. What differs is the modeled error itself: members bound to headers are read
//! from the response's headers as well as the body ([`parse_modeled_error`]).
//!
//! ```
//! use smithy_runtime::protocol::rest_json;
//!
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-amzn-errortype", http::HeaderValue::from_static("FooError:http://internal.amazon.com/"));
//! let meta = rest_json::parse_error_metadata(500, &headers, b"").build();
//! assert_eq!(meta.code(), Some("FooError"));
//! ```

use http::HeaderMap;

use crate::error::{ErrorMetadata, ErrorMetadataBuilder, Unhandled};
use crate::json::{self, Value};

pub use super::aws_json::{request_id, sanitize_error_code, ERROR_TYPE_HEADER, REQUEST_ID_HEADER};

/// Reads the error code, message and request ID of a restJson1 error response, exactly as
/// [`aws_json::parse_error_metadata`](super::aws_json::parse_error_metadata) does.
pub fn parse_error_metadata(status: u16, headers: &HeaderMap, body: &[u8]) -> ErrorMetadataBuilder {
    super::aws_json::parse_error_metadata(status, headers, body)
}

/// Parses a modeled error whose members may be bound to `headers` as well as to the JSON
/// `body`. As [`aws_json::parse_modeled_error`](super::aws_json::parse_modeled_error): a
/// response that does not parse gives the [`Unhandled`] error, keeping the metadata.
pub fn parse_modeled_error<T>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    meta: ErrorMetadata,
    sensitive_message: bool,
    parse: fn(Value<'_>, &HeaderMap, ErrorMetadata) -> Result<T, json::DeserializeError>,
) -> Result<T, Unhandled> {
    super::aws_json::parse_modeled_error(status, body, meta, sensitive_message, |value, meta| {
        parse(value, headers, meta)
    })
}

/// A blob `@httpPayload`: the body as it is, or `None` when it is empty.
pub fn payload_blob(body: &[u8]) -> Option<crate::primitives::Blob> {
    (!body.is_empty()).then(|| crate::primitives::Blob::new(body.to_vec()))
}

/// A string (or enum) `@httpPayload`: the body as UTF-8 text, or `None` when it is empty.
pub fn payload_text(body: &[u8]) -> Result<Option<String>, json::DeserializeError> {
    if body.is_empty() {
        return Ok(None);
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Some(text.to_owned())),
        Err(_) => Err(json::DeserializeError::custom(
            "the response body is bound to a string but is not UTF-8",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ModeledErrorBodyError, ProvideErrorMetadata};
    use http::HeaderValue;

    // The inputs of restJson1's error-code cases (`RestJsonFooErrorUsing...` in
    // rest-json-1.json): the header wins, then `code`, then `__type`, each sanitized.
    #[test]
    fn error_codes_come_from_the_header_then_the_body() {
        let mut headers = HeaderMap::new();
        let code = |headers: &HeaderMap, body: &str| {
            parse_error_metadata(400, headers, body.as_bytes())
                .build()
                .code()
                .map(str::to_owned)
        };
        assert_eq!(
            code(&headers, r#"{"code": "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}"#).as_deref(),
            Some("FooError")
        );
        assert_eq!(
            code(&headers, r#"{"__type": "FooError"}"#).as_deref(),
            Some("FooError")
        );
        headers.insert(
            ERROR_TYPE_HEADER,
            HeaderValue::from_static("aws.protocoltests.restjson#FooError"),
        );
        assert_eq!(
            code(&headers, r#"{"__type": "Other"}"#).as_deref(),
            Some("FooError")
        );
    }

    fn parse_header(
        value: Value<'_>,
        headers: &HeaderMap,
        meta: ErrorMetadata,
    ) -> Result<(String, String, ErrorMetadata), json::DeserializeError> {
        let header = headers
            .get("x-header")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| json::DeserializeError::custom("no X-Header"))?;
        let top = value
            .get("TopLevel")
            .and_then(Value::as_str)
            .ok_or_else(|| json::DeserializeError::custom("no TopLevel"))?;
        Ok((header.to_owned(), top.to_owned(), meta))
    }

    #[test]
    fn payloads_are_the_body_or_none() {
        assert_eq!(payload_blob(b""), None);
        assert_eq!(payload_blob(b"\x00\x01").unwrap().as_ref(), b"\x00\x01");
        assert_eq!(payload_text(b"").unwrap(), None);
        assert_eq!(
            payload_text("héllo".as_bytes()).unwrap().as_deref(),
            Some("héllo")
        );
        assert!(payload_text(b"\xff").is_err());
    }

    #[test]
    fn modeled_errors_read_headers_and_body() {
        let mut headers = HeaderMap::new();
        headers.insert("x-header", HeaderValue::from_static("Header"));
        let meta = ErrorMetadata::builder().code("ComplexError").build();
        let (header, top, meta) = parse_modeled_error(
            403,
            &headers,
            br#"{"TopLevel": "Top level"}"#,
            meta,
            false,
            parse_header,
        )
        .unwrap();
        assert_eq!((header.as_str(), top.as_str()), ("Header", "Top level"));
        assert_eq!(meta.code(), Some("ComplexError"));

        let unhandled = parse_modeled_error(
            403,
            &HeaderMap::new(),
            br#"{"TopLevel": "Top level"}"#,
            ErrorMetadata::builder().code("ComplexError").build(),
            false,
            parse_header,
        )
        .expect_err("the header is missing");
        assert_eq!(unhandled.code(), Some("ComplexError"));
        let cause = std::error::Error::source(&unhandled)
            .and_then(|cause| cause.downcast_ref::<ModeledErrorBodyError>())
            .expect("the cause names the response");
        assert_eq!(cause.status(), 403);
    }
}
