//! `preview`: everything a portal shows before submitting — validation,
//! differences, transactions, the per-carrier fulfillment summary, the
//! snapshot status and the acknowledgement — from one call.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostic::catalogue as c;
use crate::diagnostic::{Issue, Severity};
use crate::diff::{self, Acknowledgement, DiffOptions, DiffResult, Difference, MemberTransaction};
use crate::fulfillment::{self, CarrierFulfillment, FulfillmentStatus, SnapshotStatus};
use crate::model::{Date, Snapshot, Timestamp};
use crate::premium::{premium_summary_with, total_with, PremiumSummary, Priced};
use crate::read::json::Json;
use crate::read::walk::Walk;
use crate::read::{Read, Source};
use crate::validate::scope::{self, Scope};
use crate::validate::{self, CarrierStatus, ValidateOptions, ValidationResult};

mod edit;
mod summary;
pub use edit::{CurrentDocument, EditError, MAX_EDIT_DEPTH};
pub use summary::{CarrierCounts, PremiumTotals, PreviewSummary};

/// Options of `preview`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewOptions {
    /// The moment of submission: schedules are computed after it, and its
    /// UTC date is `today` for validation and the diff.
    pub now: Timestamp,
}

/// What `preview` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Preview {
    /// No fatal or error issue anywhere.
    pub valid: bool,
    /// Validation issues of the current snapshot, then the diff's.
    pub issues: Vec<Issue>,
    /// Carriers of either snapshot, and whether an issue blocks them.
    pub carriers: Vec<CarrierStatus>,
    pub differences: Vec<Difference>,
    /// One per carrier with changes; an invalid carrier's is `blocked`.
    pub transactions: Vec<MemberTransaction>,
    pub fulfillment_summary: Vec<CarrierFulfillment>,
    pub status: SnapshotStatus,
    /// Reference numbers, each with its processing state.
    pub acknowledgement: Acknowledgement,
    /// The monthly premium of the current snapshot and its change versus the
    /// previous one, on `premium.on`: the latest effective date among the
    /// transactions not blocked (the month the changes take effect; a new
    /// end of coverage counts from the day after it), else `now`'s date.
    pub premium: Option<PremiumSummary>,
    /// The preview's `now`, the moment of submission: `foldStatus` refuses
    /// events dated before it (`before_preview`). `null` only in a preview
    /// stored before it was written.
    #[serde(default)]
    pub now: Option<Timestamp>,
}

/// Replaces the tokens a `Deferred` run left in a preview with the ids
/// they stand for (`ids`, by token number): every place a stable id is
/// written — differences and their people's references, transactions and
/// the differences they list, the acknowledgement's references.
pub fn resolve_ids(preview: &mut Preview, ids: &[String]) {
    let real = |s: &mut String| {
        if let Some(id) = crate::diff::ids::token_number(s).and_then(|k| ids.get(k)) {
            s.clone_from(id);
        }
    };
    for d in &mut preview.differences {
        real(&mut d.id);
        real(&mut d.individual.reference);
    }
    for t in &mut preview.transactions {
        real(&mut t.id);
        t.difference_ids.iter_mut().for_each(real);
    }
    for p in &mut preview.acknowledgement.individuals {
        real(&mut p.reference);
    }
    for c in &mut preview.acknowledgement.coverages {
        real(&mut c.reference);
        real(&mut c.individual_reference);
    }
}

/// A previous snapshot read once, for many previews or diffs against it
/// (each keystroke in a portal's form): its text is not parsed again.
/// Holds the snapshot, or the fatal issue that prevents comparing it.
#[derive(Debug)]
pub struct PreparedSnapshot {
    read: Result<Snapshot, Box<Issue>>,
    /// Its text's size, for the differences' budget (`limits::result_budget`).
    bytes: usize,
    /// Its premium total on the date last asked (every keystroke's preview
    /// prices the previous snapshot on the same date: a tenth of a
    /// keystroke, docs/performance.md). A cache only: not compared, cloned empty.
    premium: Mutex<Option<(Date, Priced)>>,
}

