//! What the tests that build a program against a freshly generated crate share
//! (`auth_schemes.rs`, `lambda_compat.rs`, `streaming_blobs.rs`): generating the crate into a folder, and copying a
//! program next to it and running its tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{CrateSettings, GenerateRequest};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Generates `model` (only `operations`, all when empty) as crate `name` into `dir/name`.
pub fn generate(model: &Path, name: &str, operations: &[&str], dir: &Path) -> PathBuf {
    let root = workspace_root();
    let request = GenerateRequest {
        model_files: vec![model.to_path_buf()],
        source_names: vec![model.file_name().unwrap().to_string_lossy().into_owned()],
        service: None,
        operations: operations.iter().map(|op| op.to_string()).collect(),
        crate_settings: CrateSettings {
            name: name.into(),
            version: "0.0.0".into(),
            description: None,
            runtime_path: root.join("runtime").to_string_lossy().into_owned(),
            workspace_member: false,
        },
        partitions: None,
    };
    let files = codegen::generate(&request).unwrap_or_else(|d| panic!("{d}"));
    let crate_dir = dir.join(name);
    let plan = codegen::output::plan(&crate_dir, files).unwrap();
    codegen::output::apply(&crate_dir, &plan).unwrap();
    crate_dir
}

/// A program kept in the repository: its folder, and how its manifest spells the path to
/// the runtime (made absolute in the copy).
pub struct Program<'a> {
    pub source: PathBuf,
    pub runtime_path: &'a str,
}

impl Program<'_> {
    /// Copies the program (its manifest, `src` and `tests`) into `dir/<name>`, with the
    /// workspace's lock file, and runs its tests with build output in `target/<target>`;
    /// exactly `expected_tests` tests must pass, counted over all its test binaries.
    pub fn run_tests(&self, name: &str, dir: &Path, target: &str, expected_tests: usize) {
        let root = workspace_root();
        let to = dir.join(name);
        for folder in ["", "src", "tests"] {
            std::fs::create_dir_all(to.join(folder)).unwrap();
            for entry in std::fs::read_dir(self.source.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    std::fs::copy(&path, to.join(folder).join(path.file_name().unwrap())).unwrap();
                }
            }
        }
        let manifest = std::fs::read_to_string(to.join("Cargo.toml")).unwrap();
        let runtime = format!("path = {:?}", root.join("runtime").to_string_lossy());
        let manifest = manifest.replace(&format!("path = \"{}\"", self.runtime_path), &runtime);
        assert!(manifest.contains(&runtime), "{name} depends on the runtime");
        std::fs::write(to.join("Cargo.toml"), manifest).unwrap();
        std::fs::copy(root.join("Cargo.lock"), to.join("Cargo.lock")).unwrap();

        let output = Command::new(env!("CARGO"))
            .args(["test", "--quiet", "--offline"])
            .current_dir(&to)
            .env("CARGO_TARGET_DIR", root.join("target").join(target))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{name}'s tests fail against the generated client\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        );
        // `test result: ok. N passed; ...` for each test binary.
        let passed: usize = stdout
            .lines()
            .filter_map(|line| line.strip_prefix("test result: ok. "))
            .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(
            passed, expected_tests,
            "all {expected_tests} tests of {name} ran:\n{stdout}"
        );
    }
}
