use crate::auth::AuthScheme;
#[cfg(feature = "sigv4")]
use crate::auth::SigningOptions;
#[cfg(feature = "sigv4")]
use crate::config::Region;
use crate::endpoint::Endpoint;
use crate::error::BoxError;
#[cfg(feature = "sigv4")]
use crate::primitives::Document;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use std::borrow::Cow;

/// Static facts about a service that every request of its client needs.
///
/// Generated crates define one constant of this type:
///
/// ```
/// use smithy_runtime::client::ServiceInfo;
///
/// const SERVICE: ServiceInfo = ServiceInfo::new("proton", "Proton").with_version("0.1.0");
/// assert_eq!(SERVICE.signing_name(), "proton");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceInfo {
    signing_name: &'static str,
    service_name: &'static str,
    version: Option<&'static str>,
}

impl ServiceInfo {
    /// `signing_name` is the SigV4 signing name (the `aws.auth#sigv4` trait's `name`,
    /// such as `proton`); `service_name` names the service in logs and in the user agent
    /// (the SDK ID, such as `Proton`).
    pub const fn new(signing_name: &'static str, service_name: &'static str) -> Self {
        Self {
            signing_name,
            service_name,
            version: None,
        }
    }

    /// Adds the generated crate's version, reported in the user agent.
    pub const fn with_version(mut self, version: &'static str) -> Self {
        self.version = Some(version);
        self
    }

    /// The SigV4 signing name.
    pub const fn signing_name(&self) -> &'static str {
        self.signing_name
    }

    /// The service name used in logs and the user agent.
    pub const fn service_name(&self) -> &'static str {
        self.service_name
    }

    /// The generated crate's version, if given.
    pub const fn version(&self) -> Option<&'static str> {
        self.version
    }
}

/// One operation call, as the generated code describes it to
/// [`Handle::invoke`](super::Handle::invoke).
///
/// It holds what stays the same across attempts: the endpoint, method, path, headers and
/// body. The runtime adds `Host`, `Content-Length`, `User-Agent`, `X-Amz-User-Agent`,
/// `amz-sdk-invocation-id`, `amz-sdk-request` and the signature to each attempt.
///
/// ```
/// use smithy_runtime::client::OperationRequest;
///
/// let request = OperationRequest::new("ListServices", "https://proton.us-east-1.amazonaws.com")
///     .header("content-type", "application/x-amz-json-1.0")
///     .header("x-amz-target", "AwsProton20200720.ListServices")
///     .body("{}");
/// assert_eq!(request.operation(), "ListServices");
/// assert_eq!(request.method(), http::Method::POST);
/// ```
#[derive(Debug)]
pub struct OperationRequest {
    pub(crate) operation: &'static str,
    pub(crate) endpoint_url: String,
    pub(crate) method: http::Method,
    pub(crate) path: Cow<'static, str>,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Bytes,
    #[cfg(feature = "sigv4")]
    pub(crate) signing_region: Option<Region>,
    #[cfg(feature = "sigv4")]
    pub(crate) signing_name: Option<Cow<'static, str>>,
    #[cfg(feature = "sigv4")]
    pub(crate) signing_options: SigningOptions,
    /// The auth schemes the operation accepts, in order of preference.
    pub(crate) auth: &'static [AuthScheme],
    /// `@optionalAuth`: without an identity for any scheme, send it unauthenticated.
    pub(crate) optional_auth: bool,
    pub(crate) invalid: Option<BoxError>,
    /// Whether to gzip the body (the operation's `@requestCompression`).
    #[cfg(feature = "request-compression")]
    pub(crate) gzip: bool,
    /// Whether to send the body's `Content-MD5` (the operation's `@httpChecksumRequired`).
    #[cfg(feature = "content-md5")]
    pub(crate) content_md5: bool,
    /// A `@streaming` payload, sent instead of `body`.
    #[cfg(feature = "byte-stream")]
    pub(crate) stream: Option<aws_smithy_types::body::SdkBody>,
    /// `@requiresLength`: the stream's length must be known before sending.
    #[cfg(feature = "byte-stream")]
    pub(crate) requires_length: bool,
    /// Amazon Glacier's uploads: send the body's SHA-256 tree hash.
    #[cfg(feature = "byte-stream")]
    pub(crate) tree_hash: bool,
    /// The HTTP version to send with: HTTP/2 for the event streams that need it.
    pub(crate) version: http::Version,
    /// The body is an event stream: where the message signer goes once the request is signed.
    #[cfg(feature = "event-stream")]
    pub(crate) event_signer: Option<aws_smithy_types::event_stream::DeferredSignerSender>,
}

