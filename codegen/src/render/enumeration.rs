//! String enums (`enum` shapes and the legacy `smithy.api#enum` trait): forward compatible,
//! with an `Unknown` variant that keeps values this version does not know. A legacy enum
//! whose entries have no names is, as in the official crates, a newtype over `String` with
//! the known values listed by `values()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, plain_doc};
use crate::ir::EnumDef;

pub fn render(def: &EnumDef) -> TokenStream {
    if !def.named {
        return render_unnamed(def);
    }
    let name = ident(&def.name);
    let type_doc = doc_attrs(def.docs.as_deref(), &format!("The `{}` enum.", def.name));
    let usage = plain_doc(&usage_doc(def));
    let variants = def.variants.iter().map(|variant| {
        let docs = doc_attrs(
            variant.docs.as_deref(),
            &format!("`{}`", variant.value.replace('`', "'")),
        );
        let ident = ident(&variant.name);
        let deprecated = variant.deprecated.then(|| quote!(#[deprecated]));
        quote!(#docs #deprecated #ident,)
    });
    let from_arms = def.variants.iter().map(|variant| {
        let ident = ident(&variant.name);
        let value = &variant.value;
        quote!(#value => #name::#ident,)
    });
    let as_str_arms = def.variants.iter().map(|variant| {
        let ident = ident(&variant.name);
        let value = &variant.value;
        quote!(#name::#ident => #value,)
    });
    let values = def.variants.iter().map(|variant| &variant.value);
    let allow_deprecated = def
        .variants
        .iter()
        .any(|v| v.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #type_doc
        #usage
        #[non_exhaustive]
        #[derive(Clone, Eq, Ord, PartialEq, PartialOrd, Debug, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know; see the type's documentation.
            #[deprecated(note = "`Unknown` holds values this crate version does not know; they may become named variants later. Match them with a catch-all arm (see the enum's documentation) instead.")]
            Unknown(crate::primitives::sealed_enum_unknown::UnknownVariantValue),
        }
        #allow_deprecated
        impl From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_arms)*
                    #[allow(deprecated)]
                    other => #name::Unknown(crate::primitives::sealed_enum_unknown::UnknownVariantValue::new(other.to_owned())),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, <Self as ::std::str::FromStr>::Err> {
                Ok(#name::from(s))
            }
        }
        #allow_deprecated
        impl #name {
            /// Returns the `&str` value of the enum member.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    #[allow(deprecated)]
                    #name::Unknown(value) => value.as_str(),
                }
            }
            /// Returns all the `&str` representations of the enum members.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
            /// Parses the enum value, failing for values this version does not know.
            pub fn try_parse(value: &str) -> Result<Self, crate::error::UnknownVariantError> {
                match Self::from(value) {
                    #[allow(deprecated)]
                    Self::Unknown(_) => Err(crate::error::UnknownVariantError::new(value)),
                    known => Ok(known),
                }
            }
        }
        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// A legacy enum without names: any string, with the model's values in `values()`. It has no
/// `AsRef<str>` (that would overlap its `From<T: AsRef<str>>`) and no `Display`, like the
/// official crates' unnamed enums.
fn render_unnamed(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let type_doc = doc_attrs(def.docs.as_deref(), &format!("The `{}` enum.", def.name));
    let values = def.variants.iter().map(|variant| &variant.value);
    quote! {
        #type_doc
        #[non_exhaustive]
        #[derive(Clone, Eq, Ord, PartialEq, PartialOrd, Debug, Hash)]
        pub struct #name(String);
        impl #name {
            /// Returns the `&str` value of the enum member.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// Returns all the `&str` representations of the enum members.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        impl<T> From<T> for #name
        where
            T: ::std::convert::AsRef<str>,
        {
            fn from(s: T) -> Self {
                #name(s.as_ref().to_owned())
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, <Self as ::std::str::FromStr>::Err> {
                Ok(#name::from(s))
            }
        }
    }
}

fn usage_doc(def: &EnumDef) -> Vec<String> {
    let variable = crate::naming::snake_case(&def.name);
    let mut lines = vec![
        String::new(),
        format!(
            "When matching on `{}`, the service may return values this version of the crate does not know yet, so a `match` needs a catch-all arm:",
            def.name
        ),
        "```text".into(),
        format!("match {variable} {{"),
    ];
    for variant in def.variants.iter().take(3) {
        lines.push(format!(
            "    {}::{} => {{ /* ... */ }}",
            def.name,
            variant.name.trim_start_matches("r#")
        ));
    }
    lines.push("    other => { /* `other.as_str()` holds the value */ }".into());
    lines.push("}".into());
    lines.push("```".into());
    lines
}
