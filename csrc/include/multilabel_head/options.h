#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <torch/arg.h>

#include "multilabel_head/export.h"
#include "multilabel_head/features.h"
#include "multilabel_head/loss_reduction.h"

namespace multilabel_head {

// Classes for the per-class metrics: ids in [0, n_classes), or names from the label vocabulary.
using ClassSelector = std::variant<std::vector<int64_t>, std::vector<std::string>>;

// A custom loss: (processed multi-hot labels, logits, features) -> unreduced loss [D0..DN, 1].
using LossFn = std::function<at::Tensor(const at::Tensor& labels, const at::Tensor& logits,
                                        const Features& features)>;
// The same without features, as TF's loss_fn(labels, logits).
using TwoArgumentLossFn =
    std::function<at::Tensor(const at::Tensor& labels, const at::Tensor& logits)>;

/// Options for MultiLabelHead, with TF Estimator's argument names.
///
/// Example:
/// ```
/// MultiLabelHead head(MultiLabelHeadOptions(3).weight_column("w").thresholds({0.5}));
/// ```
struct MLH_API MultiLabelHeadOptions {
  /* implicit */ MultiLabelHeadOptions(int64_t n_classes) : n_classes_(n_classes) {}

  TORCH_ARG(int64_t, n_classes);
  /// Key of the per-example weights in the features; none means every example weighs 1.
  TORCH_ARG(std::optional<std::string>, weight_column) = std::nullopt;
  /// Thresholds in (0, 1) for the accuracy, precision and recall metrics.
  TORCH_ARG(std::vector<double>, thresholds) = {};
  /// Class names, one per class; string labels are looked up in it.
  TORCH_ARG(std::optional<std::vector<std::string>>, label_vocabulary) = std::nullopt;
  TORCH_ARG(LossReduction, loss_reduction) = LossReduction::kSumOverBatchSize;

 public:  // TORCH_ARG leaves its member private
  /// loss_fn(labels, logits), without features.
  MultiLabelHeadOptions& loss_fn(TwoArgumentLossFn two_argument_loss_fn) {
    loss_fn_ = two_argument_loss_fn ? LossFn([fn = std::move(two_argument_loss_fn)](
                                                 const at::Tensor& labels, const at::Tensor& logits,
                                                 const Features&) { return fn(labels, logits); })
                                    : LossFn();
    return *this;
  }
  /// Replaces the sigmoid cross-entropy; empty means the default loss. (labels, logits) or
  /// (labels, logits, features); it returns the unreduced loss [D0..DN, 1].
  TORCH_ARG(LossFn, loss_fn) = nullptr;
  TORCH_ARG(ClassSelector, classes_for_class_based_metrics) = std::vector<int64_t>{};
  /// Suffix of metric keys and name of the head; none means no suffix.
  TORCH_ARG(std::optional<std::string>, name) = std::nullopt;
};

}  // namespace multilabel_head
