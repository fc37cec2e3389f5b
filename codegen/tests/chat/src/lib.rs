//! A small program using the generated Chat client: a client for a local endpoint.

use chat_client::config::{BehaviorVersion, Credentials, Region};
use chat_client::{Client, Config};

/// The credentials the client signs with, and the server checks.
pub fn credentials() -> Credentials {
    Credentials::new("AKIDCHAT", "chat/secret", None, None, "e2e")
}

/// A client for the service at `endpoint_url`, with retries off so that each call is one
/// request.
pub fn client(endpoint_url: &str) -> Client {
    client_with_read_timeout(endpoint_url, None)
}

/// [`client`], waiting at most `read_timeout` for each piece of a response.
pub fn client_with_read_timeout(
    endpoint_url: &str,
    read_timeout: Option<std::time::Duration>,
) -> Client {
    let mut timeouts = chat_client::config::timeout::TimeoutConfig::builder();
    if let Some(timeout) = read_timeout {
        timeouts = timeouts.read_timeout(timeout);
    }
    let config = Config::builder()
        .timeout_config(timeouts.build())
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-central-1"))
        .credentials_provider(credentials())
        .endpoint_url(endpoint_url)
        .retry_config(chat_client::config::retry::RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}
