//! The tuning knobs of the embedded store, with defaults that suit a small server.

use std::time::Duration;

/// Where reads run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadMode {
    /// On the calling task's thread. A read takes microseconds and never waits for the writer,
    /// so this is the fastest and the default (about 5x the throughput of `Blocking` for `get`,
    /// see `examples/read_modes.rs`). Reads count against tokio's cooperative budget, so a loop
    /// of reads still lets other tasks run.
    #[default]
    Caller,
    /// On tokio's blocking pool (`spawn_blocking`), keeping runtime threads free even for long
    /// reads, at the cost of a thread hop per read.
    Blocking,
}

/// How a [`SqliteStore`](super::SqliteStore) is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteOptions {
    /// The most callers' transactions committed together with one fsync.
    pub max_batch: usize,
    /// The most transactions waiting for the writer; further callers wait for room.
    pub queue: usize,
    /// The most idle read connections kept open.
    pub readers: usize,
    /// Where reads run.
    pub read_mode: ReadMode,
    /// The least time an fsync is taken to last: after a faster fsync the durability thread
    /// waits out the rest before it answers the batch. Zero (the default) in service;
    /// `reglament bench --fsync-ms` sets it to measure a disk slower than the one at hand.
    pub sync_floor: Duration,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        SqliteOptions {
            max_batch: 1000,
            queue: 4096,
            readers: 8,
            read_mode: ReadMode::default(),
            sync_floor: Duration::ZERO,
        }
    }
}
