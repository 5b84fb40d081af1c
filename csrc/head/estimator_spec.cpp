#include "multilabel_head/estimator_spec.h"

#include <c10/util/Exception.h>

namespace multilabel_head {

std::string_view to_string(ModeKeys mode) {
  switch (mode) {
    case ModeKeys::kTrain:
      return "train";
    case ModeKeys::kEval:
      return "eval";
    case ModeKeys::kPredict:
      return "infer";
  }
  TORCH_CHECK_VALUE(false, "unknown ModeKeys value ", static_cast<int>(mode));
}

ModeKeys mode_from_string(std::string_view mode) {
  for (const ModeKeys known : {ModeKeys::kTrain, ModeKeys::kEval, ModeKeys::kPredict}) {
    if (mode == to_string(known)) {
      return known;
    }
  }
  TORCH_CHECK_VALUE(false, "mode must be one of ModeKeys.TRAIN ('train'), ModeKeys.EVAL ('eval') ",
                    "or ModeKeys.PREDICT ('infer'). Given: '", mode, "'");
}

void check_train_arguments(bool has_optimizer, bool has_train_op_fn) {
  TORCH_CHECK_VALUE(!(has_optimizer && has_train_op_fn),
                    "train_op_fn and optimizer cannot both be set.");
  TORCH_CHECK_VALUE(has_optimizer || has_train_op_fn,
                    "train_op_fn and optimizer cannot both be None.");
}

}  // namespace multilabel_head
