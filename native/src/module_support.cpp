// What modules need beyond the tensor API: parameter initialisation drawn with libtorch's own
// uniform_ (so that the random stream matches torch.nn.init for the same seed) and in-place loading.
#include "common.h"
#include <c10/core/GradMode.h>

// A new tensor filled from U(low, high) with the default generator, like torch.empty(...).uniform_.
PV_API int32_t pv_module_uniform(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device_type,
                                 int32_t device_index, double low, double high, pv_tensor* out) {
  PV_TRY
  c10::NoGradGuard no_grad;
  auto t = at::empty(pv::dims(sizes, ndim), pv::options(dtype, device_type, device_index));
  t.uniform_(low, high);
  *out = pv::wrap(t);
  PV_CATCH
}

// dst.copy_(src) without recording gradients: converts dtype and device, broadcasts src.
PV_API int32_t pv_module_copy_(pv_tensor dst, pv_tensor src) {
  PV_TRY
  c10::NoGradGuard no_grad;
  dst->copy_(*src);
  PV_CATCH
}
