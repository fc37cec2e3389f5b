//! The Smithy protocol compliance test traits (`smithy.test#httpRequestTests` on operations,
//! `smithy.test#httpResponseTests` on operations and error structures,
//! `smithy.test#eventStreamTests` on operations with event streams), parsed into typed cases
//! while the intermediate form is built.
//!
//! Every property of the specification's test cases is kept (the HTTP-binding ones, such as
//! `uri`, `queryParams` and `headers`, too), so that renderers for any protocol read the same
//! cases; `render::protocol_tests` reads them for awsJson. A case that does not match the
//! specification's shape (a missing required property, a property of the wrong type) is a
//! problem, reported naming the file and shape; it is left out.
//!
//! `params` and `vendorParams` are free-form documents (they follow the operation's input,
//! output or error, and `vendorParamsShape`): they are kept as a [`NodeValue`], which keeps each
//! number's text as the model writes it (so doubles, epoch seconds and big numbers are read
//! exactly) and each object's members in model order.

use std::fmt;

use serde_json::Value;

use crate::model::Traits;

pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
pub const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";

/// A Smithy node value (a document), as a test case's `params` or `vendorParams` give it.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    /// A number, by its text in the model (for example `1`, `-2.5`, `1e400`).
    Number(String),
    String(String),
    Array(Vec<NodeValue>),
    /// Members in model order.
    Object(Vec<(String, NodeValue)>),
}

impl NodeValue {
    pub fn from_json(value: &Value) -> NodeValue {
        match value {
            Value::Null => NodeValue::Null,
            Value::Bool(b) => NodeValue::Bool(*b),
            Value::Number(n) => NodeValue::Number(n.to_string()),
            Value::String(text) => NodeValue::String(text.clone()),
            Value::Array(items) => NodeValue::Array(items.iter().map(Self::from_json).collect()),
            Value::Object(entries) => NodeValue::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), Self::from_json(value)))
                    .collect(),
            ),
        }
    }

    /// The JSON form (numbers keep their text).
    pub fn to_json(&self) -> Value {
        match self {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Number(text) => text
                .parse::<serde_json::Number>()
                .map_or_else(|_| Value::String(text.clone()), Value::Number),
            NodeValue::String(text) => Value::String(text.clone()),
            NodeValue::Array(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            NodeValue::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_json()))
                    .collect(),
            ),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, NodeValue::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            NodeValue::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            NodeValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number's text.
    pub fn as_number(&self) -> Option<&str> {
        match self {
            NodeValue::Number(text) => Some(text),
            _ => None,
        }
    }

    /// A number written as an integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number()?.parse().ok()
    }

    /// A number written as an integer that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number()?.parse().ok()
    }

    /// A number as the nearest finite double.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number()?
            .parse::<f64>()
            .ok()
            .filter(|float| float.is_finite())
    }

    pub fn as_array(&self) -> Option<&[NodeValue]> {
        match self {
            NodeValue::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, NodeValue)]> {
        match self {
            NodeValue::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&NodeValue> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }
}

/// Compact JSON, as the model could write it.
impl fmt::Display for NodeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_json().fmt(f)
    }
}

/// `appliesTo`: the implementations a case is for (both when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    Client,
    Server,
}

/// One `smithy.test#httpRequestTests` case.
///
/// The list and map properties are `None` when absent: a present but empty list still asks
/// for its check.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequestTestCase {
    pub id: String,
    /// The protocol's shape id.
    pub protocol: String,
    pub method: String,
    /// The path, without the query string.
    pub uri: String,
    /// The host (and base path) given to the client.
    pub host: Option<String>,
    /// The expected `Host` of the request.
    pub resolved_host: Option<String>,
    /// The auth scheme's shape id.
    pub auth_scheme: Option<String>,
    /// Expected `name=value` (or `name=`, `name`) query pairs, percent-encoded.
    pub query_params: Option<Vec<String>>,
    pub forbid_query_params: Option<Vec<String>>,
    pub require_query_params: Option<Vec<String>>,
    /// Expected headers, in model order.
    pub headers: Option<Vec<(String, String)>>,
    pub forbid_headers: Option<Vec<String>>,
    pub require_headers: Option<Vec<String>>,
    pub body: Option<String>,
    pub body_media_type: Option<String>,
    /// The input; an empty object when absent.
    pub params: NodeValue,
    /// The shape id `vendorParams` follow.
    pub vendor_params_shape: Option<String>,
    pub vendor_params: Option<NodeValue>,
    pub documentation: Option<String>,
    pub tags: Vec<String>,
    pub applies_to: Option<AppliesTo>,
}

