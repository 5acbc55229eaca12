//! The 999 implementation acknowledgement (005010X231A1) of an 834
//! interchange (`ack999`): read with the segment reader of `parse834`
//! (`parse.rs`), its envelope checked the same way, the member loops'
//! elements checked against a small table of the 834 guide's elements
//! (`SPECS`), and every problem written the way pyx12 4.0.0's 999 writer
//! (`pyx12/error_999.py`) writes it: one 999 transaction set per
//! functional group, AK2 per 834, IK3 per segment in error, IK4 per
//! element error, IK5, AK9. docs/api.md (999 acknowledgement) lists what is
//! checked and where the engine and pyx12 differ.
//!
//! The 999 quotes no value of the 834: IK404 (the bad value) is always left
//! out, since it could be an SSN, a name or a birth date, and AK902 is
//! GE01 only as a count of at most six digits (else the sets counted).
//! Issues quote segment ids, element names and codes only.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use serde_json::json;

use super::parse::{self, Finding, Issues, Segment};
use super::segments::{ccyymmdd, Writer};
use super::Party;
use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::Issue;
use crate::model::{Date, Timestamp};

/// The implementation guide of the 999 the engine writes (GS08, ST03).
/// pyx12 4.0.0 writes `005010X231` (its writer predates the A1 errata);
/// HIPAA adopted 005010X231A1, which pyx12's own 999 map requires in ST03.
pub(crate) const ACK_VERSION: &str = "005010X231A1";

/// Options of `ack999`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AckOptions {
    /// When the 999 is made: ISA09/10, GS04/05.
    pub created: Timestamp,
    /// ISA13 (zero-padded to 9), GS06 and GE02 (unpadded): 1 to 999999999.
    pub control_number: u32,
    /// ISA05/06 of the 999; the 834's ISA07/08 when absent.
    pub sender: Option<Party>,
    /// ISA07/08 of the 999; the 834's ISA05/06 when absent.
    pub receiver: Option<Party>,
}

/// What `ack999` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Ack999 {
    /// The 999 interchange, segments ending `~` and a newline; `""` when the
    /// text is not an interchange (`edi_not_an_interchange` says so) or is
    /// over the input limit. Holds no value of the 834 but its envelope's
    /// identifiers and control numbers.
    pub text: String,
    /// One issue per problem the 999 reports (and the IEA's, which a 999
    /// does not carry), each at its segment like `parse834`'s:
    /// `params.segment`, `params.position`, `params.line`, `params.element`.
    pub issues: Vec<Issue>,
}

/// An element's data type as the table checks it.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Any text within the lengths.
    Text,
    /// One of these codes.
    Code(&'static [&'static str]),
    /// A date whose format (`D8` or `RD8`) is element `n` of the segment.
    DateAsIn(usize),
}

/// One element of the guide: position, data element number (IK402),
/// required, lengths, type.
#[derive(Debug, Clone, Copy)]
struct Spec {
    pos: usize,
    reference: &'static str,
    required: bool,
    min: usize,
    max: usize,
    kind: Kind,
}

const fn spec(
    pos: usize,
    reference: &'static str,
    required: bool,
    min: usize,
    max: usize,
    kind: Kind,
) -> Spec {
    Spec {
        pos,
        reference,
        required,
        min,
        max,
        kind,
    }
}

