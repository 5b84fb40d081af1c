// The head's default training loss in one operator: TF's loss() without a custom loss_fn.
#include <ATen/core/Tensor.h>
#include <torch/library.h>

#include "multilabel_head/ops.h"
#include "ops/composite/composite.h"

namespace multilabel_head::composite {

namespace {

at::Tensor head_loss(const at::Tensor& logits, const std::optional<at::Tensor>& labels,
                     int64_t n_classes, const std::optional<at::Tensor>& weights,
                     std::optional<c10::string_view> weight_column, c10::string_view loss_reduction,
                     at::TensorList regularization_losses) {
  const at::Tensor checked_logits = check_logits(logits, n_classes);
  // The kernel checks the label values in its own pass over the data.
  const at::Tensor checked_labels = check_label_shape(labels, checked_logits, n_classes);
  const at::Tensor unreduced = ops::sigmoid_cross_entropy(checked_logits, checked_labels);
  return reduce_loss(unreduced, checked_logits, weights, weight_column, loss_reduction,
                     regularization_losses);
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CompositeImplicitAutograd, m) {
  m.impl("head_loss", &head_loss);
}

}  // namespace multilabel_head::composite
