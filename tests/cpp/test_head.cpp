// MultiLabelHead from C++: loss, custom loss_fn, predictions, module behaviour.
#include <sstream>

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>

#include "multilabel_head/functional.h"
#include "multilabel_head/head.h"

namespace multilabel_head {
namespace {

const at::Tensor seed_logits() { return at::tensor({-1.f, 1.f, -1.5f, 1.5f}).reshape({2, 2}); }
const at::Tensor seed_labels() { return at::tensor({1, 0, 1, 1}, at::kLong).reshape({2, 2}); }

// TF's loss composed from ATen operators: mean over classes, weighted, summed.
at::Tensor per_example(const at::Tensor& logits, const at::Tensor& labels) {
  const at::Tensor x = logits.to(at::kDouble);
  const at::Tensor z = labels.to(at::kDouble);
  return (x.clamp_min(0) - x * z + x.abs().neg().exp().log1p()).mean(-1);
}

TEST(MultiLabelHead, SeedLossAndGradient) {
  MultiLabelHead head(2);
  const at::Tensor logits = seed_logits().set_requires_grad(true);
  const at::Tensor loss = head->loss(seed_labels(), logits);
  EXPECT_NEAR(loss.item<double>(), 1.1323375, 1e-6);
  loss.backward();
  const at::Tensor expected = (seed_logits().sigmoid() - seed_labels()) / 2 / 2;
  EXPECT_TRUE(at::allclose(logits.grad(), expected, 1e-6, 1e-7));
}

TEST(MultiLabelHead, WeightsReductionAndRegularization) {
  at::manual_seed(0);
  const at::Tensor logits = at::randn({5, 3});
  const at::Tensor labels = at::rand({5, 3}) < 0.5;
  const at::Tensor weights = at::rand({5});
  MultiLabelHead head(
      MultiLabelHeadOptions(3).weight_column("w").loss_reduction(LossReduction::kSum));
  const at::Tensor loss =
      head->loss(labels, logits, {{"w", weights}}, std::vector<at::Tensor>{at::scalar_tensor(0.5)});
  const double expected = (per_example(logits, labels) * weights).sum().item<double>() + 0.5;
  EXPECT_NEAR(loss.item<double>(), expected, 1e-5);
  try {
    head->loss(labels, logits);
    FAIL() << "expected a ValueError";
  } catch (const c10::ValueError& error) {
    EXPECT_EQ(error.msg(), "Feature w is not in features dictionary.");
  }
}

TEST(MultiLabelHead, UndefinedLabelsAreMissingLabels) {
  MultiLabelHead head(2);
  EXPECT_THROW(head->loss(at::Tensor(), seed_logits()), c10::ValueError);
}

TEST(MultiLabelHead, CustomLossFn) {
  bool saw_features = false;
  const LossFn loss_fn = [&](const at::Tensor& labels, const at::Tensor& logits,
                             const Features& features) {
    saw_features = features.count("scale") == 1;
    return (labels - logits).abs().sum(-1, /*keepdim=*/true) * features.at("scale");
  };
  MultiLabelHead head(MultiLabelHeadOptions(2).loss_fn(loss_fn));
  const at::Tensor loss =
      head->loss(seed_labels(), seed_logits(), {{"scale", at::scalar_tensor(2.0)}});
  const double expected = ((seed_labels() - seed_logits()).abs().sum(-1) * 2).mean().item<double>();
  EXPECT_NEAR(loss.item<double>(), expected, 1e-6);
  EXPECT_TRUE(saw_features);

  const LossFn wrong_shape = [](const at::Tensor&, const at::Tensor& logits, const Features&) {
    return logits.sum(-1);
  };
  MultiLabelHead wrong(MultiLabelHeadOptions(2).loss_fn(wrong_shape));
  try {
    wrong->loss(seed_labels(), seed_logits());
    FAIL() << "expected a ValueError";
  } catch (const c10::ValueError& error) {
    EXPECT_EQ(error.msg(),
              "loss_fn must return Tensor of shape [D0, D1, ... DN, 1]. logits_shape: (2, 2). "
              "loss_shape: (2,).");
  }
}

TEST(MultiLabelHead, TwoArgumentLossFnFeedsLossAndAverageLoss) {
  MultiLabelHead head(MultiLabelHeadOptions(2).weight_column("w").loss_fn(
      [](const at::Tensor& labels, const at::Tensor&) {
        return at::tensor({1.0f, 2.0f}).reshape({2, 1}) + labels.sum(-1, true).mul(0);
      }));
  const Features features{{"w", at::tensor({1.0f, 3.0f})}};
  EXPECT_NEAR(head->loss(seed_labels(), seed_logits(), features).item<double>(), (1 + 6) / 2.0,
              1e-6);
  const MetricDict metrics =
      head->update_metrics(head->metrics(), features, seed_logits(), seed_labels());
  EXPECT_NEAR(metrics.at("average_loss")->result().item<double>(), (1 + 6) / 4.0, 1e-6);
}

TEST(MultiLabelHead, FunctionalTwinEqualsModule) {
  const auto options = MultiLabelHeadOptions(2).loss_reduction(LossReduction::kSum);
  MultiLabelHead head(options);
  EXPECT_TRUE(at::equal(head->loss(seed_labels(), seed_logits()),
                        functional::multi_label_head_loss(seed_labels(), seed_logits(), options)));
}

TEST(MultiLabelHead, Predictions) {
  MultiLabelHead head(
      MultiLabelHeadOptions(2).label_vocabulary(std::vector<std::string>{"a", "b"}));
  const Predictions all = head->predictions(seed_logits());
  EXPECT_TRUE(at::equal(*all.logits, seed_logits()));
  EXPECT_TRUE(at::allclose(*all.probabilities, seed_logits().sigmoid()));
  EXPECT_EQ(*all.classes, (std::vector<std::vector<std::string>>{{"a", "b"}, {"a", "b"}}));

  const Predictions some =
      head->predictions(at::randn({3, 4, 2}), std::vector<std::string>{"classes"});
  EXPECT_FALSE(some.logits.has_value());
  EXPECT_FALSE(some.probabilities.has_value());
  EXPECT_EQ(some.classes->size(), 3u);  // [D0, C], as TF
  EXPECT_THROW(head->predictions(seed_logits(), std::vector<std::string>{"foo"}), c10::ValueError);
}

TEST(MultiLabelHead, ForwardIsProbabilities) {
  MultiLabelHead head(2);
  EXPECT_TRUE(at::allclose(head->forward(seed_logits()), seed_logits().sigmoid()));
  EXPECT_THROW(head->forward(at::zeros({3})), c10::ValueError);
}

TEST(MultiLabelHead, CloneAndPrint) {
  MultiLabelHead head(MultiLabelHeadOptions(3).weight_column("w").name("h"));
  const auto copy = std::dynamic_pointer_cast<MultiLabelHeadImpl>(head->clone());
  ASSERT_TRUE(copy);
  EXPECT_EQ(*copy->options.weight_column(), "w");
  std::ostringstream printed;
  printed << *head;
  EXPECT_EQ(printed.str(),
            "multilabel_head::MultiLabelHead(n_classes=3, loss_reduction=sum_over_batch_size, "
            "weight_column=w, name=h)");
}

}  // namespace
}  // namespace multilabel_head
