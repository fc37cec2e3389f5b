//! Members bound to parts of the HTTP message (Smithy's HTTP bindings: `@httpLabel`,
//! `@httpQuery`, `@httpQueryParams`, `@httpHeader`, `@httpPrefixHeaders`), for the protocols
//! that use them (restJson1, and restXml after it).
//!
//! The encoders are those of `aws-smithy-http` and the header parsers those of
//! `aws-smithy-runtime-api` (both already compiled for `aws-sigv4`), so values go on the wire
//! exactly as the official SDKs send them. This module adapts them to what generated code has
//! at hand (`http::HeaderMap`, the runtime's error types) and adds what they leave to callers:
//! non-finite floats, `@mediaType` headers, values that cannot be a header, prefix headers.
//!
//! ```
//! use smithy_runtime::protocol::http_binding as binding;
//!
//! let mut uri = format!("/things/{}/files/{}", binding::label("a b"), binding::greedy_label("x/y z"));
//! let mut query = binding::QueryWriter::new(&mut uri);
//! query.push("tag", "one&two");
//! query.push("tag", "three");
//! assert_eq!(uri, "/things/a%20b/files/x/y%20z?tag=one%26two&tag=three");
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;

use aws_smithy_http::label::{self as label_encoding, EncodingStrategy};
use aws_smithy_http::query;
use aws_smithy_runtime_api::http::header_parse;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::primitive::Parse;
use aws_smithy_types::DateTime;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::BuildError;

// ---------------------------------------------------------------- requests

/// A `{label}` of the URI: every character but `A-Z a-z 0-9 - . _ ~` percent-encoded.
pub fn label(value: &str) -> String {
    label_encoding::fmt_string(value, EncodingStrategy::Default)
}

/// A greedy `{label+}` of the URI: as [`label()`], but `/` is kept, so the value can span
/// segments.
pub fn greedy_label(value: &str) -> String {
    label_encoding::fmt_string(value, EncodingStrategy::Greedy)
}

/// The value of a required label, which must not be empty (it would leave `//` in the path,
/// or no segment at all): the member's name is in the error.
pub fn required_label<'a>(
    value: Option<&'a str>,
    member: &'static str,
) -> Result<&'a str, BuildError> {
    match value {
        Some(value) if !value.is_empty() => Ok(value),
        Some(_) => Err(BuildError::invalid_field(
            member,
            "it is bound to the request URI and cannot be empty",
        )),
        None => Err(BuildError::missing_field(
            member,
            "it is bound to the request URI and must be set",
        )),
    }
}

/// The error for a label member that is not set.
pub fn missing_label(member: &'static str) -> BuildError {
    BuildError::missing_field(member, "it is bound to the request URI and must be set")
}

/// The text of a label, percent-encoded ([`greedy_label()`] when `greedy`, else [`label()`]);
/// empty text is an error naming the member.
pub fn label_segment(text: &str, member: &'static str, greedy: bool) -> Result<String, BuildError> {
    let text = required_label(Some(text), member)?;
    Ok(if greedy {
        greedy_label(text)
    } else {
        label(text)
    })
}

/// A timestamp as text in `format` (labels and query values default to `date-time`, headers
/// to `http-date`), not yet percent-encoded.
pub fn timestamp(value: &DateTime, format: Format) -> Result<String, BuildError> {
    value
        .fmt(format)
        .map_err(|error| BuildError::other(format!("the timestamp cannot be written: {error}")))
}

/// A `float` or `double` as text: `NaN`, `Infinity` and `-Infinity` for the values JSON has
/// no number for, as the Smithy HTTP bindings write them.
pub fn float(value: f64) -> Cow<'static, str> {
    if value.is_nan() {
        Cow::Borrowed("NaN")
    } else if value == f64::INFINITY {
        Cow::Borrowed("Infinity")
    } else if value == f64::NEG_INFINITY {
        Cow::Borrowed("-Infinity")
    } else {
        Cow::Owned(
            aws_smithy_types::primitive::Encoder::from(value)
                .encode()
                .to_string(),
        )
    }
}