impl Clone for PreparedSnapshot {
    fn clone(&self) -> Self {
        PreparedSnapshot {
            read: self.read.clone(),
            bytes: self.bytes,
            premium: Mutex::new(None),
        }
    }
}

impl PartialEq for PreparedSnapshot {
    fn eq(&self, other: &Self) -> bool {
        self.read == other.read && self.bytes == other.bytes
    }
}

impl PreparedSnapshot {
    /// Reads a previous snapshot for comparison (structure only: it is
    /// compared, not judged).
    pub fn read<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> PreparedSnapshot {
        let text = text.into();
        PreparedSnapshot {
            read: read_for_diff(text, max_bytes),
            bytes: text_bytes(text),
            premium: Mutex::new(None),
        }
    }

    /// `read` of a document already parsed (the census entries split a
    /// record's tree: `api::record`), `bytes` the length of its text; over
    /// `max_bytes` it is answered as a text measured too large.
    pub(crate) fn read_tree(doc: &Json, bytes: usize, max_bytes: usize) -> PreparedSnapshot {
        if bytes > max_bytes {
            return PreparedSnapshot::read(Source::TooLarge, max_bytes);
        }
        PreparedSnapshot {
            read: fatal_or_snapshot(validate::read_structure_tree(doc)),
            bytes,
            premium: Mutex::new(None),
        }
    }

    /// Its premium total on `on`, priced once per date (`None` when it could
    /// not be read).
    fn premium_total(&self, config: &Config, on: Date) -> Option<Priced> {
        let snapshot = self.snapshot()?;
        // A poisoned lock (a panic elsewhere: none here aborts) prices afresh.
        let Ok(mut kept) = self.premium.lock() else {
            return Some(total_with(config, snapshot, on));
        };
        match *kept {
            Some((date, total)) if date == on => Some(total),
            _ => {
                let total = total_with(config, snapshot, on);
                *kept = Some((on, total));
                Some(total)
            }
        }
    }

    /// The snapshot, when it could be read.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.read.as_ref().ok()
    }
}

/// A document's size in bytes (0 when it was too large to be read: then
/// nothing is compared).
fn text_bytes(text: Source) -> usize {
    match text {
        Source::Text(t) => t.len(),
        Source::TooLarge => 0,
    }
}

/// The differences' budget for a current document and a prepared previous one.
fn budget(previous: Option<&PreparedSnapshot>, current: Source) -> usize {
    let prev = previous.map_or(0, |p| p.bytes);
    validate::limits::result_budget(prev.saturating_add(text_bytes(current)))
}

/// A snapshot read for comparison (structure only: it is compared, not
/// judged), or the fatal issue that prevents comparing it.
fn read_for_diff<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> Result<Snapshot, Box<Issue>> {
    fatal_or_snapshot(validate::read_structure(text, max_bytes))
}

/// The snapshot a structural read gave, or its first fatal issue. (Inlined
/// into `read_for_diff` as it was before `read_tree` shared it.)
#[inline(always)]
fn fatal_or_snapshot((snapshot, issues): (Option<Snapshot>, Vec<Issue>)) -> Result<Snapshot, Box<Issue>> {
    let fatal = issues.into_iter().find(|i| i.severity == Severity::Fatal);
    match (snapshot, fatal) {
        (Some(s), None) => Ok(s),
        (_, Some(cause)) => Err(Box::new(cause)),
        (None, None) => {
            let p = serde_json::json!({ "actual": "unknown" });
            Err(Box::new(validate::make_issue_at(c::NOT_AN_OBJECT, "", p)))
        }
    }
}

/// The fatal issue saying the acknowledgement would pass the result budget.
fn acknowledgement_too_large(weight: usize, limit: usize) -> Issue {
    let params = serde_json::json!({ "weight": weight, "limit": limit });
    validate::make_issue_at(c::ACKNOWLEDGEMENT_TOO_LARGE, "", params)
}

