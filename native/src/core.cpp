// Handle lifetime, metadata, raw data access, version and thread information.
#include "common.h"
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>
#include <cstring>

static thread_local std::string g_last_error;

void pv::set_error(const char* message) { g_last_error = message ? message : ""; }

PV_API const char* pv_last_error() { return g_last_error.c_str(); }

PV_API void pv_tensor_free(pv_tensor t) { delete t; }

PV_API int32_t pv_tensor_dim(pv_tensor t, int64_t* out) { PV_TRY *out = t->dim(); PV_CATCH }

PV_API int32_t pv_tensor_sizes(pv_tensor t, int64_t* out) {
  PV_TRY
  auto s = t->sizes();
  std::copy(s.begin(), s.end(), out);
  PV_CATCH
}

PV_API int32_t pv_tensor_strides(pv_tensor t, int64_t* out) {
  PV_TRY
  auto s = t->strides();
  std::copy(s.begin(), s.end(), out);
  PV_CATCH
}

PV_API int32_t pv_tensor_dtype(pv_tensor t, int32_t* out) { PV_TRY *out = static_cast<int32_t>(t->scalar_type()); PV_CATCH }

PV_API int32_t pv_tensor_device(pv_tensor t, int32_t* type, int32_t* index) {
  PV_TRY
  *type = static_cast<int32_t>(t->device().type());
  *index = t->device().index();
  PV_CATCH
}

PV_API int32_t pv_tensor_numel(pv_tensor t, int64_t* out) { PV_TRY *out = t->numel(); PV_CATCH }

PV_API int32_t pv_tensor_is_contiguous(pv_tensor t, int32_t* out) { PV_TRY *out = t->is_contiguous() ? 1 : 0; PV_CATCH }

PV_API int32_t pv_tensor_data_ptr(pv_tensor t, void** out) { PV_TRY *out = t->data_ptr(); PV_CATCH }

// Creates a CPU tensor that owns a copy of `data` (laid out contiguously for `sizes`).
PV_API int32_t pv_tensor_from_data(const void* data, const int64_t* sizes, int32_t ndim, int32_t dtype, pv_tensor* out) {
  PV_TRY
  auto t = at::empty(pv::dims(sizes, ndim), pv::options(dtype, 0, -1));
  if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.nbytes());
  *out = pv::wrap(t);
  PV_CATCH
}

// Copies a tensor's elements (converted to contiguous CPU layout) into `dest`, which holds `nbytes`.
PV_API int32_t pv_tensor_copy_to(pv_tensor t, void* dest, int64_t nbytes) {
  PV_TRY
  auto c = t->detach().to(at::kCPU).contiguous();
  TORCH_CHECK(static_cast<int64_t>(c.nbytes()) == nbytes, "destination holds ", nbytes, " bytes, tensor needs ", c.nbytes());
  if (nbytes > 0) std::memcpy(dest, c.data_ptr(), nbytes);
  PV_CATCH
}

PV_API int32_t pv_version(char* buffer, int32_t capacity) {
  PV_TRY
  std::string v = TORCH_VERSION;
  std::snprintf(buffer, capacity, "%s", v.c_str());
  PV_CATCH
}

PV_API int32_t pv_set_num_threads(int32_t n) { PV_TRY at::set_num_threads(n); PV_CATCH }

PV_API int32_t pv_get_num_threads(int32_t* out) { PV_TRY *out = at::get_num_threads(); PV_CATCH }

PV_API int32_t pv_parallel_info(char* buffer, int32_t capacity) {
  PV_TRY
  std::string s = at::get_parallel_info();
  std::snprintf(buffer, capacity, "%s", s.c_str());
  PV_CATCH
}

PV_API int32_t pv_config_info(char* buffer, int32_t capacity) {
  PV_TRY
  std::string s = at::show_config();
  std::snprintf(buffer, capacity, "%s", s.c_str());
  PV_CATCH
}

PV_API int32_t pv_cuda_device_count(int32_t* out) {
  PV_TRY
  *out = at::hasCUDA() ? static_cast<int32_t>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
  PV_CATCH
}

// Converts dtype and/or device; returns the same storage when nothing changes unless `copy` is set.
PV_API int32_t pv_tensor_to(pv_tensor t, int32_t dtype, int32_t device_type, int32_t device_index, int32_t copy, pv_tensor* out) {
  PV_TRY
  auto device = at::Device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
  *out = pv::wrap(t->to(device, static_cast<at::ScalarType>(dtype), /*non_blocking=*/false, copy != 0));
  PV_CATCH
}
