//! `pub struct Params` and `pub struct ParamsBuilder` of a generated endpoint module: one field
//! per rule-set parameter (documented with its built-in, default and deprecation), setters,
//! and a `build` that applies defaults and reports required parameters left unset.

use proc_macro2::TokenStream;
use quote::quote;

use super::rule_set::{DefaultValue, Param, ParamKind};
use crate::docs;

/// `#[doc]` attributes, one per line.
pub(super) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Inline code for a doc comment, or `None` when the text cannot be put in backticks.
fn code_span(text: &str) -> Option<String> {
    (!text.contains('`') && !text.contains('\n') && !text.is_empty()).then(|| format!("`{text}`"))
}

fn param_docs(param: &Param) -> TokenStream {
    let mut lines = param
        .documentation
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!(
            "The endpoint parameter {}.",
            code_span(&param.name).unwrap_or_default()
        ));
    }
    let mut notes = Vec::new();
    if let Some(built_in) = param.built_in.as_deref().and_then(code_span) {
        notes.push(format!("Bound to the built-in {built_in}."));
    }
    match &param.default {
        Some(DefaultValue::Boolean(b)) => notes.push(format!("Defaults to `{b}`.")),
        Some(DefaultValue::String(s)) => match code_span(s) {
            Some(span) => notes.push(format!("Defaults to {span}.")),
            None => notes.push("Has a default value.".into()),
        },
        Some(DefaultValue::StringArray(_)) => notes.push("Has a default value.".into()),
        None if param.required => notes.push("Required.".into()),
        None => {}
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    if let Some((message, since)) = &param.deprecated {
        lines.push(String::new());
        let since = since
            .as_deref()
            .and_then(code_span)
            .map(|s| format!(" (since {s})"))
            .unwrap_or_default();
        lines.push(format!("Deprecated{since}."));
        if let Some(message) = message {
            lines.extend(docs::doc_lines(message));
        }
    }
    doc_attrs(&lines)
}

pub fn render_params(params: &[Param]) -> TokenStream {
    let fields = params.iter().map(|param| {
        let docs = param_docs(param);
        let field = &param.field;
        let ty = param_rust_type(param.kind);
        let ty = if param.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let builder_fields = params.iter().map(|param| {
        let field = &param.field;
        let ty = param_rust_type(param.kind);
        quote!(#field: Option<#ty>,)
    });
    let setters = params.iter().map(|param| {
        let field = &param.field;
        let set = &param.set_method;
        let ty = param_rust_type(param.kind);
        let name = code_span(&param.name).unwrap_or_default();
        let doc_set = format!(" Sets the parameter {name}.");
        let doc_set_opt = format!(" Sets or clears the parameter {name}.");
        let (arg, value) = match param.kind {
            ParamKind::Boolean => (quote!(value: bool), quote!(value)),
            ParamKind::String => (quote!(value: impl Into<String>), quote!(value.into())),
            ParamKind::StringArray => (quote!(value: impl Into<Vec<String>>), quote!(value.into())),
        };
        quote! {
            #[doc = #doc_set]
            pub fn #field(mut self, #arg) -> Self {
                self.#field = Some(#value);
                self
            }
            #[doc = #doc_set_opt]
            pub fn #set(mut self, value: Option<#ty>) -> Self {
                self.#field = value;
                self
            }
        }
    });
    let build_fields = params.iter().map(|param| {
        let field = &param.field;
        let name = &param.name;
        let value = match (&param.default, param.required) {
            (Some(DefaultValue::Boolean(false)), _) => quote!(self.#field.unwrap_or_default()),
            (Some(DefaultValue::Boolean(true)), _) => quote!(self.#field.unwrap_or(true)),
            (Some(DefaultValue::String(s)), _) if s.is_empty() => {
                quote!(self.#field.unwrap_or_default())
            }
            (Some(DefaultValue::String(s)), _) => {
                quote!(self.#field.unwrap_or_else(|| #s.to_owned()))
            }
            (Some(DefaultValue::StringArray(items)), _) if items.is_empty() => {
                quote!(self.#field.unwrap_or_default())
            }
            (Some(DefaultValue::StringArray(items)), _) => {
                quote!(self.#field.unwrap_or_else(|| ::std::vec![#(#items.to_owned()),*]))
            }
            (None, true) => quote!(self.#field.ok_or_else(|| {
                ::smithy_runtime::endpoint::InvalidParams::missing(#name)
            })?),
            (None, false) => quote!(self.#field),
        };
        quote!(#field: #value,)
    });
    quote! {
        /// The parameters of endpoint resolution: the inputs of the service's endpoint rules.
        ///
        /// Build them with [`Params::builder`] and pass them to [`resolve_endpoint`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Params {
            #(#fields)*
        }

        impl Params {
            /// A builder with every parameter unset.
            pub fn builder() -> ParamsBuilder {
                ParamsBuilder::default()
            }
        }

        /// Builds [`Params`], applying the rule set's defaults.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct ParamsBuilder {
            #(#builder_fields)*
        }

        impl ParamsBuilder {
            #(#setters)*

            /// The parameters, with defaults applied to unset parameters that have one.
            ///
            /// # Errors
            ///
            /// Fails when a required parameter without a default is unset.
            pub fn build(
                self,
            ) -> Result<Params, ::smithy_runtime::endpoint::InvalidParams> {
                Ok(Params {
                    #(#build_fields)*
                })
            }
        }
    }
}

fn param_rust_type(kind: ParamKind) -> TokenStream {
    match kind {
        ParamKind::String => quote!(String),
        ParamKind::Boolean => quote!(bool),
        ParamKind::StringArray => quote!(Vec<String>),
    }
}

#[cfg(test)]
mod tests {
    use crate::endpoints::test_support::{assert_contains, resolver};
    use serde_json::json;

    #[test]
    fn params_and_builder() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "documentation": "The region."},
                "UseFIPS": {"type": "Boolean", "required": true, "default": false, "documentation": "FIPS."},
                "Bucket": {"type": "string", "required": true, "documentation": "A bucket."},
                "Prefixes": {"type": "stringArray", "required": true, "default": ["a", "b"], "documentation": "Prefixes."},
                "Type": {"type": "string", "documentation": "A keyword."}
            },
            "rules": [{"type": "error", "conditions": [], "error": "no"}]
        }));
        for expected in [
            "pub region: Option<String>",
            "pub use_fips: bool",
            "pub bucket: String",
            "pub prefixes: Vec<String>",
            "pub r#type: Option<String>",
            "pub fn region(mut self, value: impl Into<String>",
            "pub fn set_region(mut self, value: Option<String>)",
            "pub fn use_fips(mut self, value: bool) -> Self",
            "pub fn set_type(",
            "use_fips: self.use_fips.unwrap_or_default()",
            "::smithy_runtime::endpoint::InvalidParams::missing(\"Bucket\")",
            "::std::vec![\"a\".to_owned(), \"b\".to_owned()]",
            "let _ = params;",
        ] {
            assert_contains(&code, expected);
        }
    }
}
