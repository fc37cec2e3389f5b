//! The typed Smithy model: shapes keyed by absolute id, members in model order, traits as JSON
//! with typed accessors for what the generator reads.

pub mod json;
pub mod load;
pub mod prelude;
pub mod shape_id;
pub mod traits;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

pub use shape_id::ShapeId;
pub use traits::Traits;

/// The simple (scalar) shape types of Smithy 2.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SimpleType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

impl SimpleType {
    pub fn from_type_name(name: &str) -> Option<SimpleType> {
        Some(match name {
            "blob" => SimpleType::Blob,
            "boolean" => SimpleType::Boolean,
            "string" => SimpleType::String,
            "byte" => SimpleType::Byte,
            "short" => SimpleType::Short,
            "integer" => SimpleType::Integer,
            "long" => SimpleType::Long,
            "float" => SimpleType::Float,
            "double" => SimpleType::Double,
            "bigInteger" => SimpleType::BigInteger,
            "bigDecimal" => SimpleType::BigDecimal,
            "timestamp" => SimpleType::Timestamp,
            "document" => SimpleType::Document,
            _ => return None,
        })
    }
}

/// A member of an aggregate shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// `namespace#Container$name`.
    pub id: ShapeId,
    pub target: ShapeId,
    pub traits: Traits,
}

impl Member {
    pub fn name(&self) -> &str {
        self.id.member().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    pub version: String,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    pub errors: Vec<ShapeId>,
    /// Shape id → the name the service gives it, to break name conflicts.
    pub rename: BTreeMap<ShapeId, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub input: ShapeId,
    pub output: ShapeId,
    pub errors: Vec<ShapeId>,
}

/// A resource; only the operations it binds matter to a client generator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Simple(SimpleType),
    List { member: Member },
    Map { key: Member, value: Member },
    Structure { members: IndexMap<String, Member> },
    Union { members: IndexMap<String, Member> },
    Enum { members: IndexMap<String, Member> },
    IntEnum { members: IndexMap<String, Member> },
    Service(Service),
    Operation(Operation),
    Resource(Resource),
}

impl ShapeKind {
    /// The shape type as the JSON AST spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(simple) => match simple {
                SimpleType::Blob => "blob",
                SimpleType::Boolean => "boolean",
                SimpleType::String => "string",
                SimpleType::Byte => "byte",
                SimpleType::Short => "short",
                SimpleType::Integer => "integer",
                SimpleType::Long => "long",
                SimpleType::Float => "float",
                SimpleType::Double => "double",
                SimpleType::BigInteger => "bigInteger",
                SimpleType::BigDecimal => "bigDecimal",
                SimpleType::Timestamp => "timestamp",
                SimpleType::Document => "document",
            },
            ShapeKind::List { .. } => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure { .. } => "structure",
            ShapeKind::Union { .. } => "union",
            ShapeKind::Enum { .. } => "enum",
            ShapeKind::IntEnum { .. } => "intEnum",
            ShapeKind::Service(_) => "service",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Resource(_) => "resource",
        }
    }

    /// Every member, in model order.
    pub fn members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::List { member } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members } => members.values().collect(),
            _ => Vec::new(),
        }
    }

    pub fn members_mut(&mut self) -> Vec<&mut Member> {
        match self {
            ShapeKind::List { member } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members } => members.values_mut().collect(),
            _ => Vec::new(),
        }
    }

    pub fn named_members(&self) -> Option<&IndexMap<String, Member>> {
        match self {
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members } => Some(members),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
}

impl Shape {
    pub fn is_structure(&self) -> bool {
        matches!(self.kind, ShapeKind::Structure { .. })
    }
}

/// A loaded model: every shape of every file, plus the prelude.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The file each shape was defined in, for messages.
    pub sources: BTreeMap<ShapeId, PathBuf>,
    /// Shapes made by normalization → the model shape they were made from, for messages.
    pub origins: BTreeMap<ShapeId, ShapeId>,
    /// The files the model was loaded from, in order.
    pub files: Vec<PathBuf>,
}

impl Model {
    /// The file that defined `id` (or its container, for a member id).
    pub fn source(&self, id: &ShapeId) -> &Path {
        self.sources
            .get(&id.root())
            .map(PathBuf::as_path)
            .unwrap_or(Path::new("<model>"))
    }

    /// The id to show in a message: the model's own shape for one made by normalization.
    pub fn reported_id(&self, id: &ShapeId) -> ShapeId {
        match self.origins.get(&id.root()) {
            Some(origin) => match id.member() {
                Some(member) => origin.with_member(member),
                None => origin.clone(),
            },
            None => id.clone(),
        }
    }

    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// A member by its member id.
    pub fn member(&self, id: &ShapeId) -> Option<&Member> {
        let container = self.shapes.get(&id.root())?;
        let name = id.member()?;
        container
            .kind
            .members()
            .into_iter()
            .find(|m| m.name() == name)
    }

    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|shape| matches!(shape.kind, ShapeKind::Service(_)))
    }

    /// The traits that apply to a member: its own, over those of its target (member traits win).
    pub fn effective_traits(&self, member: &Member) -> Traits {
        let mut traits = self
            .shapes
            .get(&member.target)
            .map(|target| target.traits.clone())
            .unwrap_or_default();
        traits.merge_from(&member.traits);
        traits
    }
}
