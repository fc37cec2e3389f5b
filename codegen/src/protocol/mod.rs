//! The wire protocols, behind one interface.
//!
//! Everything that differs between protocols is a method of [`Protocol`]: how each member is
//! bound to the HTTP message and under which name (resolved into the IR, so renderers read
//! facts), the timestamp format a member gets when it has no `@timestampFormat`, the code of an
//! operation's request (method, path, headers, body) and of its response parser, and how an
//! error response gives its code. Everything else (types, builders, the client, endpoints,
//! paginators, waiters) is the same for every protocol and knows nothing about them.
//!
//! awsJson 1.0 and 1.1 are one implementation: an HTTP-bound protocol whose bindings put every
//! member in the JSON body of a `POST /`. restJson1 honours the HTTP-binding traits; the parts
//! outside the body are in `http_request` and `http_response`, which restXml will share.
//! `aws.protocols#awsQueryCompatible` wraps either.

mod aws_json;
pub mod bindings;
mod http_request;
mod http_response;
mod query_compatible;
mod rest_json;

use proc_macro2::TokenStream;

use crate::ir::{CrateDef, FieldDef, HttpBinding, OperationDef, RustType, StructDef};
use crate::normalize::ProtocolId;
use crate::render::protocol_serde::SerdeRequests;

pub use aws_json::AwsJson;
pub use bindings::MemberBindings;
pub use query_compatible::QueryCompatible;
pub use rest_json::RestJson;

/// Where a member goes on the wire, as a protocol decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberBinding {
    pub location: HttpBinding,
    /// The name in the body (`@jsonName` where the protocol honours it), header or query.
    pub wire_name: String,
}

/// What a protocol contributes to an operation's `request` function.
pub struct RequestCode {
    /// Statements, with the complete `input` in scope, that compute `body` and whatever the
    /// builder calls read.
    pub prepare: TokenStream,
    /// Calls chained on `OperationRequest::from_endpoint(..)` before the generic ones (host
    /// prefix, compression, body): headers, and for HTTP-bound protocols method and path.
    pub calls: TokenStream,
    /// Whether `prepare` moves parts out of `input` (a blob or text payload becomes the body
    /// without a copy), so `input` must be a mutable binding.
    pub takes_from_input: bool,
}

/// How a protocol reads a successful response into the operation's output.
pub struct OutputParserCode {
    /// The `Result<Output, DeserializeError>` expression `de_response` returns from, with
    /// `status` (`u16`), `headers` (`http::HeaderMap`) and `body` in scope: `&[u8]`, or the
    /// `ByteStream` when the output's payload is a stream.
    pub call: TokenStream,
    /// The functions `call` uses.
    pub functions: TokenStream,
    /// Whether `call` reads `status` (for a streamed output, whose parser gets it unused
    /// otherwise).
    pub reads_status: bool,
}

/// How the runtime hands a successful response to the output parser, and so which parser
/// function the operation's serde module has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputEntry {
    /// Read whole: `de_response(&HttpResponse)`; `body` is `&[u8]`.
    Buffered,
    /// Once its head arrives, the body unread: `de_stream_output(status, headers, body)`;
    /// `body` is the `ByteStream`.
    Streamed,
    /// Once its event stream's `initial-response` message has arrived (awsJson outputs with a
    /// stream and other members): `de_initial_response(headers, payload, events)`; `payload`
    /// is the message's (`&[u8]`), `events` the stream after it.
    AfterInitialResponse,
}

impl OutputEntry {
    /// Buffered, or streamed when a member of the output is a stream.
    pub fn by_streams(op: &OperationDef) -> OutputEntry {
        if op.output.streams() {
            OutputEntry::Streamed
        } else {
            OutputEntry::Buffered
        }
    }
}

/// The statements of an error parser that read the error's metadata from the response, and
/// the code they match on.
pub struct ErrorMetadataCode {
    /// Statements, with `status`, `headers` and `body` in scope, that bind `meta` (an
    /// `ErrorMetadata`) and whatever `code` reads.
    pub statements: TokenStream,
    /// An `Option<&str>` expression: the error code that picks the modeled error.
    pub code: TokenStream,
}

