//! The request pipeline generated operations run through: [`Handle::invoke`].
//!
//! A generated client holds one [`Handle`], built from its [`Config`] and the service's
//! [`ServiceInfo`]. Each operation serializes its input, resolves the endpoint, describes
//! the request as an [`OperationRequest`] and passes it to [`Handle::invoke`] together with
//! a function that parses the response:
//!
//! ```no_run
//! use smithy_runtime::client::{Handle, OperationRequest, ParseOutcome, ServiceInfo};
//! use smithy_runtime::config::{Config, Region};
//! use smithy_runtime::error::{ErrorMetadata, SdkError};
//! use smithy_runtime::transport::HttpResponse;
//!
//! # #[derive(Debug)] struct OpError(ErrorMetadata);
//! # impl std::fmt::Display for OpError {
//! #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
//! # }
//! # impl std::error::Error for OpError {}
//! # impl smithy_runtime::error::ProvideErrorMetadata for OpError {
//! #     fn meta(&self) -> &ErrorMetadata { &self.0 }
//! # }
//! # impl smithy_runtime::retry::ProvideErrorKind for OpError {
//! #     fn retryable_error_kind(&self) -> Option<smithy_runtime::retry::ErrorKind> { None }
//! #     fn code(&self) -> Option<&str> { self.0.code() }
//! # }
//! const SERVICE: ServiceInfo = ServiceInfo::new("proton", "Proton");
//!
//! fn parse(response: &HttpResponse) -> Result<String, ParseOutcome<OpError>> {
//!     if response.status().is_success() {
//!         let body = response.body().bytes().unwrap_or_default();
//!         String::from_utf8(body.to_vec()).map_err(ParseOutcome::malformed)
//!     } else {
//!         Err(ParseOutcome::ServiceError(OpError(ErrorMetadata::default())))
//!     }
//! }
//!
//! # async fn example() -> Result<(), SdkError<OpError>> {
//! let handle = Handle::new(
//!     Config::builder().region(Region::new("us-east-1")).build(),
//!     SERVICE,
//! );
//! let request = OperationRequest::new("ListServices", "https://proton.us-east-1.amazonaws.com")
//!     .header("content-type", "application/x-amz-json-1.0")
//!     .header("x-amz-target", "AwsProton20200720.ListServices")
//!     .body("{}");
//! let output: String = handle.invoke(request, parse).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # What `invoke` does
//!
//! 1. Checks the request: the endpoint URL must be absolute `http` or `https` without user
//!    information or query; picks the first of the operation's
//!    [auth schemes](OperationRequest::auth_schemes) the client has an identity for (see
//!    [`crate::auth`]), and SigV4 needs a region. Failures, such as no identity for any
//!    scheme, are [`SdkError::ConstructionFailure`]. The URL is used as given: it is the endpoint
//!    resolver's job to produce `https://` URLs, and `http://` only when the application
//!    configured such an [`endpoint_url`](crate::config::Builder::endpoint_url).
//! 2. Creates a random (version 4 UUID) invocation ID shared by all attempts.
//! 3. For each attempt, within the
//!    [attempt timeout](crate::config::timeout::TimeoutConfig::operation_attempt_timeout):
//!    builds the request with the headers `Host`, `Content-Length`, `User-Agent`,
//!    `X-Amz-User-Agent`, `amz-sdk-invocation-id` and `amz-sdk-request:
//!    attempt=N; max=M`; adds the bearer token, API key or basic auth login, or gets
//!    credentials (cached) and signs with SigV4; sends it with the
//!    configured [`HttpClient`]; and calls `parse` on the
//!    response, whatever its status.
//! 4. Classifies a failed attempt and retries as described in [`crate::retry`], waiting
//!    with the configured [`AsyncSleep`].
//! 5. Applies the [operation timeout](crate::config::timeout::TimeoutConfig::operation_timeout)
//!    to all of the above.
//!
//! Each call runs in a `tracing` span named `invoke` (fields `service`, `operation`) and
//! each attempt in a span named `attempt` (field `attempt`), with `debug` events for
//! responses, failures and retries. Credentials, tokens, keys, passwords, signatures, request
//! URIs and request bodies are never logged.

mod body;
#[cfg(feature = "request-compression")]
mod compression;
mod request;
#[cfg(feature = "byte-stream")]
mod tree_hash;

pub use self::request::{OperationRequest, ParseOutcome, ServiceInfo};

use self::body::PreparedBody;
#[cfg(feature = "sigv4")]
use crate::auth::{sign_with_identity, CredentialsCache};
use crate::auth::{Chosen, TokenCache};
use crate::config::{AsyncSleep, Config, SharedAsyncSleep};
use crate::error::{BoxError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use crate::retry::{
    classify_code, classify_status, ErrorKind, ProvideErrorKind, TokenBucket, RETRY_COST,
    SUCCESS_REWARD, TIMEOUT_RETRY_COST,
};
use crate::transport::{HttpClient, HttpResponse, HttpSettings};
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, HOST, USER_AGENT};
use std::any::Any;
#[cfg(feature = "sigv4")]
use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, SystemTime};
use tracing::Instrument;

const AMZ_SDK_INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
const AMZ_SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");
const X_AMZ_USER_AGENT: HeaderName = HeaderName::from_static("x-amz-user-agent");

