//! Protocol-specific helpers that generated clients call while handling responses.
//!
//! * [`aws_json`]: error responses of the awsJson 1.0 and 1.1 protocols.
//! * `compliance` (with the `test-util` feature): assertions for the generated protocol
//!   compliance tests.

pub mod aws_json;
#[cfg(feature = "test-util")]
pub mod compliance;
