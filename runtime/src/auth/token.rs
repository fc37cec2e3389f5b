//! Bearer tokens that change over time: [`ProvideToken`], and the per-client cache that asks a
//! provider again shortly before its token expires.

use super::expiring::Expiring;
use super::Token;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

/// What [`ProvideToken::provide_token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Token, TokenError>> + Send + 'a>>;

/// A source of bearer tokens for operations with HTTP bearer auth (`smithy.api#httpBearerAuth`),
/// set with [`token_provider`](crate::config::Builder::token_provider).
///
/// Each client caches the token it returns until 10 seconds before the token's expiration
/// ([`Token::new`]'s second argument), or for 15 minutes when it has none, and asks again
/// then; clones of a client share that cache. A fixed [`Token`] is itself a provider. A
/// closure returning a future becomes one with [`provide_token_fn`].
///
/// ```
/// use smithy_runtime::auth::{ProvideToken, Token, TokenError, TokenFuture};
/// use std::time::{Duration, SystemTime};
///
/// /// Hands out a token from an OAuth server (here, made up) that lasts an hour.
/// #[derive(Debug)]
/// struct OAuthTokens;
///
/// impl ProvideToken for OAuthTokens {
///     fn provide_token(&self) -> TokenFuture<'_> {
///         Box::pin(async {
///             let fetched = String::from("from-the-oauth-server");
///             Ok(Token::new(fetched, Some(SystemTime::now() + Duration::from_secs(3600))))
///         })
///     }
/// }
///
/// let config = smithy_runtime::config::Config::builder()
///     .token_provider(OAuthTokens)
///     .build();
/// assert!(config.token_provider().is_some());
/// ```
pub trait ProvideToken: Send + Sync + fmt::Debug {
    /// Returns a current token, or why there is none.
    fn provide_token(&self) -> TokenFuture<'_>;
}

impl ProvideToken for Token {
    fn provide_token(&self) -> TokenFuture<'_> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// A [`ProvideToken`] that can be cloned and shared, as the configuration holds it.
#[derive(Clone, Debug)]
pub struct SharedTokenProvider(Arc<dyn ProvideToken>);

impl SharedTokenProvider {
    /// Wraps `provider`.
    pub fn new(provider: impl ProvideToken + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideToken for SharedTokenProvider {
    fn provide_token(&self) -> TokenFuture<'_> {
        self.0.provide_token()
    }
}

/// A [`ProvideToken`] made from a closure that returns a future, by [`provide_token_fn`].
pub struct ProvideTokenFn<F>(F);

impl<F> fmt::Debug for ProvideTokenFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProvideTokenFn")
    }
}

impl<F, Fut> ProvideToken for ProvideTokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<Token, TokenError>> + Send + 'static,
{
    fn provide_token(&self) -> TokenFuture<'_> {
        Box::pin((self.0)())
    }
}

/// A token provider from a closure that returns a future, called each time the client needs a
/// new token.
///
/// ```
/// use smithy_runtime::auth::{provide_token_fn, Token};
///
/// let provider = provide_token_fn(|| async {
///     let token = std::env::var("NOTES_TOKEN").unwrap_or_else(|_| "dev-token".into());
///     Ok(Token::new(token, None))
/// });
/// let config = smithy_runtime::config::Config::builder()
///     .token_provider(provider)
///     .build();
/// # let _ = config;
/// ```
pub fn provide_token_fn<F, Fut>(provide: F) -> ProvideTokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<Token, TokenError>> + Send + 'static,
{
    ProvideTokenFn(provide)
}

/// Why a [`ProvideToken`] has no token. A call that needs one fails with a
/// [`ConstructionFailure`](crate::error::SdkError::ConstructionFailure) whose source is this
/// error, and nothing is sent.
#[derive(Debug)]
pub struct TokenError {
    message: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl TokenError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error caused by `source`, such as the failed request to a token server.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token provider returned no token: {}", self.message)
    }
}

impl Error for TokenError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

