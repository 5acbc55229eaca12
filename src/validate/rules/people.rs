//! Rules about the people of the snapshot: identifiers, duplicates, spouses,
//! birth dates and SSNs.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::{Ctx, Out};
use crate::diagnostic::catalogue as c;
use crate::diagnostic::mask_ssn;
use crate::diagnostic::pointer::pointer;
use crate::model::{Carrier, CarrierMode, Date, MemberRef, Person, Relationship, Resolution};
use crate::privacy::MaskedAlike;

/// The employee (`/employee`) and each dependent (`/dependents/k`), with a label.
fn people<'a>(cx: &Ctx<'a>) -> Vec<(String, Resolution, Option<&'a Person>)> {
    let mut out = Vec::new();
    if let Some(e) = &cx.s.employee {
        out.push((
            "/employee".to_owned(),
            Resolution::Found(MemberRef::Employee),
            e.person.as_ref(),
        ));
    }
    for (k, d) in cx.s.dependents.iter().enumerate() {
        out.push((
            pointer!["dependents", k],
            Resolution::Found(MemberRef::Dependent(k)),
            d.person.as_ref(),
        ));
    }
    out
}

/// `person_id_missing`, `duplicate_person_id`.
pub(super) fn person_ids(cx: &Ctx, out: &mut Out) {
    // Names and pointers are made only for what is reported.
    let base = |who: MemberRef| match who {
        MemberRef::Employee => "/employee".to_owned(),
        MemberRef::Dependent(k) => pointer!["dependents", k],
    };
    let mut people: Vec<(MemberRef, Option<&String>, Option<&String>)> = Vec::new();
    if let Some(e) = &cx.s.employee {
        people.push((
            MemberRef::Employee,
            e.id.as_ref(),
            e.custom_individual_id.as_ref(),
        ));
    }
    for (k, d) in cx.s.dependents.iter().enumerate() {
        people.push((
            MemberRef::Dependent(k),
            d.id.as_ref(),
            d.custom_individual_id.as_ref(),
        ));
    }
    // Ids that mask alike but differ are never reported as duplicates: a
    // document of thousands of `*****3876` guesses beside one hidden SSN
    // would otherwise name the guess equal to it (review 27a #2). One guess
    // beside it still shows whether it is equal: one guess a call, as
    // docs/api.md (Privacy, Equality) says.
    let alike = |field: usize| {
        MaskedAlike::distinct(
            people
                .iter()
                .filter_map(|p| if field == 0 { p.1 } else { p.2 })
                .map(String::as_str),
        )
    };
    let (ids_alike, custom_alike) = (alike(0), alike(1));
    // (field, id) → the first person with it.
    let mut seen: BTreeMap<(&str, &str), MemberRef> = BTreeMap::new();
    for (who, id, custom) in people {
        // An id present but malformed is reported already: not missing.
        let malformed = || {
            ["id", "custom_individual_id"]
                .iter()
                .any(|f| cx.reported(&pointer!(base(who); *f)))
        };
        if id.is_none() && custom.is_none() && !malformed() {
            let name = cx.name(Resolution::Found(who));
            out.push(c::PERSON_ID_MISSING, base(who), json!({ "name": name }));
        }
        for (field, value, alike) in [
            ("id", id, &ids_alike),
            ("custom_individual_id", custom, &custom_alike),
        ] {
            let Some(value) = value else { continue };
            match seen.entry((field, value.as_str())) {
                Entry::Occupied(_) if alike.holds(value) => {}
                Entry::Occupied(other) => {
                    let other = cx.name(Resolution::Found(*other.get()));
                    let p = json!({ "field": field, "id": value, "other": other });
                    out.push(c::DUPLICATE_PERSON_ID, pointer!(base(who); field), p);
                }
                Entry::Vacant(slot) => drop(slot.insert(who)),
            }
        }
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `duplicate_dependent`: same names and date of birth.
pub(super) fn duplicate_dependents(cx: &Ctx, out: &mut Out) {
    let mut seen: BTreeMap<(String, String, Date), usize> = BTreeMap::new();
    for (k, d) in cx.s.dependents.iter().enumerate() {
        let Some(p) = &d.person else { continue };
        let (Some(first), Some(last), Some(dob)) = (&p.first_name, &p.last_name, p.date_of_birth) else {
            continue;
        };
        let key = (squash(first), squash(last), dob);
        match seen.get(&key) {
            Some(other) => {
                let p = json!({
                    "name": cx.name(Resolution::Found(MemberRef::Dependent(k))), "date_of_birth": dob.to_string(),
                    "other": format!("dependents[{other}]"),
                });
                out.push(c::DUPLICATE_DEPENDENT, pointer!["dependents", k], p);
            }
            None => drop(seen.insert(key, k)),
        }
    }
}

/// `multiple_spouses`: at most one spouse, domestic partner or civil-union partner.
pub(super) fn multiple_spouses(cx: &Ctx, out: &mut Out) {
    let mut first: Option<usize> = None;
    for (k, d) in cx.s.dependents.iter().enumerate() {
        if !d.relationship.is_some_and(Relationship::is_partner) {
            continue;
        }
        match first {
            None => first = Some(k),
            Some(f) => {
                let p = json!({
                    "name": cx.name(Resolution::Found(MemberRef::Dependent(k))),
                    "relationship": d.relationship.map(|r| r.as_str()),
                    "first": cx.name(Resolution::Found(MemberRef::Dependent(f))),
                });
                out.push(c::MULTIPLE_SPOUSES, pointer!["dependents", k, "relationship"], p);
            }
        }
    }
}

/// `date_of_birth_in_future`, `date_of_birth_implausible`.
pub(super) fn birth_dates(cx: &Ctx, out: &mut Out) {
    let oldest = Date::from_ymd(1900, 1, 1);
    for (base, _, person) in people(cx) {
        let Some(dob) = person.and_then(|p| p.date_of_birth) else {
            continue;
        };
        let path = || pointer!(base; "person", "date_of_birth");
        if let Some(today) = cx.today.filter(|t| dob > *t) {
            let p = json!({ "date_of_birth": dob.to_string(), "today": today.to_string() });
            out.push(c::DATE_OF_BIRTH_IN_FUTURE, path(), p);
        } else if oldest.is_some_and(|o| dob < o) || cx.today.is_some_and(|t| dob.age_on(t) > 120) {
            out.push(
                c::DATE_OF_BIRTH_IMPLAUSIBLE,
                path(),
                json!({ "date_of_birth": dob.to_string() }),
            );
        }
    }
}

/// Numbers that are not anyone's SSN but are typed as one.
fn is_placeholder_ssn(ssn: &str) -> bool {
    let b = ssn.as_bytes();
    let repeated = b.first().is_some_and(|f| b.iter().all(|c| c == f));
    repeated || ["123456789", "987654321", "078051120", "219099999"].contains(&ssn)
}

/// `ssn_placeholder` (warning), `ssn_not_issued`. Structurally valid SSNs only.
pub(super) fn ssns(cx: &Ctx, out: &mut Out) {
    for (base, _, person) in people(cx) {
        let Some(ssn) = person.and_then(|p| p.ssn.as_deref()) else {
            continue;
        };
        let area: u16 = ssn.get(..3).and_then(|a| a.parse().ok()).unwrap_or(0);
        let rule = if is_placeholder_ssn(ssn) {
            c::SSN_PLACEHOLDER
        } else if area == 666 || area >= 900 {
            c::SSN_NOT_ISSUED
        } else {
            continue;
        };
        out.push(
            rule,
            pointer!(base; "person", "ssn"),
            json!({ "ssn": mask_ssn(ssn) }),
        );
    }
}

/// `last_name_unwritable`: a last name X12 carries nothing of (the 834
/// writer's own test, `config::x12::carries`). Reported for every such
/// person when the group has a carrier written an 834; scoping
/// (`Reach::File834`) keeps it to the carriers written one that receive the
/// person's changes, and drops it where there are none. Sync carriers
/// never read NM103.
pub(super) fn last_names(cx: &Ctx, out: &mut Out) {
    if !cx.config.carriers.iter().any(writes_834) {
        return;
    }
    // Read once, when a name needs it: a scan of the enrollments per
    // person cost dependents × enrollments (review 30a A: 7.8 s of wasm
    // for 49,000 dependents named "~").
    let mut files: Option<FileCarriers> = None;
    for (base, who, person) in people(cx) {
        let Some(last) = person.and_then(|p| p.last_name.as_deref()) else {
            continue;
        };
        if crate::config::x12::carries(last) {
            continue;
        }
        // An empty last name leaves "First " (`Ctx::name`).
        let name = cx.name(who).trim_end().to_owned();
        let files = files.get_or_insert_with(|| FileCarriers::of(cx));
        let p = json!({ "name": name, "carriers": carrier_labels(cx, files.at(who)) });
        out.push(c::LAST_NAME_UNWRITABLE, pointer!(base; "person", "last_name"), p);
    }
}

/// A carrier `export834` writes a file for: Send, with an `x12` block.
fn writes_834(c: &Carrier) -> bool {
    c.mode() == CarrierMode::Send && c.x12.is_some()
}

/// For the message: the carriers written an 834 that the current snapshot
/// lists each person at (a dependent's waive too: it ends what the carrier
/// holds), in order; the family's for the employee. A preview may add
/// others (where they were enrolled). One pass over the enrollments, each
/// carrier looked up in the configuration's index.
struct FileCarriers<'a> {
    family: Vec<&'a str>,
    dependents: BTreeMap<usize, Vec<&'a str>>,
}

impl<'a> FileCarriers<'a> {
    fn of(cx: &Ctx<'a>) -> FileCarriers<'a> {
        let writes = |id: &str| {
            let carrier = cx.carriers.get(id).and_then(|&i| cx.config.carriers.get(i));
            carrier.is_some_and(writes_834)
        };
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut family = cx.s.carriers();
        family.retain(|id| writes(id) && seen.insert(*id));
        let mut seen: BTreeSet<(usize, &str)> = BTreeSet::new();
        let mut dependents: BTreeMap<usize, Vec<&'a str>> = BTreeMap::new();
        for e in cx.enrollments() {
            let (Resolution::Found(MemberRef::Dependent(k)), Some(id)) =
                (e.who, e.coverage.carrier_id.as_deref())
            else {
                continue;
            };
            if writes(id) && seen.insert((k, id)) {
                dependents.entry(k).or_default().push(id);
            }
        }
        FileCarriers { family, dependents }
    }

    fn at(&self, who: Resolution) -> &[&'a str] {
        match who {
            Resolution::Found(MemberRef::Dependent(k)) => self.dependents.get(&k).map_or(&[], Vec::as_slice),
            _ => &self.family,
        }
    }
}

/// The carriers' names (their ids when unnamed), each cut as quoted text
/// is (`text::quote`): three at most, then how many more; "a Send carrier"
/// for none (a preview names a carrier the snapshot no longer lists).
fn carrier_labels(cx: &Ctx, ids: &[&str]) -> String {
    const SHOWN: usize = 3;
    let labels: Vec<&str> = ids
        .iter()
        .take(SHOWN)
        .map(|id| {
            cx.config
                .carrier(id)
                .and_then(|c| c.name.as_deref())
                .unwrap_or(id)
        })
        .collect();
    if labels.is_empty() {
        return "a Send carrier".to_owned();
    }
    let mut text = crate::model::text::quote_joined_masked(&labels, ", ", crate::privacy::scrub);
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}
