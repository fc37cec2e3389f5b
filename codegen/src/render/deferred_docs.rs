//! Doc comments kept out of the token streams while a render job runs, and spliced into the
//! formatted text afterwards.
//!
//! Model documentation is about a third of a large generated crate, and as `#[doc = "..."]`
//! attributes every line is escaped into a literal by `quote`, copied again when syn buffers
//! the tokens, unescaped twice (when syn parses the literal, and when prettyplease asks for its
//! value) and copied into the output. The text never changes on the way: prettyplease prints
//! `#[doc = " text"]` as `/// text` with its trailing spaces trimmed. So inside a job each block
//! of doc lines becomes one short placeholder attribute, and after formatting the placeholder's
//! line is replaced by the block, one `///` line per doc line at the placeholder's indentation:
//! the same bytes prettyplease would have printed, for about a tenth of the whole run's time.
//!
//! A placeholder may be printed any number of times (the same tokens are often used for a
//! field and for its getter). One that does not come out as a line of its own (inside a
//! macro's tokens, say) makes the job render again with plain attributes.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

/// Starts every placeholder: a private-use character, which no doc line carries after the
/// space that starts each one.
const MARK: char = '\u{E000}';

/// The mark as `quote` escapes it in a string literal.
const ESCAPED_MARK: &str = "\\u{e000}";

/// How prettyplease prints an outer doc attribute.
const OUTER_DOC: &str = "///";

