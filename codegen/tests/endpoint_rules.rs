//! Endpoint rule sets, end to end: every `smithy.rules#endpointRuleSet` of `model/proton.json`,
//! of every model in `../shared/models` and `../shared/models/rest-json` (skipped, with a message, when `../shared` is absent)
//! and of two hand-written fixtures is rendered with `codegen::endpoints` together with its
//! `smithy.rules#endpointTests`, into one throwaway crate that is then checked with
//! `cargo clippy -D warnings`, documented with `rustdoc -D warnings` and tested with
//! `cargo test`. Every test case of every rule set must pass.
//!
//! The crate builds in `target/endpoint-check`, so the runtime is compiled once. Set
//! `ENDPOINT_RULES_KEEP=1` to keep the generated crate (its path is printed).
//!
//! Known deviation: the upstream models in `../shared/models` expect `us-iso-east-1` and
//! `us-isob-east-1` to have no dual-stack endpoints (an error), but the partition facts in
//! `../shared/smithy/endpoints/partitions.json` (which the generator's built-in partition facts follow)
//! give `aws-iso` and `aws-iso-b` `supportsDualStack: true`. Those cases are taken out of the
//! generated suites and replaced by tests asserting the dual-stack endpoint that the
//! partition facts imply; the harness prints each of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A rule set exercising the whole supported standard library: `parseURL`, `aws.parseArn`,
/// indexes (negative too), `isValidHostLabel`, `substring`, `split`, `uriEncode`,
/// `aws.partition` (explicit regions, patterns and the fallback), `coalesce`, `ite`,
/// templates with escaped braces, headers, properties of every JSON type, defaults,
/// `stringArray` parameters and tree exhaustion.
const FIXTURE: &str = r#"{
  "version": "1.1",
  "parameters": {
    "Region": {"type": "string", "builtIn": "AWS::Region", "documentation": "The region."},
    "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "Use FIPS endpoints."},
    "UseDualStack": {"type": "boolean", "builtIn": "AWS::UseDualStack", "required": true, "default": false, "documentation": "Use dual-stack endpoints."},
    "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint", "documentation": "A custom endpoint, e.g. <code>https://example.com</code> [not a link]."},
    "Mode": {"type": "string", "required": true, "default": "standard", "documentation": "A mode."},
    "Bucket": {"type": "string", "documentation": "A bucket name."},
    "Key": {"type": "string", "documentation": "An object key."},
    "ResourceArn": {"type": "string", "documentation": "An ARN.", "deprecated": {"message": "Use something else.", "since": "2024-01-01"}},
    "Flag": {"type": "boolean", "documentation": "An optional flag."},
    "Tags": {"type": "stringArray", "documentation": "Tags."},
    "Type": {"type": "string", "documentation": "A parameter whose field is a raw identifier."},
    "Params": {"type": "string", "documentation": "A parameter named like the resolver's argument."}
  },
  "rules": [
    {
      "type": "tree",
      "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
      "rules": [
        {
          "type": "error",
          "conditions": [{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"fn": "parseURL", "argv": [{"ref": "Endpoint"}]}]}]}],
          "error": "Invalid endpoint: {Endpoint}"
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "parseURL", "argv": ["{Endpoint}"], "assign": "url"},
            {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}, true]}
          ],
          "endpoint": {"url": "{url#scheme}://{url#authority}{url#normalizedPath}ip"}
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"},
            {"fn": "stringEquals", "argv": ["{url#path}", ""]}
          ],
          "endpoint": {"url": "{url#scheme}://{url#authority}", "headers": {"x-path": ["empty"]}}
        },
        {
          "type": "endpoint",
          "conditions": [{"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"}],
          "endpoint": {"url": "{url#scheme}://{url#authority}{url#path}/v1"}
        }
      ]
    },
    {
      "type": "tree",
      "conditions": [
        {"fn": "isSet", "argv": [{"ref": "ResourceArn"}]},
        {"fn": "aws.parseArn", "argv": [{"ref": "ResourceArn"}], "assign": "arn"}
      ],
      "rules": [
        {
          "type": "error",
          "conditions": [{"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "arn"}, "service"]}, "svc"]}]}],
          "error": "Invalid ARN: unsupported service {arn#service}"
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[1]"], "assign": "name"},
            {"fn": "isValidHostLabel", "argv": [{"ref": "name"}, false]}
          ],
          "endpoint": {
            "url": "https://{name}-{arn#accountId}.{arn#region}.example.com",
            "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "{arn#region}"}]}
          }
        },
        {"type": "error", "conditions": [], "error": "Invalid ARN: no valid resource name"}
      ]
    },
    {
      "type": "tree",
      "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
      "rules": [
        {
          "type": "error",
          "conditions": [{"fn": "not", "argv": [{"fn": "isValidHostLabel", "argv": [{"ref": "Bucket"}, true]}]}],
          "error": "Invalid bucket: {Bucket}"
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 3, false], "assign": "prefix"},
            {"fn": "stringEquals", "argv": [{"ref": "prefix"}, "log"]}
          ],
          "endpoint": {"url": "https://logs.example.com/{Bucket}"}
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "split", "argv": [{"ref": "Bucket"}, "--", 0], "assign": "parts"},
            {"fn": "getAttr", "argv": [{"ref": "parts"}, "[-1]"], "assign": "last"},
            {"fn": "stringEquals", "argv": [{"ref": "last"}, "x-s3"]},
            {"fn": "getAttr", "argv": [{"ref": "parts"}, "[0]"], "assign": "first"}
          ],
          "endpoint": {"url": "https://{first}.s3express.example.com"}
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "isSet", "argv": [{"ref": "Key"}]},
            {"fn": "uriEncode", "argv": ["{Bucket}/{Key}"], "assign": "encoded"}
          ],
          "endpoint": {"url": "https://example.com/{encoded}", "headers": {"x-bucket": ["{Bucket}"]}}
        },
        {
          "type": "endpoint",
          "conditions": [],
          "endpoint": {"url": "https://{Bucket}.example.com", "headers": {"x-mode": [{"ref": "Mode"}]}}
        }
      ]
    },
    {
      "type": "tree",
      "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Region"}]},
        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
      ],
      "rules": [
        {
          "type": "error",
          "conditions": [
            {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
            {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "supportsFIPS"]}, false]}
          ],
          "error": "FIPS is not supported in {PartitionResult#name}"
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
            {"fn": "booleanEquals", "argv": [true, {"ref": "UseDualStack"}]}
          ],
          "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dualStackDnsSuffix}"}
        },
        {
          "type": "endpoint",
          "conditions": [{"fn": "booleanEquals", "argv": [{"fn": "coalesce", "argv": [{"ref": "Flag"}, false]}, true]}],
          "endpoint": {
            "url": "https://flag.{Region}.{PartitionResult#dnsSuffix}",
            "properties": {"flag": true, "n": 3, "neg": -1, "f": 1.5, "nothing": null, "nested": {"list": ["a", "{Region}"]}}
          }
        },
        {
          "type": "endpoint",
          "conditions": [
            {"fn": "ite", "argv": [{"ref": "UseFIPS"}, "-fips", ""], "assign": "fips"},
            {"fn": "ite", "argv": [{"ref": "UseDualStack"}, "{PartitionResult#dualStackDnsSuffix}", "{PartitionResult#dnsSuffix}"], "assign": "suffix"}
          ],
          "endpoint": {
            "url": "https://svc{fips}.{Region}.{suffix}",
            "headers": {"x-partition": ["{PartitionResult#name}"]},
            "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "{PartitionResult#implicitGlobalRegion}"}]}
          }
        }
      ]
    },
    {
      "type": "endpoint",
      "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Tags"}]},
        {"fn": "getAttr", "argv": [{"ref": "Tags"}, "[1]"], "assign": "second"}
      ],
      "endpoint": {"url": "https://tags.example.com/{second}"}
    },
    {
      "type": "endpoint",
      "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Type"}]},
        {"fn": "stringEquals", "argv": [{"ref": "Type"}, "special"]}
      ],
      "endpoint": {"url": "https://special.example.com/{Type}"}
    },
    {
      "type": "error",
      "conditions": [{"fn": "isSet", "argv": [{"ref": "Params"}]}],
      "error": "params: {Params} in {Mode} mode"
    },
    {
      "type": "error",
      "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Mode"}, "legacy"]}],
      "error": "Legacy mode: {{braces}} are escaped"
    },
    {"type": "error", "conditions": [], "error": "Missing Region"}
  ]
}"#;

