#define _GNU_SOURCE
#include "CSonoraPreloadStub.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char agent_path[PATH_MAX];

const char *sonora_preload_stub_agent_path(void) { return agent_path; }

// SONORA_PRELOAD_AGENT, or libSonoraPreloadAgent.so next to this library.
static void find_agent(void) {
    const char *named = getenv("SONORA_PRELOAD_AGENT");
    if (named != NULL && named[0] != '\0') {
        snprintf(agent_path, sizeof agent_path, "%s", named);
        return;
    }
    Dl_info info;
    const char *self = (dladdr((void *)&find_agent, &info) != 0 && info.dli_fname != NULL) ? info.dli_fname : "";
    const char *slash = strrchr(self, '/');
    int folder = slash != NULL ? (int)(slash - self) : 1;
    snprintf(agent_path, sizeof agent_path, "%.*s/libSonoraPreloadAgent.so", folder, slash != NULL ? self : ".");
}

// One stderr line, no stdio buffering (the program's stdout is never touched).
static void say(const char *what, const char *detail) {
    char line[PATH_MAX + 256];
    int length = snprintf(line, sizeof line, "sonora: %s %s: %s; running unprofiled\n", what, agent_path, detail);
    if (length > 0) {
        ssize_t ignored = write(2, line, (size_t)length < sizeof line ? (size_t)length : sizeof line - 1);
        (void)ignored;
    }
}

__attribute__((constructor)) static void sonora_preload_stub_constructor(void) {
    const char *path = getenv("SONORA_PROFILE");
    if (path == NULL || path[0] == '\0') return;
    find_agent();
    void *agent = dlopen(agent_path, RTLD_NOW | RTLD_LOCAL);
    if (agent == NULL) return say("cannot load the profiling agent", dlerror());
    void (*start)(void) = (void (*)(void))dlsym(agent, "sonora_preload_start");
    if (start == NULL) return say("the profiling agent has no sonora_preload_start:", dlerror());
    start();
}
