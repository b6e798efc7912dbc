// The collector's own lookup of a frame's FDE in the `.eh_frame_hdr` search tables of loaded
// objects, so libunwind neither walks every object with dl_iterate_phdr nor binary-searches the
// table through access_mem calls for each sample's leaf (about 36 calls, on a table of 1 MB for a
// large Swift executable). C because it reads the loader's program headers (as libunwind does).
//
// The objects' tables are listed once per session and again after every unwind-cache flush
// (session start, a load or unload seen by sonora_internal_check_snapshot). Only objects inside
// the snapshot are listed, so their tables can be read with plain loads; anything else goes to
// libunwind's own lookup. Collector thread only.

#define _GNU_SOURCE
#include "CSonoraSampler.h"
#include "sampler_internal.h"

#include <link.h>
#include <string.h>

typedef struct {
    uint64_t start, end;  // one executable PT_LOAD segment
    uint64_t header;      // its object's .eh_frame_hdr
    const int32_t *table; // (initial location, FDE) pairs, relative to `header`, sorted
    size_t count;
} object_table;

static object_table *tables;
static size_t table_count, table_capacity;
static int listed;
static size_t last_table;

void sonora_internal_forget_unwind_tables(void) {
    listed = 0;
    table_count = 0;
    last_table = 0;
}

// Size of a DW_EH_PE-encoded pointer field, or 0 for an encoding this reader does not handle.
static size_t encoded_size(unsigned char encoding) {
    switch (encoding & 0x0F) {
    case 0x03: case 0x0B: return 4;  // udata4, sdata4
    case 0x04: case 0x0C: return 8;  // udata8, sdata8
    default: return 0;
    }
}

static int add_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    const ElfW(Phdr) *frame_header = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME) frame_header = &info->dlpi_phdr[i];
    if (frame_header == NULL) return 0;
    uint64_t header = info->dlpi_addr + frame_header->p_vaddr;
    if (!sonora_internal_in_snapshot(header, 12)) return 0;
    const unsigned char *bytes = (const unsigned char *)(uintptr_t)header;
    // version 1; the count as udata4; the table as datarel | sdata4 pairs (what linkers write).
    size_t pointer_size = encoded_size(bytes[1]);
    if (bytes[0] != 1 || pointer_size == 0 || bytes[2] != 0x03 || bytes[3] != 0x3B) return 0;
    uint32_t count;
    memcpy(&count, bytes + 4 + pointer_size, 4);
    uint64_t table = header + 4 + pointer_size + 4;
    if (count == 0 || !sonora_internal_in_snapshot(table, (uint64_t)count * 8)) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_X) || segment->p_memsz == 0) continue;
        object_table *grown = sonora_internal_grow(tables, table_count, &table_capacity, sizeof *tables, 64);
        if (grown == NULL) return 1;
        tables = grown;
        uint64_t start = info->dlpi_addr + segment->p_vaddr;
        tables[table_count++] = (object_table){start, start + segment->p_memsz, header, (const int32_t *)(uintptr_t)table, count};
    }
    return 0;
}

int sonora_internal_find_fde(uint64_t ip, uint64_t *start, uint64_t *end, uint64_t *segbase, int32_t entry[2]) {
    if (!listed) {
        table_count = 0;
        dl_iterate_phdr(add_object, NULL);
        listed = 1;
    }
    const object_table *found = NULL;
    if (last_table < table_count && ip >= tables[last_table].start && ip < tables[last_table].end) {
        found = &tables[last_table];
    } else {
        for (size_t i = 0; i < table_count; i++) {
            if (ip >= tables[i].start && ip < tables[i].end) {
                found = &tables[i];
                last_table = i;
                break;
            }
        }
    }
    if (found == NULL) return -1;
    // The last entry whose initial location is at or below ip, as libunwind's lookup picks it.
    int64_t relative = (int64_t)(ip - found->header);
    if (relative < INT32_MIN || relative > INT32_MAX) return -1;
    size_t low = 0, high = found->count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if ((int64_t)found->table[2 * middle] <= relative) low = middle + 1; else high = middle;
    }
    if (low == 0) return -1;
    entry[0] = found->table[2 * (low - 1)];
    entry[1] = found->table[2 * (low - 1) + 1];
    *start = found->start;
    *end = found->end;
    *segbase = found->header;
    return 0;
}
