// elfutils' libdw and libelf, for DWARF file:line lookup in the symbolizer.
// Nothing is defined here; this only imports declarations.
#ifndef CSONORA_DWARF_H
#define CSONORA_DWARF_H
#include <libelf.h>
#include <elfutils/libdw.h>
#endif
