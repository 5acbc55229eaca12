//! Reading an 834 back (`parse834`): the interchange split into segments by
//! the separators its ISA declares, the envelope's counts and control
//! numbers checked, and the member loops read into one snapshot-shaped
//! report per subscriber (REF*0F), the document `engine.track` takes. Every
//! problem is an issue at the segment (position in its transaction set,
//! segment id, element, line), never a panic or a refusal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::config::x12::default_line_code;
use crate::config::Config;
use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::limits::Bounded;
use crate::diagnostic::{make_issue_at, Issue, Rule};
use crate::model::{Date, LineOfCoverage, Plan};

/// What `parse834` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Parsed834 {
    /// One snapshot-shaped report per subscriber (REF*0F), in the order of
    /// their first member loop: what `engine.track` takes as `report`.
    /// Holds the SSNs the file holds, like the file.
    #[cfg_attr(test, ts(type = "Array<Record<string, unknown>>"))]
    pub reports: Vec<Value>,
    /// Problems, each at its segment: `params.segment`, `params.position`
    /// (in its transaction set, ST = 1), `params.line` and, for an element,
    /// `params.element`.
    pub issues: Vec<Issue>,
}

/// One segment as read: its id, elements and where it stands.
#[derive(Debug, Clone)]
pub(crate) struct Segment<'t> {
    pub id: &'t str,
    /// Elements after the id (`elements[0]` is element 01).
    pub elements: Vec<&'t str>,
    /// 1-based line of its first character.
    pub line: usize,
    /// Its position in its transaction set (ST = 1), 0 outside one.
    pub position: usize,
}

impl Segment<'_> {
    /// The id as issues and the 999's IK301 name it: at most its first three
    /// letters or digits, upper-cased (`??` when it starts with neither). A
    /// segment whose separators are not the declared ones reads as one long
    /// "id" holding the whole segment — names, SSNs — which is never quoted.
    pub fn label(&self) -> String {
        let label: String = self
            .id
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(3)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if label.len() < 2 {
            "??".into()
        } else {
            label
        }
    }

    /// Element `n` (1-based), `""` when absent.
    pub fn el(&self, n: usize) -> &str {
        n.checked_sub(1)
            .and_then(|k| self.elements.get(k))
            .copied()
            .unwrap_or_default()
    }
}

/// An element quoted in an issue: only when it is shaped like the code it
/// should be (1–3 letters or digits, no SSN fits); `null` otherwise, so an
/// issue never carries a name, an SSN or a megabyte from the file.
fn code_param(value: &str) -> Option<&str> {
    let shaped = (1..=3).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
    shaped.then_some(value)
}

/// A count or control number quoted in an issue: 1–9 letters or digits
/// (what SE01/SE02, GE01/GE02 and IEA01/IEA02 hold), else `null`. In JS a
/// nine-digit one is masked like any nine-digit run.
fn control_param(value: &str) -> Option<&str> {
    let shaped = (1..=9).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
    shaped.then_some(value)
}

/// Collects issues located at segments: at most [`MAX_ISSUES`] are built,
/// the rest counted (`limits::Bounded`), so a file of 2,000,000 segments in
/// error costs its scan, not 2,000,000 issues built and dropped.
///
/// [`MAX_ISSUES`]: crate::diagnostic::limits::MAX_ISSUES
#[derive(Default)]
pub(crate) struct Issues(pub Bounded);

impl Issues {
    /// Reports `rule` at `s`; `detail` (the element, e.g. `DMG02`, and the
    /// params after `segment`, `position`, `line` and `element`) is called
    /// only when the issue is listed.
    pub fn at(&mut self, rule: &Rule, s: &Segment, detail: impl FnOnce() -> (Option<String>, Value)) {
        self.0.push_with(rule.severity, || {
            let (element, mut extra) = detail();
            let mut p = json!({ "segment": s.label(), "position": s.position, "line": s.line });
            if let (Some(m), Some(e)) = (p.as_object_mut(), element) {
                m.insert("element".into(), json!(e));
            }
            if let (Some(m), Some(more)) = (p.as_object_mut(), extra.as_object_mut()) {
                m.append(more);
            }
            make_issue_at(rule, "", p)
        });
    }

