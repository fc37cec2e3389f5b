use crate::error::RequestId;
use bytes::Bytes;
use std::fmt;

/// An HTTP status code, such as `200` or `503`.
///
/// ```
/// use smithy_runtime::transport::StatusCode;
///
/// let status = StatusCode::try_from(503).unwrap();
/// assert_eq!(status.as_u16(), 503);
/// assert!(status.is_server_error());
/// assert!(StatusCode::try_from(42).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatusCode(u16);

impl StatusCode {
    /// Returns the code as a number.
    pub const fn as_u16(self) -> u16 {
        self.0
    }

    /// Returns true for `1xx` codes.
    pub const fn is_informational(self) -> bool {
        self.0 >= 100 && self.0 < 200
    }

    /// Returns true for `2xx` codes.
    pub const fn is_success(self) -> bool {
        self.0 >= 200 && self.0 < 300
    }

    /// Returns true for `3xx` codes.
    pub const fn is_redirection(self) -> bool {
        self.0 >= 300 && self.0 < 400
    }

    /// Returns true for `4xx` codes.
    pub const fn is_client_error(self) -> bool {
        self.0 >= 400 && self.0 < 500
    }

    /// Returns true for `5xx` codes.
    pub const fn is_server_error(self) -> bool {
        self.0 >= 500 && self.0 < 600
    }
}

impl fmt::Debug for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<http::StatusCode> for StatusCode {
    fn from(status: http::StatusCode) -> Self {
        Self(status.as_u16())
    }
}

impl From<StatusCode> for http::StatusCode {
    fn from(status: StatusCode) -> Self {
        // Every `StatusCode` holds a value in 100..=999, which `http` accepts.
        http::StatusCode::from_u16(status.0).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<StatusCode> for u16 {
    fn from(status: StatusCode) -> Self {
        status.0
    }
}

/// The error returned when converting a number outside `100..=999` to a [`StatusCode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidStatusCode(u16);

impl fmt::Display for InvalidStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a valid HTTP status code", self.0)
    }
}

impl std::error::Error for InvalidStatusCode {}

impl TryFrom<u16> for StatusCode {
    type Error = InvalidStatusCode;

    fn try_from(value: u16) -> Result<Self, Self::Error> {
        if (100..=999).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InvalidStatusCode(value))
        }
    }
}

/// The headers of an [`HttpResponse`], readable as strings.
///
/// Header names are case-insensitive. Values that are not valid UTF-8 (which services do
/// not send) are skipped by the string accessors; [`Headers::as_http_headers`] gives the
/// raw map.
///
/// ```
/// use smithy_runtime::transport::Headers;
///
/// let mut map = http::HeaderMap::new();
/// map.insert("x-amzn-requestid", http::HeaderValue::from_static("abc"));
/// let headers = Headers::from(map);
/// assert_eq!(headers.get("X-Amzn-RequestId"), Some("abc"));
/// assert!(headers.contains_key("x-amzn-requestid"));
/// assert_eq!(headers.get("missing"), None);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(http::HeaderMap);

impl Headers {
    /// Returns an empty set of headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the first value of the header `name`.
    pub fn get(&self, name: impl AsRef<str>) -> Option<&str> {
        self.0
            .get(name.as_ref())
            .and_then(|value| value.to_str().ok())
    }

    /// Returns every value of the header `name`, in the order received.
    pub fn get_all(&self, name: impl AsRef<str>) -> impl Iterator<Item = &str> {
        self.0
            .get_all(name.as_ref())
            .into_iter()
            .filter_map(|value| value.to_str().ok())
    }

    /// Returns true when the header `name` is present.
    pub fn contains_key(&self, name: impl AsRef<str>) -> bool {
        self.0.contains_key(name.as_ref())
    }

    /// Iterates over every `(name, value)` pair; names are lower case.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }

    /// Returns the number of header values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Returns true when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Returns the underlying [`http::HeaderMap`].
    pub fn as_http_headers(&self) -> &http::HeaderMap {
        &self.0
    }

