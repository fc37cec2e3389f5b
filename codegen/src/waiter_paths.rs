//! Waiter acceptor paths (`smithy.waiters#waitable`), type-checked against the model.
//!
//! A path matcher's JMESPath expression (parsed by [`crate::jmespath`]) is checked here, while
//! the intermediate form is built, against the operation's input and output structures; the
//! result is a [`PathPlan`]: every field, union variant, projection, comparison and function,
//! resolved to the generated fields and given a static [`ValueType`]. `render::waiter` only
//! turns the plan into Rust and cannot fail.
//!
//! The value of every sub-expression is an `Option` (JMESPath `null` is `None`) of a small
//! representation: `&str` for strings and enums, `bool`, `f64` for numbers and timestamps, a
//! reference for structures and unions, a `Vec` for lists. Supported: fields, sub-expressions,
//! pipes, `@`, indexes, `[]` / `[*]` / `[?...]` projections, literals, `==` `!=` `<` `<=` `>`
//! `>=`, `&&` `||` `!`, and the functions `length` and `contains`. Anything else is a problem
//! (a message), which the caller reports naming the operation and waiter.

use serde_json::Value;

use crate::ir::{CrateDef, NamedKind, OperationDef, RustType, StructDef, UnionDef};
use crate::jmespath::{Comparator, Expr};
use crate::model::ShapeId;
use crate::operation_traits::PathComparator;

/// A generated structure or union: its shape, to look it up, and its path, to name it.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    pub id: ShapeId,
    pub path: String,
}

impl TypeRef {
    fn of(def: &StructDef) -> TypeRef {
        TypeRef {
            id: def.id.clone(),
            path: def.path(),
        }
    }

    /// The type's name, for messages.
    fn name(&self) -> &str {
        self.path.rsplit("::").next().unwrap_or(&self.path)
    }
}

/// The static type of a JMESPath value.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// `{input, output}` of an `inputOutput` matcher (only ever the root).
    Root,
    /// A generated structure.
    Struct(TypeRef),
    /// A generated union.
    Union(TypeRef),
    Str,
    Bool,
    Num,
    List(Box<ValueType>),
    /// The literal `null`.
    Null,
}

impl ValueType {
    /// For messages: "a string", "a list of numbers".
    pub fn describe(&self) -> String {
        match self {
            ValueType::Root => "the input and output".into(),
            ValueType::Struct(ty) | ValueType::Union(ty) => format!("a `{}`", ty.name()),
            ValueType::Str => "a string".into(),
            ValueType::Bool => "a boolean".into(),
            ValueType::Num => "a number".into(),
            ValueType::List(element) => format!("a list of {}", element.plural()),
            ValueType::Null => "null".into(),
        }
    }

    fn plural(&self) -> String {
        match self {
            ValueType::Root => "inputs and outputs".into(),
            ValueType::Struct(ty) | ValueType::Union(ty) => format!("`{}` values", ty.name()),
            ValueType::Str => "strings".into(),
            ValueType::Bool => "booleans".into(),
            ValueType::Num => "numbers".into(),
            ValueType::List(element) => format!("lists of {}", element.plural()),
            ValueType::Null => "nulls".into(),
        }
    }

    /// Whether the representation is `Copy` (everything but lists).
    pub fn is_copy(&self) -> bool {
        !matches!(self, ValueType::List(_))
    }
}

/// A type-checked path matcher: the value its path selects and the comparator's test.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPlan {
    /// Whether the root is `{input, output}` (an `inputOutput` matcher) rather than the output.
    pub input_output: bool,
    pub value: Typed,
    pub test: Test,
}

/// What the comparator checks of the selected value, which has the type the test needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The value is the string.
    StringEquals(String),
    /// The value is the boolean.
    BooleanEquals(bool),
    /// The value is a non-empty list whose every element is the string.
    AllStringEquals(String),
    /// The value is a list that contains the string.
    AnyStringEquals(String),
}

