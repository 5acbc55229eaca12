//! Writing X12: segments with their separators, the segment count of the
//! transaction set kept while writing (SE01 is never counted by hand), and
//! the fixed-width interchange envelope.

use crate::model::{Date, Timestamp};

/// Element separator, component separator (ISA16), repetition separator
/// (ISA11) and segment terminator: the values every 5010 sample uses. A
/// newline after each terminator keeps files readable (X12 allows it).
pub(crate) const ELEMENT: char = '*';
pub(crate) const COMPONENT: char = ':';
pub(crate) const REPETITION: char = '^';
pub(crate) const TERMINATOR: &str = "~\n";

/// The implementation guide the files follow (GS08, ST03).
pub(crate) const VERSION: &str = "005010X220A1";

/// A file being written: its text and the segments of the open transaction set.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub text: String,
    /// Segments since ST, ST included.
    in_set: usize,
    /// Segments (lines) written in all: the line of the last one.
    pub lines: usize,
}

impl Writer {
    /// One segment; trailing empty elements are left out (X12 forbids them).
    pub fn segment(&mut self, id: &str, elements: &[&str]) {
        let used = elements.iter().rposition(|e| !e.is_empty()).map_or(0, |k| k + 1);
        self.text.push_str(id);
        for e in elements.iter().take(used) {
            self.text.push(ELEMENT);
            self.text.push_str(e);
        }
        self.text.push_str(TERMINATOR);
        self.in_set += 1;
        self.lines += 1;
    }

    /// A DTP segment with a D8 date.
    pub fn date(&mut self, qualifier: &str, date: Date) {
        self.segment("DTP", &[qualifier, "D8", &ccyymmdd(date)]);
    }

    /// Appends segments written apart (counted in this set).
    pub fn append(&mut self, other: Writer) {
        self.text.push_str(&other.text);
        self.in_set += other.in_set;
        self.lines += other.lines;
    }

    /// Counts `n` segments of this set written elsewhere (a census's member
    /// loops streamed between its header and its trailer).
    pub fn count_elsewhere(&mut self, n: usize) {
        self.in_set = self.in_set.saturating_add(n);
        self.lines = self.lines.saturating_add(n);
    }

    /// The text written so far, taken out (the counts stay).
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// Opens a transaction set.
    pub fn start_set(&mut self, control: &str) {
        self.start_set_of("834", control, VERSION);
    }

    /// Opens a transaction set of any kind (`999` for `ack999`).
    pub fn start_set_of(&mut self, id: &str, control: &str, version: &str) {
        self.in_set = 0;
        self.segment("ST", &[id, control, version]);
    }

    /// Closes the transaction set: SE01 counts ST through SE.
    pub fn end_set(&mut self, control: &str) {
        let count = (self.in_set + 1).to_string();
        self.segment("SE", &[&count, control]);
    }
}

/// `CCYYMMDD`.
pub(crate) fn ccyymmdd(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{y:04}{m:02}{day:02}")
}

/// The UTC date and `HHMM` of a timestamp.
pub(crate) fn date_time(t: Timestamp) -> (Date, String) {
    let seconds = t.unix_seconds().rem_euclid(86_400);
    let date = t.date().unwrap_or(Date::OPEN_END);
    (date, format!("{:02}{:02}", seconds / 3600, seconds % 3600 / 60))
}

/// The interchange and group envelope around the transaction sets.
#[derive(Debug, Clone)]
pub(crate) struct Envelope<'a> {
    pub sender: (&'a str, &'a str),
    pub receiver: (&'a str, &'a str),
    pub application_sender: &'a str,
    pub application_receiver: &'a str,
    pub usage: &'a str,
    pub created: Timestamp,
    pub control_number: u32,
}

/// An ISA (the 834's and the 999's): fixed width, ids padded to 15, ISA13
/// the control number padded to 9 digits, ISA09/10 from `created`.
pub fn isa(
    w: &mut Writer,
    (sq, sid): (&str, &str),
    (rq, rid): (&str, &str),
    created: Timestamp,
    version: &str,
    control_number: u32,
    usage: &str,
) {
    let (date, hhmm) = date_time(created);
    let yymmdd = ccyymmdd(date).get(2..).unwrap_or_default().to_owned();
    let isa13 = format!("{control_number:09}");
    let (sid, rid) = (format!("{sid:<15}"), format!("{rid:<15}"));
    let blank = " ".repeat(10);
    let (repetition, component) = (REPETITION.to_string(), COMPONENT.to_string());
    let elements = [
        "00",
        &blank,
        "00",
        &blank,
        sq,
        &sid,
        rq,
        &rid,
        &yymmdd,
        &hhmm,
        &repetition,
        version,
        &isa13,
        "0",
        usage,
        &component,
    ];
    w.segment("ISA", &elements);
}

impl Envelope<'_> {
    /// ISA and GS. The ISA is fixed width: ids padded to 15, ISA13 to 9 digits.
    pub fn open(&self, w: &mut Writer) {
        let (date, hhmm) = date_time(self.created);
        isa(
            w,
            self.sender,
            self.receiver,
            self.created,
            "00501",
            self.control_number,
            self.usage,
        );
        let gs06 = self.control_number.to_string();
        let day = ccyymmdd(date);
        w.segment(
            "GS",
            &[
                "BE",
                self.application_sender,
                self.application_receiver,
                &day,
                &hhmm,
                &gs06,
                "X",
                VERSION,
            ],
        );
    }

    /// GE and IEA for one group of `sets` transaction sets: GE02 is GS06's
    /// very text, IEA02 ISA13's.
    pub fn close(&self, w: &mut Writer, sets: usize) {
        w.segment("GE", &[&sets.to_string(), &self.control_number.to_string()]);
        w.segment("IEA", &["1", &format!("{:09}", self.control_number)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_empty_elements_are_left_out_and_segments_counted() {
        let mut w = Writer::default();
        w.start_set("0001");
        w.segment("INS", &["Y", "18", "030", "XN", "A", "", "", "FT", "", ""]);
        w.segment("NM1", &["IL", "1", "RIVERA", "", ""]);
        w.end_set("0001");
        assert_eq!(
            w.text,
            "ST*834*0001*005010X220A1~\nINS*Y*18*030*XN*A***FT~\nNM1*IL*1*RIVERA~\nSE*4*0001~\n"
        );
    }

    #[test]
    fn the_isa_is_106_characters_with_its_terminator() {
        let mut w = Writer::default();
        let created = Timestamp::parse("2026-11-12T18:30:00Z").unwrap_or(Timestamp::at(Date::OPEN_END, 0));
        let env = Envelope {
            sender: ("ZZ", "ENROLLENGINE"),
            receiver: ("ZZ", "CIGNA"),
            application_sender: "ENROLLENGINE",
            application_receiver: "CIGNA",
            usage: "T",
            created,
            control_number: 1,
        };
        env.open(&mut w);
        let isa = w.text.lines().next().unwrap_or_default();
        assert_eq!(
            isa,
            "ISA*00*          *00*          *ZZ*ENROLLENGINE   *ZZ*CIGNA          *261112*1830*^*00501*000000001*0*T*:~"
        );
        assert_eq!(isa.len(), 106);
    }
}
