//! The X12 834 (005010X220A1) a Send carrier receives: its differences in a
//! preview (`change`) or every member in force (`full`), written from the
//! typed configuration (`config::x12`) and the snapshots. docs/api.md (X12
//! 834 export) documents the mapping and every code table.
//!
//! The file's text carries SSNs (NM109, REF*0F): it is the carrier file.
//! Nothing else does — issues are built through `diagnostic::render`,
//! which scrubs, and never quote a snapshot value.

pub(crate) mod ack;
mod changes;
mod codes;
mod members;
pub(crate) mod parse;
mod report;
mod segments;
mod text;

/// How many coverage levels (HD05) this thread has worked out so far, and
/// the stretches and runs of levels it stepped through: what an 834's
/// levels cost, counted rather than timed, for tests (debug builds only;
/// reviews 28f, 29a).
#[cfg(debug_assertions)]
#[doc(hidden)]
pub fn level_evaluations() -> usize {
    changes::LEVELS.with(std::cell::Cell::get)
}

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::config::Config;
use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::limits::{stands_for, Bounded};
use crate::diagnostic::{make_issue_at, Issue};
use crate::error::{EngineError, ErrorCode};
use crate::fulfillment::FulfillmentStatus;
use crate::model::{Carrier, CarrierMode, CarrierX12, Date, Snapshot, Timestamp};
use crate::preview::Preview;
pub use ack::{Ack999, AckOptions};
use members::{Context, MemberLoop};
pub use parse::Parsed834;
pub use report::Report;
use segments::{Envelope, Writer};

/// What a file holds: the differences, or everyone in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportMode {
    /// INS03 021/001/024/025 per person with differences at the carrier; BGN08 `2`.
    Change,
    /// INS03 030 per person with a coverage in force; BGN08 `4` (or `RX`).
    Full,
}

/// An interchange party given in the options (ISA05/06 or ISA07/08).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub qualifier: String,
    pub id: String,
}

/// Options of `export834`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub carrier_id: String,
    /// When the file is made: ISA09/10, GS04/05, BGN03/04, and the
    /// preview's `now` (coverages in force on its UTC date).
    pub created: Timestamp,
    /// ISA13 (zero-padded to 9), GS06 and GE02 (unpadded), BGN02: 1 to 999999999.
    pub control_number: u32,
    /// Overrides the carrier's `x12.sender` / `x12.receiver`.
    pub sender: Option<Party>,
    pub receiver: Option<Party>,
    pub mode: ExportMode,
    /// The whole interchange, or the member loops alone (a census streamed
    /// family by family between `export834_envelope`'s header and trailer).
    pub part: ExportPart,
}

/// What `text` holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportPart {
    /// ISA through IEA.
    #[default]
    Interchange,
    /// The member loops (2000 and what it holds) alone: no envelope, no
    /// `edi_nothing_to_send` (an empty text is a family with nothing to send).
    Members,
}

/// What `export834` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Export834 {
    /// The interchange, segments ending `~` and a newline; `""` when no file
    /// can be written (a fatal issue says why, or `edi_nothing_to_send`).
    /// Holds SSNs: the one result the engine returns unscrubbed.
    pub text: String,
    /// Warnings about values written differently, and why no file was written.
    pub issues: Vec<Issue>,
    /// The segments (lines) of `text`.
    pub segments: usize,
    /// Where each member's loops are in `text`, in order: lines from 1, one
    /// segment a line. Ids and reference numbers only: no SSN, no name.
    pub loops: Vec<MemberSpan>,
}

/// Where one member's loops (2000 with its 2100s and 2300s) are in an 834's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MemberSpan {
    /// The family (index into a census's families; 0 for one family).
    pub family: usize,
    /// The person's reference number in the preview (`P-…`: its
    /// differences' `individual.reference`, its `acknowledgement`'s).
    pub individual_reference: String,
    /// The INS line.
    pub first_line: usize,
    /// The member's last line (of their last 2300 when they have one).
    pub last_line: usize,
    /// The person's own differences (employee or dependent data) this loop
    /// sends; enrollment differences are in `coverages`. Empty in a full file.
    pub difference_ids: Vec<String>,
    /// The 2300 loops, in order.
    pub coverages: Vec<CoverageSpan>,
}

