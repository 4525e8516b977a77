// Indexing: gather/scatter, index_select, masked ops, advanced (tensor) indexing, nonzero.
#include "ops_common.h"

PV_API int32_t pv_gather(pv_tensor a, int64_t dim, pv_tensor index, pv_tensor* out) { PV_TRY *out = pv::wrap(at::gather(*a, dim, *index)); PV_CATCH }

PV_API int32_t pv_index_select(pv_tensor a, int64_t dim, pv_tensor index, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::index_select(*a, dim, *index)); PV_CATCH
}

PV_API int32_t pv_scatter(pv_tensor a, int64_t dim, pv_tensor index, pv_tensor src, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::scatter(*a, dim, *index, *src)); PV_CATCH
}

PV_API int32_t pv_scatter_add(pv_tensor a, int64_t dim, pv_tensor index, pv_tensor src, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::scatter_add(*a, dim, *index, *src)); PV_CATCH
}

PV_API int32_t pv_index_add(pv_tensor a, int64_t dim, pv_tensor index, pv_tensor src, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::index_add(*a, dim, *index, *src)); PV_CATCH
}

PV_API int32_t pv_masked_fill(pv_tensor a, pv_tensor mask, double value, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::masked_fill(*a, *mask, pv::scalar(value))); PV_CATCH
}

PV_API int32_t pv_masked_fill_tensor(pv_tensor a, pv_tensor mask, pv_tensor value, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::masked_fill(*a, *mask, *value)); PV_CATCH
}

PV_BINARY(masked_select, at::masked_select(a, b))
PV_UNARY(nonzero, at::nonzero(a))

// a[i0, i1, ...] with one index tensor per leading dim; a null handle keeps that dim whole (`:`).
PV_API int32_t pv_index(pv_tensor a, const pv_tensor* indices, int32_t n, pv_tensor* out) {
  PV_TRY
  c10::List<c10::optional<at::Tensor>> list;
  for (int32_t i = 0; i < n; ++i) list.push_back(indices[i] ? c10::optional<at::Tensor>(*indices[i]) : c10::nullopt);
  *out = pv::wrap(at::index(*a, list));
  PV_CATCH
}

// Out-of-place a[indices] = values (or += when accumulate).
PV_API int32_t pv_index_put(pv_tensor a, const pv_tensor* indices, int32_t n, pv_tensor values, int32_t accumulate, pv_tensor* out) {
  PV_TRY
  c10::List<c10::optional<at::Tensor>> list;
  for (int32_t i = 0; i < n; ++i) list.push_back(indices[i] ? c10::optional<at::Tensor>(*indices[i]) : c10::nullopt);
  *out = pv::wrap(at::index_put(*a, list, *values, accumulate != 0));
  PV_CATCH
}

PV_API int32_t pv_index_put_(pv_tensor a, const pv_tensor* indices, int32_t n, pv_tensor values, int32_t accumulate) {
  PV_TRY
  c10::List<c10::optional<at::Tensor>> list;
  for (int32_t i = 0; i < n; ++i) list.push_back(indices[i] ? c10::optional<at::Tensor>(*indices[i]) : c10::nullopt);
  a->index_put_(list, *values, accumulate != 0);
  PV_CATCH
}
