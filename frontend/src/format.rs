//! How dates and times are shown: `YYYY-MM-DD`, 24-hour clock, in China Standard Time.
//!
//! The server stores and sends UTC (RFC 3339). Call centers work in Asia/Shanghai, which has had
//! no daylight-saving time since 1991, so a fixed +08:00 offset is exact and spares the app a
//! time-zone database.
use chrono::{DateTime, FixedOffset};

const SHANGHAI_SECONDS: i32 = 8 * 3600;

fn shanghai(utc: &str) -> Option<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(SHANGHAI_SECONDS)?;
    DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&offset))
}

/// `2026-12-01 09:05` in Asia/Shanghai; the input unchanged when it is not RFC 3339.
pub fn date_time(utc: &str) -> String {
    shanghai(utc)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
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

    #[test]
    fn garbage_is_shown_as_it_came() {
        assert_eq!(date_time("yesterday"), "yesterday");
    }
}
