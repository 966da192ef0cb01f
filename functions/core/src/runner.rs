//! The embedded event runner: what DynamoDB Streams and the event-source mappings do in the
//! cloud, done in-process on the store's ordered event stream.
//!
//! It reads events in commit order and runs the step each one wakes, many at once. Delivery is at
//! least once: the stream position is saved only up to the oldest event not yet handled, so after
//! a crash some events are delivered again, and the version check makes that harmless. A step
//! that keeps failing is retried with backoff, then marked stalled for operators; the application
//! itself is left unchanged. The runner also sweeps expired waits.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reglament_store::{Condition, Item, Key, StoreError, Transaction, Write};
use serde::{Deserialize, Serialize};
use tokio::sync::{Semaphore, watch};
use tracing::{Instrument, info_span, instrument, warn};

use crate::context::Context;
use crate::error::StepError;
use crate::event::{Event, app_pk};
use crate::rules::Step;
use crate::steps::{self, Handled};
use crate::transition::timestamp;
use crate::wake;

/// How the runner runs.
#[derive(Debug, Clone)]
pub struct RunnerOptions {
    /// Steps running at once.
    pub concurrency: usize,
    /// Attempts of a failing step before it is marked stalled.
    pub attempts: u32,
    /// How often the stream position is saved and expired waits are swept.
    pub tick: Duration,
}

impl Default for RunnerOptions {
    fn default() -> Self {
        RunnerOptions {
            concurrency: 512,
            attempts: 5,
            tick: Duration::from_millis(500),
        }
    }
}

/// Durations of step runs, kept for `reglament bench`.
#[derive(Debug, Default)]
pub struct StepTimings {
    samples: Mutex<HashMap<Step, Vec<Duration>>>,
}

impl StepTimings {
    fn record(&self, step: Step, took: Duration) {
        let mut samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
        samples.entry(step).or_default().push(took);
    }

    /// How many runs of `step` committed.
    pub fn count(&self, step: Step) -> usize {
        let samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
        samples.get(&step).map_or(0, Vec::len)
    }

    /// Per step: count, p50 and p99.
    pub fn summary(&self) -> Vec<(Step, usize, Duration, Duration)> {
        let samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        for step in Step::ALL {
            let Some(list) = samples.get(&step) else {
                continue;
            };
            let mut sorted = list.clone();
            sorted.sort();
            if let (Some(p50), Some(p99)) = (quantile(&sorted, 0.50), quantile(&sorted, 0.99)) {
                out.push((step, sorted.len(), p50, p99));
            }
        }
        out
    }
}

/// The `q` quantile (0.0–1.0) of sorted durations, nearest rank; none of an empty list.
pub fn quantile(sorted: &[Duration], q: f64) -> Option<Duration> {
    let last = sorted.len().checked_sub(1)?;
    sorted
        .get(((last as f64) * q.clamp(0.0, 1.0)).round() as usize)
        .copied()
}

/// A step that failed every attempt: shown to operators, the application left as it was.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stall {
    pub step: Step,
    pub seq: u64,
    pub error: String,
    pub attempts: u32,
    pub at: String,
}

pub fn stall_key(application: &str) -> Key {
    Key::new(app_pk(application), "STALL")
}

const CURSOR_KEY: (&str, &str) = ("RUNNER", "CURSOR");

/// Positions read but not yet handled; the saved cursor stays below the oldest.
#[derive(Default)]
struct InFlight {
    pending: BTreeSet<u64>,
    read_up_to: u64,
}

impl InFlight {
    fn safe_cursor(&self) -> u64 {
        match self.pending.first() {
            Some(oldest) => oldest - 1,
            None => self.read_up_to,
        }
    }
}

