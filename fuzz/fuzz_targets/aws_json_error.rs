//! The awsJson error-code parser (`protocol::aws_json`): code, message and request id from
//! headers and body, the `x-amzn-query-error` header, and `sanitize_error_code`.
//!
//! Input layout: byte 0 = flags; then, for each of the three headers whose flag is set, one
//! length byte and that many bytes of header value; the rest is the body.
//!
//! Invariants: no panic; a sanitized code never contains `:` and is part of the raw code;
//! the header code wins over the body's; the request id is the header's.
#![no_main]

use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use smithy_runtime::error::RequestId;
use smithy_runtime::protocol::aws_json::{self, sanitize_error_code};

const HEADERS: [&str; 3] = ["x-amzn-errortype", "x-amzn-requestid", "x-amzn-query-error"];

fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let Some((&len, rest)) = data.split_first() else {
        return &[];
    };
    let len = usize::from(len).min(rest.len());
    let (value, rest) = rest.split_at(len);
    *data = rest;
    value
}

fn check_sanitized(raw: &str) -> &str {
    let code = sanitize_error_code(raw);
    assert!(!code.contains(':'), "{raw:?} -> {code:?}");
    assert!(raw.contains(code), "{raw:?} -> {code:?}");
    code
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    let mut headers = HeaderMap::new();
    let mut texts: [Option<String>; 3] = [None, None, None];
    for (index, name) in HEADERS.iter().enumerate() {
        if flags & (1 << index) != 0 {
            let raw = take(&mut rest);
            if let Ok(value) = HeaderValue::from_bytes(raw) {
                texts[index] = value.to_str().ok().map(str::to_owned);
                headers.insert(*name, value);
            }
        }
    }
    let body = rest;
    if let Ok(text) = std::str::from_utf8(body) {
        check_sanitized(text);
    }

    let status = 400 + u16::from(flags >> 3);
    let meta = aws_json::parse_error_metadata(status, &headers, body).build();
    if let Some(code) = meta.code() {
        assert!(!code.is_empty() && !code.contains(':'), "{code:?}");
    }
    if let Some(raw) = &texts[0] {
        let code = check_sanitized(raw);
        if !code.is_empty() {
            assert_eq!(meta.code(), Some(code));
        }
    }
    assert_eq!(meta.request_id(), texts[1].as_deref());
    assert_eq!(aws_json::request_id(&headers), texts[1].as_deref());
    let _ = format!("{meta:?} {meta}");

    let with_query = aws_json::apply_query_error(meta.clone().into_builder(), &headers).build();
    if with_query.extra("type").is_some() {
        let header = texts[2].as_deref().unwrap_or_default();
        let (code, fault) = header.trim().split_once(';').unwrap();
        assert_eq!(with_query.code(), Some(code));
        assert_eq!(with_query.extra("type"), Some(fault));
    } else {
        assert_eq!(with_query.code(), meta.code());
    }
});
