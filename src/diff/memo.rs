//! A keystroke's diff, kept unit by unit for the next keystroke: an edit
//! inside one person or coverage compares that unit again and keeps the
//! rest (issue 16, "the engine redoes only that person's or coverage's …
//! differences").
//!
//! A diff is its units' differences in output order — the employee, each
//! current dependent, the dependents removed, the enrollments — then sorted
//! by carrier. Each unit reads itself and a context all share: who pairs
//! with whom, the carriers, where each person is enrolled, the reference
//! numbers, the events, today. `prepared.edit` inside one person re-reads
//! that unit only (`preview::preview_edited`): the rest of the document is
//! as it was, so the context is too, as long as nothing the context reads of
//! that person changed — its ids (enrolled members name people by them), and
//! its name and birth date where they pair it. Then only that person's
//! differences are built again; the others are the last keystroke's, with
//! the person's name written anew where an enrollment difference shows it.
//! A name or an address line typed (`model::TextField`) compares its group
//! alone (the name, the address): the person's other field groups are kept
//! too (`Builder::text_edit`).
//! An edit inside one coverage builds the enrollments' differences again
//! and keeps the people's, when the carriers and where each person is
//! enrolled (all the people's units read of the coverages) come out as
//! they were. Anything else compares everything. tests/edit.rs holds every
//! answer equal to a whole preview of the same text.

use super::ids::{self, Deferred};
use super::*;
use crate::privacy::MaskedAlike;

/// What a keystroke's diff keeps for the next one (see the module's comment).
pub(crate) struct DiffMemo {
    today: Option<Date>,
    pairing: Pairing,
    carriers: Vec<String>,
    enrolled_at: BTreeMap<String, BTreeSet<usize>>,
    references: References,
    /// The tokens the references are (`ids::Deferred`): the next keystroke
    /// continues them, so the kept differences' references mean the same.
    tokens: Deferred,
    /// Each unit's share of the differences, in output order (see `Builder::run`).
    units: Vec<Block>,
    /// Where the diff's sort took each difference from (`Builder::order`).
    order: Vec<usize>,
    /// The differences of the preview this memo was made with, handed back
    /// before the next keystroke (`give_back`): the units' differences are
    /// moved out of them instead of being kept as a copy (copying the kept
    /// units into each answer, and dropping the last answer's, were ~15 % of
    /// a keystroke; docs/performance.md).
    returned: Option<Vec<Difference>>,
    /// Whom each difference of the last unit (the enrollments) names.
    enrollment_people: Vec<Option<MemberRef>>,
    /// The comparison's issues (omitted enrollments).
    issues: Vec<Issue>,
    /// The event ids that linked nothing (`EventDates::alike`): an
    /// `event_id` typed anywhere can change them, and every unit's dates.
    event_ids_alike: MaskedAlike,
}

impl std::fmt::Debug for DiffMemo {
    // Counts only: the differences and keys hold what people typed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiffMemo")
            .field("units", &self.units.len())
            .finish_non_exhaustive()
    }
}

/// How many differences one unit has, and what they spent of the budget.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Block {
    len: usize,
    count: usize,
    bytes: usize,
}

/// What the rest of a diff reads of one person: borrowed from the current
/// snapshot, or from the person's record as it was before the edit (moved
/// out by the re-read, `validate::structure::reread`: nothing is cloned).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PersonFacts<'a> {
    id: Option<&'a String>,
    custom_id: Option<&'a String>,
    // The person's names and birth date: the pairing keys by them
    // (`people::name_dob`), their differences show the names.
    first_name: Option<&'a String>,
    last_name: Option<&'a String>,
    date_of_birth: Option<Date>,
    /// A dependent's relationship (pricing reads it).
    relationship: Option<Relationship>,
    /// The rest of what the rules read of the person (`Edited::alike`).
    judged: Judged<'a>,
}

/// What the rules (`validate::rules`) read of a person beyond the facts
/// above. `Judged::of` takes every field of a person apart: each is here
/// or named unread there, so a field added to `Person` must be placed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Judged<'a> {
    /// Whether there is a person at all.
    person: bool,
    ssn: Option<&'a String>,
    details: Option<&'a Value>,
    extra: Option<&'a Extra>,
    event_id: Option<&'a String>,
    group_individual_id: Option<&'a String>,
    classifications: Option<&'a Value>,
    employment: Option<&'a Employment>,
}

