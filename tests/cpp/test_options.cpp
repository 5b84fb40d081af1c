// MultiLabelHeadOptions: TORCH_ARG setters, defaults, validation through the module.
#include <gtest/gtest.h>

#include "multilabel_head/head.h"
#include "multilabel_head/options_validation.h"

namespace multilabel_head {
namespace {

TEST(MultiLabelHeadOptions, Defaults) {
  const MultiLabelHeadOptions options(4);
  EXPECT_EQ(options.n_classes(), 4);
  EXPECT_FALSE(options.weight_column().has_value());
  EXPECT_TRUE(options.thresholds().empty());
  EXPECT_FALSE(options.label_vocabulary().has_value());
  EXPECT_EQ(options.loss_reduction(), LossReduction::kSumOverBatchSize);
  EXPECT_FALSE(options.loss_fn());
  EXPECT_FALSE(options.name().has_value());
}

TEST(MultiLabelHeadOptions, SettersChain) {
  const auto options = MultiLabelHeadOptions(3)
                           .weight_column("w")
                           .thresholds({0.25, 0.5})
                           .label_vocabulary(std::vector<std::string>{"a", "b", "c"})
                           .loss_reduction(LossReduction::kSum)
                           .classes_for_class_based_metrics(std::vector<std::string>{"c"})
                           .name("head1");
  EXPECT_EQ(*options.weight_column(), "w");
  EXPECT_EQ(options.thresholds(), (std::vector<double>{0.25, 0.5}));
  EXPECT_EQ(*options.name(), "head1");
  MultiLabelHead head(options);
  EXPECT_EQ(head->class_ids_for_class_based_metrics(), (std::vector<int64_t>{2}));
  EXPECT_EQ(head->logits_dimension(), 3);
  EXPECT_EQ(head->loss_reduction(), LossReduction::kSum);
  EXPECT_EQ(*head->name(), "head1");
}

TEST(MultiLabelHeadOptions, ValidationErrorsAreValueErrors) {
  EXPECT_THROW(MultiLabelHead(MultiLabelHeadOptions(1)), c10::ValueError);
  EXPECT_THROW(MultiLabelHead(MultiLabelHeadOptions(2).thresholds({0.0})), c10::ValueError);
  EXPECT_THROW(MultiLabelHead(MultiLabelHeadOptions(2).classes_for_class_based_metrics(
                   std::vector<int64_t>{2})),
               c10::ValueError);
}

TEST(LossReduction, ParsesTfNames) {
  EXPECT_EQ(loss_reduction_from_string("sum"), LossReduction::kSum);
  EXPECT_EQ(loss_reduction_from_string("auto"), LossReduction::kAuto);
  EXPECT_EQ(loss_reduction_from_string("sum_over_batch_size"), LossReduction::kSumOverBatchSize);
  EXPECT_THROW(loss_reduction_from_string("none"), c10::ValueError);
  EXPECT_THROW(loss_reduction_from_string("weighted_sum"), c10::ValueError);
  EXPECT_EQ(to_string(LossReduction::kSum), "sum");
}

TEST(ValidateHeadArguments, LossFnArgumentNames) {
  HeadArguments arguments{2,
                          {},
                          std::nullopt,
                          std::vector<std::string>{"logits"},
                          "sum_over_batch_size",
                          std::vector<int64_t>{}};
  try {
    validate_head_arguments(arguments);
    FAIL() << "expected a ValueError";
  } catch (const c10::ValueError& error) {
    EXPECT_EQ(error.msg(), "loss_fn must contain argument: labels. Given arguments: ('logits',)");
  }
  arguments.loss_fn_args = std::vector<std::string>{"labels", "logits", "name", "mode"};
  try {
    validate_head_arguments(arguments);
    FAIL() << "expected a ValueError";
  } catch (const c10::ValueError& error) {
    EXPECT_EQ(error.msg(), "loss_fn has unexpected args: ['name', 'mode']");
  }
  arguments.n_classes = std::nullopt;
  EXPECT_THROW(validate_head_arguments(arguments), c10::ValueError);
}

}  // namespace
}  // namespace multilabel_head
