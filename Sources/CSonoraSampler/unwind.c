// The collector-side unwinder: walks a copied stack with libunwind's remote API.
//
// Debian's libunwind.so.8 is local-only (unw_create_addr_space returns NULL), and linking any
// libunwind would replace libgcc_s's _Unwind_* for the whole process. So the remote API is
// loaded from libunwind-x86_64.so.8 with dlopen(RTLD_LOCAL) and called through pointers looked up
// by their _Ux86_64_* names. <libunwind.h> is included for its types only.

#define _GNU_SOURCE
#include "CSonoraSampler.h"
#include "sampler_internal.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <libunwind.h>

typedef unw_addr_space_t (*create_addr_space_fn)(unw_accessors_t *, int);
typedef int (*init_remote_fn)(unw_cursor_t *, unw_addr_space_t, void *);
typedef int (*step_fn)(unw_cursor_t *);
typedef int (*get_reg_fn)(unw_cursor_t *, int, unw_word_t *);
typedef void (*flush_cache_fn)(unw_addr_space_t, unw_word_t, unw_word_t);
typedef unw_accessors_t *(*get_accessors_fn)(unw_addr_space_t);
typedef int (*set_caching_policy_fn)(unw_addr_space_t, unw_caching_policy_t);
typedef int (*search_table_fn)(unw_addr_space_t, unw_word_t, unw_dyn_info_t *, unw_proc_info_t *, int, void *);

static struct {
    int loaded;
    init_remote_fn init_remote;
    step_fn step;
    get_reg_fn get_reg;
    flush_cache_fn flush_cache;
    search_table_fn search_table;  // NULL when this libunwind does not export it
    unw_accessors_t local;   // the local address space's accessors, called with arg = NULL
    unw_addr_space_t space;  // our remote address space over the copies
} lib;

// The sample being unwound. The collector is single-threaded, so accessors read it directly
// instead of trusting `arg` (libunwind passes NULL for lookups delegated to the local accessors).
static struct {
    const sonora_slot *slot;
    const unsigned char *copy;
    uint64_t copy_start, copy_end;  // [copy_base, copy_base + copy_len): SP's red zone and up
    uint64_t refuse_lo, refuse_hi;  // live stack we must not read (stale)
    int hit_copy_limit;
} current;

// Loaded-object segments safe for plain loads, sorted by start.
#define SONORA_MAX_DEPTH 1024

// MARK: - Accessors

static int access_mem(unw_addr_space_t as, unw_word_t address, unw_word_t *value, int write, void *arg) {
    (void)as;
    (void)arg;
    if (write) return -UNW_EINVAL;
    uint64_t a = address;
    if (current.slot != NULL) {
        if (a >= current.copy_start && a + 8 <= current.copy_end) {
            memcpy(value, current.copy + (a - current.copy_start), 8);
            return 0;
        }
        if (a + 8 > current.refuse_lo && a < current.refuse_hi) {
            if (a >= current.copy_end) current.hit_copy_limit = 1;
            return -UNW_EINVAL;
        }
    }
    if (sonora_internal_in_snapshot(a, 8)) {
        memcpy(value, (const void *)(uintptr_t)a, 8);
        return 0;
    }
    struct iovec local = {value, 8};
    struct iovec remote = {(void *)(uintptr_t)a, 8};
    if (process_vm_readv(sonora_internal_self_pid, &local, 1, &remote, 1, 0) != 8) return -UNW_EINVAL;
    return 0;
}

static int access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *value, int write, void *arg) {
    (void)as;
    (void)arg;
    if (write || current.slot == NULL || reg < 0 || reg >= SONORA_NREGS) return -UNW_EBADREG;
    *value = current.slot->regs[reg];
    return 0;
}

static int access_fpreg(unw_addr_space_t as, unw_regnum_t reg, unw_fpreg_t *value, int write, void *arg) {
    (void)as; (void)reg; (void)value; (void)write; (void)arg;
    return -UNW_EBADREG;
}

static int resume(unw_addr_space_t as, unw_cursor_t *cursor, void *arg) {
    (void)as; (void)cursor; (void)arg;
    return -UNW_EINVAL;
}

static int get_proc_name(unw_addr_space_t as, unw_word_t ip, char *buffer, size_t size, unw_word_t *offset, void *arg) {
    (void)as; (void)ip; (void)buffer; (void)size; (void)offset; (void)arg;
    return -UNW_ENOINFO;
}

// The entry libunwind reads back through access_mem: static, so it lies in the executable's
// snapshotted segments and is read with a plain load.
static int32_t fde_entry[2];

