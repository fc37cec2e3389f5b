//! Paginators (`smithy.api#paginated`): `src/operation/<op>/paginator.rs` with
//! `<Op>Paginator` and, when the trait names `items`, `<Op>PaginatorItems`; the fluent
//! builder's `into_paginator()`. The loop itself is the runtime's
//! `smithy_runtime::paginator::PaginationStream`; this emits only where the tokens, the page
//! size and the items live.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, path, plain_doc, type_tokens};
use crate::ir::{OperationDef, RustType};
use crate::naming;
use crate::operation_traits::{PaginatorDef, PathStep};

/// `pub mod paginator;`, appended to the operation's module.
pub fn module_decl(op: &OperationDef) -> TokenStream {
    match op.paginator {
        Some(_) => quote! {
            /// Paginator for this operation.
            pub mod paginator;
        },
        None => quote!(),
    }
}

/// `into_paginator()`, appended to the operation's `builders` module.
pub fn into_paginator(op: &OperationDef) -> TokenStream {
    if op.paginator.is_none() {
        return quote!();
    }
    let fluent = ident(&op.symbol.fluent_builder_name);
    let paginator = path(&op.symbol.paginator_path);
    let doc = plain_doc(&[
        "Creates a paginator for this request.".into(),
        String::new(),
        format!(
            "Call [`send`]({}::send) on it for a",
            op.symbol.paginator_path
        ),
        "stream of pages, read with `next().await`, `try_collect().await` or".into(),
        "`collect().await`. Nothing is sent until the stream is read.".into(),
    ]);
    quote! {
        impl #fluent {
            #doc
            pub fn into_paginator(self) -> #paginator {
                #paginator::new(self.handle, self.inner)
            }
        }
    }
}

/// `src/operation/<op>/paginator.rs`, when the operation is paginated.
pub fn file(op: &OperationDef) -> Option<(String, TokenStream)> {
    let paginator = op.paginator.as_ref()?;
    Some((op.symbol.paginator_file.clone(), render(op, paginator)))
}

fn render(op: &OperationDef, def: &PaginatorDef) -> TokenStream {
    let name = ident(&op.symbol.paginator_name);
    let items_name = ident(&naming::paginator_items_name(op.id.name()));
    let input_builder = path(&op.input.builder_path());
    let orchestrate = path(&op.symbol.item_path("orchestrate"));
    let input_path = path(&op.input.path());
    let output_path = path(&op.output.path());
    let error_path = path(&op.error_path());
    let method = &op.symbol.fn_name;
    let doc = plain_doc(&[format!(
        "Paginator for [`{}`](crate::client::Client::{method}).",
        op.id.name()
    )]);
    let token_ty = type_tokens(&def.token_type);
    let input_token = ident(&def.input_token.field);
    let output_token = token_getter(&def.output_token);
    let page_size = def.page_size.as_ref().map(|(step, ty)| {
        let field = ident(&step.field);
        let ty = type_tokens(ty);
        let note = format!(
            " Sets `{}` on every page request, replacing any value the builder had.",
            step.field
        );
        quote! {
            /// The most items each page may hold.
            ///
            #[doc = #note]
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.builder.#field = Some(limit);
                self
            }
        }
    });
    let items = def.items.as_ref().map(|items| {
        let item_ty = match &items.collection {
            RustType::Vec(element) => type_tokens(element),
            RustType::Map(key, value) => {
                let (key, value) = (type_tokens(key), type_tokens(value));
                quote!((#key, #value))
            }
            _ => unreachable!("items target a list or a map"),
        };
        let getter = items_getter(&items.path);
        // A map's items are `(key, value)` pairs, whose spelled-out type clippy finds complex
        // once the value is a nested collection; the official crates spell it out too.
        let complexity = matches!(items.collection, RustType::Map(..))
            .then(|| quote!(#[allow(clippy::type_complexity)]));
        let method_doc = format!(
            " Each element of `{}`, page after page, as one stream.",
            items.member_path
        );
        let struct_doc = format!(
            " Flattened paginator for [`{name}`]: the items of each page, created with [`items`]({name}::items)."
        );
        (
            quote! {
                /// Reads items instead of pages.
                ///
                #[doc = #method_doc]
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            },
            quote! {
                #[doc = #struct_doc]
                pub struct #items_name(#name);

                impl #items_name {
                    /// Creates the stream of items.
                    ///
                    /// Pages are requested as the stream is read with `next().await`; `try_collect().await`
                    /// reads all of them.
                    #complexity
                    pub fn send(
                        self,
                    ) -> ::smithy_runtime::paginator::PaginationStream<
                        Result<#item_ty, crate::error::SdkError<#error_path>>,
                    > {
                        self.0.send().flat_map_items(|page: #output_path| #getter)
                    }
                }
            },
        )
    });
    let (items_method, items_struct) = match items {
        Some((method, structure)) => (Some(method), Some(structure)),
        None => (None, None),
    };
    quote! {
        #doc
        pub struct #name {
            handle: ::smithy_runtime::client::Handle,
            builder: #input_builder,
            stop_on_duplicate_token: bool,
        }

        impl #name {
            pub(crate) fn new(
                handle: ::smithy_runtime::client::Handle,
                builder: #input_builder,
            ) -> Self {
                Self {
                    handle,
                    builder,
                    stop_on_duplicate_token: true,
                }
            }

            #page_size

            #items_method

            /// Whether a token the service hands back unchanged ends the stream (`true`, the
            /// default), guarding against a service bug that would page forever. Turn it off for
            /// operations that repeat a token on purpose, such as following a live log.
            pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                self.stop_on_duplicate_token = stop_on_duplicate_token;
                self
            }

            /// The stream of pages; each `next().await` sends the request for the next page.
            pub fn send(
                self,
            ) -> ::smithy_runtime::paginator::PaginationStream<
                Result<#output_path, crate::error::SdkError<#error_path>>,
            > {
                let handle = self.handle;
                ::smithy_runtime::paginator::PaginationStream::pages(
                    self.builder
                        .build()
                        .map_err(crate::error::SdkError::construction_failure),
                    ::smithy_runtime::paginator::PageSettings::default()
                        .stop_on_duplicate_token(self.stop_on_duplicate_token),
                    move |input: #input_path| {
                        #orchestrate(
                            handle.clone(),
                            Ok(input),
                        )
                    },
                    |input: &#input_path| input.#input_token.clone(),
                    |input: &mut #input_path, token: Option<#token_ty>| {
                        input.#input_token = token;
                    },
                    |output: &#output_path| #output_token,
                )
            }
        }

        #items_struct
    }
}

