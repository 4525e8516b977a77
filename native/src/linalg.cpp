// Linear algebra: matrix products, inverse, solve, determinants, cross products.
#include "ops_common.h"

PV_BINARY(matmul, at::matmul(a, b))
PV_BINARY(mm, at::mm(a, b))
PV_BINARY(bmm, at::bmm(a, b))
PV_BINARY(outer, at::outer(a, b))
PV_BINARY(linalg_solve, at::linalg_solve(a, b))
PV_UNARY(linalg_inv, at::linalg_inv(a))
PV_UNARY(linalg_det, at::linalg_det(a))

PV_API int32_t pv_addmm(pv_tensor input, pv_tensor mat1, pv_tensor mat2, double beta, double alpha, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::addmm(*input, *mat1, *mat2, pv::scalar(beta), pv::scalar(alpha))); PV_CATCH
}

PV_API int32_t pv_baddbmm(pv_tensor input, pv_tensor b1, pv_tensor b2, double beta, double alpha, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::baddbmm(*input, *b1, *b2, pv::scalar(beta), pv::scalar(alpha))); PV_CATCH
}

PV_API int32_t pv_linalg_cross(pv_tensor a, pv_tensor b, int64_t dim, pv_tensor* out) { PV_TRY *out = pv::wrap(at::linalg_cross(*a, *b, dim)); PV_CATCH }
