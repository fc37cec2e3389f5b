//! The crate-level `Error`: every error the selected operations can return, in one enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, path};
use crate::ir::CrateDef;

pub fn render(def: &CrateDef) -> TokenStream {
    let name = format_ident!("Error");
    let error_enum = super::operation::render_error_enum(
        &name,
        &def.all_errors,
        "All possible error types for this service.",
        quote!(Error),
        super::operation::ErrorHelpers::None,
    );
    let conversions = def.operations.iter().map(|op| {
        let op_error = path(&op.error_path());
        // Imported inside `from`, whose arms then name it plainly; nothing else there has a name
        // of its own, and the operation's error is never named `Error`.
        let op_error_name = ident(&op.symbol.error_name);
        let arms = op.errors.iter().map(|error| {
            let variant = ident(&error.variant);
            quote!(#op_error_name::#variant(inner) => Error::#variant(inner),)
        });
        quote! {
            impl From<#op_error> for Error {
                fn from(err: #op_error) -> Self {
                    use #op_error;
                    match err {
                        #(#arms)*
                        #[allow(deprecated)]
                        #op_error_name::Unhandled(inner) => Error::Unhandled(inner),
                    }
                }
            }
        }
    });
    quote! {
        #error_enum
        #(#conversions)*
    }
}
