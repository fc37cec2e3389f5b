//! Server-side verification of SigV4 signatures, for tests.

use super::ReceivedRequest;
use crate::config::Credentials;
use crate::primitives::{DateTime, DateTimeFormat};
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far `X-Amz-Date` may be from the verifier's clock.
const MAX_SKEW: Duration = Duration::from_secs(300);

/// Headers that must never be signed: the signature itself, and `User-Agent`, which
/// proxies may rewrite.
const NEVER_SIGNED: [&str; 2] = ["authorization", "user-agent"];

/// Checks the SigV4 `Authorization` header of `received` the way the service would, and
/// panics with a description of the first problem found. See [`check_sigv4`] for what is
/// checked.
///
/// # Panics
///
/// If the request is not correctly signed for `expected_region`, `expected_service` and
/// `credentials`.
#[track_caller]
pub fn verify_sigv4(
    received: &ReceivedRequest,
    addr: SocketAddr,
    expected_region: &str,
    expected_service: &str,
    credentials: &Credentials,
) {
    if let Err(problem) = check_sigv4(
        received,
        addr,
        expected_region,
        expected_service,
        credentials,
    ) {
        panic!("request {}: {problem}", received.index());
    }
}

/// Checks the SigV4 `Authorization` header of `received`, a request sent to the server
/// listening on `addr` over plain HTTP, and describes the first problem found.
///
/// It checks that:
///
/// * the header has the `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
///   Signature=...` form, with a 64-digit lowercase hex signature;
/// * the credential scope is `<access key>/<date>/<expected_region>/<expected_service>/aws4_request`,
///   its date matches `X-Amz-Date`, and `X-Amz-Date` is within five minutes of now;
/// * `host`, `x-amz-date`, and every `content-type`, `x-amz-target`,
///   `x-amz-security-token` and `x-amz-content-sha256` header present are signed, and
///   `authorization` and `user-agent` are not;
/// * `X-Amz-Security-Token` carries the session token exactly when `credentials` have one;
/// * the `Host` header is `addr`;
/// * the signature equals the one `aws-sigv4` computes from the method, URI, signed
///   headers and body as received (with `x-amz-content-sha256: UNSIGNED-PAYLOAD`, without
///   the body).
pub fn check_sigv4(
    received: &ReceivedRequest,
    addr: SocketAddr,
    expected_region: &str,
    expected_service: &str,
    credentials: &Credentials,
) -> Result<(), String> {
    check_sigv4_parts(
        received.method(),
        received.path_and_query(),
        received.headers(),
        received.body(),
        addr,
        expected_region,
        expected_service,
        credentials,
    )
}

