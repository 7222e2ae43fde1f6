//! Reading rows by column position.
//!
//! sea-orm decodes a model by column name: for every column of every row it writes the
//! (prefixed) name into a new string and looks it up in the row's table of names. On the reads
//! that every request makes (the caller, a page of people or pool members, their sign-off
//! steps) that cost more than decoding the values. Those statements select their columns in a
//! known order and read them back here by position.
use entity::{employee, org_unit, pool_member, sign_off};
use sea_orm::{DbErr, QueryResult, TryGetable};
use uuid::Uuid;

/// A row read from left to right.
pub struct Columns<'a> {
    row: &'a QueryResult,
    at: usize,
}

impl<'a> Columns<'a> {
    pub fn new(row: &'a QueryResult) -> Self {
        Columns { row, at: 0 }
    }

    /// The next column's value.
    pub fn get<T: TryGetable>(&mut self) -> Result<T, DbErr> {
        let at = self.at;
        self.at += 1;
        self.row.try_get_by_index(at)
    }

    /// Passes over `n` columns.
    pub fn skip(&mut self, n: usize) {
        self.at += n;
    }

    /// Whether the next column is NULL (as an id: every table here is keyed by one).
    pub fn next_id_is_null(&self) -> Result<bool, DbErr> {
        Ok(self
            .row
            .try_get_by_index::<Option<Uuid>>(self.at)?
            .is_none())
    }
}

/// `columns`, each once, in their first order.
pub fn distinct<C: sea_orm::IdenStatic + Copy>(columns: impl IntoIterator<Item = C>) -> Vec<C> {
    let mut out: Vec<C> = Vec::new();
    for c in columns {
        if !out.iter().any(|r| r.as_str() == c.as_str()) {
            out.push(c);
        }
    }
    out
}

/// [`distinct`] `columns`; `key` alone when there are none, as a statement selects at least
/// one column.
pub fn columns_to_read<C: sea_orm::IdenStatic + Copy>(
    columns: impl IntoIterator<Item = C>,
    key: C,
) -> Vec<C> {
    let mut read = distinct(columns);
    if read.is_empty() {
        read.push(key);
    }
    read
}

/// A model that reads itself from every column of its table, in the order of its `Column`
/// enum (the order `Entity::find()` selects them in).
pub trait ByPosition: Sized {
    /// How many columns the model reads.
    const COLUMNS: usize;

    fn read(c: &mut Columns<'_>) -> Result<Self, DbErr>;

    /// `None`, with its columns passed over, when its key is NULL: an outer join found no row.
    fn read_optional(c: &mut Columns<'_>) -> Result<Option<Self>, DbErr> {
        if c.next_id_is_null()? {
            c.skip(Self::COLUMNS);
            return Ok(None);
        }
        Self::read(c).map(Some)
    }
}

impl ByPosition for employee::Model {
    const COLUMNS: usize = 14;

    fn read(c: &mut Columns<'_>) -> Result<Self, DbErr> {
        Ok(employee::Model {
            id: c.get()?,
            employee_no: c.get()?,
            name: c.get()?,
            phone: c.get()?,
            org_unit_id: c.get()?,
            org_path: c.get()?,
            position: c.get()?,
            superior_id: c.get()?,
            hire_date: c.get()?,
            status: c.get()?,
            key_position: c.get()?,
            version: c.get()?,
            created_at: c.get()?,
            updated_at: c.get()?,
        })
    }
}

impl ByPosition for org_unit::Model {
    const COLUMNS: usize = 10;

    fn read(c: &mut Columns<'_>) -> Result<Self, DbErr> {
        Ok(org_unit::Model {
            id: c.get()?,
            code: c.get()?,
            name: c.get()?,
            kind: c.get()?,
            parent_id: c.get()?,
            path: c.get()?,
            leader_id: c.get()?,
            version: c.get()?,
            created_at: c.get()?,
            updated_at: c.get()?,
        })
    }
}

impl ByPosition for pool_member::Model {
    const COLUMNS: usize = 7;

    fn read(c: &mut Columns<'_>) -> Result<Self, DbErr> {
        Ok(pool_member::Model {
            id: c.get()?,
            employee_id: c.get()?,
            echelon: c.get()?,
            nomination_id: c.get()?,
            joined_at: c.get()?,
            left_at: c.get()?,
            left_reason: c.get()?,
        })
    }
}

impl ByPosition for sign_off::Model {
    const COLUMNS: usize = 9;

    fn read(c: &mut Columns<'_>) -> Result<Self, DbErr> {
        Ok(sign_off::Model {
            id: c.get()?,
            nomination_id: c.get()?,
            step: c.get()?,
            role: c.get()?,
            signer_id: c.get()?,
            in_place_of: c.get()?,
            agree: c.get()?,
            comment: c.get()?,
            signed_at: c.get()?,
        })
    }
}

/// Every row of a statement that selects `M`'s columns only.
pub fn all<M: ByPosition>(rows: &[QueryResult]) -> Result<Vec<M>, DbErr> {
    rows.iter().map(|r| M::read(&mut Columns::new(r))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{EntityTrait, Iterable};

    /// The counts stated match the tables (the order is checked against sea-orm's own decoding
    /// on both databases by the integration tests).
    #[test]
    fn column_counts_match_the_tables() {
        assert_eq!(
            employee::Model::COLUMNS,
            <employee::Entity as EntityTrait>::Column::iter().count()
        );
        assert_eq!(
            org_unit::Model::COLUMNS,
            <org_unit::Entity as EntityTrait>::Column::iter().count()
        );
        assert_eq!(
            pool_member::Model::COLUMNS,
            <pool_member::Entity as EntityTrait>::Column::iter().count()
        );
        assert_eq!(
            sign_off::Model::COLUMNS,
            <sign_off::Entity as EntityTrait>::Column::iter().count()
        );
    }
}
