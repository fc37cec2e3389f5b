//! The partition facts the generator uses when no partitions file is configured: the
//! published `partitions.json` (format version 1.1), written out as Rust.
//!
//! A test compares them with `partitions.json` whenever the shared test data is present;
//! when the published file changes, update them from it.

use super::{Outputs, Partition, PartitionFacts};

/// The built-in partition facts.
pub fn built_in() -> PartitionFacts {
    PartitionFacts {
        version: "1.1".to_owned(),
        partitions: PARTITIONS
            .iter()
            .map(BuiltInPartition::to_partition)
            .collect(),
    }
}

/// One partition, as borrowed data.
struct BuiltInPartition {
    id: &'static str,
    region_regex: &'static str,
    /// In name order.
    regions: &'static [&'static str],
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
}

impl BuiltInPartition {
    fn to_partition(&self) -> Partition {
        Partition {
            id: self.id.to_owned(),
            region_regex: self.region_regex.to_owned(),
            regions: self.regions.iter().map(|r| (*r).to_owned()).collect(),
            outputs: Outputs {
                name: self.name.to_owned(),
                dns_suffix: self.dns_suffix.to_owned(),
                dual_stack_dns_suffix: self.dual_stack_dns_suffix.to_owned(),
                supports_fips: self.supports_fips,
                supports_dual_stack: self.supports_dual_stack,
                implicit_global_region: self.implicit_global_region.to_owned(),
            },
        }
    }
}

static PARTITIONS: &[BuiltInPartition] = &[
    BuiltInPartition {
        id: "aws",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
    BuiltInPartition {
        id: "aws-cn",
        region_regex: r"^cn\-\w+\-\d+$",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
    },
    BuiltInPartition {
        id: "aws-eusc",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        regions: &["eusc-de-east-1"],
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
    },
    BuiltInPartition {
        id: "aws-iso",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
    },
    BuiltInPartition {
        id: "aws-iso-b",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        regions: &["aws-iso-b-global", "us-isob-east-1"],
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
    },
    BuiltInPartition {
        id: "aws-iso-e",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
    },
    BuiltInPartition {
        id: "aws-iso-f",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
    },
    BuiltInPartition {
        id: "aws-us-gov",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
    },
];
