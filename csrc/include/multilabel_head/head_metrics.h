#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"
#include "multilabel_head/metrics/metric.h"

namespace multilabel_head {

/// A head's metrics by TF's keys.
using MetricDict = std::map<std::string, std::shared_ptr<metrics::Metric>>;

/// What decides a head's metric keys and objects: its options, as validated.
struct HeadMetricsSpec {
  int64_t n_classes;
  std::vector<double> thresholds;
  std::vector<int64_t> class_ids;  ///< classes_for_class_based_metrics, names resolved
  std::optional<std::vector<std::string>> label_vocabulary;
  std::optional<std::string> name;
};

/// One evaluation batch, before the head's checks.
struct HeadMetricsBatch {
  at::Tensor logits;
  std::optional<at::Tensor> labels;   ///< dense multi-hot labels
  std::optional<at::Tensor> weights;  ///< the weight column's feature
  std::optional<std::string> weight_column;
  std::optional<at::Tensor> unreduced_loss;  ///< a custom loss_fn's result; none: the default loss
  std::optional<std::vector<at::Tensor>> regularization_losses;
};

/// TF's metrics(): average_loss, auc, auc_precision_recall, regularization_loss (when asked
/// for), accuracy/precision/recall per threshold and probability_mean/auc/auc_precision_recall
/// per class, every key suffixed with "/name" when the head has a name.
MLH_API MetricDict head_metrics(const HeadMetricsSpec& spec, bool with_regularization);

/// TF's update_metrics(), in one fused pass over logits, labels and weights. Atomic: on any
/// error (bad batch, a missing or foreign metric in `metrics`) no metric changes.
MLH_API void update_head_metrics(const MetricDict& metrics, const HeadMetricsSpec& spec,
                                 const HeadMetricsBatch& batch);

}  // namespace multilabel_head
