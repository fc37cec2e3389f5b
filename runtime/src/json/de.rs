//! Conversions from parsed [`Value`]s to the Rust types of Smithy shapes, for generated
//! deserializers.
//!
//! Every function treats JSON `null` as an absent value and returns `Ok(None)` for it, and
//! fails with a [`DeserializeError`] naming the expected type when the value has another
//! JSON type. (Whether an absent value is acceptable is for the caller to decide.)
//!
//! ```
//! use smithy_runtime::json::{self, de};
//!
//! let body = json::parse_body(br#"{"name": "proton", "size": 3, "gone": null, "x": 1.5}"#)?;
//! let mut name = None;
//! let mut size = None;
//! for (key, value) in de::object(&body)?.unwrap_or_default() {
//!     match &**key {
//!         "name" => name = de::string(value)?,
//!         "size" => size = de::i32(value)?,
//!         "gone" => assert_eq!(de::string(value)?, None),
//!         _ => {} // unknown members are ignored
//!     }
//! }
//! assert_eq!(name.as_deref(), Some("proton"));
//! assert_eq!(size, Some(3));
//!
//! let err = de::i32(&json::parse(b"1.5")?).unwrap_err();
//! assert_eq!(err.to_string(), "expected an integer between -2147483648 and 2147483647, found 1.5");
//! # Ok::<(), json::DeserializeError>(())
//! ```

use super::read::decimal_to_f64;
use super::{DeserializeError, Member, Value, MAX_DEPTH};
use crate::date_time::Format;
use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use aws_smithy_types::base64;
use std::collections::HashMap;

/// Describes a value for an error message: its JSON type, with the value itself for
/// numbers and booleans.
fn describe(value: &Value) -> String {
    match value {
        Value::Bool(value) => format!("boolean `{value}`"),
        Value::Number(Number::PosInt(v)) => v.to_string(),
        Value::Number(Number::NegInt(v)) => v.to_string(),
        Value::Number(Number::Float(v)) => format!("{v:?}"),
        Value::Decimal(text) => text.to_string(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::Null => "null".to_owned(),
    }
}

fn expected(what: &str, value: &Value) -> DeserializeError {
    DeserializeError::custom(format!("expected {what}, found {}", describe(value)))
}

/// Reads a string, copying it.
pub fn string(value: &Value) -> Result<Option<String>, DeserializeError> {
    str(value).map(|text| text.map(str::to_owned))
}

/// Reads a string without copying it, for example to convert it into an enum.
pub fn str<'v>(value: &'v Value<'_>) -> Result<Option<&'v str>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        other => Err(expected("a string", other)),
    }
}

/// Reads a boolean.
pub fn boolean(value: &Value) -> Result<Option<bool>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(value) => Ok(Some(*value)),
        other => Err(expected("a boolean", other)),
    }
}

/// Reads any number: an integer as parsed, any other number as the nearest `f64`.
pub fn number(value: &Value) -> Result<Option<Number>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(_) | Value::Decimal(_) => Ok(value.as_number()),
        other => Err(expected("a number", other)),
    }
}

/// Reads a `bigInteger`: a JSON integer of any size, digit for digit.
pub fn big_integer(value: &Value) -> Result<Option<BigInteger>, DeserializeError> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::Number(Number::PosInt(v)) => v.to_string(),
        Value::Number(Number::NegInt(v)) => v.to_string(),
        Value::Decimal(text) => text.to_string(),
        other => return Err(expected("an integer", other)),
    };
    text.parse()
        .map(Some)
        .map_err(|_| expected("an integer", value))
}

/// Reads a `bigDecimal`: a JSON number of any size and precision, digit for digit.
pub fn big_decimal(value: &Value) -> Result<Option<BigDecimal>, DeserializeError> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::Number(Number::PosInt(v)) => v.to_string(),
        Value::Number(Number::NegInt(v)) => v.to_string(),
        Value::Decimal(text) => text.to_string(),
        other => return Err(expected("a number", other)),
    };
    text.parse()
        .map(Some)
        .map_err(|_| expected("a number", value))
}