/// The fatal issue saying the previous snapshot cannot be compared.
pub(crate) fn previous_unreadable(cause: &Issue, carriers: &[String]) -> Issue {
    let params = serde_json::json!({ "reason": cause.message, "code": cause.code, "path": cause.path });
    let mut issue = validate::make_issue_at(c::PREVIOUS_SNAPSHOT_UNREADABLE, "", params);
    issue.carrier_ids = carriers.to_vec();
    issue
}

/// Compares a prepared previous snapshot with the current one's text. Fatal
/// problems in either are issues and nothing is compared; other validation
/// issues do not stop the diff.
pub(crate) fn diff_texts<'a>(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &DiffOptions,
) -> DiffResult {
    let current = current.into();
    let budget = budget(previous, current);
    let cur = read_for_diff(current, max_bytes);
    let prev = previous.map(|p| p.read.as_ref()).transpose();
    match (cur, prev) {
        (Ok(cur), Ok(prev)) => diff::diff_within(prev, &cur, opts, Some(config), budget),
        (cur, prev) => {
            let group = config.group.carrier_ids();
            let carriers = cur.as_ref().map(|c| diff::carriers_of(None, c)).unwrap_or(group);
            let mut issues: Vec<Issue> = Vec::new();
            if let Err(mut fatal) = cur {
                fatal.carrier_ids = carriers.clone();
                issues.push(*fatal);
            }
            if let Err(cause) = prev {
                issues.push(previous_unreadable(cause, &carriers));
            }
            DiffResult {
                issues,
                ..DiffResult::default()
            }
        }
    }
}

/// Validates, compares and summarizes (source D's `preview`).
pub(crate) fn preview_texts<'a>(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &PreviewOptions,
) -> Preview {
    preview_source(config, previous, current.into(), max_bytes, opts, Answer::Whole).0
}

/// `preview_texts` for one carrier's 834 (`Answer::Carrier`), with the
/// typed snapshot it read.
pub(crate) fn preview_for_carrier<'a>(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &PreviewOptions,
    carrier_id: &str,
) -> (Preview, Option<Snapshot>) {
    let (preview, snapshot, _) = preview_source(
        config,
        previous,
        current.into(),
        max_bytes,
        opts,
        Answer::Carrier(carrier_id),
    );
    (preview, snapshot)
}

/// `preview_texts` for a keystroke (`prepared.check`): the preview without
/// its acknowledgement (see `Answer::Keystroke`), and the typed snapshot it
/// read with whether that read found nothing (`CurrentDocument::keep`).
pub(crate) fn preview_checked<'a>(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &PreviewOptions,
) -> (Preview, Option<Snapshot>, bool) {
    preview_source(
        config,
        previous,
        current.into(),
        max_bytes,
        opts,
        Answer::Keystroke,
    )
}

/// Both of the above: reads the current text, then `preview_read`.
fn preview_source(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: Source,
    max_bytes: usize,
    opts: &PreviewOptions,
    answer: Answer,
) -> (Preview, Option<Snapshot>, bool) {
    let read = crate::read::document(current, max_bytes, Walk::bounded(), validate::structure::snapshot);
    let clean = is_clean(&read);
    let (preview, snapshot) = preview_read(config, previous, read, text_bytes(current), opts, answer, None);
    (preview, snapshot, clean)
}

/// Whether a read gave a snapshot and found nothing to say of it.
fn is_clean(read: &Read<Snapshot>) -> bool {
    read.value.is_some() && read.walk.issues.is_empty() && read.walk.overflow.count == 0
}

/// `preview_texts` of a document already parsed (`api::record`), `bytes`
/// the length of its text; over `max_bytes` it is answered as a text
/// measured too large.
pub(crate) fn preview_tree(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: &Json,
    bytes: usize,
    max_bytes: usize,
    opts: &PreviewOptions,
) -> Preview {
    if bytes > max_bytes {
        return preview_texts(config, previous, Source::TooLarge, max_bytes, opts);
    }
    let read = crate::read::object(current, Walk::bounded(), validate::structure::snapshot);
    preview_read(config, previous, read, bytes, opts, Answer::Whole, None).0
}