/// Where one 2300 (health coverage) loop is in an 834's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoverageSpan {
    pub line_of_coverage: Option<crate::model::LineOfCoverage>,
    pub plan_id: Option<String>,
    /// The HD line.
    pub first_line: usize,
    pub last_line: usize,
    /// The enrollment difference this HD sends (change file; empty in a full file).
    pub difference_ids: Vec<String>,
}

/// What `export834_envelope` returns: the interchange around member loops
/// written apart (`part: members`), for a census streamed family by family.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Export834Envelope {
    /// ISA, GS, ST, BGN, REF*38, N1*P5, N1*IN: what comes before the first INS.
    pub header: String,
    /// SE (SE01 counting ST through SE, the member segments given included), GE, IEA.
    pub trailer: String,
    /// Why there is no envelope (`header` and `trailer` are `""`): a Sync
    /// carrier, or a Send carrier without `x12`.
    pub issues: Vec<Issue>,
}

/// One family as `export` reads it, one at a time: its preview and
/// snapshots, dropped before the next family is read (a census of 280,000
/// families never holds 280,000 previews).
pub(crate) struct FamilyRead<'p> {
    pub preview: Preview,
    pub previous: Option<&'p Snapshot>,
    /// `None` when the current snapshot could not be read (the preview says why).
    pub current: Option<Snapshot>,
}

/// One family's preview and snapshots.
pub(crate) struct Family<'a> {
    pub preview: &'a Preview,
    pub previous: Option<&'a Snapshot>,
    /// `None` when the current snapshot could not be read (the preview says why).
    pub current: Option<&'a Snapshot>,
}

/// The carrier and its X12 block, or the fatal issue saying why it has no
/// file. An id the configuration does not know is the caller's mistake.
fn carrier_for_export<'c>(
    config: &'c Config,
    carrier_id: &str,
) -> Result<(&'c Carrier, Result<&'c CarrierX12, Issue>), EngineError> {
    let carrier: &Carrier = config.group.carrier(carrier_id).ok_or_else(|| {
        EngineError::new(
            ErrorCode::InvalidOptions,
            "carrier_id names no carrier of the group configuration",
        )
    })?;
    let label = carrier.name.as_deref().unwrap_or(&carrier.id);
    let p = json!({ "carrier": label });
    let x12 = match (carrier.mode(), &carrier.x12) {
        (CarrierMode::Sync, _) => Err(make_issue_at(x::EDI_NOT_SEND_CARRIER, "", p)),
        (CarrierMode::Send, None) => Err(make_issue_at(x::EDI_NOT_CONFIGURED, "", p)),
        (CarrierMode::Send, Some(x12)) => Ok(x12),
    };
    Ok((carrier, x12))
}

/// The preview's issues that block the carrier (to be listed before
/// `edi_carrier_blocked`); `None` when the carrier is not blocked.
fn blocked<'p>(preview: &'p Preview, carrier: &Carrier) -> Option<&'p [Issue]> {
    let summary = preview
        .fulfillment_summary
        .iter()
        .find(|s| s.carrier_id == carrier.id)?;
    (summary.status == FulfillmentStatus::Invalid).then_some(summary.errors.as_slice())
}

/// The Health Coverage loops (2300) X220A1 allows one member in a file.
const MAX_COVERAGE_LOOPS: usize = 99;

/// A carrier's fatal issue standing for the file it cannot have.
fn no_file(carrier: &Carrier, mut issue: Issue) -> Export834 {
    issue.carrier_ids = vec![carrier.id.clone()];
    Export834 {
        issues: vec![issue],
        ..Export834::default()
    }
}

