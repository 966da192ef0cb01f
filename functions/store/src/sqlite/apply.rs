//! Applying one transaction on the writer connection, inside the savepoint the batch opened.
//!
//! Each write checks its condition against the item as the transaction sees it, then changes
//! it. The first failing condition or error stops the transaction; the batch then rolls its
//! savepoint back, so nothing of it remains: not its earlier writes, not its number.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::condition;
use super::prepare::{Prepared, PreparedTx};
use super::rows::{self, Row};
use crate::{Committed, Condition, EVENT_PREFIX, Key, Numbering, StoreError, Write, validate};

const LOAD: &str = "SELECT attrs FROM items WHERE pk = ?1 AND sk = ?2";
const INSERT: &str = "INSERT INTO items (pk, sk, attrs, gsi1pk, gsi1sk, gsi2pk, gsi2sk)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const INSERT_IF_ABSENT: &str = "INSERT INTO items (pk, sk, attrs, gsi1pk, gsi1sk, gsi2pk, gsi2sk)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (pk, sk) DO NOTHING";
const UPSERT: &str = "INSERT INTO items (pk, sk, attrs, gsi1pk, gsi1sk, gsi2pk, gsi2sk)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
    ON CONFLICT (pk, sk) DO UPDATE SET attrs = excluded.attrs,
        gsi1pk = excluded.gsi1pk, gsi1sk = excluded.gsi1sk,
        gsi2pk = excluded.gsi2pk, gsi2sk = excluded.gsi2sk";
const DELETE: &str = "DELETE FROM items WHERE pk = ?1 AND sk = ?2";
const APPEND: &str = "INSERT INTO stream (pk, sk, attrs) VALUES (?1, ?2, ?3)";

/// What an applied (not yet committed) transaction reports.
pub(super) struct Applied {
    pub committed: Committed,
    /// The position of the last stream record it appended, if any.
    pub last_position: Option<u64>,
}

/// Applies every write of the transaction, then its numbering.
pub(super) fn transaction(conn: &Connection, tx: &PreparedTx) -> Result<Applied, StoreError> {
    let mut applied = Applied {
        committed: Committed::default(),
        last_position: None,
    };
    for (index, write) in tx.writes.iter().enumerate() {
        one_write(conn, index, write, &mut applied.last_position)?;
    }
    if let Some(numbering) = &tx.numbering {
        applied.committed.number = Some(number(conn, tx, numbering, &mut applied.last_position)?);
    }
    Ok(applied)
}

/// Allocates the counter's next number and applies the writes filled in from it.
fn number(
    conn: &Connection,
    tx: &PreparedTx,
    numbering: &Numbering,
    last_position: &mut Option<u64>,
) -> Result<u64, StoreError> {
    let counter = &numbering.counter;
    let mut attrs = load(conn, counter)?
        .map(|text| rows::decode(counter, &text))
        .transpose()?
        .unwrap_or_default();
    let next = counter_value(counter, &attrs)?
        .checked_add(1)
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "counter {counter} is at its maximum; it cannot go up"
            ))
        })?;
    let filled = fill(numbering, next)?;
    validate::check_filled(tx.writes.iter().map(Prepared::key), counter, &filled)?;
    attrs.insert("value".into(), Value::from(next));
    upsert(conn, counter, &Row::encode(counter, &attrs)?)?;
    for (i, write) in filled.into_iter().enumerate() {
        one_write(
            conn,
            tx.writes.len() + i,
            &Prepared::write(write)?,
            last_position,
        )?;
    }
    Ok(next)
}

/// The counter's current value: its attribute `value`, 0 when absent.
fn counter_value(counter: &Key, attrs: &Map<String, Value>) -> Result<u64, StoreError> {
    match attrs.get("value") {
        None => Ok(0),
        Some(value) => value.as_u64().ok_or_else(|| {
            StoreError::Encoding(format!(
                "counter {counter}: attribute `value` is {value}, not a non-negative integer"
            ))
        }),
    }
}

/// Runs the caller's `fill`; a panic in it fails this transaction, not the writer.
fn fill(numbering: &Numbering, number: u64) -> Result<Vec<Write>, StoreError> {
    catch_unwind(AssertUnwindSafe(|| (numbering.fill)(number))).map_err(|_| {
        StoreError::Invalid(format!(
            "the numbering of {} panicked while filling number {number}; nothing was written",
            numbering.counter
        ))
    })
}

