//! Stable identifiers: a SHA-256 of length-prefixed parts, so the same change
//! gets the same id in every snapshot, on every platform, in every version.
//!
//! Every part is hashed as the output shows it (`privacy::scrub`): an id is
//! a function of visible text only, so no guess at a masked digit can be
//! confirmed against it offline (docs/api.md, Privacy).

use std::cell::RefCell;
use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::privacy::scrub;

/// `prefix` + the first 16 hex digits (64 bits) of the hash of the scrubbed
/// `parts`, each prefixed with its length in bytes (u64, little-endian).
/// Inside `IdMemo::run`, an id hashed before is looked up instead.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let digest = MEMO.with(|m| match m.try_borrow_mut().as_deref_mut() {
        Ok(Some(memo)) => memo.digest(parts),
        _ => digest(parts),
    });
    let mut out = String::with_capacity(prefix.len() + 16);
    out.push_str(prefix);
    for b in digest {
        for nibble in [b >> 4, b & 15] {
            out.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    out
}

/// The first 8 bytes of the hash of the scrubbed, length-prefixed parts.
fn digest(parts: &[&str]) -> [u8; 8] {
    let mut h = Sha256::new();
    for p in parts {
        let p = scrub(p);
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let full = h.finalize();
    let mut out = [0u8; 8];
    out.iter_mut().zip(full.iter()).for_each(|(o, b)| *o = *b);
    out
}

thread_local! {
    /// The memo of the `IdMemo::run` in progress on this thread, if any.
    static MEMO: RefCell<Option<IdMemo>> = const { RefCell::new(None) };
}

/// Ids already hashed by a prepared snapshot's earlier keystrokes. A
/// keystroke changes one field, yet every check hashes the ids of all the
/// family's differences, references and transactions again: SHA-256 was a
/// fifth of a keystroke's work (docs/performance.md). Keyed by the raw parts
/// (scrubbing is a function of them) in a B-tree: no hash a hostile document
/// could collide. Holds the ids of the last two runs only, and at most
/// [`MEMO_BYTES`] of keys per run: memory stays bounded by the documents.
#[derive(Debug, Default)]
pub struct IdMemo {
    now: BTreeMap<Box<[u8]>, [u8; 8]>,
    before: BTreeMap<Box<[u8]>, [u8; 8]>,
    bytes: usize,
    key: Vec<u8>,
}

/// The most key bytes one run keeps (past it, ids are hashed, not kept).
const MEMO_BYTES: usize = 1 << 20;

impl IdMemo {
    /// Runs `f` with `stable_id` looking ids up here first; then forgets
    /// those that the run before this one made and this one did not use.
    pub fn run<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let mine = std::mem::take(self);
        let previous = MEMO.with(|m| m.replace(Some(mine)));
        let out = f();
        let mut back = MEMO.with(|m| m.replace(previous)).unwrap_or_default();
        back.before = std::mem::take(&mut back.now);
        back.bytes = 0;
        *self = back;
        out
    }

    /// The prefix is not hashed, so it is not part of the key either.
    fn digest(&mut self, parts: &[&str]) -> [u8; 8] {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        for p in parts {
            key.extend_from_slice(&(p.len() as u64).to_le_bytes());
            key.extend_from_slice(p.as_bytes());
        }
        let found = match self.now.get(key.as_slice()) {
            Some(d) => Some(*d),
            None => self
                .before
                .remove(key.as_slice())
                .inspect(|d| self.keep(&key, *d)),
        };
        let d = found.unwrap_or_else(|| {
            let d = digest(parts);
            self.keep(&key, d);
            d
        });
        self.key = key;
        d
    }

    fn keep(&mut self, key: &[u8], d: [u8; 8]) {
        if self.bytes.saturating_add(key.len()) <= MEMO_BYTES {
            self.bytes += key.len();
            self.now.insert(key.into(), d);
        }
    }
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

    #[test]
    fn the_memo_gives_the_same_ids_and_forgets_unused_ones() {
        let plain = [
            stable_id("D-", &["a", "b"]),
            stable_id("P-", &["a", "b"]),
            stable_id("D-", &["ab"]),
        ];
        let mut memo = IdMemo::default();
        for _ in 0..3 {
            let ids = memo.run(|| {
                [
                    stable_id("D-", &["a", "b"]),
                    stable_id("P-", &["a", "b"]),
                    stable_id("D-", &["ab"]),
                ]
            });
            assert_eq!(ids, plain);
        }
        assert_eq!(memo.before.len(), 2, "the prefix is not hashed");
        memo.run(|| stable_id("D-", &["a", "b"]));
        memo.run(|| ());
        assert_eq!(memo.before.len(), 0, "ids unused for a run are let go");
        // Outside `run`, nothing is kept.
        assert_eq!(stable_id("D-", &["a", "b"]), plain[0]);
    }
}
