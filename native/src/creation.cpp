// Tensor creation: filled, ranged and random tensors, *_like variants, strided views, seeding.
#include "ops_common.h"
#include <ATen/Context.h>

#define PV_OPTS pv::options(dtype, device_type, device_index)

PV_API int32_t pv_zeros(const int64_t* sizes, int32_t n, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::zeros(pv::dims(sizes, n), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_ones(const int64_t* sizes, int32_t n, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::ones(pv::dims(sizes, n), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_empty(const int64_t* sizes, int32_t n, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::empty(pv::dims(sizes, n), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_full(const int64_t* sizes, int32_t n, double value, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::full(pv::dims(sizes, n), pv::scalar(value), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_scalar_tensor(double value, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::scalar_tensor(pv::scalar(value), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_arange(double start, double end, double step, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::arange(pv::scalar(start), pv::scalar(end), pv::scalar(step), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::linspace(start, end, steps, PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_randn(const int64_t* sizes, int32_t n, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::randn(pv::dims(sizes, n), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_rand(const int64_t* sizes, int32_t n, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::rand(pv::dims(sizes, n), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_randint(int64_t low, int64_t high, const int64_t* sizes, int32_t n, int32_t dtype, int32_t device_type, int32_t device_index,
                          pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::randint(low, high, pv::dims(sizes, n), PV_OPTS)); PV_CATCH
}

PV_API int32_t pv_randperm(int64_t n, int32_t dtype, int32_t device_type, int32_t device_index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::randperm(n, PV_OPTS)); PV_CATCH
}

PV_UNARY(zeros_like, at::zeros_like(a))
PV_UNARY(ones_like, at::ones_like(a))
PV_UNARY(empty_like, at::empty_like(a))
PV_UNARY(randn_like, at::randn_like(a))
PV_UNARY(rand_like, at::rand_like(a))
PV_BINARY_SCALAR(full_like, at::full_like(a, s))

PV_API int32_t pv_as_strided(pv_tensor a, const int64_t* sizes, int32_t n, const int64_t* strides, int32_t m, int64_t offset, pv_tensor* out) {
  PV_TRY *out = pv::wrap(a->as_strided(pv::dims(sizes, n), pv::dims(strides, m), offset)); PV_CATCH
}

// Seeds the default CPU generator and, when CUDA is present, every CUDA generator.
PV_API int32_t pv_manual_seed(int64_t seed) { PV_TRY at::manual_seed(static_cast<uint64_t>(seed)); PV_CATCH }

PV_API int32_t pv_initial_seed(int64_t* out) {
  PV_TRY *out = static_cast<int64_t>(at::detail::getDefaultCPUGenerator().current_seed()); PV_CATCH
}
