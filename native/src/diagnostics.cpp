// Process memory diagnostics for flat-memory tests: bytes malloc currently hands out (libtorch's CPU
// tensors live there; the .NET heap does not), summed over every glibc arena.
#include "common.h"
#include <malloc.h>

PV_API int32_t pv_malloc_in_use_bytes(int64_t* out) {
  PV_TRY
  struct mallinfo2 info = mallinfo2();
  // uordblks: bytes in use from the arenas; hblkhd: bytes in blocks served directly by mmap.
  *out = static_cast<int64_t>(info.uordblks + info.hblkhd);
  PV_CATCH
}
