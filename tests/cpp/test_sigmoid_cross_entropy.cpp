// The fused operator from C++: values against an ATen composition, gradients, dtypes, errors.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>

#include "multilabel_head/ops.h"

namespace multilabel_head {
namespace {

// The same quantity composed from ATen operators in float64.
at::Tensor reference(const at::Tensor& logits, const at::Tensor& labels) {
  const at::Tensor x = logits.to(at::kDouble);
  const at::Tensor z = labels.to(at::kDouble);
  return (x.clamp_min(0) - x * z + x.abs().neg().exp().log1p()).mean(-1, /*keepdim=*/true);
}

class SigmoidCrossEntropyClasses : public ::testing::TestWithParam<int64_t> {};

TEST_P(SigmoidCrossEntropyClasses, MatchesReference) {
  at::manual_seed(0);
  const int64_t classes = GetParam();
  const at::Tensor logits = at::randn({19, classes}) * 4;
  const at::Tensor labels = at::rand({19, classes});
  const at::Tensor loss = ops::sigmoid_cross_entropy(logits, labels);
  ASSERT_EQ(loss.sizes(), (std::vector<int64_t>{19, 1}));
  EXPECT_TRUE(at::allclose(loss.to(at::kDouble), reference(logits, labels), 1e-6, 1e-6));
}

INSTANTIATE_TEST_SUITE_P(ClassCounts, SigmoidCrossEntropyClasses,
                         ::testing::Values(1, 2, 7, 16, 17, 100, 1025, 3000));

TEST(SigmoidCrossEntropy, LabelDtypes) {
  at::manual_seed(0);
  const at::Tensor logits = at::randn({8, 21});
  const at::Tensor hot = at::rand({8, 21}) < 0.3;
  for (const at::ScalarType dtype : {at::kBool, at::kByte, at::kChar, at::kInt, at::kLong,
                                     at::kHalf, at::kBFloat16, at::kFloat, at::kDouble}) {
    const at::Tensor loss = ops::sigmoid_cross_entropy(logits, hot.to(dtype));
    EXPECT_TRUE(at::allclose(loss.to(at::kDouble), reference(logits, hot), 1e-6, 1e-6)) << dtype;
  }
}

TEST(SigmoidCrossEntropy, Float64) {
  const at::Tensor logits = at::randn({5, 9}, at::kDouble);
  const at::Tensor labels = at::rand({5, 9}, at::kDouble);
  const at::Tensor loss = ops::sigmoid_cross_entropy(logits, labels);
  EXPECT_EQ(loss.scalar_type(), at::kDouble);
  EXPECT_TRUE(at::allclose(loss, reference(logits, labels), 1e-12, 1e-12));
}

TEST(SigmoidCrossEntropy, GradientIsSigmoidMinusLabelsOverClasses) {
  const at::Tensor logits = at::randn({6, 10}).set_requires_grad(true);
  const at::Tensor labels = (at::rand({6, 10}) < 0.5).to(at::kLong);
  const at::Tensor upstream = at::rand({6, 1});
  ops::sigmoid_cross_entropy(logits, labels).backward(upstream);
  const at::Tensor expected = upstream * (logits.detach().sigmoid() - labels) / 10;
  EXPECT_TRUE(at::allclose(logits.grad(), expected, 1e-6, 1e-7));
}

TEST(SigmoidCrossEntropy, StableForLargeLogits) {
  const at::Tensor logits = at::tensor({-1e4f, 1e4f, -100.f, 100.f}).reshape({1, 4});
  const at::Tensor labels = at::tensor({1.f, 0.f, 0.f, 1.f}).reshape({1, 4});
  const at::Tensor loss = ops::sigmoid_cross_entropy(logits, labels);
  EXPECT_NEAR(loss.item<float>(), (1e4 + 1e4 + 0 + 0) / 4.0, 1e-2);
}

TEST(SigmoidCrossEntropy, NonContiguousAndEmpty) {
  const at::Tensor logits = at::randn({4, 6, 3}).transpose(0, 2);
  const at::Tensor labels = (at::rand({4, 6, 3}) < 0.5).transpose(0, 2);
  EXPECT_TRUE(at::allclose(ops::sigmoid_cross_entropy(logits, labels).to(at::kDouble),
                           reference(logits, labels), 1e-6, 1e-6));
  EXPECT_EQ(ops::sigmoid_cross_entropy(at::zeros({0, 3}), at::zeros({0, 3})).numel(), 0);
}

TEST(SigmoidCrossEntropy, Errors) {
  const at::Tensor logits = at::zeros({2, 3});
  EXPECT_THROW(ops::sigmoid_cross_entropy(logits.to(at::kLong), logits), c10::TypeError);
  EXPECT_THROW(ops::sigmoid_cross_entropy(logits, logits.to(at::kComplexFloat)), c10::TypeError);
  EXPECT_THROW(ops::sigmoid_cross_entropy(logits, at::zeros({3, 2})), c10::ValueError);
  EXPECT_THROW(ops::sigmoid_cross_entropy(logits, at::full({2, 3}, 2)), c10::ValueError);
  EXPECT_THROW(ops::sigmoid_cross_entropy(logits, at::full({2, 3}, NAN)), c10::ValueError);
  EXPECT_THROW(ops::sigmoid_cross_entropy(at::zeros({2, 0}), at::zeros({2, 0})), c10::ValueError);
  EXPECT_THROW(ops::sigmoid_cross_entropy_backward(at::zeros({2, 3}), logits, logits),
               c10::ValueError);
}

}  // namespace
}  // namespace multilabel_head
