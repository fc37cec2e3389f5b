//! SigV4's event-signing chain: every message of a signed request's event stream is wrapped in
//! a message carrying `:date` and `:chunk-signature`, the signature over its bytes and the
//! signature before it, starting from the HTTP request's. aws-sigv4 computes each signature;
//! this keeps the chain.

use aws_sigv4::event_stream::{sign_empty_message, sign_message};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::event_stream::{Message, SignMessage, SignMessageError};
use std::time::SystemTime;

/// Signs the messages of one request's event stream.
#[derive(Debug)]
pub(crate) struct SigV4MessageSigner {
    /// The signature of the previous message; the request's before the first.
    last_signature: String,
    identity: Identity,
    region: String,
    signing_name: String,
}

impl SigV4MessageSigner {
    pub(crate) fn new(
        seed_signature: String,
        identity: Identity,
        region: String,
        signing_name: String,
    ) -> Self {
        Self {
            last_signature: seed_signature,
            identity,
            region,
            signing_name,
        }
    }

    fn params(&self) -> Result<SigningParams<'_, ()>, SignMessageError> {
        Ok(SigningParams::builder()
            .identity(&self.identity)
            .region(&self.region)
            .name(&self.signing_name)
            // Each message is dated when it is sent: a stream can outlive the request's date.
            .time(SystemTime::now())
            .settings(())
            .build()?)
    }
}

impl SignMessage for SigV4MessageSigner {
    fn sign(&mut self, message: Message) -> Result<Message, SignMessageError> {
        let params = self.params()?;
        let (signed, signature) =
            sign_message(&message, &self.last_signature, &params)?.into_parts();
        self.last_signature = signature;
        Ok(signed)
    }

    fn sign_empty(&mut self) -> Option<Result<Message, SignMessageError>> {
        let params = match self.params() {
            Ok(params) => params,
            Err(err) => return Some(Err(err)),
        };
        Some(
            sign_empty_message(&self.last_signature, &params)
                .map(|output| {
                    let (signed, signature) = output.into_parts();
                    self.last_signature = signature;
                    signed
                })
                .map_err(Into::into),
        )
    }
}
