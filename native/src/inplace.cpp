// In-place updates (trailing underscore, as in ATen): they modify `a` and create no new handle.
#include "ops_common.h"

#define PV_INPLACE_T(name, stmt) \
  PV_API int32_t pv_##name(pv_tensor a_, pv_tensor b_) { PV_TRY at::Tensor& a = *a_; const at::Tensor& b = *b_; stmt; PV_CATCH }
#define PV_INPLACE_S(name, stmt) \
  PV_API int32_t pv_##name(pv_tensor a_, double s_) { PV_TRY at::Tensor& a = *a_; at::Scalar s = pv::scalar(s_); stmt; PV_CATCH }

PV_API int32_t pv_add_(pv_tensor a, pv_tensor b, double alpha) { PV_TRY a->add_(*b, pv::scalar(alpha)); PV_CATCH }
PV_API int32_t pv_sub_(pv_tensor a, pv_tensor b, double alpha) { PV_TRY a->sub_(*b, pv::scalar(alpha)); PV_CATCH }
PV_INPLACE_T(mul_, a.mul_(b))
PV_INPLACE_T(div_, a.div_(b))
PV_INPLACE_T(copy_, a.copy_(b))
PV_INPLACE_S(add_scalar_, a.add_(s))
PV_INPLACE_S(sub_scalar_, a.sub_(s))
PV_INPLACE_S(mul_scalar_, a.mul_(s))
PV_INPLACE_S(div_scalar_, a.div_(s))
PV_INPLACE_S(pow_scalar_, a.pow_(s))
PV_INPLACE_S(fill_, a.fill_(s))

PV_API int32_t pv_zero_(pv_tensor a) { PV_TRY a->zero_(); PV_CATCH }
PV_API int32_t pv_sqrt_(pv_tensor a) { PV_TRY a->sqrt_(); PV_CATCH }
PV_API int32_t pv_neg_(pv_tensor a) { PV_TRY a->neg_(); PV_CATCH }

PV_API int32_t pv_addcmul_(pv_tensor a, pv_tensor t1, pv_tensor t2, double value) { PV_TRY a->addcmul_(*t1, *t2, pv::scalar(value)); PV_CATCH }
PV_API int32_t pv_addcdiv_(pv_tensor a, pv_tensor t1, pv_tensor t2, double value) { PV_TRY a->addcdiv_(*t1, *t2, pv::scalar(value)); PV_CATCH }
PV_API int32_t pv_lerp_(pv_tensor a, pv_tensor end, double weight) { PV_TRY a->lerp_(*end, weight); PV_CATCH }
PV_API int32_t pv_lerp_tensor_(pv_tensor a, pv_tensor end, pv_tensor weight) { PV_TRY a->lerp_(*end, *weight); PV_CATCH }

PV_API int32_t pv_clamp_(pv_tensor a, int32_t has_min, double min, int32_t has_max, double max) {
  PV_TRY a->clamp_(pv::optional_scalar(has_min, min), pv::optional_scalar(has_max, max)); PV_CATCH
}

PV_API int32_t pv_masked_fill_(pv_tensor a, pv_tensor mask, double value) { PV_TRY a->masked_fill_(*mask, pv::scalar(value)); PV_CATCH }

// Random refills, used for initialisation and noise.
PV_API int32_t pv_normal_(pv_tensor a, double mean, double std) { PV_TRY a->normal_(mean, std); PV_CATCH }
PV_API int32_t pv_uniform_(pv_tensor a, double from, double to) { PV_TRY a->uniform_(from, to); PV_CATCH }
