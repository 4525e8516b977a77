// The process's allocator settings, applied when the library is loaded (before any tensor exists).
//
// Why: glibc serves every block above the mmap threshold (128 KiB at first, at most 32 MiB) with its own mmap and
// gives it back with munmap when freed. A generator frame or a training update allocates and frees gigabytes of
// such tensors, so every frame faults all of them in again; on the VMs we run on a page fault is expensive and this
// made generation 4.4x and training 2.4x slower than with the memory kept in the process (bench/RESULTS.md, issue 13).
// So large blocks come from the heap (M_MMAP_MAX = 0), the heap keeps what is freed up to a bound
// (M_TRIM_THRESHOLD) and grows in big steps (M_TOP_PAD) instead of a page fault storm of small brk calls.
//
// The settings are skipped when the user makes them (glibc's MALLOC_MMAP_MAX_, MALLOC_MMAP_THRESHOLD_,
// MALLOC_TRIM_THRESHOLD_, MALLOC_TOP_PAD_ or a glibc.malloc tunable) or sets PV3D_MALLOC=system; with another
// allocator preloaded (jemalloc, mimalloc) mallopt only configures glibc's unused one, so it is harmless there.
#include "common.h"
#include <malloc.h>
#include <cstdlib>
#include <cstring>

namespace {

// The values in effect (0 = glibc's defaults were left alone).
int g_applied = 0;
int64_t g_trim_threshold = 0;
int64_t g_top_pad = 0;

bool user_configured_malloc() {
  // The variables for the settings made here; others (MALLOC_ARENA_MAX, ...) combine with them.
  static const char* const variables[] = {"MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
                                          "MALLOC_TOP_PAD_"};
  for (const char* name : variables)
    if (std::getenv(name) != nullptr) return true;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables != nullptr && std::strstr(tunables, "glibc.malloc") != nullptr;
}

// Runs when the dynamic loader maps the library, i.e. at the managed side's first call into it and before it
// allocates any tensor. Allocations libtorch's own static initialisers made earlier are small and unaffected.
__attribute__((constructor)) void configure_allocator() {
  const char* mode = std::getenv("PV3D_MALLOC");
  if (mode != nullptr && std::strcmp(mode, "system") == 0) return;
  if (user_configured_malloc()) return;
  // Freed memory above this at the heap's top goes back to the system: a bound on what an idle process keeps,
  // far above one frame's or one update's working set so that the steady state never trims.
  const int64_t trim_threshold = int64_t(1) << 30;
  const int64_t top_pad = int64_t(256) << 20;
  if (mallopt(M_MMAP_MAX, 0) != 1) return;
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(trim_threshold));
  mallopt(M_TOP_PAD, static_cast<int>(top_pad));
  g_applied = 1;
  g_trim_threshold = trim_threshold;
  g_top_pad = top_pad;
}

}  // namespace

// What configure_allocator set: applied 1 when the settings are in effect, 0 when glibc's defaults were kept.
PV_API int32_t pv_allocator_settings(int32_t* applied, int64_t* trim_threshold, int64_t* top_pad) {
  PV_TRY
  *applied = g_applied;
  *trim_threshold = g_trim_threshold;
  *top_pad = g_top_pad;
  PV_CATCH
}

// Blocks malloc currently serves with their own mmap (glibc mallinfo2 hblks and hblkhd): stays 0 for tensors
// of any size while the settings are in effect and the heap can hold them.
PV_API int32_t pv_malloc_mmapped(int64_t* blocks, int64_t* bytes) {
  PV_TRY
  struct mallinfo2 info = mallinfo2();
  *blocks = static_cast<int64_t>(info.hblks);
  *bytes = static_cast<int64_t>(info.hblkhd);
  PV_CATCH
}
