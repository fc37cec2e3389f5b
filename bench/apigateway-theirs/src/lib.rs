//! Nothing: this package exists for its dependency, `aws-sdk-apigateway`.
