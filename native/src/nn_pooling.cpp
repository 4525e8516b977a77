// nn functional: average and max pooling.
#include "common.h"

PV_API int32_t pv_avg_pool1d(pv_tensor x, int64_t kernel, int64_t stride, int64_t padding, int32_t ceil_mode,
                             int32_t count_include_pad, pv_tensor* out) {
  PV_TRY
  *out = pv::wrap(at::avg_pool1d(*x, {kernel}, {stride}, {padding}, ceil_mode != 0, count_include_pad != 0));
  PV_CATCH
}

// kernel, stride and padding are (h, w) pairs.
PV_API int32_t pv_avg_pool2d(pv_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                             int32_t ceil_mode, int32_t count_include_pad, pv_tensor* out) {
  PV_TRY
  *out = pv::wrap(at::avg_pool2d(*x, pv::dims(kernel, 2), pv::dims(stride, 2), pv::dims(padding, 2), ceil_mode != 0,
                                 count_include_pad != 0));
  PV_CATCH
}

PV_API int32_t pv_max_pool1d(pv_tensor x, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                             int32_t ceil_mode, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::max_pool1d(*x, {kernel}, {stride}, {padding}, {dilation}, ceil_mode != 0)); PV_CATCH
}

PV_API int32_t pv_max_pool2d(pv_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                             const int64_t* dilation, int32_t ceil_mode, pv_tensor* out) {
  PV_TRY
  *out = pv::wrap(at::max_pool2d(*x, pv::dims(kernel, 2), pv::dims(stride, 2), pv::dims(padding, 2),
                                 pv::dims(dilation, 2), ceil_mode != 0));
  PV_CATCH
}

PV_API int32_t pv_adaptive_avg_pool2d(pv_tensor x, int64_t height, int64_t width, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::adaptive_avg_pool2d(*x, {height, width})); PV_CATCH
}