/// The runtime's name and version, as sent in the user agent.
const USER_AGENT_PREFIX: &str = concat!("smithy-rust-gen/", env!("CARGO_PKG_VERSION"));

/// The shared state behind a generated client: configuration, credentials cache and retry
/// quota.
///
/// Cloning is cheap and clones share everything, including the retry quota and the HTTP
/// connection pool. Creating a handle needs no async runtime.
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    service: ServiceInfo,
    #[cfg(feature = "sigv4")]
    credentials: CredentialsCache,
    /// Bearer tokens from the configured token provider (a fixed token is one too).
    tokens: Option<TokenCache>,
    quota: TokenBucket,
    user_agent: HeaderValue,
    settings: HttpSettings,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("service", &self.inner.service)
            .field("config", &self.inner.config)
            .field("retry_quota", &self.inner.quota.available())
            .finish_non_exhaustive()
    }
}

impl Handle {
    /// Creates the handle for a client of `service` configured by `config`.
    pub fn new(config: Config, service: ServiceInfo) -> Self {
        #[cfg(feature = "sigv4")]
        let credentials = CredentialsCache::new(config.shared_credentials_provider().clone());
        let settings = config.http_settings();
        let tokens = config.token_provider().map(TokenCache::new);
        Self {
            inner: Arc::new(Inner {
                user_agent: user_agent(&service),
                #[cfg(feature = "sigv4")]
                credentials,
                tokens,
                quota: TokenBucket::new(),
                settings,
                config,
                service,
            }),
        }
    }

    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service this handle sends requests to.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// The retry quota shared by all operations of this handle and its clones.
    pub fn retry_quota(&self) -> &TokenBucket {
        &self.inner.quota
    }

    /// Runs one operation from its input: `build` turns the input into the request, then
    /// [`invoke`](Self::invoke) sends it and `parse` reads the response.
    ///
    /// Generated `send` methods return this future as it is, so an operation adds no
    /// `async` code of its own to the generated crate; nothing happens until it is polled.
    ///
    /// # Errors
    ///
    /// As [`invoke`](Self::invoke); an input that failed to build, or a `build` that
    /// fails, is an [`SdkError::ConstructionFailure`].
    pub async fn call<I, O, E, B, F>(
        self,
        input: Result<I, impl Into<BoxError>>,
        build: B,
        parse: F,
    ) -> Result<O, SdkError<E, HttpResponse>>
    where
        B: FnOnce(&Handle, I) -> Result<OperationRequest, BoxError>,
        F: Fn(&HttpResponse) -> Result<O, ParseOutcome<E>> + Send + Sync,
        O: Send,
        E: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync + 'static,
    {
        let request = input
            .map_err(Into::into)
            .and_then(|input| build(&self, input))
            .map_err(SdkError::construction_failure)?;
        self.invoke(request, parse).await
    }

    /// Sends `request`, retrying as configured, and parses the response with `parse`.
    ///
    /// See the [module documentation](self) for every step. `parse` is called once per
    /// response received and decides between the output `O`, a service error `E` and a
    /// malformed response ([`ParseOutcome`]). Retryable service errors are recognised by
    /// [`ProvideErrorKind::retryable_error_kind`], then by error code
    /// ([`ProvideErrorKind::code`], falling back to [`ProvideErrorMetadata::code`]), then
    /// by HTTP status.
    ///
    /// # Errors
    ///
    /// * [`SdkError::ConstructionFailure`]: invalid request, no identity for any of the
    ///   operation's auth schemes ([`MissingIdentity`](crate::auth::MissingIdentity)), no
    ///   region, credentials or signing failure.
    /// * [`SdkError::TimeoutError`]: the operation timeout, or the attempt timeout of the
    ///   last attempt, elapsed.
    /// * [`SdkError::DispatchFailure`]: no complete response (connection refused or reset,
    ///   body cut short or over the configured size limit, read timeout, ...); the request
    ///   ID is kept when the response head arrived.
    /// * [`SdkError::ResponseError`]: `parse` reported a malformed response.
    /// * [`SdkError::ServiceError`]: `parse` returned a service error.
    pub async fn invoke<O, E, F>(
        &self,
        request: OperationRequest,
        parse: F,
    ) -> Result<O, SdkError<E, HttpResponse>>
    where
        F: Fn(&HttpResponse) -> Result<O, ParseOutcome<E>> + Send + Sync,
        O: Send,
        E: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync + 'static,
    {
        // Only this thin layer is generic: the retry loop, signing and transport below run
        // on an erased output and error, so they are compiled once in this crate instead of
        // once per operation in every generated crate and its users.
        let mut output = None;
        let mut parse_erased = |response: &HttpResponse| match parse(response) {
            Ok(parsed) => {
                output = Some(parsed);
                Ok(())
            }
            Err(ParseOutcome::ServiceError(err)) => {
                Err(ParseOutcome::ServiceError(ErasedServiceError::new(err)))
            }
            Err(ParseOutcome::Malformed(err)) => Err(ParseOutcome::Malformed(err)),
        };
        let result = self.invoke_erased(request, &mut parse_erased, None).await;
        match (result, output) {
            (Ok(()), Some(output)) => Ok(output),
            (Ok(()), None) => unreachable!("`invoke_erased` succeeds only after `parse` did"),
            (Err(err), _) => Err(err.map_service_error(ErasedServiceError::downcast::<E>)),
        }
    }

