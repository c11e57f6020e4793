//! The stack the generator's threads run on. Printing and parsing Rust (syn, prettyplease)
//! and lowering schemas recurse once per level of nesting, which the loader and lowering cap
//! (`spec::MAX_DEPTH`, 128 levels); at that depth an unoptimized build needs several times the
//! 2 MiB a spawned thread gets by default. The memory is only reserved: pages are used as the
//! recursion reaches them.

use std::thread::{Scope, ScopedJoinHandle};

/// Bytes of stack of each thread that loads, lowers, emits or diffs a spec.
pub const STACK: usize = 16 << 20;

/// Spawns `f` in `scope` on a thread with [`STACK`] bytes of stack.
///
/// # Panics
///
/// When the operating system refuses a thread, as [`Scope::spawn`] does.
pub fn spawn_scoped<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn_scoped(scope, f)
        .expect("the operating system starts a thread")
}

/// Runs `f` on a thread with [`STACK`] bytes of stack and returns its result; a panic in `f`
/// continues in the caller.
pub fn run<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        spawn_scoped(scope, f).join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}
