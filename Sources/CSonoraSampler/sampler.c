#include "CSonoraSampler.h"
int sonora_sampler_placeholder(void) { return 0; }
