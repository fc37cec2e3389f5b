//! Conversion from the AWS SDK's shared configuration (feature `sdk-config`).

use super::{BehaviorVersion, Builder, Config, Region};
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion as AwsBehaviorVersion;
use aws_types::SdkConfig;

impl From<aws_types::region::Region> for Region {
    fn from(region: aws_types::region::Region) -> Self {
        Region::new(region.as_ref().to_owned())
    }
}

impl From<Region> for aws_types::region::Region {
    fn from(region: Region) -> Self {
        aws_types::region::Region::new(region.as_ref().to_owned())
    }
}

#[allow(deprecated)]
fn behavior_version(version: AwsBehaviorVersion) -> BehaviorVersion {
    let known = [
        (
            AwsBehaviorVersion::v2026_01_12(),
            BehaviorVersion::v2026_01_12(),
        ),
        (
            AwsBehaviorVersion::v2025_08_07(),
            BehaviorVersion::v2025_08_07(),
        ),
        (
            AwsBehaviorVersion::v2025_01_17(),
            BehaviorVersion::v2025_01_17(),
        ),
        (
            AwsBehaviorVersion::v2024_03_28(),
            BehaviorVersion::v2024_03_28(),
        ),
    ];
    known
        .into_iter()
        .find(|(aws, _)| version.is_at_least(*aws))
        .map_or(BehaviorVersion::v2023_11_09(), |(_, ours)| ours)
}

/// Takes the region, credentials provider, token provider (for HTTP bearer auth), endpoint URL, FIPS and dual-stack choices,
/// retry and timeout configuration and behaviour version from an AWS SDK `SdkConfig`
/// (as loaded by `aws-config`).
///
/// The `SdkConfig`'s HTTP client and sleep implementation implement the AWS SDK's traits
/// and are not carried over: the builder keeps its own (by default a
/// [`HyperHttpClient`](crate::transport::HyperHttpClient) and
/// [`TokioSleep`](super::TokioSleep)).
impl From<&SdkConfig> for Builder {
    fn from(sdk: &SdkConfig) -> Self {
        let mut builder = Builder::new();
        builder
            .set_region(sdk.region().cloned().map(Region::from))
            .set_credentials_provider(sdk.credentials_provider())
            .set_token_provider(sdk.token_provider().map(Into::into))
            .set_endpoint_url(sdk.endpoint_url().map(str::to_owned))
            .set_use_fips(sdk.use_fips())
            .set_use_dual_stack(sdk.use_dual_stack())
            .set_retry_config(sdk.retry_config().cloned())
            .set_timeout_config(sdk.timeout_config().cloned())
            .set_behavior_version(sdk.behavior_version().map(behavior_version));
        builder
    }
}

/// Same as [`Builder::from`] followed by [`Builder::build`].
impl From<&SdkConfig> for Config {
    fn from(sdk: &SdkConfig) -> Self {
        Builder::from(sdk).build()
    }
}

impl Config {
    /// Creates a configuration from an AWS SDK `SdkConfig`, as the AWS SDK's
    /// `Config::new` does; see [`Builder::from`](Builder#impl-From%3C%26SdkConfig%3E-for-Builder).
    pub fn new(sdk: &SdkConfig) -> Self {
        Self::from(sdk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Credentials, ProvideCredentials};
    use crate::retry::{ReconnectMode, RetryConfig, RetryMode};
    use aws_credential_types::provider::SharedCredentialsProvider;
    use std::time::Duration;

    #[tokio::test]
    async fn takes_everything() {
        #[allow(deprecated)]
        let sdk = SdkConfig::builder()
            .region(aws_types::region::Region::new("ap-south-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKID", "SECRET", None, None, "sdk",
            )))
            .token_provider(
                aws_credential_types::provider::token::SharedTokenProvider::new(
                    crate::auth::Token::new("SDK-TOKEN", None),
                ),
            )
            .endpoint_url("http://localhost:9000")
            .use_fips(true)
            .use_dual_stack(true)
            .retry_config(
                RetryConfig::adaptive()
                    .with_reconnect_mode(ReconnectMode::ReuseAllConnections)
                    .with_max_attempts(7)
                    .with_initial_backoff(Duration::from_millis(10))
                    .with_max_backoff(Duration::from_secs(2)),
            )
            .timeout_config(
                aws_smithy_types::timeout::TimeoutConfig::builder()
                    .operation_timeout(Duration::from_secs(9))
                    .build(),
            )
            .behavior_version(AwsBehaviorVersion::v2024_03_28())
            .build();
        let config = Config::from(&sdk);
        assert_eq!(config.region(), Some(&Region::new("ap-south-1")));
        assert_eq!(config.endpoint_url(), Some("http://localhost:9000"));
        assert!(config.use_fips() && config.use_dual_stack());
        let retry = config.retry_config().unwrap();
        // The same type on both sides: nothing is mapped, so nothing is lost.
        assert_eq!(Some(retry), sdk.retry_config());
        assert_eq!(retry.reconnect_mode(), ReconnectMode::ReuseAllConnections);
        assert_eq!(retry.mode(), RetryMode::Adaptive);
        assert_eq!(retry.max_attempts(), 7);
        assert_eq!(retry.initial_backoff(), Duration::from_millis(10));
        assert_eq!(retry.max_backoff(), Duration::from_secs(2));
        let timeouts = config.timeout_config().unwrap();
        assert_eq!(timeouts.operation_timeout(), Some(Duration::from_secs(9)));
        assert_eq!(
            timeouts.connect_timeout(),
            Some(super::super::timeout::DEFAULT_CONNECT_TIMEOUT)
        );
        assert_eq!(config.behavior_version(), BehaviorVersion::v2024_03_28());
        let creds = config
            .credentials_provider()
            .unwrap()
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(creds.access_key_id(), "AKID");
        let token = crate::auth::ProvideToken::provide_token(&config.token_provider().unwrap())
            .await
            .unwrap();
        assert_eq!(token.token(), "SDK-TOKEN");
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("SDK-TOKEN"),
            "{shown}"
        );
        assert_eq!(Config::new(&sdk).region(), config.region());
    }

    #[test]
    fn empty_sdk_config_gives_defaults() {
        let config = Config::from(&SdkConfig::builder().build());
        assert_eq!(config.region(), None);
        assert!(config.token_provider().is_none());
        assert_eq!(config.retry_config(), Some(&RetryConfig::standard()));
        assert_eq!(config.behavior_version(), BehaviorVersion::latest());
    }

    #[test]
    #[allow(deprecated)]
    fn behavior_versions_map() {
        assert_eq!(
            behavior_version(AwsBehaviorVersion::latest()),
            BehaviorVersion::latest()
        );
        assert_eq!(
            behavior_version(AwsBehaviorVersion::v2023_11_09()),
            BehaviorVersion::v2023_11_09()
        );
        assert_eq!(
            behavior_version(AwsBehaviorVersion::v2025_01_17()),
            BehaviorVersion::v2025_01_17()
        );
        assert_eq!(
            behavior_version(AwsBehaviorVersion::v2025_08_07()),
            BehaviorVersion::v2025_08_07()
        );
    }

    #[test]
    fn region_round_trip() {
        let ours = Region::from(aws_types::region::Region::new("us-west-2"));
        assert_eq!(ours.as_ref(), "us-west-2");
        let theirs = aws_types::region::Region::from(ours);
        assert_eq!(theirs.as_ref(), "us-west-2");
    }
}
