//! Client configuration: [`Config`] and its [`Builder`].
//!
//! Generated crates re-export these types from their own `config` module, where the names
//! and methods match the AWS SDK for Rust's generated `Config` for everything an
//! application usually touches:
//!
//! ```
//! use smithy_runtime::config::{BehaviorVersion, Config, Credentials, Region};
//! use smithy_runtime::config::timeout::TimeoutConfig;
//! use smithy_runtime::retry::RetryConfig;
//! use std::time::Duration;
//!
//! let config = Config::builder()
//!     .behavior_version(BehaviorVersion::latest())
//!     .region(Region::new("eu-west-1"))
//!     .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "example"))
//!     .retry_config(RetryConfig::standard().with_max_attempts(5))
//!     .timeout_config(
//!         TimeoutConfig::builder()
//!             .operation_timeout(Duration::from_secs(30))
//!             .build(),
//!     )
//!     .build();
//! assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
//! assert_eq!(config.retry_config().map(|r| r.max_attempts()), Some(5));
//! // The secret never shows up in debug output.
//! assert!(!format!("{config:?}").contains("SECRET"));
//! ```
//!
//! # Defaults
//!
//! | Setting | Default |
//! | --- | --- |
//! | region | none: operations fail with a construction error until one is set |
//! | credentials provider (feature `sigv4`) | `EnvironmentVariableCredentialsProvider` |
//! | bearer token (or token provider), API key, basic auth login | none (see [`crate::auth`]) |
//! | endpoint URL | none: the service's endpoint rules pick one from the region |
//! | FIPS / dual-stack endpoints | off |
//! | retries | [`RetryConfig::standard`]: 3 attempts |
//! | timeouts | 3.1 s connect timeout, nothing else (see [`TimeoutConfig`]) |
//! | HTTP client | a [`HyperHttpClient`] created for this configuration (shared by its clones) |
//! | sleep | [`TokioSleep`] |
//! | largest response body | [64 MiB](crate::transport::DEFAULT_MAX_RESPONSE_BODY_SIZE) |
//! | request compression (operations with `@requestCompression`) | on, for bodies of [10240 bytes](DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES) or more |
//!
//! Credentials returned by the provider are cached by each client until 10 seconds before
//! they expire (15 minutes for credentials without an expiry).
//!
//! For services outside AWS, the identities of the HTTP auth schemes:
//!
//! ```
//! use smithy_runtime::config::{Config, Login, Token};
//!
//! let config = Config::builder()
//!     .endpoint_url("https://notes.example.com")
//!     .bearer_token(Token::new("my-token", None))
//!     .api_key("my-api-key")
//!     .basic_auth_login(Login::new("user", "password", None))
//!     .build();
//! let shown = format!("{config:?}");
//! assert!(!shown.contains("my-token") && !shown.contains("my-api-key") && !shown.contains("password\""));
//! ```

mod behavior;
mod idempotency;
mod region;
#[cfg(feature = "sdk-config")]
mod sdk_config;
mod sleep;
pub mod timeout;

pub use self::behavior::BehaviorVersion;
pub use self::idempotency::IdempotencyTokenProvider;
pub use self::region::Region;
pub use self::sleep::{AsyncSleep, SharedAsyncSleep, Sleep, TokioSleep};
#[cfg(feature = "sigv4")]
pub use crate::auth::{
    Credentials, EnvironmentVariableCredentialsProvider, ProvideCredentials,
    SharedCredentialsProvider,
};
pub use crate::auth::{Login, ProvideToken, SharedTokenProvider, Token};
pub use crate::retry::{RetryConfig, RetryMode};
pub use crate::transport::{HttpClient, HyperHttpClient, SharedHttpClient};

use self::timeout::TimeoutConfig;
use crate::transport::{HttpSettings, DEFAULT_MAX_RESPONSE_BODY_SIZE};
use std::fmt;

/// The smallest body, in bytes, that operations with `@requestCompression` compress unless
/// [`Builder::request_min_compression_size_bytes`] says otherwise (as in the AWS SDKs).
pub const DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_240;

