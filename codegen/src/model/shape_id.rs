//! Absolute shape ids (`namespace#Name`) and member ids (`namespace#Name$member`).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
    member: Option<String>,
}

/// The namespace of Smithy's prelude shapes and traits.
pub const PRELUDE_NAMESPACE: &str = "smithy.api";

impl ShapeId {
    /// Parses an absolute shape id, with or without a member, as the Smithy grammar defines it.
    pub fn parse(text: &str) -> Result<ShapeId, String> {
        let (namespace, rest) = text
            .split_once('#')
            .ok_or_else(|| format!("malformed shape id `{text}`: expected `namespace#Name`"))?;
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
            return Err(format!(
                "malformed shape id `{text}`: invalid namespace `{namespace}`"
            ));
        }
        if !is_identifier(name) {
            return Err(format!(
                "malformed shape id `{text}`: invalid shape name `{name}`"
            ));
        }
        if let Some(member) = member {
            if !is_identifier(member) {
                return Err(format!(
                    "malformed shape id `{text}`: invalid member name `{member}`"
                ));
            }
        }
        Ok(ShapeId {
            namespace: namespace.to_string(),
            name: name.to_string(),
            member: member.map(str::to_string),
        })
    }

    /// A shape id from parts already known to be valid.
    pub fn new(namespace: &str, name: &str) -> ShapeId {
        ShapeId {
            namespace: namespace.to_string(),
            name: name.to_string(),
            member: None,
        }
    }

    pub fn prelude(name: &str) -> ShapeId {
        ShapeId::new(PRELUDE_NAMESPACE, name)
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }

    pub fn with_member(&self, member: &str) -> ShapeId {
        ShapeId {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: Some(member.to_string()),
        }
    }

    /// The shape this id names, without its member part.
    pub fn root(&self) -> ShapeId {
        ShapeId::new(&self.namespace, &self.name)
    }

    pub fn is_prelude(&self) -> bool {
        self.namespace == PRELUDE_NAMESPACE
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)?;
        if let Some(member) = &self.member {
            write!(f, "${member}")?;
        }
        Ok(())
    }
}

/// `identifier = (ALPHA / "_") *(ALPHA / DIGIT / "_")`, with at least one letter or digit after
/// leading underscores.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return false;
    }
    let rest_valid = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    rest_valid && text.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shape_and_member_ids() {
        let id = ShapeId::parse("com.amazonaws.proton#Environment$name").unwrap();
        assert_eq!(id.namespace(), "com.amazonaws.proton");
        assert_eq!(id.name(), "Environment");
        assert_eq!(id.member(), Some("name"));
        assert_eq!(id.to_string(), "com.amazonaws.proton#Environment$name");
        assert_eq!(id.root().to_string(), "com.amazonaws.proton#Environment");
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "Environment",
            "#Environment",
            "com..x#A",
            "com.x#",
            "com.x#1A",
            "com.x#A$",
            "com.x#A$b-c",
            "com x#A",
            "com.x#_",
        ] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
