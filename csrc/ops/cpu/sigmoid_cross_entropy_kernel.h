#pragma once

// The fused sigmoid cross-entropy kernels. sigmoid_cross_entropy_kernel.cpp is compiled once per
// CPU capability (cmake/CpuKernels.cmake); each copy lives in the namespace named after its
// capability.

#include <ATen/core/Tensor.h>

namespace multilabel_head::cpu {

// logits: contiguous [rows, classes], float or double; labels: contiguous, same shape, any real
// dtype; loss: [rows] of the logits' dtype. Writes the mean over classes of each row's
// cross-entropy and returns whether every label is in [0, 1] (false on NaN labels).
using ForwardKernel = bool (*)(const at::Tensor& logits, const at::Tensor& labels,
                               at::Tensor& loss);
// grad: contiguous [rows]; grad_logits: [rows, classes]. Writes grad * (sigmoid(x) - z) / classes.
using BackwardKernel = void (*)(const at::Tensor& grad, const at::Tensor& logits,
                                const at::Tensor& labels, at::Tensor& grad_logits);

#define MLH_DECLARE_KERNELS(capability)                                                          \
  namespace capability {                                                                         \
  bool sigmoid_cross_entropy_kernel(const at::Tensor& logits, const at::Tensor& labels,          \
                                    at::Tensor& loss);                                           \
  void sigmoid_cross_entropy_backward_kernel(const at::Tensor& grad, const at::Tensor& logits,   \
                                             const at::Tensor& labels, at::Tensor& grad_logits); \
  }

MLH_DECLARE_KERNELS(DEFAULT)
MLH_DECLARE_KERNELS(AVX2)
MLH_DECLARE_KERNELS(AVX512)
#undef MLH_DECLARE_KERNELS

}  // namespace multilabel_head::cpu
