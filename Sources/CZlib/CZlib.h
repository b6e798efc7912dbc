// Exposes the system zlib to Swift; Sonora uses only deflateInit2/deflate/deflateEnd to gzip pprof files.
#include <zlib.h>
