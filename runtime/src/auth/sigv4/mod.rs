//! AWS Signature Version 4 (feature `sigv4`): signing and credentials.
//!
//! Secrets never appear in `Debug` or `Display` output or in logs: [`Credentials`] redacts
//! its secret key and omits its session token, and the `Authorization` and
//! `X-Amz-Security-Token` header values added by [`sign_request`] are marked sensitive, so
//! `http`'s `Debug` output shows `Sensitive` instead of them.

mod cache;
mod env;

pub(crate) use self::cache::CredentialsCache;
pub use self::env::EnvironmentVariableCredentialsProvider;
pub use aws_credential_types::provider::error::CredentialsError;
pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
pub use aws_credential_types::Credentials;

use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::error::Error;
use std::fmt;
use std::time::SystemTime;

/// Protocol-dependent choices for [`sign_request`].
///
/// The defaults suit every AWS protocol except Amazon S3's REST-XML (which needs
/// [`with_content_sha256_header`](SigningOptions::with_content_sha256_header), single
/// URI encoding and no path normalisation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningOptions {
    content_sha256_header: bool,
    double_uri_encode: bool,
    normalize_uri_path: bool,
    unsigned_payload: bool,
}

impl Default for SigningOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl SigningOptions {
    /// No `x-amz-content-sha256` header, double URI encoding, path normalisation.
    pub const fn new() -> Self {
        Self {
            content_sha256_header: false,
            double_uri_encode: true,
            normalize_uri_path: true,
            unsigned_payload: false,
        }
    }

    /// Whether to add (and sign) an `x-amz-content-sha256` header holding the hex SHA-256
    /// of the body.
    pub const fn with_content_sha256_header(mut self, enabled: bool) -> Self {
        self.content_sha256_header = enabled;
        self
    }

    /// Whether the path is percent-encoded a second time in the canonical request.
    pub const fn with_double_uri_encode(mut self, enabled: bool) -> Self {
        self.double_uri_encode = enabled;
        self
    }

    /// Whether the payload is signed as `UNSIGNED-PAYLOAD` (sent in `x-amz-content-sha256`)
    /// rather than by its SHA-256.
    pub const fn with_unsigned_payload(mut self, enabled: bool) -> Self {
        self.unsigned_payload = enabled;
        self
    }

    /// Whether the payload is signed as `UNSIGNED-PAYLOAD`.
    pub const fn unsigned_payload(&self) -> bool {
        self.unsigned_payload
    }

    /// Whether `.` and `..` segments are removed from the path in the canonical request.
    pub const fn with_normalize_uri_path(mut self, enabled: bool) -> Self {
        self.normalize_uri_path = enabled;
        self
    }

    /// Whether the `x-amz-content-sha256` header is added.
    pub const fn content_sha256_header(&self) -> bool {
        self.content_sha256_header
    }

    /// Whether the path is encoded twice.
    pub const fn double_uri_encode(&self) -> bool {
        self.double_uri_encode
    }

    /// Whether the path is normalised.
    pub const fn normalize_uri_path(&self) -> bool {
        self.normalize_uri_path
    }
}

/// A request could not be signed.
///
/// The message never contains credentials.
#[derive(Debug)]
pub struct SigningError {
    source: Box<dyn Error + Send + Sync + 'static>,
}

impl SigningError {
    fn new(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed to sign the request")
    }
}

impl Error for SigningError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Signs `request` in place with AWS Signature Version 4.
///
/// Adds `X-Amz-Date`, `Authorization`, `X-Amz-Security-Token` (when the credentials have a
/// session token) and, if `options` ask for it, `x-amz-content-sha256`. Every header
/// already on the request is signed except `User-Agent`, `X-Amzn-Trace-Id`,
/// `Transfer-Encoding` and `Authorization`; the `Host` header, if absent, is taken from the
/// URI for the signature but not added, so an HTTP client that writes a different `Host`
/// breaks the signature (the runtime therefore always sets `Host` itself).
///
/// The request URI must be absolute. `region` and `signing_name` form the credential scope
/// (for example `us-east-1` and `proton`); `time` is the signing time, normally
/// `SystemTime::now()`.
///
/// ```
/// use smithy_runtime::auth::{sign_request, Credentials, SigningOptions};
///
/// let mut request = http::Request::builder()
///     .method("POST")
///     .uri("https://proton.us-east-1.amazonaws.com/")
///     .header("content-type", "application/x-amz-json-1.0")
///     .body(bytes::Bytes::from_static(b"{}"))?;
/// let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "example");
/// sign_request(
///     &mut request,
///     &credentials,
///     "us-east-1",
///     "proton",
///     std::time::SystemTime::now(),
///     SigningOptions::new(),
/// )?;
/// let authorization = request.headers()["authorization"].to_str()?;
/// assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
/// assert!(request.headers().contains_key("x-amz-date"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign_request<B: AsRef<[u8]>>(
    request: &mut http::Request<B>,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
    options: SigningOptions,
) -> Result<(), SigningError> {
    let identity = credentials.clone().into();
    sign_with_identity(request, &identity, region, signing_name, time, options)
}

