//! Waiters (`smithy.waiters#waitable`): `src/waiters.rs`, one `src/waiters/<name>.rs` per
//! waiter (its fluent builder, result and error aliases, and its acceptors), and the
//! `client::Waiters` trait with a `wait_until_<name>()` method per waiter.
//!
//! Acceptor paths are JMESPath expressions; they are compiled here into Rust over the output's
//! fields, typed against the model. The value of every sub-expression is an `Option` (JMESPath
//! `null` is `None`) of a small representation: `&str` for strings and enums, `bool`, `f64`
//! for numbers and timestamps, a reference for structures and unions, a `Vec` for lists.
//! Supported: fields, sub-expressions, pipes, `@`, indexes, `[]` / `[*]` / `[?...]`
//! projections, literals, `==` `!=` `<` `<=` `>` `>=`, `&&` `||` `!`, and the functions
//! `length` and `contains`. Anything else is reported as a generator error naming the waiter.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::cell::Cell;

use super::{doc_attrs, ident, path, plain_doc};
use crate::ir::{CrateDef, NamedKind, OperationDef, RustType, StructDef, TypeDef, UnionDef};
use crate::jmespath::{Comparator, Expr};
use crate::naming;
use crate::operation_traits::{
    find_struct, AcceptorState, Matcher, PathComparator, PathMatcher, WaiterDef,
};

/// Whether the crate has any waiter (and so a `waiters` module).
pub fn has_waiters(def: &CrateDef) -> bool {
    def.operations.iter().any(|op| !op.waiters.is_empty())
}

