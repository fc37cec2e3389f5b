//! The SHA-256 tree hash Amazon Glacier asks for in `x-amz-sha256-tree-hash` on uploads: the
//! SHA-256 of each 1 MiB of the body, combined pairwise (the hash of two concatenated hashes)
//! until one is left, an odd one out moving up a level unchanged. Glacier's own scheme, which
//! no crate implements; the hashing itself is `sha2`'s.

use sha2::{Digest, Sha256};

const LEAF_SIZE: usize = 1024 * 1024;

/// Hashes a body read chunk by chunk: its tree hash and its plain SHA-256 (which SigV4 signs)
/// in one pass.
#[derive(Default)]
pub(super) struct TreeHasher {
    linear: Sha256,
    leaf: Sha256,
    leaf_len: usize,
    leaves: Vec<[u8; 32]>,
}

/// A body's hashes, hex-encoded.
pub(super) struct BodyHashes {
    pub(super) linear: String,
    pub(super) tree: String,
}

impl TreeHasher {
    pub(super) fn update(&mut self, mut data: &[u8]) {
        self.linear.update(data);
        while !data.is_empty() {
            let take = (LEAF_SIZE - self.leaf_len).min(data.len());
            self.leaf.update(&data[..take]);
            self.leaf_len += take;
            data = &data[take..];
            if self.leaf_len == LEAF_SIZE {
                self.leaves
                    .push(std::mem::take(&mut self.leaf).finalize().into());
                self.leaf_len = 0;
            }
        }
    }

    pub(super) fn finish(mut self) -> BodyHashes {
        // An empty body is one empty leaf.
        if self.leaf_len > 0 || self.leaves.is_empty() {
            self.leaves.push(self.leaf.finalize().into());
        }
        let mut level = self.leaves;
        while level.len() > 1 {
            level = level
                .chunks(2)
                .map(|pair| match pair {
                    [left, right] => {
                        let mut parent = Sha256::new();
                        parent.update(left);
                        parent.update(right);
                        parent.finalize().into()
                    }
                    [single] => *single,
                    _ => unreachable!("chunks(2) gives one or two"),
                })
                .collect();
        }
        BodyHashes {
            linear: hex::encode(self.linear.finalize()),
            tree: hex::encode(level[0]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{TreeHasher, LEAF_SIZE};
    use sha2::{Digest, Sha256};

    fn hashes(body: &[u8], chunk: usize) -> (String, String) {
        let mut hasher = TreeHasher::default();
        for part in body.chunks(chunk.max(1)) {
            hasher.update(part);
        }
        let hashes = hasher.finish();
        (hashes.linear, hashes.tree)
    }

    fn sha256(parts: &[&[u8]]) -> [u8; 32] {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
        }
        hasher.finalize().into()
    }

    #[test]
    fn a_body_within_one_leaf_has_its_sha256_as_tree_hash() {
        // The Glacier protocol test's body and headers.
        let (linear, tree) = hashes(b"hello world", 3);
        assert_eq!(
            linear,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(tree, linear);
        let (linear, tree) = hashes(b"", 1);
        assert_eq!(tree, hex::encode(sha256(&[b""])));
        assert_eq!(linear, tree);
    }

    #[test]
    fn leaves_combine_pairwise_and_the_odd_one_moves_up() {
        // Three leaves and a bit: ((A B) (C D)), with D the 10-byte tail.
        let body: Vec<u8> = (0..3 * LEAF_SIZE + 10).map(|i| (i % 251) as u8).collect();
        let leaf =
            |i: usize| sha256(&[&body[i * LEAF_SIZE..((i + 1) * LEAF_SIZE).min(body.len())]]);
        let (a, b, c, d) = (leaf(0), leaf(1), leaf(2), leaf(3));
        let expected = sha256(&[&sha256(&[&a, &b]), &sha256(&[&c, &d])]);
        // Chunks that straddle leaf boundaries give the same result as whole leaves.
        for chunk in [LEAF_SIZE, 4096, 1_000_003] {
            let (linear, tree) = hashes(&body, chunk);
            assert_eq!(tree, hex::encode(expected), "chunk {chunk}");
            assert_eq!(linear, hex::encode(sha256(&[&body])));
        }
        // Three leaves: ((A B) C).
        let three = &body[..3 * LEAF_SIZE];
        let (_, tree) = hashes(three, 65536);
        assert_eq!(tree, hex::encode(sha256(&[&sha256(&[&a, &b]), &c])));
    }
}
