// Calls multilabel_head::sigmoid_cross_entropy by name, as a loaded model would, and checks the
// seed example's per-example losses. Exits non-zero when the operator is missing or wrong.
#include <cmath>
#include <cstdio>

#include <ATen/ATen.h>
#include <ATen/core/dispatch/Dispatcher.h>

int main() {
  const auto handle =
      c10::Dispatcher::singleton().findSchema({"multilabel_head::sigmoid_cross_entropy", ""});
  if (!handle) {
    std::fprintf(stderr, "multilabel_head::sigmoid_cross_entropy is not registered\n");
    return 1;
  }
  const auto op = handle->typed<at::Tensor(const at::Tensor&, const at::Tensor&)>();
  const at::Tensor logits = at::tensor({-1.f, 1.f, -1.5f, 1.5f}).reshape({2, 2});
  const at::Tensor labels = at::tensor({1.f, 0.f, 1.f, 1.f}).reshape({2, 2});
  const at::Tensor loss = op.call(logits, labels);
  const double expected[] = {1.3132617, 0.9514133};  // spec section 8
  for (int row = 0; row < 2; ++row) {
    if (std::abs(loss[row][0].item<double>() - expected[row]) > 1e-6) {
      std::fprintf(stderr, "row %d: %f, expected %f\n", row, loss[row][0].item<double>(),
                   expected[row]);
      return 1;
    }
  }
  std::printf("multilabel_head::sigmoid_cross_entropy found by name and correct\n");
  return 0;
}