/// One `smithy.test#httpResponseTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponseTestCase {
    pub id: String,
    /// The protocol's shape id.
    pub protocol: String,
    /// The HTTP status code.
    pub code: u16,
    /// The auth scheme's shape id.
    pub auth_scheme: Option<String>,
    /// The response headers, in model order.
    pub headers: Option<Vec<(String, String)>>,
    pub forbid_headers: Option<Vec<String>>,
    pub require_headers: Option<Vec<String>>,
    pub body: Option<String>,
    pub body_media_type: Option<String>,
    /// The output or error; an empty object when absent.
    pub params: NodeValue,
    /// The shape id `vendorParams` follow.
    pub vendor_params_shape: Option<String>,
    pub vendor_params: Option<NodeValue>,
    pub documentation: Option<String>,
    pub tags: Vec<String>,
    pub applies_to: Option<AppliesTo>,
}

impl HttpRequestTestCase {
    /// Whether a client of `protocol` (a shape id) runs the case.
    pub fn applies_to_client(&self, protocol: &str) -> bool {
        self.applies_to != Some(AppliesTo::Server) && self.protocol == protocol
    }
}

impl HttpResponseTestCase {
    /// Whether a client of `protocol` (a shape id) runs the case.
    pub fn applies_to_client(&self, protocol: &str) -> bool {
        self.applies_to != Some(AppliesTo::Server) && self.protocol == protocol
    }
}

/// The `smithy.test#httpRequestTests` cases of a shape's traits, and the problems of those
/// that do not parse (each naming the trait and the case).
pub fn request_cases(traits: &Traits) -> (Vec<HttpRequestTestCase>, Vec<String>) {
    cases(traits, HTTP_REQUEST_TESTS, request_case)
}

/// The `smithy.test#httpResponseTests` cases of a shape's traits, and the problems of those
/// that do not parse.
pub fn response_cases(traits: &Traits) -> (Vec<HttpResponseTestCase>, Vec<String>) {
    cases(traits, HTTP_RESPONSE_TESTS, response_case)
}

fn cases<T>(
    traits: &Traits,
    name: &str,
    parse: fn(&Props<'_>) -> Result<T, String>,
) -> (Vec<T>, Vec<String>) {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let Some(value) = traits.get(name) else {
        return (cases, problems);
    };
    let Some(items) = value.as_array() else {
        problems.push(format!("`{name}` must be a list of test cases"));
        return (cases, problems);
    };
    for (i, item) in items.iter().enumerate() {
        let Some(object) = item.as_object() else {
            problems.push(format!("`{name}` case {}: must be an object", i + 1));
            continue;
        };
        let props = Props { object };
        match parse(&props) {
            Ok(case) => cases.push(case),
            Err(problem) => {
                let which = match object.get("id").and_then(Value::as_str) {
                    Some(id) => format!("`{id}`"),
                    None => (i + 1).to_string(),
                };
                problems.push(format!("`{name}` case {which}: {problem}"));
            }
        }
    }
    (cases, problems)
}

struct Props<'a> {
    object: &'a serde_json::Map<String, Value>,
}

