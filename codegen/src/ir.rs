//! The small intermediate form the renderers read: every Rust name and type already decided,
//! nothing left of Smithy but ids for messages. Built from a [`NormalizedModel`].

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::model::traits::ErrorFault;
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, SimpleType, Traits};
use crate::naming;
use crate::normalize::{NormalizedModel, ProtocolId};
use crate::protocol::bindings::Position;
use crate::protocol::MemberBinding;
use crate::symbols::{OperationSymbol, SymbolTable, TypeKind, TypeSymbol};

/// Settings that do not come from the model.
#[derive(Debug, Clone)]
pub struct CrateSettings {
    pub name: String,
    pub version: String,
    pub description: Option<String>,
    /// The `path` of the runtime dependency, as written into the generated Cargo.toml.
    pub runtime_path: String,
    /// Whether the crate is a member of this workspace (and so inherits its lints).
    pub workspace_member: bool,
}

#[derive(Debug, Clone)]
pub struct CrateDef {
    pub settings: CrateSettings,
    pub service: ServiceDef,
    pub types: Vec<TypeDef>,
    pub errors: Vec<StructDef>,
    pub operations: Vec<OperationDef>,
    /// Where every type and operation lives (see `symbols.rs`).
    pub symbols: SymbolTable,
    /// The position of each shape's type in `types`.
    type_index: BTreeMap<ShapeId, usize>,
    /// Every error any selected operation can return, for the crate-level `Error`.
    pub all_errors: Vec<ErrorRef>,
}

/// Whether the first HTTP version this client speaks in the protocol trait's `eventStreamHttp`
/// (or `http`, which it defaults to) is `h2`; without either list, HTTP/1.1 is assumed, as the
/// AWS protocols' specifications say.
fn event_streams_need_http2(protocol_trait: Option<&Value>) -> bool {
    let list = |key: &str| protocol_trait?.get(key)?.as_array();
    let versions = list("eventStreamHttp").or_else(|| list("http"));
    versions
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|version| matches!(*version, "h2" | "http/1.1"))
        == Some("h2")
}

impl CrateDef {
    /// The event stream unions: each has an error enum, an unmarshaller when an operation
    /// receives it and marshallers when one sends it.
    pub fn event_streams(&self) -> impl Iterator<Item = (&UnionDef, &EventStreamDef)> {
        self.types.iter().filter_map(|ty| match ty {
            TypeDef::Union(def) => def.event_stream.as_deref().map(|stream| (def, stream)),
            _ => None,
        })
    }

    /// The event streams of every operation: the union's id, and whether it is sent.
    fn operation_event_streams(&self) -> impl Iterator<Item = (&ShapeId, bool)> {
        self.operations
            .iter()
            .flat_map(|op| op.input.fields.iter().chain(&op.output.fields))
            .filter_map(|field| match &field.ty {
                RustType::EventStream { id, sent, .. } => Some((id, *sent)),
                _ => None,
            })
    }

    /// Whether an operation sends (`sent`) or receives (`!sent`) the event stream `id`.
    pub fn event_stream_used(&self, id: &ShapeId, sent: bool) -> bool {
        self.operation_event_streams()
            .any(|(stream, sends)| stream == id && sends == sent)
    }

    /// Whether `op` has an event stream that goes over HTTP/2: the service's protocol says so,
    /// or the operation streams both ways (a duplex stream, which HTTP/1.1 cannot carry
    /// reliably, as Bedrock Runtime's bidirectional operations).
    pub fn event_stream_over_http2(&self, op: &OperationDef) -> bool {
        let sends = op.input.event_stream().is_some();
        let receives = op.output.event_stream().is_some();
        (self.service.event_streams_http2 && (sends || receives)) || (sends && receives)
    }

    /// Whether an operation sends an event stream.
    pub fn sends_event_streams(&self) -> bool {
        self.operation_event_streams().any(|(_, sent)| sent)
    }

    /// The generated structure, union or enum of a shape.
    pub fn type_def(&self, id: &ShapeId) -> Option<&TypeDef> {
        self.type_index.get(id).map(|index| &self.types[*index])
    }

    /// The structure of a shape: a data type, or an operation's input or output.
    pub fn struct_def(&self, id: &ShapeId) -> Option<&StructDef> {
        match self.type_def(id) {
            Some(TypeDef::Struct(def)) => Some(def),
            Some(_) => None,
            None => self
                .operations
                .iter()
                .flat_map(|op| [&op.input, &op.output])
                .find(|def| def.id == *id),
        }
    }

    /// The union of a shape.
    pub fn union_def(&self, id: &ShapeId) -> Option<&UnionDef> {
        match self.type_def(id) {
            Some(TypeDef::Union(def)) => Some(def),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServiceDef {
    pub id: ShapeId,
    pub title: String,
    pub docs: Option<String>,
    pub version: String,
    pub protocol: ProtocolId,
    /// The SigV4 signing name (`aws.auth#sigv4` `name`).
    pub signing_name: String,
    /// The service's auth scheme traits (see `auth.rs`). With `aws.auth#sigv4`, the crate
    /// compiles the runtime's SigV4 signing and AWS credentials (feature `sigv4`) and its
    /// config takes credentials.
    pub auth: crate::auth::ServiceAuth,
    /// The name used in logs and the user agent: the `sdkId`, or the shape name.
    pub sdk_id: String,
    /// The endpoint rule set, type-checked and compiled, when the service has one.
    pub endpoint_rules: Option<crate::endpoints::CompiledRuleSet>,
    /// The endpoint test cases, when the service has them and a rule set for them to test.
    pub endpoint_tests: Option<Vec<crate::endpoints::TestCase>>,
    /// `aws.protocols#awsQueryCompatible`: send `x-amzn-query-mode` and read error codes from
    /// `x-amzn-query-error`.
    pub query_compatible: bool,
    /// What the service needs beyond its model (`customizations`).
    pub customizations: crate::customizations::ServiceCustomizations,
    /// The protocol trait's `eventStreamHttp` (else `http`) lists `h2` before `http/1.1`: its
    /// event streams go over HTTP/2 (runtime feature `http2`).
    pub event_streams_http2: bool,
}

#[derive(Debug, Clone)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
            TypeDef::Union(def) => &def.name,
        }
    }

