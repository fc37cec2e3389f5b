//! A very small regular-expression matcher for the `regionRegex` patterns of the partition
//! table.
//!
//! Supported syntax: literal characters, `.`, the escapes `\w` `\d` `\s` (and their
//! upper-case negations) plus escaped punctuation such as `\-` or `\.`, bracket classes
//! (`[a-z0-9_]`, `[^...]`), groups with alternation (`(us|eu)`, `(?:...)`), the quantifiers
//! `*`, `+` and `?`, and the anchors `^` and `$`. `\w` and `\d` are ASCII-only, as in Java.
//!
//! A pattern is compiled into a small instruction list that is run as a Thompson NFA: the
//! time taken is proportional to the input length times the pattern length, nothing recurses
//! on the input, and a pattern outside the subset simply matches nothing.

/// One step of the compiled automaton.
#[derive(Debug, Clone, PartialEq)]
enum Inst {
    /// Consumes one character that satisfies the class.
    Char(Class),
    /// Continues at both targets.
    Split(usize, usize),
    /// Continues at the target.
    Jump(usize),
    /// Only passes at the start of the input.
    AssertStart,
    /// Only passes at the end of the input.
    AssertEnd,
    /// The pattern matched.
    Match,
}

/// A set of characters.
#[derive(Debug, Clone, PartialEq)]
enum Class {
    Any,
    Literal(char),
    Word,
    Digit,
    Space,
    Not(Box<Class>),
    /// Bracket expression: the items, and whether it is negated.
    Set(Vec<SetItem>, bool),
}

#[derive(Debug, Clone, PartialEq)]
enum SetItem {
    Range(char, char),
    Class(Class),
}

impl Class {
    fn matches(&self, c: char) -> bool {
        match self {
            Class::Any => c != '\n',
            Class::Literal(l) => *l == c,
            Class::Word => c.is_ascii_alphanumeric() || c == '_',
            Class::Digit => c.is_ascii_digit(),
            Class::Space => matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C'),
            Class::Not(inner) => !inner.matches(c),
            Class::Set(items, negated) => {
                let hit = items.iter().any(|item| match item {
                    SetItem::Range(lo, hi) => *lo <= c && c <= *hi,
                    SetItem::Class(class) => class.matches(c),
                });
                hit != *negated
            }
        }
    }
}

/// The parsed form of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Start,
    End,
    Char(Class),
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: usize,
        many: bool,
    },
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Regex {
    program: Vec<Inst>,
}

/// Patterns are short, static strings; this bounds the work done on a hostile one.
const MAX_PATTERN_LEN: usize = 1024;
/// Deepest group nesting the parser accepts.
const MAX_DEPTH: usize = 32;

impl Regex {
    /// Compiles `pattern`, or `None` when it uses syntax outside the supported subset.
    pub(crate) fn new(pattern: &str) -> Option<Regex> {
        if pattern.len() > MAX_PATTERN_LEN {
            return None;
        }
        let chars: Vec<char> = pattern.chars().collect();
        let mut parser = Parser {
            chars: &chars,
            pos: 0,
        };
        let alternatives = parser.alternatives(0)?;
        if parser.pos != chars.len() {
            return None;
        }
        let mut program = Vec::new();
        compile(&Node::Group(alternatives), &mut program);
        program.push(Inst::Match);
        Some(Regex { program })
    }