// libunwind's local lookup walks every loaded object with dl_iterate_phdr and binary-searches the
// `.eh_frame_hdr` table through access_mem, for each sample's leaf (its cache is keyed by exact
// IP). Sonora finds the entry itself (unwind_tables.c) and hands libunwind a one-entry table, so
// libunwind only parses that FDE. Anything unusual goes to libunwind's own lookup.
static int find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *info, int need, void *arg) {
    (void)arg;
    uint64_t start, end, segbase;
    if (lib.search_table != NULL && sonora_internal_find_fde(ip, &start, &end, &segbase, fde_entry) == 0) {
        unw_dyn_info_t table;
        memset(&table, 0, sizeof table);
        table.format = UNW_INFO_FORMAT_REMOTE_TABLE;
        table.start_ip = start;
        table.end_ip = end;
        table.u.rti.segbase = segbase;
        table.u.rti.table_data = (unw_word_t)(uintptr_t)fde_entry;
        table.u.rti.table_len = (sizeof fde_entry) / sizeof(unw_word_t);  // in words: one 8-byte entry
        if (lib.search_table(as, ip, &table, info, need, NULL) >= 0) return 0;
    }
    return lib.local.find_proc_info(as, ip, info, need, NULL);
}

static void put_unwind_info(unw_addr_space_t as, unw_proc_info_t *info, void *arg) {
    (void)arg;
    if (lib.local.put_unwind_info) lib.local.put_unwind_info(as, info, NULL);
}

static int get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *address, void *arg) {
    (void)arg;
    if (lib.local.get_dyn_info_list_addr == NULL) return -UNW_ENOINFO;
    return lib.local.get_dyn_info_list_addr(as, address, NULL);
}

// MARK: - Quiet signal masking

// libunwind 1.6.2 blocks and restores every signal around each lock it takes (its caches, its
// memory pool, dl_iterate_phdr): about 70 sigprocmask system calls per sample here, most of the
// collector's ~24 µs. The masking only guards against a signal handler on the same thread
// re-entering this libunwind instance, which cannot happen: we loaded it privately
// (RTLD_LOCAL), only the collector thread calls it, and that thread blocks the sampling signal.
// So its PLT slot for sigprocmask is pointed at a wrapper that skips the system call while the
// collector unwinds and forwards every other call.
static __thread int quiet_masking __attribute__((tls_model("initial-exec")));
static int (*real_sigprocmask)(int, const sigset_t *, sigset_t *);

static int quiet_sigprocmask(int how, const sigset_t *set, sigset_t *old) {
    if (!quiet_masking) return real_sigprocmask(how, set, old);
    if (old != NULL) sigemptyset(old);  // only ever handed back to this wrapper while quiet
    return 0;
}

typedef struct { const char *name; int patched; } plt_patch;

static int patch_plt(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    plt_patch *patch = data;
    if (info->dlpi_name == NULL || strstr(info->dlpi_name, patch->name) == NULL) return 0;
    const ElfW(Dyn) *dynamic = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC) dynamic = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    if (dynamic == NULL) return 1;
    const ElfW(Rela) *relocations = NULL;
    const ElfW(Sym) *symbols = NULL;
    const char *strings = NULL;
    size_t relocation_bytes = 0;
    for (const ElfW(Dyn) *entry = dynamic; entry->d_tag != DT_NULL; entry++) {
        // The loader has already relocated these to run-time addresses.
        if (entry->d_tag == DT_JMPREL) relocations = (const ElfW(Rela) *)entry->d_un.d_ptr;
        if (entry->d_tag == DT_PLTRELSZ) relocation_bytes = entry->d_un.d_val;
        if (entry->d_tag == DT_SYMTAB) symbols = (const ElfW(Sym) *)entry->d_un.d_ptr;
        if (entry->d_tag == DT_STRTAB) strings = (const char *)entry->d_un.d_ptr;
    }
    if (relocations == NULL || symbols == NULL || strings == NULL) return 1;
    for (size_t i = 0; i < relocation_bytes / sizeof *relocations; i++) {
        if (ELF64_R_TYPE(relocations[i].r_info) != R_X86_64_JUMP_SLOT) continue;
        if (strcmp(strings + symbols[ELF64_R_SYM(relocations[i].r_info)].st_name, "sigprocmask") != 0) continue;
        void **slot = (void **)(info->dlpi_addr + relocations[i].r_offset);
        uintptr_t page = (uintptr_t)slot & ~(uintptr_t)4095;
        // The slot is writable with lazy binding; under full RELRO it is not, so open it briefly.
        if (mprotect((void *)page, 4096, PROT_READ | PROT_WRITE) != 0) return 1;
        __atomic_store_n(slot, (void *)quiet_sigprocmask, __ATOMIC_RELEASE);
        patch->patched = 1;
        return 1;
    }
    return 1;
}

// MARK: - Loading

static _Atomic uint64_t flush_count;

