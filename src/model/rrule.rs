//! The subset of RFC 5545 recurrence rules a Send carrier's feed schedule
//! needs, evaluated in UTC: `FREQ=DAILY|WEEKLY|MONTHLY`, `INTERVAL` (anchored
//! by the feed's `dtstart` when above 1), `BYDAY` (with ordinals under
//! MONTHLY: `1MO`, `-1FR`), `BYMONTHDAY` (`-1` = last day), `BYHOUR`,
//! `BYMINUTE`, `BYSECOND`, `UNTIL` (a date: through the end of that day; a
//! UTC date-time: up to that instant), `WKST` (the day weeks start on, for
//! `WEEKLY` with `INTERVAL` above 1). `COUNT` and yearly rules are refused: a
//! feed runs until the configuration changes.

use super::date::Date;
use super::text::quote;

/// Recurrence frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
}

/// A parsed recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule {
    pub freq: Freq,
    pub interval: u32,
    /// (ordinal, weekday 0=Monday..6=Sunday); ordinal 0 = every such weekday.
    pub by_day: Vec<(i8, u8)>,
    pub by_month_day: Vec<i8>,
    pub by_hour: Vec<u8>,
    pub by_minute: Vec<u8>,
    pub by_second: Vec<u8>,
    /// Last day an occurrence may fall on.
    pub until: Option<Date>,
    /// `UNTIL`'s time of day in seconds when it is a date-time (`None`: the
    /// whole `until` day counts).
    pub until_seconds: Option<u32>,
    /// The day weeks start on (0=Monday..6=Sunday; RFC 5545's default is Monday).
    pub wkst: u8,
}

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Why a rule cannot be scheduled. Each kind is its own configuration issue
/// (`config/read.rs`); `Display` words it for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RRuleError {
    /// Does not parse, or asks for what the engine cannot schedule
    /// (`invalid_rrule`).
    Invalid(String),
    /// A BY list names a value twice (`rrule_duplicate_value`).
    Duplicate { part: &'static str, value: String },
    /// A BY value outside its range (`rrule_value_out_of_range`).
    OutOfRange {
        part: &'static str,
        value: String,
        min: i64,
        max: i64,
    },
    /// A BY list longer than its distinct values allow
    /// (`rrule_list_too_long`): checked before its items are read.
    TooLong {
        part: &'static str,
        count: usize,
        limit: usize,
    },
}

impl std::fmt::Display for RRuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RRuleError::Invalid(reason) => f.write_str(reason),
            RRuleError::Duplicate { part, value } => write!(f, "{part} lists {value} twice"),
            RRuleError::OutOfRange {
                part,
                value,
                min,
                max,
            } => {
                write!(f, "{part} value {value} is outside {min} to {max}")
            }
            RRuleError::TooLong { part, count, limit } => {
                write!(f, "{part} lists {count} values; at most {limit}")
            }
        }
    }
}

impl From<String> for RRuleError {
    fn from(reason: String) -> Self {
        RRuleError::Invalid(reason)
    }
}

impl From<&str> for RRuleError {
    fn from(reason: &str) -> Self {
        RRuleError::Invalid(reason.to_owned())
    }
}

/// Most values each BY list may give: as many as it has distinct values
/// (duplicates are refused), so the schedule search is bounded whatever the
/// configuration (docs/api.md, Limits).
pub const MAX_BYHOUR: usize = 24;
pub const MAX_BYMINUTE: usize = 60;
pub const MAX_BYSECOND: usize = 60;
/// ±1..31.
pub const MAX_BYMONTHDAY: usize = 62;
/// Seven weekdays, each plain or with an ordinal ±1..5.
pub const MAX_BYDAY: usize = 77;

