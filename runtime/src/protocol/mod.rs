//! Protocol-specific helpers that generated clients call while handling responses.
//!
//! * [`aws_json`]: error responses of the awsJson 1.0 and 1.1 protocols.

pub mod aws_json;
