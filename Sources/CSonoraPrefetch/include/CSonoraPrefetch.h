#ifndef CSONORA_PREFETCH_H
#define CSONORA_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` (for a write where the target has `prefetchw`; plain
/// `prefetcht0` on baseline x86-64; kept in every cache level) and returns at once; a hint, so any address is safe,
/// even null or unmapped. Exists because Swift has no prefetch intrinsic
/// and cannot call the compiler builtin `__builtin_prefetch` itself. `static inline`, in the header only, so the
/// importer compiles it into the Swift caller: one prefetch instruction, no call.
///
/// `TrackQueue` uses it for the track a few operations ahead: the reference-count change that returning a track
/// costs is an atomic, and in a queue too big for the cache it otherwise waits for that box's memory every time.
static inline void sonora_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
