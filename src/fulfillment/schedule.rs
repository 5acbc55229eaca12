//! When a Send carrier's next file goes out: the first occurrence of its
//! feed's recurrence rule strictly after `now`, in UTC.

use crate::model::rrule::{Freq, RRule};
use crate::model::{Date, Timestamp};

/// How far ahead to look: a rule that has no occurrence within ten years
/// (`UNTIL` passed, or an impossible date like BYMONTHDAY=31 in a 30-day-only
/// selection) has none.
const HORIZON_DAYS: i64 = 3_660;

/// The first occurrence strictly after `now`. Bounded whatever the rule:
/// days within `HORIZON_DAYS` (fewer with `UNTIL`), each checked against BY
/// lists the parser bounds (`rrule::MAX_BYDAY` & co.), and the time of day
/// found from the sorted BYHOUR / BYMINUTE / BYSECOND lists in at most
/// 24 + 60 + 60 steps, without building their product (86,400 times).
/// Only days that can match are visited (`next_candidate`): a rule that
/// never fires (`BYMONTHDAY=31;BYDAY=1MO`) checked all 3,660 days, ~65 µs,
/// and a fold state may carry thousands of such feeds (review 23a).
pub fn next_after(rule: &RRule, dtstart: Option<Date>, now: Timestamp) -> Option<Timestamp> {
    let times = TimesOfDay::of(rule);
    let start = now.date()?;
    let after_start = now.unix_seconds().rem_euclid(86_400);
    let last = rule
        .until
        .map(|u| Timestamp::at(u, rule.until_seconds.map_or(86_399, i64::from)));
    // Past 9999-12-31 no date is representable: the horizon stops there.
    let horizon = start.plus_days(HORIZON_DAYS - 1).unwrap_or(Date::OPEN_END);
    let end = rule.until.map_or(horizon, |u| u.min(horizon));
    let mut day = dtstart.map_or(start, |s| s.max(start));
    while day <= end {
        if matches_day(rule, dtstart, day) {
            let first = if day == start {
                times.after(after_start)
            } else {
                times.first()
            };
            if let Some(t) = first {
                // UNTIL with a time bounds the last day's runs too (a date alone: the whole day).
                return Some(Timestamp::at(day, t)).filter(|ts| last.is_none_or(|l| *ts <= l));
            }
        }
        day = next_candidate(rule, dtstart, day)?;
    }
    None
}

/// The first day after `d` that may match the rule: every matching day
/// after `d` is this one or later (`None`: no day can). DAILY, WEEKLY and
/// MONTHLY with an INTERVAL and a DTSTART skip the days (weeks, months)
/// INTERVAL leaves out; MONTHLY with BYMONTHDAY visits only those days of
/// each month. `FREQ=MONTHLY;INTERVAL=366;BYDAY=MO` from 2020 had visited
/// every day of the horizon (review 25b); a WEEKLY rule without BYDAY or a
/// MONTHLY one without BYDAY and BYMONTHDAY matches no day without DTSTART.
fn next_candidate(rule: &RRule, dtstart: Option<Date>, d: Date) -> Option<Date> {
    let interval = i64::from(rule.interval.max(1));
    let next = d.plus_days(1)?;
    let no_by = rule.by_day.is_empty();
    match (rule.freq, dtstart) {
        (Freq::Weekly, None) if no_by => None,
        (Freq::Monthly, None) if no_by && rule.by_month_day.is_empty() => None,
        (Freq::Daily, Some(s)) if interval > 1 => {
            let off = (next.days_since_epoch() - s.days_since_epoch()).rem_euclid(interval);
            next.plus_days(if off == 0 { 0 } else { interval - off })
        }
        (Freq::Weekly, Some(s)) if interval > 1 => {
            let week_start = |x: Date| x.days_since_epoch() - i64::from(x.weekday() + 7 - rule.wkst) % 7;
            let weeks = (week_start(next) - week_start(s)).div_euclid(7);
            let off = weeks.rem_euclid(interval);
            if off == 0 {
                Some(next)
            } else {
                next.plus_days(week_start(next) - next.days_since_epoch() + 7 * (interval - off))
            }
        }
        (Freq::Monthly, _) => {
            let day = if rule.by_month_day.is_empty() {
                next
            } else {
                next_month_day(rule, d)?
            };
            match dtstart {
                Some(s) if interval > 1 => counted_month(day, s, interval),
                _ => Some(day),
            }
        }
        _ => Some(next),
    }
}

