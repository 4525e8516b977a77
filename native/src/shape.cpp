// Shape ops: views, permutations, slicing, joining and splitting, repetition, flips and rolls.
#include "ops_common.h"

#define PV_SIZES pv::dims(sizes, n)

PV_API int32_t pv_view(pv_tensor a, const int64_t* sizes, int32_t n, pv_tensor* out) { PV_TRY *out = pv::wrap(a->view(PV_SIZES)); PV_CATCH }
PV_API int32_t pv_reshape(pv_tensor a, const int64_t* sizes, int32_t n, pv_tensor* out) { PV_TRY *out = pv::wrap(a->reshape(PV_SIZES)); PV_CATCH }
PV_API int32_t pv_permute(pv_tensor a, const int64_t* sizes, int32_t n, pv_tensor* out) { PV_TRY *out = pv::wrap(a->permute(PV_SIZES)); PV_CATCH }
PV_API int32_t pv_repeat(pv_tensor a, const int64_t* sizes, int32_t n, pv_tensor* out) { PV_TRY *out = pv::wrap(a->repeat(PV_SIZES)); PV_CATCH }
PV_API int32_t pv_expand(pv_tensor a, const int64_t* sizes, int32_t n, pv_tensor* out) { PV_TRY *out = pv::wrap(a->expand(PV_SIZES)); PV_CATCH }
PV_API int32_t pv_flip(pv_tensor a, const int64_t* sizes, int32_t n, pv_tensor* out) { PV_TRY *out = pv::wrap(a->flip(PV_SIZES)); PV_CATCH }

PV_BINARY(expand_as, a.expand_as(b))
PV_BINARY(view_as, a.view_as(b))
PV_BINARY(reshape_as, a.reshape_as(b))
PV_UNARY(contiguous, a.contiguous())
PV_UNARY(clone, a.clone())
PV_UNARY(squeeze_all, a.squeeze())
PV_UNARY(t, a.t())

PV_API int32_t pv_transpose(pv_tensor a, int64_t dim0, int64_t dim1, pv_tensor* out) { PV_TRY *out = pv::wrap(a->transpose(dim0, dim1)); PV_CATCH }
PV_API int32_t pv_movedim(pv_tensor a, int64_t from, int64_t to, pv_tensor* out) { PV_TRY *out = pv::wrap(a->movedim(from, to)); PV_CATCH }
PV_API int32_t pv_squeeze_dim(pv_tensor a, int64_t dim, pv_tensor* out) { PV_TRY *out = pv::wrap(a->squeeze(dim)); PV_CATCH }
PV_API int32_t pv_unsqueeze(pv_tensor a, int64_t dim, pv_tensor* out) { PV_TRY *out = pv::wrap(a->unsqueeze(dim)); PV_CATCH }
PV_API int32_t pv_flatten(pv_tensor a, int64_t start, int64_t end, pv_tensor* out) { PV_TRY *out = pv::wrap(a->flatten(start, end)); PV_CATCH }
PV_API int32_t pv_select(pv_tensor a, int64_t dim, int64_t index, pv_tensor* out) { PV_TRY *out = pv::wrap(a->select(dim, index)); PV_CATCH }

PV_API int32_t pv_unflatten(pv_tensor a, int64_t dim, const int64_t* sizes, int32_t n, pv_tensor* out) {
  PV_TRY *out = pv::wrap(a->unflatten(dim, PV_SIZES)); PV_CATCH
}

PV_API int32_t pv_narrow(pv_tensor a, int64_t dim, int64_t start, int64_t length, pv_tensor* out) {
  PV_TRY *out = pv::wrap(a->narrow(dim, start, length)); PV_CATCH
}

// Python-style a[..., start:end:step, ...] on one dim; has_end = 0 slices to the end.
PV_API int32_t pv_slice(pv_tensor a, int64_t dim, int64_t start, int32_t has_end, int64_t end, int64_t step, pv_tensor* out) {
  PV_TRY *out = pv::wrap(a->slice(dim, start, has_end ? c10::optional<int64_t>(end) : c10::nullopt, step)); PV_CATCH
}

PV_API int32_t pv_roll(pv_tensor a, const int64_t* shifts, int32_t n, const int64_t* dims, int32_t m, pv_tensor* out) {
  PV_TRY *out = pv::wrap(a->roll(pv::dims(shifts, n), pv::dims(dims, m))); PV_CATCH
}

PV_API int32_t pv_cat(const pv_tensor* tensors, int32_t count, int64_t dim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::cat(pv::list(tensors, count), dim)); PV_CATCH
}

PV_API int32_t pv_stack(const pv_tensor* tensors, int32_t count, int64_t dim, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::stack(pv::list(tensors, count), dim)); PV_CATCH
}

PV_API int32_t pv_unbind(pv_tensor a, int64_t dim, pv_tensor* out, int32_t capacity, int32_t* count) {
  PV_TRY pv::write_list(a->unbind(dim), out, capacity, count); PV_CATCH
}

PV_API int32_t pv_chunk(pv_tensor a, int64_t chunks, int64_t dim, pv_tensor* out, int32_t capacity, int32_t* count) {
  PV_TRY pv::write_list(a->chunk(chunks, dim), out, capacity, count); PV_CATCH
}

PV_API int32_t pv_split(pv_tensor a, int64_t split_size, int64_t dim, pv_tensor* out, int32_t capacity, int32_t* count) {
  PV_TRY pv::write_list(a->split(split_size, dim), out, capacity, count); PV_CATCH
}

PV_API int32_t pv_split_sizes(pv_tensor a, const int64_t* sizes, int32_t n, int64_t dim, pv_tensor* out, int32_t capacity, int32_t* count) {
  PV_TRY pv::write_list(a->split_with_sizes(PV_SIZES, dim), out, capacity, count); PV_CATCH
}
