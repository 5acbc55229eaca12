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

/// The masked forms more than one of a document's keys show. A key holding
/// an SSN pairs with the other document's only when no key of its own
/// document masks alike: otherwise a document of thousands of keys that
/// all show as `*****3876` pairs exactly the one equal to the other's
/// hidden SSN, and says which by what it left unpaired — thousands of
/// guesses confirmed in one call (review 25f #2). Keys that mask alike
/// print alike, so leaving them all unpaired shows nothing.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MaskedAlike(std::collections::BTreeSet<String>);

impl MaskedAlike {
    pub fn of<S: AsRef<str>>(keys: impl IntoIterator<Item = S>) -> MaskedAlike {
        let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for k in keys {
            let k = k.as_ref();
            let masked = scrub(k);
            if masked != k {
                *seen.entry(masked.into_owned()).or_default() += 1;
            }
        }
        MaskedAlike(seen.into_iter().filter(|(_, n)| *n > 1).map(|(m, _)| m).collect())
    }

    /// Whether no key masks like another (the common case: nothing to look up).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `key` masks like another key of its document.
    pub fn holds(&self, key: &str) -> bool {
        !self.0.is_empty() && self.0.contains(scrub(key).as_ref())
    }
}

// Kept apart from `of` (another constructor may be added beside it).
impl MaskedAlike {
    /// The masked forms two or more *distinct* `keys` show. Unlike `of`,
    /// which counts keys, one value listed twice (two claim lines of one
    /// person) is not ambiguous; two values that only mask alike are. A
    /// key holding an SSN joins another only when nothing else in the
    /// call shows alike, so thousands of guesses beside it all show as
    /// `*****3876`, and none of them, nor the hidden one, is joined
    /// (review 27a). Keys with nothing masked cost one `scrub`.
    pub fn distinct<S: AsRef<str>>(keys: impl IntoIterator<Item = S>) -> MaskedAlike {
        let mut first: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        let mut shared = std::collections::BTreeSet::new();
        for k in keys {
            let k = k.as_ref();
            let masked = scrub(k);
            if masked == k {
                continue;
            }
            match first.get(masked.as_ref()) {
                None => {
                    first.insert(masked.into_owned(), k.to_owned());
                }
                Some(seen) if seen != k => {
                    shared.insert(masked.into_owned());
                }
                Some(_) => {}
            }
        }
        MaskedAlike(shared)
    }
}

// Keys masked otherwise than by one `scrub` of them: a difference's dotted
// key, each key along it masked alone before the whole.
impl MaskedAlike {
    /// The forms two or more of `shown` are, each the shown form of a
    /// distinct key (who builds them knows the keys distinct: no key is
    /// counted twice). A dotted key holding an SSN pairs across the two
    /// documents a diff compares only when no other key of either shows
    /// alike (review 28c #1).
    pub fn among_shown<S: AsRef<str>>(shown: impl IntoIterator<Item = S>) -> MaskedAlike {
        let mut seen = std::collections::BTreeSet::new();
        let mut shared = std::collections::BTreeSet::new();
        for s in shown {
            let s = s.as_ref();
            if !seen.insert(s.to_owned()) {
                shared.insert(s.to_owned());
            }
        }
        MaskedAlike(shared)
    }

    /// Whether `shown`, a form as `among_shown` or `distinct_shown` counted
    /// it, is another's too.
    pub fn shows(&self, shown: &str) -> bool {
        !self.0.is_empty() && self.0.contains(shown)
    }

    /// The forms two or more *distinct* values show, from (value, shown
    /// form) pairs — values masked otherwise than by one `scrub` (an SSN
    /// field's, a name read by its letters and digits). As in `distinct`, a
    /// value given twice (one change sent to three carriers) is one value:
    /// `track` judges a value the differences of the call give only when no
    /// other shows alike (review 30c #1).
    pub fn distinct_shown<V: AsRef<str>, S: AsRef<str>>(
        pairs: impl IntoIterator<Item = (V, S)>,
    ) -> MaskedAlike {
        let mut first: std::collections::BTreeMap<String, V> = std::collections::BTreeMap::new();
        let mut shared = std::collections::BTreeSet::new();
        for (value, shown) in pairs {
            let shown = shown.as_ref();
            match first.get(shown) {
                None => {
                    first.insert(shown.to_owned(), value);
                }
                Some(seen) if seen.as_ref() != value.as_ref() => {
                    shared.insert(shown.to_owned());
                }
                Some(_) => {}
            }
        }
        MaskedAlike(shared)
    }
}

#[cfg(test)]
mod distinct_tests {
    use super::MaskedAlike;

    /// One value twice is not ambiguous, two values shown alike are, and
    /// values with nothing masked never are.
    #[test]
    fn distinct_counts_values_not_occurrences() {
        let once = MaskedAlike::distinct(["219453876", "219453876", "P-100", "P-100"]);
        assert!(once.is_empty());
        let two = MaskedAlike::distinct(["219453876", "P-100", "219003876"]);
        assert!(two.holds("219453876") && two.holds("999993876") && !two.holds("P-100"));
        assert!(!two.holds("219453877"));
        let shown = MaskedAlike::distinct_shown([("a", "*1"), ("a", "*1"), ("b", "*2")]);
        assert!(shown.is_empty());
        let shown = MaskedAlike::distinct_shown([("a", "*1"), ("b", "*2"), ("c", "*1")]);
        assert!(shown.shows("*1") && !shown.shows("*2"));
    }
}
