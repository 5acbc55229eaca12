//! Which carriers an issue blocks, decided from where it points (source D,
//! source S2: a problem with Carrier B's input must not block Carrier A).
//!
//! Built in one pass over the coverages (B-trees, no pairwise search), and
//! read per issue without copying: a family issue of a snapshot naming
//! thousands of carriers costs one mark, not thousands (docs/performance.md).
//!
//! A preview widens it to where the diff routes each person's changes
//! (`Scope::routed`): a carrier that receives a person's change is blocked by
//! an error in that person's data, whether or not the current snapshot still
//! enrolls them there (review 28d #1: an ended row no longer listed, or a
//! coverage just turned into a waive, received the faulty change unblocked).
//! Once the diff has run, `narrow_routed` keeps such a carrier only when it
//! receives a difference the issue's data could have produced (review 28g
//! #2: an event typo blocked a previous-only carrier that was sent nothing).
//! A current dependent the diff could not pair (no ids, a birth date
//! unread: `could_not_pair`) may be any previous dependent it paired with
//! no one, so it is routed, and blocks, where their removal goes too
//! (review 29e F1: its second error had unblocked that carrier).
//! `validate` alone has no previous snapshot: it names where the current
//! snapshot enrolls the person (a waive enrolls no one), which is what a
//! preview without a previous snapshot routes to.
//!
//! A value of a person that only an 834 requires (`Reach::File834`: a last
//! name X12 cannot carry) blocks, of that person's carriers, only those
//! written an 834 (`Scope::with_files`): a Sync carrier never reads it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    CarrierMode, GroupConfig, IndividualType, LineOfCoverage, MemberRef, Resolution, Snapshot,
};

use crate::diagnostic::pointer::{reach_of_code, Reach};
use crate::diagnostic::Issue;

/// The carriers of the coverages enrolling one dependent (as
/// `Snapshot::resolver` resolves their members; waives enroll no one), in
/// coverage order, each carrier once. A preview's routes add the other
/// carriers their changes are routed to when read (`Scope::routed`).
type Group = Vec<String>;

/// Where a preview's diff routes each person's changes (`diff::person_routes`):
/// `family`, the employee's (every carrier of either snapshot), and
/// `dependents[k]`, current dependent `k`'s (where they are or were
/// enrolled): an entry of `routes`, each a list of indexes into `family`,
/// one per person key and shared by the dependents of that key (review 28f
/// #1: one copy per dependent cost dependents × carriers). `removed`: where
/// the previous dependents the diff paired with no one are or were enrolled
/// (indexes into `family`, ascending), shared by the current dependents
/// `unpaired` lists (ascending) that could not be paired (`could_not_pair`).
#[derive(Debug, Default)]
pub(crate) struct Routes {
    pub family: Vec<String>,
    pub routes: Vec<Vec<usize>>,
    pub dependents: Vec<Option<usize>>,
    pub removed: Vec<usize>,
    pub unpaired: Vec<usize>,
}

/// How a preview finds its [`Routes`] for the current snapshot: asked only
/// when an issue blocks (most snapshots have none, and pairing the people
/// again would cost every keystroke).
pub(crate) type RoutesOf<'r> = &'r dyn Fn(&Snapshot) -> Routes;

/// Carriers of the snapshot, and which of them each part of it reaches.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Every carrier of the family's coverages, in order of first appearance.
    pub family: Vec<String>,
    /// `coverages[i]` → its carrier (if readable) and line.
    coverages: Vec<(Option<String>, Option<LineOfCoverage>)>,
    /// `groups[k]`: the carriers enrolling `dependents[k]`.
    groups: Vec<Group>,
    /// A preview's routes (`routed`): `routed[k]` is dependent `k`'s entry
    /// of `routes.routes`, shared between the dependents of one person key;
    /// its carriers not in `groups[k]` widen the group, and `extra[k]`
    /// counts them. Kept as indexes, never copied per dependent.
    routes: Routes,
    extra: Vec<usize>,
    /// The dependents that could not be paired (`could_not_pair`): their
    /// routes add `routes.removed`.
    adrift: BTreeSet<usize>,
    /// The configuration's carriers written an 834 (`with_files`): Send
    /// carriers with an `x12` block, as `export834` decides.
    files: BTreeSet<String>,
}

impl Scope {
    /// The family's carriers only: all `finish` reads of a scope when there
    /// is no issue to place (most snapshots), without resolving members.
    pub fn family_of(s: &Snapshot) -> Scope {
        Scope {
            family: s.carriers().into_iter().map(str::to_owned).collect(),
            ..Scope::default()
        }
    }

