//! The same work as the generated awsJson serializer and deserializer, done with
//! `aws-smithy-json` (the token-streaming JSON library of the official `aws-sdk-*` crates), in
//! the style of the code smithy-rs generates: a token iterator, one `match` on each key, the
//! `expect_*` helpers for values, and the same generated builders filled at the end. It exists
//! only to measure whether the runtime's own JSON reader and writer should give way to it.

use aws_smithy_json::deserialize::token::{
    expect_start_object, expect_string_or_null, expect_timestamp_or_null, skip_value,
};
use aws_smithy_json::deserialize::error::DeserializeError as Error;
use aws_smithy_json::deserialize::{json_token_iter, Token};
use aws_smithy_json::serialize::JsonObjectWriter;
use aws_smithy_types::date_time::Format;
use std::borrow::Cow;
use std::iter::Peekable;

use crate::proton::operation::cancel_environment_deployment::{
    CancelEnvironmentDeploymentInput, CancelEnvironmentDeploymentOutput,
};
use crate::proton::types::{
    DeploymentStatus, Environment, Provisioning, RepositoryBranch, RepositoryProvider,
};

type Tokens<'a> = Peekable<aws_smithy_json::deserialize::JsonTokenIterator<'a>>;

/// The request body, as `ser_input` writes it.
pub fn serialize(input: &CancelEnvironmentDeploymentInput) -> String {
    let mut out = String::new();
    let mut object = JsonObjectWriter::new(&mut out);
    if let Some(name) = input.environment_name() {
        object.key("environmentName").string(name);
    }
    object.finish();
    out
}

/// The output from a response body, as `de_output` reads it (without the request ID).
pub fn deserialize(body: &[u8]) -> Result<CancelEnvironmentDeploymentOutput, Error> {
    let mut tokens = json_token_iter(body).peekable();
    let mut builder = CancelEnvironmentDeploymentOutput::builder();
    expect_start_object(tokens.next())?;
    while let Some(key) = next_key(&mut tokens)? {
        match key.as_ref() {
            "environment" => builder = builder.set_environment(environment(&mut tokens)?),
            _ => skip_value(&mut tokens)?,
        }
    }
    Ok(builder.build())
}

/// The next key of the object being read (borrowed unless escaped), or `None` at its end.
fn next_key<'a>(tokens: &mut Tokens<'a>) -> Result<Option<Cow<'a, str>>, Error> {
    match tokens.next().transpose()? {
        Some(Token::EndObject { .. }) => Ok(None),
        Some(Token::ObjectKey { key, .. }) => Ok(Some(key.to_unescaped()?)),
        other => Err(Error::custom(format!("expected a key, found {other:?}"))),
    }
}

fn string(tokens: &mut Tokens<'_>) -> Result<Option<String>, Error> {
    Ok(expect_string_or_null(tokens.next())?
        .map(|text| text.to_unescaped().map(|text| text.into_owned()))
        .transpose()?)
}

fn environment(tokens: &mut Tokens<'_>) -> Result<Option<Environment>, Error> {
    if let Some(Ok(Token::ValueNull { .. })) = tokens.peek() {
        tokens.next();
        return Ok(None);
    }
    expect_start_object(tokens.next())?;
    let mut builder = Environment::builder();
    while let Some(key) = next_key(tokens)? {
        builder = match key.as_ref() {
            "name" => builder.set_name(string(tokens)?),
            "description" => builder.set_description(string(tokens)?),
            "createdAt" => builder.set_created_at(expect_timestamp_or_null(
                tokens.next(),
                Format::EpochSeconds,
            )?),
            "lastDeploymentAttemptedAt" => builder.set_last_deployment_attempted_at(
                expect_timestamp_or_null(tokens.next(), Format::EpochSeconds)?,
            ),
            "lastDeploymentSucceededAt" => builder.set_last_deployment_succeeded_at(
                expect_timestamp_or_null(tokens.next(), Format::EpochSeconds)?,
            ),
            "arn" => builder.set_arn(string(tokens)?),
            "templateName" => builder.set_template_name(string(tokens)?),
            "templateMajorVersion" => builder.set_template_major_version(string(tokens)?),
            "templateMinorVersion" => builder.set_template_minor_version(string(tokens)?),
            "deploymentStatus" => builder
                .set_deployment_status(string(tokens)?.map(|v| DeploymentStatus::from(v.as_str()))),
            "deploymentStatusMessage" => builder.set_deployment_status_message(string(tokens)?),
            "protonServiceRoleArn" => builder.set_proton_service_role_arn(string(tokens)?),
            "environmentAccountConnectionId" => {
                builder.set_environment_account_connection_id(string(tokens)?)
            }
            "environmentAccountId" => builder.set_environment_account_id(string(tokens)?),
            "spec" => builder.set_spec(string(tokens)?),
            "provisioning" => builder
                .set_provisioning(string(tokens)?.map(|v| Provisioning::from(v.as_str()))),
            "provisioningRepository" => {
                builder.set_provisioning_repository(repository_branch(tokens)?)
            }
            "componentRoleArn" => builder.set_component_role_arn(string(tokens)?),
            "codebuildRoleArn" => builder.set_codebuild_role_arn(string(tokens)?),
            _ => {
                skip_value(tokens)?;
                builder
            }
        };
    }
    builder
        .build()
        .map(Some)
        .map_err(|err| Error::custom(err.to_string()))
}

fn repository_branch(tokens: &mut Tokens<'_>) -> Result<Option<RepositoryBranch>, Error> {
    expect_start_object(tokens.next())?;
    let mut builder = RepositoryBranch::builder();
    while let Some(key) = next_key(tokens)? {
        builder = match key.as_ref() {
            "arn" => builder.set_arn(string(tokens)?),
            "provider" => {
                builder.set_provider(string(tokens)?.map(|v| RepositoryProvider::from(v.as_str())))
            }
            "name" => builder.set_name(string(tokens)?),
            "branch" => builder.set_branch(string(tokens)?),
            _ => {
                skip_value(tokens)?;
                builder
            }
        };
    }
    builder
        .build()
        .map(Some)
        .map_err(|err| Error::custom(err.to_string()))
}
