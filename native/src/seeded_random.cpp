// Random draws from a private generator seeded for the call, so concurrent users of the global
// generator cannot interleave with them. Same stream as manual_seed(seed) followed by the plain op.
#include "common.h"
#include <ATen/CPUGeneratorImpl.h>

PV_API int32_t pv_randn_seeded(const int64_t* sizes, int32_t n, int64_t seed, int32_t dtype, pv_tensor* out) {
  PV_TRY
    auto gen = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed));
    *out = pv::wrap(at::randn(pv::dims(sizes, n), gen, at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype))));
  PV_CATCH
}
