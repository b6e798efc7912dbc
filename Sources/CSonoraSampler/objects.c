// The snapshot of loaded objects the collector may read with plain loads while unwinding.
//
// Reading through a plain pointer is only safe while the object stays mapped. Objects loaded
// when the session started are snapshotted; when the loader reports an unload (dlpi_subs), the
// snapshot shrinks to the segments still mapped exactly as before. Everything else is read with
// process_vm_readv, which fails cleanly on unmapped memory.

#define _GNU_SOURCE
#include "CSonoraSampler.h"
#include "sampler_internal.h"

#include <link.h>
#include <stdlib.h>
#include <unistd.h>

pid_t sonora_internal_self_pid;

void *sonora_internal_grow(void *items, size_t count, size_t *capacity, size_t item_size, size_t initial) {
    if (count < *capacity) return items;
    size_t grown_capacity = *capacity ? *capacity * 2 : initial;
    void *grown = realloc(items, grown_capacity * item_size);
    if (grown != NULL) *capacity = grown_capacity;
    return grown;
}

typedef struct { uint64_t start, end; } range;
static range *objects;
static size_t object_count, object_capacity;
static unsigned long long snapshot_subs, snapshot_adds;

static int collect_segments(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    snapshot_subs = info->dlpi_subs;
    snapshot_adds = info->dlpi_adds;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
        if (phdr->p_type != PT_LOAD || phdr->p_memsz == 0) continue;
        range *grown = sonora_internal_grow(objects, object_count, &object_capacity, sizeof *objects, 256);
        if (grown == NULL) return 1;
        objects = grown;
        uint64_t start = info->dlpi_addr + phdr->p_vaddr;
        objects[object_count++] = (range){start, start + phdr->p_memsz};
    }
    return 0;
}

static int compare_ranges(const void *a, const void *b) {
    const range *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

void sonora_unwinder_snapshot_objects(void) {
    object_count = 0;
    dl_iterate_phdr(collect_segments, NULL);
    qsort(objects, object_count, sizeof *objects, compare_ranges);
    sonora_internal_self_pid = getpid();  // per session, so a forked child reads itself
    // libunwind's cache is keyed by address and outlives sessions: whatever was loaded or
    // unloaded since the last session must not be unwound with rules cached for another object.
    sonora_internal_flush_unwind_cache();
}

typedef struct { unsigned long long adds, subs; } load_counts;

static int read_counts(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    load_counts *counts = data;
    counts->adds = info->dlpi_adds;
    counts->subs = info->dlpi_subs;
    return 1;
}

typedef struct { range *items; size_t count, capacity; int failed; } range_list;

static int collect_current(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    range_list *list = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
        if (phdr->p_type != PT_LOAD || phdr->p_memsz == 0) continue;
        range *grown = sonora_internal_grow(list->items, list->count, &list->capacity, sizeof *list->items, 256);
        if (grown == NULL) { list->failed = 1; return 1; }
        list->items = grown;
        uint64_t start = info->dlpi_addr + phdr->p_vaddr;
        list->items[list->count++] = (range){start, start + phdr->p_memsz};
    }
    return 0;
}

// Something was loaded or unloaded since the last check: flush libunwind's address-keyed cache,
// and after an unload keep only the snapshot's segments that are still mapped exactly as before,
// so plain loads never touch an unloaded object. The snapshot only shrinks, so objects
// dlopen'ed during the session never become plain-load targets.
void sonora_internal_check_snapshot(void) {
    load_counts counts = {0, 0};
    dl_iterate_phdr(read_counts, &counts);
    if (counts.adds == snapshot_adds && counts.subs == snapshot_subs) return;
    sonora_internal_flush_unwind_cache();
    snapshot_adds = counts.adds;
    int unloaded = counts.subs != snapshot_subs;
    snapshot_subs = counts.subs;
    if (!unloaded || object_count == 0) return;
    static range_list current_objects;
    current_objects.count = 0;
    current_objects.failed = 0;
    dl_iterate_phdr(collect_current, &current_objects);
    if (current_objects.failed) { object_count = 0; return; }
    qsort(current_objects.items, current_objects.count, sizeof(range), compare_ranges);
    size_t kept = 0, j = 0;
    for (size_t i = 0; i < object_count; i++) {
        while (j < current_objects.count && current_objects.items[j].start < objects[i].start) j++;
        if (j < current_objects.count && current_objects.items[j].start == objects[i].start &&
            current_objects.items[j].end == objects[i].end)
            objects[kept++] = objects[i];
    }
    object_count = kept;
}

// The segment the previous lookup found: libunwind reads unwind tables a word at a time, about
// 190 reads per sample here, mostly in the segment it read last. Collector thread only; a stale
// index still names a real entry, whose bounds are checked.
static size_t last_found;

int sonora_internal_in_snapshot(uint64_t address, uint64_t bytes) {
    if (last_found < object_count) {
        const range *r = &objects[last_found];
        if (address >= r->start && address + bytes <= r->end) return 1;
    }
    size_t low = 0, high = object_count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (objects[mid].start <= address) low = mid + 1; else high = mid;
    }
    if (low == 0) return 0;
    const range *r = &objects[low - 1];
    if (address < r->start || address + bytes > r->end) return 0;
    last_found = low - 1;
    return 1;
}