const INS02: &[&str] = &[
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18",
    "19", "23", "24", "25", "26", "31", "38", "53", "60", "D2", "G8", "G9",
];
const INS03: &[&str] = &["001", "021", "024", "025", "030"];
const INS08: &[&str] = &["AC", "AO", "AU", "FT", "L1", "PT", "RT", "TE"];
const INS04: &[&str] = &[
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "14", "15", "16", "17", "18", "20",
    "21", "22", "25", "26", "27", "28", "29", "31", "32", "33", "37", "38", "39", "40", "41", "43", "59",
    "AA", "AB", "AC", "AD", "AE", "AF", "AG", "AH", "AI", "AJ", "AL", "EC", "XN", "XT",
];
const HD03: &[&str] = &[
    "AG", "AH", "AJ", "AK", "DCP", "DEN", "EPO", "FAC", "HE", "HLT", "HMO", "LTC", "LTD", "MM", "MOD", "PDG",
    "POS", "PPO", "PRA", "STD", "UR", "VIS",
];
const HD05: &[&str] = &[
    "CHD", "DEP", "E1D", "E2D", "E3D", "E5D", "E6D", "E7D", "E8D", "E9D", "ECH", "EMP", "ESP", "FAM", "IND",
    "SPC", "SPO", "TWO",
];
/// HD01 and INS03's maintenance type codes (875) in an HD.
const HD01: &[&str] = &["001", "002", "021", "024", "025", "026", "030", "032"];

/// INS (2000), every element the guide uses. Code lists and lengths from
/// the 005010X220A1 guide as pyx12's map `834.5010.X220.A1.xml` has them.
const INS: &[Spec] = &[
    spec(1, "1073", true, 1, 1, Kind::Code(&["N", "Y"])),
    spec(2, "1069", true, 2, 2, Kind::Code(INS02)),
    spec(3, "875", true, 3, 3, Kind::Code(INS03)),
    spec(4, "1203", false, 2, 3, Kind::Code(INS04)),
    spec(5, "1216", true, 1, 1, Kind::Code(&["A", "C", "S", "T"])),
    spec(8, "584", false, 2, 2, Kind::Code(INS08)),
    spec(9, "1220", false, 1, 1, Kind::Code(&["F", "N", "P"])),
    spec(10, "1073", false, 1, 1, Kind::Code(&["N", "Y"])),
];
/// ST03: the guide the engine reads and acknowledges.
const GUIDE: &str = "005010X220A1";

/// The most elements each segment of the guide has (pyx12's map): more is
/// "too many elements", an IK3 with IK304 `8` and no IK4, as pyx12 writes it.
const MAX_ELEMENTS: &[(&str, usize)] = &[
    ("BGN", 9),
    ("REF", 4),
    ("DTP", 3),
    ("QTY", 4),
    ("N1", 6),
    ("ACT", 9),
    ("INS", 17),
    ("NM1", 12),
    ("PER", 9),
    ("N3", 2),
    ("N4", 7),
    ("DMG", 11),
    ("EC", 6),
    ("ICM", 6),
    ("AMT", 3),
    ("HLH", 7),
    ("LUI", 5),
    ("DSB", 8),
    ("HD", 11),
    ("IDC", 4),
    ("LX", 1),
    ("PLA", 5),
    ("COB", 4),
    ("LS", 1),
    ("LE", 1),
];

/// REF, anywhere: REF02.
const REF: &[Spec] = &[spec(2, "127", true, 1, 50, Kind::Text)];
/// DTP of 2300 and of the loops after it (2750): DTP02 and DTP03 (a D8
/// date or an RD8 range).
const DTP: &[Spec] = &[
    spec(2, "1250", true, 2, 3, Kind::Code(&["D8", "RD8"])),
    spec(3, "1251", true, 1, 35, Kind::DateAsIn(2)),
];
/// DTP of the header and of 2000: a D8 date only (the guide has no range there).
const DTP_D8: &[Spec] = &[
    spec(2, "1250", true, 2, 3, Kind::Code(&["D8"])),
    spec(3, "1251", true, 1, 35, Kind::DateAsIn(2)),
];
/// NM1*IL / NM1*74 (2100A): the member's name and identifier.
const NM1_MEMBER: &[Spec] = &[
    spec(2, "1065", true, 1, 1, Kind::Code(&["1"])),
    spec(3, "1035", true, 1, 60, Kind::Text),
    spec(4, "1036", false, 1, 35, Kind::Text),
    spec(5, "1037", false, 1, 25, Kind::Text),
    spec(8, "66", false, 1, 2, Kind::Code(&["34", "ZZ"])),
    spec(9, "67", false, 2, 80, Kind::Text),
];
/// DMG of 2100A: birth date, gender, marital status.
const DMG_MEMBER: &[Spec] = &[
    spec(2, "1251", true, 1, 35, Kind::DateAsIn(1)),
    spec(3, "1068", true, 1, 1, Kind::Code(&["F", "M", "U"])),
    spec(
        4,
        "1067",
        false,
        1,
        1,
        Kind::Code(&["B", "D", "I", "M", "R", "S", "U", "W", "X"]),
    ),
];
/// HD (2300): the insurance line and coverage level.
const HD: &[Spec] = &[
    spec(3, "1205", true, 2, 3, Kind::Code(HD03)),
    spec(5, "1207", false, 3, 3, Kind::Code(HD05)),
];

