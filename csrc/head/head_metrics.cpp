#include "multilabel_head/head_metrics.h"

#include <cstdio>
#include <functional>
#include <utility>

#include <ATen/ops/ones_like.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/stack.h>

#include "multilabel_head/metrics/auc.h"
#include "multilabel_head/metrics/confusion_metrics.h"
#include "multilabel_head/metrics/mean.h"
#include "multilabel_head/ops.h"
#include "ops/composite/composite.h"

namespace multilabel_head {
namespace {

using metrics::AUC;
using metrics::AUCOptions;
using metrics::Metric;
using metrics::SumStateMetric;

constexpr int64_t kNumThresholds = 200;  // Keras's AUC default, as TF's head uses it

// What one batch adds to every metric, from the fused pass.
struct BatchCounts {
  ops::BinnedCounts counts;
  at::Tensor loss_sums;  // float64 [sum of w * loss, sum of w]
  std::optional<at::Tensor> regularization;
};

// One key of the head's metrics: a prototype (which says the expected configuration) and how to
// feed a metric of that key from the batch's counts.
struct Entry {
  std::string key;
  std::shared_ptr<Metric> prototype;
  std::function<void(Metric&, const BatchCounts&)> feed;
};

// a + b, written so that GCC 12 does not warn falsely about `"literal" + std::string`.
std::string join(std::string a, const std::string& b) { return a.append(b); }

std::string threshold_text(double threshold) {  // Python's '%g'
  char text[32];
  std::snprintf(text, sizeof(text), "%g", threshold);
  return text;
}

std::string class_text(const HeadMetricsSpec& spec, int64_t id) {
  return spec.label_vocabulary ? (*spec.label_vocabulary)[id] : join("class", std::to_string(id));
}

void feed_sums(Metric& metric, const at::Tensor& delta) {
  static_cast<SumStateMetric&>(metric).accumulate(delta);
}

void feed_histogram(Metric& metric, const at::Tensor& histogram) {
  static_cast<AUC&>(metric).accumulate(histogram);
}

std::vector<Entry> entries(const HeadMetricsSpec& spec, bool with_regularization) {
  const auto pr = AUCOptions().curve("PR");
  std::vector<Entry> all{
      {"average_loss", std::make_shared<metrics::Mean>(),
       [](Metric& m, const BatchCounts& b) { feed_sums(m, b.loss_sums); }},
      {"auc", std::make_shared<AUC>(),
       [](Metric& m, const BatchCounts& b) { feed_histogram(m, b.counts.histogram); }},
      {"auc_precision_recall", std::make_shared<AUC>(pr),
       [](Metric& m, const BatchCounts& b) { feed_histogram(m, b.counts.histogram); }}};
  if (with_regularization) {
    all.push_back({"regularization_loss", std::make_shared<metrics::Mean>(),
                   [](Metric& m, const BatchCounts& b) {
                     if (b.regularization) {
                       feed_sums(m, *b.regularization);
                     }
                   }});
  }
  for (size_t k = 0; k < spec.thresholds.size(); ++k) {
    const double t = spec.thresholds[k];
    const std::string suffix = join("/positive_threshold_", threshold_text(t));
    const auto at_threshold = [k](Metric& m, const BatchCounts& b) {
      feed_sums(m, b.counts.threshold_counts.narrow(0, static_cast<int64_t>(k), 1));
    };
    all.push_back(
        {join("accuracy", suffix), std::make_shared<metrics::BinaryAccuracy>(t), at_threshold});
    all.push_back({join("precision", suffix), std::make_shared<metrics::Precision>(std::vector{t}),
                   at_threshold});
    all.push_back(
        {join("recall", suffix), std::make_shared<metrics::Recall>(std::vector{t}), at_threshold});
  }
  for (const int64_t id : spec.class_ids) {
    const std::string suffix = join("/", class_text(spec, id));
    const auto histogram = [id](Metric& m, const BatchCounts& b) {
      feed_histogram(m, b.counts.histogram.narrow(0, id, 1));
    };
    all.push_back(
        {join("probability_mean", suffix), std::make_shared<metrics::Mean>(),
         [id](Metric& m, const BatchCounts& b) { feed_sums(m, b.counts.class_sums[id]); }});
    all.push_back({join("auc", suffix), std::make_shared<AUC>(), histogram});
    all.push_back({join("auc_precision_recall", suffix), std::make_shared<AUC>(pr), histogram});
  }
  for (Entry& entry : all) {
    if (spec.name) {
      entry.key = join(entry.key, join("/", *spec.name));
    }
  }
  return all;
}

BatchCounts batch_counts(const HeadMetricsSpec& spec, const HeadMetricsBatch& batch) {
  // Metrics are not differentiable: the fused pass reads values only.
  const at::Tensor logits = ops::check_logits(batch.logits, spec.n_classes).detach();
  // The fused pass checks the label values in its own read of the labels, as head_loss does.
  const at::Tensor labels = composite::check_label_shape(batch.labels, logits, spec.n_classes);
  const std::optional<at::Tensor> weights =
      composite::example_weights(batch.weights, batch.weight_column, logits);
  const at::Tensor row_weights = weights ? weights->detach().reshape({-1}) : at::Tensor();
  BatchCounts b{
      ops::binned_counts(logits.reshape({-1, spec.n_classes}), labels.reshape({-1, spec.n_classes}),
                         weights ? std::optional(row_weights) : std::nullopt, kNumThresholds - 1,
                         spec.thresholds, /*from_logits=*/true,
                         /*with_loss=*/!batch.unreduced_loss,
                         /*with_class_sums=*/!spec.class_ids.empty()),
      {},
      std::nullopt};
  b.loss_sums = b.counts.loss_sums;
  if (batch.unreduced_loss) {
    composite::check_unreduced_loss(*batch.unreduced_loss, logits);
    const at::Tensor loss = batch.unreduced_loss->detach().to(at::kDouble).reshape({-1});
    const at::Tensor w = weights ? row_weights.to(at::kDouble) : at::ones_like(loss);
    b.loss_sums = at::stack({loss.mul(w).sum(), w.sum()});
  }
  if (batch.regularization_losses) {
    at::Tensor total = at::scalar_tensor(0.0, at::kDouble);
    for (const at::Tensor& loss : *batch.regularization_losses) {
      composite::check_regularization_loss(loss);
      total = total.add(loss.detach().to(at::kDouble).reshape({}));
    }
    b.regularization = at::stack({total, at::scalar_tensor(1.0, at::kDouble)});
  }
  return b;
}

}  // namespace

MetricDict head_metrics(const HeadMetricsSpec& spec, bool with_regularization) {
  MetricDict result;
  for (Entry& entry : entries(spec, with_regularization)) {
    result.emplace(entry.key, std::move(entry.prototype));
  }
  return result;
}

void update_head_metrics(const MetricDict& metrics, const HeadMetricsSpec& spec,
                         const HeadMetricsBatch& batch) {
  const BatchCounts counts = batch_counts(spec, batch);
  // Every metric is found and checked before any changes.
  std::vector<std::pair<Metric*, const Entry*>> targets;
  const std::vector<Entry> all = entries(spec, batch.regularization_losses.has_value());
  for (const Entry& entry : all) {
    const auto found = metrics.find(entry.key);
    TORCH_CHECK_VALUE(found != metrics.end() && found->second, "eval_metrics has no metric '",
                      entry.key, "': pass the dict that head.metrics() returned",
                      entry.key.rfind("regularization_loss", 0) == 0
                          ? ", created with regularization_losses"
                          : "");
    TORCH_CHECK_VALUE(found->second->config() == entry.prototype->config(), "eval_metrics['",
                      entry.key, "'] is ", found->second->config(), "; the head feeds ",
                      entry.prototype->config());
    targets.emplace_back(found->second.get(), &entry);
  }
  for (const auto& [metric, entry] : targets) {
    entry->feed(*metric, counts);
  }
}

}  // namespace multilabel_head
