//! Instants as the wire spells them: RFC 3339 (`2026-11-25T17:00:00Z`), held
//! as whole seconds since 1970-01-01 UTC. Offsets are accepted on input and
//! converted; output is always UTC with `Z`. Fractions of a second are dropped.

use std::fmt;

use super::date::Date;

/// A UTC instant, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The first instant RFC 3339 can write, 0000-01-01T00:00:00Z, in Unix seconds.
    pub const FIRST_UNIX_SECOND: i64 = -62_167_219_200;
    /// The last instant RFC 3339 can write, 9999-12-31T23:59:59Z, in Unix seconds.
    pub const LAST_UNIX_SECOND: i64 = 253_402_300_799;

    /// Whether this instant prints as RFC 3339 (a four-digit UTC year): an
    /// offset can carry a parsed one outside, e.g.
    /// `9999-12-31T23:30:00-01:00`, which then prints as a bare number that
    /// no reader of timestamps (ours included) takes back.
    pub fn is_writable(self) -> bool {
        (Self::FIRST_UNIX_SECOND..=Self::LAST_UNIX_SECOND).contains(&self.0)
    }

    /// Parses RFC 3339 §5.6 `date-time` exactly:
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, every number
    /// ASCII digits of its exact width, no sign but the offset's one; `t`,
    /// `z` and a space for `T` as the RFC allows. Second 60 (a leap second)
    /// reads as 59. Our own parser rather than `time`'s: this is the whole
    /// grammar, it needs no extra feature in the wasm build, and the table
    /// test below pins every accepted and refused form.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let date = Date::parse(s.get(..10)?).ok()?;
        let rest = s.get(10..)?.strip_prefix(['T', 't', ' '])?;
        let (h, m, sec) = (two(rest, 0, 23)?, two(rest, 3, 59)?, two(rest, 6, 60)?);
        if rest.get(2..3) != Some(":") || rest.get(5..6) != Some(":") {
            return None;
        }
        let mut tail = rest.get(8..)?;
        if let Some(frac) = tail.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            tail = frac.get(digits..)?;
        }
        let offset = match tail {
            "Z" | "z" => 0,
            _ => {
                let sign = match tail.get(..1)? {
                    "+" => 1,
                    "-" => -1,
                    _ => return None,
                };
                let (oh, om) = (two(tail, 1, 23)?, two(tail, 4, 59)?);
                if tail.len() != 6 || tail.get(3..4) != Some(":") {
                    return None;
                }
                sign * (oh * 3600 + om * 60)
            }
        };
        Some(Timestamp(
            date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + sec.min(59) - offset,
        ))
    }

    /// Midnight UTC of a date, plus seconds.
    pub fn at(date: Date, seconds_of_day: i64) -> Timestamp {
        Timestamp(date.days_since_epoch() * 86_400 + seconds_of_day)
    }

    /// The UTC date of this instant.
    pub fn date(self) -> Option<Date> {
        Date::from_ymd(1970, 1, 1)?.plus_days(self.0.div_euclid(86_400))
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }
}

