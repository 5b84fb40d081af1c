#include "multilabel_head/metrics/auc.h"

#include <sstream>

#include <ATen/ops/empty.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include "head/python_repr.h"
#include "metrics/binned_curve.h"
#include "metrics/metric_inputs.h"
#include "metrics/ranked_scores.h"
#include "metrics/ratio.h"
#include "metrics/sum_state.h"
#include "multilabel_head/ops.h"
#include "ops/shape_format.h"

namespace multilabel_head::metrics {
namespace {

// Keras's argument checks and wording.
AUCOptions validated(AUCOptions options) {
  if (options.num_thresholds()) {
    TORCH_CHECK_VALUE(*options.num_thresholds() > 1,
                      "Argument `num_thresholds` must be an integer > 1. Received: "
                      "num_thresholds=",
                      *options.num_thresholds());
  }
  TORCH_CHECK_VALUE(options.curve() == "ROC" || options.curve() == "PR",
                    "Invalid AUC curve value: '", options.curve(),
                    "'. Expected values are ['ROC', 'PR']");
  const std::string& summation = options.summation_method();
  TORCH_CHECK_VALUE(
      summation == "interpolation" || summation == "minoring" || summation == "majoring",
      "Invalid AUC summation method value: '", summation,
      "'. Expected values are ['interpolation', 'majoring', 'minoring']");
  if (options.num_labels()) {
    TORCH_CHECK_VALUE(
        *options.num_labels() > 0,
        "`num_labels` must be a positive integer. Received: num_labels=", *options.num_labels());
  }
  if (options.label_weights()) {
    for (double weight : *options.label_weights()) {
      TORCH_CHECK_VALUE(weight >= 0.0, "All values of `label_weights` must be non-negative.");
    }
    if (options.multi_label() && options.num_labels()) {
      TORCH_CHECK_VALUE(
          static_cast<int64_t>(options.label_weights()->size()) == *options.num_labels(),
          "`label_weights` must have one weight per label: num_labels=", *options.num_labels(),
          ", got ", options.label_weights()->size(), " weights");
    }
  }
  return options;
}

std::string python_value(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "None";
}

}  // namespace

AUC::AUC(AUCOptions options) : options_(validated(std::move(options))) { reset(); }

void AUC::update(const at::Tensor& labels, const at::Tensor& predictions,
                 const std::optional<at::Tensor>& weights) {
  const Cells in = cells(labels, predictions, weights, "AUC");
  const int64_t labels_seen = in.scores.size(1);
  if (options_.multi_label() && options_.num_labels()) {
    TORCH_CHECK_VALUE(labels_seen == *options_.num_labels(),
                      "AUC(num_labels=", *options_.num_labels(), ") got predictions with ",
                      labels_seen, " labels (the last axis)");
  }
  if (options_.label_weights() && !options_.multi_label()) {
    TORCH_CHECK_VALUE(static_cast<int64_t>(options_.label_weights()->size()) == labels_seen,
                      "AUC label_weights has ", options_.label_weights()->size(),
                      " weights; the predictions have ", labels_seen, " labels (the last axis)");
  }
  if (!exact()) {
    // The fused pass also checks the values; nothing is stored before it succeeds.
    at::Tensor histogram =
        ops::binned_counts(in.scores, in.labels, in.weights, *options_.num_thresholds() - 1, {},
                           options_.from_logits(), false, false)
            .histogram;
    if (options_.label_weights() && !options_.multi_label()) {
      histogram =
          histogram.mul(at::tensor(*options_.label_weights(), at::kDouble).view({-1, 1, 1}));
    }
    accumulate(histogram);
    return;
  }
  TORCH_CHECK_VALUE(!in.weights || in.weights->dim() == 1,
                    "AUC(num_thresholds=None) takes one weight per example ([rows] or [rows, 1])");
  // A pass without buckets checks labels and scores with the binned path's messages.
  ops::binned_counts(in.scores, in.labels, std::nullopt, 0, {}, options_.from_logits(), false,
                     false);
  const std::optional<int64_t> labels_before = ranked_->labels();
  TORCH_CHECK_VALUE(!labels_before || *labels_before == labels_seen,
                    "AUC(num_thresholds=None) got predictions with ", labels_seen, " labels after ",
                    labels_before.value_or(0));
  ranked_->append(in.scores, in.labels.ne(0), in.weights);
}

void AUC::accumulate(const at::Tensor& histogram) {
  TORCH_CHECK_VALUE(!exact(), "an exact AUC (num_thresholds=None) keeps scores, not histograms");
  add_counts(histogram_, options_.multi_label() ? histogram : histogram.sum(0, true));
}

at::Tensor AUC::result_of(const StateDict& state) const {
  at::Tensor areas;
  if (exact()) {
    areas = exact_area(state, options_.curve(), options_.multi_label(), options_.label_weights());
  } else {
    areas = binned_area(state.at("histogram"), options_.curve(), options_.summation_method());
  }
  // TF's results are float32; the exact mode, our own, keeps float64 (scikit-learn's precision).
  const at::ScalarType dtype = exact() ? at::kDouble : at::kFloat;
  if (!options_.multi_label() || areas.numel() == 0) {
    return areas.sum().to(dtype);  // one curve, or none yet: 0
  }
  if (!options_.label_weights()) {
    return areas.mean().to(dtype);
  }
  const at::Tensor label_weights = at::tensor(*options_.label_weights(), at::kDouble);
  TORCH_CHECK_VALUE(label_weights.numel() == areas.numel(), "AUC label_weights has ",
                    label_weights.numel(), " weights for ", areas.numel(), " labels");
  return divide_no_nan(areas.mul(label_weights).sum(), label_weights.sum()).to(dtype);
}

StateDict AUC::state_dict() const {
  return exact() ? ranked_->state_dict() : StateDict{{"histogram", histogram_}};
}

void AUC::load_state_dict(const StateDict& state) {
  if (exact()) {
    ranked_->load_state_dict(state, config());
    return;
  }
  const at::Tensor loaded = loaded_counts(state, "histogram", at::Tensor(), config());
  TORCH_CHECK_VALUE(loaded.dim() == 3 && loaded.size(1) == *options_.num_thresholds() - 1 &&
                        loaded.size(2) == 2 && (options_.multi_label() || loaded.size(0) == 1),
                    "The state 'histogram' of ", config(), " must have shape [",
                    options_.multi_label() ? "labels" : "1", ", ", *options_.num_thresholds() - 1,
                    ", 2], got ", format_shape(loaded.sym_sizes()));
  histogram_ = loaded;
}

void AUC::reset() {
  if (exact()) {
    ranked_ = std::make_shared<RankedScores>();
    return;
  }
  // Micro AUC has one curve; multi_label learns its number of labels from the first update.
  const int64_t curves = options_.multi_label() ? options_.num_labels().value_or(0) : 1;
  histogram_ = at::zeros({curves, *options_.num_thresholds() - 1, 2}, at::kLong);
}

StateReduction AUC::state_reduction() const {
  return exact() ? StateReduction::kConcatenate : StateReduction::kSum;
}

std::string AUC::config() const {
  std::ostringstream text;
  text << "AUC(num_thresholds=" << python_value(options_.num_thresholds()) << ", curve='"
       << options_.curve() << "', summation_method='" << options_.summation_method()
       << "', multi_label=" << (options_.multi_label() ? "True" : "False")
       << ", num_labels=" << python_value(options_.num_labels()) << ", label_weights=";
  text << (options_.label_weights() ? python_list(*options_.label_weights()) : "None");
  text << ", from_logits=" << (options_.from_logits() ? "True" : "False") << ")";
  return text.str();
}

Curve AUC::curve() const {
  if (exact()) {
    TORCH_CHECK_VALUE(!options_.multi_label(),
                      "curve() of an exact multi_label AUC is not available: use one "
                      "AUC(num_thresholds=None) per label");
    return exact_curve(state_dict(), options_.curve(), options_.label_weights());
  }
  Curve points = binned_curve(histogram_, options_.curve());
  if (!options_.multi_label()) {
    points.x = points.x.squeeze(0);
    points.y = points.y.squeeze(0);
  }
  return points;
}

}  // namespace multilabel_head::metrics
