//! What the AWS SDK's SSO credentials provider does with the SSO client: trade an SSO access
//! token for role credentials. The call is unsigned: the token in `x-amz-sso_bearer_token` is
//! the only authentication.

use aws_sdk_sso::error::SdkError;
use aws_sdk_sso::operation::get_role_credentials::GetRoleCredentialsError;
use aws_sdk_sso::Client;

/// The access key ID of the role credentials for `role` in `account`.
pub async fn role_access_key(
    client: &Client,
    access_token: &str,
    account: &str,
    role: &str,
) -> Result<Option<String>, SdkError<GetRoleCredentialsError>> {
    let output = client
        .get_role_credentials()
        .access_token(access_token)
        .account_id(account)
        .role_name(role)
        .send()
        .await?;
    Ok(output
        .role_credentials()
        .and_then(|credentials| credentials.access_key_id())
        .map(str::to_owned))
}
