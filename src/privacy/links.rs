//! Links inside one snapshot made by ids people type: an enrolled member to
//! a person, a record to its event. An id that masks like another distinct
//! id of the snapshot links nothing (docs/api.md, Privacy › Equality):
//! thousands of `*****3876` guesses beside one hidden SSN would otherwise
//! confirm the equal one by what it links (review 27e). One guess beside it
//! still links when equal: one guess a call.

use super::MaskedAlike;
use crate::model::{Resolver, Snapshot};

/// The people's ids and the enrolled members' references to them that show
/// alike (`MaskedAlike::distinct`), both fields together.
fn person_ids_alike(s: &Snapshot) -> MaskedAlike {
    let employee = s
        .employee
        .iter()
        .flat_map(|e| [e.id.as_deref(), e.custom_individual_id.as_deref()]);
    let dependents = s
        .dependents
        .iter()
        .flat_map(|d| [d.id.as_deref(), d.custom_individual_id.as_deref()]);
    let members = s
        .coverages
        .iter()
        .flat_map(|c| &c.enrolled_members)
        .flat_map(|m| [m.individual_id.as_deref(), m.custom_individual_id.as_deref()]);
    MaskedAlike::distinct(employee.chain(dependents).chain(members).flatten())
}

/// The events' ids and every `event_id` naming one (the employee's, the
/// dependents', the enrolled members') that show alike.
pub fn event_ids_alike(s: &Snapshot) -> MaskedAlike {
    let listed = s.events.iter().filter_map(|e| e.id.as_deref());
    let employee = s.employee.iter().filter_map(|e| e.event_id.as_deref());
    let dependents = s.dependents.iter().filter_map(|d| d.event_id.as_deref());
    let members = s
        .coverages
        .iter()
        .flat_map(|c| &c.enrolled_members)
        .filter_map(|m| m.event_id.as_deref());
    MaskedAlike::distinct(listed.chain(employee).chain(dependents).chain(members))
}

// An inherent method of the model's `Snapshot`, written here because the
// model cannot mask (it sits below `privacy`): every caller, whatever its
// layer, resolves members this way.
impl Snapshot {
    /// The snapshot's people indexed by their ids, for resolving every
    /// enrolled member in one pass (`Resolver::resolve`); ids masking alike
    /// (`person_ids_alike`) name nobody. Built once per snapshot: it reads
    /// every member's references.
    pub fn resolver(&self) -> Resolver<'_> {
        let alike = person_ids_alike(self);
        self.resolver_refusing(|id| alike.holds(id))
    }
}
