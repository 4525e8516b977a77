// Optimiser kernels: one call per parameter runs torch.optim.Adam's update (torch 1.13, single-tensor
// path, no amsgrad) with libtorch's in-place ops, in the same order as PyTorch, without recording
// gradients. Hyper-parameters and the bias corrections are computed by the caller.
#include "common.h"
#include <c10/core/GradMode.h>

// step_size = lr / (1 - beta1^t); bias_correction2_sqrt = sqrt(1 - beta2^t).
PV_API int32_t pv_adam_update(pv_tensor param, pv_tensor grad, pv_tensor exp_avg, pv_tensor exp_avg_sq, double beta1,
                              double beta2, double eps, double weight_decay, int32_t maximize, double step_size,
                              double bias_correction2_sqrt) {
  PV_TRY
  c10::NoGradGuard no_grad;
  at::Tensor g = maximize ? grad->neg() : *grad;
  if (weight_decay != 0) g = g.add(*param, weight_decay);
  exp_avg->mul_(beta1).add_(g, 1 - beta1);
  exp_avg_sq->mul_(beta2).addcmul_(g, g, 1 - beta2);
  auto denom = (exp_avg_sq->sqrt() / bias_correction2_sqrt).add_(eps);
  param->addcdiv_(*exp_avg, denom, -step_size);
  PV_CATCH
}

// Zero-filled moment buffer with the parameter's shape, dtype, device and layout (memory format kept).
PV_API int32_t pv_optim_zeros_like(pv_tensor t, pv_tensor* out) {
  PV_TRY
  c10::NoGradGuard no_grad;
  *out = pv::wrap(at::zeros_like(*t, at::MemoryFormat::Preserve));
  PV_CATCH
}
