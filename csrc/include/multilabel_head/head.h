#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include "multilabel_head/estimator_spec.h"
#include "multilabel_head/export.h"
#include "multilabel_head/features.h"
#include "multilabel_head/head_metrics.h"
#include "multilabel_head/label_vocabulary.h"
#include "multilabel_head/labels.h"
#include "multilabel_head/options.h"
#include "multilabel_head/predictions.h"

namespace torch::optim {
class Optimizer;
}

namespace multilabel_head {

/// TF Estimator's MultiLabelHead: the loss and predictions of a multi-label classifier whose model
/// produces logits [D0..DN, n_classes].
///
/// Example:
/// ```
/// MultiLabelHead head(MultiLabelHeadOptions(2));
/// auto loss = head->loss(labels, model->forward(x));
/// ```
class MLH_API MultiLabelHeadImpl : public torch::nn::Cloneable<MultiLabelHeadImpl> {
 public:
  explicit MultiLabelHeadImpl(const MultiLabelHeadOptions& options);

  /// Validates the options (TF's checks and wording) and derives the class names.
  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  /// The probabilities, sigmoid(logits).
  at::Tensor forward(const at::Tensor& logits);

  /// The training loss: reduce(unreduced loss * weights) + sum(regularization_losses). Labels in
  /// any form of Labels; names are looked up in the label_vocabulary.
  at::Tensor loss(
      const Labels& labels, const at::Tensor& logits, const Features& features = {},
      const std::optional<std::vector<at::Tensor>>& regularization_losses = std::nullopt);

  Predictions predictions(const at::Tensor& logits,
                          const std::optional<std::vector<std::string>>& keys = std::nullopt) const;

  /// TF's metrics(): the metric objects by key; regularization_loss is among them when
  /// regularization losses are given (their values are not used).
  MetricDict metrics(
      const std::optional<std::vector<at::Tensor>>& regularization_losses = std::nullopt) const;

  /// TF's update_metrics(): updates eval_metrics (from metrics()) with one evaluation batch, in
  /// one fused pass, and returns it. Atomic: a bad batch raises and changes no metric.
  const MetricDict& update_metrics(
      const MetricDict& eval_metrics, const Features& features, const at::Tensor& logits,
      const Labels& labels,
      const std::optional<std::vector<at::Tensor>>& regularization_losses = std::nullopt);

  /// TF's create_estimator_spec (spec section 6). TRAIN: the loss, then either the optimizer
  /// (zero_grad, backward, step) or train_op_fn(loss), then update_ops. EVAL: the loss and
  /// eval_metrics (or fresh metrics()) updated with this batch. PREDICT: the predictions and
  /// export_outputs; no labels needed.
  EstimatorSpec create_estimator_spec(
      const Features& features, ModeKeys mode, const at::Tensor& logits,
      const std::optional<Labels>& labels = std::nullopt,
      torch::optim::Optimizer* optimizer = nullptr, const TrainOpFn& train_op_fn = nullptr,
      const std::vector<UpdateOp>& update_ops = {},
      const std::optional<std::vector<at::Tensor>>& regularization_losses = std::nullopt,
      const std::optional<MetricDict>& eval_metrics = std::nullopt);

  int64_t logits_dimension() const { return options.n_classes(); }
  LossReduction loss_reduction() const { return options.loss_reduction(); }
  const std::optional<std::string>& name() const { return options.name(); }
  /// The class ids of classes_for_class_based_metrics, names resolved through the vocabulary.
  const std::vector<int64_t>& class_ids_for_class_based_metrics() const { return class_ids_; }

  MultiLabelHeadOptions options;

 private:
  HeadMetricsSpec metrics_spec() const;

  std::vector<int64_t> class_ids_;
  std::vector<std::string> class_names_;
  std::optional<LabelVocabulary> vocabulary_;
};

TORCH_MODULE(MultiLabelHead);

}  // namespace multilabel_head
