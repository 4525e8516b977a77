// nn functional activations (torch.nn.functional.leaky_relu, softplus, sigmoid).
#include "common.h"

PV_API int32_t pv_nn_leaky_relu(pv_tensor x, double negative_slope, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::leaky_relu(*x, negative_slope)); PV_CATCH
}

PV_API int32_t pv_nn_softplus(pv_tensor x, double beta, double threshold, pv_tensor* out) {
  PV_TRY *out = pv::wrap(at::softplus(*x, beta, threshold)); PV_CATCH
}

PV_API int32_t pv_nn_sigmoid(pv_tensor x, pv_tensor* out) { PV_TRY *out = pv::wrap(at::sigmoid(*x)); PV_CATCH }
