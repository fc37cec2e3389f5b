//! The runtime JSON reader (`json::parse`, `json::parse_body`) and the `json::de` helpers that
//! generated deserializers call on each node.
//!
//! Invariants: no panic and no stack overflow (nesting is capped at `MAX_DEPTH`); whatever
//! parses is UTF-8, no deeper than `MAX_DEPTH`, and survives a write/read round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_runtime::json::{self, de, JsonWriter, Value, MAX_DEPTH};
use smithy_runtime::primitives::DateTimeFormat;

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 0,
    }
}

fn has_infinity(value: &Value) -> bool {
    match value {
        Value::Number(_) | Value::Decimal(_) => value
            .as_number()
            .is_some_and(|number| !number.to_f64_lossy().is_finite()),
        Value::Array(items) => items.iter().any(has_infinity),
        Value::Object(members) => members.iter().any(|(_, v)| has_infinity(v)),
        _ => false,
    }
}

/// Every conversion a generated deserializer may apply to a node.
fn convert_all(value: &Value) {
    let _ = de::string(value);
    let _ = de::boolean(value);
    let _ = de::number(value);
    let _ = de::i8(value);
    let _ = de::i16(value);
    let _ = de::i32(value);
    let _ = de::i64(value);
    let _ = de::f32(value);
    let _ = de::f64(value);
    let _ = de::blob(value);
    let _ = de::big_integer(value);
    let _ = de::big_decimal(value);
    for format in [
        DateTimeFormat::DateTime,
        DateTimeFormat::DateTimeWithOffset,
        DateTimeFormat::HttpDate,
        DateTimeFormat::EpochSeconds,
    ] {
        if let Ok(Some(time)) = de::timestamp(value, format) {
            let _ = time.fmt(DateTimeFormat::DateTime);
            let _ = time.fmt(DateTimeFormat::HttpDate);
            let _ = time.fmt(DateTimeFormat::EpochSeconds);
        }
    }
    let _ = de::document(value);
    let _ = de::object(value);
    let _ = de::array(value);
    match value {
        Value::Array(items) => items.iter().for_each(convert_all),
        Value::Object(members) => members.iter().for_each(|(_, v)| convert_all(v)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let parsed = json::parse(data);
    let body = json::parse_body(data);
    let value = match parsed {
        Ok(value) => value,
        Err(error) => {
            let _ = error.to_string();
            if let Ok(body) = body {
                // Only an all-whitespace body parses as a body but not as a document.
                assert_eq!(body, Value::Object(Vec::new()));
                assert!(data.iter().all(u8::is_ascii_whitespace));
            }
            return;
        }
    };
    assert_eq!(body.as_ref(), Ok(&value));
    assert!(std::str::from_utf8(data).is_ok(), "accepted invalid UTF-8");
    assert!(depth(&value) <= MAX_DEPTH);
    convert_all(&value);

    let document = de::document_value(&value).expect("a parsed value converts to a document");
    let mut out = String::new();
    JsonWriter::new(&mut out).value().document(&document);
    let again = json::parse(out.as_bytes()).expect("written JSON parses");
    if !has_infinity(&value) {
        assert_eq!(de::document_value(&again).unwrap(), document, "{out}");
    }
});