    pub fn of(s: &Snapshot) -> Scope {
        let family: Vec<String> = s.carriers().into_iter().map(str::to_owned).collect();
        let coverages = s
            .coverages
            .iter()
            .map(|c| (c.carrier_id.clone(), c.line_of_coverage))
            .collect();
        let people = s.resolver();
        let mut groups: Vec<Group> = vec![Vec::new(); s.dependents.len()];
        let mut listed: BTreeSet<(usize, &str)> = BTreeSet::new();
        for cov in &s.coverages {
            let Some(carrier) = &cov.carrier_id else { continue };
            for m in cov.enrolled_members.iter().filter(|m| !m.is_waive()) {
                let Resolution::Found(MemberRef::Dependent(k)) = people.resolve(m) else {
                    continue;
                };
                if listed.insert((k, carrier)) {
                    if let Some(group) = groups.get_mut(k) {
                        group.push(carrier.clone());
                    }
                }
            }
        }
        Scope {
            family,
            coverages,
            groups,
            ..Scope::default()
        }
    }

    /// This scope widened to `routes`: a family issue also blocks the
    /// carriers the employee's changes go to, a dependent's those the
    /// dependent's changes go to (each added once, after the current
    /// snapshot's own), and for a dependent that `issues` say could not be
    /// paired, where the removed ones' go (`Routes::removed`).
    ///
    /// The routes stay shared (indexes into `routes.family`): dependents of
    /// one person key read one list, so widening costs the dependents' own
    /// groups plus the routes, not dependents × carriers (review 28f #1);
    /// the removed ones' list is searched, never walked, per dependent.
    pub fn routed(mut self, routes: Routes, issues: &[Issue]) -> Scope {
        add_new(&mut self.family, routes.family.iter().cloned());
        if self.groups.len() < routes.dependents.len() {
            self.groups.resize_with(routes.dependents.len(), Vec::new);
        }
        let index: BTreeMap<&str, usize> = routes
            .family
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let adrift = match routes.removed.is_empty() {
            true => BTreeSet::new(),
            false => could_not_pair(&routes.unpaired, issues),
        };
        let extra = self
            .groups
            .iter()
            .enumerate()
            .map(|(k, group)| {
                let route = route_of(&routes, k).unwrap_or_default();
                let removed = removed_of(&routes, &adrift, k);
                let on = |i: &usize| route.binary_search(i).is_ok() || removed.binary_search(i).is_ok();
                // The group's carriers are distinct, and so are the two
                // lists': they add those the group does not hold.
                let both = route.iter().filter(|i| removed.binary_search(i).is_ok()).count();
                let shared = group
                    .iter()
                    .filter_map(|c| index.get(c.as_str()))
                    .filter(|i| on(i))
                    .count();
                (route.len() + removed.len())
                    .saturating_sub(both)
                    .saturating_sub(shared)
            })
            .collect();
        self.extra = extra;
        self.routes = routes;
        self.adrift = adrift;
        self
    }

    /// This scope knowing which of `config`'s carriers are written an 834
    /// (`Reach::File834`).
    pub fn with_files(mut self, config: &GroupConfig) -> Scope {
        let files = config
            .carriers
            .iter()
            .filter(|c| c.mode() == CarrierMode::Send && c.x12.is_some());
        self.files = files.map(|c| c.id.clone()).collect();
        self
    }

    /// The carriers written an 834 of the employee's (`None`) or dependent
    /// `k`'s (`Some(k)`), in the order `Family` and `Dependent` list them.
    fn file_carriers(&self, who: Option<usize>) -> Vec<&String> {
        let all: Vec<&String> = match who {
            None => self.family.iter().collect(),
            Some(k) => self.group(k).iter().chain(self.route_extra(k)).collect(),
        };
        all.into_iter().filter(|c| self.files.contains(*c)).collect()
    }

    /// Whether `issue` is about a value only an 834 requires of a person
    /// none of whose carriers is written one (`Reach::File834`).
    pub fn reaches_no_file(&self, issue: &Issue) -> bool {
        let reach = reach_of_code(&issue.code, issue.severity, &issue.path);
        matches!(reach, Reach::File834(who) if self.file_carriers(who).is_empty())
    }

