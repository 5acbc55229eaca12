//! `memcmp` and `bcmp` for wasm32, eight bytes at a time.
//!
//! Every slice and string compare (`==`, `Ord`, B-tree keys) ends in one of
//! these. On wasm32 the only definitions are compiler_builtins' byte loops
//! (weak symbols, so these take their place): `memcmp` was 10 % of a
//! keystroke's wasm time (deferred ids' keys, enrollment items' maps, person
//! ids: long keys with long common prefixes; docs/performance.md). Twenty
//! lines, no dependency: no crate provides a wasm32 `memcmp` to link.
//!
//! Being `#[no_mangle]` in a cdylib, both are also exports of the module
//! (listed in the generated `InitOutput`, beside `__wbindgen_malloc` and
//! `memory`): not part of the API, and nothing more than the exported
//! `memory` already gives JS.

#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
mod imp {
    use core::ffi::c_int;

    /// Reads 8 bytes at `p + i` as a big-endian word: words then compare
    /// as their bytes do, first byte most significant.
    ///
    /// # Safety
    /// `p + i .. p + i + 8` is readable.
    #[inline(always)]
    unsafe fn word(p: *const u8, i: usize) -> u64 {
        // SAFETY: the caller's; wasm loads need no alignment.
        u64::from_be(unsafe { p.add(i).cast::<u64>().read_unaligned() })
    }

    /// C's `memcmp`: the sign of the first differing byte of `a` and `b`
    /// (as unsigned), 0 when their first `n` bytes are equal.
    ///
    /// # Safety
    /// `a` and `b` are readable for `n` bytes.
    // Not inlined: with LTO every compare site would get its own copy
    // (+120 KB raw for the full module, measured).
    #[inline(never)]
    #[no_mangle]
    pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> c_int {
        let mut i = 0;
        while i + 8 <= n {
            // SAFETY: `i + 8 <= n`.
            let (x, y) = unsafe { (word(a, i), word(b, i)) };
            if x != y {
                return if x < y { -1 } else { 1 };
            }
            i += 8;
        }
        while i < n {
            // SAFETY: `i < n`.
            let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
            if x != y {
                return c_int::from(x) - c_int::from(y);
            }
            i += 1;
        }
        0
    }

    /// C's `bcmp`: 0 when the first `n` bytes are equal, else not 0 (what
    /// `==` on slices asks).
    ///
    /// # Safety
    /// As `memcmp`.
    #[no_mangle]
    pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> c_int {
        // SAFETY: the caller's.
        unsafe { memcmp(a, b, n) }
    }
}
