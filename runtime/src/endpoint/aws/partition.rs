//! `aws.partition`: the partition a region belongs to, looked up in the table a generated
//! crate carries.
//!
//! The code generator writes the partition facts (from a `partitions.json` file, or its
//! built-in copy of the published one) into each generated crate whose rule set calls
//! `aws.partition`, as a `static` [`PartitionTable`]; this module only knows how to look
//! a region up in such a table.

use regex_lite::Regex;
use std::sync::OnceLock;

/// The partition unknown regions fall back to, when the table has it.
const FALLBACK_PARTITION: &str = "aws";

/// One partition as a generated table lists it: how to recognise its regions, and what
/// `aws.partition` returns for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionData {
    /// The partition identifier, e.g. `aws-cn`.
    pub id: &'static str,
    /// The regular expression region names of this partition match (regex-lite syntax,
    /// which covers the Java patterns of `partitions.json`).
    pub region_regex: &'static str,
    /// Regions the partition lists explicitly; they win over any pattern.
    pub regions: &'static [&'static str],
    /// Attribute `name`.
    pub name: &'static str,
    /// Attribute `dnsSuffix`.
    pub dns_suffix: &'static str,
    /// Attribute `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: &'static str,
    /// Attribute `supportsFIPS`.
    pub supports_fips: bool,
    /// Attribute `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// Attribute `implicitGlobalRegion`.
    pub implicit_global_region: &'static str,
}

/// The partitions `aws.partition` chooses from, in the order they are tried.
///
/// Made to be a `static`: each region pattern is compiled the first time a lookup needs
/// it, once for the life of the program.
///
/// ```
/// use smithy_runtime::endpoint::aws::{partition, PartitionData, PartitionTable};
///
/// static TABLE: PartitionTable = PartitionTable::new(&[PartitionData {
///     id: "aws",
///     region_regex: r"^(us|eu)\-\w+\-\d+$",
///     regions: &["aws-global", "us-east-1"],
///     name: "aws",
///     dns_suffix: "amazonaws.com",
///     dual_stack_dns_suffix: "api.aws",
///     supports_fips: true,
///     supports_dual_stack: true,
///     implicit_global_region: "us-east-1",
/// }]);
///
/// assert_eq!(partition(&TABLE, "eu-west-3").map(|p| p.dns_suffix()), Some("amazonaws.com"));
/// ```
#[derive(Debug)]
pub struct PartitionTable {
    partitions: &'static [PartitionData],
    /// The compiled `region_regex` of each partition, in table order; `None` for a pattern
    /// that does not compile (the generator rejects those, so a table it wrote has none).
    patterns: OnceLock<Vec<Option<Regex>>>,
}

impl PartitionTable {
    /// A table of `partitions`, tried in this order.
    pub const fn new(partitions: &'static [PartitionData]) -> PartitionTable {
        PartitionTable {
            partitions,
            patterns: OnceLock::new(),
        }
    }

    /// The partitions, in table order.
    pub fn partitions(&self) -> &'static [PartitionData] {
        self.partitions
    }

    fn patterns(&self) -> &[Option<Regex>] {
        self.patterns.get_or_init(|| {
            self.partitions
                .iter()
                .map(|data| Regex::new(data.region_regex).ok())
                .collect()
        })
    }

    fn find(&self, region: &str) -> Option<&'static PartitionData> {
        let partitions = self.partitions;
        partitions
            .iter()
            .find(|data| data.regions.contains(&region))
            .or_else(|| {
                partitions
                    .iter()
                    .zip(self.patterns())
                    .find(|(_, pattern)| pattern.as_ref().is_some_and(|p| p.is_match(region)))
                    .map(|(data, _)| data)
            })
            .or_else(|| partitions.iter().find(|data| data.id == FALLBACK_PARTITION))
    }
}

/// What `aws.partition` returns: the facts about the partition a region belongs to.
///
/// The accessors are named after the rules-engine attributes (`dnsSuffix` →
/// [`dns_suffix`](Partition::dns_suffix), and so on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    data: &'static PartitionData,
}