/// The token a client last got from its provider, until 10 seconds before it expires (15
/// minutes for a token without an expiration), like the credentials cache.
pub(crate) struct TokenCache {
    provider: SharedTokenProvider,
    cached: Expiring<Token>,
}

impl TokenCache {
    pub(crate) fn new(provider: SharedTokenProvider) -> Self {
        Self {
            provider,
            cached: Expiring::new(),
        }
    }

    /// The cached token, or a new one from the provider when there is none or it is about to
    /// expire.
    pub(crate) async fn get(&self, now: SystemTime) -> Result<Token, TokenError> {
        self.cached
            .get(now, || async {
                let token = self.provider.provide_token().await?;
                let expiration = token.expiration();
                Ok((token, expiration))
            })
            .await
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

/// The AWS SDK's token providers (`aws_credential_types::provider::token`, which `aws-config`
/// loads for SSO sessions) work as ours.
#[cfg(feature = "sdk-config")]
impl From<aws_credential_types::provider::token::SharedTokenProvider> for SharedTokenProvider {
    fn from(provider: aws_credential_types::provider::token::SharedTokenProvider) -> Self {
        #[derive(Debug)]
        struct AwsTokenProvider(aws_credential_types::provider::token::SharedTokenProvider);

        impl ProvideToken for AwsTokenProvider {
            fn provide_token(&self) -> TokenFuture<'_> {
                use aws_credential_types::provider::token::ProvideToken as _;
                // `aws_credential_types::Token` is this crate's `Token`.
                Box::pin(async move {
                    self.0.provide_token().await.map_err(|err| {
                        TokenError::with_source("the AWS SDK token provider failed", err)
                    })
                })
            }
        }

        SharedTokenProvider::new(AwsTokenProvider(provider))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn counting(expires_in: Option<Duration>, start: SystemTime) -> (TokenCache, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let provider = provide_token_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let expiration = expires_in.map(|after| start + after);
            async move { Ok(Token::new(format!("token-{n}"), expiration)) }
        });
        (TokenCache::new(SharedTokenProvider::new(provider)), calls)
    }

    #[tokio::test]
    async fn a_token_is_kept_until_shortly_before_it_expires() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let (cache, calls) = counting(Some(Duration::from_secs(60)), start);
        assert_eq!(cache.get(start).await.unwrap().token(), "token-0");
        let later = start + Duration::from_secs(49);
        assert_eq!(cache.get(later).await.unwrap().token(), "token-0");
        // Within the refresh buffer: asked again.
        let refresh = start + Duration::from_secs(51);
        assert_eq!(cache.get(refresh).await.unwrap().token(), "token-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_token_without_expiration_is_kept_for_fifteen_minutes() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let (cache, calls) = counting(None, start);
        cache.get(start).await.unwrap();
        cache
            .get(start + Duration::from_secs(14 * 60))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let token = cache
            .get(start + Duration::from_secs(15 * 60))
            .await
            .unwrap();
        assert_eq!(token.token(), "token-1");
    }

    #[tokio::test]
    async fn a_failure_is_not_cached_and_names_its_cause() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let cache = TokenCache::new(SharedTokenProvider::new(provide_token_fn(move || {
            let first = counter.fetch_add(1, Ordering::SeqCst) == 0;
            async move {
                if first {
                    Err(TokenError::with_source(
                        "the OAuth server did not answer",
                        std::io::Error::other("connection refused"),
                    ))
                } else {
                    Ok(Token::new("recovered", None))
                }
            }
        })));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let error = cache.get(now).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "the token provider returned no token: the OAuth server did not answer"
        );
        assert_eq!(error.source().unwrap().to_string(), "connection refused");
        assert_eq!(cache.get(now).await.unwrap().token(), "recovered");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_fixed_token_is_its_own_provider_and_its_secret_stays_hidden() {
        let token = Token::new("SECRET-TOKEN", None);
        assert_eq!(token.provide_token().await.unwrap().token(), "SECRET-TOKEN");
        let cache = TokenCache::new(SharedTokenProvider::new(token));
        assert!(!format!("{cache:?}").contains("SECRET"), "{cache:?}");
    }
}
