//! A JMESPath parser, for the paths of waiter acceptors (`smithy.waiters#waitable`).
//!
//! It reads the whole JMESPath grammar (a Pratt parser with the binding powers of the
//! reference implementation) into an [`Expr`] tree; [`crate::waiter_paths`] type-checks the
//! subset that can be typed against the model and reports the rest.

use std::fmt;

use serde_json::Value;

/// A parsed JMESPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`, or the implicit right-hand side of a projection.
    Identity,
    /// `name` or `"name"`.
    Field(String),
    /// `left.right`.
    Subexpr(Box<Expr>, Box<Expr>),
    /// `[n]`, applied to the current value.
    Index(i64),
    /// `[start:stop:step]`, applied to the current value.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `left[*].right`, `left[].right` (with a [`Expr::Flatten`] left), `[*]`.
    ListProjection(Box<Expr>, Box<Expr>),
    /// `left.*.right`, `*.right`.
    ValueProjection(Box<Expr>, Box<Expr>),
    /// `left[?condition].right`.
    FilterProjection {
        left: Box<Expr>,
        right: Box<Expr>,
        condition: Box<Expr>,
    },
    /// `left[]`: flattens one level of nested lists.
    Flatten(Box<Expr>),
    /// A JSON literal (`` `1` ``) or a raw string (`'text'`).
    Literal(Value),
    /// `!expr`.
    Not(Box<Expr>),
    /// `left && right`.
    And(Box<Expr>, Box<Expr>),
    /// `left || right`.
    Or(Box<Expr>, Box<Expr>),
    /// `left == right` and the other comparators.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `name(args...)`.
    Function(String, Vec<Expr>),
    /// `left | right`.
    Pipe(Box<Expr>, Box<Expr>),
    /// `[a, b]`.
    MultiSelectList(Vec<Expr>),
    /// `{k: a, ...}`.
    MultiSelectHash(Vec<(String, Expr)>),
    /// `&expr`.
    ExpRef(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Comparator::Eq => "==",
            Comparator::Ne => "!=",
            Comparator::Lt => "<",
            Comparator::Lte => "<=",
            Comparator::Gt => ">",
            Comparator::Gte => ">=",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Eof,
    Identifier(String),
    QuotedIdentifier(String),
    Literal(Value),
    Number(i64),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Compare(Comparator),
    Current,
    Expref,
}

impl Token {
    /// The binding power of the reference implementation (jmespath.py).
    fn binding_power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBrace => 50,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }

    fn describe(&self) -> String {
        match self {
            Token::Eof => "the end".into(),
            Token::Identifier(name) => format!("`{name}`"),
            Token::QuotedIdentifier(name) => format!("`\"{name}\"`"),
            Token::Literal(value) => format!("literal `{value}`"),
            Token::Number(n) => format!("`{n}`"),
            Token::Dot => "`.`".into(),
            Token::Star => "`*`".into(),
            Token::Flatten => "`[]`".into(),
            Token::Filter => "`[?`".into(),
            Token::LBracket => "`[`".into(),
            Token::RBracket => "`]`".into(),
            Token::LBrace => "`{`".into(),
            Token::RBrace => "`}`".into(),
            Token::LParen => "`(`".into(),
            Token::RParen => "`)`".into(),
            Token::Comma => "`,`".into(),
            Token::Colon => "`:`".into(),
            Token::Pipe => "`|`".into(),
            Token::Or => "`||`".into(),
            Token::And => "`&&`".into(),
            Token::Not => "`!`".into(),
            Token::Compare(op) => format!("`{op}`"),
            Token::Current => "`@`".into(),
            Token::Expref => "`&`".into(),
        }
    }
}

/// Below this binding power a token ends a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

