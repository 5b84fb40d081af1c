#pragma once

// C++ entry points of the multilabel_head:: operators. They call the dispatcher, so C++ callers get
// the same kernels, checks and autograd as Python's torch.ops.multilabel_head.*.

#include <cstdint>
#include <optional>
#include <string>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"

namespace multilabel_head::ops {

/// Per example, the sigmoid cross-entropy averaged over the last axis: [D0..DN, C] -> [D0..DN, 1].
/// Labels of any bool, integer or floating dtype with values in [0, 1] (floats are soft targets).
MLH_API at::Tensor sigmoid_cross_entropy(const at::Tensor& logits, const at::Tensor& labels);

/// d loss / d logits for sigmoid_cross_entropy, given d loss / d output ([D0..DN, 1]).
MLH_API at::Tensor sigmoid_cross_entropy_backward(const at::Tensor& grad, const at::Tensor& logits,
                                                  const at::Tensor& labels);

/// TF's check_logits_final_dim: rank >= 2 and last dimension n_classes; casts to float32 unless the
/// logits are float32 or float64 already.
MLH_API at::Tensor check_logits(const at::Tensor& logits, int64_t n_classes);

/// TF's _processed_labels for dense multi-hot labels: shape checks (a rank of logits' rank - 1
/// gains a trailing axis) and values in [0, 1]. An undefined tensor means "no labels".
MLH_API at::Tensor process_labels(const std::optional<at::Tensor>& labels, const at::Tensor& logits,
                                  int64_t n_classes);

/// The weighted reduction of an unreduced loss [D0..DN, 1] plus the regularization losses.
/// weights: the weight column's feature ([D0..DN] or [D0..DN, 1]) or none; weight_column names it,
/// and a named column without weights means the feature is missing.
MLH_API at::Tensor reduce_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits,
                               const std::optional<at::Tensor>& weights,
                               const std::optional<std::string>& weight_column,
                               const std::string& loss_reduction,
                               at::TensorList regularization_losses);

/// The head's training loss with the default loss function: check_logits, process_labels,
/// sigmoid_cross_entropy and reduce_loss in one operator.
MLH_API at::Tensor head_loss(const at::Tensor& logits, const std::optional<at::Tensor>& labels,
                             int64_t n_classes, const std::optional<at::Tensor>& weights,
                             const std::optional<std::string>& weight_column,
                             const std::string& loss_reduction,
                             at::TensorList regularization_losses);

}  // namespace multilabel_head::ops
