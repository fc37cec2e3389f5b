//! Endpoint resolution: the types and functions that generated endpoint resolvers use.
//!
//! The code generator turns a service's `smithy.rules#endpointRuleSet` into plain Rust: a
//! `Params` struct, its builder and a `resolve_endpoint` function. That function calls the
//! rules-engine standard library implemented here and returns an [`Endpoint`] or a
//! [`ResolveEndpointError`].
//!
//! * [`Endpoint`] (built with [`EndpointBuilder`]): the URL, headers and properties of a
//!   resolved endpoint.
//! * [`ResolveEndpointError`]: the message of the error rule that matched (or of a rule set
//!   that matched nothing); [`InvalidParams`]: a required parameter was not set.
//! * Standard-library functions: [`is_valid_host_label`], [`parse_url`] (giving a [`Url`]),
//!   [`substring`], [`uri_encode`], [`split`] and [`get_index`] (array indexing in
//!   `getAttr`).
//! * [`aws`]: the AWS functions `aws.partition` and `aws.parseArn`.
//!
//! Every function is total: malformed input gives `None`, `false` or an error, never a panic.
//!
//! ```
//! use smithy_runtime::endpoint::{Endpoint, ResolveEndpointError};
//! use smithy_runtime::primitives::Document;
//!
//! let endpoint = Endpoint::builder()
//!     .url("https://proton.us-east-1.amazonaws.com")
//!     .header("x-amz-custom", "a")
//!     .property("authSchemes", Document::Array(Vec::new()))
//!     .build();
//! assert_eq!(endpoint.url(), "https://proton.us-east-1.amazonaws.com");
//! assert_eq!(endpoint.headers()["x-amz-custom"], ["a"]);
//!
//! let error = ResolveEndpointError::new("Invalid Configuration: Missing Region");
//! assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
//! ```

pub mod aws;
mod host;
mod string;
mod url;

pub use self::host::is_valid_host_label;
pub use self::string::{get_index, split, substring, uri_encode};
pub use self::url::{parse_url, Url};

use crate::primitives::Document;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;

/// A resolved endpoint: where to send a request and how.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, Document>,
}

impl Endpoint {
    /// A builder with an empty URL and no headers or properties.
    pub fn builder() -> EndpointBuilder {
        EndpointBuilder::default()
    }

    /// The endpoint URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Transport headers to add to the request, each with its values in order.
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    /// Endpoint properties, such as `authSchemes`.
    pub fn properties(&self) -> &BTreeMap<String, Document> {
        &self.properties
    }
}

/// Builds an [`Endpoint`].
#[derive(Debug, Clone, Default)]
pub struct EndpointBuilder {
    endpoint: Endpoint,
}

impl EndpointBuilder {
    /// Sets the URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.endpoint.url = url.into();
        self
    }

    /// Adds `value` to the values of header `name`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.endpoint
            .headers
            .entry(name.into())
            .or_default()
            .push(value.into());
        self
    }

    /// Sets property `key` to `value`, replacing an earlier value.
    pub fn property(mut self, key: impl Into<String>, value: impl Into<Document>) -> Self {
        self.endpoint.properties.insert(key.into(), value.into());
        self
    }

    /// The endpoint.
    pub fn build(self) -> Endpoint {
        self.endpoint
    }
}

/// Endpoint resolution failed: an error rule matched, or no rule did.
///
/// [`Display`](fmt::Display) prints exactly the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEndpointError {
    message: Cow<'static, str>,
}

impl ResolveEndpointError {
    /// An error with the given message (for error rules, the rule's message).
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The error for a rule set, or a tree rule, whose rules all failed to match.
    pub fn no_rule_matched() -> Self {
        Self::new("No endpoint rule matched the endpoint parameters")
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for ResolveEndpointError {}

/// Endpoint parameters could not be built: a required parameter without a default was
/// not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidParams {
    parameter: Cow<'static, str>,
}

impl InvalidParams {
    /// The error for the required parameter `parameter` (its rule-set name) being unset.
    pub fn missing(parameter: impl Into<Cow<'static, str>>) -> Self {
        Self {
            parameter: parameter.into(),
        }
    }

    /// The rule-set name of the parameter.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }
}

impl fmt::Display for InvalidParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the endpoint parameter `{}` is required but was not set",
            self.parameter
        )
    }
}

impl Error for InvalidParams {}

#[cfg(test)]
mod tests {
    use super::{Endpoint, InvalidParams, ResolveEndpointError};
    use crate::primitives::Document;
    use std::collections::BTreeMap;

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn errors_are_thread_safe_and_display_their_message() {
        assert_send_sync::<ResolveEndpointError>();
        assert_send_sync::<InvalidParams>();
        assert_send_sync::<Endpoint>();
        let error = ResolveEndpointError::new(String::from("custom"));
        assert_eq!(error.to_string(), "custom");
        assert_eq!(error.message(), "custom");
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
        assert!(boxed.source().is_none());
        assert!(!ResolveEndpointError::no_rule_matched().message().is_empty());
        let invalid = InvalidParams::missing("Region");
        assert_eq!(invalid.parameter(), "Region");
        assert!(invalid.to_string().contains("`Region`"));
    }

    #[test]
    fn builder_collects_headers_and_properties() {
        let endpoint = Endpoint::builder()
            .url("https://example.com")
            .header("a", "1")
            .header("a", String::from("2"))
            .header("b", "3")
            .property("p", true)
            .property("p", "replaced")
            .build();
        assert_eq!(endpoint.url(), "https://example.com");
        let headers = BTreeMap::from([
            ("a".to_owned(), vec!["1".to_owned(), "2".to_owned()]),
            ("b".to_owned(), vec!["3".to_owned()]),
        ]);
        assert_eq!(endpoint.headers(), &headers);
        assert_eq!(
            endpoint.properties(),
            &BTreeMap::from([("p".to_owned(), Document::from("replaced"))])
        );
        assert_eq!(Endpoint::builder().build(), Endpoint::default());
    }
}
