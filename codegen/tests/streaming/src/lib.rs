//! Nothing but the tests: `tests/` drives the generated clients the way a program written
//! against `aws-sdk-polly`, `aws-sdk-glacier`, `aws-sdk-lambda` and `aws-sdk-bedrockruntime`
//! would.
