//! `src/protocol_tests.rs`: one `#[tokio::test]` per client case of the Smithy protocol
//! compliance traits (`smithy.test#httpRequestTests` on operations, `smithy.test#httpResponseTests`
//! on operations and error structures).
//!
//! * A request test builds the case's input from its `params` with the fluent builder, sends it
//!   through the real client over a `CaptureClient` (static credentials, `us-east-1`, endpoint
//!   `https://<host>`), and checks the recorded request: method, path, query, host, headers
//!   and body.
//! * A response test answers with the case's status, headers and body, and compares the
//!   output or error the client parsed with one built from `params` (floats by value, `NaN`
//!   included).
//!
//! The cases were parsed into typed forms while the intermediate form was built
//! ([`crate::protocol_test_cases`]). Cases for servers (`appliesTo: server`) and for other
//! protocols are left out. A case listed in [`SKIPPED`] is emitted as an ignored test carrying
//! its reason, so it shows in the test output. The file is only generated when the model has
//! such cases.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, ident, path, plain_doc};
use crate::ir::{CrateDef, FieldDef, NamedKind, OperationDef, RustType, StructDef, TypeDef};
use crate::model::ShapeId;
use crate::protocol_test_cases::{HttpRequestTestCase, HttpResponseTestCase, NodeValue};

/// Client cases the generated crate cannot pass yet: (test case `id`, reason). Each becomes an
/// `#[ignore = "reason"]` test. The goal is none.
pub const SKIPPED: &[(&str, &str)] = &[
    (
        "MissingRequiredInitialResponseOutput",
        "a response without a `@required` header member is error-corrected (the member set to its zero value), as Smithy's client error correction and the AWS SDK do, not rejected",
    ),
    (
        "DuplexMissingRequiredInitialResponseOutput",
        "a response without a `@required` header member is error-corrected (the member set to its zero value), as Smithy's client error correction and the AWS SDK do, not rejected",
    ),
];

/// `vendorParamsShape` of the response cases whose `vendorParams` give the expected error
/// code (`code`) and awsQuery fault (`type`).
const ERROR_CODE_PARAMS: &str = "aws.protocoltests.config#ErrorCodeParams";

#[derive(Clone, Copy)]
enum TestCase<'a> {
    Request(&'a HttpRequestTestCase),
    Response(&'a HttpResponseTestCase),
}

impl TestCase<'_> {
    fn id(&self) -> &str {
        match self {
            TestCase::Request(case) => &case.id,
            TestCase::Response(case) => &case.id,
        }
    }

    fn documentation(&self) -> Option<&str> {
        match self {
            TestCase::Request(case) => case.documentation.as_deref(),
            TestCase::Response(case) => case.documentation.as_deref(),
        }
    }
}

struct Case<'a> {
    op: &'a OperationDef,
    /// The error structure a response case is attached to.
    error: Option<&'a StructDef>,
    case: TestCase<'a>,
    id: String,
}

/// The client cases of the crate's protocol, in operation order, then error order.
fn cases(def: &CrateDef) -> Vec<Case<'_>> {
    let protocol = crate::protocol::of(def).trait_id();
    let mut cases = Vec::new();
    for op in &def.operations {
        let requests = op
            .request_tests
            .iter()
            .filter(|case| case.applies_to_client(protocol))
            .map(TestCase::Request);
        let responses = op
            .response_tests
            .iter()
            .filter(|case| case.applies_to_client(protocol))
            .map(TestCase::Response);
        for case in requests.chain(responses) {
            cases.push(Case {
                op,
                error: None,
                case,
                id: case.id().to_string(),
            });
        }
    }
    for error in &def.errors {
        // Run through the first operation (by name) that can return the error.
        let Some(op) = def
            .operations
            .iter()
            .find(|op| op.errors.iter().any(|e| e.id == error.id))
        else {
            continue;
        };
        for case in error
            .response_tests
            .iter()
            .filter(|case| case.applies_to_client(protocol))
        {
            cases.push(Case {
                op,
                error: Some(error),
                case: TestCase::Response(case),
                id: case.id.clone(),
            });
        }
    }
    cases
}