/// The segment ids of the 834 guide.
const KNOWN: &[&str] = &[
    "ST", "BGN", "REF", "DTP", "QTY", "N1", "N2", "N3", "N4", "PER", "ACT", "INS", "NM1", "DMG", "EC", "ICM",
    "AMT", "HLH", "LUI", "DSB", "HD", "IDC", "LX", "PLA", "COB", "LS", "LE", "SE",
];
/// What a header (before the first INS) may hold.
const HEADER: &[&str] = &["BGN", "REF", "DTP", "QTY", "N1", "N2", "N3", "N4", "PER", "ACT"];

/// An element error: IK401 (position), IK402 (reference number), IK403 (code).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ElementError {
    pos: usize,
    reference: &'static str,
    code: &'static str,
}

/// A segment in error: IK301-IK303, its IK304 codes and its element errors.
#[derive(Debug, Clone)]
struct SegmentError {
    id: String,
    position: usize,
    loop_id: String,
    codes: Vec<&'static str>,
    elements: Vec<ElementError>,
}

/// One 834 transaction set being acknowledged.
struct SetAck<'a> {
    st: Segment<'a>,
    /// The SE's `Segment::address`: only its findings are looked up.
    se: Option<usize>,
    segments: Vec<SegmentError>,
    /// Whether segments in error were found past `MAX_SEGMENT_ERRORS` (not
    /// written as IK3s; the set is rejected all the same).
    unlisted: bool,
    /// IK502-IK506 codes of the set itself.
    codes: Vec<&'static str>,
}

impl SetAck<'_> {
    fn accepted(&self) -> bool {
        self.segments.is_empty() && !self.unlisted && self.codes.is_empty()
    }
}

/// One functional group being acknowledged.
struct GroupAck<'a> {
    gs: Segment<'a>,
    ge: Option<Segment<'a>>,
    sets: Vec<SetAck<'a>>,
    /// AK905-AK909 codes.
    codes: Vec<&'static str>,
}

/// Where in a transaction set the reader is (which table applies).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Header,
    /// 2000 (INS) and 2100A (NM1*IL/74).
    Member,
    /// 2300 (HD) and its DTP/AMT/REF.
    Coverage,
    /// A loop the table has no place for (2100B-H, 2310, 2320, 2700, 2750).
    Other,
    /// After an HD the guide does not recognize (HD01 no maintenance type
    /// code) while no 2300 loop of the member is open: pyx12 stays where it
    /// was (the 2100A, or another 2100 loop), where the segments of that
    /// HD's 2300 loop (DTP, REF, IDC, and the LX/COB of its 2310/2320) have
    /// no place either; an AMT does, in the 2100A (`amt`: the member policy
    /// amounts), until the next INS, HD or loop begins (review 28e).
    Lost {
        amt: bool,
    },
}

/// IK3 segments (each with its IK4s) the 999 writes at most, per
/// transaction set and in all: the first found, in file order. A set with
/// a segment in error is rejected (IK5 `R`, code 5) whether or not its IK3s
/// are written; past the cap more would only repeat that, and the 999 of a
/// 4 MiB file of errors would be many times its size. Every IK3 also comes
/// with an issue, so within the issue cap (`limits::MAX_ISSUES`, the same
/// 1000) every segment in error has its IK3.
pub const MAX_SEGMENT_ERRORS: usize = 1000;