    /// Runs `request` with a streaming response (feature `byte-stream`): like
    /// [`call`](Self::call), except that a successful response is handed to `parse_output`
    /// as soon as its head arrives, its body a [`ByteStream`](crate::primitives::ByteStream)
    /// the caller reads. Error responses are read whole and parsed by `parse_error`, and
    /// retried as usual.
    ///
    /// The [operation timeout](crate::config::timeout::TimeoutConfig::operation_timeout)
    /// ends when the head arrives, so a long download is not cut while it makes progress;
    /// a read that stalls for longer than the read timeout fails the stream with a timeout
    /// [`ConnectorError`](crate::transport::ConnectorError).
    ///
    /// # Errors
    ///
    /// As [`invoke`](Self::invoke); a response head that `parse_output` rejects is an
    /// [`SdkError::ResponseError`] whose raw response has the head and an empty body.
    #[cfg(feature = "byte-stream")]
    pub async fn call_streaming<I, O, E, B, P, F>(
        self,
        input: Result<I, impl Into<BoxError>>,
        build: B,
        parse_output: P,
        parse_error: F,
    ) -> Result<O, SdkError<E, HttpResponse>>
    where
        B: FnOnce(&Handle, I) -> Result<OperationRequest, BoxError>,
        P: FnOnce(u16, &http::HeaderMap, crate::primitives::ByteStream) -> Result<O, BoxError>
            + Send,
        F: Fn(&HttpResponse) -> E + Send + Sync,
        O: Send,
        E: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync + 'static,
    {
        let request = input
            .map_err(Into::into)
            .and_then(|input| build(&self, input))
            .map_err(SdkError::construction_failure)?;
        let mut parse_erased = |response: &HttpResponse| {
            Err(ParseOutcome::ServiceError(ErasedServiceError::new(
                parse_error(response),
            )))
        };
        let mut streamed = None;
        self.invoke_erased(request, &mut parse_erased, Some(&mut streamed))
            .await
            .map_err(|err| err.map_service_error(ErasedServiceError::downcast::<E>))?;
        let Some(response) = streamed else {
            unreachable!("`invoke_erased` succeeds with a streaming slot only once it is filled")
        };
        let (parts, body) = response.into_parts();
        parse_output(
            parts.status.as_u16(),
            &parts.headers,
            crate::primitives::ByteStream::new(body),
        )
        .map_err(|err| SdkError::response_error(err, crate::transport::streaming::head_of(&parts)))
    }

    /// [`call_streaming`](Self::call_streaming) for an output whose event stream opens with
    /// an `initial-response` message holding the output's other members (awsJson): the
    /// stream is read up to that message before the output is handed over, so the members
    /// are there before the first event. `parse_output` gets the response headers, the
    /// message's payload (`{}` when the stream opens with an event instead, which is kept for
    /// the first `recv`) and the stream.
    ///
    /// # Errors
    ///
    /// As [`call_streaming`](Self::call_streaming); a first message that does not decode,
    /// or an initial message that `parse_output` rejects, is an [`SdkError::ResponseError`]
    /// whose raw response has the head and an empty body; a connection that fails or stalls
    /// (the read timeout) before the first message is an [`SdkError::DispatchFailure`].
    #[cfg(feature = "event-stream")]
    pub async fn call_with_initial_response<I, O, E, B, U, P, F>(
        self,
        input: Result<I, impl Into<BoxError>>,
        build: B,
        unmarshaller: U,
        parse_output: P,
        parse_error: F,
    ) -> Result<O, SdkError<E, HttpResponse>>
    where
        B: FnOnce(&Handle, I) -> Result<OperationRequest, BoxError>,
        U: crate::event_stream::UnmarshallMessage + Send + Sync + 'static,
        U::Output: 'static,
        U::Error: Error + Send + Sync + 'static,
        P: FnOnce(
                &http::HeaderMap,
                &[u8],
                crate::event_stream::EventReceiver<U::Output, U::Error>,
            ) -> Result<O, BoxError>
            + Send,
        F: Fn(&HttpResponse) -> E + Send + Sync,
        O: Send,
        E: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync + 'static,
    {
        let (status, headers, body) = self
            .call_streaming(
                input,
                build,
                |status, headers, body| Ok((status, headers.clone(), body)),
                parse_error,
            )
            .await?;
        let head = || {
            let mut head = HttpResponse::new(
                status
                    .try_into()
                    .unwrap_or_else(|_| 200.try_into().expect("200 is a status")),
                crate::transport::SdkBody::empty(),
            );
            *head.headers_mut() = headers.clone().into();
            head
        };
        let mut events = crate::event_stream::EventReceiver::new(unmarshaller, body.into_inner());
        let initial = events.initial_response().await.map_err(|err| match err {
            // A connection that fails or stalls stays a dispatch failure (`is_timeout()`).
            SdkError::DispatchFailure(failure) => {
                SdkError::dispatch_failure(failure.into_connector_error())
            }
            other => SdkError::response_error(other, head()),
        })?;
        let payload = initial
            .as_ref()
            .map_or(&b"{}"[..], |message| message.payload().as_ref());
        parse_output(&headers, payload, events).map_err(|err| SdkError::response_error(err, head()))
    }

