//! String functions of the rules-engine standard library: `substring`, `uriEncode`, `split`,
//! and array indexing for `getAttr`.

/// The rules-engine function `substring`: the characters from `start` (inclusive) to `stop`
/// (exclusive), counted from the end of `input` when `reverse` is true.
///
/// Gives `None` when `input` has any non-ASCII character, when `start >= stop`, or when
/// `input` is shorter than `stop`.
///
/// ```
/// use smithy_runtime::endpoint::substring;
///
/// assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
/// assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
/// assert_eq!(substring("abc", 0, 4, false), None);
/// assert_eq!(substring("abcdé", 0, 2, false), None);
/// ```
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || !input.is_ascii() {
        return None;
    }
    let len = input.len();
    if stop > len {
        return None;
    }
    if reverse {
        input.get(len - stop..len - start)
    } else {
        input.get(start..stop)
    }
}

/// The rules-engine function `uriEncode`: RFC 3986 percent-encoding of every byte of the
/// UTF-8 form of `value` except the unreserved characters `A-Z a-z 0-9 - _ . ~`, with
/// upper-case hexadecimal digits.
///
/// ```
/// use smithy_runtime::endpoint::uri_encode;
///
/// assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
/// assert_eq!(uri_encode("é"), "%C3%A9");
/// ```
pub fn uri_encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, URI_RESERVED).to_string()
}

/// Every byte but the RFC 3986 unreserved characters.
const URI_RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The rules-engine function `split`: `value` cut at each `delimiter`.
///
/// A `limit` of 0 splits at every occurrence; otherwise the result has at most `limit`
/// parts, the last one holding the rest of the string. An empty `delimiter` (which the
/// rules engine forbids) leaves `value` whole.
///
/// ```
/// use smithy_runtime::endpoint::split;
///
/// assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
/// assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
/// assert_eq!(split("", "--", 0), [""]);
/// ```
pub fn split(value: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![value.to_owned()];
    }
    if limit == 0 {
        value.split(delimiter).map(str::to_owned).collect()
    } else {
        value.splitn(limit, delimiter).map(str::to_owned).collect()
    }
}

/// Array indexing for `getAttr` paths such as `resourceId[2]`: the element at `index`, where
/// a negative index counts from the end (`-1` is the last element). `None` when out of range.
///
/// ```
/// use smithy_runtime::endpoint::get_index;
///
/// let values = ["a".to_owned(), "b".to_owned()];
/// assert_eq!(get_index(&values, 1), Some("b"));
/// assert_eq!(get_index(&values, -2), Some("a"));
/// assert_eq!(get_index(&values, 2), None);
/// ```
pub fn get_index(values: &[String], index: i64) -> Option<&str> {
    let position = if index < 0 {
        let back = usize::try_from(index.unsigned_abs()).ok()?;
        values.len().checked_sub(back)?
    } else {
        usize::try_from(index).ok()?
    };
    values.get(position).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::{get_index, split, substring, uri_encode};

    #[test]
    fn substring_cases() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("", 0, 4, false), None);
        assert_eq!(substring("\u{fdfd}", 0, 4, false), None);
        assert_eq!(substring("abcdef\u{1F431}", 0, 4, false), None);
        assert_eq!(substring("abcdef\u{80}", 0, 4, false), None);
        assert_eq!(substring("\u{7f}abcdef", 0, 4, false), Some("\u{7f}abc"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("defg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("defg", 1, 3, false), Some("ef"));
        assert_eq!(substring("def", 1, 3, false), Some("ef"));
        assert_eq!(substring("ab", 1, 3, false), None);
        assert_eq!(substring("abcdef", 1, 3, true), Some("de"));
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", 3, 1, false), None);
        assert_eq!(substring("abc", usize::MAX, usize::MAX, true), None);
        assert_eq!(substring("abc", 0, usize::MAX, true), None);
    }

    #[test]
    fn uri_encode_cases() {
        assert_eq!(uri_encode(""), "");
        assert_eq!(
            uri_encode("AZaz09-_.~"),
            "AZaz09-_.~",
            "unreserved characters stay"
        );
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("\u{1F431}"), "%F0%9F%90%B1");
        assert_eq!(uri_encode("\n"), "%0A");
    }

    #[test]
    fn split_cases() {
        assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(split("a--b--c", "--", 1), ["a--b--c"]);
        assert_eq!(split("", "--", 0), [""]);
        assert_eq!(split("--", "--", 0), ["", ""]);
        assert_eq!(split("----", "--", 0), ["", "", ""]);
        assert_eq!(split("--b--", "--", 0), ["", "b", ""]);
        assert_eq!(
            split("--x-s3--azid--suffix", "--", 0),
            ["", "x-s3", "azid", "suffix"]
        );
        assert_eq!(
            split("--x-s3--azid--suffix", "--", 2),
            ["", "x-s3--azid--suffix"]
        );
        assert_eq!(split("abc", "x", 0), ["abc"]);
        assert_eq!(split("mybucket", "--", 1), ["mybucket"]);
        assert_eq!(split("abc", "", 0), ["abc"]);
    }

    #[test]
    fn get_index_cases() {
        let values: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(get_index(&values, 0), Some("a"));
        assert_eq!(get_index(&values, 2), Some("c"));
        assert_eq!(get_index(&values, 3), None);
        assert_eq!(get_index(&values, -1), Some("c"));
        assert_eq!(get_index(&values, -3), Some("a"));
        assert_eq!(get_index(&values, -4), None);
        assert_eq!(get_index(&values, i64::MIN), None);
        assert_eq!(get_index(&values, i64::MAX), None);
        assert_eq!(get_index(&[], 0), None);
    }
}