/// Whether the crate gets `src/protocol_tests.rs` (and the dev-dependencies it needs).
pub fn has_tests(def: &CrateDef) -> bool {
    !cases(def).is_empty() || !super::event_stream_tests::cases(def).is_empty()
}

/// The test function names: the snake-case `id`, with `_request` / `_response` added where
/// a request and a response case share an id, and a number where names still collide.
fn test_names(cases: &[Case<'_>]) -> Vec<String> {
    let base: Vec<String> = cases.iter().map(|case| test_ident(&case.id)).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &base {
        *counts.entry(name).or_default() += 1;
    }
    let mut used = BTreeSet::new();
    cases
        .iter()
        .zip(&base)
        .map(|(case, name)| {
            let mut name = if counts[name.as_str()] > 1 {
                match case.case {
                    TestCase::Request(_) => format!("{name}_request"),
                    TestCase::Response(_) => format!("{name}_response"),
                }
            } else {
                name.clone()
            };
            let stem = name.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{stem}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// A valid, non-keyword function name from a test case id.
pub(super) fn test_ident(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let snake = crate::naming::snake_case(&cleaned);
    let snake = snake.trim_matches('_').to_string();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("case_{snake}")
    } else if syn::parse_str::<syn::Ident>(&snake).is_err() {
        format!("{snake}_case")
    } else {
        snake
    }
}

/// `src/protocol_tests.rs`, or `None` when the model has no client cases for the protocol.
pub fn render(def: &CrateDef) -> Option<TokenStream> {
    let cases = cases(def);
    let event_cases = super::event_stream_tests::cases(def);
    if cases.is_empty() && event_cases.is_empty() {
        return None;
    }
    let ctx = Ctx::new(def);
    let names = test_names(&cases);
    let tests = cases
        .iter()
        .zip(&names)
        .map(|(case, name)| ctx.test(case, name));
    let event_tests = super::event_stream_tests::tests(&ctx, def);
    let ids = cases
        .iter()
        .map(|case| case.id.as_str())
        .chain(event_cases.iter().map(|(_, case)| case.id.as_str()));
    let total = cases.len() + event_cases.len();
    let skipped_count = ids
        .filter(|id| SKIPPED.iter().any(|(skipped, _)| skipped == id))
        .count();
    let summary = format!(
        "{total} client cases: {} generated, {skipped_count} skipped.",
        total - skipped_count
    );
    let module_doc = [
        "Protocol compliance tests, generated from the model's `smithy.test#httpRequestTests`,",
        "`smithy.test#httpResponseTests` and `smithy.test#eventStreamTests` traits (client cases only).",
        "",
        &summary,
    ]
    .map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    // Only a service with SigV4 has credentials settings (the runtime's `sigv4` feature).
    let credentials = def.service.auth.has_sigv4().then(|| {
        quote! {
            .credentials_provider(crate::config::Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "protocol-tests",
            ))
        }
    });
    Some(quote! {
        #(#module_doc)*

        use ::smithy_runtime::protocol::compliance;
        use ::smithy_runtime::transport::test_util::CaptureClient;

        /// A client that sends to `endpoint_url` through `http`, with static test credentials,
        /// region `us-east-1`, no retries and the idempotency token the cases expect.
        fn client(http: &CaptureClient, endpoint_url: &str) -> crate::Client {
            let config = crate::Config::builder()
                .behavior_version(crate::config::BehaviorVersion::latest())
                .region(crate::config::Region::new("us-east-1"))
                #credentials
                .endpoint_url(endpoint_url)
                .http_client(http.clone())
                .retry_config(crate::config::retry::RetryConfig::disabled())
                .idempotency_token_provider("00000000-0000-4000-8000-000000000000")
                .build();
            crate::Client::from_conf(config)
        }

        #(#tests)*

        #(#event_tests)*
    })
}

/// Looks up the generated types while turning `params` into Rust expressions.
pub(super) struct Ctx<'a> {
    types: BTreeMap<&'a ShapeId, &'a TypeDef>,
}

impl<'a> Ctx<'a> {
    fn new(def: &'a CrateDef) -> Self {
        let types = def.types.iter().map(|ty| (ty.id(), ty)).collect();
        Self { types }
    }

    fn test(&self, case: &Case<'_>, name: &str) -> TokenStream {
        let fn_name = ident(name);
        let kind = match case.case {
            TestCase::Request(_) => "httpRequestTests",
            TestCase::Response(_) => "httpResponseTests",
        };
        let on = case
            .error
            .map_or(case.op.id.name(), |error| error.id.name());
        let docs = doc_attrs(
            case.case.documentation(),
            &format!("Test case `{}`.", case.id),
        );
        let origin = plain_doc(&[
            String::new(),
            format!("`{}` case `{}` of `{on}`.", kind, case.id),
        ]);
        if let Some((_, reason)) = SKIPPED.iter().find(|(id, _)| *id == case.id) {
            let reason = format!("skipped: {reason}");
            return quote! {
                #docs
                #origin
                #[tokio::test]
                #[ignore = #reason]
                async fn #fn_name() {}
            };
        }
        let body = match case.case {
            TestCase::Request(c) => self.request_test(case.op, c),
            TestCase::Response(c) => self.response_test(case.op, case.error, c),
        };
        let body = body.unwrap_or_else(|problem| {
            let message = format!("the generator cannot build this case: {problem}");
            quote!(panic!(#message);)
        });
        quote! {
            #docs
            #origin
            #[tokio::test]
            async fn #fn_name() {
                #body
            }
        }
    }

    fn operation_call(&self, op: &OperationDef) -> TokenStream {
        let method = ident(&crate::naming::operation_fn_name(op.id.name()));
        quote!(client.#method())
    }

    fn request_test(
        &self,
        op: &OperationDef,
        c: &HttpRequestTestCase,
    ) -> Result<TokenStream, String> {
        let setters = self.setters(&op.input.fields, &c.params, "params")?;
        let call = self.operation_call(op);
        let endpoint = format!("https://{}", c.host.as_deref().unwrap_or("example.com"));
        let mut checks = Vec::new();
        let method = &c.method;
        checks.push(quote!(compliance::assert_method(&request, #method);));
        let uri = &c.uri;
        checks.push(quote!(compliance::assert_uri(&request, #uri);));
        if let Some(host) = &c.resolved_host {
            checks.push(quote!(compliance::assert_host(&request, #host);));
        }
        for (list, function) in [
            (&c.query_params, quote!(assert_query_params)),
            (
                &c.forbid_query_params,
                quote!(assert_forbidden_query_params),
            ),
            (
                &c.require_query_params,
                quote!(assert_required_query_params),
            ),
        ] {
            if let Some(list) = list {
                checks.push(quote!(compliance::#function(&request, &[#(#list),*]);));
            }
        }
        if let Some(headers) = &c.headers {
            let pairs = headers.iter().map(|(k, v)| quote!((#k, #v)));
            checks.push(quote!(compliance::assert_headers(request.headers(), &[#(#pairs),*]);));
        }
        if let Some(list) = &c.forbid_headers {
            checks.push(
                quote!(compliance::assert_forbidden_headers(request.headers(), &[#(#list),*]);),
            );
        }
        if let Some(list) = &c.require_headers {
            checks.push(
                quote!(compliance::assert_required_headers(request.headers(), &[#(#list),*]);),
            );
        }
        if let Some(body) = &c.body {
            let media_type = option_str(c.body_media_type.as_deref());
            checks.push(quote!(compliance::assert_body(request.body(), #body, #media_type);));
        }
        Ok(quote! {
            let http = CaptureClient::new().with_response(200, "{}");
            let client = client(&http, #endpoint);
            let result = #call #(#setters)* .send().await;
            if http.requests().is_empty() {
                panic!(
                    "no request was sent: {}",
                    result
                        .err()
                        .map(|err| crate::error::DisplayErrorContext(err).to_string())
                        .unwrap_or_default()
                );
            }
            let request = compliance::single_request(&http);
            #(#checks)*
        })
    }

    fn response_test(
        &self,
        op: &OperationDef,
        error: Option<&StructDef>,
        c: &HttpResponseTestCase,
    ) -> Result<TokenStream, String> {
        let params = &c.params;
        let status = c.code;
        let headers = c.headers.as_deref().unwrap_or_default();
        let headers = headers.iter().map(|(k, v)| quote!((#k, #v)));
        let body = c.body.as_deref().unwrap_or("");
        let call = self.operation_call(op);
        // Response cases give no input; host labels still need a valid value to send at all.
        let labels = op
            .input
            .fields
            .iter()
            .filter(|field| field.host_label && op.host_prefix.is_some())
            .map(|field| {
                let setter = ident(&field.setter);
                quote!(.#setter(Some("label".to_string())))
            });
        let prelude = quote! {
            let http = compliance::capture_client(#status, &[#(#headers),*], #body);
            let client = client(&http, "https://example.com");
            let result = #call #(#labels)* .send().await;
        };
        let Some(error) = error else {
            let expected = self.struct_expr(&op.output, params, "params")?;
            let mut checks = self.compare_fields(&op.output, &quote!(expected), &quote!(output));
            if checks.is_empty() {
                // No members: parsing at all is the test.
                checks.push(quote!(let _ = (expected, output);));
            }
            let binding = if op.output.streams() {
                quote!(let mut)
            } else {
                quote!(let)
            };
            return Ok(quote! {
                #prelude
                #binding output = match result {
                    Ok(output) => output,
                    Err(err) => panic!(
                        "the response does not parse: {}",
                        crate::error::DisplayErrorContext(err)
                    ),
                };
                #binding expected = #expected;
                #(#checks)*
            });
        };
        let error_enum = path(&op.error_path());
        let variant = ident(
            &op.errors
                .iter()
                .find(|e| e.id == error.id)
                .map(|e| e.variant.clone())
                .unwrap_or_default(),
        );
        let expected = self.struct_expr(error, params, "params")?;
        let mut checks = self.compare_fields(error, &quote!(expected), &quote!(actual));
        if checks.is_empty() {
            checks.push(quote!(let _ = &expected;));
        }
        let mut vendor = Vec::new();
        if c.vendor_params_shape.as_deref() == Some(ERROR_CODE_PARAMS) {
            let vendor_params = c.vendor_params.as_ref();
            if let Some(code) = vendor_params
                .and_then(|v| v.get("code"))
                .and_then(NodeValue::as_str)
            {
                vendor.push(quote! {
                    assert_eq!(crate::error::ProvideErrorMetadata::code(&actual), Some(#code), "error code");
                });
            }
            if let Some(fault) = vendor_params
                .and_then(|v| v.get("type"))
                .and_then(NodeValue::as_str)
            {
                vendor.push(quote! {
                    assert_eq!(crate::error::ProvideErrorMetadata::meta(&actual).extra("type"), Some(#fault), "error type");
                });
            }
        }
        let expected_name = &error.name;
        Ok(quote! {
            #prelude
            let err = match result {
                Ok(output) => panic!("expected the error `{}`, got {:?}", #expected_name, output),
                Err(err) => err.into_service_error(),
            };
            #[allow(deprecated)]
            let #error_enum::#variant(actual) = err else {
                panic!("expected the error `{}`, got {:?}", #expected_name, err);
            };
            let expected = #expected;
            #(#checks)*
            #(#vendor)*
        })
    }

    /// `.set_<member>(Some(value))` for every member in `params`.
    pub(super) fn setters(
        &self,
        fields: &[FieldDef],
        params: &NodeValue,
        at: &str,
    ) -> Result<Vec<TokenStream>, String> {
        let Some(object) = params.as_object() else {
            return Err(format!("{at} is not an object"));
        };
        object
            .iter()
            .map(|(key, value)| {
                let field = fields
                    .iter()
                    .find(|field| field.member == *key)
                    .ok_or_else(|| format!("{at} has `{key}`, which is not a member"))?;
                let setter = ident(&field.setter);
                if value.is_null() {
                    return Ok(quote!(.#setter(None)));
                }
                let value = self.value(&field.ty, value, &format!("{at}.{key}"))?;
                Ok(quote!(.#setter(Some(#value))))
            })
            .collect()
    }

    /// An expression building the structure from `params` with its builder (so defaults apply).
    pub(super) fn struct_expr(
        &self,
        def: &StructDef,
        params: &NodeValue,
        at: &str,
    ) -> Result<TokenStream, String> {
        let ty = path(&def.path());
        let setters = self.setters(&def.fields, params, at)?;
        let build = if def.build_is_fallible() && def.role != crate::ir::StructRole::Input {
            let message = format!("`{}` builds from the test case", def.name);
            quote!(.build().expect(#message))
        } else {
            quote!(.build())
        };
        Ok(quote!(#ty::builder() #(#setters)* #build))
    }

    /// An expression of type `ty` for the JSON `value`.
    pub(super) fn value(
        &self,
        ty: &RustType,
        value: &NodeValue,
        at: &str,
    ) -> Result<TokenStream, String> {
        let mismatch = |what: &str| format!("{at}: expected {what}, got {value}");
        Ok(match ty {
            RustType::String => {
                let text = value.as_str().ok_or_else(|| mismatch("a string"))?;
                quote!(String::from(#text))
            }
            RustType::Bool => {
                let b = value.as_bool().ok_or_else(|| mismatch("a boolean"))?;
                quote!(#b)
            }
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
                let n = value.as_i64().ok_or_else(|| mismatch("an integer"))?;
                let lit = match ty {
                    RustType::I8 => i8::try_from(n).ok().map(Literal::i8_suffixed),
                    RustType::I16 => i16::try_from(n).ok().map(Literal::i16_suffixed),
                    RustType::I32 => i32::try_from(n).ok().map(Literal::i32_suffixed),
                    _ => Some(Literal::i64_suffixed(n)),
                }
                .ok_or_else(|| mismatch("an integer in range"))?;
                quote!(#lit)
            }
            RustType::F32 | RustType::F64 => {
                let (float, name) = match ty {
                    RustType::F32 => (quote!(f32), "f32"),
                    _ => (quote!(f64), "f64"),
                };
                match value {
                    NodeValue::String(s) if s == "NaN" => quote!(#float::NAN),
                    NodeValue::String(s) if s == "Infinity" => quote!(#float::INFINITY),
                    NodeValue::String(s) if s == "-Infinity" => quote!(#float::NEG_INFINITY),
                    NodeValue::Number(text) => {
                        // From the number's text, rounded once to the type; out of range
                        // for it, what the wire value rounds to: an infinity.
                        let rounded = if name == "f32" {
                            text.parse::<f32>().map(f64::from)
                        } else {
                            text.parse::<f64>()
                        }
                        .map_err(|_| mismatch("a number"))?;
                        if rounded.is_infinite() {
                            if rounded > 0.0 {
                                quote!(#float::INFINITY)
                            } else {
                                quote!(#float::NEG_INFINITY)
                            }
                        } else if name == "f32" {
                            let lit = Literal::f32_suffixed(rounded as f32);
                            quote!(#lit)
                        } else {
                            let lit = Literal::f64_suffixed(rounded);
                            quote!(#lit)
                        }
                    }
                    _ => return Err(mismatch("a number, `NaN`, `Infinity` or `-Infinity`")),
                }
            }
            RustType::Blob => {
                let text = value.as_str().ok_or_else(|| mismatch("a string"))?;
                let bytes = Literal::byte_string(text.as_bytes());
                quote!(crate::primitives::Blob::new(#bytes.to_vec()))
            }
            RustType::EventStream { .. } => {
                return Err(format!(
                    "{at}: event streams in request and response tests are not supported yet"
                ))
            }
            RustType::ByteStream => {
                let text = value.as_str().ok_or_else(|| mismatch("a string"))?;
                let bytes = Literal::byte_string(text.as_bytes());
                quote!(crate::primitives::ByteStream::from_static(#bytes))
            }
            RustType::DateTime(_) => match value {
                NodeValue::Number(_) if value.as_i64().is_some() => {
                    let secs = value.as_i64().unwrap_or_default();
                    quote!(crate::primitives::DateTime::from_secs(#secs))
                }
                NodeValue::Number(text) => {
                    let (secs, nanos) = crate::epoch_seconds::parse(text)
                        .ok_or_else(|| mismatch("epoch seconds in range"))?;
                    quote!(crate::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
                }
                NodeValue::String(text) => quote!(
                    crate::primitives::DateTime::from_str(#text, crate::primitives::DateTimeFormat::DateTime)
                        .expect("the test case's timestamp parses")
                ),
                _ => return Err(mismatch("epoch seconds")),
            },
            RustType::Document => document(value),
            RustType::BigInteger | RustType::BigDecimal => {
                let text = match value {
                    NodeValue::Number(text) => text.clone(),
                    NodeValue::String(text) => text.clone(),
                    _ => return Err(mismatch("a number")),
                };
                quote!(#text.parse().expect("the test case's number is valid"))
            }
            RustType::Option(inner) => {
                if value.is_null() {
                    quote!(None)
                } else {
                    let inner = self.value(inner, value, at)?;
                    quote!(Some(#inner))
                }
            }
            RustType::Vec(element) => {
                let items = value.as_array().ok_or_else(|| mismatch("an array"))?;
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.value(element, item, &format!("{at}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec![#(#items),*])
            }
            RustType::Map(key, entry) => {
                let entries = value.as_object().ok_or_else(|| mismatch("an object"))?;
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let key_expr = self.value(key, &NodeValue::String(k.clone()), at)?;
                        let value_expr = self.value(entry, v, &format!("{at}.{k}"))?;
                        Ok(quote!((#key_expr, #value_expr)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!([#(#entries),*].into_iter().collect::<::std::collections::HashMap<_, _>>())
            }
            RustType::Named {
                id,
                path: type_path,
                boxed,
                kind,
            } => {
                let built = match kind {
                    NamedKind::Enum => {
                        let text = value.as_str().ok_or_else(|| mismatch("a string"))?;
                        let p = path(type_path);
                        quote!(#p::from(#text))
                    }
                    NamedKind::Structure => match self.types.get(id) {
                        Some(TypeDef::Struct(def)) => self.struct_expr(def, value, at)?,
                        _ => return Err(format!("{at}: unknown structure `{type_path}`")),
                    },
                    NamedKind::Union => self.union_expr(id, type_path, value, at)?,
                };
                if *boxed {
                    quote!(Box::new(#built))
                } else {
                    built
                }
            }
        })
    }

    pub(super) fn union_expr(
        &self,
        id: &ShapeId,
        type_path: &str,
        value: &NodeValue,
        at: &str,
    ) -> Result<TokenStream, String> {
        let Some(TypeDef::Union(def)) = self.types.get(id) else {
            return Err(format!("{at}: unknown union `{type_path}`"));
        };
        let set: Vec<&(String, NodeValue)> = value
            .as_object()
            .ok_or_else(|| format!("{at}: expected an object for union `{}`", def.name))?
            .iter()
            .filter(|(_, v)| !v.is_null())
            .collect();
        let [(key, member_value)] = set.as_slice() else {
            return Err(format!(
                "{at}: a union value needs exactly one member, got {value}"
            ));
        };
        let variant = def
            .variants
            .iter()
            .find(|variant| variant.member == **key)
            .ok_or_else(|| format!("{at}: `{key}` is not a member of union `{}`", def.name))?;
        let p = path(type_path);
        let name = ident(&variant.name);
        Ok(match &variant.ty {
            Some(ty) => {
                let inner = self.value(ty, member_value, &format!("{at}.{key}"))?;
                quote!(#p::#name(#inner))
            }
            None => quote!(#p::#name),
        })
    }

    /// Assertions comparing every member of `expected` with `actual` (both of type `def`).
    fn compare_fields(
        &self,
        def: &StructDef,
        expected: &TokenStream,
        actual: &TokenStream,
    ) -> Vec<TokenStream> {
        def.fields
            .iter()
            .map(|field| {
                let name = ident(&field.name);
                if field.ty == RustType::ByteStream {
                    // A stream is compared by what it yields, so both are read (and used up).
                    let what = &field.member;
                    return quote! {
                        assert_eq!(
                            compliance::collect_stream(::std::mem::take(&mut #expected.#name)).await,
                            compliance::collect_stream(::std::mem::take(&mut #actual.#name)).await,
                            "member `{}`", #what
                        );
                    };
                }
                let ty = if field.optional {
                    RustType::Option(Box::new(field.ty.clone()))
                } else {
                    field.ty.clone()
                };
                self.compare(
                    &quote!(&#expected.#name),
                    &quote!(&#actual.#name),
                    &ty,
                    &field.member,
                    0,
                )
            })
            .collect()
    }

    /// Asserts that `expected` equals `actual` (both references to a `ty`): `assert_eq!`, except
    /// that floats, wherever they are nested, are compared by value with `NaN` equal to `NaN`.
    fn compare(
        &self,
        expected: &TokenStream,
        actual: &TokenStream,
        ty: &RustType,
        what: &str,
        depth: usize,
    ) -> TokenStream {
        if depth > 8 || !self.contains_float(ty, &mut BTreeSet::new()) {
            return quote!(assert_eq!(#expected, #actual, "member `{}`", #what););
        }
        let (e, a) = (
            quote::format_ident!("expected_{depth}"),
            quote::format_ident!("actual_{depth}"),
        );
        let mismatch = quote! {
            panic!("member `{}`: expected {:?}, got {:?}", #what, #expected, #actual)
        };
        match ty {
            RustType::F32 | RustType::F64 => {
                let (x, y) = if *ty == RustType::F32 {
                    (quote!(f64::from(*#e)), quote!(f64::from(*#a)))
                } else {
                    (quote!(*#e), quote!(*#a))
                };
                quote! {
                    let (#e, #a) = (#expected, #actual);
                    assert!(
                        compliance::float_eq(#x, #y),
                        "member `{}`: expected {:?}, got {:?}", #what, #e, #a
                    );
                }
            }
            RustType::Option(inner) => {
                let inner = self.compare(&quote!(#e), &quote!(#a), inner, what, depth + 1);
                quote! {
                    match (#expected, #actual) {
                        (Some(#e), Some(#a)) => { #inner }
                        (None, None) => {}
                        _ => #mismatch,
                    }
                }
            }
            RustType::Vec(element) => {
                let inner = self.compare(&quote!(#e), &quote!(#a), element, what, depth + 1);
                quote! {
                    assert_eq!(#expected.len(), #actual.len(), "member `{}`: length", #what);
                    for (#e, #a) in #expected.iter().zip(#actual.iter()) { #inner }
                }
            }
            RustType::Map(_, entry) => {
                let inner = self.compare(&quote!(#e), &quote!(#a), entry, what, depth + 1);
                quote! {
                    assert_eq!(#expected.len(), #actual.len(), "member `{}`: length", #what);
                    for (key, #e) in #expected.iter() {
                        let #a = #actual.get(key).unwrap_or_else(|| panic!("member `{}`: key {:?} is missing", #what, key));
                        #inner
                    }
                }
            }
            RustType::Named {
                id,
                path: type_path,
                ..
            } => match self.types.get(id) {
                Some(TypeDef::Struct(def)) => {
                    let checks = def.fields.iter().map(|field| {
                        let name = ident(&field.name);
                        let ty = if field.optional {
                            RustType::Option(Box::new(field.ty.clone()))
                        } else {
                            field.ty.clone()
                        };
                        let what = format!("{what}.{}", field.member);
                        self.compare(
                            &quote!(&#expected.#name),
                            &quote!(&#actual.#name),
                            &ty,
                            &what,
                            depth + 1,
                        )
                    });
                    quote!(#(#checks)*)
                }
                Some(TypeDef::Union(def)) => {
                    let p = path(type_path);
                    let arms = def.variants.iter().filter_map(|variant| {
                        let ty = variant.ty.as_ref()?;
                        if !self.contains_float(ty, &mut BTreeSet::new()) {
                            return None;
                        }
                        let name = ident(&variant.name);
                        let what = format!("{what}.{}", variant.member);
                        let inner = self.compare(&quote!(#e), &quote!(#a), ty, &what, depth + 1);
                        Some(quote!((#p::#name(#e), #p::#name(#a)) => { #inner }))
                    });
                    quote! {
                        match (#expected, #actual) {
                            #(#arms)*
                            (#e, #a) => assert_eq!(#e, #a, "member `{}`", #what),
                        }
                    }
                }
                _ => quote!(assert_eq!(#expected, #actual, "member `{}`", #what);),
            },
            _ => quote!(assert_eq!(#expected, #actual, "member `{}`", #what);),
        }
    }

    fn contains_float(&self, ty: &RustType, seen: &mut BTreeSet<ShapeId>) -> bool {
        match ty {
            RustType::F32 | RustType::F64 => true,
            RustType::Option(inner) | RustType::Vec(inner) => self.contains_float(inner, seen),
            RustType::Map(_, entry) => self.contains_float(entry, seen),
            RustType::Named { id, .. } => {
                if !seen.insert(id.clone()) {
                    return false;
                }
                match self.types.get(id) {
                    Some(TypeDef::Struct(def)) => def
                        .fields
                        .iter()
                        .any(|field| self.contains_float(&field.ty, seen)),
                    Some(TypeDef::Union(def)) => def
                        .variants
                        .iter()
                        .filter_map(|variant| variant.ty.as_ref())
                        .any(|ty| self.contains_float(ty, seen)),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

/// A `Document` expression for a JSON value; numbers classified as the runtime's JSON reader
/// classifies them.
fn document(value: &NodeValue) -> TokenStream {
    let doc = quote!(crate::primitives::Document);
    let number = quote!(::smithy_runtime::primitives::Number);
    match value {
        NodeValue::Null => quote!(#doc::Null),
        NodeValue::Bool(b) => quote!(#doc::Bool(#b)),
        NodeValue::Number(_) => {
            if let Some(v) = value.as_u64() {
                quote!(#doc::Number(#number::PosInt(#v)))
            } else if let Some(v) = value.as_i64() {
                quote!(#doc::Number(#number::NegInt(#v)))
            } else {
                let v = value.as_f64().unwrap_or_default();
                quote!(#doc::Number(#number::Float(#v)))
            }
        }
        NodeValue::String(text) => quote!(#doc::String(String::from(#text))),
        NodeValue::Array(items) => {
            let items = items.iter().map(document);
            quote!(#doc::Array(::std::vec![#(#items),*]))
        }
        NodeValue::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document(v);
                quote!((String::from(#k), #v))
            });
            quote!(#doc::Object([#(#entries),*].into_iter().collect::<::std::collections::HashMap<_, _>>()))
        }
    }
}

pub(super) fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

#[cfg(test)]
mod tests {
    use super::test_ident;

    #[test]
    fn test_names_are_identifiers() {
        assert_eq!(
            test_ident("AwsJson10SupportsNaNFloatInputs"),
            crate::naming::snake_case("AwsJson10SupportsNaNFloatInputs")
        );
        assert_eq!(
            test_ident("SDKAppliedContentEncoding_awsJson1_0"),
            crate::naming::snake_case("SDKAppliedContentEncoding_awsJson1_0")
        );
        assert_eq!(test_ident("1st"), "case_1_st");
        assert_eq!(test_ident("type"), "type_case");
        assert_eq!(test_ident("--"), "case_");
    }
}
