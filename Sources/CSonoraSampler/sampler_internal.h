#ifndef SONORA_SAMPLER_INTERNAL_H
#define SONORA_SAMPLER_INTERNAL_H
// Shared between the handler side (sampler.c) and the collector side (unwind.c); not exported.

#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>

enum { SONORA_SLOT_FREE = 0, SONORA_SLOT_WRITING = 1, SONORA_SLOT_READY = 2 };
enum { SONORA_NREGS = 17 };  // libunwind's x86_64 numbering, RAX..R15 then RIP

// One sample in the pool. The copied stack bytes follow the header.
typedef struct sonora_slot {
    _Atomic uint32_t state;
    int32_t tid;
    int32_t weight;
    int32_t on_cpu;
    int32_t bounds_known;
    int32_t pad;
    uint64_t timestamp_ns;
    uint64_t handler_ns;
    uint64_t regs[SONORA_NREGS];
    uint64_t copy_len;      // bytes copied from regs[RSP] upward
    uint64_t stack_lo;      // known bounds, or 0 when unknown
    uint64_t stack_hi;
} sonora_slot;

#define SONORA_SLOT_HEADER ((sizeof(sonora_slot) + 63) & ~(size_t)63)

// The pool, owned by sampler.c.
sonora_slot *sonora_internal_slot(size_t index);
size_t sonora_internal_slot_count(void);
static inline const unsigned char *sonora_internal_slot_stack(const sonora_slot *slot) {
    return (const unsigned char *)slot + SONORA_SLOT_HEADER;
}

#endif