/// Configuration for a generated service client.
///
/// Create one with [`Config::builder`]. Cloning is cheap, and clones share the HTTP client
/// and its connection pool. See the [module documentation](self) for the defaults.
#[derive(Clone)]
pub struct Config {
    region: Option<Region>,
    #[cfg(feature = "sigv4")]
    credentials_provider: SharedCredentialsProvider,
    token_provider: Option<SharedTokenProvider>,
    api_key: Option<Token>,
    basic_auth_login: Option<Login>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    behavior_version: BehaviorVersion,
    retry_config: RetryConfig,
    timeout_config: TimeoutConfig,
    http_client: SharedHttpClient,
    sleep_impl: SharedAsyncSleep,
    max_response_body_size: usize,
    disable_request_compression: bool,
    request_min_compression_size_bytes: u32,
    idempotency_token_provider: IdempotencyTokenProvider,
    builder: Builder,
}

impl Config {
    /// Returns a builder with nothing set.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Returns a builder holding the settings this configuration was built from (plus its
    /// HTTP client, so a configuration built from it shares the connection pool).
    pub fn to_builder(&self) -> Builder {
        let mut builder = self.builder.clone();
        builder.http_client = Some(self.http_client.clone());
        builder
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The credentials provider (never `None`: the environment provider is the default).
    #[cfg(feature = "sigv4")]
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        Some(self.credentials_provider.clone())
    }

    /// Where bearer tokens come from: the provider set with [`Builder::token_provider`], or
    /// the fixed token set with [`Builder::bearer_token`].
    pub fn token_provider(&self) -> Option<SharedTokenProvider> {
        self.token_provider.clone()
    }

    /// The endpoint URL set by the application, overriding endpoint resolution.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are requested.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints are requested.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The behaviour version.
    pub fn behavior_version(&self) -> BehaviorVersion {
        self.behavior_version
    }

    /// The retry configuration (never `None`).
    pub fn retry_config(&self) -> Option<&RetryConfig> {
        Some(&self.retry_config)
    }

    /// The timeout configuration, defaults included (never `None`).
    pub fn timeout_config(&self) -> Option<&TimeoutConfig> {
        Some(&self.timeout_config)
    }

    /// The HTTP client (never `None`).
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        Some(self.http_client.clone())
    }

    /// The sleep implementation used for back-off and timeouts (never `None`).
    pub fn sleep_impl(&self) -> Option<SharedAsyncSleep> {
        Some(self.sleep_impl.clone())
    }

    /// The largest response body, in bytes, a client accepts.
    pub fn max_response_body_size(&self) -> usize {
        self.max_response_body_size
    }

    /// Whether request compression (`@requestCompression`) is turned off.
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression
    }

    /// The smallest request body, in bytes, that is compressed.
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.request_min_compression_size_bytes
    }

    /// What fills the `@idempotencyToken` members the caller leaves unset.
    pub fn idempotency_token_provider(&self) -> &IdempotencyTokenProvider {
        &self.idempotency_token_provider
    }

    /// The settings passed to the HTTP client with every request.
    pub(crate) fn http_settings(&self) -> HttpSettings {
        HttpSettings::new()
            .with_connect_timeout(self.timeout_config.connect_timeout())
            .with_read_timeout(self.timeout_config.read_timeout())
            .with_max_response_body_size(self.max_response_body_size)
    }

    #[cfg(feature = "sigv4")]
    pub(crate) fn shared_credentials_provider(&self) -> &SharedCredentialsProvider {
        &self.credentials_provider
    }

    pub(crate) fn has_bearer_token(&self) -> bool {
        self.token_provider.is_some()
    }

    pub(crate) fn api_key_identity(&self) -> Option<&Token> {
        self.api_key.as_ref()
    }

    pub(crate) fn basic_auth_login_identity(&self) -> Option<&Login> {
        self.basic_auth_login.as_ref()
    }

    pub(crate) fn shared_http_client(&self) -> &SharedHttpClient {
        &self.http_client
    }

    pub(crate) fn shared_sleep_impl(&self) -> &SharedAsyncSleep {
        &self.sleep_impl
    }

    pub(crate) fn resolved_retry_config(&self) -> &RetryConfig {
        &self.retry_config
    }
}

