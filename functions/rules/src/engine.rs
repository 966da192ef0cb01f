//! The wasmtime engine that compiles and runs regional rule components, and the limits every call
//! into a component gets.
//!
//! Compiling (publishing) and running use the same [`Config`], built in one place
//! ([`engine_config`]), so a `.cwasm` artifact written by a publishing build deserializes in a
//! runtime-only build of the same host.

use std::thread;
use std::time::Duration;

use wasmtime::{
    Config, Enabled, Engine, EngineWeak, InstanceAllocationStrategy, PoolingAllocationConfig,
};

/// How often the epoch ticker advances the engine's epoch. A call's deadline is counted in these
/// ticks.
pub const EPOCH_TICK: Duration = Duration::from_millis(1);

/// Bytes of a component's tables kept resident between calls when the pages a call dirtied can
/// be found (function references of a Rust module: a few KiB).
const TABLE_KEEP_RESIDENT: usize = 64 << 10;

/// What one call into a region's rules may use before it is stopped: wall-clock time and linear
/// memory. A call that exceeds either fails; it never becomes a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for one call, instantiation included (default 50 ms).
    pub call_deadline: Duration,
    /// Linear memory of one instance, in bytes (default 16 MiB).
    pub memory: usize,
    /// Calls that may run at the same moment: the number of sandbox slots the pooling allocator
    /// reserves (default 128). A call beyond it fails until a slot frees up.
    pub concurrent_calls: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            call_deadline: Duration::from_millis(50),
            memory: 16 << 20,
            concurrent_calls: 128,
        }
    }
}

impl Limits {
    /// The deadline in epoch ticks: rounded up, plus one tick because the first tick after a call
    /// starts may come at once. A call is stopped between `call_deadline` and `call_deadline`
    /// plus one tick.
    pub fn deadline_ticks(&self) -> u64 {
        let tick = EPOCH_TICK.as_nanos();
        let ticks = self.call_deadline.as_nanos().div_ceil(tick);
        u64::try_from(ticks).unwrap_or(u64::MAX).saturating_add(1)
    }
}

/// Why the engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// wasmtime refused the configuration (e.g. a pool it cannot reserve).
    #[error("wasmtime engine configuration: {0}")]
    Config(String),
    /// The epoch ticker thread could not be started.
    #[error("starting the epoch ticker thread: {0}")]
    Ticker(#[from] std::io::Error),
}

/// The engine the rules host runs components on, with the limits of every call. Cloning shares
/// the engine; the process needs one.
#[derive(Clone)]
pub struct RulesEngine {
    engine: Engine,
    limits: Limits,
}

impl std::fmt::Debug for RulesEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RulesEngine")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl RulesEngine {
    /// Build the engine and start its epoch ticker.
    pub fn new(limits: Limits) -> Result<Self, EngineError> {
        let engine = Engine::new(&engine_config(&limits))
            .map_err(|e| EngineError::Config(format!("{e:#}")))?;
        start_epoch_ticker(&engine)?;
        Ok(RulesEngine { engine, limits })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// The one configuration for compiling and running rule components: the component model,
/// epoch interruption, the pooling allocator with a per-instance memory cap, and no WASI (the
/// linker provides no imports at all).
pub fn engine_config(limits: &Limits) -> Config {
    let mut pool = PoolingAllocationConfig::new();
    let slots = limits.concurrent_calls.max(1);
    pool.total_component_instances(slots)
        // A component built by wit-component from one core module instantiates one core
        // instance; leave room for its shims.
        .total_core_instances(slots.saturating_mul(4))
        .total_memories(slots)
        .total_tables(slots.saturating_mul(2))
        .max_memory_size(limits.memory);
    if PoolingAllocationConfig::is_pagemap_scan_available() {
        // Between calls, reset only the pages the call dirtied (found with Linux's PAGEMAP_SCAN)
        // and keep them resident: the next call on the slot takes no page faults. Without the
        // scan, wasmtime's default (give the pages back to the kernel) is the cheaper reset.
        pool.pagemap_scan(Enabled::Yes)
            .linear_memory_keep_resident(limits.memory)
            .table_keep_resident(TABLE_KEEP_RESIDENT);
    }

    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .epoch_interruption(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    config
}

/// Start the thread that advances the engine's epoch every [`EPOCH_TICK`], so that a call past
/// its deadline traps. Called once, when the engine is built; the thread holds the engine weakly
/// and ends once the engine is dropped.
fn start_epoch_ticker(engine: &Engine) -> Result<(), std::io::Error> {
    let weak: EngineWeak = engine.weak();
    thread::Builder::new()
        .name("rules-epoch".into())
        .spawn(move || {
            loop {
                thread::sleep(EPOCH_TICK);
                match weak.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => break,
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_rounds_up_and_adds_a_tick() {
        let limits = Limits::default();
        assert_eq!(limits.deadline_ticks(), 51);
        let short = Limits {
            call_deadline: Duration::from_micros(1500),
            ..limits
        };
        assert_eq!(short.deadline_ticks(), 3);
    }
}
