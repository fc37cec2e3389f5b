//! The whole generator up to rendering, in memory: load, validate, normalize, name + IR,
//! render. Nothing is written.
//!
//! Invariants: no panic; every problem names the file; every generated path is relative and
//! stays inside the output folder.
#![no_main]

use std::path::{Component, Path};

use codegen::model::load::load_str;
use codegen::{CrateSettings, Diagnostics};
use libfuzzer_sys::fuzz_target;

const FILE: &str = "fuzz.json";

fn check(diagnostics: &Diagnostics) {
    assert!(!diagnostics.is_empty(), "an error without a diagnostic");
    for item in diagnostics.iter() {
        assert_eq!(item.file, Path::new(FILE), "{item}");
        assert!(!item.message.is_empty(), "{item:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let model = match load_str(Path::new(FILE), &text) {
        Ok(model) => model,
        Err(problems) => return check(&problems),
    };
    if let Err(problems) = codegen::validate::validate(&model) {
        return check(&problems);
    }
    let normalized = match codegen::normalize::normalize(&model, None, &[]) {
        Ok(normalized) => normalized,
        Err(problems) => return check(&problems),
    };
    let settings = CrateSettings {
        name: "fuzzed-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_path: "../runtime".into(),
        workspace_member: false,
    };
    let def = match codegen::ir::build(&normalized, settings) {
        Ok(def) => def,
        Err(problems) => return check(&problems),
    };
    // Rendering cannot fail: whatever the IR accepted becomes files (a panic is a crash).
    let files = codegen::render::render(&def, &[FILE.to_string()], &codegen::partitions::built_in());
    assert!(files.files.contains_key("Cargo.toml"));
    for path in files.files.keys() {
        assert!(
            Path::new(path)
                .components()
                .all(|component| matches!(component, Component::Normal(_))),
            "generated path escapes the output folder: {path:?}"
        );
    }
});