fn one_write(
    conn: &Connection,
    index: usize,
    write: &Prepared,
    last_position: &mut Option<u64>,
) -> Result<(), StoreError> {
    match write {
        Prepared::Put {
            key,
            row,
            condition,
        } => {
            let is_event = key.sk.starts_with(EVENT_PREFIX);
            if put(conn, index, key, row, condition, is_event)? && is_event {
                *last_position = Some(append(conn, key, &row.attrs)?);
            }
        }
        Prepared::Delete { key, condition } => {
            require(conn, index, key, condition)?;
            delete(conn, key)?;
        }
        Prepared::Check { key, condition } => {
            require(conn, index, key, condition)?;
        }
    }
    Ok(())
}

/// Writes the item under its condition; reports whether it was inserted rather than replaced
/// (certain only when `need_inserted`: an event's stream record depends on it). Each path takes
/// one B-tree descent where it can: `NotExists` is a plain insert whose key conflict is the
/// failed condition.
fn put(
    conn: &Connection,
    index: usize,
    key: &Key,
    row: &Row,
    condition: &Condition,
    need_inserted: bool,
) -> Result<bool, StoreError> {
    match condition {
        Condition::NotExists => insert(conn, index, key, row).map(|()| true),
        Condition::None if need_inserted => {
            let inserted = insert_if_absent(conn, key, row)?;
            if !inserted {
                upsert(conn, key, row)?;
            }
            Ok(inserted)
        }
        Condition::None => upsert(conn, key, row).map(|()| false),
        Condition::Exists | Condition::Equals { .. } => {
            require(conn, index, key, condition)?;
            upsert(conn, key, row).map(|()| false)
        }
    }
}

/// Checks the write's condition against the item as it is now.
fn require(
    conn: &Connection,
    index: usize,
    key: &Key,
    condition: &Condition,
) -> Result<(), StoreError> {
    if !condition::needs_current(condition) {
        return Ok(());
    }
    let current = load(conn, key)?;
    let decode = |text: &str| rows::decode(key, text);
    if condition::holds(condition, current.as_deref(), decode)? {
        Ok(())
    } else {
        Err(StoreError::ConditionFailed {
            index,
            key: key.clone(),
        })
    }
}

/// The item's stored attributes text, if it exists.
fn load(conn: &Connection, key: &Key) -> Result<Option<String>, StoreError> {
    conn.prepare_cached(LOAD)
        .and_then(|mut stmt| {
            stmt.query_row(params![key.pk, key.sk], |row| row.get(0))
                .optional()
        })
        .map_err(|e| StoreError::Backend(format!("read {key} to check a condition: {e}")))
}

/// Creates or replaces the item.
fn upsert(conn: &Connection, key: &Key, row: &Row) -> Result<(), StoreError> {
    write_row(conn, UPSERT, key, row)
        .map(drop)
        .map_err(|e| StoreError::Backend(format!("put {key}: {e}")))
}

/// Creates the item; an existing one fails write `index`'s `NotExists` condition.
fn insert(conn: &Connection, index: usize, key: &Key, row: &Row) -> Result<(), StoreError> {
    match write_row(conn, INSERT, key, row) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Err(StoreError::ConditionFailed {
                index,
                key: key.clone(),
            })
        }
        Err(e) => Err(StoreError::Backend(format!("insert {key}: {e}"))),
    }
}

/// Creates the item unless it exists; reports whether it did.
fn insert_if_absent(conn: &Connection, key: &Key, row: &Row) -> Result<bool, StoreError> {
    write_row(conn, INSERT_IF_ABSENT, key, row)
        .map(|changed| changed == 1)
        .map_err(|e| StoreError::Backend(format!("put {key}: {e}")))
}

/// Runs one of the row-writing statements; returns the number of rows it changed.
fn write_row(conn: &Connection, sql: &str, key: &Key, row: &Row) -> rusqlite::Result<usize> {
    let (g1pk, g1sk) = row.gsi1.as_ref().map(|(p, s)| (p, s)).unzip();
    let (g2pk, g2sk) = row.gsi2.as_ref().map(|(p, s)| (p, s)).unzip();
    conn.prepare_cached(sql)?
        .execute(params![key.pk, key.sk, row.attrs, g1pk, g1sk, g2pk, g2sk])
}

fn delete(conn: &Connection, key: &Key) -> Result<(), StoreError> {
    conn.prepare_cached(DELETE)
        .and_then(|mut stmt| stmt.execute(params![key.pk, key.sk]))
        .map(drop)
        .map_err(|e| StoreError::Backend(format!("delete {key}: {e}")))
}

/// Appends an inserted event item (its stored attributes text) to the stream; returns its
/// position.
fn append(conn: &Connection, key: &Key, text: &str) -> Result<u64, StoreError> {
    conn.prepare_cached(APPEND)
        .and_then(|mut stmt| stmt.execute(params![key.pk, key.sk, text]))
        .map_err(|e| StoreError::Backend(format!("append {key} to the stream: {e}")))?;
    Ok(conn.last_insert_rowid().unsigned_abs())
}
