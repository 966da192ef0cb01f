//! The sandbox one call runs in: a fresh `Store` with a memory cap and an epoch deadline, and the
//! reading of how a call failed.

use wasmtime::{ResourceLimiter, Store, Trap};

use crate::engine::{Limits, RulesEngine};

/// Most elements a component's table may grow to (function references of a Rust module: a few
/// hundred at most).
const TABLE_ELEMENTS: usize = 100_000;

/// What a call's `Store` carries: the limits it enforces and whether the memory cap was hit.
pub(crate) struct Sandbox {
    memory_cap: usize,
    /// The size the guest asked its memory to grow to when it hit the cap.
    breach: Option<usize>,
}

impl Sandbox {
    /// A fresh store for one call: nothing survives from a previous call.
    pub(crate) fn store(engine: &RulesEngine) -> Store<Sandbox> {
        let limits = engine.limits();
        let mut store = Store::new(
            engine.engine(),
            Sandbox {
                memory_cap: limits.memory,
                breach: None,
            },
        );
        store.limiter(|sandbox| sandbox as &mut dyn ResourceLimiter);
        store.set_epoch_deadline(limits.deadline_ticks());
        store
    }

    /// Why the call failed, in words for operators: a timeout, the memory cap, a trap or another
    /// error of the runtime.
    pub(crate) fn failure(&self, limits: &Limits, error: &wasmtime::Error) -> String {
        if self.breach.is_some() {
            return format!("memory limit {} exceeded", bytes(limits.memory));
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => {
                format!("timed out after {} ms", limits.call_deadline.as_millis())
            }
            Some(trap) => format!("trap: {trap}"),
            None => format!("{error:#}"),
        }
    }
}

impl ResourceLimiter for Sandbox {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_cap {
            self.breach = Some(desired);
            // An error, not a refused growth: the call stops here instead of limping on.
            wasmtime::bail!(
                "memory limit of {} exceeded: asked for {}",
                bytes(self.memory_cap),
                bytes(desired)
            );
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= TABLE_ELEMENTS)
    }
}

/// A byte count for people: whole MiB or KiB when exact.
pub(crate) fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(bytes(16 << 20), "16 MiB");
        assert_eq!(bytes(64 << 10), "64 KiB");
        assert_eq!(bytes(1000), "1000 bytes");
    }
}
