// The weighted reduction of Keras' compute_weighted_loss, then TF's regularization add_n.
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/library.h>

#include "multilabel_head/loss_reduction.h"
#include "ops/composite/composite.h"
#include "ops/shape_format.h"

namespace multilabel_head::composite {
namespace {

// [D0..DN, 1]: one value per example.
std::vector<c10::SymInt> example_shape(const at::Tensor& logits) {
  std::vector<c10::SymInt> shape(logits.sym_sizes().begin(), logits.sym_sizes().end() - 1);
  shape.emplace_back(1);
  return shape;
}

at::Tensor add_regularization(at::Tensor loss, at::TensorList regularization_losses) {
  for (const at::Tensor& regularization : regularization_losses) {
    TORCH_CHECK_VALUE(regularization.sym_numel() == 1,
                      "regularization_losses must be scalars, got a tensor of shape ",
                      format_shape(regularization.sym_sizes()));
    loss = loss.add(regularization.reshape({}).to(loss.scalar_type()));
  }
  return loss;
}

}  // namespace

std::optional<at::Tensor> example_weights(const std::optional<at::Tensor>& weights,
                                          std::optional<c10::string_view> weight_column,
                                          const at::Tensor& logits) {
  if (!weights.has_value() || !weights->defined()) {
    TORCH_CHECK_VALUE(!weight_column.has_value(), "Feature ", *weight_column,
                      " is not in features dictionary.");
    return std::nullopt;
  }
  at::Tensor w = *weights;
  const c10::string_view key = weight_column.value_or("weights");
  TORCH_CHECK_TYPE(!w.is_complex() && w.layout() == at::kStrided,
                   "weights must be a dense real Tensor, got ", w.scalar_type(), " ", w.layout());
  TORCH_CHECK_VALUE(w.dim() > 0, "Feature (key: ", key,
                    ") cannot have rank 0. Given: a Tensor of shape ", format_shape(w.sym_sizes()));
  if (w.dim() == 1) {  // TF's feature builder makes a rank-1 feature a column.
    w = w.unsqueeze(-1);
  }
  const std::vector<c10::SymInt> column = example_shape(logits);
  const c10::SymIntArrayRef rows = c10::SymIntArrayRef(column).slice(0, column.size() - 1);
  const bool one_per_example = w.dim() == logits.dim() - 1
                                   ? w.sym_sizes() == rows
                                   : w.sym_sizes() == c10::SymIntArrayRef(column);
  TORCH_CHECK_VALUE(one_per_example,
                    "weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1], logits_shape: ",
                    format_shape(logits.sym_sizes()),
                    ". weights_shape: ", format_shape(w.sym_sizes()), ".");
  if (w.dim() == logits.dim() - 1) {
    w = w.unsqueeze(-1);
  }
  return w.to(logits.scalar_type() == at::kDouble ? at::kDouble : at::kFloat);
}

at::Tensor reduce_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits,
                       const std::optional<at::Tensor>& weights,
                       std::optional<c10::string_view> weight_column,
                       c10::string_view loss_reduction, at::TensorList regularization_losses) {
  const LossReduction reduction =
      loss_reduction_from_string(std::string_view(loss_reduction.data(), loss_reduction.size()));
  const std::vector<c10::SymInt> expected = example_shape(logits);
  TORCH_CHECK_VALUE(unreduced_loss.sym_sizes() == c10::SymIntArrayRef(expected),
                    "loss_fn must return Tensor of shape [D0, D1, ... DN, 1]. logits_shape: ",
                    format_shape(logits.sym_sizes()),
                    ". loss_shape: ", format_shape(unreduced_loss.sym_sizes()), ".");
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
