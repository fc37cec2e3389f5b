//! The generated client's hot paths, without the network: the awsJson serializer and
//! deserializer of `CancelEnvironmentDeployment` and the endpoint resolver.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use proton_client::config::endpoint::{resolve_endpoint, Params};

fn serde(c: &mut Criterion) {
    let input = bench_micro::input();
    c.bench_function("serialize CancelEnvironmentDeploymentInput", |b| {
        b.iter(|| bench_micro::serialize(black_box(&input)))
    });
    let response = bench_micro::response(bench_micro::FULL_ENVIRONMENT);
    let output = bench_micro::deserialize(&response).expect("the output");
    assert_eq!(
        output.environment().map(|env| env.name()),
        Some("prod"),
        "the body deserializes"
    );
    c.bench_function("deserialize CancelEnvironmentDeploymentOutput (full Environment)", |b| {
        b.iter(|| bench_micro::deserialize(black_box(&response)))
    });
}

fn endpoints(c: &mut Criterion) {
    let cases = [
        ("us-east-1", Params::builder().region("us-east-1").build()),
        (
            "us-gov-west-1 FIPS dual-stack",
            Params::builder()
                .region("us-gov-west-1")
                .use_fips(true)
                .use_dual_stack(true)
                .build(),
        ),
        (
            "custom endpoint",
            Params::builder()
                .region("us-east-1")
                .endpoint("https://proton.example.com")
                .build(),
        ),
    ];
    for (name, params) in cases {
        let params = params.expect("valid parameters");
        resolve_endpoint(&params).expect("the endpoint resolves");
        c.bench_function(&format!("resolve endpoint: {name}"), |b| {
            b.iter(|| resolve_endpoint(black_box(&params)))
        });
    }
}

criterion_group!(benches, serde, endpoints);
criterion_main!(benches);
