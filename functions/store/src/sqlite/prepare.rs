//! A transaction made ready for the writer on the caller's thread.
//!
//! The writer thread is the one serial resource of the store: whatever it does per transaction
//! bounds the throughput. So the caller encodes the attributes to JSON text and picks out the
//! index keys before queueing, and the caller's items are freed on the caller's thread; the
//! writer only binds ready strings.

use super::rows::Row;
use crate::{Condition, Key, Numbering, StoreError, Transaction, Write};

/// A write with its item already encoded.
#[derive(Debug)]
pub(super) enum Prepared {
    Put {
        key: Key,
        row: Row,
        condition: Condition,
    },
    Delete {
        key: Key,
        condition: Condition,
    },
    Check {
        key: Key,
        condition: Condition,
    },
}

impl Prepared {
    /// Encodes one write.
    pub fn write(write: Write) -> Result<Self, StoreError> {
        Ok(match write {
            Write::Put { item, condition } => {
                let row = Row::encode(&item.key, &item.attrs)?;
                Prepared::Put {
                    key: item.key,
                    row,
                    condition,
                }
            }
            Write::Delete { key, condition } => Prepared::Delete { key, condition },
            Write::Check { key, condition } => Prepared::Check { key, condition },
        })
    }

    pub fn key(&self) -> &Key {
        match self {
            Prepared::Put { key, .. }
            | Prepared::Delete { key, .. }
            | Prepared::Check { key, .. } => key,
        }
    }
}

/// A transaction with its own writes encoded; the numbering's writes are made and encoded by
/// the writer, once the number is known.
#[derive(Debug)]
pub(super) struct PreparedTx {
    pub writes: Vec<Prepared>,
    pub numbering: Option<Numbering>,
}

/// Encodes the transaction's writes (it must already be validated).
pub(super) fn transaction(tx: Transaction) -> Result<PreparedTx, StoreError> {
    let writes = tx
        .writes
        .into_iter()
        .map(Prepared::write)
        .collect::<Result<_, _>>()?;
    Ok(PreparedTx {
        writes,
        numbering: tx.numbering,
    })
}
