//! The bench client: written once against the `aws-sdk-proton` API and built twice, by
//! `../ours` (the generated crate, renamed to `aws-sdk-proton`) and `../theirs` (the official
//! crate). Nothing here names either crate's internals.
//!
//! Usage: `bench-{ours,theirs} --endpoint URL [--warmup N] [--calls N] [--concurrent-calls N]
//! [--tasks N]`. Prints one line, `result key=value ...`, that `cargo xtask bench` reads:
//! per-call latency of sequential calls (median, p99), CPU time and allocations per
//! sequential call, throughput with `--tasks` concurrent tasks, and the peak resident memory.

mod harness;

use std::hint::black_box;

use aws_sdk_proton::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_proton::types::DeploymentStatus;
use aws_sdk_proton::{Client, Config};

#[derive(Clone)]
struct Proton(Client);

impl harness::Call for Proton {
    /// One call; panics unless the whole environment came back.
    async fn call(&self) {
        let output = self
            .0
            .cancel_environment_deployment()
            .environment_name("prod")
            .send()
            .await
            .expect("the call succeeds");
        let env = output.environment().expect("an environment");
        assert_eq!(env.name(), "prod");
        assert_eq!(env.deployment_status(), &DeploymentStatus::Cancelling);
        assert_eq!(env.created_at().secs(), 1_700_000_000);
        let repo = env.provisioning_repository().expect("a repository");
        assert_eq!(repo.branch(), "main");
        assert!(env.codebuild_role_arn().is_some());
        black_box(output);
    }
}

fn main() {
    let args = harness::parse_args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .endpoint_url(&args.endpoint)
        .build();
    let client = Client::from_conf(config);

    harness::measure(&args, runtime, Proton(client));
}
