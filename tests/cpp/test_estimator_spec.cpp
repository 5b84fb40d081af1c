// create_estimator_spec from C++ (spec section 6): TRAIN with an optimizer or a train_op_fn, EVAL,
// PREDICT, and TF's errors.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/optim/sgd.h>

#include "multilabel_head/head.h"

namespace multilabel_head {
namespace {

at::Tensor logits() { return at::tensor({-10.f, 10.f, -15.f, 10.f}).reshape({2, 2}); }
at::Tensor labels() { return at::tensor({1, 0, 1, 1}, at::kLong).reshape({2, 2}); }

TEST(EstimatorSpec, TrainWithTrainOpFnAndUpdateOps) {
  MultiLabelHead head(MultiLabelHeadOptions(2));
  int updated = 1;
  const EstimatorSpec spec = head->create_estimator_spec(
      {}, ModeKeys::kTrain, logits(), Labels(labels()), nullptr,
      [](const at::Tensor& loss) { return loss.mul(2); }, {[&] { updated = 2; }});
  EXPECT_EQ(spec.mode, ModeKeys::kTrain);
  EXPECT_NEAR(spec.loss->item<double>(), 8.75, 1e-4);
  EXPECT_NEAR(spec.train_op->item<double>(), 17.5, 1e-4);
  EXPECT_EQ(updated, 2);
  EXPECT_TRUE(spec.eval_metric_ops.empty());
  EXPECT_FALSE(spec.export_outputs.has_value());
}

TEST(EstimatorSpec, TrainWithAnOptimizerSteps) {
  MultiLabelHead head(MultiLabelHeadOptions(2));
  const at::Tensor weight = at::ones({2}).set_requires_grad(true);
  torch::optim::SGD optimizer({weight}, torch::optim::SGDOptions(0.1));
  head->create_estimator_spec({}, ModeKeys::kTrain, logits() * weight, Labels(labels()),
                              &optimizer);
  // d loss / d weight = sum over examples of d loss / d logits * logits.
  const at::Tensor x = logits().clone().set_requires_grad(true);
  head->loss(labels(), x).backward();
  const at::Tensor expected = at::ones({2}) - (x.grad() * logits()).sum(0) * 0.1;
  EXPECT_TRUE(at::allclose(weight.detach(), expected, 1e-5, 1e-6));
}

TEST(EstimatorSpec, EvalStreamsMetrics) {
  MultiLabelHead head(MultiLabelHeadOptions(2).weight_column("w"));
  const Features features{{"w", at::tensor({1.f, 2.f}).reshape({2, 1})}};
  const EstimatorSpec spec =
      head->create_estimator_spec(features, ModeKeys::kEval, logits(), Labels(labels()));
  EXPECT_NEAR(spec.loss->item<double>(), 12.5, 1e-4);
  EXPECT_NEAR(spec.eval_metric_ops.at("auc")->result().item<double>(), 0.2, 1e-6);
  const EstimatorSpec again =
      head->create_estimator_spec(features, ModeKeys::kEval, logits(), Labels(labels()), nullptr,
                                  nullptr, {}, std::nullopt, spec.eval_metric_ops);
  EXPECT_EQ(again.eval_metric_ops.at("auc"), spec.eval_metric_ops.at("auc"));
  EXPECT_EQ(spec.eval_metric_ops.at("average_loss")->state_dict().at("state")[1].item<double>(),
            6.0);
}

TEST(EstimatorSpec, PredictExports) {
  MultiLabelHead head(MultiLabelHeadOptions(2).label_vocabulary({{"a", "b"}}));
  const EstimatorSpec spec = head->create_estimator_spec({}, ModeKeys::kPredict, logits());
  ASSERT_TRUE(spec.export_outputs.has_value());
  EXPECT_FALSE(spec.loss.has_value());
  EXPECT_TRUE(at::allclose(spec.export_outputs->serving_default.scores, logits().sigmoid()));
  EXPECT_EQ(spec.export_outputs->classification.classes,
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"a", "b"}}));
  EXPECT_TRUE(spec.export_outputs->predict.logits.has_value());
}

TEST(EstimatorSpec, TrainErrors) {
  MultiLabelHead head(MultiLabelHeadOptions(2));
  const at::Tensor weight = at::ones({2}).set_requires_grad(true);
  torch::optim::SGD optimizer({weight}, torch::optim::SGDOptions(0.1));
  const TrainOpFn train_op_fn = [](const at::Tensor& loss) { return loss; };
  EXPECT_THROW(head->create_estimator_spec({}, ModeKeys::kTrain, logits(), Labels(labels()),
                                           &optimizer, train_op_fn),
               c10::ValueError);
  EXPECT_THROW(head->create_estimator_spec({}, ModeKeys::kTrain, logits(), Labels(labels())),
               c10::ValueError);
  EXPECT_THROW(head->create_estimator_spec({}, ModeKeys::kEval, logits()), c10::ValueError);
  EXPECT_EQ(mode_from_string("infer"), ModeKeys::kPredict);
  EXPECT_THROW(mode_from_string("training"), c10::ValueError);
}

}  // namespace
}  // namespace multilabel_head
