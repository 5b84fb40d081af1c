// Autograd for sigmoid_cross_entropy, in C++ so that C++ training apps get gradients too. The
// backward is its own operator (fused, with a fake kernel), which keeps compile and export able to
// trace both directions. Double backward is not supported: the backward operator has no autograd.
#include <ATen/core/Tensor.h>
#include <torch/autograd.h>
#include <torch/library.h>

#include "multilabel_head/ops.h"

namespace multilabel_head {
namespace {

class SigmoidCrossEntropyFunction
    : public torch::autograd::Function<SigmoidCrossEntropyFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& logits,
                            const at::Tensor& labels) {
    at::AutoDispatchBelowADInplaceOrView guard;
    ctx->save_for_backward({logits, labels});
    return ops::sigmoid_cross_entropy(logits, labels);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 const torch::autograd::variable_list& grads) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& logits = saved[0];
    const at::Tensor& labels = saved[1];
    at::Tensor grad_logits;
    at::Tensor grad_labels;
    if (ctx->needs_input_grad(0)) {
      grad_logits = ops::sigmoid_cross_entropy_backward(grads[0], logits, labels);
    }
    if (ctx->needs_input_grad(1)) {
      // Soft targets: d/dz of max(x, 0) - x z + log1p(exp(-|x|)), averaged over the classes.
      grad_labels = grads[0].mul(logits).mul(-1.0 / static_cast<double>(logits.size(-1)));
    }
    return {grad_logits, grad_labels};
  }
};

at::Tensor sigmoid_cross_entropy_autograd(const at::Tensor& logits, const at::Tensor& labels) {
  return SigmoidCrossEntropyFunction::apply(logits, labels);
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, Autograd, m) {
  m.impl("sigmoid_cross_entropy", &sigmoid_cross_entropy_autograd);
}

}  // namespace multilabel_head