/// Parses a JMESPath expression.
pub fn parse(text: &str) -> Result<Expr, String> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, index: 0 };
    let expr = parser.expression(0)?;
    match parser.current() {
        Token::Eof => Ok(expr),
        other => Err(format!(
            "unexpected {} after the expression",
            other.describe()
        )),
    }
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let next_is = |i: usize, c: char| chars.get(i + 1) == Some(&c);
    while i < chars.len() {
        let c = chars[i];
        let (token, width) = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                let end = (i..chars.len())
                    .find(|&j| !(chars[j].is_ascii_alphanumeric() || chars[j] == '_'))
                    .unwrap_or(chars.len());
                (Token::Identifier(chars[i..end].iter().collect()), end - i)
            }
            '0'..='9' | '-' => {
                let start = if c == '-' { i + 1 } else { i };
                let end = (start..chars.len())
                    .find(|&j| !chars[j].is_ascii_digit())
                    .unwrap_or(chars.len());
                if end == start {
                    return Err(format!("`-` without digits at offset {i}"));
                }
                let digits: String = chars[i..end].iter().collect();
                let n = digits
                    .parse()
                    .map_err(|_| format!("number `{digits}` is out of range"))?;
                (Token::Number(n), end - i)
            }
            '"' => {
                let (body, width) = delimited(&chars, i, '"')?;
                let name: String = serde_json::from_str(&format!("\"{body}\""))
                    .map_err(|e| format!("invalid quoted identifier \"{body}\": {e}"))?;
                (Token::QuotedIdentifier(name), width)
            }
            '\'' => {
                let (body, width) = delimited(&chars, i, '\'')?;
                (
                    Token::Literal(Value::String(body.replace("\\'", "'"))),
                    width,
                )
            }
            '`' => {
                let (body, width) = delimited(&chars, i, '`')?;
                let body = body.replace("\\`", "`");
                let value: Value = serde_json::from_str(body.trim())
                    .map_err(|e| format!("invalid JSON literal `{body}`: {e}"))?;
                (Token::Literal(value), width)
            }
            '.' => (Token::Dot, 1),
            '*' => (Token::Star, 1),
            '[' if next_is(i, ']') => (Token::Flatten, 2),
            '[' if next_is(i, '?') => (Token::Filter, 2),
            '[' => (Token::LBracket, 1),
            ']' => (Token::RBracket, 1),
            '{' => (Token::LBrace, 1),
            '}' => (Token::RBrace, 1),
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            ',' => (Token::Comma, 1),
            ':' => (Token::Colon, 1),
            '@' => (Token::Current, 1),
            '|' if next_is(i, '|') => (Token::Or, 2),
            '|' => (Token::Pipe, 1),
            '&' if next_is(i, '&') => (Token::And, 2),
            '&' => (Token::Expref, 1),
            '!' if next_is(i, '=') => (Token::Compare(Comparator::Ne), 2),
            '!' => (Token::Not, 1),
            '=' if next_is(i, '=') => (Token::Compare(Comparator::Eq), 2),
            '<' if next_is(i, '=') => (Token::Compare(Comparator::Lte), 2),
            '<' => (Token::Compare(Comparator::Lt), 1),
            '>' if next_is(i, '=') => (Token::Compare(Comparator::Gte), 2),
            '>' => (Token::Compare(Comparator::Gt), 1),
            other => return Err(format!("unexpected character `{other}` at offset {i}")),
        };
        tokens.push(token);
        i += width;
    }
    tokens.push(Token::Eof);
    Ok(tokens)
}

/// The text between the delimiter at `start` and the next unescaped one, and the width of
/// the whole token.
fn delimited(chars: &[char], start: usize, delimiter: char) -> Result<(String, usize), String> {
    let mut j = start + 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            c if c == delimiter => {
                return Ok((chars[start + 1..j].iter().collect(), j + 1 - start));
            }
            _ => j += 1,
        }
    }
    Err(format!("unterminated `{delimiter}` at offset {start}"))
}

struct Parser {
    tokens: Vec<Token>,
    index: usize,
}

impl Parser {
    fn current(&self) -> &Token {
        &self.tokens[self.index]
    }

    fn lookahead(&self, n: usize) -> &Token {
        self.tokens.get(self.index + n).unwrap_or(&Token::Eof)
    }

    fn advance(&mut self) -> Token {
        let token = self.tokens[self.index].clone();
        if self.index + 1 < self.tokens.len() {
            self.index += 1;
        }
        token
    }

    fn expect(&mut self, token: Token) -> Result<(), String> {
        if *self.current() == token {
            self.advance();
            Ok(())
        } else {
            Err(format!(
                "expected {}, found {}",
                token.describe(),
                self.current().describe()
            ))
        }
    }