    /// Lists an issue built elsewhere (or counts it past the cap).
    pub fn push(&mut self, issue: Issue) {
        self.0.push(issue);
    }

    /// The issues a result returns: at most [`MAX_ISSUES`], the last
    /// `too_many_issues` when more were found.
    ///
    /// [`MAX_ISSUES`]: crate::diagnostic::limits::MAX_ISSUES
    pub fn finish(self) -> Vec<Issue> {
        self.0.finish(Vec::new())
    }
}

/// The segments of an interchange, from the separators at ISA's fixed
/// offsets (3: element, 104: component, 105: terminator). `None` when the
/// text does not start with an ISA of 106 characters. `ack999` reads
/// with it too (`x12/ack.rs`).
pub(crate) fn segments(text: &str) -> Option<Vec<Segment<'_>>> {
    let start = text.len() - text.trim_start().len();
    let body = text.get(start..)?;
    let isa = body.get(..106)?;
    if !isa.starts_with("ISA") {
        return None;
    }
    let element = isa.chars().nth(3)?;
    let terminator = isa.chars().nth(105)?;
    if isa.split(element).count() != 17 || element.is_alphanumeric() || terminator.is_alphanumeric() {
        return None;
    }
    let mut line = 1 + text.get(..start).map_or(0, |t| t.matches('\n').count());
    let mut out = Vec::new();
    let mut position = 0usize;
    for raw in body.split(terminator) {
        let lead = raw.len() - raw.trim_start_matches(['\r', '\n']).len();
        let seg_line = line + raw.get(..lead).map_or(0, |t| t.matches('\n').count());
        line += raw.matches('\n').count() + usize::from(terminator == '\n');
        let raw = raw.trim_start_matches(['\r', '\n']);
        if raw.trim().is_empty() {
            continue;
        }
        let mut parts = raw.split(element);
        let id = parts.next().unwrap_or_default();
        if id == "ST" {
            position = 1;
        } else if position > 0 {
            position += 1;
        }
        out.push(Segment {
            id,
            elements: parts.collect(),
            line: seg_line,
            position,
        });
        if id == "SE" {
            position = 0;
        }
    }
    Some(out)
}

/// One member loop as read.
#[derive(Default)]
struct Member {
    subscriber: bool,
    relationship: Option<&'static str>,
    subscriber_id: String,
    identifier: Option<String>,
    status: Option<&'static str>,
    person: Map<String, Value>,
    dates: Map<String, Value>,
    home: Map<String, Value>,
    mailing: Map<String, Value>,
    contact: Map<String, Value>,
    coverages: Vec<Enrollment>,
}

/// One 2300 loop as read.
#[derive(Default)]
struct Enrollment {
    line: Option<LineOfCoverage>,
    plan_id: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
    volume: Option<i64>,
}

/// Where in a member loop the reader is: which sub-loop N3/N4/DTP belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Header,
    Member,
    Mailing,
    /// A loop the report has no place for (2100B/D-H, 2310, 2320, LS/LE).
    Skipped,
    Coverage,
}

/// Reads an 834 into reports for `carrier_id` (its plans map HD03/HD04
/// back to plan ids).
pub(crate) fn parse(config: &Config, carrier_id: &str, text: &str) -> Parsed834 {
    let mut issues = Issues::default();
    let Some(segs) = segments(text) else {
        return Parsed834 {
            reports: Vec::new(),
            issues: vec![not_an_interchange()],
        };
    };
    for finding in envelope(&segs) {
        finding.report(&mut issues);
    }
    let plans = Plans::of(config, carrier_id);
    let members = members(&segs, &plans, &mut issues);
    Parsed834 {
        reports: reports(members, carrier_id),
        issues: issues.finish(),
    }
}

/// The fatal issue of a text without an ISA to read the separators from.
pub(crate) fn not_an_interchange() -> Issue {
    let p = json!({ "segment": "ISA", "position": 0, "line": 1 });
    make_issue_at(x::EDI_NOT_AN_INTERCHANGE, "", p)
}