/// `Option<Token>` from `output: &Output`, cloned.
fn token_getter(steps: &[PathStep]) -> TokenStream {
    // Either a place (`output.a.b`, not optional so far) or an `Option<&T>` expression.
    let mut place = quote!(output);
    let mut option: Option<TokenStream> = None;
    for (i, step) in steps.iter().enumerate() {
        let field = ident(&step.field);
        if option.is_none() && step.optional && i + 1 == steps.len() {
            return quote!(#place.#field.clone());
        }
        let as_ref = if step.boxed {
            quote!(as_deref)
        } else {
            quote!(as_ref)
        };
        option = Some(match (option.take(), step.optional) {
            (None, false) => {
                place = quote!(#place.#field);
                continue;
            }
            (None, true) => quote!(#place.#field.#as_ref()),
            (Some(option), true) => quote!(#option.and_then(|v| v.#field.#as_ref())),
            (Some(option), false) => quote!(#option.map(|v| &v.#field)),
        });
    }
    match option {
        None => quote!(Some(#place.clone())),
        Some(option) => quote!(#option.cloned()),
    }
}

/// The owned items of `page: Output`, empty when absent.
fn items_getter(steps: &[PathStep]) -> TokenStream {
    let mut place = quote!(page);
    let mut option: Option<TokenStream> = None;
    for step in steps {
        let field = ident(&step.field);
        let unbox = if step.boxed {
            quote!(.map(|v| *v))
        } else {
            quote!()
        };
        option = Some(match (option.take(), step.optional) {
            (None, false) => {
                place = if step.boxed {
                    quote!((*#place.#field))
                } else {
                    quote!(#place.#field)
                };
                continue;
            }
            (None, true) => quote!(#place.#field #unbox),
            (Some(option), true) => quote!(#option.and_then(|v| v.#field #unbox)),
            (Some(option), false) => {
                if step.boxed {
                    quote!(#option.map(|v| *v.#field))
                } else {
                    quote!(#option.map(|v| v.#field))
                }
            }
        });
    }
    match option {
        None => place,
        Some(option) => quote!(#option.unwrap_or_default()),
    }
}
