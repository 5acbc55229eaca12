//! Instants as the wire spells them: RFC 3339 (`2026-11-25T17:00:00Z`), held
//! as whole seconds since 1970-01-01 UTC. Offsets are accepted on input and
//! converted; output is always UTC with `Z`. Fractions of a second are dropped.
//!
//! Every `Timestamp` is an instant RFC 3339 can write in UTC, 0000-01-01T00:00:00Z
//! to 9999-12-31T23:59:59Z: a text whose offset carries it outside
//! (`9999-12-31T23:30:00-01:00` is 10000-01-01 in UTC) is no timestamp, so
//! nothing read is ever written back as a text no reader takes (review 31d #1:
//! one such event's `created` had made every later fold refuse its state).

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

    /// The instant `secs` after 1970-01-01T00:00:00Z, if RFC 3339 can write
    /// it in UTC (a four-digit year): how arithmetic on instants (a deadline,
    /// the day before) stays checked.
    pub fn from_unix_seconds(secs: i64) -> Option<Timestamp> {
        (Self::FIRST_UNIX_SECOND..=Self::LAST_UNIX_SECOND)
            .contains(&secs)
            .then_some(Timestamp(secs))
    }

    /// Parses RFC 3339 §5.6 `date-time` exactly:
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, every number
    /// ASCII digits of its exact width, no sign but the offset's one; `t`,
    /// `z` and a space for `T` as the RFC allows. Second 60 (a leap second)
    /// reads as 59. An instant outside the years 0000–9999 in UTC once the
    /// offset is applied is refused (module comment). Our own parser rather than `time`'s: this is the whole
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
        Self::from_unix_seconds(date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + sec.min(59) - offset)
    }

    /// Midnight UTC of a date, plus seconds: a time of the day (schedules),
    /// held to the writable range — a date past 9999-12-31 or before
    /// 0000-01-01 is the range's last or first second. Arithmetic that may
    /// leave the range uses [`Timestamp::from_unix_seconds`].
    pub fn at(date: Date, seconds_of_day: i64) -> Timestamp {
        let secs = date.days_since_epoch() * 86_400 + seconds_of_day;
        Timestamp(secs.clamp(Self::FIRST_UNIX_SECOND, Self::LAST_UNIX_SECOND))
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

/// What a value read as a [`Timestamp`] must be (serde's error).
pub const EXPECTED: &str =
    "expected an RFC 3339 timestamp from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC";

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| serde::de::Error::custom(EXPECTED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An offset that carries the instant outside the four-digit UTC years
    /// makes no timestamp; every one parsed prints back as itself in UTC
    /// (review 31d #1: these had printed as `253402302600`, `-001-…`).
    #[test]
    fn only_instants_of_the_four_digit_utc_years_are_timestamps() {
        for (text, utc) in [
            ("0000-01-01T00:00:00Z", Some("0000-01-01T00:00:00Z")),
            ("9999-12-31T23:59:59Z", Some("9999-12-31T23:59:59Z")),
            ("0000-01-01T01:00:00+01:00", Some("0000-01-01T00:00:00Z")),
            ("9999-12-31T22:59:59-01:00", Some("9999-12-31T23:59:59Z")),
            ("0000-01-01T00:59:59+01:00", None),
            ("0000-01-01T00:00:00+01:00", None),
            ("9999-12-31T23:30:00-01:00", None),
            ("9999-12-31T23:59:59-00:01", None),
            ("9999-12-31T23:59:59-01:00", None),
        ] {
            let t = Timestamp::parse(text).map(|t| t.to_string());
            assert_eq!(t.as_deref(), utc, "{text}");
            assert_eq!(t.as_deref().and_then(Timestamp::parse).map(|t| t.to_string()), t);
        }
        let bound = |t: &str| Timestamp::parse(t).map(Timestamp::unix_seconds);
        assert_eq!(bound("0000-01-01T00:00:00Z"), Some(Timestamp::FIRST_UNIX_SECOND));
        assert_eq!(bound("9999-12-31T23:59:59Z"), Some(Timestamp::LAST_UNIX_SECOND));
        let from = |s: i64| Timestamp::from_unix_seconds(s).map(|t| t.to_string());
        assert_eq!(from(Timestamp::LAST_UNIX_SECOND + 1), None);
        assert_eq!(from(Timestamp::FIRST_UNIX_SECOND - 1), None);
        assert_eq!(from(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        let serde =
            |t: &str| serde_json::from_value::<Timestamp>(serde_json::json!(t)).map_err(|e| e.to_string());
        assert_eq!(serde("9999-12-31T23:30:00-01:00"), Err(EXPECTED.to_owned()));
        // A time of a day past the last date is held to the last second.
        let last = Date::OPEN_END
            .plus_days(0)
            .map(|d| Timestamp::at(d, 86_400).to_string());
        assert_eq!(last.as_deref(), Some("9999-12-31T23:59:59Z"));
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
