// Label forms from C++: sparse class ids, ragged ids, names; LabelVocabulary.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "multilabel_head/functional.h"
#include "multilabel_head/head.h"
#include "multilabel_head/ops.h"

namespace multilabel_head {
namespace {

RaggedClassIds ragged(const std::vector<std::vector<int64_t>>& rows) {
  RaggedClassIdsBuilder builder(rows.size());
  for (const auto& row : rows) {
    for (const int64_t id : row) {
      builder.add(id);
    }
    builder.end_example();
  }
  return builder.finish();
}

TEST(Labels, EveryFormGivesTheDenseLoss) {
  at::manual_seed(0);
  const at::Tensor logits = at::randn({3, 4});
  const at::Tensor dense =
      at::tensor({0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1}, at::kLong).reshape({3, 4});
  // TF's SparseTensor: values are class ids, the second index is a position in the example.
  const at::Tensor indices = at::tensor({0, 0, 0, 2, 2,   // example
                                         0, 1, 2, 0, 1},  // position in the example
                                        at::kLong)
                                 .reshape({2, 5});
  const at::Tensor sparse =
      at::sparse_coo_tensor(indices, at::tensor({1, 2, 2, 0, 3}, at::kLong), {3, 3});
  MultiLabelHead head(
      MultiLabelHeadOptions(4).label_vocabulary(std::vector<std::string>{"w", "x", "y", "z"}));
  const at::Tensor expected = head->loss(dense, logits);
  const StringLabels names{{"x", "y", "y"}, {}, {"w", "z"}};
  for (const Labels& labels :
       {Labels(sparse), Labels(ragged({{1, 2, 2}, {}, {0, 3}})), Labels(names)}) {
    EXPECT_TRUE(at::allclose(head->loss(labels, logits), expected)) << "form " << labels.index();
  }
}

TEST(Labels, FunctionalLooksNamesUpInTheOptionsVocabulary) {
  const auto options =
      MultiLabelHeadOptions(3).label_vocabulary(std::vector<std::string>{"a", "b", "c"});
  const at::Tensor logits = at::randn({2, 3});
  EXPECT_TRUE(at::allclose(
      functional::multi_label_head_loss(StringLabels{{"c"}, {"a", "b"}}, logits, options),
      functional::multi_label_head_loss(ragged({{2}, {0, 1}}), logits, options)));
  EXPECT_THROW(functional::multi_label_head_loss(StringLabels{{"c"}}, logits.slice(0, 0, 1), 3),
               c10::ValueError);
}

TEST(Labels, MultiHotIsBoolWithDuplicatesIdempotent) {
  const at::Tensor multi_hot = multi_hot_labels(ragged({{2, 2}, {}, {0}}), 3, nullptr);
  EXPECT_EQ(multi_hot.scalar_type(), at::kBool);
  EXPECT_TRUE(
      at::equal(multi_hot, at::tensor({0, 0, 1, 0, 0, 0, 1, 0, 0}).reshape({3, 3}).to(at::kBool)));
}

// From 32 MiB the output is a fresh mapping in huge pages that nothing clears.
TEST(Labels, LargeOutputsAreHugePageMappingsOfZeros) {
  constexpr int64_t kRows = 70000, kClasses = 500;
  std::vector<std::vector<int64_t>> rows(kRows);
  for (int64_t row = 0; row < kRows; ++row) {
    rows[row] = {row % kClasses, (7 * row) % kClasses};
  }
  const at::Tensor row_ids = at::arange(kRows);
  at::Tensor expected = at::zeros({kRows, kClasses}, at::kBool);
  expected.index_put_({row_ids, row_ids.remainder(kClasses)}, true);
  expected.index_put_({row_ids, row_ids.mul(7).remainder(kClasses)}, true);
  for (int repeat = 0; repeat < 2; ++repeat) {
    at::Tensor multi_hot = multi_hot_labels(ragged(rows), kClasses, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(multi_hot.const_data_ptr()) % (2 << 20), 0u);
    EXPECT_TRUE(at::equal(multi_hot, expected));
    multi_hot.resize_({2 * kRows, kClasses});
    EXPECT_TRUE(at::equal(multi_hot.slice(0, 0, kRows), expected));
  }
  EXPECT_TRUE(  // a small output is at::zeros
      at::equal(multi_hot_labels(ragged({{1}}), kClasses, nullptr),
                at::arange(kClasses).eq(1).unsqueeze(0)));
}

TEST(Labels, Errors) {
  EXPECT_THROW(multi_hot_labels(ragged({{3}}), 3, nullptr), c10::ValueError);
  EXPECT_THROW(multi_hot_labels(ragged({{-1}}), 3, nullptr), c10::ValueError);
  EXPECT_THROW(multi_hot_labels(StringLabels{{"a"}}, 3, nullptr), c10::ValueError);
  EXPECT_THROW(ops::multi_hot(at::tensor({0.5}), at::tensor({0}, at::kLong), 1, 3),
               c10::ValueError);
  EXPECT_THROW(ops::ragged_multi_hot(at::tensor({0}, at::kLong), at::tensor({1, 1}, at::kLong), 3),
               c10::ValueError);
}

TEST(LabelVocabulary, LooksUpNamesAndRejectsDuplicates) {
  const LabelVocabulary vocabulary({"a", "b"});
  EXPECT_EQ(vocabulary.size(), 2);
  EXPECT_EQ(vocabulary.find("b"), 1);
  EXPECT_FALSE(vocabulary.find("c").has_value());
  try {
    vocabulary.id("c", 7);
    FAIL() << "expected a ValueError";
  } catch (const c10::ValueError& error) {
    EXPECT_EQ(error.msg(), "Label 'c' of example 7 is not in label_vocabulary.");
  }
  try {  // named as Python's repr names it
    vocabulary.id(std::string("it's\t\0", 6), 0);
    FAIL() << "expected a ValueError";
  } catch (const c10::ValueError& error) {
    EXPECT_EQ(error.msg(), "Label \"it's\\t\\x00\" of example 0 is not in label_vocabulary.");
  }
  EXPECT_THROW(LabelVocabulary({"a", "a"}), c10::ValueError);
}

}  // namespace
}  // namespace multilabel_head