    /// Whether `issue`, about a value only an 834 requires, names no carrier
    /// once `narrow_routed` has kept the routed ones sent a difference: it
    /// blocks nothing, and is no issue (as `reaches_no_file` before).
    pub fn blocks_no_file(issue: &Issue) -> bool {
        let reach = reach_of_code(&issue.code, issue.severity, &issue.path);
        matches!(reach, Reach::File834(_)) && issue.carrier_ids.is_empty()
    }

    /// Dependent `k`'s route (indexes into `routes.family`, ascending), if any.
    fn route(&self, k: usize) -> Option<(usize, &[usize])> {
        let r = self.routes.dependents.get(k).copied().flatten()?;
        Some((r, self.routes.routes.get(r)?.as_slice()))
    }

    /// The carriers dependent `k`'s route (and `Routes::removed`, when `k`
    /// could not be paired) adds to `groups[k]`, in order.
    fn route_extra<'a>(&'a self, k: usize) -> impl Iterator<Item = &'a String> + 'a {
        let own: BTreeSet<&str> = self.group(k).iter().map(String::as_str).collect();
        let route = self.route(k).map(|(_, route)| route).unwrap_or_default();
        union(route, removed_of(&self.routes, &self.adrift, k))
            .filter_map(|i| self.routes.family.get(i))
            .filter(move |c| !own.contains(c.as_str()))
    }

    /// Where `issue` points, and its line of coverage when inside a coverage.
    pub fn locate(&self, issue: &Issue) -> (Reach, Option<LineOfCoverage>) {
        let reach = reach_of_code(&issue.code, issue.severity, &issue.path);
        let line = match reach {
            Reach::Coverage(i) => self.coverages.get(i).and_then(|(_, line)| *line),
            _ => None,
        };
        (reach, line)
    }

    /// The carriers `reach` concerns; `all` is what a fatal issue concerns.
    pub fn carriers(&self, reach: Reach, all: &[String]) -> Vec<String> {
        match reach {
            Reach::All => all.to_vec(),
            Reach::Family => self.family.clone(),
            Reach::Coverage(i) => self.coverage_carrier(i).into_iter().cloned().collect(),
            Reach::Dependent(k) => self.dependent_carriers(k),
            Reach::File834(who) => self.file_carriers(who).into_iter().cloned().collect(),
        }
    }

    /// How many carriers `reach` concerns, without listing them (a dependent
    /// enrolled by both ids counts carriers of both: an upper bound).
    pub fn count(&self, reach: Reach, all: &[String]) -> usize {
        match reach {
            Reach::All => all.len(),
            Reach::Family => self.family.len(),
            Reach::Coverage(i) => usize::from(self.coverage_carrier(i).is_some()),
            Reach::Dependent(k) => {
                let extra = self.extra.get(k).copied().unwrap_or_default();
                self.group(k).len().saturating_add(extra)
            }
            Reach::File834(who) => self.file_carriers(who).len(),
        }
    }

    fn coverage_carrier(&self, i: usize) -> Option<&String> {
        self.coverages.get(i).and_then(|(c, _)| c.as_ref())
    }

    fn group(&self, g: usize) -> &[String] {
        self.groups.get(g).map(Vec::as_slice).unwrap_or_default()
    }

    /// Dependent `k`'s carriers in the order of the first coverage enrolling them.
    /// then those its route adds.
    fn dependent_carriers(&self, k: usize) -> Vec<String> {
        let mut out = self.group(k).to_vec();
        out.extend(self.route_extra(k).cloned());
        out
    }

    /// The carriers an issue's location concerns, whatever its severity,
    /// and the line of coverage when it is inside a coverage. `all` is what a
    /// fatal issue concerns.
    pub fn reach(&self, issue: &Issue, all: &[String]) -> (Vec<String>, Option<LineOfCoverage>) {
        let (reach, line) = self.locate(issue);
        (self.carriers(reach, all), line)
    }
}

/// Dependent `k`'s entry of `routes`, if any.
fn route_of(routes: &Routes, k: usize) -> Option<&[usize]> {
    let r = routes.dependents.get(k).copied().flatten()?;
    routes.routes.get(r).map(Vec::as_slice)
}

/// `routes.removed` when dependent `k` is `adrift` (could not be paired), else none.
fn removed_of<'r>(routes: &'r Routes, adrift: &BTreeSet<usize>, k: usize) -> &'r [usize] {
    match adrift.contains(&k) {
        true => &routes.removed,
        false => &[],
    }
}

