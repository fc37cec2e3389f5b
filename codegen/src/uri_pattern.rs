//! The URI pattern of the `smithy.api#http` trait (`/things/{thingName}/files/{path+}?list`),
//! parsed once into typed segments: the validator checks labels against the input with it, and
//! HTTP-binding protocols build request paths and query strings from it.

use std::fmt;

/// One path segment of a URI pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as written.
    Literal(String),
    /// `{name}`, or `{name+}` when `greedy` (a greedy label may span several segments).
    Label { name: String, greedy: bool },
}

/// A literal query parameter of the pattern: `?list` (no value) or `?type=archive`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLiteral {
    pub key: String,
    pub value: Option<String>,
}

/// A parsed `smithy.api#http` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriPattern {
    /// The path segments after the leading `/` (empty for `/`).
    pub segments: Vec<Segment>,
    /// The literal query string, in order.
    pub query: Vec<QueryLiteral>,
    /// Whether the path ends in `/` (`/things/` is not `/things`).
    pub trailing_slash: bool,
}

/// Why a URI pattern does not parse, as the validator reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriPatternError {
    NotAbsolute,
    LabelInQuery,
    /// A label that is not a whole path segment (`/a{b}`), or an unbalanced brace.
    LabelNotWholeSegment(String),
    EmptyLabel,
    DuplicateLabel(String),
    SeveralGreedyLabels,
    EmptySegment,
    DotSegment,
    Fragment,
    EndsWithQuestionMark,
}

impl fmt::Display for UriPatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UriPatternError::NotAbsolute => f.write_str("must start with `/`"),
            UriPatternError::LabelInQuery => {
                f.write_str("has a label in its query string; labels belong in the path")
            }
            UriPatternError::LabelNotWholeSegment(segment) => {
                write!(
                    f,
                    "has a label that is not a whole path segment: `{segment}`"
                )
            }
            UriPatternError::EmptyLabel => f.write_str("has a label without a name"),
            UriPatternError::DuplicateLabel(name) => {
                write!(f, "has the label `{name}` more than once")
            }
            UriPatternError::SeveralGreedyLabels => {
                f.write_str("has more than one greedy label; at most one may span segments")
            }
            UriPatternError::EmptySegment => f.write_str("has an empty path segment (`//`)"),
            UriPatternError::DotSegment => f.write_str("has a `.` or `..` path segment"),
            UriPatternError::Fragment => {
                f.write_str("has a fragment (`#`), which a request URI cannot have")
            }
            UriPatternError::EndsWithQuestionMark => {
                f.write_str("ends with `?`; leave it out when there is no query string")
            }
        }
    }
}

impl UriPattern {
    /// Parses `uri`; every problem found is returned, in the order of the text.
    pub fn parse(uri: &str) -> Result<UriPattern, Vec<UriPatternError>> {
        match Self::parse_with_problems(uri) {
            Ok((pattern, problems)) if problems.is_empty() => Ok(pattern),
            Ok((_, problems)) => Err(problems),
            Err(problem) => Err(vec![problem]),
        }
    }

    /// Parses what can be parsed of `uri`, and the problems of the rest (segments with a
    /// problem are left out), so a validator can still check the labels it found. Fails only
    /// when the URI does not start with `/`.
    pub fn parse_with_problems(
        uri: &str,
    ) -> Result<(UriPattern, Vec<UriPatternError>), UriPatternError> {
        if !uri.starts_with('/') {
            return Err(UriPatternError::NotAbsolute);
        }
        let mut problems = Vec::new();
        if uri.contains('#') {
            problems.push(UriPatternError::Fragment);
        }
        if uri.ends_with('?') {
            problems.push(UriPatternError::EndsWithQuestionMark);
        }
        let without_fragment = uri.split('#').next().unwrap_or(uri);
        let (path, query) = without_fragment
            .split_once('?')
            .unwrap_or((without_fragment, ""));
        if query.contains(['{', '}']) {
            problems.push(UriPatternError::LabelInQuery);
        }
        let path = &path[1..];
        let trailing_slash = path.ends_with('/');
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut segments = Vec::new();
        if !path.is_empty() {
            for segment in path.split('/') {
                match parse_segment(segment) {
                    Ok(segment) => segments.push(segment),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut greedy = 0;
        for segment in &segments {
            if let Segment::Label {
                name,
                greedy: is_greedy,
            } = segment
            {
                if seen.contains(&name.as_str()) {
                    problems.push(UriPatternError::DuplicateLabel(name.clone()));
                }
                seen.push(name);
                greedy += usize::from(*is_greedy);
            }
        }
        if greedy > 1 {
            problems.push(UriPatternError::SeveralGreedyLabels);
        }
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => QueryLiteral {
                    key: key.to_string(),
                    value: Some(value.to_string()),
                },
                None => QueryLiteral {
                    key: pair.to_string(),
                    value: None,
                },
            })
            .collect();
        let pattern = UriPattern {
            segments,
            query,
            trailing_slash,
        };
        Ok((pattern, problems))
    }

    /// The labels of the path, in order.
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Label { name, greedy } => Some((name.as_str(), *greedy)),
            Segment::Literal(_) => None,
        })
    }
}

