#include "CSonoraBenchCounters.h"

/// The one opaque sink of `blackHole`: Swift cannot see this body (C, another translation unit, no LTO), so a
/// call must assume it reads the value at `value` and everything the value refers to. The empty `asm` with a
/// memory clobber keeps that true even if this function were ever inlined by link-time optimization.
void sonora_black_hole(const void *value) {
    __asm__ volatile("" : : "r"(value) : "memory");
}