/// A typed sub-expression: what it computes and the type of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub node: Node,
    pub ty: ValueType,
}

/// One step of a plan. Nodes that read "the current value" read the value their enclosing
/// [`Node::Subexpr`], projection or the root binds.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `@`: the current value.
    Current,
    /// `input` at the root of an `inputOutput` path.
    Input,
    /// `output` at the root of an `inputOutput` path.
    Output,
    /// A structure member of the current value.
    Field(FieldRead),
    /// A union member of the current value (null when another member is set).
    Variant(VariantRead),
    /// `left.right` or `left | right`: `right` evaluated with `left` as the current value.
    Subexpr(Box<Typed>, Box<Typed>),
    /// `[n]` of the current value, a list (negative counts from the end).
    Index(i64),
    /// `inner[]`; `nested` when the elements are lists themselves (flattened one level).
    Flatten {
        inner: Box<Typed>,
        nested: bool,
    },
    /// `left[*].right`, `left[].right` and `left[?condition].right`: over the elements
    /// (`element`) of the list `left`, keeps those whose condition is truthy, then maps each
    /// through `right` (`None`: the identity) and drops the nulls.
    Projection {
        left: Box<Typed>,
        element: ValueType,
        condition: Option<Box<Typed>>,
        right: Option<Box<Typed>>,
    },
    Literal(LiteralValue),
    /// `!inner`: JMESPath falsiness.
    Not(Box<Typed>),
    /// `left && right`; both sides have the same type.
    And(Box<Typed>, Box<Typed>),
    /// `left || right`; both sides have the same type.
    Or(Box<Typed>, Box<Typed>),
    /// `==` (or `!=` when `negated`). With `same_type`, the two values are compared; values of
    /// different types are equal only when both are null.
    Equality {
        negated: bool,
        same_type: bool,
        left: Box<Typed>,
        right: Box<Typed>,
    },
    /// `<`, `<=`, `>`, `>=` between two numbers.
    Order {
        op: Ordering,
        left: Box<Typed>,
        right: Box<Typed>,
    },
    /// `length(arg)` of a string (characters) or a list.
    Length {
        arg: Box<Typed>,
        of: Sized,
    },
    /// `contains(subject, search)`: an element of a list, or a substring of a string.
    Contains {
        subject: Box<Typed>,
        search: Box<Typed>,
        within: Sized,
    },
}

/// A member of a structure, as read from the generated field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRead {
    /// The member name in the model.
    pub member: String,
    /// The Rust field name.
    pub field: String,
    /// The field's type in the intermediate form (inside the `Option` when `optional`).
    pub rust_type: RustType,
    pub optional: bool,
    pub access: FieldAccess,
}

/// How a field's value becomes the representation.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldAccess {
    /// A `bool` or `f64` field, copied as it is.
    Copy,
    /// A boxed structure or union, dereferenced.
    Boxed,
    /// A reference to the field, then the conversion.
    Ref(Conversion),
}

/// A union member, read with its `as_` accessor.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantRead {
    pub member: String,
    /// The accessor method (`as_name`).
    pub as_fn: String,
    /// The variant's type in the intermediate form.
    pub rust_type: RustType,
    /// Whether the variant's value is boxed.
    pub boxed: bool,
    pub conversion: Conversion,
}

