//! The partition facts `aws.partition` answers from: read from a file in the format of the
//! published `partitions.json`, or the generator's built-in copy of them.
//!
//! A generated crate whose rule set calls `aws.partition` carries these facts as a table
//! (see [`crate::endpoints`]); the runtime only looks regions up in it.

mod built_in;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};

pub use built_in::built_in;

/// The only version of the partitions format this generator reads.
const SUPPORTED_VERSION: &str = "1.1";

/// Every partition, in the order `aws.partition` tries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionFacts {
    /// The format version of the facts, e.g. `1.1`.
    pub version: String,
    pub partitions: Vec<Partition>,
}

/// One partition: which regions belong to it, and what `aws.partition` returns for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// The partition identifier, e.g. `aws-cn`.
    pub id: String,
    /// The regular expression region names of this partition match.
    pub region_regex: String,
    /// Regions the partition lists explicitly, in name order.
    pub regions: Vec<String>,
    pub outputs: Outputs,
}

/// The attributes of the `Partition` structure of the rules engine.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Outputs {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: String,
}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFacts {
    version: String,
    partitions: Vec<FilePartition>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FilePartition {
    id: String,
    region_regex: String,
    regions: BTreeMap<String, FileRegion>,
    outputs: Outputs,
}

#[derive(Deserialize)]
struct FileRegion {
    #[serde(rename = "description")]
    _description: Option<String>,
    /// Anything else: region-level overrides of the outputs, which the table cannot hold.
    #[serde(flatten)]
    overrides: BTreeMap<String, serde_json::Value>,
}

/// Reads the partitions file at `path`.
pub fn read(path: &Path) -> Result<PartitionFacts, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Diagnostics::from(Diagnostic {
            file: path.to_path_buf(),
            position: None,
            shape: None,
            message: format!("cannot read the partitions file: {error}"),
        })
    })?;
    parse(path, &text)
}

/// Parses `text`, the partitions file at `path`, and checks that every partition can be
/// put into a generated table: each `regionRegex` compiles, no partition id or explicit
/// region is listed twice, and no region overrides the partition's outputs.
pub fn parse(path: &Path, text: &str) -> Result<PartitionFacts, Diagnostics> {
    let file: FileFacts = serde_json::from_str(text).map_err(|error| {
        Diagnostics::from(Diagnostic {
            file: path.to_path_buf(),
            position: Some((error.line(), error.column())),
            shape: None,
            message: format!("invalid partitions file: {}", message_of(&error)),
        })
    })?;
    let mut diagnostics = Diagnostics::default();
    if file.version != SUPPORTED_VERSION {
        diagnostics.file_error(
            path,
            format!(
                "partitions file version `{}` is not supported (this generator reads version {SUPPORTED_VERSION})",
                file.version
            ),
        );
    }
    if file.partitions.is_empty() {
        diagnostics.file_error(path, "the partitions file lists no partition");
    }
    let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
    let mut ids = BTreeMap::new();
    for partition in &file.partitions {
        let id = &partition.id;
        if ids.insert(id.as_str(), ()).is_some() {
            diagnostics.file_error(path, format!("partition `{id}` is listed twice"));
        }
        if let Err(error) = regex_lite::Regex::new(&partition.region_regex) {
            diagnostics.file_error(
                path,
                format!(
                    "partition `{id}`: `regionRegex` `{}` is not a valid regular expression: {error}",
                    partition.region_regex
                ),
            );
        }
        for (region, entry) in &partition.regions {
            if let Some(first) = owners.insert(region, id) {
                diagnostics.file_error(
                    path,
                    format!("region `{region}` is listed by partition `{first}` and by `{id}`"),
                );
            }
            if !entry.overrides.is_empty() {
                let keys: Vec<String> = entry.overrides.keys().map(|k| format!("`{k}`")).collect();
                diagnostics.file_error(
                    path,
                    format!(
                        "partition `{id}`, region `{region}`: region-level overrides ({}) are not supported; a region takes its partition's outputs",
                        keys.join(", ")
                    ),
                );
            }
        }
    }
    let facts = PartitionFacts {
        version: file.version.clone(),
        partitions: file
            .partitions
            .iter()
            .map(|partition| Partition {
                id: partition.id.clone(),
                region_regex: partition.region_regex.clone(),
                regions: partition.regions.keys().cloned().collect(),
                outputs: partition.outputs.clone(),
            })
            .collect(),
    };
    diagnostics.into_result(facts)
}

