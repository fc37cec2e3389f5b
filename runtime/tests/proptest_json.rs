//! Property tests of the runtime JSON reader and writer and of the awsJson error parser: any
//! input is an `Ok` or an `Err`, never a panic or a stack overflow, and what the writer
//! produces reads back as the same value (non-finite floats, escapes, non-BMP characters
//! included). The coverage-guided fuzz targets for the same code are in `fuzz/`.

use std::collections::HashMap;

use http::{HeaderMap, HeaderName, HeaderValue};
use proptest::prelude::*;
use smithy_runtime::error::RequestId;
use smithy_runtime::json::{self, de, JsonWriter, Value, MAX_DEPTH};
use smithy_runtime::primitives::{Document, Number};
use smithy_runtime::protocol::aws_json::{self, sanitize_error_code};

/// Pieces that make random text look like JSON often enough to reach deep into the parser.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\"k\"", "\"__type\"", "\"code\"", "\"message\"", "\"v\"",
    "\\", "\\n", "\\u00e9", "\\ud83d", "\\ude00", "\\uZZZZ", "1", "-", "0", ".", "e", "E+",
    "1e400", "-0", "18446744073709551616", "true", "false", "null", "nul", " ", "\n", "\t",
    "é", "😀", "\u{7f}", "\u{0}",
];

fn json_soup() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(prop::sample::select(PIECES), 0..40),
        prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    )
        .prop_map(|(pieces, flip)| {
            let mut bytes = pieces.concat().into_bytes();
            if let Some((index, byte)) = flip {
                if !bytes.is_empty() {
                    let at = index.index(bytes.len());
                    bytes[at] = byte;
                }
            }
            bytes
        })
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whatever `parse` accepts was UTF-8, within the depth limit, and agrees with `parse_body`.
fn check_parse(bytes: &[u8]) {
    let parsed = json::parse(bytes);
    let body = json::parse_body(bytes);
    match &parsed {
        Ok(value) => {
            assert!(std::str::from_utf8(bytes).is_ok(), "accepted invalid UTF-8");
            assert!(depth(value) <= MAX_DEPTH);
            assert_eq!(body.as_ref(), Ok(value));
            // Every conversion the generated deserializers use returns, whatever the node.
            let _ = (
                de::string(value),
                de::i32(value),
                de::f64(value),
                de::blob(value),
            );
            let _ = de::document(value);
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            if let Ok(body) = body {
                assert_eq!(body, Value::Object(Vec::new()));
            }
        }
    }
}

/// Any string: escapes, control characters, surrogate-pair (non-BMP) characters.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                Just('"'),
                Just('\\'),
                Just('/'),
                Just('\u{0}'),
                Just('\u{1f}'),
                Just('\u{7f}'),
                Just('\u{2028}'),
                Just('\u{fffd}'),
                Just('\u{10000}'),
                Just('\u{1f600}'),
                Just('\u{10ffff}'),
                any::<char>(),
            ],
            0..16
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn any_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX),
        Just(5e-324),
        any::<f64>(),
        (-1e6..1e6f64),
    ]
}

fn any_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<u64>().prop_map(Number::PosInt),
        (i64::MIN..0).prop_map(Number::NegInt),
        any_float().prop_map(Number::Float),
    ]
}

fn any_document() -> impl Strategy<Value = Document> {
    let leaf = prop_oneof![
        Just(Document::Null),
        any::<bool>().prop_map(Document::Bool),
        any_number().prop_map(Document::Number),
        any_text().prop_map(Document::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Document::Array),
            prop::collection::hash_map(any_text(), inner, 0..6).prop_map(Document::Object),
        ]
    })
}

/// What a document reads back as: the writer sends non-finite floats as strings.
fn as_read_back(document: &Document) -> Document {
    match document {
        Document::Number(Number::Float(value)) if !value.is_finite() => {
            Document::String(non_finite_name(*value).to_owned())
        }
        Document::Array(items) => Document::Array(items.iter().map(as_read_back).collect()),
        Document::Object(members) => Document::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), as_read_back(value)))
                .collect::<HashMap<_, _>>(),
        ),
        other => other.clone(),
    }
}

fn non_finite_name(value: f64) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