/// A `float` as text: the shortest decimal that reads back as the same `f32` (`1.1`, not the
/// `f64` widening's `1.100000023841858`); non-finite values as [`float()`] writes them.
pub fn float32(value: f32) -> Cow<'static, str> {
    if value.is_finite() {
        Cow::Owned(
            aws_smithy_types::primitive::Encoder::from(value)
                .encode()
                .to_string(),
        )
    } else {
        float(f64::from(value))
    }
}

/// Appends the query string (`?key=value&...`, percent-encoded) to a URI path: first the
/// model pattern's literal parameters ([`push_literal`](Self::push_literal)), then the bound
/// members.
pub struct QueryWriter<'a> {
    writer: query::Writer<'a>,
}

impl<'a> QueryWriter<'a> {
    /// Writes after `path`, which has no query string of its own.
    pub fn new(path: &'a mut String) -> Self {
        QueryWriter {
            writer: query::Writer::new(path),
        }
    }

    /// `key=value`, both percent-encoded. A list member pushes the key once per element.
    pub fn push(&mut self, key: &str, value: &str) {
        self.writer
            .push_kv(&query::fmt_string(key), &query::fmt_string(value));
    }

    /// A literal `key` or `key=value` of the model's pattern, written as the model has it.
    pub fn push_literal(&mut self, literal: &str) {
        self.writer.push_v(literal);
    }
}

/// `@httpQueryParams`: every entry of the map not already bound by an `@httpQuery` member
/// (those win), in key order, so the request is the same every time.
pub fn query_params<'v, V: AsRef<str> + 'v>(
    query: &mut QueryWriter<'_>,
    params: &'v HashMap<String, V>,
    bound_keys: &[&str],
) {
    let mut keys: Vec<&String> = params
        .keys()
        .filter(|key| !bound_keys.contains(&key.as_str()))
        .collect();
    keys.sort();
    for key in keys {
        query.push(key, params[key].as_ref());
    }
}

/// `@httpQueryParams` on a map of lists: each key repeated for each of its values, keys not
/// bound by an `@httpQuery` member, in key order.
pub fn query_param_lists<'v, V: AsRef<str> + 'v>(
    query: &mut QueryWriter<'_>,
    params: &'v HashMap<String, Vec<V>>,
    bound_keys: &[&str],
) {
    let mut keys: Vec<&String> = params
        .keys()
        .filter(|key| !bound_keys.contains(&key.as_str()))
        .collect();
    keys.sort();
    for key in keys {
        for value in &params[key] {
            query.push(key, value.as_ref());
        }
    }
}

/// A header value from the text of `member`; text that cannot be a header value (control
/// characters, line breaks) is an error naming the member.
pub fn header_value(member: &'static str, text: &str) -> Result<HeaderValue, BuildError> {
    HeaderValue::from_str(text).map_err(|_| {
        BuildError::invalid_field(
            member,
            "it is bound to a header and contains characters a header cannot carry",
        )
    })
}

/// Sets header `name` (lowercase, from the model) to `text`; text that cannot be a header
/// value is an error naming `member`.
pub fn set_header(
    headers: &mut HeaderMap,
    name: &'static str,
    member: &'static str,
    text: &str,
) -> Result<(), BuildError> {
    headers.insert(HeaderName::from_static(name), header_value(member, text)?);
    Ok(())
}

/// One entry of an `@httpPrefixHeaders` map: header `prefix` + `key`, set to `text`. A key that
/// does not make a header name is an error naming `member`.
pub fn set_prefix_header(
    headers: &mut HeaderMap,
    prefix: &str,
    key: &str,
    member: &'static str,
    text: &str,
) -> Result<(), BuildError> {
    let name = HeaderName::try_from(format!("{prefix}{key}")).map_err(|_| {
        BuildError::invalid_field(
            member,
            format!("its key `{key}` does not make a valid header name"),
        )
    })?;
    headers.insert(name, header_value(member, text)?);
    Ok(())
}

/// A blob outside the body (header, query, label): standard base64.
pub fn blob_text(value: &[u8]) -> String {
    aws_smithy_types::base64::encode(value)
}

/// A list bound to one header: the elements joined with `, `, each string quoted (with `"`
/// and `\` escaped) when it contains a comma, a quote, a parenthesis or surrounding space, so
/// the receiver can split it again.
pub fn header_list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<Cow<'a, str>> = values
        .into_iter()
        .map(header_parse::quote_header_value)
        .collect();
    quoted.join(", ")
}