/// [`check_sigv4`] for a request given by its parts, as a server of its own sees them (the
/// body is only read when the signature covers it: not for an event stream, whose messages
/// [`EventSignatureChecker`] checks as they arrive).
#[allow(clippy::too_many_arguments)]
pub fn check_sigv4_parts(
    method: &http::Method,
    path_and_query: &str,
    request_headers: &http::HeaderMap,
    body: &[u8],
    addr: SocketAddr,
    expected_region: &str,
    expected_service: &str,
    credentials: &Credentials,
) -> Result<(), String> {
    let received_header = |name: &str| {
        request_headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    let header =
        |name: &str| received_header(name).ok_or_else(|| format!("missing header `{name}`"));

    let authorization = header("authorization")?;
    let rest = authorization
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .ok_or_else(|| format!("bad authorization header: {authorization}"))?;
    let (credential, rest) = rest
        .split_once(", SignedHeaders=")
        .ok_or_else(|| format!("no SignedHeaders in authorization header: {authorization}"))?;
    let (signed_headers, signature) = rest
        .split_once(", Signature=")
        .ok_or_else(|| format!("no Signature in authorization header: {authorization}"))?;

    let scope: Vec<&str> = credential.split('/').collect();
    let expected_scope = [
        credentials.access_key_id(),
        expected_region,
        expected_service,
        "aws4_request",
    ];
    if scope.len() != 5
        || [scope[0], scope[2], scope[3], scope[4]] != expected_scope
        || scope[1].len() != 8
    {
        return Err(format!(
            "credential scope `{credential}` is not `{}/<yyyymmdd>/{expected_region}/{expected_service}/aws4_request`",
            credentials.access_key_id()
        ));
    }
    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!(
            "signature `{signature}` is not 64 lowercase hex digits"
        ));
    }

    // The date in the scope matches X-Amz-Date, which is close to now.
    let amz_date = header("x-amz-date")?;
    let time = parse_amz_date(amz_date)?;
    if !amz_date.starts_with(scope[1]) {
        return Err(format!(
            "scope date {} does not match X-Amz-Date {amz_date}",
            scope[1]
        ));
    }
    let skew = SystemTime::now()
        .duration_since(time)
        .unwrap_or_else(|e| e.duration());
    if skew > MAX_SKEW {
        return Err(format!(
            "X-Amz-Date {amz_date} is {skew:?} away from the current time"
        ));
    }

    // Everything that matters is signed; what must not be signed is not.
    let names: Vec<&str> = signed_headers.split(';').collect();
    let mut required = vec!["host", "x-amz-date"];
    for optional in [
        "content-type",
        "x-amz-target",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        if request_headers.contains_key(optional) {
            required.push(optional);
        }
    }
    if let Some(missing) = required.iter().find(|name| !names.contains(name)) {
        return Err(format!("`{missing}` is not signed: {signed_headers}"));
    }
    if let Some(signed) = NEVER_SIGNED.iter().find(|name| names.contains(name)) {
        return Err(format!("`{signed}` must not be signed: {signed_headers}"));
    }
    match (
        credentials.session_token(),
        received_header("x-amz-security-token"),
    ) {
        (Some(expected), Some(sent)) if expected == sent => {}
        (None, None) => {}
        (Some(_), Some(_)) => return Err("X-Amz-Security-Token is not the session token".into()),
        (Some(_), None) => return Err("missing header `x-amz-security-token`".into()),
        (None, Some(_)) => {
            return Err("X-Amz-Security-Token sent for credentials without a session token".into())
        }
    }

    let host = header("host")?;
    if host != addr.to_string() {
        return Err(format!(
            "the Host header `{host}` is not the server's address `{addr}`"
        ));
    }

    // Recompute the signature from the request as received.
    let mut headers = Vec::with_capacity(names.len());
    for name in &names {
        headers.push((*name, header(name)?));
    }
    let uri = format!("http://{addr}{path_and_query}");
    // A hash in `x-amz-content-sha256` must be the body's, which signing the body as received
    // checks; `UNSIGNED-PAYLOAD` leaves the body out of the signature.
    let payload = match received_header("x-amz-content-sha256") {
        Some("UNSIGNED-PAYLOAD") => SignableBody::UnsignedPayload,
        // An event stream's messages are signed one by one (`check_event_stream_signatures`).
        Some(events @ "STREAMING-AWS4-HMAC-SHA256-EVENTS") => {
            SignableBody::Precomputed(events.to_owned())
        }
        _ => SignableBody::Bytes(body),
    };
    let signable =
        SignableRequest::new(method.as_str(), uri.as_str(), headers.into_iter(), payload)
            .map_err(|e| format!("cannot build the signable request: {e}"))?;
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(expected_region)
        .name(expected_service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("cannot build the signing parameters: {e}"))?
        .into();
    let (_, expected) = sign(signable, &params)
        .map_err(|e| format!("cannot sign: {e}"))?
        .into_parts();
    if signature != expected {
        return Err(format!(
            "signature mismatch: received {signature}, expected {expected}"
        ));
    }
    Ok(())
}

/// Checks the signed messages of `received`'s event stream body and returns the messages they
/// carry, panicking at the first problem; see [`check_event_stream_signatures`].
///
/// # Panics
///
/// If a message is not correctly signed, or the body does not end with the signed empty
/// message.
#[cfg(feature = "event-stream")]
#[track_caller]
pub fn verify_event_stream_signatures(
    received: &ReceivedRequest,
    expected_region: &str,
    expected_service: &str,
    credentials: &Credentials,
) -> Vec<aws_smithy_types::event_stream::Message> {
    check_event_stream_signatures(received, expected_region, expected_service, credentials)
        .unwrap_or_else(|problem| panic!("request {}: {problem}", received.index()))
}

/// Checks the SigV4 event-signing chain of `received`'s body, a request whose own signature
/// [`check_sigv4`] checks, with an [`EventSignatureChecker`]: every message must be signed in
/// the chain, the last one must be the signed empty message and nothing may follow it.
/// Returns the messages inside, in order.
#[cfg(feature = "event-stream")]
pub fn check_event_stream_signatures(
    received: &ReceivedRequest,
    expected_region: &str,
    expected_service: &str,
    credentials: &Credentials,
) -> Result<Vec<aws_smithy_types::event_stream::Message>, String> {
    use aws_smithy_eventstream::frame::read_message_from;
    let authorization = received
        .header("authorization")
        .ok_or("missing header `authorization`")?;
    let mut checker = EventSignatureChecker::new(
        authorization,
        expected_region,
        expected_service,
        credentials,
    )?;
    let mut body = &received.body()[..];
    let mut inner = Vec::new();
    while !body.is_empty() {
        let outer = read_message_from(&mut body)
            .map_err(|err| format!("message {} does not decode: {err}", checker.checked()))?;
        if let Some(message) = checker.check(&outer)? {
            inner.push(message);
        }
    }
    if !checker.ended() {
        return Err("the stream does not end with the signed empty message".into());
    }
    Ok(inner)
}

