//! Group commit: many callers' transactions applied by one SQLite transaction (made durable by
//! one fsync of the durability thread).
//!
//! The batch opens `BEGIN IMMEDIATE` and applies each caller's transaction inside its own
//! `SAVEPOINT`: a transaction that fails (a condition, a malformed numbering, an error) is rolled
//! back to its savepoint alone and the others go on. Then one `COMMIT`. Only once the COMMIT has
//! returned are the outcomes handed on (to be answered after the fsync); if it fails, every caller of the batch gets a
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
pub(super) fn commit<'a>(
    conn: &Connection,
    txs: impl ExactSizeIterator<Item = &'a PreparedTx>,
) -> Outcome {
    let count = txs.len();
    if let Err(e) = run(conn, BEGIN) {
        return failed_batch(
            count,
            &format!("begin a batch of {count} transactions: {e}"),
        );
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
        return failed_batch(
            count,
            &format!("commit a batch of {count} transactions: {e}"),
        );
    }
    Outcome {
        results,
        last_position,
    }
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
    run(conn, ROLLBACK_TO)
        .and_then(|()| run(conn, RELEASE))
        .map_err(|e| e.to_string())
}

/// Rolls the batch back, if it is still open.
fn abandon(conn: &Connection) {
    if !conn.is_autocommit()
        && let Err(e) = run(conn, ROLLBACK)
    {
        tracing::error!(error = %e, "could not roll back a failed batch");
    }
}

fn failed_batch(count: usize, why: &str) -> Outcome {
    tracing::error!(
        transactions = count,
        error = why,
        "a batch failed; none of its transactions was written"
    );
    let results = (0..count)
        .map(|_| {
            Err(StoreError::Backend(format!(
                "{why}; this transaction was not written, retry it"
            )))
        })
        .collect();
    Outcome {
        results,
        last_position: None,
    }
}

fn run(conn: &Connection, sql: &str) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::{Value, json};

    use super::*;
    use crate::sqlite::{prepare, reads, schema};
    use crate::{Condition, Item, Key, Transaction, Write};

    fn put(pk: &str, attrs: Value, condition: Condition) -> Write {
        let Value::Object(attrs) = attrs else {
            panic!("attrs must be an object")
        };
        Write::Put {
            item: Item::new(Key::new(pk, "STATE"), attrs),
            condition,
        }
    }

    fn prepared(writes: Vec<Write>) -> PreparedTx {
        prepare::transaction(Transaction::new(writes)).expect("prepare")
    }

    #[test]
    fn a_failed_transaction_is_undone_alone_and_later_ones_see_earlier_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = schema::open_writer(&dir.path().join("store.db")).expect("open");
        let txs = [
            prepared(vec![put("A", json!({"v": 1}), Condition::NotExists)]),
            prepared(vec![
                put("B", json!({"v": 1}), Condition::None),
                put("A", json!({"v": 9}), Condition::NotExists),
            ]),
            prepared(vec![put(
                "C",
                json!({"v": 1}),
                Condition::Equals {
                    attr: "v".into(),
                    value: json!(1),
                },
            )]),
            prepared(vec![put(
                "A",
                json!({"v": 2}),
                Condition::Equals {
                    attr: "v".into(),
                    value: json!(1),
                },
            )]),
        ];
        let outcome = commit(&conn, txs.iter());
        assert!(outcome.results[0].is_ok());
        assert!(matches!(
            outcome.results[1],
            Err(StoreError::ConditionFailed { index: 1, .. })
        ));
        assert!(
            matches!(
                outcome.results[2],
                Err(StoreError::ConditionFailed { index: 0, .. })
            ),
            "C does not exist"
        );
        assert!(
            outcome.results[3].is_ok(),
            "sees A as committed earlier in the batch"
        );
        assert!(conn.is_autocommit(), "the batch is committed");
        let get = |pk: &str| reads::get(&conn, &Key::new(pk, "STATE")).expect("get");
        assert_eq!(get("A").expect("A").attrs.get("v"), Some(&json!(2)));
        assert!(
            get("B").is_none(),
            "the failed transaction's first write is undone"
        );
        assert!(get("C").is_none());
    }

    #[test]
    fn a_batch_that_cannot_begin_fails_every_transaction() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store.db");
        let conn = schema::open_writer(&path).expect("open");
        conn.busy_timeout(Duration::ZERO).expect("no busy wait");
        let other = schema::open_writer(&path).expect("open a second writer");
        other
            .execute_batch("BEGIN IMMEDIATE")
            .expect("hold the write lock");
        let txs = [
            prepared(vec![put("A", json!({}), Condition::None)]),
            prepared(vec![put("B", json!({}), Condition::None)]),
        ];
        let outcome = commit(&conn, txs.iter());
        assert_eq!(outcome.results.len(), 2);
        for result in outcome.results {
            match result {
                Err(StoreError::Backend(message)) => {
                    assert!(message.contains("begin a batch"), "{message}")
                }
                other => panic!("expected Backend, got {other:?}"),
            }
        }
        other.execute_batch("ROLLBACK").expect("release");
        assert!(
            reads::get(&conn, &Key::new("A", "STATE"))
                .expect("get")
                .is_none()
        );
    }
}