/// What the envelope check finds: a trailer element that disagrees with
/// what it closes, or a header never closed. `parse834` reports them as
/// issues, `ack999` also as IK5/AK9 codes.
#[derive(Debug, Clone)]
pub(crate) enum Finding<'s, 't> {
    /// `segment`'s `element` (SE01, GE02, ...) should be `expected`.
    Mismatch {
        segment: &'s Segment<'t>,
        element: &'static str,
        expected: String,
    },
    /// `segment` (ST, GS or ISA) has no `trailer`.
    Unclosed {
        segment: &'s Segment<'t>,
        trailer: &'static str,
    },
}

impl Finding<'_, '_> {
    /// The finding as an issue at its segment.
    pub fn report(&self, issues: &mut Issues) {
        match self {
            Finding::Mismatch {
                segment,
                element,
                expected,
            } => {
                issues.at(x::EDI_ENVELOPE_MISMATCH, segment, || {
                    let found = segment.el(element_index(element));
                    let p = json!({ "expected": control_param(expected), "found": control_param(found) });
                    (Some((*element).to_owned()), p)
                });
            }
            Finding::Unclosed { segment, trailer } => {
                issues.at(x::EDI_TRAILER_MISSING, segment, || {
                    (None, json!({ "trailer": trailer }))
                });
            }
        }
    }
}

/// The envelope's trailers against what they close: SE01 and SE02, GE01
/// and GE02, IEA01 and IEA02; and the headers never closed (an ST followed
/// by another ST, GE or IEA before its SE is unclosed too).
pub(crate) fn envelope<'s, 't>(segs: &'s [Segment<'t>]) -> Vec<Finding<'s, 't>> {
    let mut out: Vec<Finding<'s, 't>> = Vec::new();
    let mismatch = |s: &'s Segment<'t>, element: &'static str, expected: String| Finding::Mismatch {
        segment: s,
        element,
        expected,
    };
    let (mut isa, mut gs, mut st): (Option<&Segment>, Option<&Segment>, Option<&Segment>) =
        (None, None, None);
    let (mut groups, mut sets) = (0usize, 0usize);
    for s in segs {
        match s.id {
            "ISA" => isa = Some(s),
            "GS" => {
                gs = Some(s);
                groups += 1;
                sets = 0;
            }
            "ST" => {
                if let Some(open) = st.take() {
                    out.push(Finding::Unclosed {
                        segment: open,
                        trailer: "SE",
                    });
                }
                st = Some(s);
                sets += 1;
            }
            "SE" => {
                if s.el(1) != s.position.to_string() {
                    out.push(mismatch(s, "SE01", s.position.to_string()));
                }
                if let Some(st) = st.filter(|st| st.el(2) != s.el(2)) {
                    out.push(mismatch(s, "SE02", st.el(2).to_owned()));
                }
                st = None;
            }
            "GE" => {
                if let Some(open) = st.take() {
                    out.push(Finding::Unclosed {
                        segment: open,
                        trailer: "SE",
                    });
                }
                if s.el(1) != sets.to_string() {
                    out.push(mismatch(s, "GE01", sets.to_string()));
                }
                if let Some(gs) = gs.filter(|gs| gs.el(6) != s.el(2)) {
                    out.push(mismatch(s, "GE02", gs.el(6).to_owned()));
                }
                gs = None;
            }
            "IEA" => {
                if s.el(1) != groups.to_string() {
                    out.push(mismatch(s, "IEA01", groups.to_string()));
                }
                if let Some(isa) = isa.filter(|isa| isa.el(13) != s.el(2)) {
                    out.push(mismatch(s, "IEA02", isa.el(13).to_owned()));
                }
                isa = None;
            }
            _ => {}
        }
    }
    let open = [(st, "SE"), (gs, "GE"), (isa, "IEA")];
    for (opened, trailer) in open {
        if let Some(segment) = opened {
            out.push(Finding::Unclosed { segment, trailer });
        }
    }
    out
}

/// `SE01` → 1.
fn element_index(element: &str) -> usize {
    element
        .get(element.len().saturating_sub(2)..)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The carrier's plans, for HD04 (their `x12.plan_code`) and HD03 (their line code).
/// The carrier's plans indexed by what an HD names them by: one lookup per
/// HD, not a scan of the configuration (a file of 250,000 HDs against a
/// configuration of thousands of plans stays linear).
struct Plans<'c> {
    /// HD04 → the first plan with that `x12.plan_code`.
    by_code: BTreeMap<&'c str, &'c Plan>,
    /// HD03 → the plan with that line code, `None` when several share it.
    by_line: BTreeMap<&'c str, Option<&'c Plan>>,
}

