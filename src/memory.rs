//! The global allocator (mimalloc) and how the analysis steers it: a shorter purge
//! delay, pages handed back between stages, and heaps of their own for what outlives
//! the work that made it.
//!
//! Why more heaps: a recap's analysis allocates its results (passages, claims, sentence
//! records) among many more short-lived blocks (tokens, stems, maps). Freed, the
//! short-lived blocks leave holes around the results, and a page with one live block
//! in it cannot go back to the system: at 1,000 recaps that pinned about 6 MB. So the
//! analysis copies each recap's results, once complete, into heaps whose pages hold
//! nothing else ([`within`]): [`Heap::Kept`] for what the analysis returns (texts,
//! passages), [`Heap::Staged`] for what only the corpus stages read and then free
//! (sentence records, word lists, figures before they become claims), so that freeing
//! those empties whole pages too.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use libmimalloc_sys as mi;

/// mimalloc, with [`within`]'s heaps: set in the library, so that the app, the CLI, the
/// tests and the benchmarks all measure the same thing. mimalloc serves the analysis's
/// many small strings (tokens, stems, quotes) on two threads faster than the system
/// allocator.
pub struct Allocator;

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// A heap for blocks that outlive the work that made them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heap {
    /// What an analysis returns or caches: texts, documents, passages.
    Kept = 1,
    /// What the per-recap stage hands to the corpus stages, which free it.
    Staged = 2,
    /// What the per-recap stage hands to theme discovery, which frees it before the
    /// other corpus stages start.
    Discovery = 3,
}

thread_local! {
    /// Where this thread's allocations go: 0 for the default heap, else a [`Heap`].
    static CURRENT: Cell<u8> = const { Cell::new(0) };
}

/// The heaps, made on first use; null until then (or if mimalloc could not make one,
/// when its blocks stay in the default heap). Indexed by [`Heap`] less one.
static HEAPS: [AtomicPtr<mi::mi_heap_t>; 3] = [const { AtomicPtr::new(ptr::null_mut()) }; 3];

/// The heap this thread allocates from now: null for the default one.
fn current_heap() -> *mut mi::mi_heap_t {
    match CURRENT.try_with(Cell::get).unwrap_or(0) {
        0 => ptr::null_mut(),
        n => HEAPS.get(usize::from(n) - 1).map_or(ptr::null_mut(), |h| h.load(Ordering::Acquire)),
    }
}