/// The envelope elements the 999 copies (segment, element, length range,
/// digits only); the parties are checked only when the options do not
/// replace them.
const ECHOED_ISA: [(usize, usize, usize); 6] = [
    (5, 2, 2),
    (6, 15, 15),
    (7, 2, 2),
    (8, 15, 15),
    (12, 5, 5),
    (15, 1, 1),
];
const ECHOED_GS: [(usize, usize, usize, bool); 6] = [
    (1, 2, 2, false),
    (2, 2, 15, false),
    (3, 2, 15, false),
    (6, 1, 9, true),
    (7, 1, 2, false),
    (8, 1, 12, false),
];
const ECHOED_ST: [(usize, usize, usize); 3] = [(1, 3, 3), (2, 4, 9), (3, 0, 35)];

/// The first envelope element the 999 would echo that it cannot carry, as
/// the fatal `edi_envelope_invalid`; `None` when every one can.
fn echoed(isa: &Segment, groups: &[GroupAck], opts: &AckOptions) -> Option<Issue> {
    let bad = |s: &Segment, n: usize, min: usize, max: usize, digits: bool| -> Option<Issue> {
        let v = s.el(n);
        let reason = if !(min..=max).contains(&v.len()) {
            "its length is not the element's"
        } else if !v
            .bytes()
            .all(|b| (0x20..=0x7e).contains(&b) && !matches!(b, b'*' | b'~' | b':' | b'^'))
        {
            "it holds a character X12 or the 999's separators cannot carry"
        } else if digits && !v.bytes().all(|b| b.is_ascii_digit()) {
            "it is not a number"
        } else {
            return None;
        };
        let element = format!("{}{n:02}", s.label());
        let p = json!({ "element": element, "segment": s.label(), "line": s.line, "reason": reason });
        Some(crate::diagnostic::make_issue_at(x::EDI_ENVELOPE_INVALID, "", p))
    };
    let replaced = |n: usize| match n {
        5 | 6 => opts.receiver.is_some(),
        7 | 8 => opts.sender.is_some(),
        _ => false,
    };
    let isa_bad = ECHOED_ISA
        .iter()
        .filter(|(n, ..)| !replaced(*n))
        .find_map(|&(n, min, max)| bad(isa, n, min, max, false));
    isa_bad.or_else(|| {
        groups.iter().find_map(|g| {
            let gs = ECHOED_GS
                .iter()
                .find_map(|&(n, min, max, d)| bad(&g.gs, n, min, max, d));
            gs.or_else(|| {
                g.sets.iter().find_map(|set| {
                    ECHOED_ST
                        .iter()
                        .find_map(|&(n, min, max)| bad(&set.st, n, min, max, false))
                })
            })
        })
    })
}

/// The 999 of an 834 interchange.
pub(crate) fn ack(text: &str, opts: &AckOptions) -> Ack999 {
    // Read twice (the envelope, then the sets), never held: a `Vec` of
    // 2,000,000 `Q~` segments was 112 MB.
    let Some(segs) = parse::segments(text) else {
        return Ack999 {
            text: String::new(),
            issues: vec![parse::not_an_interchange()],
        };
    };
    let mut issues = Issues::default();
    let first = segs.clone().next();
    let findings = parse::envelope(segs.clone());
    // ISA16, the component separator: inside a simple element it makes a
    // composite of it (IK403 6, as pyx12 writes it).
    let component = first.as_ref().and_then(|isa| isa.el(16).chars().next());
    let mut groups = groups(segs, component, &mut issues);
    apply(&findings, &mut groups);
    for f in &findings {
        f.report(&mut issues);
    }
    let (Some(isa), Some(last)) = (first.as_ref(), groups.last()) else {
        let p = json!({ "segment": "ISA", "position": 0, "line": first.map_or(1, |s| s.line) });
        return Ack999 {
            text: String::new(),
            issues: vec![crate::diagnostic::make_issue_at(
                x::EDI_NO_FUNCTIONAL_GROUP,
                "",
                p,
            )],
        };
    };
    if let Some(issue) = echoed(isa, &groups, opts) {
        issues.push(issue);
        return Ack999 {
            text: String::new(),
            issues: issues.finish(),
        };
    }
    Ack999 {
        text: write(isa, &last.gs, &groups, opts),
        issues: issues.finish(),
    }
}

