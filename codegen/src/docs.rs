//! Smithy documentation strings to rustdoc Markdown.
//!
//! `smithy.api#documentation` values in AWS models are HTML fragments (`<p>`, `<a href>`,
//! `<code>`, lists, `<note>`, ...); hand-written models often use plain or Markdown-ish text.
//! [`doc_lines`] turns either into Markdown lines meant to be emitted one per `///` line.
//!
//! The output is built so that rustdoc has nothing to warn about and nothing to compile:
//!
//! - every character that Markdown would read as syntax (`[`, `]`, `<`, `>`, `*`, `` ` ``, ...)
//!   is escaped when it comes from the text, so there are no accidental intra-doc links, HTML
//!   tags or emphasis;
//! - bare `http(s)://` URLs are wrapped in `<...>` (autolinks);
//! - code blocks are always fenced as ```` ```text ````, so they are never doctests;
//! - no raw HTML is ever emitted; unknown tags (often placeholders such as `<region-name>`)
//!   are kept as escaped text.
//!
//! The conversion never panics, whatever the input, and is deterministic. Pathologically deep
//! nesting is flattened beyond 64 open elements.

use std::cell::RefCell;
use std::collections::HashMap;

/// How many elements may be open at once; deeper start tags are ignored (their text is kept).
const MAX_DEPTH: usize = 64;

/// Converts a documentation string into rustdoc Markdown: lines joined with `'\n'`.
///
/// No line has trailing whitespace, there are no leading or trailing blank lines and never two
/// blank lines in a row. An input without visible text gives an empty string.
pub fn html_to_rustdoc(html: &str) -> String {
    doc_lines(html).join("\n")
}

/// Converts a documentation string into the lines of a doc comment (see [`html_to_rustdoc`]).
///
/// Each element is one `///` line without the comment marker; empty elements are blank doc
/// lines.
pub fn doc_lines(html: &str) -> Vec<String> {
    thread_local! {
        /// A member's documentation is rendered for its field, its getter, the builder's setter
        /// and getter and the fluent builder's setter: converted once per render thread, not
        /// five times (the conversion was a tenth of a large model's generation time).
        static CONVERTED: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
    }
    CONVERTED.with(|converted| {
        if let Some(lines) = converted.borrow().get(html) {
            return lines.clone();
        }
        let lines = convert(html);
        converted
            .borrow_mut()
            .insert(html.to_string(), lines.clone());
        lines
    })
}

fn convert(html: &str) -> Vec<String> {
    let input = sanitize(html);
    let (tokens, markup) = tokenize(&input);
    let nodes = if markup {
        build_tree(tokens)
    } else {
        plain_text_tree(&input)
    };
    let blocks = render_blocks(&nodes);
    tidy(join_blocks(&blocks, false))
}

// ---------------------------------------------------------------------------------------------
// Input clean-up and entities
// ---------------------------------------------------------------------------------------------

/// Line endings to `\n`; drops characters that cannot or should not appear in a doc comment
/// (control characters, bidirectional overrides that rustc lints against, byte order marks).
fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if let Some(c) = clean_char(c) {
            out.push(c);
        }
    }
    out
}

fn clean_char(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => Some(c),
        '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\n'),
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{FEFF}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Replaces character references (`&amp;`, `&#39;`, `&#x2014;`, a few common names) by their
/// characters; anything else that starts with `&` is kept as is.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match parse_entity(after) {
            Some((decoded, len)) => {
                out.extend(decoded);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses what follows a `&`: the decoded character (if any survives clean-up) and the length
/// consumed, including the `;`.
fn parse_entity(s: &str) -> Option<(Option<char>, usize)> {
    let semi = s.char_indices().take(33).find(|&(_, c)| c == ';')?.0;
    if semi == 0 {
        return None;
    }
    let name = &s[..semi];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if num.is_empty() || num.len() > 7 || !num.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            num.parse::<u32>().ok()?
        };
        match char::from_u32(code) {
            Some('\0') | None => '\u{FFFD}',
            Some(c) => c,
        }
    } else {
        named_entity(name)?
    };
    let decoded = if decoded == '\u{AD}' {
        None
    } else {
        clean_char(decoded)
    };
    Some((decoded, semi + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "shy" => '\u{AD}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        "middot" => '\u{B7}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "times" => '\u{D7}',
        "divide" => '\u{F7}',
        "deg" => '\u{B0}',
        "plusmn" => '\u{B1}',
        "para" => '\u{B6}',
        "sect" => '\u{A7}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "yen" => '\u{A5}',
        "cent" => '\u{A2}',
        "larr" => '\u{2190}',
        "rarr" => '\u{2192}',
        "uarr" => '\u{2191}',
        "darr" => '\u{2193}',
        "harr" => '\u{2194}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "ne" => '\u{2260}',
        "minus" => '\u{2212}',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// The elements the converter understands. Any other tag name is not a tag but text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `<p>`.
    Paragraph,
    /// A generic block: `<div>`, `<section>`, `<blockquote>`, table rows, ...
    Block,
    /// `<h1>`..`<h6>`, `<fullname>`: a bold paragraph.
    Heading,
    /// `<hr>`: a paragraph boundary.
    Rule,
    /// `<br>`.
    Break,
    /// `<img>`, `<wbr>`: dropped.
    Ignored,
    Anchor,
    Code,
    Strong,
    Emphasis,
    /// Inline elements without a Markdown equivalent: only their text is kept.
    Span,
    /// `<td>`, `<th>`: inline, separated by spaces.
    Cell,
    UnorderedList,
    OrderedList,
    Item,
    DefinitionList,
    Term,
    Definition,
    Note,
    Important,
    Warning,
    Preformatted,
}

impl Tag {
    fn from_name(name: &str) -> Option<Tag> {
        let name = name.to_ascii_lowercase();
        Some(match name.as_str() {
            "p" => Tag::Paragraph,
            "div" | "section" | "article" | "header" | "footer" | "blockquote" | "center"
            | "figure" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "caption" => Tag::Block,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "fullname" => Tag::Heading,
            "hr" => Tag::Rule,
            "br" => Tag::Break,
            "img" | "wbr" => Tag::Ignored,
            "a" => Tag::Anchor,
            "code" | "tt" | "kbd" | "samp" => Tag::Code,
            "b" | "strong" => Tag::Strong,
            "i" | "em" | "var" | "cite" | "dfn" => Tag::Emphasis,
            "span" | "u" | "sup" | "sub" | "small" | "big" | "font" | "abbr" | "mark" | "s"
            | "del" | "ins" | "nobr" => Tag::Span,
            "td" | "th" => Tag::Cell,
            "ul" => Tag::UnorderedList,
            "ol" => Tag::OrderedList,
            "li" => Tag::Item,
            "dl" => Tag::DefinitionList,
            "dt" => Tag::Term,
            "dd" => Tag::Definition,
            "note" => Tag::Note,
            "important" => Tag::Important,
            "warning" => Tag::Warning,
            "pre" | "programlisting" => Tag::Preformatted,
            _ => return None,
        })
    }

    fn is_void(self) -> bool {
        matches!(self, Tag::Break | Tag::Rule | Tag::Ignored)
    }

    fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Break
                | Tag::Ignored
                | Tag::Anchor
                | Tag::Code
                | Tag::Strong
                | Tag::Emphasis
                | Tag::Span
                | Tag::Cell
        )
    }
}

#[derive(Debug)]
enum Token {
    Text(String),
    Open {
        tag: Tag,
        href: Option<String>,
        self_closing: bool,
    },
    Close(Tag),
}

/// What a `<` starts.
enum Markup {
    Token(Token),
    /// A comment, doctype or processing instruction.
    Skip,
    /// CDATA content.
    Literal(String),
}

