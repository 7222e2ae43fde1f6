//! Keyset pagination shared by every list: a page is `first` rows after an opaque cursor made of
//! the sort key and the id, so deep pages cost the same as the first.
use base64::Engine;
use entity::Problem;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

pub const MAX_PAGE: i32 = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort key of the last row seen, as text (all sort keys compare as text).
    pub k: String,
    pub id: Uuid,
}

impl async_graphql::connection::CursorType for Cursor {
    type Error = &'static str;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        Cursor::decode(s).map_err(|_| "the cursor is not valid")
    }

    fn encode_cursor(&self) -> String {
        self.encode()
    }
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(s: &str) -> ApiResult<Cursor> {
        let bad = || {
            ApiError::bad(
                "after",
                Problem::Invalid {
                    zh: "分页游标无效".into(),
                    en: "the cursor is not valid".into(),
                },
            )
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| bad())?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }
}

/// Validated paging arguments.
#[derive(Clone, Debug)]
pub struct PageArgs {
    pub first: u64,
    pub after: Option<Cursor>,
    /// Whether the caller asked for `totalCount` (it costs a query).
    pub want_total: bool,
}

impl PageArgs {
    pub fn parse(first: i32, after: Option<&str>, want_total: bool) -> ApiResult<Self> {
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(ApiError::bad(
                "first",
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_PAGE as i64,
                },
            ));
        }
        let after = after.map(Cursor::decode).transpose()?;
        Ok(PageArgs {
            first: first as u64,
            after,
            want_total,
        })
    }
}

/// One page of rows.
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
    pub has_previous: bool,
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page from a query that fetched one row more than asked for; the extra row only tells
    /// that more follow.
    pub fn from_overfetch(mut items: Vec<T>, args: &PageArgs, total: Option<u64>) -> Page<T> {
        let has_next = items.len() as u64 > args.first;
        items.truncate(args.first as usize);
        Page {
            items,
            has_next,
            has_previous: args.after.is_some(),
            total,
        }
    }
}
