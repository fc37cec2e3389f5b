//! Smithy JSON AST in, Rust crate out.
//!
//! The pipeline: [`model::load`] reads the JSON AST, [`validate`] checks it, [`normalize`]
//! selects and reshapes the closure, [`ir`] decides every Rust name and type (with [`naming`]),
//! [`render`] writes tokens and formats them, and [`output`] puts the files on disk. The
//! [`partitions`] facts (read from a file, or built in) go into the endpoint resolver.

pub mod api_names;
pub mod auth;
pub mod customizations;
pub mod diagnostics;
pub mod docs;
pub mod endpoints;
/// Shared with the runtime, which owns the file: one reading of epoch seconds for defaults and
/// for the wire.
#[path = "../../runtime/src/json/epoch_text.rs"]
mod epoch_seconds;
pub mod ir;
pub mod jmespath;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod operation_traits;
pub mod output;
pub mod partitions;
pub mod protocol;
pub mod protocol_test_cases;
pub mod render;
pub mod settings;
pub mod symbols;
#[cfg(test)]
mod test_model;
pub mod uri_pattern;
pub mod validate;
pub mod waiter_paths;

use std::path::PathBuf;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use ir::CrateSettings;
pub use render::GeneratedFiles;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub model_files: Vec<PathBuf>,
    /// How the model files are named in the generated files' header (stable across machines).
    pub source_names: Vec<String>,
    /// The service shape id; may be left out when the model has exactly one service.
    pub service: Option<String>,
    /// Operation names; empty means every operation of the service.
    pub operations: Vec<String>,
    pub crate_settings: CrateSettings,
    /// The partitions file (`partitions.json` format) that `aws.partition` answers from;
    /// `None` uses the generator's built-in copy of the published facts.
    pub partitions: Option<PathBuf>,
}

/// Runs the whole pipeline in memory. Nothing is written; every problem is reported at once.
pub fn generate(request: &GenerateRequest) -> Result<GeneratedFiles, Diagnostics> {
    let paths: Vec<&std::path::Path> = request.model_files.iter().map(PathBuf::as_path).collect();
    let partitions = match &request.partitions {
        Some(path) => partitions::read(path),
        None => Ok(partitions::built_in()),
    };
    let (model, partitions) = match (model::load::load_files(&paths), partitions) {
        (Ok(model), Ok(partitions)) => (model, partitions),
        (Err(mut diagnostics), Err(more)) => {
            diagnostics.extend(more);
            return Err(diagnostics);
        }
        (Err(diagnostics), _) | (_, Err(diagnostics)) => return Err(diagnostics),
    };
    validate::validate(&model)?;
    let normalized = normalize::normalize(&model, request.service.as_deref(), &request.operations)?;
    // What is no longer needed is freed before the next step, which then reuses its memory:
    // fresh memory costs the kernel a page of zeros each time (a tenth of a large model's time).
    drop(model);
    let def = ir::build(&normalized, request.crate_settings.clone())?;
    drop(normalized);
    Ok(render::render(&def, &request.source_names, &partitions))
}