/// Lists the settings; the credentials provider and the identities are shown through their
/// own `Debug`, which for every provider in this crate and in `aws-credential-types`, and for
/// `Token` and `Login`, hides secrets.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("Config");
        f.field("region", &self.region);
        #[cfg(feature = "sigv4")]
        f.field("credentials_provider", &self.credentials_provider);
        f.field("token_provider", &self.token_provider)
            .field("api_key", &self.api_key)
            .field("basic_auth_login", &self.basic_auth_login)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("behavior_version", &self.behavior_version)
            .field("retry_config", &self.retry_config)
            .field("timeout_config", &self.timeout_config)
            .field("http_client", &self.http_client)
            .field("sleep_impl", &self.sleep_impl)
            .field("max_response_body_size", &self.max_response_body_size)
            .field(
                "disable_request_compression",
                &self.disable_request_compression,
            )
            .field(
                "request_min_compression_size_bytes",
                &self.request_min_compression_size_bytes,
            )
            .field(
                "idempotency_token_provider",
                &self.idempotency_token_provider,
            )
            .finish()
    }
}

/// Builder for [`Config`], created by [`Config::builder`].
///
/// Every setting has a consuming method (`region(...)`) and an in-place `set_` method
/// taking an `Option` (`set_region(...)`), as in the AWS SDK.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    region: Option<Region>,
    #[cfg(feature = "sigv4")]
    credentials_provider: Option<SharedCredentialsProvider>,
    token_provider: Option<SharedTokenProvider>,
    api_key: Option<Token>,
    basic_auth_login: Option<Login>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    behavior_version: Option<BehaviorVersion>,
    retry_config: Option<RetryConfig>,
    timeout_config: Option<TimeoutConfig>,
    http_client: Option<SharedHttpClient>,
    sleep_impl: Option<SharedAsyncSleep>,
    max_response_body_size: Option<usize>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
    idempotency_token_provider: Option<IdempotencyTokenProvider>,
}

