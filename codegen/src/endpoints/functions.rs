//! The functions of the rules-engine standard library the generator supports: each call is
//! type-checked and becomes a call into `smithy_runtime::endpoint`, an accessor, or plain Rust
//! (`coalesce`, `ite`, comparisons), folded when its arguments are literals.

use proc_macro2::{Ident, Literal};
use quote::{format_ident, quote};

use super::compile::{expect_type, Compiler, Scope};
use super::partition_table::PARTITION_TABLE;
use super::rule_set::{Call, Expr};
use super::rust_code::RustIdent;
use super::values::{BoolExpr, CompiledExpr, ExprCode, ValueType};

impl Compiler<'_> {
    /// Compiles a function call. `target` names the binding of an `assign`; the flag says
    /// whether the call's value was bound to it directly (owned results).
    pub(super) fn call(
        &mut self,
        call: &Call,
        scope: &Scope,
        target: Option<&RustIdent>,
    ) -> Result<(CompiledExpr, bool), String> {
        let name = call.name.as_str();
        let args = &call.args;
        let arity = |n: usize| -> Result<(), String> {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "`{name}` takes {n} argument(s) but has {}",
                    args.len()
                ))
            }
        };
        let mut hoisted = false;
        let val = match name {
            "isSet" => {
                arity(1)?;
                let value = self.expr(&args[0], scope)?;
                if value.ty.is_optional() {
                    CompiledExpr::boolean(BoolExpr::Present {
                        operand: value.operand(),
                        negated: false,
                    })
                    .with_deps([&value])
                } else {
                    CompiledExpr::boolean(BoolExpr::Literal(true))
                }
            }
            "not" => {
                arity(1)?;
                let value = self.expr(&args[0], scope)?;
                expect_type(&value, &ValueType::Boolean, name, "the argument")?;
                CompiledExpr::boolean(value.bool_code().negate()).with_deps([&value])
            }
            "booleanEquals" => {
                arity(2)?;
                let a = self.expr(&args[0], scope)?;
                let b = self.expr(&args[1], scope)?;
                expect_type(&a, &ValueType::Boolean, name, "the first argument")?;
                expect_type(&b, &ValueType::Boolean, name, "the second argument")?;
                match (a.bool_code(), b.bool_code()) {
                    (BoolExpr::Literal(x), BoolExpr::Literal(y)) => {
                        CompiledExpr::boolean(BoolExpr::Literal(x == y))
                    }
                    (BoolExpr::Literal(true), _) => b,
                    (_, BoolExpr::Literal(true)) => a,
                    (BoolExpr::Literal(false), other) => {
                        CompiledExpr::boolean(other.negate()).with_deps([&b])
                    }
                    (other, BoolExpr::Literal(false)) => {
                        CompiledExpr::boolean(other.negate()).with_deps([&a])
                    }
                    (x, y) => CompiledExpr::boolean(BoolExpr::Eq(x.operand(), y.operand()))
                        .with_deps([&a, &b]),
                }
            }
            "stringEquals" => {
                arity(2)?;
                let a = self.expr(&args[0], scope)?;
                let b = self.expr(&args[1], scope)?;
                expect_type(&a, &ValueType::String, name, "the first argument")?;
                expect_type(&b, &ValueType::String, name, "the second argument")?;
                match (&a.code, &b.code) {
                    (ExprCode::StringLiteral(x), ExprCode::StringLiteral(y)) => {
                        CompiledExpr::boolean(BoolExpr::Literal(x == y))
                    }
                    (ExprCode::StringLiteral(empty), _) | (_, ExprCode::StringLiteral(empty))
                        if empty.is_empty() =>
                    {
                        let value = if matches!(a.code, ExprCode::StringLiteral(_)) {
                            &b
                        } else {
                            &a
                        };
                        let operand = value.operand();
                        CompiledExpr::boolean(BoolExpr::atom(quote!(#operand.is_empty())))
                            .with_deps([value])
                    }
                    _ => CompiledExpr::boolean(BoolExpr::Eq(a.operand(), b.operand()))
                        .with_deps([&a, &b]),
                }
            }
            "getAttr" => {
                arity(2)?;
                let target_val = self.expr(&args[0], scope)?;
                let path = match &args[1] {
                    Expr::String(template) => template.literal(),
                    _ => None,
                };
                let Some(path) = path else {
                    return Err("the path of `getAttr` must be a literal string".into());
                };
                get_attr(target_val, &path)?
            }
            "parseURL" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                CompiledExpr::expr(
                    ValueType::optional(ValueType::Url),
                    quote!(::smithy_runtime::endpoint::parse_url(#ts)),
                )
                .with_deps([&value])
            }
            "substring" => {
                arity(4)?;
                let input = self.str_arg(&args[0], scope, name, "the input")?;
                let start = self.index_arg(&args[1], scope, name, "the start index")?;
                let stop = self.index_arg(&args[2], scope, name, "the end index")?;
                let reverse = self.expr(&args[3], scope)?;
                expect_type(&reverse, &ValueType::Boolean, name, "the fourth argument")?;
                let (input_ts, reverse_ts) = (input.top(), reverse.top());
                CompiledExpr::expr(
                    ValueType::optional(ValueType::String),
                    quote!(::smithy_runtime::endpoint::substring(#input_ts, #start, #stop, #reverse_ts)),
                )
                .with_deps([&input, &reverse])
            }
            "uriEncode" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                let (val, bound) = self.owned(
                    ValueType::String,
                    "encoded",
                    quote!(::smithy_runtime::endpoint::uri_encode(#ts)),
                    quote!(as_str),
                    &value,
                    target,
                )?;
                hoisted = bound;
                val
            }
            "isValidHostLabel" => {
                arity(2)?;
                let value = self.str_arg(&args[0], scope, name, "the first argument")?;
                let subdomains = self.expr(&args[1], scope)?;
                expect_type(
                    &subdomains,
                    &ValueType::Boolean,
                    name,
                    "the second argument",
                )?;
                let (value_ts, subdomains_ts) = (value.top(), subdomains.top());
                CompiledExpr::boolean(BoolExpr::atom(quote!(
                    ::smithy_runtime::endpoint::is_valid_host_label(#value_ts, #subdomains_ts)
                )))
                .with_deps([&value, &subdomains])
            }
            "aws.partition" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                CompiledExpr::expr(ValueType::optional(ValueType::Partition), {
                    let table = format_ident!("{PARTITION_TABLE}");
                    quote!(::smithy_runtime::endpoint::aws::partition(&#table, #ts))
                })
                .with_deps([&value])
            }
            "aws.parseArn" => {
                arity(1)?;
                let value = self.str_arg(&args[0], scope, name, "the argument")?;
                let ts = value.top();
                CompiledExpr::expr(
                    ValueType::optional(ValueType::Arn),
                    quote!(::smithy_runtime::endpoint::aws::parse_arn(#ts)),
                )
                .with_deps([&value])
            }
            "split" => {
                arity(3)?;
                let value = self.str_arg(&args[0], scope, name, "the input")?;
                let delimiter = self.str_arg(&args[1], scope, name, "the delimiter")?;
                let limit = self.index_arg(&args[2], scope, name, "the limit")?;
                let (value_ts, delimiter_ts) = (value.top(), delimiter.top());
                let deps = value.clone().with_deps([&delimiter]);
                let (val, bound) = self.owned(
                    ValueType::StringArray,
                    "parts",
                    quote!(::smithy_runtime::endpoint::split(#value_ts, #delimiter_ts, #limit)),
                    quote!(as_slice),
                    &deps,
                    target,
                )?;
                hoisted = bound;
                val
            }
            "coalesce" => {
                if args.len() < 2 {
                    return Err("`coalesce` takes at least 2 arguments".into());
                }
                let values = args
                    .iter()
                    .map(|a| self.expr(a, scope))
                    .collect::<Result<Vec<_>, _>>()?;
                coalesce(values)?
            }
            "ite" => {
                arity(3)?;
                let condition = self.expr(&args[0], scope)?;
                expect_type(&condition, &ValueType::Boolean, name, "the condition")?;
                let a = self.expr(&args[1], scope)?;
                let b = self.expr(&args[2], scope)?;
                ite(condition, a, b)?
            }
            other => return Err(format!("unsupported function `{other}`")),
        };
        Ok((val, hoisted))
    }
}

/// `getAttr(target, path)`.
fn get_attr(target: CompiledExpr, path: &str) -> Result<CompiledExpr, String> {
    if path.is_empty() {
        return Err("`getAttr`: the path is empty".into());
    }
    let mut steps = Vec::new();
    for component in path.split('.') {
        match component.split_once('[') {
            Some((key, index)) => {
                let Some(index) = index.strip_suffix(']') else {
                    return Err(format!("`getAttr`: malformed path `{path}`"));
                };
                let Ok(index) = index.parse::<i64>() else {
                    return Err(format!("`getAttr`: malformed index in `{path}`"));
                };
                if !key.is_empty() {
                    steps.push(PathStep::Key(key));
                }
                steps.push(PathStep::Index(index));
            }
            None if component.is_empty() => {
                return Err(format!("`getAttr`: malformed path `{path}`"))
            }
            None => steps.push(PathStep::Key(component)),
        }
    }
    let mut val = target;
    for step in steps {
        val = match (&val.ty, step) {
            (ValueType::Optional(_), _) => {
                return Err(format!(
                    "`getAttr` `{path}`: cannot look into a value of type {} (prove it is set \
                     with `isSet` or bind it with `assign` first; an index must end the path)",
                    val.ty
                ))
            }
            (ValueType::StringArray, PathStep::Index(index)) => {
                let operand = val.top();
                let index = Literal::i64_unsuffixed(index);
                CompiledExpr::expr(
                    ValueType::optional(ValueType::String),
                    quote!(::smithy_runtime::endpoint::get_index(#operand, #index)),
                )
                .with_deps([&val])
            }
            (ty, PathStep::Key(key)) => {
                let Some((method, field_ty)) = attribute(ty, key) else {
                    return Err(format!("`getAttr`: {ty} has no attribute `{key}`"));
                };
                let operand = val.operand();
                let method = Ident::new(method, proc_macro2::Span::call_site());
                let ts = quote!(#operand.#method());
                if field_ty == ValueType::Boolean {
                    CompiledExpr::boolean(BoolExpr::atom(ts)).with_deps([&val])
                } else {
                    CompiledExpr::expr(field_ty, ts).with_deps([&val])
                }
            }
            (ty, PathStep::Index(_)) => {
                return Err(format!("`getAttr`: cannot index into {ty}"));
            }
        };
    }
    Ok(val)
}

#[derive(Debug, Clone, Copy)]
enum PathStep<'p> {
    Key(&'p str),
    Index(i64),
}

/// The accessor method and type of an attribute of a record type.
fn attribute(ty: &ValueType, key: &str) -> Option<(&'static str, ValueType)> {
    Some(match (ty, key) {
        (ValueType::Partition, "name") => ("name", ValueType::String),
        (ValueType::Partition, "dnsSuffix") => ("dns_suffix", ValueType::String),
        (ValueType::Partition, "dualStackDnsSuffix") => {
            ("dual_stack_dns_suffix", ValueType::String)
        }
        (ValueType::Partition, "supportsFIPS") => ("supports_fips", ValueType::Boolean),
        (ValueType::Partition, "supportsDualStack") => ("supports_dual_stack", ValueType::Boolean),
        (ValueType::Partition, "implicitGlobalRegion") => {
            ("implicit_global_region", ValueType::String)
        }
        (ValueType::Url, "scheme") => ("scheme", ValueType::String),
        (ValueType::Url, "authority") => ("authority", ValueType::String),
        (ValueType::Url, "path") => ("path", ValueType::String),
        (ValueType::Url, "normalizedPath") => ("normalized_path", ValueType::String),
        (ValueType::Url, "isIp") => ("is_ip", ValueType::Boolean),
        (ValueType::Arn, "partition") => ("partition", ValueType::String),
        (ValueType::Arn, "service") => ("service", ValueType::String),
        (ValueType::Arn, "region") => ("region", ValueType::String),
        (ValueType::Arn, "accountId") => ("account_id", ValueType::String),
        (ValueType::Arn, "resourceId") => ("resource_id", ValueType::StringArray),
        _ => return None,
    })
}

/// Types that `coalesce` and `ite` can choose between.
fn check_choice_type(ty: &ValueType, function: &str) -> Result<(), String> {
    match ty.inner() {
        ValueType::String | ValueType::Boolean | ValueType::StringArray => Ok(()),
        other => Err(format!("`{function}` of {other} values is not supported")),
    }
}

/// `coalesce(a, b, ...)`: the first present value.
fn coalesce(values: Vec<CompiledExpr>) -> Result<CompiledExpr, String> {
    let Some(first) = values.first() else {
        return Err("`coalesce` takes at least 2 arguments".into());
    };
    let inner = first.ty.inner().clone();
    for value in &values {
        check_choice_type(&value.ty, "coalesce")?;
        if value.ty.inner() != &inner {
            return Err(format!(
                "`coalesce`: arguments of types {} and {} differ",
                first.ty, value.ty
            ));
        }
    }
    let mut values = values.into_iter();
    let Some(mut result) = values.next() else {
        return Err("`coalesce` takes at least 2 arguments".into());
    };
    for value in values {
        if !result.ty.is_optional() {
            break;
        }
        let operand = result.operand();
        let arg = value.top();
        let (ts, ty) = if value.ty.is_optional() {
            (quote!(#operand.or(#arg)), result.ty.clone())
        } else {
            (quote!(#operand.unwrap_or(#arg)), inner.clone())
        };
        let next = if ty == ValueType::Boolean {
            CompiledExpr::boolean(BoolExpr::atom(ts))
        } else {
            CompiledExpr::expr(ty, ts)
        };
        result = next.with_deps([&result, &value]);
    }
    Ok(result)
}

/// `ite(condition, a, b)`.
fn ite(condition: CompiledExpr, a: CompiledExpr, b: CompiledExpr) -> Result<CompiledExpr, String> {
    check_choice_type(&a.ty, "ite")?;
    check_choice_type(&b.ty, "ite")?;
    if a.ty.inner() != b.ty.inner() {
        return Err(format!(
            "`ite`: the branches have different types {} and {}",
            a.ty, b.ty
        ));
    }
    match condition.bool_code() {
        BoolExpr::Literal(true) => return Ok(lift(a, b.ty.is_optional())),
        BoolExpr::Literal(false) => return Ok(lift(b, a.ty.is_optional())),
        _ => {}
    }
    let optional = a.ty.is_optional() || b.ty.is_optional();
    if !optional && a.ty == ValueType::Boolean {
        if let (BoolExpr::Literal(x), BoolExpr::Literal(y)) = (a.bool_code(), b.bool_code()) {
            let c = condition.bool_code();
            let b = match (x, y) {
                (true, false) => c,
                (false, true) => c.negate(),
                (same, _) => BoolExpr::Literal(same),
            };
            return Ok(CompiledExpr::boolean(b).with_deps([&condition]));
        }
    }
    let c = condition.bool_code().top();
    let branch = |v: &CompiledExpr| {
        let ts = v.top();
        if optional && !v.ty.is_optional() {
            quote!(Some(#ts))
        } else {
            ts
        }
    };
    let (x, y) = (branch(&a), branch(&b));
    let ts = quote!(if #c { #x } else { #y });
    let inner = a.ty.inner().clone();
    let val = if optional {
        CompiledExpr::new(
            ValueType::optional(inner),
            ExprCode::Tokens {
                ts,
                simple: None,
                complex: true,
            },
        )
    } else if inner == ValueType::Boolean {
        CompiledExpr::boolean(BoolExpr::Atom { ts, complex: true })
    } else {
        CompiledExpr::new(
            inner,
            ExprCode::Tokens {
                ts,
                simple: None,
                complex: true,
            },
        )
    };
    Ok(val.with_deps([&condition, &a, &b]))
}

/// `value`, as an optional when `optional` (for `ite` with a constant condition).
fn lift(value: CompiledExpr, optional: bool) -> CompiledExpr {
    if !optional || value.ty.is_optional() {
        return value;
    }
    let ts = value.top();
    let ty = ValueType::optional(value.ty.clone());
    CompiledExpr::expr(ty, quote!(Some(#ts))).with_deps([&value])
}

#[cfg(test)]
mod tests {
    use crate::endpoints::test_support::{assert_contains, resolver};
    use serde_json::json;

    #[test]
    fn standard_library_calls() {
        let code = resolver(&json!({
            "version": "1.1",
            "parameters": {
                "Endpoint": {"type": "string", "documentation": "e"},
                "Bucket": {"type": "string", "required": true, "documentation": "b"},
                "Arn": {"type": "string", "documentation": "a"},
                "Flag": {"type": "boolean", "documentation": "f"}
            },
            "rules": [
                {"type": "endpoint", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": ["{Endpoint}"], "assign": "url"},
                    {"fn": "not", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}]},
                    {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 4, true], "assign": "tail"},
                    {"fn": "uriEncode", "argv": [{"ref": "Bucket"}], "assign": "encoded"},
                    {"fn": "isValidHostLabel", "argv": [{"ref": "tail"}, false]},
                    {"fn": "split", "argv": [{"ref": "Bucket"}, "--", 0], "assign": "parts"},
                    {"fn": "getAttr", "argv": [{"ref": "parts"}, "[-1]"], "assign": "last"}
                ], "endpoint": {
                    "url": "{url#scheme}://{encoded}.{url#authority}{url#normalizedPath}{last}",
                    "headers": {"x-tail": ["{tail}", "literal", {"ref": "last"}]},
                    "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{tail}", "disableDoubleEncoding": true, "n": 1, "m": -2, "z": null}], "empty": {}}
                }},
                {"type": "error", "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Arn"}]},
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "parsed"},
                    {"fn": "getAttr", "argv": [{"ref": "parsed"}, "resourceId[1]"], "assign": "second"}
                ], "error": "{parsed#service}/{second}"},
                {"type": "error", "conditions": [
                    {"fn": "ite", "argv": [{"fn": "coalesce", "argv": [{"ref": "Flag"}, false]}, "-fips", ""], "assign": "suffix"}
                ], "error": "suffix: {suffix}"}
            ]
        }));
        for expected in [
            "if let Some(url) = ::smithy_runtime::endpoint::parse_url(endpoint)",
            "if !url.is_ip()",
            "::smithy_runtime::endpoint::substring(bucket, 0, 4, true",
            "let encoded = ::smithy_runtime::endpoint::uri_encode(bucket);",
            "::smithy_runtime::endpoint::is_valid_host_label(tail, false)",
            "let parts = ::smithy_runtime::endpoint::split(bucket, \"--\", 0);",
            "::smithy_runtime::endpoint::get_index(parts.as_slice(), -1",
            "encoded.as_str()",
            ".header(\"x-tail\", tail)",
            ".header(\"x-tail\", \"literal\")",
            ".header(\"x-tail\", last)",
            "::smithy_runtime::primitives::Document::from(tail)",
            "::smithy_runtime::primitives::Number::NegInt(-2)",
            "::smithy_runtime::endpoint::aws::parse_arn(arn)",
            "::smithy_runtime::endpoint::get_index(parsed.resource_id(), 1",
            "parsed.service()",
            "let flag = params.flag;",
            "let suffix = if flag.unwrap_or(false) { \"-fips\" } else { \"\" };",
        ] {
            assert_contains(&code, expected);
        }
    }
}
