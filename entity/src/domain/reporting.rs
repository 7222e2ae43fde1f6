//! The reporting line. Every employee has a superior (上级) and a skip-level superior (上二级);
//! the three-level sign-off needs both. A level is vacant when nobody holds it or its holder has
//! left; a vacant level passes to the next superior up, and the answer records the skip.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The fact the walk needs about one employee: who they report to and whether they still work
/// here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineLink {
    pub superior_id: Option<Uuid>,
    pub active: bool,
}

/// One resolved level of the line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedLevel {
    /// Who holds the level.
    pub employee_id: Uuid,
    /// Former holders passed over because they have left, nearest first. Empty when the level
    /// went to the person directly above.
    pub passed_over: Vec<Uuid>,
}

/// The answer for one employee: `None` at a level means nobody is above to take it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingLine {
    pub superior: Option<ResolvedLevel>,
    pub skip_level: Option<ResolvedLevel>,
}

/// The longest chain walked before the line is declared broken; org charts are far shallower.
pub const MAX_LINE_DEPTH: usize = 64;

/// Resolves the superior and skip-level superior of `employee` by walking `link` upwards,
/// passing over anyone who has left. Stops (leaving the rest vacant) on a cycle.
pub fn resolve_line(employee: Uuid, link: impl Fn(Uuid) -> Option<LineLink>) -> ReportingLine {
    let mut levels: Vec<ResolvedLevel> = Vec::with_capacity(2);
    let mut passed_over = Vec::new();
    let mut seen = vec![employee];
    let mut current = link(employee).and_then(|l| l.superior_id);
    while let Some(id) = current {
        if levels.len() == 2 || seen.contains(&id) || seen.len() > MAX_LINE_DEPTH {
            break;
        }
        seen.push(id);
        let Some(l) = link(id) else { break };
        if l.active {
            levels.push(ResolvedLevel {
                employee_id: id,
                passed_over: std::mem::take(&mut passed_over),
            });
        } else {
            passed_over.push(id);
        }
        current = l.superior_id;
    }
    let mut it = levels.into_iter();
    ReportingLine {
        superior: it.next(),
        skip_level: it.next(),
    }
}

/// Whether making `new_superior` the superior of `employee` would close a loop (A reports to B
/// reports to A), including reporting to oneself.
pub fn would_create_cycle(
    employee: Uuid,
    new_superior: Uuid,
    superior_of: impl Fn(Uuid) -> Option<Uuid>,
) -> bool {
    let mut current = Some(new_superior);
    let mut steps = 0;
    while let Some(id) = current {
        if id == employee {
            return true;
        }
        steps += 1;
        if steps > MAX_LINE_DEPTH * 16 {
            // A pre-existing loop above; refuse rather than extend it.
            return true;
        }
        current = superior_of(id);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Chart(HashMap<Uuid, LineLink>);

    impl Chart {
        fn new() -> Self {
            Chart(HashMap::new())
        }
        fn add(&mut self, superior: Option<Uuid>, active: bool) -> Uuid {
            let id = Uuid::now_v7();
            self.0.insert(
                id,
                LineLink {
                    superior_id: superior,
                    active,
                },
            );
            id
        }
        fn line(&self, id: Uuid) -> ReportingLine {
            resolve_line(id, |x| self.0.get(&x).copied())
        }
    }

    #[test]
    fn superior_and_skip_level_come_from_the_two_people_above() {
        let mut c = Chart::new();
        let boss = c.add(None, true);
        let lead = c.add(Some(boss), true);
        let agent = c.add(Some(lead), true);
        let line = c.line(agent);
        assert_eq!(
            line.superior,
            Some(ResolvedLevel {
                employee_id: lead,
                passed_over: vec![]
            })
        );
        assert_eq!(
            line.skip_level,
            Some(ResolvedLevel {
                employee_id: boss,
                passed_over: vec![]
            })
        );
    }

    #[test]
    fn a_superior_who_left_is_passed_over_and_recorded() {
        let mut c = Chart::new();
        let top = c.add(None, true);
        let boss = c.add(Some(top), true);
        let gone = c.add(Some(boss), false);
        let agent = c.add(Some(gone), true);
        let line = c.line(agent);
        assert_eq!(
            line.superior,
            Some(ResolvedLevel {
                employee_id: boss,
                passed_over: vec![gone]
            })
        );
        assert_eq!(
            line.skip_level,
            Some(ResolvedLevel {
                employee_id: top,
                passed_over: vec![]
            })
        );
    }

    #[test]
    fn the_top_of_the_tree_has_vacant_levels() {
        let mut c = Chart::new();
        let boss = c.add(None, true);
        let lead = c.add(Some(boss), true);
        assert_eq!(
            c.line(boss),
            ReportingLine {
                superior: None,
                skip_level: None
            }
        );
        let line = c.line(lead);
        assert_eq!(line.superior.map(|l| l.employee_id), Some(boss));
        assert_eq!(line.skip_level, None);
    }

    #[test]
    fn a_loop_in_stored_data_ends_the_walk() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let mut m = HashMap::new();
        m.insert(
            a,
            LineLink {
                superior_id: Some(b),
                active: true,
            },
        );
        m.insert(
            b,
            LineLink {
                superior_id: Some(a),
                active: true,
            },
        );
        let line = resolve_line(a, |x| m.get(&x).copied());
        assert_eq!(line.superior.map(|l| l.employee_id), Some(b));
        assert_eq!(line.skip_level, None);
    }

    #[test]
    fn cycles_are_detected_before_they_are_made() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let c = Uuid::now_v7();
        let up: HashMap<Uuid, Uuid> = [(b, a), (c, b)].into_iter().collect();
        let superior_of = |x: Uuid| up.get(&x).copied();
        assert!(would_create_cycle(a, c, superior_of), "a → c → b → a");
        assert!(
            would_create_cycle(a, a, superior_of),
            "reporting to oneself"
        );
        assert!(!would_create_cycle(c, a, superior_of));
    }
}
