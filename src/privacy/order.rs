//! Keys listed or chosen by what they show, never by what they hide.

use std::borrow::Cow;

use super::scrub;

/// `keys` in the order of their masked text: an SSN used as a key takes the
/// same place among keys someone planted beside it whatever its hidden
/// digits (in key order as written, naming the first unknown option read
/// five hidden digits in 17 calls: outside review). Keys that mask alike
/// print alike, so their order among themselves shows nothing.
pub fn in_shown_order<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<&'k str> {
    let mut shown: Vec<(Cow<'k, str>, &'k str)> = keys.into_iter().map(|k| (scrub(k), k)).collect();
    crate::sort::sort_by(&mut shown, |a, b| a.0.cmp(&b.0));
    shown.into_iter().map(|(_, k)| k).collect()
}

/// The first of `keys` in shown order (`in_shown_order`), not all sorted.
pub fn first_shown<'k>(keys: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    keys.into_iter()
        .map(|k| (scrub(k), k))
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, k)| k)
}