/// `preview_checked` of an edited document (`prepared.edit`), kept parsed: when the last
/// preview of it found no structural issue and the edits since changed one
/// unit, that unit alone is read again into the typed snapshot kept from
/// then (a walk of the whole tree was an eighth of a keystroke); anything
/// else reads the whole tree. Like `preview_checked`, without the
/// acknowledgement (`complete` adds it).
pub(crate) fn preview_edited(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: &mut CurrentDocument,
    opts: &PreviewOptions,
) -> Option<Preview> {
    current.tree()?;
    let (kept, clean) = (current.kept.take(), std::mem::take(&mut current.kept_clean));
    let touched = std::mem::take(&mut current.touched);
    let (tree, bytes) = current.tree()?;
    // What was edited (a person, a coverage), as the kept snapshot has it (`diff::memo`).
    let mut edited = None;
    // A unit read again on its own counts only its own list items against
    // the document's budget (`Walk::at_most`); under 200,000 bytes the
    // whole document cannot hold more than it (an item takes two bytes at
    // least), so reading the unit alone decides as the whole walk would.
    let small = bytes < 2 * validate::limits::MAX_ITEMS;
    let reread = match (kept.filter(|_| clean), touched, tree) {
        (Some(mut snapshot), edit::Touched::Unit(unit), Json::Object(root)) if small => {
            let mut walk = Walk::bounded();
            let former = validate::structure::reread(&mut walk, root, unit, &mut snapshot);
            let clean = former.is_some() && walk.issues.is_empty() && walk.overflow.count == 0;
            edited = former.and_then(|f| edited_of(unit, f));
            clean.then_some(Read {
                value: Some(snapshot),
                walk,
            })
        }
        (Some(snapshot), edit::Touched::Nothing, _) => Some(Read {
            value: Some(snapshot),
            walk: Walk::bounded(),
        }),
        _ => None,
    };
    let read = match reread {
        Some(read) => read,
        None => {
            edited = None;
            crate::read::object(tree, Walk::bounded(), validate::structure::snapshot)
        }
    };
    let clean = is_clean(&read);
    let kept = KeptDiff {
        memo: &mut current.diff,
        edited,
        premium: current.premium.take(),
        validation: &mut current.validation,
    };
    let (preview, snapshot) =
        preview_read(config, previous, read, bytes, opts, Answer::Keystroke, Some(kept));
    current.keep(snapshot, clean);
    Some(preview)
}

/// What the diff memo is told of an edit inside a unit, from the unit as
/// it was before (`reread` moved it out): a person's record, or a coverage.
fn edited_of(
    unit: validate::structure::Unit,
    former: validate::structure::Former,
) -> Option<diff::memo::Edited> {
    use crate::model::MemberRef;
    use diff::memo::{Edited, Former};
    use validate::structure::{Former as Was, Unit};
    let person = |who, former| {
        Some(Edited::Person {
            who,
            before: Box::new(former),
        })
    };
    match (unit, former) {
        (_, Was::Employee(Some(e))) => person(MemberRef::Employee, Former::Employee(e)),
        (_, Was::Dependent(k, d)) => person(MemberRef::Dependent(k), Former::Dependent(d)),
        (Unit::EmployeePerson, Was::Person(p)) => person(MemberRef::Employee, Former::Person(p)),
        (Unit::DependentPerson(k), Was::Person(p)) => person(MemberRef::Dependent(k), Former::Person(p)),
        (Unit::EmployeeText(_), Was::Text(field, was)) => {
            person(MemberRef::Employee, Former::Text(field, was))
        }
        (Unit::DependentText(k, _), Was::Text(field, was)) => {
            person(MemberRef::Dependent(k), Former::Text(field, was))
        }
        (_, Was::Coverage) => Some(Edited::Coverage),
        _ => None,
    }
}

