#ifndef C_SONORA_SAMPLER_H
#define C_SONORA_SAMPLER_H
// Placeholder: the sampler's public C API lands with the profiler-core work.
int sonora_sampler_placeholder(void);
#endif