/// Checks that a path matcher compiles; used while building the intermediate form, so that
/// problems are reported with the operation and waiter.
pub fn check_path_matcher(
    def: &CrateDef,
    op: &OperationDef,
    matcher: &PathMatcher,
    input_output: bool,
) -> Result<(), String> {
    path_matcher_fn(def, op, matcher, input_output, &format_ident!("check")).map(|_| ())
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
            files.push((
                format!("src/waiters/{module}.rs"),
                waiter_file(def, op, waiter),
            ));
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

fn waiter_file(def: &CrateDef, op: &OperationDef, waiter: &WaiterDef) -> TokenStream {
    let module = ident(&op.module);
    let builder = ident(&naming::waiter_builder_name(&waiter.name));
    let final_poll = ident(&naming::waiter_final_poll_name(&waiter.name));
    let error_alias = ident(&naming::waiter_error_name(&waiter.name));
    let input_builder = ident(&op.input.builder_name());
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
                ::std::matches!(result, ::std::result::Result::Err(error)
                    if crate::error::ProvideErrorMetadata::code(error) == ::std::option::Option::Some(#code))
            },
            Matcher::Output(matcher) | Matcher::InputOutput(matcher) => {
                let input_output = matches!(acceptor.matcher, Matcher::InputOutput(_));
                let name = format_ident!("matches_{}", i + 1);
                let function = path_matcher_fn(def, op, matcher, input_output, &name)
                    .expect("checked while building the intermediate form");
                let doc = format!(" Matcher: {}", acceptor.matcher_json);
                matcher_fns.push(quote! {
                    #[doc = #doc]
                    #function
                });
                let args = if input_output {
                    quote!(input, output)
                } else {
                    quote!(output)
                };
                quote! {
                    ::std::matches!(result, ::std::result::Result::Ok(output) if #name(#args))
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
            quote!(move |result: ::std::result::Result<&#output_path, &#error_path>| acceptor(&acceptor_input, result)),
            quote!(let acceptor_input = input.clone();),
        )
    } else {
        (quote!(), quote!(acceptor), quote!())
    };
    quote! {
        #struct_doc
        #deprecated
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #builder {
            handle: ::smithy_runtime::client::Handle,
            inner: crate::operation::#module::builders::#input_builder,
        }

        impl #builder {
            pub(crate) fn new(handle: ::smithy_runtime::client::Handle) -> Self {
                Self {
                    handle,
                    inner: ::std::default::Default::default(),
                }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &crate::operation::#module::builders::#input_builder {
                &self.inner
            }

            #wait_docs
            ///
            /// Polls until an acceptor reaches success or failure, or `max_wait` has passed.
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<#final_poll, #error_alias> {
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
                    crate::operation::#module::orchestrate(
                        handle.clone(),
                        ::std::result::Result::Ok(input.clone()),
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
            result: ::std::result::Result<&#output_path, &#error_path>,
        ) -> ::smithy_runtime::waiter::AcceptorState {
            #(#checks)*
            ::smithy_runtime::waiter::AcceptorState::NoAcceptorsMatched
        }

        #(#matcher_fns)*
    }
}

/// `fn <name>(output) -> bool` (or `(input, output)`) for a path matcher.
fn path_matcher_fn(
    def: &CrateDef,
    op: &OperationDef,
    matcher: &PathMatcher,
    input_output: bool,
    name: &Ident,
) -> Result<TokenStream, String> {
    let compiler = Compiler {
        def,
        op,
        counter: Cell::new(0),
    };
    let output_path = path(&op.output.path());
    let input_path = path(&op.input.path());
    let (params, root) = if input_output {
        (
            quote!(input: &#input_path, output: &#output_path),
            Cur {
                var: format_ident!("_root"),
                ty: JType::Root,
            },
        )
    } else {
        (
            quote!(output: &#output_path),
            Cur {
                var: format_ident!("_root"),
                ty: JType::Struct(op.output.path()),
            },
        )
    };
    let root_binding = if input_output {
        quote!()
    } else {
        quote!(let _root = ::std::option::Option::Some(output);)
    };
    let value = compiler.compile(&matcher.expr, &root)?;
    let repr = repr_tokens(&value.ty);
    let code = &value.code;
    let expected = &matcher.expected;
    let test = match (matcher.comparator, &value.ty) {
        (PathComparator::StringEquals, JType::Str) => {
            quote!(value == ::std::option::Option::Some(#expected))
        }
        (PathComparator::BooleanEquals, JType::Bool) => {
            let expected = expected == "true";
            quote!(value == ::std::option::Option::Some(#expected))
        }
        (PathComparator::AllStringEquals, JType::List(element)) if **element == JType::Str => {
            quote!(value.is_some_and(|values| !values.is_empty() && values.iter().all(|v| *v == #expected)))
        }
        (PathComparator::AnyStringEquals, JType::List(element)) if **element == JType::Str => {
            quote!(value.is_some_and(|values| values.contains(&#expected)))
        }
        (comparator, ty) => {
            let wanted = match comparator {
                PathComparator::StringEquals => "a string",
                PathComparator::BooleanEquals => "a boolean",
                PathComparator::AllStringEquals | PathComparator::AnyStringEquals => {
                    "a list of strings"
                }
            };
            return Err(format!(
                "the comparator needs {wanted}, but the path gives {}",
                ty.describe()
            ));
        }
    };
    Ok(quote! {
        fn #name(#params) -> bool {
            #root_binding
            let value: ::std::option::Option<#repr> = #code;
            #test
        }
    })
}

/// The static type of a JMESPath value.
#[derive(Debug, Clone, PartialEq)]
enum JType {
    /// `{input, output}` of an `inputOutput` matcher.
    Root,
    /// A generated structure, by path.
    Struct(String),
    /// A generated union, by path.
    Union(String),
    Str,
    Bool,
    Num,
    List(Box<JType>),
    /// The literal `null`.
    Null,
}

impl JType {
    fn describe(&self) -> String {
        match self {
            JType::Root => "the input and output".into(),
            JType::Struct(path) | JType::Union(path) => {
                format!("a `{}`", path.rsplit("::").next().unwrap_or(path))
            }
            JType::Str => "a string".into(),
            JType::Bool => "a boolean".into(),
            JType::Num => "a number".into(),
            JType::List(element) => format!("a list of {}", element.plural()),
            JType::Null => "null".into(),
        }
    }

    fn plural(&self) -> String {
        match self {
            JType::Root => "inputs and outputs".into(),
            JType::Struct(path) | JType::Union(path) => {
                format!("`{}` values", path.rsplit("::").next().unwrap_or(path))
            }
            JType::Str => "strings".into(),
            JType::Bool => "booleans".into(),
            JType::Num => "numbers".into(),
            JType::List(element) => format!("lists of {}", element.plural()),
            JType::Null => "nulls".into(),
        }
    }

    fn is_copy(&self) -> bool {
        !matches!(self, JType::List(_))
    }
}

/// The Rust type of a value (inside the `Option`).
fn repr_tokens(ty: &JType) -> TokenStream {
    match ty {
        JType::Root | JType::Null => quote!(()),
        JType::Struct(p) | JType::Union(p) => {
            let p = path(p);
            quote!(&#p)
        }
        JType::Str => quote!(&str),
        JType::Bool => quote!(bool),
        JType::Num => quote!(f64),
        JType::List(element) => {
            let element = repr_tokens(element);
            quote!(::std::vec::Vec<#element>)
        }
    }
}

/// The current value: a variable of type `Option<repr>`.
struct Cur {
    var: Ident,
    ty: JType,
}

/// A compiled expression: Rust of type `Option<repr>`.
struct Val {
    code: TokenStream,
    ty: JType,
}

struct Compiler<'a> {
    def: &'a CrateDef,
    op: &'a OperationDef,
    counter: Cell<usize>,
}

impl Compiler<'_> {
    fn fresh(&self) -> Ident {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        format_ident!("_v{}", n)
    }

    /// Reads the current value (copied or cloned).
    fn read(&self, cur: &Cur) -> Result<TokenStream, String> {
        let var = &cur.var;
        match cur.ty {
            JType::Root => Err("`@` at the top of an `inputOutput` path is not supported".into()),
            ref ty if ty.is_copy() => Ok(quote!(#var)),
            _ => Ok(quote!(#var.clone())),
        }
    }

    /// `{ let vN: Option<repr> = <val>; <then(vN)> }`.
    fn bind(
        &self,
        val: Val,
        then: impl FnOnce(&Cur) -> Result<Val, String>,
    ) -> Result<Val, String> {
        let var = self.fresh();
        let repr = repr_tokens(&val.ty);
        let code = val.code;
        let cur = Cur { var, ty: val.ty };
        let inner = then(&cur)?;
        let var = &cur.var;
        let inner_code = inner.code;
        Ok(Val {
            code: quote!({
                let #var: ::std::option::Option<#repr> = #code;
                #inner_code
            }),
            ty: inner.ty,
        })
    }

    fn compile(&self, expr: &Expr, cur: &Cur) -> Result<Val, String> {
        match expr {
            Expr::Identity => Ok(Val {
                code: self.read(cur)?,
                ty: cur.ty.clone(),
            }),
            Expr::Field(name) => self.field(name, cur),
            Expr::Subexpr(left, right) | Expr::Pipe(left, right) => {
                let left = self.compile(left, cur)?;
                if left.ty == JType::Null {
                    return Err("a member of `null` is always null".into());
                }
                self.bind(left, |cur| self.compile(right, cur))
            }
            Expr::Index(index) => {
                let JType::List(element) = &cur.ty else {
                    return Err(format!(
                        "`[{index}]` indexes a list, not {}",
                        cur.ty.describe()
                    ));
                };
                let read = self.read(cur)?;
                let get = if *index == 0 {
                    quote!(list.first().cloned())
                } else if *index > 0 {
                    let index = *index as usize;
                    quote!(list.get(#index).cloned())
                } else {
                    let back = index.unsigned_abs() as usize;
                    quote!(list.len().checked_sub(#back).and_then(|i| list.get(i).cloned()))
                };
                Ok(Val {
                    code: quote!(#read.and_then(|list| #get)),
                    ty: (**element).clone(),
                })
            }
            Expr::Flatten(inner) => {
                let inner = self.compile(inner, cur)?;
                match inner.ty {
                    JType::List(element) => match *element {
                        JType::List(nested) => {
                            let code = inner.code;
                            Ok(Val {
                                code: quote!(#code.map(|lists| lists.into_iter().flatten().collect::<::std::vec::Vec<_>>())),
                                ty: JType::List(nested),
                            })
                        }
                        element => Ok(Val {
                            code: inner.code,
                            ty: JType::List(Box::new(element)),
                        }),
                    },
                    other => Err(format!("`[]` flattens a list, not {}", other.describe())),
                }
            }
            Expr::ListProjection(left, right) => self.projection(left, right, None, cur),
            Expr::FilterProjection {
                left,
                right,
                condition,
            } => self.projection(left, right, Some(condition), cur),
            Expr::Literal(value) => literal(value),
            Expr::Not(inner) => {
                let inner = self.compile(inner, cur)?;
                let var = self.fresh();
                let falsy = match inner.ty {
                    JType::Bool => quote!(#var != ::std::option::Option::Some(true)),
                    _ => {
                        let truthy = truthy(&var, &inner.ty);
                        quote!(!(#truthy))
                    }
                };
                let code = inner.code;
                let repr = repr_tokens(&inner.ty);
                Ok(Val {
                    code: quote!({
                        let #var: ::std::option::Option<#repr> = #code;
                        ::std::option::Option::Some(#falsy)
                    }),
                    ty: JType::Bool,
                })
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let is_and = matches!(expr, Expr::And(..));
                let left = self.compile(left, cur)?;
                let right = self.compile(right, cur)?;
                if left.ty != right.ty {
                    return Err(format!(
                        "`{}` between {} and {} is not supported",
                        if is_and { "&&" } else { "||" },
                        left.ty.describe(),
                        right.ty.describe()
                    ));
                }
                let var = self.fresh();
                let truthy = truthy(&var, &left.ty);
                let repr = repr_tokens(&left.ty);
                let (l, r) = (left.code, right.code);
                let body = if is_and {
                    quote!(if #truthy { #r } else { #var })
                } else {
                    quote!(if #truthy { #var } else { #r })
                };
                Ok(Val {
                    code: quote!({
                        let #var: ::std::option::Option<#repr> = #l;
                        #body
                    }),
                    ty: left.ty,
                })
            }
            Expr::Compare(op, left, right) => {
                let left = self.compile(left, cur)?;
                let right = self.compile(right, cur)?;
                self.compare(*op, left, right)
            }
            Expr::Function(name, args) => self.function(name, args, cur),
            Expr::Slice(..) => Err("slices are not supported".into()),
            Expr::ValueProjection(..) => Err("`*` object projections are not supported".into()),
            Expr::MultiSelectList(_) => Err("multi-select lists are not supported".into()),
            Expr::MultiSelectHash(_) => Err("multi-select hashes are not supported".into()),
            Expr::ExpRef(_) => Err("expression references (`&`) are not supported".into()),
        }
    }

    fn field(&self, name: &str, cur: &Cur) -> Result<Val, String> {
        match &cur.ty {
            JType::Root => match name {
                "input" => Ok(Val {
                    code: quote!(::std::option::Option::Some(input)),
                    ty: JType::Struct(self.op.input.path()),
                }),
                "output" => Ok(Val {
                    code: quote!(::std::option::Option::Some(output)),
                    ty: JType::Struct(self.op.output.path()),
                }),
                other => Err(format!(
                    "an `inputOutput` path starts with `input` or `output`, not `{other}`"
                )),
            },
            JType::Struct(struct_path) => {
                let def = self.struct_def(struct_path)?;
                let field = def
                    .fields
                    .iter()
                    .find(|field| field.member == name)
                    .ok_or_else(|| format!("`{}` has no member `{name}`", def.id.name()))?;
                let read = self.read(cur)?;
                let name = ident(&field.name);
                let (convert, ty) = convert(&quote!(x), &field.ty)?;
                let code = match (&field.ty, field.optional) {
                    (RustType::Bool | RustType::F64, true) => quote!(#read.and_then(|v| v.#name)),
                    (RustType::Bool | RustType::F64, false) => quote!(#read.map(|v| v.#name)),
                    (RustType::Named { boxed: true, .. }, true) => {
                        quote!(#read.and_then(|v| v.#name.as_deref()))
                    }
                    (RustType::Named { boxed: true, .. }, false) => {
                        quote!(#read.map(|v| &*v.#name))
                    }
                    (_, true) => match convert {
                        Some(convert) => {
                            quote!(#read.and_then(|v| v.#name.as_ref()).map(|x| #convert))
                        }
                        None => quote!(#read.and_then(|v| v.#name.as_ref())),
                    },
                    (_, false) => match convert {
                        Some(convert) => quote!(#read.map(|v| { let x = &v.#name; #convert })),
                        None => quote!(#read.map(|v| &v.#name)),
                    },
                };
                Ok(Val { code, ty })
            }
            JType::Union(union_path) => {
                let def = self.union_def(union_path)?;
                let variant = def
                    .variants
                    .iter()
                    .find(|variant| variant.member == name)
                    .ok_or_else(|| format!("`{}` has no member `{name}`", def.id.name()))?;
                let Some(variant_ty) = &variant.ty else {
                    return Err(format!("union member `{name}` has no value"));
                };
                let read = self.read(cur)?;
                let as_fn = ident(&variant.as_fn);
                let (convert, ty) = convert(&quote!(x), variant_ty)?;
                let convert = convert.map(|convert| quote!(.map(|x| #convert)));
                let deref = matches!(variant_ty, RustType::Named { boxed: true, .. })
                    .then(|| quote!(.map(|x| &**x)));
                Ok(Val {
                    code: quote!(#read.and_then(|v| v.#as_fn().ok())#deref #convert),
                    ty,
                })
            }
            other => Err(format!(
                "`{name}` selects a member of {}, which has none",
                other.describe()
            )),
        }
    }

    fn projection(
        &self,
        left: &Expr,
        right: &Expr,
        condition: Option<&Expr>,
        cur: &Cur,
    ) -> Result<Val, String> {
        let left = self.compile(left, cur)?;
        let JType::List(element) = &left.ty else {
            return Err(format!(
                "a projection needs a list, not {}",
                left.ty.describe()
            ));
        };
        let element = (**element).clone();
        let element_repr = repr_tokens(&element);
        let item = self.fresh();
        let mut stages = TokenStream::new();
        if let Some(condition) = condition {
            let var = self.fresh();
            let condition = self.compile(
                condition,
                &Cur {
                    var: var.clone(),
                    ty: element.clone(),
                },
            )?;
            let test_var = self.fresh();
            let truthy = truthy(&test_var, &condition.ty);
            let condition_repr = repr_tokens(&condition.ty);
            let copy = if element.is_copy() {
                quote!(*#item)
            } else {
                quote!(#item.clone())
            };
            let code = condition.code;
            stages.extend(quote! {
                .filter(|#item| {
                    let #var: ::std::option::Option<#element_repr> = ::std::option::Option::Some(#copy);
                    let #test_var: ::std::option::Option<#condition_repr> = #code;
                    #truthy
                })
            });
        }
        let ty = if *right == Expr::Identity {
            JType::List(Box::new(element))
        } else {
            let var = self.fresh();
            let right = self.compile(
                right,
                &Cur {
                    var: var.clone(),
                    ty: element,
                },
            )?;
            let code = right.code;
            stages.extend(quote! {
                .filter_map(|#item| {
                    let #var: ::std::option::Option<#element_repr> = ::std::option::Option::Some(#item);
                    #code
                })
            });
            JType::List(Box::new(right.ty))
        };
        let code = left.code;
        if stages.is_empty() {
            return Ok(Val { code, ty });
        }
        Ok(Val {
            code: quote!(#code.map(|items| items.into_iter() #stages .collect::<::std::vec::Vec<_>>())),
            ty,
        })
    }

    fn compare(&self, op: Comparator, left: Val, right: Val) -> Result<Val, String> {
        let (l, r) = (left.code, right.code);
        let code = match op {
            Comparator::Eq | Comparator::Ne => {
                if left.ty == right.ty && left.ty != JType::Root {
                    let test = if op == Comparator::Eq {
                        quote!(#l == #r)
                    } else {
                        quote!(#l != #r)
                    };
                    return Ok(Val {
                        code: quote!(::std::option::Option::Some(#test)),
                        ty: JType::Bool,
                    });
                }
                let equal = {
                    // Values of different types are equal only when both are null.
                    let (lr, rr) = (repr_tokens(&left.ty), repr_tokens(&right.ty));
                    quote!({
                        let left: ::std::option::Option<#lr> = #l;
                        let right: ::std::option::Option<#rr> = #r;
                        left.is_none() && right.is_none()
                    })
                };
                if op == Comparator::Eq {
                    quote!(::std::option::Option::Some(#equal))
                } else {
                    quote!(::std::option::Option::Some(!(#equal)))
                }
            }
            _ => {
                if left.ty != JType::Num || right.ty != JType::Num {
                    return Err(format!(
                        "`{op}` compares numbers, not {} and {}",
                        left.ty.describe(),
                        right.ty.describe()
                    ));
                }
                let test = match op {
                    Comparator::Lt => quote!(l < r),
                    Comparator::Lte => quote!(l <= r),
                    Comparator::Gt => quote!(l > r),
                    _ => quote!(l >= r),
                };
                quote!(#l.zip(#r).map(|(l, r)| #test))
            }
        };
        Ok(Val {
            code,
            ty: JType::Bool,
        })
    }

    fn function(&self, name: &str, args: &[Expr], cur: &Cur) -> Result<Val, String> {
        let args = args
            .iter()
            .map(|arg| self.compile(arg, cur))
            .collect::<Result<Vec<_>, _>>()?;
        match (name, args.as_slice()) {
            ("length", [arg]) => {
                let code = &arg.code;
                let code = match arg.ty {
                    JType::Str => quote!(#code.map(|s| s.chars().count() as f64)),
                    JType::List(_) => quote!(#code.map(|l| l.len() as f64)),
                    ref other => {
                        return Err(format!("`length` of {} is not supported", other.describe()))
                    }
                };
                Ok(Val {
                    code,
                    ty: JType::Num,
                })
            }
            ("contains", [subject, search]) => {
                let (s, x) = (&subject.code, &search.code);
                let search_repr = repr_tokens(&search.ty);
                let code = match &subject.ty {
                    JType::List(element) if **element == search.ty => {
                        quote!({
                            let search: ::std::option::Option<#search_repr> = #x;
                            #s.map(|list| search.is_some_and(|x| list.contains(&x)))
                        })
                    }
                    JType::Str if search.ty == JType::Str => quote!({
                        let search: ::std::option::Option<&str> = #x;
                        #s.map(|text| search.is_some_and(|x| text.contains(x)))
                    }),
                    other => {
                        return Err(format!(
                            "`contains` of {} in {} is not supported",
                            search.ty.describe(),
                            other.describe()
                        ))
                    }
                };
                Ok(Val {
                    code,
                    ty: JType::Bool,
                })
            }
            ("length" | "contains", _) => {
                Err(format!("`{name}` has the wrong number of arguments"))
            }
            (other, _) => Err(format!("the function `{other}` is not supported")),
        }
    }

    fn struct_def(&self, struct_path: &str) -> Result<&StructDef, String> {
        find_struct(self.def, struct_path).ok_or_else(|| format!("no structure `{struct_path}`"))
    }

    fn union_def(&self, union_path: &str) -> Result<&UnionDef, String> {
        self.def
            .types
            .iter()
            .find_map(|ty| match ty {
                TypeDef::Union(u)
                    if naming::item_path(naming::TYPES_MODULE, &u.name) == union_path =>
                {
                    Some(u)
                }
                _ => None,
            })
            .ok_or_else(|| format!("no union `{union_path}`"))
    }
}

/// Converts `x: &T` of a field's type into the value representation; `None` when `x` already
/// is the representation.
fn convert(x: &TokenStream, ty: &RustType) -> Result<(Option<TokenStream>, JType), String> {
    Ok(match ty {
        RustType::String => (Some(quote!(#x.as_str())), JType::Str),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => (Some(quote!(#x.as_str())), JType::Str),
        RustType::Named {
            kind: NamedKind::Structure,
            path,
            ..
        } => (None, JType::Struct(path.clone())),
        RustType::Named {
            kind: NamedKind::Union,
            path,
            ..
        } => (None, JType::Union(path.clone())),
        RustType::Bool => (Some(quote!(*#x)), JType::Bool),
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32 => {
            (Some(quote!(f64::from(*#x))), JType::Num)
        }
        RustType::I64 => (Some(quote!(*#x as f64)), JType::Num),
        RustType::F64 => (Some(quote!(*#x)), JType::Num),
        RustType::DateTime(_) => (Some(quote!(#x.as_secs_f64())), JType::Num),
        RustType::Vec(element) => {
            if matches!(**element, RustType::Option(_)) {
                return Err("sparse lists are not supported".into());
            }
            let (inner, element_ty) = convert(&quote!(e), element)?;
            let element_ty = match (&**element, element_ty) {
                (RustType::Named { boxed: true, .. }, _) => {
                    return Err("lists of boxed values are not supported".into())
                }
                (_, ty) => ty,
            };
            let code = match inner {
                Some(inner) => {
                    quote!(#x.iter().map(|e| #inner).collect::<::std::vec::Vec<_>>())
                }
                None => quote!(#x.iter().collect::<::std::vec::Vec<_>>()),
            };
            (Some(code), JType::List(Box::new(element_ty)))
        }
        RustType::Map(..) => return Err("maps are not supported in waiter paths".into()),
        RustType::Blob => return Err("blobs are not supported in waiter paths".into()),
        RustType::BigInteger | RustType::BigDecimal => {
            return Err("big numbers are not supported in waiter paths".into())
        }
        RustType::Document => return Err("documents are not supported in waiter paths".into()),
        RustType::Option(_) => return Err("sparse values are not supported".into()),
    })
}

/// JMESPath truthiness of the variable `var`: false for null, `false`, `""` and `[]`.
fn truthy(var: &Ident, ty: &JType) -> TokenStream {
    match ty {
        JType::Str => quote!(#var.is_some_and(|s| !s.is_empty())),
        JType::Bool => quote!(#var == ::std::option::Option::Some(true)),
        JType::List(_) => quote!(#var.as_ref().is_some_and(|l| !l.is_empty())),
        _ => quote!(#var.is_some()),
    }
}

fn literal(value: &serde_json::Value) -> Result<Val, String> {
    use serde_json::Value;
    Ok(match value {
        Value::String(text) => Val {
            code: quote!(::std::option::Option::Some(#text)),
            ty: JType::Str,
        },
        Value::Bool(b) => Val {
            code: quote!(::std::option::Option::Some(#b)),
            ty: JType::Bool,
        },
        Value::Number(n) => {
            let n = Literal::f64_suffixed(n.as_f64().ok_or("the number does not fit a double")?);
            Val {
                code: quote!(::std::option::Option::Some(#n)),
                ty: JType::Num,
            }
        }
        Value::Null => Val {
            code: quote!(::std::option::Option::<()>::None),
            ty: JType::Null,
        },
        Value::Array(_) | Value::Object(_) => {
            return Err("array and object literals are not supported".into())
        }
    })
}