/// The groups and sets of the interchange with every segment error found.
fn groups<'a>(
    segs: impl Iterator<Item = Segment<'a>>,
    component: Option<char>,
    issues: &mut Issues,
) -> Vec<GroupAck<'a>> {
    let mut out: Vec<GroupAck> = Vec::new();
    let mut set: Option<SetAck> = None;
    let mut place = Place::Header;
    let mut loop_id = String::new();
    // IK3s kept so far in the whole 999.
    let mut written = 0usize;
    let close_set = |out: &mut Vec<GroupAck<'a>>, set: &mut Option<SetAck<'a>>| {
        if let (Some(g), Some(s)) = (out.last_mut(), set.take()) {
            g.sets.push(s);
        }
    };
    for s in segs {
        match s.id {
            "ISA" | "IEA" => {}
            "GS" => {
                close_set(&mut out, &mut set);
                out.push(GroupAck {
                    gs: s,
                    ge: None,
                    sets: Vec::new(),
                    codes: Vec::new(),
                });
            }
            "GE" => {
                close_set(&mut out, &mut set);
                if let Some(g) = out.last_mut() {
                    g.ge = Some(s);
                }
            }
            "ST" => {
                close_set(&mut out, &mut set);
                let mut codes = Vec::new();
                if s.el(3) != GUIDE {
                    // pyx12 finds ST03 invalid and then fails to write its
                    // 999; IK5 code I6 is X12's "implementation convention
                    // not supported": the set is read by no other guide.
                    codes.push("I6");
                    issues.at(x::EDI_GUIDE_UNSUPPORTED, &s, || (Some("ST03".into()), json!({})));
                }
                set = Some(SetAck {
                    st: s,
                    se: None,
                    segments: Vec::new(),
                    unlisted: false,
                    codes,
                });
                place = Place::Header;
                loop_id.clear();
            }
            "SE" => {
                if let Some(current) = set.as_mut() {
                    current.se = Some(s.address());
                }
                close_set(&mut out, &mut set);
            }
            _ => {
                if let Some(current) = set.as_mut() {
                    if let Some(found) = check(&s, &mut place, &mut loop_id, component, issues) {
                        // The set is rejected from the first; past the cap
                        // its IK3s would only repeat that (a 4 MiB file of
                        // "INS~" would get a 999 eighteen times its size).
                        if written < MAX_SEGMENT_ERRORS {
                            written += 1;
                            current.segments.push(SegmentError {
                                id: s.label(),
                                position: s.position,
                                loop_id: loop_id.clone(),
                                codes: found.codes,
                                elements: found.elements,
                            });
                        } else {
                            current.unlisted = true;
                        }
                    }
                }
            }
        }
    }
    close_set(&mut out, &mut set);
    out
}

/// The envelope's findings as IK5 codes on the set whose ST or SE they
/// are at, and AK9 codes on the group whose GS or GE they are at. The
/// IEA's (IEA01, IEA02, no IEA) are a TA1's business: issues only.
fn apply(findings: &[Finding], groups: &mut [GroupAck]) {
    // Findings by the address of their segment: one lookup per ST, SE, GS
    // and GE (a scan of every set per finding was quadratic in the sets).
    let mut by_segment: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for f in findings {
        let (segment, code) = match f {
            Finding::Mismatch { segment, element, .. } => (
                segment,
                match *element {
                    "SE01" => "4",
                    "SE02" => "3",
                    "GE01" => "5",
                    "GE02" => "4",
                    _ => continue,
                },
            ),
            Finding::Unclosed { segment, trailer } => (
                segment,
                match *trailer {
                    "SE" => "2",
                    "GE" => "3",
                    _ => continue,
                },
            ),
        };
        by_segment.entry(segment.address()).or_default().push(code);
    }
    let codes = |address: Option<usize>| address.and_then(|a| by_segment.get(&a)).into_iter().flatten();
    for g in groups.iter_mut() {
        let found: Vec<&'static str> = codes(Some(g.gs.address()))
            .chain(codes(g.ge.map(|ge| ge.address())))
            .copied()
            .collect();
        g.codes.extend(found);
        for set in &mut g.sets {
            let found: Vec<&'static str> = codes(Some(set.st.address()))
                .chain(codes(set.se))
                .copied()
                .collect();
            set.codes.extend(found);
        }
    }
}

