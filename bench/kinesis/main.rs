//! The Kinesis bench client: `SubscribeToShard`, each call one subscription that receives the
//! bench server's 100 events of one 1 KiB record each, written once against the
//! `aws-sdk-kinesis` API and built twice, by `../kinesis-ours` (a crate generated from the
//! Kinesis model with only `SubscribeToShard`, renamed to `aws-sdk-kinesis`) and
//! `../kinesis-theirs` (the official crate). Same command line and `result` line as
//! `../client/main.rs`.

#[path = "../client/harness.rs"]
mod harness;

use std::hint::black_box;

use aws_sdk_kinesis::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_kinesis::types::{ShardIteratorType, StartingPosition, SubscribeToShardEventStream};
use aws_sdk_kinesis::{Client, Config};

/// The events the bench server sends per subscription.
const EVENTS: usize = 100;

#[derive(Clone)]
struct Kinesis {
    client: Client,
    position: StartingPosition,
}

impl harness::Call for Kinesis {
    /// One subscription read to its end; panics unless every event came whole.
    async fn call(&self) {
        let mut output = self
            .client
            .subscribe_to_shard()
            .consumer_arn("arn:aws:kinesis:us-east-1:123456789012:stream/bench/consumer/c:1")
            .shard_id("shardId-000000000000")
            .starting_position(self.position.clone())
            .send()
            .await
            .expect("the subscription starts");
        let mut events = 0;
        let mut bytes = 0;
        while let Some(event) = output.event_stream.recv().await.expect("events decode") {
            if let SubscribeToShardEventStream::SubscribeToShardEvent(event) = event {
                for record in event.records() {
                    bytes += record.data().as_ref().len();
                }
                events += 1;
                black_box(event);
            }
        }
        assert_eq!(events, EVENTS);
        assert_eq!(bytes, EVENTS * 768);
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
    let kinesis = Kinesis {
        client: Client::from_conf(config),
        position: StartingPosition::builder()
            .r#type(ShardIteratorType::Latest)
            .build()
            .expect("a starting position"),
    };
    harness::measure(&args, runtime, kinesis);
}