impl Partition {
    /// The partition's identifier in its table, e.g. `aws-cn`.
    pub fn id(&self) -> &'static str {
        self.data.id
    }

    /// The partition's name, e.g. `aws` or `aws-cn` (attribute `name`).
    pub fn name(&self) -> &'static str {
        self.data.name
    }

    /// The partition's default DNS suffix, e.g. `amazonaws.com` (attribute `dnsSuffix`).
    pub fn dns_suffix(&self) -> &'static str {
        self.data.dns_suffix
    }

    /// The DNS suffix of dual-stack endpoints, e.g. `api.aws` (attribute
    /// `dualStackDnsSuffix`).
    pub fn dual_stack_dns_suffix(&self) -> &'static str {
        self.data.dual_stack_dns_suffix
    }

    /// Whether the partition has FIPS-compliant endpoints (attribute `supportsFIPS`).
    pub fn supports_fips(&self) -> bool {
        self.data.supports_fips
    }

    /// Whether the partition has dual-stack endpoints (attribute `supportsDualStack`).
    pub fn supports_dual_stack(&self) -> bool {
        self.data.supports_dual_stack
    }

    /// The region global services of this partition sign for (attribute
    /// `implicitGlobalRegion`).
    pub fn implicit_global_region(&self) -> &'static str {
        self.data.implicit_global_region
    }
}

/// The rules-engine function `aws.partition`: the partition of `table` that `region`
/// belongs to.
///
/// A region listed explicitly by a partition belongs to it; otherwise the first partition
/// whose region pattern matches wins; a region that nothing matches falls back to the `aws`
/// partition (when the table has one), as the reference implementations do, so that new
/// regions work before the table knows them.
///
/// A region that is not a valid host label (1 to 63 letters, digits and hyphens, not
/// starting with a hyphen) is no region at all and gives `None`, which the rule sets turn
/// into an error. Rule sets put the region into the endpoint's host name
/// (`https://proton.{Region}.amazonaws.com`), so falling back to `aws` for, say,
/// `us-east-1.evil.com/` would send signed requests to `proton.us-east-1.evil.com`.
pub fn partition(table: &'static PartitionTable, region: &str) -> Option<Partition> {
    if !crate::endpoint::is_valid_host_label(region, false) {
        return None;
    }
    table.find(region).map(|data| Partition { data })
}

#[cfg(test)]
mod tests {
    use super::{partition, PartitionData, PartitionTable};

