//! Freed memory of the transport is zeroed before it goes back to the allocator. A dropped client
//! left the IMS form (`client_secret=…`) and bearer tokens in freed heap blocks (a core dump of the
//! process showed them): its `Secret`s wiped themselves, but the copies reqwest and hyper make (the
//! form as a request body, `Authorization` header values, their write and read buffers, IMS's
//! answer) are freed as any buffer. Wiping every free of the process would cost the mapping's
//! throughput, so only frees on the threads that carry requests are wiped: the I/O runtime's worker
//! (`runtime`, from its start: connections and their buffers live and die there) and a thread inside
//! a `scope()` (a request the PHP thread drives with `block_on`; a client being dropped).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    // const and without a destructor: reading it never allocates, as the allocator requires
    static WIPING: Cell<bool> = const { Cell::new(false) };
}

/// The allocator of the extension: the system's, with frees on wiping threads zeroed first.
pub struct WipingAllocator;

/// Frees on this thread are wiped from now on (the I/O runtime's threads, at their start).
pub fn this_thread() {
    let _ = WIPING.try_with(|w| w.set(true));
}

/// Frees on this thread are wiped until the returned guard goes.
#[must_use]
pub fn scope() -> Scope {
    Scope {
        was: WIPING.try_with(|w| w.replace(true)).unwrap_or(true),
    }
}

pub struct Scope {
    was: bool,
}

impl Drop for Scope {
    fn drop(&mut self) {
        let was = self.was;
        let _ = WIPING.try_with(|w| w.set(was));
    }
}

/// Whether frees on this thread are wiped now.
pub fn wiping() -> bool {
    WIPING.try_with(Cell::get).unwrap_or(false)
}

/// Zeroes `len` bytes at `ptr` with volatile stores: plain stores right before `free` are dead stores
/// the optimiser may remove.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    // SAFETY: the caller's block, written in place as words where aligned, bytes around them
    let (head, words, tail) =
        unsafe { std::slice::from_raw_parts_mut(ptr, len).align_to_mut::<u64>() };
    for b in head.iter_mut().chain(tail.iter_mut()) {
        // SAFETY: a byte of the block
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    for w in words {
        // SAFETY: an aligned word of the block
        unsafe { std::ptr::write_volatile(w, 0) };
    }
}

// SAFETY: every block comes from System with the caller's layout, and goes back to it with that layout.
unsafe impl GlobalAlloc for WipingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if wiping() {
            // SAFETY: the block being freed, layout.size() bytes long
            unsafe { wipe(ptr, layout.size()) };
        }
        // SAFETY: forwarded as received
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !wiping() {
            // SAFETY: forwarded as received
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // the system's realloc may move the block and free the old one unwiped: move it here
        // SAFETY: GlobalAlloc::realloc's contract: new_size rounded to align does not overflow
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a non-zero size (realloc's contract)
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the bytes copied, and distinct
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                wipe(ptr, layout.size());
                System.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_wipes_frees_on_its_thread_and_ends_with_its_guard() {
        assert!(!wiping());
        {
            let _w = scope();
            assert!(wiping());
            let nested = scope();
            drop(nested);
            assert!(wiping(), "an inner scope leaves the outer one wiping");
        }
        assert!(!wiping());
    }

    #[test]
    fn wipe_zeroes_every_byte_aligned_or_not() {
        let mut block = vec![0xAAu8; 37];
        // SAFETY: 35 bytes inside the vector, from an unaligned start
        unsafe { wipe(block.as_mut_ptr().add(1), 35) };
        assert_eq!(block[0], 0xAA);
        assert!(block[1..36].iter().all(|&b| b == 0));
        assert_eq!(block[36], 0xAA);
    }
}
