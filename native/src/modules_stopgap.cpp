// STOPGAP: the few tensor ops the module/optimiser memory test needs while the core ops area
// (pointwise, reductions, creation) is not yet published. Internal to the tests; delete this file and
// StopgapOps.cs once Tensor.Randn, Sum and the operators exist.
#include "common.h"

PV_API int32_t pv_stopgap_randn(const int64_t* sizes, int32_t ndim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::randn(pv::dims(sizes, ndim), at::kFloat)); PV_CATCH
}

PV_API int32_t pv_stopgap_sum(pv_tensor x, pv_tensor* out) { PV_TRY *out = pv::wrap(x->sum()); PV_CATCH }

PV_API int32_t pv_stopgap_mul(pv_tensor a, pv_tensor b, pv_tensor* out) { PV_TRY *out = pv::wrap(*a * *b); PV_CATCH }

PV_API int32_t pv_stopgap_add(pv_tensor a, pv_tensor b, pv_tensor* out) { PV_TRY *out = pv::wrap(*a + *b); PV_CATCH }
