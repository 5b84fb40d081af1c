#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/arg.h>

#include "multilabel_head/metrics/metric.h"

namespace multilabel_head::metrics {

class RankedScores;

/// Keras's AUC arguments. num_thresholds = nullopt is the exact mode: no thresholds, ties
/// counted half (ROC) or grouped (PR), as scikit-learn's roc_auc_score and
/// average_precision_score.
struct MLH_API AUCOptions {
  TORCH_ARG(std::optional<int64_t>, num_thresholds) = 200;
  /// "ROC" or "PR".
  TORCH_ARG(std::string, curve) = "ROC";
  /// "interpolation", "minoring" or "majoring" (binned mode only).
  TORCH_ARG(std::string, summation_method) = "interpolation";
  /// One curve per label (the last axis), averaged; else every cell is one point (micro).
  TORCH_ARG(bool, multi_label) = false;
  TORCH_ARG(std::optional<int64_t>, num_labels) = std::nullopt;
  /// Per-label weights: they weight the cells (micro) or the per-label mean (multi_label).
  TORCH_ARG(std::optional<std::vector<double>>, label_weights) = std::nullopt;
  /// Predictions are logits: binned mode takes their sigmoid, exact mode ranks them directly.
  TORCH_ARG(bool, from_logits) = false;
};

/// The points of a curve, by threshold: ROC gives x = false positive rate, y = true positive
/// rate; PR gives x = recall, y = precision. [thresholds], or [labels, thresholds] when
/// multi_label.
struct Curve {
  at::Tensor x;
  at::Tensor y;
  at::Tensor thresholds;
};

/// Keras's AUC: ROC or PR area from 199 equal-width buckets of the probabilities (Keras's
/// bucketing and interpolation, TF's numbers; float32 results), or exact (float64 results).
class MLH_API AUC : public Metric {
 public:
  explicit AUC(AUCOptions options = {});

  void update(const at::Tensor& labels, const at::Tensor& predictions,
              const std::optional<at::Tensor>& weights = std::nullopt);
  at::Tensor result_of(const StateDict& state) const override;
  StateDict state_dict() const override;
  void load_state_dict(const StateDict& state) override;
  void reset() override;
  StateReduction state_reduction() const override;
  std::string config() const override;
  /// The curve behind the result (binned mode, or exact mode without multi_label).
  Curve curve() const;

  /// The binned state: histogram [labels, num_thresholds - 1, 2] (1 label unless multi_label).
  /// Adds one batch's histogram; how the head feeds its AUCs from one pass.
  void accumulate(const at::Tensor& histogram);
  const AUCOptions& options() const { return options_; }

 private:
  bool exact() const { return !options_.num_thresholds().has_value(); }

  AUCOptions options_;
  at::Tensor histogram_;                  // binned mode: sums; undefined until the first update
  std::shared_ptr<RankedScores> ranked_;  // exact mode: every score seen
};

}  // namespace multilabel_head::metrics
