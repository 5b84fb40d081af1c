#include "multilabel_head/metrics/confusion_metrics.h"

#include <ATen/ops/zeros.h>

#include "head/python_repr.h"
#include "metrics/metric_inputs.h"
#include "metrics/ratio.h"
#include "multilabel_head/ops.h"

namespace multilabel_head::metrics {
namespace {

enum Counter { kTruePositives, kFalsePositives, kTrueNegatives, kFalseNegatives, kMatches };

std::vector<double> checked(std::vector<double> thresholds, const std::string& kind) {
  TORCH_CHECK_VALUE(!thresholds.empty(), kind, " needs at least one threshold");
  for (double t : thresholds) {
    TORCH_CHECK_VALUE(t >= 0.0 && t <= 1.0, kind, " thresholds must be in [0, 1], got ", t);
  }
  return thresholds;
}

}  // namespace

ThresholdMetric::ThresholdMetric(std::string kind, std::vector<double> thresholds)
    : SumStateMetric(at::zeros({static_cast<int64_t>(thresholds.size()), 5}, at::kLong)),
      kind_(std::move(kind)),
      thresholds_(checked(std::move(thresholds), kind_)) {}

void ThresholdMetric::update(const at::Tensor& labels, const at::Tensor& predictions,
                             const std::optional<at::Tensor>& weights) {
  const Cells in = cells(labels, predictions, weights, kind_);
  accumulate(
      ops::binned_counts(in.scores, in.labels, in.weights, 0, thresholds_, false, false, false)
          .threshold_counts);
}

at::Tensor ThresholdMetric::result_of(const StateDict& state) const {
  const at::Tensor values = value(state_of(state).to(at::kDouble)).to(at::kFloat);
  return thresholds_.size() == 1 ? values.reshape({}) : values;
}

std::string ThresholdMetric::config() const {
  return kind_ + "(thresholds=" + python_list(thresholds_) + ")";
}

Precision::Precision(std::vector<double> thresholds)
    : ThresholdMetric("Precision", std::move(thresholds)) {}

at::Tensor Precision::value(const at::Tensor& counts) const {
  const at::Tensor tp = counts.select(1, kTruePositives);
  return divide_no_nan(tp, tp.add(counts.select(1, kFalsePositives)));
}

Recall::Recall(std::vector<double> thresholds) : ThresholdMetric("Recall", std::move(thresholds)) {}

at::Tensor Recall::value(const at::Tensor& counts) const {
  const at::Tensor tp = counts.select(1, kTruePositives);
  return divide_no_nan(tp, tp.add(counts.select(1, kFalseNegatives)));
}

BinaryAccuracy::BinaryAccuracy(double threshold) : ThresholdMetric("BinaryAccuracy", {threshold}) {}

std::string BinaryAccuracy::config() const {
  return "BinaryAccuracy(threshold=" + python_repr(thresholds().front()) + ")";
}

at::Tensor BinaryAccuracy::value(const at::Tensor& counts) const {
  return divide_no_nan(counts.select(1, kMatches), counts.narrow(1, 0, 4).sum(1));
}

}  // namespace multilabel_head::metrics
