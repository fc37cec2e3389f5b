//! The generated Notes client (`codegen/tests/fixtures/notes.json`: restJson1, no endpoint
//! rules, no SigV4) against a local server: each operation carries exactly the credentials of
//! the first of its auth schemes the configuration has an identity for, the unauthenticated
//! operation carries none, the optional-auth one goes unauthenticated without identities, and
//! a missing identity or endpoint fails before anything is sent, naming the setting.

use notes_client::error::{DisplayErrorContext, SdkError};
use notes_client::operation::get_note::GetNoteError;
use notes_e2e::{client, title, Settings};
use smithy_runtime::test_util::{LoopbackServer, ReceivedRequest, Reply};

const TOKEN: &str = "bearer-SECRET-token";
const KEY: &str = "api-SECRET-key";
const USER: &str = "alice";
const PASSWORD: &str = "pass-SECRET:word";

fn json(status: u16, body: &str) -> Reply {
    Reply::new(status, body.to_owned()).header("content-type", "application/json")
}

async fn server() -> LoopbackServer {
    LoopbackServer::start_with(|_, request| {
        match (request.method().as_str(), request.path_and_query()) {
            ("GET", "/ping") => json(200, r#"{"status":"ok"}"#),
            ("GET", "/notes/missing") => json(404, r#"{"message":"no such note"}"#)
                .header("x-amzn-errortype", "NoteNotFound"),
            ("GET", path) if path.starts_with("/notes/") => json(
                200,
                r#"{"noteId":"n 1","title":"Groceries","updatedAt":1700000000}"#,
            ),
            ("GET", _) => json(200, r#"{"noteIds":["a","b"]}"#),
            ("POST", "/notes") => json(201, r#"{"noteId":"new-1"}"#),
            ("DELETE", _) => Reply::new(204, ""),
            _ => json(400, r#"{"message":"unexpected request"}"#),
        }
    })
    .await
}

fn all_identities(url: &str) -> Settings<'_> {
    Settings {
        endpoint_url: Some(url),
        bearer_token: Some(TOKEN),
        api_key: Some(KEY),
        login: Some((USER, PASSWORD)),
    }
}

fn only(server: &LoopbackServer) -> Vec<ReceivedRequest> {
    let received = server.received();
    assert_eq!(received.len(), 1, "one request: {received:?}");
    received
}

/// `Authorization` and `X-Api-Key` as received.
fn credentials(request: &ReceivedRequest) -> (Option<&str>, Option<&str>) {
    (request.header("authorization"), request.header("x-api-key"))
}

const BASIC: &str = "Basic YWxpY2U6cGFzcy1TRUNSRVQ6d29yZA=="; // base64("alice:pass-SECRET:word")

#[tokio::test]
async fn get_note_takes_the_bearer_token_first_then_the_api_key() {
    let server = server().await;
    let url = server.url();
    let notes = client(&all_identities(&url));
    assert_eq!(
        title(&notes, "n 1").await.unwrap().as_deref(),
        Some("Groceries")
    );
    let request = &only(&server)[0];
    assert_eq!(request.method(), "GET");
    assert_eq!(request.path_and_query(), "/notes/n%201");
    assert_eq!(
        credentials(request),
        (Some(&*format!("Bearer {TOKEN}")), None)
    );
    assert!(request.header("x-amz-date").is_none(), "no SigV4");

    // Without a token: the service's second scheme, the API key with its scheme prefix.
    let server = self::server().await;
    let url = server.url();
    let notes = client(&Settings {
        bearer_token: None,
        ..all_identities(&url)
    });
    title(&notes, "n 1").await.unwrap();
    let request = &only(&server)[0];
    assert_eq!(
        credentials(request),
        (None, Some(&*format!("ApiKey {KEY}")))
    );
}

#[tokio::test]
async fn create_note_takes_only_the_api_key() {
    let server = server().await;
    let url = server.url();
    let notes = client(&all_identities(&url));
    let created = notes
        .create_note()
        .title("Groceries")
        .body("milk")
        .send()
        .await
        .unwrap();
    assert_eq!(created.note_id(), "new-1");
    let request = &only(&server)[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.path_and_query(), "/notes");
    assert_eq!(
        credentials(request),
        (None, Some(&*format!("ApiKey {KEY}")))
    );
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "title": "Groceries", "body": "milk" })
    );

    // A bearer token is not enough.
    let server = self::server().await;
    let url = server.url();
    let notes = client(&Settings {
        api_key: None,
        ..all_identities(&url)
    });
    let err = notes.create_note().title("t").send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(
        shown.contains(
            "the client has no identity for any auth scheme of operation `CreateNote`: \
             API key in header `X-Api-Key` (setting `api_key`); set one in the client configuration"
        ),
        "{shown}"
    );
    assert_eq!(server.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn delete_note_prefers_basic_auth_then_the_bearer_token() {
    let server = server().await;
    let url = server.url();
    client(&all_identities(&url))
        .delete_note()
        .note_id("n1")
        .send()
        .await
        .unwrap();
    let request = &only(&server)[0];
    assert_eq!(request.method(), "DELETE");
    assert_eq!(request.path_and_query(), "/notes/n1");
    assert_eq!(credentials(request), (Some(BASIC), None));

    let server = self::server().await;
    let url = server.url();
    client(&Settings {
        login: None,
        ..all_identities(&url)
    })
    .delete_note()
    .note_id("n1")
    .send()
    .await
    .unwrap();
    assert_eq!(
        credentials(&only(&server)[0]),
        (Some(&*format!("Bearer {TOKEN}")), None)
    );
}

#[tokio::test]
async fn ping_is_sent_without_credentials_even_when_the_client_has_them() {
    let server = server().await;
    let url = server.url();
    for settings in [
        all_identities(&url),
        Settings {
            endpoint_url: Some(&url),
            ..Settings::default()
        },
    ] {
        let output = client(&settings).ping().send().await.unwrap();
        assert_eq!(output.status(), Some("ok"));
    }
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.path_and_query(), "/ping");
        assert_eq!(credentials(request), (None, None));
        assert!(request.header("x-amz-date").is_none());
    }
}

#[tokio::test]
async fn list_notes_has_optional_auth() {
    let server = server().await;
    let url = server.url();
    let anonymous = client(&Settings {
        endpoint_url: Some(&url),
        ..Settings::default()
    });
    let listed = anonymous.list_notes().limit(2).send().await.unwrap();
    assert_eq!(listed.note_ids(), ["a", "b"]);
    let with_key = client(&Settings {
        endpoint_url: Some(&url),
        api_key: Some(KEY),
        ..Settings::default()
    });
    with_key.list_notes().send().await.unwrap();
    let received = server.received();
    assert_eq!(received[0].path_and_query(), "/notes?limit=2");
    assert_eq!(credentials(&received[0]), (None, None));
    assert_eq!(
        credentials(&received[1]),
        (None, Some(&*format!("ApiKey {KEY}")))
    );
}

#[tokio::test]
async fn no_identity_fails_before_sending_naming_the_schemes() {
    let server = server().await;
    let url = server.url();
    let notes = client(&Settings {
        endpoint_url: Some(&url),
        login: Some((USER, PASSWORD)),
        ..Settings::default()
    });
    let err = title(&notes, "n 1").await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let missing = std::error::Error::source(&err)
        .and_then(|source| source.downcast_ref::<smithy_runtime::auth::MissingIdentity>())
        .expect("the cause is a MissingIdentity");
    assert_eq!(missing.operation(), "GetNote");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(
        shown.contains(
            "HTTP bearer auth (setting `bearer_token` or `token_provider`), API key in header `X-Api-Key` (setting `api_key`)"
        ),
        "{shown}"
    );
    assert_eq!(server.request_count(), 0);
    // The unauthenticated operation still works with that client.
    notes.ping().send().await.unwrap();
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn without_endpoint_url_calls_fail_naming_the_setting() {
    let notes = client(&Settings {
        endpoint_url: None,
        ..all_identities("unused")
    });
    let err = notes.ping().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(shown.contains("set `endpoint_url`"), "{shown}");
}

#[tokio::test]
async fn modeled_errors_and_no_secrets_in_debug_output() {
    let server = server().await;
    let url = server.url();
    let notes = client(&all_identities(&url));
    let err = title(&notes, "missing").await.unwrap_err();
    assert!(
        matches!(err.as_service_error(), Some(GetNoteError::NoteNotFound(_))),
        "{err:?}"
    );
    let failed = client(&Settings {
        endpoint_url: Some(&url),
        ..Settings::default()
    })
    .create_note()
    .title("t")
    .send()
    .await
    .unwrap_err();
    let shown = format!(
        "{notes:?} {:?} {err:?} {} {failed:?} {}",
        notes.config(),
        DisplayErrorContext(&err),
        DisplayErrorContext(&failed)
    );
    for secret in ["SECRET", "YWxpY2U6cGFzcy1TRUNSRVQ6d29yZA"] {
        assert!(!shown.contains(secret), "{secret} in: {shown}");
    }
    assert!(
        shown.contains(USER),
        "the user name is not a secret: {shown}"
    );
}

/// Hands out numbered tokens that last `lifetime`, counting how often it is asked.
#[derive(Debug)]
struct Rotating {
    issued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    lifetime: std::time::Duration,
}

impl notes_client::config::ProvideToken for Rotating {
    fn provide_token(&self) -> smithy_runtime::auth::TokenFuture<'_> {
        Box::pin(async move {
            let n = self
                .issued
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let expiration = std::time::SystemTime::now() + self.lifetime;
            Ok(notes_client::config::Token::new(
                format!("rotating-{n}"),
                Some(expiration),
            ))
        })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_again_when_its_token_is_about_to_expire() {
    use notes_client::config::Config;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    let server = server().await;
    let url = server.url();
    let sent_tokens = |server: &LoopbackServer| -> Vec<String> {
        server
            .received()
            .iter()
            .map(|r| r.header("authorization").unwrap_or("none").to_owned())
            .collect()
    };
    // Tokens that expire within the 10-second refresh window: every call needs a new one.
    let issued = Arc::new(AtomicUsize::new(0));
    let config = Config::builder()
        .endpoint_url(&url)
        .token_provider(Rotating {
            issued: issued.clone(),
            lifetime: Duration::from_secs(5),
        })
        .build();
    let notes = notes_client::Client::from_conf(config);
    title(&notes, "a").await.unwrap();
    title(&notes.clone(), "b").await.unwrap();
    assert_eq!(
        sent_tokens(&server),
        ["Bearer rotating-0", "Bearer rotating-1"]
    );
    assert_eq!(issued.load(Ordering::SeqCst), 2);

    // Tokens that last an hour: asked once, shared by clones of the client.
    let server = self::server().await;
    let url = server.url();
    let issued = Arc::new(AtomicUsize::new(0));
    let notes = notes_client::Client::from_conf(
        Config::builder()
            .endpoint_url(&url)
            .token_provider(Rotating {
                issued: issued.clone(),
                lifetime: Duration::from_secs(3600),
            })
            .build(),
    );
    for client in [notes.clone(), notes.clone(), notes] {
        title(&client, "c").await.unwrap();
    }
    assert_eq!(sent_tokens(&server), ["Bearer rotating-0"; 3]);
    assert_eq!(issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_token_provider_that_fails_stops_the_call_before_sending() {
    let server = server().await;
    let url = server.url();
    let config = notes_client::config::Config::builder()
        .endpoint_url(&url)
        .token_provider(smithy_runtime::auth::provide_token_fn(|| async {
            Err(smithy_runtime::auth::TokenError::new(
                "the sign-in session expired",
            ))
        }))
        .build();
    let notes = notes_client::Client::from_conf(config);
    let err = title(&notes, "a").await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(shown.contains("the sign-in session expired"), "{shown}");
    assert_eq!(server.request_count(), 0);
}