    async fn invoke_erased(
        &self,
        request: OperationRequest,
        parse: &mut ErasedParse<'_>,
        streamed: Option<&mut StreamSlot>,
    ) -> Result<(), SdkError<ErasedServiceError, HttpResponse>> {
        let span = tracing::debug_span!(
            "invoke",
            service = self.inner.service.service_name(),
            operation = request.operation,
        );
        let timeout = self
            .inner
            .config
            .timeout_config()
            .and_then(|t| t.operation_timeout());
        let sleep = self.inner.config.shared_sleep_impl();
        let run = self.run(request, parse, streamed);
        match with_timeout(run, timeout, sleep).instrument(span).await {
            Ok(result) => result,
            Err(limit) => Err(SdkError::timeout_error(Elapsed {
                what: "operation",
                limit,
            })),
        }
    }

    async fn run(
        &self,
        request: OperationRequest,
        parse: &mut ErasedParse<'_>,
        mut streamed: Option<&mut StreamSlot>,
    ) -> Result<(), SdkError<ErasedServiceError, HttpResponse>> {
        #[cfg_attr(
            not(all(feature = "sigv4", feature = "byte-stream")),
            allow(unused_mut)
        )]
        let mut prepared = self
            .prepare(request)
            .map_err(SdkError::construction_failure)?;
        #[cfg(feature = "byte-stream")]
        if prepared.tree_hash {
            add_glacier_checksums(&mut prepared)
                .await
                .map_err(SdkError::construction_failure)?;
        }
        #[cfg(all(feature = "sigv4", feature = "byte-stream"))]
        if let (Some(signing), PreparedBody::Stream(stream)) = (&prepared.signing, &prepared.body) {
            if !signing.options.unsigned_payload() && prepared.payload_sha256.is_none() {
                prepared.payload_sha256 = stream
                    .sha256()
                    .await
                    .map_err(SdkError::construction_failure)?;
            }
        }
        let retry = self.inner.config.resolved_retry_config();
        let max_attempts = retry.max_attempts().max(1);
        let invocation_id = invocation_id();
        let attempt_timeout = self
            .inner
            .config
            .timeout_config()
            .and_then(|t| t.operation_attempt_timeout());
        let sleep = self.inner.config.shared_sleep_impl();
        // Tokens taken from the quota for the retry in flight; returned if it succeeds.
        let mut held_tokens = None;
        let mut attempt = 1;
        loop {
            let span = tracing::debug_span!("attempt", attempt);
            let try_once = self.attempt(
                &prepared,
                attempt,
                max_attempts,
                &invocation_id,
                &mut *parse,
                streamed.as_deref_mut(),
            );
            let failure = match with_timeout(try_once, attempt_timeout, sleep)
                .instrument(span)
                .await
            {
                Ok(Ok(output)) => {
                    self.inner
                        .quota
                        .refund(held_tokens.unwrap_or(SUCCESS_REWARD));
                    return Ok(output);
                }
                Ok(Err(failure)) => failure,
                Err(limit) => Failure {
                    error: SdkError::timeout_error(Elapsed {
                        what: "attempt",
                        limit,
                    }),
                    kind: Some(ErrorKind::TransientError),
                },
            };
            let Some(kind) = failure
                .kind
                .filter(|kind| crate::retry::is_retryable(*kind))
                // A stream that cannot be read again was used up by this attempt.
                .filter(|_| prepared.body.can_retry())
            else {
                tracing::debug!(
                    error = %DisplayErrorContext(&failure.error),
                    "attempt {attempt} failed; not retryable"
                );
                return Err(failure.error);
            };
            if attempt >= max_attempts {
                tracing::debug!(
                    error = %DisplayErrorContext(&failure.error),
                    "attempt {attempt} failed ({kind}); no attempts left"
                );
                return Err(failure.error);
            }
            let cost = if is_timeout(&failure.error) {
                TIMEOUT_RETRY_COST
            } else {
                RETRY_COST
            };
            if !self.inner.quota.try_acquire(cost) {
                tracing::debug!(
                    error = %DisplayErrorContext(&failure.error),
                    "attempt {attempt} failed ({kind}); retry quota exhausted"
                );
                return Err(failure.error);
            }
            held_tokens = Some(cost);
            let delay = crate::retry::backoff(retry, attempt, crate::random::f64());
            tracing::debug!(
                error = %DisplayErrorContext(&failure.error),
                "attempt {attempt} failed ({kind}); retrying in {delay:?}"
            );
            if !delay.is_zero() {
                sleep.sleep(delay).await;
            }
            attempt += 1;
        }
    }

    fn prepare(&self, request: OperationRequest) -> Result<Prepared, BoxError> {
        if let Some(err) = request.invalid {
            return Err(err);
        }
        let chosen = crate::auth::choose(
            request.operation,
            request.auth,
            request.optional_auth,
            &self.inner.config,
        )?;
        let mut headers = request.headers;
        let mut path = request.path;
        #[cfg(feature = "sigv4")]
        let mut signing = None;
        let mut bearer = false;
        match chosen {
            Chosen::Anonymous => {}
            Chosen::Bearer => bearer = true,
            Chosen::Header(name, value) => {
                headers.insert(name, value);
            }
            Chosen::Query(name, value) => {
                let path = path.to_mut();
                path.push(if path.contains('?') { '&' } else { '?' });
                path.push_str(&aws_smithy_http::query::fmt_string(name));
                path.push('=');
                path.push_str(&aws_smithy_http::query::fmt_string(&value));
            }
            #[cfg(feature = "sigv4")]
            Chosen::SigV4 { optional } => {
                let region = request
                    .signing_region
                    .or_else(|| self.inner.config.region().cloned())
                    .ok_or("no region is configured; set one with `config::Builder::region`")?;
                let name = request
                    .signing_name
                    .unwrap_or(Cow::Borrowed(self.inner.service.signing_name()));
                signing = Some(Signing {
                    region: region.as_ref().to_owned(),
                    name,
                    options: request.signing_options,
                    optional,
                });
            }
        }
        let (uri, host) = build_uri(&request.endpoint_url, &path)?;
        #[cfg(feature = "byte-stream")]
        if let Some(stream) = request.stream {
            // gzip and `Content-MD5` need the whole body before it is sent; the operations that
            // combine them with a stream (S3's, on restXml) are not generated yet.
            #[cfg(feature = "request-compression")]
            if request.gzip {
                return Err(format!(
                    "operation `{}`: compressing a streaming request body is not supported yet",
                    request.operation
                )
                .into());
            }
            #[cfg(feature = "content-md5")]
            if request.content_md5 {
                return Err(format!("operation `{}`: the `Content-MD5` of a streaming request body is not supported yet", request.operation).into());
            }
            let stream = body::stream::PreparedStream::new(
                request.operation,
                stream,
                request.requires_length,
            )?;
            #[cfg(feature = "event-stream")]
            let event_signer = request.event_signer;
            // An event stream's messages are signed one by one as they are sent.
            #[cfg(all(feature = "sigv4", feature = "event-stream"))]
            let payload_sha256 = event_signer
                .is_some()
                .then(|| "STREAMING-AWS4-HMAC-SHA256-EVENTS".to_owned());
            #[cfg(all(feature = "sigv4", not(feature = "event-stream")))]
            let payload_sha256 = None;
            return Ok(Prepared {
                method: request.method,
                uri,
                host,
                headers,
                body: PreparedBody::Stream(stream),
                #[cfg(feature = "sigv4")]
                signing,
                bearer,
                #[cfg(all(feature = "sigv4", feature = "byte-stream"))]
                payload_sha256,
                tree_hash: request.tree_hash,
                version: request.version,
                #[cfg(feature = "event-stream")]
                event_signer,
            });
        }
        #[cfg_attr(not(feature = "request-compression"), allow(unused_mut))]
        let mut body = request.body;
        #[cfg(feature = "request-compression")]
        if request.gzip {
            body = compression::gzip_request(&self.inner.config, &mut headers, body)?;
        }
        #[cfg(feature = "content-md5")]
        if request.content_md5 {
            headers.insert("content-md5", content_md5(&body));
        }
        Ok(Prepared {
            method: request.method,
            uri,
            host,
            headers,
            body: PreparedBody::Bytes(body),
            #[cfg(feature = "sigv4")]
            signing,
            bearer,
            #[cfg(all(feature = "sigv4", feature = "byte-stream"))]
            payload_sha256: None,
            #[cfg(feature = "byte-stream")]
            tree_hash: request.tree_hash,
            version: request.version,
            #[cfg(feature = "event-stream")]
            event_signer: None,
        })
    }

    /// The `Authorization` header with the current bearer token.
    async fn bearer_header(&self) -> Result<HeaderValue, BoxError> {
        let tokens = self
            .inner
            .tokens
            .as_ref()
            .ok_or("HTTP bearer auth was chosen without a token provider")?;
        let token = tokens.get(SystemTime::now()).await?;
        crate::auth::bearer_header(&token)
    }

    async fn attempt(
        &self,
        prepared: &Prepared,
        attempt: u32,
        max_attempts: u32,
        invocation_id: &HeaderValue,
        parse: &mut ErasedParse<'_>,
        streamed: Option<&mut StreamSlot>,
    ) -> Result<(), Failure> {
        let not_retryable = |error| Failure { error, kind: None };
        #[cfg_attr(not(feature = "sigv4"), allow(unused_mut))]
        let mut request = prepared
            .to_request(self, attempt, max_attempts, invocation_id)
            .map_err(|err| not_retryable(SdkError::construction_failure(err)))?;

        if prepared.bearer {
            let value = self
                .bearer_header()
                .await
                .map_err(|err| not_retryable(SdkError::construction_failure(err)))?;
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, value);
        }

        #[cfg(feature = "sigv4")]
        if let Some(signing) = &prepared.signing {
            let now = SystemTime::now();
            match self.inner.credentials.get(now).await {
                Ok(identity) => match &mut request {
                    AttemptRequest::Bytes(request) => sign_with_identity(
                        request,
                        &identity,
                        &signing.region,
                        &signing.name,
                        now,
                        signing.options,
                    ),
                    #[cfg(feature = "byte-stream")]
                    AttemptRequest::Stream(request) => crate::auth::sign_streaming(
                        request,
                        prepared.payload_sha256.as_deref(),
                        &identity,
                        &signing.region,
                        &signing.name,
                        now,
                        signing.options,
                    )
                    .map(|_seed_signature| {
                        #[cfg(feature = "event-stream")]
                        if let Some(sender) = &prepared.event_signer {
                            let signer: Box<
                                dyn aws_smithy_types::event_stream::SignMessage + Send + Sync,
                            > = Box::new(crate::event_stream::signer::SigV4MessageSigner::new(
                                _seed_signature,
                                identity.clone(),
                                signing.region.clone(),
                                signing.name.to_string(),
                            ));
                            // Only the body, polled after this, receives it; it cannot be gone.
                            let _sent = sender.send(signer);
                        }
                    }),
                }
                .map_err(|err| not_retryable(SdkError::construction_failure(err)))?,
                // `@optionalAuth`: no credentials to sign with, so it goes unsigned.
                Err(crate::auth::CredentialsError::CredentialsNotLoaded(_)) if signing.optional => {
                }
                Err(err) => return Err(not_retryable(SdkError::construction_failure(err))),
            }
        }

        let client = self.inner.config.shared_http_client();
        let response = match request {
            AttemptRequest::Bytes(request) if streamed.is_none() => client
                .call(request, &self.inner.settings)
                .await
                .map_err(dispatch_failure)?,
            #[cfg(feature = "byte-stream")]
            request => {
                let request = match request {
                    AttemptRequest::Bytes(request) => {
                        request.map(aws_smithy_types::body::SdkBody::from)
                    }
                    AttemptRequest::Stream(request) => request,
                };
                let response = client
                    .call_streaming(request, &self.inner.settings)
                    .await
                    .map_err(dispatch_failure)?;
                if let Some(slot) = streamed.filter(|_| response.status().is_success()) {
                    tracing::debug!(
                        status = response.status().as_u16(),
                        "received response head"
                    );
                    *slot = Some(response);
                    return Ok(());
                }
                let (parts, body) = response.into_parts();
                let limit = self.inner.settings.max_response_body_size();
                let body = crate::transport::streaming::collect_limited(body, limit)
                    .await
                    .map_err(|err| {
                        dispatch_failure(
                            err.with_response_head(crate::transport::streaming::head_of(&parts)),
                        )
                    })?;
                HttpResponse::from(http::Response::from_parts(parts, body))
            }
            #[cfg(not(feature = "byte-stream"))]
            AttemptRequest::Bytes(_) => match streamed {
                Some(never) => match *never {},
                None => unreachable!("matched by the first arm"),
            },
        };
        let status = response.status().as_u16();
        tracing::debug!(status, "received response");

        match parse(&response) {
            Ok(output) => Ok(output),
            Err(ParseOutcome::ServiceError(err)) => {
                let kind = classify_service_error(&err, status);
                Err(Failure {
                    error: SdkError::service_error(err, response),
                    kind,
                })
            }
            Err(ParseOutcome::Malformed(err)) => Err(Failure {
                error: SdkError::response_error(err, response),
                kind: classify_status(status),
            }),
        }
    }
}

