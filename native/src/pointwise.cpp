// Pointwise math: arithmetic with tensors and scalars, unary functions, activations, comparisons, logic.
#include "ops_common.h"
#include <ATen/ScalarOps.h>

// A scalar on the left of a tensor op, promoted the way PyTorch promotes Python numbers.
static at::Tensor wrapped(double v, const at::Tensor& like) { return at::native::wrapped_scalar_tensor(pv::scalar(v), like.device()); }

// ---- arithmetic ------------------------------------------------------------------------------
PV_API int32_t pv_add(pv_tensor a, pv_tensor b, double alpha, pv_tensor* out) { PV_TRY *out = pv::wrap(at::add(*a, *b, pv::scalar(alpha))); PV_CATCH }
PV_API int32_t pv_sub(pv_tensor a, pv_tensor b, double alpha, pv_tensor* out) { PV_TRY *out = pv::wrap(at::sub(*a, *b, pv::scalar(alpha))); PV_CATCH }
PV_BINARY(mul, at::mul(a, b))
PV_BINARY(div, at::div(a, b))
PV_BINARY(pow, at::pow(a, b))
PV_BINARY(maximum, at::maximum(a, b))
PV_BINARY(minimum, at::minimum(a, b))
PV_BINARY(atan2, at::atan2(a, b))
PV_BINARY(remainder, at::remainder(a, b))
PV_BINARY_SCALAR(add_scalar, at::add(a, s))
PV_BINARY_SCALAR(sub_scalar, at::sub(a, s))
PV_BINARY_SCALAR(mul_scalar, at::mul(a, s))
PV_BINARY_SCALAR(div_scalar, at::div(a, s))
PV_BINARY_SCALAR(pow_scalar, at::pow(a, s))
PV_BINARY_SCALAR(remainder_scalar, at::remainder(a, s))
PV_BINARY_SCALAR(rsub_scalar, at::rsub(a, s))

PV_API int32_t pv_rdiv_scalar(pv_tensor a, double s, pv_tensor* out) { PV_TRY *out = pv::wrap(at::div(wrapped(s, *a), *a)); PV_CATCH }
PV_API int32_t pv_rpow_scalar(pv_tensor a, double s, pv_tensor* out) { PV_TRY *out = pv::wrap(at::pow(pv::scalar(s), *a)); PV_CATCH }

// ---- unary functions -------------------------------------------------------------------------
PV_UNARY(neg, at::neg(a))
PV_UNARY(sqrt, at::sqrt(a))
PV_UNARY(rsqrt, at::rsqrt(a))
PV_UNARY(exp, at::exp(a))
PV_UNARY(expm1, at::expm1(a))
PV_UNARY(log, at::log(a))
PV_UNARY(log1p, at::log1p(a))
PV_UNARY(log2, at::log2(a))
PV_UNARY(abs, at::abs(a))
PV_UNARY(square, at::square(a))
PV_UNARY(sin, at::sin(a))
PV_UNARY(cos, at::cos(a))
PV_UNARY(tan, at::tan(a))
PV_UNARY(asin, at::asin(a))
PV_UNARY(acos, at::acos(a))
PV_UNARY(atan, at::atan(a))
PV_UNARY(sign, at::sign(a))
PV_UNARY(floor, at::floor(a))
PV_UNARY(ceil, at::ceil(a))
PV_UNARY(round, at::round(a))
PV_UNARY(trunc, at::trunc(a))
PV_UNARY(frac, at::frac(a))
PV_UNARY(reciprocal, at::reciprocal(a))
PV_UNARY(erf, at::erf(a))

// ---- activations -----------------------------------------------------------------------------
PV_UNARY(sigmoid, at::sigmoid(a))
PV_UNARY(relu, at::relu(a))
PV_UNARY(tanh, at::tanh(a))
PV_UNARY(silu, at::silu(a))
PV_BINARY_SCALAR(leaky_relu, at::leaky_relu(a, s_))

PV_API int32_t pv_softplus(pv_tensor a, double beta, double threshold, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::softplus(*a, beta, threshold)); PV_CATCH
}

// ---- clamping, selection, interpolation ------------------------------------------------------
PV_API int32_t pv_clamp(pv_tensor a, int32_t has_min, double min, int32_t has_max, double max, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::clamp(*a, pv::optional_scalar(has_min, min), pv::optional_scalar(has_max, max))); PV_CATCH
}

// Either bound may be a null handle (no bound on that side).
PV_API int32_t pv_clamp_tensor(pv_tensor a, pv_tensor min, pv_tensor max, pv_tensor* out) {
  PV_TRY
  c10::optional<at::Tensor> lo = min ? c10::optional<at::Tensor>(*min) : c10::nullopt;
  c10::optional<at::Tensor> hi = max ? c10::optional<at::Tensor>(*max) : c10::nullopt;
  *out = pv::wrap(at::clamp(*a, lo, hi));
  PV_CATCH
}

PV_API int32_t pv_where(pv_tensor cond, pv_tensor a, pv_tensor b, pv_tensor* out) { PV_TRY *out = pv::wrap(at::where(*cond, *a, *b)); PV_CATCH }

PV_API int32_t pv_lerp(pv_tensor a, pv_tensor end, double weight, pv_tensor* out) { PV_TRY *out = pv::wrap(at::lerp(*a, *end, weight)); PV_CATCH }

PV_API int32_t pv_lerp_tensor(pv_tensor a, pv_tensor end, pv_tensor weight, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::lerp(*a, *end, *weight)); PV_CATCH
}

// ---- comparisons and logic (bool results) ----------------------------------------------------
PV_BINARY(eq, at::eq(a, b))
PV_BINARY(ne, at::ne(a, b))
PV_BINARY(lt, at::lt(a, b))
PV_BINARY(le, at::le(a, b))
PV_BINARY(gt, at::gt(a, b))
PV_BINARY(ge, at::ge(a, b))
PV_BINARY_SCALAR(eq_scalar, at::eq(a, s))
PV_BINARY_SCALAR(ne_scalar, at::ne(a, s))
PV_BINARY_SCALAR(lt_scalar, at::lt(a, s))
PV_BINARY_SCALAR(le_scalar, at::le(a, s))
PV_BINARY_SCALAR(gt_scalar, at::gt(a, s))
PV_BINARY_SCALAR(ge_scalar, at::ge(a, s))
PV_BINARY(logical_and, at::logical_and(a, b))
PV_BINARY(logical_or, at::logical_or(a, b))
PV_BINARY(logical_xor, at::logical_xor(a, b))
PV_UNARY(logical_not, at::logical_not(a))
PV_UNARY(isnan, at::isnan(a))
PV_UNARY(isinf, at::isinf(a))
PV_UNARY(isfinite, at::isfinite(a))

PV_API int32_t pv_allclose(pv_tensor a, pv_tensor b, double rtol, double atol, int32_t* out) {
  PV_TRY *out = at::allclose(*a, *b, rtol, atol) ? 1 : 0; PV_CATCH
}

PV_API int32_t pv_equal(pv_tensor a, pv_tensor b, int32_t* out) { PV_TRY *out = at::equal(*a, *b) ? 1 : 0; PV_CATCH }
