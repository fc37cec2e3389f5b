//! A program written against `aws-sdk-kinesis` alone: it subscribes to a shard through an
//! enhanced fan-out consumer and collects what arrives. Nothing here names the generated crate.

use aws_sdk_kinesis::types::{ShardIteratorType, StartingPosition, SubscribeToShardEventStream};
use aws_sdk_kinesis::Client;

/// Everything a subscription delivered before it ended.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Each record's sequence number and data.
    pub records: Vec<(String, Vec<u8>)>,
    /// The continuation sequence number of the last event, to resume from.
    pub continue_after: Option<String>,
    /// How far behind the tip of the stream the last event was.
    pub millis_behind_latest: Option<i64>,
}

/// Why a subscription stopped: its error, and what it had delivered until then.
#[derive(Debug)]
pub struct Stopped {
    pub delivered: Delivery,
    pub error: Box<dyn std::error::Error + Send + Sync>,
}

/// Reads shard `shard_id` through `consumer_arn` from the oldest record until the service
/// closes the subscription.
pub async fn read_shard(
    client: &Client,
    consumer_arn: &str,
    shard_id: &str,
) -> Result<Delivery, Stopped> {
    let mut delivered = Delivery::default();
    let position = StartingPosition::builder()
        .r#type(ShardIteratorType::TrimHorizon)
        .build()
        .map_err(|error| Stopped {
            delivered: Delivery::default(),
            error: error.into(),
        })?;
    let mut output = match client
        .subscribe_to_shard()
        .consumer_arn(consumer_arn)
        .shard_id(shard_id)
        .starting_position(position)
        .send()
        .await
    {
        Ok(output) => output,
        Err(error) => {
            return Err(Stopped {
                delivered,
                error: error.into(),
            })
        }
    };
    loop {
        match output.event_stream.recv().await {
            Ok(Some(SubscribeToShardEventStream::SubscribeToShardEvent(event))) => {
                for record in event.records() {
                    delivered.records.push((
                        record.sequence_number().to_string(),
                        record.data().as_ref().to_vec(),
                    ));
                }
                delivered.continue_after = Some(event.continuation_sequence_number().to_string());
                delivered.millis_behind_latest = Some(event.millis_behind_latest());
            }
            // Events added to the service later.
            Ok(Some(_)) => {}
            Ok(None) => return Ok(delivered),
            Err(error) => {
                return Err(Stopped {
                    delivered,
                    error: error.into_service_error().into(),
                })
            }
        }
    }
}