/// A failed attempt and how to retry it (`None`: don't).
struct Failure {
    error: SdkError<ErasedServiceError, HttpResponse>,
    kind: Option<ErrorKind>,
}

/// No response arrived: timeouts and broken connections are transient.
fn dispatch_failure(err: crate::transport::ConnectorError) -> Failure {
    let kind = if err.is_timeout() || err.is_io() {
        Some(ErrorKind::TransientError)
    } else {
        err.as_other()
    };
    Failure {
        error: SdkError::dispatch_failure(err),
        kind,
    }
}

/// Where a streaming call's successful response goes, its body unread.
#[cfg(feature = "byte-stream")]
type StreamSlot = Option<crate::transport::StreamingResponse>;
/// Without streaming, no call has a slot.
#[cfg(not(feature = "byte-stream"))]
type StreamSlot = std::convert::Infallible;

/// One attempt's request, ready to sign and send.
enum AttemptRequest {
    Bytes(http::Request<Bytes>),
    #[cfg(feature = "byte-stream")]
    Stream(http::Request<aws_smithy_types::body::SdkBody>),
}

impl AttemptRequest {
    fn headers_mut(&mut self) -> &mut http::HeaderMap {
        match self {
            AttemptRequest::Bytes(request) => request.headers_mut(),
            #[cfg(feature = "byte-stream")]
            AttemptRequest::Stream(request) => request.headers_mut(),
        }
    }
}

