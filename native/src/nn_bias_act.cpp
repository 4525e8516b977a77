// StyleGAN2's bias_act for inference as one pass over memory: y = clamp(gain * act(x + b), -clamp, clamp) with a
// bias along one dimension and act linear, relu or lrelu. The reference composition (add, activation, mul, clamp:
// src/Pv3d/Networks/BiasAct.cs) reads and writes every element four times; at 512² these element-wise passes are
// a visible share of a generator frame. Each element goes through the same float32 operations in the same order
// as the ATen kernels (x + b, then v > 0 ? v : v * alpha, then v * gain, then min(max(v, -c), c)), so results are
// bit-identical to the composition. No autograd: callers use it only when no gradient is recorded.
#include "common.h"
#include <ATen/Parallel.h>
#include <algorithm>

namespace {

template <int Act>
void run(const float* x, const float* bias, float* y, int64_t outer, int64_t channels, int64_t inner, float alpha,
         float gain, bool scale, bool has_clamp, float clamp) {
  const int64_t rows = outer * channels;
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(inner, 1));
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const float* src = x + row * inner;
      float* dst = y + row * inner;
      const bool add = bias != nullptr;
      const float b = add ? bias[row % channels] : 0.0f;
      for (int64_t i = 0; i < inner; ++i) {
        float v = add ? src[i] + b : src[i];
        if (Act == 1) v = v > 0.0f ? v : 0.0f;
        if (Act == 2) v = v > 0.0f ? v : v * alpha;
        if (scale) v = v * gain;
        if (has_clamp) v = std::min(std::max(v, -clamp), clamp);
        dst[i] = v;
      }
    }
  });
}

}  // namespace

// x: float32 CPU tensor; bias: null or 1-D with x.size(dim) entries. act: 0 linear, 1 relu, 2 lrelu.
// gain 1 skips the multiplication and has_clamp 0 the clamp, exactly as the reference path does.
PV_API int32_t pv_bias_act_inference(pv_tensor x, pv_tensor bias, int32_t dim, int32_t act, double alpha, double gain,
                                     int32_t has_clamp, double clamp, pv_tensor* out) {
  PV_TRY
  TORCH_CHECK(x->scalar_type() == at::kFloat && x->device().is_cpu(), "bias_act_inference: float32 CPU tensors only");
  TORCH_CHECK(act >= 0 && act <= 2, "bias_act_inference: act must be 0 (linear), 1 (relu) or 2 (lrelu)");
  const int64_t d = dim < 0 ? dim + x->dim() : dim;
  TORCH_CHECK(d >= 0 && d < x->dim(), "bias_act_inference: dim out of range");
  at::Tensor input = x->contiguous();
  at::Tensor b;
  if (bias != nullptr) {
    TORCH_CHECK(bias->dim() == 1 && bias->size(0) == input.size(d), "bias_act_inference: bias must be 1-D with x.size(dim) entries");
    b = bias->to(at::kFloat).contiguous();
  }
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < d; ++i) outer *= input.size(i);
  for (int64_t i = d + 1; i < input.dim(); ++i) inner *= input.size(i);
  at::Tensor y = at::empty_like(input, at::MemoryFormat::Contiguous);
  const float* pb = b.defined() ? b.data_ptr<float>() : nullptr;
  const float g = static_cast<float>(gain), a = static_cast<float>(alpha), c = static_cast<float>(clamp);
  const bool scale = gain != 1.0, clamped = has_clamp != 0;
  const float* px = input.data_ptr<float>();
  float* py = y.data_ptr<float>();
  const int64_t channels = input.size(d);
  switch (act) {
    case 0: run<0>(px, pb, py, outer, channels, inner, a, g, scale, clamped, c); break;
    case 1: run<1>(px, pb, py, outer, channels, inner, a, g, scale, clamped, c); break;
    default: run<2>(px, pb, py, outer, channels, inner, a, g, scale, clamped, c); break;
  }
  *out = pv::wrap(y);
  PV_CATCH
}