/// The tokens of `input`, and whether it has any markup (tags, comments, ...) at all.
fn tokenize(input: &str) -> (Vec<Token>, bool) {
    let mut tokens = Vec::new();
    let mut markup = false;
    let mut text = String::new();
    let mut pos = 0;
    while pos < input.len() {
        let Some(offset) = input[pos..].find('<') else {
            text.push_str(&decode_entities(&input[pos..]));
            break;
        };
        let lt = pos + offset;
        text.push_str(&decode_entities(&input[pos..lt]));
        let parsed = parse_markup(input, lt);
        markup |= parsed.is_some();
        match parsed {
            Some((Markup::Token(token), end)) => {
                if !text.is_empty() {
                    tokens.push(Token::Text(std::mem::take(&mut text)));
                }
                tokens.push(token);
                pos = end;
            }
            Some((Markup::Skip, end)) => pos = end,
            Some((Markup::Literal(s), end)) => {
                text.push_str(&s);
                pos = end;
            }
            None => {
                text.push('<');
                pos = lt + 1;
            }
        }
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    (tokens, markup)
}

/// Parses the markup starting at `input[at] == '<'`; `None` when it is just a `<` character.
fn parse_markup(input: &str, at: usize) -> Option<(Markup, usize)> {
    let rest = &input[at..];
    let bytes = rest.as_bytes();
    if let Some(body) = rest.strip_prefix("<!--") {
        let end = body.find("-->")?;
        return Some((Markup::Skip, at + 4 + end + 3));
    }
    if let Some(body) = rest.strip_prefix("<![CDATA[") {
        let end = body.find("]]>")?;
        let content: String = body[..end].chars().filter_map(clean_char).collect();
        return Some((Markup::Literal(content), at + 9 + end + 3));
    }
    if (rest.starts_with("<!") || rest.starts_with("<?"))
        && bytes.get(2).is_some_and(|b| b.is_ascii_alphabetic())
    {
        let end = rest.find('>')?;
        return Some((Markup::Skip, at + end + 1));
    }
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = name_start;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let tag = Tag::from_name(&rest[name_start..i])?;
    if closing {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        return (bytes.get(i) == Some(&b'>'))
            .then(|| (Markup::Token(Token::Close(tag)), at + i + 1));
    }
    match bytes.get(i) {
        Some(b'>' | b'/') => {}
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let (attributes, self_closing, end) = parse_attributes(rest, i)?;
    let href = if tag == Tag::Anchor {
        attributes
            .into_iter()
            .find(|(name, _)| name == "href")
            .map(|(_, value)| value)
    } else {
        None
    };
    let token = Token::Open {
        tag,
        href,
        self_closing,
    };
    Some((Markup::Token(token), at + end))
}

type Attributes = Vec<(String, String)>;

/// Parses attributes from `s[i..]` up to the closing `>`: the attributes, whether the tag ends
/// with `/>`, and the index after the `>`. Attributes must have values: `a<b and c>d` is text.
fn parse_attributes(s: &str, mut i: usize) -> Option<(Attributes, bool, usize)> {
    let b = s.as_bytes();
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((attributes, false, i + 1)),
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    return Some((attributes, true, i + 2));
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match *b.get(i)? {
            quote @ (b'"' | b'\'') => {
                let len = s[i + 1..].find(quote as char)?;
                let value = decode_entities(&s[i + 1..i + 1 + len]);
                i += len + 2;
                value
            }
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                decode_entities(&s[start..i])
            }
        };
        if !name.is_empty() {
            attributes.push((name, value));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tree
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

#[derive(Debug)]
struct Element {
    tag: Tag,
    href: Option<String>,
    children: Vec<Node>,
}

impl Node {
    fn is_element(&self, tags: &[Tag]) -> bool {
        matches!(self, Node::Element(e) if tags.contains(&e.tag))
    }
}

/// Builds a tree the forgiving way browsers do: unmatched end tags are ignored, an end tag
/// closes whatever is open inside its element, `<li>`, `<dt>`/`<dd>` and `<p>` close a previous
/// sibling that was left open, and everything still open at the end is closed.
fn build_tree(tokens: Vec<Token>) -> Vec<Node> {
    let mut builder = TreeBuilder::default();
    for token in tokens {
        match token {
            Token::Text(text) => builder.append(Node::Text(text)),
            Token::Open {
                tag,
                href,
                self_closing,
            } => builder.open(tag, href, self_closing),
            Token::Close(tag) => builder.close(tag),
        }
    }
    while !builder.stack.is_empty() {
        builder.pop();
    }
    builder.root
}

#[derive(Default)]
struct TreeBuilder {
    root: Vec<Node>,
    stack: Vec<Element>,
}

impl TreeBuilder {
    fn append(&mut self, node: Node) {
        let children = match self.stack.last_mut() {
            Some(element) => &mut element.children,
            None => &mut self.root,
        };
        if let (Node::Text(new), Some(Node::Text(last))) = (&node, children.last_mut()) {
            last.push_str(new);
            return;
        }
        children.push(node);
    }

    fn pop(&mut self) {
        if let Some(element) = self.stack.pop() {
            self.append(Node::Element(element));
        }
    }

    /// Closes the innermost open element matching `target` if it is found before one matching
    /// `boundary`.
    fn close_open(&mut self, target: &[Tag], boundary: impl Fn(Tag) -> bool) {
        for index in (0..self.stack.len()).rev() {
            let tag = self.stack[index].tag;
            if target.contains(&tag) {
                while self.stack.len() > index {
                    self.pop();
                }
                return;
            }
            if boundary(tag) {
                return;
            }
        }
    }

    fn open(&mut self, tag: Tag, href: Option<String>, self_closing: bool) {
        let element = Element {
            tag,
            href,
            children: Vec::new(),
        };
        if tag == Tag::Ignored {
            return;
        }
        if tag.is_void() {
            self.append(Node::Element(element));
            return;
        }
        match tag {
            Tag::Item => self.close_open(&[Tag::Item], |t| {
                matches!(t, Tag::UnorderedList | Tag::OrderedList)
            }),
            Tag::Term | Tag::Definition => self.close_open(&[Tag::Term, Tag::Definition], |t| {
                matches!(
                    t,
                    Tag::DefinitionList | Tag::UnorderedList | Tag::OrderedList | Tag::Item
                )
            }),
            Tag::Paragraph => self.close_open(&[Tag::Paragraph], Tag::is_block),
            _ => {}
        }
        if self_closing {
            if tag.is_block() {
                self.append(Node::Element(element));
            }
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.stack.push(element);
    }

    fn close(&mut self, tag: Tag) {
        if tag == Tag::Break {
            // `</br>` is read as `<br>` by browsers too.
            self.open(Tag::Break, None, false);
            return;
        }
        if let Some(index) = self.stack.iter().rposition(|e| e.tag == tag) {
            while self.stack.len() > index {
                self.pop();
            }
        }
    }
}

/// The tree of a documentation string without any known tag: paragraphs split at blank lines,
/// `- `/`* `/`1. ` lines as list items, and fenced code blocks kept as code.
fn plain_text_tree(input: &str) -> Vec<Node> {
    fn text_node(lines: &[&str]) -> Node {
        Node::Text(decode_entities(&lines.join("\n")))
    }
    fn element(tag: Tag, children: Vec<Node>) -> Node {
        Node::Element(Element {
            tag,
            href: None,
            children,
        })
    }
    struct Plain<'a> {
        nodes: Vec<Node>,
        paragraph: Vec<&'a str>,
        list: Option<(bool, Vec<Vec<&'a str>>)>,
    }
    impl Plain<'_> {
        fn flush(&mut self) {
            if !self.paragraph.is_empty() {
                let node = element(Tag::Paragraph, vec![text_node(&self.paragraph)]);
                self.nodes.push(node);
                self.paragraph.clear();
            }
            if let Some((ordered, items)) = self.list.take() {
                let items = items
                    .iter()
                    .map(|lines| element(Tag::Item, vec![text_node(lines)]))
                    .collect();
                let tag = if ordered {
                    Tag::OrderedList
                } else {
                    Tag::UnorderedList
                };
                self.nodes.push(element(tag, items));
            }
        }
    }

    let mut plain = Plain {
        nodes: Vec::new(),
        paragraph: Vec::new(),
        list: None,
    };
    let lines: Vec<&str> = input.split('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        i += 1;
        if let Some((fence, len)) = fence_open(trimmed) {
            plain.flush();
            let mut body = Vec::new();
            while i < lines.len() {
                let candidate = lines[i].trim();
                i += 1;
                if candidate.len() >= len && candidate.chars().all(|c| c == fence) {
                    break;
                }
                body.push(lines[i - 1]);
            }
            let code = Node::Text(body.join("\n"));
            plain.nodes.push(element(Tag::Preformatted, vec![code]));
            continue;
        }
        if trimmed.is_empty() {
            plain.flush();
            continue;
        }
        if let Some((ordered, rest)) = list_marker(trimmed) {
            if !plain.paragraph.is_empty() || plain.list.as_ref().is_some_and(|l| l.0 != ordered) {
                plain.flush();
            }
            plain
                .list
                .get_or_insert_with(|| (ordered, Vec::new()))
                .1
                .push(vec![rest]);
        } else if let Some(item) = plain.list.as_mut().and_then(|l| l.1.last_mut()) {
            item.push(trimmed);
        } else {
            plain.paragraph.push(trimmed);
        }
    }
    plain.flush();
    plain.nodes
}

/// A Markdown code fence opening: its character and length.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let fence = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = line.chars().take_while(|&c| c == fence).count();
    let info = &line[len..];
    (len >= 3 && !(fence == '`' && info.contains('`'))).then_some((fence, len))
}

/// A Markdown list item marker at the start of `line`: whether it is ordered, and the rest.
fn list_marker(line: &str) -> Option<(bool, &str)> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some((false, rest));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        let rest = rest
            .strip_prefix(". ")
            .or_else(|| rest.strip_prefix(") "))?;
        return Some((true, rest));
    }
    None
}