impl OperationRequest {
    /// A `POST` of an empty body to path `/` of `endpoint_url` (the resolved endpoint, such
    /// as `https://proton.us-east-1.amazonaws.com`). `operation` is the operation's name,
    /// used in logs.
    ///
    /// With the `sigv4` feature it is signed with SigV4 for the client's region; without
    /// it, it is sent unauthenticated. Either way, [`auth_schemes`](Self::auth_schemes)
    /// replaces that choice (generated operations whose schemes are not exactly SigV4 always
    /// call it, so the feature never decides for them).
    pub fn new(operation: &'static str, endpoint_url: impl Into<String>) -> Self {
        #[cfg(feature = "sigv4")]
        const DEFAULT_AUTH: &[AuthScheme] = &[AuthScheme::SigV4];
        #[cfg(not(feature = "sigv4"))]
        const DEFAULT_AUTH: &[AuthScheme] = &[];
        Self {
            operation,
            endpoint_url: endpoint_url.into(),
            method: http::Method::POST,
            path: Cow::Borrowed("/"),
            headers: http::HeaderMap::new(),
            body: Bytes::new(),
            #[cfg(feature = "sigv4")]
            signing_region: None,
            #[cfg(feature = "sigv4")]
            signing_name: None,
            #[cfg(feature = "sigv4")]
            signing_options: SigningOptions::new(),
            auth: DEFAULT_AUTH,
            optional_auth: false,
            invalid: None,
            #[cfg(feature = "request-compression")]
            gzip: false,
            #[cfg(feature = "content-md5")]
            content_md5: false,
            #[cfg(feature = "byte-stream")]
            stream: None,
            #[cfg(feature = "byte-stream")]
            requires_length: false,
            #[cfg(feature = "byte-stream")]
            tree_hash: false,
            version: http::Version::HTTP_11,
            #[cfg(feature = "event-stream")]
            event_signer: None,
        }
    }

    /// Like [`OperationRequest::new`], for a resolved [`Endpoint`]: uses its URL, adds its
    /// headers, and (with the `sigv4` feature) applies the first `sigv4` entry of its
    /// `authSchemes` property (`signingName`, `signingRegion`, `disableDoubleEncoding`), if
    /// it has one.
    ///
    /// ```
    /// use smithy_runtime::client::OperationRequest;
    /// use smithy_runtime::endpoint::Endpoint;
    ///
    /// let endpoint = Endpoint::builder()
    ///     .url("https://proton.us-east-1.amazonaws.com")
    ///     .header("x-custom", "1")
    ///     .build();
    /// let request = OperationRequest::from_endpoint("ListServices", &endpoint);
    /// assert_eq!(request.endpoint_url(), "https://proton.us-east-1.amazonaws.com");
    /// assert_eq!(request.headers()["x-custom"], "1");
    /// ```
    pub fn from_endpoint(operation: &'static str, endpoint: &Endpoint) -> Self {
        let mut request = Self::new(operation, endpoint.url());
        for (name, values) in endpoint.headers() {
            for value in values {
                request = request.header(name.as_str(), value.as_str());
            }
        }
        #[cfg(feature = "sigv4")]
        request.apply_sigv4_endpoint_properties(endpoint);
        request
    }

    #[cfg(feature = "sigv4")]
    fn apply_sigv4_endpoint_properties(&mut self, endpoint: &Endpoint) {
        let request = self;
        let sigv4 = endpoint
            .properties()
            .get("authSchemes")
            .and_then(Document::as_array)
            .into_iter()
            .flatten()
            .filter_map(Document::as_object)
            .find(|scheme| scheme.get("name").and_then(Document::as_string) == Some("sigv4"));
        if let Some(scheme) = sigv4 {
            if let Some(name) = scheme.get("signingName").and_then(Document::as_string) {
                request.signing_name = Some(Cow::Owned(name.to_owned()));
            }
            if let Some(region) = scheme.get("signingRegion").and_then(Document::as_string) {
                request.signing_region = Some(Region::new(region.to_owned()));
            }
            if let Some(disable) = scheme
                .get("disableDoubleEncoding")
                .and_then(Document::as_bool)
            {
                request.signing_options = request.signing_options.with_double_uri_encode(!disable);
            }
        }
    }

