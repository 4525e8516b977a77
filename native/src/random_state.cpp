// Saving and restoring the default CPU generator (for bit-exact training resume): libtorch's own
// serialised state, a uint8 tensor holding the Mersenne Twister and the cached normal samples.
#include "common.h"
#include <ATen/CPUGeneratorImpl.h>
#include <mutex>

PV_API int32_t pv_cpu_rng_get_state(pv_tensor* out) {
  PV_TRY
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    *out = pv::wrap(gen.get_state());
  PV_CATCH
}

PV_API int32_t pv_cpu_rng_set_state(pv_tensor state) {
  PV_TRY
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(*state);
  PV_CATCH
}
