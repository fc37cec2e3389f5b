//! The `smithy.test#eventStreamTests` client cases, as tests in `src/protocol_tests.rs`.
//!
//! * Events the client sends (`type: request`) are built from their `params` and sent through
//!   the real client over a `CaptureClient`; the recorded body is split into messages (each
//!   taken out of its SigV4 envelope) and each is checked against the case's headers and body,
//!   with the initial request's method, URI and headers.
//! * Events the client receives (`type: response`) are the case's `bytes`, answered with the
//!   initial response; each is read with `recv()` and compared with the event its `params`
//!   build, or, for an expected failure, must be an error (the named modeled error when the
//!   case names one).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::protocol_tests::{option_str, test_ident, Ctx, SKIPPED};
use super::{doc_attrs, ident, path};
use crate::ir::{CrateDef, FieldDef, OperationDef, RustType};
use crate::protocol_test_cases::{EventCase, EventHeaderCase, EventStreamTestCase};

/// The client cases of the crate's protocol, in operation order.
pub(super) fn cases(def: &CrateDef) -> Vec<(&OperationDef, &EventStreamTestCase)> {
    let protocol = crate::protocol::of(def).trait_id();
    def.operations
        .iter()
        .flat_map(|op| {
            op.event_stream_tests
                .iter()
                .filter(move |case| case.applies_to_client(protocol))
                .map(move |case| (op, case))
        })
        .collect()
}