impl Props<'_> {
    fn string(&self, key: &str) -> Result<Option<String>, String> {
        match self.object.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(format!("`{key}` must be a string, not {other}")),
        }
    }

    fn required_string(&self, key: &str) -> Result<String, String> {
        self.string(key)?
            .ok_or_else(|| format!("needs a string `{key}`"))
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        let Some(value) = self.object.get(key) else {
            return Ok(None);
        };
        let wrong = || format!("`{key}` must be a list of strings, not {value}");
        value
            .as_array()
            .ok_or_else(wrong)?
            .iter()
            .map(|item| item.as_str().map(str::to_string).ok_or_else(wrong))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn string_map(&self, key: &str) -> Result<Option<Vec<(String, String)>>, String> {
        let Some(value) = self.object.get(key) else {
            return Ok(None);
        };
        let wrong = || format!("`{key}` must be a map of strings, not {value}");
        value
            .as_object()
            .ok_or_else(wrong)?
            .iter()
            .map(|(k, v)| Ok((k.clone(), v.as_str().ok_or_else(wrong)?.to_string())))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn node(&self, key: &str) -> Option<NodeValue> {
        self.object.get(key).map(NodeValue::from_json)
    }

    fn params(&self) -> Result<NodeValue, String> {
        match self.object.get("params") {
            None => Ok(NodeValue::Object(Vec::new())),
            Some(value @ Value::Object(_)) => Ok(NodeValue::from_json(value)),
            Some(other) => Err(format!("`params` must be an object, not {other}")),
        }
    }

    fn applies_to(&self) -> Result<Option<AppliesTo>, String> {
        Ok(match self.string("appliesTo")?.as_deref() {
            None => None,
            Some("client") => Some(AppliesTo::Client),
            Some("server") => Some(AppliesTo::Server),
            Some(other) => {
                return Err(format!(
                    "`appliesTo` must be `client` or `server`, not `{other}`"
                ))
            }
        })
    }
}

fn request_case(props: &Props<'_>) -> Result<HttpRequestTestCase, String> {
    Ok(HttpRequestTestCase {
        id: props.required_string("id")?,
        protocol: props.required_string("protocol")?,
        method: props.required_string("method")?,
        uri: props.required_string("uri")?,
        host: props.string("host")?,
        resolved_host: props.string("resolvedHost")?,
        auth_scheme: props.string("authScheme")?,
        query_params: props.strings("queryParams")?,
        forbid_query_params: props.strings("forbidQueryParams")?,
        require_query_params: props.strings("requireQueryParams")?,
        headers: props.string_map("headers")?,
        forbid_headers: props.strings("forbidHeaders")?,
        require_headers: props.strings("requireHeaders")?,
        body: props.string("body")?,
        body_media_type: props.string("bodyMediaType")?,
        params: props.params()?,
        vendor_params_shape: props.string("vendorParamsShape")?,
        vendor_params: props.node("vendorParams"),
        documentation: props.string("documentation")?,
        tags: props.strings("tags")?.unwrap_or_default(),
        applies_to: props.applies_to()?,
    })
}

fn response_case(props: &Props<'_>) -> Result<HttpResponseTestCase, String> {
    let code = match props.object.get("code") {
        None => return Err("needs an integer `code`".into()),
        Some(value) => value
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .ok_or_else(|| format!("`code` must be an HTTP status code, not {value}"))?,
    };
    Ok(HttpResponseTestCase {
        id: props.required_string("id")?,
        protocol: props.required_string("protocol")?,
        code,
        auth_scheme: props.string("authScheme")?,
        headers: props.string_map("headers")?,
        forbid_headers: props.strings("forbidHeaders")?,
        require_headers: props.strings("requireHeaders")?,
        body: props.string("body")?,
        body_media_type: props.string("bodyMediaType")?,
        params: props.params()?,
        vendor_params_shape: props.string("vendorParamsShape")?,
        vendor_params: props.node("vendorParams"),
        documentation: props.string("documentation")?,
        tags: props.strings("tags")?.unwrap_or_default(),
        applies_to: props.applies_to()?,
    })
}

/// One `smithy.test#eventStreamTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct EventStreamTestCase {
    pub id: String,
    pub protocol: String,
    pub documentation: Option<String>,
    pub applies_to: Option<AppliesTo>,
    /// The input's members other than the stream.
    pub initial_request_params: Option<NodeValue>,
    /// What the request carries before its events (`smithy.test#InitialHttpRequest`).
    pub initial_request: Option<InitialHttpRequest>,
    /// The output's members other than the stream.
    pub initial_response_params: Option<NodeValue>,
    /// The response before its events (`smithy.test#InitialHttpResponse`).
    pub initial_response: Option<InitialHttpResponse>,
    pub events: Vec<EventCase>,
    /// `None`: the stream succeeds; `Some(error)`: it fails, with the error shape when named.
    pub failure: Option<Option<String>>,
}

