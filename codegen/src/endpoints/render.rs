//! Emitting `resolve_endpoint` from the compiled statements: dead `let`s are left out, an
//! `if let` whose binding nothing reads becomes an `is_some()` test, directly nested plain
//! `if`s are joined with `&&`, and the last statement is the function's tail expression.

use proc_macro2::TokenStream;
use quote::quote;

use super::compile::CompiledRuleSet;
use super::liveness::Liveness;
use super::rule_set::ParamKind;
use super::statements::{Read, Statement};
use super::values::parenthesize;

/// `pub fn resolve_endpoint`: the compiled statements, without the bindings nothing reads,
/// after a prologue that binds each parameter the body reads.
pub fn render_resolve_fn(rule_set: &CompiledRuleSet) -> TokenStream {
    let mut renderer = Renderer {
        liveness: &rule_set.liveness,
        collapsible: false,
    };
    let body = renderer.block(&rule_set.body, true);
    let mut prologue = Vec::new();
    let mut last = None;
    for (index, param) in rule_set.params.iter().enumerate() {
        if !rule_set.liveness.is_read(Read::Param(index)) {
            continue;
        }
        let field = &param.field;
        let view = match (param.kind, param.required) {
            (ParamKind::Boolean, _) => quote!(params.#field),
            (ParamKind::String, true) => quote!(params.#field.as_str()),
            (ParamKind::StringArray, true) => quote!(params.#field.as_slice()),
            (ParamKind::String | ParamKind::StringArray, false) => {
                quote!(params.#field.as_deref())
            }
        };
        let stmt = quote!(let #field = #view;);
        // A parameter named `params` shadows the argument: bind it last.
        if field.as_str() == "params" {
            last = Some(stmt);
        } else {
            prologue.push(stmt);
        }
    }
    prologue.extend(last);
    if prologue.is_empty() {
        prologue.push(quote!(let _ = params;));
    }
    let allow = if renderer.collapsible {
        quote!(#[allow(clippy::collapsible_if)])
    } else {
        TokenStream::new()
    };
    quote! {
        /// Resolves the endpoint for `params` by evaluating the service's endpoint rules.
        ///
        /// # Errors
        ///
        /// Fails with the rule's message when an error rule matches, and with
        /// [`ResolveEndpointError::no_rule_matched`](smithy_runtime::endpoint::ResolveEndpointError::no_rule_matched)
        /// when no rule matches.
        #allow
        pub fn resolve_endpoint(
            params: &Params,
        ) -> Result<
            ::smithy_runtime::endpoint::Endpoint,
            ::smithy_runtime::endpoint::ResolveEndpointError,
        > {
            #(#prologue)*
            #body
        }
    }
}

/// Emits statements, joining directly nested plain `if`s with `&&`.
struct Renderer<'a> {
    liveness: &'a Liveness,
    /// Whether an `if` was left nested in another because one of them is an `if let`.
    collapsible: bool,
}

impl Renderer<'_> {
    fn effective<'s>(&self, stmts: &'s [Statement]) -> Vec<&'s Statement> {
        stmts
            .iter()
            .filter(|s| !self.liveness.is_dead_let(s))
            .collect()
    }

    /// An `if` without a binding (an `If`, or an `IfLet` whose binding nobody reads).
    fn plain_if<'s>(&self, stmt: &'s Statement) -> Option<(TokenStream, &'s [Statement])> {
        match stmt {
            Statement::If {
                condition, body, ..
            } => Some((condition.tokens(), body)),
            Statement::IfLet {
                binding,
                value,
                complex,
                body,
                ..
            } if !self.liveness.is_read(Read::Binding(*binding)) => {
                let value = parenthesize(value.tokens(), *complex);
                Some((quote!(#value.is_some()), body))
            }
            _ => None,
        }
    }

    fn block(&mut self, stmts: &[Statement], tail: bool) -> TokenStream {
        let stmts = self.effective(stmts);
        let count = stmts.len();
        let mut out = TokenStream::new();
        for (i, stmt) in stmts.into_iter().enumerate() {
            out.extend(self.stmt(stmt, tail && i + 1 == count));
        }
        out
    }

    fn stmt(&mut self, stmt: &Statement, tail: bool) -> TokenStream {
        if let Some((cond, body)) = self.plain_if(stmt) {
            // Join directly nested plain `if`s with `&&`.
            let mut conds = vec![cond];
            let mut body = body;
            loop {
                let inner = self.effective(body);
                match inner.as_slice() {
                    [only] => match self.plain_if(only) {
                        Some((cond, inner_body)) => {
                            conds.push(cond);
                            body = inner_body;
                        }
                        None => {
                            if matches!(only, Statement::IfLet { .. }) {
                                self.collapsible = true;
                            }
                            break;
                        }
                    },
                    _ => break,
                }
            }
            let body = self.block(body, false);
            return quote!(if #(#conds)&&* { #body });
        }
        match stmt {
            Statement::Let { name, value, .. } => quote!(let #name = #value;),
            Statement::IfLet {
                name, value, body, ..
            } => {
                let inner = self.effective(body);
                if let [only] = inner.as_slice() {
                    if matches!(only, Statement::If { .. } | Statement::IfLet { .. }) {
                        self.collapsible = true;
                    }
                }
                let body = self.block(body, false);
                quote!(if let Some(#name) = #value { #body })
            }
            Statement::Return { value, .. } => {
                if tail {
                    quote!(#value)
                } else {
                    quote!(return #value;)
                }
            }
            Statement::If { .. } => TokenStream::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::endpoints::test_support::{assert_contains, resolver, standard_params};
    use serde_json::json;

    #[test]
    fn conditions_become_if_chains() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": standard_params(),
            "rules": [
                {
                    "type": "tree",
                    "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                    "rules": [
                        {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}], "error": "FIPS and custom endpoint are not supported"},
                        {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}}
                    ]
                },
                {
                    "type": "tree",
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
                    ],
                    "rules": [
                        {
                            "type": "endpoint",
                            "conditions": [
                                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                                {"fn": "booleanEquals", "argv": [true, {"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "supportsFIPS"]}]}
                            ],
                            "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}"}
                        },
                        {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}], "error": "FIPS is not supported in {Region}"},
                        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://svc.{Region}.{PartitionResult#dnsSuffix}"}}
                    ]
                },
                {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
            ]
        }));
        for expected in [
            "let region = params.region.as_deref();",
            "let use_fips = params.use_fips;",
            "let endpoint = params.endpoint.as_deref();",
            "if let Some(endpoint) = endpoint {",
            "if use_fips {",
            "if let Some(region) = region {",
            "if let Some(partition_result) = ::smithy_runtime::endpoint::aws::partition(&PARTITIONS, region",
            "if use_fips && partition_result.supports_fips() {",
            "::std::format!(\"https://svc-fips.{region}.{}\", partition_result.dns_suffix())",
            "::smithy_runtime::endpoint::ResolveEndpointError::new(\n",
            "::std::format!(\"FIPS is not supported in {region}\")",
            "ResolveEndpointError::new(\"Invalid Configuration: Missing Region\")",
        ] {
            assert_contains(&code, expected);
        }
        assert!(!code.contains("== true"), "{code}");
        assert!(!code.contains("return Err(\n            ::smithy_runtime::endpoint::ResolveEndpointError::new(\"Invalid"), "the last rule is the tail expression:\n{code}");
        assert!(
            !code.contains("no_rule_matched()"),
            "every tree ends with an unconditional rule:\n{code}"
        );
    }

    #[test]
    fn unused_bindings_are_dropped() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": standard_params(),
            "rules": [
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "uriEncode", "argv": [{"ref": "Endpoint"}], "assign": "Unused"},
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]}
                ], "error": "custom endpoint"},
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}
                ], "error": "has a partition"}
            ]
        }));
        assert_contains(&code, "if endpoint.is_some() {");
        assert!(!code.contains("uri_encode"), "{code}");
        assert_contains(&code, "if let Some(region) = region {");
        assert_contains(
            &code,
            "::smithy_runtime::endpoint::aws::partition(&PARTITIONS, region).is_some()",
        );
        assert!(!code.contains("let use_fips"), "{code}");
        assert!(code.contains("no_rule_matched()"), "{code}");
    }

    #[test]
    fn string_comparisons_and_negations_are_minimal() {
        let code = resolver(&json!({
            "version": "1.0",
            "parameters": standard_params(),
            "rules": [
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "stringEquals", "argv": ["", {"ref": "Region"}]}
                ], "error": "empty"},
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "aws-global"]}]},
                    {"fn": "not", "argv": [{"fn": "not", "argv": [{"fn": "booleanEquals", "argv": [false, {"ref": "UseFIPS"}]}]}]}
                ], "error": "regional"},
                {"type": "error", "conditions": [
                    {"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}]},
                    {"fn": "stringEquals", "argv": ["a", "a"]},
                    {"fn": "booleanEquals", "argv": [true, true]}
                ], "error": "no endpoint"},
                {"type": "error", "conditions": [
                    {"fn": "stringEquals", "argv": ["a", "b"]}
                ], "error": "never"}
            ]
        }));
        assert_contains(&code, "if region.is_empty() {");
        assert_contains(&code, "if region != \"aws-global\" && !use_fips {");
        assert_contains(&code, "if endpoint.is_none() {");
        assert!(
            !code.contains("never"),
            "a condition that cannot hold drops its rule:\n{code}"
        );
        assert!(
            !code.contains("\"a\" =="),
            "literals are compared at generation time:\n{code}"
        );
    }
}