    /// Sets the HTTP method.
    pub fn with_method(mut self, method: http::Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the path and query, already percent-encoded, starting with `/`
    /// (for example `/things/a%20b?max=10`). It is appended to any path the endpoint URL
    /// has.
    pub fn path(mut self, path_and_query: impl Into<Cow<'static, str>>) -> Self {
        self.path = path_and_query.into();
        self
    }

    /// Adds a header whose name and value are fixed strings, such as the protocol's
    /// `content-type` and `x-amz-target`: neither is copied. An invalid name (it must be
    /// lowercase) or value fails like one given to [`header`](Self::header).
    pub fn static_header(mut self, name: &'static str, value: &'static str) -> Self {
        let valid = !name.is_empty()
            && name.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.!#$%&'*+^`|~".contains(&b)
            })
            && value
                .bytes()
                .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
        if !valid {
            return self.header(name, value);
        }
        self.headers.append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
        self
    }

    /// Adds a header (keeping earlier values of the same name).
    ///
    /// An invalid name or value does not fail here; [`Handle::invoke`](super::Handle::invoke)
    /// then fails with [`SdkError::ConstructionFailure`](crate::error::SdkError::ConstructionFailure)
    /// without sending anything.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        K: TryInto<HeaderName>,
        K::Error: Into<http::Error>,
        V: TryInto<HeaderValue>,
        V::Error: Into<http::Error>,
    {
        let name = name.try_into().map_err(Into::into);
        let value = value.try_into().map_err(Into::into);
        match (name, value) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            (Err(err), _) | (_, Err(err)) => {
                if self.invalid.is_none() {
                    self.invalid = Some(Box::new(err));
                }
            }
        }
        self
    }

    /// Adds every header of `headers` (the members an HTTP-binding protocol bound to headers),
    /// replacing earlier values of the same names.
    ///
    /// ```
    /// use smithy_runtime::client::OperationRequest;
    ///
    /// let mut bound = http::HeaderMap::new();
    /// bound.append("x-list", http::HeaderValue::from_static("a"));
    /// bound.append("x-list", http::HeaderValue::from_static("b"));
    /// bound.insert("content-type", http::HeaderValue::from_static("text/csv"));
    /// let request = OperationRequest::new("Op", "https://example.com")
    ///     .header("x-list", "old")
    ///     .with_headers(bound)
    ///     .default_content_type(Some("application/json"));
    /// let values: Vec<_> = request.headers().get_all("x-list").iter().collect();
    /// assert_eq!(values, ["a", "b"]);
    /// // A member bound to `Content-Type` wins over the protocol's default.
    /// assert_eq!(request.headers()["content-type"], "text/csv");
    /// ```
    pub fn with_headers(mut self, headers: http::HeaderMap) -> Self {
        let mut last = None;
        for (name, value) in headers {
            // `None` repeats the previous name: a header with several values.
            let name = match name {
                Some(name) => {
                    self.headers.remove(&name);
                    last = Some(name.clone());
                    name
                }
                None => match &last {
                    Some(name) => name.clone(),
                    None => continue,
                },
            };
            self.headers.append(name, value);
        }
        self
    }

    /// Sets `content-type` to `content_type` when it is given and no header set it already (a
    /// member bound to `Content-Type` wins over the protocol's default).
    pub fn default_content_type(mut self, content_type: Option<&'static str>) -> Self {
        if let Some(content_type) = content_type {
            if !self.headers.contains_key(http::header::CONTENT_TYPE) {
                self = self.static_header("content-type", content_type);
            }
        }
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sends `body` as the request body, read from its source while it is sent (an operation
    /// whose payload is a `@streaming` blob), instead of a [`body`](Self::body) in memory.
    ///
    /// `Content-Length` is the stream's length when it is known, and the body is sent chunked
    /// otherwise. A stream that can be read again ([`ByteStream::from_path`], one made from
    /// bytes) is retried like any request, and with SigV4 its SHA-256 is computed by reading
    /// it once before it is sent; one that cannot be read twice is never retried and is signed
    /// with `UNSIGNED-PAYLOAD`.
    ///
    /// [`ByteStream::from_path`]: crate::primitives::ByteStream::from_path
    #[cfg(feature = "byte-stream")]
    pub fn streaming_body(mut self, body: crate::primitives::ByteStream) -> Self {
        self.stream = Some(body.into_inner());
        self
    }

    /// Sends the events of `sender` as the request body (an operation whose input is an event
    /// stream), each marshalled into a message as the stream yields it: events by
    /// `marshaller`, the stream's errors by `error_marshaller`. The body is
    /// `application/vnd.amazon.eventstream`, sent chunked; with SigV4 the request signs
    /// `STREAMING-AWS4-HMAC-SHA256-EVENTS` and each message is signed in a chain seeded by the
    /// request's signature, ended by a signed empty message. It is sent once, never retried.
    #[cfg(feature = "event-stream")]
    pub fn event_stream<T, E>(
        self,
        sender: crate::event_stream::EventStreamSender<T, E>,
        marshaller: impl crate::event_stream::MarshallMessage<Input = T> + Send + Sync + 'static,
        error_marshaller: impl crate::event_stream::MarshallMessage<Input = E> + Send + Sync + 'static,
    ) -> Self
    where
        T: Send + Sync + 'static,
        E: std::error::Error + Send + Sync + 'static,
    {
        self.event_stream_body(sender, marshaller, error_marshaller, None)
    }

    /// [`event_stream`](Self::event_stream) opening with `initial` (awsJson's
    /// `initial-request`: the input's other members), signed as the first link of the chain.
    #[cfg(feature = "event-stream")]
    pub fn event_stream_after<T, E>(
        self,
        initial: crate::event_stream::Message,
        sender: crate::event_stream::EventStreamSender<T, E>,
        marshaller: impl crate::event_stream::MarshallMessage<Input = T> + Send + Sync + 'static,
        error_marshaller: impl crate::event_stream::MarshallMessage<Input = E> + Send + Sync + 'static,
    ) -> Self
    where
        T: Send + Sync + 'static,
        E: std::error::Error + Send + Sync + 'static,
    {
        self.event_stream_body(sender, marshaller, error_marshaller, Some(initial))
    }

    #[cfg(feature = "event-stream")]
    fn event_stream_body<T, E>(
        mut self,
        sender: crate::event_stream::EventStreamSender<T, E>,
        marshaller: impl crate::event_stream::MarshallMessage<Input = T> + Send + Sync + 'static,
        error_marshaller: impl crate::event_stream::MarshallMessage<Input = E> + Send + Sync + 'static,
        initial: Option<crate::event_stream::Message>,
    ) -> Self
    where
        T: Send + Sync + 'static,
        E: std::error::Error + Send + Sync + 'static,
    {
        let (body, signer) = crate::event_stream::sender::request_body(
            sender,
            marshaller,
            error_marshaller,
            initial,
        );
        self.stream = Some(body);
        self.event_signer = Some(signer);
        self.headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(crate::event_stream::sender::CONTENT_TYPE),
        );
        self
    }

    /// Sends the request over HTTP/2 (with the `http2` feature; the call fails before sending
    /// without it): for the event streams of a service whose protocol lists only `h2` in its
    /// `eventStreamHttp`, which need a duplex stream. Over `https` the connection negotiates
    /// `h2` with ALPN; over plain `http` it speaks HTTP/2 from the start.
    pub fn http2(mut self) -> Self {
        self.version = http::Version::HTTP_2;
        self
    }

    /// The Smithy `@requiresLength` trait: a [streaming body](Self::streaming_body) whose
    /// length is unknown fails the call before anything is sent.
    #[cfg(feature = "byte-stream")]
    pub fn requires_length(mut self) -> Self {
        self.requires_length = true;
        self
    }

    /// Amazon Glacier's upload checksums: unless the request already has one,
    /// `x-amz-sha256-tree-hash` carries the SHA-256 tree hash of the body (1 MiB leaves) and
    /// `x-amz-content-sha256` its SHA-256, both computed by reading the body once before it is
    /// sent. A streaming body that cannot be read twice fails the call unless the caller set
    /// the tree hash.
    #[cfg(feature = "byte-stream")]
    pub fn glacier_checksums(mut self) -> Self {
        self.tree_hash = true;
        self
    }

    /// The Smithy `@unsignedPayload` trait: SigV4 signs `UNSIGNED-PAYLOAD`, sent in
    /// `x-amz-content-sha256`, instead of the body's SHA-256.
    #[cfg(feature = "sigv4")]
    pub fn unsigned_payload(mut self) -> Self {
        self.signing_options = self.signing_options.with_unsigned_payload(true);
        self
    }

    /// Signs for `region` instead of the client's region (endpoint rules may ask for this).
    #[cfg(feature = "sigv4")]
    pub fn signing_region(mut self, region: Region) -> Self {
        self.signing_region = Some(region);
        self
    }

    /// Signs with `name` instead of the service's signing name (endpoint rules may ask for
    /// this).
    #[cfg(feature = "sigv4")]
    pub fn signing_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.signing_name = Some(name.into());
        self
    }

    /// Sets protocol-specific signing options (for example the `x-amz-content-sha256`
    /// header, which awsJson protocols do not use).
    #[cfg(feature = "sigv4")]
    pub fn signing_options(mut self, options: SigningOptions) -> Self {
        self.signing_options = options;
        self
    }

    /// Prepends the operation's host prefix (the Smithy `@endpoint` trait's `hostPrefix`,
    /// such as `foo.{label}.`) to the endpoint URL's host, replacing each `{name}` with the
    /// value given for it in `labels` (the input members with `@hostLabel`).
    ///
    /// A label that is missing, empty or not a valid host label (see
    /// [`is_valid_host_label`](crate::endpoint::is_valid_host_label)), or a prefix that does
    /// not make a valid host, fails the call with
    /// [`SdkError::ConstructionFailure`](crate::error::SdkError::ConstructionFailure)
    /// without sending anything.
    ///
    /// ```
    /// use smithy_runtime::client::OperationRequest;
    ///
    /// let request = OperationRequest::new("Op", "https://example.com/path")
    ///     .host_prefix("foo.{label}.", &[("label", Some("bar"))]);
    /// assert_eq!(request.endpoint_url(), "https://foo.bar.example.com/path");
    /// ```
    pub fn host_prefix(mut self, template: &str, labels: &[(&str, Option<&str>)]) -> Self {
        match expand_host_prefix(template, labels)
            .and_then(|prefix| prefix_host(&self.endpoint_url, &prefix))
        {
            Ok(url) => self.endpoint_url = url,
            Err(err) => {
                if self.invalid.is_none() {
                    self.invalid = Some(err.into());
                }
            }
        }
        self
    }

    /// Compresses the body with gzip and adds `gzip` to `Content-Encoding` (the Smithy
    /// `@requestCompression` trait), unless the client configuration disables request
    /// compression or the body is smaller than its minimum compression size.
    #[cfg(feature = "request-compression")]
    pub fn gzip(mut self) -> Self {
        self.gzip = true;
        self
    }

    /// Adds the body's MD5 digest, base64-encoded, as `Content-MD5` (the Smithy
    /// `@httpChecksumRequired` trait), computed over the body as sent (after any compression).
    #[cfg(feature = "content-md5")]
    pub fn content_md5(mut self) -> Self {
        self.content_md5 = true;
        self
    }

    /// Sends the request unauthenticated (an operation with `@auth([])`, or the
    /// `smithy.api#noAuth` scheme): the same as `auth_schemes(&[])`. No identity or region
    /// is needed.
    pub fn anonymous(self) -> Self {
        self.auth_schemes(&[])
    }

    /// The auth schemes the operation accepts, in the model's order of preference; the first
    /// one the client configuration has an identity for is used (see [`crate::auth`]). An
    /// empty list sends the request unauthenticated.
    ///
    /// ```
    /// use smithy_runtime::auth::{ApiKey, AuthScheme};
    /// use smithy_runtime::client::OperationRequest;
    ///
    /// const SCHEMES: &[AuthScheme] = &[
    ///     AuthScheme::HttpBearer,
    ///     AuthScheme::HttpApiKey(ApiKey::header("X-Api-Key", None)),
    /// ];
    /// let request = OperationRequest::new("GetNote", "https://notes.example.com")
    ///     .auth_schemes(SCHEMES);
    /// assert_eq!(request.auth(), SCHEMES);
    /// ```
    pub fn auth_schemes(mut self, schemes: &'static [AuthScheme]) -> Self {
        self.auth = schemes;
        self
    }

    /// The Smithy `@optionalAuth` trait: when the client has no identity for any of the
    /// [auth schemes](Self::auth_schemes) (with SigV4: when its credentials provider has no
    /// credentials to give), the request is sent unauthenticated instead of failing.
    pub fn optional_auth(mut self) -> Self {
        self.optional_auth = true;
        self
    }

    /// The auth schemes the operation accepts.
    pub fn auth(&self) -> &'static [AuthScheme] {
        self.auth
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The endpoint URL.
    pub fn endpoint_url(&self) -> &str {
        &self.endpoint_url
    }

    /// The HTTP method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The headers added so far.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }
}