impl Builder {
    /// Returns a builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the region requests are sent to and signed for.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.region = region.into();
        self
    }

    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.region = region;
        self
    }

    /// Sets the credentials provider. A [`Credentials`] value is itself a provider of
    /// fixed credentials.
    #[cfg(feature = "sigv4")]
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider; cleared means the environment provider.
    #[cfg(feature = "sigv4")]
    pub fn set_credentials_provider(
        &mut self,
        provider: Option<SharedCredentialsProvider>,
    ) -> &mut Self {
        self.credentials_provider = provider;
        self
    }

    /// Sets the token for operations with HTTP bearer auth (`smithy.api#httpBearerAuth`),
    /// sent as `Authorization: Bearer <token>`. A `&str` or `String` is a token too. It is
    /// used as it is, whatever its expiration; for tokens that change, set a
    /// [`token_provider`](Self::token_provider) instead (the one set last wins).
    pub fn bearer_token(mut self, token: impl Into<Token>) -> Self {
        self.token_provider = Some(SharedTokenProvider::new(token.into()));
        self
    }

    /// Sets or clears the bearer token (see [`bearer_token`](Self::bearer_token)).
    pub fn set_bearer_token(&mut self, token: Option<Token>) -> &mut Self {
        self.token_provider = token.map(SharedTokenProvider::new);
        self
    }

    /// Sets where bearer tokens come from, for tokens that expire and are renewed (OAuth
    /// access tokens, SSO sessions). Each client asks the provider when it first needs a
    /// token and again 10 seconds before the token's expiration (after 15 minutes when the
    /// token has none), never while a cached token is still good; clones of a client share
    /// the cache. When the provider fails, the call fails with a construction error holding
    /// its [`TokenError`](crate::auth::TokenError), and nothing is sent. See
    /// [`ProvideToken`] and [`provide_token_fn`](crate::auth::provide_token_fn).
    pub fn token_provider(mut self, provider: impl ProvideToken + 'static) -> Self {
        self.token_provider = Some(SharedTokenProvider::new(provider));
        self
    }

    /// Sets or clears the token provider (see [`token_provider`](Self::token_provider)).
    pub fn set_token_provider(&mut self, provider: Option<SharedTokenProvider>) -> &mut Self {
        self.token_provider = provider;
        self
    }

    /// Sets the API key for operations with API key auth (`smithy.api#httpApiKeyAuth`), sent
    /// in the header or query parameter the service's model names. A `&str` or `String` is a
    /// key too.
    pub fn api_key(mut self, key: impl Into<Token>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Sets or clears the API key.
    pub fn set_api_key(&mut self, key: Option<Token>) -> &mut Self {
        self.api_key = key;
        self
    }

    /// Sets the user and password for operations with HTTP basic auth
    /// (`smithy.api#httpBasicAuth`), sent as `Authorization: Basic <base64 of user:password>`.
    pub fn basic_auth_login(mut self, login: Login) -> Self {
        self.basic_auth_login = Some(login);
        self
    }

    /// Sets or clears the basic auth login.
    pub fn set_basic_auth_login(&mut self, login: Option<Login>) -> &mut Self {
        self.basic_auth_login = login;
        self
    }

    /// Sends every request to `endpoint_url` (for example `http://localhost:4566` for a
    /// local emulator) instead of the endpoint resolved from the region.
    ///
    /// This is the only way a client talks plain `http://`.
    pub fn endpoint_url(mut self, endpoint_url: impl Into<String>) -> Self {
        self.endpoint_url = Some(endpoint_url.into());
        self
    }

    /// Sets or clears the endpoint URL.
    pub fn set_endpoint_url(&mut self, endpoint_url: Option<String>) -> &mut Self {
        self.endpoint_url = endpoint_url;
        self
    }

    /// Requests FIPS-compliant endpoints.
    pub fn use_fips(mut self, use_fips: impl Into<bool>) -> Self {
        self.use_fips = Some(use_fips.into());
        self
    }

    /// Sets or clears the FIPS choice (cleared means off).
    pub fn set_use_fips(&mut self, use_fips: Option<bool>) -> &mut Self {
        self.use_fips = use_fips;
        self
    }

    /// Requests dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: impl Into<bool>) -> Self {
        self.use_dual_stack = Some(use_dual_stack.into());
        self
    }

    /// Sets or clears the dual-stack choice (cleared means off).
    pub fn set_use_dual_stack(&mut self, use_dual_stack: Option<bool>) -> &mut Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets the behaviour version.
    pub fn behavior_version(mut self, behavior_version: BehaviorVersion) -> Self {
        self.behavior_version = Some(behavior_version);
        self
    }

    /// Sets or clears the behaviour version (cleared means the latest).
    pub fn set_behavior_version(&mut self, behavior_version: Option<BehaviorVersion>) -> &mut Self {
        self.behavior_version = behavior_version;
        self
    }

    /// Sets the behaviour version to [`BehaviorVersion::latest`].
    pub fn behavior_version_latest(self) -> Self {
        self.behavior_version(BehaviorVersion::latest())
    }

    /// Sets the retry configuration.
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.retry_config = Some(retry_config);
        self
    }

    /// Sets or clears the retry configuration (cleared means standard retries).
    pub fn set_retry_config(&mut self, retry_config: Option<RetryConfig>) -> &mut Self {
        self.retry_config = retry_config;
        self
    }

    /// Sets the timeout configuration. Settings it leaves untouched keep their defaults.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.timeout_config = Some(timeout_config);
        self
    }

    /// Sets or clears the timeout configuration.
    pub fn set_timeout_config(&mut self, timeout_config: Option<TimeoutConfig>) -> &mut Self {
        self.timeout_config = timeout_config;
        self
    }

    /// Sets the HTTP client that sends requests.
    pub fn http_client(mut self, http_client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(SharedHttpClient::new(http_client));
        self
    }

    /// Sets or clears the HTTP client (cleared means a new [`HyperHttpClient`]).
    pub fn set_http_client(&mut self, http_client: Option<SharedHttpClient>) -> &mut Self {
        self.http_client = http_client;
        self
    }

    /// Sets how the client sleeps between retries and times out operations.
    pub fn sleep_impl(mut self, sleep_impl: impl AsyncSleep + 'static) -> Self {
        self.sleep_impl = Some(SharedAsyncSleep::new(sleep_impl));
        self
    }

    /// Sets or clears the sleep implementation (cleared means [`TokioSleep`]).
    pub fn set_sleep_impl(&mut self, sleep_impl: Option<SharedAsyncSleep>) -> &mut Self {
        self.sleep_impl = sleep_impl;
        self
    }

    /// Sets the largest response body, in bytes, the client accepts; larger responses fail
    /// with a dispatch failure. Not in the AWS SDK.
    pub fn max_response_body_size(mut self, size: usize) -> Self {
        self.max_response_body_size = Some(size);
        self
    }

    /// Sets or clears the response body limit.
    pub fn set_max_response_body_size(&mut self, size: Option<usize>) -> &mut Self {
        self.max_response_body_size = size;
        self
    }

    /// Turns request compression off (or back on) for operations with `@requestCompression`.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = Some(disable);
        self
    }

    /// Sets or clears whether request compression is turned off.
    pub fn set_disable_request_compression(&mut self, disable: Option<bool>) -> &mut Self {
        self.disable_request_compression = disable;
        self
    }

    /// Sets the smallest request body, in bytes, that operations with `@requestCompression`
    /// compress (default [`DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES`]; the AWS SDKs accept
    /// 0 to 10485760).
    pub fn request_min_compression_size_bytes(mut self, size: u32) -> Self {
        self.request_min_compression_size_bytes = Some(size);
        self
    }

    /// Sets or clears the smallest request body that is compressed.
    pub fn set_request_min_compression_size_bytes(&mut self, size: Option<u32>) -> &mut Self {
        self.request_min_compression_size_bytes = size;
        self
    }

    /// Sets what fills the `@idempotencyToken` members the caller leaves unset: a fixed token
    /// (a `&'static str` or `String`), or [`IdempotencyTokenProvider::random`] (the default).
    pub fn idempotency_token_provider(
        mut self,
        provider: impl Into<IdempotencyTokenProvider>,
    ) -> Self {
        self.idempotency_token_provider = Some(provider.into());
        self
    }

    /// Sets or clears the idempotency token provider.
    pub fn set_idempotency_token_provider(
        &mut self,
        provider: Option<IdempotencyTokenProvider>,
    ) -> &mut Self {
        self.idempotency_token_provider = provider;
        self
    }

    /// Builds the configuration, filling in defaults. Never fails: problems such as a
    /// missing region surface when an operation is sent.
    pub fn build(self) -> Config {
        let timeout_config = timeout::with_defaults(self.timeout_config.as_ref());
        Config {
            region: self.region.clone(),
            #[cfg(feature = "sigv4")]
            credentials_provider: self.credentials_provider.clone().unwrap_or_else(|| {
                SharedCredentialsProvider::new(EnvironmentVariableCredentialsProvider::new())
            }),
            token_provider: self.token_provider.clone(),
            api_key: self.api_key.clone(),
            basic_auth_login: self.basic_auth_login.clone(),
            endpoint_url: self.endpoint_url.clone(),
            use_fips: self.use_fips.unwrap_or(false),
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            behavior_version: self.behavior_version.unwrap_or_default(),
            retry_config: self
                .retry_config
                .clone()
                .unwrap_or_else(RetryConfig::standard),
            timeout_config,
            http_client: self
                .http_client
                .clone()
                .unwrap_or_else(|| SharedHttpClient::new(HyperHttpClient::new())),
            sleep_impl: self
                .sleep_impl
                .clone()
                .unwrap_or_else(|| SharedAsyncSleep::new(TokioSleep::new())),
            max_response_body_size: self
                .max_response_body_size
                .unwrap_or(DEFAULT_MAX_RESPONSE_BODY_SIZE),
            disable_request_compression: self.disable_request_compression.unwrap_or(false),
            request_min_compression_size_bytes: self
                .request_min_compression_size_bytes
                .unwrap_or(DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES),
            idempotency_token_provider: self.idempotency_token_provider.clone().unwrap_or_default(),
            builder: self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn defaults() {
        let config = Config::builder().build();
        assert_eq!(config.region(), None);
        assert_eq!(config.endpoint_url(), None);
        assert!(!config.use_fips());
        assert!(!config.use_dual_stack());
        assert_eq!(config.behavior_version(), BehaviorVersion::latest());
        assert_eq!(config.retry_config(), Some(&RetryConfig::standard()));
        assert_eq!(
            config.timeout_config().unwrap().connect_timeout(),
            Some(timeout::DEFAULT_CONNECT_TIMEOUT)
        );
        assert_eq!(
            config.max_response_body_size(),
            DEFAULT_MAX_RESPONSE_BODY_SIZE
        );
        assert!(format!("{:?}", config.credentials_provider().unwrap())
            .contains("EnvironmentVariableCredentialsProvider"));
        assert!(format!("{:?}", config.http_client().unwrap()).contains("HyperHttpClient"));
        assert!(format!("{:?}", config.sleep_impl().unwrap()).contains("TokioSleep"));
        let settings = config.http_settings();
        assert_eq!(
            settings.connect_timeout(),
            Some(timeout::DEFAULT_CONNECT_TIMEOUT)
        );
        assert_eq!(settings.read_timeout(), None);
    }

    #[test]
    fn everything_set() {
        let config = Config::builder()
            .region(Region::from_static("eu-west-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .endpoint_url("http://localhost:1234")
            .use_fips(true)
            .use_dual_stack(true)
            .behavior_version_latest()
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .read_timeout(Duration::from_secs(2))
                    .build(),
            )
            .max_response_body_size(10)
            .build();
        assert_eq!(config.region().unwrap().as_ref(), "eu-west-1");
        assert_eq!(config.endpoint_url(), Some("http://localhost:1234"));
        assert!(config.use_fips() && config.use_dual_stack());
        assert_eq!(config.retry_config().unwrap().max_attempts(), 1);
        let timeouts = config.timeout_config().unwrap();
        assert_eq!(timeouts.read_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(
            timeouts.connect_timeout(),
            Some(timeout::DEFAULT_CONNECT_TIMEOUT)
        );
        assert_eq!(config.http_settings().max_response_body_size(), 10);

        let rebuilt = config.to_builder().region(None).build();
        assert_eq!(rebuilt.region(), None);
        assert_eq!(rebuilt.endpoint_url(), Some("http://localhost:1234"));
        assert!(rebuilt.http_client.ptr_eq(&config.http_client));
    }

    #[test]
    fn set_methods() {
        let mut builder = Builder::new();
        builder
            .set_region(Some(Region::new("r")))
            .set_credentials_provider(None)
            .set_endpoint_url(Some("https://e".into()))
            .set_use_fips(Some(true))
            .set_use_dual_stack(None)
            .set_behavior_version(Some(BehaviorVersion::v2023_11_09()))
            .set_retry_config(Some(RetryConfig::adaptive()))
            .set_timeout_config(Some(TimeoutConfig::disabled()))
            .set_http_client(None)
            .set_sleep_impl(None)
            .set_max_response_body_size(Some(5));
        let config = builder.build();
        assert_eq!(config.region().unwrap().as_ref(), "r");
        assert!(config.use_fips());
        assert!(!config.use_dual_stack());
        assert_eq!(config.behavior_version(), BehaviorVersion::v2023_11_09());
        assert_eq!(config.retry_config().unwrap().mode(), RetryMode::Adaptive);
        assert!(!config.timeout_config().unwrap().has_timeouts());
        assert_eq!(config.max_response_body_size(), 5);
    }

    #[test]
    fn http_auth_identities_are_kept_and_hidden() {
        let mut builder = Config::builder()
            .bearer_token("BEARER-SECRET")
            .api_key(Token::new("KEY-SECRET", None))
            .basic_auth_login(Login::new("someone", "PASSWORD-SECRET", None));
        let config = builder.clone().build();
        assert!(config.has_bearer_token());
        assert_eq!(
            config.api_key_identity().map(Token::token),
            Some("KEY-SECRET")
        );
        assert_eq!(
            config.basic_auth_login_identity().map(Login::user),
            Some("someone")
        );
        let shown = format!("{config:?} {:?}", config.to_builder());
        assert!(shown.contains("someone"), "{shown}");
        for secret in ["BEARER-SECRET", "KEY-SECRET", "PASSWORD-SECRET"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        builder
            .set_bearer_token(None)
            .set_api_key(None)
            .set_basic_auth_login(None);
        let cleared = builder.build();
        assert!(!cleared.has_bearer_token());
        assert!(cleared.api_key_identity().is_none());
        assert!(cleared.basic_auth_login_identity().is_none());
    }

    #[test]
    fn debug_hides_secrets() {
        let config = Config::builder()
            .credentials_provider(Credentials::new(
                "AKID",
                "VERY-SECRET",
                Some("SESSION-TOKEN".into()),
                None,
                "test",
            ))
            .build();
        let shown = format!("{config:?} {:?}", config.to_builder());
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("VERY-SECRET"), "{shown}");
        assert!(!shown.contains("SESSION-TOKEN"), "{shown}");
    }
}
