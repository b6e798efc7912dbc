#ifndef CSONORA_PRELOAD_STUB_H
#define CSONORA_PRELOAD_STUB_H

// libSonoraPreload.so: the library LD_PRELOAD names. It is C only and links nothing but libc and
// libdl, so with SONORA_PROFILE unset a program pays for one getenv. With it set, the constructor
// dlopen()s libSonoraPreloadAgent.so from the same folder (the Swift runtime, Foundation and the
// profiler) and calls its sonora_preload_start.

/// The agent's path this stub loads (or would load), for messages; never NULL.
const char *sonora_preload_stub_agent_path(void);

#endif