/// The 834 of `families` (one, or a census) for the options' carrier,
/// each family read (previewed) only when its turn comes. Blocked
/// families are left out, with their issues; issue paths are prefixed with
/// `prefix(k)` for family `k` (empty for one family). At most
/// `MAX_ISSUES` issues are listed across the families, the rest counted
/// (`limits::Bounded`): a census of 280,000 blocked families copies 1000
/// issues, not 280,000 families' worth.
pub(crate) fn export<'p>(
    config: &Config,
    families: impl IntoIterator<Item = FamilyRead<'p>>,
    opts: &ExportOptions,
    prefix: impl Fn(usize) -> String,
) -> Result<Export834, EngineError> {
    let (carrier, x12) = carrier_for_export(config, &opts.carrier_id)?;
    let x12 = match x12 {
        Ok(x12) => x12,
        Err(issue) => return Ok(no_file(carrier, issue)),
    };
    let today = opts.created.date().unwrap_or(Date::OPEN_END);
    let ctx = Context { config, x12 };
    let mut issues = Bounded::default();
    let mut loops: Vec<MemberSpan> = Vec::new();
    let mut body = Writer::default();
    for (k, family_read) in families.into_iter().enumerate() {
        let family = &Family {
            preview: &family_read.preview,
            previous: family_read.previous,
            current: family_read.current.as_ref(),
        };
        // The family's path prefix, made for its first listed issue.
        let mut at: Option<String> = None;
        let mut list = |issues: &mut Bounded, issue: &Issue| {
            if !issues.has_room() {
                issues.overflow.count_as(issue.severity, stands_for(issue));
                return;
            }
            let at = at.get_or_insert_with(|| prefix(k));
            let mut issue = issue.clone();
            issue.path = format!("{at}{}", issue.path);
            issue.carrier_ids = vec![carrier.id.clone()];
            issues.list.push(issue);
        };
        let mut found: Vec<Issue> = Vec::new();
        if let Some(blocking) = blocked(family.preview, carrier) {
            for issue in blocking {
                list(&mut issues, issue);
            }
            let label = carrier.name.as_deref().unwrap_or(&carrier.id);
            let p = json!({ "carrier": label });
            found.push(make_issue_at(x::EDI_CARRIER_BLOCKED, "", p));
        } else if let Some(cur) = family.current {
            let subscriber_id = members::subscriber_id(cur, &mut found);
            let members = family_loops(family, cur, config, opts, today, &subscriber_id);
            // A member over the 2300 loops X12 allows leaves the family out.
            let crowded = members.iter().find(|l| l.coverages.len() > MAX_COVERAGE_LOOPS);
            if let Some(l) = crowded {
                let name = l.snapshot.display_name(l.who, crate::privacy::scrub);
                let p = json!({ "name": name, "count": l.coverages.len() });
                let path = members::person_path(l.who);
                found.push(make_issue_at(x::EDI_TOO_MANY_COVERAGES, &path, p));
            } else {
                // Its warnings built only while the result's list has room.
                let room = issues.room().saturating_sub(found.len());
                let mut clean = text::Clean {
                    room,
                    ..text::Clean::default()
                };
                let mut family_text = Writer::default();
                let mut spans = Vec::with_capacity(members.len());
                for l in &members {
                    spans.push(members::write_member(&mut family_text, &mut clean, &ctx, l, k));
                }
                // A family with a value X12 requires and cannot carry is left
                // out whole: its error says why.
                if !clean.unwritable {
                    shift(&mut spans, body.lines);
                    loops.append(&mut spans);
                    body.append(family_text);
                }
                found.append(&mut clean.issues);
                issues.overflow.extend(clean.unlisted);
            }
        }
        for issue in &found {
            list(&mut issues, issue);
        }
    }
    // Every issue names the carrier: so does `too_many_issues`.
    let finish = |issues: Bounded| issues.finish(vec![carrier.id.clone()]);
    if opts.part == ExportPart::Members {
        return Ok(Export834 {
            segments: body.lines,
            text: body.text,
            issues: finish(issues),
            loops,
        });
    }
    if loops.is_empty() {
        let label = carrier.name.as_deref().unwrap_or(&carrier.id);
        // Said only when nothing kept the families out (a blocked carrier,
        // a value X12 cannot carry): then their issues say why.
        if !issues.blocks() {
            let p = json!({ "carrier": label });
            let mut issue = make_issue_at(x::EDI_NOTHING_TO_SEND, "", p);
            issue.carrier_ids = vec![carrier.id.clone()];
            issues.push(issue);
        }
        return Ok(Export834 {
            issues: finish(issues),
            ..Export834::default()
        });
    }
    let mut w = Writer::default();
    open_interchange(&mut w, x12, opts);
    shift(&mut loops, w.lines);
    w.append(body);
    close_interchange(&mut w, x12, opts);
    Ok(Export834 {
        segments: w.lines,
        text: w.text,
        issues: finish(issues),
        loops,
    })
}

