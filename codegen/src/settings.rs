//! Settings for a generated crate, read from a `smithy-build.json` with the key names smithy-build
//! users know (`service`, `module`, `moduleVersion`, `moduleDescription`), plus `operations` and
//! `partitions`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The plugin section this generator reads.
pub const PLUGIN: &str = "rust-client-codegen";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSettings {
    /// Model files, resolved against the settings file's folder.
    pub sources: Vec<PathBuf>,
    pub service: String,
    pub module: String,
    pub module_version: String,
    pub module_description: Option<String>,
    /// Operation names to generate; empty means every operation of the service.
    pub operations: Vec<String>,
    /// The partitions file (`partitions.json` format) for `aws.partition`, resolved against the
    /// settings file's folder; `None` uses the generator's built-in facts.
    pub partitions: Option<PathBuf>,
}

pub fn read(path: &Path) -> Result<BuildSettings, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Diagnostics::from(Diagnostic {
            file: path.to_path_buf(),
            position: None,
            shape: None,
            message: format!("cannot read settings: {error}"),
        })
    })?;
    parse(path, &text)
}

pub fn parse(path: &Path, text: &str) -> Result<BuildSettings, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(error) => {
            return Err(Diagnostic {
                file: path.to_path_buf(),
                position: Some((error.line(), error.column())),
                shape: None,
                message: format!("invalid JSON: {error}"),
            }
            .into())
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let sources: Vec<PathBuf> = match root.get("sources").and_then(Value::as_array) {
        Some(items) => items
            .iter()
            .filter_map(|item| match item.as_str() {
                Some(source) => Some(base.join(source)),
                None => {
                    diagnostics.file_error(path, "every entry of `sources` must be a string");
                    None
                }
            })
            .collect(),
        None => {
            diagnostics.file_error(path, "`sources` must be an array of model files");
            Vec::new()
        }
    };
    let plugin = root.get("plugins").and_then(|plugins| plugins.get(PLUGIN));
    let Some(plugin) = plugin.and_then(Value::as_object) else {
        diagnostics.file_error(path, format!("`plugins.{PLUGIN}` must be an object"));
        return Err(diagnostics);
    };
    let mut string = |key: &str, required: bool| -> Option<String> {
        match plugin.get(key) {
            Some(Value::String(value)) => Some(value.clone()),
            Some(_) => {
                diagnostics.file_error(path, format!("`plugins.{PLUGIN}.{key}` must be a string"));
                None
            }
            None if required => {
                diagnostics.file_error(path, format!("`plugins.{PLUGIN}.{key}` is missing"));
                None
            }
            None => None,
        }
    };
    let service = string("service", true);
    let module = string("module", true);
    let module_version = string("moduleVersion", true);
    let module_description = string("moduleDescription", false);
    let partitions = string("partitions", false).map(|file| base.join(file));
    let operations = match plugin.get("operations") {
        None => Vec::new(),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(_) => {
            diagnostics.file_error(
                path,
                format!("`plugins.{PLUGIN}.operations` must be an array of operation names"),
            );
            Vec::new()
        }
    };
    match (service, module, module_version) {
        (Some(service), Some(module), Some(module_version)) if diagnostics.is_empty() => {
            Ok(BuildSettings {
                sources,
                service,
                module,
                module_version,
                module_description,
                operations,
                partitions,
            })
        }
        _ => Err(diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(plugin_extra: &str) -> Result<BuildSettings, Diagnostics> {
        let text = format!(
            r#"{{"version": "1.0", "sources": ["model.json"], "plugins": {{"{PLUGIN}": {{
                "service": "a#S", "module": "m", "moduleVersion": "0.1.0"{plugin_extra}}}}}}}"#
        );
        parse(Path::new("conf/smithy-build.json"), &text)
    }

    #[test]
    fn the_partitions_file_is_found_next_to_the_settings() {
        let read = settings(r#", "partitions": "../shared/partitions.json""#).unwrap();
        assert_eq!(
            read.partitions,
            Some(PathBuf::from("conf/../shared/partitions.json"))
        );
        assert_eq!(read.sources, [PathBuf::from("conf/model.json")]);
        assert_eq!(settings("").unwrap().partitions, None);
    }

    #[test]
    fn a_partitions_setting_that_is_not_a_path_is_reported() {
        let error = settings(r#", "partitions": true"#).unwrap_err().to_string();
        assert_eq!(
            error,
            "error: conf/smithy-build.json: `plugins.rust-client-codegen.partitions` must be a string"
        );
    }
}