fn contains_block(nodes: &[Node]) -> bool {
    nodes.iter().any(|node| match node {
        Node::Element(e) => e.tag.is_block() || contains_block(&e.children),
        Node::Text(_) => false,
    })
}

/// The text of `nodes`; `<br>` and block boundaries become newlines.
fn collect_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) => match e.tag {
                Tag::Break => out.push('\n'),
                Tag::Ignored => {}
                tag if tag.is_block() => {
                    out.push('\n');
                    collect_text(&e.children, out);
                    out.push('\n');
                }
                _ => collect_text(&e.children, out),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    List,
    Code,
}

#[derive(Debug)]
struct Block {
    kind: BlockKind,
    lines: Vec<String>,
}

fn render_blocks(nodes: &[Node]) -> Vec<Block> {
    let mut renderer = Renderer::default();
    renderer.walk(nodes);
    renderer.flush();
    renderer.blocks
}

/// Renders `nodes` as one paragraph inside a frame (bold terms and headings).
fn render_wrapped(nodes: &[Node], frame: FrameKind) -> Vec<Block> {
    if contains_block(nodes) {
        return render_blocks(nodes);
    }
    let mut renderer = Renderer::default();
    renderer.inline.open(frame);
    renderer.walk(nodes);
    renderer.inline.close();
    renderer.flush();
    renderer.blocks
}

/// Blocks separated by one blank line. With `tight_lists`, a list right after a paragraph
/// follows it directly (the usual shape of a list item with a nested list).
fn join_blocks(blocks: &[Block], tight_lists: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let tight = tight_lists
                && blocks[i - 1].kind == BlockKind::Paragraph
                && block.kind == BlockKind::List;
            if !tight {
                lines.push(String::new());
            }
        }
        lines.extend(block.lines.iter().cloned());
    }
    lines
}

/// The final clean-up: no trailing whitespace, no runs of blank lines, no blank edges.
fn tidy(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line.to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

#[derive(Default)]
struct Renderer {
    blocks: Vec<Block>,
    inline: Inline,
}

impl Renderer {
    fn flush(&mut self) {
        let lines = self.inline.finish();
        if !lines.is_empty() {
            self.blocks.push(Block {
                kind: BlockKind::Paragraph,
                lines,
            });
        }
    }

    fn walk(&mut self, nodes: &[Node]) {
        for (index, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(text) => self.inline.text(text),
                Node::Element(element) => self.element(element, &nodes[index..=index]),
            }
        }
    }

    /// `itself` is the one-node slice holding `e`, for the constructs rendered from siblings.
    fn element(&mut self, e: &Element, itself: &[Node]) {
        let inline = !e.tag.is_block();
        if inline && contains_block(&e.children) {
            // Malformed nesting such as `<b><p>..</p></b>`: keep the blocks, lose the style.
            self.walk(&e.children);
            return;
        }
        match e.tag {
            Tag::Break => self.inline.hard_break(),
            Tag::Ignored => {}
            Tag::Span => self.walk(&e.children),
            Tag::Cell => {
                self.inline.space();
                self.walk(&e.children);
                self.inline.space();
            }
            Tag::Strong | Tag::Emphasis => {
                let frame = if e.tag == Tag::Strong {
                    FrameKind::Strong
                } else {
                    FrameKind::Emphasis
                };
                self.inline.open(frame);
                self.walk(&e.children);
                self.inline.close();
            }
            Tag::Anchor => match e.href.as_deref().and_then(link_target) {
                Some(url) => {
                    self.inline.open(FrameKind::Link(url));
                    self.walk(&e.children);
                    self.inline.close();
                }
                None => self.walk(&e.children),
            },
            Tag::Code => {
                let mut text = String::new();
                collect_text(&e.children, &mut text);
                self.inline.code(&text);
            }
            Tag::Rule => self.flush(),
            Tag::Paragraph | Tag::Block => {
                self.flush();
                self.walk(&e.children);
                self.flush();
            }
            Tag::Heading => {
                self.flush();
                let blocks = render_wrapped(&e.children, FrameKind::Strong);
                self.blocks.extend(blocks);
            }
            Tag::UnorderedList | Tag::OrderedList => {
                self.flush();
                let blocks = render_list(&e.children, e.tag == Tag::OrderedList);
                self.blocks.extend(blocks);
            }
            Tag::Item => {
                self.flush();
                self.blocks.extend(render_list(itself, false));
            }
            Tag::DefinitionList => {
                self.flush();
                self.blocks.extend(render_definition_list(&e.children));
            }
            Tag::Term | Tag::Definition => {
                self.flush();
                self.blocks.extend(render_definition_list(itself));
            }
            Tag::Note | Tag::Important | Tag::Warning => {
                self.flush();
                let label = match e.tag {
                    Tag::Note => "**Note:**",
                    Tag::Important => "**Important:**",
                    _ => "**Warning:**",
                };
                let mut blocks = render_blocks(&e.children);
                if blocks.is_empty() {
                    return;
                }
                match blocks.first_mut() {
                    Some(first) if first.kind == BlockKind::Paragraph => {
                        first.lines[0] = format!("{label} {}", first.lines[0]);
                    }
                    _ => blocks.insert(
                        0,
                        Block {
                            kind: BlockKind::Paragraph,
                            lines: vec![label.to_string()],
                        },
                    ),
                }
                self.blocks.extend(blocks);
            }
            Tag::Preformatted => {
                self.flush();
                let mut text = String::new();
                collect_text(&e.children, &mut text);
                self.blocks.extend(code_block(&text));
            }
        }
    }
}

