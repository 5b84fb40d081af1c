// The C++ metric classes: Keras's golden values, scikit-learn's values for the exact mode (worked
// by hand below), merge, state round trips and atomic errors. tests/python covers the same
// classes against NumPy and scikit-learn on random data.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "multilabel_head/head.h"
#include "multilabel_head/metrics/auc.h"
#include "multilabel_head/metrics/confusion_metrics.h"
#include "multilabel_head/metrics/mean.h"

namespace multilabel_head::metrics {
namespace {

// Keras's confusion_metrics_test.py vectors.
const at::Tensor kLabels = at::tensor({0, 0, 1, 1}, at::kLong);
const at::Tensor kPredictions = at::tensor({0.0f, 0.5f, 0.3f, 0.9f});
const at::Tensor kWeights = at::tensor({1.0f, 2.0f, 3.0f, 4.0f});

double auc_of(const AUCOptions& options, bool weighted) {
  AUC metric(options);
  metric.update(kLabels, kPredictions, weighted ? std::optional(kWeights) : std::nullopt);
  // TF's float32 results; the exact mode's are float64.
  EXPECT_EQ(metric.result().scalar_type(), options.num_thresholds() ? at::kFloat : at::kDouble);
  return metric.result().item<double>();
}

TEST(AUC, KerasGoldenValues) {
  const auto three = AUCOptions().num_thresholds(3);
  EXPECT_NEAR(auc_of(three, false), 0.75, 1e-6);
  EXPECT_NEAR(auc_of(three, true), 0.7857142857, 1e-6);
  EXPECT_NEAR(auc_of(AUCOptions(three).summation_method("majoring"), true), 1.0, 1e-6);
  EXPECT_NEAR(auc_of(AUCOptions(three).summation_method("minoring"), true), 0.5714285714, 1e-6);
  EXPECT_NEAR(auc_of(AUCOptions(three).curve("PR"), true),
              0.5 * (3 + 2 * std::log(2.5)) / 7 + 4.0 / 7, 1e-6);
}

TEST(AUC, ExactModeIsScikitLearns) {
  // Weighted pairs (positive above negative): 0.3 > 0 (3*1), 0.9 > 0 and 0.5 (4*3): 15 of 21.
  EXPECT_NEAR(auc_of(AUCOptions().num_thresholds(std::nullopt), true), 15.0 / 21, 1e-12);
  // Average precision: recall 4/7 at precision 1 (down to 0.9), then 3/7 more at precision 7/9
  // (down to 0.3, after the negative 0.5 of weight 2).
  EXPECT_NEAR(auc_of(AUCOptions().num_thresholds(std::nullopt).curve("PR"), true),
              4.0 / 7 + 3.0 / 7 * 7.0 / 9, 1e-12);
}

TEST(AUC, MultiLabelMeanOfLabels) {
  AUC metric(AUCOptions().num_thresholds(5).multi_label(true));
  const at::Tensor predictions = at::tensor({0.0f, 0.5f, 0.3f, 0.9f, 0.1f, 0.2f, 0.3f, 0.4f});
  metric.update(at::tensor({0, 0, 1, 1, 0, 0, 1, 1}).reshape({2, 4}).t(),
                predictions.reshape({2, 4}).t());
  EXPECT_NEAR(metric.result().item<double>(), (0.875 + 1.0) / 2, 1e-6);
}

TEST(AUC, MergeAndStateRoundTrip) {
  AUC whole, first, second;
  whole.update(kLabels, kPredictions, kWeights);
  first.update(kLabels.narrow(0, 0, 2), kPredictions.narrow(0, 0, 2), kWeights.narrow(0, 0, 2));
  second.update(kLabels.narrow(0, 2, 2), kPredictions.narrow(0, 2, 2), kWeights.narrow(0, 2, 2));
  first.merge(second);
  EXPECT_TRUE(at::equal(first.result(), whole.result()));
  AUC restored;
  restored.load_state_dict(whole.state_dict());
  EXPECT_TRUE(at::equal(restored.result(), whole.result()));
  EXPECT_THROW(whole.merge(AUC(AUCOptions().curve("PR"))), c10::ValueError);
}

TEST(AUC, BadBatchChangesNothing) {
  AUC metric;
  metric.update(kLabels, kPredictions);
  const at::Tensor before = metric.state_dict().at("histogram").clone();
  EXPECT_THROW(metric.update(kLabels, at::tensor({0.1f, NAN, 0.2f, 0.3f})), c10::ValueError);
  EXPECT_THROW(metric.update(kLabels.mul(2), kPredictions), c10::ValueError);
  EXPECT_THROW(metric.update(kLabels, kPredictions.mul(2)), c10::ValueError);
  EXPECT_TRUE(at::equal(metric.state_dict().at("histogram"), before));
  EXPECT_THROW(AUC(AUCOptions().num_thresholds(1)), c10::ValueError);
  EXPECT_THROW(AUC(AUCOptions().curve("XYZ")), c10::ValueError);
}

TEST(ThresholdMetrics, PrecisionRecallAccuracy) {
  Precision precision({0.4});
  Recall recall({0.4});
  BinaryAccuracy accuracy(0.4);
  for (ThresholdMetric* metric :
       std::initializer_list<ThresholdMetric*>{&precision, &recall, &accuracy}) {
    metric->update(kLabels, kPredictions, kWeights);
  }
  // Predicted positive (p > 0.4): 0.5 (negative, w 2) and 0.9 (positive, w 4).
  EXPECT_NEAR(precision.result().item<double>(), 4.0 / 6, 1e-6);
  EXPECT_NEAR(recall.result().item<double>(), 4.0 / 7, 1e-6);
  EXPECT_NEAR(accuracy.result().item<double>(), (1.0 + 4.0) / 10, 1e-6);
  EXPECT_EQ(precision.state_dict().at("state").scalar_type(), at::kDouble);
}

TEST(Mean, WeightedMean) {
  Mean mean;
  mean.update(at::tensor({1.0f, 3.0f}), at::tensor({1.0f, 3.0f}));
  EXPECT_NEAR(mean.result().item<double>(), 10.0 / 4, 1e-7);
  mean.reset();
  EXPECT_EQ(mean.result().item<double>(), 0.0);
}

TEST(HeadMetrics, SeedKeysAndAtomicUpdates) {
  MultiLabelHead head(MultiLabelHeadOptions(2).thresholds({0.5}).name("h"));
  const MetricDict metrics = head->metrics();
  const at::Tensor logits = at::tensor({-1.f, 1.f, -1.5f, 1.5f}).reshape({2, 2});
  const at::Tensor labels = at::tensor({1, 0, 1, 1}, at::kLong).reshape({2, 2});
  head->update_metrics(metrics, {}, logits, labels);
  EXPECT_NEAR(metrics.at("auc/h")->result().item<double>(), 1.0 / 3, 1e-6);
  EXPECT_NEAR(metrics.at("auc_precision_recall/h")->result().item<double>(), 0.7689509, 1e-6);
  EXPECT_NEAR(metrics.at("recall/positive_threshold_0.5/h")->result().item<double>(), 1.0 / 3,
              1e-6);
  const at::Tensor before = metrics.at("average_loss/h")->state_dict().at("state").clone();
  EXPECT_THROW(head->update_metrics(metrics, {}, logits, labels.mul(3)), c10::ValueError);
  EXPECT_THROW(head->update_metrics(metrics, {}, logits, labels, std::vector<at::Tensor>{}),
               c10::ValueError);  // no regularization_loss metric
  EXPECT_TRUE(at::equal(metrics.at("average_loss/h")->state_dict().at("state"), before));
}

}  // namespace
}  // namespace multilabel_head::metrics
