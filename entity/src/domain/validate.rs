//! Input rules with bilingual messages. Inputs become checked values here, at the edge; inner
//! code does not re-check strings. Lengths are counted in characters so Chinese text is judged
//! as a user sees it.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What is wrong with one field, in words a user understands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    NulByte,
    BadFormat {
        expected_zh: String,
        expected_en: String,
    },
    OutOfRange {
        min: i64,
        max: i64,
    },
    ImpossibleDate,
    Duplicate,
    NotFound,
    Cycle,
    Invalid {
        zh: String,
        en: String,
    },
}

/// A rejected input field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {}", .problem.message_en())]
pub struct FieldError {
    /// The input field's API name, e.g. `employeeNo`.
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        FieldError {
            field: field.to_owned(),
            problem,
        }
    }

    pub fn invalid(field: &str, zh: &str, en: &str) -> Self {
        Self::new(
            field,
            Problem::Invalid {
                zh: zh.to_owned(),
                en: en.to_owned(),
            },
        )
    }
}

impl Problem {
    pub fn message_zh(&self) -> String {
        match self {
            Problem::Required => "不能为空".into(),
            Problem::TooLong { max } => format!("不能超过 {max} 个字符"),
            Problem::TooShort { min } => format!("至少需要 {min} 个字符"),
            Problem::NulByte => "含有不允许的空字符".into(),
            Problem::BadFormat { expected_zh, .. } => format!("格式不正确,应为{expected_zh}"),
            Problem::OutOfRange { min, max } => format!("应在 {min} 到 {max} 之间"),
            Problem::ImpossibleDate => "不是有效的日期(YYYY-MM-DD)".into(),
            Problem::Duplicate => "已存在,不能重复".into(),
            Problem::NotFound => "不存在或无权访问".into(),
            Problem::Cycle => "会形成循环汇报关系".into(),
            Problem::Invalid { zh, .. } => zh.clone(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Problem::Required => "is required".into(),
            Problem::TooLong { max } => format!("must be at most {max} characters"),
            Problem::TooShort { min } => format!("must be at least {min} characters"),
            Problem::NulByte => "contains a NUL character, which is not allowed".into(),
            Problem::BadFormat { expected_en, .. } => {
                format!("has the wrong format; expected {expected_en}")
            }
            Problem::OutOfRange { min, max } => format!("must be between {min} and {max}"),
            Problem::ImpossibleDate => "is not a valid date (YYYY-MM-DD)".into(),
            Problem::Duplicate => "already exists".into(),
            Problem::NotFound => "does not exist or is not accessible".into(),
            Problem::Cycle => "would create a reporting cycle".into(),
            Problem::Invalid { en, .. } => en.clone(),
        }
    }
}

/// Longest name of a person or unit.
pub const MAX_NAME: usize = 64;
/// Longest position title.
pub const MAX_POSITION: usize = 64;
/// Longest 工号.
pub const MAX_EMPLOYEE_NO: usize = 32;
/// Longest free text (descriptions, comments).
pub const MAX_TEXT: usize = 2000;
/// Password bounds (quality floor: at least 8, at most at least 64).
pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 128;

/// A required single-line text: trimmed, not empty, no NUL, at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = optional_text(field, value, max)?;
    if v.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    Ok(v)
}

/// An optional text: trimmed, no NUL, at most `max` characters; may be empty.
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    if value.contains('\0') {
        return Err(FieldError::new(field, Problem::NulByte));
    }
    let v = value.trim();
    if v.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong { max }));
    }
    Ok(v.to_owned())
}

/// 工号: letters, digits, `-` and `_`, 1 to 32 characters.
pub fn employee_no(field: &str, value: &str) -> Result<String, FieldError> {
    let v = required_text(field, value, MAX_EMPLOYEE_NO)?;
    if !v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(FieldError::new(
            field,
            Problem::BadFormat {
                expected_zh: "字母、数字、- 或 _".into(),
                expected_en: "letters, digits, - or _".into(),
            },
        ));
    }
    Ok(v)
}