/// The list items among `children` (`<li>`); other content between items belongs to the item
/// before it, or comes before the list.
fn render_list(children: &[Node], ordered: bool) -> Vec<Block> {
    let mut before = Vec::new();
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut i = 0;
    while i < children.len() {
        if let Node::Element(e) = &children[i] {
            if e.tag == Tag::Item {
                items.push(render_blocks(&e.children));
                i += 1;
                continue;
            }
        }
        let start = i;
        while i < children.len() && !children[i].is_element(&[Tag::Item]) {
            i += 1;
        }
        let blocks = render_blocks(&children[start..i]);
        match items.last_mut() {
            Some(item) => item.extend(blocks),
            None => before.extend(blocks),
        }
    }
    before.extend(list_block(items, ordered));
    before
}

/// A definition list as a bullet list: each term (in bold) starts an item, and its
/// definitions follow inside the item.
fn render_definition_list(children: &[Node]) -> Vec<Block> {
    let mut before = Vec::new();
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut i = 0;
    while i < children.len() {
        if let Node::Element(e) = &children[i] {
            match e.tag {
                Tag::Term => {
                    items.push(render_wrapped(&e.children, FrameKind::Strong));
                    i += 1;
                    continue;
                }
                Tag::Definition => {
                    let blocks = render_blocks(&e.children);
                    match items.last_mut() {
                        Some(item) => item.extend(blocks),
                        None => items.push(blocks),
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        let start = i;
        while i < children.len() && !children[i].is_element(&[Tag::Term, Tag::Definition]) {
            i += 1;
        }
        let blocks = render_blocks(&children[start..i]);
        match items.last_mut() {
            Some(item) => item.extend(blocks),
            None => before.extend(blocks),
        }
    }
    before.extend(list_block(items, false));
    before
}

fn list_block(items: Vec<Vec<Block>>, ordered: bool) -> Option<Block> {
    let items: Vec<Vec<String>> = items
        .iter()
        .filter(|blocks| !blocks.is_empty())
        .map(|blocks| join_blocks(blocks, true))
        .collect();
    if items.is_empty() {
        return None;
    }
    let loose = items.iter().any(|item| item.iter().any(String::is_empty));
    let mut lines = Vec::new();
    for (n, item) in items.iter().enumerate() {
        if loose && n > 0 {
            lines.push(String::new());
        }
        let marker = if ordered {
            format!("{}. ", n + 1)
        } else {
            "- ".to_string()
        };
        let indent = " ".repeat(marker.len());
        for (j, line) in item.iter().enumerate() {
            if j == 0 {
                lines.push(format!("{marker}{line}").trim_end().to_string());
            } else if line.is_empty() {
                lines.push(String::new());
            } else {
                lines.push(format!("{indent}{line}"));
            }
        }
    }
    Some(Block {
        kind: BlockKind::List,
        lines,
    })
}

/// A ```` ```text ```` block: lines kept, common indentation and blank edges removed.
fn code_block(text: &str) -> Option<Block> {
    let mut lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        return None;
    }
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut longest_run = 0;
    for line in &lines {
        let mut run = 0;
        for c in line.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest_run = longest_run.max(run);
        }
    }
    let fence = "`".repeat((longest_run + 1).max(3));
    let mut out = vec![format!("{fence}text")];
    for line in lines {
        // `indent` counts ASCII whitespace bytes common to all lines, so this is a boundary.
        let line = line.get(indent..).unwrap_or(line);
        if line.is_empty() && out.last().is_some_and(|l| l.is_empty()) {
            continue;
        }
        out.push(line.to_string());
    }
    out.push(fence);
    Some(Block {
        kind: BlockKind::Code,
        lines: out,
    })
}

/// The destination of a link: `http(s)` URLs only, made safe for `[text](url)` and `<url>`.
fn link_target(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut url = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            '\n' | '\t' => {}
            ' ' => url.push_str("%20"),
            '<' => url.push_str("%3C"),
            '>' => url.push_str("%3E"),
            '(' => url.push_str("%28"),
            ')' => url.push_str("%29"),
            '[' => url.push_str("%5B"),
            ']' => url.push_str("%5D"),
            '\\' => url.push_str("%5C"),
            '`' => url.push_str("%60"),
            c if c.is_whitespace() => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    url.push_str(&format!("%{byte:02X}"));
                }
            }
            c => url.push(c),
        }
    }
    Some(url)
}

// ---------------------------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum FrameKind {
    Strong,
    Emphasis,
    Link(String),
    /// A frame that adds nothing (bold inside bold, a link inside a link).
    Inert,
}

/// Where an emitted delimiter sits: line index, byte offset, and its character.
#[derive(Debug, Clone, Copy)]
struct Mark {
    line: usize,
    pos: usize,
    delim: char,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    /// The opening delimiter, once some content made it necessary.
    open: Option<Mark>,
}

/// A closing emphasis delimiter whose validity depends on the character that follows it.
#[derive(Debug)]
struct CloseFix {
    kind: FrameKind,
    open: Mark,
    close: Mark,
    /// The character just before the closing delimiter.
    before: char,
}

#[derive(Debug)]
struct CodeRun {
    line: usize,
    start: usize,
    end: usize,
    content: String,
}

/// Builds the lines of one paragraph. Whitespace is collapsed like HTML does; opening
/// delimiters are emitted lazily (so empty `<b></b>` disappears and no delimiter sits next to
/// whitespace); hard breaks are deferred so a trailing `<br>` adds nothing.
#[derive(Default)]
struct Inline {
    done: Vec<String>,
    line: String,
    pending_space: bool,
    pending_break: bool,
    frames: Vec<Frame>,
    close_fix: Option<CloseFix>,
    last_code: Option<CodeRun>,
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

impl Inline {
    fn in_link(&self) -> bool {
        self.frames
            .iter()
            .any(|f| matches!(f.kind, FrameKind::Link(_)))
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn hard_break(&mut self) {
        if self.in_link() {
            self.space();
        } else {
            self.pending_break = true;
        }
    }

    fn open(&mut self, kind: FrameKind) {
        let nested = self.frames.iter().any(|f| match (&f.kind, &kind) {
            (FrameKind::Link(_), FrameKind::Link(_)) => true,
            (a, b) => a == b,
        });
        let kind = if nested { FrameKind::Inert } else { kind };
        self.frames.push(Frame { kind, open: None });
    }

    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match (frame.kind, frame.open) {
            (FrameKind::Inert, _) => {}
            (FrameKind::Link(url), None) => self.url(&url),
            (FrameKind::Link(url), Some(_)) => {
                self.close_fix = None;
                self.line.push_str("](");
                self.line.push_str(&url);
                self.line.push(')');
            }
            (_, None) => {}
            (kind, Some(open)) => {
                self.resolve_fix(open.delim);
                let before = self.line.chars().last().unwrap_or(' ');
                let pos = self.line.len();
                self.line.push_str(if kind == FrameKind::Strong {
                    "**"
                } else if open.delim == '*' {
                    "*"
                } else {
                    "_"
                });
                let close = Mark {
                    line: self.done.len(),
                    pos,
                    delim: open.delim,
                };
                self.close_fix = Some(CloseFix {
                    kind,
                    open,
                    close,
                    before,
                });
            }
        }
    }

