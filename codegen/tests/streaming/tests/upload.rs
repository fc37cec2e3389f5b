//! Glacier's `UploadArchive` through the generated client: the body streams from a file or from
//! memory, the client adds the SHA-256 tree hash and the signed SHA-256, and a body that can
//! be read only once needs the caller's checksum.

use aws_sdk_glacier::config::retry::RetryConfig;
use aws_sdk_glacier::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_glacier::error::SdkError;
use aws_sdk_glacier::primitives::{ByteStream, SdkBody};
use aws_sdk_glacier::{Client, Config};
use sha2::{Digest, Sha256};
use smithy_runtime::test_util::{verify_sigv4, LoopbackServer, Reply};

fn credentials() -> Credentials {
    Credentials::new("AKIDGLACIER", "glacier/secret", None, None, "e2e")
}

fn client(server: &LoopbackServer) -> Client {
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-central-1"))
        .credentials_provider(credentials())
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn created() -> Reply {
    Reply::new(201, "")
        .header("location", "/-/vaults/photos/archives/abc")
        .header("x-amz-archive-id", "abc")
        .header("x-amz-sha256-tree-hash", "echoed")
}

/// Glacier's tree hash, computed here independently of the runtime: 1 MiB leaves combined
/// pairwise.
fn tree_hash(body: &[u8]) -> String {
    let mut level: Vec<Vec<u8>> = body
        .chunks(1 << 20)
        .map(|leaf| Sha256::digest(leaf).to_vec())
        .collect();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => Sha256::new()
                    .chain_update(left)
                    .chain_update(right)
                    .finalize()
                    .to_vec(),
                [single] => single.clone(),
                _ => unreachable!(),
            })
            .collect();
    }
    hex::encode(&level[0])
}

#[tokio::test]
async fn a_file_upload_gets_its_tree_hash_and_is_signed() {
    let body: Vec<u8> = (0..(3 << 20) + 12_345)
        .map(|i: u32| (i % 241) as u8)
        .collect();
    let dir = std::env::temp_dir().join(format!("glacier-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("archive.bin");
    std::fs::write(&file, &body).unwrap();

    let server = LoopbackServer::sequence(vec![created()]).await;
    let output = client(&server)
        .upload_archive()
        .vault_name("photos")
        .archive_description("holiday")
        .body(ByteStream::from_path(&file).await.unwrap())
        .send()
        .await
        .expect("the upload succeeds");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(output.archive_id(), Some("abc"));
    assert_eq!(output.location(), Some("/-/vaults/photos/archives/abc"));

    let request = &server.received()[0];
    assert_eq!(request.method(), "POST");
    // The account id defaults to `-`, the caller's own account.
    assert_eq!(request.path_and_query(), "/-/vaults/photos/archives");
    assert_eq!(request.expect_header("x-amz-glacier-version"), "2012-06-01");
    assert_eq!(
        request.expect_header("x-amz-archive-description"),
        "holiday"
    );
    assert_eq!(
        request.expect_header("content-length"),
        body.len().to_string()
    );
    assert_eq!(
        request.expect_header("x-amz-sha256-tree-hash"),
        tree_hash(&body)
    );
    assert_eq!(
        request.expect_header("x-amz-content-sha256"),
        hex::encode(Sha256::digest(&body))
    );
    assert_eq!(request.body().as_ref(), body.as_slice());
    verify_sigv4(
        request,
        server.addr(),
        "eu-central-1",
        "glacier",
        &credentials(),
    );
}

#[tokio::test]
async fn a_body_read_once_needs_the_callers_checksum() {
    let server = LoopbackServer::sequence(vec![created()]).await;
    let once = || ByteStream::new(SdkBody::from_body_1_x(http_body_once(b"only once")));
    let err = client(&server)
        .upload_archive()
        .vault_name("photos")
        .body(once())
        .send()
        .await
        .expect_err("no tree hash can be computed");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let message = format!("{}", aws_sdk_glacier::error::DisplayErrorContext(&err));
    assert!(message.contains("set the `checksum`"), "{message}");
    assert_eq!(server.request_count(), 0);

    // With the checksum given, it is sent as is, signed as UNSIGNED-PAYLOAD.
    client(&server)
        .upload_archive()
        .vault_name("photos")
        .checksum(tree_hash(b"only once"))
        .body(once())
        .send()
        .await
        .expect("the upload succeeds");
    let request = &server.received()[0];
    assert_eq!(
        request.expect_header("x-amz-sha256-tree-hash"),
        tree_hash(b"only once")
    );
    assert_eq!(
        request.expect_header("x-amz-content-sha256"),
        "UNSIGNED-PAYLOAD"
    );
    assert_eq!(request.body().as_ref(), b"only once");
    verify_sigv4(
        request,
        server.addr(),
        "eu-central-1",
        "glacier",
        &credentials(),
    );
}

/// A body that yields `data` once and cannot be read again.
fn http_body_once(data: &'static [u8]) -> Once {
    Once(Some(bytes::Bytes::from_static(data)))
}

struct Once(Option<bytes::Bytes>);

impl http_body::Body for Once {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        std::task::Poll::Ready(self.0.take().map(|data| Ok(http_body::Frame::data(data))))
    }
}
