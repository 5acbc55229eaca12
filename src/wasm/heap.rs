//! Memory as JS can watch it: `memoryBytes`, `heapBytes`, `heapPeakBytes`,
//! and the counting allocator behind the last two.
//!
//! The allocator is the system allocator (dlmalloc on wasm32), plus a count
//! of the bytes it has out. Linear memory only grows, so `memoryBytes()`
//! cannot show memory coming back; this can.
//!
//! The crate denies `unsafe_code` (Cargo.toml); `GlobalAlloc` is an unsafe
//! trait, so the `counting` module allows it. Each method passes its
//! arguments to `System` unchanged and returns its pointer unchanged; the
//! counters are bookkeeping only and never influence an allocation.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wasm_bindgen::prelude::*;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Bytes of linear memory the instance holds: it only grows (wasm memory
/// cannot shrink), so a steady value over many calls means no leak
/// (bench/memory.mjs, tests/js/memory.test.mjs).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0usize;
    (pages * 65_536) as f64
}

/// Bytes the Rust allocator has handed out and not taken back: between
/// calls, the engine's steady state (thread-local buffers, engines and
/// prepared snapshots alive); it returns there after every call.
#[wasm_bindgen(js_name = heapBytes)]
pub fn heap_bytes() -> f64 {
    LIVE.load(Relaxed) as f64
}

/// The most bytes allocated at once since the previous `heapPeakBytes()`
/// call (or the start); the peak is then reset to what is allocated now.
#[wasm_bindgen(js_name = heapPeakBytes)]
pub fn heap_peak_bytes() -> f64 {
    PEAK.swap(LIVE.load(Relaxed), Relaxed) as f64
}

/// Installed only on wasm32: native builds (clippy) keep the system allocator.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::Ordering::Relaxed;

    use super::{LIVE, PEAK};

    fn grew(bytes: usize) {
        let now = LIVE.fetch_add(bytes, Relaxed).saturating_add(bytes);
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrank(bytes: usize) {
        LIVE.fetch_sub(bytes, Relaxed);
    }

    struct Counting;

    // The methods are not inlined: every allocation site in the crate calls
    // through here, and inlining the bookkeeping into each grew the wasm by
    // about 9% (measured); one out-of-line call per allocation, as the
    // system allocator's own entry points are.

    // SAFETY: every method forwards to `System`, a sound allocator, with the
    // caller's own arguments, so the caller's obligations carry over as they
    // are; the pointers returned are `System`'s.
    unsafe impl GlobalAlloc for Counting {
        #[inline(never)]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded unchanged (see the impl).
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        #[inline(never)]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded unchanged (see the impl).
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        #[inline(never)]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: forwarded unchanged (see the impl).
            unsafe { System.dealloc(ptr, layout) };
            shrank(layout.size());
        }

        #[inline(never)]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: forwarded unchanged (see the impl).
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                shrank(layout.size());
                grew(new_size);
            }
            p
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;
}