/// [`sign_request`] with the identity already made from the credentials (the client keeps it
/// in its credentials cache).
pub(crate) fn sign_with_identity<B: AsRef<[u8]>>(
    request: &mut http::Request<B>,
    identity: &Identity,
    region: &str,
    signing_name: &str,
    time: SystemTime,
    options: SigningOptions,
) -> Result<(), SigningError> {
    let payload = if options.unsigned_payload {
        SignableBody::UnsignedPayload
    } else {
        SignableBody::Bytes(request.body().as_ref())
    };
    let scope = Scope {
        identity,
        region,
        signing_name,
        time,
        options,
    };
    let (instructions, _signature) = instructions(
        request.method(),
        request.uri(),
        request.headers(),
        payload,
        &scope,
    )?;
    apply(instructions, request.headers_mut())
}

/// [`sign_with_identity`] for a request whose body is a stream: its SHA-256 read beforehand
/// (hex, or `STREAMING-AWS4-HMAC-SHA256-EVENTS` for an event stream), or `None` to sign
/// `UNSIGNED-PAYLOAD`. Either way the hash is sent in `x-amz-content-sha256`, since the service
/// cannot compute it before the body has arrived. Returns the signature, which seeds the
/// signatures of an event stream's messages.
#[cfg(feature = "byte-stream")]
pub(crate) fn sign_streaming(
    request: &mut http::Request<aws_smithy_types::body::SdkBody>,
    payload_sha256: Option<&str>,
    identity: &Identity,
    region: &str,
    signing_name: &str,
    time: SystemTime,
    options: SigningOptions,
) -> Result<String, SigningError> {
    let payload = match payload_sha256 {
        Some(hash) if !options.unsigned_payload => SignableBody::Precomputed(hash.to_owned()),
        _ => SignableBody::UnsignedPayload,
    };
    let scope = Scope {
        identity,
        region,
        signing_name,
        time,
        options: options.with_content_sha256_header(true),
    };
    let (instructions, signature) = instructions(
        request.method(),
        request.uri(),
        request.headers(),
        payload,
        &scope,
    )?;
    apply(instructions, request.headers_mut())?;
    Ok(signature)
}

/// Who signs, for what, when and how.
struct Scope<'a> {
    identity: &'a Identity,
    region: &'a str,
    signing_name: &'a str,
    time: SystemTime,
    options: SigningOptions,
}

/// The headers that sign a request, and its signature, computed from borrowed parts so that
/// the body can be borrowed for its hash.
fn instructions(
    method: &http::Method,
    uri: &http::Uri,
    request_headers: &http::HeaderMap,
    payload: SignableBody<'_>,
    scope: &Scope<'_>,
) -> Result<(aws_sigv4::http_request::SigningInstructions, String), SigningError> {
    if uri.host().is_none() {
        return Err(SigningError::new("the request URI has no host"));
    }
    let options = scope.options;
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = if options.content_sha256_header || options.unsigned_payload {
        PayloadChecksumKind::XAmzSha256
    } else {
        PayloadChecksumKind::NoHeader
    };
    settings.percent_encoding_mode = if options.double_uri_encode {
        PercentEncodingMode::Double
    } else {
        PercentEncodingMode::Single
    };
    settings.uri_path_normalization_mode = if options.normalize_uri_path {
        UriPathNormalizationMode::Enabled
    } else {
        UriPathNormalizationMode::Disabled
    };

    let params = v4::SigningParams::builder()
        .identity(scope.identity)
        .region(scope.region)
        .name(scope.signing_name)
        .time(scope.time)
        .settings(settings)
        .build()
        .map_err(SigningError::new)?
        .into();

    let mut headers = Vec::with_capacity(request_headers.len());
    for (name, value) in request_headers {
        let value = value.to_str().map_err(|_| {
            SigningError::new(format!(
                "the value of header `{name}` is not visible ASCII and cannot be signed"
            ))
        })?;
        headers.push((name.as_str(), value));
    }
    let uri = uri_string(uri);
    let signable =
        SignableRequest::new(method.as_str(), uri.as_str(), headers.into_iter(), payload)
            .map_err(SigningError::new)?;
    let (instructions, signature) = sign(signable, &params)
        .map_err(SigningError::new)?
        .into_parts();
    Ok((instructions, signature))
}

/// Adds the signing headers to the request's.
fn apply(
    instructions: aws_sigv4::http_request::SigningInstructions,
    request_headers: &mut http::HeaderMap,
) -> Result<(), SigningError> {
    let (new_headers, _query_params) = instructions.into_parts();
    for header in new_headers {
        let mut value = http::HeaderValue::from_str(header.value()).map_err(SigningError::new)?;
        let name = match header.name() {
            // The names SigV4 adds, without copying them.
            "authorization" => http::header::AUTHORIZATION,
            "x-amz-date" => http::HeaderName::from_static("x-amz-date"),
            "x-amz-security-token" => http::HeaderName::from_static("x-amz-security-token"),
            "x-amz-content-sha256" => http::HeaderName::from_static("x-amz-content-sha256"),
            other => http::HeaderName::from_bytes(other.as_bytes()).map_err(SigningError::new)?,
        };
        value.set_sensitive(
            header.sensitive()
                || name == http::header::AUTHORIZATION
                || name.as_str() == "x-amz-security-token",
        );
        request_headers.insert(name, value);
    }
    Ok(())
}

