//! Reading an 834 back (`parse834`): the interchange split into segments by
//! the separators its ISA declares, the envelope's counts and control
//! numbers checked, and the member loops read into one snapshot-shaped
//! report per subscriber (REF*0F), the document `engine.track` takes. Every
//! problem is an issue at the segment (position in its transaction set,
//! segment id, element, line), never a panic or a refusal. A segment a
//! loop holds once, found twice, is a lost INS or HD: what follows is not
//! read over the loop before (two people or coverages are never one); a
//! family's second subscriber loop is reported, not read over the first;
//! a segment the reader does not read where it stands is reported, never
//! dropped silently (review 31c).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::x12::default_line_code;
use crate::config::Config;
use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::limits::Bounded;
use crate::diagnostic::{make_issue_at, Issue, Rule};
use crate::model::{Date, EmploymentStatus, LineOfCoverage, MaritalStatus, Plan, Relationship, Sex};
use crate::x12::changes::TERMINATION;
use crate::x12::report::{Address, Enrollment, Families, Member, PersonFields, Report, Volume};

/// What `parse834` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Parsed834 {
    /// One snapshot-shaped report per subscriber (REF*0F), in the order of
    /// their first member loop: what `engine.track` takes as `report` (its
    /// `reported_by` scopes tracking to the carrier and the 834's fields).
    /// In JS an SSN shows masked (`*****1234`), as in every result; the
    /// Rust value holds the file's SSNs, as the file does.
    #[cfg_attr(test, ts(type = "Array<Record<string, unknown>>"))]
    pub reports: Vec<Report>,
    /// Problems, each at its segment: `params.segment`, `params.position`
    /// (in its transaction set, ST = 1), `params.line` and, for an element,
    /// `params.element`.
    pub issues: Vec<Issue>,
}

impl Parsed834 {
    /// The reports as JSON values, the text JS gets parsed (for tests and
    /// callers that index them).
    pub fn report_values(&self) -> Vec<Value> {
        self.reports.iter().map(Report::to_value).collect()
    }
}

/// One segment as read: its id, elements and where it stands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment<'t> {
    pub id: &'t str,
    /// The text after the id and its separator: the elements, split only
    /// when one is read (`el`). A `Vec` of them per segment was 40 bytes
    /// and an allocation for each of a file's 420,000 segments.
    elements: &'t str,
    separator: char,
    /// 1-based line of its first character.
    pub line: usize,
    /// Its position in its transaction set (ST = 1), 0 outside one.
    pub position: usize,
}

impl<'t> Segment<'t> {
    /// The id as issues and the 999's IK301 name it: at most its first three
    /// letters or digits, upper-cased, when they are shaped like a segment
    /// id — a letter, then letters, a digit only last (`NM1`, `N4`, `IK3`) —
    /// else `??`. A segment whose separators are not the declared ones reads
    /// as one long "id" holding the whole segment — names, SSNs — which is
    /// never quoted; a value holding the terminator (`REF*23*A~219-45-3876~`)
    /// makes a segment whose id is an SSN, and `219` would be its hidden digits.
    pub fn label(&self) -> String {
        let label: String = self
            .id
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(3)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = label.as_bytes();
        let shaped = bytes.len() >= 2
            && bytes.first().is_some_and(u8::is_ascii_alphabetic)
            && bytes
                .get(..bytes.len() - 1)
                .is_some_and(|head| head.iter().all(u8::is_ascii_alphabetic));
        if shaped {
            label
        } else {
            "??".into()
        }
    }

    /// Element `n` (1-based), `""` when absent. Reads stop at element
    /// `n`: a reader asks for a few of the first dozen elements.
    pub fn el(&self, n: usize) -> &'t str {
        let Some(k) = n.checked_sub(1) else { return "" };
        if self.separator.is_ascii() {
            // A byte scan: `str::split` by a char (a memchr, then a memcmp
            // of its bytes per match) made `ack999` of 1,000,000 `INS~`
            // a third slower than the elements split once into a `Vec`.
            let sep = self.separator as u8;
            return nth_field(self.elements, sep, k);
        }
        self.elements.split(self.separator).nth(k).unwrap_or_default()
    }

    /// How many elements the segment holds, empty ones between separators
    /// included (`INS*Y*18` holds 2).
    pub fn element_count(&self) -> usize {
        if self.elements.is_empty() {
            return 0;
        }
        self.elements.matches(self.separator).count() + 1
    }

    /// Whether the segment ends with an element separator (`…*FT*~`),
    /// which X12 forbids: trailing empty elements are left out.
    pub fn ends_with_separator(&self) -> bool {
        self.elements.ends_with(self.separator)
    }

    /// The segment's identity: where its text starts (each starts at its
    /// own byte of the interchange), the same for every copy of it.
    pub fn address(&self) -> usize {
        self.id.as_ptr() as usize
    }
}

