//! Bounds on what one call can return, whatever its input: at most
//! [`MAX_ISSUES`] issues (the last one says how many more were found), and
//! input text quoted in a message or param cut to [`QUOTE_CHARS`] characters.
//! Together they bound a result's size by the input's (docs/api.md, Limits).

use std::collections::{BTreeSet, HashSet};

use serde_json::{json, Value};

use super::catalogue as c;
use super::issue::{Issue, Severity};
use super::pointer::{reach_of, Reach};
use super::render::{make_issue, params};
pub use crate::model::text::{quote, quote_joined, QUOTE_CHARS};

/// Issues one call returns at most, `too_many_issues` included.
pub const MAX_ISSUES: usize = 1000;

/// Items of a document's JSON lists a reader reads at most, all lists
/// together (docs/api.md, Limits). Each item becomes a typed value of a few
/// hundred bytes and a person, coverage or line of work downstream, so 4
/// MiB of `[{},{},…]` (1.4 million items) had taken seconds and ~800 MB of
/// wasm memory and written 220 MB of acknowledgement; 100,000 is above what
/// 4 MiB of real items holds (a dependent with a name is ~100 bytes, a
/// carrier ~80). Past it one fatal `too_many_items` is reported.
pub const MAX_ITEMS: usize = 100_000;

/// Bytes of differences (their JSON text, about) one diff or preview returns
/// at most, whatever its input: four times the input limit. A change to one
/// person goes to every carrier they are enrolled with, so a document's
/// differences could otherwise grow as its changed fields times its
/// carriers; past the budget the call returns none and one fatal
/// `too_many_differences`.
pub const MAX_DIFFERENCE_BYTES: usize = 16 * 1024 * 1024;

/// The budget of what one call may multiply out of inputs of `input_bytes`
/// (a diff's differences from both snapshots; the claim messages
/// `applyPaymentStatus` attaches from all its documents): eight times that
/// plus 1 MiB, at most [`MAX_DIFFERENCE_BYTES`]. The 1 MiB floor covers real
/// cases (a first submission of a family at twenty carriers is about 100 KB
/// of differences for 8 KB of input); the factor bounds a small hostile
/// input's result by its size.
pub fn result_budget(input_bytes: usize) -> usize {
    input_bytes
        .saturating_mul(8)
        .saturating_add(1024 * 1024)
        .min(MAX_DIFFERENCE_BYTES)
}

/// Families one `export834Census` call takes at most. Each is a preview
/// of its own (and a prepared previous snapshot), tens of µs even for `{}`:
/// 99,999 families of `{"previous":"{}","current":"{}"}` (3 MiB, under
/// the arguments' 100,000-object scan, as documents given as strings are
/// not objects to it) took 1.7-3.7 s in wasm. 4 MiB of real families holds
/// a few thousand; a larger census is split (the command line streams it).
pub const MAX_CENSUS_FAMILIES: usize = 10_000;

/// Carriers a group configuration may list (`too_many_carriers`, an error:
/// `new Engine` refuses it). A document that cannot be read blocks every
/// configured carrier, each with its own copy of the errors in `preview`'s
/// `fulfillment_summary`: at 55,000 carriers (4 MiB of configuration) a
/// 2-byte `{}` got a 43 MB answer, and every call paid for the carriers
/// (review 26c #2, #3). Real groups have tens.
pub const MAX_CARRIERS: usize = 1_000;

/// Carrier ids the kept issues of one result name at most, all together
/// (the first issue is kept whatever it names). A snapshot may name
/// thousands of carriers and an issue about the whole family names them all:
/// without this, 1000 issues could carry millions of ids.
pub const MAX_CARRIER_REFS: usize = 20_000;