/// The URI as text, written into a string allocated once at its final size.
fn uri_string(uri: &http::Uri) -> String {
    use std::fmt::Write as _;
    let scheme = uri.scheme_str().unwrap_or_default();
    let authority = uri.authority().map_or("", |authority| authority.as_str());
    let path = uri.path_and_query().map_or("", |path| path.as_str());
    let mut text = String::with_capacity(scheme.len() + 3 + authority.len() + path.len());
    // Writing to a `String` cannot fail.
    let _ = write!(text, "{uri}");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn uri_string_matches_display() {
        for uri in [
            "https://proton.us-east-1.amazonaws.com/",
            "http://127.0.0.1:8080/a/b?x=1&y=%20",
            "https://h",
        ] {
            let uri: http::Uri = uri.parse().unwrap();
            let text = uri_string(&uri);
            assert_eq!(text, uri.to_string());
            assert_eq!(
                text.capacity(),
                text.len(),
                "allocated once, at its final size"
            );
        }
    }

    fn request(uri: &str) -> http::Request<Bytes> {
        http::Request::builder()
            .method("POST")
            .uri(uri)
            .header("host", "example.amazonaws.com")
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", "Svc.Op")
            .body(Bytes::from_static(b"{}"))
            .unwrap()
    }

    fn time() -> SystemTime {
        // 2015-08-30T12:36:00Z, the date used by the AWS SigV4 test suite.
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    #[test]
    fn adds_signature_headers() {
        let mut req = request("https://example.amazonaws.com/");
        let creds = Credentials::new("AKIDEXAMPLE", "SECRET", Some("TOKEN".into()), None, "t");
        sign_request(
            &mut req,
            &creds,
            "us-east-1",
            "service",
            time(),
            SigningOptions::new(),
        )
        .unwrap();
        let h = req.headers();
        assert_eq!(h["x-amz-date"], "20150830T123600Z");
        assert_eq!(h["x-amz-security-token"], "TOKEN");
        assert!(!h.contains_key("x-amz-content-sha256"));
        let auth = h["authorization"].to_str().unwrap();
        let prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=";
        assert!(auth.starts_with(prefix), "{auth}");
        let signature = &auth[prefix.len()..];
        assert_eq!(signature.len(), 64);
        assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(h["authorization"].is_sensitive());
        assert!(h["x-amz-security-token"].is_sensitive());
        let shown = format!("{req:?}");
        assert!(!shown.contains("TOKEN"));
        assert!(!shown.contains("Signature="));
        assert!(!shown.contains("SECRET"));
    }

    #[test]
    fn signature_is_deterministic_and_key_dependent() {
        let sign_with = |secret: &str| {
            let mut req = request("https://example.amazonaws.com/");
            let creds = Credentials::new("AKID", secret, None, None, "t");
            sign_request(
                &mut req,
                &creds,
                "us-east-1",
                "svc",
                time(),
                SigningOptions::new(),
            )
            .unwrap();
            req.headers()["authorization"].to_str().unwrap().to_owned()
        };
        assert_eq!(sign_with("a"), sign_with("a"));
        assert_ne!(sign_with("a"), sign_with("b"));
    }

    #[test]
    fn content_sha256_on_request() {
        let mut req = request("https://example.amazonaws.com/");
        let creds = Credentials::new("AKID", "S", None, None, "t");
        let options = SigningOptions::new()
            .with_content_sha256_header(true)
            .with_double_uri_encode(false)
            .with_normalize_uri_path(false);
        assert!(options.content_sha256_header());
        assert!(!options.double_uri_encode());
        assert!(!options.normalize_uri_path());
        sign_request(&mut req, &creds, "us-east-1", "s3", time(), options).unwrap();
        assert_eq!(
            req.headers()["x-amz-content-sha256"],
            // SHA-256 of "{}".
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert!(!req.headers().contains_key("x-amz-security-token"));
    }

    #[test]
    fn rejects_relative_uri_and_binary_headers() {
        let creds = Credentials::new("AKID", "S", None, None, "t");
        let mut relative = http::Request::builder()
            .uri("/path")
            .body(Bytes::new())
            .unwrap();
        let err = sign_request(
            &mut relative,
            &creds,
            "r",
            "s",
            time(),
            SigningOptions::new(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "failed to sign the request");
        assert_eq!(
            err.source().unwrap().to_string(),
            "the request URI has no host"
        );

        let mut binary = request("https://example.amazonaws.com/");
        binary
            .headers_mut()
            .insert("x-bin", http::HeaderValue::from_bytes(&[0xfe]).unwrap());
        let err = sign_request(
            &mut binary,
            &creds,
            "r",
            "s",
            time(),
            SigningOptions::default(),
        )
        .unwrap_err();
        assert!(err.source().unwrap().to_string().contains("x-bin"));
    }
}