/// serde_json's message without the ` at line L column C` it appends (the diagnostic shows
/// the position itself).
fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<PartitionFacts, String> {
        parse(Path::new("dir/partitions.json"), text).map_err(|d| d.to_string())
    }

    fn file_with(partitions: &[String]) -> String {
        format!(
            r#"{{"version": "1.1", "partitions": [{}]}}"#,
            partitions.join(", ")
        )
    }

    /// A partition object; `regex` and `regions` are JSON text.
    fn partition(id: &str, regex: &str, regions: &str, outputs: &str) -> String {
        format!(
            r#"{{"id": "{id}", "regionRegex": "{regex}", "regions": {regions}, "outputs": {outputs}}}"#
        )
    }

    const OUTPUTS: &str = r#"{"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
        "supportsFIPS": true, "supportsDualStack": false, "implicitGlobalRegion": "us-east-1"}"#;

    #[test]
    fn reads_partitions_with_their_regions_in_name_order() {
        let text = file_with(&[partition(
            "aws",
            r"^us\\-\\w+\\-\\d+$",
            r#"{"us-west-2": {"description": "Oregon"}, "aws-global": {}}"#,
            OUTPUTS,
        )]);
        let facts = parse_text(&text).unwrap();
        assert_eq!(facts.version, "1.1");
        let [partition] = facts.partitions.as_slice() else {
            panic!("one partition: {facts:?}");
        };
        assert_eq!(partition.id, "aws");
        assert_eq!(partition.region_regex, r"^us\-\w+\-\d+$");
        assert_eq!(partition.regions, ["aws-global", "us-west-2"]);
        assert_eq!(partition.outputs.dual_stack_dns_suffix, "api.aws");
        assert!(partition.outputs.supports_fips);
        assert!(!partition.outputs.supports_dual_stack);
    }

    #[test]
    fn malformed_json_names_the_file_and_position() {
        let error = parse_text("{\"version\": \"1.1\",\n \"partitions\": [}").unwrap_err();
        assert!(
            error.starts_with("error: dir/partitions.json:2:"),
            "{error}"
        );
        assert!(!error.contains("at line"), "{error}");
    }

    #[test]
    fn missing_mistyped_and_unknown_fields_are_reported() {
        let missing = parse_text(&file_with(&[
            r#"{"id": "aws", "regionRegex": "^x$", "regions": {}}"#.to_owned(),
        ]))
        .unwrap_err();
        assert!(missing.contains("missing field `outputs`"), "{missing}");

        let mistyped_outputs =
            OUTPUTS.replace(r#""supportsFIPS": true"#, r#""supportsFIPS": "yes""#);
        let mistyped = parse_text(&file_with(&[partition(
            "aws",
            "^x$",
            "{}",
            &mistyped_outputs,
        )]))
        .unwrap_err();
        assert!(
            mistyped.contains(r#"invalid type: string "yes""#),
            "{mistyped}"
        );

        let unknown_outputs = OUTPUTS.replace(r#""name""#, r#""supportsIPv8": true, "name""#);
        let unknown = parse_text(&file_with(&[partition(
            "aws",
            "^x$",
            "{}",
            &unknown_outputs,
        )]))
        .unwrap_err();
        assert!(
            unknown.contains("unknown field `supportsIPv8`"),
            "{unknown}"
        );
    }

    #[test]
    fn a_region_regex_that_does_not_compile_is_reported_with_its_partition() {
        let error =
            parse_text(&file_with(&[partition("aws-x", "^(us", "{}", OUTPUTS)])).unwrap_err();
        assert!(
            error.starts_with(
                "error: dir/partitions.json: partition `aws-x`: `regionRegex` `^(us` is not a valid regular expression"
            ),
            "{error}"
        );
    }

    #[test]
    fn what_a_table_cannot_hold_is_reported() {
        let text = file_with(&[
            partition(
                "aws",
                "^x$",
                r#"{"us-east-1": {"dnsSuffix": "example.com"}}"#,
                OUTPUTS,
            ),
            partition("aws", "^x$", "{}", OUTPUTS),
            partition("aws-cn", "^x$", r#"{"us-east-1": {}}"#, OUTPUTS),
        ])
        .replace(r#""version": "1.1""#, r#""version": "1.2""#);
        let error = parse_text(&text).unwrap_err();
        for expected in [
            "partitions file version `1.2` is not supported",
            "partition `aws` is listed twice",
            "region `us-east-1` is listed by partition `aws` and by `aws-cn`",
            "partition `aws`, region `us-east-1`: region-level overrides (`dnsSuffix`) are not supported",
        ] {
            assert!(error.contains(expected), "{expected:?} in {error}");
        }
        let empty = parse_text(&file_with(&[])).unwrap_err();
        assert!(empty.contains("lists no partition"), "{empty}");
    }

    #[test]
    fn an_unreadable_file_is_reported() {
        let error = read(Path::new("/nonexistent/partitions.json")).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "error: /nonexistent/partitions.json: cannot read the partitions file"
            ),
            "{error}"
        );
    }

    #[test]
    fn the_built_in_facts_are_valid() {
        let facts = built_in();
        for partition in &facts.partitions {
            assert!(
                regex_lite::Regex::new(&partition.region_regex).is_ok(),
                "{}",
                partition.id
            );
            let mut sorted = partition.regions.clone();
            sorted.sort();
            assert_eq!(
                sorted, partition.regions,
                "{}: regions in name order",
                partition.id
            );
        }
        assert!(facts.partitions.iter().any(|p| p.id == "aws"));
    }

    /// The built-in facts say exactly what the published `partitions.json` says.
    #[test]
    fn built_in_facts_equal_the_published_partitions_json() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/smithy/endpoints/partitions.json");
        if !path.exists() {
            println!("skipped: ../shared not found");
            return;
        }
        let published = read(&path).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(published, built_in());
    }
}
