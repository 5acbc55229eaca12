//! Memory as JS can watch it: `memoryBytes`, `heapBytes`, `heapPeakBytes`,
//! and the counting allocator behind the last two.
//!
//! The allocator is the system allocator (dlmalloc on wasm32) with free
//! lists of small blocks in front of it (`small`), plus a count of the
//! bytes handed out. Linear memory only grows, so `memoryBytes()` cannot
//! show memory coming back; this can.
//!
//! The crate denies `unsafe_code` (Cargo.toml); `GlobalAlloc` is an unsafe
//! trait, so the `counting` and `small` modules allow it. The counters are
//! bookkeeping only and never influence an allocation; they count the sizes
//! the callers asked for (a small block may be up to 7 bytes larger).

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
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    use super::small::SMALL;
    use super::{LIVE, PEAK};

    fn grew(bytes: usize) {
        let now = LIVE.fetch_add(bytes, Relaxed).saturating_add(bytes);
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrank(bytes: usize) {
        LIVE.fetch_sub(bytes, Relaxed);
    }

    struct Counting;

    /// Pages of linear memory last seen after an allocation.
    static SEEN_PAGES: AtomicUsize = AtomicUsize::new(0);

    /// What `grow_ahead` reserves at once: 1 MiB, 16 pages.
    const AHEAD: usize = 1 << 20;

    /// `System.alloc` (dlmalloc), then a reserve once it grew linear memory.
    /// dlmalloc grows memory by what a request needs, rounded up to one 64
    /// KiB page, and V8's `memory.grow` costs about half a millisecond a
    /// call: a call allocating 170 MiB in small blocks spent 1.3 s growing
    /// memory page by page (review 24d #2). So when memory has just grown, a
    /// block of [`AHEAD`] is taken and given back at once: dlmalloc grows
    /// once for it, and the freed block joins its free top for the next
    /// requests. Memory is never returned on wasm anyway; at most 1 MiB more
    /// is held than was needed.
    ///
    /// # Safety
    /// As `GlobalAlloc::alloc`.
    unsafe fn system_alloc(layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` takes it.
        let p = unsafe { System.alloc(layout) };
        grow_ahead();
        p
    }

    pub(super) fn grow_ahead() {
        let pages = core::arch::wasm32::memory_size(0);
        if pages <= SEEN_PAGES.load(Relaxed) {
            return;
        }
        let size = AHEAD.max(pages.saturating_mul(65_536) / 8);
        if let Ok(ahead) = Layout::from_size_align(size, 8) {
            // SAFETY: a valid non-zero layout; the block is freed at once
            // with the same layout, and never used.
            unsafe {
                let q = System.alloc(ahead);
                if !q.is_null() {
                    System.dealloc(q, ahead);
                }
            }
        }
        SEEN_PAGES.store(core::arch::wasm32::memory_size(0), Relaxed);
    }

    // The methods are not inlined: every allocation site in the crate calls
    // through here, and inlining the bookkeeping into each grew the wasm by
    // about 9% (measured); one out-of-line call per allocation, as the
    // system allocator's own entry points are.

    // SAFETY: small blocks (`small::class`) come from and go back to
    // `SMALL`, whose own contract is the same as `GlobalAlloc`'s; every
    // other call forwards to `System`, a sound allocator, with the caller's
    // own arguments. A layout is small or not by its size and alignment
    // alone, so a block is always freed (or grown) by the allocator that
    // made it. The counters are bookkeeping only, in the caller's sizes.
    unsafe impl GlobalAlloc for Counting {
        #[inline(never)]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: see the impl.
            let p = unsafe {
                match super::small::class(layout) {
                    Some(c) => SMALL.alloc(c),
                    None => system_alloc(layout),
                }
            };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        #[inline(never)]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: see the impl; a small block is `layout.size()` writable bytes at least.
            let p = unsafe {
                match super::small::class(layout) {
                    Some(c) => {
                        let p = SMALL.alloc(c);
                        if !p.is_null() {
                            std::ptr::write_bytes(p, 0, layout.size());
                        }
                        p
                    }
                    None => {
                        let p = System.alloc_zeroed(layout);
                        grow_ahead();
                        p
                    }
                }
            };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        #[inline(never)]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: see the impl.
            unsafe {
                match super::small::class(layout) {
                    Some(c) => SMALL.free(ptr, c),
                    None => System.dealloc(ptr, layout),
                }
            }
            shrank(layout.size());
        }

        #[inline(never)]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: the caller guarantees `new_size` with `layout.align()` is a valid layout.
            let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            let (old, new) = (super::small::class(layout), super::small::class(new_layout));
            // SAFETY: see the impl; a block moved between the two allocators is
            // copied (the smaller of both sizes) before the old one is freed.
            let p = unsafe {
                match (old, new) {
                    (None, None) => {
                        let p = System.realloc(ptr, layout, new_size);
                        grow_ahead();
                        p
                    }
                    (Some(a), Some(b)) if a == b => ptr,
                    _ => {
                        let p = match new {
                            Some(c) => SMALL.alloc(c),
                            None => system_alloc(new_layout),
                        };
                        if !p.is_null() {
                            std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                            match old {
                                Some(c) => SMALL.free(ptr, c),
                                None => System.dealloc(ptr, layout),
                            }
                        }
                        p
                    }
                }
            };
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

/// Free lists of small blocks in front of dlmalloc, for wasm32.
///
/// `validate` allocates and frees ~250 small blocks per snapshot (a `Vec`
/// per JSON object, a `String` per field read, issue parts) and dlmalloc's
/// `malloc`/`free` with the binning, coalescing and large-chunk trees behind
/// them were ~16% of its wasm time (V8 profile, docs/performance.md). Here
/// a block of up to `MAX` bytes is one of `CLASSES` sizes (multiples of 8):
/// freeing pushes it on its size's list, allocating pops it, and only an
/// empty list asks dlmalloc for a block. At most `KEEP` bytes wait on the
/// lists; what is freed beyond that goes back to dlmalloc, so memory held
/// for one size cannot grow without bound.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
mod small {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::UnsafeCell;
    use std::ptr::null_mut;

    /// The largest small block, in bytes.
    pub const MAX: usize = 256;
    /// Block sizes: 8, 16, … MAX.
    pub const CLASSES: usize = MAX / 8;
    /// Bytes of free small blocks kept for reuse, at most.
    pub const KEEP: usize = 256 * 1024;

    /// The class of a layout served here: sizes 1..=MAX at alignment 8 or less.
    #[inline(always)]
    pub fn class(layout: Layout) -> Option<usize> {
        let size = layout.size();
        (size <= MAX && layout.align() <= 8 && size > 0).then(|| (size - 1) / 8)
    }

    const fn block_bytes(class: usize) -> usize {
        (class + 1) * 8
    }

    struct Lists {
        /// The first free block of each class; a free block's first word
        /// points at the next one.
        heads: [*mut u8; CLASSES],
        /// Bytes on the lists.
        kept: usize,
    }

    pub struct Small(UnsafeCell<Lists>);

    // SAFETY: wasm32 without the atomics feature has one thread; the lists
    // are only touched from the allocator's methods, which never re-enter.
    #[cfg(not(target_feature = "atomics"))]
    unsafe impl Sync for Small {}

    pub static SMALL: Small = Small(UnsafeCell::new(Lists {
        heads: [null_mut(); CLASSES],
        kept: 0,
    }));

    impl Small {
        /// A block of `class`'s size, aligned to 8, or null.
        ///
        /// # Safety
        /// As `GlobalAlloc::alloc`, `class` from [`class`].
        #[inline(always)]
        pub unsafe fn alloc(&self, class: usize) -> *mut u8 {
            // SAFETY: one thread, no re-entry (see `Sync`): no other reference.
            let lists = unsafe { &mut *self.0.get() };
            let Some(head) = lists.heads.get_mut(class) else {
                return null_mut();
            };
            let p = *head;
            if p.is_null() {
                // SAFETY: a valid non-zero layout (8 ≤ size ≤ MAX, align 8).
                let p = unsafe { System.alloc(Layout::from_size_align_unchecked(block_bytes(class), 8)) };
                super::counting::grow_ahead();
                return p;
            }
            // SAFETY: `p` is a free block of this class: its first word is the next one.
            *head = unsafe { p.cast::<*mut u8>().read() };
            lists.kept -= block_bytes(class);
            p
        }

        /// Takes back a block `alloc(class)` gave.
        ///
        /// # Safety
        /// As `GlobalAlloc::dealloc`: `ptr` from `alloc(class)`, not used after.
        #[inline(always)]
        pub unsafe fn free(&self, ptr: *mut u8, class: usize) {
            // SAFETY: one thread, no re-entry (see `Sync`): no other reference.
            let lists = unsafe { &mut *self.0.get() };
            let bytes = block_bytes(class);
            match lists.heads.get_mut(class) {
                Some(head) if lists.kept + bytes <= KEEP => {
                    // SAFETY: the block is ours now, 8-aligned, at least 8 bytes.
                    unsafe { ptr.cast::<*mut u8>().write(*head) };
                    *head = ptr;
                    lists.kept += bytes;
                }
                // SAFETY: the block came from `System` with this layout.
                _ => unsafe { System.dealloc(ptr, Layout::from_size_align_unchecked(bytes, 8)) },
            }
        }
    }
}
