//! Which bindings of the lowered function body are used: a `let` that nothing live reads is
//! dropped, and an `if let` whose binding nothing reads becomes an `is_some()` test, so the
//! generated code has no unused variables. Found by iterating to a fixed point, since a `let`
//! read only by dead `let`s is dead too.

use std::collections::HashSet;

use super::statements::{BindingId, Read, Reads, Statement};

/// The outcome of the analysis over one function body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Liveness {
    /// The `let` bindings something live reads.
    live_lets: HashSet<BindingId>,
    /// Everything read by the statements that run (parameters and bindings).
    reads: Reads,
}

impl Liveness {
    pub fn of(body: &[Statement]) -> Liveness {
        let mut live_lets = HashSet::new();
        loop {
            let reads = reads_of(body, &live_lets);
            let mut next = HashSet::new();
            collect_live_lets(body, &reads, &mut next);
            if next == live_lets {
                return Liveness { live_lets, reads };
            }
            live_lets = next;
        }
    }

    /// Whether the statement is a `let` that nothing live reads.
    pub fn is_dead_let(&self, statement: &Statement) -> bool {
        matches!(statement, Statement::Let { binding, .. } if !self.live_lets.contains(binding))
    }

    /// Whether live code reads `read`.
    pub fn is_read(&self, read: Read) -> bool {
        self.reads.contains(&read)
    }
}

fn collect_live_lets(stmts: &[Statement], used: &Reads, out: &mut HashSet<BindingId>) {
    for stmt in stmts {
        match stmt {
            Statement::Let { binding, .. } => {
                if used.contains(&Read::Binding(*binding)) {
                    out.insert(*binding);
                }
            }
            Statement::IfLet { body, .. } | Statement::If { body, .. } => {
                collect_live_lets(body, used, out);
            }
            Statement::Return { .. } => {}
        }
    }
}

/// Everything read by statements that run, given the live `let`s.
fn reads_of(stmts: &[Statement], live: &HashSet<BindingId>) -> Reads {
    let mut used = Reads::new();
    collect_reads(stmts, live, &mut used);
    used
}

fn collect_reads(stmts: &[Statement], live: &HashSet<BindingId>, used: &mut Reads) {
    for stmt in stmts {
        match stmt {
            Statement::Let { binding, reads, .. } => {
                if live.contains(binding) {
                    used.extend(reads.iter().copied());
                }
            }
            Statement::IfLet { reads, body, .. } | Statement::If { reads, body, .. } => {
                used.extend(reads.iter().copied());
                collect_reads(body, live, used);
            }
            Statement::Return { reads, .. } => used.extend(reads.iter().copied()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Liveness;
    use crate::endpoints::rust_code::{RustCode, RustIdent};
    use crate::endpoints::statements::{Read, Reads, Statement};
    use quote::quote;

    fn let_binding(binding: usize, reads: Reads) -> Statement {
        Statement::Let {
            binding,
            name: RustIdent::parse(&format!("value_{binding}")).unwrap(),
            value: RustCode::new(quote!(compute())),
            reads,
        }
    }

    fn ret(reads: Reads) -> Statement {
        Statement::Return {
            value: RustCode::new(quote!(Ok(()))),
            reads,
        }
    }

    #[test]
    fn a_let_read_only_by_dead_lets_is_dead_too() {
        // 1 ← 2 ← 3, nothing reads 3; 4 is read by the return, and reads parameter 0.
        let body = vec![
            let_binding(1, Reads::new()),
            let_binding(2, Reads::from([Read::Binding(1)])),
            let_binding(3, Reads::from([Read::Binding(2)])),
            let_binding(4, Reads::from([Read::Param(0)])),
            ret(Reads::from([Read::Binding(4)])),
        ];
        let liveness = Liveness::of(&body);
        for dead in &body[..3] {
            assert!(liveness.is_dead_let(dead), "{dead:?}");
        }
        assert!(!liveness.is_dead_let(&body[3]));
        assert!(liveness.is_read(Read::Param(0)));
        assert!(liveness.is_read(Read::Binding(4)));
        assert!(!liveness.is_read(Read::Binding(1)));
    }

    #[test]
    fn reads_inside_conditions_and_nested_bodies_count() {
        let body = vec![
            let_binding(1, Reads::from([Read::Param(1)])),
            Statement::IfLet {
                binding: 2,
                name: RustIdent::parse("region").unwrap(),
                value: RustCode::new(quote!(region)),
                complex: false,
                reads: Reads::from([Read::Param(0)]),
                body: vec![Statement::If {
                    condition: RustCode::new(quote!(value_1)),
                    reads: Reads::from([Read::Binding(1)]),
                    body: vec![ret(Reads::new())],
                }],
            },
        ];
        let liveness = Liveness::of(&body);
        assert!(!liveness.is_dead_let(&body[0]));
        assert!(
            liveness.is_read(Read::Param(1)),
            "read through the live `let`"
        );
        assert!(liveness.is_read(Read::Param(0)));
        assert!(
            !liveness.is_read(Read::Binding(2)),
            "the `if let` binding is unused"
        );
    }
}
