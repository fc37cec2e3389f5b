//! Plain JSON values (the expected properties of endpoint tests, and the numbers of endpoint
//! properties) as `smithy_runtime::primitives::Document` expressions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::MAX_DEPTH;

/// A JSON number as the `Number` variant that holds it exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberLiteral {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl NumberLiteral {
    /// Fails on numbers no `Number` holds (outside `i64`/`u64` and not a finite `f64`).
    pub fn from_json(n: &serde_json::Number) -> Result<NumberLiteral, String> {
        if let Some(u) = n.as_u64() {
            Ok(NumberLiteral::PosInt(u))
        } else if let Some(i) = n.as_i64() {
            Ok(NumberLiteral::NegInt(i))
        } else {
            match n.as_f64() {
                Some(f) if f.is_finite() => Ok(NumberLiteral::Float(f)),
                _ => Err(format!("unsupported number `{n}`")),
            }
        }
    }

    /// `Document::Number(...)`.
    pub fn document_tokens(self) -> TokenStream {
        let number = quote!(::smithy_runtime::primitives::Number);
        let document = quote!(::smithy_runtime::primitives::Document);
        match self {
            NumberLiteral::PosInt(u) => {
                let u = Literal::u64_unsuffixed(u);
                quote!(#document::Number(#number::PosInt(#u)))
            }
            NumberLiteral::NegInt(i) => {
                let i = Literal::i64_unsuffixed(i);
                quote!(#document::Number(#number::NegInt(#i)))
            }
            NumberLiteral::Float(f) => {
                let f = Literal::f64_suffixed(f);
                quote!(#document::Number(#number::Float(#f)))
            }
        }
    }
}

/// A plain JSON value (no templates), checked to be expressible as a `Document`.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Null,
    Boolean(bool),
    Number(NumberLiteral),
    String(String),
    Array(Vec<Document>),
    Object(Vec<(String, Document)>),
}

impl Document {
    pub fn from_json(value: &Value) -> Result<Document, String> {
        Self::from_json_at(value, 0)
    }

    fn from_json_at(value: &Value, depth: usize) -> Result<Document, String> {
        if depth > MAX_DEPTH {
            return Err("expected property nested too deeply".into());
        }
        Ok(match value {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Boolean(*b),
            Value::Number(n) => Document::Number(NumberLiteral::from_json(n)?),
            Value::String(s) => Document::String(s.clone()),
            Value::Array(items) => Document::Array(
                items
                    .iter()
                    .map(|v| Self::from_json_at(v, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(entries) => Document::Object(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), Self::from_json_at(v, depth + 1)?)))
                    .collect::<Result<_, String>>()?,
            ),
        })
    }

    /// The `Document` expression.
    pub fn tokens(&self) -> TokenStream {
        let document = quote!(::smithy_runtime::primitives::Document);
        match self {
            Document::Null => quote!(#document::Null),
            Document::Boolean(b) => quote!(#document::Bool(#b)),
            Document::Number(n) => n.document_tokens(),
            Document::String(s) => quote!(#document::from(#s)),
            Document::Array(items) if items.is_empty() => {
                quote!(#document::Array(Vec::new()))
            }
            Document::Array(items) => {
                let items = items.iter().map(Document::tokens);
                quote!(#document::Array(Vec::from([#(#items),*])))
            }
            Document::Object(entries) if entries.is_empty() => {
                quote!(#document::Object(::std::collections::HashMap::new()))
            }
            Document::Object(entries) => {
                let entries = entries.iter().map(|(k, v)| {
                    let v = v.tokens();
                    quote!((#k.to_owned(), #v))
                });
                quote!(#document::Object(::std::collections::HashMap::from([#(#entries),*])))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Document, NumberLiteral};
    use serde_json::json;

    #[test]
    fn numbers_keep_the_variant_that_holds_them_exactly() {
        let parse = |text: &str| match serde_json::from_str(text).unwrap() {
            serde_json::Value::Number(n) => NumberLiteral::from_json(&n),
            other => panic!("not a number: {other}"),
        };
        assert_eq!(
            parse("18446744073709551615"),
            Ok(NumberLiteral::PosInt(u64::MAX))
        );
        assert_eq!(
            parse("-9223372036854775808"),
            Ok(NumberLiteral::NegInt(i64::MIN))
        );
        assert_eq!(parse("1.5"), Ok(NumberLiteral::Float(1.5)));
        assert!(parse("1e400")
            .unwrap_err()
            .starts_with("unsupported number"));
    }

    #[test]
    fn documents_are_checked_before_they_are_emitted() {
        let document = Document::from_json(&json!({"a": [1, -2, null, true, "s"], "b": {}}))
            .expect("plain JSON");
        let code = document.tokens().to_string().replace(' ', "");
        assert!(code.contains("PosInt(1)"), "{code}");
        assert!(code.contains("NegInt(-2)"), "{code}");
        assert!(code.contains("HashMap::new()"), "{code}");
        let mut deep = json!(1);
        for _ in 0..100 {
            deep = json!([deep]);
        }
        assert_eq!(
            Document::from_json(&deep),
            Err("expected property nested too deeply".into())
        );
    }
}