impl<'a> Judged<'a> {
    fn of(
        person: Option<&'a Person>,
        event_id: &'a Option<String>,
        group_individual_id: &'a Option<String>,
        employee: Option<&'a Employee>,
    ) -> Judged<'a> {
        let (ssn, details, extra) = match person {
            // No rule reads a middle or maiden name, a suffix, sex, marital
            // status, contact details or an address (the names and birth
            // date are `PersonFacts`' own); a rule that comes to read one
            // must move it here.
            Some(Person {
                first_name: _,
                middle_name: _,
                last_name: _,
                maiden_name: _,
                suffix: _,
                date_of_birth: _,
                sex: _,
                ssn,
                marital_status: _,
                home_address: _,
                mailing_address: _,
                contact: _,
                details,
                extra,
            }) => (ssn.as_ref(), details.as_ref(), Some(extra)),
            None => (None, None, None),
        };
        Judged {
            person: person.is_some(),
            ssn,
            details,
            extra,
            event_id: event_id.as_ref(),
            group_individual_id: group_individual_id.as_ref(),
            classifications: employee.and_then(|e| e.classifications.as_ref()),
            employment: employee.and_then(|e| e.employment.as_ref()),
        }
    }
}

/// A person's record as it was before an edit inside it.
#[derive(Debug)]
pub(crate) enum Former {
    Employee(Employee),
    Dependent(Dependent),
    /// Only their `person` was read again (`validate::structure::Unit`):
    /// it as it was; the rest of the record is the current snapshot's.
    Person(Option<Person>),
    /// Only one of their texts was (a name, an address line): it as it was.
    Text(TextField, Option<String>),
}

impl<'a> PersonFacts<'a> {
    /// The facts of the person `who` of `s`, if there is one.
    pub(crate) fn of(s: &'a Snapshot, who: MemberRef) -> Option<PersonFacts<'a>> {
        Some(match who {
            MemberRef::Employee => {
                let e = s.employee.as_ref()?;
                PersonFacts::of_employee(e, e.person.as_ref())
            }
            MemberRef::Dependent(k) => {
                let d = s.dependents.get(k)?;
                PersonFacts::of_dependent(d, d.person.as_ref())
            }
        })
    }

    /// The facts of `who` as they were: their record before the edit, or
    /// the person before it in `cur`'s record.
    fn of_former(former: &'a Former, who: MemberRef, cur: &'a Snapshot) -> Option<PersonFacts<'a>> {
        Some(match (former, who) {
            (Former::Employee(e), _) => PersonFacts::of_employee(e, e.person.as_ref()),
            (Former::Dependent(d), _) => PersonFacts::of_dependent(d, d.person.as_ref()),
            (Former::Person(p), MemberRef::Employee) => {
                PersonFacts::of_employee(cur.employee.as_ref()?, p.as_ref())
            }
            (Former::Person(p), MemberRef::Dependent(k)) => {
                PersonFacts::of_dependent(cur.dependents.get(k)?, p.as_ref())
            }
            // The rest of the person is as it is now.
            (Former::Text(field, was), _) => {
                let mut facts = PersonFacts::of(cur, who)?;
                match field {
                    TextField::First => facts.first_name = was.as_ref(),
                    TextField::Last => facts.last_name = was.as_ref(),
                    TextField::Middle | TextField::Maiden | TextField::Suffix | TextField::Address(..) => {}
                }
                facts
            }
        })
    }

