#include "metrics/ranked_scores.h"

#include <array>
#include <limits>

#include <ATen/ops/cat.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/full.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/masked_select.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include "metrics/ratio.h"
#include "ops/shape_format.h"

namespace multilabel_head::metrics {
namespace {

at::Tensor concatenated(const std::vector<at::Tensor>& chunks, const at::Tensor& empty) {
  return chunks.empty() ? empty : at::cat(chunks);
}

// Integer keys in the order of descending scores: sorting integers is a radix sort, ten times
// faster than sorting floats. The float's bits, with the magnitude bits of negatives flipped,
// order as the floats do; the complement reverses that order.
at::Tensor descending_keys(const at::Tensor& scores) {
  const bool wide = scores.scalar_type() == at::kDouble;
  const at::Tensor bits = scores.add(0).view(wide ? at::kLong : at::kInt);  // -0.0 ties +0.0
  const int64_t magnitude =
      wide ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int32_t>::max();
  const at::Tensor sign_fill = bits.bitwise_right_shift(wide ? 63 : 31);
  return bits.bitwise_xor(sign_fill.bitwise_and(magnitude)).bitwise_not();
}

// One curve's points from the highest score down, one per group of tied scores: the cumulative
// positive and negative weight at the end of each group, and the group's score.
struct Groups {
  at::Tensor tp, fp, scores;  // float64 [groups] (scores: the input's dtype)
};

Groups groups(const at::Tensor& scores, const at::Tensor& positives, const at::Tensor& negatives) {
  const auto [keys, order] = descending_keys(scores).sort(/*stable=*/true, 0, false);
  const int64_t points = keys.size(0);
  at::Tensor is_last = at::ones({points}, keys.options().dtype(at::kBool));
  if (points > 1) {
    is_last.narrow(0, 0, points - 1)
        .copy_(keys.narrow(0, 0, points - 1).ne(keys.narrow(0, 1, points - 1)));
  }
  return {positives.index_select(0, order).cumsum(0).masked_select(is_last),
          negatives.index_select(0, order).cumsum(0).masked_select(is_last),
          scores.index_select(0, order).masked_select(is_last)};
}

// The curves' (scores, positive weights, negative weights): every label's column (multi_label),
// or all cells, each weighted by its row weight times its label weight.
std::vector<std::array<at::Tensor, 3>> curves(
    const StateDict& state, bool multi_label,
    const std::optional<std::vector<double>>& label_weights) {
  const at::Tensor& scores = state.at("scores");
  at::Tensor weights = state.at("weights").to(at::kDouble).unsqueeze(1).expand(scores.sizes());
  if (label_weights && !multi_label) {
    weights = weights.mul(at::tensor(*label_weights, at::kDouble));
  }
  const at::Tensor positives = state.at("labels").to(at::kDouble).mul(weights);
  const at::Tensor negatives = weights.sub(positives);
  std::vector<std::array<at::Tensor, 3>> result;
  if (!multi_label) {
    result.push_back({scores.reshape({-1}), positives.reshape({-1}), negatives.reshape({-1})});
    return result;
  }
  for (int64_t label = 0; label < scores.size(1); ++label) {
    result.push_back({scores.select(1, label).contiguous(), positives.select(1, label).contiguous(),
                      negatives.select(1, label).contiguous()});
  }
  return result;
}

// The cumulative weights before each group: 0, then the previous group's.
at::Tensor before(const at::Tensor& cumulative) {
  return at::cat({at::zeros({1}, cumulative.options()),
                  cumulative.narrow(0, 0, std::max<int64_t>(cumulative.size(0) - 1, 0))});
}

double area(const Groups& g, const std::string& curve) {
  if (g.tp.numel() == 0) {
    return 0.0;
  }
  const double positives = g.tp[-1].item<double>();
  const double negatives = g.fp[-1].item<double>();
  if (curve == "ROC") {
    // Trapezoids between group ends: ties give half credit (Mann-Whitney).
    if (positives == 0 || negatives == 0) {
      return 0.0;
    }
    const at::Tensor credit = g.fp.sub(before(g.fp)).mul(g.tp.add(before(g.tp)).div(2)).sum();
    return credit.item<double>() / (positives * negatives);
  }
  if (positives == 0) {
    return 0.0;
  }
  // Average precision: each group's recall step times its precision.
  const at::Tensor precision = divide_no_nan(g.tp, g.tp.add(g.fp));
  return g.tp.sub(before(g.tp)).mul(precision).sum().item<double>() / positives;
}

}  // namespace

void RankedScores::append(const at::Tensor& scores, const at::Tensor& positives,
                          const std::optional<at::Tensor>& row_weights) {
  scores_.push_back(scores.clone());
  positives_.push_back(positives.to(at::kBool));
  weights_.push_back(
      row_weights
          ? row_weights->to(row_weights->scalar_type() == at::kDouble ? at::kDouble : at::kFloat)
          : at::ones({scores.size(0)}, at::kFloat));
}

std::optional<int64_t> RankedScores::labels() const {
  return scores_.empty() ? std::nullopt : std::optional<int64_t>(scores_.front().size(1));
}

StateDict RankedScores::state_dict() const {
  const int64_t columns = labels().value_or(0);
  return {{"scores", concatenated(scores_, at::empty({0, columns}, at::kFloat))},
          {"labels", concatenated(positives_, at::empty({0, columns}, at::kBool))},
          {"weights", concatenated(weights_, at::empty({0}, at::kFloat))}};
}

void RankedScores::load_state_dict(const StateDict& state, const std::string& metric) {
  TORCH_CHECK_VALUE(
      state.size() == 3 && state.count("scores") && state.count("labels") && state.count("weights"),
      "The state of ", metric, " holds exactly 'scores', 'labels' and 'weights'.");
  const at::Tensor& scores = state.at("scores");
  const at::Tensor& labels = state.at("labels");
  const at::Tensor& weights = state.at("weights");
  TORCH_CHECK_VALUE(scores.dim() == 2 && labels.sizes() == scores.sizes() && weights.dim() == 1 &&
                        weights.size(0) == scores.size(0),
                    "The state of ", metric,
                    " needs scores and labels [rows, labels] and weights [rows], got ",
                    format_shape(scores.sym_sizes()), ", ", format_shape(labels.sym_sizes()),
                    " and ", format_shape(weights.sym_sizes()));
  TORCH_CHECK_TYPE(scores.is_floating_point() && labels.scalar_type() == at::kBool &&
                       weights.is_floating_point(),
                   "The state of ", metric,
                   " needs floating scores and weights and bool labels, got ", scores.scalar_type(),
                   ", ", labels.scalar_type(), " and ", weights.scalar_type());
  reset();
  if (scores.size(0) > 0) {
    append(scores, labels, weights);
  }
}

void RankedScores::reset() {
  scores_.clear();
  positives_.clear();
  weights_.clear();
}

at::Tensor exact_area(const StateDict& state, const std::string& curve, bool multi_label,
                      const std::optional<std::vector<double>>& label_weights) {
  std::vector<double> areas;
  for (const auto& [scores, positives, negatives] : curves(state, multi_label, label_weights)) {
    areas.push_back(area(groups(scores, positives, negatives), curve));
  }
  return at::tensor(areas, at::kDouble);
}

Curve exact_curve(const StateDict& state, const std::string& curve,
                  const std::optional<std::vector<double>>& label_weights) {
  const auto [scores, positives, negatives] = curves(state, false, label_weights).front();
  const Groups g = groups(scores, positives, negatives);
  const at::Tensor recall = divide_no_nan(g.tp, positives.sum());
  if (curve == "PR") {
    return {recall, divide_no_nan(g.tp, g.tp.add(g.fp)), g.scores};
  }
  const at::Tensor origin = at::zeros({1}, g.tp.options());
  const at::Tensor infinity =
      at::full({1}, std::numeric_limits<double>::infinity(), g.scores.options());
  return {at::cat({origin, divide_no_nan(g.fp, negatives.sum())}), at::cat({origin, recall}),
          at::cat({infinity, g.scores})};
}

}  // namespace multilabel_head::metrics