/// `day` when its month is one INTERVAL counts from DTSTART's, else the first
/// day of the next month that is.
fn counted_month(day: Date, dtstart: Date, interval: i64) -> Option<Date> {
    let month = |x: Date| {
        let (y, m, _) = x.ymd();
        i64::from(y) * 12 + i64::from(m) - 1
    };
    let off = (month(day) - month(dtstart)).rem_euclid(interval);
    if off == 0 {
        return Some(day);
    }
    let target = month(day) + interval - off;
    let year = i32::try_from(target.div_euclid(12)).ok()?;
    let month = u8::try_from(target.rem_euclid(12) + 1).ok()?;
    Date::from_ymd(year, month, 1)
}

/// The first day after `d` whose day of the month is one of BYMONTHDAY's
/// (negative ones counted from the month's end). Every day from 1 to 31,
/// and from -1 to -31, falls in some month of any 13 in a row.
fn next_month_day(rule: &RRule, d: Date) -> Option<Date> {
    let (y, m, day) = d.ymd();
    let mut first = Date::from_ymd(y, m, 1)?;
    let mut after = i16::from(day);
    for _ in 0..13 {
        let dim = i16::from(first.days_in_month());
        let target = rule
            .by_month_day
            .iter()
            .map(|&md| {
                if md > 0 {
                    i16::from(md)
                } else {
                    dim + i16::from(md) + 1
                }
            })
            .filter(|&t| t > after && t <= dim)
            .min();
        if let Some(t) = target {
            return first.plus_days(i64::from(t - 1));
        }
        first = first.plus_days(i64::from(dim))?;
        after = 0;
    }
    None
}

/// The sorted, distinct hours, minutes and seconds of a rule (`[0]` when
/// the rule gives none).
struct TimesOfDay([Vec<i64>; 3]);

impl TimesOfDay {
    fn of(rule: &RRule) -> TimesOfDay {
        let sorted = |v: &[u8]| {
            let mut out: Vec<i64> = v.iter().map(|x| i64::from(*x)).collect();
            if out.is_empty() {
                out.push(0);
            }
            crate::sort::sort(&mut out);
            out.dedup();
            out
        };
        TimesOfDay([
            sorted(&rule.by_hour),
            sorted(&rule.by_minute),
            sorted(&rule.by_second),
        ])
    }

    /// The earliest time of day, in seconds.
    fn first(&self) -> Option<i64> {
        let [h, m, s] = &self.0;
        Some(h.first()? * 3600 + m.first()? * 60 + s.first()?)
    }

    /// The earliest time of day strictly after `t` seconds, if any.
    fn after(&self, t: i64) -> Option<i64> {
        let [hours, minutes, seconds] = &self.0;
        let (th, tm, ts) = (t / 3600, t / 60 % 60, t % 60);
        let first = |v: &[i64]| v.first().copied();
        let next = |v: &[i64], x: i64| v.iter().copied().find(|y| *y > x);
        for &h in hours.iter().filter(|h| **h >= th) {
            if h > th {
                return Some(h * 3600 + first(minutes)? * 60 + first(seconds)?);
            }
            for &m in minutes.iter().filter(|m| **m >= tm) {
                let s = if m > tm { first(seconds) } else { next(seconds, ts) };
                if let Some(s) = s {
                    return Some(h * 3600 + m * 60 + s);
                }
            }
        }
        None
    }
}