/// The response parser as the retry loop sees it: the parsed output stays with the caller.
type ErasedParse<'a> =
    dyn FnMut(&HttpResponse) -> Result<(), ParseOutcome<ErasedServiceError>> + Send + 'a;

/// What the retry loop needs of an operation's service error, behind one type.
trait ServiceErrorObject: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync {
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<E> ServiceErrorObject for E
where
    E: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync + 'static,
{
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// An operation's service error with its type erased (boxed only when a service error
/// arrives) and recovered by [`Handle::invoke`] before it returns.
struct ErasedServiceError(Box<dyn ServiceErrorObject>);

impl ErasedServiceError {
    fn new<E>(err: E) -> Self
    where
        E: Error + ProvideErrorKind + ProvideErrorMetadata + Send + Sync + 'static,
    {
        Self(Box::new(err))
    }

    fn downcast<E: 'static>(self) -> E {
        match self.0.into_any().downcast::<E>() {
            Ok(err) => *err,
            Err(_) => unreachable!("`invoke` erases and recovers the same error type"),
        }
    }
}

impl fmt::Debug for ErasedServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for ErasedServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Error for ErasedServiceError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

impl ProvideErrorKind for ErasedServiceError {
    fn retryable_error_kind(&self) -> Option<ErrorKind> {
        self.0.retryable_error_kind()
    }

