//! The embedded adapter of the [`Store`] port: one SQLite file in WAL mode.
//!
//! Writes go through one writer thread that group-commits queued transactions (modules `writer`
//! and `batch`); a second thread fsyncs the WAL and only then answers the callers (module
//! `durability`), so every acknowledged transaction is on disk. Reads use a pool of separate
//! connections and see every acknowledged commit (and may see one committed a moment before its
//! fsync returns). The stream is a table that the writer appends inserted event items to;
//! `stream` waits on a signal raised once a commit is durable.

mod apply;
mod batch;
mod checkpointer;
mod condition;
mod durability;
mod options;
mod prepare;
mod readers;
mod reads;
mod rows;
mod schema;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::Connection;
use tokio::sync::watch;

use self::checkpointer::Checkpointer;
pub use self::options::{ReadMode, SqliteOptions};
use self::readers::ReadPool;
pub use self::writer::WriterStats;
use self::writer::{Writer, WriterConfig};
use crate::{Committed, Index, Item, Key, Store, StoreError, StreamRecord, Transaction, validate};

/// The embedded store: all items, both indexes and the event stream in one SQLite file.
///
/// Dropping it closes the writer's queue and waits for the writer to commit what was queued.
pub struct SqliteStore {
    path: PathBuf,
    /// Dropped first: commits what is queued, then stops.
    writer: Writer,
    /// Held for its lifetime: dropping it stops the background checkpoints.
    _checkpointer: Checkpointer,
    readers: Arc<ReadPool>,
    /// The position of the last committed stream record.
    tail: watch::Receiver<u64>,
    read_mode: ReadMode,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in the file at `path`, with default options.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        Self::open_with(path, SqliteOptions::default())
    }

    /// Opens (creating if needed) the store in the file at `path`.
    #[tracing::instrument(skip_all, fields(path = %path.as_ref().display()))]
    pub fn open_with(
        path: impl AsRef<Path>,
        options: SqliteOptions,
    ) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = schema::open_writer(&path)?;
        let last = reads::stream_tail(&conn)?;
        let (announce, tail) = watch::channel(last);
        let config = WriterConfig {
            max_batch: options.max_batch,
            queue: options.queue,
            sync_floor: options.sync_floor,
        };
        let checkpointer = Checkpointer::start(&path)?;
        let writer = Writer::start(&path, conn, announce, checkpointer.nudge(), config)?;
        let readers = Arc::new(ReadPool::new(path.clone(), options.readers)?);
        tracing::info!(stream_tail = last, "opened the embedded store");
        Ok(SqliteStore {
            path,
            writer,
            _checkpointer: checkpointer,
            readers,
            tail,
            read_mode: options.read_mode,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the writer has done since the store was opened (batches vs. transactions shows how
    /// well commits are grouped).
    pub fn stats(&self) -> WriterStats {
        self.writer.stats()
    }

    /// Runs a read on a pooled read connection, where the options say.
    async fn read<R, F>(&self, op: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        match self.read_mode {
            ReadMode::Caller => {
                // A read is always ready; without this a loop of reads would never yield and
                // could starve the runtime's other tasks.
                tokio::task::coop::consume_budget().await;
                self.readers.with(op)
            }
            ReadMode::Blocking => {
                let readers = Arc::clone(&self.readers);
                tokio::task::spawn_blocking(move || readers.with(op))
                    .await
                    .map_err(|e| StoreError::Backend(format!("a read task failed: {e}")))?
            }
        }
    }

    /// Waits until the stream goes past `after` or `wait` has passed.
    async fn await_stream(&self, after: u64, wait: Duration) {
        let mut tail = self.tail.clone();
        // A closed channel (the writer is gone) or the timeout both mean: nothing new came.
        let _ = tokio::time::timeout(wait, tail.wait_for(|last| *last > after)).await;
    }
}

#[async_trait]
impl Store for SqliteStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%key))]
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let key = key.clone();
        self.read(move |conn| reads::get(conn, &key)).await
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let keys = keys.to_vec();
        self.read(move |conn| reads::get_many(conn, &keys)).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%pk, %sk_prefix))]
    async fn query(&self, pk: &str, sk_prefix: &str) -> Result<Vec<Item>, StoreError> {
        let (pk, prefix) = (pk.to_owned(), sk_prefix.to_owned());
        self.read(move |conn| reads::query(conn, &pk, &prefix))
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(?index, %pk, limit))]
    async fn query_index(
        &self,
        index: Index,
        pk: &str,
        limit: usize,
    ) -> Result<Vec<Item>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let pk = pk.to_owned();
        self.read(move |conn| reads::query_index(conn, index, &pk, limit))
            .await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(writes = tx.writes.len(), numbering = tx.numbering.is_some())
    )]
    async fn transact(&self, tx: Transaction) -> Result<Committed, StoreError> {
        validate::check_transaction(&tx)?;
        self.writer.submit(prepare::transaction(tx)?).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(after, limit))]
    async fn stream(
        &self,
        after: u64,
        limit: usize,
        wait: Duration,
    ) -> Result<Vec<StreamRecord>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let records = self
            .read(move |conn| reads::stream(conn, after, limit))
            .await?;
        if !records.is_empty() || wait.is_zero() {
            return Ok(records);
        }
        self.await_stream(after, wait).await;
        self.read(move |conn| reads::stream(conn, after, limit))
            .await
    }
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}
