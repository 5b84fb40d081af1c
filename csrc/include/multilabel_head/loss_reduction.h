#pragma once

#include <string_view>

#include "multilabel_head/export.h"

namespace multilabel_head {

// TF's tf.losses.Reduction values that a head accepts ('none' is not one of them).
enum class LossReduction {
  kSumOverBatchSize,  // 'sum_over_batch_size': weighted sum / number of examples
  kSum,               // 'sum': weighted sum
  kAuto,              // 'auto': same as kSumOverBatchSize in the loss
};

// Parses TF's name of a reduction; anything else throws c10::ValueError with TF's wording.
MLH_API LossReduction loss_reduction_from_string(std::string_view name);
MLH_API std::string_view to_string(LossReduction reduction);

}  // namespace multilabel_head