/// The header and trailer of an interchange whose member loops (`segments`
/// of them) are written apart: `header` + the loops + `trailer` is the
/// file `export` writes for the same families.
pub(crate) fn envelope_of(
    config: &Config,
    opts: &ExportOptions,
    segments: usize,
) -> Result<Export834Envelope, EngineError> {
    let (carrier, x12) = carrier_for_export(config, &opts.carrier_id)?;
    let x12 = match x12 {
        Ok(x12) => x12,
        Err(issue) => {
            return Ok(Export834Envelope {
                issues: no_file(carrier, issue).issues,
                ..Export834Envelope::default()
            })
        }
    };
    let mut w = Writer::default();
    open_interchange(&mut w, x12, opts);
    let header = w.take_text();
    w.count_elsewhere(segments);
    close_interchange(&mut w, x12, opts);
    Ok(Export834Envelope {
        header,
        trailer: w.text,
        issues: Vec::new(),
    })
}

/// ISA, GS, ST and the header of the one transaction set.
fn open_interchange(w: &mut Writer, x12: &CarrierX12, opts: &ExportOptions) {
    envelope(x12, opts).open(w);
    w.start_set("0001");
    header(w, x12, opts);
}

/// SE, GE and IEA.
fn close_interchange(w: &mut Writer, x12: &CarrierX12, opts: &ExportOptions) {
    w.end_set("0001");
    envelope(x12, opts).close(w, 1);
}

/// Spans written `offset` lines further down.
fn shift(spans: &mut [MemberSpan], offset: usize) {
    for span in spans {
        span.first_line += offset;
        span.last_line += offset;
        for c in &mut span.coverages {
            c.first_line += offset;
            c.last_line += offset;
        }
    }
}

/// The member loops of one family.
fn family_loops<'a>(
    family: &Family<'a>,
    cur: &'a Snapshot,
    config: &'a Config,
    opts: &'a ExportOptions,
    today: Date,
    subscriber_id: &'a str,
) -> Vec<MemberLoop<'a>> {
    match opts.mode {
        ExportMode::Full => changes::full(
            cur,
            &opts.carrier_id,
            today,
            subscriber_id,
            &family.preview.acknowledgement,
        ),
        ExportMode::Change => {
            let preview = family.preview;
            let differences = preview
                .differences
                .iter()
                .filter(|d| d.carrier_id == opts.carrier_id)
                .collect();
            let transaction_type = preview
                .transactions
                .iter()
                .find(|t| t.carrier_id == opts.carrier_id)
                .map(|t| t.transaction_type);
            changes::change(&changes::ChangeInput {
                previous: family.previous,
                current: cur,
                config,
                carrier: &opts.carrier_id,
                differences,
                transaction_type,
                today,
                subscriber_id,
                acknowledgement: &preview.acknowledgement,
            })
        }
    }
}

/// The envelope of the options and the carrier's block.
fn envelope<'a>(x12: &'a CarrierX12, opts: &'a ExportOptions) -> Envelope<'a> {
    let party = |given: &'a Option<Party>, configured: &'a crate::model::X12Address| match given {
        Some(p) => (p.qualifier.as_str(), p.id.as_str()),
        None => (configured.qualifier.as_str(), configured.id.as_str()),
    };
    Envelope {
        sender: party(&opts.sender, &x12.sender),
        receiver: party(&opts.receiver, &x12.receiver),
        application_sender: &x12.application_sender,
        application_receiver: &x12.application_receiver,
        usage: x12.usage.as_deref().unwrap_or("P"),
        created: opts.created,
        control_number: opts.control_number,
    }
}

/// BGN, REF*38, and the 1000A/1000B parties.
fn header(w: &mut Writer, x12: &CarrierX12, opts: &ExportOptions) {
    let (date, hhmm) = segments::date_time(opts.created);
    let action = match opts.mode {
        ExportMode::Change => "2",
        ExportMode::Full => x12.full_file_action.as_deref().unwrap_or("4"),
    };
    let reference = opts.control_number.to_string();
    w.segment(
        "BGN",
        &[
            "00",
            &reference,
            &segments::ccyymmdd(date),
            &hhmm,
            "UT",
            "",
            "",
            action,
        ],
    );
    if let Some(policy) = &x12.master_policy_number {
        w.segment("REF", &["38", policy]);
    }
    for (code, party) in [("P5", &x12.sponsor), ("IN", &x12.payer)] {
        let name = party.name.as_deref().unwrap_or_default();
        w.segment("N1", &[code, name, &party.id_qualifier, &party.id]);
    }
}
