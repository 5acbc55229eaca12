//! Instants as the wire spells them: RFC 3339 (`2026-11-25T17:00:00Z`), held
//! as whole seconds since 1970-01-01 UTC. Offsets are accepted on input and
//! converted; output is always UTC with `Z`. Fractions of a second are dropped.

use std::fmt;

use super::date::Date;

/// A UTC instant, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` (also `t`, `z`, or a space for `T`).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let date = Date::parse(s.get(..10)?).ok()?;
        let rest = s.get(10..)?;
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let num = |a: usize, b: usize, max: i64| -> Option<i64> {
            let t = rest.get(a..b)?;
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse::<i64>().ok())
                .flatten()
                .filter(|v| *v <= max)
        };
        let (h, m, sec) = (num(0, 2, 23)?, num(3, 5, 59)?, num(6, 8, 60)?);
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
                let (oh, om) = (
                    tail.get(1..3)?.parse::<i64>().ok()?,
                    tail.get(4..6)?.parse::<i64>().ok()?,
                );
                if tail.len() != 6 || tail.get(3..4) != Some(":") || oh > 23 || om > 59 {
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
}
