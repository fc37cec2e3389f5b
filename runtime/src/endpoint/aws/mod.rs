//! The AWS extensions to the rules-engine standard library: `aws.partition` (over the
//! [`PartitionTable`] a generated crate carries) and `aws.parseArn`.
//!
//! ```
//! use smithy_runtime::endpoint::aws;
//!
//! let arn = aws::parse_arn("arn:aws:iam::012345678910:user/johndoe").expect("a valid ARN");
//! assert_eq!(arn.service(), "iam");
//! assert_eq!(arn.region(), "");
//! assert_eq!(arn.resource_id(), ["user", "johndoe"]);
//! ```

mod partition;

pub use self::partition::{partition, Partition, PartitionData, PartitionTable};

/// What `aws.parseArn` returns: the parts of an Amazon Resource Name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    /// The partition, e.g. `aws` (attribute `partition`).
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The service namespace, e.g. `s3` (attribute `service`).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region; empty for resources that are not regional (attribute `region`).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account; empty for resources not owned by an account (attribute `accountId`).
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The resource part, split on `:` and `/` (attribute `resourceId`).
    pub fn resource_id(&self) -> &[String] {
        &self.resource_id
    }
}

/// The rules-engine function `aws.parseArn`.
///
/// An ARN is `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. The partition, the service and
/// the resource must not be empty; the region and the account may be. The resource keeps
/// any further `:` and is split on `:` and `/` into [`Arn::resource_id`]. Anything else
/// gives `None`.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    let (
        Some("arn"),
        Some(partition),
        Some(service),
        Some(region),
        Some(account_id),
        Some(resource),
    ) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    )
    else {
        return None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::parse_arn;

    #[test]
    fn arns_from_the_specification() {
        let arn = parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name").unwrap();
        assert_eq!(arn.partition(), "aws");
        assert_eq!(arn.service(), "sns");
        assert_eq!(arn.region(), "us-west-2");
        assert_eq!(arn.account_id(), "012345678910");
        assert_eq!(arn.resource_id(), ["example-sns-topic-name"]);

        let arn =
            parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").unwrap();
        assert_eq!(arn.resource_id(), ["vpc", "vpc-0e9801d129EXAMPLE"]);

        let arn = parse_arn("arn:aws:iam::012345678910:user/johndoe").unwrap();
        assert_eq!(arn.region(), "");
        assert_eq!(arn.resource_id(), ["user", "johndoe"]);

        let arn = parse_arn("arn:aws:s3:::bucket_name").unwrap();
        assert_eq!(arn.region(), "");
        assert_eq!(arn.account_id(), "");
        assert_eq!(arn.resource_id(), ["bucket_name"]);

        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
    }

    #[test]
    fn resource_keeps_colons_and_slashes_as_separators() {
        let arn = parse_arn("arn:aws:s3-outposts:us-west-2:123:outpost:op-01/bucket:b/").unwrap();
        assert_eq!(arn.resource_id(), ["outpost", "op-01", "bucket", "b", ""]);
    }

    #[test]
    fn malformed_arns() {
        for value in [
            "",
            "arn",
            "arn:aws:s3:::",
            "arn::s3:::bucket",
            "arn:aws::::bucket",
            "arn:aws:s3::bucket",
            "ARN:aws:s3:::bucket",
            "urn:aws:s3:::bucket",
        ] {
            assert_eq!(parse_arn(value), None, "{value:?}");
        }
    }
}