const FIXTURE_TESTS: &str = r#"{
  "version": "1.0",
  "testCases": [
    {"documentation": "custom endpoint without a path", "params": {"Endpoint": "https://example.com"},
     "expect": {"endpoint": {"url": "https://example.com", "headers": {"x-path": ["empty"]}}}},
    {"documentation": "custom endpoint with an IPv4 address", "params": {"Endpoint": "http://10.1.2.3:8080/base"},
     "expect": {"endpoint": {"url": "http://10.1.2.3:8080/base/ip"}}},
    {"documentation": "custom endpoint with an IPv6 address", "params": {"Endpoint": "https://[::1]:443", "Region": "us-east-1"},
     "expect": {"endpoint": {"url": "https://[::1]:443/ip"}}},
    {"documentation": "custom endpoint with a path", "params": {"Endpoint": "https://example.com/base"},
     "expect": {"endpoint": {"url": "https://example.com/base/v1"}}},
    {"documentation": "custom endpoint with a query", "params": {"Endpoint": "https://example.com?x=1"},
     "expect": {"error": "Invalid endpoint: https://example.com?x=1"}},
    {"documentation": "custom endpoint with another scheme", "params": {"Endpoint": "ftp://example.com"},
     "expect": {"error": "Invalid endpoint: ftp://example.com"}},
    {"documentation": "ARN with a resource name", "params": {"ResourceArn": "arn:aws:svc:us-west-2:123456789012:thing/my-thing"},
     "expect": {"endpoint": {"url": "https://my-thing-123456789012.us-west-2.example.com",
       "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "us-west-2"}]}}}},
    {"documentation": "ARN of another service", "params": {"ResourceArn": "arn:aws:other:us-west-2:1:thing/x"},
     "expect": {"error": "Invalid ARN: unsupported service other"}},
    {"documentation": "ARN without a resource name", "params": {"ResourceArn": "arn:aws:svc:us-west-2:1:thing"},
     "expect": {"error": "Invalid ARN: no valid resource name"}},
    {"documentation": "ARN with an invalid resource name", "params": {"ResourceArn": "arn:aws:svc:us-west-2:1:thing/bad_name"},
     "expect": {"error": "Invalid ARN: no valid resource name"}},
    {"documentation": "not an ARN", "params": {"ResourceArn": "not-an-arn"},
     "expect": {"error": "Missing Region"}},
    {"documentation": "invalid bucket", "params": {"Bucket": "bad bucket"},
     "expect": {"error": "Invalid bucket: bad bucket"}},
    {"documentation": "log bucket", "params": {"Bucket": "logs-2024"},
     "expect": {"endpoint": {"url": "https://logs.example.com/logs-2024"}}},
    {"documentation": "express bucket", "params": {"Bucket": "data--usw2-az1--x-s3"},
     "expect": {"endpoint": {"url": "https://data.s3express.example.com"}}},
    {"documentation": "bucket and key are encoded", "params": {"Bucket": "photos", "Key": "a b/c.jpg"},
     "expect": {"endpoint": {"url": "https://example.com/photos%2Fa%20b%2Fc.jpg", "headers": {"x-bucket": ["photos"]}}}},
    {"documentation": "plain bucket uses the default mode", "params": {"Bucket": "photos"},
     "expect": {"endpoint": {"url": "https://photos.example.com", "headers": {"x-mode": ["standard"]}}}},
    {"documentation": "plain bucket with a mode", "params": {"Bucket": "photos", "Mode": "custom"},
     "expect": {"endpoint": {"url": "https://photos.example.com", "headers": {"x-mode": ["custom"]}}}},
    {"documentation": "short bucket", "params": {"Bucket": "ab"},
     "expect": {"endpoint": {"url": "https://ab.example.com", "headers": {"x-mode": ["standard"]}}}},
    {"documentation": "FIPS and dual-stack", "params": {"Region": "us-east-1", "UseFIPS": true, "UseDualStack": true},
     "expect": {"endpoint": {"url": "https://svc-fips.us-east-1.api.aws"}}},
    {"documentation": "flag set", "params": {"Region": "cn-north-1", "Flag": true},
     "expect": {"endpoint": {"url": "https://flag.cn-north-1.amazonaws.com.cn",
       "properties": {"flag": true, "n": 3, "neg": -1, "f": 1.5, "nothing": null, "nested": {"list": ["a", "cn-north-1"]}}}}},
    {"documentation": "FIPS in GovCloud", "params": {"Region": "us-gov-west-1", "UseFIPS": true},
     "expect": {"endpoint": {"url": "https://svc-fips.us-gov-west-1.amazonaws.com", "headers": {"x-partition": ["aws-us-gov"]},
       "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "us-gov-west-1"}]}}}},
    {"documentation": "dual-stack in the EU sovereign cloud", "params": {"Region": "eusc-de-east-1", "UseDualStack": true},
     "expect": {"endpoint": {"url": "https://svc.eusc-de-east-1.api.amazonwebservices.eu", "headers": {"x-partition": ["aws-eusc"]},
       "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "eusc-de-east-1"}]}}}},
    {"documentation": "unknown region falls back to aws", "params": {"Region": "mars-west-1"},
     "expect": {"endpoint": {"url": "https://svc.mars-west-1.amazonaws.com", "headers": {"x-partition": ["aws"]},
       "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "us-east-1"}]}}}},
    {"documentation": "flag unset in ISOB", "params": {"Region": "us-isob-east-1", "Flag": false},
     "expect": {"endpoint": {"url": "https://svc.us-isob-east-1.sc2s.sgov.gov", "headers": {"x-partition": ["aws-iso-b"]},
       "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "us-isob-east-1"}]}}}},
    {"documentation": "second tag", "params": {"Tags": ["a", "b"]},
     "expect": {"endpoint": {"url": "https://tags.example.com/b"}}},
    {"documentation": "a single tag", "params": {"Tags": ["a"]},
     "expect": {"error": "Missing Region"}},
    {"documentation": "a keyword parameter", "params": {"Type": "special"},
     "expect": {"endpoint": {"url": "https://special.example.com/special"}}},
    {"documentation": "a keyword parameter with another value", "params": {"Type": "other"},
     "expect": {"error": "Missing Region"}},
    {"documentation": "a parameter named params", "params": {"Params": "x", "Mode": "m"},
     "expect": {"error": "params: x in m mode"}},
    {"documentation": "legacy mode", "params": {"Mode": "legacy"},
     "expect": {"error": "Legacy mode: {braces} are escaped"}},
    {"documentation": "nothing set", "params": {},
     "expect": {"error": "Missing Region"}},
    {"expect": {"error": "Missing Region"}}
  ]
}"#;

/// A rule set without parameters whose only rule fails.
const MINIMAL: &str = r#"{"version": "1.0", "parameters": {}, "rules": [{"type": "error", "conditions": [], "error": "always"}]}"#;
const MINIMAL_TESTS: &str = r#"{"version": "1.0", "testCases": [{"documentation": "always fails", "params": {}, "expect": {"error": "always"}}]}"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

/// One rule set to check.
struct Subject {
    /// Module name in the throwaway crate.
    module: String,
    /// Where it comes from, for messages.
    label: String,
    rule_set: Value,
    tests: Value,
    /// Cases whose expectation contradicts `partitions.json` (see the module docs): the
    /// region, `UseFIPS`, the documentation and the dual-stack DNS suffix expected instead.
    stale: Vec<StaleCase>,
}

struct StaleCase {
    region: String,
    use_fips: bool,
    documentation: String,
    dual_stack_dns_suffix: &'static str,
}

impl Subject {
    fn cases(&self) -> usize {
        self.tests
            .get("testCases")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }
}

/// The dual-stack DNS suffix `partitions.json` gives the partitions whose dual-stack support
/// the upstream test cases predate.
fn newer_dual_stack_suffix(region: &str) -> Option<&'static str> {
    match region {
        "us-iso-east-1" | "us-iso-west-1" => Some("api.aws.ic.gov"),
        "us-isob-east-1" => Some("api.aws.scloud"),
        _ => None,
    }
}

/// Takes the cases that expect "no dual-stack" in `aws-iso` / `aws-iso-b` out of `tests`.
fn split_stale_cases(tests: &mut Value) -> Vec<StaleCase> {
    let stale_cases: Vec<bool> = codegen::endpoints::parse_tests(tests)
        .map(|cases| {
            cases
                .iter()
                .map(codegen::endpoints::TestCase::predates_partition_facts)
                .collect()
        })
        .unwrap_or_default();
    let Some(cases) = tests.get_mut("testCases").and_then(Value::as_array_mut) else {
        return Vec::new();
    };
    let mut stale = Vec::new();
    let mut index = 0;
    cases.retain(|case| {
        let params = &case["params"];
        let region = params["Region"].as_str().unwrap_or_default();
        let is_stale = stale_cases.get(index).copied().unwrap_or(false);
        index += 1;
        if is_stale {
            let suffix = newer_dual_stack_suffix(region)
                .unwrap_or_else(|| panic!("no dual-stack DNS suffix known for `{region}`"));
            stale.push(StaleCase {
                region: region.to_owned(),
                use_fips: params["UseFIPS"] == Value::Bool(true),
                documentation: case["documentation"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                dual_stack_dns_suffix: suffix,
            });
        }
        !is_stale
    });
    stale
}

/// The rule sets (with their tests) of every service in the model at `path`.
fn subjects_of_model(path: &Path, prefix: &str, name: &str) -> Vec<Subject> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    let model: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is JSON: {e}", path.display()));
    let stem = path
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        .to_ascii_lowercase();
    let mut subjects = Vec::new();
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .expect("a Smithy JSON AST has shapes");
    for (id, shape) in shapes {
        let Some(traits) = shape.get("traits") else {
            continue;
        };
        let Some(rule_set) = traits.get("smithy.rules#endpointRuleSet") else {
            continue;
        };
        let mut tests = traits
            .get("smithy.rules#endpointTests")
            .cloned()
            .unwrap_or_else(|| serde_json::json!({"testCases": []}));
        let stale = split_stale_cases(&mut tests);
        let module = if subjects.is_empty() {
            format!("{prefix}_{stem}")
        } else {
            format!("{prefix}_{stem}_{}", subjects.len() + 1)
        };
        subjects.push(Subject {
            module,
            label: format!("{name} ({id})"),
            rule_set: rule_set.clone(),
            tests,
            stale,
        });
    }
    subjects
}

fn all_subjects() -> Vec<Subject> {
    let mut subjects = vec![
        Subject {
            module: "fixture_stdlib".into(),
            label: "hand-written standard-library fixture".into(),
            rule_set: serde_json::from_str(FIXTURE).expect("the fixture is JSON"),
            tests: serde_json::from_str(FIXTURE_TESTS).expect("the fixture tests are JSON"),
            stale: Vec::new(),
        },
        Subject {
            module: "fixture_minimal".into(),
            label: "hand-written minimal fixture".into(),
            rule_set: serde_json::from_str(MINIMAL).expect("JSON"),
            tests: serde_json::from_str(MINIMAL_TESTS).expect("JSON"),
            stale: Vec::new(),
        },
    ];
    let proton = workspace_root().join("model/proton.json");
    let local = subjects_of_model(&proton, "model", "model/proton.json");
    assert!(
        !local.is_empty(),
        "model/proton.json has an endpoint rule set"
    );
    subjects.extend(local);
    let shared = workspace_root().join("../shared/models");
    if shared.is_dir() {
        let mut files: Vec<PathBuf> = [
            shared.clone(),
            shared.join("rest-json"),
            shared.join("streaming"),
        ]
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).expect("../shared/models is readable"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
        files.sort();
        for file in files {
            let name = format!(
                "../shared/models/{}",
                file.strip_prefix(&shared)
                    .expect("under ../shared/models")
                    .to_string_lossy()
            );
            let found = subjects_of_model(&file, "shared", &name);
            assert!(
                !found.is_empty(),
                "{} has an endpoint rule set",
                file.display()
            );
            subjects.extend(found);
        }
    } else {
        println!(
            "skipped: ../shared not found (only model/proton.json and the fixtures are checked)"
        );
    }
    subjects
}

fn format_tokens(tokens: proc_macro2::TokenStream, what: &str) -> String {
    let file = syn::parse2::<syn::File>(tokens)
        .unwrap_or_else(|e| panic!("{what}: the generated code does not parse: {e}"));
    prettyplease::unparse(&file)
}

/// Writes the throwaway crate; returns its folder guard.
fn write_crate(subjects: &[Subject]) -> tempfile::TempDir {
    let mut dir = tempfile::tempdir().expect("a temporary folder");
    if std::env::var_os("ENDPOINT_RULES_KEEP").is_some() {
        dir.disable_cleanup(true);
    }
    let runtime = workspace_root().join("runtime");
    let manifest = format!(
        "[package]\nname = \"endpoint-rules-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nsmithy-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.to_string_lossy()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("write Cargo.toml");
    // The workspace's lock file keeps dependency versions (and so the build cache) aligned.
    let lock = workspace_root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, dir.path().join("Cargo.lock")).expect("copy Cargo.lock");
    }
    let src = dir.path().join("src");
    std::fs::create_dir(&src).expect("create src");
    let mut lib = String::from(
        "//! Endpoint resolvers generated from the rule sets of the test models.\n\n\
         #![deny(warnings, missing_docs)]\n\n",
    );
    for subject in subjects {
        let rules = codegen::endpoints::compile_rule_set(&subject.rule_set)
            .unwrap_or_else(|e| panic!("{}: compile_rule_set failed: {e}", subject.label));
        let resolver =
            codegen::endpoints::render_resolver(&rules, &codegen::partitions::built_in());
        let cases = codegen::endpoints::parse_tests(&subject.tests)
            .unwrap_or_else(|e| panic!("{}: parse_tests failed: {e}", subject.label));
        let tests = codegen::endpoints::render_tests(&cases);
        let tokens = quote::quote! {
            #resolver

            #[cfg(test)]
            mod tests {
                #tests
            }
        };
        let mut code = format_tokens(tokens, &subject.label);
        code.push_str(&stale_tests(subject));
        std::fs::write(src.join(format!("{}.rs", subject.module)), code).expect("write a module");
        lib.push_str(&format!(
            "/// Endpoint resolution for {}.\npub mod {};\n",
            subject.label.replace('`', "'"),
            subject.module
        ));
    }
    std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");
    dir
}

/// Tests for the cases whose upstream expectation is stale: the resolver gives the
/// dual-stack endpoint of the partition, as `partitions.json` says it has one.
fn stale_tests(subject: &Subject) -> String {
    if subject.stale.is_empty() {
        return String::new();
    }
    let tests = subject.stale.iter().enumerate().map(|(i, case)| {
        let name = quote::format_ident!("case_{i}");
        let doc = format!(
            " {}: the upstream expectation predates dual-stack support in this partition.",
            case.documentation
        );
        let region = &case.region;
        let fips = case.use_fips;
        let suffix = format!(".{}.{}", case.region, case.dual_stack_dns_suffix);
        quote::quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let params = super::Params::builder()
                    .region(#region)
                    .use_fips(#fips)
                    .use_dual_stack(true)
                    .build()
                    .expect("valid parameters");
                let endpoint = super::resolve_endpoint(&params).expect("a dual-stack endpoint");
                assert!(endpoint.url().ends_with(#suffix), "{}", endpoint.url());
            }
        }
    });
    let tokens = quote::quote! {
        #[cfg(test)]
        mod stale_partition_data {
            #(#tests)*
        }
    };
    format!("\n{}", format_tokens(tokens, &subject.label))
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    let target = workspace_root().join("target/endpoint-check");
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cargo {args:?} runs: {e}"))
}

fn assert_success(output: &Output, what: &str, dir: &Path) {
    assert!(
        output.status.success(),
        "{what} failed in {}:\n--- stdout\n{}\n--- stderr\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_endpoint_rule_set_compiles_cleanly_and_passes_its_tests() {
    let subjects = all_subjects();
    let dir = write_crate(&subjects);
    let path = dir.path();
    if std::env::var_os("ENDPOINT_RULES_KEEP").is_some() {
        println!("keeping the generated crate in {}", path.display());
    }

    let clippy = cargo(
        path,
        &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
    );
    assert_success(&clippy, "cargo clippy -D warnings", path);

    let doc = cargo(path, &["doc", "--no-deps", "--quiet"]);
    assert_success(&doc, "cargo doc (RUSTDOCFLAGS=-D warnings)", path);

    let test = cargo(path, &["test", "--lib"]);
    assert_success(&test, "cargo test", path);

    // `test shared_ecs_2014_11_13::tests::name ... ok`
    let stdout = String::from_utf8_lossy(&test.stdout);
    let mut passed: BTreeMap<&str, usize> = BTreeMap::new();
    let mut replaced: BTreeMap<&str, usize> = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, outcome)) = rest.split_once(" ... ") else {
            continue;
        };
        assert_eq!(outcome, "ok", "{line}");
        if let Some((module, _)) = name.split_once("::tests::") {
            *passed.entry(module).or_default() += 1;
        } else if let Some((module, _)) = name.split_once("::stale_partition_data::") {
            *replaced.entry(module).or_default() += 1;
        }
    }
    let (mut total, mut total_replaced) = (0, 0);
    for subject in &subjects {
        let ran = passed.get(subject.module.as_str()).copied().unwrap_or(0);
        let stale = replaced.get(subject.module.as_str()).copied().unwrap_or(0);
        let mut line = format!(
            "{}: {ran}/{} endpoint test cases passed",
            subject.label,
            subject.cases() + subject.stale.len()
        );
        if !subject.stale.is_empty() {
            line.push_str(&format!(
                "; {stale} with an expectation contradicting partitions.json checked against \
                 partitions.json instead:"
            ));
            for case in &subject.stale {
                line.push_str(&format!("\n    {:?}", case.documentation));
            }
        }
        println!("{line}");
        assert_eq!(ran, subject.cases(), "{}: every case ran", subject.label);
        assert_eq!(
            stale,
            subject.stale.len(),
            "{}: every replaced case ran",
            subject.label
        );
        total += ran;
        total_replaced += stale;
    }
    println!(
        "endpoint rule sets: {} checked, {total} endpoint test cases passed, {total_replaced} \
         stale cases checked against partitions.json",
        subjects.len()
    );
}
