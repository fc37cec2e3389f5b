//! Copies `generated/src` into `OUT_DIR/proton`, with its `protocol_serde` module made
//! crate-visible, so `src/lib.rs` can compile the generated crate as a module and reach its
//! serializers and deserializers (which are private to the crate by design).

use std::fs;
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the copy's folder");
    for entry in fs::read_dir(from).expect("read generated/src") {
        let entry = entry.expect("a folder entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            let mut text = fs::read_to_string(&path).expect("a UTF-8 source file");
            if target.file_name().is_some_and(|name| name == "lib.rs") && to.ends_with("proton") {
                text = text.replace("\nmod protocol_serde;", "\npub(crate) mod protocol_serde;");
            }
            fs::write(&target, text).expect("write the copy");
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let source = manifest.join("../../generated/src");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let copy = out.join("proton");
    let _ = fs::remove_dir_all(&copy);
    copy_tree(&source, &copy);
    let lib = copy.join("lib.rs");
    fs::write(
        out.join("proton_module.rs"),
        format!("#[path = {:?}]\n#[allow(missing_docs, dead_code, unused_imports)]\nmod proton;\n", lib.display().to_string()),
    )
    .expect("write proton_module.rs");
    println!("cargo:rerun-if-changed=../../generated/src");
}