    /// Makes the last closing delimiter valid before `next` is written after it: CommonMark
    /// does not close `**"x"**` before a letter, nor `_x_` inside a word.
    fn resolve_fix(&mut self, next: char) {
        let Some(fix) = self.close_fix.take() else {
            return;
        };
        if !next.is_alphanumeric() {
            return;
        }
        if is_punctuation(fix.before) {
            self.line.push(' ');
        } else if fix.close.delim == '_' {
            self.patch(fix.open);
            self.patch(fix.close);
        }
    }

    /// Turns the `_` at `mark` into `*`.
    fn patch(&mut self, mark: Mark) {
        let line = if mark.line == self.done.len() {
            &mut self.line
        } else if let Some(line) = self.done.get_mut(mark.line) {
            line
        } else {
            return;
        };
        if line.as_bytes().get(mark.pos) == Some(&b'_') {
            line.replace_range(mark.pos..mark.pos + 1, "*");
        }
    }

    fn unopened(&self) -> Vec<usize> {
        (0..self.frames.len())
            .filter(|&i| self.frames[i].open.is_none() && self.frames[i].kind != FrameKind::Inert)
            .collect()
    }

    /// Everything that has to be written before content starting with `first`: a pending
    /// break or space, then the opening delimiters still owed.
    fn before_content(&mut self, first: char) {
        if self.pending_break {
            self.pending_break = false;
            self.pending_space = false;
            self.close_fix = None;
            if !self.line.is_empty() {
                let line = std::mem::take(&mut self.line);
                self.done.push(line);
            }
        }
        if self.pending_space {
            self.pending_space = false;
            self.close_fix = None;
            if !self.line.is_empty() {
                self.line.push(' ');
            }
        }
        let mut unopened = self.unopened();
        // `<b>a</b><b>b</b>`: continue the first instead of writing `**a****b**`.
        if let (Some(fix), Some(&first_frame)) = (&self.close_fix, unopened.first()) {
            let delim_len = if fix.kind == FrameKind::Strong { 2 } else { 1 };
            if self.frames[first_frame].kind == fix.kind
                && fix.close.line == self.done.len()
                && fix.close.pos + delim_len == self.line.len()
            {
                self.line.truncate(fix.close.pos);
                self.frames[first_frame].open = Some(fix.open);
                self.close_fix = None;
                unopened.remove(0);
            }
        }
        if unopened.is_empty() {
            self.resolve_fix(first);
        } else {
            self.close_fix = None;
        }
        for (k, &index) in unopened.iter().enumerate() {
            let next = if k + 1 < unopened.len() { '*' } else { first };
            let prev = self.line.chars().last();
            let line = self.done.len();
            let mark = match self.frames[index].kind {
                FrameKind::Link(_) => {
                    if prev == Some('!') {
                        // `![` would start an image.
                        self.line.pop();
                        self.line.push_str("\\!");
                    }
                    let pos = self.line.len();
                    self.line.push('[');
                    Mark {
                        line,
                        pos,
                        delim: '[',
                    }
                }
                FrameKind::Strong | FrameKind::Emphasis | FrameKind::Inert => {
                    let strong = self.frames[index].kind == FrameKind::Strong;
                    if prev.is_some_and(char::is_alphanumeric) && is_punctuation(next) {
                        self.line.push(' ');
                    }
                    let word_before = self.line.chars().last().is_some_and(char::is_alphanumeric);
                    let pos = self.line.len();
                    let delim = if strong || word_before { '*' } else { '_' };
                    self.line.push_str(match (strong, delim) {
                        (true, _) => "**",
                        (false, '*') => "*",
                        _ => "_",
                    });
                    Mark { line, pos, delim }
                }
            };
            self.frames[index].open = Some(mark);
        }
    }

    /// Text from the document: whitespace collapsed, `` `code` `` spans kept, bare URLs
    /// wrapped, Markdown syntax escaped.
    fn text(&mut self, text: &str) {
        let runs = backtick_runs(text);
        let partners = match_runs(&runs);
        let mut run = 0;
        let mut i = 0;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                self.space();
                i += c.len_utf8();
                continue;
            }
            if c == '`' {
                match runs.get(run) {
                    Some(&(start, len)) if start == i => {
                        match partners.get(run).copied().flatten() {
                            Some(close) => {
                                let (close_start, close_len) = runs[close];
                                self.code(&text[start + len..close_start]);
                                i = close_start + close_len;
                                run = close + 1;
                            }
                            None => {
                                self.escaped("\\`".repeat(len).as_str(), '`');
                                i += len;
                                run += 1;
                            }
                        }
                    }
                    _ => {
                        self.escaped("\\`", '`');
                        i += 1;
                    }
                }
                continue;
            }
            let end = text[i..]
                .find(|c: char| c.is_whitespace() || c == '`')
                .map_or(text.len(), |e| i + e);
            self.word(&text[i..end]);
            i = end;
        }
    }

    fn word(&mut self, word: &str) {
        let mut rest = word;
        while !rest.is_empty() {
            match find_url(rest) {
                Some((start, end)) => {
                    if start > 0 {
                        self.plain(&rest[..start]);
                    }
                    self.url(&rest[start..end]);
                    rest = &rest[end..];
                }
                None => {
                    self.plain(rest);
                    break;
                }
            }
        }
    }

    fn plain(&mut self, s: &str) {
        let Some(first) = s.chars().next() else {
            return;
        };
        self.before_content(first);
        let line_start = self.line.is_empty();
        escape_into(&mut self.line, s, line_start);
    }

    /// Already escaped text.
    fn escaped(&mut self, s: &str, first: char) {
        self.before_content(first);
        self.line.push_str(s);
    }

    fn url(&mut self, url: &str) {
        if self.in_link() {
            self.plain(url);
            return;
        }
        self.before_content('<');
        self.line.push('<');
        self.line.push_str(url);
        self.line.push('>');
    }

    /// An inline code span; adjacent spans are merged (`` `a``b` `` would not parse).
    fn code(&mut self, raw: &str) {
        let content = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if content.is_empty() {
            return;
        }
        self.before_content('`');
        if let Some(previous) = self.last_code.take() {
            // Nothing was written since the previous span (not even a delimiter).
            if previous.line == self.done.len() && previous.end == self.line.len() {
                let content = previous.content + &content;
                self.line.truncate(previous.start);
                self.push_code(content);
                return;
            }
        }
        self.push_code(content);
    }

    fn push_code(&mut self, content: String) {
        let start = self.line.len();
        let mut longest_run = 0;
        let mut run = 0;
        for c in content.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest_run = longest_run.max(run);
        }
        let fence = "`".repeat(longest_run + 1);
        let pad = if content.starts_with('`') || content.ends_with('`') {
            " "
        } else {
            ""
        };
        self.line.push_str(&fence);
        self.line.push_str(pad);
        self.line.push_str(&content);
        self.line.push_str(pad);
        self.line.push_str(&fence);
        self.last_code = Some(CodeRun {
            line: self.done.len(),
            start,
            end: self.line.len(),
            content,
        });
    }

    /// The paragraph's lines, joined by hard breaks (`\` at the end of a line).
    fn finish(&mut self) -> Vec<String> {
        let mut lines = std::mem::take(&mut self.done);
        let line = std::mem::take(&mut self.line);
        if !line.is_empty() {
            lines.push(line);
        }
        *self = Inline::default();
        let count = lines.len();
        for line in lines.iter_mut().take(count.saturating_sub(1)) {
            line.push('\\');
        }
        lines
    }
}

/// Byte offset and length of every run of backticks in `text`.
fn backtick_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    runs
}