/// Run steps for every event until `stop` turns true; then finish the steps in flight.
#[instrument(skip_all)]
pub async fn run(
    ctx: Context,
    options: RunnerOptions,
    timings: Arc<StepTimings>,
    mut stop: watch::Receiver<bool>,
) -> Result<(), StoreError> {
    let mut cursor = load_cursor(&ctx).await?;
    let mut saved = cursor;
    let in_flight = Arc::new(Mutex::new(InFlight {
        pending: BTreeSet::new(),
        read_up_to: cursor,
    }));
    let permits = Arc::new(Semaphore::new(options.concurrency));
    let mut last_tick = Instant::now();
    while !*stop.borrow() {
        let records = tokio::select! {
            records = ctx.store.stream(cursor, 1000, options.tick) => records?,
            _ = stop.changed() => break,
        };
        for record in records {
            cursor = record.position;
            let Ok(event) = record.item.to_value::<Event>() else {
                continue;
            };
            let Some(step) = event.next else { continue };
            let permit = permits
                .clone()
                .acquire_owned()
                .await
                .map_err(|e| StoreError::Backend(e.to_string()))?;
            in_flight
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pending
                .insert(record.position);
            let (ctx, timings, in_flight, attempts) = (
                ctx.clone(),
                timings.clone(),
                in_flight.clone(),
                options.attempts,
            );
            let position = record.position;
            tokio::spawn(
                async move {
                    deliver(&ctx, &event, step, attempts, &timings).await;
                    in_flight
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .pending
                        .remove(&position);
                    drop(permit);
                }
                .instrument(info_span!("deliver", position)),
            );
        }
        in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .read_up_to = cursor;
        if last_tick.elapsed() >= options.tick {
            last_tick = Instant::now();
            saved = save_cursor(&ctx, &in_flight, saved).await?;
            if let Err(e) = wake::sweep(&ctx, ctx.clock.now()).await {
                warn!(error = %e, "sweep of expired waits failed");
            }
        }
    }
    // Finish what is in flight, then save the position.
    let _ = permits.acquire_many(options.concurrency as u32).await;
    save_cursor(&ctx, &in_flight, saved).await?;
    Ok(())
}

/// Deliver one event to its step, retrying step errors; mark the application stalled when every
/// attempt failed.
async fn deliver(ctx: &Context, event: &Event, step: Step, attempts: u32, timings: &StepTimings) {
    let mut last_error: Option<StepError> = None;
    for attempt in 1..=attempts {
        let started = Instant::now();
        match steps::handle(ctx, &event.application, event.seq, step).await {
            Ok(handled) => {
                if matches!(handled, Handled::Committed { .. }) {
                    timings.record(step, started.elapsed());
                }
                return;
            }
            Err(e) => {
                warn!(application = %event.application, %step, attempt, error = %e, "step failed");
                last_error = Some(e);
                tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt * attempt))).await;
            }
        }
    }
    let error = last_error.map(|e| e.to_string()).unwrap_or_default();
    record_stall(ctx, event, step, &error, attempts).await;
}

/// Marks the application stalled at `step` for operators, after `attempts` failed runs of the
/// step for `event`. The application itself is left as it is; a failure to record is logged.
pub async fn record_stall(ctx: &Context, event: &Event, step: Step, error: &str, attempts: u32) {
    let stall = Stall {
        step,
        seq: event.seq,
        error: error.to_owned(),
        attempts,
        at: timestamp(ctx.clock.now()),
    };
    if let Ok(item) = Item::from_value(stall_key(&event.application), &stall) {
        let tx = Transaction::new(vec![Write::Put {
            item,
            condition: Condition::None,
        }]);
        if let Err(e) = ctx.store.transact(tx).await {
            warn!(application = %event.application, error = %e, "could not record the stall");
        }
    }
}

async fn load_cursor(ctx: &Context) -> Result<u64, StoreError> {
    let key = Key::new(CURSOR_KEY.0, CURSOR_KEY.1);
    Ok(ctx
        .store
        .get(&key)
        .await?
        .and_then(|item| item.get("position").and_then(|v| v.as_u64()))
        .unwrap_or(0))
}

async fn save_cursor(
    ctx: &Context,
    in_flight: &Mutex<InFlight>,
    saved: u64,
) -> Result<u64, StoreError> {
    let safe = in_flight
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .safe_cursor();
    if safe == saved {
        return Ok(saved);
    }
    let mut attrs = serde_json::Map::new();
    attrs.insert("position".into(), safe.into());
    let item = Item::new(Key::new(CURSOR_KEY.0, CURSOR_KEY.1), attrs);
    ctx.store
        .transact(Transaction::new(vec![Write::Put {
            item,
            condition: Condition::None,
        }]))
        .await?;
    Ok(safe)
}