/// What `check` found wrong with one segment: its IK304 codes and its
/// element errors (the IK3's id, position and loop id are added when the
/// 999 writes it).
struct Found {
    codes: Vec<&'static str>,
    elements: Vec<ElementError>,
}

/// Checks one segment of a transaction set; `None` when it has no error.
/// Nothing is allocated for a segment without error, and an issue's text
/// only while the issues are listed (`Issues`).
fn check(
    s: &Segment,
    place: &mut Place,
    loop_id: &mut String,
    component: Option<char>,
    issues: &mut Issues,
) -> Option<Found> {
    let unrecognized = |reason: &'static str, issues: &mut Issues| {
        issues.at(x::EDI_SEGMENT_REJECTED, s, || {
            (None, json!({ "reason": reason, "ik304": "1" }))
        });
        Some(Found {
            codes: vec!["1"],
            elements: Vec::new(),
        })
    };
    let valid_id = (2..=3).contains(&s.id.len())
        && s.id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && KNOWN.contains(&s.id);
    if !valid_id {
        return unrecognized("not a segment of the 834 guide", issues);
    }
    let table: &[Spec] = match (s.id, *place) {
        ("INS", _) => {
            *place = Place::Member;
            INS
        }
        (_, Place::Header) if !HEADER.contains(&s.id) => {
            return unrecognized("not expected before the first member loop (INS)", issues);
        }
        ("HD", _) => {
            if !HD01.contains(&s.el(1)) {
                // pyx12 cannot place it and stays where it was: in an open
                // 2300 the segments after it are that loop's; before any,
                // they have no place (`Place::Lost`).
                *place = match *place {
                    Place::Coverage => Place::Coverage,
                    Place::Member => Place::Lost { amt: true },
                    Place::Lost { amt } => Place::Lost { amt },
                    Place::Header | Place::Other => Place::Lost { amt: false },
                };
                return unrecognized("HD01 is no maintenance type code of the guide", issues);
            }
            *place = Place::Coverage;
            HD
        }
        ("DTP" | "REF" | "IDC" | "LX" | "COB", Place::Lost { .. }) | ("AMT", Place::Lost { amt: false }) => {
            return unrecognized(
                "a segment of the 2300 loop of an HD the guide does not recognize, which has no place",
                issues,
            );
        }
        ("NM1", _) if *place != Place::Header => {
            if matches!(s.el(1), "IL" | "74") {
                *place = Place::Member;
                NM1_MEMBER
            } else {
                *place = Place::Other;
                &[]
            }
        }
        ("LX" | "COB" | "LS", _) => {
            if s.id == "LS" {
                // LS01 is copied into every IK3 of the loop: only a loop id
                // as the guide writes them (1-4 letters or digits).
                let id = s.el(1);
                let shaped = (1..=4).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric());
                loop_id.clear();
                if shaped {
                    loop_id.push_str(id);
                }
            }
            *place = Place::Other;
            &[]
        }
        ("LE", _) => {
            loop_id.clear();
            &[]
        }
        ("DMG", Place::Member) => {
            if s.el(1) != "D8" {
                return unrecognized("DMG01 is not D8", issues);
            }
            DMG_MEMBER
        }
        ("REF", _) => REF,
        ("DTP", Place::Coverage | Place::Other) => DTP,
        ("DTP", _) => DTP_D8,
        _ => &[],
    };
    let mut elements = Vec::new();
    for sp in table {
        if let Some((code, reason)) = element_error(s, sp, component) {
            elements.push(ElementError {
                pos: sp.pos,
                reference: sp.reference,
                code,
            });
            issues.at(x::EDI_ELEMENT_REJECTED, s, || {
                let p = json!({ "reason": reason, "ik403": code });
                (Some(format!("{}{:02}", s.id, sp.pos)), p)
            });
        }
    }
    let mut codes = Vec::new();
    if let Some(reason) = segment_error(s) {
        // pyx12 writes IK304 8 for these without an IK4.
        codes.push("8");
        issues.at(x::EDI_SEGMENT_REJECTED, s, || {
            (None, json!({ "reason": reason, "ik304": "8" }))
        });
    }
    (!elements.is_empty() || !codes.is_empty()).then_some(Found { codes, elements })
}