/// Fills in the `{name}` labels of a host prefix template.
fn expand_host_prefix(template: &str, labels: &[(&str, Option<&str>)]) -> Result<String, String> {
    let mut prefix = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        prefix.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("host prefix `{template}` has an unclosed `{{`"))?;
        let name = &after[..end];
        let value = labels
            .iter()
            .find(|(label, _)| *label == name)
            .ok_or_else(|| format!("host prefix `{template}` names unknown label `{name}`"))?
            .1
            .unwrap_or_default();
        if !crate::endpoint::is_valid_host_label(value, false) {
            return Err(format!(
                "host label `{name}` is {}: it must be 1 to 63 letters, digits and hyphens, not starting with a hyphen",
                if value.is_empty() { "empty or missing".to_owned() } else { format!("`{value}`") }
            ));
        }
        prefix.push_str(value);
        rest = &after[end + 1..];
    }
    prefix.push_str(rest);
    Ok(prefix)
}

/// Puts `prefix` in front of the host of `endpoint_url`, checking the result is a valid host.
fn prefix_host(endpoint_url: &str, prefix: &str) -> Result<String, String> {
    let (scheme, rest) = endpoint_url
        .split_once("://")
        .ok_or_else(|| format!("endpoint URL `{endpoint_url}` has no scheme"))?;
    let host_end = rest.find(['/', ':', '?', '#']).unwrap_or(rest.len());
    let host = format!("{prefix}{}", &rest[..host_end]);
    if !crate::endpoint::is_valid_host_label(&host, true)
        && host.parse::<std::net::IpAddr>().is_err()
    {
        return Err(format!(
            "the host prefix `{prefix}` does not make a valid host with `{}`",
            &rest[..host_end]
        ));
    }
    Ok(format!("{scheme}://{host}{}", &rest[host_end..]))
}