impl EventStreamTestCase {
    /// Whether a client of `protocol` (a shape id) runs the case.
    pub fn applies_to_client(&self, protocol: &str) -> bool {
        self.applies_to != Some(AppliesTo::Server) && self.protocol == protocol
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InitialHttpRequest {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InitialHttpResponse {
    pub code: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// One message of an event stream case.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCase {
    /// `type: request` (the client sends it) or `response`.
    pub sent_by_client: bool,
    /// The stream union's value (one member set); `None` for an unmodeled message.
    pub params: Option<NodeValue>,
    pub headers: Vec<(String, EventHeaderCase)>,
    pub body: Option<String>,
    pub body_media_type: Option<String>,
    /// The whole message, base64-encoded, for a client to receive.
    pub bytes: Option<String>,
}

/// A typed event header value (`smithy.test#EventHeaderValue`).
#[derive(Debug, Clone, PartialEq)]
pub enum EventHeaderCase {
    Boolean(bool),
    Byte(i64),
    Short(i64),
    Integer(i64),
    Long(i64),
    /// Base64.
    Blob(String),
    String(String),
    /// RFC 3339.
    Timestamp(String),
    Uuid(String),
}

/// The `smithy.test#eventStreamTests` cases of an operation's traits, and the problems of those
/// that do not parse.
pub fn event_stream_cases(traits: &Traits) -> (Vec<EventStreamTestCase>, Vec<String>) {
    cases(traits, EVENT_STREAM_TESTS, event_stream_case)
}

fn event_stream_case(props: &Props<'_>) -> Result<EventStreamTestCase, String> {
    let initial_request = match props.object.get("initialRequest") {
        None => None,
        Some(Value::Object(object)) => {
            let inner = Props { object };
            Some(InitialHttpRequest {
                method: inner.required_string("method")?,
                uri: inner.required_string("uri")?,
                headers: inner.string_map("headers")?.unwrap_or_default(),
            })
        }
        Some(other) => return Err(format!("`initialRequest` must be an object, not {other}")),
    };
    let initial_response = match props.object.get("initialResponse") {
        None => None,
        Some(Value::Object(object)) => {
            let inner = Props { object };
            let code = object
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|code| u16::try_from(code).ok())
                .ok_or("`initialResponse` needs an HTTP status `code`")?;
            Some(InitialHttpResponse {
                code,
                headers: inner.string_map("headers")?.unwrap_or_default(),
                body: inner.string("body")?,
            })
        }
        Some(other) => return Err(format!("`initialResponse` must be an object, not {other}")),
    };
    let events = match props.object.get("events") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let object = item
                    .as_object()
                    .ok_or_else(|| format!("event {} must be an object", i + 1))?;
                event_case(&Props { object })
                    .map_err(|problem| format!("event {}: {problem}", i + 1))
            })
            .collect::<Result<Vec<_>, String>>()?,
        Some(other) => return Err(format!("`events` must be a list, not {other}")),
    };
    let failure = match props.object.get("expectation") {
        None => None,
        Some(expectation) if expectation.get("success").is_some() => None,
        Some(expectation) => match expectation.get("failure") {
            Some(failure) => Some(
                failure
                    .get("errorId")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
            None => {
                return Err(format!(
                    "`expectation` must be `success` or `failure`, not {expectation}"
                ))
            }
        },
    };
    Ok(EventStreamTestCase {
        id: props.required_string("id")?,
        protocol: props.required_string("protocol")?,
        documentation: props.string("documentation")?,
        applies_to: props.applies_to()?,
        initial_request_params: props.node("initialRequestParams"),
        initial_request,
        initial_response_params: props.node("initialResponseParams"),
        initial_response,
        events,
        failure,
    })
}