    /// Returns the underlying [`http::HeaderMap`] for modification.
    pub fn as_http_headers_mut(&mut self) -> &mut http::HeaderMap {
        &mut self.0
    }

    /// Converts into the underlying [`http::HeaderMap`].
    pub fn into_http_headers(self) -> http::HeaderMap {
        self.0
    }
}

impl From<http::HeaderMap> for Headers {
    fn from(map: http::HeaderMap) -> Self {
        Self(map)
    }
}

impl AsRef<http::HeaderMap> for Headers {
    fn as_ref(&self) -> &http::HeaderMap {
        &self.0
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// The body of an [`HttpResponse`]: bytes held in memory.
///
/// Its `Debug` output shows only the length. Bodies may hold `@sensitive` members (an
/// error's message, an output's secret field) and the runtime cannot tell which bytes those
/// are, so printing an [`SdkError`](crate::error::SdkError) with `{:?}` never prints them;
/// read them explicitly with [`bytes`](SdkBody::bytes).
///
/// ```
/// use smithy_runtime::transport::SdkBody;
///
/// let body = SdkBody::from("{}");
/// assert_eq!(body.bytes(), Some(&b"{}"[..]));
/// assert_eq!(body.len(), 2);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SdkBody(Bytes);

impl SdkBody {
    /// Returns an empty body.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Returns the content. Always `Some`: bodies are held in memory. (The `Option`
    /// matches the AWS SDK, whose bodies may be streams.)
    pub fn bytes(&self) -> Option<&[u8]> {
        Some(&self.0)
    }

    /// Returns the content as [`Bytes`] (a cheap reference-counted copy).
    pub fn to_bytes(&self) -> Bytes {
        self.0.clone()
    }

    /// Converts into the content.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// Returns the length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Returns true when the body is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Bytes> for SdkBody {
    fn from(bytes: Bytes) -> Self {
        Self(bytes)
    }
}

impl From<Vec<u8>> for SdkBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes.into())
    }
}

impl From<String> for SdkBody {
    fn from(text: String) -> Self {
        Self(text.into())
    }
}

impl From<&'static str> for SdkBody {
    fn from(text: &'static str) -> Self {
        Self(Bytes::from_static(text.as_bytes()))
    }
}

impl From<&'static [u8]> for SdkBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self(Bytes::from_static(bytes))
    }
}

impl fmt::Debug for SdkBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SdkBody")
            .field("len", &self.0.len())
            .finish_non_exhaustive()
    }
}

/// Header names under which AWS services return the request ID, in order of preference.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-amzn-requestid", "x-amz-request-id"];

/// An HTTP response with its whole body in memory.
///
/// Response parsers receive it, and [`SdkError`](crate::error::SdkError) keeps it for
/// [`ServiceError`](crate::error::SdkError::ServiceError) and
/// [`ResponseError`](crate::error::SdkError::ResponseError) failures.
///
/// ```
/// use smithy_runtime::error::RequestId;
/// use smithy_runtime::transport::HttpResponse;
///
/// let response = HttpResponse::from(
///     http::Response::builder()
///         .status(400)
///         .header("x-amzn-requestid", "req-1")
///         .body(bytes::Bytes::from_static(b"{}"))?,
/// );
/// assert_eq!(response.status().as_u16(), 400);
/// assert_eq!(response.headers().get("x-amzn-requestid"), Some("req-1"));
/// assert_eq!(response.request_id(), Some("req-1"));
/// assert_eq!(response.body().bytes(), Some(&b"{}"[..]));
/// # Ok::<(), http::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    status: StatusCode,
    headers: Headers,
    body: SdkBody,
}

impl HttpResponse {
    /// Creates a response with no headers.
    pub fn new(status: StatusCode, body: impl Into<SdkBody>) -> Self {
        Self {
            status,
            headers: Headers::new(),
            body: body.into(),
        }
    }

    /// Returns the status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Returns the headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// Returns the headers for modification.
    pub fn headers_mut(&mut self) -> &mut Headers {
        &mut self.headers
    }