/// The union of two ascending lists, ascending.
fn union<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut a, mut b) = (a.iter().copied().peekable(), b.iter().copied().peekable());
    std::iter::from_fn(move || match (a.peek().copied(), b.peek().copied()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(x), Some(y)) if y == x => {
            b.next();
            a.next()
        }
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// The dependent a blocking issue says could not be paired, if it does:
/// one about the dependent itself (`person_id_missing`: no ids) or about
/// what the diff pairs dependents by (`diff::people::pair`: ids, names,
/// birth date; a value that fails reads as absent).
fn unpairable(issue: &Issue) -> Option<usize> {
    const PAIRED_BY: [&str; 7] = [
        "",
        "id",
        "custom_individual_id",
        "person",
        "person/first_name",
        "person/last_name",
        "person/date_of_birth",
    ];
    let rest = issue.path.strip_prefix("/dependents/")?;
    let (k, field) = rest.split_once('/').unwrap_or((rest, ""));
    let k = k.parse().ok()?;
    (issue.severity.blocks() && PAIRED_BY.contains(&field)).then_some(k)
}

/// The current dependents of `unpaired` (ascending: those the diff paired
/// with no previous one) that a blocking issue of `issues` says could not
/// be paired (`unpairable`). Such a one may be any previous dependent the
/// diff paired with no one: the carriers their removal goes to are routed
/// to it (`Routes::removed`), and blocked by its issues when they receive
/// that removal (`narrow_routed`; review 29e F1: an impossible birth date
/// beside missing ids had unpaired it, and unblocked them). One pass over
/// the issues.
pub(crate) fn could_not_pair(unpaired: &[usize], issues: &[Issue]) -> BTreeSet<usize> {
    if unpaired.is_empty() {
        return BTreeSet::new();
    }
    let at_fault = issues.iter().filter_map(unpairable);
    at_fault.filter(|k| unpaired.binary_search(k).is_ok()).collect()
}

/// Appends the carriers of `more` that `list` does not hold, in order.
fn add_new(list: &mut Vec<String>, more: impl Iterator<Item = String>) {
    let mut held: BTreeSet<String> = BTreeSet::new();
    held.extend(list.iter().cloned());
    for c in more {
        if held.insert(c.clone()) {
            list.push(c);
        }
    }
}

/// The carriers of many issues' reaches, each reach's carriers added once:
/// marking costs the number of distinct carriers, not issues × carriers.
#[derive(Debug, Default)]
pub(crate) struct Marks<'s> {
    all: bool,
    family: bool,
    groups: BTreeSet<usize>,
    /// The shared routes (`Scope::routed`) already marked: each once,
    /// however many dependents share it.
    routes: BTreeSet<usize>,
    /// Whether `Routes::removed` is marked (once, for every dependent adrift).
    removed: bool,
    pub carriers: BTreeSet<&'s str>,
}

impl<'s> Marks<'s> {
    pub fn mark(&mut self, scope: &'s Scope, reach: Reach, all: &'s [String]) {
        let carriers = &mut self.carriers;
        match reach {
            Reach::All if !self.all => {
                self.all = true;
                carriers.extend(all.iter().map(String::as_str));
            }
            Reach::Family if !self.family => {
                self.family = true;
                carriers.extend(scope.family.iter().map(String::as_str));
            }
            Reach::Coverage(i) => carriers.extend(scope.coverage_carrier(i).map(String::as_str)),
            Reach::Dependent(k) => {
                if self.groups.insert(k) {
                    carriers.extend(scope.group(k).iter().map(String::as_str));
                    if let Some((r, route)) = scope.route(k) {
                        if self.routes.insert(r) {
                            let named = route.iter().filter_map(|&i| scope.routes.family.get(i));
                            carriers.extend(named.map(String::as_str));
                        }
                    }
                    let removed = removed_of(&scope.routes, &scope.adrift, k);
                    if !removed.is_empty() && !self.removed {
                        self.removed = true;
                        let named = removed.iter().filter_map(|&i| scope.routes.family.get(i));
                        carriers.extend(named.map(String::as_str));
                    }
                }
            }
            Reach::File834(who) => carriers.extend(scope.file_carriers(who).into_iter().map(String::as_str)),
            Reach::All | Reach::Family => {}
        }
    }
}

/// One difference of a preview as `narrow_routed` reads it (the diff's
/// layer is above this one): its carrier, and whom it is about — their
/// type and reference number (`diff::Individual`).
pub(crate) type Sent<'d> = (&'d str, IndividualType, &'d str);

/// The carriers a preview's differences go to: any, the employee's, and
/// each person's by reference number.
#[derive(Default)]
struct Received<'d> {
    any: BTreeSet<&'d str>,
    employee: BTreeSet<&'d str>,
    person: BTreeMap<&'d str, BTreeSet<&'d str>>,
}

