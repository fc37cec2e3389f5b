//! Waiters (`smithy.waiters#waitable`): `src/waiters.rs`, one `src/waiters/<name>.rs` per
//! waiter (its fluent builder, result and error aliases, and its acceptors), and the
//! `client::Waiters` trait with a `wait_until_<name>()` method per waiter.
//!
//! Acceptor paths were type-checked while the intermediate form was built
//! ([`crate::waiter_paths`]); this module only turns each [`PathPlan`] into Rust over the
//! output's fields, and cannot fail. The value of every sub-expression is an `Option`
//! (JMESPath `null` is `None`) of a small representation: `&str` for strings and enums,
//! `bool`, `f64` for numbers and timestamps, a reference for structures and unions, a `Vec`
//! for lists.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::cell::Cell;

use super::{doc_attrs, ident, path, plain_doc};
use crate::ir::{CrateDef, OperationDef};
use crate::naming;
use crate::operation_traits::{AcceptorState, Matcher, WaiterDef};
use crate::waiter_paths::{
    Conversion, FieldAccess, LiteralValue, Node, Ordering, PathPlan, Sized, Test, Typed, ValueType,
};

/// Whether the crate has any waiter (and so a `waiters` module).
pub fn has_waiters(def: &CrateDef) -> bool {
    def.operations.iter().any(|op| !op.waiters.is_empty())
}