/// One test per case, named `event_stream_<id>`.
pub(super) fn tests(ctx: &Ctx<'_>, def: &CrateDef) -> Vec<TokenStream> {
    cases(def)
        .into_iter()
        .map(|(op, case)| {
            let name = ident(&format!("event_stream_{}", test_ident(&case.id)));
            let docs = doc_attrs(
                case.documentation.as_deref(),
                &format!("Test case `{}`.", case.id),
            );
            let origin = format!(
                " `eventStreamTests` case `{}` of `{}`.",
                case.id,
                op.id.name()
            );
            if let Some((_, reason)) = SKIPPED.iter().find(|(id, _)| *id == case.id) {
                let reason = format!("skipped: {reason}");
                return quote! {
                    #docs
                    #[doc = ""]
                    #[doc = #origin]
                    #[tokio::test]
                    #[ignore = #reason]
                    async fn #name() {}
                };
            }
            let body = test_body(ctx, def, op, case).unwrap_or_else(|problem| {
                let message = format!("the generator cannot build this case: {problem}");
                quote!(panic!(#message);)
            });
            quote! {
                #docs
                #[doc = ""]
                #[doc = #origin]
                #[tokio::test]
                async fn #name() {
                    #body
                }
            }
        })
        .collect()
}

/// The input's or output's event stream member and its type's paths (union, error).
fn stream_field(fields: &[FieldDef]) -> Option<(&FieldDef, &ShapeIdRef, &str, &str)> {
    fields.iter().find_map(|field| match &field.ty {
        RustType::EventStream {
            id,
            union_path,
            error_path,
            ..
        } => Some((field, id, union_path.as_str(), error_path.as_str())),
        _ => None,
    })
}

type ShapeIdRef = crate::model::ShapeId;

fn test_body(
    ctx: &Ctx<'_>,
    def: &CrateDef,
    op: &OperationDef,
    case: &EventStreamTestCase,
) -> Result<TokenStream, String> {
    let sent: Vec<&EventCase> = case.events.iter().filter(|e| e.sent_by_client).collect();
    let received: Vec<&EventCase> = case.events.iter().filter(|e| !e.sent_by_client).collect();
    let output_stream = stream_field(&op.output.fields);

    // The response: the initial response, then the received events.
    let (status, headers, body) = match &case.initial_response {
        Some(initial) => (
            initial.code,
            initial.headers.clone(),
            initial.body.clone().unwrap_or_default(),
        ),
        None => (200, Vec::new(), String::new()),
    };
    let mut header_pairs: Vec<TokenStream> =
        headers.iter().map(|(k, v)| quote!((#k, #v))).collect();
    let http = if output_stream.is_some()
        && case.initial_response.as_ref().is_none_or(|r| r.code == 200)
    {
        let frames = received
            .iter()
            .map(|event| {
                event
                    .bytes
                    .clone()
                    .ok_or_else(|| "a received event has no `bytes`".to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            header_pairs.push(quote!((
                "content-type",
                "application/vnd.amazon.eventstream"
            )));
        }
        quote!(compliance::event_stream_client(#status, &[#(#header_pairs),*], &[#(#frames),*]))
    } else {
        quote!(compliance::capture_client(#status, &[#(#header_pairs),*], #body))
    };

    // The input: the initial request's members, and the events to send.
    let mut setters = match &case.initial_request_params {
        Some(params) => ctx.setters(&op.input.fields, params, "initialRequestParams")?,
        None => Vec::new(),
    };
    if let Some((field, id, union_path, error_path)) = stream_field(&op.input.fields) {
        let union = path(union_path);
        let error = path(error_path);
        let items = sent
            .iter()
            .enumerate()
            .map(|(i, event)| sent_item(ctx, def, id, union_path, error_path, event, i))
            .collect::<Result<Vec<_>, _>>()?;
        let setter = ident(&field.setter);
        setters.push(quote! {
            .#setter(Some(compliance::event_sender::<#union, #error>(::std::vec![#(#items),*])))
        });
    }
    let method = ident(&crate::naming::operation_fn_name(op.id.name()));

    let mut checks = Vec::new();
    if !sent.is_empty() || case.initial_request.is_some() {
        checks.push(quote! {
            if http.requests().is_empty() {
                panic!(
                    "no request was sent: {}",
                    result
                        .as_ref()
                        .err()
                        .map(|err| crate::error::DisplayErrorContext(err).to_string())
                        .unwrap_or_default()
                );
            }
            let request = compliance::single_request(&http);
        });
        if let Some(initial) = &case.initial_request {
            let method = &initial.method;
            let uri = &initial.uri;
            let pairs = initial.headers.iter().map(|(k, v)| quote!((#k, #v)));
            checks.push(quote! {
                compliance::assert_method(&request, #method);
                compliance::assert_uri(&request, #uri);
                compliance::assert_headers(request.headers(), &[#(#pairs),*]);
            });
        }
        if stream_field(&op.input.fields).is_some() {
            let count = sent.len();
            checks.push(quote! {
                let messages = compliance::event_stream_messages(&request);
                assert_eq!(messages.len(), #count, "messages sent: {messages:?}");
            });
            for (i, event) in sent.iter().enumerate() {
                let headers = event
                    .headers
                    .iter()
                    .map(|(name, value)| {
                        let value = header_value(value)?;
                        Ok(quote!((#name, #value)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                checks.push(
                    quote!(compliance::assert_event_headers(&messages[#i], &[#(#headers),*]);),
                );
                if let Some(body) = &event.body {
                    let media_type = option_str(event.body_media_type.as_deref());
                    checks.push(quote!(compliance::assert_body(messages[#i].payload(), #body, #media_type);));
                }
            }
        }
    }

    let failure_without_events = case.failure.is_some() && received.is_empty();
    if failure_without_events && sent.is_empty() {
        // The initial response is the failure.
        match case.failure.as_ref().and_then(Option::as_ref) {
            Some(error_id) => {
                let variant = op
                    .errors
                    .iter()
                    .find(|e| e.id.to_string() == *error_id)
                    .map(|e| ident(&e.variant))
                    .ok_or_else(|| format!("`{error_id}` is not an error of the operation"))?;
                let error_enum = path(&op.error_path());
                checks.push(quote! {
                    let err = match result {
                        Ok(output) => panic!("expected the error `{}`, got {:?}", #error_id, output),
                        Err(err) => err.into_service_error(),
                    };
                    #[allow(deprecated)]
                    let #error_enum::#variant(_) = err else {
                        panic!("expected the error `{}`, got {:?}", #error_id, err);
                    };
                });
            }
            None => checks.push(quote! {
                assert!(result.is_err(), "the response must fail: {result:?}");
            }),
        }
    } else if let Some((field, _, union_path, error_path)) = output_stream {
        let stream = ident(&field.name);
        checks.push(quote! {
            let mut output = match result {
                Ok(output) => output,
                Err(err) => panic!(
                    "the response does not parse: {}",
                    crate::error::DisplayErrorContext(err)
                ),
            };
        });
        if let Some(params) = &case.initial_response_params {
            for (key, value) in params.as_object().unwrap_or_default() {
                let field = op
                    .output
                    .fields
                    .iter()
                    .find(|f| f.member == *key)
                    .ok_or_else(|| format!("`{key}` is not a member of the output"))?;
                let name = ident(&field.name);
                let ty = if field.optional {
                    RustType::Option(Box::new(field.ty.clone()))
                } else {
                    field.ty.clone()
                };
                let expected = ctx.value(&ty, value, &format!("initialResponseParams.{key}"))?;
                checks.push(quote!(assert_eq!(output.#name, #expected, "member `{}`", #key);));
            }
        }
        for (i, event) in received.iter().enumerate() {
            let last = i + 1 == received.len();
            if last && case.failure.is_some() {
                let check = match case.failure.as_ref().and_then(Option::as_ref) {
                    Some(error_id) => {
                        let stream_union = def
                            .event_streams()
                            .find(|(u, _)| u.symbol.path == union_path);
                        let variant = stream_union
                            .and_then(|(_, s)| {
                                s.errors
                                    .iter()
                                    .find(|e| e.error.id.to_string() == *error_id)
                            })
                            .map(|e| ident(&e.error.variant))
                            .ok_or_else(|| format!("`{error_id}` is not an error of the stream"))?;
                        let error = path(error_path);
                        quote! {
                            let err = err.into_service_error();
                            #[allow(deprecated)]
                            let #error::#variant(_) = err else {
                                panic!("expected the stream error `{}`, got {:?}", #error_id, err);
                            };
                        }
                    }
                    None => quote!(let _ = err;),
                };
                checks.push(quote! {
                    let err = match output.#stream.recv().await {
                        Err(err) => err,
                        Ok(event) => panic!("message {} must be an error, got {:?}", #i, event),
                    };
                    #check
                });
                continue;
            }
            let params = event
                .params
                .as_ref()
                .ok_or_else(|| format!("received event {i} has no `params`"))?;
            let id = match &field.ty {
                RustType::EventStream { id, .. } => id,
                _ => unreachable!("stream_field finds event streams"),
            };
            let expected =
                ctx.union_expr(id, union_path, params, &format!("events[{i}].params"))?;
            checks.push(quote! {
                let event = match output.#stream.recv().await {
                    Ok(Some(event)) => event,
                    other => panic!("message {} must be an event, got {:?}", #i, other),
                };
                assert_eq!(event, #expected, "message {}", #i);
            });
        }
        if case.failure.is_none() {
            checks.push(quote! {
                assert!(
                    matches!(output.#stream.recv().await, Ok(None)),
                    "the stream ends after the case's messages"
                );
            });
        }
    } else if case.failure.is_none() {
        checks.push(quote! {
            if let Err(err) = &result {
                panic!("the call fails: {}", crate::error::DisplayErrorContext(err));
            }
        });
    }
    Ok(quote! {
        let http = #http;
        let client = client(&http, "https://example.com");
        let result = client.#method() #(#setters)* .send().await;
        #(#checks)*
    })
}

/// `Ok(event)` or `Err(error)` for a sent event's `params`: one member of the stream union,
/// which may be one of its errors.
fn sent_item(
    ctx: &Ctx<'_>,
    def: &CrateDef,
    id: &ShapeIdRef,
    union_path: &str,
    error_path: &str,
    event: &EventCase,
    index: usize,
) -> Result<TokenStream, String> {
    let at = format!("events[{index}].params");
    let params = event
        .params
        .as_ref()
        .ok_or_else(|| format!("{at}: a sent event needs `params`"))?;
    let member = params.as_object().and_then(|members| match members {
        [(name, value)] => Some((name, value)),
        _ => None,
    });
    let stream = def
        .union_def(id)
        .and_then(|union| union.event_stream.as_deref());
    if let (Some((name, value)), Some(stream)) = (member, stream) {
        if let Some(error) = stream.errors.iter().find(|e| e.member == *name) {
            let structure = def
                .errors
                .iter()
                .find(|e| e.id == error.error.id)
                .ok_or_else(|| format!("{at}: no error structure for `{name}`"))?;
            let value = ctx.struct_expr(structure, value, &at)?;
            let error_enum = path(error_path);
            let variant = ident(&error.error.variant);
            return Ok(quote!(Err(#error_enum::#variant(#value))));
        }
    }
    let value = ctx.union_expr(id, union_path, params, &at)?;
    Ok(quote!(Ok(#value)))
}

/// The `HeaderValue` of an expected event header.
fn header_value(value: &EventHeaderCase) -> Result<TokenStream, String> {
    let header = quote!(crate::primitives::event_stream::HeaderValue);
    let integer = |n: i64, bits: u32| -> Result<Literal, String> {
        let fits = |n: i64| match bits {
            8 => i8::try_from(n).is_ok(),
            16 => i16::try_from(n).is_ok(),
            32 => i32::try_from(n).is_ok(),
            _ => true,
        };
        if !fits(n) {
            return Err(format!("header value {n} does not fit {bits} bits"));
        }
        Ok(match bits {
            8 => Literal::i8_suffixed(n as i8),
            16 => Literal::i16_suffixed(n as i16),
            32 => Literal::i32_suffixed(n as i32),
            _ => Literal::i64_suffixed(n),
        })
    };
    Ok(match value {
        EventHeaderCase::Boolean(b) => quote!(#header::Bool(#b)),
        EventHeaderCase::Byte(n) => {
            let n = integer(*n, 8)?;
            quote!(#header::Byte(#n))
        }
        EventHeaderCase::Short(n) => {
            let n = integer(*n, 16)?;
            quote!(#header::Int16(#n))
        }
        EventHeaderCase::Integer(n) => {
            let n = integer(*n, 32)?;
            quote!(#header::Int32(#n))
        }
        EventHeaderCase::Long(n) => {
            let n = integer(*n, 64)?;
            quote!(#header::Int64(#n))
        }
        EventHeaderCase::Blob(text) => quote!(#header::ByteArray(compliance::base64_bytes(#text))),
        EventHeaderCase::String(text) => {
            quote!(#header::String(String::from(#text).into()))
        }
        EventHeaderCase::Timestamp(text) => quote!(#header::Timestamp(
            crate::primitives::DateTime::from_str(#text, crate::primitives::DateTimeFormat::DateTime)
                .expect("the test case's timestamp parses")
        )),
        EventHeaderCase::Uuid(text) => {
            let hex: String = text.chars().filter(|c| *c != '-').collect();
            let uuid = u128::from_str_radix(&hex, 16)
                .map_err(|_| format!("header value `{text}` is not a UUID"))?;
            let uuid = Literal::u128_suffixed(uuid);
            quote!(#header::Uuid(#uuid))
        }
    })
}
