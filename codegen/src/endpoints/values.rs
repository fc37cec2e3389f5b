//! What the compiler knows about a value while it lowers rules: its rules-engine type
//! ([`ValueType`]) and its code ([`CompiledExpr`]), with booleans kept symbolic
//! ([`BoolExpr`]) so that negations and comparisons with literals simplify.

use std::fmt;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust_code::RustIdent;
use super::statements::{Reads, Statement};

/// Rules-engine types, and how a value of each is represented in generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ValueType {
    /// `&str`
    String,
    /// `bool`
    Boolean,
    /// An integer literal (only ever a literal argument).
    Integer,
    /// `&[String]`
    StringArray,
    /// `smithy_runtime::endpoint::aws::Partition`
    Partition,
    /// `smithy_runtime::endpoint::Url`
    Url,
    /// `smithy_runtime::endpoint::aws::Arn`
    Arn,
    /// `Option<T>` of the above
    Optional(Box<ValueType>),
}

impl ValueType {
    pub(super) fn optional(inner: ValueType) -> ValueType {
        ValueType::Optional(Box::new(inner))
    }

    pub(super) fn inner(&self) -> &ValueType {
        match self {
            ValueType::Optional(inner) => inner,
            other => other,
        }
    }

    pub(super) fn is_optional(&self) -> bool {
        matches!(self, ValueType::Optional(_))
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::String => f.write_str("string"),
            ValueType::Boolean => f.write_str("bool"),
            ValueType::Integer => f.write_str("int"),
            ValueType::StringArray => f.write_str("array<string>"),
            ValueType::Partition => f.write_str("Partition"),
            ValueType::Url => f.write_str("URL"),
            ValueType::Arn => f.write_str("ARN"),
            ValueType::Optional(inner) => write!(f, "option<{inner}>"),
        }
    }
}

/// A boolean expression, kept symbolic so that negations and comparisons with literals
/// simplify (no `== true`, no `!!x`, `!(a == b)` is `a != b`).
#[derive(Debug, Clone)]
pub(super) enum BoolExpr {
    Literal(bool),
    /// An expression; `complex` when it needs parentheses as an operand.
    Atom {
        ts: TokenStream,
        complex: bool,
    },
    /// `!operand`
    Not(TokenStream),
    /// `operand.is_some()`, or `operand.is_none()` when negated.
    Present {
        operand: TokenStream,
        negated: bool,
    },
    Eq(TokenStream, TokenStream),
    Ne(TokenStream, TokenStream),
}

impl BoolExpr {
    pub(super) fn atom(ts: TokenStream) -> BoolExpr {
        BoolExpr::Atom { ts, complex: false }
    }

    pub(super) fn negate(self) -> BoolExpr {
        match self {
            BoolExpr::Literal(b) => BoolExpr::Literal(!b),
            BoolExpr::Atom { ts, complex } => BoolExpr::Not(parenthesize(ts, complex)),
            BoolExpr::Not(ts) => BoolExpr::atom(ts),
            BoolExpr::Present { operand, negated } => BoolExpr::Present {
                operand,
                negated: !negated,
            },
            BoolExpr::Eq(a, b) => BoolExpr::Ne(a, b),
            BoolExpr::Ne(a, b) => BoolExpr::Eq(a, b),
        }
    }