macro_rules! integer_readers {
    ($($name:ident: $ty:ty),*) => {$(
        #[doc = concat!("Reads an integer that fits into an `", stringify!($ty), "`.")]
        ///
        /// Numbers with a fraction or exponent are accepted when their value is a whole
        /// number in range (`2.0`, `1e2`); anything else is an error.
        pub fn $name(value: &Value) -> Result<Option<$ty>, DeserializeError> {
            let fail = || DeserializeError::custom(format!(
                "expected an integer between {} and {}, found {}",
                <$ty>::MIN,
                <$ty>::MAX,
                describe(value),
            ));
            match value {
                Value::Null => Ok(None),
                Value::Number(_) | Value::Decimal(_) => value
                    .as_number()
                    .and_then(|number| <$ty>::try_from(number).ok())
                    .map(Some)
                    .ok_or_else(fail),
                _ => Err(fail()),
            }
        }
    )*};
}
integer_readers!(i8: i8, i16: i16, i32: i32, i64: i64);

/// Reads a float given as a number or as one of the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`, returning the nearest `f64`.
fn float(value: &Value, what: &str) -> Result<Option<f64>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => Ok(Some(number.to_f64_lossy())),
        Value::Decimal(text) => Ok(Some(decimal_to_f64(text))),
        Value::String(text) => match text.as_str() {
            "NaN" => Ok(Some(f64::NAN)),
            "Infinity" => Ok(Some(f64::INFINITY)),
            "-Infinity" => Ok(Some(f64::NEG_INFINITY)),
            _ => Err(DeserializeError::custom(format!(
                "expected {what} (a number, `\"NaN\"`, `\"Infinity\"` or `\"-Infinity\"`), found the string {text:?}"
            ))),
        },
        other => Err(expected(what, other)),
    }
}

/// Reads a single-precision float: a number (rounded to the nearest `f32`) or one of the
/// strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
pub fn f32(value: &Value) -> Result<Option<f32>, DeserializeError> {
    match value {
        Value::Number(number) => Ok(Some(number.to_f32_lossy())),
        // Straight from the text: rounding to an `f64` first could round twice.
        Value::Decimal(text) => Ok(Some(text.parse().unwrap_or(f32::NAN))),
        other => Ok(float(other, "a float")?.map(|v| v as f32)),
    }
}

/// Reads a double: a number (rounded to the nearest `f64`) or one of the strings `"NaN"`,
/// `"Infinity"` and `"-Infinity"`.
pub fn f64(value: &Value) -> Result<Option<f64>, DeserializeError> {
    float(value, "a double")
}

/// Reads a blob encoded as padded standard base64.
pub fn blob(value: &Value) -> Result<Option<Blob>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => base64::decode(text)
            .map(|bytes| Some(Blob::new(bytes)))
            .map_err(|err| DeserializeError::custom(format!("expected a base64 blob: {err}"))),
        other => Err(expected("a base64-encoded string", other)),
    }
}

/// Reads a timestamp in `format`.
///
/// For [`Format::EpochSeconds`] the value must be a JSON number of seconds since the epoch,
/// with or without a fraction or an exponent; it is read from its decimal text, so
/// `1515531081.123` is exactly 123 milliseconds and `946845296.123456789` exact to the
/// nanosecond (further digits are dropped). For the other formats the value must be a
/// string in that format, parsed by [`DateTime::from_str`].
pub fn timestamp(value: &Value, format: Format) -> Result<Option<DateTime>, DeserializeError> {
    let invalid =
        |err: &dyn std::fmt::Display| DeserializeError::custom(format!("invalid timestamp: {err}"));
    match (format, value) {
        (_, Value::Null) => Ok(None),
        (Format::EpochSeconds, Value::Number(number)) => match *number {
            Number::PosInt(secs) => i64::try_from(secs)
                .map(|secs| Some(DateTime::from_secs(secs)))
                .map_err(|_| invalid(&EPOCH_SECONDS_OUT_OF_RANGE)),
            Number::NegInt(secs) => Ok(Some(DateTime::from_secs(secs))),
            Number::Float(secs) => Ok(Some(DateTime::from_secs_f64(secs))),
        },
        (Format::EpochSeconds, Value::Decimal(text)) => epoch_seconds_from_text(text)
            .map(Some)
            .map_err(|err| invalid(&err)),
        (Format::EpochSeconds, other) => Err(expected("a number of epoch seconds", other)),
        (_, Value::String(text)) => DateTime::from_str(text, lenient(format))
            .map(Some)
            .map_err(|err| invalid(&err)),
        (_, other) => Err(expected("a timestamp string", other)),
    }
}

