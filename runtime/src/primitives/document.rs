use super::Number;
use std::borrow::Cow;
use std::collections::HashMap;

/// Schemaless, JSON-like data carried by `document` members.
///
/// How a document is written on the wire is up to the protocol; this type only describes
/// its structure.
///
/// ```
/// use smithy_runtime::primitives::{Document, Number};
/// use std::collections::HashMap;
///
/// let doc = Document::from(HashMap::from([
///     ("name".to_string(), Document::from("proton")),
///     ("size".to_string(), Document::from(3u64)),
///     ("tags".to_string(), Document::from(vec![Document::from(true), Document::Null])),
/// ]));
/// let fields = doc.as_object().unwrap();
/// assert_eq!(fields["name"].as_string(), Some("proton"));
/// assert_eq!(fields["size"].as_number(), Some(&Number::PosInt(3)));
/// assert!(fields["tags"].as_array().unwrap()[1].is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Document {
    /// A map from string keys to documents.
    Object(HashMap<String, Document>),
    /// An ordered list of documents.
    Array(Vec<Document>),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// The absence of a value; also the default.
    #[default]
    Null,
}

impl Document {
    /// Returns the map if this is an [`Object`](Document::Object).
    pub fn as_object(&self) -> Option<&HashMap<String, Document>> {
        match self {
            Document::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Returns the map mutably if this is an [`Object`](Document::Object).
    pub fn as_object_mut(&mut self) -> Option<&mut HashMap<String, Document>> {
        match self {
            Document::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Returns the list if this is an [`Array`](Document::Array).
    pub fn as_array(&self) -> Option<&Vec<Document>> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Returns the list mutably if this is an [`Array`](Document::Array).
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Document>> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Returns the number if this is a [`Number`](Document::Number).
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Document::Number(number) => Some(number),
            _ => None,
        }
    }

    /// Returns the string if this is a [`String`](Document::String).
    pub fn as_string(&self) -> Option<&str> {
        match self {
            Document::String(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the boolean if this is a [`Bool`](Document::Bool).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// Returns `Some(())` if this is [`Null`](Document::Null).
    pub fn as_null(&self) -> Option<()> {
        self.is_null().then_some(())
    }

    /// Returns whether this is an [`Object`](Document::Object).
    pub fn is_object(&self) -> bool {
        matches!(self, Document::Object(_))
    }

    /// Returns whether this is an [`Array`](Document::Array).
    pub fn is_array(&self) -> bool {
        matches!(self, Document::Array(_))
    }

    /// Returns whether this is a [`Number`](Document::Number).
    pub fn is_number(&self) -> bool {
        matches!(self, Document::Number(_))
    }

    /// Returns whether this is a [`String`](Document::String).
    pub fn is_string(&self) -> bool {
        matches!(self, Document::String(_))
    }

    /// Returns whether this is a [`Bool`](Document::Bool).
    pub fn is_bool(&self) -> bool {
        matches!(self, Document::Bool(_))
    }

    /// Returns whether this is [`Null`](Document::Null).
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<Cow<'_, str>> for Document {
    fn from(value: Cow<'_, str>) -> Self {
        Document::String(value.into_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Document::String(value)
    }
}

impl From<Vec<Document>> for Document {
    fn from(value: Vec<Document>) -> Self {
        Document::Array(value)
    }
}

impl From<HashMap<String, Document>> for Document {
    fn from(value: HashMap<String, Document>) -> Self {
        Document::Object(value)
    }
}

impl From<Number> for Document {
    fn from(value: Number) -> Self {
        Document::Number(value)
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Self {
        Document::Number(value.into())
    }
}

/// Non-negative values become [`Number::PosInt`], negative ones [`Number::NegInt`].
impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Document::Number(value.into())
    }
}

/// Non-negative values become [`Number::PosInt`], negative ones [`Number::NegInt`].
impl From<i32> for Document {
    fn from(value: i32) -> Self {
        Document::Number(value.into())
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Document::Number(value.into())
    }
}

/// `None` becomes [`Document::Null`].
impl<T> From<Option<T>> for Document
where
    Document: From<T>,
{
    fn from(value: Option<T>) -> Self {
        value.map_or(Document::Null, Document::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_match_variants() {
        let mut object = Document::Object(HashMap::new());
        let mut array = Document::Array(vec![]);
        let number = Document::Number(Number::Float(1.5));
        let string = Document::String("s".into());
        let boolean = Document::Bool(true);
        let null = Document::Null;

        assert!(object.is_object() && object.as_object().is_some());
        assert!(object.as_object_mut().is_some());
        assert!(array.is_array() && array.as_array().is_some());
        assert!(array.as_array_mut().is_some());
        assert!(number.is_number());
        assert_eq!(number.as_number(), Some(&Number::Float(1.5)));
        assert!(string.is_string());
        assert_eq!(string.as_string(), Some("s"));
        assert!(boolean.is_bool());
        assert_eq!(boolean.as_bool(), Some(true));
        assert!(null.is_null());
        assert_eq!(null.as_null(), Some(()));

        for doc in [&object, &array, &number, &string, &boolean] {
            assert!(!doc.is_null());
            assert_eq!(doc.as_null(), None);
        }
        assert_eq!(null.as_object(), None);
        assert_eq!(null.as_array(), None);
        assert_eq!(null.as_number(), None);
        assert_eq!(null.as_string(), None);
        assert_eq!(null.as_bool(), None);
        assert!(!null.is_object() && !null.is_array() && !null.is_number());
        assert!(!null.is_string() && !null.is_bool());
    }

    #[test]
    fn mutation_through_accessors() {
        let mut doc = Document::Array(vec![]);
        doc.as_array_mut().unwrap().push(Document::from(1u64));
        assert_eq!(
            doc,
            Document::Array(vec![Document::Number(Number::PosInt(1))])
        );

        let mut doc = Document::Object(HashMap::new());
        doc.as_object_mut()
            .unwrap()
            .insert("k".into(), Document::from("v"));
        assert_eq!(doc.as_object().unwrap()["k"], Document::String("v".into()));
    }

    #[test]
    fn conversions() {
        assert_eq!(Document::from(true), Document::Bool(true));
        assert_eq!(Document::from("a"), Document::String("a".into()));
        assert_eq!(
            Document::from(Cow::Borrowed("a")),
            Document::String("a".into())
        );
        assert_eq!(
            Document::from("a".to_string()),
            Document::String("a".into())
        );
        assert_eq!(Document::from(3u64), Document::Number(Number::PosInt(3)));
        assert_eq!(Document::from(3i64), Document::Number(Number::PosInt(3)));
        assert_eq!(Document::from(-3i64), Document::Number(Number::NegInt(-3)));
        assert_eq!(Document::from(-3i32), Document::Number(Number::NegInt(-3)));
        assert_eq!(Document::from(3), Document::Number(Number::PosInt(3)));
        assert_eq!(Document::from(0.5), Document::Number(Number::Float(0.5)));
        assert_eq!(
            Document::from(Number::Float(2.0)),
            Document::Number(Number::Float(2.0))
        );
        assert_eq!(Document::from(None::<bool>), Document::Null);
        assert_eq!(Document::from(Some("x")), Document::String("x".into()));
        assert_eq!(
            Document::from(vec![Document::Null]),
            Document::Array(vec![Document::Null])
        );
        assert_eq!(Document::default(), Document::Null);
    }

    #[test]
    fn nested_equality_and_clone() {
        let doc = Document::from(HashMap::from([(
            "list".to_string(),
            Document::from(vec![Document::from(1u64), Document::from("two")]),
        )]));
        let copy = doc.clone();
        assert_eq!(doc, copy);
        assert_ne!(doc, Document::Object(HashMap::new()));
        assert!(format!("{doc:?}").contains("two"));
    }
}
