//! The `smithy.api` prelude shapes that models target without defining.

use super::{Shape, ShapeId, ShapeKind, SimpleType, Traits};
use indexmap::IndexMap;
use serde_json::json;

/// Prelude shapes; the `Primitive*` ones carry the zero-value `@default` they have in Smithy 2.0.
pub fn shapes() -> Vec<Shape> {
    let simple = [
        ("Blob", SimpleType::Blob, None),
        ("Boolean", SimpleType::Boolean, None),
        ("String", SimpleType::String, None),
        ("Byte", SimpleType::Byte, None),
        ("Short", SimpleType::Short, None),
        ("Integer", SimpleType::Integer, None),
        ("Long", SimpleType::Long, None),
        ("Float", SimpleType::Float, None),
        ("Double", SimpleType::Double, None),
        ("BigInteger", SimpleType::BigInteger, None),
        ("BigDecimal", SimpleType::BigDecimal, None),
        ("Timestamp", SimpleType::Timestamp, None),
        ("Document", SimpleType::Document, None),
        ("PrimitiveBoolean", SimpleType::Boolean, Some(json!(false))),
        ("PrimitiveByte", SimpleType::Byte, Some(json!(0))),
        ("PrimitiveShort", SimpleType::Short, Some(json!(0))),
        ("PrimitiveInteger", SimpleType::Integer, Some(json!(0))),
        ("PrimitiveLong", SimpleType::Long, Some(json!(0))),
        ("PrimitiveFloat", SimpleType::Float, Some(json!(0))),
        ("PrimitiveDouble", SimpleType::Double, Some(json!(0))),
    ];
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, simple_type, default)| {
            let mut traits = Traits::default();
            if let Some(default) = default {
                traits.insert(super::traits::DEFAULT, default);
            }
            Shape {
                id: ShapeId::prelude(name),
                kind: ShapeKind::Simple(simple_type),
                traits,
            }
        })
        .collect();
    let mut unit_traits = Traits::default();
    unit_traits.insert(super::traits::UNIT_TYPE, json!({}));
    shapes.push(Shape {
        id: unit(),
        kind: ShapeKind::Structure {
            members: IndexMap::new(),
        },
        traits: unit_traits,
    });
    shapes
}

pub fn unit() -> ShapeId {
    ShapeId::prelude("Unit")
}
