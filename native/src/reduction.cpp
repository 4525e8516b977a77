// Reductions over all or some dims, scans (cumsum/cumprod), sorting and searchsorted.
#include "ops_common.h"

#define PV_DIMS pv::dims(dims, n)

PV_UNARY(sum, at::sum(a))
PV_UNARY(mean, at::mean(a))
PV_UNARY(prod, at::prod(a))
PV_UNARY(max_all, at::max(a))
PV_UNARY(min_all, at::min(a))
PV_UNARY(any, at::any(a))
PV_UNARY(all, at::all(a))

PV_API int32_t pv_sum_dims(pv_tensor a, const int64_t* dims, int32_t n, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::sum(*a, PV_DIMS, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_mean_dims(pv_tensor a, const int64_t* dims, int32_t n, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::mean(*a, PV_DIMS, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_prod_dim(pv_tensor a, int64_t dim, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::prod(*a, dim, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_std(pv_tensor a, int32_t unbiased, pv_tensor* out) { PV_TRY *out = pv::wrap(at::std(*a, unbiased != 0)); PV_CATCH }

PV_API int32_t pv_var(pv_tensor a, int32_t unbiased, pv_tensor* out) { PV_TRY *out = pv::wrap(at::var(*a, unbiased != 0)); PV_CATCH }

PV_API int32_t pv_std_dims(pv_tensor a, const int64_t* dims, int32_t n, int32_t unbiased, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::std(*a, at::OptionalIntArrayRef(PV_DIMS), unbiased != 0, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_var_dims(pv_tensor a, const int64_t* dims, int32_t n, int32_t unbiased, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::var(*a, at::OptionalIntArrayRef(PV_DIMS), unbiased != 0, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_norm(pv_tensor a, double p, pv_tensor* out) { PV_TRY *out = pv::wrap(at::norm(*a, at::Scalar(p))); PV_CATCH }

PV_API int32_t pv_norm_dims(pv_tensor a, double p, const int64_t* dims, int32_t n, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::norm(*a, c10::optional<at::Scalar>(at::Scalar(p)), PV_DIMS, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_amax(pv_tensor a, const int64_t* dims, int32_t n, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::amax(*a, PV_DIMS, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_amin(pv_tensor a, const int64_t* dims, int32_t n, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::amin(*a, PV_DIMS, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_logsumexp(pv_tensor a, const int64_t* dims, int32_t n, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::logsumexp(*a, PV_DIMS, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_max_dim(pv_tensor a, int64_t dim, int32_t keepdim, pv_tensor* values, pv_tensor* indices) {
  PV_TRY
  auto r = at::max(*a, dim, keepdim != 0);
  *values = pv::wrap(std::get<0>(r));
  *indices = pv::wrap(std::get<1>(r));
  PV_CATCH
}

PV_API int32_t pv_min_dim(pv_tensor a, int64_t dim, int32_t keepdim, pv_tensor* values, pv_tensor* indices) {
  PV_TRY
  auto r = at::min(*a, dim, keepdim != 0);
  *values = pv::wrap(std::get<0>(r));
  *indices = pv::wrap(std::get<1>(r));
  PV_CATCH
}

// has_dim = 0 reduces over the flattened tensor.
PV_API int32_t pv_argmax(pv_tensor a, int32_t has_dim, int64_t dim, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::argmax(*a, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_argmin(pv_tensor a, int32_t has_dim, int64_t dim, int32_t keepdim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::argmin(*a, has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0)); PV_CATCH
}

PV_API int32_t pv_cumsum(pv_tensor a, int64_t dim, pv_tensor* out) { PV_TRY *out = pv::wrap(at::cumsum(*a, dim)); PV_CATCH }

PV_API int32_t pv_cumprod(pv_tensor a, int64_t dim, pv_tensor* out) { PV_TRY *out = pv::wrap(at::cumprod(*a, dim)); PV_CATCH }

PV_API int32_t pv_sort(pv_tensor a, int64_t dim, int32_t descending, int32_t stable, pv_tensor* values, pv_tensor* indices) {
  PV_TRY
  auto r = at::sort(*a, stable != 0, dim, descending != 0);
  *values = pv::wrap(std::get<0>(r));
  *indices = pv::wrap(std::get<1>(r));
  PV_CATCH
}

PV_API int32_t pv_argsort(pv_tensor a, int64_t dim, int32_t descending, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::argsort(*a, dim, descending != 0)); PV_CATCH
}

PV_API int32_t pv_topk(pv_tensor a, int64_t k, int64_t dim, int32_t largest, pv_tensor* values, pv_tensor* indices) {
  PV_TRY
  auto r = at::topk(*a, k, dim, largest != 0, /*sorted=*/true);
  *values = pv::wrap(std::get<0>(r));
  *indices = pv::wrap(std::get<1>(r));
  PV_CATCH
}

PV_API int32_t pv_searchsorted(pv_tensor sorted, pv_tensor values, int32_t right, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::searchsorted(*sorted, *values, /*out_int32=*/false, right != 0)); PV_CATCH
}
