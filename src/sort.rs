//! Sorting with one compiled sort for every element type.
//!
//! `slice::sort*` compiles the whole of the standard library's sort (driftsort
//! or ipnsort, ~2-8 KB of wasm) once per element type and comparison: 81 copies,
//! 90 KB of the core module's 740 KB of code (docs/performance.md, Size). Here
//! only the order of the positions is sorted, by one `sort_unstable_by` over
//! `usize` that calls the comparison through `dyn`; each element type adds a
//! small generic wrapper and the swaps that put the elements in that order.
//! The lists sorted are short (a family's keys, carriers, dates), and the cost
//! stays O(n log n) for long hostile ones.

use std::cmp::Ordering;

/// Sorts `v` in ascending order, stably (equal elements keep their order).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` by `cmp`, stably.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        let mut by_position = |a: usize, b: usize| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        };
        positions(items.len(), &mut by_position)
    };
    permute(v, order);
}

/// Sorts `v` by the key `key` computes once per element, stably (as
/// `slice::sort_by_cached_key`).
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    drop(sort_by_cached_key_from(v, key));
}

/// `sort_by_cached_key`, saying where each element came from: afterwards
/// `v[k]` is the element that was at `from[k]` (`diff::memo` puts a sorted
/// diff back in the order it was built in).
pub fn sort_by_cached_key_from<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) -> Vec<usize> {
    if v.len() < 2 {
        return (0..v.len()).collect();
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let mut by_key = |a: usize, b: usize| match (keys.get(a), keys.get(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        _ => Ordering::Equal,
    };
    let order = positions(keys.len(), &mut by_key);
    permute(v, order.clone());
    order
}

/// The positions `0..n` in the order `cmp` gives them, equal ones by position
/// (which makes the sort stable). The one instantiation of the std sort.
fn positions(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|a, b| cmp(*a, *b).then(a.cmp(b)));
    order
}

/// Rearranges `v` so that position `i` holds what was at `order[i]`, cycle by
/// cycle with swaps (`order` is a permutation of `0..v.len()`).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(from) = order.get_mut(at) {
            let next = std::mem::replace(from, at);
            // `next == at`: in place or already done; `next == start`: the
            // element carried along this cycle has reached its position.
            if next == at || next == start {
                break;
            }
            v.swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny deterministic generator (no dev-dependency for it).
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_library_does_and_stably() {
        for (seed, n, range) in [
            (1, 0, 5),
            (2, 1, 5),
            (3, 2, 2),
            (4, 17, 4),
            (5, 100, 1000),
            (6, 1000, 7),
            (7, 257, 3),
        ] {
            let keys = numbers(seed, n, range);
            // Pairs (key, original position): stability shows in the positions.
            let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut theirs = ours.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            theirs.sort_by_key(|a| a.0);
            assert_eq!(ours, theirs, "sort_by, seed {seed}");
            let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            sort_by_cached_key(&mut ours, |p| p.0 / 2);
            theirs = keys.iter().copied().zip(0..).collect();
            theirs.sort_by_cached_key(|p| p.0 / 2);
            assert_eq!(ours, theirs, "sort_by_cached_key, seed {seed}");
            let before: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut after = before.clone();
            let from = sort_by_cached_key_from(&mut after, |p| p.0 / 2);
            assert_eq!(after, theirs, "sort_by_cached_key_from, seed {seed}");
            let moved: Option<Vec<(u64, usize)>> = from.iter().map(|&k| before.get(k).copied()).collect();
            assert_eq!(moved, Some(after), "where each came from, seed {seed}");
            let mut ours = keys.clone();
            sort(&mut ours);
            let mut theirs = keys;
            theirs.sort();
            assert_eq!(ours, theirs, "sort, seed {seed}");
        }
    }

    #[test]
    fn sorts_strings_and_reversed_input() {
        let mut words = vec!["pear", "apple", "fig", "apple", "banana"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "banana", "fig", "pear"]);
        let mut down: Vec<u32> = (0..50).rev().collect();
        sort(&mut down);
        assert_eq!(down, (0..50).collect::<Vec<u32>>());
    }
}
