//! The generated crates use the very `aws-smithy-types` types of the official `aws-sdk-*`
//! crates, so values move between the two worlds without conversion, and crates built on those
//! types (here `aws-smithy-types-convert`) work on ours unchanged. Each line below would fail to
//! compile if the generated crate had a look-alike type of its own.

use aws_sdk_proton::types::Environment;
use aws_smithy_types_convert::date_time::DateTimeExt;
use std::time::Duration;

fn environment(created_at: aws_smithy_types::DateTime) -> Environment {
    Environment::builder()
        .name("env")
        .arn("arn:aws:proton:us-east-1:123456789012:environment/env")
        .created_at(created_at)
        .last_deployment_attempted_at(aws_smithy_types::DateTime::from_secs(0))
        .last_deployment_succeeded_at(aws_smithy_types::DateTime::from_secs(0))
        .deployment_status(aws_sdk_proton::types::DeploymentStatus::Succeeded)
        .template_name("template")
        .template_major_version("1")
        .template_minor_version("0")
        .build()
        .expect("every required member is set")
}

#[test]
fn a_field_of_ours_takes_an_aws_smithy_types_date_time() {
    let theirs = aws_smithy_types::DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000);
    let ours = environment(theirs);
    let back: &aws_smithy_types::DateTime = ours.created_at();
    assert_eq!(*back, theirs);
}

#[test]
fn aws_smithy_types_convert_converts_ours_to_time_and_chrono() {
    let ours = environment(aws_smithy_types::DateTime::from_secs_and_nanos(
        1_576_540_098,
        520_000_000,
    ));
    let offset: time::OffsetDateTime = ours.created_at().to_time().unwrap();
    assert_eq!(offset.unix_timestamp(), 1_576_540_098);
    assert_eq!(offset.nanosecond(), 520_000_000);
    let utc: chrono::DateTime<chrono::Utc> = ours.created_at().to_chrono_utc().unwrap();
    assert_eq!(utc.to_rfc3339(), "2019-12-16T23:48:18.520+00:00");
    let round_trip = aws_sdk_proton::primitives::DateTime::from_time(offset);
    assert_eq!(&round_trip, ours.created_at());
}

#[test]
fn blobs_documents_and_big_numbers_are_the_aws_smithy_types_ones() {
    let everything = kitchen_sink::types::Everything::builder()
        .a_blob(aws_smithy_types::Blob::new(b"bytes".to_vec()))
        .a_document(aws_smithy_types::Document::from("text"))
        .a_big_integer(
            "12345678901234567890123"
                .parse::<aws_smithy_types::BigInteger>()
                .unwrap(),
        )
        .a_big_decimal("1.5e-400".parse::<aws_smithy_types::BigDecimal>().unwrap())
        .build();
    let blob: &aws_smithy_types::Blob = everything.a_blob().unwrap();
    assert_eq!(blob.as_ref(), b"bytes");
    assert_eq!(everything.a_document().unwrap().as_string(), Some("text"));
    assert_eq!(
        everything.a_big_integer().unwrap().as_ref(),
        "12345678901234567890123"
    );
}

#[test]
fn errors_and_settings_are_the_aws_smithy_types_ones() {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;

    let meta = aws_smithy_types::error::ErrorMetadata::builder()
        .code("ValidationException")
        .message("bad name")
        .build();
    let error = aws_sdk_proton::types::error::ValidationException::builder()
        .message("bad name")
        .meta(meta.clone())
        .build()
        .unwrap();
    // The official trait, implemented by our error.
    assert_eq!(ProvideErrorMetadata::meta(&error), &meta);
    let build_error: aws_smithy_types::error::operation::BuildError =
        Environment::builder().build().unwrap_err();
    assert!(
        build_error.to_string().starts_with("name was missing"),
        "{build_error}"
    );

    // Retry and timeout settings are taken as they are, nothing mapped or lost.
    let retry = aws_smithy_types::retry::RetryConfig::standard()
        .with_max_attempts(5)
        .with_reconnect_mode(aws_smithy_types::retry::ReconnectMode::ReuseAllConnections);
    let timeout = aws_smithy_types::timeout::TimeoutConfig::builder()
        .operation_timeout(Duration::from_secs(30))
        .build();
    let config = aws_sdk_proton::Config::builder()
        .retry_config(retry.clone())
        .timeout_config(timeout)
        .build();
    assert_eq!(config.retry_config(), Some(&retry));
    assert_eq!(
        config.timeout_config().unwrap().operation_timeout(),
        Some(Duration::from_secs(30))
    );
}

#[test]
fn retryable_errors_name_their_retry_kind_as_the_official_crate_does() {
    use aws_sdk_proton::types::error::{InternalServerException, ThrottlingException};
    use aws_smithy_types::retry::ErrorKind;
    let throttling = ThrottlingException::builder()
        .message("slow down")
        .build()
        .unwrap();
    assert_eq!(
        throttling.retryable_error_kind(),
        ErrorKind::ThrottlingError
    );
    let internal = InternalServerException::builder()
        .message("oops")
        .build()
        .unwrap();
    assert_eq!(internal.retryable_error_kind(), ErrorKind::ServerError);
}