/// One wire protocol. `render::operation_serde` puts the pieces together, always asking the
/// outermost implementation, so a wrapper such as [`QueryCompatible`] changes one piece and
/// delegates the rest.
pub trait Protocol: Sync {
    /// The protocol's trait, as protocol compliance tests name it: `aws.protocols#awsJson1_0`.
    fn trait_id(&self) -> &'static str;

    /// Where each member goes, and under which name.
    fn bindings(&self) -> &dyn MemberBindings;

    /// The protocol's part of `op`'s `request` function.
    fn request(&self, def: &CrateDef, op: &OperationDef) -> RequestCode;

    /// `fn ser_input`: what `request`'s `prepare` statements call to build the body.
    fn body_serializer(&self, op: &OperationDef) -> TokenStream;

    /// How a successful response becomes the output.
    fn output_parser(&self, op: &OperationDef) -> OutputParserCode;

    /// How the runtime hands a successful response of `op` to its output parser.
    fn output_entry(&self, op: &OperationDef) -> OutputEntry;

    /// Asks for the serde functions the request and response code of every operation, and
    /// every error parser, call.
    fn request_serde(&self, def: &CrateDef, requests: &mut SerdeRequests<'_>);

    /// The statements that read an error response's metadata. With `needs_code`, `code` is
    /// matched against the modeled errors afterwards; without, it is not used.
    fn error_metadata(&self, needs_code: bool) -> ErrorMetadataCode;

    /// The functions of an error's serde module: `de_<error>`, called with
    /// [`error_deserializer_args`](Self::error_deserializer_args), reads the modeled error or
    /// gives the unhandled one.
    fn error_deserializer(&self, error: &StructDef) -> TokenStream;

    /// The arguments of an error's `de_<error>`, in scope in the operation's `de_error`
    /// (`status`, `headers`, `body`, `meta`).
    fn error_deserializer_args(&self) -> TokenStream;

    /// Whether every operation needs `@http` (the HTTP-binding protocols).
    fn needs_http_routes(&self) -> bool;
}

/// The marshaller and error marshaller (unit-struct values) a sent event stream field's
/// events and errors are written with.
pub(crate) fn marshallers(events: &FieldDef) -> (TokenStream, TokenStream) {
    let RustType::EventStream {
        marshaller_path,
        error_marshaller_path,
        ..
    } = &events.ty
    else {
        unreachable!("only event stream fields have marshallers")
    };
    (
        crate::render::path(marshaller_path),
        crate::render::path(error_marshaller_path),
    )
}

/// The unmarshaller (a unit-struct value) a received event stream field is read with.
pub(crate) fn unmarshaller(events: &FieldDef) -> TokenStream {
    let RustType::EventStream {
        unmarshaller_path, ..
    } = &events.ty
    else {
        unreachable!("only event stream fields have unmarshallers")
    };
    crate::render::path(unmarshaller_path)
}

/// The implementation of the service's protocol.
pub fn of(def: &CrateDef) -> Box<dyn Protocol> {
    for_id(def.service.protocol, def.service.query_compatible)
}

/// The implementation of `id`, wrapped for `aws.protocols#awsQueryCompatible` services.
pub fn for_id(id: ProtocolId, query_compatible: bool) -> Box<dyn Protocol> {
    match (id, query_compatible) {
        (ProtocolId::AwsJson1_0, false) => Box::new(AwsJson::V1_0),
        (ProtocolId::AwsJson1_1, false) => Box::new(AwsJson::V1_1),
        (ProtocolId::RestJson1, false) => Box::new(RestJson),
        (ProtocolId::AwsJson1_0, true) => Box::new(QueryCompatible::new(AwsJson::V1_0)),
        (ProtocolId::AwsJson1_1, true) => Box::new(QueryCompatible::new(AwsJson::V1_1)),
        (ProtocolId::RestJson1, true) => Box::new(QueryCompatible::new(RestJson)),
    }
}
