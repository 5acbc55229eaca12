//! One member's loops: 2000 (INS, REF, DTP), 2100A (NM1, PER, N3, N4,
//! DMG), 2100C (the mailing address) and a 2300 (HD, DTP, AMT) per coverage.

use serde_json::{json, Value};

use super::codes;
use super::segments::Writer;
use super::text::{Clean, Origin};
use super::{CoverageSpan, MemberSpan};
use crate::config::x12::{default_line_code, COVERAGE_LEVELS};
use crate::config::Config;
use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::{make_issue_at, Issue};
use crate::model::{Address, CarrierX12, Coverage, Date, EnrolledMember, MemberRef, Person, Snapshot, State};

/// What every member loop of one file shares.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub x12: &'a CarrierX12,
}

/// One person's 2000 loop.
pub(crate) struct MemberLoop<'a> {
    /// The snapshot the person's data is read from (the previous one for a
    /// person no longer in the current).
    pub snapshot: &'a Snapshot,
    pub who: MemberRef,
    /// REF*0F: the subscriber's identifier (`subscriber_id`).
    pub subscriber_id: &'a str,
    /// INS03 and INS04.
    pub maintenance: &'static str,
    pub reason: &'static str,
    /// 2000 DTPs besides the employment dates (356, 357, 303).
    pub dates: Vec<(&'static str, Date)>,
    pub coverages: Vec<HealthCoverage<'a>>,
    /// The person's reference number in the preview (`P-…`).
    pub reference: String,
    /// The ids of the person's own differences (employee or dependent) the loop sends.
    pub difference_ids: Vec<String>,
    /// A change file's 2100C of the home address: the carrier holds a
    /// separate mailing address (the previous snapshot's), which is now
    /// the home address or removed (review 28e).
    pub mailing_is_home: bool,
}

/// One 2300 loop: an enrollment of the person.
pub(crate) struct HealthCoverage<'a> {
    /// HD01.
    pub maintenance: &'static str,
    pub coverage: &'a Coverage,
    pub member: &'a EnrolledMember,
    /// The coverage level's key in `COVERAGE_LEVELS` (HD05).
    pub level: &'static str,
    /// DTP*349: the last day, when the enrollment ends.
    pub end: Option<Date>,
    /// DTP*303 (2300): the day a new coverage level starts, for an HD sent
    /// for a level change others joining or leaving the coverage bring (its
    /// DTP*348 is the row's own start, which the level change does not
    /// move); or the effective date of an HD `001`/`025`'s own change when
    /// it is not the member's DTP*303 (2000).
    pub changed_on: Option<Date>,
    /// The id of the enrollment difference the loop sends (change file).
    pub difference_ids: Vec<String>,
}

impl HealthCoverage<'_> {
    /// The enrollment's own end, when it is not open.
    pub fn end_of(member: &EnrolledMember) -> Option<Date> {
        member.effective_end_date.filter(|e| !e.is_open_end())
    }
}

/// The pointer of a person in their snapshot.
pub(crate) fn person_path(who: MemberRef) -> String {
    match who {
        MemberRef::Employee => pointer!["employee"],
        MemberRef::Dependent(k) => pointer!["dependents", k],
    }
}

/// REF*0F of every member of the family: the employee's SSN; without one
/// their `custom_individual_id`, else `id`, with a warning.
pub(crate) fn subscriber_id(cur: &Snapshot, issues: &mut Vec<Issue>) -> String {
    let employee = cur.employee.as_ref();
    if let Some(ssn) = employee
        .and_then(|e| e.person.as_ref())
        .and_then(|p| p.ssn.clone())
    {
        return ssn;
    }
    let (field, id) = match employee {
        Some(e) if e.custom_individual_id.is_some() => {
            ("custom_individual_id", e.custom_individual_id.clone())
        }
        Some(e) => ("id", e.id.clone()),
        None => ("id", None),
    };
    let id: String = id
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(50)
        .collect();
    issues.push(make_issue_at(
        x::EDI_SUBSCRIBER_ID_FALLBACK,
        "/employee/person",
        json!({ "field": field }),
    ));
    if id.is_empty() {
        "UNKNOWN".to_owned()
    } else {
        id
    }
}

/// INS08 for the subscriber (the snapshot's schema requires the status:
/// without it the carrier is blocked before anything is written).
fn employment_status(s: &Snapshot) -> &'static str {
    let status = s
        .employee
        .as_ref()
        .and_then(|e| e.employment.as_ref())
        .and_then(|e| e.employment_status);
    status.map(codes::employment_status).unwrap_or_default()
}