/// A keystroke's diff memo, and what was edited since it was made
/// (`diff::memo`): `preview_read` compares that unit only when it can,
/// and leaves in the memo what its diff keeps (nothing when none ran).
/// With the last answer's premium, which stands when the edit changed
/// nothing pricing reads and the premium's date is the same, and its
/// validation, which stands when it changed nothing the rules read and
/// the day is the same (left here for the next edit).
struct KeptDiff<'m> {
    memo: &'m mut Option<diff::memo::DiffMemo>,
    edited: Option<diff::memo::Edited>,
    premium: Option<PremiumSummary>,
    validation: &'m mut Option<(Option<Date>, ValidationResult)>,
}

impl KeptDiff<'_> {
    /// The carriers of the last keystroke's diff, when the edit since was
    /// inside one person: carriers are read of the coverages alone.
    fn carriers(&self) -> Option<&[String]> {
        match (&self.edited, self.memo.as_ref()) {
            (Some(diff::memo::Edited::Person { .. }), Some(memo)) => Some(memo.carriers()),
            _ => None,
        }
    }
}

/// The carriers a preview blocks: those whose fulfillment is invalid.
fn blocked_carriers(summary: &[fulfillment::CarrierFulfillment]) -> BTreeSet<&str> {
    // Inserted, not collected: `collect` compiles a sort of its own (src/sort.rs).
    let mut blocked = BTreeSet::new();
    blocked.extend(
        summary
            .iter()
            .filter(|s| s.status == FulfillmentStatus::Invalid)
            .map(|s| s.carrier_id.as_str()),
    );
    blocked
}

/// Completes the preview of a keystroke (`preview_checked`, `preview_edited`,
/// run inside `Deferred::run`) into the whole preview `details` hands out:
/// the ids its tokens stand for (`ids`, from `Deferred::resolve`), and the
/// acknowledgement of `current`'s kept snapshot, which a keystroke leaves
/// for here — it is read only when the details are.
pub fn complete(
    preview: &mut Preview,
    ids: &[String],
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    current: &CurrentDocument,
) {
    resolve_ids(preview, ids);
    let prev = previous.and_then(PreparedSnapshot::snapshot);
    // Differences come only from a current snapshot read whole, which the
    // document keeps: without one there are none, nor transactions.
    if let Some(cur) = &current.kept {
        let carriers: Vec<String> = preview.carriers.iter().map(|c| c.carrier_id.clone()).collect();
        let mut transactions = diff::identify(prev, cur, &carriers, &mut preview.differences);
        let blocked = blocked_carriers(&preview.fulfillment_summary);
        for t in &mut transactions {
            t.blocked = blocked.contains(t.carrier_id.as_str());
        }
        preview.transactions = transactions;
    }
    let refused = preview
        .issues
        .first()
        .is_some_and(|i| i.code == c::ACKNOWLEDGEMENT_TOO_LARGE.code || i.code == c::TOO_MANY_ITEMS.code);
    let mut acknowledgement = match &current.kept {
        Some(cur) if !refused => diff::acknowledgement(prev, cur, Some(config)),
        _ => Acknowledgement::default(),
    };
    fulfillment::acknowledge::unrouted(&mut acknowledgement, &preview.issues);
    fulfillment::acknowledge::update(&mut acknowledgement, &preview.fulfillment_summary);
    preview.acknowledgement = acknowledgement;
}

/// How much of the preview `preview_read` builds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer<'c> {
    /// All of it.
    Whole,
    /// All of it for one carrier (an 834's): the summary and the fatal
    /// issues' carriers only that one, whatever the configuration lists — a
    /// census of `{}` families at 1,000 carriers built every carrier's
    /// summary for each family, 7 ms a family, to read one (review 27b #1).
    Carrier(&'c str),
    /// All but the acknowledgement (left empty): a keystroke's answer does
    /// not show it, and `complete` builds it when `details` asks (it was
    /// ~7 % of a keystroke, docs/performance.md).
    Keystroke,
}