fn parse_segment(segment: &str) -> Result<Segment, UriPatternError> {
    if segment.is_empty() {
        return Err(UriPatternError::EmptySegment);
    }
    if segment == "." || segment == ".." {
        return Err(UriPatternError::DotSegment);
    }
    match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(inner) if !inner.contains(['{', '}']) => {
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            if name.is_empty() {
                return Err(UriPatternError::EmptyLabel);
            }
            Ok(Segment::Label {
                name: name.to_string(),
                greedy,
            })
        }
        _ if segment.contains(['{', '}']) => {
            Err(UriPatternError::LabelNotWholeSegment(segment.to_string()))
        }
        _ => Ok(Segment::Literal(segment.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, greedy: bool) -> Segment {
        Segment::Label {
            name: name.into(),
            greedy,
        }
    }

    #[test]
    fn literals_labels_greedy_labels_and_query_literals() {
        let pattern = UriPattern::parse("/things/{thingName}/files/{path+}?list&type=archive")
            .expect("parses");
        assert_eq!(
            pattern.segments,
            vec![
                Segment::Literal("things".into()),
                label("thingName", false),
                Segment::Literal("files".into()),
                label("path", true),
            ]
        );
        assert_eq!(
            pattern.query,
            vec![
                QueryLiteral {
                    key: "list".into(),
                    value: None
                },
                QueryLiteral {
                    key: "type".into(),
                    value: Some("archive".into())
                },
            ]
        );
        assert!(!pattern.trailing_slash);
        assert_eq!(
            pattern.labels().collect::<Vec<_>>(),
            [("thingName", false), ("path", true)]
        );
    }

    #[test]
    fn the_root_and_trailing_slashes() {
        let root = UriPattern::parse("/").unwrap();
        assert!(root.segments.is_empty() && root.query.is_empty());
        let trailing = UriPattern::parse("/things/").unwrap();
        assert_eq!(trailing.segments, vec![Segment::Literal("things".into())]);
        assert!(trailing.trailing_slash);
        assert!(UriPattern::parse("/?x").unwrap().segments.is_empty());
    }

    #[test]
    fn malformed_patterns_name_each_problem() {
        let problems = |uri| UriPattern::parse(uri).unwrap_err();
        assert_eq!(problems("things"), [UriPatternError::NotAbsolute]);
        assert_eq!(problems("/a?b={c}"), [UriPatternError::LabelInQuery]);
        assert_eq!(
            problems("/a{b}/c"),
            [UriPatternError::LabelNotWholeSegment("a{b}".into())]
        );
        assert_eq!(
            problems("/{a"),
            [UriPatternError::LabelNotWholeSegment("{a".into())]
        );
        assert_eq!(problems("/{}"), [UriPatternError::EmptyLabel]);
        assert_eq!(problems("/{+}"), [UriPatternError::EmptyLabel]);
        assert_eq!(
            problems("/{a}/{a}"),
            [UriPatternError::DuplicateLabel("a".into())]
        );
        assert_eq!(
            problems("/{a+}/{b+}"),
            [UriPatternError::SeveralGreedyLabels]
        );
        assert_eq!(problems("/a//b"), [UriPatternError::EmptySegment]);
        assert_eq!(problems("/a#b"), [UriPatternError::Fragment]);
        assert_eq!(problems("/a?"), [UriPatternError::EndsWithQuestionMark]);
        assert_eq!(problems("/a/../b"), [UriPatternError::DotSegment]);
        assert_eq!(problems("/./b"), [UriPatternError::DotSegment]);
        assert_eq!(
            problems("/{a}/{a}/x{y}?{z}"),
            [
                UriPatternError::LabelInQuery,
                UriPatternError::LabelNotWholeSegment("x{y}".into()),
                UriPatternError::DuplicateLabel("a".into()),
            ]
        );
    }
}
