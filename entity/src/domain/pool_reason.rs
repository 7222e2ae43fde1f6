//! Why someone's place in the talent pool changed. The reasons the system itself gives are
//! stored as codes (`@all_agreed`) and shown in the reader's language; a reason a person
//! wrote is kept as they wrote it. Reasons stored before the codes (`三级签核全部同意 / all
//! three levels agreed`) are read as the codes they stand for.
use super::talent::Echelon;

/// A reason for a pool event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolReason {
    /// The three levels all agreed (三级签核全部同意).
    AllAgreed,
    /// The person moved to another echelon.
    MovedTo(Echelon),
    /// The person left the company (员工离职).
    LeftCompany,
    /// Confirmed at the bottom in a quarter's elimination, with the manager's words.
    Eliminated { quarter: String, note: String },
    /// Words a person wrote (HR's removal).
    Stated(String),
}

impl PoolReason {
    /// The text to store.
    pub fn encode(&self) -> String {
        match self {
            PoolReason::AllAgreed => "@all_agreed".into(),
            PoolReason::MovedTo(e) => format!("@moved:{}", e.number()),
            PoolReason::LeftCompany => "@left_company".into(),
            PoolReason::Eliminated { quarter, note } => format!("@eliminated:{quarter}:{note}"),
            // Words that happen to start like a code are kept as words.
            PoolReason::Stated(text) if text.starts_with('@') => format!("@said:{text}"),
            PoolReason::Stated(text) => text.clone(),
        }
    }

    /// The reason a stored text stands for.
    pub fn parse(stored: &str) -> PoolReason {
        if let Some(code) = stored.strip_prefix('@') {
            let (head, rest) = code.split_once(':').unwrap_or((code, ""));
            match head {
                "all_agreed" => return PoolReason::AllAgreed,
                "left_company" => return PoolReason::LeftCompany,
                "said" => return PoolReason::Stated(rest.into()),
                "moved" => {
                    if let Some(e) = rest.parse().ok().and_then(Echelon::from_number) {
                        return PoolReason::MovedTo(e);
                    }
                }
                "eliminated" => {
                    let (quarter, note) = rest.split_once(':').unwrap_or((rest, ""));
                    return PoolReason::Eliminated {
                        quarter: quarter.into(),
                        note: note.into(),
                    };
                }
                _ => {}
            }
        }
        // As written before the codes.
        if stored == "三级签核全部同意 / all three levels agreed" {
            return PoolReason::AllAgreed;
        }
        if let Some(rest) = stored.strip_prefix("调整至") {
            let zh = rest.split(" / ").next().unwrap_or(rest);
            if let Some(e) = [Echelon::Management, Echelon::KeyStaff, Echelon::Junior]
                .into_iter()
                .find(|e| e.label_zh() == zh)
            {
                return PoolReason::MovedTo(e);
            }
        }
        if let Some(rest) = stored.strip_prefix("末位淘汰 ") {
            if let Some((quarter, tail)) = rest.split_once(" / ") {
                let note = tail.split_once(": ").map_or("", |(_, n)| n);
                return PoolReason::Eliminated {
                    quarter: quarter.into(),
                    note: note.into(),
                };
            }
        }
        PoolReason::Stated(stored.to_owned())
    }

    /// The reason in words, in Chinese (`zh`) or English.
    pub fn words(&self, zh: bool) -> String {
        match (self, zh) {
            (PoolReason::AllAgreed, true) => "三级签核全部同意".into(),
            (PoolReason::AllAgreed, false) => "All three levels agreed".into(),
            (PoolReason::MovedTo(e), true) => format!("调整至{}", e.label_zh()),
            (PoolReason::MovedTo(e), false) => format!("Moved to {}", e.label_en()),
            (PoolReason::LeftCompany, true) => "员工离职".into(),
            (PoolReason::LeftCompany, false) => "Left the company".into(),
            (PoolReason::Eliminated { quarter, note }, true) if note.is_empty() => {
                format!("{quarter} 末位淘汰")
            }
            (PoolReason::Eliminated { quarter, note }, true) => {
                format!("{quarter} 末位淘汰：{note}")
            }
            (PoolReason::Eliminated { quarter, note }, false) if note.is_empty() => {
                format!("Bottom elimination, {quarter}")
            }
            (PoolReason::Eliminated { quarter, note }, false) => {
                format!("Bottom elimination, {quarter}: {note}")
            }
            (PoolReason::Stated(text), _) => text.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_read_in_either_language() {
        let all = [
            PoolReason::AllAgreed,
            PoolReason::MovedTo(Echelon::KeyStaff),
            PoolReason::LeftCompany,
            PoolReason::Eliminated {
                quarter: "2026-Q1".into(),
                note: "连续三个月末位：沟通不足".into(),
            },
            PoolReason::Stated("重新选拔".into()),
            PoolReason::Stated("@all_agreed".into()),
        ];
        for r in all {
            assert_eq!(PoolReason::parse(&r.encode()), r);
            let zh = r.words(true);
            assert!(!zh.is_empty(), "{r:?}");
            if !matches!(r, PoolReason::Stated(_)) {
                assert!(!zh.contains('@'), "a code reads as words: {zh}");
            }
        }
        assert_eq!(
            PoolReason::AllAgreed.words(false),
            "All three levels agreed"
        );
    }

    #[test]
    fn reasons_stored_before_the_codes_read_as_their_codes() {
        assert_eq!(
            PoolReason::parse("三级签核全部同意 / all three levels agreed"),
            PoolReason::AllAgreed
        );
        assert_eq!(
            PoolReason::parse(&format!(
                "调整至{} / moved to {}",
                Echelon::Junior.label_zh(),
                Echelon::Junior.label_en()
            )),
            PoolReason::MovedTo(Echelon::Junior)
        );
        assert_eq!(
            PoolReason::parse("末位淘汰 2026-Q1 / bottom elimination 2026-Q1: 末位"),
            PoolReason::Eliminated {
                quarter: "2026-Q1".into(),
                note: "末位".into()
            }
        );
        assert_eq!(
            PoolReason::parse("调整岗位"),
            PoolReason::Stated("调整岗位".into())
        );
    }
}