/// How many leading issues a result keeps, given how many carriers each
/// names: all of them when they fit both limits; else at most 999 (the
/// 1000th place goes to `too_many_issues`), fewer if their carrier ids would
/// pass [`MAX_CARRIER_REFS`].
pub(crate) fn keep_count(len: usize, refs: impl Iterator<Item = usize> + Clone) -> usize {
    if len <= MAX_ISSUES && refs.clone().sum::<usize>() <= MAX_CARRIER_REFS {
        return len;
    }
    let mut total = 0usize;
    let mut kept = 0;
    for r in refs.take(MAX_ISSUES - 1) {
        if kept > 0 && total.saturating_add(r) > MAX_CARRIER_REFS {
            break;
        }
        total = total.saturating_add(r);
        kept += 1;
    }
    kept
}

/// The issues a bounded walk found past the cap, not built: a count, their
/// highest severity and where the blocking ones point. An issue costs an
/// allocation or two to build (params, message, path); past the cap only
/// this is kept, so 500,000 issues cost their scan, not 4,000,000 allocations.
#[derive(Debug, Default)]
pub(crate) struct Overflow {
    pub count: u64,
    pub severity: Option<Severity>,
    /// Where the blocking ones point (each place once).
    pub reaches: HashSet<Reach>,
}

impl Overflow {
    /// Counts an issue of `severity` at `path` that is not listed.
    pub fn record(&mut self, severity: Severity, path: &str) {
        self.record_reach(severity, reach_of(severity, path));
    }

    /// Counts an issue of `severity` that reaches `reach` and is not listed.
    pub fn record_reach(&mut self, severity: Severity, reach: Reach) {
        self.count += 1;
        self.severity = Some(self.severity.map_or(severity, |s| s.min(severity)));
        if severity.blocks() {
            self.reaches.insert(reach);
        }
    }

    /// Counts `n` issues of `severity` that are not listed, without a place
    /// (issues about a file, not a snapshot: no carrier scope to compute).
    pub fn count_as(&mut self, severity: Severity, n: u64) {
        self.count += n;
        self.severity = Some(self.severity.map_or(severity, |s| s.min(severity)));
    }

    /// Adds another overflow's issues after these.
    pub fn extend(&mut self, other: Overflow) {
        self.count += other.count;
        self.severity = self
            .severity
            .min(other.severity)
            .or(self.severity)
            .or(other.severity);
        self.reaches.extend(other.reaches);
    }

    /// Whether any unlisted issue blocks.
    pub fn blocks(&self) -> bool {
        self.severity.is_some_and(Severity::blocks)
    }
}

/// Issues listed while they are found, up to [`MAX_ISSUES`], and past that
/// only counted (`overflow`): for the calls whose issues carry no carrier
/// scope of their own to compute (`parse834`, `ack999`, the 834 export), so
/// that a text of 500,000 problems costs its scan, not 500,000 issues built
/// and dropped. [`Bounded::finish`] gives exactly what [`cap_issues`] gives
/// for the same issues listed whole.
#[derive(Debug, Default)]
pub(crate) struct Bounded {
    pub list: Vec<Issue>,
    pub overflow: Overflow,
}

impl Bounded {
    /// Whether another issue would still be listed.
    pub fn has_room(&self) -> bool {
        self.list.len() < MAX_ISSUES
    }

    /// How many more issues would still be listed.
    pub fn room(&self) -> usize {
        MAX_ISSUES.saturating_sub(self.list.len())
    }

    /// Lists the issue `build` makes, or past the cap counts one of `severity`
    /// without building it.
    pub fn push_with(&mut self, severity: Severity, build: impl FnOnce() -> Issue) {
        if self.has_room() {
            self.list.push(build());
        } else {
            self.overflow.count_as(severity, 1);
        }
    }

    /// Lists `issue`, or past the cap counts it (a `too_many_issues` for the
    /// issues it stands for).
    pub fn push(&mut self, issue: Issue) {
        if self.has_room() {
            self.list.push(issue);
        } else {
            self.overflow.count_as(issue.severity, stands_for(&issue));
        }
    }

    /// Whether any issue found, listed or counted, blocks.
    pub fn blocks(&self) -> bool {
        self.overflow.blocks() || self.list.iter().any(|i| i.severity.blocks())
    }

