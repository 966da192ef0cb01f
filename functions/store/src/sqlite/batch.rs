//! Group commit: many callers' transactions made durable by one SQLite transaction, one fsync.
//!
//! The batch opens `BEGIN IMMEDIATE` and applies each caller's transaction inside its own
//! `SAVEPOINT`: a transaction that fails (a condition, a malformed numbering, an error) is rolled
//! back to its savepoint alone and the others go on. Then one `COMMIT`. Only once the COMMIT has
//! returned are the outcomes handed back; if it fails, every caller of the batch gets a
//! `Backend` error, since nothing of the batch was written.

use rusqlite::Connection;

use super::apply::{self, Applied};
use super::prepare::PreparedTx;
use crate::{Committed, StoreError};

const BEGIN: &str = "BEGIN IMMEDIATE";
const COMMIT: &str = "COMMIT";
const ROLLBACK: &str = "ROLLBACK";
const SAVEPOINT: &str = "SAVEPOINT tx";
const RELEASE: &str = "RELEASE tx";
const ROLLBACK_TO: &str = "ROLLBACK TO tx";

/// The outcome of a committed batch: one result per transaction, in order, and the position of
/// the last stream record it appended.
pub(super) struct Outcome {
    pub results: Vec<Result<Committed, StoreError>>,
    pub last_position: Option<u64>,
}

/// Applies the transactions and commits them together.
#[tracing::instrument(level = "debug", skip_all, fields(transactions = txs.len()))]
pub(super) fn commit<'a>(conn: &Connection, txs: impl ExactSizeIterator<Item = &'a PreparedTx>) -> Outcome {
    let count = txs.len();
    if let Err(e) = run(conn, BEGIN) {
        return failed_batch(count, &format!("begin a batch of {count} transactions: {e}"));
    }
    let mut results = Vec::with_capacity(count);
    let mut last_position = None;
    for tx in txs {
        match savepoint(conn, tx) {
            Ok(Ok(applied)) => {
                last_position = applied.last_position.or(last_position);
                results.push(Ok(applied.committed));
            }
            Ok(Err(e)) => results.push(Err(e)),
            Err(broken) => {
                abandon(conn);
                return failed_batch(count, &broken);
            }
        }
    }
    if let Err(e) = run(conn, COMMIT) {
        abandon(conn);
        return failed_batch(count, &format!("commit a batch of {count} transactions: {e}"));
    }
    Outcome { results, last_position }
}

/// Applies one transaction inside a savepoint. The outer error means the batch itself is broken
/// (its savepoint could not be opened or rolled back, or SQLite rolled the whole batch back).
fn savepoint(conn: &Connection, tx: &PreparedTx) -> Result<Result<Applied, StoreError>, String> {
    run(conn, SAVEPOINT).map_err(|e| format!("open a savepoint: {e}"))?;
    match apply::transaction(conn, tx) {
        Ok(applied) => {
            run(conn, RELEASE).map_err(|e| format!("release a savepoint: {e}"))?;
            Ok(Ok(applied))
        }
        Err(e) => {
            undo(conn).map_err(|undo| format!("{e}; then roll back its savepoint: {undo}"))?;
            Ok(Err(e))
        }
    }
}

/// Undoes the current savepoint, leaving the batch's earlier transactions in place.
fn undo(conn: &Connection) -> Result<(), String> {
    // After some errors (I/O, disk full) SQLite has already rolled the whole batch back.
    if conn.is_autocommit() {
        return Err("SQLite rolled back the whole batch".into());
    }
    run(conn, ROLLBACK_TO).and_then(|()| run(conn, RELEASE)).map_err(|e| e.to_string())
}

/// Rolls the batch back, if it is still open.
fn abandon(conn: &Connection) {
    if !conn.is_autocommit() {
        if let Err(e) = run(conn, ROLLBACK) {
            tracing::error!(error = %e, "could not roll back a failed batch");
        }
    }
}

fn failed_batch(count: usize, why: &str) -> Outcome {
    tracing::error!(transactions = count, error = why, "a batch failed; none of its transactions was written");
    let results = (0..count)
        .map(|_| Err(StoreError::Backend(format!("{why}; this transaction was not written, retry it"))))
        .collect();
    Outcome { results, last_position: None }
}

fn run(conn: &Connection, sql: &str) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}