/// Field `k` (0-based) of `text` split at the ASCII byte `sep`, `""` when absent.
fn nth_field(text: &str, sep: u8, k: usize) -> &str {
    let mut start = 0usize;
    for _ in 0..k {
        let next = text
            .as_bytes()
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == sep));
        match next {
            Some(i) => start += i + 1,
            None => return "",
        }
    }
    let rest = text.get(start..).unwrap_or_default();
    let end = rest.bytes().position(|b| b == sep).unwrap_or(rest.len());
    // `sep` is ASCII: both ends are character boundaries.
    rest.get(..end).unwrap_or_default()
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
/// offsets (3: element, 104: component, 105: terminator), read one at a
/// time: `parse834` reads them twice (the envelope, then the member loops)
/// rather than hold them. `None` when the text does not start with an ISA
/// of 106 characters. `ack999` reads with it too (`x12/ack.rs`).
pub(crate) fn segments(text: &str) -> Option<Segments<'_>> {
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
    Some(Segments {
        raw: body.split(terminator),
        element,
        newline_terminated: terminator == '\n',
        line: 1 + text.get(..start).map_or(0, |t| t.matches('\n').count()),
        position: 0,
    })
}

/// The segments of an interchange, in order (`segments`).
#[derive(Clone)]
pub(crate) struct Segments<'t> {
    raw: std::str::Split<'t, char>,
    element: char,
    newline_terminated: bool,
    /// The line the next raw segment starts on.
    line: usize,
    /// The last segment's position in its transaction set.
    position: usize,
}

impl<'t> Iterator for Segments<'t> {
    type Item = Segment<'t>;

    fn next(&mut self) -> Option<Segment<'t>> {
        loop {
            let raw = self.raw.next()?;
            let lead = raw.len() - raw.trim_start_matches(['\r', '\n']).len();
            let seg_line = self.line + raw.get(..lead).map_or(0, |t| t.matches('\n').count());
            self.line += raw.matches('\n').count() + usize::from(self.newline_terminated);
            let raw = raw.trim_start_matches(['\r', '\n']);
            if raw.trim().is_empty() {
                continue;
            }
            let (id, elements) = raw.split_once(self.element).unwrap_or((raw, ""));
            if id == "ST" {
                self.position = 1;
            } else if self.position > 0 {
                self.position += 1;
            }
            let position = self.position;
            if id == "SE" {
                self.position = 0;
            }
            return Some(Segment {
                id,
                elements,
                separator: self.element,
                line: seg_line,
                position,
            });
        }
    }
}

/// Where in a member loop the reader is: which sub-loop N3/N4/DTP belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Header,
    Member,
    Mailing,
    /// A loop the report has no place for (2100B/D-H, 2200, 2310-2330, LS/LE).
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
    for finding in envelope(segs.clone()) {
        finding.report(&mut issues);
    }
    let plans = Plans::of(config, carrier_id);
    Parsed834 {
        // Copies of subscriber addresses into dependents: at most twice
        // the file's size (`Families::finish`).
        reports: members(
            segs,
            &plans,
            Families::new(carrier_id, 2 * text.len()),
            &mut issues,
        ),
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
pub(crate) enum Finding<'t> {
    /// `segment`'s `element` (SE01, GE02, ...) should be `expected`.
    Mismatch {
        segment: Segment<'t>,
        element: &'static str,
        expected: String,
    },
    /// `segment` (ST, GS or ISA) has no `trailer`.
    Unclosed {
        segment: Segment<'t>,
        trailer: &'static str,
    },
}

