//! Nothing but the tests: `tests/` drives the generated clients the way a program written
//! against `aws-sdk-polly` and `aws-sdk-glacier` would.