/// For each run that opens a code span, the index of the run closing it (the next run of the
/// same length, as in CommonMark).
fn match_runs(runs: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut next_same = vec![None; runs.len()];
    let mut last_seen: HashMap<usize, usize> = HashMap::new();
    for i in (0..runs.len()).rev() {
        next_same[i] = last_seen.get(&runs[i].1).copied();
        last_seen.insert(runs[i].1, i);
    }
    let mut partners = vec![None; runs.len()];
    let mut i = 0;
    while i < runs.len() {
        match next_same[i] {
            Some(close) => {
                partners[i] = Some(close);
                i = close + 1;
            }
            None => i += 1,
        }
    }
    partners
}

/// The first `http://` or `https://` URL in `word`, without trailing punctuation.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let lower = word.to_ascii_lowercase();
    for (start, _) in lower.match_indices("http") {
        let scheme_len = if lower[start..].starts_with("https://") {
            8
        } else if lower[start..].starts_with("http://") {
            7
        } else {
            continue;
        };
        let mut end = word[start..]
            .find(['<', '>', '"'])
            .map_or(word.len(), |e| start + e);
        loop {
            let url = &word[start..end];
            let Some(last) = url.chars().last() else {
                break;
            };
            let strip = match last {
                '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~' => true,
                ')' => url.matches(')').count() > url.matches('(').count(),
                ']' => url.matches(']').count() > url.matches('[').count(),
                '}' => url.matches('}').count() > url.matches('{').count(),
                _ => false,
            };
            if !strip {
                break;
            }
            end -= last.len_utf8();
        }
        if end > start + scheme_len {
            return Some((start, end));
        }
    }
    None
}

/// Whether `out` ends with `http` or `https`, in any case.
fn ends_with_http(out: &str) -> bool {
    let bytes = out.as_bytes();
    [&b"http"[..], &b"https"[..]].iter().any(|scheme| {
        bytes.len() >= scheme.len()
            && bytes[bytes.len() - scheme.len()..].eq_ignore_ascii_case(scheme)
    })
}

