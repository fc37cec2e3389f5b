//! `parseURL`.

/// What `parseURL` returns: the parts of an endpoint URL.
///
/// The accessors are named after the rules-engine attributes (`normalizedPath` →
/// [`normalized_path`](Url::normalized_path), `isIp` → [`is_ip`](Url::is_ip)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    /// `http` or `https`, in lower case (attribute `scheme`).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host and, when the URL has one, the port as written; never a userinfo part
    /// (attribute `authority`).
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The path as written: empty or starting with `/` (attribute `path`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path with a `/` at both ends; `/` for an empty path (attribute `normalizedPath`).
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// Whether the host is an IPv4 address or a bracketed IPv6 address (attribute `isIp`).
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// The rules-engine function `parseURL`.
///
/// Accepts absolute `http` and `https` URLs (`scheme://[userinfo@]host[:port][/path]`).
/// Gives `None` for any other scheme, a URL with a query or a fragment, an empty or
/// malformed host, a port that is not a number up to 65535, or whitespace and control
/// characters anywhere.
///
/// ```
/// use smithy_runtime::endpoint::parse_url;
///
/// let url = parse_url("http://example.com:80/foo/bar").expect("valid");
/// assert_eq!(url.scheme(), "http");
/// assert_eq!(url.authority(), "example.com:80");
/// assert_eq!(url.path(), "/foo/bar");
/// assert_eq!(url.normalized_path(), "/foo/bar/");
/// assert!(!url.is_ip());
///
/// assert!(parse_url("https://[fe80::1]").expect("valid").is_ip());
/// assert!(parse_url("https://example.com:8443?foo=bar&faz=baz").is_none());
/// ```
pub fn parse_url(value: &str) -> Option<Url> {
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
    {
        return None;
    }
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    // Userinfo is not part of the result.
    let authority = match authority.rfind('@') {
        Some(at) => authority.get(at + 1..)?,
        None => authority,
    };
    let (host, port) = split_host_port(authority)?;
    let is_ip = if host.starts_with('[') {
        if !is_ipv6_literal(host) {
            return None;
        }
        true
    } else {
        if host.is_empty() || !host.chars().all(is_host_char) {
            return None;
        }
        is_ipv4(host)
    };
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if port.parse::<u32>().ok()? > 65_535 {
            return None;
        }
    }
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Splits `host[:port]` or `[v6][:port]`.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at(close + 1);
        match after.strip_prefix(':') {
            Some(port) => Some((host, Some(port))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => Some((host, Some(port))),
            None => Some((authority, None)),
        }
    }
}

/// Characters accepted in a registered host name: RFC 3986 unreserved characters,
/// sub-delimiters and percent signs (host labels themselves are not validated).
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | '%'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
        )
}

/// Four dot-separated decimal numbers from 0 to 255.
fn is_ipv4(host: &str) -> bool {
    let mut count = 0;
    for part in host.split('.') {
        count += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        if !matches!(part.parse::<u16>(), Ok(n) if n <= 255) {
            return false;
        }
    }
    count == 4
}

/// `[...]` holding an IPv6 address (hex groups separated by colons, at most one `::`,
/// optionally ending in an IPv4 address).
fn is_ipv6_literal(host: &str) -> bool {
    let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) else {
        return false;
    };
    if inner.is_empty() || inner.matches("::").count() > 1 || inner.contains(":::") {
        return false;
    }
    let compressed = inner.contains("::");
    let groups: Vec<&str> = inner.split(':').collect();
    let mut units = 0;
    let last = groups.len().saturating_sub(1);
    for (i, group) in groups.iter().enumerate() {
        if group.is_empty() {
            // Only allowed as part of `::` (which also yields empty groups at the ends).
            if !compressed {
                return false;
            }
            continue;
        }
        if i == last && group.contains('.') {
            if !is_ipv4(group) {
                return false;
            }
            units += 2;
        } else if group.len() <= 4 && group.bytes().all(|b| b.is_ascii_hexdigit()) {
            units += 1;
        } else {
            return false;
        }
    }
    // A leading or trailing single colon is not allowed.
    if (inner.starts_with(':') && !inner.starts_with("::"))
        || (inner.ends_with(':') && !inner.ends_with("::"))
    {
        return false;
    }
    if compressed {
        units < 8
    } else {
        units == 8
    }
}

#[cfg(test)]
mod tests {
    use super::parse_url;

    fn parts(value: &str) -> Option<(String, String, String, String, bool)> {
        parse_url(value).map(|u| {
            (
                u.scheme().to_owned(),
                u.authority().to_owned(),
                u.path().to_owned(),
                u.normalized_path().to_owned(),
                u.is_ip(),
            )
        })
    }

    fn ok(value: &str, scheme: &str, authority: &str, path: &str, normalized: &str, ip: bool) {
        assert_eq!(
            parts(value),
            Some((
                scheme.to_owned(),
                authority.to_owned(),
                path.to_owned(),
                normalized.to_owned(),
                ip
            )),
            "{value}"
        );
    }

    #[test]
    fn valid_urls() {
        ok(
            "https://example.com",
            "https",
            "example.com",
            "",
            "/",
            false,
        );
        ok(
            "https://example.com/",
            "https",
            "example.com",
            "/",
            "/",
            false,
        );
        ok(
            "http://example.com:80/foo/bar",
            "http",
            "example.com:80",
            "/foo/bar",
            "/foo/bar/",
            false,
        );
        ok("https://127.0.0.1", "https", "127.0.0.1", "", "/", true);
        ok("https://[fe80::1]", "https", "[fe80::1]", "", "/", true);
        ok(
            "https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
            "https",
            "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
            "",
            "/",
            true,
        );
        ok(
            "http://10.0.0.1:1234/a/",
            "http",
            "10.0.0.1:1234",
            "/a/",
            "/a/",
            true,
        );
        ok(
            "HTTPS://Example.com/P",
            "https",
            "Example.com",
            "/P",
            "/P/",
            false,
        );
        ok(
            "http://under_score-.com",
            "http",
            "under_score-.com",
            "",
            "/",
            false,
        );
        ok("https://1.2.3.999", "https", "1.2.3.999", "", "/", false);
        ok(
            "https://user:pw@host.com/x",
            "https",
            "host.com",
            "/x",
            "/x/",
            false,
        );
        ok(
            "https://[::ffff:1.2.3.4]/",
            "https",
            "[::ffff:1.2.3.4]",
            "/",
            "/",
            true,
        );
        ok("https://[::]", "https", "[::]", "", "/", true);
    }

    #[test]
    fn invalid_urls() {
        for value in [
            "",
            "example.com",
            "//example.com",
            "ftp://example.com",
            "acbd://example.com",
            "https://",
            "https:///path",
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "https://example.com/#frag",
            "http://abc.com:a/foo",
            "http://abc.com:/foo",
            "http://abc.com:65536",
            "http://abc.com:123456",
            "https://exa mple.com",
            "https://example.com/a b",
            "https://[fe80::1",
            "https://[fe80::1]x",
            "https://[1:2:3:4:5:6:7:8:9]",
            "https://[1::2::3]",
            "https://[:1]",
            "https://[g::1]",
            "https://[]",
            "https://éxample.com",
            "https://a[b].com",
            "https://host:1:2",
        ] {
            assert_eq!(parts(value), None, "{value:?}");
        }
    }
}