fn header_value() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop::option::of(prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40),
        "[a-zA-Z.]{0,12}(#[A-Za-z]{0,12})?(:http://[a-z./#]{0,12})?(;[A-Za-z]{0,8})?"
            .prop_map(String::into_bytes),
    ])
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_parse(&bytes);
    }

    #[test]
    fn json_like_text_never_panics(bytes in json_soup()) {
        check_parse(&bytes);
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error(
        depth in 1usize..(4 * MAX_DEPTH),
        objects in prop::collection::vec(any::<bool>(), 4 * MAX_DEPTH),
    ) {
        let mut text = String::new();
        for &object in &objects[..depth] {
            text.push_str(if object { "{\"a\":" } else { "[" });
        }
        text.push('1');
        for &object in objects[..depth].iter().rev() {
            text.push(if object { '}' } else { ']' });
        }
        let parsed = json::parse(text.as_bytes());
        prop_assert_eq!(parsed.is_ok(), depth <= MAX_DEPTH, "depth {}", depth);
        if let Err(error) = parsed {
            prop_assert!(error.to_string().contains("nested"), "{}", error);
        }
        // The awsJson error parser treats too-deep bodies as bodies without metadata.
        let meta = aws_json::parse_error_metadata(500, &HeaderMap::new(), text.as_bytes()).build();
        prop_assert_eq!(meta.code(), None);
    }

    #[test]
    fn documents_round_trip(document in any_document()) {
        let mut out = String::new();
        JsonWriter::new(&mut out).value().document(&document);
        let value = json::parse(out.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        let read = de::document_value(&value).unwrap();
        prop_assert_eq!(read, as_read_back(&document), "{}", out);
    }

    #[test]
    fn floats_round_trip_including_nan_and_infinity(value in any_float()) {
        let mut out = String::new();
        JsonWriter::new(&mut out).value().float(value);
        let parsed = json::parse(out.as_bytes()).unwrap();
        let read = de::f64(&parsed).unwrap().unwrap();
        prop_assert!(read.to_bits() == value.to_bits() || (read.is_nan() && value.is_nan()), "{} -> {}", value, out);
        let single = value as f32;
        let mut out = String::new();
        JsonWriter::new(&mut out).value().float32(single);
        let read = de::f32(&json::parse(out.as_bytes()).unwrap()).unwrap().unwrap();
        prop_assert!(read.to_bits() == single.to_bits() || (read.is_nan() && single.is_nan()), "{} -> {}", single, out);
    }

    #[test]
    fn strings_round_trip(text in any_text(), key in any_text()) {
        let mut out = String::new();
        let mut object = json::object(&mut out);
        object.key(&key).string(&text);
        object.finish();
        let parsed = json::parse(out.as_bytes()).unwrap();
        prop_assert_eq!(parsed.get(&key).and_then(Value::as_str), Some(text.as_str()), "{}", out);
        // Written JSON is ASCII-clean of control characters: none appears raw.
        prop_assert!(!out.chars().any(|c| c < ' '), "{}", out);
    }

    #[test]
    fn error_metadata_never_panics(
        errortype in header_value(),
        request_id in header_value(),
        query_error in header_value(),
        body in prop_oneof![prop::collection::vec(any::<u8>(), 0..128), json_soup()],
        status in 100u16..600,
    ) {
        let mut headers = HeaderMap::new();
        let mut texts = [None, None, None];
        for (index, (name, raw)) in [
            (aws_json::ERROR_TYPE_HEADER, &errortype),
            (aws_json::REQUEST_ID_HEADER, &request_id),
            (aws_json::QUERY_ERROR_HEADER, &query_error),
        ].into_iter().enumerate() {
            if let Some(Ok(value)) = raw.as_deref().map(HeaderValue::from_bytes) {
                texts[index] = value.to_str().ok().map(str::to_owned);
                headers.insert(HeaderName::from_static(name), value);
            }
        }
        let meta = aws_json::parse_error_metadata(status, &headers, &body).build();
        if let Some(code) = meta.code() {
            prop_assert!(!code.is_empty() && !code.contains(':'), "{:?}", code);
        }
        if let Some(code) = texts[0].as_deref().map(sanitize_error_code).filter(|c| !c.is_empty()) {
            prop_assert_eq!(meta.code(), Some(code));
        }
        prop_assert_eq!(meta.request_id(), texts[1].as_deref());
        let _ = format!("{meta:?} {meta}");
        let _ = aws_json::apply_query_error(meta.into_builder(), &headers).build();
    }

    #[test]
    fn sanitized_codes_are_part_of_the_raw_code(raw in any_text()) {
        let code = sanitize_error_code(&raw);
        prop_assert!(!code.contains(':'));
        prop_assert!(raw.contains(code));
        // Sanitizing is idempotent for codes without a `#`.
        if !code.contains('#') {
            prop_assert_eq!(sanitize_error_code(code), code);
        }
    }
}

#[test]
fn a_million_open_brackets_is_an_error_not_a_stack_overflow() {
    for open in [&b"["[..], b"{\"a\":"] {
        let text = open.repeat(1_000_000);
        let error = json::parse(&text).unwrap_err();
        assert!(error.to_string().contains("nested"), "{error}");
        let meta = aws_json::parse_error_metadata(500, &HeaderMap::new(), &text).build();
        assert_eq!(meta.code(), None);
    }
}