    /// The issues as a result returns them: all of them when at most
    /// [`MAX_ISSUES`] were found; else the first 999 and `too_many_issues`
    /// for the rest (those listed past 999 and those counted), naming
    /// `carriers` (the omitted issues' carriers, sorted).
    pub fn finish(self, carriers: Vec<String>) -> Vec<Issue> {
        let counted = usize::try_from(self.overflow.count).unwrap_or(usize::MAX);
        let total = counted.saturating_add(self.list.len());
        let keep = keep_count(total, self.list.iter().map(|i| i.carrier_ids.len()));
        if keep >= self.list.len() && counted == 0 {
            return self.list;
        }
        truncate(self.list, keep, carriers, &self.overflow)
    }
}

/// At most [`MAX_ISSUES`] of `issues`: unchanged when they fit; else the
/// first 999 (fewer past [`MAX_CARRIER_REFS`]) in their order, then one
/// `too_many_issues` issue saying how many were left out, with the highest
/// severity among them and the union of their carriers (sorted). Callers
/// compute `valid` and which carriers are blocked from all issues first.
/// A `too_many_issues` among those left out counts for the issues it stood for.
pub fn cap_issues(issues: Vec<Issue>) -> Vec<Issue> {
    cap_issues_by(issues, |i| i.carrier_ids.len())
}

/// [`cap_issues`], each issue weighing `copies(issue)` carrier ids against
/// [`MAX_CARRIER_REFS`] instead of its `carrier_ids`: `preview` weighs a
/// warning by the carriers whose summary lists it, as a copy each.
pub(crate) fn cap_issues_by(issues: Vec<Issue>, copies: impl Fn(&Issue) -> usize) -> Vec<Issue> {
    let keep = keep_count(issues.len(), issues.iter().map(&copies));
    if keep == issues.len() {
        return issues;
    }
    let omitted = issues.get(keep..).unwrap_or_default();
    // Inserted, not collected: `collect` compiles a sort of its own (src/sort.rs).
    let mut carriers: BTreeSet<&str> = BTreeSet::new();
    carriers.extend(
        omitted
            .iter()
            .flat_map(|i| i.carrier_ids.iter().map(String::as_str)),
    );
    let carriers = carriers.into_iter().map(str::to_owned).collect();
    truncate(issues, keep, carriers, &Overflow::default())
}

/// The first `keep` issues, then `too_many_issues` for the rest and for the
/// `unlisted` ones after them, naming `carriers` (theirs, sorted: the caller
/// knows them).
pub(crate) fn truncate(
    mut issues: Vec<Issue>,
    keep: usize,
    carriers: Vec<String>,
    unlisted: &Overflow,
) -> Vec<Issue> {
    if keep >= issues.len() && unlisted.count == 0 {
        return issues;
    }
    let omitted = issues.split_off(keep.min(issues.len()));
    let severity = omitted
        .iter()
        .map(|i| i.severity)
        .chain(unlisted.severity)
        .min()
        .unwrap_or(Severity::Info);
    let count: u64 = omitted.iter().map(stands_for).sum::<u64>() + unlisted.count;
    let p = json!({ "omitted": count, "limit": MAX_ISSUES });
    let mut issue = make_issue(c::TOO_MANY_ISSUES, String::new(), params(p));
    issue.severity = severity;
    issue.carrier_ids = carriers;
    issues.push(issue);
    issues
}