/// The coverage level (HD05's key in `COVERAGE_LEVELS`) of who is enrolled.
pub(crate) fn level(employee: bool, spouse: bool, children: bool) -> &'static str {
    match (employee, spouse, children) {
        (true, false, false) | (false, false, false) => "employee",
        (true, true, false) => "employee_spouse",
        (true, false, true) => "employee_children",
        (true, true, true) => "family",
        (false, true, false) => "spouse",
        (false, false, true) => "children",
        (false, true, true) => "spouse_children",
    }
}

/// Writes a member's loops; where they are in `w` (its lines), for family `family`.
pub(crate) fn write_member(
    w: &mut Writer,
    clean: &mut Clean,
    ctx: &Context,
    m: &MemberLoop,
    family: usize,
) -> MemberSpan {
    let first_line = w.lines + 1;
    let s = m.snapshot;
    let path = person_path(m.who);
    let subscriber = m.who == MemberRef::Employee;
    let (relationship, ids) = match m.who {
        MemberRef::Employee => (
            "18",
            s.employee.as_ref().map(|e| (&e.custom_individual_id, &e.id)),
        ),
        MemberRef::Dependent(k) => {
            let d = s.dependents.get(k);
            (
                codes::relationship(d.and_then(|d| d.relationship)),
                d.map(|d| (&d.custom_individual_id, &d.id)),
            )
        }
    };
    let status = if subscriber { employment_status(s) } else { "" };
    w.segment(
        "INS",
        &[
            if subscriber { "Y" } else { "N" },
            relationship,
            m.maintenance,
            m.reason,
            "A",
            "",
            "",
            status,
        ],
    );
    w.segment("REF", &["0F", m.subscriber_id]);
    if let Some(policy) = &ctx.x12.master_policy_number {
        w.segment("REF", &["1L", policy]);
    }
    let name = s.display_name(m.who, crate::privacy::scrub);
    let person = s.person(m.who);
    if let Some(id) = ids.and_then(|(custom, id)| custom.as_ref().or(id.as_ref())) {
        let field = if ids.is_some_and(|(c, _)| c.is_some()) {
            "custom_individual_id"
        } else {
            "id"
        };
        let origin = Origin {
            element: "REF02",
            name: &name,
            path: &pointer![path; field],
        };
        if let Some(id) = clean.element(id, 50, false, origin) {
            w.segment("REF", &["23", &id]);
        }
    }
    if subscriber {
        employment_dates(w, s);
    }
    for (qualifier, date) in &m.dates {
        w.date(qualifier, *date);
    }
    member_name(w, clean, person, &name, &path);
    if let Some(p) = person {
        contact(w, clean, p.contact.as_ref(), &name, &path);
        let home = p.home_address.as_ref();
        let home =
            home.and_then(|a| PostalAddress::of(clean, a, &name, &pointer![path; "person", "home_address"]));
        if let Some(a) = &home {
            a.write(w);
        }
        demographics(w, p);
        let home = home.filter(|_| m.mailing_is_home);
        mailing_address(w, clean, p, home.as_ref(), &name, &path);
    }
    let mut coverages = Vec::with_capacity(m.coverages.len());
    for hd in &m.coverages {
        let first = w.lines + 1;
        health_coverage(w, ctx, hd);
        if w.lines >= first {
            coverages.push(CoverageSpan {
                line_of_coverage: hd.coverage.line_of_coverage,
                plan_id: hd.coverage.plan_id.clone(),
                first_line: first,
                last_line: w.lines,
                difference_ids: hd.difference_ids.clone(),
            });
        }
    }
    MemberSpan {
        family,
        individual_reference: m.reference.clone(),
        first_line,
        last_line: w.lines,
        difference_ids: m.difference_ids.clone(),
        coverages,
    }
}

/// The subscriber's 2000 DTPs: hire (336), rehire (394), retirement (286),
/// employment end (337), where the snapshot has them.
fn employment_dates(w: &mut Writer, s: &Snapshot) {
    let dates = s
        .employee
        .as_ref()
        .and_then(|e| e.employment.as_ref())
        .and_then(|e| e.employment_dates.as_ref());
    let Some(d) = dates else { return };
    for (qualifier, date) in [
        ("336", d.hire_date),
        ("394", d.rehire),
        ("286", d.retirement),
        ("337", d.terminated),
    ] {
        if let Some(date) = date {
            w.date(qualifier, date);
        }
    }
}

