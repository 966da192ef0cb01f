//! Reads on the caller's thread vs. on tokio's blocking pool: throughput and latency of `get`,
//! alone and beside a write load, for choosing the default `ReadMode`.
//!
//! ```text
//! cargo run --release -p reglament-store --example read_modes -- [READERS] [SECONDS] [GETS/S]
//! ```
//!
//! `GETS/S` paces the readers to that total rate (0, the default, reads flat out); paced reads
//! beside writes are the realistic case: what does each mode cost the writes, and how long
//! does a read take.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reglament_store::sqlite::{ReadMode, SqliteOptions, SqliteStore};
use reglament_store::{Condition, Item, Key, Store, Transaction, Write};
use serde_json::{Value, json};

const ITEMS: usize = 20_000;
const WRITERS: usize = 64;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let readers: usize = args.first().map_or(Ok(64), |a| a.parse())?;
    let seconds: u64 = args.get(1).map_or(Ok(3), |a| a.parse())?;
    let rate: u64 = args.get(2).map_or(Ok(0), |a| a.parse())?;
    let pause = (rate > 0).then(|| Duration::from_secs_f64(readers as f64 / rate as f64));
    let dir = tempfile::tempdir_in(std::env::current_dir()?)?;
    let path = dir.path().join("reads.db");
    seed(&SqliteStore::open(&path)?).await?;
    println!(
        "{readers} reading tasks ({}), {ITEMS} items, {seconds} s per run",
        if rate > 0 {
            format!("{rate} gets/s")
        } else {
            "flat out".into()
        }
    );

    for with_writes in [false, true] {
        for read_mode in [ReadMode::Caller, ReadMode::Blocking] {
            let store = Arc::new(SqliteStore::open_with(
                &path,
                SqliteOptions {
                    read_mode,
                    ..SqliteOptions::default()
                },
            )?);
            let stop = Arc::new(AtomicBool::new(false));
            let writers: Vec<_> = (0..if with_writes { WRITERS } else { 0 })
                .map(|w| {
                    tokio::spawn(write_loop(
                        Arc::clone(&store),
                        format!("{read_mode:?}-{w}"),
                        Arc::clone(&stop),
                    ))
                })
                .collect();
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let tasks: Vec<_> = (0..readers)
                .map(|r| tokio::spawn(read_loop(Arc::clone(&store), r, deadline, pause)))
                .collect();
            let mut latencies = Vec::new();
            for task in tasks {
                latencies.extend(task.await??);
            }
            stop.store(true, Ordering::Relaxed);
            let mut writes = 0;
            for writer in writers {
                writes += writer.await??;
            }
            let label = format!(
                "{read_mode:?}{}",
                if with_writes { " + writes" } else { "" }
            );
            report(&label, &mut latencies, seconds, writes);
        }
    }
    Ok(())
}

fn attrs(i: usize) -> serde_json::Map<String, Value> {
    let Value::Object(attrs) = json!({"i": i, "status": "submitted", "filler": "x".repeat(400)})
    else {
        unreachable!("a json! object literal is an object")
    };
    attrs
}

async fn seed(store: &SqliteStore) -> Result<(), reglament_store::StoreError> {
    for chunk in (0..ITEMS).collect::<Vec<_>>().chunks(100) {
        let writes = chunk
            .iter()
            .map(|&i| Write::Put {
                item: Item::new(Key::new(format!("APP#{i:06}"), "STATE"), attrs(i)),
                condition: Condition::None,
            })
            .collect();
        store.transact(Transaction::new(writes)).await?;
    }
    Ok(())
}

async fn read_loop(
    store: Arc<SqliteStore>,
    task: usize,
    deadline: Instant,
    pause: Option<Duration>,
) -> Result<Vec<Duration>, reglament_store::StoreError> {
    let mut latencies = Vec::new();
    let mut i = task * 7919;
    let mut ticks = pause.map(tokio::time::interval);
    while Instant::now() < deadline {
        if let Some(ticks) = ticks.as_mut() {
            ticks.tick().await;
        }
        i = (i * 31 + 17) % ITEMS;
        let started = Instant::now();
        let item = store.get(&Key::new(format!("APP#{i:06}"), "STATE")).await?;
        latencies.push(started.elapsed());
        assert!(item.is_some(), "seeded item {i} is missing");
    }
    Ok(latencies)
}

async fn write_loop(
    store: Arc<SqliteStore>,
    task: String,
    stop: Arc<AtomicBool>,
) -> Result<u64, reglament_store::StoreError> {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let key = Key::new(format!("NEW#{task}-{n:08}"), "STATE");
        let put = Write::Put {
            item: Item::new(key, attrs(0)),
            condition: Condition::NotExists,
        };
        store.transact(Transaction::new(vec![put])).await?;
        n += 1;
    }
    Ok(n)
}

fn report(label: &str, latencies: &mut [Duration], seconds: u64, writes: u64) {
    latencies.sort_unstable();
    let count = latencies.len();
    let at = |q: f64| {
        latencies
            .get(((count as f64 * q) as usize).min(count.saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{label:>18}: {:>8.0} gets/s, p50 {:>10.1?}, p99 {:>10.1?}; {:.0} writes/s",
        count as f64 / seconds as f64,
        at(0.5),
        at(0.99),
        writes as f64 / seconds as f64
    );
}
