// The weighted reduction of Keras' compute_weighted_loss, then TF's regularization add_n.
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/library.h>

#include "multilabel_head/loss_reduction.h"
#include "ops/composite/composite.h"
#include "ops/shape_format.h"

namespace multilabel_head::composite {
namespace {

at::Tensor add_regularization(at::Tensor loss, at::TensorList regularization_losses) {
  for (const at::Tensor& regularization : regularization_losses) {
    check_regularization_loss(regularization);
    loss = loss.add(regularization.reshape({}).to(loss.scalar_type()));
  }
  return loss;
}

}  // namespace

void check_regularization_loss(const at::Tensor& regularization_loss) {
  TORCH_CHECK_VALUE(regularization_loss.sym_numel() == 1,
                    "regularization_losses must be scalars, got a tensor of shape ",
                    format_shape(regularization_loss.sym_sizes()));
}

void check_unreduced_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits) {
  const std::vector<c10::SymInt> expected = logits_shape_with_last(logits, 1);
  TORCH_CHECK_VALUE(unreduced_loss.sym_sizes() == c10::SymIntArrayRef(expected),
                    "loss_fn must return Tensor of shape [D0, D1, ... DN, 1]. logits_shape: ",
                    format_shape(logits.sym_sizes()),
                    ". loss_shape: ", format_shape(unreduced_loss.sym_sizes()), ".");
}

at::Tensor reduce_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits,
                       const std::optional<at::Tensor>& weights,
                       std::optional<c10::string_view> weight_column,
                       c10::string_view loss_reduction, at::TensorList regularization_losses) {
  const LossReduction reduction =
      loss_reduction_from_string(std::string_view(loss_reduction.data(), loss_reduction.size()));
  check_unreduced_loss(unreduced_loss, logits);
  const std::optional<at::Tensor> w = example_weights(weights, weight_column, logits);
  at::Tensor loss = (w ? unreduced_loss.mul(*w) : unreduced_loss).sum();
  if (reduction != LossReduction::kSum) {
    // Keras divides by the number of examples, not by the sum of weights; none gives 0.
    const c10::SymInt examples = unreduced_loss.sym_numel();
    loss = loss.div(c10::Scalar(examples == 0 ? c10::SymInt(1) : examples));
  }
  return add_regularization(loss, regularization_losses);
}

TORCH_LIBRARY_IMPL(multilabel_head, CompositeImplicitAutograd, m) {
  m.impl("reduce_loss", &reduce_loss);
}

}  // namespace multilabel_head::composite