    fn code(&self) -> Option<&str> {
        ProvideErrorKind::code(&*self.0)
    }
}

impl ProvideErrorMetadata for ErasedServiceError {
    fn meta(&self) -> &crate::error::ErrorMetadata {
        self.0.meta()
    }

    fn code(&self) -> Option<&str> {
        ProvideErrorMetadata::code(&*self.0)
    }

    fn message(&self) -> Option<&str> {
        self.0.message()
    }
}

fn is_timeout<E>(error: &SdkError<E, HttpResponse>) -> bool {
    match error {
        SdkError::TimeoutError(_) => true,
        SdkError::DispatchFailure(dispatch) => dispatch.is_timeout(),
        _ => false,
    }
}

fn classify_service_error<E>(err: &E, status: u16) -> Option<ErrorKind>
where
    E: ProvideErrorKind + ProvideErrorMetadata,
{
    if let Some(kind) = err.retryable_error_kind() {
        return Some(kind);
    }
    ProvideErrorKind::code(err)
        .or_else(|| ProvideErrorMetadata::code(err))
        .and_then(classify_code)
        .or_else(|| classify_status(status))
}

#[cfg(feature = "sigv4")]
struct Signing {
    region: String,
    name: Cow<'static, str>,
    options: crate::auth::SigningOptions,
    /// `@optionalAuth`: unsigned when the credentials provider has none.
    optional: bool,
}

/// The validated, attempt-independent parts of a request.
struct Prepared {
    method: http::Method,
    uri: http::Uri,
    host: HeaderValue,
    headers: http::HeaderMap,
    body: PreparedBody,
    #[cfg(feature = "sigv4")]
    signing: Option<Signing>,
    /// `Authorization: Bearer` from the token cache, fetched again on each attempt, so a retry
    /// after a long back-off does not send a token that expired meanwhile.
    bearer: bool,
    /// The SHA-256 of a streaming body, read before the first attempt when it can be.
    #[cfg(all(feature = "sigv4", feature = "byte-stream"))]
    payload_sha256: Option<String>,
    /// Amazon Glacier's checksums are still to be added.
    #[cfg(feature = "byte-stream")]
    tree_hash: bool,
    version: http::Version,
    /// An event stream body's message signer is still to be supplied: the signer once the
    /// request is signed; dropped unsent, the messages go unsigned.
    #[cfg(feature = "event-stream")]
    #[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
    event_signer: Option<aws_smithy_types::event_stream::DeferredSignerSender>,
}

/// Amazon Glacier's `x-amz-sha256-tree-hash` and `x-amz-content-sha256`, unless the caller
/// set the tree hash; the one pass over the body also gives the SHA-256 that SigV4 signs.
#[cfg(feature = "byte-stream")]
async fn add_glacier_checksums(prepared: &mut Prepared) -> Result<(), BoxError> {
    const TREE_HASH: HeaderName = HeaderName::from_static("x-amz-sha256-tree-hash");
    const CONTENT_SHA256: HeaderName = HeaderName::from_static("x-amz-content-sha256");
    if prepared.headers.contains_key(TREE_HASH) {
        return Ok(());
    }
    let mut hasher = tree_hash::TreeHasher::default();
    match &prepared.body {
        PreparedBody::Bytes(bytes) => hasher.update(bytes),
        PreparedBody::Stream(stream) => {
            let read = stream
                .read_copy("to compute its tree hash", |data| hasher.update(data))
                .await?;
            if !read {
                return Err(
                    "this body cannot be read twice, so its SHA-256 tree hash cannot be \
                    computed before it is sent: set the `checksum` (x-amz-sha256-tree-hash) \
                    yourself, or send a body that can be replayed (bytes or a file)"
                        .into(),
                );
            }
        }
    }
    let hashes = hasher.finish();
    prepared
        .headers
        .insert(TREE_HASH, HeaderValue::try_from(hashes.tree.as_str())?);
    prepared.headers.insert(
        CONTENT_SHA256,
        HeaderValue::try_from(hashes.linear.as_str())?,
    );
    #[cfg(feature = "sigv4")]
    {
        prepared.payload_sha256 = Some(hashes.linear);
    }
    Ok(())
}

impl Prepared {
    fn to_request(
        &self,
        handle: &Handle,
        attempt: u32,
        max_attempts: u32,
        invocation_id: &HeaderValue,
    ) -> Result<AttemptRequest, BoxError> {
        let mut request = http::Request::new(());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.version_mut() = self.version;
        // Sized once for the headers added below, so the map never grows.
        let mut headers = http::HeaderMap::with_capacity(self.headers.len() + 7);
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(HOST, self.host.clone());
        // A stream of unknown length goes chunked, without one.
        match self.body.length() {
            Some(0)
                if !matches!(
                    self.method,
                    http::Method::POST | http::Method::PUT | http::Method::PATCH
                ) => {}
            Some(length) => {
                headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
            }
            None => {}
        }
        headers.insert(USER_AGENT, handle.inner.user_agent.clone());
        headers.insert(X_AMZ_USER_AGENT, handle.inner.user_agent.clone());
        headers.insert(AMZ_SDK_INVOCATION_ID, invocation_id.clone());
        let sdk_request = match (attempt, max_attempts) {
            // The standard retry settings' values, without formatting them on every call.
            (1, 3) => HeaderValue::from_static("attempt=1; max=3"),
            (2, 3) => HeaderValue::from_static("attempt=2; max=3"),
            (3, 3) => HeaderValue::from_static("attempt=3; max=3"),
            _ => HeaderValue::try_from(format!("attempt={attempt}; max={max_attempts}"))?,
        };
        headers.insert(AMZ_SDK_REQUEST, sdk_request);
        *request.headers_mut() = headers;
        Ok(match &self.body {
            PreparedBody::Bytes(bytes) => AttemptRequest::Bytes(request.map(|()| bytes.clone())),
            #[cfg(feature = "byte-stream")]
            PreparedBody::Stream(stream) => {
                let body = stream.for_attempt()?;
                AttemptRequest::Stream(request.map(|()| body))
            }
        })
    }
}

/// Joins the endpoint URL and the request's path and query into an absolute URI, and
/// returns it with the `Host` header value (the port left out when it is the scheme's
/// default, as HTTP clients do).
fn build_uri(
    endpoint_url: &str,
    path_and_query: &str,
) -> Result<(http::Uri, HeaderValue), BoxError> {
    let endpoint: http::Uri = endpoint_url
        .parse()
        .map_err(|err| format!("invalid endpoint URL `{endpoint_url}`: {err}"))?;
    let scheme = endpoint
        .scheme()
        .filter(|s| **s == http::uri::Scheme::HTTPS || **s == http::uri::Scheme::HTTP)
        .ok_or_else(|| {
            format!("endpoint URL `{endpoint_url}` must start with https:// or http://")
        })?
        .clone();
    let authority = endpoint
        .authority()
        .ok_or_else(|| format!("endpoint URL `{endpoint_url}` has no host"))?
        .clone();
    if authority.as_str().contains('@') {
        return Err("endpoint URLs must not contain user information".into());
    }
    if endpoint.query().is_some() {
        return Err(format!("endpoint URL `{endpoint_url}` must not have a query").into());
    }
    if !path_and_query.starts_with('/') {
        return Err(format!("request path `{path_and_query}` must start with `/`").into());
    }
    let base = endpoint.path().trim_end_matches('/');
    let joined = format!("{base}{path_and_query}");
    let uri = http::Uri::builder()
        .scheme(scheme.clone())
        .authority(authority.clone())
        .path_and_query(joined)
        .build()?;
    let default_port = if scheme == http::uri::Scheme::HTTPS {
        443
    } else {
        80
    };
    let host = match authority.port_u16() {
        Some(port) if port != default_port => authority.as_str(),
        _ => authority.host(),
    };
    Ok((uri, HeaderValue::from_str(host)?))
}

/// Builds `smithy-rust-gen/<version> [api/<service>/<version>] os/<os> lang/rust`.
fn user_agent(service: &ServiceInfo) -> HeaderValue {
    let os = match std::env::consts::OS {
        os @ ("linux" | "macos" | "windows" | "ios" | "android") => os,
        _ => "other",
    };
    let token = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    let mut agent = String::from(USER_AGENT_PREFIX);
    agent.push_str(" api/");
    agent.push_str(&token(service.service_name()));
    if let Some(version) = service.version() {
        agent.push('/');
        agent.push_str(&token(version));
    }
    agent.push_str(" os/");
    agent.push_str(os);
    agent.push_str(" lang/rust");
    HeaderValue::try_from(agent).unwrap_or(HeaderValue::from_static(USER_AGENT_PREFIX))
}

/// A random version 4 UUID, such as `4ae1e9a6-7f11-4e5a-9d2b-0c8f3c3f3a61`: the invocation id
/// of an operation, and the value of `@idempotencyToken` members the caller leaves empty.
pub fn uuid_v4() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = crate::random::u128().to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

/// The `Content-MD5` of `body`: its MD5 digest in base64.
#[cfg(feature = "content-md5")]
fn content_md5(body: &[u8]) -> HeaderValue {
    use md5::Digest;
    let digest = md5::Md5::digest(body);
    HeaderValue::try_from(aws_smithy_types::base64::encode(digest.as_slice()))
        .expect("base64 is a valid header value")
}

fn invocation_id() -> HeaderValue {
    HeaderValue::try_from(uuid_v4()).unwrap_or(HeaderValue::from_static("invalid"))
}

/// A timeout that elapsed.
#[derive(Debug)]
struct Elapsed {
    what: &'static str,
    limit: Duration,
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} timeout of {:?} elapsed", self.what, self.limit)
    }
}

impl Error for Elapsed {}

/// Awaits `future`, giving up with `Err(limit)` once `limit` has passed on `sleep`.
async fn with_timeout<F: Future>(
    future: F,
    limit: Option<Duration>,
    sleep: &SharedAsyncSleep,
) -> Result<F::Output, Duration> {
    let Some(limit) = limit else {
        return Ok(future.await);
    };
    let mut future = std::pin::pin!(future);
    let mut timer = sleep.sleep(limit);
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match Pin::new(&mut timer).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(limit)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

#[cfg(test)]
mod tests;
