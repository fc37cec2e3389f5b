use std::error::Error;
use std::fmt;

/// Causes deeper than this are not printed, which also guards against cyclic chains.
const MAX_DEPTH: usize = 64;

/// Wraps an error so that formatting it shows every cause, not just the outermost message.
///
/// Errors returned by generated clients keep the interesting detail (a timeout, a refused
/// connection, a parse failure) in their [`source`](Error::source) chain, while their own
/// [`Display`](fmt::Display) output is short. Wrapping an error in `DisplayErrorContext`
/// prints the messages of the error and all of its causes, separated by `": "`.
/// Its [`Debug`](fmt::Debug) output adds the `Debug` rendering of the wrapped error in
/// parentheses.
///
/// ```
/// use smithy_runtime::error::{BuildError, DisplayErrorContext};
///
/// let err = BuildError::other("no region configured");
/// assert_eq!(
///     DisplayErrorContext(&err).to_string(),
///     "the request could not be constructed: no region configured"
/// );
/// ```
pub struct DisplayErrorContext<E>(
    /// The error whose cause chain is shown.
    pub E,
);

fn write_chain(f: &mut fmt::Formatter<'_>, err: &dyn Error) -> fmt::Result {
    write!(f, "{err}")?;
    let mut next = err.source();
    let mut depth = 1;
    while let Some(cause) = next {
        if depth == MAX_DEPTH {
            return f.write_str(": ...");
        }
        write!(f, ": {cause}")?;
        next = cause.source();
        depth += 1;
    }
    Ok(())
}

impl<E: Error> fmt::Display for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_chain(f, &self.0)
    }
}

impl<E: Error> fmt::Debug for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_chain(f, &self.0)?;
        write!(f, " ({:?})", self.0)
    }
}

impl<E: Error> Error for DisplayErrorContext<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Chain {
        msg: &'static str,
        cause: Option<Box<Chain>>,
    }

    impl fmt::Display for Chain {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.msg)
        }
    }

    impl Error for Chain {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.cause.as_deref().map(|c| c as &(dyn Error + 'static))
        }
    }

    fn chain(msgs: &[&'static str]) -> Chain {
        let mut iter = msgs.iter().rev();
        let mut cur = Chain {
            msg: iter.next().unwrap(),
            cause: None,
        };
        for msg in iter {
            cur = Chain {
                msg,
                cause: Some(Box::new(cur)),
            };
        }
        cur
    }

    #[test]
    fn single_error() {
        let err = chain(&["only"]);
        assert_eq!(DisplayErrorContext(&err).to_string(), "only");
        assert_eq!(
            format!("{:?}", DisplayErrorContext(&err)),
            "only (Chain { msg: \"only\", cause: None })"
        );
    }

    #[test]
    fn nested_errors() {
        let err = chain(&["outer", "middle", "inner"]);
        assert_eq!(
            DisplayErrorContext(&err).to_string(),
            "outer: middle: inner"
        );
        let debug = format!("{:?}", DisplayErrorContext(&err));
        assert!(debug.starts_with("outer: middle: inner (Chain { msg: \"outer\""));
        assert!(debug.ends_with(')'));
        assert_eq!(
            DisplayErrorContext(&err).source().unwrap().to_string(),
            "middle"
        );
    }

    #[test]
    fn works_with_trait_objects_and_owned_values() {
        let boxed: Box<dyn Error + Send + Sync> = Box::new(chain(&["a", "b"]));
        assert_eq!(DisplayErrorContext(boxed.as_ref()).to_string(), "a: b");
        assert_eq!(DisplayErrorContext(chain(&["x"])).to_string(), "x");
    }

    #[test]
    fn very_deep_chain_is_cut_off() {
        let mut err = Chain {
            msg: "e",
            cause: None,
        };
        for _ in 0..200 {
            err = Chain {
                msg: "e",
                cause: Some(Box::new(err)),
            };
        }
        let shown = DisplayErrorContext(&err).to_string();
        assert!(shown.ends_with(": ..."));
        assert_eq!(shown.matches('e').count(), MAX_DEPTH);
    }
}
