// A LibTorch C++ training app: a small MLP learns three tags of synthetic data (each on when a
// fixed linear score of 8 features is positive) with the head's create_estimator_spec for TRAIN
// and EVAL, then prints the evaluation metrics and one prediction. Run by the test command.
#include <cstdio>

#include <ATen/ATen.h>
#include <multilabel_head/multilabel_head.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

namespace mlh = multilabel_head;

struct Data {
  at::Tensor x;
  at::Tensor labels;
};

Data make_data(int64_t rows, const at::Tensor& truth) {
  const at::Tensor x = at::randn({rows, 8});
  return {x, x.matmul(truth).gt(0)};
}

int main() {
  at::manual_seed(0);
  const at::Tensor truth = at::randn({8, 3});
  const Data train = make_data(512, truth);
  const Data eval = make_data(256, truth);

  torch::nn::Sequential model(torch::nn::Linear(8, 16), torch::nn::ReLU(),
                              torch::nn::Linear(16, 3));
  mlh::MultiLabelHead head(
      mlh::MultiLabelHeadOptions(3).label_vocabulary({{"red", "green", "blue"}}).thresholds({0.5}));
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(0.05));

  for (int epoch = 0; epoch < 5; ++epoch) {
    double total = 0;
    for (int64_t start = 0; start < 512; start += 64) {
      const mlh::EstimatorSpec spec = head->create_estimator_spec(
          {}, mlh::ModeKeys::kTrain, model->forward(train.x.narrow(0, start, 64)),
          mlh::Labels(train.labels.narrow(0, start, 64)), &optimizer);
      total += spec.loss->item<double>();
    }
    std::printf("epoch %d : loss %.4f\n", epoch, total / 8);
  }

  at::NoGradGuard no_grad;
  std::optional<mlh::MetricDict> metrics;
  for (int64_t start = 0; start < 256; start += 64) {
    metrics = head->create_estimator_spec({}, mlh::ModeKeys::kEval,
                                          model->forward(eval.x.narrow(0, start, 64)),
                                          mlh::Labels(eval.labels.narrow(0, start, 64)), nullptr,
                                          nullptr, {}, std::nullopt, metrics)
                  .eval_metric_ops;
  }
  for (const auto& [key, metric] : *metrics) {
    std::printf("%s : %.4f\n", key.c_str(), metric->result().item<float>());
  }
  const mlh::EstimatorSpec predict = head->create_estimator_spec(
      {}, mlh::ModeKeys::kPredict, model->forward(eval.x.narrow(0, 0, 1)));
  const mlh::ClassificationOutput& serving = predict.export_outputs->serving_default;
  std::printf("prediction :");
  for (size_t c = 0; c < serving.classes[0].size(); ++c) {
    std::printf(" %s %.3f", serving.classes[0][c].c_str(),
                serving.scores[0][static_cast<int64_t>(c)].item<float>());
  }
  std::printf("\n");
  return 0;
}
