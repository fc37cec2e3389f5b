//! Request compression (the Smithy `@requestCompression` trait): gzip.

use crate::config::Config;
use crate::error::BoxError;
use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_ENCODING};
use http::HeaderMap;

/// Gzips `body` and adds `gzip` to `Content-Encoding` (after any encoding already there)
/// when `config` allows compression and `body` is at least the configured minimum size;
/// returns the body unchanged otherwise.
pub(crate) fn gzip_request(
    config: &Config,
    headers: &mut HeaderMap,
    body: Bytes,
) -> Result<Bytes, BoxError> {
    let min_size =
        usize::try_from(config.request_min_compression_size_bytes()).unwrap_or(usize::MAX);
    if config.disable_request_compression() || body.len() < min_size {
        return Ok(body);
    }
    let compressed = gzip(&body)?;
    let existing: Vec<&str> = headers
        .get_all(CONTENT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .collect();
    let mut encoding = existing.join(", ");
    if !encoding.is_empty() {
        encoding.push_str(", ");
    }
    encoding.push_str("gzip");
    headers.insert(CONTENT_ENCODING, HeaderValue::try_from(encoding)?);
    Ok(Bytes::from(compressed))
}

/// gzip (RFC 1952) at the default compression level.
pub(crate) fn gzip(data: &[u8]) -> Result<Vec<u8>, BoxError> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::default(),
    );
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn compresses_at_or_above_the_minimum_size() {
        let config = Config::builder()
            .request_min_compression_size_bytes(4)
            .build();
        let mut headers = HeaderMap::new();
        let body = gzip_request(&config, &mut headers, Bytes::from_static(b"abc")).unwrap();
        assert_eq!(body.as_ref(), b"abc");
        assert!(headers.is_empty());

        let body = gzip_request(&config, &mut headers, Bytes::from_static(b"abcd")).unwrap();
        assert_eq!(&body[..2], [0x1f, 0x8b], "gzip magic");
        assert_eq!(gunzip(&body), b"abcd");
        assert_eq!(headers[CONTENT_ENCODING], "gzip");
    }

    #[test]
    fn appends_to_an_existing_encoding() {
        let config = Config::builder()
            .request_min_compression_size_bytes(0)
            .build();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("custom"));
        let body = gzip_request(&config, &mut headers, Bytes::from_static(b"{}")).unwrap();
        assert_eq!(gunzip(&body), b"{}");
        assert_eq!(headers[CONTENT_ENCODING], "custom, gzip");
    }

    #[test]
    fn default_minimum_and_disabling() {
        let big = Bytes::from(vec![b'a'; 10_240]);
        let small = Bytes::from(vec![b'a'; 10_239]);
        let config = Config::builder().build();
        let mut headers = HeaderMap::new();
        assert_eq!(
            gzip_request(&config, &mut headers, small.clone()).unwrap(),
            small
        );
        assert!(headers.is_empty());
        assert_ne!(
            gzip_request(&config, &mut headers, big.clone()).unwrap(),
            big
        );
        assert_eq!(headers[CONTENT_ENCODING], "gzip");

        let config = Config::builder().disable_request_compression(true).build();
        let mut headers = HeaderMap::new();
        assert_eq!(
            gzip_request(&config, &mut headers, big.clone()).unwrap(),
            big
        );
        assert!(headers.is_empty());
    }
}
