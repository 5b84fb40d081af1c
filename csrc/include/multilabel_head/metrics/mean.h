#pragma once

#include <optional>

#include "multilabel_head/metrics/metric.h"

namespace multilabel_head::metrics {

/// Keras's Mean: sum(weights * values) / sum(weights), 0 before any weight. Weights broadcast to
/// the values' shape. State: float64 [total, count].
class MLH_API Mean : public SumStateMetric {
 public:
  Mean();
  void update(const at::Tensor& values, const std::optional<at::Tensor>& weights = std::nullopt);
  at::Tensor result_of(const StateDict& state) const override;
  std::string config() const override { return "Mean()"; }
};

}  // namespace multilabel_head::metrics