/// Checks the messages of a signed event stream one at a time, as a server does while the
/// stream is still arriving: each must carry `:date` (a timestamp) and `:chunk-signature` (32
/// bytes), the signature over the message inside, its date and the previous signature (the
/// request's, before the first), with the credentials, region and service expected.
#[cfg(feature = "event-stream")]
#[derive(Debug)]
pub struct EventSignatureChecker {
    previous: String,
    identity: aws_smithy_runtime_api::client::identity::Identity,
    region: String,
    service: String,
    checked: usize,
    ended: bool,
}

#[cfg(feature = "event-stream")]
impl EventSignatureChecker {
    /// A checker for the stream of the request signed with `authorization` (its
    /// `Authorization` header, whose signature seeds the chain).
    pub fn new(
        authorization: &str,
        expected_region: &str,
        expected_service: &str,
        credentials: &Credentials,
    ) -> Result<Self, String> {
        let previous = authorization
            .rsplit_once("Signature=")
            .map(|(_, signature)| signature.to_owned())
            .ok_or_else(|| format!("no Signature in authorization header: {authorization}"))?;
        Ok(Self {
            previous,
            identity: credentials.clone().into(),
            region: expected_region.to_owned(),
            service: expected_service.to_owned(),
            checked: 0,
            ended: false,
        })
    }

    /// How many messages were checked.
    pub fn checked(&self) -> usize {
        self.checked
    }

    /// Whether the signed empty message that ends the stream was checked.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Checks the next signed message, `outer`, and returns the message inside (`None` for
    /// the signed empty message that ends the stream).
    pub fn check(
        &mut self,
        outer: &aws_smithy_types::event_stream::Message,
    ) -> Result<Option<aws_smithy_types::event_stream::Message>, String> {
        use aws_smithy_eventstream::frame::read_message_from;
        use aws_smithy_types::event_stream::HeaderValue;
        let index = self.checked;
        if self.ended {
            return Err(format!(
                "message {index} follows the signed empty message that ends the stream"
            ));
        }
        let header = |name: &str| {
            outer
                .headers()
                .iter()
                .find(|header| header.name().as_str() == name)
                .map(|header| header.value())
        };
        let Some(HeaderValue::Timestamp(date)) = header(":date") else {
            return Err(format!("message {index} has no timestamp header `:date`"));
        };
        let Some(HeaderValue::ByteArray(signature)) = header(":chunk-signature") else {
            return Err(format!(
                "message {index} has no byte-array header `:chunk-signature`"
            ));
        };
        let time = SystemTime::try_from(*date)
            .map_err(|_| format!("message {index}: `:date` is out of range"))?;
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(&self.region)
            .name(&self.service)
            .time(time)
            .settings(())
            .build()
            .map_err(|e| format!("cannot build the signing parameters: {e}"))?;
        let (inner, expected) = if outer.payload().is_empty() {
            self.ended = true;
            (
                None,
                aws_sigv4::event_stream::sign_empty_message(&self.previous, &params),
            )
        } else {
            let message = read_message_from(&mut &outer.payload()[..]).map_err(|err| {
                format!("the message inside message {index} does not decode: {err}")
            })?;
            let signed = aws_sigv4::event_stream::sign_message(&message, &self.previous, &params);
            (Some(message), signed)
        };
        let (_, expected) = expected
            .map_err(|e| format!("cannot sign message {index}: {e}"))?
            .into_parts();
        let received_signature = hex::encode(signature);
        if received_signature != expected {
            return Err(format!(
                "message {index}: signature mismatch: received {received_signature}, expected {expected} (previous signature {})",
                self.previous
            ));
        }
        self.previous = expected;
        self.checked += 1;
        Ok(inner)
    }
}

/// Parses an `X-Amz-Date` value (`yyyymmddThhmmssZ`).
fn parse_amz_date(amz_date: &str) -> Result<SystemTime, String> {
    let bad = || format!("X-Amz-Date `{amz_date}` is not yyyymmddThhmmssZ");
    let b = amz_date.as_bytes();
    if b.len() != 16
        || b[8] != b'T'
        || b[15] != b'Z'
        || !b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
    {
        return Err(bad());
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &amz_date[0..4],
        &amz_date[4..6],
        &amz_date[6..8],
        &amz_date[9..11],
        &amz_date[11..13],
        &amz_date[13..15]
    );
    let secs = DateTime::from_str(&iso, DateTimeFormat::DateTime)
        .map_err(|_| bad())?
        .secs();
    let secs = u64::try_from(secs).map_err(|_| bad())?;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::parse_amz_date;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn amz_date() {
        assert_eq!(
            parse_amz_date("20191216T234818Z").unwrap(),
            UNIX_EPOCH + Duration::from_secs(1_576_540_098)
        );
        for bad in [
            "",
            "20191216T234818",
            "2019-12-16T23:48:18Z",
            "2019121xT234818Z",
        ] {
            assert!(parse_amz_date(bad).is_err(), "{bad}");
        }
    }
}
