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
/// Inside `Deferred::run`, a token standing for it (see `Deferred`).
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    make_id(prefix, parts.iter().map(|p| Part::Text(p)))
}

/// A part of what an id hashes: text, or another stable id (hashed as its
/// text; while ids are deferred, a token — said so, since a document's text
/// may look like a token and must still be hashed as text).
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    Text(&'a str),
    Id(&'a str),
    /// Text already scrubbed (`scrub` of what would be a `Text`), hashed as
    /// it is: a part hashed for several ids is scrubbed once (a difference
    /// of a long value, for each of its carriers: `Builder::push_each`).
    Shown(&'a str),
}

/// `stable_id` of parts among which are other ids.
pub fn stable_id_citing(prefix: &str, parts: &[Part]) -> String {
    make_id(prefix, parts.iter().copied())
}

/// Both of the above: no `Vec` of parts is built for plain text parts.
fn make_id<'p>(prefix: &str, parts: impl Iterator<Item = Part<'p>> + Clone) -> String {
    let deferring = DEFER.with(|d| d.try_borrow().is_ok_and(|d| d.is_some()));
    // The prefix is not hashed: it leads the key a deferred id is kept by
    // (ending at a 0xff no UTF-8 text holds), then the hash input follows.
    let size = parts.clone().map(|p| p.text().len() + 8).sum::<usize>();
    let mut key = Vec::with_capacity(prefix.len() + 1 + size);
    key.extend_from_slice(prefix.as_bytes());
    key.push(0xff);
    let start = key.len();
    for p in parts {
        let token = match (p, deferring) {
            (Part::Id(id), true) => token_number(id),
            _ => None,
        };
        match token {
            // A length no text has: the token's number, below u64::MAX.
            Some(k) => key.extend_from_slice(&(u64::MAX - k as u64).to_le_bytes()),
            None if matches!(p, Part::Shown(_)) => push_part(&mut key, p.text()),
            None => push_part(&mut key, &scrub(p.text())),
        }
    }
    let deferred = DEFER.with(|d| match d.try_borrow_mut().as_deref_mut() {
        Ok(Some(later)) => Some(later.token(&key)),
        _ => None,
    });
    match deferred {
        Some(token) => token,
        None => id_text(prefix, digest(key.get(start..).unwrap_or_default())),
    }
}

impl<'p> Part<'p> {
    fn text(self) -> &'p str {
        match self {
            Part::Text(t) | Part::Id(t) | Part::Shown(t) => t,
        }
    }
}

/// A part of a hash input: its length in bytes (u64, little-endian), then it.
fn push_part(input: &mut Vec<u8>, part: &str) {
    input.extend_from_slice(&(part.len() as u64).to_le_bytes());
    input.extend_from_slice(part.as_bytes());
}

/// The first 8 bytes of the SHA-256 of a hash input.
fn digest(input: &[u8]) -> [u8; 8] {
    let full = Sha256::digest(input);
    let mut out = [0u8; 8];
    out.iter_mut().zip(full.iter()).for_each(|(o, b)| *o = *b);
    out
}