/// Appends `s` with every character that Markdown could read as syntax escaped. At the start
/// of a line, block markers (`#`, `-`, `+`, `=`, `1.`) are escaped too.
fn escape_into(out: &mut String, s: &str, line_start: bool) {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            // `|` could make a table out of lines joined by `<br>`.
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' | '|' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '&' => looks_like_entity(&chars[i + 1..]),
            '#' | '-' | '+' | '=' => line_start && i == 0,
            // A scheme that is not part of a recognised URL (`https://` alone, or text pieces
            // that only meet in the output) must not be read as a bare URL by rustdoc.
            ':' => ends_with_http(out),
            '.' | ')' => {
                line_start
                    && next.is_none()
                    && (1..=9).contains(&i)
                    && chars[..i].iter().all(char::is_ascii_digit)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Whether the text after a `&` would be read as a character reference.
fn looks_like_entity(rest: &[char]) -> bool {
    let Some(semi) = rest.iter().take(34).position(|&c| c == ';') else {
        return false;
    };
    let name = &rest[..semi];
    match name {
        ['#', 'x' | 'X', hex @ ..] => !hex.is_empty() && hex.iter().all(char::is_ascii_hexdigit),
        ['#', digits @ ..] => !digits.is_empty() && digits.iter().all(char::is_ascii_digit),
        [first, ..] => first.is_ascii_alphabetic() && name.iter().all(char::is_ascii_alphanumeric),
        [] => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        let out = html_to_rustdoc(html);
        if let Err(problem) = check_markdown(&out) {
            panic!("{problem}\ninput: {html:?}\noutput:\n{out}");
        }
        out
    }

    /// Checks the invariants every output must have: tidy lines, balanced fences, and outside
    /// code no unescaped `[`, `]`, `<`, `>` except in links `[..](http..)` and autolinks
    /// `<http..>`.
    fn check_markdown(out: &str) -> Result<(), String> {
        if out.is_empty() {
            return Ok(());
        }
        let lines: Vec<&str> = out.split('\n').collect();
        if lines.first().is_some_and(|l| l.is_empty()) || lines.last().is_some_and(|l| l.is_empty())
        {
            return Err("blank line at an edge".into());
        }
        let mut fence: Option<String> = None;
        let mut previous_blank = false;
        for line in &lines {
            if line.ends_with(char::is_whitespace) {
                return Err(format!("trailing whitespace: {line:?}"));
            }
            if line.chars().any(|c| c.is_control() && c != '\t') {
                return Err(format!("control character: {line:?}"));
            }
            if line.is_empty() && previous_blank {
                return Err("two blank lines".into());
            }
            previous_blank = line.is_empty();
            let mut trimmed = line.trim_start();
            if fence.is_none() {
                // List markers may precede a fence.
                loop {
                    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
                    if let Some(rest) = trimmed.strip_prefix("- ") {
                        trimmed = rest;
                    } else if digits > 0 && trimmed[digits..].starts_with(". ") {
                        trimmed = &trimmed[digits + 2..];
                    } else {
                        break;
                    }
                }
            }
            match &fence {
                Some(open) => {
                    if trimmed == open.as_str() {
                        fence = None;
                    }
                    continue;
                }
                None => {
                    let ticks: String = trimmed.chars().take_while(|&c| c == '`').collect();
                    let info = &trimmed[ticks.len()..];
                    if ticks.len() >= 3 && !info.contains('`') {
                        if info != "text" {
                            return Err(format!("fence without `text`: {line:?}"));
                        }
                        fence = Some(ticks);
                        continue;
                    }
                }
            }
            check_inline(trimmed).map_err(|e| format!("{e} in {line:?}"))?;
        }
        match fence {
            Some(_) => Err("unclosed fence".into()),
            None => Ok(()),
        }
    }

    fn check_inline(line: &str) -> Result<(), String> {
        let chars: Vec<char> = line.chars().collect();
        let mut open_links = 0usize;
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 2,
                '`' => {
                    let len = chars[i..].iter().take_while(|&&c| c == '`').count();
                    let mut j = i + len;
                    let mut closed = None;
                    while j < chars.len() {
                        if chars[j] == '`' {
                            let run = chars[j..].iter().take_while(|&&c| c == '`').count();
                            if run == len {
                                closed = Some(j + run);
                                break;
                            }
                            j += run;
                        } else {
                            j += 1;
                        }
                    }
                    i = closed.ok_or("unmatched backtick")?;
                }
                '<' => {
                    let rest: String = chars[i..].iter().collect();
                    if !rest.to_ascii_lowercase().starts_with("<http") {
                        return Err("raw `<`".into());
                    }
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == '>')
                        .ok_or("open autolink")?;
                    i += end + 1;
                }
                '>' => return Err("raw `>`".into()),
                '[' => {
                    open_links += 1;
                    i += 1;
                }
                ']' => {
                    let rest: String = chars[i..].iter().collect();
                    if open_links == 0 || !rest.to_ascii_lowercase().starts_with("](http") {
                        return Err("raw `]`".into());
                    }
                    open_links -= 1;
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == ')')
                        .ok_or("open link")?;
                    i += end + 1;
                }
                _ => i += 1,
            }
        }
        if open_links > 0 {
            return Err("raw `[`".into());
        }
        Ok(())
    }

    #[test]
    fn paragraphs_and_whitespace() {
        assert_eq!(
            md("<p>One\n\t  two </p>  <p> Three</p>"),
            "One two\n\nThree"
        );
        assert_eq!(md("Plain text."), "Plain text.");
        assert_eq!(md(""), "");
        assert_eq!(md("<p></p><p>  </p>"), "");
        assert_eq!(md("<p>a<p>b"), "a\n\nb");
        assert_eq!(md("<p>x</p>tail"), "x\n\ntail");
    }

    #[test]
    fn links() {
        assert_eq!(
            md(r#"See <a href="https://docs.aws.amazon.com/x.html#y">the guide</a>."#),
            "See [the guide](https://docs.aws.amazon.com/x.html#y)."
        );
        assert_eq!(md(r#"<a href="/relative/path">text</a>"#), "text");
        assert_eq!(
            md("<a>CreateKey</a> and <a >Encrypt</a>"),
            "CreateKey and Encrypt"
        );
        assert_eq!(md(r#"<a href="https://e.com"> </a>"#), "<https://e.com>");
        assert_eq!(
            md(r#"<a href=" https://e.com/a b(c) ">x</a>"#),
            "[x](https://e.com/a%20b%28c%29)"
        );
        assert_eq!(
            md(r#"<a href='http://e.com'><code>Op</code></a>"#),
            "[`Op`](http://e.com)"
        );
        // `![` would be an image.
        assert_eq!(
            md(r#"Wow!<a href="https://e.com">x</a>"#),
            r"Wow\![x](https://e.com)"
        );
        // No link inside a link, no autolink inside a link.
        assert_eq!(
            md(r#"<a href="https://a.com">x <a href="https://b.com">y</a> https://c.com</a>"#),
            "[x y https\\://c.com](https://a.com)"
        );
    }

    #[test]
    fn bare_urls() {
        assert_eq!(
            md("Go to https://example.com/a_b."),
            "Go to <https://example.com/a_b>."
        );
        assert_eq!(md("(http://e.com/x_(y))"), "(<http://e.com/x_(y)>)");
        assert_eq!(md("\"https://e.com\", then"), "\"<https://e.com>\", then");
        assert_eq!(
            md(r#"prefix such as "http://" or "HTTPS://"."#),
            r#"prefix such as "http\://" or "HTTPS\://"."#
        );
        // Text pieces that only meet in the output must not form a bare URL either.
        assert_eq!(
            md("<b>https://<b>www.a.com</b></b> http<span>s://x.com</span>"),
            r"**https\://www.a.com** https\://x.com"
        );
        assert_eq!(md("<i>https://host:8080</i>."), "_<https://host:8080>_.");
    }

    #[test]
    fn code() {
        assert_eq!(md("Use <code>ListKeys</code>."), "Use `ListKeys`.");
        assert_eq!(md("<code>a[0] <b>x</b></code>"), "`a[0] x`");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`a</code>"), "`` `a ``");
        assert_eq!(md("<code>  </code>x"), "x");
        assert_eq!(
            md("<code>a</code><code>b</code> <code>c</code>"),
            "`ab` `c`"
        );
        assert_eq!(
            md("<code>arn:aws:kms:<i>region</i>:<region-name>/<HTML>x</HTML></code>"),
            "`arn:aws:kms:region:<region-name>/<HTML>x</HTML>`"
        );
        assert_eq!(md("<code>x &lt; y &amp;&amp; z</code>"), "`x < y && z`");
        // Backtick spans in the text are code too; unmatched backticks are escaped.
        assert_eq!(
            md("<p>Set `a b` and ``c`d``, not ` alone</p>"),
            "Set `a b` and ``c`d``, not \\` alone"
        );
    }

    #[test]
    fn emphasis() {
        assert_eq!(
            md("<b>bold</b> and <strong>strong</strong>"),
            "**bold** and **strong**"
        );
        assert_eq!(md("<i>it</i> and <em>em</em>"), "_it_ and _em_");
        assert_eq!(md("a <b> spaced </b> b"), "a **spaced** b");
        assert_eq!(md("x<b></b>y <i> </i>z"), "xy z");
        assert_eq!(md("<b><b>twice</b></b>"), "**twice**");
        assert_eq!(md("<b><i>both</i></b>"), "**_both_**");
        // `_` does not work inside words, `*` does.
        assert_eq!(md("in<i>side</i>word"), "in*side*word");
        assert_eq!(md("<i>start</i>ing"), "*start*ing");
        // A closing delimiter after punctuation needs a space before a letter.
        assert_eq!(md("<b>Note:</b>Text"), "**Note:** Text");
        assert_eq!(md("<b>a</b><b>b</b>"), "**ab**");
        assert_eq!(md("(<i>x</i>)"), "(_x_)");
    }

    #[test]
    fn lists() {
        assert_eq!(md("<ul><li>a</li><li><p>b</p></li></ul>"), "- a\n- b");
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        assert_eq!(
            md("<p>Intro:</p><ul><li>a<ul><li>a1</li><li>a2</li></ul></li><li>b</li></ul><p>After</p>"),
            "Intro:\n\n- a\n  - a1\n  - a2\n- b\n\nAfter"
        );
        assert_eq!(
            md("<ol><li><p>one</p><p>more</p></li><li>two<ol><li>x</li></ol></li></ol>"),
            "1. one\n\n   more\n\n2. two\n   1. x"
        );
        // Unclosed items, stray content, empty items, items outside lists.
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        assert_eq!(md("<ul><li></li><li>x</li></ul>"), "- x");
        assert_eq!(
            md("<ul><li>a</li><ul><li>nested</li></ul></ul>"),
            "- a\n  - nested"
        );
        assert_eq!(md("<li>loose</li>"), "- loose");
        assert_eq!(md("<ul></ul>"), "");
    }

    #[test]
    fn definition_lists() {
        assert_eq!(
            md("<dl><dt>ACTIVE</dt><dd><p>Ready.</p></dd><dt>FAILED</dt><dd>Broken.</dd></dl>"),
            "- **ACTIVE**\n\n  Ready.\n\n- **FAILED**\n\n  Broken."
        );
    }

    #[test]
    fn admonitions() {
        assert_eq!(
            md("<note><p>Careful.</p><p>Really.</p></note>"),
            "**Note:** Careful.\n\nReally."
        );
        assert_eq!(md("<important>Do it.</important>"), "**Important:** Do it.");
        assert_eq!(md("<note><ul><li>x</li></ul></note>"), "**Note:**\n\n- x");
        assert_eq!(md("<p>a</p><note> </note><p>b</p>"), "a\n\nb");
    }

    #[test]
    fn preformatted() {
        assert_eq!(
            md("<p>Example:</p><pre>\n    {\n      \"a\": [1]\n    }\n\n\n    end  \n</pre>"),
            "Example:\n\n```text\n{\n  \"a\": [1]\n}\n\nend\n```"
        );
        assert_eq!(
            md("<programlisting>a &lt;b&gt;<br/>```\nx</programlisting>"),
            "````text\na <b>\n```\nx\n````"
        );
        assert_eq!(md("<pre>  </pre>"), "");
        assert_eq!(
            md("<ul><li><pre>x\ny</pre></li></ul>"),
            "- ```text\n  x\n  y\n  ```"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(md("a<br>b<br/><br />c<br>"), "a\\\nb\\\nc");
        assert_eq!(md("<br>a"), "a");
        assert_eq!(md("<b>a<br></b>b"), "**a**\\\nb");
    }

    #[test]
    fn entities() {
        assert_eq!(
            md("a &amp; b &quot;c&quot; &#39;d&#39; &#x41;&nbsp;e"),
            "a & b \"c\" 'd' A e"
        );
        assert_eq!(md("&lt;p&gt; is text"), r"\<p\> is text");
        assert_eq!(md("&amp;lt; &IAM; & &bogus"), r"\&lt; \&IAM; & &bogus");
        assert_eq!(md("&#0;&#xD800;&#8238;x"), "\u{FFFD}\u{FFFD}x");
    }

    #[test]
    fn escaping() {
        assert_eq!(md("[x] and [[y]]"), r"\[x\] and \[\[y\]\]");
        assert_eq!(md("a < b > c"), r"a \< b \> c");
        assert_eq!(md("a | b<br>|---|---|"), "a \\| b\\\n\\|---\\|---\\|");
        assert_eq!(
            md("Use <region-name> or <ServiceName>."),
            r"Use \<region-name\> or \<ServiceName\>."
        );
        assert_eq!(
            md("*a* _b_ snake_case __init__ ~x~ a\\b"),
            r"\*a\* \_b\_ snake_case \_\_init\_\_ \~x\~ a\\b"
        );
        assert_eq!(
            md("<p># title</p><p>- item</p><p>+ x</p><p>1. one</p><p>2) two</p><p>===</p>"),
            "\\# title\n\n\\- item\n\n\\+ x\n\n1\\. one\n\n2\\) two\n\n\\==="
        );
        assert_eq!(md("<p>a - b 1. c # d</p>"), "a - b 1. c # d");
        assert_eq!(md("<p>1.5 is fine</p>"), "1.5 is fine");
        assert_eq!(
            md("a<!-- comment -->b <?xml x?><![CDATA[<c>]]>"),
            r"ab \<c\>"
        );
        assert_eq!(md("<p>unclosed <b"), r"unclosed \<b");
        assert_eq!(md("<a href=\"x>y"), r#"\<a href="x\>y"#);
        assert_eq!(md("if a<b and c>d"), r"if a\<b and c\>d");
    }

    #[test]
    fn malformed_html() {
        assert_eq!(md("<p>x <b>y</p> z"), "x **y**\n\nz");
        assert_eq!(md("</p></b>text</i>"), "text");
        assert_eq!(md("<b><p>in bold</p></b>"), "in bold");
        assert_eq!(md("<code>never closed"), "`never closed`");
        assert_eq!(md("<P>Upper <B>case</B></P>"), "Upper **case**");
        assert_eq!(
            md("<fullname>Service</fullname><p>Doc</p>"),
            "**Service**\n\nDoc"
        );
        assert_eq!(md("<div><p>a</p><span>b</span></div>"), "a\n\nb");
        assert_eq!(md("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
        assert_eq!(md("x<img src=\"a.png\"/>y<hr>z"), "xy\n\nz");
    }

    #[test]
    fn plain_text_and_markdownish() {
        assert_eq!(
            md("First line\nsame paragraph.\n\nSecond."),
            "First line same paragraph.\n\nSecond."
        );
        assert_eq!(
            md("Values:\n- a\n- b\n  continued\n\nEnd"),
            "Values:\n\n- a\n- b continued\n\nEnd"
        );
        assert_eq!(md("Steps:\n1. x\n2. y"), "Steps:\n\n1. x\n2. y");
        assert_eq!(
            md("Example:\n```json\n{\"a\": [1]}\n```\nDone"),
            "Example:\n\n```text\n{\"a\": [1]}\n```\n\nDone"
        );
        assert_eq!(md("Use `foo_bar` and [x]"), r"Use `foo_bar` and \[x\]");
        assert_eq!(md("Unclosed\n```\ncode"), "Unclosed\n\n```text\ncode\n```");
    }

    #[test]
    fn doc_comment_safety() {
        // Bare CR is rejected by rustc in doc comments; bidi overrides are linted.
        assert_eq!(md("a\r\nb\rc\u{202E}d\u{2066}e\0f"), "a b cdef");
        assert_eq!(md("<pre>x\r\ny\u{2028}z</pre>"), "```text\nx\ny\nz\n```");
        assert_eq!(doc_lines("<p>a</p><p>b</p>"), vec!["a", "", "b"]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = "<b><i><ul><li>".repeat(5_000) + "x";
        let out = md(&html);
        assert!(out.contains('x'));
        let html = "<p>".repeat(100_000) + "y";
        assert_eq!(md(&html), "y");
    }

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const SAMPLE: &str = r#"<p>Creates a <a href="https://docs.aws.amazon.com/x.html">key</a> in
        <code>arn:aws:kms:<i>region</i>:<region-name></code>. See https://e.com/a_(b).</p>
        <note><p>Use <b>Encrypt</b> &amp; <i>Decrypt</i>:</p></note>
        <ul><li><p>One [x] `code`</p><ul><li>Nested <br/> line</li></ul></li><li>Two</li></ul>
        <dl><dt>ACTIVE</dt><dd><p>Ready.</p></dd></dl><pre>  a &lt; b
          c</pre><important>Done!</important>"#;

    #[test]
    fn never_panics_on_substrings() {
        let boundaries: Vec<usize> = (0..=SAMPLE.len())
            .filter(|&i| SAMPLE.is_char_boundary(i))
            .collect();
        for (n, &start) in boundaries.iter().enumerate() {
            for &end in boundaries[n..].iter().step_by(3) {
                md(&SAMPLE[start..end]);
            }
        }
    }

    #[test]
    fn never_panics_on_random_input() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<li>",
            "</li>",
            "<ul>",
            "</ul>",
            "<ol>",
            "</ol>",
            "<code>",
            "</code>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=\"https://a.b/c\">",
            "<a>",
            "</a>",
            "<br/>",
            "<note>",
            "</note>",
            "<important>",
            "<pre>",
            "</pre>",
            "<dl>",
            "<dt>",
            "<dd>",
            "</dl>",
            "&amp;",
            "&lt;",
            "&#x41;",
            "&bogus;",
            "&",
            "<",
            ">",
            "</",
            "/>",
            "\"",
            "'",
            "`",
            "``",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "!",
            "#",
            "-",
            "1.",
            "\\",
            " ",
            "\n",
            "\n\n",
            "\t",
            "x",
            "word",
            "http://e.com/x",
            "https://",
            "é",
            "\u{202E}",
            "\r",
            "```",
            "~~~",
            "<region>",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "=",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3_000 {
            let len = rng.below(40);
            let html: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            let first = md(&html);
            assert_eq!(
                first,
                html_to_rustdoc(&html),
                "not deterministic for {html:?}"
            );
        }
        for _ in 0..2_000 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            md(&String::from_utf8_lossy(&bytes));
        }
    }

    fn collect_docs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("smithy.api#documentation", serde_json::Value::String(doc)) => {
                            out.push(doc.clone())
                        }
                        _ => collect_docs(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_docs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn converts_every_documentation_string_of_the_shared_models() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/models"));
        let Ok(entries) = std::fs::read_dir(dir) else {
            println!("skipped: ../shared/models not found");
            return;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let mut docs = Vec::new();
        for path in &paths {
            let text = std::fs::read_to_string(path).expect("readable model");
            let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            collect_docs(&json, &mut docs);
        }
        assert!(
            !docs.is_empty(),
            "no documentation strings in {}",
            dir.display()
        );
        for (n, doc) in docs.iter().enumerate() {
            let out = md(doc);
            let mut in_tag = false;
            let visible = doc.chars().any(|c| {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ => {}
                }
                !in_tag && c.is_alphanumeric()
            });
            if visible {
                assert!(
                    out.contains(|c: char| c.is_alphanumeric()),
                    "text lost: {doc:?}"
                );
            }
            // Every hundredth string also in pieces, to exercise broken markup.
            if n % 100 == 0 {
                let cuts: Vec<usize> = (0..=doc.len())
                    .filter(|&i| doc.is_char_boundary(i))
                    .step_by(37)
                    .collect();
                for &cut in &cuts {
                    md(&doc[cut..]);
                    md(&doc[..cut]);
                }
            }
        }
        println!(
            "converted {} documentation strings from {} models",
            docs.len(),
            paths.len()
        );
    }
}
