//! The statement form a rule set is lowered to: the body of `resolve_endpoint` as plain data
//! (`let`, `if let`, `if`, `return`), each statement listing what it reads so that
//! [`super::liveness`] can drop what nothing uses.

use std::collections::BTreeSet;

use quote::quote;

use super::rust_code::{RustCode, RustIdent};

/// Identifies one `let` or `if let` binding of the function.
pub type BindingId = usize;

/// Something generated code reads: a parameter (by index) or a local binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Read {
    Param(usize),
    Binding(BindingId),
}

pub type Reads = BTreeSet<Read>;

/// One statement of the generated function body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `let name = value;` (dropped when nothing reads the binding).
    Let {
        binding: BindingId,
        name: RustIdent,
        value: RustCode,
        reads: Reads,
    },
    /// `if let Some(name) = value { body }`, or `if value.is_some() { body }` when nothing
    /// reads the binding; `complex` when `value` needs parentheses as a receiver.
    IfLet {
        binding: BindingId,
        name: RustIdent,
        value: RustCode,
        complex: bool,
        reads: Reads,
        body: Vec<Statement>,
    },
    /// `if condition { body }`; the condition is ready to be an operand of `&&`.
    If {
        condition: RustCode,
        reads: Reads,
        body: Vec<Statement>,
    },
    /// `return value;`, or the tail expression of the function.
    Return { value: RustCode, reads: Reads },
}

/// `return Err(no_rule_matched())`: what a tree ends with when no rule of it always returns.
pub fn no_rule_matched() -> Statement {
    Statement::Return {
        value: RustCode::new(quote!(Err(
            ::smithy_runtime::endpoint::ResolveEndpointError::no_rule_matched()
        ))),
        reads: Reads::new(),
    }
}

/// Wraps `body` in the guards, innermost last.
pub fn nest(guards: Vec<Statement>, body: Vec<Statement>) -> Vec<Statement> {
    let mut current = body;
    for guard in guards.into_iter().rev() {
        current = match guard {
            Statement::Let { .. } | Statement::Return { .. } => {
                let mut stmts = vec![guard];
                stmts.extend(current);
                stmts
            }
            Statement::IfLet {
                binding,
                name,
                value,
                complex,
                reads,
                ..
            } => vec![Statement::IfLet {
                binding,
                name,
                value,
                complex,
                reads,
                body: current,
            }],
            Statement::If {
                condition, reads, ..
            } => vec![Statement::If {
                condition,
                reads,
                body: current,
            }],
        };
    }
    current
}

#[cfg(test)]
mod tests {
    use super::{nest, Read, Reads, Statement};
    use crate::endpoints::rust_code::{RustCode, RustIdent};
    use quote::quote;

    #[test]
    fn guards_wrap_the_body_innermost_last() {
        let name = RustIdent::parse("value_1").unwrap();
        let guards = vec![
            Statement::Let {
                binding: 1,
                name: name.clone(),
                value: RustCode::new(quote!(compute())),
                reads: Reads::new(),
            },
            Statement::If {
                condition: RustCode::new(quote!(value_1)),
                reads: Reads::from([Read::Binding(1)]),
                body: Vec::new(),
            },
        ];
        let body = vec![Statement::Return {
            value: RustCode::new(quote!(Ok(()))),
            reads: Reads::new(),
        }];
        let nested = nest(guards, body.clone());
        match nested.as_slice() {
            [Statement::Let { .. }, Statement::If { body: inner, .. }] => assert_eq!(inner, &body),
            other => panic!("unexpected nesting: {other:?}"),
        }
    }
}