    fn expression(&mut self, binding_power: u8) -> Result<Expr, String> {
        let token = self.advance();
        let mut left = self.nud(token)?;
        while binding_power < self.current().binding_power() {
            let token = self.advance();
            left = self.led(token, left)?;
        }
        Ok(left)
    }

    fn nud(&mut self, token: Token) -> Result<Expr, String> {
        Ok(match token {
            Token::Literal(value) => Expr::Literal(value),
            Token::Identifier(name) => Expr::Field(name),
            Token::QuotedIdentifier(name) => {
                if *self.current() == Token::LParen {
                    return Err("a quoted identifier cannot name a function".into());
                }
                Expr::Field(name)
            }
            Token::Star => {
                let right = if *self.current() == Token::RBracket {
                    Expr::Identity
                } else {
                    self.projection_rhs(Token::Star.binding_power())?
                };
                Expr::ValueProjection(Box::new(Expr::Identity), Box::new(right))
            }
            Token::Filter => self.filter(Expr::Identity)?,
            Token::LBrace => self.multi_select_hash()?,
            Token::LParen => {
                let expr = self.expression(0)?;
                self.expect(Token::RParen)?;
                expr
            }
            Token::Flatten => {
                let right = self.projection_rhs(Token::Flatten.binding_power())?;
                Expr::ListProjection(
                    Box::new(Expr::Flatten(Box::new(Expr::Identity))),
                    Box::new(right),
                )
            }
            Token::Not => Expr::Not(Box::new(self.expression(Token::Not.binding_power())?)),
            Token::LBracket => match self.current() {
                Token::Number(_) | Token::Colon => {
                    let index = self.index_expression()?;
                    self.project_if_slice(Expr::Identity, index)?
                }
                Token::Star if *self.lookahead(1) == Token::RBracket => {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(Token::Star.binding_power())?;
                    Expr::ListProjection(Box::new(Expr::Identity), Box::new(right))
                }
                _ => self.multi_select_list()?,
            },
            Token::Current => Expr::Identity,
            Token::Expref => Expr::ExpRef(Box::new(self.expression(0)?)),
            other => return Err(format!("unexpected {}", other.describe())),
        })
    }

    fn led(&mut self, token: Token, left: Expr) -> Result<Expr, String> {
        let power = token.binding_power();
        Ok(match token {
            Token::Dot => {
                if *self.current() == Token::Star {
                    self.advance();
                    let right = self.projection_rhs(power)?;
                    Expr::ValueProjection(Box::new(left), Box::new(right))
                } else {
                    let right = self.dot_rhs(power)?;
                    Expr::Subexpr(Box::new(left), Box::new(right))
                }
            }
            Token::Pipe => Expr::Pipe(Box::new(left), Box::new(self.expression(power)?)),
            Token::Or => Expr::Or(Box::new(left), Box::new(self.expression(power)?)),
            Token::And => Expr::And(Box::new(left), Box::new(self.expression(power)?)),
            Token::Compare(op) => {
                Expr::Compare(op, Box::new(left), Box::new(self.expression(power)?))
            }
            Token::LParen => {
                let Expr::Field(name) = left else {
                    return Err("only a name can be called as a function".into());
                };
                let mut args = Vec::new();
                while *self.current() != Token::RParen {
                    args.push(self.expression(0)?);
                    if *self.current() == Token::Comma {
                        self.advance();
                    } else if *self.current() != Token::RParen {
                        return Err(format!(
                            "expected `,` or `)` in the arguments of `{name}`, found {}",
                            self.current().describe()
                        ));
                    }
                }
                self.advance();
                Expr::Function(name, args)
            }
            Token::Filter => self.filter(left)?,
            Token::Flatten => {
                let right = self.projection_rhs(power)?;
                Expr::ListProjection(Box::new(Expr::Flatten(Box::new(left))), Box::new(right))
            }
            Token::LBracket => match self.current() {
                Token::Number(_) | Token::Colon => {
                    let index = self.index_expression()?;
                    self.project_if_slice(left, index)?
                }
                _ => {
                    self.expect(Token::Star)?;
                    self.expect(Token::RBracket)?;
                    let right = self.projection_rhs(Token::Star.binding_power())?;
                    Expr::ListProjection(Box::new(left), Box::new(right))
                }
            },
            other => return Err(format!("unexpected {}", other.describe())),
        })
    }