/// Exactly two ASCII digits at `at` in `s`, at most `max`.
fn two(s: &str, at: usize, max: i64) -> Option<i64> {
    let b = s.as_bytes();
    let (d0, d1) = (*b.get(at)?, *b.get(at + 1)?);
    if !d0.is_ascii_digit() || !d1.is_ascii_digit() {
        return None;
    }
    let v = i64::from(d0 - b'0') * 10 + i64::from(d1 - b'0');
    (v <= max).then_some(v)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(86_400);
        match self.date() {
            Some(d) => write!(
                f,
                "{d}T{:02}:{:02}:{:02}Z",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            ),
            None => write!(f, "{}", self.0),
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 timestamp"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writable_instants_are_the_four_digit_years() {
        for (text, writable) in [
            ("0000-01-01T00:00:00Z", true),
            ("9999-12-31T23:59:59Z", true),
            ("0000-01-01T00:59:59+01:00", false),
            ("9999-12-31T23:30:00-01:00", false),
        ] {
            let t = Timestamp::parse(text).map(|t| (t.is_writable(), t.to_string()));
            let round_trips = t.as_ref().is_some_and(|(_, s)| Timestamp::parse(s).is_some());
            assert_eq!(t.map(|(w, _)| w), Some(writable), "{text}");
            assert_eq!(round_trips, writable, "{text}");
        }
        let bound = |t: &str| Timestamp::parse(t).map(Timestamp::unix_seconds);
        assert_eq!(bound("0000-01-01T00:00:00Z"), Some(Timestamp::FIRST_UNIX_SECOND));
        assert_eq!(bound("9999-12-31T23:59:59Z"), Some(Timestamp::LAST_UNIX_SECOND));
    }

    #[test]
    fn parses_and_prints_utc() {
        let t = |s: &str| Timestamp::parse(s).map(|t| t.to_string());
        assert_eq!(t("2026-11-25T17:00:00Z"), Some("2026-11-25T17:00:00Z".into()));
        assert_eq!(t("2026-11-25T17:00:00.123Z"), Some("2026-11-25T17:00:00Z".into()));
        assert_eq!(
            t("2026-11-25T12:00:00-05:00"),
            Some("2026-11-25T17:00:00Z".into())
        );
        assert_eq!(
            t("2026-01-01T01:00:00+02:00"),
            Some("2025-12-31T23:00:00Z".into())
        );
        for bad in [
            "2026-11-25",
            "2026-11-25T17:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T17:00:00",
            "2026-02-30T00:00:00Z",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
        assert_eq!(
            Timestamp::parse("1970-01-01T00:00:01Z").map(Timestamp::unix_seconds),
            Some(1)
        );
    }

    #[test]
    fn accepts_exactly_rfc_3339_date_times() {
        let t = |s: &str| Timestamp::parse(s).map(|t| t.to_string());
        for (text, utc) in [
            ("2026-11-25T17:00:00Z", "2026-11-25T17:00:00Z"),
            ("2026-11-25t17:00:00z", "2026-11-25T17:00:00Z"),
            ("2026-11-25 17:00:00Z", "2026-11-25T17:00:00Z"),
            ("2026-11-25T17:00:00.5Z", "2026-11-25T17:00:00Z"),
            ("2026-11-25T17:00:00.123456789+00:00", "2026-11-25T17:00:00Z"),
            ("2026-11-25T17:00:00-00:00", "2026-11-25T17:00:00Z"),
            ("2026-11-25T18:30:00+01:30", "2026-11-25T17:00:00Z"),
            ("2026-11-25T00:00:00+23:59", "2026-11-24T00:01:00Z"),
            ("2026-12-31T23:59:60Z", "2026-12-31T23:59:59Z"),
        ] {
            assert_eq!(t(text).as_deref(), Some(utc), "{text}");
        }
        for bad in [
            "2026-11-25T17:00:00+-1:00",
            "2026-11-25T17:00:00++1:+1",
            "2026-11-25T17:00:00+01:+5",
            "2026-11-25T17:00:00+1:00",
            "2026-11-25T17:00:00+01:0",
            "2026-11-25T17:00:00+0100",
            "2026-11-25T17:00:00+01",
            "2026-11-25T17:00:00+24:00",
            "2026-11-25T17:00:00+01:60",
            "2026-11-25T17:00:00+01:00 ",
            "2026-11-25T17:00:00Z ",
            "2026-11-25T17:00:00ZZ",
            "2026-11-25T17:00:00UTC",
            "2026-11-25T17:00:00.Z",
            "2026-11-25T17:00:00,5Z",
            "2026-11-25T+7:00:00Z",
            "2026-11-25T17:+0:00Z",
            "2026-11-25T17:00:+0Z",
            "2026-11-25T7:00:00Z",
            "2026-11-25T17:00:61Z",
            "2026-11-25T17:60:00Z",
            "2026-11-25_17:00:00Z",
            "+2026-11-25T17:00:00Z",
            "2026-11-25T17:00:00",
            "",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }
}
