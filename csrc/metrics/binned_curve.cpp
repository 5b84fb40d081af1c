#include "metrics/binned_curve.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/log.h>
#include <ATen/ops/maximum.h>
#include <ATen/ops/minimum.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>

#include "metrics/ratio.h"

namespace multilabel_head::metrics {
namespace {

// Confusion counts at every threshold, each float64 [labels, thresholds].
struct Confusion {
  at::Tensor tp, fp, tn, fn;
};

// Weight in buckets >= i, for i = 0..buckets (the last threshold, 1 + 1e-7, counts nothing).
at::Tensor at_or_above(const at::Tensor& per_bucket) {
  const at::Tensor suffix_sums = per_bucket.flip(-1).cumsum(-1).flip(-1);
  return at::cat({suffix_sums, at::zeros({per_bucket.size(0), 1}, per_bucket.options())}, -1);
}

Confusion confusion(const at::Tensor& histogram) {
  const at::Tensor counts = histogram.to(at::kDouble);
  const at::Tensor negatives = counts.select(-1, 0);
  const at::Tensor positives = counts.select(-1, 1);
  Confusion c{at_or_above(positives), at_or_above(negatives), {}, {}};
  c.fn = positives.sum(-1, true).sub(c.tp);
  c.tn = negatives.sum(-1, true).sub(c.fp);
  return c;
}

at::Tensor lower(const at::Tensor& v) { return v.narrow(-1, 0, v.size(-1) - 1); }
at::Tensor upper(const at::Tensor& v) { return v.narrow(-1, 1, v.size(-1) - 1); }

// Davis & Goadrich: precision is a ratio of linear functions between thresholds (Keras's
// interpolate_pr_auc).
at::Tensor interpolated_pr_area(const Confusion& c) {
  const at::Tensor predicted = c.tp.add(c.fp);
  const at::Tensor d_tp = lower(c.tp).sub(upper(c.tp));
  const at::Tensor d_predicted = lower(predicted).sub(upper(predicted));
  const at::Tensor slope = divide_no_nan(d_tp, d_predicted.clamp_min(0));
  const at::Tensor intercept = upper(c.tp).sub(slope.mul(upper(predicted)));
  const at::Tensor both_positive = lower(predicted).gt(0).logical_and(upper(predicted).gt(0));
  const at::Tensor ratio =
      at::where(both_positive, divide_no_nan(lower(predicted), upper(predicted).clamp_min(0)),
                at::ones_like(d_tp));
  const at::Tensor increments = divide_no_nan(slope.mul(d_tp.add(intercept.mul(at::log(ratio)))),
                                              upper(c.tp).add(upper(c.fn)).clamp_min(0));
  return increments.sum(-1);
}

// x, y of the curve: ROC (false positive rate, recall) or PR (recall, precision).
std::pair<at::Tensor, at::Tensor> curve_points(const Confusion& c, const std::string& curve) {
  const at::Tensor recall = divide_no_nan(c.tp, c.tp.add(c.fn));
  if (curve == "ROC") {
    return {divide_no_nan(c.fp, c.fp.add(c.tn)), recall};
  }
  return {recall, divide_no_nan(c.tp, c.tp.add(c.fp))};
}

}  // namespace

at::Tensor binned_area(const at::Tensor& histogram, const std::string& curve,
                       const std::string& summation_method) {
  const Confusion c = confusion(histogram);
  if (curve == "PR" && summation_method == "interpolation") {
    return interpolated_pr_area(c);
  }
  const auto [x, y] = curve_points(c, curve);
  at::Tensor heights;
  if (summation_method == "interpolation") {
    heights = lower(y).add(upper(y)).div(2);
  } else if (summation_method == "minoring") {
    heights = at::minimum(lower(y), upper(y));
  } else {
    heights = at::maximum(lower(y), upper(y));
  }
  return lower(x).sub(upper(x)).mul(heights).sum(-1);
}

Curve binned_curve(const at::Tensor& histogram, const std::string& curve) {
  const auto [x, y] = curve_points(confusion(histogram), curve);
  const int64_t count = histogram.size(1) + 1;
  std::vector<double> thresholds(count);
  for (int64_t i = 0; i < count; ++i) {
    thresholds[i] = static_cast<double>(i) / static_cast<double>(count - 1);
  }
  thresholds.front() = -1e-7;  // Keras's epsilon endpoints
  thresholds.back() = 1.0 + 1e-7;
  return {x.to(at::kFloat), y.to(at::kFloat), at::tensor(thresholds).to(at::kFloat)};
}

}  // namespace multilabel_head::metrics
