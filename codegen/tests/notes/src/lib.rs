//! A small program using the generated Notes client: what an application outside AWS writes.

use notes_client::config::{Login, Token};
use notes_client::error::SdkError;
use notes_client::operation::get_note::GetNoteError;
use notes_client::{Client, Config};

/// Where the service is and who calls it; any identity may be left out.
#[derive(Default)]
pub struct Settings<'a> {
    pub endpoint_url: Option<&'a str>,
    pub bearer_token: Option<&'a str>,
    pub api_key: Option<&'a str>,
    pub login: Option<(&'a str, &'a str)>,
}

/// A client for `settings`, with retries off so that each call is one request.
pub fn client(settings: &Settings<'_>) -> Client {
    let mut builder =
        Config::builder().retry_config(notes_client::config::retry::RetryConfig::disabled());
    builder.set_endpoint_url(settings.endpoint_url.map(str::to_owned));
    builder.set_bearer_token(settings.bearer_token.map(|token| Token::new(token, None)));
    builder.set_api_key(settings.api_key.map(Token::from));
    builder.set_basic_auth_login(
        settings
            .login
            .map(|(user, password)| Login::new(user, password, None)),
    );
    Client::from_conf(builder.build())
}

/// The title of note `id`, if it has one.
pub async fn title(client: &Client, id: &str) -> Result<Option<String>, SdkError<GetNoteError>> {
    let note = client.get_note().note_id(id).send().await?;
    Ok(note.title().map(str::to_owned))
}
