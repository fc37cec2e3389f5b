//! Assertions for the protocol compliance tests that the generator emits from the Smithy
//! `smithy.test#httpRequestTests` and `smithy.test#httpResponseTests` traits (enabled by the
//! `test-util` feature).
//!
//! A generated request test sends the case's input through the real client over a
//! [`CaptureClient`] and checks the recorded request with the `assert_*` functions here; a
//! generated response test answers with [`capture_client`] and compares what the client
//! parsed. Every assertion panics with a message naming what differs.
//!
//! ```
//! use smithy_runtime::protocol::compliance;
//!
//! compliance::assert_body(
//!     br#"{"b":[1,2.5],"a":"x"}"#,
//!     "{\n  \"a\": \"x\",\n  \"b\": [1.0, 2.5]\n}",
//!     Some("application/json"),
//! );
//! ```

use crate::json::{self, Value};
use crate::transport::test_util::{CaptureClient, CapturedRequest};
use bytes::Bytes;
use http::HeaderMap;

/// A [`CaptureClient`] that answers the next request with `status`, `headers` and `body`.
///
/// # Panics
///
/// When a header name or value is not valid HTTP, or `status` is not a valid status code.
pub fn capture_client(
    status: u16,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> CaptureClient {
    let mut response = http::Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    let client = CaptureClient::new();
    client.push_response(
        response
            .body(body.into())
            .expect("the test case's response is valid HTTP"),
    );
    client
}

/// The only request `client` received.
///
/// # Panics
///
/// When it received no request or more than one.
pub fn single_request(client: &CaptureClient) -> CapturedRequest {
    let mut requests = client.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request to be sent, got {}",
        requests.len()
    );
    requests.remove(0)
}

/// Checks the request method (case-insensitively, as the test cases write it).
pub fn assert_method(request: &CapturedRequest, expected: &str) {
    assert!(
        request.method().as_str().eq_ignore_ascii_case(expected),
        "method: expected {expected}, got {}",
        request.method()
    );
}

/// Checks the request path (without the query string).
pub fn assert_uri(request: &CapturedRequest, expected: &str) {
    assert_eq!(request.uri().path(), expected, "request path");
}

/// Checks the host the request went to (`resolvedHost`, with any host prefix): the URI's
/// host and the `Host` header.
pub fn assert_host(request: &CapturedRequest, expected: &str) {
    assert_eq!(request.uri().host(), Some(expected), "request host");
    if let Some(host) = request.header("host") {
        assert_eq!(host, expected, "Host header");
    }
}

fn query_pairs(request: &CapturedRequest) -> Vec<&str> {
    request
        .uri()
        .query()
        .map(|query| query.split('&').filter(|pair| !pair.is_empty()).collect())
        .unwrap_or_default()
}

fn query_name(pair: &str) -> &str {
    pair.split_once('=').map_or(pair, |(name, _)| name)
}

/// Checks that each of `expected` (`name`, or `name=value`, percent-encoded as on the
/// wire) is in the query string.
pub fn assert_query_params(request: &CapturedRequest, expected: &[&str]) {
    let pairs = query_pairs(request);
    for param in expected {
        assert!(
            pairs.contains(param),
            "query parameter `{param}` is missing from `{}`",
            request.uri()
        );
    }
}

/// Checks that no query parameter has one of the `forbidden` names.
pub fn assert_forbidden_query_params(request: &CapturedRequest, forbidden: &[&str]) {
    let pairs = query_pairs(request);
    for name in forbidden {
        assert!(
            !pairs.iter().any(|pair| query_name(pair) == *name),
            "query parameter `{name}` must not be sent: `{}`",
            request.uri()
        );
    }
}

/// Checks that a query parameter with each of the `required` names is present.
pub fn assert_required_query_params(request: &CapturedRequest, required: &[&str]) {
    let pairs = query_pairs(request);
    for name in required {
        assert!(
            pairs.iter().any(|pair| query_name(pair) == *name),
            "query parameter `{name}` is missing from `{}`",
            request.uri()
        );
    }
}