    fn filter(&mut self, left: Expr) -> Result<Expr, String> {
        let condition = self.expression(0)?;
        self.expect(Token::RBracket)?;
        let right = if *self.current() == Token::Flatten {
            Expr::Identity
        } else {
            self.projection_rhs(Token::Filter.binding_power())?
        };
        Ok(Expr::FilterProjection {
            left: Box::new(left),
            right: Box::new(right),
            condition: Box::new(condition),
        })
    }

    /// After `[`: `n]` or a slice `start:stop:step]`.
    fn index_expression(&mut self) -> Result<Expr, String> {
        if *self.lookahead(1) == Token::Colon || *self.current() == Token::Colon {
            let mut parts = [None, None, None];
            let mut part = 0;
            loop {
                match self.advance() {
                    Token::Number(n) => parts[part] = Some(n),
                    Token::Colon if part < 2 => part += 1,
                    Token::RBracket => break,
                    other => {
                        return Err(format!("unexpected {} in a slice", other.describe()));
                    }
                }
            }
            Ok(Expr::Slice(parts[0], parts[1], parts[2]))
        } else {
            let Token::Number(n) = self.advance() else {
                unreachable!("called on a number or a colon")
            };
            self.expect(Token::RBracket)?;
            Ok(Expr::Index(n))
        }
    }

    fn project_if_slice(&mut self, left: Expr, index: Expr) -> Result<Expr, String> {
        let indexed = match left {
            Expr::Identity => index.clone(),
            left => Expr::Subexpr(Box::new(left), Box::new(index.clone())),
        };
        if matches!(index, Expr::Slice(..)) {
            let right = self.projection_rhs(Token::Star.binding_power())?;
            Ok(Expr::ListProjection(Box::new(indexed), Box::new(right)))
        } else {
            Ok(indexed)
        }
    }

    fn projection_rhs(&mut self, binding_power: u8) -> Result<Expr, String> {
        match self.current() {
            token if token.binding_power() < PROJECTION_STOP => Ok(Expr::Identity),
            Token::LBracket | Token::Filter => self.expression(binding_power),
            Token::Dot => {
                self.advance();
                self.dot_rhs(binding_power)
            }
            other => Err(format!(
                "unexpected {} after a projection",
                other.describe()
            )),
        }
    }

    fn dot_rhs(&mut self, binding_power: u8) -> Result<Expr, String> {
        match self.current() {
            Token::Identifier(_) | Token::QuotedIdentifier(_) | Token::Star => {
                self.expression(binding_power)
            }
            Token::LBracket => {
                self.advance();
                self.multi_select_list()
            }
            Token::LBrace => {
                self.advance();
                self.multi_select_hash()
            }
            other => Err(format!("unexpected {} after `.`", other.describe())),
        }
    }