/// A phone number: digits with an optional leading `+` and `-` separators, 5 to 20 characters.
pub fn phone(field: &str, value: &str) -> Result<String, FieldError> {
    let v = required_text(field, value, 20)?;
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let shape_ok = v
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '-' || (i == 0 && c == '+'));
    if !shape_ok || digits < 5 {
        return Err(FieldError::new(
            field,
            Problem::BadFormat {
                expected_zh: "电话号码,如 13812345678".into(),
                expected_en: "a phone number such as 13812345678".into(),
            },
        ));
    }
    Ok(v)
}

/// A password within the length bounds. Not trimmed: spaces are part of a passphrase.
pub fn password(field: &str, value: &str) -> Result<String, FieldError> {
    if value.contains('\0') {
        return Err(FieldError::new(field, Problem::NulByte));
    }
    let n = value.chars().count();
    if n < MIN_PASSWORD {
        return Err(FieldError::new(
            field,
            Problem::TooShort { min: MIN_PASSWORD },
        ));
    }
    if n > MAX_PASSWORD {
        return Err(FieldError::new(
            field,
            Problem::TooLong { max: MAX_PASSWORD },
        ));
    }
    Ok(value.to_owned())
}

/// A calendar date `YYYY-MM-DD` between 1950 and 2100 (a one-digit month or day is taken too).
pub fn date(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    let d = ymd(value.trim()).ok_or_else(|| FieldError::new(field, Problem::ImpossibleDate))?;
    check_date_range(field, d)
}