fn matches_day(rule: &RRule, dtstart: Option<Date>, d: Date) -> bool {
    if rule.until.is_some_and(|u| d > u) || dtstart.is_some_and(|s| d < s) {
        return false;
    }
    let weekday = d.weekday();
    let interval = i64::from(rule.interval.max(1));
    let every = |n: i64| n.rem_euclid(interval) == 0;
    match rule.freq {
        Freq::Daily => {
            (rule.by_day.is_empty() || rule.by_day.iter().any(|(_, w)| *w == weekday))
                && dtstart.is_none_or(|s| every(d.days_since_epoch() - s.days_since_epoch()))
        }
        Freq::Weekly => {
            let on_day = match (rule.by_day.is_empty(), dtstart) {
                (false, _) => rule.by_day.iter().any(|(_, w)| *w == weekday),
                (true, Some(s)) => s.weekday() == weekday,
                (true, None) => false,
            };
            // RFC 5545: weeks start on WKST, and INTERVAL counts those weeks
            // from the one holding DTSTART.
            let week_start = |x: Date| x.days_since_epoch() - i64::from(x.weekday() + 7 - rule.wkst) % 7;
            on_day && dtstart.is_none_or(|s| every((week_start(d) - week_start(s)) / 7))
        }
        Freq::Monthly => {
            let (y, m, day) = d.ymd();
            let dim = d.days_in_month();
            let by_month_day = rule.by_month_day.iter().any(|md| {
                let md = i16::from(*md);
                let target = if md > 0 { md } else { i16::from(dim) + md + 1 };
                target == i16::from(day)
            });
            let by_day = rule.by_day.iter().any(|(ord, w)| {
                let (from_start, from_end) = ((day - 1) / 7 + 1, (dim - day) / 7 + 1);
                *w == weekday
                    && match *ord {
                        0 => true,
                        o if o > 0 => i16::from(o) == i16::from(from_start),
                        o => -i16::from(o) == i16::from(from_end),
                    }
            });
            let on_day = match (rule.by_month_day.is_empty(), rule.by_day.is_empty(), dtstart) {
                (false, false, _) => by_month_day && by_day,
                (false, true, _) => by_month_day,
                (true, false, _) => by_day,
                (true, true, Some(s)) => s.ymd().2 == day,
                (true, true, None) => false,
            };
            let months = |x: (i32, u8, u8)| i64::from(x.0) * 12 + i64::from(x.1);
            on_day && dtstart.is_none_or(|s| every(months((y, m, day)) - months(s.ymd())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(rule: &str, dtstart: Option<&str>, now: &str) -> Option<String> {
        let r = RRule::parse(rule).ok()?;
        let start = dtstart.and_then(|d| Date::parse(d).ok());
        next_after(&r, start, Timestamp::parse(now)?).map(|t| t.to_string())
    }

    /// The scan before `next_candidate`: every day of the horizon.
    fn every_day(rule: &RRule, dtstart: Option<Date>, now: Timestamp) -> Option<Timestamp> {
        let times = TimesOfDay::of(rule);
        let start = now.date()?;
        let after_start = now.unix_seconds().rem_euclid(86_400);
        let last = rule
            .until
            .map(|u| Timestamp::at(u, rule.until_seconds.map_or(86_399, i64::from)));
        (0..HORIZON_DAYS)
            .map_while(|n| start.plus_days(n))
            .take_while(|d| rule.until.is_none_or(|u| *d <= u))
            .filter(|d| matches_day(rule, dtstart, *d))
            .find_map(|day| {
                let first = if day == start {
                    times.after(after_start)
                } else {
                    times.first()
                };
                first.map(|t| Timestamp::at(day, t))
            })
            .filter(|ts| last.is_none_or(|l| *ts <= l))
    }

    /// Skipping days changes no answer: 5,000 random rules (intervals up
    /// to 999, ordinal weekdays, negative month days, DTSTART before and
    /// after `now`, UNTIL) against the scan of every day.
    #[test]
    #[allow(clippy::indexing_slicing)]
    fn visiting_only_candidate_days_finds_what_every_day_finds() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut rand = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        let base = Date::parse("2026-11-25").unwrap_or(Date::OPEN_END);
        let (mut parsed, mut found) = (0, 0);
        for _ in 0..5_000 {
            let freq = ["DAILY", "WEEKLY", "MONTHLY"][rand(3) as usize];
            let mut rule = format!("FREQ={freq}");
            let interval = [1, 2, 3, 5, 7, 12, 14, 30, 999][rand(9) as usize];
            rule.push_str(&format!(";INTERVAL={interval}"));
            if rand(2) == 0 {
                let mut picked: Vec<String> = Vec::new();
                for d in days {
                    if rand(3) == 0 {
                        let ord = if freq == "MONTHLY" {
                            [0i64, 1, 2, 5, -1, -2][rand(6) as usize]
                        } else {
                            0
                        };
                        picked.push(if ord == 0 {
                            (*d).to_string()
                        } else {
                            format!("{ord}{d}")
                        });
                    }
                }
                if !picked.is_empty() {
                    rule.push_str(&format!(";BYDAY={}", picked.join(",")));
                }
            }
            if freq == "MONTHLY" && rand(2) == 0 {
                let mut md: Vec<i64> = Vec::new();
                for _ in 0..1 + rand(3) {
                    let v = 1 + rand(31) as i64;
                    let v = if rand(3) == 0 { -v } else { v };
                    if !md.contains(&v) {
                        md.push(v);
                    }
                }
                let md: Vec<String> = md.iter().map(i64::to_string).collect();
                rule.push_str(&format!(";BYMONTHDAY={}", md.join(",")));
            }
            rule.push_str(&format!(";BYHOUR={}", rand(24)));
            if rand(5) == 0 {
                let until = base.plus_days(rand(4000) as i64 - 200).unwrap_or(base);
                rule.push_str(&format!(";UNTIL={}", until.to_string().replace('-', "")));
            }
            let Ok(r) = RRule::parse(&rule) else { continue };
            parsed += 1;
            let dtstart = (rand(4) != 0)
                .then(|| base.plus_days(rand(6000) as i64 - 3000))
                .flatten();
            let now = Timestamp::at(
                base.plus_days(rand(60) as i64).unwrap_or(base),
                rand(86_400) as i64,
            );
            assert_eq!(
                next_after(&r, dtstart, now),
                every_day(&r, dtstart, now),
                "{rule} dtstart {dtstart:?} now {now}"
            );
            found += usize::from(every_day(&r, dtstart, now).is_some());
        }
        assert!(
            parsed > 3_800 && found > 2_500 && found < parsed,
            "{parsed} {found}"
        );
    }

    /// How many days `next_after` checks for `rule` from `now`.
    fn visits(rule: &str, dtstart: Option<&str>, now: &str) -> usize {
        let Ok(r) = RRule::parse(rule) else {
            return usize::MAX;
        };
        let dtstart = dtstart.and_then(|d| Date::parse(d).ok());
        let start = Timestamp::parse(now).and_then(|t| t.date());
        let (Some(start), Some(end)) = (start, start.and_then(|s| s.plus_days(HORIZON_DAYS - 1))) else {
            return usize::MAX;
        };
        let mut day = dtstart.map_or(start, |s| s.max(start));
        let mut n = 0;
        while day <= end {
            n += 1;
            match next_candidate(&r, dtstart, day) {
                Some(next) => day = next,
                None => break,
            }
        }
        n
    }

    #[test]
    fn a_rule_that_never_fires_visits_only_its_candidate_days() {
        // Review 25b: every day of the horizon (3,660) was checked.
        let now = "2026-11-25T12:00:00Z";
        let rule = "FREQ=MONTHLY;INTERVAL=366;BYDAY=MO";
        assert_eq!(next(rule, Some("2020-01-01"), now), None);
        assert_eq!(visits(rule, Some("2020-01-01"), now), 1);
        // Every other year's March: `now`, then the 1st and the 30th of each
        // March counted (2028 to 2036); 2036-03-30 is a fifth Sunday.
        let rule = "FREQ=MONTHLY;INTERVAL=24;BYDAY=5SU;BYMONTHDAY=30";
        assert_eq!(
            next(rule, Some("2020-03-01"), now),
            Some("2036-03-30T00:00:00Z".into())
        );
        assert_eq!(visits(rule, Some("2020-03-01"), now), 1 + 2 * 5);
        assert_eq!(
            next("FREQ=MONTHLY;INTERVAL=24;BYDAY=MO", Some("2020-03-01"), now),
            Some("2028-03-06T00:00:00Z".into())
        );
        // No day at all can match these without DTSTART.
        for rule in ["FREQ=WEEKLY", "FREQ=MONTHLY;INTERVAL=2"] {
            assert_eq!(next(rule, None, now), None);
            assert_eq!(visits(rule, None, now), 1, "{rule}");
        }
    }

    #[test]
    fn the_horizon_stops_at_the_last_representable_day() {
        let rule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=17";
        assert_eq!(
            next(rule, None, "9999-12-01T00:00:00Z"),
            Some("9999-12-06T17:00:00Z".into())
        );
        assert_eq!(next(rule, None, "9999-12-28T00:00:00Z"), None);
    }

    #[test]
    fn weekly_design_example() {
        let rule = "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0";
        // 2026-11-25 is a Wednesday: next is Thursday 17:00.
        assert_eq!(
            next(rule, None, "2026-11-25T12:00:00Z"),
            Some("2026-11-26T17:00:00Z".into())
        );
        // Exactly at an occurrence: strictly after, so the next Monday.
        assert_eq!(
            next(rule, None, "2026-11-26T17:00:00Z"),
            Some("2026-11-30T17:00:00Z".into())
        );
        assert_eq!(
            next(rule, None, "2026-11-26T16:59:59Z"),
            Some("2026-11-26T17:00:00Z".into())
        );
    }

    #[test]
    fn daily_monthly_interval_until() {
        assert_eq!(
            next("FREQ=DAILY;BYHOUR=6,18", None, "2026-11-25T18:00:00Z"),
            Some("2026-11-26T06:00:00Z".into())
        );
        assert_eq!(
            next("FREQ=MONTHLY;BYMONTHDAY=-1", None, "2026-02-10T00:00:00Z"),
            Some("2026-02-28T00:00:00Z".into())
        );
        assert_eq!(
            next("FREQ=MONTHLY;BYDAY=1MO", None, "2026-11-25T00:00:00Z"),
            Some("2026-12-07T00:00:00Z".into())
        );
        assert_eq!(
            next("FREQ=MONTHLY;BYDAY=-1FR", None, "2026-11-25T00:00:00Z"),
            Some("2026-11-27T00:00:00Z".into())
        );
        // Every other Friday from 2026-11-06.
        let biweekly = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR";
        assert_eq!(
            next(biweekly, Some("2026-11-06"), "2026-11-14T00:00:00Z"),
            Some("2026-11-20T00:00:00Z".into())
        );
        assert_eq!(
            next(biweekly, Some("2026-11-06"), "2026-11-21T00:00:00Z"),
            Some("2026-12-04T00:00:00Z".into())
        );
        assert_eq!(
            next("FREQ=DAILY;UNTIL=20261124", None, "2026-11-25T00:00:00Z"),
            None
        );
        assert_eq!(
            next("FREQ=MONTHLY", Some("2026-01-31"), "2026-02-01T00:00:00Z"),
            Some("2026-03-31T00:00:00Z".into())
        );
    }

    #[test]
    fn wkst_decides_which_weeks_an_interval_counts() {
        // Issue 14's example: weeks start on Wednesday, so the 2-week blocks
        // from 2026-08-06 (a Thursday, in the week from Wednesday 08-05) put
        // Monday 2026-11-16 in an active week; with Monday weeks it would be
        // 2026-11-23.
        let rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE;BYHOUR=0;BYMINUTE=45;WKST=WE";
        assert_eq!(
            next(rule, Some("2026-08-06"), "2026-11-13T07:29:30Z"),
            Some("2026-11-16T00:45:00Z".into())
        );
        let monday_weeks = rule.replace(";WKST=WE", "");
        assert_eq!(
            next(&monday_weeks, Some("2026-08-06"), "2026-11-13T07:29:30Z"),
            Some("2026-11-23T00:45:00Z".into())
        );
    }

    #[test]
    fn a_monthly_byday_list_is_a_union_of_plain_and_ordinal_days() {
        // Every Sunday, plus the last Monday: 2026-11-29 is a Sunday, and
        // Monday 2026-11-30 the last Monday of November (RFC 5545 takes the
        // union; python-dateutil would intersect them).
        let rule = "FREQ=MONTHLY;BYDAY=SU,-1MO;BYHOUR=12";
        assert_eq!(
            next(rule, None, "2026-11-25T00:00:00Z"),
            Some("2026-11-29T12:00:00Z".into())
        );
        assert_eq!(
            next(rule, None, "2026-11-29T12:00:00Z"),
            Some("2026-11-30T12:00:00Z".into())
        );
    }

    #[test]
    fn until_as_a_date_or_an_instant() {
        let daily = "FREQ=DAILY;BYHOUR=17";
        // A date: that whole day.
        assert_eq!(
            next(&format!("{daily};UNTIL=20261125"), None, "2026-11-25T12:00:00Z"),
            Some("2026-11-25T17:00:00Z".into())
        );
        // A date-time: up to that instant, inclusive.
        assert_eq!(
            next(
                &format!("{daily};UNTIL=20261125T170000Z"),
                None,
                "2026-11-25T12:00:00Z"
            ),
            Some("2026-11-25T17:00:00Z".into())
        );
        assert_eq!(
            next(
                &format!("{daily};UNTIL=20261125T165959Z"),
                None,
                "2026-11-25T12:00:00Z"
            ),
            None
        );
    }
}

#[cfg(test)]
mod bound_tests {
    use super::*;

    /// `TimesOfDay::after` agrees with building the product and searching it.
    #[test]
    fn time_of_day_search_matches_the_product() {
        for rule in [
            "FREQ=DAILY;BYHOUR=6,18;BYMINUTE=30,0;BYSECOND=15,45",
            "FREQ=DAILY;BYHOUR=23;BYMINUTE=59;BYSECOND=59",
            "FREQ=DAILY;BYMINUTE=0,20,40",
            "FREQ=DAILY",
        ] {
            let r = RRule::parse(rule);
            assert!(r.is_ok(), "{rule} does not parse");
            let Ok(r) = r else { continue };
            let times = TimesOfDay::of(&r);
            let [h, m, s] = &times.0;
            let mut all: Vec<i64> = Vec::new();
            for h in h {
                for m in m {
                    for s in s {
                        all.push(h * 3600 + m * 60 + s);
                    }
                }
            }
            all.sort_unstable();
            for t in (0..86_400).step_by(7).chain([0, 86_399, 21_599, 21_600, 64_815]) {
                let expected = all.iter().copied().find(|x| *x > t);
                assert_eq!(times.after(t), expected, "{rule} after {t}");
            }
            assert_eq!(times.first(), all.first().copied());
        }
    }

    #[test]
    fn every_second_of_the_day_is_one_second_later() {
        let all = |n: u32| (0..n).map(|v| v.to_string()).collect::<Vec<_>>().join(",");
        let rule = format!(
            "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}",
            all(24),
            all(60),
            all(60)
        );
        let r = RRule::parse(&rule).ok();
        let now = Timestamp::parse("2026-11-25T23:59:59Z");
        let next = r.as_ref().zip(now).and_then(|(r, now)| next_after(r, None, now));
        assert_eq!(next.map(|t| t.to_string()), Some("2026-11-26T00:00:00Z".into()));
    }

    #[test]
    fn the_search_stops_at_until() {
        let r = RRule::parse("FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1;UNTIL=20270101").ok();
        let now = Timestamp::parse("2026-11-25T00:00:00Z");
        assert_eq!(
            r.as_ref().zip(now).and_then(|(r, now)| next_after(r, None, now)),
            None
        );
    }
}
