//! Rust identifiers and code fragments kept as plain text, so that the checked, compiled rule
//! set can live in the IR (token streams are neither `Send` nor `Sync`, and the renderers run
//! on every core).

use std::str::FromStr;

use proc_macro2::{Ident, Span, TokenStream};

/// A Rust identifier that has been checked to be one (possibly raw, such as `r#type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RustIdent(String);

impl RustIdent {
    /// An identifier from text such as `region` or `r#type`; an error instead of a panic for
    /// anything that is not one.
    pub fn parse(text: &str) -> Result<RustIdent, String> {
        syn::parse_str::<Ident>(text)
            .map(|_| RustIdent(text.to_owned()))
            .map_err(|_| format!("`{text}` is not a valid Rust identifier"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier token. The text was checked by [`RustIdent::parse`], so this cannot fail.
    pub fn to_ident(&self) -> Ident {
        match self.0.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(&self.0, Span::call_site()),
        }
    }
}

impl quote::ToTokens for RustIdent {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.to_ident().to_tokens(tokens);
    }
}

/// A fragment of generated Rust (an expression), printed from the tokens the compiler built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustCode(String);

impl RustCode {
    pub fn new(tokens: TokenStream) -> RustCode {
        RustCode(tokens.to_string())
    }

    /// The fragment as tokens again. Text printed from a token stream always lexes back into
    /// the same tokens, so this cannot fail.
    pub fn tokens(&self) -> TokenStream {
        TokenStream::from_str(&self.0)
            .unwrap_or_else(|e| unreachable!("printed tokens lex back: {e}: {}", self.0))
    }
}

impl quote::ToTokens for RustCode {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.tokens());
    }
}

/// Whether `tokens` contain the identifier `name`, at any depth.
pub fn mentions_ident(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => mentions_ident(&group.stream(), name),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::{mentions_ident, RustCode, RustIdent};
    use quote::quote;

    #[test]
    fn identifiers_are_checked_once_and_rebuilt_without_failing() {
        for text in ["region", "r#type", "use_fips_2"] {
            let ident = RustIdent::parse(text).unwrap();
            assert_eq!(ident.to_ident().to_string(), text);
        }
        for text in ["", "a-b", "type", "1a", "r#self"] {
            let error = RustIdent::parse(text).unwrap_err();
            assert!(error.contains("is not a valid Rust identifier"), "{error}");
        }
    }

    #[test]
    fn code_fragments_come_back_as_the_same_tokens() {
        let tokens = quote!(::smithy_runtime::endpoint::get_index(parts.as_slice(), -1)
            .map(|x| r#type == "a\"b{}" && 1.5f64 > 0.0));
        let code = RustCode::new(tokens.clone());
        assert_eq!(code.tokens().to_string(), tokens.to_string());
        assert!(mentions_ident(&code.tokens(), "r#type"));
        assert!(mentions_ident(&code.tokens(), "get_index"));
        assert!(!mentions_ident(&code.tokens(), "PARTITIONS"));
    }
}
