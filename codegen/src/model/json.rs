//! Parses JSON into `serde_json::Value` while recording duplicate object keys, which
//! `serde_json` would otherwise resolve silently by keeping the last one. Numbers keep the
//! text they are written with (serde_json's `arbitrary_precision`).

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// With `arbitrary_precision`, serde_json hands a number that does not fit `u64` or `i64`
/// (a fraction, an exponent, a huge integer) to `visit_map` as a one-entry map under this key,
/// whose value is the number's text. The name is serde_json's, not public API; the test
/// `numbers_keep_their_text` fails if it ever changes.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A key that appeared more than once in the same object, with the keys leading to that object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub path: Vec<String>,
    pub key: String,
}

/// Parses `text`, returning the value and every duplicate key found.
pub fn parse(text: &str) -> Result<(Value, Vec<DuplicateKey>), serde_json::Error> {
    let duplicates = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = ValueSeed {
        path: Vec::new(),
        duplicates: &duplicates,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok((value, duplicates.into_inner()))
}

struct ValueSeed<'a> {
    path: Vec<String>,
    duplicates: &'a RefCell<Vec<DuplicateKey>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let mut path = self.path.clone();
            path.push(items.len().to_string());
            let seed = ValueSeed {
                path,
                duplicates: self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.is_empty() && key == NUMBER_TOKEN {
                let text: String = map.next_value()?;
                return text
                    .parse::<serde_json::Number>()
                    .map(Value::Number)
                    .map_err(A::Error::custom);
            }
            let mut path = self.path.clone();
            path.push(key.clone());
            let value = map.next_value_seed(ValueSeed {
                path,
                duplicates: self.duplicates,
            })?;
            if object.insert(key.clone(), value).is_some() {
                self.duplicates.borrow_mut().push(DuplicateKey {
                    path: self.path.clone(),
                    key,
                });
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_duplicate_keys_with_their_path() {
        let (value, duplicates) =
            parse(r#"{"shapes": {"a#B": {"x": 1}, "a#B": {"y": [ {"k": 1, "k": 2} ]}}}"#).unwrap();
        assert_eq!(value["shapes"]["a#B"]["y"][0]["k"], 2);
        assert_eq!(
            duplicates,
            vec![
                DuplicateKey {
                    path: vec!["shapes".into(), "a#B".into(), "y".into(), "0".into()],
                    key: "k".into()
                },
                DuplicateKey {
                    path: vec!["shapes".into()],
                    key: "a#B".into()
                },
            ]
        );
    }

    #[test]
    fn numbers_keep_their_text() {
        let (value, _) =
            parse(r#"{"a": [1.50, 123456789.12345679, 1e400, -0, 18446744073709551616, 7]}"#)
                .unwrap();
        let texts: Vec<String> = value["a"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_number().expect("a number").to_string())
            .collect();
        // serde_json spells out the exponent's sign.
        assert_eq!(
            texts,
            [
                "1.50",
                "123456789.12345679",
                "1e+400",
                "-0",
                "18446744073709551616",
                "7"
            ]
        );
        assert_eq!(
            value["a"][1].as_f64().map(f64::to_bits),
            Some(123456789.12345679f64.to_bits())
        );
    }

    #[test]
    fn keeps_serde_json_errors() {
        let error = parse("{\"a\": }").unwrap_err();
        assert_eq!((error.line(), error.column()), (1, 7));
        assert!(parse("[1] 2").is_err());
    }
}