impl<'c> Plans<'c> {
    fn of(config: &'c Config, carrier_id: &str) -> Plans<'c> {
        let mut by_code = BTreeMap::new();
        let mut by_line = BTreeMap::new();
        for p in config.group.plans.iter().filter(|p| p.carrier_id == carrier_id) {
            if let Some(code) = plan_code_of(p) {
                by_code.entry(code).or_insert(p);
            }
            if let Some(line) = line_code_of(p) {
                by_line
                    .entry(line)
                    .and_modify(|found| *found = None)
                    .or_insert(Some(p));
            }
        }
        Plans { by_code, by_line }
    }

    /// The plan an HD names: its plan code, else the only plan with its line code.
    fn find(&self, line_code: &str, plan_code: &str) -> Option<&'c Plan> {
        if !plan_code.is_empty() {
            if let Some(p) = self.by_code.get(plan_code) {
                return Some(p);
            }
        }
        self.by_line.get(line_code).copied().flatten()
    }
}

/// A plan's HD04: its `x12.plan_code`.
fn plan_code_of(p: &Plan) -> Option<&str> {
    p.x12.as_ref().and_then(|c| c.plan_code.as_deref())
}

/// A plan's HD03: its `x12.insurance_line_code`, else its line's default.
fn line_code_of(p: &Plan) -> Option<&str> {
    let given = p.x12.as_ref().and_then(|c| c.insurance_line_code.as_deref());
    given.or_else(|| p.line_of_coverage.and_then(default_line_code))
}

/// The member loops of every transaction set, in order.
fn members(segs: &[Segment], plans: &Plans, issues: &mut Issues) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    let mut place = Place::Header;
    // After an INS that is neither a subscriber's nor a dependent's
    // (INS01 not Y or N), its loop is skipped: nothing to read it into.
    let mut skipping = false;
    for s in segs {
        if skipping && !matches!(s.id, "INS" | "ST" | "SE" | "ISA" | "GS" | "GE" | "IEA") {
            continue;
        }
        skipping = false;
        match s.id {
            "ISA" | "GS" | "GE" | "IEA" => {}
            "ST" | "SE" => place = Place::Header,
            "INS" if !matches!(s.el(1), "Y" | "N") => {
                let reason = "INS01 is neither Y (subscriber) nor N (dependent); the loop is skipped";
                invalid(s, "INS01", reason, issues);
                skipping = true;
            }
            "INS" => {
                out.push(member_of(s, issues));
                place = Place::Member;
            }
            _ if place == Place::Header => {
                if !matches!(
                    s.id,
                    "BGN" | "REF" | "DTP" | "QTY" | "N1" | "N2" | "N3" | "N4" | "PER" | "ACT"
                ) {
                    unexpected(s, issues);
                }
            }
            "HD" => {
                if let Some(m) = out.last_mut() {
                    m.coverages.push(enrollment_of(s, plans, issues));
                }
                place = Place::Coverage;
            }
            "NM1" => {
                place = match s.el(1) {
                    "IL" | "74" => {
                        if let Some(m) = out.last_mut() {
                            name(s, m, issues);
                        }
                        Place::Member
                    }
                    "31" => Place::Mailing,
                    _ => Place::Skipped,
                }
            }
            "LX" | "COB" | "LS" => place = Place::Skipped,
            "LE" => place = Place::Member,
            _ if place == Place::Skipped => {}
            _ => {
                if let Some(m) = out.last_mut() {
                    member_segment(s, place, m, issues);
                }
            }
        }
    }
    out
}

fn unexpected(s: &Segment, issues: &mut Issues) {
    issues.at(x::EDI_SEGMENT_UNEXPECTED, s, || (None, json!({})));
}

/// `edi_element_invalid` at `element` of `s`, for `reason`.
fn invalid(s: &Segment, element: &str, reason: &str, issues: &mut Issues) {
    issues.at(x::EDI_ELEMENT_INVALID, s, || {
        (Some(element.to_owned()), json!({ "reason": reason }))
    });
}