    /// An employee's facts, with `person` for theirs.
    fn of_employee(e: &'a Employee, person: Option<&'a Person>) -> PersonFacts<'a> {
        PersonFacts {
            id: e.id.as_ref(),
            custom_id: e.custom_individual_id.as_ref(),
            first_name: person.and_then(|p| p.first_name.as_ref()),
            last_name: person.and_then(|p| p.last_name.as_ref()),
            date_of_birth: person.and_then(|p| p.date_of_birth),
            relationship: None,
            judged: Judged::of(person, &e.event_id, &e.group_individual_id, Some(e)),
        }
    }

    /// A dependent's facts, with `person` for theirs.
    fn of_dependent(d: &'a Dependent, person: Option<&'a Person>) -> PersonFacts<'a> {
        PersonFacts {
            id: d.id.as_ref(),
            custom_id: d.custom_individual_id.as_ref(),
            first_name: person.and_then(|p| p.first_name.as_ref()),
            last_name: person.and_then(|p| p.last_name.as_ref()),
            date_of_birth: person.and_then(|p| p.date_of_birth),
            relationship: d.relationship,
            judged: Judged::of(person, &d.event_id, &d.group_individual_id, None),
        }
    }

    fn first_name(&self) -> Option<&'a String> {
        self.first_name
    }

    fn last_name(&self) -> Option<&'a String> {
        self.last_name
    }

    fn date_of_birth(&self) -> Option<Date> {
        self.date_of_birth
    }

    /// Whether the name their differences show is the same: it is made of
    /// the first and last name only (`Snapshot::display_name`).
    fn same_shown_name(&self, other: &PersonFacts) -> bool {
        self.first_name() == other.first_name() && self.last_name() == other.last_name()
    }

    /// Whether pricing reads the same of both: who enrolled members name
    /// (the ids), and the names, birth date and relationship it shows and
    /// prices by (`premium::price_snapshot` reads nothing else of a person).
    fn priced_alike(&self, other: &PersonFacts) -> bool {
        self.id == other.id
            && self.custom_id == other.custom_id
            && self.same_shown_name(other)
            && self.date_of_birth() == other.date_of_birth()
            && self.relationship == other.relationship
    }

    /// Whether the pairing keys both by the same name and birth date.
    fn same_name_key(&self, other: &PersonFacts) -> bool {
        let same_parts = self.same_shown_name(other) && self.date_of_birth() == other.date_of_birth();
        same_parts || self.name_key() == other.name_key()
    }

    /// `people::name_dob` of the person these facts are of.
    fn name_key(&self) -> Option<String> {
        let person = Person {
            first_name: self.first_name().cloned(),
            last_name: self.last_name().cloned(),
            date_of_birth: self.date_of_birth(),
            ..Person::default()
        };
        people::name_dob(Some(&person))
    }
}

/// What was edited since the last keystroke: one person (with their record
/// as it was before the edit), or one coverage.
pub(crate) enum Edited {
    Person { who: MemberRef, before: Box<Former> },
    Coverage,
}

impl Edited {
    /// What the edit left as it was in `cur` (the snapshot after it): then
    /// the last answer's premium (on the same date) and validation (on the
    /// same day) stand (`preview::preview_read`).
    pub(crate) fn alike(&self, cur: &Snapshot) -> Alike {
        let Edited::Person { who, before } = self else {
            return Alike::default();
        };
        let Some(after) = PersonFacts::of(cur, *who) else {
            return Alike::default();
        };
        let Some(before) = PersonFacts::of_former(before, *who, cur) else {
            return Alike::default();
        };
        let priced = before.priced_alike(&after);
        Alike {
            priced,
            judged: priced && before.judged == after.judged,
        }
    }
}

/// What an edit left alone (`Edited::alike`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Alike {
    /// Everything pricing reads.
    pub priced: bool,
    /// Everything the rules read (which includes what pricing reads).
    pub judged: bool,
}

/// `diff_unidentified` of a keystroke: with the last keystroke's `memo` and
/// what was edited since (a person, a coverage), only that unit is compared
/// again when nothing else can have changed; `memo` is then what this diff
/// keeps.
pub(crate) fn diff_keystroke(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    opts: &DiffOptions,
    plans: Option<&Config>,
    budget: usize,
    memo: &mut Option<DiffMemo>,
    edited: Option<Edited>,
) -> DiffResult {
    if let (Some(earlier), Some(edited)) = (memo.take(), edited) {
        if let Some((result, next)) = earlier.again(prev, cur, opts, plans, budget, &edited) {
            *memo = Some(next);
            return result;
        }
    }
    let mut b = Builder::new(prev, cur, plans, budget, Ids::Later);
    b.run(opts.today);
    let diffs = std::mem::take(&mut b.diffs);
    let units = (!b.budget.exceeded()).then(|| blocks(&b.marks));
    let result = b.finish(diffs);
    *memo = match (units, ids::tokens()) {
        (Some(units), Some(tokens)) => {
            let people = std::mem::take(&mut b.enrollment_people);
            Some(DiffMemo::of(
                b,
                opts.today,
                tokens,
                units,
                people,
                result.issues.clone(),
            ))
        }
        _ => None,
    };
    result
}

/// Each unit's share, from where `run` marked their ends.
fn blocks(marks: &[Mark]) -> Vec<Block> {
    let mut start = Mark {
        diffs: 0,
        count: 0,
        bytes: 0,
    };
    let mut out = Vec::with_capacity(marks.len());
    for &end in marks {
        out.push(Block {
            len: end.diffs.saturating_sub(start.diffs),
            count: end.count.saturating_sub(start.count),
            bytes: end.bytes.saturating_sub(start.bytes),
        });
        start = end;
    }
    out
}

