// Autograd for sigmoid_cross_entropy, in C++ so that C++ training apps get gradients too. The
// backward is its own fused operator (with a fake kernel), which keeps compile and export able to
// trace both directions. Its own derivative (double backward: gradient penalties, Hessian-vector
// products) is written with ATen operators, so further orders follow from autograd.
#include <ATen/core/Tensor.h>
#include <torch/autograd.h>
#include <torch/library.h>

#include "multilabel_head/ops.h"

namespace multilabel_head {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

double inverse_classes(const at::Tensor& logits) {
  return 1.0 / static_cast<double>(logits.size(-1));
}

// grad_logits = grad * (sigmoid(x) - z) / C, with grad of shape [..., 1].
class SigmoidCrossEntropyBackwardFunction
    : public torch::autograd::Function<SigmoidCrossEntropyBackwardFunction> {
 public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& grad, const at::Tensor& logits,
                            const at::Tensor& labels) {
    at::AutoDispatchBelowADInplaceOrView guard;
    ctx->save_for_backward({grad, logits, labels});
    return ops::sigmoid_cross_entropy_backward(grad, logits, labels);
  }

  static variable_list backward(AutogradContext* ctx, const variable_list& grads) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& grad = saved[0];
    const at::Tensor& logits = saved[1];
    const at::Tensor& labels = saved[2];
    const at::Tensor scaled = grads[0].mul(inverse_classes(logits));
    const at::Tensor probabilities = logits.sigmoid();
    at::Tensor d_grad;
    at::Tensor d_logits;
    at::Tensor d_labels;
    if (ctx->needs_input_grad(0)) {
      d_grad = scaled.mul(probabilities.sub(labels)).sum(-1, /*keepdim=*/true);
    }
    if (ctx->needs_input_grad(1)) {
      d_logits = scaled.mul(grad).mul(probabilities).mul(probabilities.neg().add(1));
    }
    if (ctx->needs_input_grad(2)) {
      d_labels = scaled.mul(grad).neg();
    }
    return {d_grad, d_logits, d_labels};
  }
};

class SigmoidCrossEntropyFunction : public torch::autograd::Function<SigmoidCrossEntropyFunction> {
 public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& logits,
                            const at::Tensor& labels) {
    at::AutoDispatchBelowADInplaceOrView guard;
    ctx->save_for_backward({logits, labels});
    return ops::sigmoid_cross_entropy(logits, labels);
  }

  static variable_list backward(AutogradContext* ctx, const variable_list& grads) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& logits = saved[0];
    const at::Tensor& labels = saved[1];
    at::Tensor grad_logits;
    at::Tensor grad_labels;
    if (ctx->needs_input_grad(0)) {
      grad_logits = ops::sigmoid_cross_entropy_backward(grads[0], logits, labels);
    }
    if (ctx->needs_input_grad(1)) {
      // Soft targets: d/dz of max(x, 0) - x z + log1p(exp(-|x|)) is -x, averaged over classes.
      grad_labels = grads[0].mul(logits).mul(-inverse_classes(logits));
    }
    return {grad_logits, grad_labels};
  }
};

at::Tensor sigmoid_cross_entropy_autograd(const at::Tensor& logits, const at::Tensor& labels) {
  return SigmoidCrossEntropyFunction::apply(logits, labels);
}

at::Tensor sigmoid_cross_entropy_backward_autograd(const at::Tensor& grad, const at::Tensor& logits,
                                                   const at::Tensor& labels) {
  return SigmoidCrossEntropyBackwardFunction::apply(grad, logits, labels);
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, Autograd, m) {
  m.impl("sigmoid_cross_entropy", &sigmoid_cross_entropy_autograd);
  m.impl("sigmoid_cross_entropy_backward", &sigmoid_cross_entropy_backward_autograd);
}

}  // namespace multilabel_head
