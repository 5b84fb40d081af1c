// CPU kernels of sigmoid_cross_entropy and its backward: operand checks, then the kernel compiled
// for the best CPU capability this machine has.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/library.h>

#include "ops/cpu/cpu_capability.h"
#include "ops/cpu/huge_page_outputs.h"
#include "ops/cpu/sigmoid_cross_entropy_kernel.h"
#include "ops/label_dtypes.h"
#include "ops/shape_format.h"

namespace multilabel_head::cpu {
namespace {

struct Kernels {
  ForwardKernel forward;
  BackwardKernel backward;
};

const Kernels& kernels() {
  static const Kernels chosen = for_cpu_capability(
      Kernels{DEFAULT::sigmoid_cross_entropy_kernel,
              DEFAULT::sigmoid_cross_entropy_backward_kernel},
      Kernels{AVX2::sigmoid_cross_entropy_kernel, AVX2::sigmoid_cross_entropy_backward_kernel},
      Kernels{AVX512::sigmoid_cross_entropy_kernel, AVX512::sigmoid_cross_entropy_backward_kernel});
  return chosen;
}

void check_operands(const at::Tensor& logits, const at::Tensor& labels) {
  TORCH_CHECK_TYPE(logits.scalar_type() == at::kFloat || logits.scalar_type() == at::kDouble,
                   "sigmoid_cross_entropy expects float32 or float64 logits, got ",
                   logits.scalar_type());
  TORCH_CHECK_TYPE(is_label_dtype(labels.scalar_type()),
                   "labels must be a bool, integer or floating tensor, got ", labels.scalar_type());
  TORCH_CHECK_VALUE(logits.dim() >= 1 && logits.size(-1) > 0,
                    "logits must have a last axis of at least one class, got shape ",
                    format_shape(logits.sym_sizes()));
  TORCH_CHECK_VALUE(labels.sizes() == logits.sizes(),
                    "labels must have the shape of the logits, got labels_shape: ",
                    format_shape(labels.sym_sizes()),
                    " and logits_shape: ", format_shape(logits.sym_sizes()));
}

// The per-example loss keeps every axis but the last, which becomes 1.
std::vector<int64_t> example_shape(const at::Tensor& logits) {
  std::vector<int64_t> shape = logits.sizes().vec();
  shape.back() = 1;
  return shape;
}

at::Tensor sigmoid_cross_entropy_cpu(const at::Tensor& logits, const at::Tensor& labels) {
  check_operands(logits, labels);
  at::Tensor loss = at::empty(example_shape(logits), logits.options());
  if (loss.numel() > 0) {
    const bool labels_valid = kernels().forward(logits.contiguous(), labels.contiguous(), loss);
    TORCH_CHECK_VALUE(labels_valid,
                      "labels must be an integer indicator Tensor with values in [0, 1]");
  }
  return loss;
}

at::Tensor sigmoid_cross_entropy_backward_cpu(const at::Tensor& grad, const at::Tensor& logits,
                                              const at::Tensor& labels) {
  check_operands(logits, labels);
  const std::vector<int64_t> loss_shape = example_shape(logits);
  TORCH_CHECK_VALUE(grad.sizes() == at::IntArrayRef(loss_shape),
                    "grad must have the shape of the per-example loss ",
                    format_shape(at::IntArrayRef(loss_shape)), ", got ",
                    format_shape(grad.sym_sizes()));
  TORCH_CHECK_TYPE(grad.scalar_type() == logits.scalar_type(), "grad must have the logits' dtype ",
                   logits.scalar_type(), ", got ", grad.scalar_type());
  at::Tensor grad_logits = huge_page_empty(logits.sizes(), logits.scalar_type());
  if (grad_logits.numel() > 0) {
    kernels().backward(grad.contiguous(), logits.contiguous(), labels.contiguous(), grad_logits);
  }
  return grad_logits;
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CPU, m) {
  m.impl("sigmoid_cross_entropy", &sigmoid_cross_entropy_cpu);
  m.impl("sigmoid_cross_entropy_backward", &sigmoid_cross_entropy_backward_cpu);
}

}  // namespace multilabel_head::cpu
