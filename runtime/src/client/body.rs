//! The request body each attempt sends: bytes held in memory, or (feature `byte-stream`) the
//! caller's stream, replayed for a retry when it can be read again and hashed for SigV4 before
//! it is sent.

use bytes::Bytes;

/// The body of every attempt of one call.
pub(super) enum PreparedBody {
    Bytes(Bytes),
    #[cfg(feature = "byte-stream")]
    Stream(stream::PreparedStream),
}

impl PreparedBody {
    /// The length, when it is known before sending.
    pub(super) fn length(&self) -> Option<u64> {
        match self {
            Self::Bytes(bytes) => Some(bytes.len() as u64),
            #[cfg(feature = "byte-stream")]
            Self::Stream(stream) => stream.length(),
        }
    }

    /// Whether another attempt can send the body again.
    pub(super) fn can_retry(&self) -> bool {
        match self {
            Self::Bytes(_) => true,
            #[cfg(feature = "byte-stream")]
            Self::Stream(stream) => stream.replayable(),
        }
    }
}

#[cfg(feature = "byte-stream")]
pub(super) mod stream {
    use crate::error::BoxError;
    use aws_smithy_types::body::SdkBody;
    use std::sync::{Mutex, PoisonError};

    /// A `@streaming` request body.
    pub(in crate::client) struct PreparedStream {
        /// The caller's body: each attempt sends a copy when it can be read again, and the
        /// first attempt takes it otherwise.
        body: Mutex<Option<SdkBody>>,
        replayable: bool,
        length: Option<u64>,
    }

    impl PreparedStream {
        /// Checks the body against the operation's `@requiresLength`.
        pub(in crate::client) fn new(
            operation: &str,
            body: SdkBody,
            requires_length: bool,
        ) -> Result<Self, BoxError> {
            let length = body.content_length();
            if requires_length && length.is_none() {
                return Err(format!(
                    "operation `{operation}` needs the length of its streaming body (`@requiresLength`), and this stream does not know it: make it with `ByteStream::from_path`, `ByteStream::read_from().length(..)`, from bytes, or from a body whose size hint is exact"
                )
                .into());
            }
            Ok(Self {
                replayable: body.try_clone().is_some(),
                body: Mutex::new(Some(body)),
                length,
            })
        }

        pub(in crate::client) fn length(&self) -> Option<u64> {
            self.length
        }

        pub(in crate::client) fn replayable(&self) -> bool {
            self.replayable
        }

        /// The body for the next attempt.
        pub(in crate::client) fn for_attempt(&self) -> Result<SdkBody, BoxError> {
            let mut body = self.body.lock().unwrap_or_else(PoisonError::into_inner);
            let next = if self.replayable {
                body.as_ref().and_then(SdkBody::try_clone)
            } else {
                body.take()
            };
            next.ok_or_else(|| {
                "the streaming request body was sent already and cannot be read again".into()
            })
        }

        /// The hex SHA-256 of the body, read from a copy of it, or `None` when it cannot be
        /// read twice (it is then signed as `UNSIGNED-PAYLOAD`).
        #[cfg(feature = "sigv4")]
        pub(in crate::client) async fn sha256(&self) -> Result<Option<String>, BoxError> {
            use sha2::Digest;
            let mut hasher = sha2::Sha256::new();
            let read = self
                .read_copy("to sign it", |data| hasher.update(data))
                .await?;
            Ok(read.then(|| hex::encode(hasher.finalize())))
        }

        /// Reads a copy of the body, handing each chunk to `consume`; `false` (and nothing
        /// read) when the body cannot be read twice. `purpose` completes "reading the
        /// streaming request body ... failed".
        pub(in crate::client) async fn read_copy(
            &self,
            purpose: &str,
            mut consume: impl FnMut(&[u8]),
        ) -> Result<bool, BoxError> {
            use http_body_util::BodyExt;
            if !self.replayable {
                return Ok(false);
            }
            let mut copy = self.for_attempt()?;
            while let Some(frame) = copy.frame().await {
                let frame = frame.map_err(|err| {
                    format!("reading the streaming request body {purpose} failed: {err}")
                })?;
                if let Ok(data) = frame.into_data() {
                    consume(&data);
                }
            }
            Ok(true)
        }
    }
}
