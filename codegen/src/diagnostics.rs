//! Problems found in a model, reported all at once with the file and shape they concern.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem, pinned to a file and (when it has one) a shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// `line:column` for problems found while parsing JSON.
    pub position: Option<(usize, usize)>,
    /// The absolute shape id (or member id) the problem concerns.
    pub shape: Option<String>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(shape) = &self.shape {
            write!(f, ": {shape}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Adds a problem that concerns one shape of `file`.
    pub fn shape_error(
        &mut self,
        file: &Path,
        shape: impl fmt::Display,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic {
            file: file.to_path_buf(),
            position: None,
            shape: Some(shape.to_string()),
            message: message.into(),
        });
    }

    /// Adds a problem that concerns `file` as a whole.
    pub fn file_error(&mut self, file: &Path, message: impl Into<String>) {
        self.push(Diagnostic {
            file: file.to_path_buf(),
            position: None,
            shape: None,
            message: message.into(),
        });
    }

    /// `Ok(value)` when nothing was reported, the sorted, de-duplicated problems otherwise.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            self.items.sort();
            self.items.dedup();
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, item) in self.items.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {item}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(item: Diagnostic) -> Self {
        Diagnostics { items: vec![item] }
    }
}