fn event_case(props: &Props<'_>) -> Result<EventCase, String> {
    let sent_by_client = match props.required_string("type")?.as_str() {
        "request" => true,
        "response" => false,
        other => {
            return Err(format!(
                "`type` must be `request` or `response`, not `{other}`"
            ))
        }
    };
    let mut headers = Vec::new();
    if let Some(map) = props.object.get("headers") {
        let map = map
            .as_object()
            .ok_or_else(|| format!("`headers` must be a map, not {map}"))?;
        for (name, value) in map {
            let wrong = || format!("header `{name}` must be one typed value, not {value}");
            let (kind, inner) = value
                .as_object()
                .filter(|object| object.len() == 1)
                .and_then(|object| object.iter().next())
                .ok_or_else(wrong)?;
            let integer = || inner.as_i64().ok_or_else(wrong);
            let text = || inner.as_str().map(str::to_string).ok_or_else(wrong);
            let header = match kind.as_str() {
                "boolean" => EventHeaderCase::Boolean(inner.as_bool().ok_or_else(wrong)?),
                "byte" => EventHeaderCase::Byte(integer()?),
                "short" => EventHeaderCase::Short(integer()?),
                "integer" => EventHeaderCase::Integer(integer()?),
                "long" => EventHeaderCase::Long(integer()?),
                "blob" => EventHeaderCase::Blob(text()?),
                "string" => EventHeaderCase::String(text()?),
                "timestamp" => EventHeaderCase::Timestamp(text()?),
                "uuid" => EventHeaderCase::Uuid(text()?),
                _ => return Err(wrong()),
            };
            headers.push((name.clone(), header));
        }
    }
    Ok(EventCase {
        sent_by_client,
        params: props.node("params"),
        headers,
        body: props.string("body")?,
        body_media_type: props.string("bodyMediaType")?,
        bytes: props.string("bytes")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits(name: &str, json: &str) -> Traits {
        let mut traits = Traits::default();
        traits.insert(name, serde_json::from_str(json).unwrap());
        traits
    }

    #[test]
    fn a_request_case_keeps_every_property() {
        let (cases, problems) = request_cases(&traits(
            HTTP_REQUEST_TESTS,
            r#"[{
                "id": "SaysHello", "protocol": "aws.protocols#restJson1",
                "method": "POST", "uri": "/hello/{name}", "host": "example.com/base",
                "resolvedHost": "prefix.example.com", "authScheme": "aws.auth#sigv4",
                "queryParams": ["a=1", "b"], "forbidQueryParams": ["c"], "requireQueryParams": [],
                "headers": { "X-B": "2", "X-A": "1" }, "forbidHeaders": ["X-C"],
                "requireHeaders": ["X-D"], "body": "{}", "bodyMediaType": "application/json",
                "params": { "name": "x", "size": 1.50, "big": 123456789012345678901234567890 },
                "vendorParamsShape": "ex#Vendor", "vendorParams": { "region": "us-west-2" },
                "documentation": "Says hello.", "tags": ["t"], "appliesTo": "client"
            }]"#,
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let [case] = cases.as_slice() else {
            panic!("one case: {cases:?}")
        };
        assert_eq!(case.id, "SaysHello");
        assert_eq!(case.protocol, "aws.protocols#restJson1");
        assert_eq!(case.method, "POST");
        assert_eq!(case.uri, "/hello/{name}");
        assert_eq!(case.host.as_deref(), Some("example.com/base"));
        assert_eq!(case.resolved_host.as_deref(), Some("prefix.example.com"));
        assert_eq!(case.auth_scheme.as_deref(), Some("aws.auth#sigv4"));
        assert_eq!(case.query_params, Some(vec!["a=1".into(), "b".into()]));
        assert_eq!(case.forbid_query_params, Some(vec!["c".into()]));
        assert_eq!(case.require_query_params, Some(Vec::new()));
        assert_eq!(
            case.headers,
            Some(vec![("X-B".into(), "2".into()), ("X-A".into(), "1".into())]),
            "headers keep model order"
        );
        assert_eq!(case.forbid_headers, Some(vec!["X-C".into()]));
        assert_eq!(case.require_headers, Some(vec!["X-D".into()]));
        assert_eq!(case.body.as_deref(), Some("{}"));
        assert_eq!(case.body_media_type.as_deref(), Some("application/json"));
        assert_eq!(
            case.params.get("name"),
            Some(&NodeValue::String("x".into()))
        );
        assert_eq!(
            case.params.get("size"),
            Some(&NodeValue::Number("1.50".into())),
            "numbers keep their text"
        );
        assert_eq!(
            case.params.get("big").and_then(NodeValue::as_number),
            Some("123456789012345678901234567890")
        );
        assert_eq!(case.params.get("big").and_then(NodeValue::as_i64), None);
        assert_eq!(case.vendor_params_shape.as_deref(), Some("ex#Vendor"));
        assert_eq!(
            case.vendor_params
                .as_ref()
                .and_then(|v| v.get("region"))
                .and_then(NodeValue::as_str),
            Some("us-west-2")
        );
        assert_eq!(case.documentation.as_deref(), Some("Says hello."));
        assert_eq!(case.tags, vec!["t".to_string()]);
        assert_eq!(case.applies_to, Some(AppliesTo::Client));
        assert!(case.applies_to_client("aws.protocols#restJson1"));
        assert!(!case.applies_to_client("aws.protocols#awsJson1_0"));
    }

    #[test]
    fn a_response_case_and_its_defaults() {
        let (cases, problems) = response_cases(&traits(
            HTTP_RESPONSE_TESTS,
            r#"[{ "id": "Empty", "protocol": "p#P", "code": 200, "appliesTo": "server" }]"#,
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let case = &cases[0];
        assert_eq!(case.code, 200);
        assert_eq!(case.params, NodeValue::Object(Vec::new()));
        assert_eq!(case.headers, None);
        assert_eq!(case.body, None);
        assert!(case.tags.is_empty());
        assert!(!case.applies_to_client("p#P"), "a server case");
    }

    #[test]
    fn malformed_cases_are_problems_and_left_out() {
        let (cases, problems) = response_cases(&traits(
            HTTP_RESPONSE_TESTS,
            r#"[
                { "id": "NoCode", "protocol": "p#P" },
                { "id": "BadCode", "protocol": "p#P", "code": 70000 },
                { "protocol": "p#P", "code": 200 },
                { "id": "BadHeader", "protocol": "p#P", "code": 200, "headers": { "a": 1 } },
                { "id": "BadParams", "protocol": "p#P", "code": 200, "params": [] },
                { "id": "BadAppliesTo", "protocol": "p#P", "code": 200, "appliesTo": "both" },
                "not a case",
                { "id": "Good", "protocol": "p#P", "code": 404 }
            ]"#,
        ));
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].id, "Good");
        let name = HTTP_RESPONSE_TESTS;
        assert_eq!(
            problems,
            vec![
                format!("`{name}` case `NoCode`: needs an integer `code`"),
                format!("`{name}` case `BadCode`: `code` must be an HTTP status code, not 70000"),
                format!("`{name}` case 3: needs a string `id`"),
                format!(
                    "`{name}` case `BadHeader`: `headers` must be a map of strings, not {{\"a\":1}}"
                ),
                format!("`{name}` case `BadParams`: `params` must be an object, not []"),
                format!(
                    "`{name}` case `BadAppliesTo`: `appliesTo` must be `client` or `server`, not `both`"
                ),
                format!("`{name}` case 7: must be an object"),
            ]
        );
        let (_, problems) = request_cases(&traits(HTTP_REQUEST_TESTS, r#"{}"#));
        assert_eq!(
            problems,
            vec![format!(
                "`{HTTP_REQUEST_TESTS}` must be a list of test cases"
            )]
        );
        let (_, problems) = request_cases(&traits(
            HTTP_REQUEST_TESTS,
            r#"[{ "id": "NoUri", "protocol": "p#P", "method": "GET" }]"#,
        ));
        assert_eq!(
            problems,
            vec![format!(
                "`{HTTP_REQUEST_TESTS}` case `NoUri`: needs a string `uri`"
            )]
        );
    }

    #[test]
    fn node_values_round_trip_to_json() {
        let json = r#"{"b":[1,-2,3.25,1.50,null,true,"s"],"a":{}}"#;
        let value = NodeValue::from_json(&serde_json::from_str(json).unwrap());
        assert_eq!(value.to_string(), json, "member order and number text kept");
        let items = value.get("b").and_then(NodeValue::as_array).unwrap();
        assert_eq!(items[0].as_u64(), Some(1));
        assert_eq!(items[1].as_u64(), None);
        assert_eq!(items[1].as_i64(), Some(-2));
        assert_eq!(items[2].as_f64(), Some(3.25));
        assert_eq!(items[3].as_number(), Some("1.50"));
        assert_eq!(
            NodeValue::Number("1e400".into()).as_f64(),
            None,
            "not a finite double"
        );
        assert!(items[4].is_null());
        assert_eq!(items[5].as_bool(), Some(true));
    }
}