/// How many issues one issue stands for: a `too_many_issues`, its `omitted`.
pub(crate) fn stands_for(issue: &Issue) -> u64 {
    let omitted = issue.params.get("omitted").and_then(Value::as_u64);
    match omitted {
        Some(n) if issue.code == c::TOO_MANY_ISSUES.code => n,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::pointer::pointer;

    fn issue(code: &str, severity: Severity, carriers: &[&str]) -> Issue {
        let mut i = make_issue(c::WRONG_TYPE, pointer![code], params(json!({})));
        i.severity = severity;
        i.carrier_ids = carriers.iter().map(|s| (*s).to_owned()).collect();
        i
    }

    #[test]
    fn carrier_ids_are_bounded_across_the_kept_issues() {
        // Each issue names 5,000 carriers: four fit in 20,000; the first is
        // kept whatever it names.
        assert_eq!(keep_count(10, std::iter::repeat_n(5_000, 10)), 4);
        assert_eq!(keep_count(3, [50_000, 1, 1].into_iter()), 1);
        assert_eq!(keep_count(3, [1, 1, 1].into_iter()), 3);
        assert_eq!(keep_count(2000, std::iter::repeat_n(0, 2000)), 999);
        let carriers: Vec<String> = (0..5_000).map(|k| format!("c{k}")).collect();
        let refs: Vec<&str> = carriers.iter().map(String::as_str).collect();
        let issues: Vec<Issue> = (0..10).map(|_| issue("x", Severity::Error, &refs)).collect();
        let capped = cap_issues(issues);
        assert_eq!(capped.len(), 5);
        let last = capped.last().map(|i| (i.code.as_str(), i.carrier_ids.len()));
        assert_eq!(last, Some(("too_many_issues", 5_000)));
    }

    #[test]
    fn bounded_finishes_as_cap_issues_would() {
        // Issues listed while found and counted past the cap give exactly
        // what capping the whole list gives: the same 999 (or all), the same
        // `too_many_issues` (count, severity, carriers).
        let severities = [
            Severity::Info,
            Severity::Warning,
            Severity::Error,
            Severity::Fatal,
        ];
        for n in [0, 1, 999, 1000, 1001, 1002, 2500] {
            for fatal_at in [None, Some(998), Some(999), Some(1000), Some(2000)] {
                let all: Vec<Issue> = (0..n)
                    .map(|k| {
                        let severity = match fatal_at {
                            Some(f) if f == k => Severity::Fatal,
                            _ => severities.get(k % 3).copied().unwrap_or(Severity::Info),
                        };
                        issue("a", severity, &["c"])
                    })
                    .collect();
                let mut bounded = Bounded::default();
                for (k, i) in all.iter().enumerate() {
                    if k % 2 == 0 {
                        bounded.push(i.clone());
                    } else {
                        bounded.push_with(i.severity, || i.clone());
                    }
                }
                assert!(bounded.list.len() <= MAX_ISSUES);
                let carriers = if n > MAX_ISSUES {
                    vec!["c".to_owned()]
                } else {
                    Vec::new()
                };
                assert_eq!(bounded.finish(carriers), cap_issues(all), "{n} {fatal_at:?}");
            }
        }
    }

    #[test]
    fn at_most_the_limit_is_unchanged() {
        let issues: Vec<Issue> = (0..MAX_ISSUES)
            .map(|_| issue("a", Severity::Error, &["c"]))
            .collect();
        assert_eq!(cap_issues(issues.clone()), issues);
    }

    #[test]
    fn over_the_limit_keeps_999_and_says_what_was_left_out() {
        let mut issues: Vec<Issue> = (0..999).map(|_| issue("kept", Severity::Info, &[])).collect();
        issues.push(issue("w", Severity::Warning, &[]));
        issues.push(issue("e", Severity::Error, &["c2", "c1"]));
        issues.push(issue("e", Severity::Error, &["c3", "c1"]));
        let capped = cap_issues(issues);
        assert_eq!(capped.len(), 1000);
        assert!(capped.iter().take(999).all(|i| i.path == "/kept"));
        let last = capped.last().cloned();
        let last = last.as_ref();
        assert_eq!(last.map(|i| i.code.as_str()), Some("too_many_issues"));
        assert_eq!(last.map(|i| i.path.as_str()), Some(""));
        assert_eq!(last.map(|i| i.severity), Some(Severity::Error));
        assert_eq!(
            last.map(|i| i.carrier_ids.clone()),
            Some(vec!["c1".to_owned(), "c2".to_owned(), "c3".to_owned()])
        );
        assert_eq!(
            last.map(|i| serde_json::Value::Object(i.params.clone())),
            Some(json!({"omitted": 3, "limit": 1000}))
        );
        assert_eq!(
            last.map(|i| i.message.as_str()),
            Some("3 more issues were found and left out: at most 1000 are returned per call.")
        );
    }
}
