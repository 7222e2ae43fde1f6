//! How dates and times are shown: `YYYY-MM-DD`, 24-hour clock, in China Standard Time.
//!
//! The server stores and sends UTC (RFC 3339). Call centers work in Asia/Shanghai, which has had
//! no daylight-saving time since 1991, so a fixed +08:00 offset is exact and spares the app a
//! time-zone database.
use chrono::{DateTime, Datelike, FixedOffset, Timelike};

const SHANGHAI_SECONDS: i32 = 8 * 3600;

fn shanghai(utc: &str) -> Option<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(SHANGHAI_SECONDS)?;
    DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&offset))
}

/// `2026-12-01 09:05` in Asia/Shanghai; the input unchanged when it is not RFC 3339.
///
/// Written field by field: chrono's pattern formatting would bring its pattern parser into the
/// web app for this one layout.
pub fn date_time(utc: &str) -> String {
    shanghai(utc)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            )
        })
        .unwrap_or_else(|| utc.to_owned())
}

/// A number as typed: an optional sign, digits, and an optional decimal part (`86.5`, `-3`,
/// `.5`, `10.`), with surrounding spaces. No exponents, `NaN` or infinities: nobody types them
/// into a score, points or a percentage.
///
/// Read as a whole number of units over a power of ten, both exact in an `f64`, so the one
/// division rounds correctly and the value is the one Rust's own parser gives. That parser
/// (and its tables) is a few kilobytes of every bundle that reads numbers; this is not.
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits.bytes().any(|b| b.is_ascii_digit()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // Zeros after the last significant decimal change nothing; dropping them keeps `86.50`
    // within the exact range.
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 22 {
        return None;
    }
    let mut units: u64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        units = units.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    // Integers up to 2^53 are exact in an f64.
    if units > 1 << 53 {
        return None;
    }
    let value = units as f64 / 10f64.powi(fraction.len() as i32);
    Some(if negative { -value } else { value })
}

/// A number as people read it: at most `decimals` decimals (at most 3), rounded, with no
/// trailing zeros (`86.5`, `120`, `0.25`).
pub fn number_text(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(3);
    let scale = 10i64.pow(decimals);
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, mut part) = (
        scaled.unsigned_abs() / scale as u64,
        scaled.unsigned_abs() % scale as u64,
    );
    let mut width = decimals as usize;
    while width > 0 && part % 10 == 0 {
        part /= 10;
        width -= 1;
    }
    if width == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{part:0width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_is_shown_in_shanghai_time_on_a_24_hour_clock() {
        assert_eq!(date_time("2026-12-01T01:05:00Z"), "2026-12-01 09:05");
        assert_eq!(date_time("2026-12-01T16:30:00.123456Z"), "2026-12-02 00:30");
        assert_eq!(date_time("2026-06-30T15:59:59+00:00"), "2026-06-30 23:59");
    }

    /// The plan form sends its due date as the date's own display, which must be the schema's
    /// `YYYY-MM-DD`.
    #[test]
    fn a_date_displays_as_the_schema_writes_it() {
        let d = |y, m, day| {
            chrono::NaiveDate::from_ymd_opt(y, m, day)
                .unwrap()
                .to_string()
        };
        assert_eq!(d(2026, 3, 9), "2026-03-09");
        assert_eq!(d(2026, 12, 31), "2026-12-31");
        assert_eq!(d(999, 1, 1), "0999-01-01");
    }

    #[test]
    fn garbage_is_shown_as_it_came() {
        assert_eq!(date_time("yesterday"), "yesterday");
    }
    #[test]
    fn typed_numbers_read_as_rust_reads_them() {
        for text in [
            "86.5",
            "0",
            "100",
            "0.1",
            "85.3",
            "10000",
            "-3.5",
            "+2",
            ".5",
            "10.",
            "86.50",
            "9007199254740992",
            " 12.25 ",
            "007",
            "1234.5678",
        ] {
            assert_eq!(number(text), text.trim().parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn anything_but_a_plain_decimal_is_refused() {
        for text in [
            "",
            " ",
            ".",
            "-",
            "+",
            "-.",
            "NaN",
            "inf",
            "1e5",
            "八十",
            "86,5",
            "86.5.1",
            "1 000",
            "--1",
            "0x10",
            "１２",
            "9007199254740993",
        ] {
            assert_eq!(number(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_show_with_the_decimals_they_need() {
        assert_eq!(number_text(86.5, 1), "86.5");
        assert_eq!(number_text(85.0, 1), "85");
        assert_eq!(number_text(12.5, 1), "12.5");
        assert_eq!(number_text(86.666, 2), "86.67");
        assert_eq!(number_text(0.25, 2), "0.25");
        assert_eq!(number_text(0.1 + 0.2, 2), "0.3");
        assert_eq!(number_text(-3.5, 2), "-3.5");
        assert_eq!(number_text(10_000.0, 2), "10000");
        assert_eq!(number_text(7.0, 0), "7");
    }
}
