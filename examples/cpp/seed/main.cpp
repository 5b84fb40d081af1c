// The seed example from C++: the same head, loss, gradient, predictions and metrics as
// examples/python/seed_example.py, printed in the same format.
#include <cstdio>
#include <iostream>
#include <sstream>

#include <ATen/ATen.h>
#include <multilabel_head/multilabel_head.h>
#include <torch/autograd.h>

namespace mlh = multilabel_head;

std::string rows(const at::Tensor& values) {
  const at::Tensor contiguous = values.contiguous();
  const float* data = contiguous.data_ptr<float>();
  std::ostringstream out;
  out << '[';
  for (int64_t row = 0; row < values.size(0); ++row) {
    out << (row ? ", [" : "[");
    for (int64_t column = 0; column < values.size(1); ++column) {
      char number[32];
      std::snprintf(number, sizeof(number), "%.7f", data[row * values.size(1) + column]);
      out << (column ? ", " : "") << number;
    }
    out << ']';
  }
  out << ']';
  return out.str();
}

std::string names(const std::vector<std::vector<std::string>>& classes) {
  std::ostringstream out;
  out << '[';
  for (size_t row = 0; row < classes.size(); ++row) {
    out << (row ? ", [" : "[");
    for (size_t column = 0; column < classes[row].size(); ++column) {
      out << (column ? ", '" : "'") << classes[row][column] << "'";
    }
    out << ']';
  }
  out << ']';
  return out.str();
}

int main() {
  mlh::MultiLabelHead head(mlh::MultiLabelHeadOptions(2));
  const at::Tensor logits =
      at::tensor({-1.f, 1.f, -1.5f, 1.5f}).reshape({2, 2}).set_requires_grad(true);
  const at::Tensor labels = at::tensor({1, 0, 1, 1}, at::kLong).reshape({2, 2});

  const at::Tensor loss = head->loss(labels, logits);
  loss.backward();
  const mlh::Predictions predictions = head->predictions(logits.detach());

  std::printf("loss : %.7f\n", loss.item<float>());
  std::cout << "logits_grad : " << rows(logits.grad()) << "\n";
  std::cout << "probabilities : " << rows(*predictions.probabilities) << "\n";
  std::cout << "classes : " << names(*predictions.classes) << "\n";

  // TF's evaluation metrics of the same batch, by key.
  const mlh::MetricDict metrics =
      head->update_metrics(head->metrics(), {}, logits.detach(), labels);
  for (const auto& [key, metric] : metrics) {
    std::printf("%s : %.2f\n", key.c_str(), metric->result().item<float>());
  }
  return 0;
}
