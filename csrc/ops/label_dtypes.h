#pragma once

#include <c10/core/ScalarType.h>

namespace multilabel_head {

// Dense multi-hot labels may be bool, any signed integer or uint8, or floating (soft targets).
inline bool is_label_dtype(c10::ScalarType dtype) {
  switch (dtype) {
    case c10::kBool:
    case c10::kByte:
    case c10::kChar:
    case c10::kShort:
    case c10::kInt:
    case c10::kLong:
    case c10::kHalf:
    case c10::kBFloat16:
    case c10::kFloat:
    case c10::kDouble:
      return true;
    default:
      return false;
  }
}

}  // namespace multilabel_head