    pub fn id(&self) -> &ShapeId {
        match self {
            TypeDef::Struct(def) => &def.id,
            TypeDef::Enum(def) => &def.id,
            TypeDef::Union(def) => &def.id,
        }
    }

    pub fn symbol(&self) -> &TypeSymbol {
        match self {
            TypeDef::Struct(def) => &def.symbol,
            TypeDef::Enum(def) => &def.symbol,
            TypeDef::Union(def) => &def.symbol,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StructRole {
    Data,
    Input,
    Output,
    Error(ErrorInfo),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    pub fault: ErrorFault,
    pub http_status: Option<u16>,
    /// `Some(throttling)` when the error is `@retryable`.
    pub retryable: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub id: ShapeId,
    /// Its entry in the symbol table: name, path, file, builder.
    pub symbol: TypeSymbol,
    /// The type's name (also in `symbol`, kept here because every renderer reads it).
    pub name: String,
    pub docs: Option<String>,
    pub fields: Vec<FieldDef>,
    pub role: StructRole,
    pub deprecated: bool,
    /// The `smithy.test#httpResponseTests` cases (on error structures).
    pub response_tests: Vec<crate::protocol_test_cases::HttpResponseTestCase>,
}

impl StructDef {
    /// The `message` member of an error (any casing), which the error's metadata repeats.
    pub fn message_field(&self) -> Option<&FieldDef> {
        self.fields
            .iter()
            .find(|field| field.member.eq_ignore_ascii_case("message"))
    }

    /// Whether the message is `@sensitive`, so it must be hidden wherever it is printed.
    pub fn has_sensitive_message(&self) -> bool {
        self.message_field().is_some_and(|field| field.sensitive)
    }

    /// The `@httpPayload` member that is a `@streaming` blob, sent or read as the body arrives.
    pub fn streaming_payload(&self) -> Option<&FieldDef> {
        self.fields
            .iter()
            .find(|field| field.ty == RustType::ByteStream)
    }

    /// The `@httpPayload` member that is an event stream.
    pub fn event_stream(&self) -> Option<&FieldDef> {
        self.fields
            .iter()
            .find(|field| matches!(field.ty, RustType::EventStream { .. }))
    }

    /// Whether a field is a stream, so the type can be neither `Clone` nor `PartialEq`.
    pub fn streams(&self) -> bool {
        self.streaming_payload().is_some() || self.event_stream().is_some()
    }

    pub fn path(&self) -> String {
        self.symbol.path.clone()
    }

    pub fn builder_name(&self) -> String {
        self.symbol.builder_name.clone()
    }

    pub fn builder_path(&self) -> String {
        self.symbol.builder_path.clone()
    }

    /// Whether `build()` can fail: a required member without a default, or an operation input.
    pub fn build_is_fallible(&self) -> bool {
        self.role == StructRole::Input
            || self
                .fields
                .iter()
                .any(|field| !field.optional && field.default.is_none())
    }
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    /// The member name in the model (and on the wire).
    pub member: String,
    /// The field and getter name, as Rust source (may be a raw identifier).
    pub name: String,
    pub setter: String,
    pub builder_getter: String,
    pub docs: Option<String>,
    pub ty: RustType,
    /// Where the member goes on the wire, and under which name, as the protocol binds it.
    pub binding: MemberBinding,
    pub optional: bool,
    pub default: Option<DefaultValue>,
    pub sensitive: bool,
    pub deprecated: Option<Deprecation>,
    /// `@idempotencyToken`: filled with a fresh UUID when the caller leaves it empty.
    pub idempotency_token: bool,
    /// `@hostLabel`: the member fills a label of the operation's `@endpoint` host prefix.
    pub host_label: bool,
    /// The target's `@mediaType`: a payload's content type, or a header sent as base64.
    pub media_type: Option<String>,
}

/// `@deprecated`, with its message and since, when the model gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Integer(i64),
    /// Already rounded to the member's type: an `f32` value for a `float` target.
    Float(f64),
    String(String),
    /// An empty list, map or blob.
    Empty,
    /// An epoch-seconds timestamp, exact to the nanosecond.
    EpochSeconds {
        secs: i64,
        nanos: u32,
    },
    Blob(Vec<u8>),
    Document(Value),
    /// A `bigInteger` or `bigDecimal`, as the model writes it.
    BigNumber(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    Blob,
    /// A `@streaming` blob: the body of a request or response, read as it is sent or arrives
    /// (`primitives::ByteStream`, which is neither `Clone` nor `PartialEq`).
    ByteStream,
    /// A `@streaming` union: the events of the response body, read one at a time
    /// (`primitives::event_stream::EventReceiver<union, union error>`), or, in an input, those
    /// of the request body, sent as the caller yields them (`EventStreamSender<union, union
    /// error>`).
    EventStream {
        id: ShapeId,
        union_path: String,
        error_path: String,
        /// The union's unmarshaller, in its `protocol_serde` module.
        unmarshaller_path: String,
        /// The marshallers of its events and of its errors, in the same module.
        marshaller_path: String,
        error_marshaller_path: String,
        /// The operation sends the stream (a member of its input).
        sent: bool,
    },
    /// A `bigInteger`, kept digit for digit (`aws_smithy_types::BigInteger`).
    BigInteger,
    /// A `bigDecimal`, kept digit for digit (`aws_smithy_types::BigDecimal`).
    BigDecimal,
    /// A timestamp, with the wire format its member's `@timestampFormat` gives.
    DateTime(TimestampFormat),
    Document,
    Vec(Box<RustType>),
    Map(Box<RustType>, Box<RustType>),
    /// An element of a `@sparse` list or map.
    Option(Box<RustType>),
    /// A generated structure or union (`boxed` breaks recursion), or a string enum: its shape
    /// (to look it up with [`CrateDef::struct_def`] and friends) and its path (from the symbol
    /// table).
    Named {
        id: ShapeId,
        path: String,
        boxed: bool,
        kind: NamedKind,
    },
}

/// How a timestamp is written on the wire; awsJson uses epoch seconds unless told otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

impl TimestampFormat {
    /// The member's `@timestampFormat`, if it has one.
    fn from_traits(traits: &Traits) -> Option<TimestampFormat> {
        match traits
            .get("smithy.api#timestampFormat")
            .and_then(Value::as_str)?
        {
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            _ => None,
        }
    }
}

/// Where a member goes in the HTTP message. awsJson binds every member to the body;
/// HTTP-binding protocols (restJson1, restXml) use the rest (`protocol::bindings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpBinding {
    /// A member of the body document.
    Body,
    /// `@httpLabel`: a `{label}` of the URI.
    Label,
    /// `@httpQuery`: the query parameter of that name.
    Query(String),
    /// `@httpQueryParams`: a map of further query parameters.
    QueryParams,
    /// `@httpHeader`: the header of that name.
    Header(String),
    /// `@httpPrefixHeaders`: every header with that prefix.
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
}

/// An operation's `@http` trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute {
    /// As the model writes it (`GET`, `PUT`, ...).
    pub method: String,
    pub uri: crate::uri_pattern::UriPattern,
    /// The status code of a successful response.
    pub code: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    Structure,
    Union,
    Enum,
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub id: ShapeId,
    pub symbol: TypeSymbol,
    pub name: String,
    pub docs: Option<String>,
    /// `false` for a legacy `smithy.api#enum` whose entries have no names (validation rejects
    /// a mix): as in the official crates (smithy-rs' unnamed enums), it becomes a newtype over
    /// `String` with `as_str` and `values`, and no variants; `variants` then only give the values.
    pub named: bool,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The enum member, or the enum shape itself for the legacy `smithy.api#enum` trait.
    pub origin: ShapeId,
    pub name: String,
    pub value: String,
    pub docs: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub struct UnionDef {
    pub id: ShapeId,
    pub symbol: TypeSymbol,
    pub name: String,
    pub docs: Option<String>,
    /// For an event stream, only the events: its errors are in `event_stream`.
    pub variants: Vec<UnionVariant>,
    pub event_stream: Option<Box<EventStreamDef>>,
}

/// What an event stream union's messages can be, for its unmarshaller and its error enum.
#[derive(Debug, Clone)]
pub struct EventStreamDef {
    /// The error enum, `crate::types::error::<Union>Error`.
    pub error: TypeSymbol,
    /// The members that target errors: `:exception-type` is the member name.
    pub errors: Vec<StreamError>,
    /// The members that are events: `:event-type` is the member name.
    pub events: Vec<EventDef>,
}

#[derive(Debug, Clone)]
pub struct StreamError {
    pub member: String,
    /// The variant of the error enum, and the error structure it holds.
    pub error: ErrorRef,
}

#[derive(Debug, Clone)]
pub struct EventDef {
    pub member: String,
    /// The union variant.
    pub variant: String,
    /// The event structure.
    pub ty: RustType,
    /// Its `@eventPayload` member: the whole payload, as a blob, string or structure.
    pub payload: Option<EventField>,
    /// Its `@eventHeader` members.
    pub headers: Vec<EventField>,
}

/// A member of an event structure bound to the message rather than to a JSON payload.
#[derive(Debug, Clone)]
pub struct EventField {
    /// The member name: the header's name.
    pub member: String,
    /// The builder's `set_` method.
    pub setter: String,
    pub ty: RustType,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub member: String,
    /// The member's name in the body, as the protocol names it (`@jsonName` in restJson1).
    pub wire_name: String,
    pub name: String,
    pub as_fn: String,
    pub is_fn: String,
    pub docs: Option<String>,
    /// `None` for a member targeting `smithy.api#Unit`: a variant without a value.
    pub ty: Option<RustType>,
    pub sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct OperationDef {
    pub id: ShapeId,
    /// Its entry in the symbol table: module, files, error enum, fluent builder.
    pub symbol: OperationSymbol,
    /// The operation's type name (also in `symbol`, kept here because renderers sort and
    /// name by it).
    pub name: String,
    pub docs: Option<String>,
    pub input: StructDef,
    pub output: StructDef,
    pub errors: Vec<ErrorRef>,
    /// `@http`: the method, URI pattern and success code, for HTTP-binding protocols.
    pub http: Option<HttpRoute>,
    /// `@endpoint` `hostPrefix`, such as `foo.{label}.`.
    pub host_prefix: Option<String>,
    /// For an operation whose `aws.api#clientDiscoveredEndpoint` is `required`: the name of the
    /// service's discovery operation. The client does not discover endpoints, so such an
    /// operation is only sent to an explicitly configured endpoint URL.
    pub required_endpoint_discovery: Option<String>,
    /// `@requestCompression` encodings the generator supports (`gzip`), in model order.
    pub request_compression: Vec<String>,
    /// `@httpChecksumRequired`: the request carries its body's `Content-MD5`.
    pub checksum_required: bool,
    /// `@requiresLength` on the input's streaming payload: a stream of unknown length fails
    /// before anything is sent.
    pub requires_length: bool,
    /// `aws.auth#unsignedPayload`: SigV4 signs `UNSIGNED-PAYLOAD` instead of the body's hash.
    pub unsigned_payload: bool,
    /// The auth schemes it accepts, in priority order, and `@optionalAuth` (see `auth.rs`).
    pub auth: crate::auth::OperationAuth,
    /// The `smithy.test#httpRequestTests` cases.
    pub request_tests: Vec<crate::protocol_test_cases::HttpRequestTestCase>,
    /// The `smithy.test#httpResponseTests` cases.
    pub response_tests: Vec<crate::protocol_test_cases::HttpResponseTestCase>,
    /// The `smithy.test#eventStreamTests` cases.
    pub event_stream_tests: Vec<crate::protocol_test_cases::EventStreamTestCase>,
    /// `smithy.api#paginated`, merged with the service's defaults (see `operation_traits`).
    pub paginator: Option<crate::operation_traits::PaginatorDef>,
    /// `smithy.waiters#waitable`, sorted by name.
    pub waiters: Vec<crate::operation_traits::WaiterDef>,
}

impl OperationDef {
    /// The path of the operation's error enum.
    pub fn error_path(&self) -> String {
        self.symbol.error_path.clone()
    }

    /// The path of the operation's fluent builder.
    pub fn fluent_builder_path(&self) -> String {
        self.symbol.fluent_builder_path.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ErrorRef {
    pub variant: String,
    pub type_name: String,
    pub id: ShapeId,
    pub docs: Option<String>,
    /// `Some(throttling)` when the error is `@retryable`.
    pub retryable: Option<bool>,
    /// The error structure's entry in the symbol table.
    pub symbol: TypeSymbol,
}

/// Decides every name and type, and reports names that collide once converted to Rust.
pub fn build(
    normalized: &NormalizedModel,
    settings: CrateSettings,
) -> Result<CrateDef, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let symbols = crate::symbols::build(normalized, &mut diagnostics);
    let query_compatible = normalized
        .service_shape()
        .traits
        .has("aws.protocols#awsQueryCompatible");
    let mut builder = Builder {
        normalized,
        model: &normalized.model,
        symbols,
        protocol: crate::protocol::for_id(normalized.protocol, query_compatible),
        diagnostics,
        service_auth: crate::auth::ServiceAuth::default(),
    };
    let mut def = builder.crate_def(settings);
    crate::operation_traits::attach(&mut def, normalized, &mut builder.diagnostics);
    builder.diagnostics.into_result(def)
}

struct Builder<'a> {
    normalized: &'a NormalizedModel,
    model: &'a Model,
    symbols: SymbolTable,
    protocol: Box<dyn crate::protocol::Protocol>,
    diagnostics: Diagnostics,
    /// The service's auth schemes, which operations resolve theirs against.
    service_auth: crate::auth::ServiceAuth,
}

impl Builder<'_> {
    fn error(&mut self, at: &ShapeId, message: String) {
        let file = self.model.source(at).to_path_buf();
        self.diagnostics
            .shape_error(&file, self.model.reported_id(at), message);
    }

    /// The service's endpoint rule set and tests, checked now so that rendering cannot fail.
    fn endpoint_rules(&mut self, service: &Shape) -> crate::endpoints::CheckedEndpoints {
        let traits = &service.traits;
        crate::endpoints::check(
            traits.get(crate::model::traits::ENDPOINT_RULE_SET),
            traits.get(crate::model::traits::ENDPOINT_TESTS),
        )
        .unwrap_or_else(|problem| {
            let message = format!("cannot generate the endpoint resolver: {problem}");
            self.error(&service.id, message);
            (None, None)
        })
    }

    /// A shape's protocol test cases, reporting those that do not parse.
    fn test_cases<T>(
        &mut self,
        id: &ShapeId,
        parse: fn(&Traits) -> (Vec<T>, Vec<String>),
    ) -> Vec<T> {
        let (cases, problems) = parse(&self.model.shapes[id].traits);
        for problem in problems {
            self.error(id, problem);
        }
        cases
    }

    fn crate_def(&mut self, settings: CrateSettings) -> CrateDef {
        let service_shape = self.normalized.service_shape();
        let (endpoint_rules, endpoint_tests) = self.endpoint_rules(service_shape);
        let signing_name = service_shape
            .traits
            .sigv4_name()
            .map(str::to_string)
            .or_else(|| {
                service_shape
                    .traits
                    .get(crate::model::traits::AWS_SERVICE)
                    .and_then(|value| value.get("endpointPrefix"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| service_shape.id.name().to_lowercase());
        let (service_auth, problems) =
            crate::auth::service_auth(self.model, service_shape, &signing_name);
        for problem in problems {
            self.error(&service_shape.id, problem);
        }
        self.service_auth = service_auth.clone();
        let service = ServiceDef {
            id: service_shape.id.clone(),
            title: service_shape
                .traits
                .get(crate::model::traits::TITLE)
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| service_shape.traits.sdk_id().map(str::to_string))
                .unwrap_or_else(|| service_shape.id.name().to_string()),
            docs: service_shape.traits.documentation().map(str::to_string),
            version: match &service_shape.kind {
                ShapeKind::Service(service) => service.version.clone(),
                _ => String::new(),
            },
            protocol: self.normalized.protocol,
            signing_name,
            auth: service_auth,
            sdk_id: service_shape
                .traits
                .sdk_id()
                .unwrap_or(service_shape.id.name())
                .to_string(),
            endpoint_rules,
            endpoint_tests,
            query_compatible: service_shape.traits.has("aws.protocols#awsQueryCompatible"),
            event_streams_http2: event_streams_need_http2(
                service_shape
                    .traits
                    .get(crate::protocol::for_id(self.normalized.protocol, false).trait_id()),
            ),
            customizations: crate::customizations::of(
                service_shape,
                match &service_shape.kind {
                    ShapeKind::Service(service) => &service.version,
                    _ => "",
                },
            ),
        };

        let mut types = Vec::new();
        let mut errors = Vec::new();
        let generated: Vec<(ShapeId, TypeSymbol)> = self
            .symbols
            .types()
            .map(|(id, symbol)| (id.clone(), symbol.clone()))
            .collect();
        for (id, symbol) in generated {
            let shape = &self.model.shapes[&id];
            match symbol.kind {
                TypeKind::Error => {
                    let info = ErrorInfo {
                        fault: shape.traits.error_fault().unwrap_or(ErrorFault::Client),
                        http_status: shape.traits.http_error(),
                        retryable: shape.traits.retryable(),
                    };
                    errors.push(self.struct_def(shape, symbol, StructRole::Error(info)));
                }
                TypeKind::Structure => {
                    types.push(TypeDef::Struct(self.struct_def(
                        shape,
                        symbol,
                        StructRole::Data,
                    )));
                }
                TypeKind::Union => types.push(TypeDef::Union(self.union_def(shape, symbol))),
                TypeKind::Enum => types.push(TypeDef::Enum(self.enum_def(shape, symbol))),
                // Built with their operation.
                TypeKind::OperationInput | TypeKind::OperationOutput => {}
            }
        }
        types.sort_by(|a, b| a.name().cmp(b.name()));
        errors.sort_by(|a, b| a.name.cmp(&b.name));

        let mut operations: Vec<OperationDef> = self
            .normalized
            .operations
            .clone()
            .iter()
            .map(|id| self.operation_def(id))
            .collect();
        operations.sort_by(|a, b| a.name.cmp(&b.name));

        let mut all_errors: Vec<ErrorRef> =
            operations.iter().flat_map(|o| o.errors.clone()).collect();
        all_errors.sort();
        all_errors.dedup();
        let type_index = types
            .iter()
            .enumerate()
            .map(|(index, ty)| (ty.id().clone(), index))
            .collect();
        CrateDef {
            settings,
            service,
            type_index,
            types,
            errors,
            operations,
            all_errors,
            symbols: std::mem::take(&mut self.symbols),
        }
    }

    fn check_unique(&mut self, names: impl Iterator<Item = (String, ShapeId)>, what: &str) {
        let mut seen: BTreeMap<String, ShapeId> = BTreeMap::new();
        for (name, id) in names {
            if let Some(first) = seen.get(&name) {
                let first = self.model.reported_id(first);
                let message =
                    format!("its Rust name collides with `{first}`: both become {what}{name}`",);
                self.error(&id, message);
            } else {
                seen.insert(name, id);
            }
        }
    }

    /// The symbol of a shape that becomes a type. Every structure, union and enum that a
    /// member can target has one (`symbols::build` covers the whole closure).
    fn type_symbol(&self, id: &ShapeId) -> &TypeSymbol {
        self.symbols
            .type_symbol(id)
            .unwrap_or_else(|| panic!("no symbol for `{id}`: the symbol table misses a type"))
    }

    fn docs(traits: &Traits) -> Option<String> {
        traits.documentation().map(str::to_string)
    }

    fn member_docs(&self, member: &Member) -> Option<String> {
        member
            .traits
            .documentation()
            .or_else(|| {
                self.model
                    .shape(&member.target)
                    .and_then(|t| t.traits.documentation())
            })
            .map(str::to_string)
    }

    fn struct_def(&mut self, shape: &Shape, symbol: TypeSymbol, role: StructRole) -> StructDef {
        let name = symbol.name.clone();
        let ShapeKind::Structure { members } = &shape.kind else {
            unreachable!("struct_def is called on structures");
        };
        let fields: Vec<FieldDef> = members
            .values()
            .map(|member| self.field_def(member, &role))
            .collect();
        self.check_unique(
            fields.iter().map(|f| {
                (
                    f.name.trim_start_matches("r#").to_string(),
                    shape.id.with_member(&f.member),
                )
            }),
            &format!("field `{name}::"),
        );
        StructDef {
            id: shape.id.clone(),
            symbol,
            name,
            docs: Self::docs(&shape.traits),
            fields,
            role,
            deprecated: shape.traits.is_deprecated(),
            response_tests: self.test_cases(&shape.id, crate::protocol_test_cases::response_cases),
        }
    }

    fn field_def(&mut self, member: &Member, role: &StructRole) -> FieldDef {
        let position = match role {
            StructRole::Input => Position::Request,
            StructRole::Output | StructRole::Error(_) => Position::Response,
            StructRole::Data => Position::Nested,
        };
        let binding = self.protocol.bindings().bind_member(member, position);
        let name = naming::field_name(member.name());
        let traits = self.model.effective_traits(member);
        let target_kind = self.model.shape(&member.target).map(|t| &t.kind);
        let has_zero_value = !matches!(
            target_kind,
            Some(
                ShapeKind::Structure { .. }
                    | ShapeKind::Union { .. }
                    | ShapeKind::Simple(SimpleType::Document)
            )
        );
        let streaming = self
            .model
            .shape(&member.target)
            .is_some_and(|target| target.traits.has(crate::model::traits::STREAMING));
        let event_stream = self
            .model
            .shape(&member.target)
            .is_some_and(|target| matches!(target.kind, ShapeKind::Union { .. }));
        let default = if streaming && !event_stream {
            // A stream is always there, empty when nothing was set or sent, as in the AWS SDK.
            Some(DefaultValue::Empty)
        } else if streaming {
            // An event stream is required: `build()` fails without one, as in the AWS SDK.
            None
        } else if *role == StructRole::Input || member.traits.is_client_optional() {
            None
        } else {
            self.default_value(member, &traits)
        };
        let optional = match role {
            _ if streaming => false,
            StructRole::Input => true,
            _ => {
                default.is_none()
                    && !(member.traits.is_required()
                        && !member.traits.is_client_optional()
                        && has_zero_value)
            }
        };
        FieldDef {
            member: member.name().to_string(),
            setter: naming::setter_name(member.name()),
            builder_getter: naming::getter_on_builder_name(member.name()),
            name,
            docs: self.member_docs(member),
            ty: self.rust_type_at(member, &binding.location),
            binding,
            optional,
            default,
            sensitive: self.is_sensitive(member),
            deprecated: deprecation(&member.traits),
            idempotency_token: member.traits.has("smithy.api#idempotencyToken"),
            host_label: member.traits.has("smithy.api#hostLabel"),
            media_type: self
                .model
                .shape(&member.target)
                .and_then(|target| target.traits.get("smithy.api#mediaType"))
                .and_then(Value::as_str)
                .map(str::to_string),
        }
    }

    fn default_value(&mut self, member: &Member, traits: &Traits) -> Option<DefaultValue> {
        let value = member.traits.default_value().or_else(|| {
            // A target's default only counts when the member restates it (Smithy 2.0 rule),
            // except for prelude primitives, whose members rely on it.
            if member.traits.has(crate::model::traits::DEFAULT) {
                None
            } else {
                None.or(traits.default_value().filter(|_| {
                    member.target.is_prelude() && member.target.name().starts_with("Primitive")
                }))
            }
        })?;
        let target = self.model.shape(&member.target)?;
        let parsed = match (&target.kind, value) {
            (ShapeKind::Simple(SimpleType::Boolean), Value::Bool(b)) => {
                Some(DefaultValue::Bool(*b))
            }
            (
                ShapeKind::Simple(
                    SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long,
                )
                | ShapeKind::IntEnum { .. },
                Value::Number(n),
            ) => n.as_i64().map(DefaultValue::Integer),
            // Each from the number's text, so a `float` is rounded once, to `f32`.
            (ShapeKind::Simple(SimpleType::Float), Value::Number(n)) => n
                .as_str()
                .parse::<f32>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| DefaultValue::Float(f64::from(f))),
            (ShapeKind::Simple(SimpleType::Double), Value::Number(n)) => {
                n.as_f64().map(DefaultValue::Float)
            }
            (ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum { .. }, Value::String(s)) => {
                Some(DefaultValue::String(s.clone()))
            }
            (ShapeKind::Simple(SimpleType::Blob), Value::String(s)) if s.is_empty() => {
                Some(DefaultValue::Empty)
            }
            (ShapeKind::Simple(SimpleType::Blob), Value::String(s)) => {
                decode_base64(s).map(DefaultValue::Blob)
            }
            (
                ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal),
                Value::Number(n),
            ) => Some(DefaultValue::BigNumber(n.to_string())),
            (ShapeKind::Simple(SimpleType::Document), value) => {
                Some(DefaultValue::Document(value.clone()))
            }
            (ShapeKind::List { .. }, Value::Array(items)) if items.is_empty() => {
                Some(DefaultValue::Empty)
            }
            (ShapeKind::Map { .. }, Value::Object(entries)) if entries.is_empty() => {
                Some(DefaultValue::Empty)
            }
            (ShapeKind::Simple(SimpleType::Timestamp), Value::Number(n)) => {
                crate::epoch_seconds::parse(n.as_str())
                    .map(|(secs, nanos)| DefaultValue::EpochSeconds { secs, nanos })
            }
            _ => None,
        };
        if parsed.is_none() {
            // Validation has rejected values that do not fit; what is left is valid Smithy.
            let kind = target.kind.type_name();
            self.error(
                &member.id,
                format!("default value {value} for a `{kind}` target is not supported by the generator yet"),
            );
        }
        parsed
    }

    fn is_sensitive(&self, member: &Member) -> bool {
        if member.traits.is_sensitive() {
            return true;
        }
        let Some(target) = self.model.shape(&member.target) else {
            return false;
        };
        target.traits.is_sensitive()
            || match &target.kind {
                ShapeKind::List { member } => self.is_sensitive(member),
                ShapeKind::Map { key, value } => self.is_sensitive(key) || self.is_sensitive(value),
                _ => false,
            }
    }

    /// Whether `member` belongs to an operation's input structure.
    fn is_input_member(&self, member: &Member) -> bool {
        self.model
            .shape(&member.id.root())
            .is_some_and(|container| container.traits.has(crate::model::traits::INPUT))
    }

    /// The type of a member inside a body document (list and map elements, union variants).
    fn rust_type(&self, member: &Member) -> RustType {
        self.rust_type_at(member, &HttpBinding::Body)
    }

    /// The type of a member bound at `location`, which decides a timestamp's default format.
    fn rust_type_at(&self, member: &Member, location: &HttpBinding) -> RustType {
        let ty = self.target_type(&member.target);
        match ty {
            RustType::DateTime(_) => RustType::DateTime(
                TimestampFormat::from_traits(&self.model.effective_traits(member))
                    .unwrap_or_else(|| self.protocol.bindings().default_timestamp_format(location)),
            ),
            RustType::Named { id, path, kind, .. } => RustType::Named {
                id,
                path,
                kind,
                boxed: member.traits.is_boxed(),
            },
            RustType::EventStream {
                id,
                union_path,
                error_path,
                unmarshaller_path,
                marshaller_path,
                error_marshaller_path,
                ..
            } => RustType::EventStream {
                id,
                union_path,
                error_path,
                unmarshaller_path,
                marshaller_path,
                error_marshaller_path,
                sent: self.is_input_member(member),
            },
            // A list of timestamps in a header or the query string takes the location's
            // default too, unless its element says otherwise.
            RustType::Vec(element)
                if matches!(*element, RustType::DateTime(_)) && *location != HttpBinding::Body =>
            {
                let element_member = match self.model.shape(&member.target).map(|t| &t.kind) {
                    Some(ShapeKind::List { member }) => Some(member),
                    _ => None,
                };
                let format = element_member
                    .and_then(|m| TimestampFormat::from_traits(&self.model.effective_traits(m)))
                    .unwrap_or_else(|| self.protocol.bindings().default_timestamp_format(location));
                RustType::Vec(Box::new(RustType::DateTime(format)))
            }
            other => other,
        }
    }

    fn target_type(&self, id: &ShapeId) -> RustType {
        let Some(shape) = self.model.shape(id) else {
            return RustType::String;
        };
        let named = |kind| RustType::Named {
            id: id.clone(),
            path: self.type_symbol(id).path.clone(),
            boxed: false,
            kind,
        };
        let sparse = shape.traits.has("smithy.api#sparse");
        let element = |member: &Member| {
            let ty = self.rust_type(member);
            if sparse {
                RustType::Option(Box::new(ty))
            } else {
                ty
            }
        };
        match &shape.kind {
            ShapeKind::Simple(simple) => match simple {
                SimpleType::String if shape.traits.legacy_enum().is_some() => {
                    named(NamedKind::Enum)
                }
                SimpleType::String => RustType::String,
                SimpleType::BigInteger => RustType::BigInteger,
                SimpleType::BigDecimal => RustType::BigDecimal,
                SimpleType::Boolean => RustType::Bool,
                SimpleType::Byte => RustType::I8,
                SimpleType::Short => RustType::I16,
                SimpleType::Integer => RustType::I32,
                SimpleType::Long => RustType::I64,
                SimpleType::Float => RustType::F32,
                SimpleType::Double => RustType::F64,
                SimpleType::Blob if shape.traits.has(crate::model::traits::STREAMING) => {
                    RustType::ByteStream
                }
                SimpleType::Blob => RustType::Blob,
                SimpleType::Timestamp => RustType::DateTime(TimestampFormat::EpochSeconds),
                SimpleType::Document => RustType::Document,
            },
            ShapeKind::Union { .. } if shape.traits.has(crate::model::traits::STREAMING) => {
                let serde_item = |suffix: &str| {
                    naming::item_path(
                        &self.type_symbol(id).serde_module_path,
                        &format!("{}{suffix}", self.type_symbol(id).name),
                    )
                };
                RustType::EventStream {
                    id: id.clone(),
                    unmarshaller_path: serde_item("Unmarshaller"),
                    marshaller_path: serde_item("Marshaller"),
                    error_marshaller_path: serde_item("ErrorMarshaller"),
                    // Set where the member is known to be an input's (`rust_type_at`).
                    sent: false,
                    union_path: self.type_symbol(id).path.clone(),
                    error_path: self
                        .symbols
                        .stream_error(id)
                        .map(|symbol| symbol.path.clone())
                        .unwrap_or_default(),
                }
            }
            ShapeKind::Enum { .. } => named(NamedKind::Enum),
            ShapeKind::IntEnum { .. } => RustType::I32,
            ShapeKind::List { member } => RustType::Vec(Box::new(element(member))),
            ShapeKind::Map { key, value } => {
                RustType::Map(Box::new(self.rust_type(key)), Box::new(element(value)))
            }
            ShapeKind::Structure { .. } => named(NamedKind::Structure),
            ShapeKind::Union { .. } => named(NamedKind::Union),
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_) => {
                RustType::String
            }
        }
    }

    fn enum_def(&mut self, shape: &Shape, symbol: TypeSymbol) -> EnumDef {
        let name = symbol.name.clone();
        let named = match &shape.kind {
            ShapeKind::Enum { .. } => true,
            _ => shape
                .traits
                .legacy_enum()
                .unwrap_or_default()
                .iter()
                .all(|definition| definition.name.is_some()),
        };
        let mut variants: Vec<EnumVariant> = match &shape.kind {
            ShapeKind::Enum { members } => members
                .values()
                .map(|member| EnumVariant {
                    origin: member.id.clone(),
                    name: naming::enum_variant_name(member.name()),
                    value: member
                        .traits
                        .enum_value()
                        .and_then(Value::as_str)
                        .unwrap_or(member.name())
                        .to_string(),
                    docs: Self::docs(&member.traits),
                    deprecated: member.traits.is_deprecated(),
                })
                .collect(),
            _ => shape
                .traits
                .legacy_enum()
                .unwrap_or_default()
                .into_iter()
                .map(|definition| EnumVariant {
                    origin: shape.id.clone(),
                    name: naming::enum_variant_name(
                        definition.name.as_deref().unwrap_or(&definition.value),
                    ),
                    value: definition.value,
                    docs: definition.documentation,
                    deprecated: definition.deprecated,
                })
                .collect(),
        };
        variants.sort_by(|a, b| a.value.cmp(&b.value));
        // An unnamed enum emits no variants, so only named ones can have colliding names.
        if matches!(shape.kind, ShapeKind::Enum { .. }) {
            self.check_unique(
                variants.iter().map(|v| (v.name.clone(), v.origin.clone())),
                &format!("variant `{name}::"),
            );
        } else if named {
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            let mut problems = Vec::new();
            for variant in &variants {
                match seen.get(variant.name.as_str()) {
                    Some(first) => problems.push(format!(
                        "enum values `{first}` and `{}` both become variant `{name}::{}`",
                        variant.value, variant.name
                    )),
                    None => {
                        seen.insert(&variant.name, &variant.value);
                    }
                }
            }
            for problem in problems {
                self.error(&shape.id, problem);
            }
        }
        EnumDef {
            id: shape.id.clone(),
            symbol,
            name,
            docs: Self::docs(&shape.traits),
            named,
            variants,
        }
    }

    fn union_def(&mut self, shape: &Shape, symbol: TypeSymbol) -> UnionDef {
        let name = symbol.name.clone();
        let ShapeKind::Union { members } = &shape.kind else {
            unreachable!("union_def is called on unions");
        };
        let stream_error = self.symbols.stream_error(&shape.id).cloned();
        let targets_error = |member: &&Member| {
            self.model
                .shape(&member.target)
                .is_some_and(|target| target.traits.has(crate::model::traits::ERROR))
        };
        let variants: Vec<UnionVariant> = members
            .values()
            .filter(|member| stream_error.is_none() || !targets_error(member))
            .map(|member| {
                let (as_fn, is_fn) = naming::union_accessor_names(member.name());
                (member, as_fn, is_fn)
            })
            .map(|(member, as_fn, is_fn)| UnionVariant {
                member: member.name().to_string(),
                wire_name: self
                    .protocol
                    .bindings()
                    .bind_member(member, Position::Nested)
                    .wire_name,
                name: naming::union_variant_name(member.name()),
                as_fn,
                is_fn,
                docs: self.member_docs(member),
                ty: (member.target != crate::model::prelude::unit())
                    .then(|| self.rust_type(member)),
                sensitive: self.is_sensitive(member),
            })
            .collect();
        self.check_unique(
            variants
                .iter()
                .map(|v| (v.name.clone(), shape.id.with_member(&v.member))),
            &format!("variant `{name}::"),
        );
        let event_stream =
            stream_error.map(|error| Box::new(self.event_stream_def(members, error)));
        UnionDef {
            id: shape.id.clone(),
            symbol,
            name,
            docs: Self::docs(&shape.traits),
            variants,
            event_stream,
        }
    }

    fn event_stream_def(
        &mut self,
        members: &indexmap::IndexMap<String, Member>,
        error: TypeSymbol,
    ) -> EventStreamDef {
        let mut errors = Vec::new();
        let mut events = Vec::new();
        for member in members.values() {
            let Some(target) = self.model.shape(&member.target).cloned() else {
                continue;
            };
            if target.traits.has(crate::model::traits::ERROR) {
                let symbol = self.type_symbol(&target.id).clone();
                errors.push(StreamError {
                    member: member.name().to_string(),
                    error: ErrorRef {
                        variant: naming::union_variant_name(member.name()),
                        type_name: symbol.name.clone(),
                        symbol,
                        retryable: target.traits.retryable(),
                        id: target.id.clone(),
                        docs: target.traits.documentation().map(str::to_string),
                    },
                });
                continue;
            }
            let bound = |trait_id: &str| -> Vec<EventField> {
                target
                    .kind
                    .members()
                    .into_iter()
                    .filter(|field| field.traits.has(trait_id))
                    .map(|field| EventField {
                        member: field.name().to_string(),
                        setter: naming::setter_name(field.name()),
                        ty: self.rust_type(field),
                    })
                    .collect()
            };
            let payload = bound("smithy.api#eventPayload").into_iter().next();
            let headers = bound("smithy.api#eventHeader");
            events.push(EventDef {
                member: member.name().to_string(),
                variant: naming::union_variant_name(member.name()),
                ty: self.rust_type(member),
                payload,
                headers,
            });
        }
        EventStreamDef {
            error,
            errors,
            events,
        }
    }

    fn operation_def(&mut self, id: &ShapeId) -> OperationDef {
        let operation = self.normalized.operation(id).clone();
        let symbol = self
            .symbols
            .operation(id)
            .unwrap_or_else(|| panic!("no symbol for operation `{id}`"))
            .clone();
        let input_shape = self.model.shapes[&operation.input].clone();
        let output_shape = self.model.shapes[&operation.output].clone();
        let input = self.struct_def(&input_shape, symbol.input.clone(), StructRole::Input);
        let output = self.struct_def(&output_shape, symbol.output.clone(), StructRole::Output);
        let mut error_ids = operation.errors.clone();
        if let ShapeKind::Service(service) = &self.normalized.service_shape().kind {
            error_ids.extend(service.errors.iter().cloned());
        }
        let mut errors: Vec<ErrorRef> = error_ids
            .iter()
            .map(|error| {
                let symbol = self.type_symbol(error).clone();
                let type_name = symbol.name.clone();
                ErrorRef {
                    symbol,
                    variant: type_name.clone(),
                    type_name,
                    retryable: self.model.shape(error).and_then(|s| s.traits.retryable()),
                    id: error.clone(),
                    docs: self
                        .model
                        .shape(error)
                        .and_then(|s| s.traits.documentation())
                        .map(str::to_string),
                }
            })
            .collect();
        errors.sort();
        errors.dedup();
        let traits = &self.model.shapes[id].traits;
        let http = Self::http_route(traits);
        if http.is_none() && self.protocol.needs_http_routes() && !traits.has("smithy.api#http") {
            let message = format!(
                "the service's protocol, {}, binds operations with `smithy.api#http`, which this operation does not have",
                self.protocol.trait_id()
            );
            self.error(id, message);
        }
        let (auth, problems) =
            crate::auth::operation_auth(&self.service_auth, &self.model.shapes[id].traits);
        for problem in problems {
            self.error(id, problem);
        }
        let requires_length = input_shape.kind.members().iter().any(|member| {
            self.model.shape(&member.target).is_some_and(|target| {
                target.traits.has(crate::model::traits::STREAMING)
                    && target.traits.has("smithy.api#requiresLength")
            })
        });
        let traits = &self.model.shapes[id].traits;
        OperationDef {
            docs: Self::docs(traits),
            id: id.clone(),
            name: symbol.name.clone(),
            symbol,
            input,
            output,
            errors,
            http,
            host_prefix: traits
                .get("smithy.api#endpoint")
                .and_then(|endpoint| endpoint.get("hostPrefix"))
                .and_then(Value::as_str)
                .map(str::to_string),
            required_endpoint_discovery: self.required_endpoint_discovery(traits),
            request_compression: traits
                .get("smithy.api#requestCompression")
                .and_then(|trait_value| trait_value.get("encodings"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|encoding| encoding.eq_ignore_ascii_case("gzip"))
                .map(str::to_ascii_lowercase)
                .collect(),
            checksum_required: traits.has("smithy.api#httpChecksumRequired"),
            requires_length,
            unsigned_payload: traits.has("aws.auth#unsignedPayload"),
            auth,
            request_tests: self.test_cases(id, crate::protocol_test_cases::request_cases),
            response_tests: self.test_cases(id, crate::protocol_test_cases::response_cases),
            event_stream_tests: self.test_cases(id, crate::protocol_test_cases::event_stream_cases),
            paginator: None,
            waiters: Vec::new(),
        }
    }
}

impl Builder<'_> {
    /// The operation's `@http` trait, typed. The validator has checked its shape and URI, so
    /// a trait that does not parse here was already reported.
    fn http_route(traits: &Traits) -> Option<HttpRoute> {
        let http = traits.get("smithy.api#http")?;
        let method = http.get("method").and_then(Value::as_str)?;
        let uri = http.get("uri").and_then(Value::as_str)?;
        let uri = crate::uri_pattern::UriPattern::parse(uri).ok()?;
        let code = http
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(200);
        Some(HttpRoute {
            method: method.to_string(),
            uri,
            code,
        })
    }

    fn required_endpoint_discovery(&self, traits: &Traits) -> Option<String> {
        let discovered = traits.get("aws.api#clientDiscoveredEndpoint")?;
        if discovered.get("required").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        let service = &self.normalized.service_shape().traits;
        let operation = service
            .get("aws.api#clientEndpointDiscovery")
            .and_then(|discovery| discovery.get("operation"))
            .and_then(Value::as_str)
            .and_then(|id| id.rsplit('#').next())
            .unwrap_or("DescribeEndpoints");
        Some(operation.to_string())
    }
}

fn deprecation(traits: &Traits) -> Option<Deprecation> {
    let value = traits.get(crate::model::traits::DEPRECATED)?;
    let message = value.get("message").and_then(Value::as_str);
    let since = value.get("since").and_then(Value::as_str);
    let note = match (message, since) {
        (Some(message), Some(since)) => Some(format!("{message} (deprecated since {since})")),
        (Some(message), None) => Some(message.to_string()),
        (None, Some(since)) => Some(format!("deprecated since {since}")),
        (None, None) => None,
    };
    Some(Deprecation { note })
}

/// Decodes standard base64 (with or without padding), as `@default` writes blob values.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    base64_simd::STANDARD
        .decode_to_vec(text)
        .or_else(|_| base64_simd::STANDARD_NO_PAD.decode_to_vec(text))
        .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_version_spoken_decides() {
        assert!(super::event_streams_need_http2(Some(
            &serde_json::json!({"http": ["http/1.1", "h2"], "eventStreamHttp": ["h2"]})
        )));
        assert!(super::event_streams_need_http2(Some(
            &serde_json::json!({"http": ["h2", "http/1.1"]})
        )));
        assert!(!super::event_streams_need_http2(Some(
            &serde_json::json!({"http": ["h2"], "eventStreamHttp": ["h3", "http/1.1", "h2"]})
        )));
        assert!(!super::event_streams_need_http2(Some(&serde_json::json!(
            {}
        ))));
        assert!(!super::event_streams_need_http2(None));
    }

    use super::decode_base64;

    #[test]
    fn decodes_base64_defaults() {
        assert_eq!(decode_base64("YWJj").unwrap(), b"abc");
        assert_eq!(decode_base64("YmxvYg==").unwrap(), b"blob");
        assert_eq!(decode_base64("YQ").unwrap(), b"a");
        assert_eq!(decode_base64("+/+/").unwrap(), [0xFB, 0xFF, 0xBF]);
        for malformed in ["not base64!", "Y", "YQ=", "YQ===", "-_-_", "YWJj\n"] {
            assert!(decode_base64(malformed).is_none(), "{malformed:?}");
        }
    }
}