fn id_text(prefix: &str, digest: [u8; 8]) -> String {
    let mut out = String::with_capacity(prefix.len() + 16);
    out.push_str(prefix);
    for b in digest {
        for nibble in [b >> 4, b & 15] {
            out.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    out
}

thread_local! {
    /// The tokens of the `Deferred::run` in progress on this thread, if any.
    static DEFER: RefCell<Option<Deferred>> = const { RefCell::new(None) };
}

/// Ids not hashed yet. The keystroke answer (`prepared.check`/`edit`)
/// shows no id, yet every keystroke hashed the ids of the family's
/// differences, transactions and references again (SHA-256 in wasm has no
/// hardware help): inside `run`, `stable_id` hands out a token instead — the
/// same token for the same hash input, so whatever compares ids
/// (`distinct_ids`, the acknowledgement's references) decides as it would
/// with the ids — and `resolve` hashes them when `details()` asks. Tokens
/// never reach an answer: `preview::resolve_ids` replaces them.
#[derive(Debug, Default, Clone)]
pub struct Deferred {
    /// Token number by the prefix, a 0xff byte, then the hash input. The
    /// key is all a token keeps: resolving hashes it (tokens among its parts
    /// replaced by their ids).
    keys: BTreeMap<Box<[u8]>, usize>,
}

/// The tokens the `Deferred::run` in progress handed out so far (`None`
/// outside one): a keystroke's diff memo keeps them with the references it
/// keeps (`memo::DiffMemo`).
pub(crate) fn tokens() -> Option<Deferred> {
    DEFER.with(|d| d.try_borrow().ok().and_then(|d| d.clone()))
}

/// How many tokens the `Deferred::run` in progress handed out (0 outside one).
pub(crate) fn token_count() -> usize {
    DEFER.with(|d| {
        d.try_borrow()
            .ok()
            .and_then(|d| d.as_ref().map(|d| d.keys.len()))
            .unwrap_or(0)
    })
}

/// Continues the tokens of an earlier run in the `Deferred::run` in
/// progress, when it has handed out none yet (then the earlier run's tokens
/// mean the same here). Whether it did.
pub(crate) fn adopt(earlier: &Deferred) -> bool {
    DEFER.with(|d| match d.try_borrow_mut().as_deref_mut() {
        Ok(Some(now)) if now.keys.is_empty() => {
            now.keys.clone_from(&earlier.keys);
            true
        }
        _ => false,
    })
}

/// Tokens start with this (no id or text the engine writes does) and
/// number in letters, so scrubbing never touches them.
const TOKEN_MARK: char = '\u{1}';

impl Deferred {
    /// Runs `f` with `stable_id` handing out tokens.
    pub fn run<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let mine = std::mem::take(self);
        let outer = DEFER.with(|d| d.replace(Some(mine)));
        let out = f();
        *self = DEFER.with(|d| d.replace(outer)).unwrap_or_default();
        out
    }

    fn token(&mut self, key: &[u8]) -> String {
        let next = self.keys.len();
        let k = match self.keys.get(key) {
            Some(k) => *k,
            None => *self.keys.entry(key.into()).or_insert(next),
        };
        token_text(k)
    }

    /// The ids the tokens stand for, by token number (`memo` remembers what
    /// it hashed for the next `resolve`). A token's parts only name earlier
    /// tokens.
    pub fn resolve(self, memo: &mut IdMemo) -> Vec<String> {
        let mut keys: Vec<(usize, Box<[u8]>)> = self.keys.into_iter().map(|(k, n)| (n, k)).collect();
        crate::sort::sort_by(&mut keys, |a, b| a.0.cmp(&b.0));
        let mut ids: Vec<String> = Vec::with_capacity(keys.len());
        for (_, key) in &keys {
            let at = key.iter().position(|b| *b == 0xff).unwrap_or(key.len());
            let prefix = String::from_utf8_lossy(key.get(..at).unwrap_or_default());
            let input = real_input(key.get(at + 1..).unwrap_or_default(), &ids);
            let id = id_text(&prefix, memo.digest(&input));
            ids.push(id);
        }
        memo.age();
        ids
    }
}

/// The id each token of the `Deferred::run` in progress stands for, by
/// token number (`None` outside one): for the rare comparison that meets
/// both forms of one id — a keystroke's differences kept from before a
/// `details()` carry ids, the ones built since tokens
/// (`DiffResult::dependent_references`). Hashes every token of the run.
pub(crate) fn resolve_now() -> Option<Vec<String>> {
    tokens().map(|t| t.resolve(&mut IdMemo::default()))
}

/// A token's hash input with its token parts replaced by the ids they stand
/// for, scrubbed as `stable_id` scrubs every part.
fn real_input(input: &[u8], ids: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    while let (Some(len), Some(tail)) = (rest.get(..8), rest.get(8..)) {
        let mut n = [0u8; 8];
        n.copy_from_slice(len);
        let n = u64::from_le_bytes(n);
        if n > u64::MAX / 2 {
            let id = usize::try_from(u64::MAX - n).ok().and_then(|k| ids.get(k));
            push_part(&mut out, &scrub(id.map_or("", String::as_str)));
            rest = tail;
            continue;
        }
        let n = usize::try_from(n).unwrap_or(usize::MAX).min(tail.len());
        let (part, next) = tail.split_at(n);
        out.extend_from_slice(len);
        out.extend_from_slice(part);
        rest = next;
    }
    out
}

fn token_text(mut k: usize) -> String {
    let mut out = String::from(TOKEN_MARK);
    loop {
        out.push(char::from(b'a' + (k % 16) as u8));
        k /= 16;
        if k == 0 {
            return out;
        }
    }
}

/// The number of a token `stable_id` handed out, `None` for other text.
pub fn token_number(text: &str) -> Option<usize> {
    let letters = text.strip_prefix(TOKEN_MARK)?;
    letters.bytes().rev().try_fold(0usize, |n, b| {
        let digit = b.checked_sub(b'a').filter(|d| *d < 16)?;
        n.checked_mul(16)?.checked_add(usize::from(digit))
    })
}

/// Ids `Deferred::resolve` hashed for a prepared snapshot's earlier
/// `details()`: opening the details after each keystroke hashes only what
/// the keystroke changed. Keyed by the hash input in a B-tree (no hash a
/// hostile document could collide); holds the ids of the last two resolves
/// only, and at most [`MEMO_BYTES`] of keys per resolve.
#[derive(Debug, Default)]
pub struct IdMemo {
    now: BTreeMap<Box<[u8]>, [u8; 8]>,
    before: BTreeMap<Box<[u8]>, [u8; 8]>,
    bytes: usize,
}

/// The most key bytes one resolve keeps (past it, ids are hashed, not kept).
const MEMO_BYTES: usize = 1 << 20;

impl IdMemo {
    fn digest(&mut self, input: &[u8]) -> [u8; 8] {
        if let Some(d) = self.now.get(input) {
            return *d;
        }
        let d = self.before.remove(input).unwrap_or_else(|| digest(input));
        if self.bytes.saturating_add(input.len()) <= MEMO_BYTES {
            self.bytes += input.len();
            self.now.insert(input.into(), d);
        }
        d
    }

    /// Forgets what the resolve before the last one hashed and the last did not use.
    fn age(&mut self) {
        self.before = std::mem::take(&mut self.now);
        self.bytes = 0;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_unambiguous() {
        assert_eq!(stable_id("D-", &["a", "b"]), stable_id("D-", &["a", "b"]));
        assert_ne!(stable_id("D-", &["ab", ""]), stable_id("D-", &["a", "b"]));
        // Pinned (SHA-256 of nothing): ids must never change across versions.
        assert_eq!(stable_id("X-", &[]), "X-e3b0c44298fc1c14");
    }

    fn some_ids() -> [String; 4] {
        let p = stable_id("P-", &["person 123-45-6789"]);
        // Equal once scrubbed: the same id.
        let same = stable_id("P-", &["person 999-88-6789"]);
        let d = stable_id_citing("D-", &[Part::Text("c"), Part::Id(&p), Part::Text("x")]);
        // A text that looks like a token is hashed as text.
        let t = stable_id_citing("T-", &[Part::Text("\u{1}a"), Part::Id(&d)]);
        [p, same, d, t]
    }

    #[test]
    fn deferred_ids_resolve_to_the_ids_and_compare_as_they_do() {
        let eager = some_ids();
        let mut later = Deferred::default();
        let tokens = later.run(some_ids);
        assert_eq!(tokens[0], tokens[1]);
        assert!(tokens.iter().all(|t| token_number(t).is_some()));
        let mut memo = IdMemo::default();
        let ids = later.resolve(&mut memo);
        let resolved = tokens.clone().map(|t| ids[token_number(&t).unwrap()].clone());
        assert_eq!(resolved, eager);
        assert_eq!(token_number(&token_text(1234)), Some(1234));
        assert_eq!(token_number("D-1234"), None);
        // The memo gives the same ids, and lets go of those unused for a resolve.
        assert_eq!(memo.before.len(), 3);
        let mut again = Deferred::default();
        let tokens = again.run(some_ids);
        let ids = again.resolve(&mut memo);
        assert_eq!(tokens.map(|t| ids[token_number(&t).unwrap()].clone()), eager);
        Deferred::default().resolve(&mut memo);
        Deferred::default().resolve(&mut memo);
        assert!(memo.before.is_empty());
    }
}
