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

// Hands free heap memory back to the system, including whole free pages inside the heap and not only at its top.
// Comparing the resident size before and after shows how much of it is freed memory that glibc kept.
PV_API int32_t pv_malloc_trim(int32_t* released) {
  PV_TRY
  *released = malloc_trim(0);
  PV_CATCH
}
