//! The read statements: one item, a partition by sort-key prefix, an index partition, the stream.
//!
//! Each runs on a read connection in autocommit mode, so each starts a fresh WAL snapshot and
//! sees every transaction committed before it began.

use rusqlite::{Connection, OptionalExtension, params};

use super::rows;
use crate::{Index, Item, Key, StoreError, StreamRecord};

const GET: &str = "SELECT attrs FROM items WHERE pk = ?1 AND sk = ?2";
const QUERY_ALL: &str = "SELECT pk, sk, attrs FROM items WHERE pk = ?1 ORDER BY sk";
const QUERY_FROM: &str = "SELECT pk, sk, attrs FROM items WHERE pk = ?1 AND sk >= ?2 ORDER BY sk";
const QUERY_RANGE: &str =
    "SELECT pk, sk, attrs FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3 ORDER BY sk";
pub(super) const INDEX_QUERY_GSI1: &str =
    "SELECT pk, sk, attrs FROM items WHERE gsi1pk = ?1 ORDER BY gsi1sk, pk, sk LIMIT ?2";
pub(super) const INDEX_QUERY_GSI2: &str =
    "SELECT pk, sk, attrs FROM items WHERE gsi2pk = ?1 ORDER BY gsi2sk, pk, sk LIMIT ?2";
const STREAM: &str =
    "SELECT position, pk, sk, attrs FROM stream WHERE position > ?1 ORDER BY position LIMIT ?2";
const STREAM_TAIL: &str = "SELECT coalesce(max(position), 0) FROM stream";

/// One item, if it exists.
pub(super) fn get(conn: &Connection, key: &Key) -> Result<Option<Item>, StoreError> {
    let text: Option<String> = conn
        .prepare_cached(GET)
        .and_then(|mut stmt| {
            stmt.query_row(params![key.pk, key.sk], |row| row.get(0))
                .optional()
        })
        .map_err(|e| StoreError::Backend(format!("get {key}: {e}")))?;
    text.map(|text| {
        Ok(Item {
            key: key.clone(),
            attrs: rows::decode(key, &text)?,
        })
    })
    .transpose()
}

/// Several items, in the order of `keys`, from one snapshot: a single read transaction, so the
/// connection's page cache is refreshed once rather than once per item.
pub(super) fn get_many(conn: &Connection, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
    let snapshot = conn
        .unchecked_transaction()
        .map_err(|e| StoreError::Backend(format!("begin a read of {} items: {e}", keys.len())))?;
    let items = keys
        .iter()
        .map(|key| get(&snapshot, key))
        .collect::<Result<Vec<_>, _>>()?;
    snapshot
        .finish()
        .map_err(|e| StoreError::Backend(format!("end a read of {} items: {e}", keys.len())))?;
    Ok(items)
}

/// The items of partition `pk` whose sort key starts with `prefix`, in sort-key order.
pub(super) fn query(conn: &Connection, pk: &str, prefix: &str) -> Result<Vec<Item>, StoreError> {
    let fail = |e: rusqlite::Error| StoreError::Backend(format!("query {pk} / {prefix}*: {e}"));
    let upper = upper_bound(prefix);
    let mut stmt = match (prefix.is_empty(), &upper) {
        (true, _) => conn.prepare_cached(QUERY_ALL),
        (false, None) => conn.prepare_cached(QUERY_FROM),
        (false, Some(_)) => conn.prepare_cached(QUERY_RANGE),
    }
    .map_err(fail)?;
    let rows = match (prefix.is_empty(), &upper) {
        (true, _) => stmt.query(params![pk]),
        (false, None) => stmt.query(params![pk, prefix]),
        (false, Some(upper)) => stmt.query(params![pk, prefix, upper]),
    }
    .map_err(fail)?;
    collect_items(rows, fail)
}

/// The items of an index partition in index sort-key order, at most `limit`.
pub(super) fn query_index(
    conn: &Connection,
    index: Index,
    pk: &str,
    limit: usize,
) -> Result<Vec<Item>, StoreError> {
    let fail = |e: rusqlite::Error| {
        StoreError::Backend(format!("query index {index:?} partition {pk}: {e}"))
    };
    let sql = match index {
        Index::Applicant => INDEX_QUERY_GSI1,
        Index::Inbox => INDEX_QUERY_GSI2,
    };
    let mut stmt = conn.prepare_cached(sql).map_err(fail)?;
    let rows = stmt.query(params![pk, sql_limit(limit)]).map_err(fail)?;
    collect_items(rows, fail)
}

/// Stream records after position `after`, oldest first, at most `limit`.
pub(super) fn stream(
    conn: &Connection,
    after: u64,
    limit: usize,
) -> Result<Vec<StreamRecord>, StoreError> {
    let fail = |e: rusqlite::Error| {
        StoreError::Backend(format!("read the stream after position {after}: {e}"))
    };
    let Ok(after_sql) = i64::try_from(after) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(STREAM).map_err(fail)?;
    let mut rows = stmt
        .query(params![after_sql, sql_limit(limit)])
        .map_err(fail)?;
    let mut records = Vec::new();
    while let Some(row) = rows.next().map_err(fail)? {
        let position: i64 = row.get(0).map_err(fail)?;
        let attrs: String = row.get(3).map_err(fail)?;
        let item = rows::item(row.get(1).map_err(fail)?, row.get(2).map_err(fail)?, &attrs)?;
        records.push(StreamRecord {
            position: position.unsigned_abs(),
            item,
        });
    }
    Ok(records)
}

/// The position of the last stream record, 0 when the stream is empty.
pub(super) fn stream_tail(conn: &Connection) -> Result<u64, StoreError> {
    let tail: i64 = conn
        .query_row(STREAM_TAIL, [], |row| row.get(0))
        .map_err(|e| StoreError::Backend(format!("read the end of the stream: {e}")))?;
    Ok(tail.unsigned_abs())
}

fn collect_items(
    mut rows: rusqlite::Rows<'_>,
    fail: impl Fn(rusqlite::Error) -> StoreError,
) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    while let Some(row) = rows.next().map_err(&fail)? {
        let pk: String = row.get(0).map_err(&fail)?;
        let sk: String = row.get(1).map_err(&fail)?;
        let attrs: String = row.get(2).map_err(&fail)?;
        items.push(rows::item(pk, sk, &attrs)?);
    }
    Ok(items)
}

fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// The least string greater than every string that starts with `prefix`, if there is one.
///
/// SQLite compares text as UTF-8 bytes, which is code-point order, so the strings starting with
/// `prefix` are exactly those in `[prefix, upper)` where `upper` is `prefix` with its last
/// character replaced by the next character. A last character with no successor is dropped and
/// the one before it is incremented instead; a prefix of only such characters has no bound.
pub(super) fn upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = next_char(last) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

fn next_char(c: char) -> Option<char> {
    let mut code = u32::from(c) + 1;
    if (0xD800..=0xDFFF).contains(&code) {
        code = 0xE000;
    }
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_bounds() {
        assert_eq!(upper_bound(""), None);
        assert_eq!(upper_bound("EVT#").as_deref(), Some("EVT$"));
        assert_eq!(upper_bound("Жа").as_deref(), Some("Жб"));
        assert_eq!(upper_bound("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(upper_bound("\u{10FFFF}"), None);
        assert_eq!(upper_bound("\u{D7FF}").as_deref(), Some("\u{E000}"));
    }
}