/// The format a timestamp is read in: a `date-time` may carry a UTC offset, which Smithy
/// forbids senders to write but tells receivers to accept.
pub(crate) fn lenient(format: Format) -> Format {
    match format {
        Format::DateTime => Format::DateTimeWithOffset,
        other => other,
    }
}

const EPOCH_SECONDS_OUT_OF_RANGE: &str = "epoch seconds out of range";

/// Epoch seconds from the text of a JSON number (see [`epoch_text`](super::epoch_text)).
fn epoch_seconds_from_text(text: &str) -> Result<DateTime, &'static str> {
    super::epoch_text::parse(text)
        .map(|(secs, nanos)| DateTime::from_secs_and_nanos(secs, nanos))
        .ok_or(EPOCH_SECONDS_OUT_OF_RANGE)
}

/// Reads a `document` member; JSON `null` means the member is absent and yields `None`.
///
/// Use [`document_value`] where `null` is a document in its own right (such as an
/// element of a list of documents).
pub fn document(value: &Value) -> Result<Option<Document>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        other => document_value(other).map(Some),
    }
}

/// Converts any value to a [`Document`], `null` included (as [`Document::Null`]).
///
/// Objects with duplicate keys keep the last value. Fails only for values nested more than
/// [`MAX_DEPTH`] levels deep, which [`parse`](super::parse) never produces.
pub fn document_value(value: &Value) -> Result<Document, DeserializeError> {
    to_document(value, 0)
}

fn to_document(value: &Value, depth: usize) -> Result<Document, DeserializeError> {
    Ok(match value {
        Value::Null => Document::Null,
        Value::Bool(value) => Document::Bool(*value),
        Value::Number(_) | Value::Decimal(_) => {
            Document::Number(value.as_number().unwrap_or(Number::Float(f64::NAN)))
        }
        Value::String(text) => Document::String(text.clone()),
        Value::Array(items) => {
            let depth = enter(depth)?;
            let items = items
                .iter()
                .map(|item| to_document(item, depth))
                .collect::<Result<_, _>>()?;
            Document::Array(items)
        }
        Value::Object(members) => {
            let depth = enter(depth)?;
            let mut map = HashMap::with_capacity(members.len());
            for (key, value) in members {
                map.insert(key.to_string(), to_document(value, depth)?);
            }
            Document::Object(map)
        }
    })
}

fn enter(depth: usize) -> Result<usize, DeserializeError> {
    if depth >= MAX_DEPTH {
        Err(DeserializeError::custom(format!(
            "document is nested more than {MAX_DEPTH} levels deep"
        )))
    } else {
        Ok(depth + 1)
    }
}

/// Reads an object (a structure, union or map), returning its members in document order.
pub fn object<'v, 'a>(value: &'v Value<'a>) -> Result<Option<&'v [Member<'a>]>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(members) => Ok(Some(members)),
        other => Err(expected("an object", other)),
    }
}

/// Reads an array (a list).
pub fn array<'v, 'a>(value: &'v Value<'a>) -> Result<Option<&'v [Value<'a>]>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Array(items) => Ok(Some(items)),
        other => Err(expected("an array", other)),
    }
}

/// Reads a string, taking it out of the parsed document instead of copying it.
///
/// Generated deserializers own the document they read, so each string is allocated once,
/// by the parser.
pub fn into_string(value: Value) -> Result<Option<String>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        other => Err(expected("a string", &other)),
    }
}

/// Reads an object, taking its members out of the parsed document.
///
/// Keys borrow from the response body (see [`Value`]); compare them with `==` or `&*key`.
pub fn into_object(value: Value<'_>) -> Result<Option<Vec<Member<'_>>>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(members) => Ok(Some(members)),
        other => Err(expected("an object", &other)),
    }
}