/// A string member with `@mediaType` bound to a header: always base64, whatever it holds.
pub fn media_type_header(value: &str) -> String {
    aws_smithy_types::base64::encode(value)
}

// ---------------------------------------------------------------- responses

/// Why a bound part of a response does not parse, naming the header.
#[derive(Debug)]
pub struct HeaderError {
    header: String,
    source: header_parse::ParseError,
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "header `{}` does not parse", self.header)
    }
}

impl From<HeaderError> for crate::json::DeserializeError {
    fn from(error: HeaderError) -> Self {
        let detail = std::error::Error::source(&error)
            .map(|source| format!(": {source}"))
            .unwrap_or_default();
        crate::json::DeserializeError::custom(format!("{error}{detail}"))
    }
}

impl std::error::Error for HeaderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn values<'h>(headers: &'h HeaderMap, name: &str) -> impl Iterator<Item = &'h [u8]> {
    headers.get_all(name).iter().map(HeaderValue::as_bytes)
}

fn error(name: &str) -> impl FnOnce(header_parse::ParseError) -> HeaderError + '_ {
    move |source| HeaderError {
        header: name.to_string(),
        source,
    }
}

/// A number or boolean bound to a header: `None` when absent, an error when the header holds
/// several values or does not parse as `T`.
pub fn header_one<T: Parse>(headers: &HeaderMap, name: &str) -> Result<Option<T>, HeaderError> {
    header_parse::one_primitive_or_none_bytes(values(headers, name)).map_err(error(name))
}

/// A string or enum bound to a header, taken as sent (no list splitting).
pub fn header_string<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, HeaderError>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    header_parse::one_or_none_bytes(values(headers, name)).map_err(error(name))
}

/// A string with `@mediaType` bound to a header: base64-decoded.
pub fn header_media_type(headers: &HeaderMap, name: &str) -> Result<Option<String>, HeaderError> {
    let Some(text) = header_string::<String>(headers, name)? else {
        return Ok(None);
    };
    let decoded = aws_smithy_types::base64::decode(&text)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    match decoded {
        Some(value) => Ok(Some(value)),
        None => Err(HeaderError {
            header: name.to_string(),
            source: header_parse::ParseError::new("not base64-encoded UTF-8"),
        }),
    }
}

/// A list bound to a header: every value of every line, split on commas outside quotes;
/// `None` when the header is absent.
pub fn header_list_of<T: Parse>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<Vec<T>>, HeaderError> {
    if !headers.contains_key(name) {
        return Ok(None);
    }
    header_parse::read_many_primitive_bytes(values(headers, name))
        .map(Some)
        .map_err(error(name))
}

/// A list of strings bound to a header (quoted elements unquoted).
pub fn header_strings(headers: &HeaderMap, name: &str) -> Result<Option<Vec<String>>, HeaderError> {
    if !headers.contains_key(name) {
        return Ok(None);
    }
    header_parse::read_many_from_str_bytes(values(headers, name))
        .map(Some)
        .map_err(error(name))
}

/// A timestamp bound to a header, in `format`; an error when there are several.
pub fn header_timestamp(
    headers: &HeaderMap,
    name: &str,
    format: Format,
) -> Result<Option<DateTime>, HeaderError> {
    header_parse::one_date_or_none_bytes(values(headers, name), crate::json::de::lenient(format))
        .map_err(error(name))
}

/// Timestamps bound to a header, in `format` (an `http-date` contains a comma itself, which
/// the parser knows).
pub fn header_timestamps(
    headers: &HeaderMap,
    name: &str,
    format: Format,
) -> Result<Option<Vec<DateTime>>, HeaderError> {
    if !headers.contains_key(name) {
        return Ok(None);
    }
    header_parse::many_dates_bytes(values(headers, name), crate::json::de::lenient(format))
        .map(Some)
        .map_err(error(name))
}