/// Reads `YYYY-MM-DD` field by field: chrono's pattern parser would bring its whole format
/// machinery into the web app, which checks dates with this same rule.
fn ymd(v: &str) -> Option<NaiveDate> {
    let number = |part: Option<&str>, digits: std::ops::RangeInclusive<usize>| {
        part.filter(|p| digits.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let mut parts = v.split('-');
    let year = number(parts.next(), 4..=4)?;
    let month = number(parts.next(), 1..=2)?;
    let day = number(parts.next(), 1..=2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Dates outside 1950–2100 are typing mistakes in an HR system.
pub fn check_date_range(field: &str, d: NaiveDate) -> Result<NaiveDate, FieldError> {
    use chrono::Datelike;
    if !(1950..=2100).contains(&d.year()) {
        return Err(FieldError::new(
            field,
            Problem::OutOfRange {
                min: 1950,
                max: 2100,
            },
        ));
    }
    Ok(d)
}

/// Masks a phone number for roles that do not need it: `13812345678` → `138****5678`.
/// Mobile numbers (11 characters and more) keep the familiar 3 + 4; shorter ones (landlines,
/// extensions) would give most of themselves away that way, so they keep only the last four
/// (8 to 10 characters) or the last two.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        11.. => (3, 4),
        8..=10 => (0, 4),
        _ => (0, n.min(2)),
    };
    let first: String = chars[..head].iter().collect();
    let last: String = chars[n - tail..].iter().collect();
    format!("{first}{}{last}", "*".repeat(n - head - tail))
}

/// Masks every `phone` field of a JSON object snapshot (as the audit log stores records), so a
/// record's history shows numbers no more than the record itself does. Anything that is not a
/// JSON object (`null` for "no record") comes back unchanged.
pub fn mask_phones_in_snapshot(snapshot: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(snapshot) {
        Ok(serde_json::Value::Object(mut fields)) => {
            let mut masked = false;
            for (key, value) in fields.iter_mut() {
                if key == "phone" {
                    if let serde_json::Value::String(p) = value {
                        *p = mask_phone(p);
                        masked = true;
                    }
                }
            }
            if masked {
                serde_json::Value::Object(fields).to_string()
            } else {
                snapshot.to_owned()
            }
        }
        _ => snapshot.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_so_chinese_fits() {
        let name = "张".repeat(MAX_NAME);
        assert_eq!(
            required_text("name", &name, MAX_NAME).map(|s| s.chars().count()),
            Ok(MAX_NAME)
        );
        let long = "张".repeat(MAX_NAME + 1);
        assert_eq!(
            required_text("name", &long, MAX_NAME),
            Err(FieldError::new("name", Problem::TooLong { max: MAX_NAME }))
        );
    }

    #[test]
    fn nul_bytes_and_blank_text_are_refused() {
        assert_eq!(
            required_text("name", "a\0b", 10).map_err(|e| e.problem),
            Err(Problem::NulByte)
        );
        assert_eq!(
            required_text("name", "   ", 10).map_err(|e| e.problem),
            Err(Problem::Required)
        );
        assert_eq!(optional_text("note", "  ", 10), Ok(String::new()));
    }

    #[test]
    fn emoji_and_chinese_pass_unchanged() {
        assert_eq!(
            required_text("name", "王小明😀", 10),
            Ok("王小明😀".to_owned())
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "yesterday",
            "1900-01-01",
            "",
            "2025-01-01-01",
            "2025-01",
            "+2025-01-01",
            "2025-001-01",
            "2025-1-1x",
            "２０２５-01-01",
        ] {
            assert!(date("hireDate", bad).is_err(), "{bad}");
        }
        assert!(date("hireDate", "2024-02-29").is_ok());
        assert_eq!(
            date("hireDate", " 2024-3-9 ").unwrap(),
            NaiveDate::from_ymd_opt(2024, 3, 9).unwrap()
        );
    }

    #[test]
    fn employee_numbers_and_phones_have_a_shape() {
        assert!(employee_no("employeeNo", "E-1001").is_ok());
        assert!(employee_no("employeeNo", "E 1001").is_err());
        assert!(employee_no("employeeNo", "工号1").is_err());
        assert!(phone("phone", "+86-13812345678").is_ok());
        assert!(phone("phone", "1381234567a").is_err());
        assert!(phone("phone", "12-3").is_err());
    }

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+8613812345678"), "+86*******5678");
        assert_eq!(mask_phone("62345678"), "****5678");
        assert_eq!(mask_phone("0755-1234567"), "075*****4567");
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn passwords_have_bounds_but_keep_their_spaces() {
        assert!(password("password", "short").is_err());
        assert_eq!(
            password("password", " long enough "),
            Ok(" long enough ".to_owned())
        );
        assert!(password("password", &"x".repeat(MAX_PASSWORD + 1)).is_err());
    }

    #[test]
    fn every_problem_speaks_both_languages() {
        let all = [
            Problem::Required,
            Problem::TooLong { max: 3 },
            Problem::TooShort { min: 3 },
            Problem::NulByte,
            Problem::BadFormat {
                expected_zh: "甲".into(),
                expected_en: "a".into(),
            },
            Problem::OutOfRange { min: 1, max: 2 },
            Problem::ImpossibleDate,
            Problem::Duplicate,
            Problem::NotFound,
            Problem::Cycle,
            Problem::Invalid {
                zh: "乙".into(),
                en: "b".into(),
            },
        ];
        for p in all {
            assert!(!p.message_zh().is_empty() && !p.message_en().is_empty());
            assert!(!p.message_zh().is_ascii(), "{p:?} has no Chinese message");
        }
    }

    #[test]
    fn snapshots_show_phones_masked_and_nothing_else_changed() {
        let masked =
            mask_phones_in_snapshot(r#"{"name":"张三","phone":"13812345678","version":2}"#);
        let v: serde_json::Value = serde_json::from_str(&masked).unwrap();
        assert_eq!(v["phone"], "138****5678");
        assert_eq!(v["name"], "张三");
        assert_eq!(v["version"], 2);
        assert_eq!(mask_phones_in_snapshot("null"), "null");
        assert_eq!(
            mask_phones_in_snapshot(r#"{"roles":"hr"}"#),
            r#"{"roles":"hr"}"#
        );
    }
}