thread_local! {
    /// The blocks deferred by the job running on this thread, when it defers them.
    static BLOCKS: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// `#[doc]` attributes for `lines` (each without its leading space): a placeholder when a job
/// defers docs and every line can be printed as a `///` comment, the attributes otherwise.
pub(super) fn attrs(lines: &[String]) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    let deferred = BLOCKS.with_borrow_mut(|blocks| {
        let blocks = blocks.as_mut()?;
        // prettyplease prints a value with a line break as a block comment.
        if lines.iter().any(|line| line.contains('\n')) {
            return None;
        }
        blocks.push(lines.iter().map(|line| comment_text(line)).collect());
        Some(blocks.len() - 1)
    });
    match deferred {
        Some(index) => {
            let placeholder = format!("{MARK}{index}");
            quote!(#[doc = #placeholder])
        }
        None => {
            let attrs = lines.iter().map(|line| {
                let text = if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                };
                quote!(#[doc = #text])
            });
            quote!(#(#attrs)*)
        }
    }
}

/// What follows `///` for one doc line, as prettyplease prints it: the line after one space,
/// without trailing spaces.
fn comment_text(line: &str) -> String {
    if line.is_empty() {
        return String::new();
    }
    let mut text = String::with_capacity(line.len() + 1);
    text.push(' ');
    text.push_str(line);
    text.truncate(text.trim_end_matches(' ').len());
    text
}

/// Runs `job` with its doc blocks deferred and `format` applied to each file it returns, then
/// splices the blocks in. Runs it again with plain attributes when a placeholder did not come
/// out as a line of its own.
pub(super) fn run<F>(
    job: &dyn Fn() -> Vec<(String, TokenStream)>,
    format: F,
) -> Vec<(String, String)>
where
    F: Fn(TokenStream) -> String,
{
    BLOCKS.with_borrow_mut(|blocks| *blocks = Some(Vec::new()));
    let files = job();
    let blocks = BLOCKS.with_borrow_mut(Option::take).unwrap_or_default();
    let formatted: Vec<(String, String)> = files
        .into_iter()
        .map(|(path, tokens)| (path, format(tokens)))
        .collect();
    if blocks.is_empty() {
        return formatted;
    }
    let mut spliced = Vec::with_capacity(formatted.len());
    for (path, text) in formatted {
        match splice(&text, &blocks) {
            Some(text) => spliced.push((path, text)),
            None => return plain(job, format),
        }
    }
    spliced
}

fn plain<F>(job: &dyn Fn() -> Vec<(String, TokenStream)>, format: F) -> Vec<(String, String)>
where
    F: Fn(TokenStream) -> String,
{
    job()
        .into_iter()
        .map(|(path, tokens)| (path, format(tokens)))
        .collect()
}

/// `text` with each placeholder line replaced by its block; `None` when a placeholder is not
/// a line of its own (prettyplease prints the tokens of a macro call as they are, so there the
/// placeholder is a string literal, with the mark escaped).
fn splice(text: &str, blocks: &[Vec<String>]) -> Option<String> {
    if text.contains(ESCAPED_MARK) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut rest = text;
    let mut pattern = String::from(OUTER_DOC);
    pattern.push(MARK);
    while let Some(found) = rest.find(MARK) {
        let line_start = rest[..found].rfind('\n').map_or(0, |at| at + 1);
        let line_end = rest[found..].find('\n').map_or(rest.len(), |at| found + at);
        let line = &rest[line_start..line_end];
        let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
        let index: usize = line[indent.len()..].strip_prefix(&pattern)?.parse().ok()?;
        out.push_str(&rest[..line_start]);
        let mut lines = blocks.get(index)?.iter().peekable();
        while let Some(comment) = lines.next() {
            out.push_str(indent);
            out.push_str(OUTER_DOC);
            out.push_str(comment);
            if lines.peek().is_some() {
                out.push('\n');
            }
        }
        rest = &rest[line_end..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| line.to_string()).collect()
    }

    /// The same tokens formatted with plain attributes, for comparison.
    fn formatted_plainly(job: &dyn Fn() -> Vec<(String, TokenStream)>) -> Vec<(String, String)> {
        plain(job, format)
    }

    #[test]
    fn spliced_docs_are_what_prettyplease_prints_for_the_attributes() {
        let job = || {
            let item_docs = attrs(&lines(&[
                "A thing.",
                "",
                "With `code`, \"quotes\", a tab\there, trailing spaces   ",
                "and unicode: é ✓ \u{E001}",
            ]));
            let field_docs = attrs(&lines(&["A field."]));
            let method_docs = attrs(&lines(&["  indented in the model", "<p>html</p>"]));
            vec![
                (
                    "a.rs".to_string(),
                    quote! {
                        #item_docs
                        pub struct Thing { #field_docs pub field: u8 }
                        impl Thing { #method_docs pub fn get(&self) -> u8 { self.field } }
                    },
                ),
                ("b.rs".to_string(), {
                    let docs = attrs(&lines(&["Second file."]));
                    quote!(#docs pub mod inner { #docs pub struct Unit; })
                }),
            ]
        };
        let spliced = run(&job, format);
        assert_eq!(spliced, formatted_plainly(&job));
        assert!(
            spliced[0].1.contains("    /// A field.\n    pub field: u8"),
            "{}",
            spliced[0].1
        );
        assert!(!spliced.iter().any(|(_, text)| text.contains(MARK)));
    }

    #[test]
    fn a_block_printed_twice_or_never_is_spliced_where_it_is() {
        let twice = || {
            let docs = attrs(&lines(&["Shared."]));
            vec![(
                "a.rs".to_string(),
                quote!(#docs pub struct A; #docs pub struct B;),
            )]
        };
        let spliced = run(&twice, format);
        assert_eq!(spliced, formatted_plainly(&twice));
        assert_eq!(spliced[0].1.matches("/// Shared.\n").count(), 2);
        let dropped = || {
            let _unused = attrs(&lines(&["Never printed."]));
            let docs = attrs(&lines(&["Printed."]));
            vec![("a.rs".to_string(), quote!(#docs pub struct A;))]
        };
        assert_eq!(run(&dropped, format), formatted_plainly(&dropped));
    }

    #[test]
    fn a_placeholder_inside_a_macro_call_falls_back_to_attributes() {
        let in_macro = || {
            let docs = attrs(&lines(&["In a macro."]));
            vec![("a.rs".to_string(), quote!(some_macro! { #docs struct A; }))]
        };
        let text = &run(&in_macro, format)[0].1;
        assert!(
            !text.contains(MARK) && !text.contains(ESCAPED_MARK),
            "{text}"
        );
        assert!(text.contains("In a macro."), "{text}");
    }

    #[test]
    fn inside_a_job_each_block_is_one_placeholder_attribute() {
        let job = || {
            let first = attrs(&lines(&["One.", "Two."]));
            let second = attrs(&lines(&["Three."]));
            let placeholder = |index: usize| format!("{MARK}{index}");
            let (first_expected, second_expected) = (placeholder(0), placeholder(1));
            assert_eq!(
                first.to_string(),
                quote!(#[doc = #first_expected]).to_string()
            );
            assert_eq!(
                second.to_string(),
                quote!(#[doc = #second_expected]).to_string()
            );
            vec![(
                "a.rs".to_string(),
                quote!(#first pub struct A; #second pub struct B;),
            )]
        };
        assert_eq!(
            run(&job, format)[0].1,
            "/// One.\n/// Two.\npub struct A;\n/// Three.\npub struct B;\n"
        );
    }

    #[test]
    fn outside_a_job_docs_are_plain_attributes() {
        let tokens = attrs(&lines(&["Plain.", ""]));
        assert_eq!(
            tokens.to_string(),
            quote!(#[doc = " Plain."] #[doc = ""]).to_string()
        );
        assert!(attrs(&[]).is_empty());
    }

    #[test]
    fn a_line_break_inside_a_line_keeps_that_block_as_attributes() {
        let job = || {
            let docs = attrs(&lines(&["one\ntwo"]));
            let other = attrs(&lines(&["Other."]));
            vec![(
                "a.rs".to_string(),
                quote!(#docs pub struct A; #other pub struct B;),
            )]
        };
        assert_eq!(run(&job, format), formatted_plainly(&job));
    }
}