/// 2100A NM1*IL: the name, and the SSN (NM108 `34`) when there is one.
fn member_name(w: &mut Writer, clean: &mut Clean, person: Option<&Person>, name: &str, path: &str) {
    let mut part = |value: Option<&String>, field: &str, element: &'static str, max: usize| {
        let origin = Origin {
            element,
            name,
            path: &pointer![path; "person", field],
        };
        value
            .and_then(|v| clean.element(v, max, true, origin))
            .unwrap_or_default()
    };
    let last = part(
        person.and_then(|p| p.last_name.as_ref()),
        "last_name",
        "NM103",
        60,
    );
    let first = part(
        person.and_then(|p| p.first_name.as_ref()),
        "first_name",
        "NM104",
        35,
    );
    let middle = part(
        person.and_then(|p| p.middle_name.as_ref()),
        "middle_name",
        "NM105",
        25,
    );
    let suffix = part(person.and_then(|p| p.suffix.as_ref()), "suffix", "NM107", 10);
    // The test validation asks too (`last_name_unwritable`): a family it
    // passes is never left out here.
    if !person
        .and_then(|p| p.last_name.as_deref())
        .is_some_and(crate::config::x12::carries)
    {
        clean.required(Origin {
            element: "NM103",
            name,
            path: &pointer![path; "person", "last_name"],
        });
    }
    let ssn = person.and_then(|p| p.ssn.as_deref()).unwrap_or_default();
    let qualifier = if ssn.is_empty() { "" } else { "34" };
    w.segment(
        "NM1",
        &["IL", "1", &last, &first, &middle, "", &suffix, qualifier, ssn],
    );
}

/// 2100A PER*IP: home phone, work phone, mobile phone and e-mail, the first
/// three the person has.
fn contact(w: &mut Writer, clean: &mut Clean, contact: Option<&Value>, name: &str, path: &str) {
    let Some(c) = contact else { return };
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (field, qualifier) in [("home_phone", "HP"), ("work_phone", "WP"), ("mobile_phone", "CP")] {
        let value = c.get(field).and_then(Value::as_str).unwrap_or_default();
        let (digits, reasons) = phone_number(value);
        if !reasons.is_empty() {
            let origin = Origin {
                element: "PER",
                name,
                path: &pointer![path; "person", "contact", field],
            };
            clean.altered(origin, &reasons.join("; "));
        }
        if !digits.is_empty() {
            pairs.push((qualifier, digits));
        }
    }
    if let Some(email) = c.get("email_address").and_then(Value::as_str) {
        let origin = Origin {
            element: "PER",
            name,
            path: &pointer![path; "person", "contact", "email_address"],
        };
        if let Some(email) = clean.element(email, 256, false, origin) {
            pairs.push(("EM", email));
        }
    }
    pairs.truncate(3);
    if pairs.is_empty() {
        return;
    }
    let mut elements: Vec<&str> = vec!["IP", ""];
    for (q, v) in &pairs {
        elements.push(q);
        elements.push(v);
    }
    w.segment("PER", &elements);
}

/// PER04/06/08's maximum length (AN 1/256).
const PER_MAX: usize = 256;

/// A phone number as PER writes it: its digits, up to an extension
/// (`ext 12`, `x12`, `extension 12`: left out, as 834s write numbers), a
/// `+1` NANP prefix dropped; and why it was written otherwise than given:
/// letters written as their keypad digits (`1-800-FLOWERS` is
/// `8003569377`), a number cut to the element's 256 characters.
fn phone_number(value: &str) -> (String, Vec<&'static str>) {
    let (mut digits, letters) = crate::model::phone::phone_digits(value);
    let mut reasons = Vec::new();
    if letters {
        reasons.push("letters written as their keypad digits");
    }
    if digits.len() > PER_MAX {
        digits.truncate(PER_MAX);
        reasons.push("cut to the element's maximum length");
    }
    (digits, reasons)
}

/// An address as N3 and N4 write it.
struct PostalAddress {
    street: String,
    street_two: String,
    city: String,
    state: &'static str,
    zip: String,
}

