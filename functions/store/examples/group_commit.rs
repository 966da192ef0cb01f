//! Throughput of durable transactions through the embedded store's group commit.
//!
//! `TASKS` concurrent tasks each commit small transactions in a loop for `SECONDS`: three puts of
//! about 500 bytes of JSON (state, event, task), two guarded by `NotExists`, like a step of an
//! application. Prints transactions per second, latency percentiles and the mean batch size.
//!
//! ```text
//! cargo run --release -p reglament-store --example group_commit -- [TASKS] [SECONDS] [DB FILE]
//! ```
//!
//! Without a DB file it uses a temp dir (mind that /tmp may be tmpfs, where fsync is free).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reglament_store::sqlite::SqliteStore;
use reglament_store::{Condition, Item, Key, Store, Transaction, Write};
use serde_json::{Value, json};

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tasks: usize = args.first().map_or(Ok(256), |a| a.parse())?;
    let seconds: u64 = args.get(1).map_or(Ok(5), |a| a.parse())?;
    let dir = tempfile::tempdir_in(std::env::current_dir()?)?;
    let path = args
        .get(2)
        .map_or_else(|| dir.path().join("bench.db"), PathBuf::from);

    let store = Arc::new(SqliteStore::open(&path)?);
    println!("{tasks} tasks, {seconds} s, file {}", path.display());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..tasks)
        .map(|t| tokio::spawn(worker(Arc::clone(&store), t, deadline)))
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    let elapsed = started.elapsed();
    report(&store, &mut latencies, elapsed);
    report_threads(latencies.len());
    Ok(())
}

/// Commits transactions until the deadline; returns each one's latency.
async fn worker(
    store: Arc<SqliteStore>,
    task: usize,
    deadline: Instant,
) -> Result<Vec<Duration>, reglament_store::StoreError> {
    let mut latencies = Vec::new();
    let mut i = 0u64;
    while Instant::now() < deadline {
        let started = Instant::now();
        store.transact(step(task, i)).await?;
        latencies.push(started.elapsed());
        i += 1;
    }
    Ok(latencies)
}

/// One application's step: its new state, its first event and a task, ~500 bytes each.
fn step(task: usize, i: u64) -> Transaction {
    let pk = format!("APP#{task:04}-{i:08}");
    let payload = |kind: &str| -> serde_json::Map<String, Value> {
        let Value::Object(attrs) = json!({
            "kind": kind, "region": "almaty", "service": "emission-permit", "channel": "portal",
            "applicant": "900101300123", "version": 1, "step": "register",
            "rules": "sha256:5f2b8c0e6f1d4a7b9c3e2d1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
            "filler": "x".repeat(260),
        }) else {
            unreachable!("a json! object literal is an object")
        };
        attrs
    };
    let put = |sk: &str, condition| Write::Put {
        item: Item::new(Key::new(&pk, sk), payload(sk)),
        condition,
    };
    Transaction::new(vec![
        put("STATE", Condition::NotExists),
        put("EVT#0000000001", Condition::NotExists),
        put("TASK#payment", Condition::None),
    ])
}

fn report(store: &SqliteStore, latencies: &mut [Duration], elapsed: Duration) {
    latencies.sort_unstable();
    let count = latencies.len();
    let at = |q: f64| {
        latencies
            .get(((count as f64 * q) as usize).min(count.saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let stats = store.stats();
    println!(
        "{count} transactions in {:.2} s: {:.0} tx/s",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency p50 {:?}, p99 {:?}, max {:?}",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    println!(
        "{} batches (fsyncs), {:.1} transactions per batch",
        stats.batches,
        stats.transactions as f64 / stats.batches.max(1) as f64
    );
}

/// CPU time and run-queue wait per thread kind, from `/proc/self/task/*/schedstat` (Linux). On
/// a busy machine the wait shows how much of the elapsed time went to waiting for a core.
fn report_threads(transactions: usize) {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return;
    };
    let mut threads: std::collections::BTreeMap<String, (u64, u64)> =
        std::collections::BTreeMap::new();
    for task in tasks.flatten() {
        let read = |file: &str| std::fs::read_to_string(task.path().join(file)).unwrap_or_default();
        let sched: Vec<u64> = read("schedstat")
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let (Some(&run), Some(&wait)) = (sched.first(), sched.get(1)) else {
            continue;
        };
        let name = match read("comm").trim() {
            name @ ("store-writer" | "store-ckpt") => name.to_owned(),
            _ => "other threads".to_owned(),
        };
        let slot = threads.entry(name).or_default();
        slot.0 += run;
        slot.1 += wait;
    }
    for (name, (run, wait)) in threads {
        println!(
            "{name}: {:.1} µs CPU per transaction ({:.2} s on CPU, {:.2} s waiting for a core)",
            run as f64 / 1000.0 / transactions.max(1) as f64,
            run as f64 / 1e9,
            wait as f64 / 1e9
        );
    }
}
