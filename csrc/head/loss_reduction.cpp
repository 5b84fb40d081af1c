#include "multilabel_head/loss_reduction.h"

#include <c10/util/Exception.h>

namespace multilabel_head {

LossReduction loss_reduction_from_string(std::string_view name) {
  for (const LossReduction reduction :
       {LossReduction::kSumOverBatchSize, LossReduction::kSum, LossReduction::kAuto}) {
    if (name == to_string(reduction)) {
      return reduction;
    }
  }
  TORCH_CHECK_VALUE(false, "Invalid loss_reduction: ", name,
                    ". See `tf.losses.Reduction` for valid options.");
}

std::string_view to_string(LossReduction reduction) {
  switch (reduction) {
    case LossReduction::kSumOverBatchSize:
      return "sum_over_batch_size";
    case LossReduction::kSum:
      return "sum";
    case LossReduction::kAuto:
      return "auto";
  }
  TORCH_CHECK_VALUE(false, "Invalid loss_reduction: ", static_cast<int>(reduction), ".");
}

}  // namespace multilabel_head
