// Declarations the symbolizer needs that Swift's Glibc module does not expose:
// - elfutils' libdw and libelf, for DWARF file:line lookup;
// - dl_iterate_phdr, for the loaded-object snapshot;
// - getauxval, for where the vDSO is mapped.
// Nothing is defined here; this only imports declarations.
#ifndef CSONORA_DWARF_H
#define CSONORA_DWARF_H
#include <stddef.h>
#include <libelf.h>
#include <elfutils/libdw.h>
#include <sys/auxv.h>

// <link.h> declares dl_iterate_phdr only under _GNU_SOURCE. Defining _GNU_SOURCE in this module
// changes fd_set and clashes with other modules (CDispatch), so the prototype is repeated here
// exactly as glibc declares it, with struct dl_phdr_info left incomplete: Swift reads its fields
// at their ABI offsets (see LoadedObject.swift).
struct dl_phdr_info;
extern int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data);
#endif