/// The values of header `name`, joined with `, ` as HTTP allows.
fn header_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Checks that every header in `expected` is present with exactly that value (the values of
/// a header sent several times are joined with `, `). Header names are case-insensitive;
/// other headers may be present.
pub fn assert_headers(headers: &HeaderMap, expected: &[(&str, &str)]) {
    for (name, value) in expected {
        match header_value(headers, name) {
            Some(actual) => assert_eq!(&actual, value, "header `{name}`"),
            None => panic!("header `{name}` is missing; expected `{value}`"),
        }
    }
}

/// Checks that none of the `forbidden` headers is present.
pub fn assert_forbidden_headers(headers: &HeaderMap, forbidden: &[&str]) {
    for name in forbidden {
        if let Some(value) = header_value(headers, name) {
            panic!("header `{name}` must not be sent, got `{value}`");
        }
    }
}

/// Checks that each of the `required` headers is present, whatever its value.
pub fn assert_required_headers(headers: &HeaderMap, required: &[&str]) {
    for name in required {
        assert!(headers.contains_key(*name), "header `{name}` is missing");
    }
}

/// Checks a body against the test case's `body`.
///
/// With a JSON `media_type` (`application/json`, `application/x-amz-json-1.0`, ...) both are
/// parsed and compared as JSON values: object members in any order, numbers by value (`1`
/// equals `1.0`). Otherwise the bytes must be equal. An empty expected body requires an empty
/// body.
pub fn assert_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    let is_json = media_type.is_some_and(|media_type| media_type.contains("json"));
    if !is_json || expected.is_empty() {
        if actual != expected.as_bytes() {
            panic!(
                "body differs\n  expected: {expected:?}\n  actual:   {:?}",
                String::from_utf8_lossy(actual)
            );
        }
        return;
    }
    let expected_value = json::parse(expected.as_bytes())
        .unwrap_or_else(|err| panic!("the test case's body is not JSON ({err}): {expected}"));
    let actual_value = json::parse(actual).unwrap_or_else(|err| {
        panic!(
            "the body is not JSON ({err}): {:?}",
            String::from_utf8_lossy(actual)
        )
    });
    if let Some(difference) = json_difference("$", &expected_value, &actual_value) {
        panic!(
            "JSON body differs at {difference}\n  expected: {expected}\n  actual:   {}",
            String::from_utf8_lossy(actual)
        );
    }
}

/// Whether two JSON values are equal: object members in any order (the last of duplicate
/// keys counts), arrays in order, numbers by value (`NaN` equals `NaN`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    json_difference("$", a, b).is_none()
}

/// Where `actual` first differs from `expected`, as a path such as `$.a[2]`, with both values.
fn json_difference(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    let differs = || Some(format!("{path}: expected {expected:?}, got {actual:?}"));
    match (expected, actual) {
        (Value::Number(_) | Value::Decimal(_), Value::Number(_) | Value::Decimal(_)) => {
            let (Some(a), Some(b)) = (expected.as_number(), actual.as_number()) else {
                return differs();
            };
            let equal = match (i128_of(&a), i128_of(&b)) {
                (Some(a), Some(b)) => a == b,
                _ => float_eq(a.to_f64_lossy(), b.to_f64_lossy()),
            };
            if equal {
                None
            } else {
                differs()
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (a, b))| json_difference(&format!("{path}[{i}]"), a, b))
        }
        (Value::Object(_), Value::Object(_)) => {
            let keys = |value: &Value| -> Vec<String> {
                let mut keys: Vec<String> = value
                    .as_object()
                    .unwrap_or_default()
                    .iter()
                    .map(|(key, _)| key.to_string())
                    .collect();
                keys.sort();
                keys.dedup();
                keys
            };
            let (expected_keys, actual_keys) = (keys(expected), keys(actual));
            if expected_keys != actual_keys {
                return Some(format!(
                    "{path}: expected members {expected_keys:?}, got {actual_keys:?}"
                ));
            }
            expected_keys.iter().find_map(|key| {
                let (Some(a), Some(b)) = (expected.get(key), actual.get(key)) else {
                    return differs();
                };
                json_difference(&format!("{path}.{key}"), a, b)
            })
        }
        (a, b) if a == b => None,
        _ => differs(),
    }
}

fn i128_of(number: &crate::primitives::Number) -> Option<i128> {
    match *number {
        crate::primitives::Number::PosInt(v) => Some(i128::from(v)),
        crate::primitives::Number::NegInt(v) => Some(i128::from(v)),
        crate::primitives::Number::Float(_) => None,
    }
}

/// Float equality for comparing parsed values with a test case's: `NaN` equals `NaN`.
pub fn float_eq(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

/// Everything a stream yields, to compare a parsed `@streaming` member with the case's.
///
/// # Panics
///
/// When reading the stream fails.
#[cfg(feature = "byte-stream")]
pub async fn collect_stream(stream: crate::primitives::ByteStream) -> Bytes {
    match stream.collect().await {
        Ok(bytes) => bytes.into_bytes(),
        Err(err) => panic!("reading the stream failed: {err}"),
    }
}

/// The events the client sends in an event stream case, in order.
#[cfg(feature = "event-stream")]
pub fn event_sender<T, E>(items: Vec<Result<T, E>>) -> crate::event_stream::EventStreamSender<T, E>
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    futures_util::stream::iter(items).into()
}

/// A [`CaptureClient`] that answers with `status`, `headers` and the event stream made of
/// `messages` (each base64-encoded, as the cases' `bytes` give them).
///
/// # Panics
///
/// When a message is not base64, or the response is not valid HTTP.
#[cfg(feature = "event-stream")]
pub fn event_stream_client(
    status: u16,
    headers: &[(&str, &str)],
    messages: &[&str],
) -> CaptureClient {
    let mut body = Vec::new();
    for message in messages {
        body.extend(
            aws_smithy_types::base64::decode(message).expect("the test case's message is base64"),
        );
    }
    capture_client(status, headers, body)
}

