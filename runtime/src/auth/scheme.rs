//! The auth schemes an operation accepts, and the choice among them for one call.

use crate::auth::Token;
use crate::config::Config;
use crate::error::BoxError;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use std::error::Error;
use std::fmt;

/// One way an operation accepts to be authenticated (a Smithy auth scheme trait).
///
/// Generated operations list theirs in the model's order of preference with
/// [`OperationRequest::auth_schemes`](crate::client::OperationRequest::auth_schemes); the
/// runtime uses the first one the client configuration has an identity for.
///
/// ```
/// use smithy_runtime::auth::{ApiKey, AuthScheme};
///
/// const SCHEMES: &[AuthScheme] = &[
///     AuthScheme::HttpBearer,
///     AuthScheme::HttpApiKey(ApiKey::header("Authorization", Some("ApiKey"))),
/// ];
/// assert_eq!(SCHEMES[1].to_string(), "API key in header `Authorization` (setting `api_key`)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `aws.auth#sigv4`: AWS Signature Version 4 with the client's credentials provider.
    #[cfg(feature = "sigv4")]
    SigV4,
    /// `smithy.api#httpBearerAuth`: `Authorization: Bearer <token>` with the
    /// [`bearer_token`](crate::config::Builder::bearer_token) setting, or a token from the
    /// [`token_provider`](crate::config::Builder::token_provider).
    HttpBearer,
    /// `smithy.api#httpApiKeyAuth`: the [`api_key`](crate::config::Builder::api_key) setting
    /// in a header or a query parameter.
    HttpApiKey(ApiKey),
    /// `smithy.api#httpBasicAuth`: `Authorization: Basic <base64 of user:password>` with the
    /// [`basic_auth_login`](crate::config::Builder::basic_auth_login) setting.
    HttpBasic,
}

impl AuthScheme {
    /// The client configuration setting that holds this scheme's identity.
    pub const fn setting(&self) -> &'static str {
        match self {
            #[cfg(feature = "sigv4")]
            AuthScheme::SigV4 => "credentials_provider",
            AuthScheme::HttpBearer => "bearer_token",
            AuthScheme::HttpApiKey(_) => "api_key",
            AuthScheme::HttpBasic => "basic_auth_login",
        }
    }
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(feature = "sigv4")]
            AuthScheme::SigV4 => f.write_str("SigV4")?,
            AuthScheme::HttpBearer => f.write_str("HTTP bearer auth")?,
            AuthScheme::HttpApiKey(key) => match key.location {
                ApiKeyLocation::Header => write!(f, "API key in header `{}`", key.name)?,
                ApiKeyLocation::Query => write!(f, "API key in query parameter `{}`", key.name)?,
            },
            AuthScheme::HttpBasic => f.write_str("HTTP basic auth")?,
        }
        write!(f, " (setting `{}`", self.setting())?;
        if let AuthScheme::HttpBearer = self {
            f.write_str(" or `token_provider`")?;
        }
        f.write_str(")")
    }
}

/// Where `smithy.api#httpApiKeyAuth` puts the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a header.
    Header,
    /// In a query string parameter.
    Query,
}

/// The `smithy.api#httpApiKeyAuth` trait: where the API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKey {
    name: &'static str,
    location: ApiKeyLocation,
    scheme: Option<&'static str>,
}

impl ApiKey {
    /// The key in header `name`, after `scheme` and a space when one is given
    /// (`Authorization: ApiKey <key>`).
    pub const fn header(name: &'static str, scheme: Option<&'static str>) -> Self {
        Self {
            name,
            location: ApiKeyLocation::Header,
            scheme,
        }
    }

    /// The key in query parameter `name`.
    pub const fn query(name: &'static str) -> Self {
        Self {
            name,
            location: ApiKeyLocation::Query,
            scheme: None,
        }
    }

    /// The header or query parameter name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Where the key goes.
    pub const fn location(&self) -> ApiKeyLocation {
        self.location
    }

    /// The scheme written before the key in a header, such as `ApiKey`.
    pub const fn scheme(&self) -> Option<&'static str> {
        self.scheme
    }
}

/// The client has no identity for any of the auth schemes an operation accepts, so it was
/// not sent. Found as the source of the
/// [`ConstructionFailure`](crate::error::SdkError::ConstructionFailure).
///
/// ```
/// use smithy_runtime::auth::{AuthScheme, MissingIdentity};
///
/// let err = MissingIdentity::new("GetNote", &[AuthScheme::HttpBearer]);
/// assert_eq!(
///     err.to_string(),
///     "the client has no identity for any auth scheme of operation `GetNote`: \
///      HTTP bearer auth (setting `bearer_token` or `token_provider`); set one in the client configuration"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingIdentity {
    operation: &'static str,
    schemes: &'static [AuthScheme],
}

