//! What users of the generated crates rely on: builders, required members, redaction, enums
//! that survive unknown values, unions, errors with metadata. Exercised on the checked-in
//! Proton crate and on the kitchen-sink snapshot.

use kitchen_sink::types::{Color, Everything, ExactNumbers, Expression, Node, Shade, Status};
use proton_client::error::{ErrorMetadata, ProvideErrorMetadata};
use proton_client::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentError, CancelEnvironmentDeploymentInput,
    CancelEnvironmentDeploymentOutput,
};
use proton_client::operation::RequestId;
use proton_client::primitives::DateTime;
use proton_client::types::error::{ThrottlingException, ValidationException};
use proton_client::types::{
    DeploymentStatus, Environment, Provisioning, RepositoryBranch, RepositoryProvider,
};

fn environment() -> Environment {
    Environment::builder()
        .name("env")
        .arn("arn:aws:proton:us-east-1:123456789012:environment/env")
        .created_at(DateTime::from_secs(1_700_000_000))
        .last_deployment_attempted_at(DateTime::from_secs(1_700_000_100))
        .last_deployment_succeeded_at(DateTime::from_secs(1_700_000_050))
        .template_name("template")
        .template_major_version("1")
        .template_minor_version("0")
        .deployment_status(DeploymentStatus::Cancelling)
        .description("very private")
        .spec("secret spec")
        .provisioning(Provisioning::CustomerManaged)
        .provisioning_repository(
            RepositoryBranch::builder()
                .arn("arn:repo")
                .branch("main")
                .name("infra")
                .provider(RepositoryProvider::Github)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

#[test]
fn input_builder_fails_naming_nothing_when_optional_and_builds_with_the_member() {
    let input = CancelEnvironmentDeploymentInput::builder()
        .environment_name("env")
        .build()
        .unwrap();
    assert_eq!(input.environment_name(), Some("env"));
    // Input members are optional on the client, as in the AWS SDK; the service validates them.
    let empty = CancelEnvironmentDeploymentInput::builder().build().unwrap();
    assert_eq!(empty.environment_name(), None);
}

#[test]
fn build_names_the_missing_required_member() {
    let error = Environment::builder().name("env").build().unwrap_err();
    let text = error.to_string();
    assert!(text.contains("created_at"), "{text}");
    assert!(text.contains("Environment"), "{text}");
    let error = ValidationException::builder().build().unwrap_err();
    assert!(error.to_string().contains("message"), "{error}");
}

#[test]
fn getters_return_borrowed_views() {
    let environment = environment();
    assert_eq!(environment.name(), "env");
    assert_eq!(
        environment.deployment_status(),
        &DeploymentStatus::Cancelling
    );
    assert_eq!(environment.created_at().secs(), 1_700_000_000);
    assert_eq!(environment.component_role_arn(), None);
    assert_eq!(
        environment.provisioning_repository().unwrap().branch(),
        "main"
    );
    let output = CancelEnvironmentDeploymentOutput::builder()
        .environment(environment.clone())
        .build();
    assert_eq!(output.environment(), Some(&environment));
    assert_eq!(output.request_id(), None);
}

#[test]
fn debug_redacts_sensitive_members() {
    let text = format!("{:?}", environment());
    assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    assert!(!text.contains("very private"), "{text}");
    assert!(!text.contains("secret spec"), "{text}");
    assert!(
        text.contains("template"),
        "non-sensitive members are printed: {text}"
    );
    let builder = format!("{:?}", Environment::builder().spec("secret spec"));
    assert!(!builder.contains("secret spec"), "{builder}");
    let error = ValidationException::builder()
        .message("password=hunter2")
        .build()
        .unwrap();
    assert!(!format!("{error:?}").contains("hunter2"));
    assert!(!error.to_string().contains("hunter2"));
}

#[test]
fn enums_keep_unknown_values() {
    assert_eq!(
        DeploymentStatus::from("IN_PROGRESS"),
        DeploymentStatus::InProgress
    );
    assert_eq!(DeploymentStatus::InProgress.as_str(), "IN_PROGRESS");
    let future = DeploymentStatus::from("PAUSED");
    assert_eq!(future.as_str(), "PAUSED");
    assert_eq!(future.to_string(), "PAUSED");
    assert!(DeploymentStatus::try_parse("PAUSED").is_err());
    assert_eq!(
        DeploymentStatus::try_parse("FAILED").unwrap(),
        DeploymentStatus::Failed
    );
    assert_eq!(DeploymentStatus::values().len(), 8);
    assert!(DeploymentStatus::values().contains(&"DELETE_COMPLETE"));
    assert_eq!("SELF".parse::<Status>().unwrap(), Status::SelfValue);
    assert_eq!(Status::from("in-progress"), Status::InProgress);
    assert_eq!(Status::from("UNKNOWN"), Status::UnknownValue);
    assert_eq!(Color::from("t2.micro"), Color::T2Micro);
    assert_eq!(Color::Red.as_str(), "red");
    // A legacy enum without names is a newtype over `String`, as in the official crates.
    assert_eq!(Shade::from("dark.green").as_str(), "dark.green");
    assert_eq!("purple".parse::<Shade>().unwrap(), Shade::from("purple"));
    assert_eq!(Shade::values(), &["dark.green", "light"]);
}

#[test]
fn defaults_apply_and_recursive_shapes_are_boxed() {
    let everything = Everything::builder().build();
    assert_eq!(everything.an_integer(), 7);
    assert_eq!(everything.a_long(), -3);
    assert_eq!(everything.a_double(), 1.5);
    assert_eq!(everything.an_enum(), &Status::Ok);
    assert!(everything.a_list().is_empty());
    let tree = Node::builder()
        .value("root")
        .next(Node::builder().value("child").build())
        .children(Node::builder().value("leaf").build())
        .build();
    assert_eq!(tree.next().unwrap().value(), Some("child"));
    assert_eq!(tree.children()[0].value(), Some("leaf"));
}

/// The fixture's `ExactNumbers` defaults, compared with the model's decimal text read by the
/// standard library (which rounds correctly, once).
#[test]
fn numeric_defaults_are_exactly_the_models() {
    let exact = ExactNumbers::builder().build();
    let double: f64 = "123456789.12345679".parse().unwrap();
    assert_eq!(exact.precise_double().to_bits(), double.to_bits());
    let float: f32 = "16777217.000000001".parse().unwrap();
    assert_eq!(exact.rounded_once_float().to_bits(), float.to_bits());
    assert_ne!(
        float,
        "16777217.000000001".parse::<f64>().unwrap() as f32,
        "rounding through f64 gives another float"
    );
    let instant = |t: &kitchen_sink::primitives::DateTime| (t.secs(), t.subsec_nanos());
    assert_eq!(
        instant(exact.millisecond_timestamp()),
        (946_845_296, 123_000_000)
    );
    assert_eq!(
        instant(exact.nanosecond_timestamp()),
        (946_845_296, 123_456_789)
    );
    assert_eq!(instant(exact.before_the_epoch()), (-2, 500_000_000));
    assert_eq!(
        exact.huge_integer().as_ref(),
        "123456789012345678901234567890"
    );
    assert_eq!(
        exact.precise_decimal().as_ref(),
        "3.14159265358979323846264338327950288"
    );
}

#[test]
fn unions_expose_variants_and_an_unknown_case() {
    let negated = Expression::Negate(Box::new(Expression::Literal(2)));
    assert!(negated.is_negate());
    assert_eq!(negated.as_negate().unwrap().as_literal(), Ok(&2));
    assert!(negated.as_literal().is_err());
    let secret = format!("{:?}", Expression::Secret("hunter2".into()));
    assert!(!secret.contains("hunter2"), "{secret}");
}

#[test]
fn errors_carry_metadata_and_display_code_and_message() {
    let meta = ErrorMetadata::builder()
        .code("ThrottlingException")
        .message("slow down")
        // The key under which every AWS SDK crate keeps the request ID.
        .custom("aws_request_id", "req-1")
        .build();
    let throttling = ThrottlingException::builder()
        .message("slow down")
        .meta(meta)
        .build()
        .unwrap();
    let error = CancelEnvironmentDeploymentError::ThrottlingException(throttling);
    assert!(error.is_throttling_exception());
    assert_eq!(error.code(), Some("ThrottlingException"));
    assert_eq!(error.message(), Some("slow down"));
    assert_eq!(error.request_id(), Some("req-1"));
    // Proton marks error messages @sensitive, so Display names the error and redacts the text.
    assert_eq!(
        error.to_string(),
        "ThrottlingException: *** Sensitive Data Redacted ***"
    );
    let unavailable = kitchen_sink::types::error::ServiceUnavailable::builder()
        .message("try later")
        .meta(ErrorMetadata::builder().code("ServiceUnavailable").build())
        .build();
    assert_eq!(unavailable.to_string(), "ServiceUnavailable: try later");
    let service_error: proton_client::Error = error.into();
    assert_eq!(service_error.code(), Some("ThrottlingException"));

    let unhandled = CancelEnvironmentDeploymentError::generic(
        ErrorMetadata::builder()
            .code("Teapot")
            .message("short and stout")
            .build(),
    );
    assert_eq!(unhandled.code(), Some("Teapot"));
    let text = unhandled.to_string();
    assert!(
        text.contains("Teapot") && text.contains("short and stout"),
        "{text}"
    );
}

#[test]
fn an_error_enum_shows_its_variant_and_passes_on_the_variants_cause() {
    use std::error::Error as _;
    let throttling = ThrottlingException::builder()
        .message("slow down")
        .meta(ErrorMetadata::builder().code("ThrottlingException").build())
        .build()
        .unwrap();
    let shown = throttling.to_string();
    let error = CancelEnvironmentDeploymentError::ThrottlingException(throttling);
    assert_eq!(error.to_string(), shown);
    assert!(error.source().is_none(), "a modeled error has no cause");

    let cause = std::io::Error::other("connection reset by peer");
    let unhandled = CancelEnvironmentDeploymentError::unhandled(cause);
    let source = unhandled.source().expect("the unhandled error's cause");
    assert_eq!(source.to_string(), "connection reset by peer");
    assert_eq!(unhandled.meta(), &ErrorMetadata::default());
}

mod client {
    use kitchen_sink::config::{BehaviorVersion, Credentials, Region};
    use kitchen_sink::{Client, Config};
    use smithy_runtime::transport::test_util::CaptureClient;

    fn client(http: CaptureClient) -> Client {
        Client::from_conf(
            Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
                .endpoint_url("https://kitchen.example.com")
                .http_client(http)
                .build(),
        )
    }

    fn body_of(http: &CaptureClient, index: usize) -> smithy_runtime::json::Value<'static> {
        smithy_runtime::json::parse(http.requests()[index].body())
            .unwrap()
            .into_owned()
    }

    const OUTPUT: &str = r#"{"everything":{},"status":"OK","names":[]}"#;

    #[tokio::test]
    async fn idempotency_tokens_are_filled_when_left_empty() {
        let http = CaptureClient::new()
            .with_response(200, OUTPUT)
            .with_response(200, OUTPUT);
        let client = client(http.clone());
        let at = kitchen_sink::primitives::DateTime::from_secs(1);
        client
            .put_everything()
            .r#type("t")
            .created_at(at)
            .send()
            .await
            .unwrap();
        client
            .put_everything()
            .r#type("t")
            .created_at(at)
            .client_token("mine")
            .send()
            .await
            .unwrap();
        let generated = body_of(&http, 0);
        let token = generated
            .get("clientToken")
            .and_then(|v| v.as_str())
            .unwrap()
            .to_string();
        assert_eq!(token.len(), 36, "{token}");
        assert_eq!(token.as_bytes()[14], b'4', "a version 4 UUID: {token}");
        assert_eq!(
            body_of(&http, 1)
                .get("clientToken")
                .and_then(|v| v.as_str()),
            Some("mine")
        );
        let request = &http.requests()[0];
        assert_eq!(
            request.header("x-amz-target"),
            Some("KitchenSink.PutEverything")
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/x-amz-json-1.1")
        );
    }

    #[tokio::test]
    async fn output_members_are_parsed_and_missing_required_ones_corrected() {
        let http = CaptureClient::new().with_response(
            200,
            r#"{"everything":{"aLong":5,"aSparseList":["a",null],"anEnum":"in-progress","aUnion":{"negate":{"literal":3}},"unknownMember":1},"names":["x"]}"#,
        );
        let output = client(http)
            .put_everything()
            .r#type("t")
            .created_at(kitchen_sink::primitives::DateTime::from_secs(1))
            .send()
            .await
            .unwrap();
        let everything = output.everything().unwrap();
        assert_eq!(everything.a_long(), 5);
        assert_eq!(everything.a_sparse_list(), &[Some("a".to_string()), None]);
        assert_eq!(
            everything.an_enum(),
            &kitchen_sink::types::Status::InProgress
        );
        assert_eq!(
            everything.an_integer(),
            7,
            "a missing member with a default gets it"
        );
        let negate = everything.a_union().unwrap().as_negate().unwrap();
        assert_eq!(negate.as_literal(), Ok(&3));
        assert_eq!(output.names(), &["x".to_string()]);
        // `status` is required but absent: corrected to the empty enum value.
        assert_eq!(output.status().as_str(), "");
    }

    #[tokio::test]
    async fn big_numbers_and_fractional_timestamps_cross_the_wire_digit_for_digit() {
        const BIG_INTEGER: &str = "-123456789012345678901234567890";
        const BIG_DECIMAL: &str = "3.14159265358979323846264338327950288";
        let response = format!(
            r#"{{"everything":{{"aBigInteger":{BIG_INTEGER},"aBigDecimal":{BIG_DECIMAL},"aTimestamp":946845296.123456789}}}}"#
        );
        let http = CaptureClient::new().with_response(200, response);
        let everything = kitchen_sink::types::Everything::builder()
            .a_big_integer(BIG_INTEGER.parse().unwrap())
            .a_big_decimal(BIG_DECIMAL.parse().unwrap())
            .a_timestamp(kitchen_sink::primitives::DateTime::from_secs_and_nanos(
                946_845_296,
                123_000_000,
            ))
            .build();
        let output = client(http.clone())
            .put_everything()
            .r#type("t")
            .created_at(kitchen_sink::primitives::DateTime::from_secs(1))
            .everything(everything)
            .send()
            .await
            .unwrap();
        let sent = String::from_utf8(http.requests()[0].body().to_vec()).unwrap();
        assert!(
            sent.contains(&format!(
                r#""aTimestamp":946845296.123,"aBigInteger":{BIG_INTEGER},"aBigDecimal":{BIG_DECIMAL}"#
            )),
            "{sent}"
        );
        let received = output.everything().unwrap();
        assert_eq!(received.a_big_integer().unwrap().as_ref(), BIG_INTEGER);
        assert_eq!(received.a_big_decimal().unwrap().as_ref(), BIG_DECIMAL);
        let timestamp = received.a_timestamp().unwrap();
        assert_eq!(
            (timestamp.secs(), timestamp.subsec_nanos()),
            (946_845_296, 123_456_789),
            "read from the decimal text, not through an f64"
        );
    }

    /// An acronym in an operation name is folded in the input and output names and kept in the
    /// error and fluent builder names, exactly as aws-sdk-wafv2 (`CreateIPSet`),
    /// aws-sdk-cognitoidentityprovider (`GetCSVHeader`, `AdminSetUserMFAPreference`) and
    /// aws-sdk-glue (`CancelMLTaskRun`) spell them. Naming every type here makes a changed name
    /// a compile error.
    #[tokio::test]
    async fn acronym_operations_are_named_as_in_the_sdk() {
        use kitchen_sink::operation::admin_set_user_mfa_preference::builders::AdminSetUserMFAPreferenceFluentBuilder;
        use kitchen_sink::operation::admin_set_user_mfa_preference::{
            AdminSetUserMFAPreferenceError, AdminSetUserMfaPreferenceInput,
            AdminSetUserMfaPreferenceOutput,
        };
        use kitchen_sink::operation::cancel_ml_task_run::builders::{
            CancelMLTaskRunFluentBuilder, CancelMlTaskRunInputBuilder,
        };
        use kitchen_sink::operation::cancel_ml_task_run::{
            CancelMLTaskRunError, CancelMlTaskRunInput, CancelMlTaskRunOutput,
        };
        use kitchen_sink::operation::create_ip_set::builders::{
            CreateIPSetFluentBuilder, CreateIpSetInputBuilder, CreateIpSetOutputBuilder,
        };
        use kitchen_sink::operation::create_ip_set::{
            CreateIPSetError, CreateIpSetInput, CreateIpSetOutput,
        };
        use kitchen_sink::operation::get_csv_header::builders::{
            GetCSVHeaderFluentBuilder, GetCsvHeaderOutputBuilder,
        };
        use kitchen_sink::operation::get_csv_header::{
            GetCSVHeaderError, GetCsvHeaderInput, GetCsvHeaderOutput,
        };
        use kitchen_sink::types::error::WafDuplicateItemException;
        use kitchen_sink::types::{IpSetSummary, SmsMfaSettingsType};

        let http = CaptureClient::new()
            .with_response(200, r#"{"Summary":{"Id":"set-1","ARN":"arn:set"}}"#)
            .with_response(
                400,
                r#"{"__type":"WAFDuplicateItemException","Message":"exists"}"#,
            );
        let client = client(http.clone());
        let fluent: CreateIPSetFluentBuilder = client
            .create_ip_set()
            .name("set")
            .ip_address_version("IPV4");
        let input: &CreateIpSetInputBuilder = fluent.as_input();
        assert_eq!(input.get_name().as_deref(), Some("set"));
        let output: CreateIpSetOutput = fluent.send().await.unwrap();
        let summary: &IpSetSummary = output.summary().unwrap();
        assert_eq!(
            (summary.id(), summary.arn()),
            (Some("set-1"), Some("arn:set"))
        );
        assert_eq!(
            body_of(&http, 0)
                .get("IPAddressVersion")
                .and_then(|v| v.as_str()),
            Some("IPV4")
        );
        assert_eq!(
            http.requests()[0].header("x-amz-target"),
            Some("KitchenSink.CreateIPSet")
        );
        let error: CreateIPSetError = client
            .create_ip_set()
            .name("set")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(error.is_waf_duplicate_item_exception());
        let CreateIPSetError::WafDuplicateItemException(duplicate) = &error else {
            panic!("{error:?}")
        };
        let duplicate: &WafDuplicateItemException = duplicate;
        assert_eq!(duplicate.message(), Some("exists"));
        let built: CreateIpSetInput = CreateIpSetInput::builder().name("x").build().unwrap();
        assert_eq!(built.name(), Some("x"));
        let _: CreateIpSetOutputBuilder = CreateIpSetOutput::builder();

        let _: GetCSVHeaderFluentBuilder = client.get_csv_header().user_pool_id("pool");
        let input: GetCsvHeaderInput = GetCsvHeaderInput::builder()
            .user_pool_id("pool")
            .build()
            .unwrap();
        assert_eq!(input.user_pool_id(), Some("pool"));
        let header_builder: GetCsvHeaderOutputBuilder =
            GetCsvHeaderOutput::builder().csv_header("name");
        assert_eq!(header_builder.build().csv_header(), ["name"]);
        let _: fn(GetCSVHeaderError) -> kitchen_sink::Error = ::std::convert::Into::into;

        let _: CancelMLTaskRunFluentBuilder = client.cancel_ml_task_run().task_run_id("run");
        let builder: CancelMlTaskRunInputBuilder = CancelMlTaskRunInput::builder()
            .transform_id("t")
            .task_run_id("run");
        let input: CancelMlTaskRunInput = builder.build().unwrap();
        assert_eq!(input.task_run_id(), Some("run"));
        let output = CancelMlTaskRunOutput::builder().task_run_id("run").build();
        assert_eq!(output.task_run_id(), Some("run"));
        let _: fn(CancelMLTaskRunError) -> kitchen_sink::Error = ::std::convert::Into::into;

        let _: AdminSetUserMFAPreferenceFluentBuilder = client
            .admin_set_user_mfa_preference()
            .username("me")
            .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build());
        let input = AdminSetUserMfaPreferenceInput::builder()
            .username("me")
            .set_sms_mfa_settings(Some(
                SmsMfaSettingsType::builder().preferred_mfa(true).build(),
            ))
            .build()
            .unwrap();
        let settings = input.sms_mfa_settings().unwrap();
        assert!(settings.preferred_mfa() && !settings.enabled());
        let _: AdminSetUserMfaPreferenceOutput = AdminSetUserMfaPreferenceOutput::builder().build();
        let _: fn(AdminSetUserMFAPreferenceError) -> kitchen_sink::Error =
            ::std::convert::Into::into;
    }
}

#[test]
fn types_named_like_prelude_items_keep_their_names_and_work() {
    use kitchen_sink::types::{Box, Option, Result, Vec};
    // `Result::build` returns the standard `Result`: its required member is checked.
    let missing = Result::builder().build();
    assert!(
        missing.is_err(),
        "a required member left unset fails the build"
    );
    let inner = Result::builder().value("inner").build().unwrap();
    let outer = Result::builder()
        .value("outer")
        .next(inner)
        .choice(Option::Some("chosen".into()))
        .build()
        .unwrap();
    assert_eq!(outer.value(), "outer");
    assert_eq!(
        outer.next().map(|next| next.value()),
        std::option::Option::Some("inner")
    );
    assert_eq!(outer.choice().unwrap().as_some().unwrap(), "chosen");
    assert_eq!(Vec::from("None"), Vec::None);
    assert_eq!(Vec::None.as_str(), "None");
    let boxed = Box::builder()
        .items("a")
        .inner(Box::builder().items("b").build().unwrap())
        .build()
        .unwrap();
    assert_eq!(boxed.items(), ["a"]);
    assert_eq!(boxed.inner().unwrap().items(), ["b"]);
    let error = kitchen_sink::types::error::String::builder()
        .reason("why")
        .message("text")
        .build()
        .unwrap();
    assert_eq!(error.reason(), "why");
    assert_eq!(error.message(), std::option::Option::Some("text"));
}

#[test]
fn types_named_like_prelude_traits_keep_their_names_and_work() {
    use kitchen_sink::types::{Default, From, Into};
    // Builders take `impl std::convert::Into<String>` and derive `std::default::Default`, and
    // enums implement `std::convert::From<&str>`, in the very files that define these types.
    let into = Into::builder().value("text").kind(From::Both).build();
    assert_eq!(into.value(), std::option::Option::Some("text"));
    assert_eq!(From::from("both"), From::Both);
    assert_eq!(From::Both.as_str(), "both");
    assert!(matches!(From::from("other"), f if f.as_str() == "other"));
    let missing = Default::builder().build();
    assert!(
        missing.is_err(),
        "a required member left unset fails the build"
    );
    let default = Default::builder()
        .value(String::from("v"))
        .next(into.clone())
        .build()
        .unwrap();
    assert_eq!(default.value(), "v");
    assert_eq!(default.next(), std::option::Option::Some(&into));
    let everything = kitchen_sink::types::Everything::builder()
        .an_into(into.clone())
        .a_from(From::Both)
        .a_default(default.clone());
    assert_eq!(
        everything.get_a_from(),
        &std::option::Option::Some(From::Both)
    );
    assert_eq!(
        everything.get_a_default(),
        &std::option::Option::Some(default)
    );
}