impl DiffMemo {
    /// What a builder's run keeps: its context, with the units it built.
    fn of(
        b: Builder,
        today: Option<Date>,
        tokens: Deferred,
        units: Vec<Block>,
        enrollment_people: Vec<Option<MemberRef>>,
        issues: Vec<Issue>,
    ) -> DiffMemo {
        DiffMemo {
            today,
            pairing: b.pairing,
            carriers: b.carriers,
            enrolled_at: b.enrolled_at,
            references: b.references,
            tokens,
            units,
            order: b.order,
            returned: None,
            enrollment_people,
            issues,
            event_ids_alike: b.events.alike,
        }
    }

    /// The carriers of the diff this memo was made with (`carriers_of`).
    pub(crate) fn carriers(&self) -> &[String] {
        &self.carriers
    }

    /// Hands back the differences of the preview this memo was made with
    /// (`CurrentDocument::give_back`), for the next keystroke to keep.
    pub(crate) fn give_back(&mut self, differences: Vec<Difference>) {
        self.returned = Some(differences);
    }

    /// The differences handed back, in the order they were built (undoing
    /// the diff's sort); `None` when none were, or not as many as were made.
    fn unsorted(&mut self) -> Option<Vec<Difference>> {
        let sorted = self.returned.take()?;
        if sorted.len() != self.order.len() {
            return None;
        }
        let mut built: Vec<Option<Difference>> = Vec::new();
        built.resize_with(sorted.len(), || None);
        for (d, &from) in sorted.into_iter().zip(&self.order) {
            *built.get_mut(from)? = Some(d);
        }
        built.into_iter().collect()
    }