/// The messages of `request`'s event stream body, each taken out of its signed envelope (a
/// message carrying `:date` and `:chunk-signature`) when the request is signed, without the
/// signed empty message that ends the stream.
///
/// # Panics
///
/// When the body does not decode, or a signed request's messages are not all signed.
#[cfg(feature = "event-stream")]
pub fn event_stream_messages(request: &CapturedRequest) -> Vec<crate::event_stream::Message> {
    use aws_smithy_eventstream::frame::read_message_from;
    let signed = request.header("authorization").is_some();
    let mut body = &request.body()[..];
    let mut messages = Vec::new();
    while !body.is_empty() {
        let message = read_message_from(&mut body).expect("the request's event stream decodes");
        if !signed {
            messages.push(message);
            continue;
        }
        for name in [":date", ":chunk-signature"] {
            assert!(
                message.headers().iter().any(|h| h.name().as_str() == name),
                "a message of a signed request has no `{name}`"
            );
        }
        if message.payload().is_empty() {
            assert!(body.is_empty(), "messages follow the signed empty message");
            return messages;
        }
        messages.push(
            read_message_from(&mut &message.payload()[..])
                .expect("the signed message's payload is a message"),
        );
    }
    assert!(
        !signed,
        "a signed event stream ends with the signed empty message"
    );
    messages
}

/// Checks that `message` has each of `expected` headers with that value.
///
/// # Panics
///
/// When a header is missing or has another value.
#[cfg(feature = "event-stream")]
#[track_caller]
pub fn assert_event_headers(
    message: &crate::event_stream::Message,
    expected: &[(&str, crate::event_stream::HeaderValue)],
) {
    for (name, value) in expected {
        let found = message
            .headers()
            .iter()
            .find(|header| header.name().as_str() == *name)
            .map(|header| header.value());
        assert_eq!(found, Some(value), "event header `{name}` of {message:?}");
    }
}

/// The bytes of a base64 `blob` header value.
#[cfg(feature = "event-stream")]
pub fn base64_bytes(text: &str) -> Bytes {
    aws_smithy_types::base64::decode(text)
        .expect("the test case's blob is base64")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value<'_> {
        json::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn json_equality() {
        assert!(json_eq(
            &parse(r#"{"a":1,"b":[true,null]}"#),
            &parse(r#"{"b":[true,null],"a":1.0}"#)
        ));
        assert!(json_eq(&parse("{\n}"), &parse("{}")));
        assert!(!json_eq(&parse(r#"{"a":1}"#), &parse(r#"{"a":1,"b":2}"#)));
        assert!(!json_eq(&parse("[1,2]"), &parse("[2,1]")));
        assert!(!json_eq(&parse(r#""1""#), &parse("1")));
        assert!(!json_eq(
            &parse("18446744073709551615"),
            &parse("18446744073709551614")
        ));
        assert!(json_eq(
            &parse(r#"{"a":{"b":"NaN"}}"#),
            &parse(r#"{"a":{"b":"NaN"}}"#)
        ));
    }

    #[test]
    #[should_panic(expected = "JSON body differs at $.a[1]")]
    fn json_body_difference_names_the_path() {
        assert_body(
            br#"{"a":[1,3]}"#,
            r#"{"a":[1,2]}"#,
            Some("application/json"),
        );
    }

    #[test]
    #[should_panic(expected = "body differs")]
    fn other_bodies_compare_bytes() {
        assert_body(b"{}", "{ }", Some("application/octet-stream"));
    }

    #[tokio::test]
    async fn request_assertions() {
        use crate::transport::HttpClient;
        let client = capture_client(200, &[("x-a", "1")], "ok");
        let request = http::Request::builder()
            .method("POST")
            .uri("https://foo.example.com/custom/?a=1&b&c=%20")
            .header("host", "foo.example.com")
            .header("x-multi", "1")
            .header("x-multi", "2")
            .body(Bytes::new())
            .unwrap();
        let response = client
            .call(request, &crate::transport::HttpSettings::new())
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers().get("x-a"), Some("1"));
        let request = single_request(&client);
        assert_method(&request, "post");
        assert_uri(&request, "/custom/");
        assert_host(&request, "foo.example.com");
        assert_query_params(&request, &["a=1", "b", "c=%20"]);
        assert_required_query_params(&request, &["a", "b"]);
        assert_forbidden_query_params(&request, &["d"]);
        assert_headers(
            request.headers(),
            &[("X-Multi", "1, 2"), ("Host", "foo.example.com")],
        );
        assert_required_headers(request.headers(), &["x-multi"]);
        assert_forbidden_headers(request.headers(), &["x-other"]);
    }

    #[test]
    #[should_panic(expected = "header `x-b` is missing")]
    fn missing_header() {
        assert_headers(&HeaderMap::new(), &[("x-b", "1")]);
    }

    #[test]
    fn floats() {
        assert!(float_eq(f64::NAN, f64::NAN));
        assert!(float_eq(f64::INFINITY, f64::INFINITY));
        assert!(!float_eq(f64::INFINITY, f64::NEG_INFINITY));
        assert!(!float_eq(1.0, f64::NAN));
    }
}
