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
}
