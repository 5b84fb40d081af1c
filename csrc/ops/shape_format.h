#pragma once

#include <string>

#include <c10/core/SymIntArrayRef.h>
#include <c10/util/ArrayRef.h>

namespace multilabel_head {

// Shapes in error messages as TF prints them, a Python tuple: (2, 3), (2,), ().
std::string format_shape(c10::SymIntArrayRef shape);
std::string format_shape(c10::IntArrayRef shape);

}  // namespace multilabel_head