    /// Returns the body.
    pub fn body(&self) -> &SdkBody {
        &self.body
    }

    /// Converts into the body.
    pub fn into_body(self) -> SdkBody {
        self.body
    }

    /// Converts into an [`http::Response`].
    pub fn into_http1x(self) -> http::Response<Bytes> {
        let mut response = http::Response::new(self.body.into_bytes());
        *response.status_mut() = self.status.into();
        *response.headers_mut() = self.headers.into_http_headers();
        response
    }
}

impl From<http::Response<Bytes>> for HttpResponse {
    fn from(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Self {
            status: parts.status.into(),
            headers: parts.headers.into(),
            body: body.into(),
        }
    }
}

/// Reads the request ID from the `x-amzn-requestid` header, falling back to
/// `x-amz-request-id`.
impl RequestId for HttpResponse {
    fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.headers.get(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes() {
        let s = |n| StatusCode::try_from(n).unwrap();
        assert!(s(100).is_informational());
        assert!(s(204).is_success());
        assert!(s(301).is_redirection());
        assert!(s(404).is_client_error());
        assert!(s(500).is_server_error());
        assert!(!s(999).is_server_error());
        assert_eq!(s(200).to_string(), "200");
        assert_eq!(format!("{:?}", s(200)), "200");
        assert_eq!(u16::from(s(418)), 418);
        assert_eq!(
            http::StatusCode::from(s(429)),
            http::StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            StatusCode::try_from(1000).unwrap_err().to_string(),
            "1000 is not a valid HTTP status code"
        );
        assert!(StatusCode::try_from(99).is_err());
    }

    #[test]
    fn headers_accessors() {
        let mut map = http::HeaderMap::new();
        map.append("a", http::HeaderValue::from_static("1"));
        map.append("a", http::HeaderValue::from_static("2"));
        map.insert("bin", http::HeaderValue::from_bytes(&[0xff]).unwrap());
        let mut headers = Headers::from(map);
        assert_eq!(headers.get("A"), Some("1"));
        assert_eq!(headers.get_all("a").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(headers.get("bin"), None);
        assert!(headers.contains_key("bin"));
        assert_eq!(headers.len(), 3);
        assert!(!headers.is_empty());
        assert_eq!(headers.iter().count(), 2);
        assert_eq!(headers.get("not a valid name"), None);
        headers
            .as_http_headers_mut()
            .insert("c", http::HeaderValue::from_static("3"));
        assert_eq!(headers.as_http_headers().len(), 4);
        assert!(Headers::new().is_empty());
    }

    #[test]
    fn body_debug_shows_only_the_length() {
        let big = SdkBody::from(vec![b'x'; 5000]);
        assert_eq!(format!("{big:?}"), "SdkBody { len: 5000, .. }");
        let small = SdkBody::from("secret");
        assert_eq!(format!("{small:?}"), "SdkBody { len: 6, .. }");
        assert!(SdkBody::empty().is_empty());
        assert_eq!(small.to_bytes(), Bytes::from_static(b"secret"));
    }

    #[test]
    fn response_round_trip() {
        let response = http::Response::builder()
            .status(503)
            .header("x-amz-request-id", "r2")
            .body(Bytes::from_static(b"busy"))
            .unwrap();
        let ours = HttpResponse::from(response);
        assert_eq!(ours.status().as_u16(), 503);
        assert_eq!(ours.request_id(), Some("r2"));
        let back = ours.clone().into_http1x();
        assert_eq!(back.status(), 503);
        assert_eq!(back.headers()["x-amz-request-id"], "r2");
        assert_eq!(back.body().as_ref(), b"busy");
        assert_eq!(ours.into_body().into_bytes(), Bytes::from_static(b"busy"));

        let plain = HttpResponse::new(StatusCode::try_from(200).unwrap(), "ok");
        assert_eq!(plain.request_id(), None);
        assert!(plain.headers().is_empty());
    }
}
