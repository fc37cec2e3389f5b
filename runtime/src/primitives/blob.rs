use std::fmt;

/// Opaque binary data.
///
/// `Debug` and `Display` print the bytes as lowercase hexadecimal.
///
/// ```
/// use smithy_runtime::primitives::Blob;
///
/// let blob = Blob::new(b"hi".to_vec());
/// assert_eq!(blob.as_ref(), b"hi");
/// assert_eq!(blob.to_string(), "6869");
/// assert_eq!(blob.into_inner(), b"hi".to_vec());
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Blob {
    inner: Vec<u8>,
}

impl Blob {
    /// Creates a blob holding `input`.
    pub fn new<T: Into<Vec<u8>>>(input: T) -> Self {
        Self {
            inner: input.into(),
        }
    }

    /// Returns the bytes, consuming the blob.
    pub fn into_inner(self) -> Vec<u8> {
        self.inner
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.inner
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self { inner: bytes }
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self {
            inner: bytes.to_vec(),
        }
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.inner
    }
}

struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({})", Hex(&self.inner))
    }
}

impl fmt::Display for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Hex(&self.inner).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn constructors_agree() {
        let bytes = vec![0u8, 1, 0xfe, 0xff];
        let a = Blob::new(bytes.clone());
        let b = Blob::from(bytes.clone());
        let c = Blob::from(&bytes[..]);
        let d = Blob::new(&b"\x00\x01\xfe\xff"[..]);
        let e = Blob::new(*b"\x00\x01\xfe\xff");
        assert!(a == b && b == c && c == d && d == e);
        assert_eq!(a.as_ref(), &bytes[..]);
        assert_eq!(Vec::from(a.clone()), bytes);
        assert_eq!(a.into_inner(), bytes);
    }

    #[test]
    fn formatting() {
        let blob = Blob::new(vec![0u8, 0x0a, 0xff]);
        assert_eq!(blob.to_string(), "000aff");
        assert_eq!(format!("{blob:?}"), "Blob(000aff)");
        assert_eq!(Blob::default().to_string(), "");
        assert_eq!(format!("{:?}", Blob::default()), "Blob()");
    }

    #[test]
    fn hash_and_eq() {
        let set: HashSet<Blob> = [Blob::new("a"), Blob::new("a"), Blob::new("b")]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 2);
        assert!(Blob::new("a") < Blob::new("b"));
    }
}