    const fn facts(
        id: &'static str,
        region_regex: &'static str,
        regions: &'static [&'static str],
        dns_suffix: &'static str,
    ) -> PartitionData {
        PartitionData {
            id,
            region_regex,
            regions,
            name: id,
            dns_suffix,
            dual_stack_dns_suffix: "dualstack.example",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "global-1",
        }
    }

    /// Shaped like the published facts (explicit regions that match no pattern, a pattern
    /// with a fixed middle part), plus an explicit region that an earlier partition's
    /// pattern matches too.
    static TABLE: PartitionTable = PartitionTable::new(&[
        facts(
            "aws",
            r"^(us|eu)\-\w+\-\d+$",
            &["aws-global", "us-east-1"],
            "amazonaws.com",
        ),
        facts(
            "aws-cn",
            r"^cn\-\w+\-\d+$",
            &["cn-north-1"],
            "amazonaws.com.cn",
        ),
        facts(
            "aws-us-gov",
            r"^us\-gov\-\w+\-\d+$",
            &["us-gov-west-1", "aws-us-gov-global", "us-govcloud-1"],
            "amazonaws.com",
        ),
        facts("aws-eusc", r"^eusc\-(de)\-\w+\-\d+$", &[], "amazonaws.eu"),
    ]);

    static WITHOUT_AWS: PartitionTable =
        PartitionTable::new(&[facts("aws-cn", r"^cn\-\w+\-\d+$", &[], "amazonaws.com.cn")]);

    static BROKEN_PATTERN: PartitionTable = PartitionTable::new(&[
        facts("aws", r"^us\-\w+\-\d+$", &[], "amazonaws.com"),
        facts("broken", r"^(cn", &["cn-listed-1"], "broken.example"),
    ]);

    fn partition_id(table: &'static PartitionTable, region: &str) -> Option<&'static str> {
        partition(table, region).map(|p| p.id())
    }

    #[test]
    fn explicit_regions_resolve_to_their_partition() {
        for data in TABLE.partitions() {
            for region in data.regions {
                let got = partition(&TABLE, region).expect("resolves");
                assert_eq!(got.id(), data.id, "{region}");
                assert_eq!(got.name(), data.name);
                assert_eq!(got.dns_suffix(), data.dns_suffix);
                assert_eq!(got.dual_stack_dns_suffix(), data.dual_stack_dns_suffix);
                assert_eq!(got.supports_fips(), data.supports_fips);
                assert_eq!(got.supports_dual_stack(), data.supports_dual_stack);
                assert_eq!(got.implicit_global_region(), data.implicit_global_region);
            }
        }
    }

    #[test]
    fn an_explicit_region_wins_over_an_earlier_partitions_pattern() {
        // `us-govcloud-1` matches the pattern of `aws` too, which comes first.
        assert_eq!(partition_id(&TABLE, "us-govcloud-1"), Some("aws-us-gov"));
        assert_eq!(partition_id(&TABLE, "us-govcloud-2"), Some("aws"));
        assert_eq!(partition_id(&TABLE, "us-gov-east-1"), Some("aws-us-gov"));
    }

    #[test]
    fn unlisted_regions_match_patterns_then_fall_back_to_aws() {
        let cases = [
            ("eu-south-9", "aws"),
            ("us-east-17", "aws"),
            ("cn-south-3", "aws-cn"),
            ("eusc-de-west-1", "aws-eusc"),
            ("eusc-fr-east-1", "aws"),
            ("mars-east-1", "aws"),
            ("x", "aws"),
        ];
        for (region, expected) in cases {
            assert_eq!(partition_id(&TABLE, region), Some(expected), "{region:?}");
        }
    }

    #[test]
    fn without_an_aws_partition_unmatched_regions_have_none() {
        assert_eq!(partition_id(&WITHOUT_AWS, "cn-north-9"), Some("aws-cn"));
        assert_eq!(partition_id(&WITHOUT_AWS, "us-east-1"), None);
    }

    #[test]
    fn a_pattern_that_does_not_compile_matches_nothing() {
        assert_eq!(partition_id(&BROKEN_PATTERN, "cn-north-1"), Some("aws"));
        assert_eq!(
            partition_id(&BROKEN_PATTERN, "cn-listed-1"),
            Some("broken"),
            "explicit regions do not need the pattern"
        );
    }

    /// The patterns are written for Java, whose `\w` and `\d` are ASCII-only; so are
    /// regex-lite's (the `regex` crate's would take any Unicode letter or digit).
    #[test]
    fn region_patterns_are_ascii_only() {
        let aws = regex_lite::Regex::new(TABLE.partitions()[0].region_regex).expect("compiles");
        assert!(aws.is_match("us-x_y-0"));
        assert!(!aws.is_match("us-éast-1"));
        assert!(!aws.is_match("us-east-١"));
    }

    #[test]
    fn values_that_are_not_host_labels_have_no_partition() {
        for region in [
            "",
            "not a region",
            "us-east-1\u{0}",
            "us-east-1.evil.com/",
            "us-east-1.evil.com",
            "evil.com#",
            "us-east-1/",
            "us-east-1:443",
            "us-east-1@evil.com",
            "-us-east-1",
            "us-east-1\r\nx-injected: 1",
            "région-1",
        ] {
            assert!(partition(&TABLE, region).is_none(), "{region:?}");
        }
        assert!(partition(&TABLE, &"a".repeat(64)).is_none());
        assert!(partition(&TABLE, &"a".repeat(63)).is_some());
    }
}
