//! `isValidHostLabel`.

/// The rules-engine function `isValidHostLabel`.
///
/// A host label is 1 to 63 ASCII letters, digits and hyphens that does not start with a
/// hyphen. With `allow_subdomains`, `value` may be several such labels joined by single
/// dots (no empty label, so no leading, trailing or doubled dot).
///
/// ```
/// use smithy_runtime::endpoint::is_valid_host_label;
///
/// assert!(is_valid_host_label("us-east-1", false));
/// assert!(!is_valid_host_label("part1.part2", false));
/// assert!(is_valid_host_label("part1.part2", true));
/// assert!(!is_valid_host_label("part1.", true));
/// ```
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_label)
    } else {
        is_single_label(value)
    }
}

fn is_single_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match bytes.first() {
        Some(first) if first.is_ascii_alphanumeric() => {
            bytes.len() <= 63
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_host_label;

    #[test]
    fn single_labels() {
        for valid in ["a", "us-east-1", "3aws4", "a-", "A1", &"x".repeat(63)] {
            assert!(is_valid_host_label(valid, false), "{valid:?}");
            assert!(is_valid_host_label(valid, true), "{valid:?}");
        }
        for invalid in ["", "-a", "a_b", "a b", "a.b", "é", &"x".repeat(64)] {
            assert!(!is_valid_host_label(invalid, false), "{invalid:?}");
        }
    }

    #[test]
    fn subdomains() {
        assert!(is_valid_host_label("part1.part2", true));
        assert!(is_valid_host_label("a.b.c-d", true));
        for invalid in ["", ".", "a.", ".a", "a..b", "a.-b", "a b.c", "a.b_c"] {
            assert!(!is_valid_host_label(invalid, true), "{invalid:?}");
        }
    }
}
