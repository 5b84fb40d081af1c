#pragma once

// C++ entry points of the multilabel_head:: operators. They call the dispatcher, so C++ callers get
// the same kernels, checks and autograd as Python's torch.ops.multilabel_head.*.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"

namespace multilabel_head::ops {

/// Per example, the sigmoid cross-entropy averaged over the last axis: [D0..DN, C] -> [D0..DN, 1].
/// Labels of any bool, integer or floating dtype with values in [0, 1] (floats are soft targets).
MLH_API at::Tensor sigmoid_cross_entropy(const at::Tensor& logits, const at::Tensor& labels);

/// d loss / d logits for sigmoid_cross_entropy, given d loss / d output ([D0..DN, 1]).
MLH_API at::Tensor sigmoid_cross_entropy_backward(const at::Tensor& grad, const at::Tensor& logits,
                                                  const at::Tensor& labels);

/// Bool multi-hot labels [num_examples, n_classes] with class_ids[i] set in row example_ids[i].
/// Class ids of any integer dtype in [0, n_classes), else c10::ValueError with TF's wording;
/// duplicates are fine.
MLH_API at::Tensor multi_hot(const at::Tensor& class_ids, const at::Tensor& example_ids,
                             int64_t num_examples, int64_t n_classes);

/// multi_hot for ragged class ids: row r holds class_ids[row_offsets[r]:row_offsets[r + 1]].
MLH_API at::Tensor ragged_multi_hot(const at::Tensor& class_ids, const at::Tensor& row_offsets,
                                    int64_t n_classes);

/// multi_hot for TF's SparseTensor labels: a sparse COO tensor [D0..DN, max_labels] whose values
/// are class ids gives [D0..DN, n_classes].
MLH_API at::Tensor sparse_multi_hot(const at::Tensor& labels, int64_t n_classes);

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

/// What one batch adds to the streaming metrics; counters are int64 without weights, else float64.
struct BinnedCounts {
  at::Tensor histogram;         ///< [classes, num_buckets, 2]: weight of negatives, of positives
  at::Tensor threshold_counts;  ///< [thresholds, 5]: tp, fp, tn, fn, matches
  at::Tensor class_sums;        ///< float64 [classes, 2]: sum of weight * probability, of weight
  at::Tensor loss_sums;         ///< float64 [2]: sum of weight * mean cross-entropy, of weight
};

/// The fused metrics pass over scores [rows, classes] (probabilities, or logits with from_logits),
/// labels of the same shape with values in [0, 1] (nonzero = positive) and optional weights
/// ([rows], [rows, 1] or [rows, classes]). A cell with probability p goes to Keras's bucket
/// max(0, ceil(float32(p) * num_buckets) - 1) of its class, and is predicted positive at threshold
/// t when float32(p) > t. with_loss also sums each row's mean sigmoid cross-entropy (from logits,
/// one weight per row); with_class_sums the class sums (else they are zeros). NaN or out-of-range
/// values raise c10::ValueError.
MLH_API BinnedCounts binned_counts(const at::Tensor& scores, const at::Tensor& labels,
                                   const std::optional<at::Tensor>& weights, int64_t num_buckets,
                                   const std::vector<double>& thresholds, bool from_logits,
                                   bool with_loss, bool with_class_sums);

}  // namespace multilabel_head::ops