impl RRule {
    /// Parses `FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0` (an optional
    /// `RRULE:` prefix is allowed), strictly: numbers are ASCII digits (a
    /// sign only where RFC 5545 has one: BYMONTHDAY, BYDAY ordinals), BY
    /// lists hold distinct in-range values, `UNTIL` is `YYYYMMDD` or
    /// `YYYYMMDDTHHMMSSZ` and nothing else. The error says which part is
    /// wrong, quoting at most 64 characters of the rule.
    pub fn parse(text: &str) -> Result<RRule, RRuleError> {
        let body = text.trim().strip_prefix("RRULE:").unwrap_or(text.trim());
        let mut rule = RRule {
            freq: Freq::Daily,
            interval: 1,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_hour: Vec::new(),
            by_minute: Vec::new(),
            by_second: Vec::new(),
            until: None,
            until_seconds: None,
            wkst: 0,
        };
        let mut freq = None;
        let mut seen: Vec<&str> = Vec::new();
        for part in body.split(';').filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("\"{}\" is not NAME=VALUE", quote(part)))?;
            if seen.contains(&key) {
                return Err(format!("{} is given twice", quote(key)).into());
            }
            seen.push(key);
            match key {
                "FREQ" => {
                    freq = Some(match value {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        _ => {
                            let v = quote(value);
                            return Err(format!("FREQ={v} is not supported (DAILY, WEEKLY, MONTHLY)").into());
                        }
                    })
                }
                "INTERVAL" => {
                    rule.interval = digits(value, 3)
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|n| (1..=366).contains(n))
                        .ok_or_else(|| format!("INTERVAL={} is not a number from 1 to 366", quote(value)))?
                }
                "BYDAY" => rule.by_day = list(value, "BYDAY", MAX_BYDAY, |s| Ok(parse_day(s)))?,
                "BYMONTHDAY" => rule.by_month_day = list(value, "BYMONTHDAY", MAX_BYMONTHDAY, month_day)?,
                "BYHOUR" => rule.by_hour = list(value, "BYHOUR", MAX_BYHOUR, |s| unsigned(s, "BYHOUR", 23))?,
                "BYMINUTE" => {
                    rule.by_minute = list(value, "BYMINUTE", MAX_BYMINUTE, |s| unsigned(s, "BYMINUTE", 59))?
                }
                "BYSECOND" => {
                    rule.by_second = list(value, "BYSECOND", MAX_BYSECOND, |s| unsigned(s, "BYSECOND", 59))?
                }
                "UNTIL" => {
                    let (day, seconds) = until(value)
                        .ok_or_else(|| format!("UNTIL={} is not YYYYMMDD[THHMMSSZ]", quote(value)))?;
                    rule.until = Some(day);
                    rule.until_seconds = seconds;
                }
                "WKST" => {
                    let day = WEEKDAYS.iter().position(|d| *d == value);
                    rule.wkst = day
                        .and_then(|d| u8::try_from(d).ok())
                        .ok_or_else(|| format!("WKST={} is not a weekday", quote(value)))?;
                }
                _ => return Err(format!("{} is not supported", quote(key)).into()),
            }
        }
        rule.freq = freq.ok_or("FREQ is required")?;
        if rule.freq != Freq::Monthly && rule.by_day.iter().any(|(n, _)| *n != 0) {
            return Err("ordinal BYDAY (like 1MO) needs FREQ=MONTHLY".into());
        }
        if rule.freq == Freq::Daily && !rule.by_month_day.is_empty() {
            return Err("BYMONTHDAY needs FREQ=MONTHLY".into());
        }
        Ok(rule)
    }
}

/// `1` to `max_len` ASCII digits as a number (no sign, no spaces).
fn digits(s: &str, max_len: usize) -> Option<i64> {
    let ok = !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

/// An optional sign, then 1 or 2 digits (RFC 5545's `[plus / minus] 1*2DIGIT`).
fn signed(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) => digits(rest, 2).map(|n| -n),
        None => digits(s.strip_prefix('+').unwrap_or(s), 2),
    }
}

/// A BYHOUR / BYMINUTE / BYSECOND value: 1 or 2 digits, `0..=max`.
fn unsigned(s: &str, part: &'static str, max: i64) -> Result<Option<u8>, RRuleError> {
    let Some(n) = digits(s, 2) else { return Ok(None) };
    match u8::try_from(n) {
        Ok(v) if n <= max => Ok(Some(v)),
        _ => Err(out_of_range(part, s, 0, max)),
    }
}

/// A BYMONTHDAY value: ±1..31.
fn month_day(s: &str) -> Result<Option<i8>, RRuleError> {
    let Some(n) = signed(s) else { return Ok(None) };
    match i8::try_from(n) {
        Ok(d) if d != 0 && (-31..=31).contains(&d) => Ok(Some(d)),
        _ => Err(out_of_range("BYMONTHDAY", s, -31, 31)),
    }
}

fn out_of_range(part: &'static str, value: &str, min: i64, max: i64) -> RRuleError {
    RRuleError::OutOfRange {
        part,
        value: quote(value),
        min,
        max,
    }
}

