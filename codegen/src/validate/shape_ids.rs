//! No two shape ids differ only in case: code generators change the case of names, so
//! Smithy requires shape ids to be unique ignoring case.

use std::collections::BTreeMap;

use super::Report;
use crate::model::ShapeId;

pub(super) fn check(report: &mut Report) {
    let mut first_by_folded: BTreeMap<String, &ShapeId> = BTreeMap::new();
    for id in report.model.shapes.keys() {
        let folded = id.to_string().to_lowercase();
        match first_by_folded.get(&folded) {
            Some(first) if !id.is_prelude() => {
                let message = format!(
                    "differs only in case from `{first}`; shape ids must be unique ignoring case"
                );
                report.error(id, message);
            }
            Some(_) => {}
            None => {
                first_by_folded.insert(folded, id);
            }
        }
    }
}