/// Why a response parser did not produce the operation's output.
///
/// Returned by the `parse` function given to [`Handle::invoke`](super::Handle::invoke):
/// * [`ServiceError`](ParseOutcome::ServiceError): the response is an error the service
///   sent (its status was not a success, or the protocol says so), already parsed into the
///   operation's error type. `invoke` returns it as
///   [`SdkError::ServiceError`](crate::error::SdkError::ServiceError), after retrying it if
///   it is retryable.
/// * [`Malformed`](ParseOutcome::Malformed): the response could not be parsed. `invoke`
///   returns [`SdkError::ResponseError`](crate::error::SdkError::ResponseError) (retrying
///   first if the HTTP status is 500, 502, 503 or 504).
#[derive(Debug)]
pub enum ParseOutcome<E> {
    /// The service returned this error.
    ServiceError(E),
    /// The response could not be parsed.
    Malformed(BoxError),
}

impl<E> ParseOutcome<E> {
    /// Creates [`ParseOutcome::Malformed`].
    pub fn malformed(source: impl Into<BoxError>) -> Self {
        Self::Malformed(source.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_methods() {
        let r = OperationRequest::new("Op", "https://x")
            .with_method(http::Method::PUT)
            .path("/a?b=c")
            .header("x-one", "1")
            .header("x-one", "2")
            .body(vec![1u8, 2])
            .signing_region(Region::new("r"))
            .signing_name("n")
            .signing_options(SigningOptions::new().with_content_sha256_header(true))
            .anonymous();
        assert_eq!(r.operation(), "Op");
        assert_eq!(r.endpoint_url(), "https://x");
        assert_eq!(r.method(), http::Method::PUT);
        assert_eq!(r.headers().get_all("x-one").iter().count(), 2);
        assert_eq!(r.path, "/a?b=c");
        assert!(r.auth().is_empty());
        assert!(!r.optional_auth);
        assert!(r.invalid.is_none());
        assert_eq!(r.body.as_ref(), [1, 2]);
    }

    #[test]
    fn from_endpoint_applies_auth_scheme() {
        let scheme = |pairs: Vec<(&str, Document)>| {
            Document::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
        };
        let endpoint = Endpoint::builder()
            .url("https://e.example.com")
            .header("x-a", "1")
            .header("x-a", "2")
            .property(
                "authSchemes",
                Document::Array(vec![
                    scheme(vec![("name", Document::String("sigv4a".into()))]),
                    scheme(vec![
                        ("name", Document::String("sigv4".into())),
                        ("signingName", Document::String("custom".into())),
                        ("signingRegion", Document::String("eu-north-1".into())),
                        ("disableDoubleEncoding", Document::Bool(true)),
                    ]),
                ]),
            )
            .build();
        let r = OperationRequest::from_endpoint("Op", &endpoint);
        assert_eq!(r.endpoint_url(), "https://e.example.com");
        assert_eq!(r.headers().get_all("x-a").iter().count(), 2);
        assert_eq!(r.signing_name.as_deref(), Some("custom"));
        assert_eq!(r.signing_region, Some(Region::new("eu-north-1")));
        assert!(!r.signing_options.double_uri_encode());

        let plain = Endpoint::builder().url("https://p").build();
        let r = OperationRequest::from_endpoint("Op", &plain);
        assert!(r.signing_name.is_none() && r.signing_region.is_none());
        assert!(r.signing_options.double_uri_encode());
    }

    #[test]
    fn auth_schemes_default_to_sigv4_and_are_replaced() {
        let r = OperationRequest::new("Op", "https://x");
        assert_eq!(r.auth(), [AuthScheme::SigV4]);
        const BEARER: &[AuthScheme] = &[AuthScheme::HttpBearer];
        let r = r.auth_schemes(BEARER).optional_auth();
        assert_eq!(r.auth(), BEARER);
        assert!(r.optional_auth);
    }

    #[test]
    fn host_prefix() {
        let r = OperationRequest::new("Op", "https://example.com").host_prefix("foo.", &[]);
        assert_eq!(r.endpoint_url(), "https://foo.example.com");
        assert!(r.invalid.is_none());
        let r = OperationRequest::new("Op", "http://example.com:8080/custom")
            .host_prefix("foo.{a}-{b}.", &[("a", Some("x")), ("b", Some("y"))]);
        assert_eq!(r.endpoint_url(), "http://foo.x-y.example.com:8080/custom");
        assert!(r.invalid.is_none());
        for bad in [None, Some(""), Some("a.b"), Some("-a"), Some("a b")] {
            let r = OperationRequest::new("Op", "https://example.com")
                .host_prefix("foo.{label}.", &[("label", bad)]);
            assert!(r.invalid.is_some(), "{bad:?}");
            assert_eq!(r.endpoint_url(), "https://example.com");
        }
        for template in ["{missing}.", "{open.", "-foo."] {
            let r = OperationRequest::new("Op", "https://example.com").host_prefix(template, &[]);
            assert!(r.invalid.is_some(), "{template}");
        }
    }

    #[test]
    fn invalid_headers_are_deferred() {
        let r = OperationRequest::new("Op", "https://x")
            .header("bad name", "v")
            .header("x-ok", "bad\nvalue");
        assert!(r.invalid.is_some());
        assert!(r.headers().is_empty());
    }

    #[test]
    fn service_info() {
        const S: ServiceInfo = ServiceInfo::new("sig", "Svc");
        assert_eq!(S.service_name(), "Svc");
        assert_eq!(S.version(), None);
        assert_eq!(S.with_version("1").version(), Some("1"));
        assert!(matches!(
            ParseOutcome::<()>::malformed("x"),
            ParseOutcome::Malformed(_)
        ));
    }
}
