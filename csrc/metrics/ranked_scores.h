#pragma once

// The exact AUC's state and arithmetic: every score kept, ranked at result time, ties grouped as
// scikit-learn groups them.

#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/metrics/auc.h"
#include "multilabel_head/metrics/metric.h"

namespace multilabel_head::metrics {

// State entries: "scores" [rows, labels] (the input's float dtype), "labels" bool [rows, labels]
// (positive or not), "weights" [rows] (float32 ones without weights). One chunk per update;
// state_dict() concatenates them.
class RankedScores {
 public:
  void append(const at::Tensor& scores, const at::Tensor& positives,
              const std::optional<at::Tensor>& row_weights);
  StateDict state_dict() const;
  void load_state_dict(const StateDict& state, const std::string& metric);
  void reset();
  // The labels (columns) of the stored scores; none before the first update.
  std::optional<int64_t> labels() const;

 private:
  std::vector<at::Tensor> scores_;
  std::vector<at::Tensor> positives_;
  std::vector<at::Tensor> weights_;
};

// Per curve, float64 [curves]: ROC area (Mann-Whitney with half credit for ties) or PR area as
// scikit-learn's average precision. Curves are the labels (multi_label) or all cells (micro);
// label_weights weight the cells of each label in micro mode.
at::Tensor exact_area(const StateDict& state, const std::string& curve, bool multi_label,
                      const std::optional<std::vector<double>>& label_weights);

// The points of the micro curve, one per distinct score, from the highest score down; ROC starts
// at (0, 0) with threshold +inf.
Curve exact_curve(const StateDict& state, const std::string& curve,
                  const std::optional<std::vector<double>>& label_weights);

}  // namespace multilabel_head::metrics
