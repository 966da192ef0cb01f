//! The pool of read connections.
//!
//! WAL lets any number of readers run beside the writer, so a read never waits: it takes an idle
//! connection or opens one, and gives it back afterwards. The pool keeps at most `max_idle`
//! connections; it grows to the number of reads running at once (with reads on the calling
//! thread, at most the number of runtime threads).

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use super::schema;
use crate::StoreError;

/// Idle read connections to one database file.
pub(super) struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    max_idle: usize,
}

impl ReadPool {
    /// A pool over the file, with one connection opened now to prove the file is readable.
    pub fn new(path: PathBuf, max_idle: usize) -> Result<Self, StoreError> {
        let first = schema::open_reader(&path)?;
        Ok(ReadPool {
            path,
            idle: Mutex::new(vec![first]),
            max_idle: max_idle.max(1),
        })
    }

    /// Runs `op` on a read connection.
    pub fn with<R>(
        &self,
        op: impl FnOnce(&Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let conn = self.take()?;
        let result = op(&conn);
        self.give_back(conn);
        result
    }

    fn take(&self) -> Result<Connection, StoreError> {
        match self.idle().pop() {
            Some(conn) => Ok(conn),
            None => schema::open_reader(&self.path),
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle();
        if idle.len() < self.max_idle {
            idle.push(conn);
        }
    }

    /// The idle list; a panic while it was held cannot leave it inconsistent, so poison is moot.
    fn idle(&self) -> MutexGuard<'_, Vec<Connection>> {
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