/// Reads an array, taking its items out of the parsed document.
pub fn into_array(value: Value<'_>) -> Result<Option<Vec<Value<'_>>>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Array(items) => Ok(Some(items)),
        other => Err(expected("an array", &other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn v(text: &str) -> Value<'_> {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn message<T: std::fmt::Debug>(result: Result<T, DeserializeError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn null_is_absent_everywhere() {
        let null = Value::Null;
        assert_eq!(string(&null).unwrap(), None);
        assert_eq!(str(&null).unwrap(), None);
        assert_eq!(boolean(&null).unwrap(), None);
        assert_eq!(number(&null).unwrap(), None);
        assert_eq!(i8(&null).unwrap(), None);
        assert_eq!(i16(&null).unwrap(), None);
        assert_eq!(i32(&null).unwrap(), None);
        assert_eq!(i64(&null).unwrap(), None);
        assert_eq!(f32(&null).unwrap(), None);
        assert_eq!(f64(&null).unwrap(), None);
        assert_eq!(blob(&null).unwrap(), None);
        for format in [Format::EpochSeconds, Format::DateTime, Format::HttpDate] {
            assert_eq!(timestamp(&null, format).unwrap(), None);
        }
        assert_eq!(document(&null).unwrap(), None);
        assert_eq!(document_value(&null).unwrap(), Document::Null);
        assert_eq!(object(&null).unwrap(), None);
        assert_eq!(array(&null).unwrap(), None);
    }

    #[test]
    fn strings_and_booleans() {
        assert_eq!(string(&v(r#""a\nb""#)).unwrap().as_deref(), Some("a\nb"));
        assert_eq!(str(&v(r#""x""#)).unwrap(), Some("x"));
        assert_eq!(boolean(&v("true")).unwrap(), Some(true));
        assert_eq!(boolean(&v("false")).unwrap(), Some(false));
        assert_eq!(message(string(&v("1"))), "expected a string, found 1");
        assert_eq!(
            message(string(&v("[]"))),
            "expected a string, found an array"
        );
        assert_eq!(message(str(&v("{}"))), "expected a string, found an object");
        assert_eq!(
            message(boolean(&v(r#""true""#))),
            "expected a boolean, found a string"
        );
        assert_eq!(message(boolean(&v("0"))), "expected a boolean, found 0");
        assert_eq!(
            message(string(&v("true"))),
            "expected a string, found boolean `true`"
        );
    }

    #[test]
    fn integers() {
        assert_eq!(i8(&v("127")).unwrap(), Some(127));
        assert_eq!(i8(&v("-128")).unwrap(), Some(-128));
        assert_eq!(
            message(i8(&v("128"))),
            "expected an integer between -128 and 127, found 128"
        );
        assert_eq!(
            message(i8(&v("-129"))),
            "expected an integer between -128 and 127, found -129"
        );
        assert_eq!(i16(&v("-32768")).unwrap(), Some(-32768));
        assert!(i16(&v("32768")).is_err());
        assert_eq!(i32(&v("2147483647")).unwrap(), Some(i32::MAX));
        assert!(i32(&v("2147483648")).is_err());
        assert_eq!(i64(&v("9223372036854775807")).unwrap(), Some(i64::MAX));
        assert_eq!(i64(&v("-9223372036854775808")).unwrap(), Some(i64::MIN));
        assert!(i64(&v("9223372036854775808")).is_err());
        // (Integers beyond 64 bits become floats, so ones just below `i64::MIN` round to it.)
        assert!(i64(&v("-9223372036854780000")).is_err());
        // Whole floats are accepted, fractions are not.
        assert_eq!(i32(&v("2.0")).unwrap(), Some(2));
        assert_eq!(i32(&v("1e2")).unwrap(), Some(100));
        assert_eq!(i32(&v("-0")).unwrap(), Some(0));
        assert_eq!(
            message(i32(&v("1.5"))),
            "expected an integer between -2147483648 and 2147483647, found 1.5"
        );
        assert!(i64(&v("1e300")).is_err());
        assert_eq!(
            message(i16(&v(r#""1""#))),
            "expected an integer between -32768 and 32767, found a string"
        );
        assert!(i64(&v("true")).is_err());
        assert_eq!(number(&v("-3")).unwrap(), Some(Number::NegInt(-3)));
        assert_eq!(
            message(number(&v("[]"))),
            "expected a number, found an array"
        );
    }

    #[test]
    fn floats() {
        assert_eq!(f64(&v("1.5")).unwrap(), Some(1.5));
        assert_eq!(f64(&v("-2")).unwrap(), Some(-2.0));
        assert_eq!(
            f64(&v("18446744073709551615")).unwrap(),
            Some(1.8446744073709552e19)
        );
        assert_eq!(f64(&v(r#""Infinity""#)).unwrap(), Some(f64::INFINITY));
        assert_eq!(f64(&v(r#""-Infinity""#)).unwrap(), Some(f64::NEG_INFINITY));
        assert!(f64(&v(r#""NaN""#)).unwrap().unwrap().is_nan());
        assert_eq!(f32(&v("1.1")).unwrap(), Some(1.1f32));
        assert_eq!(f32(&v("3")).unwrap(), Some(3.0f32));
        assert_eq!(f32(&v(r#""Infinity""#)).unwrap(), Some(f32::INFINITY));
        assert_eq!(f32(&v(r#""-Infinity""#)).unwrap(), Some(f32::NEG_INFINITY));
        assert!(f32(&v(r#""NaN""#)).unwrap().unwrap().is_nan());
        assert_eq!(f32(&v("1e300")).unwrap(), Some(f32::INFINITY));
        assert_eq!(
            message(f64(&v(r#""nan""#))),
            "expected a double (a number, `\"NaN\"`, `\"Infinity\"` or `\"-Infinity\"`), found the string \"nan\""
        );
        assert!(f32(&v(r#""inf""#)).is_err());
        assert!(f32(&v(r#""1.5""#)).is_err());
        assert_eq!(
            message(f64(&v("false"))),
            "expected a double, found boolean `false`"
        );
        assert_eq!(message(f32(&v("{}"))), "expected a float, found an object");
    }

    #[test]
    fn blobs() {
        assert_eq!(blob(&v(r#""Zm9v""#)).unwrap(), Some(Blob::new("foo")));
        assert_eq!(blob(&v(r#""Zm8=""#)).unwrap(), Some(Blob::new("fo")));
        assert_eq!(blob(&v(r#""""#)).unwrap(), Some(Blob::new("")));
        assert_eq!(
            message(blob(&v(r#""Zm9v!""#))),
            "expected a base64 blob: failed to decode base64"
        );
        assert_eq!(
            message(blob(&v("1"))),
            "expected a base64-encoded string, found 1"
        );
    }

    #[test]
    fn epoch_second_timestamps() {
        let epoch = |text| timestamp(&v(text), Format::EpochSeconds);
        assert_eq!(
            epoch("1398796238").unwrap(),
            Some(DateTime::from_secs(1_398_796_238))
        );
        assert_eq!(epoch("-1").unwrap(), Some(DateTime::from_secs(-1)));
        assert_eq!(epoch("0").unwrap(), Some(DateTime::from_secs(0)));
        assert_eq!(
            epoch("1515531081.123").unwrap(),
            Some(DateTime::from_millis(1_515_531_081_123))
        );
        assert_eq!(
            epoch("1515531081.1234567").unwrap(),
            Some(DateTime::from_secs_and_nanos(1_515_531_081, 123_456_700))
        );
        assert_eq!(
            epoch("-0.5").unwrap(),
            Some(DateTime::from_secs_and_nanos(-1, 500_000_000))
        );
        assert_eq!(
            epoch("1.5e9").unwrap(),
            Some(DateTime::from_secs(1_500_000_000))
        );
        assert_eq!(epoch("1e-20").unwrap(), Some(DateTime::from_secs(0)));
        assert_eq!(epoch("-0").unwrap(), Some(DateTime::from_secs(0)));
        assert_eq!(
            epoch("0.000000001").unwrap(),
            Some(DateTime::from_secs_and_nanos(0, 1))
        );
        assert_eq!(
            epoch("1e18").unwrap(),
            Some(DateTime::from_secs(1_000_000_000_000_000_000))
        );
        assert_eq!(
            epoch("-9223372036854775808").unwrap(),
            Some(DateTime::from_secs(i64::MIN))
        );
        // Exact from the decimal text, in any notation (an `f64` has only 15 to 17 digits).
        assert_eq!(
            epoch("946845296.123").unwrap(),
            Some(DateTime::from_secs_and_nanos(946_845_296, 123_000_000))
        );
        for exact in [
            "946845296.123456789",
            "9.46845296123456789E8",
            "94684529612.3456789e-2",
        ] {
            assert_eq!(
                epoch(exact).unwrap(),
                Some(DateTime::from_secs_and_nanos(946_845_296, 123_456_789)),
                "{exact}"
            );
        }
        assert_eq!(
            epoch("1.515531081123E9").unwrap(),
            Some(DateTime::from_millis(1_515_531_081_123))
        );
        assert_eq!(
            epoch("1.0000000019").unwrap(),
            Some(DateTime::from_secs_and_nanos(1, 1)),
            "digits below a nanosecond are dropped"
        );
        assert_eq!(
            epoch("-9.223372036854775808e18").unwrap(),
            Some(DateTime::from_secs(i64::MIN))
        );
        assert_eq!(
            epoch("0e999999999999").unwrap(),
            Some(DateTime::from_secs(0))
        );
        assert!(epoch("9223372036854775808").is_err());
        assert!(epoch("1e19").is_err());
        assert!(epoch("-1e19").is_err());
        assert!(epoch("1e400").is_err());
        assert_eq!(
            message(epoch(r#""1398796238""#)),
            "expected a number of epoch seconds, found a string"
        );
    }

    #[test]
    fn string_timestamps() {
        let t = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            timestamp(&v(r#""2019-12-16T23:48:18Z""#), Format::DateTime).unwrap(),
            Some(t)
        );
        assert_eq!(
            timestamp(&v(r#""Mon, 16 Dec 2019 23:48:18 GMT""#), Format::HttpDate).unwrap(),
            Some(t)
        );
        assert!(message(timestamp(&v(r#""yesterday""#), Format::DateTime))
            .starts_with("invalid timestamp: invalid date-time"));
        assert_eq!(
            message(timestamp(&v("1576540098"), Format::HttpDate)),
            "expected a timestamp string, found 1576540098"
        );
    }

    #[test]
    fn documents() {
        let doc = document(&v(
            r#"{"a": [1, -1, 1.5, "s", true, null, {}], "a": {"b": null}}"#,
        ))
        .unwrap()
        .unwrap();
        let map = doc.as_object().unwrap();
        assert_eq!(map.len(), 1);
        assert_eq!(
            map["a"],
            Document::Object(HashMap::from([("b".to_owned(), Document::Null)]))
        );
        let doc = document(&v(r#"[1, -1, 1.5, "s", true, null, {}, []]"#))
            .unwrap()
            .unwrap();
        assert_eq!(
            doc,
            Document::Array(vec![
                Document::Number(Number::PosInt(1)),
                Document::Number(Number::NegInt(-1)),
                Document::Number(Number::Float(1.5)),
                Document::String("s".to_owned()),
                Document::Bool(true),
                Document::Null,
                Document::Object(HashMap::new()),
                Document::Array(vec![]),
            ])
        );
        assert_eq!(document(&v(r#""hi""#)).unwrap(), Some(Document::from("hi")));
        assert_eq!(document(&v("false")).unwrap(), Some(Document::Bool(false)));

        // The parser never produces such a value, but hand-built trees are bounded too.
        let mut deep = Value::Null;
        for _ in 0..=MAX_DEPTH {
            deep = Value::Array(vec![deep]);
        }
        assert!(message(document(&deep)).contains("nested more than 128 levels"));
        let Value::Array(mut items) = deep else {
            unreachable!()
        };
        let just_deep_enough = items.pop().unwrap();
        assert!(document(&just_deep_enough).is_ok());
    }

    #[test]
    fn containers() {
        let value = v(r#"{"a": [1, 2], "b": {}}"#);
        let members = object(&value).unwrap().unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].0, "a");
        assert_eq!(array(&members[0].1).unwrap().unwrap().len(), 2);
        assert_eq!(object(&members[1].1).unwrap().unwrap().len(), 0);
        assert_eq!(
            message(object(&members[0].1)),
            "expected an object, found an array"
        );
        assert_eq!(
            message(array(&members[1].1)),
            "expected an array, found an object"
        );
        assert_eq!(
            message(array(&v(r#""x""#))),
            "expected an array, found a string"
        );
    }
}