/// What is wrong with a segment as a whole, as pyx12 checks it: a trailing
/// element separator, more elements than the guide's, NM108 without NM109
/// or the reverse (syntax rule P0809).
fn segment_error(s: &Segment) -> Option<&'static str> {
    if s.ends_with_separator() {
        return Some("it ends with an element separator");
    }
    let max = MAX_ELEMENTS.iter().find(|(id, _)| *id == s.id).map(|(_, n)| *n);
    if max.is_some_and(|max| s.element_count() > max) {
        return Some("more elements than the guide's");
    }
    if s.id == "NM1" && s.el(8).is_empty() != s.el(9).is_empty() {
        return Some("NM108 and NM109 go together (P0809)");
    }
    None
}

/// The first error of an element, as pyx12 orders them: missing, too
/// short, too long, invalid character, invalid code, invalid date.
fn element_error(s: &Segment, sp: &Spec, component: Option<char>) -> Option<(&'static str, &'static str)> {
    let v = s.el(sp.pos);
    if v.is_empty() {
        return sp.required.then_some(("1", "required element missing"));
    }
    let len = v.chars().count();
    if len < sp.min {
        return Some(("4", "too short"));
    }
    if len > sp.max {
        return Some(("5", "too long"));
    }
    // X12's basic and extended sets are printable ASCII (pyx12: "type AN,
    // contains an invalid character"); the separators cannot be inside.
    if !v.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        return Some(("6", "a character outside X12's character sets"));
    }
    if component.is_some_and(|c| v.contains(c)) {
        return Some(("6", "the component separator in a simple element"));
    }
    match sp.kind {
        Kind::Text => None,
        Kind::Code(codes) => (!codes.contains(&v)).then_some(("7", "not a code of the guide")),
        Kind::DateAsIn(n) => {
            let ok = match s.el(n) {
                "RD8" => v.split_once('-').is_some_and(|(a, b)| is_date(a) && is_date(b)),
                _ => is_date(v),
            };
            (!ok).then_some(("8", "not a date CCYYMMDD (D8) or CCYYMMDD-CCYYMMDD (RD8)"))
        }
    }
}

/// `CCYYMMDD`, a day that exists, from 1800 on (pyx12 refuses earlier
/// dates: `00010101` is invalid).
fn is_date(v: &str) -> bool {
    if v.len() != 8 || !v.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let n = |a: usize, b: usize| v.get(a..b).and_then(|t| t.parse::<u8>().ok());
    let year = v.get(..4).and_then(|t| t.parse::<i32>().ok());
    match (year, n(4, 6), n(6, 8)) {
        (Some(y), Some(m), Some(d)) => y >= 1800 && Date::from_ymd(y, m, d).is_some(),
        _ => false,
    }
}