/// The preview of what reading the current document gave, and the typed
/// snapshot it read.
fn preview_read(
    config: &Config,
    previous: Option<&PreparedSnapshot>,
    read: Read<Snapshot>,
    bytes: usize,
    opts: &PreviewOptions,
    answer: Answer,
    mut kept: Option<KeptDiff>,
) -> (Preview, Option<Snapshot>) {
    let today = opts.now.date();
    let vopts = ValidateOptions { today };
    let prev_bytes = previous.map_or(0, |p| p.bytes);
    let budget = validate::limits::result_budget(prev_bytes.saturating_add(bytes));
    // What this edit left alone (nothing, unless it stayed inside one
    // person and their part read clean): the last answer's validation and
    // premium may stand.
    let alike = match (kept.as_mut(), &read.value) {
        (Some(KeptDiff { edited: Some(e), .. }), Some(c)) if read.walk.issues.is_empty() => e.alike(c),
        _ => diff::memo::Alike::default(),
    };
    let kept_validation = kept
        .as_mut()
        .and_then(|k| k.validation.take())
        .filter(|(day, _)| alike.judged && *day == today)
        .map(|(_, v)| v);
    let prev_snapshot = previous.and_then(PreparedSnapshot::snapshot);
    let (cur, validation) = match kept_validation {
        Some(v) => (read.value, v),
        None => {
            let only = match answer {
                Answer::Carrier(only) => Some(only),
                _ => None,
            };
            let routes = |cur: &Snapshot| person_routes(prev_snapshot, cur);
            validate::judge_for(&config.group, &config.index, read, &vopts, only, Some(&routes))
        }
    };
    if let Some(k) = kept.as_mut() {
        *k.validation = Some((today, validation.clone()));
    }
    let kept_premium = kept
        .as_mut()
        .and_then(|k| k.premium.take())
        .filter(|_| alike.priced);
    let prev = previous.map(|p| &p.read);
    let mut carriers: Vec<String> = match (&cur, kept.as_ref().and_then(KeptDiff::carriers)) {
        (Some(_), Some(kept)) => kept.to_vec(),
        (Some(cur), None) => diff::carriers_of(prev_snapshot, cur),
        (None, _) => Vec::new(),
    };
    let mut issues = validation.issues;
    // Weighed before anything is built: 4 MiB of `{}` dependents had made
    // 220 MB of acknowledgement (docs/api.md, Limits).
    // A document read only in part (`too_many_items`, first in its issues)
    // is acknowledged no more than it is compared.
    let partial = issues.first().is_some_and(|i| i.code == c::TOO_MANY_ITEMS.code);
    let weight = cur
        .as_ref()
        .map_or(0, |c| diff::acknowledgement_weight(prev_snapshot, c));
    if weight > budget && !partial {
        issues.insert(0, acknowledgement_too_large(weight, budget));
    }
    let acknowledge = weight <= budget && !partial;
    let cur_fatal = issues.iter().any(|i| i.severity == Severity::Fatal);
    if carriers.is_empty() && cur_fatal {
        carriers = validation.carriers.iter().map(|c| c.carrier_id.clone()).collect();
    }
    if let Answer::Carrier(only) = answer {
        carriers.retain(|c| c == only);
    }
    if let Some(Err(cause)) = prev {
        issues.push(previous_unreadable(cause, &carriers));
    }
    // The acknowledgement comes with the diff (sharing its pairing and
    // references) when the diff runs, else on its own below.
    let (diff, acknowledgement) = match (&cur, issues.iter().any(|i| i.severity == Severity::Fatal)) {
        (Some(cur), false) if answer == Answer::Keystroke => {
            let opts = DiffOptions { today };
            let diff = match kept.take() {
                Some(k) => diff::memo::diff_keystroke(
                    prev_snapshot,
                    cur,
                    &opts,
                    Some(config),
                    budget,
                    k.memo,
                    k.edited,
                ),
                None => diff::diff_unidentified(prev_snapshot, cur, &opts, Some(config), budget),
            };
            (diff, None)
        }
        (Some(cur), false) => {
            let opts = DiffOptions { today };
            let (d, a) = diff::diff_with_acknowledgement(prev_snapshot, cur, &opts, Some(config), budget);
            (d, Some(a))
        }
        _ => (DiffResult::default(), None),
    };
    // No keystroke diff ran: nothing is kept for the next one.
    if let Some(k) = kept {
        *k.memo = None;
    }
    // Validation's issues, scoped to where the diff routes each person's
    // changes; the diff's and the feeds' are scoped already.
    let judged = issues.len();
    issues.extend(diff.issues.iter().cloned());
    let routes = fulfillment::Routes::of(config, &carriers, &diff, opts.now);
    issues.extend(fulfillment::feed_issues(&routes, &carriers));
    // Only the issues are scoped: without one, the family is not indexed
    // for it (~2 % of a keystroke).
    let scope = match &cur {
        Some(c) if !issues.is_empty() => Scope::of(c),
        _ => Scope::default(),
    };
    // A carrier only the routes add is blocked when the diff sends it what
    // the issue's data could have produced (docs/api.md, Scoping). Without
    // a previous snapshot the routes add none; without a diff (a fatal
    // issue) every carrier is blocked anyway.
    if let (Some(_), Some(_), false) = (&cur, prev_snapshot, cur_fatal) {
        let judged = issues.get_mut(..judged).unwrap_or_default();
        // Each dependent's reference, and the id it stands for when it is
        // a token: a keystroke's kept differences may carry either. The
        // same of the removed dependents, for one that could not be paired.
        let unpaired = &diff.unpaired.0;
        let references = || {
            let ids = diff::ids::resolve_now();
            let id_of = |r: &String| {
                let k = diff::ids::token_number(r)?;
                ids.as_ref()?.get(k).cloned()
            };
            let forms = |r: &String| std::iter::once(r.clone()).chain(id_of(r));
            let of = diff.dependent_references.0.iter();
            scope::Named {
                dependents: of.map(|r| forms(r).collect()).collect(),
                removed: unpaired.previous.iter().flat_map(forms).collect(),
            }
        };
        let sent = diff.differences.iter().map(|d| {
            let who = &d.individual;
            (d.carrier_id.as_str(), who.individual_type, who.reference.as_str())
        });
        scope::narrow_routed(&scope, judged, sent, &unpaired.current, references);
        // A value only an 834 requires, left naming no carrier, is no issue.
        issues.retain(|i| !Scope::blocks_no_file(i));
    }
    // At most 1000 (docs/api.md, Limits); the last one stands for the rest
    // with their highest severity and carriers, so what follows agrees.
    // A warning is copied into the summary of every carrier it reaches, so
    // it weighs those carriers against the 20,000 carrier ids as a blocking
    // issue weighs its own: 1000 family warnings at 5,000 carriers were 5
    // million copies (review 25b).
    let copies = |i: &Issue| match i.severity {
        s if s.blocks() => i.carrier_ids.len(),
        _ => scope.count(scope.locate(i).0, &carriers),
    };
    let mut issues = validate::limits::cap_issues_by(issues, copies);
    // Fatal issues block every carrier of either snapshot, not only the current one's.
    for issue in issues.iter_mut().filter(|i| i.severity == Severity::Fatal) {
        issue.carrier_ids = carriers.clone();
    }
    let summary = fulfillment::summarize(&routes, &carriers, &issues, |i| scope.reach(i, &carriers).0);
    let blocked = blocked_carriers(&summary);
    let invalid = |carrier: &String| blocked.contains(carrier.as_str());
    // An invalid carrier's transaction is kept, marked blocked (issue 14: it
    // exists, typed, with its differences, and is reported, not dropped).
    let mut transactions: Vec<MemberTransaction> = diff.transactions;
    for t in &mut transactions {
        t.blocked = invalid(&t.carrier_id);
    }
    // A keystroke's is left to `complete`.
    let acknowledgement = match (answer, acknowledgement, &cur) {
        (Answer::Keystroke, ..) | (_, None, None) => None,
        (Answer::Whole | Answer::Carrier(_), Some(a), _) => Some(a),
        (Answer::Whole | Answer::Carrier(_), None, Some(c)) if acknowledge => {
            Some(diff::acknowledgement(prev_snapshot, c, Some(config)))
        }
        (Answer::Whole | Answer::Carrier(_), None, Some(_)) => None,
    };
    let acknowledgement = acknowledgement.map_or_else(Acknowledgement::default, |mut a| {
        fulfillment::acknowledge::unrouted(&mut a, &issues);
        fulfillment::acknowledge::update(&mut a, &summary);
        a
    });
    // The latest effective date of the transactions not blocked: each is
    // its carrier's differences' latest, and every difference has its
    // carrier's transaction (a keystroke's are built at `complete`) — a
    // coverage's end counted from the day after it.
    let on = diff
        .differences
        .iter()
        .filter(|d| !blocked.contains(d.carrier_id.as_str()))
        .filter_map(premium_date)
        .max()
        .or(today);
    let premium = match (&cur, on, cur_fatal) {
        (_, Some(on), false) if kept_premium.as_ref().is_some_and(|p| p.on == on) => kept_premium,
        (Some(c), Some(on), false) => {
            let previous_total = |on| previous.and_then(|p| p.premium_total(config, on));
            Some(premium_summary_with(config, c, previous_total, on))
        }
        _ => None,
    };
    let preview = Preview {
        valid: !issues.iter().any(|i| i.severity.blocks()),
        carriers: carriers
            .iter()
            .map(|id| CarrierStatus {
                carrier_id: id.clone(),
                blocked: invalid(id),
            })
            .collect(),
        status: fulfillment::initial_status(!diff.differences.is_empty(), &summary),
        issues,
        differences: diff.differences,
        transactions,
        fulfillment_summary: summary,
        acknowledgement,
        premium,
        now: Some(opts.now),
    };
    (preview, cur)
}