void sonora_internal_flush_unwind_cache(void) {
    sonora_internal_forget_unwind_tables();
    if (!lib.loaded) return;
    lib.flush_cache(lib.space, 0, 0);
    atomic_fetch_add(&flush_count, 1);
}

uint64_t sonora_internal_unwind_cache_flushes(void) { return atomic_load(&flush_count); }

int sonora_unwinder_load(char *error, size_t error_size) {
    if (lib.loaded) return 0;
    void *handle = dlopen("libunwind-x86_64.so.8", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(error, error_size, "dlopen(libunwind-x86_64.so.8) failed: %s", dlerror());
        return -1;
    }
    create_addr_space_fn create = (create_addr_space_fn)dlsym(handle, "_Ux86_64_create_addr_space");
    get_accessors_fn get_accessors = (get_accessors_fn)dlsym(handle, "_Ux86_64_get_accessors");
    set_caching_policy_fn set_caching = (set_caching_policy_fn)dlsym(handle, "_Ux86_64_set_caching_policy");
    unw_addr_space_t *local_space = (unw_addr_space_t *)dlsym(handle, "_Ux86_64_local_addr_space");
    lib.init_remote = (init_remote_fn)dlsym(handle, "_Ux86_64_init_remote");
    lib.step = (step_fn)dlsym(handle, "_Ux86_64_step");
    lib.get_reg = (get_reg_fn)dlsym(handle, "_Ux86_64_get_reg");
    lib.flush_cache = (flush_cache_fn)dlsym(handle, "_Ux86_64_flush_cache");
    lib.search_table = (search_table_fn)dlsym(handle, "_Ux86_64_dwarf_search_unwind_table");
    if (!create || !get_accessors || !set_caching || !local_space || !lib.init_remote || !lib.step ||
        !lib.get_reg || !lib.flush_cache) {
        snprintf(error, error_size, "libunwind-x86_64.so.8 lacks a _Ux86_64_* function Sonora needs");
        return -1;
    }
    unw_accessors_t *local = get_accessors(*local_space);
    if (local == NULL || local->find_proc_info == NULL) {
        snprintf(error, error_size, "libunwind-x86_64.so.8 has no local accessors");
        return -1;
    }
    lib.local = *local;
    static unw_accessors_t accessors;
    accessors.find_proc_info = find_proc_info;
    accessors.put_unwind_info = put_unwind_info;
    accessors.get_dyn_info_list_addr = get_dyn_info_list_addr;
    accessors.access_mem = access_mem;
    accessors.access_reg = access_reg;
    accessors.access_fpreg = access_fpreg;
    accessors.resume = resume;
    accessors.get_proc_name = get_proc_name;
    lib.space = create(&accessors, 0);
    if (lib.space == NULL) {
        snprintf(error, error_size, "_Ux86_64_create_addr_space returned NULL");
        return -1;
    }
    set_caching(lib.space, UNW_CACHE_GLOBAL);
    real_sigprocmask = sigprocmask;
    plt_patch patch = {"libunwind-x86_64.so", 0};
    dl_iterate_phdr(patch_plt, &patch);  // when it fails, libunwind just keeps masking
    lib.loaded = 1;
    return 0;
}

// MARK: - Walking

// Frame-pointer walk over the copy only, for samples libunwind could not step.
static int32_t walk_frame_pointers(uint64_t *addresses, int32_t max_depth, int *truncated) {
    int32_t depth = 0;
    addresses[depth++] = current.slot->regs[16];
    uint64_t fp = current.slot->regs[6];
    while (depth < max_depth) {
        if (fp < current.copy_start || fp + 16 > current.copy_end || (fp & 7) != 0) {
            if (fp >= current.copy_end && fp < current.refuse_hi) {
                current.hit_copy_limit = 1;
                *truncated = 1;
            }
            return depth;
        }
        uint64_t next, ret;
        memcpy(&next, current.copy + (fp - current.copy_start), 8);
        memcpy(&ret, current.copy + (fp + 8 - current.copy_start), 8);
        if (ret == 0) return depth;
        addresses[depth++] = ret;
        if (next <= fp) return depth;
        fp = next;
    }
    *truncated = 1;
    return depth;
}

static int32_t walk_libunwind(uint64_t *addresses, int32_t max_depth, int *truncated, int *failed) {
    unw_cursor_t cursor;
    int32_t depth = 0;
    *failed = 0;
    if (lib.init_remote(&cursor, lib.space, NULL) < 0) {
        *failed = 1;
        return 0;
    }
    for (;;) {
        unw_word_t ip = 0;
        if (lib.get_reg(&cursor, UNW_REG_IP, &ip) < 0 || ip == 0) break;
        if (depth == max_depth) {
            *truncated = 1;
            break;
        }
        addresses[depth++] = ip;
        int stepped = lib.step(&cursor);
        if (stepped == 0) break;
        if (stepped < 0) {
            if (current.hit_copy_limit) *truncated = 1;
            else if (depth < 3) *failed = 1;
            break;
        }
    }
    return depth;
}

