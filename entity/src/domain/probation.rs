//! 试用期 (probation). Chinese labour law allows at most six months of probation; Echelon takes
//! every probation to last that long, so it ends six calendar months after the hire date. HR
//! reviews the employee for 转正 (becoming regular) in the last month, or at once when the end
//! has already passed.
use chrono::{DateTime, Days, Months, NaiveDate, TimeDelta, Utc};

/// Length of a probation in calendar months (the legal maximum in China).
pub const PROBATION_MONTHS: u32 = 6;

/// How many days before the end of a probation its review comes due.
pub const REVIEW_NOTICE_DAYS: u64 = 30;

/// China's calendar day at `at` (UTC+8 everywhere, no daylight saving): the day that counts for
/// dates of employment.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.naive_utc()
        .checked_add_signed(TimeDelta::hours(8))
        .map_or_else(|| at.date_naive(), |t| t.date())
}

/// The last day of probation for someone hired on `hire`: six calendar months later, on the
/// month's last day when the month is shorter (hired 31 August → ends 28 or 29 February).
pub fn probation_end(hire: NaiveDate) -> NaiveDate {
    hire.checked_add_months(Months::new(PROBATION_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the 转正 review of someone hired on `hire` is due on `today`: the probation ends
/// within [`REVIEW_NOTICE_DAYS`] days or has already ended.
pub fn probation_review_due(hire: NaiveDate, today: NaiveDate) -> bool {
    probation_end(hire) <= horizon(today)
}

/// The latest hire date whose review is due on `today`, so a query can select due probations
/// with `hire_date <= latest_due_hire_date(today)`. Plain "horizon minus six months" would miss
/// hires at a month's end whose probation ends on a shorter month's last day (hired 31 August,
/// horizon 28 February).
pub fn latest_due_hire_date(today: NaiveDate) -> NaiveDate {
    let horizon = horizon(today);
    let mut latest = horizon
        .checked_sub_months(Months::new(PROBATION_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    // Ending dates only clamp at a month's end, so at most three more days can qualify.
    while let Some(next) = latest.succ_opt() {
        if probation_end(next) > horizon {
            break;
        }
        latest = next;
    }
    latest
}

fn horizon(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(REVIEW_NOTICE_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn probation_ends_six_calendar_months_after_hire() {
        for (hire, end) in [
            ("2026-01-15", "2026-07-15"),
            ("2026-03-01", "2026-09-01"),
            ("2025-07-31", "2026-01-31"),
            ("2025-08-31", "2026-02-28"),
            ("2027-08-31", "2028-02-29"),
            ("2026-08-29", "2027-02-28"),
            ("2027-08-29", "2028-02-29"),
            ("2026-12-31", "2027-06-30"),
            ("2026-03-31", "2026-09-30"),
            ("2024-02-29", "2024-08-29"),
        ] {
            assert_eq!(probation_end(d(hire)), d(end), "hired {hire}");
        }
    }

    #[test]
    fn a_review_is_due_thirty_days_before_the_end_and_stays_due_after_it() {
        for (hire, today, due) in [
            // ends 2026-07-15
            ("2026-01-15", "2026-06-14", false),
            ("2026-01-15", "2026-06-15", true),
            ("2026-01-15", "2026-07-15", true),
            ("2026-01-15", "2027-01-01", true),
            // hired today, or in the future
            ("2026-06-01", "2026-06-01", false),
            ("2026-09-01", "2026-06-01", false),
            // ends 2026-02-28 (month end clamps)
            ("2025-08-31", "2026-01-29", true),
            ("2025-08-31", "2026-01-28", false),
        ] {
            assert_eq!(
                probation_review_due(d(hire), d(today)),
                due,
                "hired {hire}, today {today}"
            );
        }
    }

    #[test]
    fn the_sql_cutoff_selects_exactly_the_due_reviews() {
        // Every day of two years (a leap year among them) against every hire date around the
        // cutoff: `hire <= latest_due_hire_date(today)` agrees with the rule.
        let mut today = d("2027-01-01");
        while today <= d("2028-12-31") {
            let cutoff = latest_due_hire_date(today);
            assert!(probation_review_due(cutoff, today), "today {today}");
            let mut hire = cutoff - Days::new(40);
            while hire <= cutoff + Days::new(40) {
                assert_eq!(
                    hire <= cutoff,
                    probation_review_due(hire, today),
                    "today {today}, hired {hire}, cutoff {cutoff}"
                );
                hire = hire + Days::new(1);
            }
            today = today + Days::new(1);
        }
    }

    #[test]
    fn the_day_is_chinas() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(china_date(at("2026-03-01T15:59:59Z")), d("2026-03-01"));
        assert_eq!(china_date(at("2026-03-01T16:00:00Z")), d("2026-03-02"));
    }
}