/// Converts `x: &T` of an intermediate-form type into the value representation.
#[derive(Debug, Clone, PartialEq)]
pub enum Conversion {
    /// `x` already is the representation (structures and unions).
    None,
    /// `x.as_str()`: strings and enums.
    AsStr,
    /// `*x`: booleans and doubles.
    Deref,
    /// `f64::from(*x)`: small integers and floats.
    F64From,
    /// `*x as f64`: longs.
    I64AsF64,
    /// `x.as_secs_f64()`: timestamps.
    Seconds,
    /// Each element of a list converted (`None` elements are collected as they are).
    List(Box<Conversion>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordering {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// What `length` and `contains` work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sized {
    Str,
    List,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiteralValue {
    Str(String),
    Bool(bool),
    Num(f64),
    Null,
}

/// Type-checks a path matcher of `op`: `expr` against the output (or `{input, output}`), then
/// the comparator against the value's type.
pub fn check(
    def: &CrateDef,
    op: &OperationDef,
    expr: &Expr,
    comparator: PathComparator,
    expected: &str,
    input_output: bool,
) -> Result<PathPlan, String> {
    let checker = Checker { def, op };
    let root = if input_output {
        ValueType::Root
    } else {
        ValueType::Struct(TypeRef::of(&op.output))
    };
    let value = checker.check(expr, &root)?;
    let test = match (comparator, &value.ty) {
        (PathComparator::StringEquals, ValueType::Str) => Test::StringEquals(expected.into()),
        (PathComparator::BooleanEquals, ValueType::Bool) => Test::BooleanEquals(expected == "true"),
        (PathComparator::AllStringEquals, ValueType::List(element))
            if **element == ValueType::Str =>
        {
            Test::AllStringEquals(expected.into())
        }
        (PathComparator::AnyStringEquals, ValueType::List(element))
            if **element == ValueType::Str =>
        {
            Test::AnyStringEquals(expected.into())
        }
        (comparator, ty) => {
            let wanted = match comparator {
                PathComparator::StringEquals => "a string",
                PathComparator::BooleanEquals => "a boolean",
                PathComparator::AllStringEquals | PathComparator::AnyStringEquals => {
                    "a list of strings"
                }
            };
            return Err(format!(
                "the comparator needs {wanted}, but the path gives {}",
                ty.describe()
            ));
        }
    };
    Ok(PathPlan {
        input_output,
        value,
        test,
    })
}

struct Checker<'a> {
    def: &'a CrateDef,
    op: &'a OperationDef,
}

fn typed(node: Node, ty: ValueType) -> Typed {
    Typed { node, ty }
}

impl Checker<'_> {
    fn check(&self, expr: &Expr, cur: &ValueType) -> Result<Typed, String> {
        match expr {
            Expr::Identity => {
                if *cur == ValueType::Root {
                    return Err("`@` at the top of an `inputOutput` path is not supported".into());
                }
                Ok(typed(Node::Current, cur.clone()))
            }
            Expr::Field(name) => self.field(name, cur),
            Expr::Subexpr(left, right) | Expr::Pipe(left, right) => {
                let left = self.check(left, cur)?;
                if left.ty == ValueType::Null {
                    return Err("a member of `null` is always null".into());
                }
                let right = self.check(right, &left.ty)?;
                let ty = right.ty.clone();
                Ok(typed(Node::Subexpr(Box::new(left), Box::new(right)), ty))
            }
            Expr::Index(index) => {
                let ValueType::List(element) = cur else {
                    return Err(format!(
                        "`[{index}]` indexes a list, not {}",
                        cur.describe()
                    ));
                };
                Ok(typed(Node::Index(*index), (**element).clone()))
            }
            Expr::Flatten(inner) => {
                let inner = self.check(inner, cur)?;
                let ty = match &inner.ty {
                    ValueType::List(element) => match &**element {
                        ValueType::List(nested) => (true, ValueType::List(nested.clone())),
                        element => (false, ValueType::List(Box::new(element.clone()))),
                    },
                    other => return Err(format!("`[]` flattens a list, not {}", other.describe())),
                };
                let (nested, ty) = ty;
                Ok(typed(
                    Node::Flatten {
                        inner: Box::new(inner),
                        nested,
                    },
                    ty,
                ))
            }
            Expr::ListProjection(left, right) => self.projection(left, right, None, cur),
            Expr::FilterProjection {
                left,
                right,
                condition,
            } => self.projection(left, right, Some(condition), cur),
            Expr::Literal(value) => literal(value),
            Expr::Not(inner) => {
                let inner = self.check(inner, cur)?;
                Ok(typed(Node::Not(Box::new(inner)), ValueType::Bool))
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let is_and = matches!(expr, Expr::And(..));
                let left = self.check(left, cur)?;
                let right = self.check(right, cur)?;
                if left.ty != right.ty {
                    return Err(format!(
                        "`{}` between {} and {} is not supported",
                        if is_and { "&&" } else { "||" },
                        left.ty.describe(),
                        right.ty.describe()
                    ));
                }
                let ty = left.ty.clone();
                let (left, right) = (Box::new(left), Box::new(right));
                let node = if is_and {
                    Node::And(left, right)
                } else {
                    Node::Or(left, right)
                };
                Ok(typed(node, ty))
            }
            Expr::Compare(op, left, right) => {
                let left = self.check(left, cur)?;
                let right = self.check(right, cur)?;
                compare(*op, left, right)
            }
            Expr::Function(name, args) => self.function(name, args, cur),
            Expr::Slice(..) => Err("slices are not supported".into()),
            Expr::ValueProjection(..) => Err("`*` object projections are not supported".into()),
            Expr::MultiSelectList(_) => Err("multi-select lists are not supported".into()),
            Expr::MultiSelectHash(_) => Err("multi-select hashes are not supported".into()),
            Expr::ExpRef(_) => Err("expression references (`&`) are not supported".into()),
        }
    }

    fn field(&self, name: &str, cur: &ValueType) -> Result<Typed, String> {
        match cur {
            ValueType::Root => match name {
                "input" => Ok(typed(
                    Node::Input,
                    ValueType::Struct(TypeRef::of(&self.op.input)),
                )),
                "output" => Ok(typed(
                    Node::Output,
                    ValueType::Struct(TypeRef::of(&self.op.output)),
                )),
                other => Err(format!(
                    "an `inputOutput` path starts with `input` or `output`, not `{other}`"
                )),
            },
            ValueType::Struct(ty) => {
                let def = self.struct_def(ty)?;
                let field = def
                    .fields
                    .iter()
                    .find(|field| field.member == name)
                    .ok_or_else(|| format!("`{}` has no member `{name}`", def.id.name()))?;
                let (conversion, ty) = convert(&field.ty)?;
                let access = match &field.ty {
                    RustType::Bool | RustType::F64 => FieldAccess::Copy,
                    RustType::Named { boxed: true, .. } => FieldAccess::Boxed,
                    _ => FieldAccess::Ref(conversion),
                };
                Ok(typed(
                    Node::Field(FieldRead {
                        member: field.member.clone(),
                        field: field.name.clone(),
                        rust_type: field.ty.clone(),
                        optional: field.optional,
                        access,
                    }),
                    ty,
                ))
            }
            ValueType::Union(ty) => {
                let def = self.union_def(ty)?;
                let variant = def
                    .variants
                    .iter()
                    .find(|variant| variant.member == name)
                    .ok_or_else(|| format!("`{}` has no member `{name}`", def.id.name()))?;
                let Some(variant_ty) = &variant.ty else {
                    return Err(format!("union member `{name}` has no value"));
                };
                let (conversion, ty) = convert(variant_ty)?;
                Ok(typed(
                    Node::Variant(VariantRead {
                        member: variant.member.clone(),
                        as_fn: variant.as_fn.clone(),
                        rust_type: variant_ty.clone(),
                        boxed: matches!(variant_ty, RustType::Named { boxed: true, .. }),
                        conversion,
                    }),
                    ty,
                ))
            }
            other => Err(format!(
                "`{name}` selects a member of {}, which has none",
                other.describe()
            )),
        }
    }

    fn projection(
        &self,
        left: &Expr,
        right: &Expr,
        condition: Option<&Expr>,
        cur: &ValueType,
    ) -> Result<Typed, String> {
        let left = self.check(left, cur)?;
        let ValueType::List(element) = &left.ty else {
            return Err(format!(
                "a projection needs a list, not {}",
                left.ty.describe()
            ));
        };
        let element = (**element).clone();
        let condition = match condition {
            Some(condition) => Some(Box::new(self.check(condition, &element)?)),
            None => None,
        };
        let (right, ty) = if *right == Expr::Identity {
            (None, ValueType::List(Box::new(element.clone())))
        } else {
            let right = self.check(right, &element)?;
            let ty = ValueType::List(Box::new(right.ty.clone()));
            (Some(Box::new(right)), ty)
        };
        Ok(typed(
            Node::Projection {
                left: Box::new(left),
                element,
                condition,
                right,
            },
            ty,
        ))
    }

    fn function(&self, name: &str, args: &[Expr], cur: &ValueType) -> Result<Typed, String> {
        let mut args = args
            .iter()
            .map(|arg| self.check(arg, cur))
            .collect::<Result<Vec<_>, _>>()?;
        match (name, args.len()) {
            ("length", 1) => {
                let arg = args.remove(0);
                let of = match arg.ty {
                    ValueType::Str => Sized::Str,
                    ValueType::List(_) => Sized::List,
                    ref other => {
                        return Err(format!("`length` of {} is not supported", other.describe()))
                    }
                };
                Ok(typed(
                    Node::Length {
                        arg: Box::new(arg),
                        of,
                    },
                    ValueType::Num,
                ))
            }
            ("contains", 2) => {
                let search = args.pop().expect("two arguments");
                let subject = args.pop().expect("two arguments");
                let within = match &subject.ty {
                    ValueType::List(element) if **element == search.ty => Sized::List,
                    ValueType::Str if search.ty == ValueType::Str => Sized::Str,
                    other => {
                        return Err(format!(
                            "`contains` of {} in {} is not supported",
                            search.ty.describe(),
                            other.describe()
                        ))
                    }
                };
                Ok(typed(
                    Node::Contains {
                        subject: Box::new(subject),
                        search: Box::new(search),
                        within,
                    },
                    ValueType::Bool,
                ))
            }
            ("length" | "contains", _) => {
                Err(format!("`{name}` has the wrong number of arguments"))
            }
            (other, _) => Err(format!("the function `{other}` is not supported")),
        }
    }

    fn struct_def(&self, ty: &TypeRef) -> Result<&StructDef, String> {
        self.def
            .struct_def(&ty.id)
            .ok_or_else(|| format!("no structure `{}`", ty.path))
    }

    fn union_def(&self, ty: &TypeRef) -> Result<&UnionDef, String> {
        self.def
            .union_def(&ty.id)
            .ok_or_else(|| format!("no union `{}`", ty.path))
    }
}

fn compare(op: Comparator, left: Typed, right: Typed) -> Result<Typed, String> {
    let (left_ty, right_ty) = (left.ty.clone(), right.ty.clone());
    let (left, right) = (Box::new(left), Box::new(right));
    let ordering = match op {
        Comparator::Eq | Comparator::Ne => {
            let node = Node::Equality {
                negated: op == Comparator::Ne,
                same_type: left_ty == right_ty && left_ty != ValueType::Root,
                left,
                right,
            };
            return Ok(typed(node, ValueType::Bool));
        }
        Comparator::Lt => Ordering::Lt,
        Comparator::Lte => Ordering::Lte,
        Comparator::Gt => Ordering::Gt,
        Comparator::Gte => Ordering::Gte,
    };
    if left_ty != ValueType::Num || right_ty != ValueType::Num {
        return Err(format!(
            "`{op}` compares numbers, not {} and {}",
            left_ty.describe(),
            right_ty.describe()
        ));
    }
    Ok(typed(
        Node::Order {
            op: ordering,
            left,
            right,
        },
        ValueType::Bool,
    ))
}

/// How a value of an intermediate-form type becomes the representation, and its type.
fn convert(ty: &RustType) -> Result<(Conversion, ValueType), String> {
    Ok(match ty {
        RustType::String => (Conversion::AsStr, ValueType::Str),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => (Conversion::AsStr, ValueType::Str),
        RustType::Named {
            kind: NamedKind::Structure,
            id,
            path,
            ..
        } => (
            Conversion::None,
            ValueType::Struct(TypeRef {
                id: id.clone(),
                path: path.clone(),
            }),
        ),
        RustType::Named {
            kind: NamedKind::Union,
            id,
            path,
            ..
        } => (
            Conversion::None,
            ValueType::Union(TypeRef {
                id: id.clone(),
                path: path.clone(),
            }),
        ),
        RustType::Bool => (Conversion::Deref, ValueType::Bool),
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32 => {
            (Conversion::F64From, ValueType::Num)
        }
        RustType::I64 => (Conversion::I64AsF64, ValueType::Num),
        RustType::F64 => (Conversion::Deref, ValueType::Num),
        RustType::DateTime(_) => (Conversion::Seconds, ValueType::Num),
        RustType::Vec(element) => {
            if matches!(**element, RustType::Option(_)) {
                return Err("sparse lists are not supported".into());
            }
            let (inner, element_ty) = convert(element)?;
            if matches!(**element, RustType::Named { boxed: true, .. }) {
                return Err("lists of boxed values are not supported".into());
            }
            (
                Conversion::List(Box::new(inner)),
                ValueType::List(Box::new(element_ty)),
            )
        }
        RustType::Map(..) => return Err("maps are not supported in waiter paths".into()),
        RustType::EventStream { .. } => {
            return Err("event streams are not supported in waiter paths".into())
        }
        RustType::Blob | RustType::ByteStream => {
            return Err("blobs are not supported in waiter paths".into())
        }
        RustType::BigInteger | RustType::BigDecimal => {
            return Err("big numbers are not supported in waiter paths".into())
        }
        RustType::Document => return Err("documents are not supported in waiter paths".into()),
        RustType::Option(_) => return Err("sparse values are not supported".into()),
    })
}

fn literal(value: &Value) -> Result<Typed, String> {
    Ok(match value {
        Value::String(text) => typed(
            Node::Literal(LiteralValue::Str(text.clone())),
            ValueType::Str,
        ),
        Value::Bool(b) => typed(Node::Literal(LiteralValue::Bool(*b)), ValueType::Bool),
        Value::Number(n) => typed(
            Node::Literal(LiteralValue::Num(
                n.as_f64().ok_or("the number does not fit a double")?,
            )),
            ValueType::Num,
        ),
        Value::Null => typed(Node::Literal(LiteralValue::Null), ValueType::Null),
        Value::Array(_) | Value::Object(_) => {
            return Err("array and object literals are not supported".into())
        }
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ir::CrateSettings;
    use crate::jmespath;

    /// One service `S` with one operation `Op`, whose output has a string, an enum, a list of
    /// strings, a list of structures, a boolean, a long, a map and a union.
    fn crate_def() -> CrateDef {
        let model = r#"{
            "smithy": "2.0",
            "shapes": {
                "ex#S": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                          "traits": { "aws.protocols#awsJson1_0": {} } },
                "ex#Op": { "type": "operation", "input": { "target": "ex#OpInput" },
                           "output": { "target": "ex#OpOutput" } },
                "ex#OpInput": { "type": "structure", "members": {
                    "name": { "target": "smithy.api#String" } } },
                "ex#OpOutput": { "type": "structure", "members": {
                    "status": { "target": "ex#Status" },
                    "names": { "target": "ex#Names" },
                    "items": { "target": "ex#Items" },
                    "flag": { "target": "smithy.api#Boolean" },
                    "count": { "target": "smithy.api#Long" },
                    "tags": { "target": "ex#Tags" },
                    "choice": { "target": "ex#Choice" } } },
                "ex#Status": { "type": "enum", "members": {
                    "DONE": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "done" } } } },
                "ex#Names": { "type": "list", "member": { "target": "smithy.api#String" } },
                "ex#Items": { "type": "list", "member": { "target": "ex#Item" } },
                "ex#Item": { "type": "structure", "members": {
                    "state": { "target": "smithy.api#String" },
                    "size": { "target": "smithy.api#Integer" } } },
                "ex#Tags": { "type": "map", "key": { "target": "smithy.api#String" },
                             "value": { "target": "smithy.api#String" } },
                "ex#Choice": { "type": "union", "members": {
                    "text": { "target": "smithy.api#String" } } }
            }
        }"#;
        let model = crate::model::load::load_str(Path::new("model.json"), model).unwrap();
        let normalized = crate::normalize::normalize(&model, None, &[]).unwrap();
        crate::ir::build(
            &normalized,
            CrateSettings {
                name: "x".into(),
                version: "0.0.0".into(),
                description: None,
                runtime_path: "../runtime".into(),
                workspace_member: false,
            },
        )
        .unwrap()
    }

    fn check_path(
        path: &str,
        comparator: PathComparator,
        expected: &str,
        input_output: bool,
    ) -> Result<PathPlan, String> {
        let def = crate_def();
        let op = &def.operations[0];
        let expr = jmespath::parse(path).unwrap();
        check(&def, op, &expr, comparator, expected, input_output)
    }

    #[test]
    fn an_enum_member_is_read_as_a_string() {
        let plan = check_path("status", PathComparator::StringEquals, "done", false).unwrap();
        assert_eq!(plan.test, Test::StringEquals("done".into()));
        assert_eq!(plan.value.ty, ValueType::Str);
        let Node::Field(field) = &plan.value.node else {
            panic!("a field: {:?}", plan.value.node);
        };
        assert_eq!(field.member, "status");
        assert_eq!(field.field, "status");
        assert!(field.optional);
        assert_eq!(field.access, FieldAccess::Ref(Conversion::AsStr));
        assert!(matches!(
            field.rust_type,
            RustType::Named {
                kind: NamedKind::Enum,
                ..
            }
        ));
    }

    #[test]
    fn a_projection_resolves_its_elements_and_condition() {
        let plan = check_path(
            "items[?size > `1`].state",
            PathComparator::AllStringEquals,
            "ok",
            false,
        )
        .unwrap();
        assert_eq!(plan.value.ty, ValueType::List(Box::new(ValueType::Str)));
        let Node::Projection {
            left,
            element,
            condition,
            ..
        } = &plan.value.node
        else {
            panic!("a projection: {:?}", plan.value.node);
        };
        assert!(matches!(element, ValueType::Struct(ty) if ty.path.ends_with("Item")));
        assert!(matches!(&left.node, Node::Field(f) if f.member == "items"));
        let condition = condition.as_ref().expect("a condition");
        let Node::Order { op, left, right } = &condition.node else {
            panic!("an ordering: {:?}", condition.node);
        };
        assert_eq!(*op, Ordering::Gt);
        assert!(
            matches!(&left.node, Node::Field(f) if f.access == FieldAccess::Ref(Conversion::F64From))
        );
        assert_eq!(right.node, Node::Literal(LiteralValue::Num(1.0)));
        assert_eq!(right.ty, ValueType::Num);
        let Node::Projection {
            right: Some(right), ..
        } = &plan.value.node
        else {
            panic!("a projection with a right side");
        };
        assert!(matches!(&right.node, Node::Field(f) if f.member == "state"));
    }

    #[test]
    fn input_output_paths_start_at_input_or_output() {
        let plan = check_path(
            "input.name == output.status",
            PathComparator::BooleanEquals,
            "true",
            true,
        )
        .unwrap();
        assert!(plan.input_output);
        assert_eq!(plan.test, Test::BooleanEquals(true));
        let Node::Equality {
            negated,
            same_type,
            left,
            ..
        } = &plan.value.node
        else {
            panic!("an equality: {:?}", plan.value.node);
        };
        assert!(!negated);
        assert!(same_type);
        let Node::Subexpr(root, _) = &left.node else {
            panic!("a sub-expression: {:?}", left.node);
        };
        assert_eq!(root.node, Node::Input);

        let problem = check_path("other", PathComparator::StringEquals, "x", true).unwrap_err();
        assert_eq!(
            problem,
            "an `inputOutput` path starts with `input` or `output`, not `other`"
        );
        let problem = check_path("@", PathComparator::StringEquals, "x", true).unwrap_err();
        assert_eq!(
            problem,
            "`@` at the top of an `inputOutput` path is not supported"
        );
    }

    #[test]
    fn functions_and_unions_are_typed() {
        let plan = check_path(
            "length(names) > `0` && contains(names, 'a')",
            PathComparator::BooleanEquals,
            "true",
            false,
        )
        .unwrap();
        let Node::And(left, right) = &plan.value.node else {
            panic!("an and: {:?}", plan.value.node);
        };
        let Node::Order { left, .. } = &left.node else {
            panic!("an ordering: {:?}", left.node);
        };
        assert!(matches!(
            &left.node,
            Node::Length {
                of: Sized::List,
                ..
            }
        ));
        assert!(matches!(
            &right.node,
            Node::Contains {
                within: Sized::List,
                ..
            }
        ));

        let plan = check_path("choice.text", PathComparator::StringEquals, "a", false).unwrap();
        let Node::Subexpr(_, variant) = &plan.value.node else {
            panic!("a sub-expression: {:?}", plan.value.node);
        };
        let Node::Variant(variant) = &variant.node else {
            panic!("a variant: {:?}", variant.node);
        };
        assert_eq!(variant.as_fn, "as_text");
        assert!(!variant.boxed);
        assert_eq!(variant.conversion, Conversion::AsStr);
    }

    #[test]
    fn unsupported_paths_are_problems() {
        for (path, comparator, problem) in [
            (
                "tags",
                PathComparator::StringEquals,
                "maps are not supported in waiter paths",
            ),
            (
                "missing",
                PathComparator::StringEquals,
                "`OpOutput` has no member `missing`",
            ),
            (
                "flag",
                PathComparator::StringEquals,
                "the comparator needs a string, but the path gives a boolean",
            ),
            (
                "names",
                PathComparator::BooleanEquals,
                "the comparator needs a boolean, but the path gives a list of strings",
            ),
            (
                "status < count",
                PathComparator::BooleanEquals,
                "`<` compares numbers, not a string and a number",
            ),
            (
                "flag || count",
                PathComparator::BooleanEquals,
                "`||` between a boolean and a number is not supported",
            ),
            (
                "count[0]",
                PathComparator::StringEquals,
                "`[0]` indexes a list, not a number",
            ),
            (
                "status[*]",
                PathComparator::StringEquals,
                "a projection needs a list, not a string",
            ),
            (
                "names[0:1]",
                PathComparator::StringEquals,
                "slices are not supported",
            ),
            (
                "abs(count)",
                PathComparator::StringEquals,
                "the function `abs` is not supported",
            ),
            (
                "length(flag)",
                PathComparator::StringEquals,
                "`length` of a boolean is not supported",
            ),
            (
                "`null`.a",
                PathComparator::StringEquals,
                "a member of `null` is always null",
            ),
            (
                "flag.a",
                PathComparator::StringEquals,
                "`a` selects a member of a boolean, which has none",
            ),
        ] {
            assert_eq!(
                check_path(path, comparator, "true", false).unwrap_err(),
                problem,
                "{path}"
            );
        }
    }
}