impl PostalAddress {
    /// The address's elements: `None` without a street or a city (N301 and
    /// N401 are required).
    fn of(clean: &mut Clean, a: &Address, name: &str, path: &str) -> Option<PostalAddress> {
        let mut part = |value: Option<&String>, field: &str, element: &'static str, max: usize| {
            let origin = Origin {
                element,
                name,
                path: &pointer![path; field],
            };
            value.and_then(|v| clean.element(v, max, true, origin))
        };
        let street = part(a.street_one.as_ref(), "street_one", "N301", 55);
        let street_two = part(a.street_two.as_ref(), "street_two", "N302", 55).unwrap_or_default();
        let city = part(a.city.as_ref(), "city", "N401", 30).filter(|c| c.len() >= 2);
        let (street, city) = (street?, city?);
        let state = match a.state {
            Some(State::PW | State::UM) => {
                let origin = Origin {
                    element: "N402",
                    name,
                    path: &pointer![path; "state"],
                };
                clean.altered(origin, "X12's list of states has no such code; N402 left out");
                ""
            }
            Some(s) => s.as_str(),
            None => "",
        };
        let zip = a
            .zip_code
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        Some(PostalAddress {
            street,
            street_two,
            city,
            state,
            zip,
        })
    }

    fn write(&self, w: &mut Writer) {
        w.segment("N3", &[&self.street, &self.street_two]);
        w.segment("N4", &[&self.city, self.state, &self.zip]);
    }
}

/// 2100A DMG: date of birth, sex and marital status, when the date of birth is known.
fn demographics(w: &mut Writer, p: &Person) {
    let Some(dob) = p.date_of_birth else { return };
    let marital = p.marital_status.map(codes::marital_status).unwrap_or_default();
    let dob = super::segments::ccyymmdd(dob);
    w.segment("DMG", &["D8", &dob, codes::sex(p.sex), marital]);
}

/// The mailing address a 2100C carries: the person's, when it differs from
/// the home address and has a street and a city.
pub(crate) fn separate_mailing(p: &Person) -> Option<&Address> {
    let mail = p.mailing_address.as_ref()?;
    let same = p.home_address.as_ref().is_some_and(|home| {
        home.street_one == mail.street_one
            && home.street_two == mail.street_two
            && home.city == mail.city
            && home.state == mail.state
            && home.zip_code == mail.zip_code
    });
    (!same && mail.street_one.is_some() && mail.city.is_some()).then_some(mail)
}

/// 2100C: the mailing address, when it differs from the home address; else
/// `home`, the home address as the 2100A wrote it, when given (a separate
/// mailing address the carrier holds is now the home address or removed:
/// the 2100C replaces it, where no 2100C would leave it in place).
fn mailing_address(
    w: &mut Writer,
    clean: &mut Clean,
    p: &Person,
    home: Option<&PostalAddress>,
    name: &str,
    path: &str,
) {
    let mail = separate_mailing(p)
        .and_then(|mail| PostalAddress::of(clean, mail, name, &pointer![path; "person", "mailing_address"]));
    if let Some(a) = mail.as_ref().or(home) {
        w.segment("NM1", &["31", "1"]);
        a.write(w);
    }
}

/// A 2300 loop: HD with the plan's codes, its dates, and the volume (AMT*FK).
fn health_coverage(w: &mut Writer, ctx: &Context, hd: &HealthCoverage) {
    let plan = ctx
        .config
        .index
        .lookup(&ctx.config.group, hd.coverage)
        .found()
        .map(|(_, p)| p);
    let codes = plan.and_then(|p| p.x12.as_ref());
    let line = codes
        .and_then(|c| c.insurance_line_code.as_deref())
        .or_else(|| hd.coverage.line_of_coverage.and_then(default_line_code));
    // A plan the configuration cannot name blocks the carrier (validation),
    // so this is reached only for coverages that are never exported.
    let Some(line) = line else { return };
    let plan_code = codes.and_then(|c| c.plan_code.as_deref()).unwrap_or_default();
    let configured = codes
        .and_then(|c| c.coverage_levels.as_ref())
        .and_then(|l| l.get(hd.level));
    let default = COVERAGE_LEVELS
        .iter()
        .find(|(k, _)| *k == hd.level)
        .map(|(_, code)| *code);
    let level = configured.map(String::as_str).or(default).unwrap_or_default();
    w.segment("HD", &[hd.maintenance, "", line, plan_code, level]);
    if let Some(start) = hd.member.effective_start_date {
        w.date("348", start);
    }
    if let Some(end) = hd.end {
        w.date("349", end);
    }
    if let Some(on) = hd.changed_on {
        w.date("303", on);
    }
    if let Some(volume) = hd.member.volume {
        w.segment("AMT", &["FK", &volume.to_string()]);
    }
}
