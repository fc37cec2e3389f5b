//! Standard-library names the generated code writes unqualified (`Option`, `Result`, `String`,
//! `Into`, `Default`, ...), and the one place where that is not safe: the file of a model type
//! that has one of those names.
//!
//! Derives (`#[derive(Clone, PartialEq, Debug)]`) are written plainly too, and need no care:
//! derive macros live in a namespace of their own, which no model type can enter.
//!
//! Writing `Option<T>` instead of `::std::option::Option<T>` removes about a fifth of the tokens
//! of a large crate, and with them a tenth of the generator's time (syn parses and prettyplease
//! prints every token) and some of `cargo check`'s. Only an item of the same name in the same
//! module can shadow a prelude name, and the generator's modules hold no items with model names
//! except the file of each model type: `types/_result.rs` defines `pub struct Result` (Transcribe
//! Streaming has one). Such a file is rendered with its own name as a raw identifier
//! (`r#Result`, which rustc and rustdoc read as `Result`), and every plain `Result` left in its
//! tokens is then the standard one and gets its full path.

use std::cell::Cell;

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};

/// Each prelude name the renderers write unqualified, with the path that always means it.
const PRELUDE_NAMES: [(&str, &str); 12] = [
    ("Option", "::std::option::Option"),
    ("Some", "::std::option::Option::Some"),
    ("None", "::std::option::Option::None"),
    ("Result", "::std::result::Result"),
    ("Ok", "::std::result::Result::Ok"),
    ("Err", "::std::result::Result::Err"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("Box", "::std::boxed::Box"),
    ("Into", "::std::convert::Into"),
    ("From", "::std::convert::From"),
    ("Default", "::std::default::Default"),
];

thread_local! {
    /// The prelude name the file being rendered on this thread defines, if it defines one.
    static DEFINED_HERE: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Renders the file of the model type `type_name`: as `render` makes it when the name is not a
/// prelude name, and otherwise with the type's own name raw and the prelude name qualified.
pub(super) fn render_type_file(
    type_name: &str,
    render: impl FnOnce() -> TokenStream,
) -> TokenStream {
    let Some((shadowed, full_path)) = PRELUDE_NAMES.iter().find(|(name, _)| *name == type_name)
    else {
        return render();
    };
    DEFINED_HERE.set(Some(shadowed));
    let tokens = render();
    DEFINED_HERE.set(None);
    let full_path: TokenStream = full_path.parse().expect("a standard path");
    qualify(tokens, shadowed, &full_path)
}

/// The identifier of `name`: raw when it is the prelude name the current file defines, so that
/// [`qualify`] tells the file's own type from the standard one.
pub(super) fn own_ident(name: &str) -> Option<Ident> {
    let shadowed = DEFINED_HERE.get()?;
    (name == shadowed).then(|| Ident::new_raw(name, Span::call_site()))
}

/// `tokens` with every plain use of `name` (not a path's later segment, a field or a method)
/// replaced by `full_path`. Raw identifiers are left alone: they are the file's own type.
fn qualify(tokens: TokenStream, name: &str, full_path: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    // Whether the previous tokens end a path segment separator (`::`) or a field access (`.`).
    let mut after_separator = false;
    let mut previous_colon = false;
    for token in tokens {
        let separator_now = match &token {
            TokenTree::Punct(punct) => {
                let is_path = punct.as_char() == ':' && previous_colon;
                previous_colon = punct.as_char() == ':' && !is_path;
                is_path || punct.as_char() == '.'
            }
            _ => {
                previous_colon = false;
                false
            }
        };
        match token {
            TokenTree::Ident(ident) if !after_separator && ident == name => {
                out.extend(full_path.clone());
            }
            TokenTree::Group(group) => {
                let mut inner =
                    Group::new(group.delimiter(), qualify(group.stream(), name, full_path));
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
            }
            other => out.extend([other]),
        }
        after_separator = separator_now;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rendered(name: &str, render: impl FnOnce() -> TokenStream) -> String {
        render_type_file(name, render).to_string()
    }

    #[test]
    fn other_names_render_as_they_are() {
        let tokens = rendered("Thing", || {
            quote!(
                pub struct Thing {
                    a: Option<String>,
                }
                fn f() -> Result<(), ()> {
                    Ok(())
                }
            )
        });
        assert_eq!(
            tokens,
            quote!(
                pub struct Thing {
                    a: Option<String>,
                }
                fn f() -> Result<(), ()> {
                    Ok(())
                }
            )
            .to_string()
        );
    }

    #[test]
    fn a_type_named_like_a_prelude_item_keeps_its_name_and_the_prelude_item_is_qualified() {
        let tokens = rendered("Result", || {
            let own = own_ident("Result").expect("the file's own name");
            assert!(
                own_ident("Option").is_none(),
                "only the defined name is raw"
            );
            quote! {
                pub struct #own { value: Option<String> }
                impl #own {
                    pub fn build(self) -> Result<crate::types::Result, crate::error::BuildError> {
                        let result = self.value.map(Result::Ok);
                        Ok(crate::types::Result { value: result.ok() })
                    }
                }
            }
        });
        assert_eq!(
            tokens,
            quote! {
                pub struct r#Result { value: Option<String> }
                impl r#Result {
                    pub fn build(self) -> ::std::result::Result<crate::types::Result, crate::error::BuildError> {
                        let result = self.value.map(::std::result::Result::Ok);
                        Ok(crate::types::Result { value: result.ok() })
                    }
                }
            }
            .to_string()
        );
        assert!(
            own_ident("Result").is_none(),
            "the next file is plain again"
        );
    }

    #[test]
    fn variants_are_qualified_in_the_file_of_a_type_named_like_them() {
        let tokens = rendered("None", || {
            quote!(
                fn f(x: Option<u8>) -> bool {
                    matches!(x, None) || x.None || a::None == None
                }
            )
        });
        assert_eq!(
            tokens,
            quote!(
                fn f(x: Option<u8>) -> bool {
                    matches!(x, ::std::option::Option::None)
                        || x.None
                        || a::None == ::std::option::Option::None
                }
            )
            .to_string()
        );
    }
}