impl MissingIdentity {
    /// The error for `operation`, which accepts `schemes`.
    pub const fn new(operation: &'static str, schemes: &'static [AuthScheme]) -> Self {
        Self { operation, schemes }
    }

    /// The operation's name.
    pub const fn operation(&self) -> &'static str {
        self.operation
    }

    /// The schemes the operation accepts, in order of preference.
    pub const fn schemes(&self) -> &'static [AuthScheme] {
        self.schemes
    }
}

impl fmt::Display for MissingIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the client has no identity for any auth scheme of operation `{}`: ",
            self.operation
        )?;
        for (i, scheme) in self.schemes.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{scheme}")?;
        }
        f.write_str("; set one in the client configuration")
    }
}

impl Error for MissingIdentity {}

/// The scheme chosen for one call, with what it adds to the request.
#[derive(Debug)]
pub(crate) enum Chosen {
    /// Sent without authentication.
    Anonymous,
    /// Signed with SigV4 on each attempt. With `optional`, credentials that cannot be loaded
    /// mean the request goes unsigned.
    #[cfg(feature = "sigv4")]
    SigV4 { optional: bool },
    /// `Authorization: Bearer` with a token from the client's token cache, on each attempt.
    Bearer,
    /// One header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// One query parameter (name and value not yet encoded).
    Query(&'static str, String),
}

/// Picks the first of `schemes` the configuration has an identity for. With none: the
/// request goes unauthenticated when `schemes` is empty or `optional`, and fails otherwise.
pub(crate) fn choose(
    operation: &'static str,
    schemes: &'static [AuthScheme],
    optional: bool,
    config: &Config,
) -> Result<Chosen, BoxError> {
    for scheme in schemes {
        match scheme {
            #[cfg(feature = "sigv4")]
            AuthScheme::SigV4 => return Ok(Chosen::SigV4 { optional }),
            AuthScheme::HttpBearer => {
                if config.has_bearer_token() {
                    return Ok(Chosen::Bearer);
                }
            }
            AuthScheme::HttpApiKey(key) => {
                if let Some(token) = config.api_key_identity() {
                    return match key.location {
                        ApiKeyLocation::Query => {
                            Ok(Chosen::Query(key.name, token.token().to_owned()))
                        }
                        ApiKeyLocation::Header => {
                            let name =
                                HeaderName::from_bytes(key.name.as_bytes()).map_err(|_| {
                                    format!("`{}` is not a valid header name", key.name)
                                })?;
                            let value = match key.scheme {
                                Some(prefix) => format!("{prefix} {}", token.token()),
                                None => token.token().to_owned(),
                            };
                            Ok(Chosen::Header(name, secret_header(value, scheme)?))
                        }
                    };
                }
            }
            AuthScheme::HttpBasic => {
                if let Some(login) = config.basic_auth_login_identity() {
                    let pair = format!("{}:{}", login.user(), login.password());
                    let encoded = aws_smithy_types::base64::encode(pair.as_bytes());
                    let value = secret_header(format!("Basic {encoded}"), scheme)?;
                    return Ok(Chosen::Header(AUTHORIZATION, value));
                }
            }
        }
    }
    if schemes.is_empty() || optional {
        Ok(Chosen::Anonymous)
    } else {
        Err(Box::new(MissingIdentity::new(operation, schemes)))
    }
}

/// The `Authorization` header for a bearer token.
pub(crate) fn bearer_header(token: &Token) -> Result<HeaderValue, BoxError> {
    secret_header(format!("Bearer {}", token.token()), &AuthScheme::HttpBearer)
}

/// A header value holding a secret, marked sensitive; the error names the scheme, not the value.
fn secret_header(value: String, scheme: &AuthScheme) -> Result<HeaderValue, BoxError> {
    let mut value = HeaderValue::try_from(value).map_err(|_| {
        format!(
            "the identity for {scheme} is not a valid HTTP header value (only visible ASCII, spaces and tabs)"
        )
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Login, Token};

    const BEARER: &[AuthScheme] = &[AuthScheme::HttpBearer];
    const ALL: &[AuthScheme] = &[
        AuthScheme::HttpBasic,
        AuthScheme::HttpApiKey(ApiKey::header("X-Api-Key", Some("ApiKey"))),
        AuthScheme::HttpBearer,
    ];

    fn header(chosen: Chosen) -> (String, String) {
        match chosen {
            Chosen::Header(name, value) => {
                assert!(value.is_sensitive(), "{name} is marked sensitive");
                (name.to_string(), value.to_str().unwrap().to_owned())
            }
            other => panic!("expected a header, got {other:?}"),
        }
    }

    #[test]
    fn bearer_basic_and_api_key_values() {
        let config = Config::builder()
            .bearer_token(Token::new("tok-123", None))
            .build();
        assert!(matches!(
            choose("Op", BEARER, false, &config).unwrap(),
            Chosen::Bearer
        ));
        let value = bearer_header(&Token::new("tok-123", None)).unwrap();
        assert!(value.is_sensitive());
        assert_eq!(value.to_str().unwrap(), "Bearer tok-123");

        let config = Config::builder()
            .basic_auth_login(Login::new("Aladdin", "open sesame", None))
            .build();
        // RFC 7617's example.
        assert_eq!(
            header(choose("Op", ALL, false, &config).unwrap()),
            (
                "authorization".into(),
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()
            )
        );

        let config = Config::builder().api_key("key-1").build();
        assert_eq!(
            header(choose("Op", ALL, false, &config).unwrap()),
            ("x-api-key".into(), "ApiKey key-1".into())
        );
        const PLAIN: &[AuthScheme] = &[AuthScheme::HttpApiKey(ApiKey::header("x-key", None))];
        assert_eq!(
            header(choose("Op", PLAIN, false, &config).unwrap()),
            ("x-key".into(), "key-1".into())
        );
        const QUERY: &[AuthScheme] = &[AuthScheme::HttpApiKey(ApiKey::query("api_key"))];
        match choose("Op", QUERY, false, &config).unwrap() {
            Chosen::Query(name, value) => assert_eq!((name, value.as_str()), ("api_key", "key-1")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn first_scheme_with_an_identity_wins() {
        let config = Config::builder()
            .bearer_token("tok")
            .api_key("key")
            .basic_auth_login(Login::new("u", "p", None))
            .build();
        // Basic comes first in `ALL`.
        assert!(header(choose("Op", ALL, false, &config).unwrap())
            .1
            .starts_with("Basic "));
        const KEY_FIRST: &[AuthScheme] = &[
            AuthScheme::HttpApiKey(ApiKey::header("x-api-key", None)),
            AuthScheme::HttpBearer,
        ];
        assert_eq!(
            header(choose("Op", KEY_FIRST, false, &config).unwrap()).0,
            "x-api-key"
        );
        // Only a bearer token: the schemes before it are skipped.
        let config = Config::builder().bearer_token("tok").build();
        assert!(matches!(
            choose("Op", ALL, false, &config).unwrap(),
            Chosen::Bearer
        ));
    }

    #[test]
    fn no_identity_fails_naming_the_schemes_unless_optional_or_none() {
        let config = Config::builder().build();
        let err = choose("ListNotes", ALL, false, &config).unwrap_err();
        let missing = err.downcast_ref::<MissingIdentity>().unwrap();
        assert_eq!(missing.operation(), "ListNotes");
        assert_eq!(missing.schemes(), ALL);
        assert_eq!(
            err.to_string(),
            "the client has no identity for any auth scheme of operation `ListNotes`: \
             HTTP basic auth (setting `basic_auth_login`), \
             API key in header `X-Api-Key` (setting `api_key`), \
             HTTP bearer auth (setting `bearer_token` or `token_provider`); set one in the client configuration"
        );
        assert!(matches!(
            choose("Op", ALL, true, &config).unwrap(),
            Chosen::Anonymous
        ));
        assert!(matches!(
            choose("Op", &[], false, &config).unwrap(),
            Chosen::Anonymous
        ));
        // An identity for another scheme does not count.
        let config = Config::builder().api_key("key").build();
        assert!(choose("Op", BEARER, false, &config).is_err());
    }

    #[test]
    fn invalid_identities_fail_without_showing_them() {
        let err = bearer_header(&Token::new("line\nbreak-SECRET", None)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the identity for HTTP bearer auth (setting `bearer_token` or `token_provider`) is not a valid HTTP header value (only visible ASCII, spaces and tabs)"
        );
        const BAD_NAME: &[AuthScheme] = &[AuthScheme::HttpApiKey(ApiKey::header("bad name", None))];
        let config = Config::builder().api_key("k").build();
        assert_eq!(
            choose("Op", BAD_NAME, false, &config)
                .unwrap_err()
                .to_string(),
            "`bad name` is not a valid header name"
        );
    }

    #[test]
    fn descriptions_and_accessors() {
        let key = ApiKey::query("key");
        assert_eq!(key.name(), "key");
        assert_eq!(key.location(), ApiKeyLocation::Query);
        assert_eq!(key.scheme(), None);
        assert_eq!(
            AuthScheme::HttpApiKey(key).to_string(),
            "API key in query parameter `key` (setting `api_key`)"
        );
        assert_eq!(
            AuthScheme::HttpBasic.to_string(),
            "HTTP basic auth (setting `basic_auth_login`)"
        );
        #[cfg(feature = "sigv4")]
        assert_eq!(
            AuthScheme::SigV4.to_string(),
            "SigV4 (setting `credentials_provider`)"
        );
    }
}
