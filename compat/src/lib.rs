//! A small program written only against the public API of the official `aws-sdk-proton`
//! crate (1.x, as documented on docs.rs).
//!
//! It is built here against the generated `proton-client` crate, renamed to
//! `aws-sdk-proton` in `Cargo.toml`; that dependency line is the only thing that would
//! differ in a program using the official SDK. Nothing below names the generated crate,
//! the runtime, or anything the official crate does not offer, so this crate compiling
//! and behaving the same against both is the drop-in test. `tests/e2e.rs` runs it against
//! a local server.
//!
//! The program cancels an environment deployment and sums up what happened in a
//! [`Summary`]: the environment as Proton returned it, or which error came back.

use aws_sdk_proton::config::retry::RetryConfig;
use aws_sdk_proton::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_proton::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_proton::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentError, CancelEnvironmentDeploymentOutput,
};
use aws_sdk_proton::operation::RequestId;
use aws_sdk_proton::primitives::DateTimeFormat;
use aws_sdk_proton::types::{DeploymentStatus, Environment};
use aws_sdk_proton::{Client, Config};
use std::fmt;

/// The region the program works in.
pub const REGION: &str = "us-east-1";

/// Builds a client for `endpoint_url` with static `credentials` and `retry_config`.
pub fn client(endpoint_url: &str, credentials: Credentials, retry_config: RetryConfig) -> Client {
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(credentials)
        .endpoint_url(endpoint_url)
        .retry_config(retry_config)
        .build();
    Client::from_conf(config)
}

/// What the environment looked like after the cancellation request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvironmentSummary {
    /// The environment name.
    pub name: String,
    /// The deployment status, as the service spells it (`CANCELLING`, ...).
    pub status: String,
    /// Whether this version of the SDK knows the status value.
    pub status_known: bool,
    /// Whether the deployment is over (cancelled, failed, succeeded or deleted).
    pub finished: bool,
    /// When the environment was created, as RFC 3339.
    pub created_at: String,
    /// The provisioning repository, as `provider:name@branch`, for self-managed
    /// provisioning.
    pub repository: Option<String>,
    /// The request ID of the call.
    pub request_id: Option<String>,
}

/// How a cancellation request ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary {
    /// The service accepted the request.
    Cancelled(EnvironmentSummary),
    /// The service answered without an environment.
    NoEnvironment {
        /// The request ID of the call.
        request_id: Option<String>,
    },
    /// No such environment.
    NotFound {
        /// The message from the service.
        message: String,
        /// The request ID of the call.
        request_id: Option<String>,
    },
    /// Still throttled after the retries.
    Throttled {
        /// The message from the service.
        message: String,
    },
    /// The deployment cannot be cancelled in its current state.
    Conflict {
        /// The message from the service.
        message: String,
    },
    /// The service is temporarily unavailable (an error code this program knows about
    /// although the API does not model it).
    Unavailable {
        /// The message from the service, if any.
        message: Option<String>,
    },
    /// Some other error from the service.
    ServiceError {
        /// The error code.
        code: Option<String>,
        /// The message from the service, if any.
        message: Option<String>,
        /// The HTTP status.
        status: Option<u16>,
        /// The request ID of the call.
        request_id: Option<String>,
    },
    /// The call failed without a service error: a timeout, a network problem or a
    /// response that could not be read.
    Failed {
        /// The HTTP status, when a response was received.
        status: Option<u16>,
        /// The whole chain of causes.
        detail: String,
    },
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Summary::Cancelled(env) => write!(
                f,
                "{}: {}{} (created {})",
                env.name,
                env.status,
                if env.finished { ", finished" } else { "" },
                env.created_at
            ),
            Summary::NoEnvironment { .. } => f.write_str("no environment returned"),
            Summary::NotFound { message, .. } => write!(f, "not found: {message}"),
            Summary::Throttled { message } => write!(f, "throttled: {message}"),
            Summary::Conflict { message } => write!(f, "conflict: {message}"),
            Summary::Unavailable { message } => {
                write!(f, "unavailable: {}", message.as_deref().unwrap_or("-"))
            }
            Summary::ServiceError {
                code,
                message,
                status,
                ..
            } => write!(
                f,
                "service error {}: {} (HTTP {})",
                code.as_deref().unwrap_or("?"),
                message.as_deref().unwrap_or("-"),
                status.map_or_else(|| "-".to_owned(), |s| s.to_string())
            ),
            Summary::Failed { detail, .. } => write!(f, "failed: {detail}"),
        }
    }
}

/// Requests cancellation of the deployment of `environment_name` and sums up the result.
pub async fn cancel(client: &Client, environment_name: &str) -> Summary {
    let result = client
        .cancel_environment_deployment()
        .environment_name(environment_name)
        .send()
        .await;
    match result {
        Ok(output) => summarize_output(&output),
        Err(err) => summarize_error(err),
    }
}

fn summarize_output(output: &CancelEnvironmentDeploymentOutput) -> Summary {
    let request_id = output.request_id().map(str::to_owned);
    match output.environment() {
        Some(env) => Summary::Cancelled(summarize_environment(env, request_id)),
        None => Summary::NoEnvironment { request_id },
    }
}

fn summarize_environment(env: &Environment, request_id: Option<String>) -> EnvironmentSummary {
    let status = env.deployment_status();
    let finished = match status {
        DeploymentStatus::Cancelled
        | DeploymentStatus::Failed
        | DeploymentStatus::Succeeded
        | DeploymentStatus::DeleteComplete
        | DeploymentStatus::DeleteFailed => true,
        DeploymentStatus::Cancelling
        | DeploymentStatus::InProgress
        | DeploymentStatus::DeleteInProgress => false,
        // A status added to the API after this SDK version.
        _ => false,
    };
    EnvironmentSummary {
        name: env.name().to_owned(),
        status: status.as_str().to_owned(),
        status_known: DeploymentStatus::values().contains(&status.as_str()),
        finished,
        created_at: env
            .created_at()
            .fmt(DateTimeFormat::DateTime)
            .unwrap_or_else(|_| env.created_at().secs().to_string()),
        repository: env
            .provisioning_repository()
            .map(|repo| format!("{}:{}@{}", repo.provider(), repo.name(), repo.branch())),
        request_id,
    }
}

fn summarize_error(err: SdkError<CancelEnvironmentDeploymentError>) -> Summary {
    // Everything that needs the whole error is read before `into_service_error` takes it.
    let status = err.raw_response().map(|raw| raw.status().as_u16());
    if err.as_service_error().is_none() {
        return Summary::Failed {
            status,
            detail: DisplayErrorContext(&err).to_string(),
        };
    }
    let request_id = err.request_id().map(str::to_owned);
    match err.into_service_error() {
        CancelEnvironmentDeploymentError::ResourceNotFoundException(e) => Summary::NotFound {
            message: e.message().to_owned(),
            request_id: e.request_id().map(str::to_owned),
        },
        CancelEnvironmentDeploymentError::ThrottlingException(e) => Summary::Throttled {
            message: e.message().to_owned(),
        },
        CancelEnvironmentDeploymentError::ConflictException(e) => Summary::Conflict {
            message: e.message().to_owned(),
        },
        other if other.code() == Some("ServiceUnavailableException") => Summary::Unavailable {
            message: other.message().map(str::to_owned),
        },
        other => Summary::ServiceError {
            code: other.code().map(str::to_owned),
            message: other.message().map(str::to_owned),
            status,
            request_id,
        },
    }
}
