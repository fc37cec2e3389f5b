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
//! nesting is flattened beyond [`MAX_DEPTH`] open elements.

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
    let input = sanitize(html);
    let tokens = tokenize(&input);
    let nodes = if tokens.iter().any(|t| !matches!(t, Token::Text(_))) {
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

fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut pos = 0;
    while pos < input.len() {
        let Some(offset) = input[pos..].find('<') else {
            text.push_str(&decode_entities(&input[pos..]));
            break;
        };
        let lt = pos + offset;
        text.push_str(&decode_entities(&input[pos..lt]));
        match parse_markup(input, lt) {
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
    tokens
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
        return (bytes.get(i) == Some(&b'>')).then(|| (Markup::Token(Token::Close(tag)), at + i + 1));
    }
    match bytes.get(i) {
        Some(b'>' | b'/') => {}
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let (attributes, self_closing, end) = parse_attributes(rest, i)?;
    let href = if tag == Tag::Anchor {
        attributes.into_iter().find(|(name, _)| name == "href").map(|(_, value)| value)
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
/// with `/>`, and the index after the `>`.
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
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match *b.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let len = s[i + 1..].find(quote as char)?;
                    value = decode_entities(&s[i + 1..i + 1 + len]);
                    i += len + 2;
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&s[start..i]);
                }
            }
        } else if i == start {
            // Not reachable with the checks above, but never loop without progress.
            i += 1;
        }
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
        let rest = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))?;
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
        self.frames.iter().any(|f| matches!(f.kind, FrameKind::Link(_)))
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

/// Appends `s` with every character that Markdown could read as syntax escaped. At the start
/// of a line, block markers (`#`, `-`, `+`, `=`, `1.`) are escaped too.
fn escape_into(out: &mut String, s: &str, line_start: bool) {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' => true,
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            '&' => looks_like_entity(&chars[i + 1..]),
            '#' | '-' | '+' | '=' => line_start && i == 0,
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
