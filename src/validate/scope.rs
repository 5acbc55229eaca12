//! Which carriers an issue blocks, decided from where it points (design.md,
//! seed 002: a problem with Carrier B's input must not block Carrier A).

use crate::model::{IndividualType, LineOfCoverage, Snapshot};

use super::issue::{Issue, Severity};

/// Carriers of the snapshot, and which of them each part of it reaches.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Every carrier of the family's coverages, in order of first appearance.
    pub family: Vec<String>,
    /// `coverages[i]` → its carrier (if readable) and line.
    coverages: Vec<(Option<String>, Option<LineOfCoverage>)>,
    /// `dependents[i]` → carriers of the coverages enrolling that dependent.
    dependents: Vec<Vec<String>>,
}

impl Scope {
    pub fn of(s: &Snapshot) -> Scope {
        let mut family: Vec<String> = Vec::new();
        for id in s.coverages.iter().filter_map(|c| c.carrier_id.as_ref()) {
            if !family.contains(id) {
                family.push(id.clone());
            }
        }
        let coverages = s
            .coverages
            .iter()
            .map(|c| (c.carrier_id.clone(), c.line_of_coverage))
            .collect();
        let dependents = s
            .dependents
            .iter()
            .map(|d| {
                let mut carriers: Vec<String> = Vec::new();
                for cov in &s.coverages {
                    let enrolls = cov.enrolled_members.iter().any(|m| {
                        m.individual_type != Some(IndividualType::Employee)
                            && ((m.individual_id.is_some() && m.individual_id == d.id)
                                || (m.custom_individual_id.is_some()
                                    && m.custom_individual_id == d.custom_individual_id))
                    });
                    if let (true, Some(id)) = (enrolls, &cov.carrier_id) {
                        if !carriers.contains(id) {
                            carriers.push(id.clone());
                        }
                    }
                }
                carriers
            })
            .collect();
        Scope {
            family,
            coverages,
            dependents,
        }
    }

    /// The carriers an issue's location concerns, whatever its severity,
    /// and the line of coverage when it is inside a coverage. `all` is what a
    /// fatal issue concerns.
    pub fn reach(&self, issue: &Issue, all: &[String]) -> (Vec<String>, Option<LineOfCoverage>) {
        let mut tokens = issue.path.split('/').skip(1);
        let section = tokens.next();
        let index = tokens.next().and_then(|t| t.parse::<usize>().ok());
        let (carriers, line): (&[String], _) = match (section, index) {
            _ if issue.severity == Severity::Fatal => (all, None),
            (Some("coverages"), Some(i)) => match self.coverages.get(i) {
                Some((carrier, line)) => (carrier.as_slice(), *line),
                None => (&[], None),
            },
            (Some("dependents"), Some(i)) => (
                self.dependents.get(i).map(Vec::as_slice).unwrap_or_default(),
                None,
            ),
            _ => (&self.family, None),
        };
        (carriers.to_vec(), line)
    }

    /// Sets `carrier_ids` (the carriers it blocks: none for warnings and
    /// info) and `line_of_coverage` from the issue's pointer.
    pub fn apply(&self, issue: &mut Issue, all: &[String]) {
        let (carriers, line) = self.reach(issue, all);
        issue.line_of_coverage = line;
        issue.carrier_ids = if issue.severity.blocks() {
            carriers
        } else {
            Vec::new()
        };
    }
}
