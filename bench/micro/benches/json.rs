//! The runtime's own JSON reader and writer against `aws-smithy-json`, the official crates'
//! JSON library, doing the same work: the `CancelEnvironmentDeployment` request body, and the
//! response with a full `Environment` into the same generated types.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn json(c: &mut Criterion) {
    let input = bench_micro::input();
    assert_eq!(
        bench_micro::serialize(&input),
        bench_micro::smithy_json::serialize(&input),
        "both write the same body"
    );
    c.bench_function("json write, ours: CancelEnvironmentDeploymentInput", |b| {
        b.iter(|| bench_micro::serialize(black_box(&input)))
    });
    c.bench_function("json write, aws-smithy-json: CancelEnvironmentDeploymentInput", |b| {
        b.iter(|| bench_micro::smithy_json::serialize(black_box(&input)))
    });

    let response = bench_micro::response(bench_micro::FULL_ENVIRONMENT);
    let body = bench_micro::FULL_ENVIRONMENT.as_bytes();
    let ours = bench_micro::deserialize(&response).expect("ours reads the body");
    let theirs = bench_micro::smithy_json::deserialize(body).expect("aws-smithy-json reads it");
    assert_eq!(ours.environment(), theirs.environment(), "both read the same output");
    c.bench_function("json read, ours: full Environment", |b| {
        b.iter(|| bench_micro::deserialize(black_box(&response)))
    });
    c.bench_function("json read, aws-smithy-json: full Environment", |b| {
        b.iter(|| bench_micro::smithy_json::deserialize(black_box(body)))
    });
}

criterion_group!(benches, json);
criterion_main!(benches);
