// nn functional: padding, grid sampling and resizing (interpolate).
#include "common.h"

namespace {
enum PadMode { kConstant = 0, kReflect = 1, kReplicate = 2, kCircular = 3 };
enum InterpolateMode { kNearest = 0, kBilinear = 1, kBicubic = 2, kArea = 3, kNearestExact = 4 };

at::Tensor pad_non_constant(const at::Tensor& x, at::IntArrayRef pads, int32_t mode) {
  TORCH_CHECK(pads.size() % 2 == 0 && pads.size() >= 2 && pads.size() <= 6,
              "pad needs 2, 4 or 6 padding sizes for non-constant modes, got ", pads.size());
  const auto n = pads.size() / 2;
  TORCH_CHECK(x.dim() == static_cast<int64_t>(n) + 1 || x.dim() == static_cast<int64_t>(n) + 2, "pad: ", pads.size(),
              " padding sizes need a ", n + 1, "-D or ", n + 2, "-D input, got ", x.dim(), "-D");
  if (mode == kReflect) {
    if (n == 1) return at::reflection_pad1d(x, pads);
    if (n == 2) return at::reflection_pad2d(x, pads);
    return at::reflection_pad3d(x, pads);
  }
  if (mode == kReplicate) {
    if (n == 1) return at::replication_pad1d(x, pads);
    if (n == 2) return at::replication_pad2d(x, pads);
    return at::replication_pad3d(x, pads);
  }
  TORCH_CHECK(mode == kCircular, "unknown pad mode ", mode);
  return at::_pad_circular(x, pads);
}
}  // namespace

// pads are (last-dim begin, last-dim end, previous-dim begin, ...) as in torch.nn.functional.pad.
PV_API int32_t pv_pad(pv_tensor x, const int64_t* pads, int32_t n, int32_t mode, double value, pv_tensor* out) {
  PV_TRY
  auto p = pv::dims(pads, n);
  *out = pv::wrap(mode == kConstant ? at::constant_pad_nd(*x, p, value) : pad_non_constant(*x, p, mode));
  PV_CATCH
}

// mode: 0 bilinear, 1 nearest, 2 bicubic; padding: 0 zeros, 1 border, 2 reflection (libtorch's codes).
PV_API int32_t pv_grid_sample(pv_tensor input, pv_tensor grid, int32_t mode, int32_t padding_mode, int32_t align_corners,
                              pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::grid_sampler(*input, *grid, mode, padding_mode, align_corners != 0)); PV_CATCH
}

// Resizes the last two dims of an NCHW tensor to (height, width), like F.interpolate(size=...).
PV_API int32_t pv_interpolate2d(pv_tensor x, int64_t height, int64_t width, int32_t mode, int32_t align_corners,
                                int32_t antialias, pv_tensor* out) {
  PV_TRY
  TORCH_CHECK(x->dim() == 4, "interpolate expects an NCHW input, got ", x->dim(), "-D");
  const int64_t size_data[2] = {height, width};
  at::IntArrayRef size(size_data, 2);
  const bool align = align_corners != 0;
  TORCH_CHECK(!antialias || mode == kBilinear || mode == kBicubic, "antialias needs bilinear or bicubic mode");
  TORCH_CHECK(!align || mode == kBilinear || mode == kBicubic, "align_corners needs bilinear or bicubic mode");
  at::Tensor y;
  switch (mode) {
    case kNearest: y = at::upsample_nearest2d(*x, size); break;
    case kNearestExact: y = at::_upsample_nearest_exact2d(*x, size); break;
    case kBilinear: y = antialias ? at::_upsample_bilinear2d_aa(*x, size, align) : at::upsample_bilinear2d(*x, size, align); break;
    case kBicubic: y = antialias ? at::_upsample_bicubic2d_aa(*x, size, align) : at::upsample_bicubic2d(*x, size, align); break;
    case kArea: y = at::adaptive_avg_pool2d(*x, size); break;
    default: TORCH_CHECK(false, "unknown interpolate mode ", mode);
  }
  *out = pv::wrap(y);
  PV_CATCH
}
