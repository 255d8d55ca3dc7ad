//! Exact decimal amounts. Magento stores `decimal(20,6)` and hands them over as strings; we keep them
//! as integer millionths, so subtraction (a discount's amount off) never drifts and 19.99 is always
//! written as 19.99.

use std::fmt;

use serde::{Serialize, Serializer};

const SCALE: i64 = 1_000_000;
/// Larger amounts are refused as nonsense (no currency needs a trillion per unit).
pub const MAX: Money = Money(1_000_000_000_000 * SCALE);

/// Integers below 2^53 convert to f64 exactly.
const EXACT_IN_F64: u64 = 1 << 53;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount in hundredths: `Money::hundredths(9999)` is 99.99.
    pub const fn hundredths(n: i64) -> Money {
        Money(n * (SCALE / 100))
    }

    /// Parses `123`, `-4.5`, `19.990000`; at most 6 decimals; no exponent, NaN or infinity.
    pub fn parse(text: &str) -> Result<Money, String> {
        let t = text.trim();
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > 6 {
            return Err(format!("{text:?} is not a decimal amount"));
        }
        if whole.len() > 13 {
            return Err(format!("{text:?} is too large"));
        }
        let whole: i64 = whole.parse().map_err(|_| format!("{text:?} is not a decimal amount"))?;
        // "5" → 500000: the digits, scaled to millionths (no allocation: a hot path)
        let frac = frac.bytes().fold(0i64, |v, d| v * 10 + i64::from(d - b'0')) * 10i64.pow(6 - frac.len() as u32);
        // checked: 13 digits times 10^6 can leave i64 (found by tests/fuzz)
        let value = whole.checked_mul(SCALE).and_then(|v| v.checked_add(frac)).filter(|v| *v <= MAX.0);
        let value = value.ok_or_else(|| format!("{text:?} is too large"))?;
        Ok(Money(if negative { -value } else { value }))
    }

    pub fn from_f64(value: f64) -> Result<Money, String> {
        if !value.is_finite() {
            return Err(format!("{value} is not a finite amount"));
        }
        Money::parse(&format!("{value:.6}"))
    }

    /// The amount in millionths, for exact arithmetic elsewhere (`fallback`).
    pub const fn millionths(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn minus(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

/// A currency rate as `directory_currency_rate` stores it (`decimal(24,12)`), exact: 10⁻¹² units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate(i128);

impl Rate {
    /// A positive decimal with at most 12 decimals; 0 is no rate (Magento's rate table default).
    pub fn parse(text: &str) -> Result<Rate, String> {
        let bad = || format!("{text:?} is not a currency rate");
        let t = text.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() || whole.len() > 12 || frac.len() > 12 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let units: i128 = format!("{whole}{frac:0<12}").parse().map_err(|_| bad())?;
        if units == 0 {
            return Err(bad());
        }
        Ok(Rate(units))
    }
}

impl Money {
    /// The amount at `rate`, rounded to 4 decimals half away from zero, as Magento's price index
    /// converts tier prices (`ROUND(value * rate, 4)`).
    pub fn convert(self, rate: Rate) -> Result<Money, String> {
        // millionths × 10⁻¹² units = 10⁻¹⁸; to 10⁻⁴ is a division by 10¹⁴
        const STEP: i128 = 100_000_000_000_000;
        let exact = i128::from(self.0) * rate.0;
        let rounded = (exact.abs() + STEP / 2) / STEP * exact.signum();
        let micros = i64::try_from(rounded * 100).ok().filter(|m| m.abs() <= MAX.0);
        micros.map(Money).ok_or_else(|| format!("{self} converted is too large"))
    }
}

impl fmt::Display for Money {
    /// Shortest exact decimal: `19.99`, `5`, `0.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / SCALE as u64, abs % SCALE as u64);
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let frac = format!("{frac:06}");
        write!(f, "{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}

impl Serialize for Money {
    /// A JSON number with the shortest decimal text that reads back as the same double. That is the
    /// amount's own text up to 15 significant digits (any price below a billion with 6 decimals);
    /// beyond, JSON readers that use doubles (ACO's is not stated) would round it the same way.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % SCALE == 0 {
            s.serialize_i64(self.0 / SCALE)
        } else if self.0.unsigned_abs() < EXACT_IN_F64 {
            // both operands exact, one correctly rounded division: the double nearest the amount,
            // which is what parsing its text gives (hot path: no string round trip)
            s.serialize_f64(self.0 as f64 / SCALE as f64)
        } else {
            s.serialize_f64(self.to_string().parse::<f64>().unwrap_or(0.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_magento_decimals_exactly() {
        assert_eq!(Money::parse("19.990000").unwrap().to_string(), "19.99");
        assert_eq!(Money::parse("20").unwrap().to_string(), "20");
        assert_eq!(Money::parse("-0.5").unwrap().to_string(), "-0.5");
        for bad in ["", "abc", "1e5", "NaN", "inf", "1.1234567", "1.2.3", "99999999999999", "9999999999999", "-9999999999999.5"] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn conversion_rounds_to_four_decimals_as_magentos_price_index() {
        let convert = |amount: &str, rate: &str| Money::parse(amount).unwrap().convert(Rate::parse(rate).unwrap()).unwrap().to_string();
        assert_eq!(convert("28.80", "0.920000000000"), "26.496");
        assert_eq!(convert("19.99", "150"), "2998.5");
        assert_eq!(convert("1.00005", "1"), "1.0001", "half away from zero");
        assert_eq!(convert("10", "0.123456789012"), "1.2346");
        for bad in ["0", "0.000000000000", "-1", "abc", "1.1234567890123", ""] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
        assert!(MAX.convert(Rate::parse("2").unwrap()).is_err());
    }

    #[test]
    fn subtraction_has_no_float_noise_and_json_is_short() {
        let d = Money::parse("19.99").unwrap().minus(Money::parse("15.99").unwrap());
        assert_eq!(serde_json::to_string(&d).unwrap(), "4");
        let d = Money::parse("0.3").unwrap().minus(Money::parse("0.1").unwrap());
        assert_eq!(serde_json::to_string(&d).unwrap(), "0.2");
        assert_eq!(serde_json::to_string(&Money::parse("19.990000").unwrap()).unwrap(), "19.99");
        assert_eq!(serde_json::to_string(&Money::parse("1234567.891").unwrap()).unwrap(), "1234567.891");
    }

    #[test]
    fn the_fast_path_writes_what_parsing_the_text_would() {
        let big = [(1 << 53) - 1, 1 << 53, (1 << 53) + 1, 999_999_999_999_999_999];
        for micros in (1..200_000i64).map(|i| i * 7_919 + i % 3).chain(big) {
            let m = Money(micros);
            let via_text = serde_json::to_string(&m.to_string().parse::<f64>().unwrap()).unwrap();
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, via_text, "{micros}");
            if micros < 1_000_000_000_000_000 {
                assert_eq!(json, m.to_string(), "15 significant digits are exact: {micros}");
            }
        }
    }
}