/// A date element `CCYYMMDD`; an issue when it is not one.
fn date(s: &Segment, n: usize, element: &str, issues: &mut Issues) -> Option<Date> {
    let v = s.el(n);
    let digits = v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit());
    let year = v.get(0..4).and_then(|t| t.parse::<i32>().ok());
    let part = |r: std::ops::Range<usize>| v.get(r).and_then(|t| t.parse::<u8>().ok());
    let parsed = match (digits, year, part(4..6), part(6..8)) {
        (true, Some(y), Some(m), Some(d)) if y >= 1 => Date::from_ymd(y, m, d),
        _ => None,
    };
    if parsed.is_none() {
        invalid(s, element, "not a date CCYYMMDD", issues);
    }
    parsed
}

/// A REF02 as the report keeps it: at most REF02's 50 characters of
/// printable ASCII; an issue otherwise (an id is copied into every
/// enrollment of its member, so a long one would multiply).
fn reference(s: &Segment, issues: &mut Issues) -> Option<String> {
    let v = s.el(2);
    let ok = (1..=50).contains(&v.len()) && v.bytes().all(|b| (0x20..=0x7e).contains(&b));
    if !ok {
        invalid(s, "REF02", "not 1 to 50 characters X12 can carry", issues);
    }
    ok.then(|| v.to_owned())
}

/// An INS segment: who the member is.
fn member_of(s: &Segment, issues: &mut Issues) -> Member {
    let subscriber = s.el(1) == "Y";
    let relationship = if subscriber {
        None
    } else {
        let code = s.el(2);
        let r = relationship(code);
        if r.is_none() {
            issues.at(x::EDI_CODE_UNMAPPED, s, || {
                let p = json!({ "code": code_param(code), "as": "other" });
                (Some("INS02".into()), p)
            });
        }
        Some(r.unwrap_or("other"))
    };
    let status = match s.el(8) {
        "FT" => Some("full-time"),
        "PT" => Some("part-time"),
        "TE" => Some("terminated"),
        "RT" => Some("retired"),
        _ => None,
    };
    Member {
        subscriber,
        relationship,
        status: status.filter(|_| subscriber),
        ..Member::default()
    }
}

/// INS02 back to the snapshot's relationship (`codes::relationship` reversed).
fn relationship(code: &str) -> Option<&'static str> {
    Some(match code {
        "01" => "spouse",
        "19" => "child",
        "53" => "domestic-partner",
        "17" => "step-child",
        "10" => "foster-child",
        "09" => "adopted-child",
        "05" => "grandchild",
        "15" => "legal-guardianship",
        "25" => "ex-spouse",
        "G8" => "other",
        _ => return None,
    })
}

/// NM1*IL: the name, and the SSN when NM108 is `34`.
fn name(s: &Segment, m: &mut Member, issues: &mut Issues) {
    let fields = [
        (3, "last_name"),
        (4, "first_name"),
        (5, "middle_name"),
        (7, "suffix"),
    ];
    for (n, key) in fields {
        if !s.el(n).is_empty() {
            m.person.insert(key.into(), json!(s.el(n)));
        }
    }
    if s.el(8) == "34" && !s.el(9).is_empty() {
        // Nine digits, however separated: kept as nine plain digits, the
        // form every layer (and the JS privacy layer's masking) knows. Any
        // other text is not an SSN and is not read.
        let v = s.el(9);
        let digits: String = v.chars().filter(char::is_ascii_digit).collect();
        let separators = v.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' '));
        if digits.len() == 9 && separators {
            m.person.insert("ssn".into(), json!(digits));
        } else {
            invalid(s, "NM109", "not a nine-digit SSN", issues);
        }
    }
}