impl Finding<'_> {
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
pub(crate) fn envelope<'t>(segs: impl IntoIterator<Item = Segment<'t>>) -> Vec<Finding<'t>> {
    let mut out: Vec<Finding<'t>> = Vec::new();
    let mismatch = |s: Segment<'t>, element: &'static str, expected: String| Finding::Mismatch {
        segment: s,
        element,
        expected,
    };
    let (mut isa, mut gs, mut st): (Option<Segment>, Option<Segment>, Option<Segment>) = (None, None, None);
    let (mut groups, mut sets) = (0usize, 0usize);
    for s in segs {
        match s.id {
            // A header while the last one is open: that one's trailer is
            // missing (review 26c: a GS with no GE before the next GS was
            // acknowledged as accepted).
            "ISA" => {
                if let Some(segment) = isa.replace(s) {
                    out.push(Finding::Unclosed {
                        segment,
                        trailer: "IEA",
                    });
                }
                // IEA01 counts the groups of its own interchange (review
                // 31c: a file of two interchanges, each `IEA*1`).
                groups = 0;
            }
            "GS" => {
                if let Some(open) = st.take() {
                    out.push(Finding::Unclosed {
                        segment: open,
                        trailer: "SE",
                    });
                }
                if let Some(segment) = gs.replace(s) {
                    out.push(Finding::Unclosed {
                        segment,
                        trailer: "GE",
                    });
                }
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
                if !counts(s.el(1), s.position, 10) {
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
                if !counts(s.el(1), sets, 6) {
                    out.push(mismatch(s, "GE01", sets.to_string()));
                }
                if let Some(gs) = gs.filter(|gs| gs.el(6) != s.el(2)) {
                    out.push(mismatch(s, "GE02", gs.el(6).to_owned()));
                }
                gs = None;
            }
            "IEA" => {
                if !counts(s.el(1), groups, 5) {
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

/// Whether a count element (SE01 N0 1/10, GE01 N0 1/6, IEA01 N0 1/5) of
/// at most `max` digits says `n`: compared as a number, as pyx12 reads N0
/// elements, so `018` is 18. The control numbers (SE02, GE02, IEA02) are
/// compared as text, as pyx12 compares them.
pub(crate) fn counts(v: &str, n: usize, max: usize) -> bool {
    count_value(v, max) == Some(n)
}

/// A count element's number: 1 to `max` digits; `None` for anything else.
pub(crate) fn count_value(v: &str, max: usize) -> Option<usize> {
    let digits = (1..=max).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| v.parse().ok()).flatten()
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
    /// HD03 → the line of coverage of its plans, `None` when they differ.
    line_of: BTreeMap<&'c str, Option<LineOfCoverage>>,
}

/// What an HD names at the carrier.
enum Named<'c> {
    Plan(&'c Plan),
    /// HD04 is no plan's code: the line (from HD03) when known, no plan.
    UnknownCode(Option<LineOfCoverage>),
    /// No HD04, and HD03 is the line code of no plan or of several.
    Nothing,
}

impl<'c> Plans<'c> {
    fn of(config: &'c Config, carrier_id: &str) -> Plans<'c> {
        let mut by_code = BTreeMap::new();
        let mut by_line = BTreeMap::new();
        let mut line_of: BTreeMap<&str, Option<LineOfCoverage>> = BTreeMap::new();
        for p in config.group.plans.iter().filter(|p| p.carrier_id == carrier_id) {
            if let Some(code) = plan_code_of(p) {
                by_code.entry(code).or_insert(p);
            }
            if let Some(line) = line_code_of(p) {
                by_line
                    .entry(line)
                    .and_modify(|found| *found = None)
                    .or_insert(Some(p));
                line_of
                    .entry(line)
                    .and_modify(|l| *l = l.filter(|l| Some(*l) == p.line_of_coverage))
                    .or_insert(p.line_of_coverage);
            }
        }
        Plans {
            by_code,
            by_line,
            line_of,
        }
    }

    /// The plan an HD names: its plan code; without one, the only plan with
    /// its line code. A plan code the carrier's plans do not have is not
    /// read as the line's plan: the carrier holds another plan than the
    /// platform's, which `track` must see.
    fn find(&self, line_code: &str, plan_code: &str) -> Named<'c> {
        if plan_code.is_empty() {
            return self
                .by_line
                .get(line_code)
                .copied()
                .flatten()
                .map_or(Named::Nothing, Named::Plan);
        }
        match self.by_code.get(plan_code) {
            Some(p) => Named::Plan(p),
            None => Named::UnknownCode(self.line_of.get(line_code).copied().flatten()),
        }
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

/// The member loop being read: the person, its INS, and which of the
/// segments a loop holds once it has had (a second one means a lost INS or
/// HD: the two people or coverages must not be read as one).
struct Open<'t, 'c> {
    member: Member<'c>,
    ins: Segment<'t>,
    /// REF*0F (2000), NM1*IL and NM1*74 (2100A), DMG (2100A).
    subscriber_id: bool,
    named: bool,
    corrected: bool,
    demographics: bool,
    /// DTP*348 and DTP*349 of the current HD.
    start: bool,
    end: bool,
    /// The current HD, and the DTP its end was read from (349, or a 348
    /// RD8 range), for the checks made once its loop is read (`close_coverage`).
    hd: Option<Segment<'t>>,
    end_at: Option<Segment<'t>>,
}

impl<'t, 'c> Open<'t, 'c> {
    fn new(ins: Segment<'t>, member: Member<'c>) -> Open<'t, 'c> {
        Open {
            member,
            ins,
            subscriber_id: false,
            named: false,
            corrected: false,
            demographics: false,
            start: false,
            end: false,
            hd: None,
            end_at: None,
        }
    }

    /// Opens the 2300 loop of `hd` (the one before is read whole).
    fn open_coverage(&mut self, hd: Segment<'t>, e: Enrollment<'c>, issues: &mut Issues) {
        self.close_coverage(issues);
        self.member.coverages.push(e);
        (self.start, self.end, self.hd, self.end_at) = (false, false, Some(hd), None);
    }

    /// A 2300 DTP: 348 the start (an RD8 range: the start, and the end
    /// unless a DTP*349 gives it), 349 the end.
    fn coverage_date(&mut self, s: &Segment<'t>, issues: &mut Issues) {
        let Some(c) = self.member.coverages.last_mut() else {
            return;
        };
        let range = s.el(2) == "RD8";
        match (s.el(1), range) {
            ("348", false) => c.start = date(s, 3, "DTP03", issues),
            ("348", true) => {
                let (start, end) = date_range(s, issues).unzip();
                c.start = start;
                if !self.end {
                    (c.end, self.end_at) = (end, Some(*s));
                }
            }
            ("349", _) => {
                c.end = match range {
                    true => date_range(s, issues).map(|(_, end)| end),
                    false => date(s, 3, "DTP03", issues),
                };
                self.end_at = Some(*s);
            }
            _ => {}
        }
    }

    /// The current HD loop read whole: an issue at the HD without its
    /// required DTP*348, or ended (HD01 `024`) without an end; at the
    /// end's DTP when it comes before the start. An end not read (a
    /// cancellation's missing or invalid one, one before the start) is
    /// unknown, not open-ended: the report leaves it out.
    fn close_coverage(&mut self, issues: &mut Issues) {
        let Some(hd) = self.hd.take() else { return };
        let Some(c) = self.member.coverages.last_mut() else {
            return;
        };
        let missing = |what: &'static str, issues: &mut Issues| {
            issues.at(x::EDI_SEGMENT_MISSING, &hd, || (None, json!({ "missing": what })));
        };
        // A termination may carry its end alone (x12.org's example 04:
        // the DTP*348 replaced by the DTP*349).
        let ended = hd.el(1) == TERMINATION;
        if !self.start && !ended {
            missing("DTP*348", issues);
        }
        if c.end.is_none() && ended {
            if !self.end {
                missing("DTP*349", issues);
            }
            c.end_unknown = true;
        }
        // A DTP*349 whose date is invalid is no open end either.
        c.end_unknown |= self.end && c.end.is_none();
        if let (Some(start), Some(end), Some(at)) = (c.start, c.end, self.end_at) {
            if end < start {
                invalid(
                    &at,
                    "DTP03",
                    "an end before the coverage's start (DTP*348)",
                    issues,
                );
                (c.end, c.end_unknown) = (None, true);
            }
        }
    }

    /// Marks the once-a-loop segment `s` as had; `false` when the loop (or
    /// its HD, for a DTP*348/349) already had one.
    fn first(&mut self, s: &Segment, place: Place) -> bool {
        let seen = match (s.id, place, s.el(1)) {
            (_, Place::Header, _) => return true,
            // No 2300 or other loop has a REF*0F: after an HD it is the next person's.
            ("REF", _, "0F") => &mut self.subscriber_id,
            // An NM1*74 after the NM1*IL is the same person's corrected
            // name (read over it); an NM1*IL after either is another person.
            ("NM1", _, "IL") if self.corrected => return false,
            ("NM1", _, "IL") => &mut self.named,
            ("NM1", _, "74") => &mut self.corrected,
            ("DMG", Place::Member, _) => &mut self.demographics,
            ("DTP", Place::Coverage, "348") => &mut self.start,
            ("DTP", Place::Coverage, "349") => &mut self.end,
            _ => return true,
        };
        !std::mem::replace(seen, true)
    }

    /// The loop read whole: an issue at its INS for a segment it lacks that
    /// the report needs (a name, the family's REF*0F).
    fn close(mut self, issues: &mut Issues) -> Member<'c> {
        self.close_coverage(issues);
        let named = self.named || self.corrected;
        for (had, missing) in [(self.subscriber_id, "REF*0F"), (named, "NM1*IL")] {
            if !had {
                issues.at(x::EDI_SEGMENT_MISSING, &self.ins, || {
                    (None, json!({ "missing": missing }))
                });
            }
        }
        self.member
    }
}

/// The member loops of every transaction set, in order, each added to its
/// family's report once read whole (at the next member loop or the end):
/// one loop is held at a time besides the reports.
fn members<'c>(
    segs: Segments,
    plans: &Plans<'c>,
    mut families: Families<'c>,
    issues: &mut Issues,
) -> Vec<Report> {
    let mut current: Option<Open> = None;
    let mut place = Place::Header;
    // After an INS that is neither a subscriber's nor a dependent's
    // (INS01 not Y or N), or a second person in one loop (a lost INS), the
    // loop is skipped up to the next INS: nothing to read it into.
    let mut skipping = false;
    for s in segs {
        if skipping && !matches!(s.id, "INS" | "ST" | "SE" | "ISA" | "GS" | "GE" | "IEA") {
            continue;
        }
        skipping = false;
        if let Some(open) = current.as_mut() {
            if !open.first(&s, place) {
                let loop_ = if s.id == "DTP" { "HD" } else { "INS" };
                issues.at(x::EDI_SEGMENT_REPEATED, &s, || {
                    (None, json!({ "qualifier": code_param(s.el(1)), "lost": loop_ }))
                });
                // A lost HD: its dates are not the coverage before's. A
                // lost INS: the rest is another person's.
                if loop_ == "HD" {
                    place = Place::Skipped;
                } else {
                    skipping = true;
                }
                continue;
            }
        }
        match s.id {
            "ISA" | "GS" | "GE" | "IEA" => {}
            "ST" | "SE" => place = Place::Header,
            "INS" if !matches!(s.el(1), "Y" | "N") => {
                let reason = "INS01 is neither Y (subscriber) nor N (dependent); the loop is skipped";
                invalid(&s, "INS01", reason, issues);
                skipping = true;
            }
            "INS" => {
                // The loop before is whole: a skipped loop does not end it
                // (its segments after a GS or GE still belong to it).
                if let Some(open) = current.replace(Open::new(s, member_of(&s, issues))) {
                    add(open, &mut families, issues);
                }
                place = Place::Member;
            }
            _ if place == Place::Header => {
                if !matches!(
                    s.id,
                    "BGN" | "REF" | "DTP" | "QTY" | "N1" | "N2" | "N3" | "N4" | "PER" | "ACT"
                ) {
                    unexpected(&s, place, issues);
                }
            }
            "HD" => {
                if let Some(open) = current.as_mut() {
                    open.open_coverage(s, enrollment_of(&s, plans, issues), issues);
                }
                place = Place::Coverage;
            }
            "NM1" => {
                place = match s.el(1) {
                    "IL" | "74" => {
                        if let Some(open) = current.as_mut() {
                            name(&s, &mut open.member.person, issues);
                        }
                        Place::Member
                    }
                    "31" => Place::Mailing,
                    _ => Place::Skipped,
                }
            }
            "LX" | "COB" | "LS" | "DSB" => place = Place::Skipped,
            "LE" => place = Place::Member,
            _ if !placed(s.id, place) => unexpected(&s, place, issues),
            _ if place == Place::Skipped => {}
            _ => {
                if let Some(open) = current.as_mut() {
                    if s.id == "DTP" && place == Place::Coverage {
                        open.coverage_date(&s, issues);
                    } else {
                        member_segment(&s, place, &mut open.member, issues);
                    }
                }
            }
        }
    }
    if let Some(open) = current {
        add(open, &mut families, issues);
    }
    families.finish(&mut issues.0)
}

/// Adds a member loop read whole to its family, but a second subscriber
/// loop of the family: it is another person (a spouse's INS01 written
/// `Y`) or the same one again, and is not read over the first (review 31c).
fn add<'c>(open: Open<'_, 'c>, families: &mut Families<'c>, issues: &mut Issues) {
    let ins = open.ins;
    let member = open.close(issues);
    if member.subscriber {
        if let Some(first) = families.subscriber_line(&member.subscriber_id) {
            issues.at(x::EDI_SUBSCRIBER_REPEATED, &ins, || {
                (None, json!({ "first_line": first }))
            });
            return;
        }
    }
    families.add(member, ins.line, ins.position);
}

/// Whether a segment is one parse834 reads (or deliberately passes over)
/// at `place`: the 834 guide's segments of that loop, besides those that
/// begin a loop (INS, NM1, HD, LX, COB, LS, LE, DSB). Any other —
/// misspelt, lower case, out of its loop — would be lost silently.
fn placed(id: &str, place: Place) -> bool {
    match place {
        Place::Header => true,
        // 2000 and 2100A.
        Place::Member => matches!(
            id,
            "REF" | "DTP" | "PER" | "N3" | "N4" | "DMG" | "EC" | "ICM" | "AMT" | "HLH" | "LUI"
        ),
        // 2100C.
        Place::Mailing => matches!(id, "N3" | "N4"),
        // 2300.
        Place::Coverage => matches!(id, "DTP" | "AMT" | "REF" | "IDC"),
        // The loops not read (2100B, D-H; 2200; 2310-2330; 2700; the rest
        // of a lost HD's): any segment of the guide.
        Place::Skipped => matches!(
            id,
            "REF"
                | "DTP"
                | "QTY"
                | "N1"
                | "N2"
                | "N3"
                | "N4"
                | "PER"
                | "ACT"
                | "DMG"
                | "EC"
                | "ICM"
                | "AMT"
                | "HLH"
                | "LUI"
                | "IDC"
                | "PLA"
                | "BGN"
        ),
    }
}

fn unexpected(s: &Segment, place: Place, issues: &mut Issues) {
    let at = match place {
        Place::Header => "before the first member loop (INS)",
        Place::Member => "in a member loop (2000, 2100A)",
        Place::Mailing => "in a mailing address loop (2100C)",
        Place::Coverage => "in a coverage loop (2300)",
        Place::Skipped => "in a loop parse834 does not read",
    };
    issues.at(x::EDI_SEGMENT_UNEXPECTED, s, || (None, json!({ "place": at })));
}

/// `edi_element_invalid` at `element` of `s`, for `reason`.
fn invalid(s: &Segment, element: &str, reason: &str, issues: &mut Issues) {
    issues.at(x::EDI_ELEMENT_INVALID, s, || {
        (Some(element.to_owned()), json!({ "reason": reason }))
    });
}

/// AMT*FK's amount, or what was written when that holds an SSN the amount
/// would not show (`Volume`: `012453876`, `12453876.0`).
fn volume(written: &str, amount: i64) -> Volume {
    let masks = |t: &str| crate::privacy::scrub(t) != t;
    match masks(written) && !masks(&amount.to_string()) {
        true => Volume::Written(written.into()),
        false => Volume::Amount(amount),
    }
}

/// A date element `CCYYMMDD`; an issue when it is not one.
fn date(s: &Segment, n: usize, element: &str, issues: &mut Issues) -> Option<Date> {
    let parsed = ccyymmdd(s.el(n));
    if parsed.is_none() {
        invalid(s, element, "not a date CCYYMMDD", issues);
    }
    parsed
}

/// DTP03 as an RD8 range `CCYYMMDD-CCYYMMDD`; an issue when it is not one.
fn date_range(s: &Segment, issues: &mut Issues) -> Option<(Date, Date)> {
    let parsed = s
        .el(3)
        .split_once('-')
        .and_then(|(from, to)| ccyymmdd(from).zip(ccyymmdd(to)));
    if parsed.is_none() {
        invalid(s, "DTP03", "not a date range CCYYMMDD-CCYYMMDD", issues);
    }
    parsed
}

fn ccyymmdd(v: &str) -> Option<Date> {
    let digits = v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit());
    let year = v.get(0..4).and_then(|t| t.parse::<i32>().ok());
    let part = |r: std::ops::Range<usize>| v.get(r).and_then(|t| t.parse::<u8>().ok());
    match (digits, year, part(4..6), part(6..8)) {
        (true, Some(y), Some(m), Some(d)) if y >= 1 => Date::from_ymd(y, m, d),
        _ => None,
    }
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
fn member_of<'c>(s: &Segment, issues: &mut Issues) -> Member<'c> {
    // INS01 `Y` and INS02 not `18` (self): a spouse's or child's INS01
    // written `Y` would replace the subscriber (review 31c); read as the
    // dependent INS02 says.
    let mut subscriber = s.el(1) == "Y";
    if subscriber && s.el(2) != "18" {
        let reason =
            "Y (subscriber) where INS02 is not 18 (self); read as a dependent of INS02's relationship";
        invalid(s, "INS01", reason, issues);
        subscriber = false;
    }
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
        Some(r.unwrap_or(Relationship::Other))
    };
    let status = match s.el(8) {
        "FT" => Some(EmploymentStatus::FullTime),
        "PT" => Some(EmploymentStatus::PartTime),
        "TE" => Some(EmploymentStatus::Terminated),
        "RT" => Some(EmploymentStatus::Retired),
        // AC is what the export writes for contract and disabled: either.
        "" | "AC" => None,
        code => {
            issues.at(x::EDI_CODE_UNMAPPED, s, || {
                let p = json!({ "code": code_param(code), "as": "nothing" });
                (Some("INS08".into()), p)
            });
            None
        }
    };
    Member {
        subscriber,
        relationship,
        status: status.filter(|_| subscriber),
        ..Member::default()
    }
}

/// INS02 back to the snapshot's relationship (`codes::relationship` reversed).
fn relationship(code: &str) -> Option<Relationship> {
    Some(match code {
        "01" => Relationship::Spouse,
        "19" => Relationship::Child,
        "53" => Relationship::DomesticPartner,
        "17" => Relationship::StepChild,
        "10" => Relationship::FosterChild,
        "09" => Relationship::AdoptedChild,
        "05" => Relationship::Grandchild,
        "15" => Relationship::LegalGuardianship,
        "25" => Relationship::ExSpouse,
        "G8" => Relationship::Other,
        _ => return None,
    })
}

/// Sets `field` to `v` unless `v` is empty (an element left empty keeps
/// what an earlier segment gave).
fn put(field: &mut Option<Box<str>>, v: &str) {
    if !v.is_empty() {
        *field = Some(v.into());
    }
}

/// NM1*IL: the name, and the SSN when NM108 is `34`.
fn name(s: &Segment, p: &mut PersonFields, issues: &mut Issues) {
    put(&mut p.last_name, s.el(3));
    put(&mut p.first_name, s.el(4));
    put(&mut p.middle_name, s.el(5));
    put(&mut p.suffix, s.el(7));
    if s.el(8) == "34" && !s.el(9).is_empty() {
        // Nine digits, however separated: kept as nine plain digits, the
        // form every layer (and the JS privacy layer's masking) knows. Any
        // other text is not an SSN and is not read.
        let v = s.el(9);
        let digits: String = v.chars().filter(char::is_ascii_digit).collect();
        let separators = v.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' '));
        if digits.len() == 9 && separators {
            p.ssn = Some(digits.into());
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
            let d = &mut m.dates;
            let field = match s.el(1) {
                "336" => &mut d.hire_date,
                "394" => &mut d.rehire,
                "286" => &mut d.retirement,
                "337" => &mut d.terminated,
                _ => return,
            };
            if let Some(date) = date(s, 3, "DTP03", issues) {
                *field = Some(date);
            }
        }
        ("AMT", Place::Coverage) if s.el(1) == "FK" => {
            let Some(c) = m.coverages.last_mut() else { return };
            // A volume is a whole number of dollars within int32 (as the
            // snapshot's schema has it); "200000.00" is one.
            let written = s.el(2);
            c.volume = written
                .parse::<f64>()
                .ok()
                .filter(|v| v.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(v))
                .map(|v| volume(written, v as i64));
            if c.volume.is_none() {
                let reason = "not a whole number of dollars from 0 to 2147483647";
                invalid(s, "AMT02", reason, issues);
            }
        }
        ("PER", Place::Member) => {
            let c = &mut m.contact;
            for k in [3usize, 5, 7] {
                let field = match s.el(k) {
                    "HP" => &mut c.home_phone,
                    "WP" => &mut c.work_phone,
                    "CP" => &mut c.mobile_phone,
                    "EM" => &mut c.email_address,
                    _ => continue,
                };
                *field = Some(s.el(k + 1).into());
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
        ("DMG", Place::Member) => demographics(s, &mut m.person, issues),
        _ => {}
    }
}

fn address_segment(s: &Segment, a: &mut Address) {
    if s.id == "N3" {
        put(&mut a.street_one, s.el(1));
        put(&mut a.street_two, s.el(2));
        return;
    }
    put(&mut a.city, s.el(1));
    put(&mut a.state, s.el(2));
    // As written: a ZIP+4 is nine digits in N403, and nine digits in a row
    // read as an SSN, which the output masks. Written `53871-4296` it would
    // leave unmasked — the engine must not turn what may be an SSN into a
    // form the privacy layer does not recognise (docs/api.md, Privacy).
    put(&mut a.zip_code, s.el(3));
}

/// DMG: date of birth, sex, marital status.
fn demographics(s: &Segment, p: &mut PersonFields, issues: &mut Issues) {
    if let Some(d) = date(s, 2, "DMG02", issues) {
        p.date_of_birth = Some(d);
    }
    match s.el(3) {
        "F" => p.sex = Some(Sex::F),
        "M" => p.sex = Some(Sex::M),
        "U" => p.sex = Some(Sex::U),
        "" => {}
        code => issues.at(x::EDI_CODE_UNMAPPED, s, || {
            let p = json!({ "code": code_param(code), "as": "nothing" });
            (Some("DMG03".into()), p)
        }),
    }
    let marital = match s.el(4) {
        "" => return,
        "I" => MaritalStatus::Single,
        "M" => MaritalStatus::Married,
        "B" => MaritalStatus::DomesticPartner,
        "D" => MaritalStatus::Divorced,
        "W" => MaritalStatus::Widowed,
        "X" => MaritalStatus::LegallySeparated,
        code => {
            issues.at(x::EDI_CODE_UNMAPPED, s, || {
                let p = json!({ "code": code_param(code), "as": "nothing" });
                (Some("DMG04".into()), p)
            });
            return;
        }
    };
    p.marital_status = Some(marital);
}

/// An HD: the plan it names at the carrier, or only its line when HD04 is
/// a plan code the carrier's plans do not have (`None` when it names no
/// line: such a coverage has no place in the report).
fn enrollment_of<'c>(s: &Segment, plans: &Plans<'c>, issues: &mut Issues) -> Enrollment<'c> {
    let plan = match plans.find(s.el(3), s.el(4)) {
        Named::Plan(p) => p.line_of_coverage.map(|line| (line, Some(p.id.as_str()))),
        Named::UnknownCode(line) => {
            issues.at(x::EDI_PLAN_CODE_UNKNOWN, s, || {
                let p = json!({ "line_code": code_param(s.el(3)), "read": line.is_some() });
                (Some("HD04".into()), p)
            });
            line.map(|line| (line, None))
        }
        Named::Nothing => {
            issues.at(x::EDI_PLAN_UNKNOWN, s, || {
                (Some("HD03".into()), json!({ "line_code": code_param(s.el(3)) }))
            });
            None
        }
    };
    Enrollment {
        plan,
        ..Enrollment::default()
    }
}
