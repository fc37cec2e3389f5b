//! Per operation: its module (input, output, and the error enum) and its `builders` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, path, plain_doc};
use crate::ir::{ErrorRef, OperationDef};
use crate::naming;

pub fn render_module(op: &OperationDef) -> TokenStream {
    let error_name = ident(&op.symbol.error_name);
    let error_enum = render_error_enum(
        &error_name,
        &op.errors,
        &format!("The errors the `{}` operation can return.", op.name),
        quote!(#error_name),
        ErrorHelpers::IsMethods,
    );
    let input = path(&op.input.symbol.definition_path);
    let output = path(&op.output.symbol.definition_path);
    let input_module = ident(&op.input.symbol.file_module);
    let output_module = ident(&op.output.symbol.file_module);
    quote! {
        #error_enum
        pub use #input;
        pub use #output;
        mod #input_module;
        mod #output_module;
        /// Builders for this operation's input and output.
        pub mod builders;
    }
}

pub fn render_builders(op: &OperationDef) -> TokenStream {
    let exports = [&op.input, &op.output].map(|io| {
        let builder = path(&io.symbol.builder_definition_path);
        quote!(pub use #builder;)
    });
    quote!(#(#exports)*)
}

/// Whether an error enum gets an `is_<variant>()` method per variant: operation errors do, the
/// crate-level `Error` does not (as in the SDK).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorHelpers {
    IsMethods,
    None,
}

/// An error enum with one variant per modeled error and an `Unhandled` fallback; used for each
/// operation and for the crate-level `Error`.
pub(crate) fn render_error_enum(
    name: &proc_macro2::Ident,
    errors: &[ErrorRef],
    doc: &str,
    self_path: TokenStream,
    helpers: ErrorHelpers,
) -> TokenStream {
    let doc = plain_doc(&[doc.to_string()]);
    let variants = errors.iter().map(|error| {
        let variant = ident(&error.variant);
        let ty = path(&error.symbol.path);
        let docs = doc_attrs(
            error.docs.as_deref(),
            &format!("The `{}` error.", error.type_name),
        );
        quote!(#docs #variant(#ty),)
    });
    let with_is_fns = helpers == ErrorHelpers::IsMethods;
    let is_fns = errors.iter().filter(|_| with_is_fns).map(|error| {
        let variant = ident(&error.variant);
        let is_fn = ident(&naming::error_variant_is_fn_name(&error.variant));
        let is_doc = plain_doc(&[format!("Whether this is the `{}` error.", error.variant)]);
        quote! {
            #is_doc
            pub fn #is_fn(&self) -> bool {
                ::std::matches!(self, Self::#variant(_))
            }
        }
    });
    let variant_idents: Vec<_> = errors.iter().map(|e| ident(&e.variant)).collect();
    let unhandled_doc = format!(
        "A code that lands in `Unhandled` today may get its own variant when the model gains that error, so a pattern on `Unhandled` can silently stop matching. Bind the error in a catch-all arm and compare its code instead, e.g. `other if other.code() == Some(\"SomeNewException\") => ...`; [`ProvideErrorMetadata`](#impl-ProvideErrorMetadata-for-{name}) lists the code, message and request id it carries."
    );
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error that is not modeled, or a response that could not be parsed; `code()`,
            /// `message()` and `request_id()` tell what the service sent.
            #[deprecated(note = #unhandled_doc)]
            Unhandled(crate::error::sealed_unhandled::Unhandled),
        }
        impl #name {
            /// Wraps any error as the `Unhandled` variant.
            pub fn unhandled(err: impl Into<crate::error::BoxError>) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(err.into()))
            }
            /// The `Unhandled` variant for an error known only by its metadata (code, message, request id).
            pub fn generic(meta: crate::error::ErrorMetadata) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled::from_meta(meta))
            }
            /// The error metadata: code, message and request id.
            pub fn meta(&self) -> &crate::error::ErrorMetadata {
                crate::error::ProvideErrorMetadata::meta(self.variant_error())
            }
            #(#is_fns)*
            fn variant_error(&self) -> &dyn ::smithy_runtime::error::VariantError {
                match self {
                    #(Self::#variant_idents(inner) => inner,)*
                    #[allow(deprecated)]
                    Self::Unhandled(inner) => inner,
                }
            }
        }
        // The enum displays as its variant, so its cause is the variant's cause: the variant
        // itself as the source would print its code and message twice.
        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                self.variant_error().source()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.variant_error(), f)
            }
        }
        impl crate::error::ProvideErrorMetadata for #self_path {
            fn meta(&self) -> &crate::error::ErrorMetadata {
                #name::meta(self)
            }
        }
        impl crate::operation::RequestId for #self_path {
            fn request_id(&self) -> Option<&str> {
                crate::operation::RequestId::request_id(self.meta())
            }
        }
    }
}

/// `CreateUnhandledError` for an error enum, so `SdkError::into_service_error` can turn any
/// failure into its `Unhandled` variant.
pub(crate) fn create_unhandled_impl(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::smithy_runtime::error::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: crate::error::BoxError,
                meta: Option<crate::error::ErrorMetadata>,
            ) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(
                    crate::error::sealed_unhandled::Unhandled::new(source)
                        .with_meta(meta.unwrap_or_default()),
                )
            }
        }
    }
}
