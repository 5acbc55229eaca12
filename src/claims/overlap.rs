//! Which of an entity's considered lines a response product's dates
//! overlap (inclusive; a product without end date is open-ended), without
//! comparing the product with every line: comparing each product with each
//! line was products × lines, refused or not (review 26c #4).
//!
//! The lines are sorted once by first service date, with the latest last
//! service date over each range of them (a segment tree), and once by last
//! service date. A product's lines are then counted and weighed by two
//! binary searches and listed in time proportional to them.

use super::model::{Claim, ResponseProduct};
use crate::model::Date;
use crate::sort::sort;

/// A considered line: its service dates, index in `claim.lines` and what
/// its id weighs in the attachments (`receive::attachments_weight`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Dated {
    start: Date,
    end: Date,
    line: usize,
    id_weight: usize,
}

/// An entity's considered lines indexed by their service dates.
pub(crate) struct LinesByDate {
    /// By first service date.
    by_start: Vec<Dated>,
    /// A leaf per line of `by_start` (from `leaves` on) and a node per
    /// pair of ranges above: the latest last service date under each.
    latest: Vec<Option<Date>>,
    leaves: usize,
    /// The last service dates, sorted.
    ends: Vec<Date>,
    /// The id weights summed over the first k lines of `by_start`, and of
    /// the lines in `ends` order.
    ids_by_start: Vec<usize>,
    ids_by_end: Vec<usize>,
}

/// The running sums of `weights`, starting at 0.
fn running_sums(weights: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut sums = vec![0];
    let mut total = 0usize;
    for w in weights {
        total = total.saturating_add(w);
        sums.push(total);
    }
    sums
}

impl LinesByDate {
    /// `lines` (indexes in `claim.lines`), each weighing twice its id.
    pub fn of(claim: &Claim, lines: &[usize]) -> Self {
        let mut by_start: Vec<Dated> = lines
            .iter()
            .filter_map(|&i| {
                claim.lines.get(i).map(|l| Dated {
                    start: l.start_date,
                    end: l.end_date,
                    line: i,
                    id_weight: l.id.len().saturating_mul(2),
                })
            })
            .collect();
        sort(&mut by_start);
        let leaves = by_start.len().next_power_of_two();
        let mut latest = vec![None; 2 * leaves];
        for (slot, d) in latest.iter_mut().skip(leaves).zip(&by_start) {
            *slot = Some(d.end);
        }
        for node in (1..leaves).rev() {
            let children = latest
                .get(2 * node)
                .copied()
                .max(latest.get(2 * node + 1).copied());
            if let (Some(slot), Some(max)) = (latest.get_mut(node), children) {
                *slot = max;
            }
        }
        let mut by_end: Vec<(Date, usize)> = by_start.iter().map(|d| (d.end, d.id_weight)).collect();
        sort(&mut by_end);
        LinesByDate {
            ids_by_start: running_sums(by_start.iter().map(|d| d.id_weight)),
            ids_by_end: running_sums(by_end.iter().map(|&(_, w)| w)),
            ends: by_end.into_iter().map(|(end, _)| end).collect(),
            by_start,
            latest,
            leaves,
        }
    }

    /// How many lines start on or before the product's end, and how many
    /// end before its start.
    fn bounds(&self, product: &ResponseProduct) -> (usize, usize) {
        let to = product.end_date.unwrap_or(Date::OPEN_END);
        let started = self.by_start.partition_point(|d| d.start <= to);
        let ended = self.ends.partition_point(|&end| end < product.start_date);
        (started, ended)
    }

    /// How many lines the product overlaps and what their ids weigh. The
    /// lines ending before it are among those starting before its end,
    /// since neither a line nor a product ends before it starts
    /// (`end_before_start` refuses the inputs first).
    pub fn weigh(&self, product: &ResponseProduct) -> (usize, usize) {
        let (started, ended) = self.bounds(product);
        let ids = |sums: &[usize], k: usize| sums.get(k).copied().unwrap_or(0);
        (
            started.saturating_sub(ended),
            ids(&self.ids_by_start, started).saturating_sub(ids(&self.ids_by_end, ended)),
        )
    }

