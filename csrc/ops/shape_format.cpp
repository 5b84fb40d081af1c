#include "ops/shape_format.h"

#include <sstream>

namespace multilabel_head {
namespace {

template <typename Size>
std::string format_tuple(c10::ArrayRef<Size> shape) {
  std::ostringstream out;
  out << '(';
  for (size_t i = 0; i < shape.size(); ++i) {
    out << (i ? ", " : "") << shape[i];
  }
  out << (shape.size() == 1 ? ",)" : ")");
  return out.str();
}

}  // namespace

std::string format_shape(c10::SymIntArrayRef shape) { return format_tuple(shape); }
std::string format_shape(c10::IntArrayRef shape) { return format_tuple(shape); }

}  // namespace multilabel_head
