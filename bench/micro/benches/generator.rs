//! The generator's model loader (JSON AST to the typed model) and the whole pipeline, on
//! `model/proton.json` and on the upstream Proton model from `../shared` when it is there.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn models() -> Vec<(&'static str, PathBuf)> {
    let mut models = vec![("model/proton.json", root().join("model/proton.json"))];
    let upstream = root().join("../shared/models/proton-2020-07-20.json");
    let upstream = if upstream.exists() {
        upstream
    } else {
        PathBuf::from("/work/shared/models/proton-2020-07-20.json")
    };
    if upstream.exists() {
        models.push(("upstream proton-2020-07-20.json", upstream));
    } else {
        eprintln!("skipped: the upstream Proton model was not found");
    }
    models
}

fn loader(c: &mut Criterion) {
    for (name, path) in models() {
        let text = std::fs::read_to_string(&path).expect("the model");
        c.bench_function(&format!("load {name}"), |b| {
            b.iter(|| codegen::model::load::load_str(&path, &text).expect("the model loads"))
        });
    }
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate (in memory)");
    group.sample_size(10);
    for (name, path) in models() {
        let request = codegen::GenerateRequest {
            model_files: vec![path.clone()],
            source_names: vec![name.to_owned()],
            service: None,
            operations: Vec::new(),
            crate_settings: codegen::CrateSettings {
                name: "proton-client".into(),
                version: "0.1.0".into(),
                description: None,
                runtime_path: "../runtime".into(),
                workspace_member: false,
            },
            partitions: None,
        };
        codegen::generate(&request).expect("the model generates");
        group.bench_function(name, |b| b.iter(|| codegen::generate(&request).expect("generates")));
    }
    group.finish();
}

criterion_group!(benches, loader, pipeline);
criterion_main!(benches);
