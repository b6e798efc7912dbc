// The system headers the symbolizer needs and Swift's Glibc module does not expose:
// - <link.h> with _GNU_SOURCE, for dl_iterate_phdr (the loaded-object snapshot);
// - elfutils' libdw and libelf, for DWARF file:line lookup.
// Nothing is defined here; this only imports declarations.
#ifndef CSONORA_DWARF_H
#define CSONORA_DWARF_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <link.h>
#include <libelf.h>
#include <elfutils/libdw.h>
#endif
