//! Durability: the thread that fsyncs the WAL and only then answers the writer's callers.
//!
//! The write connection runs with `synchronous=NORMAL`, so a commit writes its WAL frames to the
//! operating system and returns without waiting for the disk. The writer hands each committed
//! batch here, with its answers, and goes on to apply the next batch while this thread fsyncs the
//! WAL file. Only after the fsync returns are the batch's callers answered and its stream
//! position announced, so an acknowledged transaction is always on disk; meanwhile the CPU work of
//! batch N+1 overlaps the disk wait of batch N (with `synchronous=FULL` the two took turns).
//!
//! One fsync covers every batch that committed before it began, so batches that pile up behind
//! a slow fsync share the next one. Frames a checkpoint has already copied into the database file
//! are safe too: SQLite fsyncs the database before it reuses the WAL.
//!
//! A failed fsync leaves it unknown what reached the disk (the kernel may have dropped the dirty
//! pages), so the store is then poisoned: the waiting callers and every later transaction get an
//! error, and the process must restart to recover from the file.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};

use crate::{Committed, StoreError};

/// A caller waiting for its transaction's answer.
pub(super) type Reply = oneshot::Sender<Result<Committed, StoreError>>;

/// A batch the writer committed: the answers to give once it is durable.
pub(super) struct Batch {
    pub answers: Vec<(Reply, Result<Committed, StoreError>)>,
    /// The stream position of the batch's last inserted event, if it inserted any.
    pub last_position: Option<u64>,
}

/// The durability thread, fed by the writer.
pub(super) struct Durability {
    queue: Option<mpsc::Sender<Batch>>,
    thread: Option<JoinHandle<()>>,
    poisoned: Arc<AtomicBool>,
}

impl Durability {
    /// Starts the thread for the database at `database`; it announces durable stream positions
    /// on `tail`. An fsync faster than `sync_floor` is waited out to that length.
    pub fn start(
        database: &Path,
        tail: watch::Sender<u64>,
        sync_floor: Duration,
    ) -> Result<Self, StoreError> {
        let (queue, batches) = mpsc::channel();
        let poisoned = Arc::new(AtomicBool::new(false));
        let wal = Wal::new(database, sync_floor);
        let thread_poisoned = Arc::clone(&poisoned);
        let thread = thread::Builder::new()
            .name("store-sync".into())
            .spawn(move || run(wal, batches, &tail, &thread_poisoned))
            .map_err(|e| StoreError::Backend(format!("start the store's fsync thread: {e}")))?;
        Ok(Durability {
            queue: Some(queue),
            thread: Some(thread),
            poisoned,
        })
    }

    /// Hands a committed batch over; its callers are answered once it is on disk.
    pub fn hand_over(&self, batch: Batch) {
        let Some(queue) = &self.queue else {
            return fail(batch, "the store is closing");
        };
        if let Err(mpsc::SendError(batch)) = queue.send(batch) {
            fail(batch, "the store's fsync thread has stopped");
        }
    }

    /// Why new transactions must be refused: an earlier fsync failed.
    pub fn poisoned(&self) -> Option<StoreError> {
        self.poisoned.load(Ordering::Acquire).then(|| {
            StoreError::Backend(
                "an earlier fsync of the store failed, so what is on disk is unknown; the \
                 transaction was not written: restart the process to recover from the file"
                    .into(),
            )
        })
    }
}

impl Drop for Durability {
    fn drop(&mut self) {
        drop(self.queue.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the store's fsync thread panicked");
        }
    }
}

fn run(
    mut wal: Wal,
    batches: mpsc::Receiver<Batch>,
    tail: &watch::Sender<u64>,
    poisoned: &AtomicBool,
) {
    let mut pending = Vec::new();
    while let Ok(first) = batches.recv() {
        pending.push(first);
        pending.extend(batches.try_iter());
        let synced = match poisoned.load(Ordering::Acquire) {
            true => Err("an earlier fsync failed".to_string()),
            false => wal.sync(),
        };
        match synced {
            Ok(()) => {
                announce(tail, pending.iter().filter_map(|b| b.last_position).max());
                for batch in pending.drain(..) {
                    for (reply, answer) in batch.answers {
                        let _ = reply.send(answer);
                    }
                }
            }
            Err(why) => {
                poisoned.store(true, Ordering::Release);
                tracing::error!(error = %why, "fsync of the store's WAL failed; the store refuses further writes");
                for batch in pending.drain(..) {
                    fail(batch, &format!("fsync of the WAL failed: {why}"));
                }
            }
        }
    }
    tracing::debug!("the store's fsync thread is done");
}

fn announce(tail: &watch::Sender<u64>, position: Option<u64>) {
    if let Some(position) = position {
        tail.send_if_modified(|last| {
            let newer = position > *last;
            if newer {
                *last = position;
            }
            newer
        });
    }
}

/// Answers every caller of a batch that may not be durable with an error that says so.
fn fail(batch: Batch, why: &str) {
    for (reply, answer) in batch.answers {
        let error = match answer {
            Ok(_) => StoreError::Backend(format!(
                "{why}; the transaction was applied but may not be on disk: read before retrying"
            )),
            Err(e) => e,
        };
        let _ = reply.send(Err(error));
    }
}

/// The database's WAL file, opened at the first sync (SQLite creates it at the first commit).
struct Wal {
    path: PathBuf,
    directory: PathBuf,
    file: Option<File>,
    /// The least time one sync takes (zero in service).
    floor: Duration,
}

impl Wal {
    fn new(database: &Path, floor: Duration) -> Self {
        let mut name = database.as_os_str().to_owned();
        name.push("-wal");
        let directory = match database.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Wal {
            path: PathBuf::from(name),
            directory,
            file: None,
            floor,
        }
    }

    /// Makes everything written to the WAL so far durable.
    fn sync(&mut self) -> Result<(), String> {
        if self.file.is_none() {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.path)
                .map_err(|e| format!("open {}: {e}", self.path.display()))?;
            // The WAL's directory entry must be durable too, once, after SQLite created it.
            File::open(&self.directory)
                .and_then(|dir| dir.sync_all())
                .map_err(|e| format!("fsync directory {}: {e}", self.directory.display()))?;
            self.file = Some(file);
        }
        let file = self.file.as_ref().expect("opened above");
        let began = Instant::now();
        file.sync_data()
            .map_err(|e| format!("fsync {}: {e}", self.path.display()))?;
        if let Some(rest) = self.floor.checked_sub(began.elapsed()) {
            thread::sleep(rest);
        }
        Ok(())
    }
}
