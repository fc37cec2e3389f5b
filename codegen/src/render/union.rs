//! Unions: one variant per member, plus `Unknown` for members added to the model later.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, plain_doc, type_tokens};
use crate::ir::UnionDef;

pub fn render(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref(), &format!("The `{}` union.", def.name));
    let any_sensitive = def.variants.iter().any(|v| v.sensitive);
    let derive_debug = (!any_sensitive).then(|| quote!(Debug,));
    let variants = def.variants.iter().map(|variant| {
        let docs = doc_attrs(
            variant.docs.as_deref(),
            &format!("The `{}` member.", variant.member),
        );
        let ident = ident(&variant.name);
        match &variant.ty {
            Some(ty) => {
                let ty = type_tokens(ty);
                quote!(#docs #ident(#ty),)
            }
            None => quote!(#docs #ident,),
        }
    });
    let accessors = def.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.name);
        let as_fn = ident(&variant.as_fn);
        let is_fn = ident(&variant.is_fn);
        let as_doc = plain_doc(&[format!(
            "The value inside [`{0}`](Self::{0}); `Err(self)` when the union holds another member.",
            variant.name.trim_start_matches("r#")
        )]);
        let is_doc = plain_doc(&[format!(
            "Whether the union holds [`{0}`](Self::{0}).",
            variant.name.trim_start_matches("r#")
        )]);
        let (ty, pattern, value) = match &variant.ty {
            Some(ty) => (
                type_tokens(ty),
                quote!(#name::#variant_ident(value)),
                quote!(value),
            ),
            None => (quote!(()), quote!(#name::#variant_ident), quote!(&())),
        };
        quote! {
            #as_doc
            pub fn #as_fn(&self) -> Result<&#ty, &Self> {
                if let #pattern = &self {
                    Ok(#value)
                } else {
                    Err(self)
                }
            }
            #is_doc
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        }
    });
    let debug_impl = any_sensitive.then(|| {
        let arms = def.variants.iter().map(|variant| {
            let ident = ident(&variant.name);
            let label = variant.name.trim_start_matches("r#");
            if variant.ty.is_none() {
                quote!(#name::#ident => f.write_str(#label),)
            } else if variant.sensitive {
                quote!(#name::#ident(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(),)
            } else {
                quote!(#name::#ident(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #name::Unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    });
    let irrefutable = (def.variants.len() <= 1).then(|| quote!(#[allow(irrefutable_let_patterns)]));
    // An event stream's variants hold their structures unboxed, as in the AWS SDK, so an event
    // is built the same way with either crate; a configuration event beside an audio chunk
    // makes them differ in size by design.
    let large_variants = def
        .event_stream
        .is_some()
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #docs
        #large_variants
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_debug)]
        pub enum #name {
            #(#variants)*
            /// The service sent a member this version of the crate does not know.
            ///
            /// Use a catch-all arm when matching, rather than this variant.
            #[non_exhaustive]
            Unknown,
        }
        #irrefutable
        impl #name {
            #(#accessors)*
            /// Returns true if the union holds a member this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::Unknown)
            }
        }
        #debug_impl
    }
}