/// A 2000/2100A/2100C/2300 segment of the current member.
fn member_segment(s: &Segment, place: Place, m: &mut Member, issues: &mut Issues) {
    match (s.id, place) {
        ("REF", Place::Member) => match s.el(1) {
            "0F" => m.subscriber_id = reference(s, issues).unwrap_or_default(),
            "23" => m.identifier = reference(s, issues),
            _ => {}
        },
        ("DTP", Place::Member) => {
            let key = match s.el(1) {
                "336" => "hire_date",
                "394" => "rehire",
                "286" => "retirement",
                "337" => "terminated",
                _ => return,
            };
            if let Some(d) = date(s, 3, "DTP03", issues) {
                m.dates.insert(key.into(), json!(d));
            }
        }
        ("DTP", Place::Coverage) => {
            let Some(c) = m.coverages.last_mut() else { return };
            let d = date(s, 3, "DTP03", issues);
            match s.el(1) {
                "348" => c.start = d,
                "349" => c.end = d,
                _ => {}
            }
        }
        ("AMT", Place::Coverage) if s.el(1) == "FK" => {
            let Some(c) = m.coverages.last_mut() else { return };
            // A volume is a whole number of dollars within int32 (as the
            // snapshot's schema has it); "200000.00" is one.
            c.volume = s
                .el(2)
                .parse::<f64>()
                .ok()
                .filter(|v| v.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(v))
                .map(|v| v as i64);
            if c.volume.is_none() {
                let reason = "not a whole number of dollars from 0 to 2147483647";
                invalid(s, "AMT02", reason, issues);
            }
        }
        ("PER", Place::Member) => {
            for k in [3usize, 5, 7] {
                let key = match s.el(k) {
                    "HP" => "home_phone",
                    "WP" => "work_phone",
                    "CP" => "mobile_phone",
                    "EM" => "email_address",
                    _ => continue,
                };
                m.contact.insert(key.into(), json!(s.el(k + 1)));
            }
        }
        ("N3" | "N4", Place::Member | Place::Mailing) => {
            let address = if place == Place::Mailing {
                &mut m.mailing
            } else {
                &mut m.home
            };
            address_segment(s, address);
        }
        ("DMG", Place::Member) => demographics(s, m, issues),
        _ => {}
    }
}

fn address_segment(s: &Segment, a: &mut Map<String, Value>) {
    let mut put = |key: &str, v: &str| {
        if !v.is_empty() {
            a.insert(key.into(), json!(v));
        }
    };
    if s.id == "N3" {
        put("street_one", s.el(1));
        put("street_two", s.el(2));
        return;
    }
    put("city", s.el(1));
    put("state", s.el(2));
    // As written: a ZIP+4 is nine digits in N403, and nine digits in a row
    // read as an SSN, which the output masks. Written `53871-4296` it would
    // leave unmasked — the engine must not turn what may be an SSN into a
    // form the privacy layer does not recognise (docs/api.md, Privacy).
    put("zip_code", s.el(3));
}

/// DMG: date of birth, sex, marital status.
fn demographics(s: &Segment, m: &mut Member, issues: &mut Issues) {
    if let Some(d) = date(s, 2, "DMG02", issues) {
        m.person.insert("date_of_birth".into(), json!(d));
    }
    if matches!(s.el(3), "F" | "M" | "U") {
        m.person.insert("sex".into(), json!(s.el(3)));
    }
    let marital = match s.el(4) {
        "" => return,
        "I" => "single",
        "M" => "married",
        "B" => "domestic-partner",
        "D" => "divorced",
        "W" => "widowed",
        "X" => "legally-separated",
        code => {
            issues.at(x::EDI_CODE_UNMAPPED, s, || {
                let p = json!({ "code": code_param(code), "as": "nothing" });
                (Some("DMG04".into()), p)
            });
            return;
        }
    };
    m.person.insert("marital_status".into(), json!(marital));
}

/// An HD: the plan it names at the carrier.
fn enrollment_of(s: &Segment, plans: &Plans, issues: &mut Issues) -> Enrollment {
    let plan = plans.find(s.el(3), s.el(4));
    if plan.is_none() {
        issues.at(x::EDI_PLAN_UNKNOWN, s, || {
            (Some("HD03".into()), json!({ "line_code": code_param(s.el(3)) }))
        });
    }
    Enrollment {
        line: plan.and_then(|p| p.line_of_coverage),
        plan_id: plan.map(|p| p.id.clone()),
        ..Enrollment::default()
    }
}

/// An id as the platform gave it: a UUID is an `id`, anything else a
/// `custom_individual_id` (REF*23 holds the custom id when there is one).
fn id_field(id: &str) -> &'static str {
    if crate::read::formats::is_uuid(id) {
        "id"
    } else {
        "custom_individual_id"
    }
}