/// Where the diff routes each person's changes, for validation's scoping: an
/// error in a person's data may block every carrier that receives their
/// changes; `scope::narrow_routed` keeps those the diff sends a difference
/// of theirs (docs/api.md, Scoping).
fn person_routes(prev: Option<&Snapshot>, cur: &Snapshot) -> scope::Routes {
    let routes = diff::person_routes(prev, cur);
    scope::Routes {
        family: routes.employee,
        routes: routes.routes,
        dependents: routes.dependents,
        removed: routes.removed,
        unpaired: routes.unpaired,
    }
}

/// The first day a difference shows in a month's premium: where it moves a
/// coverage's end, the day after the earlier of the two ends — the first
/// day covered in one snapshot and not the other (a termination's or a
/// waive's new end, an extension's or a reinstatement's old end: priced on
/// its last day, the coverage is in force in both, and nothing would
/// change: reviews 24c #2, 24e #3); else its effective date.
fn premium_date(d: &Difference) -> Option<Date> {
    // No end is open-ended; an added enrollment starts on its effective date.
    let date = |v: &serde_json::Value| match v {
        serde_json::Value::Null => Some(Date::OPEN_END),
        v => v.as_str().and_then(|t| Date::parse(t).ok()),
    };
    let moved_end = d
        .fields
        .iter()
        .find(|f| f.key == "effective_end_date")
        .filter(|_| d.change != diff::Change::Added)
        .and_then(|f| Some(date(&f.before)?.min(date(&f.after)?)))
        .filter(|end| !end.is_open_end());
    match moved_end {
        Some(end) => end.plus_days(1),
        None => d.effective_date,
    }
}
