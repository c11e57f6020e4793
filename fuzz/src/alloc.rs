//! The fuzzer's global allocator: mimalloc (as `apigen` itself uses), counting the bytes in use, their peak
//! since the last [`reset_peak`], and refusing to go over a [`set_limit`].
//!
//! Refusing an allocation aborts the process (Rust's allocation-error handler); the supervisor
//! sees the abort and records the input in flight as a memory finding.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc as System;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The allocator (installed in `main.rs`).
pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Counts `size` more bytes; false (and nothing counted) when that would pass the limit.
fn grow(size: usize) -> bool {
    let now = CURRENT.fetch_add(size, Relaxed) + size;
    if now > LIMIT.load(Relaxed) {
        CURRENT.fetch_sub(size, Relaxed);
        return false;
    }
    PEAK.fetch_max(now, Relaxed);
    true
}

// SAFETY: every call is forwarded to mimalloc with the caller's layout; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded as received.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            CURRENT.fetch_sub(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded as received.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            CURRENT.fetch_sub(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !grow(new_size - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded as received.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > old {
                CURRENT.fetch_sub(new_size - old, Relaxed);
            }
        } else if new_size < old {
            CURRENT.fetch_sub(old - new_size, Relaxed);
        }
        p
    }
}

/// Starts a new peak at the bytes in use now, and returns them.
pub fn reset_peak() -> usize {
    let now = CURRENT.load(Relaxed);
    PEAK.store(now, Relaxed);
    now
}

/// The most bytes in use at once since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Relaxed)
}

/// Refuses allocations that would bring the bytes in use over `bytes`.
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Relaxed);
}
