//! Builds the IR of a small model written inline, for the unit tests of the renderers.

use std::path::Path;

use crate::ir::{CrateDef, CrateSettings, OperationDef};

/// The IR of `model` (a Smithy JSON AST document with one service); panics with the
/// diagnostics when the model is rejected.
pub fn crate_def(model: &str) -> CrateDef {
    let run = || {
        let model = crate::model::load::load_str(Path::new("test.json"), model)?;
        crate::validate::validate(&model)?;
        let normalized = crate::normalize::normalize(&model, None, &[])?;
        crate::ir::build(
            &normalized,
            CrateSettings {
                name: "test-client".into(),
                version: "0.1.0".into(),
                description: None,
                runtime_path: "../runtime".into(),
                workspace_member: false,
            },
        )
    };
    run().unwrap_or_else(|diagnostics| panic!("the test model is rejected:\n{diagnostics}"))
}

/// The operation named `name` of `def`.
pub fn operation<'a>(def: &'a CrateDef, name: &str) -> &'a OperationDef {
    def.operations
        .iter()
        .find(|op| op.id.name() == name)
        .unwrap_or_else(|| panic!("no operation `{name}`"))
}

/// An awsJson 1.0 service `example#Service` with one operation `Op`, whose input structure
/// has `input_members` (JSON text of the members object), and whose operation has
/// `operation_traits` (JSON text of a traits object), plus extra `shapes` (JSON text of
/// `"id": shape` entries, each followed by a comma).
pub fn one_operation(input_members: &str, operation_traits: &str, shapes: &str) -> String {
    format!(
        r#"{{
            "smithy": "2.0",
            "shapes": {{
                {shapes}
                "example#Service": {{
                    "type": "service",
                    "version": "2024-01-01",
                    "operations": [{{ "target": "example#Op" }}],
                    "traits": {{ "aws.protocols#awsJson1_0": {{}} }}
                }},
                "example#Op": {{
                    "type": "operation",
                    "input": {{ "target": "example#OpInput" }},
                    "output": {{ "target": "smithy.api#Unit" }},
                    "traits": {operation_traits}
                }},
                "example#OpInput": {{
                    "type": "structure",
                    "members": {input_members},
                    "traits": {{ "smithy.api#input": {{}} }}
                }}
            }}
        }}"#
    )
}