/// Sorted, unique, at most five: how pyx12 lists IK5 and AK9 codes.
fn code_list(mut codes: Vec<&'static str>) -> Vec<&'static str> {
    codes.sort_unstable();
    codes.dedup();
    codes.truncate(5);
    codes
}

/// The 999 interchange: ISA and GS from the 834's with the parties
/// swapped (as pyx12 writes them), one 999 transaction set per group.
fn write(isa: &Segment, gs: &Segment, groups: &[GroupAck], opts: &AckOptions) -> String {
    let mut w = Writer::default();
    let (date, hhmm) = super::segments::date_time(opts.created);
    let seconds = opts.created.unix_seconds().rem_euclid(86_400);
    let hhmmss = format!("{hhmm}{:02}", seconds % 60);
    let day = ccyymmdd(date);
    let isa13 = format!("{:09}", opts.control_number);
    let party = |given: &Option<Party>, q: usize, id: usize| match given {
        Some(p) => (p.qualifier.clone(), format!("{:<15}", p.id)),
        None => (isa.el(q).to_owned(), isa.el(id).to_owned()),
    };
    let (sq, sid) = party(&opts.sender, 7, 8);
    let (rq, rid) = party(&opts.receiver, 5, 6);
    let (sender, receiver) = ((sq.as_str(), sid.as_str()), (rq.as_str(), rid.as_str()));
    super::segments::isa(
        &mut w,
        sender,
        receiver,
        opts.created,
        isa.el(12),
        opts.control_number,
        isa.el(15),
    );
    let control = opts.control_number.to_string();
    w.segment(
        "GS",
        &[
            "FA",
            gs.el(3).trim_end(),
            gs.el(2).trim_end(),
            &day,
            &hhmmss,
            &control,
            gs.el(7),
            ACK_VERSION,
        ],
    );
    for (k, g) in groups.iter().enumerate() {
        let st02 = format!("{:04}", k + 1);
        w.start_set_of("999", &st02, ACK_VERSION);
        w.segment("AK1", &[g.gs.el(1), g.gs.el(6), g.gs.el(8)]);
        for set in &g.sets {
            write_set(&mut w, set);
        }
        let received = g.sets.len();
        let accepted = g.sets.iter().filter(|s| s.accepted()).count();
        let ack = if !g.codes.is_empty() || (received > 0 && accepted == 0) {
            "R"
        } else if accepted < received {
            "P"
        } else {
            "A"
        };
        // AK902 is GE01 read as the number it is (pyx12 writes it so, `01`
        // as 1), when it is one: N0 of 1-6 digits, which cannot hold an SSN.
        // Anything else is never copied (a nine-digit GE01 could be one, and
        // the 999 goes back to the sender): the sets counted are written,
        // and AK905 code 5 already says GE01 is wrong. 0 without GE, as pyx12.
        let included = match g.ge {
            Some(ge) => parse::count_value(ge.el(1), 6).unwrap_or(g.sets.len()),
            None => 0,
        };
        let (included, received, accepted) =
            (included.to_string(), received.to_string(), accepted.to_string());
        let mut ak9 = vec![ack, &included, &received, &accepted];
        ak9.extend(code_list(g.codes.clone()));
        w.segment("AK9", &ak9);
        w.end_set(&st02);
    }
    w.segment("GE", &[&groups.len().to_string(), &control]);
    w.segment("IEA", &["1", &isa13]);
    w.text
}

/// AK2, the IK3/IK4 of every segment in error, IK5.
fn write_set(w: &mut Writer, set: &SetAck) {
    w.segment("AK2", &[set.st.el(1), set.st.el(2).trim(), set.st.el(3)]);
    for e in &set.segments {
        let position = e.position.to_string();
        let mut codes = e.codes.clone();
        codes.dedup();
        if !e.elements.is_empty() && !codes.contains(&"8") {
            codes.push("8");
        }
        for c in codes {
            w.segment("IK3", &[&e.id, &position, &e.loop_id, c]);
        }
        for el in &e.elements {
            w.segment("IK4", &[&el.pos.to_string(), el.reference, el.code]);
        }
    }
    let mut codes = set.codes.clone();
    if !set.segments.is_empty() || set.unlisted {
        codes.push("5");
    }
    let codes = code_list(codes);
    let mut ik5 = vec![if codes.is_empty() { "A" } else { "R" }];
    ik5.extend(codes);
    w.segment("IK5", &ik5);
}
