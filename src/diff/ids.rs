//! Stable identifiers: a SHA-256 of length-prefixed parts, so the same change
//! gets the same id in every snapshot, on every platform, in every version.
//!
//! Every part is hashed as the output shows it (`privacy::scrub`): an id is
//! a function of visible text only, so no guess at a masked digit can be
//! confirmed against it offline (docs/api.md, Privacy).

use sha2::{Digest, Sha256};

use crate::privacy::scrub;

/// `prefix` + the first 16 hex digits (64 bits) of the hash of the scrubbed
/// `parts`, each prefixed with its length in bytes (u64, little-endian).
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        let p = scrub(p);
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
