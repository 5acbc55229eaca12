//! Calendar dates as the wire spells them: `YYYY-MM-DD` (RFC 3339 full-date).

use std::fmt;

/// A valid calendar date. `9999-12-31` is the wire's "open-ended" end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// Why a string is not a [`Date`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not shaped `YYYY-MM-DD` with ASCII digits.
    Format,
    /// Shaped right but no such day (`2022-02-30`, month 13).
    Impossible,
}

impl Date {
    /// The open end date `9999-12-31` (also `time`'s last date without large-dates).
    pub const OPEN_END: Date = Date(time::Date::MAX);

    /// Parses the exact shape `YYYY-MM-DD`; anything else (times, offsets,
    /// two-digit years, `2022-2-3`) is a format error.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
            return Err(DateError::Format);
        };
        let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
        let (Some(y0), Some(y1), Some(y2), Some(y3), Some(m0), Some(m1), Some(d0), Some(d1)) = (
            digit(y0),
            digit(y1),
            digit(y2),
            digit(y3),
            digit(m0),
            digit(m1),
            digit(d0),
            digit(d1),
        ) else {
            return Err(DateError::Format);
        };
        let year = (y0 * 1000 + y1 * 100 + y2 * 10 + y3) as i32;
        let month = u8::try_from(m0 * 10 + m1).map_err(|_| DateError::Impossible)?;
        let day = u8::try_from(d0 * 10 + d1).map_err(|_| DateError::Impossible)?;
        Self::from_ymd(year, month, day).ok_or(DateError::Impossible)
    }

    /// A date from year, month (1-12) and day, if it exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Date)
    }

    /// Year, month (1-12), day.
    pub fn ymd(self) -> (i32, u8, u8) {
        (self.0.year(), u8::from(self.0.month()), self.0.day())
    }

    /// The day before, or `None` before the first representable date.
    pub fn pred(self) -> Option<Date> {
        self.0.previous_day().map(Date)
    }

    /// Whether this is the open end date `9999-12-31`.
    pub fn is_open_end(self) -> bool {
        self == Self::OPEN_END
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        i64::from(self.0.to_julian_day()) - 2_440_588
    }

    /// The date `days` days later (earlier when negative), if representable.
    pub fn plus_days(self, days: i64) -> Option<Date> {
        let jd = i64::from(self.0.to_julian_day()).checked_add(days)?;
        time::Date::from_julian_day(i32::try_from(jd).ok()?)
            .ok()
            .map(Date)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        self.0.weekday().number_days_from_monday()
    }

    /// Number of days in this date's month.
    pub fn days_in_month(self) -> u8 {
        self.0.month().length(self.0.year())
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn age_on(self, on: Date) -> i32 {
        let (y, m, d) = self.ymd();
        let (oy, om, od) = on.ymd();
        oy - y - i32::from((om, od) < (m, d))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).map_err(|e| {
            serde::de::Error::custom(match e {
                DateError::Format => "expected a date shaped YYYY-MM-DD",
                DateError::Impossible => "no such calendar date",
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_shape_only() {
        assert_eq!(
            Date::parse("2022-02-28").map(|d| d.to_string()),
            Ok("2022-02-28".into())
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.ymd()), Ok((2024, 2, 29)));
        assert_eq!(Date::parse("2022-02-30"), Err(DateError::Impossible));
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::Impossible));
        assert_eq!(Date::parse("2022-13-01"), Err(DateError::Impossible));
        assert_eq!(Date::parse("2022-00-10"), Err(DateError::Impossible));
        assert_eq!(Date::parse("2022-01-00"), Err(DateError::Impossible));
        for bad in [
            "2022-2-3",
            "22-02-03",
            "2022/02/03",
            "2022-02-03T00:00:00Z",
            "",
            "２０２２-02-03",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::Format), "{bad}");
        }
        assert!(Date::parse("9999-12-31").is_ok_and(Date::is_open_end));
    }

    #[test]
    fn arithmetic() {
        let d = Date::parse("2022-01-01").ok();
        assert_eq!(
            d.and_then(Date::pred).map(|d| d.to_string()),
            Some("2021-12-31".into())
        );
        assert_eq!(Date::parse("1970-01-02").map(Date::days_since_epoch), Ok(1));
        let born = Date::parse("2000-03-15").ok();
        let on = Date::parse("2026-03-14").ok();
        assert_eq!(born.zip(on).map(|(b, o)| b.age_on(o)), Some(25));
    }
}
