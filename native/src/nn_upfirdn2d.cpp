// StyleGAN2's upfirdn2d (upsample, FIR filter, downsample) composed from differentiable ATen ops,
// so gradients of any order come from libtorch's own formulas.
#include "common.h"
#include <algorithm>
#include <limits>

namespace {

// Depthwise correlation of every channel with the same [kh, kw] kernel.
at::Tensor depthwise(const at::Tensor& x, const at::Tensor& kernel, int64_t channels) {
  const int64_t kh = kernel.size(0), kw = kernel.size(1);
  const int64_t one[2] = {1, 1}, zero[2] = {0, 0};
  return at::conv2d(x, kernel.reshape({1, 1, kh, kw}).expand({channels, 1, kh, kw}), c10::nullopt, one, zero, one, channels);
}

// x: [N, C, H, W]. f: 2-D [fh, fw] filter, or 1-D [taps] applied separably (rows, then columns).
at::Tensor upfirdn2d(const at::Tensor& input, const at::Tensor& filter, int64_t upx, int64_t upy, int64_t downx,
                     int64_t downy, int64_t padx0, int64_t padx1, int64_t pady0, int64_t pady1, bool flip_filter,
                     double gain) {
  TORCH_CHECK(input.dim() == 4, "upfirdn2d expects an [N, C, H, W] input, got ", input.dim(), "-D");
  TORCH_CHECK(upx >= 1 && upy >= 1 && downx >= 1 && downy >= 1, "upfirdn2d: up and down factors must be at least 1");
  at::Tensor f = filter.defined() ? filter : at::ones({1, 1}, input.options());
  TORCH_CHECK(f.dim() == 1 || f.dim() == 2, "upfirdn2d expects a 1-D (separable) or 2-D filter, got ", f.dim(), "-D");
  const int64_t n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
  const int64_t fh = f.size(0), fw = f.size(-1);
  TORCH_CHECK(w * upx + padx0 + padx1 >= fw && h * upy + pady0 + pady1 >= fh,
              "upfirdn2d: the upsampled, padded image is smaller than the filter");

  // Upsample: every pixel becomes a (upy x upx) block whose other entries are zero.
  at::Tensor x = input.reshape({n, c, h, 1, w, 1});
  x = at::constant_pad_nd(x, {0, upx - 1, 0, 0, 0, upy - 1});
  x = x.reshape({n, c, h * upy, w * upx});

  // Pad with zeros where the padding is positive, crop where it is negative.
  x = at::constant_pad_nd(x, {std::max<int64_t>(padx0, 0), std::max<int64_t>(padx1, 0), std::max<int64_t>(pady0, 0),
                              std::max<int64_t>(pady1, 0)});
  x = x.slice(2, std::max<int64_t>(-pady0, 0), x.size(2) - std::max<int64_t>(-pady1, 0));
  x = x.slice(3, std::max<int64_t>(-padx0, 0), x.size(3) - std::max<int64_t>(-padx1, 0));

  // conv2d computes a correlation; flipping the taps turns it into a true convolution.
  f = f.to(x.scalar_type()) * std::pow(gain, f.dim() / 2.0);
  if (!flip_filter) f = f.dim() == 2 ? f.flip({0, 1}) : f.flip({0});
  if (f.dim() == 2) {
    x = depthwise(x, f, c);
  } else {
    x = depthwise(x, f.reshape({1, fw}), c);
    x = depthwise(x, f.reshape({fw, 1}), c);
  }

  // Downsample by keeping every downy-th row and downx-th column.
  const int64_t end = std::numeric_limits<int64_t>::max();
  return x.slice(2, 0, end, downy).slice(3, 0, end, downx);
}

}  // namespace

// `filter` may be null (identity). Padding is (x0, x1, y0, y1) relative to the upsampled image.
PV_API int32_t pv_upfirdn2d(pv_tensor x, pv_tensor filter, int64_t upx, int64_t upy, int64_t downx, int64_t downy,
                            int64_t padx0, int64_t padx1, int64_t pady0, int64_t pady1, int32_t flip_filter, double gain,
                            pv_tensor* out) {
  PV_TRY
  *out = pv::wrap(upfirdn2d(*x, filter ? *filter : at::Tensor(), upx, upy, downx, downy, padx0, padx1, pady0, pady1,
                            flip_filter != 0, gain));
  PV_CATCH
}
