//! Protocol-specific helpers that generated clients call while handling responses.
//!
//! * [`aws_json`]: error responses of the awsJson 1.0 and 1.1 protocols.
//! * [`http_binding`]: members bound to the URI, query string and headers (restJson1).
//! * [`rest_json`]: error responses of restJson1.
//! * `compliance` (with the `test-util` feature): assertions for the generated protocol
//!   compliance tests.

pub mod aws_json;
#[cfg(feature = "test-util")]
pub mod compliance;
pub mod http_binding;
pub mod rest_json;
