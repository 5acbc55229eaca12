//! Exact money: configuration amounts are decimal dollars (`30.5`), read
//! exactly into micro-dollars (millionths of a dollar) and rounded to whole
//! cents only where the module docs say so, always half away from zero.

use serde_json::Number;

/// Millionths of a dollar per cent.
const MICROS_PER_CENT: i128 = 10_000;
/// Millionths of a dollar per dollar.
const MICROS_PER_DOLLAR: i64 = 1_000_000;
/// Fractional digits a configured amount may have (a micro-dollar).
pub(crate) const MAX_DECIMALS: i32 = 6;
/// The largest monthly rate (per member, per tier), contribution amount or
/// age-band rate the configuration may state, in dollars: 10^7 cents.
pub(crate) const MAX_DOLLARS: i64 = 100_000;
/// The largest `per_1000` rate (or age-band rate of a volume plan), in
/// dollars per $1,000 of volume. With volumes at most 2,147,483,647 dollars
/// (`int32`), a member's premium is at most 2.15 × 10^10 cents.
pub(crate) const MAX_PER_1000_DOLLARS: i64 = 100;
/// The largest integer JavaScript numbers hold exactly (2^53 − 1): no cents
/// figure the engine returns is above it (docs/api.md, Limits).
pub const MAX_SAFE_CENTS: i64 = 9_007_199_254_740_991;

/// An exact amount in millionths (of a dollar, or of a percent point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Micros(pub i64);

/// Why a JSON number is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmountError {
    /// More than six fractional digits.
    TooPrecise,
    /// Below zero.
    Negative,
    /// Above `max` (in whole units).
    TooLarge,
}

impl Micros {
    /// Reads a JSON number exactly, from its decimal text. serde_json prints
    /// a number as the shortest decimal that reads back to the same double,
    /// which is the text as written for any amount of up to 15 significant
    /// digits (with the `arbitrary_precision` feature it is the text itself).
    pub fn from_number(n: &Number, max: i64) -> Result<Micros, AmountError> {
        let micros = parse_decimal_micros(&n.to_string())?;
        if micros < 0 {
            return Err(AmountError::Negative);
        }
        if micros > i128::from(max) * i128::from(MICROS_PER_DOLLAR) {
            return Err(AmountError::TooLarge);
        }
        i64::try_from(micros)
            .map(Micros)
            .map_err(|_| AmountError::TooLarge)
    }

    /// Rounded to whole cents, half away from zero.
    pub fn to_cents(self) -> i64 {
        div_round(i128::from(self.0), MICROS_PER_CENT)
    }

    /// `self × volume / 1000`, rounded to whole cents, half away from zero
    /// (a per-1000 rate applied to a volume in dollars).
    pub fn per_thousand_cents(self, volume: i64) -> i64 {
        div_round(i128::from(self.0) * i128::from(volume), 1000 * MICROS_PER_CENT)
    }

    /// `cents × self / 100` where `self` is a percentage in millionths of a
    /// point, rounded to whole cents, half away from zero.
    pub fn percent_of_cents(self, cents: i64) -> i64 {
        div_round(i128::from(cents) * i128::from(self.0), 100 * 1_000_000)
    }
}

/// `n / d` rounded half away from zero (`d > 0`), saturated to `i64`.
fn div_round(n: i128, d: i128) -> i64 {
    let q = (n.unsigned_abs() * 2 + d.unsigned_abs()) / (d.unsigned_abs() * 2);
    let q = i128::try_from(q).unwrap_or(i128::MAX);
    let q = if n < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

/// A JSON number's text (`-1.25`, `3e2`, `1.5E-3`) in millionths.
fn parse_decimal_micros(text: &str) -> Result<i128, AmountError> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => {
            let (m, e) = rest.split_at(at);
            let e = e.get(1..).unwrap_or_default();
            let e: i32 = e
                .strip_prefix('+')
                .unwrap_or(e)
                .parse()
                .map_err(|_| AmountError::TooLarge)?;
            (m, e)
        }
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let frac_len = i32::try_from(frac.len()).map_err(|_| AmountError::TooPrecise)?;
    let scale = exponent.saturating_sub(frac_len).saturating_add(MAX_DECIMALS);
    let value = shift(digits, scale)?;
    Ok(if negative { -value } else { value })
}

/// `digits × 10^scale`, exact, or the reason it is not an amount.
fn shift(digits: &str, scale: i32) -> Result<i128, AmountError> {
    let (kept, scale) = if scale < 0 {
        let drop = usize::try_from(-scale).map_err(|_| AmountError::TooPrecise)?;
        let keep = digits.len().checked_sub(drop).ok_or(AmountError::TooPrecise)?;
        let (kept, dropped) = digits.split_at(keep);
        if dropped.bytes().any(|b| b != b'0') {
            return Err(AmountError::TooPrecise);
        }
        (if kept.is_empty() { "0" } else { kept }, 0)
    } else {
        (digits, scale)
    };
    // 30 digits comfortably exceed any amount the caller accepts.
    if kept.len() > 30 || scale > 30 {
        return Err(AmountError::TooLarge);
    }
    let base: i128 = kept.parse().map_err(|_| AmountError::TooLarge)?;
    let factor = 10_i128
        .checked_pow(scale.unsigned_abs())
        .ok_or(AmountError::TooLarge)?;
    base.checked_mul(factor).ok_or(AmountError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn micros(v: serde_json::Value) -> Result<i64, AmountError> {
        match v {
            serde_json::Value::Number(n) => Micros::from_number(&n, MAX_DOLLARS).map(|m| m.0),
            _ => Err(AmountError::TooLarge),
        }
    }

    #[test]
    fn reads_decimal_text_exactly() {
        assert_eq!(micros(json!(30.5)), Ok(30_500_000));
        assert_eq!(micros(json!(0.1)), Ok(100_000));
        assert_eq!(micros(json!(0.153)), Ok(153_000));
        assert_eq!(micros(json!(0.000001)), Ok(1));
        assert_eq!(micros(json!(42)), Ok(42_000_000));
        assert_eq!(micros(json!(1e3)), Ok(1_000_000_000));
        assert_eq!(micros(json!(0)), Ok(0));
        assert_eq!(micros(json!(0.0000001)), Err(AmountError::TooPrecise));
        assert_eq!(micros(json!(-1)), Err(AmountError::Negative));
        assert_eq!(micros(json!(1e10)), Err(AmountError::TooLarge));
        assert_eq!(micros(json!(1e300)), Err(AmountError::TooLarge));
        assert_eq!(parse_decimal_micros("1.5E-3"), Ok(1500));
        assert_eq!(parse_decimal_micros("2.50e+1"), Ok(25_000_000));
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Micros(30_500_000).to_cents(), 3050);
        assert_eq!(Micros(12_345_000).to_cents(), 1235);
        assert_eq!(Micros(12_344_999).to_cents(), 1234);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(-4, 10), 0);
        // $0.153 per $1000 of $25,000: $3.825 → $3.83.
        assert_eq!(Micros(153_000).per_thousand_cents(25_000), 383);
        // 50% of $90.01: $45.005 → $45.01.
        assert_eq!(Micros(50_000_000).percent_of_cents(9001), 4501);
    }
}
