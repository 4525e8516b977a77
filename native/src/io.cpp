// Raw storage plumbing for checkpoint and array IO: byte buffers, typed strided views over them, and
// access to a tensor's whole storage (so that writers can keep views that share one storage).
#include "common.h"
#include <c10/core/ScalarType.h>

namespace {

// Checks that a view (offset, sizes, strides) fits in a storage of `capacity` elements, without overflow.
void check_extent(int64_t capacity, const int64_t* sizes, const int64_t* strides, int32_t ndim, int64_t offset) {
  TORCH_CHECK(ndim >= 0, "negative number of dimensions ", ndim);
  TORCH_CHECK(offset >= 0, "negative storage offset ", offset);
  bool empty = false;
  for (int32_t i = 0; i < ndim; ++i) {
    TORCH_CHECK(sizes[i] >= 0, "negative size ", sizes[i], " in dimension ", i);
    TORCH_CHECK(strides[i] >= 0, "negative stride ", strides[i], " in dimension ", i);
    if (sizes[i] == 0) empty = true;
  }
  if (empty) {
    TORCH_CHECK(offset <= capacity, "storage offset ", offset, " is beyond the storage of ", capacity, " elements");
    return;
  }
  int64_t last = offset;
  for (int32_t i = 0; i < ndim; ++i) {
    int64_t step = 0;
    TORCH_CHECK(!__builtin_mul_overflow(sizes[i] - 1, strides[i], &step) && !__builtin_add_overflow(last, step, &last),
                "view extent overflows");
  }
  TORCH_CHECK(last < capacity, "view needs element ", last, " but the storage holds only ", capacity, " elements");
}

}  // namespace

// A new contiguous CPU byte tensor of `nbytes` uninitialised bytes (filled by the caller through its data pointer).
PV_API int32_t pv_io_empty_bytes(int64_t nbytes, pv_tensor* out) {
  PV_TRY
  TORCH_CHECK(nbytes >= 0, "negative byte count ", nbytes);
  *out = pv::wrap(at::empty({nbytes}, at::TensorOptions().dtype(at::kByte)));
  PV_CATCH
}

// A tensor of `dtype` viewing the storage of the byte tensor `bytes` with the given geometry (offset and
// strides in elements of `dtype`). Shares the storage unless `contiguous` asks for a compact copy.
// Bounds are checked here: set_ would silently grow a storage that is too small.
PV_API int32_t pv_io_view_bytes(pv_tensor bytes, int32_t dtype, const int64_t* sizes, const int64_t* strides, int32_t ndim,
                                int64_t storage_offset, int32_t contiguous, pv_tensor* out) {
  PV_TRY
  const at::Tensor& b = *bytes;
  TORCH_CHECK(b.scalar_type() == at::kByte && b.dim() == 1 && b.storage_offset() == 0 && b.is_contiguous(),
              "storage must be a contiguous 1-d byte tensor");
  auto type = static_cast<at::ScalarType>(dtype);
  int64_t item = static_cast<int64_t>(c10::elementSize(type));
  check_extent(b.numel() / item, sizes, strides, ndim, storage_offset);
  auto view = at::empty({0}, b.options().dtype(type));
  view.set_(b.storage(), storage_offset, pv::dims(sizes, ndim), pv::dims(strides, ndim));
  *out = pv::wrap(contiguous ? view.contiguous() : view);
  PV_CATCH
}

// The whole storage under `t` as a 1-d byte tensor (same device), its identity, and t's offset in elements.
PV_API int32_t pv_io_storage_of(pv_tensor t, pv_tensor* bytes, void** storage_id, int64_t* storage_offset) {
  PV_TRY
  const at::Tensor& x = *t;
  auto storage = x.storage();
  auto b = at::empty({0}, x.options().dtype(at::kByte));
  int64_t nbytes = static_cast<int64_t>(storage.nbytes());
  b.set_(storage, 0, {nbytes}, {1});
  *bytes = pv::wrap(b);
  *storage_id = storage.unsafeGetStorageImpl();
  *storage_offset = x.storage_offset();
  PV_CATCH
}
