//! The AWS extensions to the rules-engine standard library: `aws.partition` and
//! `aws.parseArn`.
//!
//! ```
//! use smithy_runtime::endpoint::aws;
//!
//! let partition = aws::partition("cn-north-1").expect("every region has a partition");
//! assert_eq!(partition.name(), "aws-cn");
//! assert_eq!(partition.dns_suffix(), "amazonaws.com.cn");
//!
//! let arn = aws::parse_arn("arn:aws:iam::012345678910:user/johndoe").expect("a valid ARN");
//! assert_eq!(arn.service(), "iam");
//! assert_eq!(arn.region(), "");
//! assert_eq!(arn.resource_id(), ["user", "johndoe"]);
//! ```

mod partitions;

use self::partitions::{PartitionData, DEFAULT_PARTITION, PARTITIONS};
use regex_lite::Regex;
use std::sync::OnceLock;

/// What `aws.partition` returns: the facts about the partition a region belongs to.
///
/// The accessors are named after the rules-engine attributes (`dnsSuffix` →
/// [`dns_suffix`](Partition::dns_suffix), and so on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
}

impl Partition {
    /// The partition's name, e.g. `aws` or `aws-cn` (attribute `name`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The partition's default DNS suffix, e.g. `amazonaws.com` (attribute `dnsSuffix`).
    pub fn dns_suffix(&self) -> &'static str {
        self.dns_suffix
    }

    /// The DNS suffix of dual-stack endpoints, e.g. `api.aws` (attribute
    /// `dualStackDnsSuffix`).
    pub fn dual_stack_dns_suffix(&self) -> &'static str {
        self.dual_stack_dns_suffix
    }

    /// Whether the partition has FIPS-compliant endpoints (attribute `supportsFIPS`).
    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    /// Whether the partition has dual-stack endpoints (attribute `supportsDualStack`).
    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    /// The region global services of this partition sign for (attribute
    /// `implicitGlobalRegion`).
    pub fn implicit_global_region(&self) -> &'static str {
        self.implicit_global_region
    }

    fn from_data(data: &PartitionData) -> Partition {
        Partition {
            name: data.name,
            dns_suffix: data.dns_suffix,
            dual_stack_dns_suffix: data.dual_stack_dns_suffix,
            supports_fips: data.supports_fips,
            supports_dual_stack: data.supports_dual_stack,
            implicit_global_region: data.implicit_global_region,
        }
    }
}

/// The compiled `regionRegex` of each partition, in table order, compiled on first use
/// (`None` for a pattern that does not compile; the table test makes sure there is none).
fn region_patterns() -> &'static [Option<Regex>] {
    static PATTERNS: OnceLock<Vec<Option<Regex>>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        PARTITIONS
            .iter()
            .map(|data| Regex::new(data.region_regex).ok())
            .collect()
    })
}

/// The rules-engine function `aws.partition`: the partition `region` belongs to.
///
/// A region listed explicitly by a partition belongs to it; otherwise the first partition
/// whose region pattern matches wins; a region that nothing matches falls back to the `aws`
/// partition, as the reference implementations do, so that new regions work before this
/// table knows them.
///
/// A region that is not a valid host label (1 to 63 letters, digits and hyphens, not
/// starting with a hyphen) is no region at all and gives `None`, which the rule sets turn
/// into an error. Rule sets put the region into the endpoint's host name
/// (`https://proton.{Region}.amazonaws.com`), so falling back to `aws` for, say,
/// `us-east-1.evil.com/` would send signed requests to `proton.us-east-1.evil.com`.
///
/// ```
/// use smithy_runtime::endpoint::aws;
///
/// assert_eq!(aws::partition("mars-east-1").map(|p| p.name()), Some("aws"));
/// assert!(aws::partition("us-east-1.evil.com/").is_none());
/// ```
pub fn partition(region: &str) -> Option<Partition> {
    if !crate::endpoint::is_valid_host_label(region, false) {
        return None;
    }
    let explicit = PARTITIONS
        .iter()
        .find(|data| data.regions.contains(&region));
    let data = explicit
        .or_else(|| {
            PARTITIONS
                .iter()
                .zip(region_patterns())
                .find(|(_, pattern)| pattern.as_ref().is_some_and(|p| p.is_match(region)))
                .map(|(data, _)| data)
        })
        .or_else(|| PARTITIONS.iter().find(|data| data.id == DEFAULT_PARTITION))?;
    Some(Partition::from_data(data))
}

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