    /// The diff of `cur`, which differs from the snapshot this memo was made
    /// of in what `edited` says only, and what to keep of it; `None` when
    /// the whole comparison must run (the memo is then spent).
    fn again<'a>(
        mut self,
        prev: Option<&'a Snapshot>,
        cur: &'a Snapshot,
        opts: &DiffOptions,
        plans: Option<&'a Config>,
        budget: usize,
        edited: &Edited,
    ) -> Option<(DiffResult, DiffMemo)> {
        let units = cur.dependents.len().checked_add(3)?;
        if self.today != opts.today || self.units.len() != units {
            return None;
        }
        // Units kept were dated with the ids that linked then.
        let events = EventDates::of(prev, cur);
        if events.alike != self.event_ids_alike {
            return None;
        }
        let mut diffs = self.unsorted()?;
        // Which unit is compared again, and the items when they are read again.
        let (at, items_again) = match edited {
            Edited::Person { who, before } => {
                let after = PersonFacts::of(cur, *who)?;
                let before = PersonFacts::of_former(before, *who, cur)?;
                let same_ids = before.id == after.id && before.custom_id == after.custom_id;
                let same_pairs = !self.pairs_by_name(prev, *who, &after) || before.same_name_key(&after);
                let at = match who {
                    MemberRef::Employee => 0,
                    MemberRef::Dependent(k) => k.checked_add(1)?,
                };
                if !same_ids || !same_pairs || at >= units {
                    return None;
                }
                (at, None)
            }
            Edited::Coverage => {
                // The people's units read the carriers and where each person
                // is enrolled: they must come out as they were.
                let carriers = carriers_of(prev, cur);
                let (cur_items, prev_items) = both_items(prev, cur, &self.pairing, plans);
                if carriers != self.carriers
                    || enrolled_at(&carriers, &[&cur_items, &prev_items]) != self.enrolled_at
                {
                    return None;
                }
                (units - 1, Some((cur_items, prev_items)))
            }
        };
        if !ids::adopt(&self.tokens) {
            return None;
        }
        let tokens = ids::token_count();
        let (cur_items, prev_items) = items_again.unwrap_or_default();
        let mut b = Builder {
            prev,
            cur,
            pairing: self.pairing,
            carriers: self.carriers,
            enrolled_at: self.enrolled_at,
            cur_items,
            prev_items,
            events,
            plans,
            diffs: Vec::new(),
            issues: Vec::new(),
            references: self.references,
            budget: Budget::new(budget),
            ids: Ids::Later,
            marks: Vec::new(),
            enrollment_people: Vec::new(),
            order: Vec::new(),
        };
        let mut units = self.units;
        let from = start(&units, at)?;
        let mut to = from.checked_add(units.get(at)?.len)?;
        if to > diffs.len() {
            return None;
        }
        let (issues, enrollment_people) = match edited {
            Edited::Person { who, before, .. } => {
                let after = PersonFacts::of(cur, *who)?;
                if !PersonFacts::of_former(before, *who, cur)?.same_shown_name(&after) {
                    let name = cur.display_name(*who, crate::privacy::scrub);
                    let last = units.len().checked_sub(1)?;
                    let from = start(&units, last)?;
                    let block = units.get_mut(last)?;
                    rename(
                        diffs.get_mut(from..)?,
                        block,
                        &self.enrollment_people,
                        *who,
                        &name,
                    );
                }
                // One text typed: the person's other groups are kept
                // (`Builder::text_edit`), moved out of the differences.
                let kept_groups = match &**before {
                    Former::Text(field, _) => {
                        let old = units.get(at)?;
                        let kept: Vec<Difference> = diffs.drain(from..to).collect();
                        to = from;
                        b.text_edit(*who, *field, kept, (old.count, old.bytes))
                    }
                    _ => None,
                };
                if kept_groups.is_none() {
                    b.diffs.clear();
                    match who {
                        MemberRef::Employee => b.employee(),
                        MemberRef::Dependent(k) => b.dependent(*k),
                    }
                }
                (self.issues, self.enrollment_people)
            }
            Edited::Coverage => {
                b.enrollments(opts.today);
                (
                    std::mem::take(&mut b.issues),
                    std::mem::take(&mut b.enrollment_people),
                )
            }
        };
        let unit = Block {
            len: b.diffs.len(),
            count: b.budget.count,
            bytes: b.budget.bytes,
        };
        diffs.splice(from..to, std::mem::take(&mut b.diffs));
        *units.get_mut(at)? = unit;
        let count = units.iter().fold(0usize, |n, u| n.saturating_add(u.count));
        let bytes = units.iter().fold(0usize, |n, u| n.saturating_add(u.bytes));
        (b.budget.count, b.budget.bytes) = (count, bytes);
        if b.budget.exceeded() {
            return None;
        }
        b.issues = issues.clone();
        let result = b.finish(diffs);
        // A reference not kept would have handed out a new token: keep it too.
        let tokens = match ids::token_count() == tokens {
            true => self.tokens,
            false => ids::tokens()?,
        };
        let next = DiffMemo::of(b, self.today, tokens, units, enrollment_people, issues);
        Some((result, next))
    }

    /// Whether `who`'s name and birth date take part in the pairing: the
    /// employee's when there is no previous snapshot and no id to key them
    /// by; a dependent's unless they were paired by an id both snapshots
    /// give them (then the pairing by ids, which comes first, pairs them the
    /// same, and they take no part in the pairing by name).
    fn pairs_by_name(&self, prev: Option<&Snapshot>, who: MemberRef, facts: &PersonFacts) -> bool {
        match who {
            MemberRef::Employee => prev.is_none() && facts.id.is_none() && facts.custom_id.is_none(),
            MemberRef::Dependent(k) => {
                let matched = self.pairing.cur_to_prev.get(k).copied().flatten();
                let Some(p) = matched.and_then(|p| prev?.dependents.get(p)) else {
                    return true;
                };
                let by_id = facts.id.is_some() && facts.id == p.id.as_ref();
                let by_custom =
                    facts.custom_id.is_some() && facts.custom_id == p.custom_individual_id.as_ref();
                !(by_id || by_custom)
            }
        }
    }
}

/// Where unit `u`'s differences start among all of them, in built order.
fn start(units: &[Block], u: usize) -> Option<usize> {
    Some(
        units
            .get(..u)?
            .iter()
            .fold(0usize, |n, b| n.saturating_add(b.len)),
    )
}

