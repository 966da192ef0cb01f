//! The writer: one thread that owns the write connection and commits queued transactions in
//! batches.
//!
//! Callers queue a transaction with a oneshot for the answer. The thread waits for the first,
//! takes whatever else is queued (up to the batch cap) and commits them all at once; while it
//! fsyncs, the next batch gathers in the queue. So the fsync cost is shared by everyone who
//! arrived during the previous one, and throughput grows with concurrency. The fsync itself
//! happens on the durability thread ([`super::durability`]), which answers the callers; the writer
//! meanwhile applies the next batch. When the store is dropped the queue closes; the thread
//! finishes what is queued, waits for its last fsync and exits.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::{self, JoinHandle, ThreadId};

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot, watch};

use super::batch;
use super::checkpointer::Nudge;
use super::durability::{Batch, Durability, Reply};
use super::prepare::PreparedTx;
use crate::{Committed, StoreError};

/// What the writer has done since the store was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriterStats {
    /// SQLite transactions committed (or attempted); one fsync makes one or more durable.
    pub batches: u64,
    /// Callers' transactions answered, committed or not.
    pub transactions: u64,
}

/// A queued transaction and where to send its outcome.
struct Job {
    tx: PreparedTx,
    reply: Reply,
}

#[derive(Default)]
struct Counters {
    batches: AtomicU64,
    transactions: AtomicU64,
}

/// The handle to the writer thread.
pub(super) struct Writer {
    queue: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    thread_id: ThreadId,
    counters: Arc<Counters>,
}

/// How the writer batches.
pub(super) struct WriterConfig {
    /// The most transactions in one batch.
    pub max_batch: usize,
    /// The most transactions waiting; callers beyond wait for room.
    pub queue: usize,
    /// The least time an fsync is taken to last (see `SqliteOptions::sync_floor`).
    pub sync_floor: std::time::Duration,
}

impl Writer {
    /// Starts the writer thread on the connection to `database`; `tail` is told the last stream
    /// position once a commit that appended to the stream is durable, `checkpoints` that there
    /// was a commit.
    pub fn start(
        database: &Path,
        conn: Connection,
        tail: watch::Sender<u64>,
        checkpoints: Nudge,
        config: WriterConfig,
    ) -> Result<Self, StoreError> {
        let durability = Durability::start(database, tail, config.sync_floor)?;
        let (queue, jobs) = mpsc::channel(config.queue.max(1));
        let counters = Arc::new(Counters::default());
        let thread_counters = Arc::clone(&counters);
        let max_batch = config.max_batch.max(1);
        let thread = thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || {
                run(
                    &conn,
                    jobs,
                    &Announce {
                        durability,
                        checkpoints,
                    },
                    max_batch,
                    &thread_counters,
                )
            })
            .map_err(|e| StoreError::Backend(format!("start the store's writer thread: {e}")))?;
        let thread_id = thread.thread().id();
        Ok(Writer {
            queue: Some(queue),
            thread: Some(thread),
            thread_id,
            counters,
        })
    }

    /// Queues the transaction and waits until it is committed durably or has failed.
    pub async fn submit(&self, tx: PreparedTx) -> Result<Committed, StoreError> {
        let (reply, answer) = oneshot::channel();
        let queue = self.queue.as_ref().ok_or_else(stopped)?;
        queue.send(Job { tx, reply }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// What the writer has done so far.
    pub fn stats(&self) -> WriterStats {
        WriterStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            transactions: self.counters.transactions.load(Ordering::Relaxed),
        }
    }
}

impl Drop for Writer {
    /// Closes the queue and waits for the thread to commit what was queued and exit. (If the
    /// last handle is dropped on the writer thread itself, e.g. by a numbering closure that held
    /// the store, the thread exits on its own.)
    fn drop(&mut self) {
        drop(self.queue.take());
        if thread::current().id() == self.thread_id {
            return;
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the store's writer thread panicked");
        }
    }
}

fn stopped() -> StoreError {
    StoreError::Backend(
        "the store's writer thread has stopped; the transaction was not written".into(),
    )
}

/// The thread's loop: one batch per turn until the queue closes and is empty.
fn run(
    conn: &Connection,
    mut jobs: mpsc::Receiver<Job>,
    announce: &Announce,
    max_batch: usize,
    counters: &Counters,
) {
    let mut batch = Vec::with_capacity(max_batch);
    while let Some(first) = jobs.blocking_recv() {
        batch.push(first);
        while batch.len() < max_batch {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit(conn, &mut batch, announce, counters);
    }
    tracing::debug!("the store's writer thread is done");
}

/// Who hears of commits: the durability thread (which answers the callers and tells stream
/// readers) and the checkpointer.
struct Announce {
    durability: Durability,
    checkpoints: Nudge,
}

/// Commits one batch and hands it to the durability thread, which answers every caller once the
/// batch is on disk. A poisoned store (an earlier fsync failed) commits nothing.
fn commit(conn: &Connection, batch: &mut Vec<Job>, announce: &Announce, counters: &Counters) {
    if announce.durability.poisoned().is_some() {
        for job in batch.drain(..) {
            let refusal = announce.durability.poisoned().unwrap_or_else(stopped);
            let _ = job.reply.send(Err(refusal));
        }
        return;
    }
    let outcome = batch::commit(conn, batch.iter().map(|job| &job.tx));
    announce.checkpoints.nudge();
    counters.batches.fetch_add(1, Ordering::Relaxed);
    counters
        .transactions
        .fetch_add(batch.len() as u64, Ordering::Relaxed);
    announce.durability.hand_over(Batch {
        answers: batch
            .drain(..)
            .map(|job| job.reply)
            .zip(outcome.results)
            .collect(),
        last_position: outcome.last_position,
    });
}