impl<'d> Received<'d> {
    fn of(sent: impl Iterator<Item = Sent<'d>>) -> Received<'d> {
        let mut r = Received::default();
        for (carrier, individual_type, reference) in sent {
            r.any.insert(carrier);
            if individual_type == IndividualType::Employee {
                r.employee.insert(carrier);
            }
            r.person.entry(reference).or_default().insert(carrier);
        }
        r
    }
}

/// Whom a preview's differences name, as `narrow_routed` reads them: each
/// current dependent's reference number in every form the differences may
/// carry it (a keystroke's token and its id:
/// `DiffResult::dependent_references`), and every form of those of the
/// previous dependents the diff paired with no one (`DiffResult::unpaired`).
#[derive(Debug, Default)]
pub(crate) struct Named {
    pub dependents: Vec<Vec<String>>,
    pub removed: Vec<String>,
}

/// Narrows a preview's blocking issues, scoped by `Scope::routed`, to the
/// carriers that receive what the issue's data could have produced (review
/// 28g #2: an event typo blocked a previous-only carrier sent nothing).
/// `sent` is each difference (`Sent`).
/// `current` is the current snapshot's own scope (`Scope::of`): the
/// carriers it names for an issue stay blocked; a carrier only the routes
/// add (previous-only, or where the person's coverage just became a waive)
/// stays blocked when it receives a difference of the person
/// (`/employee/...`, `/dependents/k/...`) or, for any other family issue,
/// any difference. A dependent of `unpaired` (those the diff paired with no
/// previous one) that could not be paired (`could_not_pair`) counts the
/// removed ones' differences as its own (review 29e F1). `references`
/// gives whom the differences name (`Named`), asked only when needed. A
/// `too_many_issues` (path "") is read as a family issue: it keeps at least
/// what each issue it stands for would.
pub(crate) fn narrow_routed<'d>(
    current: &Scope,
    issues: &mut [Issue],
    sent: impl Iterator<Item = Sent<'d>>,
    unpaired: &[usize],
    references: impl FnOnce() -> Named,
) {
    let family: BTreeSet<&str> = current.family.iter().map(String::as_str).collect();
    let mut groups: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    let adrift = could_not_pair(unpaired, issues);
    // Read only once an issue names a carrier the current snapshot does
    // not (most previews have none).
    let (mut sent, mut received) = (Some(sent), None);
    let (mut references, mut known) = (Some(references), Named::default());
    // The carriers sent a removed dependent's difference, once asked.
    let (mut removed, none) = (None, BTreeSet::new());
    for issue in issues.iter_mut().filter(|i| i.severity.blocks()) {
        let reach = current.locate(issue).0;
        let own = match reach {
            Reach::Family | Reach::File834(None) => &family,
            Reach::Dependent(k) | Reach::File834(Some(k)) => &*groups
                .entry(k)
                .or_insert_with(|| current.group(k).iter().map(String::as_str).collect()),
            Reach::All | Reach::Coverage(_) => continue,
        };
        if issue.carrier_ids.iter().all(|c| own.contains(c.as_str())) {
            continue;
        }
        let received = received.get_or_insert_with(|| Received::of(sent.take().into_iter().flatten()));
        let to = match reach {
            Reach::Dependent(k) | Reach::File834(Some(k)) => {
                if let Some(of) = references.take() {
                    known = of();
                }
                // Any form of the dependent's reference (a token, its id).
                let sent_to = |forms: &[String]| -> BTreeSet<&'d str> {
                    let to = forms.iter().filter_map(|r| received.person.get(r.as_str()));
                    to.flatten().copied().collect()
                };
                let forms = known.dependents.get(k).map(Vec::as_slice).unwrap_or_default();
                let to = sent_to(forms);
                let removed: &BTreeSet<&str> = match adrift.contains(&k) {
                    true => removed.get_or_insert_with(|| sent_to(&known.removed)),
                    false => &none,
                };
                issue.carrier_ids.retain(|c| {
                    let c = c.as_str();
                    own.contains(c) || to.contains(c) || removed.contains(c)
                });
                continue;
            }
            _ if issue.path == "/employee" || issue.path.starts_with("/employee/") => &received.employee,
            _ => &received.any,
        };
        issue
            .carrier_ids
            .retain(|c| own.contains(c.as_str()) || to.contains(c.as_str()));
    }
}