/// Writes `name` on the enrollment differences (`diffs`, the unit `block`)
/// of `who` (the current snapshot's person), and what that changes of
/// their weight.
fn rename(
    diffs: &mut [Difference],
    block: &mut Block,
    people: &[Option<MemberRef>],
    who: MemberRef,
    name: &str,
) {
    for (d, _) in diffs.iter_mut().zip(people).filter(|(_, p)| **p == Some(who)) {
        let old = std::mem::replace(&mut d.individual.name, name.to_owned());
        block.bytes = block.bytes.saturating_sub(old.len()).saturating_add(name.len());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// How many times `Builder::text_edit` kept a person's groups.
        pub(crate) static TEXT_EDITS: Cell<usize> = const { Cell::new(0) };
    }

    fn scenario(name: &str) -> (Snapshot, Snapshot) {
        let text = match name {
            "02" => include_str!("../../tests/fixtures/scenarios/02-dependent-added.json"),
            _ => include_str!("../../tests/fixtures/scenarios/03-address-move.json"),
        };
        let s: Value = serde_json::from_str(text).unwrap_or_default();
        let read = |key| {
            let v = s.get(key).cloned().unwrap_or_default();
            serde_json::from_value(v).unwrap_or_default()
        };
        (read("previous"), read("current"))
    }

    /// A keystroke's diff with `memo`, as the engine runs it (tokens for ids).
    fn keystroke(
        prev: &Snapshot,
        cur: &Snapshot,
        memo: &mut Option<DiffMemo>,
        edited: Option<Edited>,
    ) -> DiffResult {
        let opts = DiffOptions::default();
        let result =
            Deferred::default().run(|| diff_keystroke(Some(prev), cur, &opts, None, 1 << 20, memo, edited));
        if let Some(m) = memo.as_mut() {
            m.give_back(result.differences.clone());
        }
        result
    }

    /// What a difference shows but its reference (a token, numbered by run).
    fn shown(r: &DiffResult) -> Vec<Difference> {
        let mut ds = r.differences.clone();
        for d in &mut ds {
            d.individual.reference.clear();
        }
        ds
    }

    /// Typing into a name or an address line keeps the person's other
    /// groups (`Builder::text_edit`)
    /// and comes out as the whole comparison: the same differences, in the
    /// same order, and the same share of the budget for every unit.
    #[test]
    fn a_text_typed_keeps_the_other_groups_and_spends_as_the_whole_diff() {
        use crate::model::AddressLine::{City, County, StreetOne, StreetTwo};
        let fields = [
            TextField::First,
            TextField::Address(false, City),
            TextField::Middle,
            TextField::Address(true, StreetOne),
            TextField::Last,
            TextField::Address(false, County),
            TextField::Maiden,
            TextField::Address(true, StreetTwo),
            TextField::Suffix,
        ];
        let mut kept = 0;
        for (name, who) in [
            ("03", MemberRef::Employee),
            ("03", MemberRef::Dependent(0)),
            ("02", MemberRef::Employee),
            ("02", MemberRef::Dependent(0)),
        ] {
            let (prev, mut cur) = scenario(name);
            let mut memo = None;
            keystroke(&prev, &cur, &mut memo, None);
            // Typed, taken back to nothing, to what it was, removed: names
            // (a first name changes what every difference shows) and lines
            // of both addresses (one group with the address's other lines).
            for (step, field) in fields.iter().cycle().take(40).enumerate() {
                let was_before = prev
                    .person(who)
                    .cloned()
                    .and_then(|mut p| field.of_mut(&mut p)?.clone());
                let value = match step % 4 {
                    0 => Some(format!("Q{step}")),
                    1 => Some(String::new()),
                    2 => was_before,
                    _ => None,
                };
                let Some(mut edited) = cur.person(who).cloned() else {
                    continue;
                };
                let Some(slot) = field.of_mut(&mut edited) else {
                    continue;
                };
                let was = std::mem::replace(slot, value);
                match who {
                    MemberRef::Employee => cur.employee.as_mut().map(|e| e.person = Some(edited)),
                    MemberRef::Dependent(k) => cur.dependents.get_mut(k).map(|d| d.person = Some(edited)),
                };
                let before = TEXT_EDITS.with(Cell::get);
                let edit = Edited::Person {
                    who,
                    before: Box::new(Former::Text(*field, was)),
                };
                let got = keystroke(&prev, &cur, &mut memo, Some(edit));
                kept += TEXT_EDITS.with(Cell::get) - before;
                let mut whole = None;
                let want = keystroke(&prev, &cur, &mut whole, None);
                let context = format!("{name} {who:?} step {step} {field:?}");
                assert_eq!(shown(&got), shown(&want), "{context}");
                let units = |m: &Option<DiffMemo>| m.as_ref().map(|m| m.units.clone());
                assert_eq!(units(&memo), units(&whole), "{context}");
                assert!(units(&memo).is_some(), "{context}");
            }
        }
        assert!(kept >= 140, "{kept} keystrokes kept the other groups");
    }
}
