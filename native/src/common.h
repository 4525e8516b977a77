// Shared plumbing for the C ABI: handle type, error capture, small converters.
#pragma once
#include <ATen/ATen.h>
#include <torch/csrc/autograd/variable.h>
#include <cstdint>
#include <string>
#include <vector>

#define PV_API extern "C" __attribute__((visibility("default")))

// A tensor handle is a heap-allocated at::Tensor (a ref-counted pointer to the storage).
typedef at::Tensor* pv_tensor;

namespace pv {

void set_error(const char* message);

inline pv_tensor wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline at::IntArrayRef dims(const int64_t* data, int32_t n) { return at::IntArrayRef(data, static_cast<size_t>(n)); }

inline at::TensorOptions options(int32_t dtype, int32_t device_type, int32_t device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(at::Device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}

inline std::vector<at::Tensor> list(const pv_tensor* handles, int32_t n) {
  std::vector<at::Tensor> out;
  out.reserve(n);
  for (int32_t i = 0; i < n; ++i) out.push_back(handles[i] ? *handles[i] : at::Tensor());
  return out;
}

}  // namespace pv

// Every exported function body is wrapped in PV_TRY / PV_CATCH: it returns 0 on success and 1 after
// storing the exception text in a thread-local slot read by pv_last_error(). No C++ exception escapes.
#define PV_TRY try {
#define PV_CATCH                                   \
  }                                                \
  catch (const c10::Error& e) {                    \
    pv::set_error(e.what_without_backtrace());     \
    return 1;                                      \
  }                                                \
  catch (const std::exception& e) {                \
    pv::set_error(e.what());                       \
    return 1;                                      \
  }                                                \
  catch (...) {                                    \
    pv::set_error("unknown native exception");     \
    return 1;                                      \
  }                                                \
  return 0;
