//! Which carriers an issue blocks, decided from where it points (source D,
//! source S2: a problem with Carrier B's input must not block Carrier A).
//!
//! Built in one pass over the coverages (B-trees, no pairwise search), and
//! read per issue without copying: a family issue of a snapshot naming
//! thousands of carriers costs one mark, not thousands (docs/performance.md).

use std::collections::BTreeSet;

use crate::model::{LineOfCoverage, MemberRef, Resolution, Snapshot};

use crate::diagnostic::pointer::{reach_of, Reach};
use crate::diagnostic::Issue;

/// The carriers of the coverages enrolling one dependent (as
/// `Snapshot::resolver` resolves their members; waives enroll no one):
/// (index of the first such coverage, carrier), in coverage order, each
/// carrier once.
type Group = Vec<(usize, String)>;

/// Carriers of the snapshot, and which of them each part of it reaches.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Every carrier of the family's coverages, in order of first appearance.
    pub family: Vec<String>,
    /// `coverages[i]` → its carrier (if readable) and line.
    coverages: Vec<(Option<String>, Option<LineOfCoverage>)>,
    /// `groups[k]`: the carriers enrolling `dependents[k]`.
    groups: Vec<Group>,
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
        for (i, cov) in s.coverages.iter().enumerate() {
            let Some(carrier) = &cov.carrier_id else { continue };
            for m in cov.enrolled_members.iter().filter(|m| !m.is_waive()) {
                let Resolution::Found(MemberRef::Dependent(k)) = people.resolve(m) else {
                    continue;
                };
                if listed.insert((k, carrier)) {
                    if let Some(group) = groups.get_mut(k) {
                        group.push((i, carrier.clone()));
                    }
                }
            }
        }
        Scope {
            family,
            coverages,
            groups,
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
            Reach::Dependent(k) => self.group(k).len(),
        }
    }

    fn coverage_carrier(&self, i: usize) -> Option<&String> {
        self.coverages.get(i).and_then(|(c, _)| c.as_ref())
    }

    fn group(&self, g: usize) -> &[(usize, String)] {
        self.groups.get(g).map(Vec::as_slice).unwrap_or_default()
    }

    /// Dependent `k`'s carriers in the order of the first coverage enrolling them.
    fn dependent_carriers(&self, k: usize) -> Vec<String> {
        self.group(k).iter().map(|(_, c)| c.clone()).collect()
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
    groups: BTreeSet<usize>,
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
                    carriers.extend(scope.group(k).iter().map(|(_, c)| c.as_str()));
                }
            }
            Reach::All | Reach::Family => {}
        }
    }
}
