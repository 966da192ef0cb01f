//! Background WAL checkpoints, off the writer thread.
//!
//! A checkpoint copies committed pages from the WAL back into the database file and fsyncs it.
//! Done by the writer (SQLite's default), it stalls every caller of the batch that triggers
//! it. Here a thread with its own connection runs `PASSIVE` checkpoints, which never block the
//! writer or readers, at most once per interval and only after commits. The writer keeps a
//! high auto-checkpoint threshold as a safety valve: under sustained load the WAL is only reset
//! by a checkpoint that completes with no writer in between, which the valve provides.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use rusqlite::Connection;

use super::schema;
use crate::StoreError;

/// The least time between two background checkpoints.
const INTERVAL: Duration = Duration::from_millis(250);

#[derive(Default)]
struct State {
    /// Commits happened since the last checkpoint began.
    dirty: bool,
    /// The store is closing.
    closed: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The writer's way to tell the checkpointer there was a commit.
pub(super) struct Nudge(Arc<Shared>);

impl Nudge {
    /// Marks the WAL as grown; wakes the checkpointer if it was idle.
    pub fn nudge(&self) {
        let mut state = self.0.state();
        if !state.dirty {
            state.dirty = true;
            self.0.wake.notify_one();
        }
    }
}

/// The checkpointer thread. Dropping it stops the thread.
pub(super) struct Checkpointer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on its own connection to the file.
    pub fn start(path: &Path) -> Result<Self, StoreError> {
        let conn = schema::open_checkpointer(path)?;
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("store-ckpt".into())
            .spawn(move || run(&conn, &thread_shared))
            .map_err(|e| {
                StoreError::Backend(format!("start the store's checkpoint thread: {e}"))
            })?;
        Ok(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// A handle for the writer.
    pub fn nudge(&self) -> Nudge {
        Nudge(Arc::clone(&self.shared))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.shared.state().closed = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the store's checkpoint thread panicked");
        }
    }
}

/// Waits for commits, checkpoints, rests for the interval; until closed.
fn run(conn: &Connection, shared: &Shared) {
    loop {
        {
            let mut state = shared.state();
            while !state.dirty && !state.closed {
                state = shared
                    .wake
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
            }
            if state.closed {
                return;
            }
            state.dirty = false;
        }
        checkpoint(conn);
        let state = shared.state();
        if state.closed {
            return;
        }
        let (state, _) = shared
            .wake
            .wait_timeout_while(state, INTERVAL, |state| !state.closed)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.closed {
            return;
        }
    }
}

#[tracing::instrument(level = "debug", skip_all)]
fn checkpoint(conn: &Connection) {
    let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
        ))
    });
    match result {
        Ok((busy, frames, copied)) => tracing::debug!(busy, frames, copied, "checkpointed the WAL"),
        // The next checkpoint, or the writer's own, will try again.
        Err(e) => tracing::warn!(error = %e, "a background WAL checkpoint failed"),
    }
}
