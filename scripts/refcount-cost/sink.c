// An opaque sink for scripts/refcount-cost/main.swift: the optimizer cannot see what it does with the pointer.
void rc_sink(const void *p) { __asm__ volatile("" : : "r"(p) : "memory"); }