    /// The lines the product overlaps, in `claim.lines` order.
    pub fn lines(&self, product: &ResponseProduct) -> Vec<usize> {
        let (started, _) = self.bounds(product);
        let mut out = Vec::new();
        self.collect(1, 0..self.leaves, started, product.start_date, &mut out);
        sort(&mut out);
        out
    }

    /// Adds the lines under `node` (its leaves `range`) among the first
    /// `started` that end on or after `from`; skips a node whose latest
    /// end is earlier, or whose lines all start after the product ends.
    fn collect(
        &self,
        node: usize,
        range: std::ops::Range<usize>,
        started: usize,
        from: Date,
        out: &mut Vec<usize>,
    ) {
        #[cfg(test)]
        tests::COMPARED.with(|n| n.set(n.get() + 1));
        let latest = self.latest.get(node).copied().flatten();
        if range.start >= started || latest.is_none_or(|end| end < from) {
            return;
        }
        if range.len() == 1 {
            out.extend(self.by_start.get(range.start).map(|d| d.line));
            return;
        }
        let mid = range.start + range.len() / 2;
        self.collect(2 * node, range.start..mid, started, from, out);
        self.collect(2 * node + 1, mid..range.end, started, from, out);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
pub(crate) mod tests {
    use std::cell::Cell;

    use serde_json::json;

    use super::*;

    thread_local! {
        /// How many ranges of lines were compared with a product's dates.
        pub(crate) static COMPARED: Cell<usize> = const { Cell::new(0) };
    }

    /// The definition: inclusive on both ends, no end date open.
    fn overlaps(start: Date, end: Date, product: &ResponseProduct) -> bool {
        product.start_date <= end && product.end_date.is_none_or(|to| start <= to)
    }

    /// A day of 2026 (`day` from 1 to 31 in March).
    fn march(day: u64) -> String {
        format!("2026-03-{:02}", day % 31 + 1)
    }

    /// Lines and products of pseudo-random dates in March 2026 (some open,
    /// some equal, some a day long): each product's lines, weight and
    /// order are those comparing it with every line gives.
    #[test]
    fn a_products_lines_are_those_its_dates_overlap_in_line_order() {
        let mut seed = 7_u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        for n in [0, 1, 2, 3, 5, 8, 13, 100] {
            let lines: Vec<serde_json::Value> = (0..n)
                .map(|i| {
                    let (a, b) = (next() % 31, next() % 31);
                    json!({"id": "L".repeat(i % 4 + 1), "serviced_entity": {"type": "person", "code": "P"},
                        "start_date": march(a.min(b)), "end_date": march(a.max(b))})
                })
                .collect();
            let claim: Claim =
                serde_json::from_value(json!({"id": "C", "messages": [], "bills": [], "lines": lines}))
                    .unwrap();
            // Every other line considered, in claim order.
            let considered: Vec<usize> = (0..n).filter(|i| i % 2 == 0 || n < 4).collect();
            let index = LinesByDate::of(&claim, &considered);
            for _ in 0..50 {
                let (a, b) = (next() % 31, next() % 31);
                let end = if next() % 4 == 0 {
                    json!(null)
                } else {
                    json!(march(a.max(b)))
                };
                let product: ResponseProduct = serde_json::from_value(
                    json!({"code": "D", "start_date": march(a.min(b)), "end_date": end}),
                )
                .unwrap();
                let expected: Vec<usize> = considered
                    .iter()
                    .copied()
                    .filter(|&i| overlaps(claim.lines[i].start_date, claim.lines[i].end_date, &product))
                    .collect();
                let ids: usize = expected.iter().map(|&i| 2 * claim.lines[i].id.len()).sum();
                assert_eq!(index.lines(&product), expected, "{product:?}");
                assert_eq!(index.weigh(&product), (expected.len(), ids), "{product:?}");
            }
        }
    }
}
