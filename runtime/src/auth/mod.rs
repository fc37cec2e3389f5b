//! How requests are authenticated: the operation's auth schemes, the identities the client
//! configuration holds for them, and SigV4 signing.
//!
//! Each operation tells the runtime which [`AuthScheme`]s it accepts, in the model's order of
//! preference ([`OperationRequest::auth_schemes`](crate::client::OperationRequest::auth_schemes)).
//! The runtime uses the first one the client has an identity for:
//!
//! | scheme | identity ([`config::Builder`](crate::config::Builder) setting) | on the wire |
//! | --- | --- | --- |
//! | [`AuthScheme::HttpBearer`] | [`bearer_token`](crate::config::Builder::bearer_token), or a [`token_provider`](crate::config::Builder::token_provider) for tokens that change | `Authorization: Bearer <token>` |
//! | [`AuthScheme::HttpApiKey`] | [`api_key`](crate::config::Builder::api_key) | a header `<name>: [<scheme> ]<key>`, or a query parameter `<name>=<key>` |
//! | [`AuthScheme::HttpBasic`] | [`basic_auth_login`](crate::config::Builder::basic_auth_login) | `Authorization: Basic <base64 of user:password>` |
//! | `AuthScheme::SigV4` (feature `sigv4`) | `credentials_provider` (the environment by default) | AWS Signature Version 4 |
//!
//! When the client has no identity for any of them, the call fails with a
//! [`ConstructionFailure`](crate::error::SdkError::ConstructionFailure) holding a
//! [`MissingIdentity`] that names the schemes and their settings, and nothing is sent;
//! an operation with no schemes, or with
//! [optional auth](crate::client::OperationRequest::optional_auth), is then sent
//! unauthenticated.
//!
//! [`Token`] and [`Login`] are the identity types of `aws-smithy-runtime-api`, the ones the
//! official Smithy clients take. Their `Debug` output redacts the secret, and every header
//! value carrying one is marked sensitive, so `http`'s `Debug` output hides it too. An API key
//! sent as a query parameter is part of the request URI, which the runtime never logs.
//!
//! With the `sigv4` feature (enabled by crates generated for services with `aws.auth#sigv4`):
//!
//! * `sign_request` signs an [`http::Request`] in place with `aws-sigv4`.
//! * `EnvironmentVariableCredentialsProvider` reads credentials from `AWS_ACCESS_KEY_ID`,
//!   `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; clients use it when no credentials
//!   provider is configured.
//! * `Credentials`, `ProvideCredentials` and `SharedCredentialsProvider` are the AWS SDK's own
//!   types (from `aws-credential-types`), so providers written for the AWS SDK work unchanged.

mod expiring;
mod scheme;
#[cfg(feature = "sigv4")]
mod sigv4;
mod token;

pub(crate) use self::scheme::{bearer_header, choose, Chosen};
pub use self::scheme::{ApiKey, ApiKeyLocation, AuthScheme, MissingIdentity};
pub(crate) use self::token::TokenCache;
pub use self::token::{
    provide_token_fn, ProvideToken, ProvideTokenFn, SharedTokenProvider, TokenError, TokenFuture,
};
pub use aws_smithy_runtime_api::client::identity::http::{Login, Token};

#[cfg(all(feature = "sigv4", feature = "byte-stream"))]
pub(crate) use self::sigv4::sign_streaming;
#[cfg(feature = "sigv4")]
pub use self::sigv4::{
    sign_request, Credentials, CredentialsError, EnvironmentVariableCredentialsProvider,
    ProvideCredentials, SharedCredentialsProvider, SigningError, SigningOptions,
};
#[cfg(feature = "sigv4")]
pub(crate) use self::sigv4::{sign_with_identity, CredentialsCache};