    /// Whether the pattern matches somewhere in `input` (anchors make it a full match).
    pub(crate) fn is_match(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        let len = self.program.len();
        let mut current: Vec<usize> = Vec::with_capacity(len);
        let mut next: Vec<usize> = Vec::with_capacity(len);
        let mut on_list = vec![usize::MAX; len];
        let mut stack = Vec::with_capacity(len);
        for at in 0..=chars.len() {
            // A new attempt may start at every position (the search is unanchored unless
            // the pattern says otherwise).
            if self.add(&mut current, &mut on_list, &mut stack, 0, at, chars.len()) {
                return true;
            }
            let Some(&c) = chars.get(at) else { break };
            next.clear();
            for &pc in &current {
                if let Some(Inst::Char(class)) = self.program.get(pc) {
                    if class.matches(c)
                        && self.add(
                            &mut next,
                            &mut on_list,
                            &mut stack,
                            pc + 1,
                            at + 1,
                            chars.len(),
                        )
                    {
                        return true;
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        false
    }

    /// Adds the thread at `pc` and everything reachable from it without consuming input to
    /// `list`; true when that reaches [`Inst::Match`].
    fn add(
        &self,
        list: &mut Vec<usize>,
        on_list: &mut [usize],
        stack: &mut Vec<usize>,
        pc: usize,
        at: usize,
        len: usize,
    ) -> bool {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            match on_list.get_mut(pc) {
                Some(mark) if *mark != at => *mark = at,
                _ => continue,
            }
            match self.program.get(pc) {
                Some(Inst::Char(_)) => list.push(pc),
                Some(Inst::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::Jump(target)) => stack.push(*target),
                Some(Inst::AssertStart) if at == 0 => stack.push(pc + 1),
                Some(Inst::AssertEnd) if at == len => stack.push(pc + 1),
                Some(Inst::Match) => return true,
                Some(Inst::AssertStart | Inst::AssertEnd) | None => {}
            }
        }
        false
    }
}

fn compile(node: &Node, program: &mut Vec<Inst>) {
    match node {
        Node::Start => program.push(Inst::AssertStart),
        Node::End => program.push(Inst::AssertEnd),
        Node::Char(class) => program.push(Inst::Char(class.clone())),
        Node::Group(alternatives) => {
            // split L1, next; L1: alt1; jump end; next: split L2, ...; last alt; end:
            let mut jumps = Vec::new();
            let count = alternatives.len();
            for (i, alternative) in alternatives.iter().enumerate() {
                let split_at = program.len();
                let last = i + 1 == count;
                if !last {
                    program.push(Inst::Split(split_at + 1, 0));
                }
                for node in alternative {
                    compile(node, program);
                }
                if !last {
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let after = program.len();
                    if let Some(Inst::Split(_, b)) = program.get_mut(split_at) {
                        *b = after;
                    }
                }
            }
            let end = program.len();
            for jump in jumps {
                if let Some(Inst::Jump(target)) = program.get_mut(jump) {
                    *target = end;
                }
            }
        }
        Node::Repeat { node, min, many } => {
            // `min` is 0 or 1 here.
            if *min == 1 {
                let body = program.len();
                compile(node, program);
                if *many {
                    // e+ : body; split body, next
                    program.push(Inst::Split(body, program.len() + 1));
                }
            } else if *many {
                // e* : L: split body, end; body; jump L; end:
                let split_at = program.len();
                program.push(Inst::Split(split_at + 1, 0));
                compile(node, program);
                program.push(Inst::Jump(split_at));
                let end = program.len();
                if let Some(Inst::Split(_, b)) = program.get_mut(split_at) {
                    *b = end;
                }
            } else {
                // e? : split body, end; body; end:
                let split_at = program.len();
                program.push(Inst::Split(split_at + 1, 0));
                compile(node, program);
                let end = program.len();
                if let Some(Inst::Split(_, b)) = program.get_mut(split_at) {
                    *b = end;
                }
            }
        }
    }
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// `alt ('|' alt)*`, stopping before `)` or at the end.
    fn alternatives(&mut self, depth: usize) -> Option<Vec<Vec<Node>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut alternatives = vec![self.sequence(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.sequence(depth)?);
        }
        Some(alternatives)
    }

    fn sequence(&mut self, depth: usize) -> Option<Vec<Node>> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            let atom = match c {
                '|' | ')' => break,
                '^' => {
                    self.pos += 1;
                    Node::Start
                }
                '$' => {
                    self.pos += 1;
                    Node::End
                }
                '(' => {
                    self.pos += 1;
                    if self.peek() == Some('?') {
                        self.pos += 1;
                        if self.next()? != ':' {
                            return None;
                        }
                    }
                    let inner = self.alternatives(depth + 1)?;
                    if self.next()? != ')' {
                        return None;
                    }
                    Node::Group(inner)
                }
                '[' => {
                    self.pos += 1;
                    Node::Char(self.bracket()?)
                }
                '.' => {
                    self.pos += 1;
                    Node::Char(Class::Any)
                }
                '\\' => {
                    self.pos += 1;
                    Node::Char(self.escape()?)
                }
                '*' | '+' | '?' | '{' | '}' | ']' => return None,
                other => {
                    self.pos += 1;
                    Node::Char(Class::Literal(other))
                }
            };
            let node = match self.peek() {
                Some(q @ ('*' | '+' | '?')) => {
                    self.pos += 1;
                    if matches!(atom, Node::Start | Node::End) {
                        return None;
                    }
                    Node::Repeat {
                        node: Box::new(atom),
                        min: usize::from(q == '+'),
                        many: q != '?',
                    }
                }
                _ => atom,
            };
            if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
                // Stacked or counted quantifiers are outside the subset.
                return None;
            }
            nodes.push(node);
        }
        Some(nodes)
    }

    /// What follows a backslash.
    fn escape(&mut self) -> Option<Class> {
        let c = self.next()?;
        Some(match c {
            'w' => Class::Word,
            'W' => Class::Not(Box::new(Class::Word)),
            'd' => Class::Digit,
            'D' => Class::Not(Box::new(Class::Digit)),
            's' => Class::Space,
            'S' => Class::Not(Box::new(Class::Space)),
            't' => Class::Literal('\t'),
            'n' => Class::Literal('\n'),
            'r' => Class::Literal('\r'),
            c if c.is_ascii_punctuation() || c == ' ' => Class::Literal(c),
            _ => return None,
        })
    }

    /// A bracket expression; the `[` is already consumed.
    fn bracket(&mut self) -> Option<Class> {
        let negated = if self.peek() == Some('^') {
            self.pos += 1;
            true
        } else {
            false
        };
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = if c == '\\' {
                match self.escape()? {
                    Class::Literal(l) => l,
                    class => {
                        items.push(SetItem::Class(class));
                        continue;
                    }
                }
            } else {
                c
            };
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']');
            if is_range {
                self.pos += 1;
                let high = match self.next()? {
                    '\\' => match self.escape()? {
                        Class::Literal(l) => l,
                        _ => return None,
                    },
                    h => h,
                };
                if high < low {
                    return None;
                }
                items.push(SetItem::Range(low, high));
            } else {
                items.push(SetItem::Range(low, low));
            }
        }
        Some(Class::Set(items, negated))
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;

    fn matches(pattern: &str, input: &str) -> bool {
        Regex::new(pattern)
            .unwrap_or_else(|| panic!("{pattern} compiles"))
            .is_match(input)
    }

    #[test]
    fn partition_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        for region in [
            "us-east-1",
            "eu-south-9",
            "mx-central-1",
            "il-central-12",
            "us-x_y-0",
        ] {
            assert!(matches(aws, region), "{region}");
        }
        for region in [
            "us-east-1a",
            "us-east-",
            "us--1",
            "cn-north-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "xus-east-1",
            "us-east-1 ",
            "",
            "us-éast-1",
            "us-east-١",
        ] {
            assert!(!matches(aws, region), "{region}");
        }
        assert!(matches(r"^cn\-\w+\-\d+$", "cn-northwest-1"));
        assert!(!matches(r"^cn\-\w+\-\d+$", "cn-north-west-1"));
        assert!(matches(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(!matches(r"^eusc\-(de)\-\w+\-\d+$", "eusc-fr-east-1"));
        assert!(matches(r"^us\-gov\-\w+\-\d+$", "us-gov-west-1"));
        assert!(matches(r"^us\-iso\-\w+\-\d+$", "us-iso-east-1"));
        assert!(!matches(r"^us\-iso\-\w+\-\d+$", "us-isob-east-1"));
        assert!(matches(r"^us\-isob\-\w+\-\d+$", "us-isob-east-1"));
    }

    #[test]
    fn general_syntax() {
        assert!(matches("abc", "xxabcxx"));
        assert!(!matches("^abc$", "xxabcxx"));
        assert!(matches("^a*$", ""));
        assert!(matches("^a*b?c+$", "aaacc"));
        assert!(!matches("^a*b?c+$", "aabbc"));
        assert!(matches("^(?:ab|cd)+$", "abcdab"));
        assert!(matches("^[a-c_]+[^0-9]$", "ab_cx"));
        assert!(!matches("^[a-c_]+[^0-9]$", "ab_c1"));
        assert!(matches(r"^[\w.]+$", "a.b_c"));
        assert!(matches(r"^\s\S\W\D$", " x-a"));
        assert!(matches("^a.c$", "abc"));
        assert!(matches("^(a|)$", ""));
        assert!(matches("^(|a)b$", "ab"));
        assert!(matches("^(a|b|c)$", "c"));
    }

    #[test]
    fn unsupported_or_broken_patterns_do_not_compile() {
        for pattern in [
            "(", ")", "a**", "+a", "a{2}", "[a", "[z-a]", r"\", r"\q", "(?=a)", "a|*",
        ] {
            assert!(Regex::new(pattern).is_none(), "{pattern}");
        }
        assert!(Regex::new(&"(".repeat(100)).is_none());
        assert!(Regex::new(&"a".repeat(2000)).is_none());
    }

    #[test]
    fn long_inputs_are_fine() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        let long = format!("us-{}-1", "a".repeat(100_000));
        assert!(matches(aws, &long));
        let nested = r"^(a*)*b$";
        assert!(!matches(nested, &"a".repeat(10_000)));
    }
}
