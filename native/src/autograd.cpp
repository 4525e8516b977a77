// Autograd: requires_grad flags, .grad access, backward, torch.autograd.grad and the grad mode.
#include "common.h"
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/autograd.h>

namespace {
// Encodes an optional bool passed as int: negative means "use libtorch's default".
c10::optional<bool> optional_flag(int32_t v) { return v < 0 ? c10::nullopt : c10::optional<bool>(v != 0); }
}  // namespace

PV_API int32_t pv_requires_grad(pv_tensor t, int32_t* out) { PV_TRY *out = t->requires_grad() ? 1 : 0; PV_CATCH }

PV_API int32_t pv_set_requires_grad(pv_tensor t, int32_t flag) { PV_TRY t->set_requires_grad(flag != 0); PV_CATCH }

PV_API int32_t pv_is_leaf(pv_tensor t, int32_t* out) { PV_TRY *out = t->is_leaf() ? 1 : 0; PV_CATCH }

// Writes null when the tensor has no gradient yet.
PV_API int32_t pv_grad(pv_tensor t, pv_tensor* out) {
  PV_TRY
  const auto& g = t->grad();
  *out = g.defined() ? pv::wrap(g) : nullptr;
  PV_CATCH
}

// A null `grad` clears the gradient (like `t.grad = None`).
PV_API int32_t pv_set_grad(pv_tensor t, pv_tensor grad) {
  PV_TRY
  t->mutable_grad() = grad ? *grad : at::Tensor();
  PV_CATCH
}

// Zeroes the gradient in place when there is one (optimisers' zero_grad(set_to_none=False)).
PV_API int32_t pv_zero_grad(pv_tensor t) {
  PV_TRY
  auto& g = t->mutable_grad();
  if (g.defined()) {
    if (g.grad_fn()) g = g.detach();
    g.zero_();
  }
  PV_CATCH
}

PV_API int32_t pv_retain_grad(pv_tensor t) { PV_TRY t->retain_grad(); PV_CATCH }

PV_API int32_t pv_detach(pv_tensor t, pv_tensor* out) { PV_TRY *out = pv::wrap(t->detach()); PV_CATCH }

PV_API int32_t pv_detach_(pv_tensor t) { PV_TRY t->detach_(); PV_CATCH }

// `gradient` may be null for a scalar output. `retain_graph` < 0 means "same as create_graph".
PV_API int32_t pv_backward(pv_tensor t, pv_tensor gradient, int32_t retain_graph, int32_t create_graph) {
  PV_TRY
  torch::autograd::variable_list grads;
  if (gradient) grads.push_back(*gradient);
  torch::autograd::backward({*t}, grads, optional_flag(retain_graph), create_graph != 0);
  PV_CATCH
}

// torch.autograd.grad: writes one handle per input into `results` (null where the gradient is
// undefined, which needs allow_unused). `grad_outputs` may be null or hold null entries.
PV_API int32_t pv_autograd_grad(const pv_tensor* outputs, int32_t n_outputs, const pv_tensor* inputs, int32_t n_inputs,
                                const pv_tensor* grad_outputs, int32_t n_grad_outputs, int32_t retain_graph,
                                int32_t create_graph, int32_t allow_unused, pv_tensor* results) {
  PV_TRY
  auto grads = torch::autograd::grad(pv::list(outputs, n_outputs), pv::list(inputs, n_inputs),
                                     grad_outputs ? pv::list(grad_outputs, n_grad_outputs) : torch::autograd::variable_list{},
                                     optional_flag(retain_graph), create_graph != 0, allow_unused != 0);
  TORCH_CHECK(static_cast<int32_t>(grads.size()) == n_inputs, "autograd returned ", grads.size(), " gradients for ", n_inputs, " inputs");
  for (int32_t i = 0; i < n_inputs; ++i) results[i] = grads[i].defined() ? pv::wrap(grads[i]) : nullptr;
  PV_CATCH
}

// Grad mode is thread-local in libtorch, as the managed no-grad scope expects.
PV_API int32_t pv_is_grad_enabled(int32_t* out) { PV_TRY *out = c10::GradMode::is_enabled() ? 1 : 0; PV_CATCH }

PV_API int32_t pv_set_grad_enabled(int32_t enabled) { PV_TRY c10::GradMode::set_enabled(enabled != 0); PV_CATCH }
