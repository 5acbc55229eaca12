//! Stable identifiers: a SHA-256 of length-prefixed parts, so the same change
//! gets the same id in every snapshot, on every platform, in every version.

use sha2::{Digest, Sha256};

/// `prefix` + the first 16 hex digits (64 bits) of the hash of `parts`.
pub(crate) fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(prefix.len() + 16);
    out.push_str(prefix);
    for b in digest.iter().take(8) {
        for nibble in [b >> 4, b & 15] {
            out.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_unambiguous() {
        assert_eq!(stable_id("D-", &["a", "b"]), stable_id("D-", &["a", "b"]));
        assert_ne!(stable_id("D-", &["ab", ""]), stable_id("D-", &["a", "b"]));
        // Pinned (SHA-256 of nothing): ids must never change across versions.
        assert_eq!(stable_id("X-", &[]), "X-e3b0c44298fc1c14");
    }
}
