//! The AWS partition table: what `aws.partition` knows about each partition.
//!
//! Written by hand from the published partition facts (partition metadata version 1.1). A
//! test compares it with `partitions.json` whenever the shared test data is present.

/// One partition: its regions and what `aws.partition` returns for them.
pub(crate) struct PartitionData {
    /// The partition identifier, e.g. `aws-cn`.
    pub(crate) id: &'static str,
    /// Regular expression that region names of this partition match.
    pub(crate) region_regex: &'static str,
    /// Regions the partition lists explicitly; they win over any pattern.
    pub(crate) regions: &'static [&'static str],
    pub(crate) name: &'static str,
    pub(crate) dns_suffix: &'static str,
    pub(crate) dual_stack_dns_suffix: &'static str,
    pub(crate) supports_fips: bool,
    pub(crate) supports_dual_stack: bool,
    pub(crate) implicit_global_region: &'static str,
}

/// The partition unknown regions fall back to.
pub(crate) const DEFAULT_PARTITION: &str = "aws";

pub(crate) static PARTITIONS: &[PartitionData] = &[
    PartitionData {
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
    PartitionData {
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
    PartitionData {
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
    PartitionData {
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
    PartitionData {
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
    PartitionData {
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
    PartitionData {
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
    PartitionData {
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

#[cfg(test)]
mod tests {
    use super::{PartitionData, DEFAULT_PARTITION, PARTITIONS};
    use crate::endpoint::aws::{partition, Partition};
    use serde_json::Value;
    use std::path::Path;

    fn field<'a>(value: &'a Value, key: &str) -> &'a Value {
        value
            .get(key)
            .unwrap_or_else(|| panic!("`{key}` is missing in {value}"))
    }

    fn text<'a>(value: &'a Value, key: &str) -> &'a str {
        field(value, key)
            .as_str()
            .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
    }

    fn flag(value: &Value, key: &str) -> bool {
        field(value, key)
            .as_bool()
            .unwrap_or_else(|| panic!("`{key}` is not a boolean in {value}"))
    }

    fn assert_outputs(data: &PartitionData, got: &Partition) {
        assert_eq!(got.name(), data.name);
        assert_eq!(got.dns_suffix(), data.dns_suffix);
        assert_eq!(got.dual_stack_dns_suffix(), data.dual_stack_dns_suffix);
        assert_eq!(got.supports_fips(), data.supports_fips);
        assert_eq!(got.supports_dual_stack(), data.supports_dual_stack);
        assert_eq!(got.implicit_global_region(), data.implicit_global_region);
    }

    /// The hand-written table says exactly what `partitions.json` says.
    #[test]
    fn table_agrees_with_partitions_json() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/smithy/endpoints/partitions.json");
        if !path.exists() {
            println!("skipped: ../shared not found");
            return;
        }
        let text_json = std::fs::read_to_string(&path).expect("partitions.json is readable");
        let json: Value = serde_json::from_str(&text_json).expect("partitions.json is JSON");
        assert_eq!(text(&json, "version"), "1.1");
        let partitions = field(&json, "partitions")
            .as_array()
            .expect("`partitions` is an array");
        assert_eq!(partitions.len(), PARTITIONS.len(), "number of partitions");
        for (json, data) in partitions.iter().zip(PARTITIONS) {
            let id = text(json, "id");
            assert_eq!(id, data.id, "partitions are in the same order");
            assert_eq!(text(json, "regionRegex"), data.region_regex, "{id}");
            let outputs = field(json, "outputs");
            assert_eq!(text(outputs, "name"), data.name, "{id}");
            assert_eq!(text(outputs, "dnsSuffix"), data.dns_suffix, "{id}");
            assert_eq!(
                text(outputs, "dualStackDnsSuffix"),
                data.dual_stack_dns_suffix,
                "{id}"
            );
            assert_eq!(flag(outputs, "supportsFIPS"), data.supports_fips, "{id}");
            assert_eq!(
                flag(outputs, "supportsDualStack"),
                data.supports_dual_stack,
                "{id}"
            );
            assert_eq!(
                text(outputs, "implicitGlobalRegion"),
                data.implicit_global_region,
                "{id}"
            );
            assert_eq!(
                outputs.as_object().map(|o| o.len()),
                Some(6),
                "{id}: no output the table does not know"
            );
            let regions = field(json, "regions")
                .as_object()
                .expect("`regions` is an object");
            let mut names: Vec<&str> = regions.keys().map(String::as_str).collect();
            names.sort_unstable();
            let mut table: Vec<&str> = data.regions.to_vec();
            table.sort_unstable();
            assert_eq!(names, table, "{id}: explicit regions");
            for (region, entry) in regions {
                let keys: Vec<&String> = entry
                    .as_object()
                    .expect("a region entry is an object")
                    .keys()
                    .collect();
                assert!(
                    keys.iter().all(|k| k.as_str() == "description"),
                    "{id}/{region}: region-level overrides are not in the table: {keys:?}"
                );
                let got = partition(region).expect("an explicit region resolves");
                assert_outputs(data, &got);
            }
        }
    }

    #[test]
    fn every_region_pattern_compiles() {
        for data in PARTITIONS {
            assert!(
                regex_lite::Regex::new(data.region_regex).is_ok(),
                "{}: {}",
                data.id,
                data.region_regex
            );
        }
    }

    /// The patterns are written for Java, whose `\w` and `\d` are ASCII-only; so are
    /// regex-lite's (the `regex` crate's would take any Unicode letter or digit).
    #[test]
    fn region_patterns_are_ascii_only() {
        let aws = regex_lite::Regex::new(PARTITIONS[0].region_regex).expect("compiles");
        assert!(aws.is_match("us-x_y-0"));
        assert!(!aws.is_match("us-éast-1"));
        assert!(!aws.is_match("us-east-١"));
    }

    #[test]
    fn explicit_regions_resolve_to_their_partition() {
        for data in PARTITIONS {
            for region in data.regions {
                let got = partition(region).expect("resolves");
                assert_outputs(data, &got);
            }
        }
    }

    #[test]
    fn unknown_regions_match_patterns_then_fall_back_to_aws() {
        let cases = [
            ("eu-south-9", "aws"),
            ("us-east-17", "aws"),
            ("cn-south-3", "aws-cn"),
            ("us-gov-north-1", "aws-us-gov"),
            ("us-iso-north-2", "aws-iso"),
            ("us-isob-west-1", "aws-iso-b"),
            ("us-isof-north-1", "aws-iso-f"),
            ("eu-isoe-north-1", "aws-iso-e"),
            ("eusc-de-west-1", "aws-eusc"),
            ("eusc-fr-east-1", DEFAULT_PARTITION),
            ("mars-east-1", DEFAULT_PARTITION),
            ("x", DEFAULT_PARTITION),
        ];
        for (region, expected) in cases {
            let got = partition(region).expect("every region resolves");
            assert_eq!(got.name(), expected, "{region:?}");
        }
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
            assert!(partition(region).is_none(), "{region:?}");
        }
        assert!(partition(&"a".repeat(64)).is_none());
        assert!(partition(&"a".repeat(63)).is_some());
    }
}