/// `src/waiters.rs` and `src/waiters/<name>.rs`.
pub fn files(def: &CrateDef) -> Vec<(String, TokenStream)> {
    let mut modules = Vec::new();
    let mut files = Vec::new();
    for op in &def.operations {
        for waiter in &op.waiters {
            let module = naming::module_name(&waiter.name);
            let doc = format!(" Supporting types for the `{module}` waiter.");
            let module_ident = ident(&module);
            modules.push((module.clone(), quote!(#[doc = #doc] pub mod #module_ident;)));
            files.push((format!("src/waiters/{module}.rs"), waiter_file(op, waiter)));
        }
    }
    modules.sort_by(|a, b| a.0.cmp(&b.0));
    let modules = modules.into_iter().map(|(_, tokens)| tokens);
    files.push((
        "src/waiters.rs".into(),
        quote! {
            //! Waiters: each polls an operation until a resource reaches a state. Start one
            //! with the `wait_until_` methods of the [`Waiters`](crate::client::Waiters) trait.
            #(#modules)*
        },
    ));
    files
}

/// The `Waiters` trait and its implementation for `Client`, appended to `src/client.rs`.
pub fn client_trait(def: &CrateDef) -> TokenStream {
    if !has_waiters(def) {
        return quote!();
    }
    let mut waiters: Vec<(&OperationDef, &WaiterDef)> = def
        .operations
        .iter()
        .flat_map(|op| op.waiters.iter().map(move |waiter| (op, waiter)))
        .collect();
    waiters.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let (decls, impls): (Vec<_>, Vec<_>) = waiters
        .iter()
        .map(|(op, waiter)| {
            let method = ident(&naming::waiter_fn_name(&waiter.name));
            let builder = builder_path(waiter);
            let docs = waiter_docs(op, waiter);
            let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
            (
                quote! {
                    #docs
                    #deprecated
                    fn #method(&self) -> #builder;
                },
                quote! {
                    fn #method(&self) -> #builder {
                        #builder::new(self.handle.clone())
                    }
                },
            )
        })
        .unzip();
    quote! {
        /// Waiters: methods that poll an operation until a resource reaches a state.
        ///
        /// Import this trait to get the `wait_until_` methods on the client.
        pub trait Waiters {
            #(#decls)*
        }

        impl Waiters for Client {
            #(#impls)*
        }
    }
}

fn builder_path(waiter: &WaiterDef) -> TokenStream {
    path(&naming::item_path(
        &naming::waiter_module_path(&waiter.name),
        &naming::waiter_builder_name(&waiter.name),
    ))
}

fn waiter_docs(op: &OperationDef, waiter: &WaiterDef) -> TokenStream {
    doc_attrs(
        waiter.docs.as_deref(),
        &format!(
            "Waits for the `{}` state, polling `{}`.",
            waiter.name,
            op.id.name()
        ),
    )
}

fn waiter_file(op: &OperationDef, waiter: &WaiterDef) -> TokenStream {
    let orchestrate = path(&op.symbol.item_path("orchestrate"));
    let builder = ident(&naming::waiter_builder_name(&waiter.name));
    let final_poll = ident(&naming::waiter_final_poll_name(&waiter.name));
    let error_alias = ident(&naming::waiter_error_name(&waiter.name));
    let input_builder = path(&op.input.builder_path());
    let input_path = path(&op.input.path());
    let output_path = path(&op.output.path());
    let error_path = path(&op.error_path());
    let method = naming::waiter_fn_name(&waiter.name);
    let final_poll_doc = format!(
        " Successful return type for the `{}` waiter: the poll that reached the success state.",
        naming::module_name(&waiter.name)
    );
    let error_doc = format!(
        " Error type for the `{}` waiter.",
        naming::module_name(&waiter.name)
    );
    let struct_doc = plain_doc(&[
        format!("Fluent builder for the `{}` waiter.", naming::module_name(&waiter.name)),
        String::new(),
        "Set the input like a normal operation's fluent builder, then call".into(),
        "[`wait`](Self::wait) with the longest time to wait.".into(),
        String::new(),
        format!(
            "Create it with [`Waiters::{method}`](crate::client::Waiters::{method}) (import the [`Waiters`](crate::client::Waiters) trait)."
        ),
    ]);
    let wait_docs = waiter_docs(op, waiter);
    let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
    let min_delay = waiter.min_delay;
    let max_delay = waiter.max_delay;
    let setters = op.input.fields.iter().map(super::client::fluent_setters);
    let uses_input = waiter
        .acceptors
        .iter()
        .any(|a| matches!(a.matcher, Matcher::InputOutput(_)));
    let mut matcher_fns = Vec::new();
    let mut checks = Vec::new();
    let mut acceptor_docs = vec![
        "The acceptors, in model order: the state of the first that matches.".to_string(),
        String::new(),
    ];
    for (i, acceptor) in waiter.acceptors.iter().enumerate() {
        let state = match acceptor.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let comment = format!(
            "{}. {}: `{}`",
            i + 1,
            match acceptor.state {
                AcceptorState::Success => "success",
                AcceptorState::Failure => "failure",
                AcceptorState::Retry => "retry",
            },
            acceptor.matcher_json
        );
        let condition = match &acceptor.matcher {
            Matcher::Success(true) => quote!(result.is_ok()),
            Matcher::Success(false) => quote!(result.is_err()),
            Matcher::ErrorType(code) => quote! {
                ::std::matches!(result, Err(error)
                    if crate::error::ProvideErrorMetadata::code(error) == Some(#code))
            },
            Matcher::Output(matcher) | Matcher::InputOutput(matcher) => {
                let name = format_ident!("matches_{}", i + 1);
                let function = path_matcher_fn(op, &matcher.plan, &name);
                let doc = format!(" Matcher: {}", acceptor.matcher_json);
                matcher_fns.push(quote! {
                    #[doc = #doc]
                    #function
                });
                let args = if matcher.plan.input_output {
                    quote!(input, output)
                } else {
                    quote!(output)
                };
                quote! {
                    ::std::matches!(result, Ok(output) if #name(#args))
                }
            }
        };
        acceptor_docs.push(comment);
        checks.push(quote! {
            if #condition {
                return ::smithy_runtime::waiter::AcceptorState::#state;
            }
        });
    }
    let acceptor_doc = plain_doc(&acceptor_docs);
    let (input_param, acceptor_arg, acceptor_setup) = if uses_input {
        (
            quote!(input: &#input_path,),
            quote!(move |result: Result<&#output_path, &#error_path>| acceptor(&acceptor_input, result)),
            quote!(let acceptor_input = input.clone();),
        )
    } else {
        (quote!(), quote!(acceptor), quote!())
    };
    quote! {
        #struct_doc
        #deprecated
        #[derive(Clone, Debug)]
        pub struct #builder {
            handle: ::smithy_runtime::client::Handle,
            inner: #input_builder,
        }

        impl #builder {
            pub(crate) fn new(handle: ::smithy_runtime::client::Handle) -> Self {
                Self {
                    handle,
                    inner: Default::default(),
                }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            #wait_docs
            ///
            /// Polls until an acceptor reaches success or failure, or `max_wait` has passed.
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> Result<#final_poll, #error_alias> {
                let input: #input_path = self
                    .inner
                    .build()
                    .map_err(::smithy_runtime::waiter::error::WaiterError::construction_failure)?;
                let handle = self.handle;
                let waiter = ::smithy_runtime::waiter::Waiter::new(
                    ::smithy_runtime::waiter::Backoff::new(
                        ::std::time::Duration::from_secs(#min_delay),
                        ::std::time::Duration::from_secs(#max_delay),
                    ),
                    max_wait,
                    handle.config().sleep_impl(),
                );
                #acceptor_setup
                let operation = || {
                    #orchestrate(
                        handle.clone(),
                        Ok(input.clone()),
                    )
                };
                waiter.wait(operation, #acceptor_arg).await
            }

            #(#setters)*
        }

        #[doc = #final_poll_doc]
        pub type #final_poll = ::smithy_runtime::waiter::FinalPoll<#output_path, crate::error::SdkError<#error_path>>;

        #[doc = #error_doc]
        pub type #error_alias = ::smithy_runtime::waiter::error::WaiterError<#output_path, #error_path>;

        #acceptor_doc
        fn acceptor(
            #input_param
            result: Result<&#output_path, &#error_path>,
        ) -> ::smithy_runtime::waiter::AcceptorState {
            #(#checks)*
            ::smithy_runtime::waiter::AcceptorState::NoAcceptorsMatched
        }

        #(#matcher_fns)*
    }
}

/// `fn <name>(output) -> bool` (or `(input, output)`) for a path matcher.
fn path_matcher_fn(op: &OperationDef, plan: &PathPlan, name: &Ident) -> TokenStream {
    let emitter = Emitter {
        counter: Cell::new(0),
    };
    let output_path = path(&op.output.path());
    let input_path = path(&op.input.path());
    let params = if plan.input_output {
        quote!(input: &#input_path, output: &#output_path)
    } else {
        quote!(output: &#output_path)
    };
    let root = format_ident!("_root");
    let root_binding = if plan.input_output {
        quote!()
    } else {
        quote!(let _root = Some(output);)
    };
    let code = emitter.emit(&plan.value, &root);
    let repr = repr_tokens(&plan.value.ty);
    let test = match &plan.test {
        Test::StringEquals(expected) => {
            quote!(value == Some(#expected))
        }
        Test::BooleanEquals(expected) => {
            quote!(value == Some(#expected))
        }
        Test::AllStringEquals(expected) => {
            quote!(value.is_some_and(|values| !values.is_empty() && values.iter().all(|v| *v == #expected)))
        }
        Test::AnyStringEquals(expected) => {
            quote!(value.is_some_and(|values| values.contains(&#expected)))
        }
    };
    quote! {
        fn #name(#params) -> bool {
            #root_binding
            let value: Option<#repr> = #code;
            #test
        }
    }
}

/// The Rust type of a value (inside the `Option`).
fn repr_tokens(ty: &ValueType) -> TokenStream {
    match ty {
        ValueType::Root | ValueType::Null => quote!(()),
        ValueType::Struct(ty) | ValueType::Union(ty) => {
            let p = path(&ty.path);
            quote!(&#p)
        }
        ValueType::Str => quote!(&str),
        ValueType::Bool => quote!(bool),
        ValueType::Num => quote!(f64),
        ValueType::List(element) => {
            let element = repr_tokens(element);
            quote!(Vec<#element>)
        }
    }
}

/// Emits Rust of type `Option<repr>` for a plan node; the current value is a variable of
/// type `Option<repr>` of the type the checker gave it.
struct Emitter {
    counter: Cell<usize>,
}

impl Emitter {
    fn fresh(&self) -> Ident {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        format_ident!("_v{}", n)
    }

    /// Reads the current value `var` of type `ty` (copied or cloned).
    fn read(var: &Ident, ty: &ValueType) -> TokenStream {
        if ty.is_copy() {
            quote!(#var)
        } else {
            quote!(#var.clone())
        }
    }

    /// `cur` is the variable holding the current value.
    fn emit(&self, value: &Typed, cur: &Ident) -> TokenStream {
        match &value.node {
            Node::Current => Self::read(cur, &value.ty),
            Node::Input => quote!(Some(input)),
            Node::Output => quote!(Some(output)),
            Node::Field(field) => {
                let read = quote!(#cur);
                let name = ident(&field.field);
                match (&field.access, field.optional) {
                    (FieldAccess::Copy, true) => quote!(#read.and_then(|v| v.#name)),
                    (FieldAccess::Copy, false) => quote!(#read.map(|v| v.#name)),
                    (FieldAccess::Boxed, true) => {
                        quote!(#read.and_then(|v| v.#name.as_deref()))
                    }
                    (FieldAccess::Boxed, false) => quote!(#read.map(|v| &*v.#name)),
                    (FieldAccess::Ref(conversion), true) => {
                        match conversion_tokens(&quote!(x), conversion) {
                            Some(convert) => {
                                quote!(#read.and_then(|v| v.#name.as_ref()).map(|x| #convert))
                            }
                            None => quote!(#read.and_then(|v| v.#name.as_ref())),
                        }
                    }
                    (FieldAccess::Ref(conversion), false) => {
                        match conversion_tokens(&quote!(x), conversion) {
                            Some(convert) => {
                                quote!(#read.map(|v| { let x = &v.#name; #convert }))
                            }
                            None => quote!(#read.map(|v| &v.#name)),
                        }
                    }
                }
            }
            Node::Variant(variant) => {
                let read = quote!(#cur);
                let as_fn = ident(&variant.as_fn);
                let convert = conversion_tokens(&quote!(x), &variant.conversion)
                    .map(|convert| quote!(.map(|x| #convert)));
                let deref = variant.boxed.then(|| quote!(.map(|x| &**x)));
                quote!(#read.and_then(|v| v.#as_fn().ok())#deref #convert)
            }
            Node::Subexpr(left, right) => {
                let code = self.emit(left, cur);
                let var = self.fresh();
                let repr = repr_tokens(&left.ty);
                let inner_code = self.emit(right, &var);
                quote!({
                    let #var: Option<#repr> = #code;
                    #inner_code
                })
            }
            Node::Index(index) => {
                let list = ValueType::List(Box::new(value.ty.clone()));
                let read = Self::read(cur, &list);
                let get = if *index == 0 {
                    quote!(list.first().cloned())
                } else if *index > 0 {
                    let index = *index as usize;
                    quote!(list.get(#index).cloned())
                } else {
                    let back = index.unsigned_abs() as usize;
                    quote!(list.len().checked_sub(#back).and_then(|i| list.get(i).cloned()))
                };
                quote!(#read.and_then(|list| #get))
            }
            Node::Flatten { inner, nested } => {
                let code = self.emit(inner, cur);
                if *nested {
                    quote!(#code.map(|lists| lists.into_iter().flatten().collect::<Vec<_>>()))
                } else {
                    code
                }
            }
            Node::Projection {
                left,
                element,
                condition,
                right,
            } => self.projection(left, element, condition.as_deref(), right.as_deref(), cur),
            Node::Literal(literal) => literal_tokens(literal),
            Node::Not(inner) => {
                let code = self.emit(inner, cur);
                let var = self.fresh();
                let falsy = match inner.ty {
                    ValueType::Bool => quote!(#var != Some(true)),
                    _ => {
                        let truthy = truthy(&var, &inner.ty);
                        quote!(!(#truthy))
                    }
                };
                let repr = repr_tokens(&inner.ty);
                quote!({
                    let #var: Option<#repr> = #code;
                    Some(#falsy)
                })
            }
            Node::And(left, right) | Node::Or(left, right) => {
                let is_and = matches!(value.node, Node::And(..));
                let l = self.emit(left, cur);
                let r = self.emit(right, cur);
                let var = self.fresh();
                let truthy = truthy(&var, &left.ty);
                let repr = repr_tokens(&left.ty);
                let body = if is_and {
                    quote!(if #truthy { #r } else { #var })
                } else {
                    quote!(if #truthy { #var } else { #r })
                };
                quote!({
                    let #var: Option<#repr> = #l;
                    #body
                })
            }
            Node::Equality {
                negated,
                same_type,
                left,
                right,
            } => {
                let l = self.emit(left, cur);
                let r = self.emit(right, cur);
                if *same_type {
                    let test = if *negated {
                        quote!(#l != #r)
                    } else {
                        quote!(#l == #r)
                    };
                    return quote!(Some(#test));
                }
                // Values of different types are equal only when both are null.
                let (lr, rr) = (repr_tokens(&left.ty), repr_tokens(&right.ty));
                let equal = quote!({
                    let left: Option<#lr> = #l;
                    let right: Option<#rr> = #r;
                    left.is_none() && right.is_none()
                });
                if *negated {
                    quote!(Some(!(#equal)))
                } else {
                    quote!(Some(#equal))
                }
            }
            Node::Order { op, left, right } => {
                let l = self.emit(left, cur);
                let r = self.emit(right, cur);
                let test = match op {
                    Ordering::Lt => quote!(l < r),
                    Ordering::Lte => quote!(l <= r),
                    Ordering::Gt => quote!(l > r),
                    Ordering::Gte => quote!(l >= r),
                };
                quote!(#l.zip(#r).map(|(l, r)| #test))
            }
            Node::Length { arg, of } => {
                let code = self.emit(arg, cur);
                match of {
                    Sized::Str => quote!(#code.map(|s| s.chars().count() as f64)),
                    Sized::List => quote!(#code.map(|l| l.len() as f64)),
                }
            }
            Node::Contains {
                subject,
                search,
                within,
            } => {
                let s = self.emit(subject, cur);
                let x = self.emit(search, cur);
                match within {
                    Sized::List => {
                        let search_repr = repr_tokens(&search.ty);
                        quote!({
                            let search: Option<#search_repr> = #x;
                            #s.map(|list| search.is_some_and(|x| list.contains(&x)))
                        })
                    }
                    Sized::Str => quote!({
                        let search: Option<&str> = #x;
                        #s.map(|text| search.is_some_and(|x| text.contains(x)))
                    }),
                }
            }
        }
    }

    fn projection(
        &self,
        left: &Typed,
        element: &ValueType,
        condition: Option<&Typed>,
        right: Option<&Typed>,
        cur: &Ident,
    ) -> TokenStream {
        let code = self.emit(left, cur);
        let element_repr = repr_tokens(element);
        let item = self.fresh();
        let mut stages = TokenStream::new();
        if let Some(condition) = condition {
            let var = self.fresh();
            let condition_code = self.emit(condition, &var);
            let test_var = self.fresh();
            let truthy = truthy(&test_var, &condition.ty);
            let condition_repr = repr_tokens(&condition.ty);
            let copy = if element.is_copy() {
                quote!(*#item)
            } else {
                quote!(#item.clone())
            };
            stages.extend(quote! {
                .filter(|#item| {
                    let #var: Option<#element_repr> = Some(#copy);
                    let #test_var: Option<#condition_repr> = #condition_code;
                    #truthy
                })
            });
        }
        if let Some(right) = right {
            let var = self.fresh();
            let right_code = self.emit(right, &var);
            stages.extend(quote! {
                .filter_map(|#item| {
                    let #var: Option<#element_repr> = Some(#item);
                    #right_code
                })
            });
        }
        if stages.is_empty() {
            return code;
        }
        quote!(#code.map(|items| items.into_iter() #stages .collect::<Vec<_>>()))
    }
}

/// Converts `x: &T` into the value representation; `None` when `x` already is the
/// representation.
fn conversion_tokens(x: &TokenStream, conversion: &Conversion) -> Option<TokenStream> {
    Some(match conversion {
        Conversion::None => return None,
        Conversion::AsStr => quote!(#x.as_str()),
        Conversion::Deref => quote!(*#x),
        Conversion::F64From => quote!(f64::from(*#x)),
        Conversion::I64AsF64 => quote!(*#x as f64),
        Conversion::Seconds => quote!(#x.as_secs_f64()),
        Conversion::List(element) => match conversion_tokens(&quote!(e), element) {
            Some(inner) => quote!(#x.iter().map(|e| #inner).collect::<Vec<_>>()),
            None => quote!(#x.iter().collect::<Vec<_>>()),
        },
    })
}

/// JMESPath truthiness of the variable `var`: false for null, `false`, `""` and `[]`.
fn truthy(var: &Ident, ty: &ValueType) -> TokenStream {
    match ty {
        ValueType::Str => quote!(#var.is_some_and(|s| !s.is_empty())),
        ValueType::Bool => quote!(#var == Some(true)),
        ValueType::List(_) => quote!(#var.as_ref().is_some_and(|l| !l.is_empty())),
        _ => quote!(#var.is_some()),
    }
}

fn literal_tokens(literal: &LiteralValue) -> TokenStream {
    match literal {
        LiteralValue::Str(text) => quote!(Some(#text)),
        LiteralValue::Bool(b) => quote!(Some(#b)),
        LiteralValue::Num(n) => {
            let n = Literal::f64_suffixed(*n);
            quote!(Some(#n))
        }
        LiteralValue::Null => quote!(Option::<()>::None),
    }
}
