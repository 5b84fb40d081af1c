#pragma once

#include <optional>
#include <vector>

#include "multilabel_head/metrics/metric.h"

namespace multilabel_head::metrics {

/// Counts at fixed thresholds over every cell of the predictions (micro), with Keras's strict
/// float32 p > t. State: [thresholds, 5] of tp, fp, tn, fn and matches (hard labels equal to
/// the prediction). The result is 0-d for one threshold, else one value per threshold.
class MLH_API ThresholdMetric : public SumStateMetric {
 public:
  void update(const at::Tensor& labels, const at::Tensor& predictions,
              const std::optional<at::Tensor>& weights = std::nullopt);
  const std::vector<double>& thresholds() const { return thresholds_; }
  at::Tensor result_of(const StateDict& state) const override;
  std::string config() const override;

 protected:
  ThresholdMetric(std::string kind, std::vector<double> thresholds);
  /// The metric's value from counts [thresholds, 5] (float64).
  virtual at::Tensor value(const at::Tensor& counts) const = 0;

 private:
  std::string kind_;
  std::vector<double> thresholds_;
};

/// Keras's Precision(thresholds): tp / (tp + fp), 0 when nothing is predicted positive.
class MLH_API Precision : public ThresholdMetric {
 public:
  explicit Precision(std::vector<double> thresholds = {0.5});

 protected:
  at::Tensor value(const at::Tensor& counts) const override;
};

/// Keras's Recall(thresholds): tp / (tp + fn), 0 without positives.
class MLH_API Recall : public ThresholdMetric {
 public:
  explicit Recall(std::vector<double> thresholds = {0.5});

 protected:
  at::Tensor value(const at::Tensor& counts) const override;
};

/// Keras's BinaryAccuracy(threshold): the weighted share of cells whose label equals p > t.
class MLH_API BinaryAccuracy : public ThresholdMetric {
 public:
  explicit BinaryAccuracy(double threshold = 0.5);
  std::string config() const override;

 protected:
  at::Tensor value(const at::Tensor& counts) const override;
};

}  // namespace multilabel_head::metrics
