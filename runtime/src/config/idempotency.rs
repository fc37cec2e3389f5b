//! Where `@idempotencyToken` members the caller leaves unset get their value.

use std::borrow::Cow;
use std::fmt;

/// Gives the value of each `@idempotencyToken` member the caller leaves unset: a fresh random
/// UUID (version 4) by default, or always the same token (for tests, as in the AWS SDK:
/// `.idempotency_token_provider("00000000-0000-4000-8000-000000000000")`).
///
/// ```
/// use smithy_runtime::config::IdempotencyTokenProvider;
///
/// let fixed = IdempotencyTokenProvider::from("00000000-0000-4000-8000-000000000000");
/// assert_eq!(fixed.make_idempotency_token(), "00000000-0000-4000-8000-000000000000");
/// let random = IdempotencyTokenProvider::random();
/// assert_ne!(random.make_idempotency_token(), random.make_idempotency_token());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct IdempotencyTokenProvider {
    fixed: Option<Cow<'static, str>>,
}

impl IdempotencyTokenProvider {
    /// A fresh random UUID for every token (the default).
    pub fn random() -> Self {
        Self::default()
    }

    /// The next token.
    pub fn make_idempotency_token(&self) -> String {
        match &self.fixed {
            Some(token) => token.to_string(),
            None => crate::client::uuid_v4(),
        }
    }
}

impl From<&'static str> for IdempotencyTokenProvider {
    fn from(token: &'static str) -> Self {
        IdempotencyTokenProvider {
            fixed: Some(Cow::Borrowed(token)),
        }
    }
}

impl From<String> for IdempotencyTokenProvider {
    fn from(token: String) -> Self {
        IdempotencyTokenProvider {
            fixed: Some(Cow::Owned(token)),
        }
    }
}

impl fmt::Debug for IdempotencyTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            Some(token) => f
                .debug_tuple("IdempotencyTokenProvider::Fixed")
                .field(token)
                .finish(),
            None => f.write_str("IdempotencyTokenProvider::Random"),
        }
    }
}
