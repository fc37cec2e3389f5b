//! Type checking and lowering: the typed rule set becomes the statement form of
//! `resolve_endpoint`'s body. Types follow the rules engine (a value that may be absent must be
//! proven present with `isSet` or `assign` before it is passed where a value is required);
//! every problem is an `Err` naming the condition, function or argument, so what comes out
//! renders without failing. Conditions that can never hold drop their rule; rules after one
//! that always returns are not emitted. The functions of the standard library are in
//! [`super::functions`].

use std::collections::{HashMap, HashSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::document::NumberLiteral;
use super::liveness::Liveness;
use super::rule_set::{
    Condition, EndpointDef, Expr, Param, ParamKind, PropertyValue, Rule, RuleBody, RuleSet,
    Template, TemplatePart,
};
use super::rust_code::{RustCode, RustIdent};
use super::statements::{nest, no_rule_matched, BindingId, Read, Reads, Statement};
use super::values::{BoolExpr, CompiledExpr, ExprCode, ValueType};
use super::MAX_DEPTH;
use crate::naming;

/// A rule set that type-checked, lowered to statements, with the liveness of its bindings:
/// everything the renderers need, and nothing left that can fail.
#[derive(Debug, Clone)]
pub struct CompiledRuleSet {
    pub(super) params: Vec<Param>,
    pub(super) body: Vec<Statement>,
    pub(super) liveness: Liveness,
}

impl CompiledRuleSet {
    /// The parameters, in the rule set's order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

/// Type-checks `rule_set` and lowers it to the statement form.
pub fn compile(rule_set: RuleSet) -> Result<CompiledRuleSet, String> {
    let mut compiler = Compiler::new(&rule_set.params);
    let scope = compiler.initial_scope();
    let (mut body, done) = compiler.rules(&rule_set.rules, &scope)?;
    if !done {
        body.push(no_rule_matched());
    }
    let liveness = Liveness::of(&body);
    Ok(CompiledRuleSet {
        params: rule_set.params,
        body,
        liveness,
    })
}

/// The rules-engine type of a parameter's value.
fn param_type(kind: ParamKind) -> ValueType {
    match kind {
        ParamKind::String => ValueType::String,
        ParamKind::Boolean => ValueType::Boolean,
        ParamKind::StringArray => ValueType::StringArray,
    }
}

/// An `if` guard on `condition`, its body filled in by [`nest`].
fn guard_if(condition: &BoolExpr, reads: Reads) -> Statement {
    Statement::If {
        condition: RustCode::new(condition.conj()),
        reads,
        body: Vec::new(),
    }
}

/// A variable in scope: a parameter, a narrowed parameter or an assigned value.
#[derive(Debug, Clone)]
struct Variable {
    ty: ValueType,
    ts: TokenStream,
    /// The local variable holding the value, when `ts` is just its name.
    ident: Option<RustIdent>,
    reads: Reads,
}

impl Variable {
    fn bound(ty: ValueType, name: &RustIdent, binding: BindingId) -> Variable {
        Variable {
            ty,
            ts: quote!(#name),
            ident: Some(name.clone()),
            reads: Reads::from([Read::Binding(binding)]),
        }
    }

    fn to_expr(&self) -> CompiledExpr {
        let code = if self.ty == ValueType::Boolean {
            ExprCode::Boolean(BoolExpr::atom(self.ts.clone()))
        } else {
            ExprCode::Tokens {
                ts: self.ts.clone(),
                simple: self.ident.as_ref().and_then(simple_ident),
                complex: false,
            }
        };
        CompiledExpr {
            ty: self.ty.clone(),
            code,
            pre: Vec::new(),
            reads: self.reads.clone(),
        }
    }
}

/// The identifier when it can be named inside a `format!` string (not a raw identifier).
fn simple_ident(name: &RustIdent) -> Option<RustIdent> {
    (!name.as_str().starts_with("r#")).then(|| name.clone())
}

#[derive(Debug, Clone, Default)]
pub(super) struct Scope {
    vars: HashMap<String, Variable>,
}

/// What a rule compiles to.
enum RuleOutcome {
    /// A condition can never hold: nothing to emit.
    Dead,
    /// Statements that may fall through to the next rule.
    Conditional(Vec<Statement>),
    /// Statements that always return.
    Always(Vec<Statement>),
}

/// A string in a position that takes ownership (URL, header, error, property).
enum IntoStringArg {
    Static(String),
    Borrowed(TokenStream),
    Owned(TokenStream),
}

pub(super) struct Compiler<'a> {
    params: &'a [Param],
    /// Assigned variable name → its identifier (the same in every rule).
    var_idents: HashMap<String, RustIdent>,
    /// Identifier texts already used in the function.
    taken: HashSet<String>,
    next_binding: BindingId,
    next_tmp: usize,
}

impl<'a> Compiler<'a> {
    fn new(params: &'a [Param]) -> Self {
        let mut taken: HashSet<String> =
            params.iter().map(|p| p.field.as_str().to_owned()).collect();
        taken.insert("params".into());
        Compiler {
            params,
            var_idents: HashMap::new(),
            taken,
            next_binding: 0,
            next_tmp: 0,
        }
    }

    pub(super) fn new_binding(&mut self) -> BindingId {
        self.next_binding += 1;
        self.next_binding
    }

    fn var_ident(&mut self, name: &str) -> Result<RustIdent, String> {
        if let Some(existing) = self.var_idents.get(name) {
            return Ok(existing.clone());
        }
        let base = naming::field_name(name);
        let ident = if self.taken.insert(base.clone()) {
            RustIdent::parse(&base)?
        } else {
            let plain = base.strip_prefix("r#").unwrap_or(&base).to_owned();
            self.fresh(&plain)?
        };
        self.var_idents.insert(name.to_owned(), ident.clone());
        Ok(ident)
    }

    /// A new identifier `{base}_{n}` that nothing else uses.
    pub(super) fn fresh(&mut self, base: &str) -> Result<RustIdent, String> {
        loop {
            self.next_tmp += 1;
            let candidate = format!("{base}_{}", self.next_tmp);
            if self.taken.insert(candidate.clone()) {
                return RustIdent::parse(&candidate);
            }
        }
    }

    fn initial_scope(&self) -> Scope {
        let mut scope = Scope::default();
        for (index, param) in self.params.iter().enumerate() {
            let ty = if param.required {
                param_type(param.kind)
            } else {
                ValueType::optional(param_type(param.kind))
            };
            let field = &param.field;
            scope.vars.insert(
                param.name.clone(),
                Variable {
                    ty,
                    ts: quote!(#field),
                    ident: Some(field.clone()),
                    reads: Reads::from([Read::Param(index)]),
                },
            );
        }
        scope
    }

    // ------------------------------------------------------------------------- rules

    /// Compiles rules in order; stops after one that always returns. The flag says whether
    /// the statements always return.
    fn rules(&mut self, rules: &[Rule], scope: &Scope) -> Result<(Vec<Statement>, bool), String> {
        let mut out = Vec::new();
        for rule in rules {
            match self.rule(rule, scope)? {
                RuleOutcome::Dead => {}
                RuleOutcome::Conditional(stmts) => out.extend(stmts),
                RuleOutcome::Always(stmts) => {
                    out.extend(stmts);
                    return Ok((out, true));
                }
            }
        }
        Ok((out, false))
    }

    fn rule(&mut self, rule: &Rule, scope: &Scope) -> Result<RuleOutcome, String> {
        let mut scope = scope.clone();
        let mut guards = Vec::new();
        for (i, condition) in rule.conditions.iter().enumerate() {
            let live = self
                .condition(condition, &mut scope, &mut guards)
                .map_err(|e| format!("condition {i} (`{}`): {e}", condition.call.name))?;
            if !live {
                return Ok(RuleOutcome::Dead);
            }
        }
        let body = match &rule.body {
            RuleBody::Endpoint(endpoint) => self.endpoint(endpoint, &scope)?,
            RuleBody::Error(message) => {
                let (message, mut pre, reads) = self.final_str(message, &scope)?;
                let message = match message {
                    IntoStringArg::Static(s) => quote!(#s),
                    IntoStringArg::Owned(ts) => ts,
                    IntoStringArg::Borrowed(ts) => quote!(#ts.to_owned()),
                };
                pre.push(Statement::Return {
                    value: RustCode::new(quote!(Err(
                        ::smithy_runtime::endpoint::ResolveEndpointError::new(#message)
                    ))),
                    reads,
                });
                pre
            }
            RuleBody::Tree(rules) => {
                let (mut stmts, done) = self.rules(rules, &scope)?;
                if !done {
                    stmts.push(no_rule_matched());
                }
                stmts
            }
        };
        let conditional = guards.iter().any(|g| !matches!(g, Statement::Let { .. }));
        let stmts = nest(guards, body);
        Ok(if conditional {
            RuleOutcome::Conditional(stmts)
        } else {
            RuleOutcome::Always(stmts)
        })
    }

    /// Adds the guards of one condition; false when the condition can never hold.
    fn condition(
        &mut self,
        condition: &Condition,
        scope: &mut Scope,
        guards: &mut Vec<Statement>,
    ) -> Result<bool, String> {
        let call = &condition.call;
        if let Some(name) = &condition.assign {
            if scope.vars.contains_key(name) {
                return Err(format!(
                    "`assign` of `{name}` shadows a parameter or variable in scope"
                ));
            }
        }
        // `isSet(ref)` narrows the reference for the rest of the rule.
        if let ("isSet", [Expr::Ref(name)], None) =
            (call.name.as_str(), call.args.as_slice(), &condition.assign)
        {
            let var = lookup(scope, name)?.clone();
            if let ValueType::Optional(inner) = &var.ty {
                if let Some(ident) = &var.ident {
                    let binding = self.new_binding();
                    let ident = ident.clone();
                    guards.push(Statement::IfLet {
                        binding,
                        name: ident.clone(),
                        value: RustCode::new(var.ts.clone()),
                        complex: false,
                        reads: var.reads.clone(),
                        body: Vec::new(),
                    });
                    scope.vars.insert(
                        name.clone(),
                        Variable::bound((**inner).clone(), &ident, binding),
                    );
                    return Ok(true);
                }
            }
        }
        let target = match &condition.assign {
            Some(name) => Some((name.clone(), self.var_ident(name)?)),
            None => None,
        };
        let (val, hoisted_as_target) = self.call(call, scope, target.as_ref().map(|(_, t)| t))?;
        let reads = val.reads.clone();
        let pre = val.pre.clone();
        match &val.ty {
            ValueType::Boolean => {
                let b = val.bool_code();
                guards.extend(pre);
                if let Some((name, target)) = target {
                    let binding = self.new_binding();
                    guards.push(Statement::Let {
                        binding,
                        name: target.clone(),
                        value: RustCode::new(b.top()),
                        reads,
                    });
                    scope
                        .vars
                        .insert(name, Variable::bound(ValueType::Boolean, &target, binding));
                    if let BoolExpr::Literal(value) = b {
                        return Ok(value);
                    }
                    guards.push(guard_if(
                        &BoolExpr::atom(quote!(#target)),
                        Reads::from([Read::Binding(binding)]),
                    ));
                } else {
                    if let BoolExpr::Literal(value) = b {
                        return Ok(value);
                    }
                    let (cond, reads) = match b {
                        BoolExpr::Atom { ts, complex: true } => {
                            let (name, reads) = self.hoist("condition", ts, reads, guards)?;
                            (BoolExpr::atom(name), reads)
                        }
                        other => (other, reads),
                    };
                    guards.push(guard_if(&cond, reads));
                }
            }
            ValueType::Optional(inner) => {
                guards.extend(pre);
                let (value, reads) = if val.is_complex() {
                    self.hoist("value", val.top(), reads, guards)?
                } else {
                    (val.top(), reads)
                };
                if let Some((name, target)) = target {
                    let binding = self.new_binding();
                    guards.push(Statement::IfLet {
                        binding,
                        name: target.clone(),
                        value: RustCode::new(value),
                        complex: false,
                        reads,
                        body: Vec::new(),
                    });
                    if **inner == ValueType::Boolean {
                        guards.push(guard_if(
                            &BoolExpr::atom(quote!(#target)),
                            Reads::from([Read::Binding(binding)]),
                        ));
                    }
                    scope
                        .vars
                        .insert(name, Variable::bound((**inner).clone(), &target, binding));
                } else if **inner == ValueType::Boolean {
                    guards.push(guard_if(&BoolExpr::Eq(value, quote!(Some(true))), reads));
                } else {
                    guards.push(guard_if(&BoolExpr::atom(quote!(#value.is_some())), reads));
                }
            }
            ty => {
                // A value that is always present: the condition holds. Bind it when
                // assigned; otherwise it has no effect at all.
                if let Some((name, target)) = target {
                    guards.extend(pre);
                    if hoisted_as_target {
                        scope.vars.insert(
                            name,
                            Variable {
                                ty: ty.clone(),
                                ts: val.top(),
                                ident: None,
                                reads,
                            },
                        );
                    } else {
                        let binding = self.new_binding();
                        guards.push(Statement::Let {
                            binding,
                            name: target.clone(),
                            value: RustCode::new(val.top()),
                            reads,
                        });
                        scope
                            .vars
                            .insert(name, Variable::bound(ty.clone(), &target, binding));
                    }
                }
            }
        }
        Ok(true)
    }

    /// `let name = value;` for an intermediate value; the name and its reads.
    fn hoist(
        &mut self,
        base: &str,
        value: TokenStream,
        reads: Reads,
        guards: &mut Vec<Statement>,
    ) -> Result<(TokenStream, Reads), String> {
        let name = self.fresh(base)?;
        let binding = self.new_binding();
        guards.push(Statement::Let {
            binding,
            name: name.clone(),
            value: RustCode::new(value),
            reads,
        });
        Ok((quote!(#name), Reads::from([Read::Binding(binding)])))
    }

    fn endpoint(
        &mut self,
        endpoint: &EndpointDef,
        scope: &Scope,
    ) -> Result<Vec<Statement>, String> {
        let mut pre = Vec::new();
        let mut reads = Reads::new();
        let (url, url_pre, url_reads) = self
            .final_str(&endpoint.url, scope)
            .map_err(|e| format!("endpoint url: {e}"))?;
        pre.extend(url_pre);
        reads.extend(url_reads);
        let url = final_tokens(url);
        let mut chain = quote!(::smithy_runtime::endpoint::Endpoint::builder().url(#url));
        for (name, values) in &endpoint.headers {
            for value in values {
                let (value, value_pre, value_reads) = self
                    .final_str(value, scope)
                    .map_err(|e| format!("header `{name}`: {e}"))?;
                pre.extend(value_pre);
                reads.extend(value_reads);
                let value = final_tokens(value);
                chain = quote!(#chain.header(#name, #value));
            }
        }
        for (key, prop) in &endpoint.properties {
            let value = self
                .property(prop, scope, &mut pre, &mut reads, 0)
                .map_err(|e| format!("property `{key}`: {e}"))?;
            chain = quote!(#chain.property(#key, #value));
        }
        pre.push(Statement::Return {
            value: RustCode::new(quote!(Ok(#chain.build()))),
            reads,
        });
        Ok(pre)
    }

    fn property(
        &mut self,
        prop: &PropertyValue,
        scope: &Scope,
        pre: &mut Vec<Statement>,
        reads: &mut Reads,
        depth: usize,
    ) -> Result<TokenStream, String> {
        if depth > MAX_DEPTH {
            return Err("property nested too deeply".into());
        }
        let document = quote!(::smithy_runtime::primitives::Document);
        Ok(match prop {
            PropertyValue::String(template) => {
                let (value, value_pre, value_reads) = self.template_final(template, scope)?;
                pre.extend(value_pre);
                reads.extend(value_reads);
                let value = final_tokens(value);
                quote!(#document::from(#value))
            }
            PropertyValue::Boolean(b) => quote!(#document::Bool(#b)),
            PropertyValue::Number(n) => NumberLiteral::from_json(n)?.document_tokens(),
            PropertyValue::Null => quote!(#document::Null),
            PropertyValue::Array(items) => {
                if items.is_empty() {
                    quote!(#document::Array(Vec::new()))
                } else {
                    let items = items
                        .iter()
                        .map(|item| self.property(item, scope, pre, reads, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    quote!(#document::Array(Vec::from([#(#items),*])))
                }
            }
            PropertyValue::Object(entries) => {
                if entries.is_empty() {
                    quote!(#document::Object(::std::collections::HashMap::new()))
                } else {
                    let entries = entries
                        .iter()
                        .map(|(key, value)| {
                            let value = self.property(value, scope, pre, reads, depth + 1)?;
                            Ok(quote!((#key.to_owned(), #value)))
                        })
                        .collect::<Result<Vec<_>, String>>()?;
                    quote!(#document::Object(::std::collections::HashMap::from([#(#entries),*])))
                }
            }
        })
    }

    /// A string for a position that takes `impl Into<String>` (or a `'static` string).
    fn final_str(
        &mut self,
        expr: &Expr,
        scope: &Scope,
    ) -> Result<(IntoStringArg, Vec<Statement>, Reads), String> {
        if let Expr::String(template) = expr {
            return self.template_final(template, scope);
        }
        let val = self.expr(expr, scope)?;
        expect_type(&val, &ValueType::String, "a string", "the value")?;
        let CompiledExpr {
            code, pre, reads, ..
        } = val;
        Ok(match code {
            ExprCode::StringLiteral(s) => (IntoStringArg::Static(s), pre, reads),
            ExprCode::Tokens { ts, .. } => (IntoStringArg::Borrowed(ts), pre, reads),
            ExprCode::Boolean(_) | ExprCode::Integer(_) => return Err("expected a string".into()),
        })
    }

    fn template_final(
        &mut self,
        template: &Template,
        scope: &Scope,
    ) -> Result<(IntoStringArg, Vec<Statement>, Reads), String> {
        if let Some(text) = template.literal() {
            return Ok((IntoStringArg::Static(text), Vec::new(), Reads::new()));
        }
        if let [TemplatePart::Placeholder(expr)] = template.parts.as_slice() {
            return self.final_str(expr, scope);
        }
        let (ts, pre, reads) = self.format(template, scope)?;
        Ok((IntoStringArg::Owned(ts), pre, reads))
    }

    /// `::std::format!(...)` for a template with placeholders.
    fn format(
        &mut self,
        template: &Template,
        scope: &Scope,
    ) -> Result<(TokenStream, Vec<Statement>, Reads), String> {
        let mut format = String::new();
        let mut args = Vec::new();
        let mut pre = Vec::new();
        let mut reads = Reads::new();
        for part in &template.parts {
            match part {
                TemplatePart::Text(text) => {
                    format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                }
                TemplatePart::Placeholder(expr) => {
                    let val = self.expr(expr, scope)?;
                    expect_type(
                        &val,
                        &ValueType::String,
                        "a string",
                        "a template placeholder",
                    )?;
                    pre.extend(val.pre.iter().cloned());
                    reads.extend(val.reads.iter().copied());
                    match &val.code {
                        ExprCode::StringLiteral(text) => {
                            format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                        }
                        ExprCode::Tokens {
                            simple: Some(name), ..
                        } => {
                            format.push('{');
                            format.push_str(name.as_str());
                            format.push('}');
                        }
                        _ => {
                            format.push_str("{}");
                            args.push(val.top());
                        }
                    }
                }
            }
        }
        Ok((quote!(::std::format!(#format #(, #args)*)), pre, reads))
    }

    // ------------------------------------------------------------------------- expressions

    pub(super) fn expr(&mut self, expr: &Expr, scope: &Scope) -> Result<CompiledExpr, String> {
        match expr {
            Expr::String(template) => self.template_val(template, scope),
            Expr::Boolean(b) => Ok(CompiledExpr::boolean(BoolExpr::Literal(*b))),
            Expr::Integer(i) => Ok(CompiledExpr::new(ValueType::Integer, ExprCode::Integer(*i))),
            Expr::Ref(name) => Ok(lookup(scope, name)?.to_expr()),
            Expr::Call(call) => Ok(self.call(call, scope, None)?.0),
            Expr::Array => Err("array literals are not supported here".into()),
        }
    }

    /// A template as a `&str` value: a literal, the single placeholder's value, or a
    /// `format!` bound to a local.
    fn template_val(&mut self, template: &Template, scope: &Scope) -> Result<CompiledExpr, String> {
        if let Some(text) = template.literal() {
            return Ok(CompiledExpr::new(
                ValueType::String,
                ExprCode::StringLiteral(text),
            ));
        }
        if let [TemplatePart::Placeholder(expr)] = template.parts.as_slice() {
            let val = self.expr(expr, scope)?;
            expect_type(
                &val,
                &ValueType::String,
                "a string",
                "a template placeholder",
            )?;
            return Ok(val);
        }
        let (ts, mut pre, reads) = self.format(template, scope)?;
        let (name, reads) = self.hoist("formatted", ts, reads, &mut pre)?;
        let mut val = CompiledExpr::expr(ValueType::String, quote!(#name.as_str()));
        val.pre = pre;
        val.reads = reads;
        Ok(val)
    }
}

impl Compiler<'_> {
    pub(super) fn str_arg(
        &mut self,
        arg: &Expr,
        scope: &Scope,
        function: &str,
        what: &str,
    ) -> Result<CompiledExpr, String> {
        let val = self.expr(arg, scope)?;
        expect_type(&val, &ValueType::String, function, what)?;
        Ok(val)
    }

    /// A non-negative integer literal, as a `usize` literal.
    pub(super) fn index_arg(
        &mut self,
        arg: &Expr,
        scope: &Scope,
        function: &str,
        what: &str,
    ) -> Result<TokenStream, String> {
        let val = self.expr(arg, scope)?;
        expect_type(&val, &ValueType::Integer, function, what)?;
        match val.code {
            ExprCode::Integer(i) => match usize::try_from(i) {
                Ok(n) => {
                    let literal = Literal::usize_unsuffixed(n);
                    Ok(quote!(#literal))
                }
                Err(_) => Err(format!("`{function}`: {what} must not be negative")),
            },
            _ => Err(format!("`{function}`: {what} must be an integer literal")),
        }
    }

    /// A call returning an owned value (`String`, `Vec<String>`) is bound to a local (the
    /// `assign` target when there is one) and used through `view` (`as_str`, `as_slice`).
    pub(super) fn owned(
        &mut self,
        ty: ValueType,
        base: &str,
        call: TokenStream,
        view: TokenStream,
        deps: &CompiledExpr,
        target: Option<&RustIdent>,
    ) -> Result<(CompiledExpr, bool), String> {
        let mut pre = deps.pre.clone();
        let (name, bound) = match target {
            Some(target) => (target.clone(), true),
            None => (self.fresh(base)?, false),
        };
        let binding = self.new_binding();
        pre.push(Statement::Let {
            binding,
            name: name.clone(),
            value: RustCode::new(call),
            reads: deps.reads.clone(),
        });
        let mut val = CompiledExpr::expr(ty, quote!(#name.#view()));
        val.pre = pre;
        val.reads = Reads::from([Read::Binding(binding)]);
        Ok((val, bound))
    }
}

fn lookup<'s>(scope: &'s Scope, name: &str) -> Result<&'s Variable, String> {
    scope
        .vars
        .get(name)
        .ok_or_else(|| format!("reference to unknown parameter or variable `{name}`"))
}

pub(super) fn expect_type(
    val: &CompiledExpr,
    expected: &ValueType,
    function: &str,
    what: &str,
) -> Result<(), String> {
    if &val.ty == expected {
        return Ok(());
    }
    let hint = if val.ty.inner() == expected && val.ty.is_optional() {
        " (the value may be absent: prove it is set with `isSet` or bind it with `assign` first)"
    } else {
        ""
    };
    Err(format!(
        "`{function}`: {what} must be {expected} but is {}{hint}",
        val.ty
    ))
}

fn final_tokens(value: IntoStringArg) -> TokenStream {
    match value {
        IntoStringArg::Static(s) => quote!(#s),
        IntoStringArg::Borrowed(ts) | IntoStringArg::Owned(ts) => ts,
    }
}

#[cfg(test)]
mod tests {
    use crate::endpoints::test_support::{error, standard_params};
    use serde_json::{json, Value};

    fn with_conditions(conditions: Value) -> Value {
        json!({
            "parameters": standard_params(),
            "rules": [{"type": "error", "conditions": conditions, "error": "x"}]
        })
    }

    #[test]
    fn ill_typed_rule_sets_are_errors_naming_the_condition_and_argument() {
        for (rule_set, expected) in [
            (
                with_conditions(json!([{"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Region"}, false]}])),
                "condition 0 (`aws.isVirtualHostableS3Bucket`): unsupported function `aws.isVirtualHostableS3Bucket`",
            ),
            (
                with_conditions(json!([{"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}])),
                "condition 0 (`stringEquals`): `stringEquals`: the first argument must be string but is \
                 option<string> (the value may be absent: prove it is set with `isSet` or bind it with \
                 `assign` first)",
            ),
            (
                with_conditions(json!([{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, "yes"]}])),
                "condition 0 (`booleanEquals`): `booleanEquals`: the second argument must be bool but is string",
            ),
            (
                with_conditions(json!([
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}
                ])),
                "condition 1 (`aws.partition`): `assign` of `Region` shadows a parameter or variable in scope",
            ),
            (
                with_conditions(json!([{"fn": "not", "argv": []}])),
                "condition 0 (`not`): `not` takes 1 argument(s) but has 0",
            ),
            (
                with_conditions(json!([{"fn": "substring", "argv": ["abc", -1, 2, false]}])),
                "condition 0 (`substring`): `substring`: the start index must not be negative",
            ),
            (
                with_conditions(json!([
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"},
                    {"fn": "getAttr", "argv": [{"ref": "p"}, "nope"]}
                ])),
                "condition 2 (`getAttr`): `getAttr`: Partition has no attribute `nope`",
            ),
            (
                json!({"parameters": standard_params(), "rules": [
                    {"type": "endpoint", "endpoint": {"url": "https://{Nope}"}}
                ]}),
                "endpoint url: reference to unknown parameter or variable `Nope`",
            ),
        ] {
            assert_eq!(error(&rule_set), expected);
        }
    }

    #[test]
    fn narrowing_lasts_for_the_rest_of_the_rule_only() {
        let rule_set = json!({"parameters": standard_params(), "rules": [
            {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "error": "{Region}"},
            {"type": "error", "conditions": [], "error": "{Region}"}
        ]});
        let message = error(&rule_set);
        assert!(
            message.contains("must be string but is option<string>"),
            "the second rule still sees an optional `Region`: {message}"
        );
    }

    #[test]
    fn rules_that_cannot_match_and_rules_after_an_unconditional_one_are_not_emitted() {
        let rules = crate::endpoints::compile_rule_set(&json!({"parameters": standard_params(), "rules": [
            {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [true, false]}], "error": "never"},
            {"type": "error", "conditions": [], "error": "always"},
            {"type": "error", "conditions": [], "error": "unreachable"}
        ]}))
        .unwrap();
        let [super::Statement::Return { value, .. }] = rules.body.as_slice() else {
            panic!("one return: {:?}", rules.body);
        };
        let code = value.tokens().to_string();
        assert!(code.contains("\"always\""), "{code}");
    }
}