#[allow(unsafe_code)]
// SAFETY: every block comes from mimalloc with the layout's size and alignment, and goes
// back through `mi_free`, which takes blocks of any of its heaps, from any thread
// (mimalloc v3's heaps are first-class: any thread may allocate in any heap).
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let heap = current_heap();
        // SAFETY: mimalloc's allocation functions accept any size and power-of-two alignment.
        unsafe {
            if heap.is_null() {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            } else {
                mi::mi_heap_malloc_aligned(heap, layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let heap = current_heap();
        // SAFETY: as in `alloc`.
        unsafe {
            if heap.is_null() {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            } else {
                mi::mi_heap_zalloc_aligned(heap, layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator (the caller's contract).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let heap = current_heap();
        // SAFETY: `ptr` was allocated by this allocator with `layout` (the caller's contract).
        unsafe {
            if heap.is_null() {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            } else {
                mi::mi_heap_realloc_aligned(heap, ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// Runs `f` with this thread's allocations in `heap`: for copying results away from the
/// work that made them (see the module's doc). Work that `f` hands to other threads
/// allocates as usual; calls nest.
pub fn within<R>(heap: Heap, f: impl FnOnce() -> R) -> R {
    /// Puts the thread's previous heap back, also if `f` panics.
    struct Restore(u8);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = CURRENT.try_with(|c| c.set(self.0));
        }
    }
    if let Some(slot) = HEAPS.get(heap as usize - 1)
        && slot.load(Ordering::Acquire).is_null()
    {
        make_heap(slot);
    }
    let _restore = Restore(CURRENT.try_with(|c| c.replace(heap as u8)).unwrap_or(0));
    f()
}

#[allow(unsafe_code)]
fn make_heap(slot: &AtomicPtr<mi::mi_heap_t>) {
    // SAFETY: `mi_heap_new` has no preconditions; it returns null when it fails.
    let fresh = unsafe { mi::mi_heap_new() };
    if fresh.is_null() {
        return;
    }
    if slot.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire).is_err() {
        // Another thread made it first: this one is empty and no thread uses it.
        // SAFETY: `fresh` came from `mi_heap_new` and holds no blocks.
        unsafe { mi::mi_heap_delete(fresh) };
    }
}

/// mimalloc gives freed pages back to the system a second after they are freed: an
/// analysis of a second or less would keep every page it ever used. Ten milliseconds
/// keeps hot pages for reuse and returns the rest (1,000 recaps: 85 -> 72 MB resident).
/// Call before the work starts and before any thread is spawned; the CLI does.
#[allow(unsafe_code)]
pub fn tune_allocator() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3 keep option numbers stable); the
    // crate exports no constant for it. MIMALLOC_PURGE_DELAY in the environment still wins.
    const PURGE_DELAY: mi::mi_option_t = 15;
    // SAFETY: sets the default of an integer option before any other thread exists
    // (mimalloc asks for that); no allocation depends on the value for correctness.
    unsafe { mi::mi_option_set_default(PURGE_DELAY, 10) };
}

/// Gives the pages that every thread has freed back to the system now, not after the
/// purge delay: a one-shot analysis calls it between its stages, where one stage has
/// freed what the next would otherwise take on top (1,000 recaps: 56 MB resident at the
/// peak instead of 60-63; no slower).
#[allow(unsafe_code)]
pub(crate) fn return_freed_pages() {
    let collect = || {
        // SAFETY: collecting only frees and purges the calling thread's free pages of a
        // heap; it is safe at any time on any thread, and `HEAPS` are never deleted.
        unsafe {
            mi::mi_collect(true);
            for heap in &HEAPS {
                let heap = heap.load(Ordering::Acquire);
                if !heap.is_null() {
                    mi::mi_heap_collect(heap, true);
                }
            }
        }
    };
    rayon::broadcast(|_| collect());
    // The calling thread, when it is not one of rayon's.
    collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `p` is a block of `heap`.
    #[allow(unsafe_code)]
    fn in_heap(heap: Heap, p: *const u8) -> bool {
        unsafe extern "C" {
            fn mi_heap_contains(heap: *const mi::mi_heap_t, p: *const c_void) -> bool;
        }
        let Some(heap) = HEAPS.get(heap as usize - 1).map(|h| h.load(Ordering::Acquire)) else { return false };
        // SAFETY: asks mimalloc whether a live block's address is in a live heap.
        !heap.is_null() && unsafe { mi_heap_contains(heap, p.cast()) }
    }

    #[test]
    fn blocks_made_within_a_heap_are_its_own() {
        let kept = within(Heap::Kept, || vec![1u8; 100]);
        let staged = within(Heap::Staged, || String::from("a staged sentence"));
        let (inner, outer) = within(Heap::Staged, || (within(Heap::Kept, || Box::new(7u64)), Box::new(8u64)));
        let default: Vec<u8> = std::iter::repeat_n(2, 100).collect();
        assert!(in_heap(Heap::Kept, kept.as_ptr()));
        assert!(!in_heap(Heap::Staged, kept.as_ptr()));
        assert!(in_heap(Heap::Staged, staged.as_ptr()));
        assert!(!in_heap(Heap::Kept, staged.as_ptr()));
        // A nested call allocates in its own heap and gives the outer one back after.
        assert!(in_heap(Heap::Kept, std::ptr::from_ref(&*inner).cast()));
        assert!(in_heap(Heap::Staged, std::ptr::from_ref(&*outer).cast()));
        assert!(!in_heap(Heap::Kept, default.as_ptr()) && !in_heap(Heap::Staged, default.as_ptr()));
        // Blocks of any heap are freed and grown from anywhere.
        let mut kept = kept;
        kept.extend_from_slice(&[3; 4000]);
        assert_eq!(kept.len(), 4100);
        assert!(kept.iter().take(100).all(|&b| b == 1));
        drop((kept, staged, inner, outer));
    }

    #[test]
    fn a_panic_within_a_heap_gives_the_default_back() {
        let caught = std::panic::catch_unwind(|| within(Heap::Kept, || -> u8 { panic!("stop") }));
        assert!(caught.is_err());
        let after: Vec<u8> = std::iter::repeat_n(0, 64).collect();
        assert!(!in_heap(Heap::Kept, after.as_ptr()));
    }

    #[test]
    fn blocks_of_the_heaps_go_across_threads() {
        let made = std::thread::spawn(|| within(Heap::Staged, || vec![5u32; 1000])).join().unwrap_or_default();
        assert!(in_heap(Heap::Staged, made.as_ptr().cast()));
        assert_eq!(made.iter().sum::<u32>(), 5000);
        return_freed_pages();
    }
}
