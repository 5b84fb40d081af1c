// Loads what examples/python/export.py wrote and prints the same lines: the scripted model's
// probabilities by class name (from the model's extra file), then the scripted loss function,
// which calls the multilabel_head::head_loss operator.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <torch/script.h>

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    result.push_back(line);
  }
  return result;
}

int main(int argc, char** argv) {
  const std::string directory = argc > 1 ? argv[1] : "build/export";
  torch::jit::ExtraFilesMap extra{{"classes.txt", ""}};
  torch::jit::Module model = torch::jit::load(directory + "/model.pt", std::nullopt, extra);
  const std::vector<std::string> classes = lines(extra["classes.txt"]);

  const at::Tensor x = at::arange(8, at::kFloat).reshape({2, 4}).div(8);
  const at::Tensor probabilities = model.forward({x}).toTensor();
  for (int64_t row = 0; row < probabilities.size(0); ++row) {
    for (size_t c = 0; c < classes.size(); ++c) {
      std::printf("%s%s=%.6f", c ? " " : "", classes[c].c_str(),
                  probabilities[row][static_cast<int64_t>(c)].item<float>());
    }
    std::printf("\n");
  }

  torch::jit::Module loss = torch::jit::load(directory + "/loss.pt");
  const at::Tensor logits = model.attr("body").toModule().forward({x}).toTensor();
  const at::Tensor labels = at::tensor({1, 0, 1, 0, 1, 0}, at::kLong).reshape({2, 3});
  std::printf("loss=%.6f\n", loss.forward({logits, labels}).toTensor().item<float>());
  return 0;
}