    /// After `[`.
    fn multi_select_list(&mut self) -> Result<Expr, String> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.advance() {
                Token::Comma => continue,
                Token::RBracket => break,
                other => {
                    return Err(format!(
                        "expected `,` or `]` in a list, found {}",
                        other.describe()
                    ))
                }
            }
        }
        Ok(Expr::MultiSelectList(items))
    }

    /// After `{`.
    fn multi_select_hash(&mut self) -> Result<Expr, String> {
        let mut entries = Vec::new();
        loop {
            let key = match self.advance() {
                Token::Identifier(key) | Token::QuotedIdentifier(key) => key,
                other => return Err(format!("expected a key, found {}", other.describe())),
            };
            self.expect(Token::Colon)?;
            entries.push((key, self.expression(0)?));
            match self.advance() {
                Token::Comma => continue,
                Token::RBrace => break,
                other => {
                    return Err(format!(
                        "expected `,` or `}}` in a hash, found {}",
                        other.describe()
                    ))
                }
            }
        }
        Ok(Expr::MultiSelectHash(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.into()))
    }

    fn sub(a: Box<Expr>, b: Box<Expr>) -> Box<Expr> {
        Box::new(Expr::Subexpr(a, b))
    }

    #[test]
    fn fields_and_subexpressions() {
        assert_eq!(parse("a").unwrap(), Expr::Field("a".into()));
        assert_eq!(
            parse("service.pipeline.deploymentStatus").unwrap(),
            *sub(
                sub(field("service"), field("pipeline")),
                field("deploymentStatus")
            )
        );
        assert_eq!(
            parse("\"with space\"").unwrap(),
            Expr::Field("with space".into())
        );
    }

    #[test]
    fn projections_take_the_rest_of_the_path() {
        assert_eq!(
            parse("services[].status").unwrap(),
            Expr::ListProjection(Box::new(Expr::Flatten(field("services"))), field("status"))
        );
        assert_eq!(
            parse("a[*].b.c").unwrap(),
            Expr::ListProjection(field("a"), sub(field("b"), field("c")))
        );
        // A comparison ends the projection.
        assert_eq!(
            parse("a[*].b == 'x'").unwrap(),
            Expr::Compare(
                Comparator::Eq,
                Box::new(Expr::ListProjection(field("a"), field("b"))),
                Box::new(Expr::Literal(Value::String("x".into())))
            )
        );
    }

    #[test]
    fn filters_functions_and_boolean_operators() {
        let expr = parse(
            "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
        )
        .unwrap();
        let Expr::Compare(Comparator::Eq, left, right) = expr else {
            panic!()
        };
        assert_eq!(*right, Expr::Literal(Value::from(0)));
        let Expr::Function(name, args) = *left else {
            panic!()
        };
        assert_eq!(name, "length");
        let Expr::FilterProjection {
            left,
            right,
            condition,
        } = &args[0]
        else {
            panic!("{args:?}")
        };
        assert_eq!(**left, Expr::Field("services".into()));
        assert_eq!(**right, Expr::Identity);
        let Expr::Not(inner) = &**condition else {
            panic!()
        };
        assert!(matches!(**inner, Expr::And(..)));
    }

    #[test]
    fn precedence_of_or_and_not() {
        let Expr::Or(_, right) = parse("a || b && c").unwrap() else {
            panic!()
        };
        assert!(matches!(*right, Expr::And(..)));
        let Expr::Compare(_, left, _) = parse("!a == b").unwrap() else {
            panic!()
        };
        assert!(matches!(*left, Expr::Not(_)));
    }

    #[test]
    fn indexes_slices_literals_and_pipes() {
        assert_eq!(
            parse("a[0]").unwrap(),
            *sub(field("a"), Box::new(Expr::Index(0)))
        );
        assert_eq!(parse("[-1]").unwrap(), Expr::Index(-1));
        assert!(matches!(parse("a[1:2]").unwrap(), Expr::ListProjection(..)));
        assert_eq!(
            parse("'it\\'s'").unwrap(),
            Expr::Literal(Value::String("it's".into()))
        );
        assert_eq!(
            parse("`{\"a\": [1]}`").unwrap(),
            Expr::Literal(serde_json::json!({"a": [1]}))
        );
        assert!(matches!(parse("a | b").unwrap(), Expr::Pipe(..)));
        assert!(matches!(parse("a.*").unwrap(), Expr::ValueProjection(..)));
        assert!(matches!(parse("[a, b]").unwrap(), Expr::MultiSelectList(_)));
        assert!(matches!(parse("{x: a}").unwrap(), Expr::MultiSelectHash(_)));
        assert!(matches!(parse("a.[b]").unwrap(), Expr::Subexpr(..)));
        assert!(matches!(parse("&a").unwrap(), Expr::ExpRef(_)));
        assert_eq!(parse("@").unwrap(), Expr::Identity);
    }

    #[test]
    fn syntax_errors_are_described() {
        for (text, expected) in [
            ("a.", "after `.`"),
            ("a[", "expected `*`, found the end"),
            ("a = b", "unexpected character `=`"),
            ("`{`", "invalid JSON literal"),
            ("'open", "unterminated"),
            ("a b", "unexpected `b` after the expression"),
            ("\"f\"(a)", "cannot name a function"),
            ("length(a b)", "expected `,` or `)`"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