/// `@httpPrefixHeaders`: every header whose name starts with `prefix` (case-insensitively),
/// keyed by the rest of its name; `None` when there is none.
pub fn prefix_headers(
    headers: &HeaderMap,
    prefix: &str,
) -> Result<Option<HashMap<String, String>>, HeaderError> {
    let mut out = HashMap::new();
    for (key, full_name) in
        header_parse::headers_for_prefix(headers.keys().map(|k| k.as_str()), prefix)
    {
        let value = header_string::<String>(headers, full_name)?.unwrap_or_default();
        out.insert(key.to_string(), value);
    }
    Ok((!out.is_empty()).then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn labels_encode_everything_but_unreserved_characters() {
        assert_eq!(label("a b/c%d~e_f.g-h"), "a%20b%2Fc%25d~e_f.g-h");
        assert_eq!(greedy_label("a b/c"), "a%20b/c");
        assert_eq!(label("ünï"), "%C3%BCn%C3%AF");
        let time = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            label(&timestamp(&time, Format::DateTime).unwrap()),
            "2019-12-16T23%3A48%3A18Z"
        );
    }

    #[test]
    fn required_labels_are_set_and_not_empty() {
        assert_eq!(required_label(Some("x"), "Name").unwrap(), "x");
        let empty = required_label(Some(""), "Name").unwrap_err().to_string();
        assert!(empty.contains("cannot be empty"), "{empty}");
        let missing = required_label(None, "Name").unwrap_err().to_string();
        assert!(missing.contains("must be set"), "{missing}");
    }

    #[test]
    fn query_strings_follow_the_pattern_literals_and_repeat_list_keys() {
        let mut uri = String::from("/things");
        let mut query = QueryWriter::new(&mut uri);
        query.push_literal("list");
        query.push("name", "a=b&c");
        query.push("id", "1");
        query.push("id", "2");
        assert_eq!(uri, "/things?list&name=a%3Db%26c&id=1&id=2");
    }

    #[test]
    fn query_params_skip_keys_that_members_bind_and_are_sorted() {
        let params: HashMap<String, String> = [("b", "2"), ("a", "1"), ("bound", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut uri = String::from("/");
        let mut query = QueryWriter::new(&mut uri);
        query.push("bound", "member");
        query_params(&mut query, &params, &["bound"]);
        assert_eq!(uri, "/?bound=member&a=1&b=2");
    }

    #[test]
    fn floats_write_non_finite_values_by_name() {
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(float(f64::INFINITY), "Infinity");
        assert_eq!(float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(float(1.5), "1.5");
        assert_eq!(float(1e300), "1e300");
    }

    #[test]
    fn header_lists_quote_what_would_split() {
        assert_eq!(
            header_list(["a", "b,c", "d\"e", " f"]),
            r#"a, "b,c", "d\"e", " f""#
        );
        assert_eq!(media_type_header("{\"a\":1}"), "eyJhIjoxfQ==");
        assert!(header_value("X-Name", "line\nbreak").is_err());
        assert_eq!(header_value("X-Name", "fine").unwrap(), "fine");
    }

    #[test]
    fn header_values_parse_one_or_many() {
        let map = headers(&[
            ("x-int", "42"),
            ("x-bool", "true"),
            ("x-list", "a, \"b,c\""),
            ("x-list", "d"),
            ("x-ints", "1, 2,3"),
            ("x-date", "Mon, 16 Dec 2019 23:48:18 GMT"),
            (
                "x-dates",
                "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT",
            ),
            ("x-two", "1, 2"),
            ("x-float", "NaN"),
        ]);
        assert_eq!(header_one::<i32>(&map, "x-int").unwrap(), Some(42));
        assert_eq!(header_one::<bool>(&map, "x-bool").unwrap(), Some(true));
        assert!(header_one::<f64>(&map, "x-float")
            .unwrap()
            .unwrap()
            .is_nan());
        assert_eq!(header_one::<i32>(&map, "x-missing").unwrap(), None);
        let two = header_one::<i32>(&map, "x-two").unwrap_err();
        assert_eq!(two.to_string(), "header `x-two` does not parse");
        assert!(std::error::Error::source(&two).is_some());
        assert!(header_one::<i32>(&map, "x-bool").is_err());
        assert_eq!(
            header_strings(&map, "x-list").unwrap().unwrap(),
            ["a", "b,c", "d"]
        );
        assert_eq!(
            header_list_of::<i64>(&map, "x-ints").unwrap().unwrap(),
            [1, 2, 3]
        );
        assert_eq!(header_strings(&map, "x-missing").unwrap(), None);
        let date = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            header_timestamp(&map, "x-date", Format::HttpDate).unwrap(),
            Some(date)
        );
        assert_eq!(
            header_timestamps(&map, "x-dates", Format::HttpDate)
                .unwrap()
                .unwrap(),
            [date, DateTime::from_secs(1_576_626_498)]
        );
        assert_eq!(
            header_string::<String>(&map, "x-date").unwrap().as_deref(),
            Some("Mon, 16 Dec 2019 23:48:18 GMT")
        );
    }

    #[test]
    fn prefix_headers_are_keyed_by_the_rest_of_the_name() {
        let map = headers(&[("x-meta-a", "1"), ("x-meta-bb", "2"), ("x-other", "3")]);
        let found = prefix_headers(&map, "X-Meta-").unwrap().unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found["a"], "1");
        assert_eq!(found["bb"], "2");
        assert_eq!(prefix_headers(&map, "x-none-").unwrap(), None);
    }

    #[test]
    fn label_segments_are_encoded_and_never_empty() {
        assert_eq!(label_segment("a b/c", "Key", false).unwrap(), "a%20b%2Fc");
        assert_eq!(label_segment("a b/c", "Key", true).unwrap(), "a%20b/c");
        let empty = label_segment("", "Key", false).unwrap_err().to_string();
        assert!(empty.contains("Key"), "{empty}");
        assert!(missing_label("Key").to_string().contains("Key"));
    }

    #[test]
    fn float32_is_the_shortest_text_of_the_f32() {
        assert_eq!(float32(1.1), "1.1");
        assert_eq!(float32(4.1), "4.1");
        assert_eq!(float32(f32::NAN), "NaN");
        assert_eq!(float32(f32::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn headers_are_set_and_bad_text_names_the_member() {
        let mut headers = HeaderMap::new();
        set_header(&mut headers, "x-name", "Name", "value").unwrap();
        set_header(&mut headers, "x-name", "Name", "again").unwrap();
        assert_eq!(headers.get_all("x-name").iter().count(), 1);
        assert_eq!(headers["x-name"], "again");
        let bad = set_header(&mut headers, "x-name", "Name", "a\nb").unwrap_err();
        assert!(bad.to_string().contains("Name"), "{bad}");

        set_prefix_header(&mut headers, "x-meta-", "Color", "Meta", "blue").unwrap();
        assert_eq!(headers["x-meta-color"], "blue");
        let bad = set_prefix_header(&mut headers, "x-meta-", "a b", "Meta", "v").unwrap_err();
        assert!(bad.to_string().contains("Meta"), "{bad}");
    }

    #[test]
    fn query_param_lists_repeat_each_key() {
        let mut uri = String::from("/p");
        let mut params = HashMap::new();
        params.insert("b".to_string(), vec!["1", "2"]);
        params.insert("a".to_string(), vec!["x y"]);
        params.insert("bound".to_string(), vec!["no"]);
        let mut query = QueryWriter::new(&mut uri);
        query.push("bound", "yes");
        query_param_lists(&mut query, &params, &["bound"]);
        assert_eq!(uri, "/p?bound=yes&a=x%20y&b=1&b=2");
    }

    #[test]
    fn media_type_headers_are_base64_both_ways() {
        let text = r#"{"a":true}"#;
        let mut map = HeaderMap::new();
        map.insert(
            "x-json",
            HeaderValue::try_from(media_type_header(text)).unwrap(),
        );
        assert_eq!(
            header_media_type(&map, "x-json").unwrap().as_deref(),
            Some(text)
        );
        assert_eq!(header_media_type(&map, "x-absent").unwrap(), None);
        map.insert("x-bad", HeaderValue::from_static("%%%"));
        let error = header_media_type(&map, "x-bad").unwrap_err();
        assert!(error.to_string().contains("x-bad"));
        let as_json: crate::json::DeserializeError = error.into();
        assert!(as_json.to_string().contains("x-bad"), "{as_json}");
    }

    #[test]
    fn blobs_outside_the_body_are_base64() {
        assert_eq!(blob_text(b"value"), "dmFsdWU=");
    }
}
