//! The subset of RFC 5545 recurrence rules a Send carrier's feed schedule
//! needs, evaluated in UTC: `FREQ=DAILY|WEEKLY|MONTHLY`, `INTERVAL` (anchored
//! by the feed's `dtstart` when above 1), `BYDAY` (with ordinals under
//! MONTHLY: `1MO`, `-1FR`), `BYMONTHDAY` (`-1` = last day), `BYHOUR`,
//! `BYMINUTE`, `BYSECOND`, `UNTIL` (a date: through the end of that day; a
//! UTC date-time: up to that instant), `WKST` (the day weeks start on, for
//! `WEEKLY` with `INTERVAL` above 1). `COUNT` and yearly rules are refused: a
//! feed runs until the configuration changes.

use super::date::Date;

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

impl RRule {
    /// Parses `FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0` (an optional
    /// `RRULE:` prefix is allowed). The error says which part is wrong.
    pub fn parse(text: &str) -> Result<RRule, String> {
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
                .ok_or_else(|| format!("\"{part}\" is not NAME=VALUE"))?;
            if seen.contains(&key) {
                return Err(format!("{key} is given twice"));
            }
            seen.push(key);
            match key {
                "FREQ" => {
                    freq = Some(match value {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        _ => return Err(format!("FREQ={value} is not supported (DAILY, WEEKLY, MONTHLY)")),
                    })
                }
                "INTERVAL" => {
                    rule.interval = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=366).contains(n))
                        .ok_or_else(|| format!("INTERVAL={value} is not a number from 1 to 366"))?
                }
                "BYDAY" => rule.by_day = list(value, "BYDAY", parse_day)?,
                "BYMONTHDAY" => {
                    rule.by_month_day = list(value, "BYMONTHDAY", |s| {
                        s.parse::<i8>().ok().filter(|d| *d != 0 && (-31..=31).contains(d))
                    })?
                }
                "BYHOUR" => {
                    rule.by_hour = list(value, "BYHOUR", |s| s.parse::<u8>().ok().filter(|h| *h < 24))?
                }
                "BYMINUTE" => {
                    rule.by_minute = list(value, "BYMINUTE", |s| s.parse::<u8>().ok().filter(|m| *m < 60))?
                }
                "BYSECOND" => {
                    rule.by_second = list(value, "BYSECOND", |s| s.parse::<u8>().ok().filter(|m| *m < 60))?
                }
                "UNTIL" => {
                    let (day, seconds) =
                        until(value).ok_or_else(|| format!("UNTIL={value} is not YYYYMMDD[THHMMSSZ]"))?;
                    rule.until = Some(day);
                    rule.until_seconds = seconds;
                }
                "WKST" => {
                    let day = WEEKDAYS.iter().position(|d| *d == value);
                    rule.wkst = day
                        .and_then(|d| u8::try_from(d).ok())
                        .ok_or_else(|| format!("WKST={value} is not a weekday"))?;
                }
                _ => return Err(format!("{key} is not supported")),
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
        ord.parse::<i8>()
            .ok()
            .filter(|n| *n != 0 && (-5..=5).contains(n))?
    };
    Some((ord, u8::try_from(wd).ok()?))
}

fn list<T>(value: &str, key: &str, item: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    value
        .split(',')
        .map(|s| item(s).ok_or_else(|| format!("{key}: \"{s}\" is not valid")))
        .collect()
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
            ("FREQ=WEEKLY;BYHOUR=24", "BYHOUR: \"24\" is not valid"),
            (
                "FREQ=WEEKLY;BYDAY=1MO",
                "ordinal BYDAY (like 1MO) needs FREQ=MONTHLY",
            ),
            ("FREQ=WEEKLY;COUNT=3", "COUNT is not supported"),
            ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice"),
            ("FREQ", "\"FREQ\" is not NAME=VALUE"),
        ] {
            assert_eq!(RRule::parse(bad), Err(why.to_string()), "{bad}");
        }
        assert!(RRule::parse("RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20301231T000000Z").is_ok());
    }
}