bool sonora_collect_one(sonora_collected_sample *out, uint64_t *addresses, int32_t max_depth) {
    static size_t scan;
    size_t count = sonora_internal_slot_count();
    sonora_slot *slot = NULL;
    _Atomic uint32_t *state = NULL;
    if (atomic_load_explicit(&sonora_internal_ready_count, memory_order_acquire) == 0) return false;
    for (size_t i = 0; i < count; i++) {
        size_t index = (scan + i) % count;
        if (atomic_load_explicit(sonora_internal_slot_state(index), memory_order_acquire) == SONORA_SLOT_READY) {
            slot = sonora_internal_slot(index);
            state = sonora_internal_slot_state(index);
            scan = (index + 1) % count;
            break;
        }
    }
    if (slot == NULL) return false;

    uint64_t start = sonora_internal_now_ns();
    current.slot = slot;
    current.copy = sonora_internal_slot_stack(slot);
    current.copy_start = slot->copy_base;
    current.copy_end = current.copy_start + slot->copy_len;
    current.hit_copy_limit = 0;
    if (slot->bounds_known) {
        current.refuse_lo = slot->stack_lo;
        current.refuse_hi = slot->stack_hi;
    } else {
        // Unknown bounds: treat the neighborhood of SP as live stack.
        current.refuse_lo = current.copy_start > (1u << 16) ? current.copy_start - (1u << 16) : 0;
        current.refuse_hi = current.copy_start + (8u << 20);
    }
    if (max_depth < 1) max_depth = 1;
    if (max_depth > SONORA_MAX_DEPTH) max_depth = SONORA_MAX_DEPTH;
    sonora_internal_check_snapshot();

    int truncated = 0, failed = 0;
    sonora_walker walker = SONORA_WALKER_LIBUNWIND_REMOTE;
    quiet_masking = 1;
    int32_t depth = lib.loaded ? walk_libunwind(addresses, max_depth, &truncated, &failed) : 0;
    quiet_masking = 0;
    if (!lib.loaded || failed || depth == 0) {
        // libunwind could not step: try the frame-pointer chain and keep the longer stack.
        static uint64_t fallback[SONORA_MAX_DEPTH];
        int fp_truncated = 0;
        int32_t fp_depth = walk_frame_pointers(fallback, max_depth, &fp_truncated);
        if (fp_depth > depth) {
            memcpy(addresses, fallback, (size_t)fp_depth * sizeof *addresses);
            depth = fp_depth;
            truncated = fp_truncated;
        }
        walker = depth > 1 ? SONORA_WALKER_FRAME_POINTER : SONORA_WALKER_PC_ONLY;
    }

    // A frame outside every snapshotted object may belong to a library that can be unloaded and
    // replaced at the same address, so its cached unwind info must not outlive this sample.
    if (lib.loaded) {
        for (int32_t i = 0; i < depth; i++) {
            if (!sonora_internal_in_snapshot(addresses[i] - (i > 0), 1)) {
                lib.flush_cache(lib.space, 0, 0);  // unwind_tables.c lists snapshot objects only
                break;
            }
        }
    }

    out->tid = slot->tid;
    out->weight = slot->weight;
    out->cpu_state = slot->cpu_state;
    out->bounds_known = slot->bounds_known;
    out->sp = slot->regs[7];
    out->thread_handle = slot->thread_pointer;
    out->timestamp_ns = slot->timestamp_ns;
    out->handler_ns = slot->handler_ns;
    out->depth = depth;
    out->walker = walker;
    out->truncated = truncated != 0;
    out->copy_limit_hit = current.hit_copy_limit != 0;
    current.slot = NULL;
    atomic_fetch_sub_explicit(&sonora_internal_ready_count, 1, memory_order_acq_rel);
    atomic_store_explicit(state, SONORA_SLOT_FREE, memory_order_release);
    out->unwind_ns = sonora_internal_now_ns() - start;
    return true;
}

#else  // Not x86_64: the remote unwinder is x86_64-only for now.

void sonora_internal_flush_unwind_cache(void) {}
uint64_t sonora_internal_unwind_cache_flushes(void) { return 0; }

int sonora_unwinder_load(char *error, size_t error_size) {
    snprintf(error, error_size, "Sonora's remote unwinder supports only x86_64");
    return -1;
}
bool sonora_collect_one(sonora_collected_sample *out, uint64_t *addresses, int32_t max_depth) {
    (void)out; (void)addresses; (void)max_depth;
    return false;
}
#endif
