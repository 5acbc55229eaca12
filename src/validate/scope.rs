//! Which carriers an issue blocks, decided from where it points (source D,
//! source S2: a problem with Carrier B's input must not block Carrier A).
//!
//! Built in one pass over the coverages (hash maps, no pairwise search), and
//! read per issue without copying: a family issue of a snapshot naming
//! thousands of carriers costs one mark, not thousands (docs/performance.md).

use std::collections::{HashMap, HashSet};

use crate::model::{IndividualType, LineOfCoverage, Snapshot};

use crate::diagnostic::pointer::{reach_of, Reach};
use crate::diagnostic::Issue;

/// The carriers of the coverages enrolling one id (in `individual_id` or
/// `custom_individual_id`): (index of the first such coverage, carrier), in
/// coverage order, each carrier once.
type Group = Vec<(usize, String)>;

/// Carriers of the snapshot, and which of them each part of it reaches.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Every carrier of the family's coverages, in order of first appearance.
    pub family: Vec<String>,
    /// `coverages[i]` → its carrier (if readable) and line.
    coverages: Vec<(Option<String>, Option<LineOfCoverage>)>,
    /// Coverages enrolling each id, per `groups` index.
    groups: Vec<Group>,
    /// `dependents[k]` → the groups of its `id` and `custom_individual_id`.
    dependents: Vec<[Option<usize>; 2]>,
}

impl Scope {
    pub fn of(s: &Snapshot) -> Scope {
        let family: Vec<String> = s.carriers().into_iter().map(str::to_owned).collect();
        let coverages = s
            .coverages
            .iter()
            .map(|c| (c.carrier_id.clone(), c.line_of_coverage))
            .collect();
        let mut groups = Groups::default();
        for (i, cov) in s.coverages.iter().enumerate() {
            let Some(carrier) = &cov.carrier_id else { continue };
            let members = cov
                .enrolled_members
                .iter()
                .filter(|m| m.individual_type != Some(IndividualType::Employee));
            for m in members {
                groups.enroll(0, m.individual_id.as_deref(), i, carrier);
                groups.enroll(1, m.custom_individual_id.as_deref(), i, carrier);
            }
        }
        let dependents = s
            .dependents
            .iter()
            .map(|d| {
                [
                    groups.find(0, d.id.as_deref()),
                    groups.find(1, d.custom_individual_id.as_deref()),
                ]
            })
            .collect();
        Scope {
            family,
            coverages,
            groups: groups.lists,
            dependents,
        }
    }

    /// Where `issue` points, and its line of coverage when inside a coverage.
    pub fn locate(&self, issue: &Issue) -> (Reach, Option<LineOfCoverage>) {
        let reach = reach_of(issue.severity, &issue.path);
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
        }
    }

    /// How many carriers `reach` concerns, without listing them (a dependent
    /// enrolled by both ids counts carriers of both: an upper bound).
    pub fn count(&self, reach: Reach, all: &[String]) -> usize {
        match reach {
            Reach::All => all.len(),
            Reach::Family => self.family.len(),
            Reach::Coverage(i) => usize::from(self.coverage_carrier(i).is_some()),
            Reach::Dependent(k) => self.dependent_groups(k).map(|g| self.group(g).len()).sum(),
        }
    }

    fn coverage_carrier(&self, i: usize) -> Option<&String> {
        self.coverages.get(i).and_then(|(c, _)| c.as_ref())
    }

    fn group(&self, g: usize) -> &[(usize, String)] {
        self.groups.get(g).map(Vec::as_slice).unwrap_or_default()
    }

    fn dependent_groups(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        self.dependents.get(k).into_iter().flatten().flatten().copied()
    }

    /// Dependent `k`'s carriers in the order of the first coverage enrolling
    /// them under either id.
    fn dependent_carriers(&self, k: usize) -> Vec<String> {
        let mut all: Vec<&(usize, String)> = self.dependent_groups(k).flat_map(|g| self.group(g)).collect();
        all.sort_by_key(|(i, _)| *i);
        let mut seen: HashSet<&str> = HashSet::new();
        all.into_iter()
            .filter(|(_, c)| seen.insert(c))
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// The carriers an issue's location concerns, whatever its severity,
    /// and the line of coverage when it is inside a coverage. `all` is what a
    /// fatal issue concerns.
    pub fn reach(&self, issue: &Issue, all: &[String]) -> (Vec<String>, Option<LineOfCoverage>) {
        let (reach, line) = self.locate(issue);
        (self.carriers(reach, all), line)
    }
}

/// The carriers of many issues' reaches, each reach's carriers added once:
/// marking costs the number of distinct carriers, not issues × carriers.
#[derive(Debug, Default)]
pub(crate) struct Marks<'s> {
    all: bool,
    family: bool,
    groups: HashSet<usize>,
    pub carriers: HashSet<&'s str>,
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
                for g in scope.dependent_groups(k) {
                    if self.groups.insert(g) {
                        carriers.extend(scope.group(g).iter().map(|(_, c)| c.as_str()));
                    }
                }
            }
            Reach::All | Reach::Family => {}
        }
    }
}

/// Builds the groups: one map per id field (`individual_id`, then
/// `custom_individual_id`) from the id to its group.
#[derive(Default)]
struct Groups<'a> {
    index: [HashMap<&'a str, usize>; 2],
    lists: Vec<Group>,
    listed: HashSet<(usize, &'a str)>,
}

impl<'a> Groups<'a> {
    fn enroll(&mut self, field: usize, id: Option<&'a str>, coverage: usize, carrier: &'a str) {
        let (Some(id), Some(index)) = (id, self.index.get_mut(field)) else {
            return;
        };
        let next = self.lists.len();
        let g = *index.entry(id).or_insert(next);
        if g == next {
            self.lists.push(Vec::new());
        }
        if self.listed.insert((g, carrier)) {
            if let Some(list) = self.lists.get_mut(g) {
                list.push((coverage, carrier.to_owned()));
            }
        }
    }

    fn find(&self, field: usize, id: Option<&str>) -> Option<usize> {
        self.index.get(field)?.get(id?).copied()
    }
}