/// The members grouped by subscriber into snapshot-shaped reports.
fn reports(members: Vec<Member>, carrier_id: &str) -> Vec<Value> {
    let mut order: Vec<String> = Vec::new();
    let mut families: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for m in members {
        let key = m.subscriber_id.clone();
        if !families.contains_key(&key) {
            order.push(key.clone());
        }
        families.entry(key).or_default().push(m);
    }
    order
        .iter()
        .filter_map(|k| families.remove(k))
        .map(|family| report(family, carrier_id))
        .collect()
}

/// A report's coverage: its line and plan id.
type CoverageKey = (Option<LineOfCoverage>, Option<String>);

/// One family's report.
fn report(family: Vec<Member>, carrier_id: &str) -> Value {
    let mut employee = Map::new();
    let mut dependents: Vec<Value> = Vec::new();
    // (line, plan) → enrolled members, in order of first appearance.
    let mut coverages: Vec<(CoverageKey, Vec<Value>)> = Vec::new();
    // Key → place in `coverages`: one lookup per enrollment, not a scan.
    let mut index: BTreeMap<CoverageKey, usize> = BTreeMap::new();
    for m in family {
        let Member {
            subscriber,
            relationship,
            identifier,
            status,
            mut person,
            dates,
            home,
            mailing,
            contact,
            coverages: enrolled,
            ..
        } = m;
        if !home.is_empty() {
            person.insert(
                "mailing_address".into(),
                json!(if mailing.is_empty() { &home } else { &mailing }),
            );
            person.insert("home_address".into(), Value::Object(home));
        }
        if !contact.is_empty() {
            person.insert("contact".into(), Value::Object(contact));
        }
        let mut doc = Map::new();
        let id = identifier.unwrap_or_default();
        if !id.is_empty() {
            doc.insert(id_field(&id).into(), json!(id));
        }
        let individual_type = if subscriber { "employee" } else { "dependent" };
        if subscriber {
            let mut employment = Map::new();
            if let Some(st) = status {
                employment.insert("employment_status".into(), json!(st));
            }
            if !dates.is_empty() {
                employment.insert("employment_dates".into(), Value::Object(dates));
            }
            doc.insert("person".into(), Value::Object(person));
            if !employment.is_empty() {
                doc.insert("employment".into(), Value::Object(employment));
            }
            employee = doc;
        } else {
            doc.insert("relationship".into(), json!(relationship.unwrap_or("other")));
            doc.insert("person".into(), Value::Object(person));
            dependents.push(Value::Object(doc));
        }
        // A coverage without a line (its HD named no plan: `edi_plan_unknown`)
        // has no place in the report: not built (a file of 300,000 unknown
        // HDs built as many enrolled members to drop them).
        for e in enrolled.into_iter().filter(|e| e.line.is_some()) {
            let mut member = json!({ "individual_type": individual_type });
            if let Some(map) = member.as_object_mut() {
                if !id.is_empty() {
                    let key = if id_field(&id) == "id" {
                        "individual_id"
                    } else {
                        "custom_individual_id"
                    };
                    map.insert(key.into(), json!(id));
                }
                if let Some(start) = e.start {
                    map.insert("effective_start_date".into(), json!(start));
                }
                map.insert(
                    "effective_end_date".into(),
                    json!(e.end.unwrap_or(Date::OPEN_END)),
                );
                if let Some(v) = e.volume {
                    map.insert("volume".into(), json!(v));
                }
            }
            let key = (e.line, e.plan_id);
            match index.get(&key).and_then(|&k| coverages.get_mut(k)) {
                Some((_, members)) => members.push(member),
                None => {
                    index.insert(key.clone(), coverages.len());
                    coverages.push((key, vec![member]));
                }
            }
        }
    }
    let coverages: Vec<Value> = coverages
        .into_iter()
        .filter(|((line, _), _)| line.is_some())
        .map(|((line, plan), members)| {
            json!({
                "carrier_id": carrier_id,
                "line_of_coverage": line,
                "plan_id": plan,
                "enrolled_members": members,
            })
        })
        .collect();
    json!({
        "snapshot_mode": "current_open",
        "employee": employee,
        "dependents": dependents,
        "coverages": coverages,
    })
}
