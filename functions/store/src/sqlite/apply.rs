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
    let mut applied = Applied { committed: Committed::default(), last_position: None };
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
    let mut attrs = load(conn, counter)?.map(|text| rows::decode(counter, &text)).transpose()?.unwrap_or_default();
    let next = counter_value(counter, &attrs)?
        .checked_add(1)
        .ok_or_else(|| StoreError::Invalid(format!("counter {counter} is at its maximum; it cannot go up")))?;
    let filled = fill(numbering, next)?;
    validate::check_filled(tx.writes.iter().map(Prepared::key), counter, &filled)?;
    attrs.insert("value".into(), Value::from(next));
    put(conn, counter, &Row::encode(counter, &attrs)?)?;
    for (i, write) in filled.into_iter().enumerate() {
        one_write(conn, tx.writes.len() + i, &Prepared::write(write)?, last_position)?;
    }
    Ok(next)
}

/// The counter's current value: its attribute `value`, 0 when absent.
fn counter_value(counter: &Key, attrs: &Map<String, Value>) -> Result<u64, StoreError> {
    match attrs.get("value") {
        None => Ok(0),
        Some(value) => value.as_u64().ok_or_else(|| {
            StoreError::Encoding(format!("counter {counter}: attribute `value` is {value}, not a non-negative integer"))
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

fn one_write(conn: &Connection, index: usize, write: &Prepared, last_position: &mut Option<u64>) -> Result<(), StoreError> {
    match write {
        Prepared::Put { key, row, condition } => {
            let is_event = key.sk.starts_with(EVENT_PREFIX);
            let existed = require(conn, index, key, condition, is_event)?;
            put(conn, key, row)?;
            if is_event && existed == Some(false) {
                *last_position = Some(append(conn, key, &row.attrs)?);
            }
        }
        Prepared::Delete { key, condition } => {
            require(conn, index, key, condition, false)?;
            delete(conn, key)?;
        }
        Prepared::Check { key, condition } => {
            require(conn, index, key, condition, false)?;
        }
    }
    Ok(())
}

/// Checks the write's condition; reports whether the item existed when that was looked up
/// (always when `need_existence`, otherwise only if the condition needed the item).
fn require(
    conn: &Connection,
    index: usize,
    key: &Key,
    condition: &Condition,
    need_existence: bool,
) -> Result<Option<bool>, StoreError> {
    if !need_existence && !condition::needs_current(condition) {
        return Ok(None);
    }
    let current = load(conn, key)?;
    if !condition::holds(condition, current.as_deref(), |text| rows::decode(key, text))? {
        return Err(StoreError::ConditionFailed { index, key: key.clone() });
    }
    Ok(Some(current.is_some()))
}

/// The item's stored attributes text, if it exists.
fn load(conn: &Connection, key: &Key) -> Result<Option<String>, StoreError> {
    conn.prepare_cached(LOAD)
        .and_then(|mut stmt| stmt.query_row(params![key.pk, key.sk], |row| row.get(0)).optional())
        .map_err(|e| StoreError::Backend(format!("read {key} to check a condition: {e}")))
}

/// Creates or replaces the item.
fn put(conn: &Connection, key: &Key, row: &Row) -> Result<(), StoreError> {
    let (g1pk, g1sk) = row.gsi1.as_ref().map(|(p, s)| (p, s)).unzip();
    let (g2pk, g2sk) = row.gsi2.as_ref().map(|(p, s)| (p, s)).unzip();
    conn.prepare_cached(UPSERT)
        .and_then(|mut stmt| stmt.execute(params![key.pk, key.sk, row.attrs, g1pk, g1sk, g2pk, g2sk]))
        .map(drop)
        .map_err(|e| StoreError::Backend(format!("put {key}: {e}")))
}

fn delete(conn: &Connection, key: &Key) -> Result<(), StoreError> {
    conn.prepare_cached(DELETE)
        .and_then(|mut stmt| stmt.execute(params![key.pk, key.sk]))
        .map(drop)
        .map_err(|e| StoreError::Backend(format!("delete {key}: {e}")))
}

/// Appends an inserted event item (its stored attributes text) to the stream; returns its position.
fn append(conn: &Connection, key: &Key, text: &str) -> Result<u64, StoreError> {
    conn.prepare_cached(APPEND)
        .and_then(|mut stmt| stmt.execute(params![key.pk, key.sk, text]))
        .map_err(|e| StoreError::Backend(format!("append {key} to the stream: {e}")))?;
    Ok(conn.last_insert_rowid().unsigned_abs())
}