impl RRule {
    /// Whether the rule needs a start date to know which days it means: an
    /// INTERVAL to count from, or no BYDAY / BYMONTHDAY to name the days.
    pub fn needs_anchor(&self) -> bool {
        self.interval > 1
            || match self.freq {
                Freq::Daily => false,
                Freq::Weekly => self.by_day.is_empty(),
                Freq::Monthly => self.by_day.is_empty() && self.by_month_day.is_empty(),
            }
    }
}

/// `YYYYMMDD` or `YYYYMMDDTHHMMSSZ` (UTC): the day, and the time in seconds.
fn until(value: &str) -> Option<(Date, Option<u32>)> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let d = value.get(..8).filter(|d| digits(d))?;
    let day = Date::parse(&format!("{}-{}-{}", d.get(..4)?, d.get(4..6)?, d.get(6..8)?)).ok()?;
    if value.len() == 8 {
        return Some((day, None));
    }
    let t = value.get(8..).filter(|t| t.len() == 8)?;
    let hms = t.strip_prefix('T')?.strip_suffix('Z').filter(|h| digits(h))?;
    let part = |r: std::ops::Range<usize>| hms.get(r).and_then(|p| p.parse::<u32>().ok());
    let (h, m, s) = (part(0..2)?, part(2..4)?, part(4..6)?);
    (h < 24 && m < 60 && s < 60).then_some((day, Some(h * 3600 + m * 60 + s)))
}

fn parse_day(s: &str) -> Option<(i8, u8)> {
    let split = s.len().checked_sub(2)?;
    let (ord, day) = (s.get(..split)?, s.get(split..)?);
    let wd = WEEKDAYS.iter().position(|d| *d == day)?;
    let ord = if ord.is_empty() {
        0
    } else {
        signed(ord)
            .and_then(|n| i8::try_from(n).ok())
            .filter(|n| *n != 0 && (-5..=5).contains(n))?
    };
    Some((ord, u8::try_from(wd).ok()?))
}

/// A comma-separated BY list: at most `max` items, each read by `item`
/// (`Ok(None)`: not valid syntax), none twice.
fn list<T: PartialEq>(
    value: &str,
    part: &'static str,
    max: usize,
    item: impl Fn(&str) -> Result<Option<T>, RRuleError>,
) -> Result<Vec<T>, RRuleError> {
    let count = value.split(',').count();
    if count > max {
        return Err(RRuleError::TooLong {
            part,
            count,
            limit: max,
        });
    }
    let mut out: Vec<T> = Vec::with_capacity(count);
    for s in value.split(',') {
        let v = item(s)?.ok_or_else(|| format!("{part}: \"{}\" is not valid", quote(s)))?;
        // At most 77 items: a scan is cheaper than hashing.
        if out.contains(&v) {
            return Err(RRuleError::Duplicate {
                part,
                value: quote(s),
            });
        }
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_design_example() {
        let r = RRule::parse("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0").ok();
        let r = r.as_ref();
        assert_eq!(r.map(|r| r.freq), Some(Freq::Weekly));
        assert_eq!(r.map(|r| r.by_day.clone()), Some(vec![(0, 0), (0, 3)]));
        assert_eq!(r.map(|r| r.by_hour.clone()), Some(vec![17]));
    }

    #[test]
    fn refuses_what_it_cannot_schedule() {
        for (bad, why) in [
            ("BYDAY=MO", "FREQ is required"),
            (
                "FREQ=YEARLY",
                "FREQ=YEARLY is not supported (DAILY, WEEKLY, MONTHLY)",
            ),
            ("FREQ=WEEKLY;BYDAY=XX", "BYDAY: \"XX\" is not valid"),
            ("FREQ=WEEKLY;BYHOUR=24", "BYHOUR value 24 is outside 0 to 23"),
            (
                "FREQ=WEEKLY;BYDAY=1MO",
                "ordinal BYDAY (like 1MO) needs FREQ=MONTHLY",
            ),
            ("FREQ=WEEKLY;COUNT=3", "COUNT is not supported"),
            ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice"),
            ("FREQ", "\"FREQ\" is not NAME=VALUE"),
        ] {
            assert_eq!(
                RRule::parse(bad).map_err(|e| e.to_string()),
                Err(why.to_string()),
                "{bad}"
            );
        }
        assert!(RRule::parse("RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20301231T000000Z").is_ok());
    }
}
