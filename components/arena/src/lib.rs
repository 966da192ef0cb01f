//! The memory allocator of a regional rules component.
//!
//! The host instantiates a component afresh for every rules call and throws the instance away
//! after it, so nothing a call allocates outlives the call. Rust's default allocator on
//! `wasm32-unknown-unknown` takes every new region with `memory.grow`, and every growth costs
//! the host page-protection changes (on the grow, and again when the memory slot is reset for
//! the next call). [`CallArena`] instead hands out the linear memory the instance starts with
//! (the components are linked with more initial memory than a call needs, see
//! `.cargo/config.toml`) from a bump pointer, and grows the memory only when a call needs more:
//! a call that allocates without end still meets the host's memory cap and fails.
//!
//! Freeing gives memory back only when it is the most recent allocation (a `Vec` that grew and
//! was dropped, a temporary `String`); everything else is reclaimed with the instance.
//!
//! ```ignore
//! #[cfg(target_arch = "wasm32")]
//! #[global_allocator]
//! static ARENA: reglament_arena::CallArena = reglament_arena::CallArena::new();
//! ```

#![no_std]

#[cfg(target_arch = "wasm32")]
mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::Cell;

    const PAGE: usize = 64 * 1024;

    unsafe extern "C" {
        /// The first byte after the module's data and stack, defined by the linker.
        static __heap_base: u8;
    }

    /// A bump allocator over the instance's linear memory (see the crate documentation).
    pub struct CallArena {
        /// The next free byte; 0 until the first allocation.
        next: Cell<usize>,
        /// The end of the linear memory as last seen.
        end: Cell<usize>,
    }

    // SAFETY: a core WebAssembly instance without the threads proposal runs one thread; the
    // allocator is never shared between threads.
    unsafe impl Sync for CallArena {}

    impl CallArena {
        pub const fn new() -> CallArena {
            CallArena {
                next: Cell::new(0),
                end: Cell::new(0),
            }
        }

        /// Make sure `[start, start + size)` is inside the linear memory, growing it if needed.
        fn reserve(&self, start: usize, size: usize) -> bool {
            let Some(until) = start.checked_add(size) else {
                return false;
            };
            if until <= self.end.get() {
                return true;
            }
            let pages = (until - self.end.get()).div_ceil(PAGE);
            if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
                return false;
            }
            self.end.set(core::arch::wasm32::memory_size(0) * PAGE);
            true
        }
    }

    impl Default for CallArena {
        fn default() -> Self {
            CallArena::new()
        }
    }

    unsafe impl GlobalAlloc for CallArena {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if self.next.get() == 0 {
                // Only the address of the linker's symbol is taken, never its value.
                self.next.set(&raw const __heap_base as usize);
                self.end.set(core::arch::wasm32::memory_size(0) * PAGE);
            }
            let Some(start) = self.next.get().checked_next_multiple_of(layout.align()) else {
                return core::ptr::null_mut();
            };
            if !self.reserve(start, layout.size()) {
                return core::ptr::null_mut();
            }
            self.next.set(start + layout.size());
            start as *mut u8
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if ptr as usize + layout.size() == self.next.get() {
                self.next.set(ptr as usize);
            }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let start = ptr as usize;
            if start + layout.size() == self.next.get() {
                // The most recent allocation grows or shrinks in place.
                if !self.reserve(start, new_size) {
                    return core::ptr::null_mut();
                }
                self.next.set(start + new_size);
                return ptr;
            }
            if new_size <= layout.size() {
                return ptr;
            }
            // SAFETY: the layout's alignment is unchanged and valid; the new size is non-zero.
            let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            let new = unsafe { self.alloc(new_layout) };
            if !new.is_null() {
                // SAFETY: both regions are live and do not overlap (the new one lies beyond).
                unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size()) };
            }
            new
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use wasm::CallArena;
