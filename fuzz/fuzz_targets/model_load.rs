//! The model loader and validator: arbitrary bytes as one Smithy JSON AST file.
//!
//! Invariants: no panic, and every problem names the file it was read from.
#![no_main]

use std::path::Path;

use codegen::model::load::load_str;
use codegen::Diagnostics;
use libfuzzer_sys::fuzz_target;

const FILE: &str = "fuzz.json";

fn check(diagnostics: &Diagnostics) {
    assert!(!diagnostics.is_empty(), "an error without a diagnostic");
    for item in diagnostics.iter() {
        assert_eq!(item.file, Path::new(FILE), "{item}");
        assert!(!item.message.is_empty(), "{item:?}");
        let _ = item.to_string();
    }
}

fuzz_target!(|data: &[u8]| {
    // The loader reads files as UTF-8; lossy decoding keeps non-UTF-8 inputs useful.
    let text = String::from_utf8_lossy(data);
    match load_str(Path::new(FILE), &text) {
        Ok(model) => {
            if let Err(problems) = codegen::validate::validate(&model) {
                check(&problems);
            }
        }
        Err(problems) => check(&problems),
    }
});