    pub(super) fn top(&self) -> TokenStream {
        match self {
            BoolExpr::Literal(true) => quote!(true),
            BoolExpr::Literal(false) => quote!(false),
            BoolExpr::Atom { ts, .. } => ts.clone(),
            BoolExpr::Not(ts) => quote!(!#ts),
            BoolExpr::Present {
                operand,
                negated: false,
            } => quote!(#operand.is_some()),
            BoolExpr::Present {
                operand,
                negated: true,
            } => quote!(#operand.is_none()),
            BoolExpr::Eq(a, b) => quote!(#a == #b),
            BoolExpr::Ne(a, b) => quote!(#a != #b),
        }
    }

    /// Usable as an operand of `==`, as a method receiver or after `!`.
    pub(super) fn operand(&self) -> TokenStream {
        match self {
            BoolExpr::Atom { ts, complex } => parenthesize(ts.clone(), *complex),
            BoolExpr::Eq(..) | BoolExpr::Ne(..) | BoolExpr::Not(_) => {
                let top = self.top();
                quote!((#top))
            }
            BoolExpr::Literal(_) | BoolExpr::Present { .. } => self.top(),
        }
    }

    /// Usable as an operand of `&&`.
    pub(super) fn conj(&self) -> TokenStream {
        match self {
            BoolExpr::Atom { ts, complex } => parenthesize(ts.clone(), *complex),
            _ => self.top(),
        }
    }
}

pub(super) fn parenthesize(ts: TokenStream, complex: bool) -> TokenStream {
    if complex {
        quote!((#ts))
    } else {
        ts
    }
}

/// The code of a compiled expression, literals kept apart so that calls on them fold.
#[derive(Debug, Clone)]
pub(super) enum ExprCode {
    Boolean(BoolExpr),
    Integer(i64),
    StringLiteral(String),
    /// An expression of the type's representation. `simple` is set when it is a plain local
    /// variable (which `format!` can name inline); `complex` when it needs parentheses as an
    /// operand or receiver.
    Tokens {
        ts: TokenStream,
        simple: Option<RustIdent>,
        complex: bool,
    },
}

/// A compiled expression: its type, its code, the `let` statements its code relies on, and
/// what it reads.
#[derive(Debug, Clone)]
pub(super) struct CompiledExpr {
    pub(super) ty: ValueType,
    pub(super) code: ExprCode,
    pub(super) pre: Vec<Statement>,
    pub(super) reads: Reads,
}

impl CompiledExpr {
    pub(super) fn new(ty: ValueType, code: ExprCode) -> CompiledExpr {
        CompiledExpr {
            ty,
            code,
            pre: Vec::new(),
            reads: Reads::new(),
        }
    }

    pub(super) fn expr(ty: ValueType, ts: TokenStream) -> CompiledExpr {
        CompiledExpr::new(
            ty,
            ExprCode::Tokens {
                ts,
                simple: None,
                complex: false,
            },
        )
    }

    pub(super) fn boolean(b: BoolExpr) -> CompiledExpr {
        CompiledExpr::new(ValueType::Boolean, ExprCode::Boolean(b))
    }

    /// Takes over the statements and reads of `others` (the arguments this value is built
    /// from).
    pub(super) fn with_deps<'a>(
        mut self,
        others: impl IntoIterator<Item = &'a CompiledExpr>,
    ) -> CompiledExpr {
        for other in others {
            self.pre.extend(other.pre.iter().cloned());
            self.reads.extend(other.reads.iter().copied());
        }
        self
    }

    pub(super) fn top(&self) -> TokenStream {
        match &self.code {
            ExprCode::Boolean(b) => b.top(),
            ExprCode::Integer(i) => {
                let literal = Literal::i64_unsuffixed(*i);
                quote!(#literal)
            }
            ExprCode::StringLiteral(s) => quote!(#s),
            ExprCode::Tokens { ts, .. } => ts.clone(),
        }
    }

    pub(super) fn operand(&self) -> TokenStream {
        match &self.code {
            ExprCode::Boolean(b) => b.operand(),
            ExprCode::Tokens { ts, complex, .. } => parenthesize(ts.clone(), *complex),
            ExprCode::Integer(i) if *i < 0 => {
                let top = self.top();
                quote!((#top))
            }
            _ => self.top(),
        }
    }

    pub(super) fn is_complex(&self) -> bool {
        match &self.code {
            ExprCode::Boolean(BoolExpr::Atom { complex, .. })
            | ExprCode::Tokens { complex, .. } => *complex,
            _ => false,
        }
    }

    pub(super) fn bool_code(&self) -> BoolExpr {
        match &self.code {
            ExprCode::Boolean(b) => b.clone(),
            _ => BoolExpr::Atom {
                ts: self.top(),
                complex: self.is_complex(),
            },
        }
    }
}
