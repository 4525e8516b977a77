// nn functional: linear and 2-D (transposed) convolution.
#include "common.h"

namespace {
c10::optional<at::Tensor> optional_tensor(pv_tensor t) { return t ? c10::optional<at::Tensor>(*t) : c10::nullopt; }
}  // namespace

PV_API int32_t pv_linear(pv_tensor x, pv_tensor weight, pv_tensor bias, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::linear(*x, *weight, optional_tensor(bias))); PV_CATCH
}

// stride, padding and dilation are (h, w) pairs.
PV_API int32_t pv_conv2d(pv_tensor x, pv_tensor weight, pv_tensor bias, const int64_t* stride, const int64_t* padding,
                         const int64_t* dilation, int64_t groups, pv_tensor* out) {
  PV_TRY
  *out = pv::wrap(at::conv2d(*x, *weight, optional_tensor(bias), pv::dims(stride, 2), pv::dims(padding, 2),
                             pv::dims(dilation, 2), groups));
  PV_CATCH
}

PV_API int32_t pv_conv_transpose2d(pv_tensor x, pv_tensor weight, pv_tensor bias, const int64_t* stride,
                                   const int64_t* padding, const int64_t* output_padding, int64_t groups,
                                   const int64_t* dilation, pv_tensor* out) {
  PV_TRY
  *out = pv::wrap(at::conv_transpose2d(*x, *weight, optional_tensor(bias), pv::dims(stride, 2), pv::dims(padding, 2),
                                       pv::dims(output_padding, 2), groups, pv::dims(dilation, 2)));
  PV_CATCH
}
