// Helpers shared by the tensor-op areas (creation, pointwise, reduction, shape, indexing, linalg, in-place).
#pragma once
#include "common.h"
#include <cmath>

namespace pv {

// Scalars cross the ABI as doubles. An integral value becomes an integer Scalar so that
// `int64 tensor + 1` stays int64 (as `t + 1` does in PyTorch); any other value stays a double.
inline at::Scalar scalar(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9.0e15) return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}

inline c10::optional<at::Scalar> optional_scalar(int32_t has, double v) {
  return has ? c10::optional<at::Scalar>(scalar(v)) : c10::nullopt;
}

// Writes a list of results into caller-provided slots; fails when there are more than `capacity`.
inline void write_list(const std::vector<at::Tensor>& parts, pv_tensor* out, int32_t capacity, int32_t* count) {
  TORCH_CHECK(static_cast<int64_t>(parts.size()) <= capacity, "result has ", parts.size(), " tensors, room for ", capacity);
  for (size_t i = 0; i < parts.size(); ++i) out[i] = wrap(parts[i]);
  *count = static_cast<int32_t>(parts.size());
}

}  // namespace pv

// One-input and two-input ops that map straight onto an ATen expression of `a` (and `b`).
#define PV_UNARY(name, expr) \
  PV_API int32_t pv_##name(pv_tensor a_, pv_tensor* out) { PV_TRY const at::Tensor& a = *a_; *out = pv::wrap(expr); PV_CATCH }
#define PV_BINARY(name, expr)                                                          \
  PV_API int32_t pv_##name(pv_tensor a_, pv_tensor b_, pv_tensor* out) {               \
    PV_TRY const at::Tensor& a = *a_; const at::Tensor& b = *b_; *out = pv::wrap(expr); PV_CATCH \
  }
#define PV_BINARY_SCALAR(name, expr)                                                   \
  PV_API int32_t pv_##name(pv_tensor a_, double s_, pv_tensor* out) {                 \
    PV_TRY const at::Tensor& a = *a_; at::Scalar s = pv::scalar(s_); *out = pv::wrap(expr); PV_CATCH \
  }
